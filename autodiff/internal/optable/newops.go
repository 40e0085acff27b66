package optable

import "github.com/epsilon-engine/epsilon/autodiff"

// unaryCase is a case of one input.
func unaryCase(name string, shape []int, lo, hi float64, f func(*autodiff.Node) *autodiff.Node) Case {
	return Case{Name: name, Shapes: [][]int{shape}, Lo: lo, Hi: hi,
		Build: func(in []*autodiff.Node) *autodiff.Node { return f(in[0]) }}
}

// indexingCases: slicing, indexing, gather and scatter, joins and splits,
// running sums.
func indexingCases() []Case {
	return []Case{
		unaryCase("slice [1:-1]", []int{3, 5}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, 1, -1, 1) }),
		unaryCase("slice [::-2]", []int{5, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Slice(0, autodiff.None, autodiff.None, -2) }),
		unaryCase("index row", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Index(-1) }),
		unaryCase("index element", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Index(1, -2).Sin() }),
		unaryCase("gather", []int{4, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Gather(0, []int{3, 0, 3, -1}) }),
		unaryCase("scatter-add", []int{2, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.ScatterAdd(1, []int{1, 1, 0, 4}, 5) }),
		{Name: "concat", Shapes: [][]int{{2, 3}, {2, 1}, {2, 2}}, Build: func(in []*autodiff.Node) *autodiff.Node { return autodiff.Concat(1, in...) }},
		{Name: "stack", Shapes: [][]int{{2, 3}, {2, 3}}, Build: func(in []*autodiff.Node) *autodiff.Node { return autodiff.Stack(1, in...) }},
		unaryCase("split", []int{5, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node {
			p := n.Split(0, 2, 3)
			return autodiff.Concat(0, p[1], p[0].Square())
		}),
		unaryCase("cumsum axis 1", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Cumsum(1) }),
		unaryCase("cumsum axis 0", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Cumsum(0).Square() }),
	}
}

// selectionCases: Where on a comparison, Clamp, PowConst, Dot, Outer.
func selectionCases() []Case {
	return []Case{
		{Name: "where", Shapes: [][]int{{2, 3}, {2, 3}}, Build: func(in []*autodiff.Node) *autodiff.Node {
			return autodiff.Where(in[0].Greater(in[1]), in[0].Sin(), in[1].Square())
		}},
		{Name: "where broadcast", Shapes: [][]int{{2, 3}, {3}}, Build: func(in []*autodiff.Node) *autodiff.Node {
			return autodiff.Where(in[0].LessEqual(in[1]), in[0], in[1].Exp())
		}},
		// inside, above and below [−1, 1], each at least 0.5 from a bound
		unaryCase("clamp", []int{2, 3}, -0.5, 0.5, func(n *autodiff.Node) *autodiff.Node {
			two := n.Graph().Scalar(2)
			return autodiff.Concat(0, n, n.Add(two), n.Sub(two)).Clamp(-1, 1)
		}),
		unaryCase("pow 2.5", []int{2, 3}, 0.5, 2, func(n *autodiff.Node) *autodiff.Node { return n.PowConst(2.5) }),
		unaryCase("pow -1.5", []int{2, 3}, 0.5, 2, func(n *autodiff.Node) *autodiff.Node { return n.PowConst(-1.5) }),
		unaryCase("pow 3", []int{2, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.PowConst(3) }),
		{Name: "dot", Shapes: [][]int{{5}, {5}}, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Dot(in[1]) }},
		{Name: "outer", Shapes: [][]int{{3}, {4}}, Build: func(in []*autodiff.Node) *autodiff.Node { return in[0].Outer(in[1]) }},
	}
}

// reductionCases: reductions over several axes, Min, Prod, Var, Std, ArgMax.
func reductionCases() []Case {
	return []Case{
		unaryCase("sum axes 0 2 keep", []int{2, 3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.SumAxes(true, 0, -1) }),
		unaryCase("mean axes 1 2", []int{2, 3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.MeanAxes(false, 1, 2) }),
		unaryCase("max axes 0 1", []int{2, 3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.MaxAxes(false, 0, 1) }),
		unaryCase("min", []int{3, 4}, 0, 0, (*autodiff.Node).Min),
		unaryCase("min axis 0 keep", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.MinAxis(0, true) }),
		unaryCase("prod", []int{3, 4}, 0, 0, (*autodiff.Node).Prod),
		unaryCase("prod axis 1 keep", []int{2, 5, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.ProdAxis(1, true) }),
		unaryCase("prod axes 0 2", []int{3, 2, 3}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.ProdAxes(false, 0, 2) }),
		unaryCase("var ddof 1 axis 1", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Var(1, false, 1) }),
		unaryCase("std", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Std(0, false) }),
		unaryCase("argmax weighted", []int{3, 4}, 0, 0, func(n *autodiff.Node) *autodiff.Node { return n.Mul(n.ArgMax(1, true)) }),
	}
}
