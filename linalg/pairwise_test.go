package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// dyadic returns an r×c matrix of multiples of 2^-10 in (−4, 4): points
// that stay exactly representable when shifted by 1e9, so shifted and
// unshifted data describe exactly the same geometry.
func dyadic(rng *rand.Rand, r, c int) *Tensor {
	t := Zeros(r, c)
	for i := range t.Data() {
		t.Data()[i] = math.Round(rng.NormFloat64()*1024) / 1024
	}
	return t
}

func shifted(t *Tensor, s float64) *Tensor { return Map(t, func(v float64) float64 { return v + s }) }

// TestPairwiseDiffKernels: the kernels against their definitions, their
// transpose identity, and PairwiseSqDist as a special case.
func TestPairwiseDiffKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, c := range []struct{ n, m, d int }{{1, 1, 1}, {4, 5, 3}, {7, 2, 4}, {0, 3, 2}, {3, 0, 2}, {2, 3, 0}} {
		a, b, u, v := RandNormal(rng, c.n, c.d), RandNormal(rng, c.m, c.d), RandNormal(rng, c.n, c.d), RandNormal(rng, c.m, c.d)
		g, gt := RandNormal(rng, c.n, c.m), RandNormal(rng, c.m, c.n)
		p := PairwiseDiffDot(a, b, u, v)
		want := Zeros(c.n, c.m)
		for i := range c.n {
			for j := range c.m {
				var s float64
				for k := range c.d {
					s += (a.At(i, k) - b.At(j, k)) * (u.At(i, k) - v.At(j, k))
				}
				want.Set(s, i, j)
			}
		}
		checkTensor(t, fmt.Sprint(c, " PairwiseDiffDot"), p, []int{c.n, c.m}, want.Data(), 1e-14)
		checkTensor(t, fmt.Sprint(c, " PairwiseDiffDot(a,b,a,b)"), PairwiseDiffDot(a, b, a, b), []int{c.n, c.m}, PairwiseSqDist(a, b).Data(), 0)
		checkTensor(t, fmt.Sprint(c, " nil v"), PairwiseDiffDot(a, b, u, nil), []int{c.n, c.m}, PairwiseDiffDot(a, b, u, Zeros(c.m, c.d)).Data(), 0)
		checkTensor(t, fmt.Sprint(c, " nil u"), PairwiseDiffDot(a, b, nil, v), []int{c.n, c.m}, PairwiseDiffDot(a, b, Zeros(c.n, c.d), v).Data(), 0)

		r, rt := PairwiseDiffSum(a, b, g, false), PairwiseDiffSum(a, b, gt, true)
		wr, wrt := Zeros(c.n, c.d), Zeros(c.n, c.d)
		for i := range c.n {
			for k := range c.d {
				var s, st float64
				for j := range c.m {
					s += g.At(i, j) * (a.At(i, k) - b.At(j, k))
					st += gt.At(j, i) * (a.At(i, k) - b.At(j, k))
				}
				wr.Set(s, i, k)
				wrt.Set(st, i, k)
			}
		}
		checkTensor(t, fmt.Sprint(c, " PairwiseDiffSum"), r, []int{c.n, c.d}, wr.Data(), 1e-14)
		checkTensor(t, fmt.Sprint(c, " PairwiseDiffSum transposed"), rt, []int{c.n, c.d}, wrt.Data(), 1e-14)

		// ⟨P(a, b, u, v), G⟩ = ⟨u, R(a, b, G)⟩ + ⟨v, R(b, a, G, transposed)⟩.
		lhs := Dot(p, g)
		rhs := Dot(u, PairwiseDiffSum(a, b, g, false)) + Dot(v, PairwiseDiffSum(b, a, g, true))
		if !approx(lhs, rhs, 1e-13) {
			t.Errorf("%v: transpose identity: ⟨P, G⟩ = %v, ⟨u, R⟩ + ⟨v, Rᵀ⟩ = %v", c, lhs, rhs)
		}
	}
	wantPanic(t, "dot columns", func() { PairwiseDiffDot(Zeros(2, 3), Zeros(2, 4), nil, nil) }, "PairwiseDiffDot", "[2 3]", "[2 4]")
	wantPanic(t, "dot directions", func() { PairwiseDiffDot(Zeros(2, 3), Zeros(4, 3), Zeros(4, 3), nil) }, "PairwiseDiffDot", "[2 3]", "[4 3]")
	wantPanic(t, "sum weights", func() { PairwiseDiffSum(Zeros(2, 3), Zeros(4, 3), Zeros(2, 3), false) }, "PairwiseDiffSum", "[2 3]", "[2 4]")
	wantPanic(t, "sum weights transposed", func() { PairwiseDiffSum(Zeros(2, 3), Zeros(4, 3), Zeros(2, 4), true) }, "PairwiseDiffSum", "[4 2]")
	// A zero weight adds nothing, even for an infinite difference.
	inf := New([]int{2, 1}, []float64{0, math.Inf(1)})
	checkTensor(t, "zero weight", PairwiseDiffSum(Zeros(1, 1), inf, New([]int{1, 2}, []float64{1, 0}), false), []int{1, 1}, []float64{0}, 0)
}

// TestPairwiseDiffShiftInvariance: both kernels give the same values for
// points shifted by 1e9 as for the points themselves (the differences are
// exact), while the matrix-product expansion of the same quantity, the one
// the derivative rules of pairwise distances used to use, loses about eight
// digits there.
func TestPairwiseDiffShiftInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	a, b, g := dyadic(rng, 5, 3), dyadic(rng, 6, 3), RandNormal(rng, 5, 6)
	u, v := RandNormal(rng, 5, 3), RandNormal(rng, 6, 3)
	const s = 1e9
	as, bs := shifted(a, s), shifted(b, s)
	checkTensor(t, "PairwiseDiffSum", PairwiseDiffSum(as, bs, g, false), []int{5, 3}, PairwiseDiffSum(a, b, g, false).Data(), 0)
	checkTensor(t, "PairwiseDiffDot", PairwiseDiffDot(as, bs, u, v), []int{5, 6}, PairwiseDiffDot(a, b, u, v).Data(), 0)

	// The expansion a·rowsum(g) − g·b.
	expansion := func(a, b *Tensor) *Tensor { return Sub(Mul(a, Sum(g, 1, true)), MatMul(g, b)) }
	want := PairwiseDiffSum(a, b, g, false)
	worst := 0.0
	for i, w := range want.Data() {
		worst = max(worst, math.Abs(expansion(as, bs).Data()[i]-w)/NormMax(want))
	}
	t.Logf("the expansion a·rowsum(g) − g·b at a shift of 1e9: relative error %.1e (the kernel: 0)", worst)
	if worst < 1e-12 {
		t.Errorf("the expansion was accurate to %v at a shift of 1e9; this test no longer shows what it means to", worst)
	}
}

// TestMeanShiftStepExtremeScales: the step is finite and right for data near
// ±1e155 (whose squared distances overflow) and for bandwidths down to
// 1e-170 (whose squares underflow), and it is equivariant under a power-of-
// two change of units at both ends.
func TestMeanShiftStepExtremeScales(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	x, y := RandNormal(rng, 9, 2), RandNormal(rng, 4, 2)
	const h = 0.8
	base := CPU{}.MeanShiftStep(y, x, h)
	for _, e := range []int{515, -565, 1000, -1000} { // 2^515 ≈ 1.1e155, 2^-565 ≈ 1.4e-170
		c := math.Ldexp(1, e)
		got := CPU{}.MeanShiftStep(Scale(c, y), Scale(c, x), c*h)
		checkTensor(t, fmt.Sprintf("units 2^%d", e), Scale(1/c, got), []int{4, 2}, base.Data(), 1e-15)
	}

	// Two clusters at ±1e155, bandwidth 1: each query moves to the mean of
	// its own cluster (the other's weights are 0), with no Inf − Inf.
	far := New([]int{4, 1}, []float64{-1e155, -1e155 + 2e139, 1e155, 1e155 + 4e139})
	q := New([]int{2, 1}, []float64{-1e155 + 1e139, 1e155 + 2e139})
	got := CPU{}.MeanShiftStep(q, far, 1e140)
	want := []float64{-1e155 + 1e139, 1e155 + 2e139} // midpoints: equal weights
	checkTensor(t, "clusters at ±1e155", got, []int{2, 1}, want, 1e-15)
	got = CPU{}.MeanShiftStep(q, far, 1)
	checkTensor(t, "clusters at ±1e155, h = 1", got, []int{2, 1}, []float64{-1e155, 1e155 + 4e139}, 1e-15)

	// h = 1e-170 on data of size 1: every query moves onto its nearest point.
	got = CPU{}.MeanShiftStep(y, x, 1e-170)
	for j := range 4 {
		best, arg := math.Inf(1), 0
		for i := range 9 {
			if dd := Distance(y.Row(j), x.Row(i)); dd < best {
				best, arg = dd, i
			}
		}
		for k := range 2 {
			if !approx(got.At(j, k), x.At(arg, k), 1e-15) {
				t.Errorf("h = 1e-170: query %d moved to %v, want its nearest point %v", j, got.Row(j), x.Row(arg))
				break
			}
		}
	}
	// Every positive bandwidth gives a finite step.
	for _, hh := range []float64{5e-324, 1e-300, 1e300, math.MaxFloat64} {
		for i, v := range (CPU{}).MeanShiftStep(y, x, hh).Data() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("h = %v: element %d = %v", hh, i, v)
				break
			}
		}
	}
}

// TestMeanShiftStepShift: the centred update moves shifted data by the
// shift, to the rounding of numbers near the shift.
func TestMeanShiftStepShift(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	x, y := dyadic(rng, 12, 2), dyadic(rng, 5, 2)
	const s = 1e9
	want := CPU{}.MeanShiftStep(y, x, 0.9)
	got := Sub(CPU{}.MeanShiftStep(shifted(y, s), shifted(x, s), 0.9), Full(s, 5, 2))
	for i, w := range want.Data() {
		if e := math.Abs(got.Data()[i] - w); e > 2*math.Nextafter(s, 2*s)-2*s {
			t.Errorf("element %d: step − shift = %v, want %v (error %v, more than the rounding of 1e9)", i, got.Data()[i], w, e)
		}
	}
}

func TestMeanShiftScale(t *testing.T) {
	for _, c := range []struct {
		y, x []float64
		h    float64
		want float64
	}{
		{[]float64{0}, []float64{1}, 1, 2},                                 // e(h) = 1
		{[]float64{0}, []float64{1}, 0.3, 0.5},                             // e(0.3) = −1
		{[]float64{0}, []float64{1}, 1e-170, math.Ldexp(1, 1-500)},         // the extent
		{[]float64{1e9}, []float64{1e9}, 1e-300, math.Ldexp(1, 30-1000)},   // the magnitude: e(1e9) = 30
		{[]float64{-1e155}, []float64{1e155}, 1, math.Ldexp(1, 516-500)},   // extent 2e155
		{[]float64{0}, []float64{math.Inf(1)}, 1, 2},                       // non-finite terms left out
		{[]float64{0}, []float64{1}, 5e-324, math.Ldexp(1, -499)},          //
		{[]float64{0}, []float64{0}, 5e-324, math.Ldexp(1, -1021)},         // clamped
		{[]float64{0}, []float64{0}, math.MaxFloat64, math.Ldexp(1, 1023)}, // clamped
	} {
		got := MeanShiftScale(New([]int{1, 1}, c.y), New([]int{1, 1}, c.x), c.h)
		if got != c.want {
			t.Errorf("MeanShiftScale(%v, %v, %v) = %v, want %v", c.y, c.x, c.h, got, c.want)
		}
	}
}

// TestPairwiseDiffDotStrongZero: a direction that does not move (nil, or a
// difference of exactly 0) contributes 0 even against an infinite
// difference of the points, as in PairwiseDiffSum.
func TestPairwiseDiffDotStrongZero(t *testing.T) {
	inf := New([]int{1, 1}, []float64{math.Inf(1)})
	zero := New([]int{1, 1}, []float64{0})
	for _, tt := range []struct {
		name string
		u, v *Tensor
	}{{"nil directions", nil, nil}, {"zero directions", zero, zero}, {"nil u", nil, zero}} {
		if got := PairwiseDiffDot(inf, zero, tt.u, tt.v).At(0, 0); got != 0 {
			t.Errorf("%s: (Inf − 0)·0 = %v, want 0", tt.name, got)
		}
	}
}
