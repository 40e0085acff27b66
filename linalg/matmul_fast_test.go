package linalg

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestMatMulFastPath: products big enough for gemm's packed SIMD kernels
// (and its goroutines), every transpose, agree with the triple loop to
// within 2·k·ε·Σ_p |a_ip||b_pj| per element — the bound of any summation
// order — and the same bits come out at every GOMAXPROCS.
func TestMatMulFastPath(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range [][3]int{{150, 257, 130}, {64, 784, 100}, {500, 300, 10}, {37, 200, 300}} {
		m, k, n := d[0], d[1], d[2]
		a, b := RandNormal(rng, m, k), RandNormal(rng, k, n)
		// The triple loop and the bound Σ_p |a_ip||b_pj|.
		want, bound := make([]float64, m*n), make([]float64, m*n)
		ad, bd := a.Data(), b.Data()
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				var s, u float64
				for p := 0; p < k; p++ {
					s += ad[i*k+p] * bd[p*n+j]
					u += math.Abs(ad[i*k+p] * bd[p*n+j])
				}
				want[i*n+j], bound[i*n+j] = s, u
			}
		}
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			aa, bb := a, b
			if tr[0] {
				aa = Transpose(a)
			}
			if tr[1] {
				bb = Transpose(b)
			}
			runtime.GOMAXPROCS(1)
			one := MatMulT(aa, bb, tr[0], tr[1]).Data()
			runtime.GOMAXPROCS(4)
			got := MatMulT(aa, bb, tr[0], tr[1]).Data()
			for i := range want {
				tol := 2 * float64(k) * 0x1p-53 * bound[i]
				if math.Abs(got[i]-want[i]) > tol {
					t.Fatalf("%v trans %v: C[%d] = %v, triple loop %v (± %.3g)", d, tr, i, got[i], want[i], tol)
				}
				if math.Float64bits(got[i]) != math.Float64bits(one[i]) {
					t.Fatalf("%v trans %v: C[%d] differs between GOMAXPROCS 1 and 4", d, tr, i)
				}
			}
			// MatMulTChain with finite operands is MatMulT, bit for bit.
			chain := MatMulTChain(nil, aa, bb, tr[0], tr[1]).Data()
			for i := range got {
				if math.Float64bits(chain[i]) != math.Float64bits(got[i]) {
					t.Fatalf("%v trans %v: MatMulTChain differs from MatMulT at %d", d, tr, i)
				}
			}
		}
	}
}

// TestMatMulFastPathIEEE: one Inf in a big product sends it to the exact
// loop, whose 0·Inf is NaN and whose other terms are as the triple loop's.
func TestMatMulFastPathIEEE(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	a, b := RandNormal(rng, 100, 50), RandNormal(rng, 50, 40)
	for j := 0; j < 40; j++ {
		b.Set(0, 3, j)
	}
	a.Set(math.Inf(1), 7, 3) // row 7 of C: Inf·0 terms
	a.Set(0, 8, 3)
	b.Set(math.Inf(-1), 3, 5) // column 5: 0·(−Inf) in row 8
	got := MatMul(a, b)
	want := naiveMatMul(a, b)
	for i := range got.Data() {
		g, w := got.Data()[i], want.Data()[i]
		if !sameFloat(g, w) && !(math.Abs(g-w) <= 1e-12*(1+math.Abs(w))) {
			t.Fatalf("C[%d] = %v, triple loop %v", i, g, w)
		}
	}
	if v := got.At(8, 5); !math.IsNaN(v) {
		t.Errorf("C[8,5] (0·−Inf term) = %v, want NaN", v)
	}
	if v := got.At(7, 0); !math.IsNaN(v) {
		t.Errorf("C[7,0] (Inf·0 term) = %v, want NaN", v)
	}
}
