package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// TestHypotSquaredHessian: hypot(x, y)² is x² + y², whose Hessian is 2I
// everywhere. Through Hyper it is exactly that away from the origin, down
// to points 1e-150 from it (where x² + y² would underflow), and finite at
// the origin itself.
//
// At the origin no dual number can give 2I: hypot's derivative there along
// v is |v|, not linear in v, so no first-order partials represent it, and
// the ε₁ε₂ part of hypot² needs hypot′ along ε₁ times hypot′ along ε₂. The
// strong zero makes the product 0·∞ of hypot's value and its infinite
// second partials 0, so the Hessian there is 0 — the convention of hypot's
// kink, as abs′(0) = 0 — not NaN. Written as x² + y² it is 2I there too.
func TestHypotSquaredHessian(t *testing.T) {
	sq := func(v []dual.Hyper) dual.Hyper { h := v[0].Hypot(v[1]); return h.Mul(h) }
	plain := func(v []dual.Hyper) dual.Hyper { return v[0].Mul(v[0]).Add(v[1].Mul(v[1])) }
	for _, p := range [][]float64{{1, 2}, {-3, 0.5}, {1e-8, -2e-8}, {1e-150, 1e-150}, {1e150, -1e150}, {0, 1}} {
		h := dual.Hessian(sq, p)
		for i := range 2 {
			for j := range 2 {
				want := 0.0
				if i == j {
					want = 2
				}
				if math.Abs(h[i][j]-want) > 1e-12 {
					t.Errorf("Hessian of hypot² at %v [%d][%d] = %v, want %v", p, i, j, h[i][j], want)
				}
			}
		}
	}
	h := dual.Hessian(sq, []float64{0, 0})
	for i := range 2 {
		for j := range 2 {
			if math.IsNaN(h[i][j]) || math.IsInf(h[i][j], 0) {
				t.Errorf("Hessian of hypot² at the origin [%d][%d] = %v, want finite", i, j, h[i][j])
			}
		}
	}
	if p := dual.Hessian(plain, []float64{0, 0}); p[0][0] != 2 || p[1][1] != 2 || p[0][1] != 0 {
		t.Errorf("Hessian of x² + y² at the origin = %v, want 2I", p)
	}
}
