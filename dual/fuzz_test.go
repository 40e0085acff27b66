package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// FuzzTypesAgree: for any argument, no function panics, and the four number
// types agree where they overlap — the same value in every type, the same
// first derivative in Number, Hyper (both ε parts) and Vec, since they all
// lift one rule.
func FuzzTypesAgree(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1e-300, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), 710, -745} {
		f.Add(x, 1.5)
	}
	f.Fuzz(func(t *testing.T, x, y float64) {
		for _, c := range unaryCases {
			n := c.num(dual.Var(x))
			h := c.hyp(dual.Hyper{Real: x, E1: 1, E2: 1})
			v := c.vec(dual.NewVec(x, [dual.VecWidth]float64{1}))
			fl := float64(c.flt(dual.Float(x)))
			if !same(n.Real, fl) || !same(h.Real, fl) || !same(v.Real, fl) {
				t.Errorf("%s(%v): values %v %v %v %v differ", c.name, x, fl, n.Real, h.Real, v.Real)
			}
			if !same(n.Eps, h.E1) || !same(n.Eps, h.E2) || !same(n.Eps, v.Partial(0)) {
				t.Errorf("%s′(%v): derivatives %v %v %v %v differ", c.name, x, n.Eps, h.E1, h.E2, v.Partial(0))
			}
		}
		for _, c := range binaryCases {
			n := c.num(dual.Var(x), dual.Number{Real: y})
			h := c.hyp(dual.Hyper{Real: x, E1: 1, E2: 1}, dual.Hyper{Real: y})
			if !same(n.Real, h.Real) || !same(n.Eps, h.E1) {
				t.Errorf("%s(%v, %v): Number %v, Hyper %v", c.name, x, y, n, h)
			}
		}
	})
}
