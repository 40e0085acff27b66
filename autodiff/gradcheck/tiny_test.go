package gradcheck_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Tiny elements of a Jacobian whose other elements, and the function's
// values, are large. Finite differences of such an element subtract values
// of f of size |f| whose difference is |∂f|·h: their error is the rounding
// of f's values divided by the step, not a fraction of the element, and
// the tolerance's floor AbsTol·|f| is what covers it. The check used to
// demand that the estimate's error bar be within the tolerance besides
// agreeing, and flagged elements whose estimate agreed to 1e-2 of the
// floor but whose bar was a few percent over it (mean shift of three blobs
// at h = 1.3: ∂y[9]/∂x[1] = −1.38e-6 against elements of 0.3 and values of
// 5). These tests cover the kind, and that wrong rules are still caught.

// spread returns the smallest and the largest |element| of y's Jacobian in
// x that is not 0, so a test can say its Jacobian spans many decades.
func spread(t *testing.T, y, x *autodiff.Node) (lo, hi float64) {
	t.Helper()
	j, err := y.Graph().Jacobian(y, x, autodiff.Reverse)
	if err != nil {
		t.Fatal(err)
	}
	lo = math.Inf(1)
	for _, v := range j.Values() {
		if v = math.Abs(v); v != 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}

// blobs are three groups of four points, 5 to 9 apart: a point's weight in
// another group's mean is exp(−d²/2h²), 1e-9 to 1e-3 for these bandwidths.
func blobs() *linalg.Tensor {
	x, _ := linalg.FromRows([][]float64{
		{0, 0}, {0.5, 0.2}, {0.1, 0.6}, {-0.4, 0.1},
		{5, 5}, {5.3, 4.6}, {4.8, 5.4}, {5.5, 5.2},
		{-4, 6}, {-4.2, 5.5}, {-3.6, 6.3}, {-4.4, 6.1},
	})
	return x
}

// TestTinyElementsPass: blurring mean shift of three blobs (the data moved
// by itself, one and two steps), over bandwidths whose cross-group
// elements range from 1e-2 down to 1e-9 of the in-group ones, and a
// softmax-weighted mean of values near 1000 with logits spread so that
// the weights span 1e-12 to 1: the check passes on every one. Each case's
// Jacobian is asserted to span at least four decades, so the test is about
// tiny elements. Two kinds of tiny element are here: one of a large value
// (h = 1.3: ∂y[9]/∂x[1] = −1.4e-6 of y[9] ≈ 5, whose estimate agreed to
// 4e-14 with a bar 2% over the tolerance), and one of a value that is a
// small difference of large terms (h = 1: ∂y[6]/∂x[14] = −5.8e-13 of
// y[6] = 0.0029, a weighted mean of coordinates −0.4 to 0.5, whose values
// carry the rounding of those terms: finite differences off by 1.1e-15
// against a floor of 1e-12·|y[6]|). Both were flagged before the tolerance
// was fixed; the rules match mpmath to 1e-15 relative in both.
func TestTinyElementsPass(t *testing.T) {
	for _, h := range []float64{1, 1.3, 1.6, 2.5} {
		for _, steps := range []int{1, 2} {
			g := autodiff.New()
			x := g.Input("x", 12, 2)
			x.Set(blobs())
			bw := g.Input("h", 1)
			bw.Set(linalg.New([]int{1}, []float64{h}))
			y := x
			for range steps {
				y = y.MeanShiftStep(y, bw)
			}
			name := fmt.Sprintf("blurring mean shift, h = %g, %d steps", h, steps)
			requireSpreadAndPass(t, name, y, x, []*autodiff.Node{x, bw})
		}
	}
	for _, spreadOf := range []float64{10, 20, 28} {
		g := autodiff.New()
		n := 8
		l := make([]float64, n)
		v := make([]float64, n)
		for i := range l {
			l[i] = spreadOf * float64(i) / float64(n-1) * math.Cos(float64(i))
			v[i] = 1000 + 3*float64(i)
		}
		logits := g.Input("l", 1, n)
		logits.Set(linalg.New([]int{1, n}, l))
		vals := g.Input("v", n, 1)
		vals.Set(linalg.New([]int{n, 1}, v))
		y := logits.Softmax(1).MatMul(vals)
		requireSpreadAndPass(t, fmt.Sprintf("softmax-weighted mean of values near 1000, logits spread %g", spreadOf), y, logits, []*autodiff.Node{logits, vals})
	}
}

// requireSpreadAndPass requires y's Jacobian in x to span four decades and
// the check of y in wrt to pass.
func requireSpreadAndPass(t *testing.T, name string, y, x *autodiff.Node, wrt []*autodiff.Node) {
	t.Helper()
	if err := y.Graph().Run(y); err != nil {
		t.Fatal(err)
	}
	if lo, hi := spread(t, y, x); !(lo < 1e-4*hi) {
		t.Fatalf("%s: the Jacobian spans only %.3g to %.3g", name, lo, hi)
	}
	r, err := gradcheck.Check(y, wrt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.Passed {
		t.Errorf("%s:\n%s", name, r)
	}
}

// TestTinyElementWrongRuleCaught: f(x) = 5 + 1e-6·sin(4x), whose values are
// 5e6 times its derivative, with rules off by a relative ±1e-4 (an
// absolute 1.2e-10 to 3.8e-10, 24 to 75 times the floor 1e-12·|f| of the
// tolerance), is a mismatch that blames the op; with the right rules it
// passes.
func TestTinyElementWrongRuleCaught(t *testing.T) {
	f := func(x float64) float64 { return 5 + 1e-6*math.Sin(4*x) }
	df := func(x float64) float64 { return 4e-6 * math.Cos(4*x) }
	x := []float64{0.3, 1.1, -0.7}
	r, _ := checkOne(t, elementwise("tiny-slope", f, df, df), x)
	if r.Status != gradcheck.Passed {
		t.Errorf("right rules:\n%s", r)
	}
	for _, wrong := range []struct {
		name string
		d    func(float64) float64
	}{
		{"relative +1e-4", func(x float64) float64 { return df(x) * (1 + 1e-4) }},
		{"relative −1e-4", func(x float64) float64 { return df(x) * (1 - 1e-4) }},
		// About ten times the floor: the step sweep's truncation arm meets
		// this error at one step only, which must not excuse it.
		{"absolute +5e-11", func(x float64) float64 { return df(x) + 5e-11 }},
		{"absolute −5e-11", func(x float64) float64 { return df(x) - 5e-11 }},
	} {
		op := elementwise("tiny-slope-wrong", f, wrong.d, wrong.d)
		r, n := checkOne(t, op, x)
		requireBlamed(t, wrong.name, r, n)
	}
}
