package autodiff_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/internal/optable"
	"github.com/epsilon-engine/epsilon/linalg"
)

// dyadicPoints returns an r×c matrix of multiples of 2^-10 in (−4, 4),
// plus shift: shifted by 1e9 they are still exact, so shifted and unshifted
// points describe the same geometry and every derivative that depends only
// on differences must be the same.
func dyadicPoints(rng *rand.Rand, r, c int, shift float64) *linalg.Tensor {
	t := linalg.Zeros(r, c)
	for i := range t.Data() {
		t.Data()[i] = math.Round(rng.NormFloat64()*1024)/1024 + shift
	}
	return t
}

// relErr is ‖got − want‖∞ / ‖want‖∞ (the absolute error if want is 0).
func relErr(got, want *linalg.Tensor) float64 {
	scale := linalg.NormMax(want)
	if scale == 0 {
		scale = 1
	}
	return linalg.NormMax(linalg.Sub(got, want)) / scale
}

// pointOp is an op of queries y (m×d), data x (n×d) and a bandwidth h.
type pointOp struct {
	name  string
	build func(y, x, h *autodiff.Node) *autodiff.Node
}

var pointOps = []pointOp{
	{"pairwise-sqdist", func(y, x, _ *autodiff.Node) *autodiff.Node { return y.PairwiseSqDist(x) }},
	{"gaussian-weight of distances", func(y, x, h *autodiff.Node) *autodiff.Node { return y.PairwiseSqDist(x).GaussianWeight(h) }},
	{"meanshift-step", func(y, x, h *autodiff.Node) *autodiff.Node { return y.MeanShiftStep(x, h) }},
	{"meanshift of the data itself", func(_, x, h *autodiff.Node) *autodiff.Node { return x.MeanShiftStep(x, h) }},
}

// derivatives returns, for the op on the given values, the reverse-mode
// gradient of Σ W∘op, the forward-mode J·v along v, and the Hessian-vector
// product of Σ W∘op along v, each input's part in turn.
func derivatives(t *testing.T, op pointOp, y, x, h *linalg.Tensor, w func([]int) *linalg.Tensor, v []*linalg.Tensor) (rev []*linalg.Tensor, fwd *linalg.Tensor, hvp []*linalg.Tensor) {
	t.Helper()
	g := autodiff.New()
	yn, xn, hn := g.Input("y", y.Shape()...), g.Input("x", x.Shape()...), g.Input("h", 1)
	yn.Set(y)
	xn.Set(x)
	hn.Set(h)
	out := op.build(yn, xn, hn)
	s := out.Mul(g.Const("w", w(out.Shape()))).Sum()
	in := []*autodiff.Node{yn, xn, hn}
	var err error
	if rev, err = g.Gradient(s, in...); err != nil {
		t.Fatal(err)
	}
	if fwd, err = g.JVP(out, in, v); err != nil {
		t.Fatal(err)
	}
	if hvp, err = g.HVP(s, in, v); err != nil {
		t.Fatal(err)
	}
	return rev, fwd, hvp
}

// TestDerivativesShiftInvariant: distances, Gaussian weights of distances
// and the mean shift step minus the shift do not change when every point
// moves by the same vector, so neither do their derivatives: reverse mode,
// forward mode and second order agree at a shift of 1e9 with those at 0 to
// 1e-12 relative. (The rules written with X·rowsum(D̄) − D̄·Y, and mean shift
// as softmax·X, lost about eight digits here.)
func TestDerivativesShiftInvariant(t *testing.T) {
	const shift, tol = 1e9, 1e-12
	for _, op := range pointOps {
		rng := rand.New(rand.NewPCG(41, 42))
		y0, x0 := dyadicPoints(rng, 4, 2, 0), dyadicPoints(rng, 7, 2, 0)
		h := linalg.New([]int{1}, []float64{0.75})
		wr := rand.New(rand.NewPCG(43, 44))
		weights := map[string]*linalg.Tensor{}
		w := func(shape []int) *linalg.Tensor {
			k := fmt.Sprint(shape)
			if weights[k] == nil {
				weights[k] = optable.RandTensor(wr, shape, 0, 0)
			}
			return weights[k]
		}
		v := []*linalg.Tensor{optable.RandTensor(wr, []int{4, 2}, 0, 0), optable.RandTensor(wr, []int{7, 2}, 0, 0), linalg.New([]int{1}, []float64{0.3})}
		rev0, fwd0, hvp0 := derivatives(t, op, y0, x0, h, w, v)
		y1, x1 := linalg.Add(y0, linalg.Full(shift, 4, 2)), linalg.Add(x0, linalg.Full(shift, 7, 2))
		rev1, fwd1, hvp1 := derivatives(t, op, y1, x1, h, w, v)
		worst := 0.0
		for k, name := range []string{"y", "x", "h"} {
			if e := relErr(rev1[k], rev0[k]); e > tol {
				t.Errorf("%s: reverse mode ∂/∂%s at a shift of %g: relative error %.2g", op.name, name, shift, e)
			} else {
				worst = max(worst, e)
			}
			if e := relErr(hvp1[k], hvp0[k]); e > tol {
				t.Errorf("%s: Hessian-vector product, %s part, at a shift of %g: relative error %.2g", op.name, name, shift, e)
			} else {
				worst = max(worst, e)
			}
		}
		if e := relErr(fwd1, fwd0); e > tol {
			t.Errorf("%s: forward mode J·v at a shift of %g: relative error %.2g", op.name, shift, e)
		} else {
			worst = max(worst, e)
		}
		t.Logf("%s: largest relative change of a derivative at a shift of %g: %.2g", op.name, shift, worst)
	}
}

// meanShiftJacobians returns the Jacobians of the mean shift step of y
// against x with bandwidth h, in y, x and h, in forward and in reverse mode,
// and the step.
func meanShiftJacobians(t *testing.T, y, x *linalg.Tensor, h float64) (step *linalg.Tensor, jac [2][3]*linalg.Tensor) {
	t.Helper()
	g := autodiff.New()
	yn, xn, hn := g.Input("y", y.Shape()...), g.Input("x", x.Shape()...), g.Input("h", 1)
	yn.Set(y)
	xn.Set(x)
	hn.Set(linalg.New([]int{1}, []float64{h}))
	m := yn.MeanShiftStep(xn, hn)
	if err := g.Run(m); err != nil {
		t.Fatal(err)
	}
	for i, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		for k, in := range []*autodiff.Node{yn, xn, hn} {
			j, err := g.Jacobian(m, in, mode)
			if err != nil {
				t.Fatal(err)
			}
			jac[i][k] = j
		}
	}
	return m.Value(), jac
}

func allFinite(t *linalg.Tensor) bool {
	for i := range t.Len() {
		if v := t.Reshape(-1).At(i); math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// TestMeanShiftDerivativesAtExtremeScales: at h = 1e-170 (where −1/(2h²)
// overflows) every query moves onto its nearest data point and the
// derivatives are those of that selection: ∂m/∂y = 0, ∂m/∂h = 0, ∂m/∂x = 1
// for the nearest point, in both modes, with no NaN. Changing the units of
// points and bandwidth by 2^515 ≈ 1e155 (where squared distances overflow)
// or 2^-565 ≈ 1e-170 (where they underflow) changes neither the step, in
// units, nor any derivative (all are dimensionless), and two clusters at
// ±1e155 with h = 1 have finite derivatives.
func TestMeanShiftDerivativesAtExtremeScales(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	x, y := dyadicPoints(rng, 6, 2, 0), dyadicPoints(rng, 3, 2, 0)
	y.Set(x.At(2, 0), 0, 0) // one query on a data point
	y.Set(x.At(2, 1), 0, 1)

	step, jac := meanShiftJacobians(t, y, x, 1e-170)
	for j := range 3 {
		best, arg := math.Inf(1), 0
		for i := range 6 {
			if d := linalg.Distance(y.Row(j), x.Row(i)); d < best {
				best, arg = d, i
			}
		}
		for k := range 2 {
			if math.Abs(step.At(j, k)-x.At(arg, k)) > 1e-15 {
				t.Errorf("h = 1e-170: query %d moved to %v, want its nearest point %v", j, step.Row(j), x.Row(arg))
			}
		}
		for mode := range 2 {
			jy, jx, jh := jac[mode][0], jac[mode][1], jac[mode][2]
			for k := range 2 {
				if v := jh.At(j, k, 0); v != 0 {
					t.Errorf("h = 1e-170, mode %d: ∂m_%d%d/∂h = %v, want 0", mode, j, k, v)
				}
				for l := range 2 {
					for jj := range 3 {
						if v := jy.At(j, k, jj, l); v != 0 {
							t.Errorf("h = 1e-170, mode %d: ∂m_%d%d/∂y_%d%d = %v, want 0", mode, j, k, jj, l, v)
						}
					}
					for i := range 6 {
						want := 0.0
						if i == arg && k == l {
							want = 1
						}
						if v := jx.At(j, k, i, l); math.Abs(v-want) > 1e-15 {
							t.Errorf("h = 1e-170, mode %d: ∂m_%d%d/∂x_%d%d = %v, want %v", mode, j, k, i, l, v, want)
						}
					}
				}
			}
		}
	}

	// Units: scaling points and bandwidth by c scales the step by c and
	// leaves every derivative as it is.
	const h = 0.9
	step0, jac0 := meanShiftJacobians(t, y, x, h)
	for _, e := range []int{515, -565} {
		c := math.Ldexp(1, e)
		stepC, jacC := meanShiftJacobians(t, linalg.Scale(c, y), linalg.Scale(c, x), c*h)
		if err := relErr(linalg.Scale(1/c, stepC), step0); err > 1e-15 {
			t.Errorf("units 2^%d: the step in units differs by %.2g relative", e, err)
		}
		for mode := range 2 {
			for k, name := range []string{"y", "x", "h"} {
				if err := relErr(jacC[mode][k], jac0[mode][k]); err > 1e-12 || !allFinite(jacC[mode][k]) {
					t.Errorf("units 2^%d, mode %d: ∂m/∂%s differs by %.2g relative", e, mode, name, err)
				}
			}
		}
	}

	// Two clusters at ±1e155 with h = 1: each query sees only its own
	// cluster's nearest point; the step and every derivative are finite.
	far := linalg.New([]int{4, 1}, []float64{-1e155, -1e155 + 2e139, 1e155, 1e155 + 4e139})
	q := linalg.New([]int{2, 1}, []float64{-1e155 + 1e139, 1e155 + 3e139})
	step, jac = meanShiftJacobians(t, q, far, 1)
	if !allFinite(step) {
		t.Errorf("clusters at ±1e155, h = 1: step %v", step)
	}
	for mode := range 2 {
		for k, name := range []string{"y", "x", "h"} {
			if !allFinite(jac[mode][k]) {
				t.Errorf("clusters at ±1e155, h = 1, mode %d: ∂m/∂%s = %v", mode, name, jac[mode][k])
			}
		}
	}
}

// TestGaussianWeightDerivativesTinyBandwidth: at h = 1e-170 the weights of
// nonzero distances are 0 and so are their derivatives in the distance and
// in h (once NaN: −1/(2h²) = −Inf met a weight of 0, and 1/h³ = Inf a
// product of 0); a distance of 0 has weight 1, ∂w/∂h = 0, and ∂w/∂D =
// −1/(2h²), which overflows to −Inf, as it must.
func TestGaussianWeightDerivativesTinyBandwidth(t *testing.T) {
	g := autodiff.New()
	d, h := g.Input("D", 3), g.Input("h", 1)
	d.Set(linalg.New([]int{3}, []float64{0, 0.5, 2}))
	h.Set(linalg.New([]int{1}, []float64{1e-170}))
	w := d.GaussianWeight(h)
	for mode, m := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		jd, err := g.Jacobian(w, d, m)
		if err != nil {
			t.Fatal(err)
		}
		jh, err := g.Jacobian(w, h, m)
		if err != nil {
			t.Fatal(err)
		}
		wantD := []float64{math.Inf(-1), 0, 0, 0, 0, 0, 0, 0, 0}
		for i, want := range wantD {
			if got := jd.Reshape(-1).At(i); got != want {
				t.Errorf("mode %d: ∂w/∂D = %v, want %v", mode, jd, wantD)
				break
			}
		}
		for i := range 3 {
			if got := jh.Reshape(-1).At(i); got != 0 {
				t.Errorf("mode %d: ∂w/∂h = %v, want 0", mode, jh)
				break
			}
		}
	}
	// Second order in h through the moments: finite (0) too.
	hv, err := g.HVP(w.Sum(), []*autodiff.Node{h}, []*linalg.Tensor{linalg.New([]int{1}, []float64{1})})
	if err != nil {
		t.Fatal(err)
	}
	if v := hv[0].Item(); v != 0 {
		t.Errorf("∂²Σw/∂h² at h = 1e-170 = %v, want 0", v)
	}
}

// TestMeanShiftDerivativesRangeEdges: the edges of the range stated on
// Node.MeanShiftStep, for data of extent about 8: first-order derivatives
// (both modes) are finite down to h = 1e-300, Hessian-vector products down
// to h = 1e-200 (they were NaN below h ≈ 1e-154 before, first order too).
func TestMeanShiftDerivativesRangeEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	x, y := dyadicPoints(rng, 6, 2, 0), dyadicPoints(rng, 3, 2, 0)
	for _, h := range []float64{1e-200, 1e-250, 1e-300} {
		step, jac := meanShiftJacobians(t, y, x, h)
		if !allFinite(step) {
			t.Errorf("h = %g: step %v", h, step)
		}
		for mode := range 2 {
			for k, name := range []string{"y", "x", "h"} {
				if !allFinite(jac[mode][k]) {
					t.Errorf("h = %g, mode %d: ∂m/∂%s = %v", h, mode, name, jac[mode][k])
				}
			}
		}
	}
	g := autodiff.New()
	yn, xn, hn := g.Input("y", 3, 2), g.Input("x", 6, 2), g.Input("h", 1)
	yn.Set(y)
	xn.Set(x)
	hn.Set(linalg.New([]int{1}, []float64{1e-200}))
	s := yn.MeanShiftStep(xn, hn).Square().Sum()
	hv, err := g.HVP(s, []*autodiff.Node{yn, xn, hn}, []*linalg.Tensor{linalg.Full(1, 3, 2), linalg.Full(1, 6, 2), linalg.Full(1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hv {
		if !allFinite(v) {
			t.Errorf("h = 1e-200: Hessian-vector product, input %d: %v", k, v)
		}
	}
}
