// Package optable is the table of the graph's ops that the tests of
// autodiff and gradcheck share: every built-in op on small random shapes
// (broadcasting pairs included), with a domain where each is smooth.
package optable

import (
	"fmt"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Case is one op under test: the input shapes, a domain for random inputs,
// and how to build the op from input nodes.
type Case struct {
	Name      string
	Shapes    [][]int
	Lo, Hi    float64 // inputs uniform in [Lo, Hi); Lo = Hi = 0 means standard normal
	Build     func(in []*autodiff.Node) *autodiff.Node
	FirstOnly bool // no second-order rules (a user Func): HVP must report an error
}

// unaryDomains keeps each elementwise function where it is smooth.
var unaryDomains = map[string][2]float64{
	"inv": {0.5, 2}, "tan": {-1.2, 1.2}, "asin": {-0.9, 0.9}, "acos": {-0.9, 0.9},
	"log": {0.2, 3}, "log1p": {-0.5, 3}, "log2": {0.2, 3}, "log10": {0.2, 3},
	"sqrt": {0.2, 3}, "cbrt": {0.2, 3}, "abs": {0.2, 3}, "relu": {0.2, 3},
}

// binaryDomains keeps the two-argument functions away from poles, negative
// bases and the origin; the others take inputs in [−2, 2).
var binaryDomains = map[string][2]float64{
	"div": {0.5, 2}, "pow": {0.5, 2}, "atan2": {0.5, 2}, "hypot": {0.5, 2},
}

// Cases returns every built-in op (and a user Func) on small shapes,
// broadcasting pairs included. Every elementwise function of dual's table is
// in it, found through dual.UnaryNames and dual.BinaryNames, so a new
// function is tested without touching this file (unless it needs a domain).
func Cases() []Case {
	var cases []Case
	for _, name := range dual.UnaryNames() {
		d, ok := unaryDomains[name]
		if !ok {
			d = [2]float64{-2, 2}
		}
		cases = append(cases, Case{Name: name, Shapes: [][]int{{2, 3}}, Lo: d[0], Hi: d[1],
			Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Unary(name) }})
	}
	bshapes := [][2][]int{{{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}}
	for _, name := range dual.BinaryNames() {
		d, ok := binaryDomains[name]
		if !ok {
			d = [2]float64{-2, 2}
		}
		for _, s := range bshapes {
			cases = append(cases, Case{Name: fmt.Sprintf("%s%v%v", name, s[0], s[1]), Shapes: [][]int{s[0], s[1]}, Lo: d[0], Hi: d[1],
				Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Binary(name, in[1]) }})
		}
	}
	one := func(f func(*autodiff.Node) *autodiff.Node) func([]*autodiff.Node) *autodiff.Node {
		return func(in []*autodiff.Node) *autodiff.Node { return f(in[0]) }
	}
	cases = append(cases,
		Case{Name: "sum", Shapes: [][]int{{3, 4}}, Build: one((*autodiff.Node).Sum)},
		Case{Name: "mean", Shapes: [][]int{{3, 4}}, Build: one((*autodiff.Node).Mean)},
		Case{Name: "max", Shapes: [][]int{{3, 4}}, Build: one((*autodiff.Node).Max)},
		Case{Name: "sum axis 0", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.SumAxis(0, false) })},
		Case{Name: "mean axis 1 keep", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.MeanAxis(1, true) })},
		Case{Name: "max axis -1", Shapes: [][]int{{2, 3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.MaxAxis(-1, false) })},
		Case{Name: "reshape", Shapes: [][]int{{2, 6}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.Reshape(3, 4).Sin() })},
		Case{Name: "transpose", Shapes: [][]int{{2, 3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.Transpose(2, 0, 1).Square() })},
		Case{Name: "broadcastTo", Shapes: [][]int{{3, 1}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.BroadcastTo(2, 3, 4).Exp() })},
		Case{Name: "sumTo", Shapes: [][]int{{2, 3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.Square().SumTo(3, 1) })},
		Case{Name: "norm L1", Shapes: [][]int{{2, 3}}, Build: one((*autodiff.Node).NormL1)},
		Case{Name: "norm L2", Shapes: [][]int{{2, 3}}, Build: one((*autodiff.Node).NormL2)},
		Case{Name: "norm L3", Shapes: [][]int{{2, 3}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.NormLp(3) })},
		Case{Name: "norm max", Shapes: [][]int{{2, 3}}, Build: one((*autodiff.Node).NormMax)},
		Case{Name: "frobenius", Shapes: [][]int{{3, 3}}, Build: one((*autodiff.Node).Frobenius)},
		Case{Name: "logsumexp", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.LogSumExp(1, false) })},
		Case{Name: "logsumexp axis 0 keep", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.LogSumExp(0, true) })},
		Case{Name: "softmax", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.Softmax(1) })},
		Case{Name: "softmax axis 0", Shapes: [][]int{{3, 4}}, Build: one(func(n *autodiff.Node) *autodiff.Node { return n.Softmax(0) })},
		Case{Name: "pairwise-sqdist", Shapes: [][]int{{4, 3}, {5, 3}}, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].PairwiseSqDist(in[1]) }},
		Case{Name: "gaussian-weight", Shapes: [][]int{{3, 4}, {}}, Lo: 0.5, Hi: 2, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].GaussianWeight(in[1]) }},
		Case{Name: "meanshift-step", Shapes: [][]int{{4, 2}, {6, 2}, {}}, Lo: 0.5, Hi: 2, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MeanShiftStep(in[1], in[2]) }},
		Case{Name: "user Func cube", Shapes: [][]int{{2, 3}}, FirstOnly: true, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Graph().ApplyFunc(cubeFunc, in[0]) }},
	)
	cases = append(cases, indexingCases()...)
	cases = append(cases, selectionCases()...)
	cases = append(cases, reductionCases()...)
	cases = append(cases, einsumCases()...)
	for _, f := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
		a, b := []int{3, 4}, []int{4, 2}
		if f[0] {
			a = []int{4, 3}
		}
		if f[1] {
			b = []int{2, 4}
		}
		cases = append(cases, Case{Name: fmt.Sprintf("matmul trans %v", f), Shapes: [][]int{a, b},
			Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].MatMulT(in[1], f[0], f[1]) }})
	}
	return cases
}

// cubeFunc is a user op defined by numeric rules only.
var cubeFunc = &autodiff.Func{
	Name: "cube",
	Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
		return linalg.Map(in[0], func(x float64) float64 { return x * x * x })
	},
	JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
		return linalg.Mul(d[0], linalg.Map(in[0], func(x float64) float64 { return 3 * x * x }))
	},
	VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
		return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], func(x float64) float64 { return 3 * x * x }))}
	},
}

// RandTensor returns a tensor of the shape with elements uniform in [lo, hi),
// or standard normal when lo = hi.
func RandTensor(rng *rand.Rand, shape []int, lo, hi float64) *linalg.Tensor {
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

// Instance builds a case on a fresh graph with random input values.
func Instance(c Case, rng *rand.Rand) (*autodiff.Graph, []*autodiff.Node, *autodiff.Node) {
	g := autodiff.New()
	in := make([]*autodiff.Node, len(c.Shapes))
	for i, s := range c.Shapes {
		in[i] = g.Input(fmt.Sprint("x", i), s...)
		in[i].Set(RandTensor(rng, s, c.Lo, c.Hi))
	}
	return g, in, c.Build(in)
}
