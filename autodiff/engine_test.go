package autodiff_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/autodiff/internal/optable"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMeanShiftIsGradientAscent ties clustering to autodiff: for the
// Gaussian kernel, the mean shift step is a gradient step on the log of the
// kernel density estimate, m(y) − y = h²·∇_y log Σᵢ exp(−‖y − xᵢ‖²/2h²).
// The left side is the fused MeanShiftStep op; the right side is reverse
// mode through primitive ops (pairwise distances, scale, log-sum-exp).
func TestMeanShiftIsGradientAscent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 5; trial++ {
		m, n, d := 1+rng.IntN(6), 2+rng.IntN(30), 1+rng.IntN(4)
		h := 0.3 + 2*rng.Float64()
		g := autodiff.New()
		y := g.Input("y", m, d)
		x := g.Input("x", n, d)
		bw := g.Input("h", 1)
		y.Set(optable.RandTensor(rng, []int{m, d}, -3, 3))
		x.Set(optable.RandTensor(rng, []int{n, d}, -3, 3))
		bw.Set(linalg.Full(h, 1))

		step := y.MeanShiftStep(x, bw)
		logDensity := y.PairwiseSqDist(x).Scale(-1/(2*h*h)).LogSumExp(1, false).Sum()
		grad := g.Grad(logDensity, y)[0]
		if err := g.Run(step, grad); err != nil {
			t.Fatal(err)
		}
		shift := linalg.Sub(step.Value(), y.Value())
		ascent := linalg.Scale(h*h, grad.Value())
		for i, want := range ascent.Data() {
			if got := shift.Data()[i]; math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
				t.Errorf("trial %d (m=%d n=%d d=%d h=%.3g): element %d: m(y)−y = %v, h²∇log p = %v", trial, m, n, d, h, i, got, want)
			}
		}
	}
}

// TestGraphReuse: a graph built once runs again for new inputs, the
// gradient nodes included.
func TestGraphReuse(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	y := x.Square().Sum()
	grad := g.Grad(y, x)[0]
	for _, v := range [][]float64{{1, 2}, {-3, 0.5}} {
		x.Set(linalg.New([]int{2}, append([]float64{}, v...)))
		if err := g.Run(grad); err != nil {
			t.Fatal(err)
		}
		if grad.Value().Data()[0] != 2*v[0] || grad.Value().Data()[1] != 2*v[1] {
			t.Errorf("∇Σx² at %v = %v", v, grad.Value())
		}
	}
	if again := g.Grad(y, x)[0]; again != grad {
		t.Errorf("Grad built a second gradient graph instead of reusing the first")
	}
}

// TestHessianOfQuadratic: HVP of ½xᵀAx (A symmetric) is A·v exactly, and
// the Jacobian of the gradient is A.
func TestHessianOfQuadratic(t *testing.T) {
	a := linalg.New([]int{3, 3}, []float64{4, 1, 0, 1, 3, -1, 0, -1, 2})
	g := autodiff.New()
	x := g.Input("x", 3, 1)
	x.Set(linalg.New([]int{3, 1}, []float64{0.5, -1, 2}))
	A := g.Const("A", a)
	f := x.MatMulT(A.MatMul(x), true, false).Sum().Scale(0.5)
	v := linalg.New([]int{3, 1}, []float64{1, 2, 3})
	hv, err := g.HVP(f, []*autodiff.Node{x}, []*linalg.Tensor{v})
	if err != nil {
		t.Fatal(err)
	}
	want := linalg.MatMul(a, v)
	for i := range want.Data() {
		if math.Abs(hv[0].Data()[i]-want.Data()[i]) > 1e-14 {
			t.Errorf("H·v = %v, want %v", hv[0], want)
		}
	}
	grad := g.Grad(f, x)[0]
	for _, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		hess, err := g.Jacobian(grad, x, mode)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range a.Data() {
			if math.Abs(hess.Data()[i]-w) > 1e-14 {
				t.Errorf("mode %d: Hessian %v, want %v", mode, hess, a)
				break
			}
		}
	}
}

// TestShapeMismatchPanics: building an op on shapes that cannot combine
// panics with a *linalg.ShapeError whose message names the op and both
// shapes.
func TestShapeMismatchPanics(t *testing.T) {
	tests := []struct {
		name  string
		build func(g *autodiff.Graph)
		want  []string
	}{
		{"add", func(g *autodiff.Graph) { g.Input("a", 2, 3).Add(g.Input("b", 4)) }, []string{"add", "[2 3]", "[4]"}},
		{"matmul", func(g *autodiff.Graph) { g.Input("a", 2, 3).MatMul(g.Input("b", 4, 5)) }, []string{"matmul", "[2 3]", "[4 5]"}},
		{"pairwise", func(g *autodiff.Graph) { g.Input("a", 2, 3).PairwiseSqDist(g.Input("b", 4, 2)) }, []string{"pairwise-sqdist", "[2 3]", "[4 2]"}},
		{"meanshift", func(g *autodiff.Graph) { g.Input("y", 2, 3).MeanShiftStep(g.Input("x", 4, 2), g.Input("h", 1)) }, []string{"meanshift-step", "[2 3]", "[4 2]"}},
		{"bandwidth", func(g *autodiff.Graph) { g.Input("d", 2, 3).GaussianWeight(g.Input("h", 2)) }, []string{"gaussian-weight", "[2]"}},
		{"reshape", func(g *autodiff.Graph) { g.Input("a", 2, 3).Reshape(4, 2) }, []string{"reshape", "[2 3]", "[4 2]"}},
		{"axis", func(g *autodiff.Graph) { g.Input("a", 2, 3).SumAxis(2, false) }, []string{"sum", "axis 2", "[2 3]"}},
		{"negative input", func(g *autodiff.Graph) { g.Input("a", 2, -1) }, []string{"Input", "[2 -1]"}},
		{"transpose", func(g *autodiff.Graph) { g.Input("a", 2, 3).Transpose(0, 0) }, []string{"transpose", "[0 0]", "[2 3]"}},
		{"set", func(g *autodiff.Graph) { g.Input("a", 2, 3).Set(linalg.Zeros(3, 2)) }, []string{"Set", "[3 2]", "[2 3]"}},
		{"grad of a tensor", func(g *autodiff.Graph) { x := g.Input("a", 2, 3); g.Grad(x.Sin(), x) }, []string{"Grad", "[2 3]"}},
		{"JVP directions", func(g *autodiff.Graph) {
			x := g.Input("a", 2)
			x.Set(linalg.Zeros(2))
			g.JVP(x.Sin(), []*autodiff.Node{x}, []*linalg.Tensor{linalg.Zeros(3)})
		}, []string{"JVP", "[3]", "[2]"}},
		{"VJP cotangent", func(g *autodiff.Graph) {
			x := g.Input("a", 2)
			x.Set(linalg.Zeros(2))
			g.VJP(x.Sin(), []*autodiff.Node{x}, linalg.Zeros(3))
		}, []string{"VJP", "[3]", "[2]"}},
		{"HVP of a tensor", func(g *autodiff.Graph) {
			x := g.Input("a", 2)
			x.Set(linalg.Zeros(2))
			g.HVP(x.Sin(), []*autodiff.Node{x}, []*linalg.Tensor{linalg.Zeros(2)})
		}, []string{"HVP", "[2]"}},
		{"Func with a wrong VJP shape", func(g *autodiff.Graph) {
			x := g.Input("a", 2)
			x.Set(linalg.Zeros(2))
			y := g.ApplyFunc(wrongShapeVJP, x).Sum()
			g.Gradient(y, x)
		}, []string{"wrong-vjp", "VJP", "[3]", "[2]"}},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				r := recover()
				e, ok := r.(*linalg.ShapeError)
				if !ok {
					t.Errorf("%s: panic %v (%T), want a *linalg.ShapeError", tt.name, r, r)
					return
				}
				msg := e.Error()
				for _, w := range tt.want {
					if !strings.Contains(msg, w) {
						t.Errorf("%s: panic %q does not name %q", tt.name, r, w)
					}
				}
			}()
			tt.build(autodiff.New())
		}()
	}
}

// wrongShapeVJP is a user op whose VJP returns a gradient of the wrong shape.
var wrongShapeVJP = &autodiff.Func{
	Name:    "wrong-vjp",
	Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return in[0].Clone() },
	JVP:     func(_ []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor { return d[0] },
	VJP: func(_ []*linalg.Tensor, _, _ *linalg.Tensor) []*linalg.Tensor {
		return []*linalg.Tensor{linalg.Zeros(3)}
	},
}

// TestApplyFuncRefusesMissingRules: a Func without a rule is refused when it
// is applied, naming what is missing, not later inside a gradient check.
func TestApplyFuncRefusesMissingRules(t *testing.T) {
	for _, tt := range []struct {
		f    *autodiff.Func
		want string
	}{
		{&autodiff.Func{Name: "no-jvp", Forward: wrongShapeVJP.Forward, VJP: wrongShapeVJP.VJP}, "no JVP"},
		{&autodiff.Func{Name: "no-vjp", Forward: wrongShapeVJP.Forward, JVP: wrongShapeVJP.JVP}, "no VJP"},
		{&autodiff.Func{Forward: wrongShapeVJP.Forward, JVP: wrongShapeVJP.JVP, VJP: wrongShapeVJP.VJP}, "no Name"},
		{&autodiff.Func{Name: "bare"}, "no Forward, JVP, VJP"},
	} {
		func() {
			defer func() {
				if msg := fmt.Sprint(recover()); !strings.Contains(msg, tt.want) {
					t.Errorf("ApplyFunc(%q): panic %q, want one saying %q", tt.f.Name, msg, tt.want)
				}
			}()
			g := autodiff.New()
			g.ApplyFunc(tt.f, g.Input("x", 2))
		}()
	}
}

// TestEmptyTensors: ops on empty tensors give empty results and gradients.
func TestEmptyTensors(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 0, 3)
	w := g.Input("w", 3, 2)
	q := g.Input("q", 0, 3)
	h := g.Input("h", 1)
	x.Set(linalg.Zeros(0, 3))
	w.Set(linalg.Full(1, 3, 2))
	q.Set(linalg.Zeros(0, 3))
	h.Set(linalg.Full(1, 1))
	y := x.MatMul(w).Tanh()
	d := x.PairwiseSqDist(x)
	ms := q.MeanShiftStep(w.T(), h)
	loss := y.Sum().Add(d.Sum()).Add(ms.Sum())
	grads := g.Grad(loss, x, w)
	if err := g.Run(append(grads, y, d, ms, loss)...); err != nil {
		t.Fatal(err)
	}
	if y.Value().Len() != 0 || d.Value().Len() != 0 || ms.Value().Len() != 0 || loss.Value().Item() != 0 {
		t.Errorf("empty results: %v %v %v %v", y.Value(), d.Value(), ms.Value(), loss.Value())
	}
	if grads[0].Value().Len() != 0 || linalg.NormL1(grads[1].Value()) != 0 {
		t.Errorf("gradients %v %v, want empty and zero", grads[0].Value(), grads[1].Value())
	}
}

// TestRunWithoutInput: a missing input value is an error, not a panic.
func TestRunWithoutInput(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	if err := g.Run(x.Sin()); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("Run without a value for x: error %v", err)
	}
}

// TestDOT: the picture names every op with its shape, value and gradient.
func TestDOT(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2, 2)
	x.Set(linalg.New([]int{2, 2}, []float64{1, 2, 3, 4}))
	y := x.Tanh().Sum()
	if _, err := g.Gradient(y, x); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := g.WriteDOT(&b, nil); err != nil {
		t.Fatal(err)
	}
	dot := b.String()
	for _, want := range []string{"digraph", "tanh", "shape 2×2", "value [1 … 4] mean 2.5", "grad ", "sum", "n1 -> n2"} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot)
		}
	}
	if strings.Contains(dot, "tanh′") {
		t.Errorf("DOT shows gradient nodes without DOTOptions.Gradients:\n%s", dot)
	}
}

// TestMeanShiftOfTheDataItself: with the queries being the data (Y = X, the
// usual mean shift), reverse mode adds the two paths once, agreeing with
// forward mode, with finite differences and with the same update written in
// primitive ops.
func TestMeanShiftOfTheDataItself(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3, 1)
	h := g.Input("h", 1)
	x.Set(linalg.New([]int{3, 1}, []float64{0, 0.7, 2}))
	h.Set(linalg.New([]int{1}, []float64{1}))
	fused := x.MeanShiftStep(x, h).Square().Sum()
	scale := h.Square().Scale(-2).Inv()
	primitive := x.PairwiseSqDist(x).Mul(scale).Softmax(1).MatMul(x).Square().Sum()
	a, err := g.Gradient(fused, x, h)
	if err != nil {
		t.Fatal(err)
	}
	b, err := g.Gradient(primitive, x, h)
	if err != nil {
		t.Fatal(err)
	}
	for k := range a {
		for i, want := range b[k].Data() {
			if got := a[k].Data()[i]; math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("input %d element %d: fused op's gradient %v, primitive ops' %v", k, i, got, want)
			}
		}
	}
	gradcheck.CheckT(t, fused, x, h)
}

// TestJacobianAtInfiniteDerivative: √x at x = 0 has an infinite derivative;
// the other elements' derivatives stay exactly 0 in both modes, as in dual.
func TestJacobianAtInfiniteDerivative(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0, 1}))
	y := x.Sqrt()
	want := []float64{math.Inf(1), 0, 0, 0.5}
	for _, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		jac, err := g.Jacobian(y, x, mode)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			if jac.Data()[i] != w {
				t.Errorf("mode %d: Jacobian %v, want %v", mode, jac.Data(), want)
				break
			}
		}
	}
}
