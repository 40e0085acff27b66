package gradcheck_test

import (
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

// TestCheckPassesBuiltinOps: Check passes on every built-in op, on random
// shapes including broadcasting ones.
func TestCheckPassesBuiltinOps(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	checkAllPass(t, optable.Cases(), rng)
}

// checkAllPass builds each case on random inputs and requires Check to pass.
func checkAllPass(t *testing.T, cases []optable.Case, rng *rand.Rand) {
	t.Helper()
	for _, c := range cases {
		_, in, y := optable.Instance(c, rng)
		r, err := gradcheck.Check(y, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != gradcheck.Passed {
			t.Errorf("%s:\n%s", c.Name, r)
		}
	}
}

// randomShapeCases draws ops on random shapes: broadcasting pairs (a size-1
// or missing axis on either side), matrix products, reductions along a
// random axis, and point sets for distances and mean shift.
func randomShapeCases(rng *rand.Rand, n int) []optable.Case {
	binaries := []func(a, b *autodiff.Node) *autodiff.Node{
		(*autodiff.Node).Add, (*autodiff.Node).Sub, (*autodiff.Node).Mul, (*autodiff.Node).Div, (*autodiff.Node).Hypot,
	}
	var cases []optable.Case
	for i := 0; i < n; i++ {
		rank := 1 + rng.IntN(3)
		full := make([]int, rank)
		for k := range full {
			full[k] = 1 + rng.IntN(4)
		}
		a, b := append([]int{}, full...), append([]int{}, full...)
		for k := range full {
			switch rng.IntN(3) {
			case 0:
				a[k] = 1
			case 1:
				b[k] = 1
			}
		}
		b = b[rng.IntN(rank):] // NumPy aligns trailing axes
		op := binaries[rng.IntN(len(binaries))]
		axis := rng.IntN(rank)
		m, k, p := 1+rng.IntN(5), 1+rng.IntN(5), 1+rng.IntN(5)
		cases = append(cases,
			optable.Case{Name: fmt.Sprintf("binary %v %v", a, b), Shapes: [][]int{a, b}, Lo: 0.5, Hi: 2,
				Build: func(in []*autodiff.Node) *autodiff.Node { return op(in[0], in[1]) }},
			optable.Case{Name: fmt.Sprintf("reductions of %v along %d", full, axis), Shapes: [][]int{full},
				Build: func(in []*autodiff.Node) *autodiff.Node {
					return in[0].SumAxis(axis, true).Add(in[0].MaxAxis(axis, true)).Mul(in[0].LogSumExp(axis, true)).Add(in[0].Softmax(axis))
				}},
			optable.Case{Name: fmt.Sprintf("matmul %dx%d·%dx%d", m, k, k, p), Shapes: [][]int{{m, k}, {k, p}},
				Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MatMul(in[1]) }},
			optable.Case{Name: fmt.Sprintf("mean shift %d queries, %d points", m, p), Shapes: [][]int{{m, k}, {p, k}, {1}}, Lo: 0.5, Hi: 2,
				Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MeanShiftStep(in[1], in[2]) }},
		)
	}
	return cases
}

// TestCheckRandomShapes: Check passes on ops built on random shapes.
func TestCheckRandomShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	checkAllPass(t, randomShapeCases(rng, 15), rng)
}

// TestCheckProjections: inputs too large for element-wise comparison are
// checked by random projections, and a passing check stays projected.
func TestCheckProjections(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	g := autodiff.New()
	x := g.Input("x", 20, 10)
	w := g.Input("w", 10, 5)
	x.Set(optable.RandTensor(rng, []int{20, 10}, 0, 0))
	w.Set(optable.RandTensor(rng, []int{10, 5}, 0, 0))
	loss := x.MatMul(w).Tanh().Square().Sum()
	r := gradcheck.CheckT(t, loss, x, w)
	if !r.Projected || len(r.Rows) != 4 {
		t.Errorf("a 250-element check compared %d rows, projected %v; want 4 projections", len(r.Rows), r.Projected)
	}
}

// brokenScale is x ↦ 2x with deliberately broken rules.
func brokenScale(name string, jvpFactor, vjpFactor float64) *autodiff.Func {
	return &autodiff.Func{
		Name:    name,
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return linalg.Scale(2, in[0]) },
		JVP: func(_ []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Scale(jvpFactor, d[0])
		},
		VJP: func(_ []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Scale(vjpFactor, grad)}
		},
	}
}

// rowScale is X ↦ X·A for a fixed non-symmetric A, whose VJP can be
// transposed by mistake.
func rowScale(transposedVJP bool) *autodiff.Func {
	a := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	return &autodiff.Func{
		Name:    "times-A",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return linalg.MatMul(in[0], a) },
		JVP: func(_ []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.MatMul(d[0], a)
		},
		VJP: func(_ []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.MatMulT(grad, a, false, !transposedVJP)} // right: grad·Aᵀ
		},
	}
}

// TestCheckBlamesBrokenOps: a deliberately broken op inside a small network
// fails the check, and the report blames that op by name.
func TestCheckBlamesBrokenOps(t *testing.T) {
	tests := []struct {
		name   string
		op     *autodiff.Func
		detail string
	}{
		{"wrong sign", brokenScale("wrong-sign", -2, -2), "agree with each other but not"},
		{"wrong factor", brokenScale("wrong-factor", 3, 3), "agree with each other but not"},
		{"JVP right, VJP wrong", brokenScale("bad-vjp", 2, 1), "VJP rule is wrong"},
		{"VJP right, JVP wrong", brokenScale("bad-jvp", 1, 2), "JVP rule is wrong"},
		{"transposed VJP", rowScale(true), "VJP rule is wrong"},
	}
	rng := rand.New(rand.NewPCG(25, 26))
	for _, tt := range tests {
		g := autodiff.New()
		x := g.Input("x", 3, 2)
		x.Set(optable.RandTensor(rng, []int{3, 2}, 0, 0))
		b := g.Input("b", 2)
		b.Set(optable.RandTensor(rng, []int{2}, 0, 0))
		broken := g.ApplyFunc(tt.op, x.Add(b).Tanh())
		loss := broken.Sin().Sum()
		r, err := gradcheck.Check(loss, []*autodiff.Node{x, b}, nil)
		if err != nil {
			t.Fatal(err)
		}
		blamed := r.Blamed()
		if r.Status != gradcheck.Mismatch || len(blamed) != 1 || blamed[0].Node != broken {
			t.Errorf("%s: status %v, blamed %v, want the broken node %s:\n%s", tt.name, r.Status, blamed, broken.Label(), r)
			continue
		}
		report := r.String()
		if !strings.Contains(report, "blame: "+broken.Label()) || !strings.Contains(report, tt.detail) || !strings.Contains(report, tt.op.Name) {
			t.Errorf("%s: report does not blame %s with %q:\n%s", tt.name, broken.Label(), tt.detail, report)
		}
	}
}

// TestCheckKinks: non-differentiable points are reported as kinks with
// both one-sided slopes, not as bugs.
func TestCheckKinks(t *testing.T) {
	tests := []struct {
		name        string
		x           []float64
		build       func(x *autodiff.Node) *autodiff.Node
		left, right float64
	}{
		{"|x| at 0", []float64{0}, func(x *autodiff.Node) *autodiff.Node { return x.Abs().Sum() }, -1, 1},
		{"ReLU at 0", []float64{0}, func(x *autodiff.Node) *autodiff.Node { return x.ReLU().Sum() }, 0, 1},
		{"max at a tie", []float64{1, 1}, func(x *autodiff.Node) *autodiff.Node { return x.Max() }, 0, 1},
		{"L2 norm at 0", []float64{0}, func(x *autodiff.Node) *autodiff.Node { return x.NormL2() }, -1, 1},
	}
	for _, tt := range tests {
		g := autodiff.New()
		x := g.Input("x", len(tt.x))
		x.Set(linalg.New([]int{len(tt.x)}, tt.x))
		r, err := gradcheck.Check(tt.build(x), []*autodiff.Node{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != gradcheck.Kink || r.Kink == nil {
			t.Errorf("%s: status %v, want kink:\n%s", tt.name, r.Status, r)
			continue
		}
		if math.Abs(r.Kink.Left.Value-tt.left) > 1e-8 || math.Abs(r.Kink.Right.Value-tt.right) > 1e-8 {
			t.Errorf("%s: one-sided slopes %v and %v, want %v and %v", tt.name, r.Kink.Left.Value, r.Kink.Right.Value, tt.left, tt.right)
		}
		if !r.OK() || !strings.Contains(r.String(), "kink") {
			t.Errorf("%s: a kink should be OK and say so:\n%s", tt.name, r)
		}
	}
}

// float32Sin is sin with its value rounded to float32: its rules are right
// for sin, but its values carry float32 rounding.
var float32Sin = &autodiff.Func{
	Name: "sin-float32",
	Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
		return linalg.Map(in[0], func(x float64) float64 { return float64(float32(math.Sin(x))) })
	},
	JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
		return linalg.Mul(d[0], linalg.Map(in[0], math.Cos))
	},
	VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
		return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], math.Cos))}
	},
}

// TestCheckRounding: a float32-rounded function is diagnosed as rounding,
// with the noise level of float32, and its op is not blamed.
func TestCheckRounding(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{0.3, 1.1, -2}))
	y := g.ApplyFunc(float32Sin, x).Sum()
	r, err := gradcheck.Check(y, []*autodiff.Node{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.Rounding || r.Step == nil || len(r.Blamed()) != 0 {
		t.Fatalf("status %v, want rounding and no blame:\n%s", r.Status, r)
	}
	if r.Step.Noise < 1e-9 || r.Step.Noise > 1e-6 {
		t.Errorf("estimated noise %g, want about float32's 6e-8", r.Step.Noise)
	}
}

// TestCheckNaNProvenance: a NaN is reported at the node that made it, with
// its inputs, not as a mismatch.
func TestCheckNaNProvenance(t *testing.T) {
	// √x − √x at 0: the value is 0 and so is the true derivative, but the
	// two paths of the gradient carry sqrt′(0) = +Inf and −Inf, and their
	// sum is NaN. (√(x²) at 0, the classic Inf·0, is 0 under the strong
	// zero of the chain rule: see package autodiff.)
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0, 1}))
	a, b := x.Sqrt(), x.Sqrt()
	y := a.Sub(b).Sum()
	r, err := gradcheck.Check(y, []*autodiff.Node{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.NaNFound || r.NaN == nil || !r.NaN.InGradient {
		t.Fatalf("status %v, want NaN in the gradient:\n%s", r.Status, r)
	}
	from := map[*autodiff.Node]bool{}
	for _, in := range r.NaN.Node.Inputs() {
		from[in.GradientOf()] = true
	}
	if !from[a] || !from[b] {
		t.Errorf("NaN at %s, whose inputs are not the VJPs of %s and %s", r.NaN.Node.Label(), a.Label(), b.Label())
	}
	text := r.String()
	for _, want := range []string{"NaN at node", "the infinity comes from", "sqrt′", "infinite", a.Label(), b.Label()} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	// A NaN in the values: log of a negative number.
	g2 := autodiff.New()
	z := g2.Input("z", 1)
	z.Set(linalg.New([]int{1}, []float64{-1}))
	lg := z.Log()
	r2, _ := gradcheck.Check(lg.Sum(), []*autodiff.Node{z}, nil)
	if r2.Status != gradcheck.NaNFound || r2.NaN.Node != lg || r2.NaN.InGradient {
		t.Errorf("log(−1): %v", r2)
	}
}

// fakeTB records a fatal failure instead of stopping the test.
type fakeTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}

// TestCheckT: the one-line helper fails a test with the full report.
func TestCheckT(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0.5, -0.5}))
	bad := g.ApplyFunc(brokenScale("bad-vjp", 2, 1), x)
	tb := &fakeTB{TB: t}
	gradcheck.CheckT(tb, bad.Sum(), x)
	if !tb.failed || !strings.Contains(tb.msg, "blame: "+bad.Label()) || !strings.Contains(tb.msg, "MISMATCH") {
		t.Errorf("CheckT failed %v with message:\n%s", tb.failed, tb.msg)
	}
	good := &fakeTB{TB: t}
	gradcheck.CheckT(good, x.Tanh().Sum(), x)
	if good.failed {
		t.Errorf("CheckT failed a correct gradient:\n%s", good.msg)
	}
}

// TestCheckSmallScales: right rules pass near a kink or a pole that the
// default first step would reach (ReLU at 5e-4, log at 1e-5), and wrong
// rules fail however small the function's values are.
func TestCheckSmallScales(t *testing.T) {
	for _, tt := range []struct {
		name  string
		x     float64
		build func(x *autodiff.Node) *autodiff.Node
	}{
		{"ReLU at 5e-4", 5e-4, (*autodiff.Node).ReLU},
		{"log at 1e-3", 1e-3, (*autodiff.Node).Log},
		{"log at 1e-5", 1e-5, (*autodiff.Node).Log},
		{"sin at 1e4", 1e4, (*autodiff.Node).Sin},
	} {
		g := autodiff.New()
		x := g.Input("x", 1)
		x.Set(linalg.New([]int{1}, []float64{tt.x}))
		r, err := gradcheck.Check(tt.build(x).Sum(), []*autodiff.Node{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != gradcheck.Passed {
			t.Errorf("%s:\n%s", tt.name, r)
		}
	}
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0.3, -0.7}))
	tiny := g.ApplyFunc(brokenScale("tiny-wrong", 3e-11, 3e-11), x.Scale(1e-11)) // value 2e-11·x, rules 3e-11
	if r, _ := gradcheck.Check(tiny.Sum(), []*autodiff.Node{x}, nil); r.Status != gradcheck.Mismatch {
		t.Errorf("a wrong rule on tiny values passed:\n%s", r)
	}
}

// TestCheckWrongRuleAtKink: at a kink, a rule whose value lies outside the
// one-sided slopes is a wrong rule, not a convention.
func TestCheckWrongRuleAtKink(t *testing.T) {
	badAbs := &autodiff.Func{
		Name:    "bad-abs",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return linalg.Map(in[0], math.Abs) },
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Mul(d[0], linalg.Map(in[0], badSign))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], badSign))}
		},
	}
	g := autodiff.New()
	x := g.Input("x", 1)
	x.Set(linalg.New([]int{1}, []float64{0}))
	y := g.ApplyFunc(badAbs, x)
	r, err := gradcheck.Check(y.Sum(), []*autodiff.Node{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.Mismatch || len(r.Blamed()) != 1 || r.Blamed()[0].Node != y {
		t.Errorf("a rule giving 5 at the kink of |x|: status %v:\n%s", r.Status, r)
	}
}

// badSign is sign(x) except 5 at 0: a wrong derivative for |x| at its kink.
func badSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 5
}

// TestCheckMisuse: checking with respect to an op panics with a message;
// a graph whose gradient has no second-order rule gives an error; checking a
// tensor output twice does not grow the graph twice.
func TestCheckMisuse(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{1, 2, 3}))
	s := x.Sin()
	func() {
		defer func() {
			if msg, _ := recover().(string); !strings.Contains(msg, "inputs or constants") {
				t.Errorf("Check with respect to an op: panic %q", msg)
			}
		}()
		gradcheck.Check(s.Sum(), []*autodiff.Node{s}, nil)
	}()
	gr := g.Grad(g.ApplyFunc(float32Sin, x).Sum(), x)[0]
	if _, err := gradcheck.Check(gr.Mul(gr.Sin()).Sum(), []*autodiff.Node{x}, nil); err == nil {
		t.Error("Check through a Func's gradient (no second-order rule) gave no error")
	}
	gradcheck.Check(s, []*autodiff.Node{x}, nil)
	before := len(g.Nodes())
	gradcheck.Check(s, []*autodiff.Node{x}, nil)
	if after := len(g.Nodes()); after != before {
		t.Errorf("a second check of the same output grew the graph from %d to %d nodes", before, after)
	}
}

// TestMaxOfNaN: a NaN maximum has a NaN gradient, not a finite one.
func TestMaxOfNaN(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{1, math.NaN(), 2}))
	grads, err := g.Gradient(x.Max(), x)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range grads[0].Data() {
		if !math.IsNaN(v) {
			t.Errorf("gradient of max with a NaN = %v, want NaN", grads[0].Data())
			break
		}
	}
}

// TestCheckLargeFailure: on a large graph a failed projection leads to the
// failing input alone, compared on a sample of its elements against a
// projection of the large output, and the broken op is still blamed.
func TestCheckLargeFailure(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	g := autodiff.New()
	x := g.Input("x", 30, 20)
	w := g.Input("w", 20, 10)
	x.Set(optable.RandTensor(rng, []int{30, 20}, 0, 0))
	w.Set(optable.RandTensor(rng, []int{20, 10}, 0, 0))
	broken := g.ApplyFunc(brokenScale("bad-vjp", 2, 1), w)
	y := x.MatMul(broken).Tanh() // a 30×10 output
	r, err := gradcheck.Check(y, []*autodiff.Node{x, w}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.Mismatch || len(r.Blamed()) != 1 || r.Blamed()[0].Node != broken {
		t.Fatalf("status %v:\n%s", r.Status, r)
	}
	if r.Projected || len(r.Sampled) != 1 || r.Sampled[0] != w {
		t.Errorf("want a sample of w's elements, got projected %v, sampled %v", r.Projected, r.Sampled)
	}
	for _, c := range r.Rows {
		if c.Input != "w" || c.Output != -1 {
			t.Errorf("compared %s, want only w's elements against a projected output", c.Input)
			break
		}
	}
	if len(r.Rows) != 64 {
		t.Errorf("%d comparisons, want the sample of 64", len(r.Rows))
	}
}
