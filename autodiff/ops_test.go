package autodiff_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// opCase is one op under test: the input shapes, a domain for random inputs,
// and how to build the op from input nodes.
type opCase struct {
	name      string
	shapes    [][]int
	lo, hi    float64 // inputs uniform in [lo, hi); lo = hi = 0 means standard normal
	build     func(in []*autodiff.Node) *autodiff.Node
	firstOnly bool // no second-order rules (a user Func): HVP must report an error
}

// unaryDomains keeps each elementwise function where it is smooth.
var unaryDomains = map[string][2]float64{
	"inv": {0.5, 2}, "tan": {-1.2, 1.2}, "asin": {-0.9, 0.9}, "acos": {-0.9, 0.9},
	"log": {0.2, 3}, "log1p": {-0.5, 3}, "log2": {0.2, 3}, "log10": {0.2, 3},
	"sqrt": {0.2, 3}, "cbrt": {0.2, 3}, "abs": {0.2, 3}, "relu": {0.2, 3},
}

func opCases() []opCase {
	var cases []opCase
	for _, name := range dual.UnaryNames() {
		d, ok := unaryDomains[name]
		if !ok {
			d = [2]float64{-2, 2}
		}
		cases = append(cases, opCase{name: name, shapes: [][]int{{2, 3}}, lo: d[0], hi: d[1],
			build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Unary(name) }})
	}
	bshapes := [][2][]int{{{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}}
	for _, name := range []string{"add", "sub", "mul", "div", "pow", "atan2", "hypot", "maximum", "minimum"} {
		for _, s := range bshapes {
			lo, hi := -2.0, 2.0
			if name == "div" || name == "pow" || name == "atan2" || name == "hypot" {
				lo, hi = 0.5, 2 // away from poles, negative bases and the origin
			}
			cases = append(cases, opCase{name: fmt.Sprintf("%s%v%v", name, s[0], s[1]), shapes: [][]int{s[0], s[1]}, lo: lo, hi: hi,
				build: func(in []*autodiff.Node) *autodiff.Node {
					return map[string]func(a, b *autodiff.Node) *autodiff.Node{
						"add": (*autodiff.Node).Add, "sub": (*autodiff.Node).Sub, "mul": (*autodiff.Node).Mul,
						"div": (*autodiff.Node).Div, "pow": (*autodiff.Node).Pow, "atan2": (*autodiff.Node).Atan2,
						"hypot": (*autodiff.Node).Hypot, "maximum": (*autodiff.Node).Maximum, "minimum": (*autodiff.Node).Minimum,
					}[name](in[0], in[1])
				}})
		}
	}
	one := func(f func(*autodiff.Node) *autodiff.Node) func([]*autodiff.Node) *autodiff.Node {
		return func(in []*autodiff.Node) *autodiff.Node { return f(in[0]) }
	}
	cases = append(cases,
		opCase{name: "sum", shapes: [][]int{{3, 4}}, build: one((*autodiff.Node).Sum)},
		opCase{name: "mean", shapes: [][]int{{3, 4}}, build: one((*autodiff.Node).Mean)},
		opCase{name: "max", shapes: [][]int{{3, 4}}, build: one((*autodiff.Node).Max)},
		opCase{name: "sum axis 0", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.SumAxis(0, false) })},
		opCase{name: "mean axis 1 keep", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.MeanAxis(1, true) })},
		opCase{name: "max axis -1", shapes: [][]int{{2, 3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.MaxAxis(-1, false) })},
		opCase{name: "reshape", shapes: [][]int{{2, 6}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.Reshape(3, 4).Sin() })},
		opCase{name: "transpose", shapes: [][]int{{2, 3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.Transpose(2, 0, 1).Square() })},
		opCase{name: "broadcastTo", shapes: [][]int{{3, 1}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.BroadcastTo(2, 3, 4).Exp() })},
		opCase{name: "sumTo", shapes: [][]int{{2, 3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.Square().SumTo(3, 1) })},
		opCase{name: "norm L1", shapes: [][]int{{2, 3}}, build: one((*autodiff.Node).NormL1)},
		opCase{name: "norm L2", shapes: [][]int{{2, 3}}, build: one((*autodiff.Node).NormL2)},
		opCase{name: "norm L3", shapes: [][]int{{2, 3}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.NormLp(3) })},
		opCase{name: "norm max", shapes: [][]int{{2, 3}}, build: one((*autodiff.Node).NormMax)},
		opCase{name: "frobenius", shapes: [][]int{{3, 3}}, build: one((*autodiff.Node).Frobenius)},
		opCase{name: "logsumexp", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.LogSumExp(1, false) })},
		opCase{name: "logsumexp axis 0 keep", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.LogSumExp(0, true) })},
		opCase{name: "softmax", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.Softmax(1) })},
		opCase{name: "softmax axis 0", shapes: [][]int{{3, 4}}, build: one(func(n *autodiff.Node) *autodiff.Node { return n.Softmax(0) })},
		opCase{name: "pairwise-sqdist", shapes: [][]int{{4, 3}, {5, 3}}, build: func(in []*autodiff.Node) *autodiff.Node { return in[0].PairwiseSqDist(in[1]) }},
		opCase{name: "gaussian-weight", shapes: [][]int{{3, 4}, {}}, lo: 0.5, hi: 2, build: func(in []*autodiff.Node) *autodiff.Node { return in[0].GaussianWeight(in[1]) }},
		opCase{name: "meanshift-step", shapes: [][]int{{4, 2}, {6, 2}, {}}, lo: 0.5, hi: 2, build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MeanShiftStep(in[1], in[2]) }},
		opCase{name: "user Func cube", shapes: [][]int{{2, 3}}, firstOnly: true, build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Graph().Apply(cubeFunc, in[0]) }},
	)
	for _, f := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		a, b := []int{3, 4}, []int{4, 2}
		if f[0] {
			a = []int{4, 3}
		}
		if f[1] {
			b = []int{2, 4}
		}
		cases = append(cases, opCase{name: fmt.Sprintf("matmul trans %v", f), shapes: [][]int{a, b},
			build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MatMulT(in[1], f[0], f[1]) }})
	}
	return cases
}

// cubeFunc is a user op defined by numeric rules only.
var cubeFunc = &autodiff.Func{
	Label: "cube",
	Eval: func(in ...*linalg.Tensor) *linalg.Tensor {
		return linalg.Map(in[0], func(x float64) float64 { return x * x * x })
	},
	Tangent: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
		return linalg.Mul(d[0], linalg.Map(in[0], func(x float64) float64 { return 3 * x * x }))
	},
	Cotangent: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
		return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], func(x float64) float64 { return 3 * x * x }))}
	},
}

func randTensor(rng *rand.Rand, shape []int, lo, hi float64) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	for i := range t.Data() {
		if lo == hi {
			t.Data()[i] = rng.NormFloat64()
		} else {
			t.Data()[i] = lo + (hi-lo)*rng.Float64()
		}
	}
	return t
}

// instance builds a case on a fresh graph with random input values.
func instance(c opCase, rng *rand.Rand) (*autodiff.Graph, []*autodiff.Node, *autodiff.Node) {
	g := autodiff.New()
	in := make([]*autodiff.Node, len(c.shapes))
	for i, s := range c.shapes {
		in[i] = g.Input(fmt.Sprint("x", i), s...)
		in[i].Set(randTensor(rng, s, c.lo, c.hi))
	}
	return g, in, c.build(in)
}

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
	for _, c := range opCases() {
		g, in, y := instance(c, rng)
		if err := g.Run(y); err != nil {
			t.Fatal(err)
		}
		for trial := 0; trial < 3; trial++ {
			u := make([]*linalg.Tensor, len(in))
			seeds := map[*autodiff.Node]*linalg.Tensor{}
			for k, x := range in {
				u[k] = randTensor(rng, x.Shape(), 0, 0)
				seeds[x] = u[k]
			}
			w := randTensor(rng, y.Shape(), 0, 0)
			jvp, err := g.JVP(seeds, y)
			if err != nil {
				t.Fatal(err)
			}
			fwd := linalg.Dot(w, jvp[0])
			vjp, err := g.VJP(y, w, in...)
			if err != nil {
				t.Fatal(err)
			}
			rev := 0.0
			for k := range in {
				rev += linalg.Dot(vjp[k], u[k])
			}
			est := fd.Richardson(func(s float64) float64 { return evalAt(g, in, y, u, w, s) }, 0, nil)
			if !relClose(fwd, rev, 1e-12) {
				t.Errorf("%s: forward wᵀJu = %v, reverse %v", c.name, fwd, rev)
			}
			if !relClose(fwd, est.Value, 1e-8) {
				t.Errorf("%s: forward wᵀJu = %v, finite differences %v ± %v", c.name, fwd, est.Value, est.Err)

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
					t.Errorf("%s: Jacobian wrt input %d differs at %d: forward %v, reverse %v", c.name, k, i, jf.Data()[i], jr.Data()[i])
					break
				}
			}
		}
	}
}

// TestOpsHVP: Hessian-vector products by forward-over-reverse agree with
// Richardson differences of the reverse-mode gradient, for the scalar
// s = Σ w·op(x) of every op.
func TestOpsHVP(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range opCases() {
		g, in, y := instance(c, rng)
		w := g.Const("w", randTensor(rng, y.Shape(), 0, 0))
		s := y.Mul(w).Sum().Sin() // the sin makes even linear ops curve
		u := make([]*linalg.Tensor, len(in))
		z := make([]*linalg.Tensor, len(in))
		for k, x := range in {
			u[k] = randTensor(rng, x.Shape(), 0, 0)
			z[k] = randTensor(rng, x.Shape(), 0, 0)
		}
		hv, err := g.HVP(s, in, u)
		if c.firstOnly {
			if _, ok := err.(autodiff.SecondOrderError); !ok {
				t.Errorf("%s: HVP through a Func gave error %v, want a SecondOrderError", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
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
			t.Errorf("%s: zᵀHu = %v, finite differences of the gradient %v ± %v", c.name, got, est.Value, est.Err)
		}
	}
}
