package autodiff_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/autodiff/internal/optable"
	"github.com/epsilon-engine/epsilon/linalg"
)

// evalAt runs the graph with input k's value moved to x + t·u and returns
// w·y, restoring the input afterwards.
func evalAt(g *autodiff.Graph, in []*autodiff.Node, y *autodiff.Node, u []*linalg.Tensor, w *linalg.Tensor, t float64) float64 {
	saved := make([]*linalg.Tensor, len(in))
	for k, x := range in {
		saved[k] = x.Value()
		x.Set(linalg.Add(saved[k], linalg.Scale(t, u[k])))
	}
	if err := g.Run(y); err != nil {
		panic(err)
	}
	v := linalg.Dot(w, y.Value())
	for k, x := range in {
		x.Set(saved[k])
	}
	g.Run(y)
	return v
}

func relClose(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestOpsAgainstFiniteDifferences: for every built-in op, the projection
// wᵀJu from forward mode, from reverse mode and from Richardson-extrapolated
// differences agree, for random directions u over the inputs and w over the
// output; and the full Jacobians of the two modes agree.
func TestOpsAgainstFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range append(optable.Cases(), internalCases...) {
		checkAgainstFiniteDifferences(t, c, rng)
	}
}

// internalCases are the ops that only derivative rules build (through the
// hooks of export_test.go): the difference kernels of distances and the
// Gaussian moments.
var internalCases = []optable.Case{
	{Name: "pairwise-diff-dot", Shapes: [][]int{{4, 3}, {5, 3}, {4, 3}, {5, 3}}, Build: func(in []*autodiff.Node) *autodiff.Node {
		return in[0].DiffDotForTest(in[1], in[2], in[3])
	}},
	{Name: "pairwise-diff-sum", Shapes: [][]int{{4, 3}, {5, 3}, {4, 5}}, Build: func(in []*autodiff.Node) *autodiff.Node {
		return in[0].DiffSumForTest(1, in[1], in[2], false)
	}},
	{Name: "pairwise-diff-sum transposed, times 2", Shapes: [][]int{{4, 3}, {5, 3}, {5, 4}}, Build: func(in []*autodiff.Node) *autodiff.Node {
		return in[0].DiffSumForTest(2, in[1], in[2], true)
	}},
	{Name: "gaussian-moment 1", Shapes: [][]int{{3, 4}, {}}, Lo: 0.5, Hi: 2, Build: func(in []*autodiff.Node) *autodiff.Node {
		return in[0].GaussianMomentForTest(in[1], 1)
	}},
	{Name: "gaussian-moment 3", Shapes: [][]int{{3, 4}, {1}}, Lo: 0.5, Hi: 2, Build: func(in []*autodiff.Node) *autodiff.Node {
		return in[0].GaussianMomentForTest(in[1], 3)
	}},
}

// checkAgainstFiniteDifferences is TestOpsAgainstFiniteDifferences for one
// case.
func checkAgainstFiniteDifferences(t *testing.T, c optable.Case, rng *rand.Rand) {
	g, in, y := optable.Instance(c, rng)
	if err := g.Run(y); err != nil {
		t.Fatal(err)
	}
	for trial := 0; trial < 3; trial++ {
		u := make([]*linalg.Tensor, len(in))
		for k, x := range in {
			u[k] = optable.RandTensor(rng, x.Shape(), 0, 0)
		}
		w := optable.RandTensor(rng, y.Shape(), 0, 0)
		jvp, err := g.JVP(y, in, u)
		if err != nil {
			t.Fatal(err)
		}
		fwd := linalg.Dot(w, jvp)
		vjp, err := g.VJP(y, in, w)
		if err != nil {
			t.Fatal(err)
		}
		rev := 0.0
		for k := range in {
			rev += linalg.Dot(vjp[k], u[k])
		}
		est := fd.Richardson(func(s float64) float64 { return evalAt(g, in, y, u, w, s) }, 0, nil)
		if !relClose(fwd, rev, 1e-12) {
			t.Errorf("%s: forward wᵀJu = %v, reverse %v", c.Name, fwd, rev)
		}
		if !relClose(fwd, est.Value, 1e-8) {
			t.Errorf("%s: forward wᵀJu = %v, finite differences %v ± %v", c.Name, fwd, est.Value, est.Err)

		}
	}
	for k, x := range in {
		jf, err1 := g.Jacobian(y, x, autodiff.Forward)
		jr, err2 := g.Jacobian(y, x, autodiff.Reverse)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		for i := range jf.Data() {
			if !relClose(jf.Data()[i], jr.Data()[i], 1e-12) {
				t.Errorf("%s: Jacobian wrt input %d differs at %d: forward %v, reverse %v", c.Name, k, i, jf.Data()[i], jr.Data()[i])
				break
			}
		}
	}
}

// TestOpsHVP: Hessian-vector products by forward-over-reverse agree with
// Richardson differences of the reverse-mode gradient, for the scalar
// s = Σ w·op(x) of every op.
func TestOpsHVP(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range append(optable.Cases(), internalCases...) {
		checkHVP(t, c, rng)
	}
}

// checkHVP is TestOpsHVP for one case.
func checkHVP(t *testing.T, c optable.Case, rng *rand.Rand) {
	g, in, y := optable.Instance(c, rng)
	w := g.Const("w", optable.RandTensor(rng, y.Shape(), 0, 0))
	s := y.Mul(w).Sum().Sin() // the sin makes even linear ops curve
	u := make([]*linalg.Tensor, len(in))
	z := make([]*linalg.Tensor, len(in))
	for k, x := range in {
		u[k] = optable.RandTensor(rng, x.Shape(), 0, 0)
		z[k] = optable.RandTensor(rng, x.Shape(), 0, 0)
	}
	hv, err := g.HVP(s, in, u)
	if c.FirstOnly {
		if _, ok := err.(autodiff.SecondOrderError); !ok {
			t.Errorf("%s: HVP through a Func gave error %v, want a SecondOrderError", c.Name, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	got := 0.0
	for k := range in {
		got += linalg.Dot(z[k], hv[k])
	}
	// zᵀHu = d/dt zᵀ∇s(x + t·u) at t = 0.
	grads := g.Grad(s, in...)
	gradDot := func(step float64) float64 {
		saved := make([]*linalg.Tensor, len(in))
		for k, x := range in {
			saved[k] = x.Value()
			x.Set(linalg.Add(saved[k], linalg.Scale(step, u[k])))
		}
		g.Run(grads...)
		v := 0.0
		for k := range in {
			v += linalg.Dot(z[k], grads[k].Value())
			in[k].Set(saved[k])
		}
		return v
	}
	est := fd.Richardson(gradDot, 0, nil)
	if !relClose(got, est.Value, 1e-7) {
		t.Errorf("%s: zᵀHu = %v, finite differences of the gradient %v ± %v", c.Name, got, est.Value, est.Err)
	}
}
