package checks

import (
	"math"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// network is a two-layer perceptron with a log-sum-exp loss, its hidden
// activation swish(x) = x·σ(x) given as a user op. With wrong set, the op's
// VJP forgets the term σ′: the JVP stays right, so only reverse mode is off.
func network(wrong bool) (*autodiff.Node, []*autodiff.Node) {
	rng := rand.New(rand.NewPCG(1, 2))
	g := autodiff.New()
	x := g.Const("x", linalg.RandNormal(rng, 4, 3))
	w1, b1 := g.Input("W1", 3, 5), g.Input("b1", 5)
	w2, b2 := g.Input("W2", 5, 2), g.Input("b2", 2)
	for _, p := range []*autodiff.Node{w1, b1, w2, b2} {
		p.Set(linalg.RandNormal(rng, p.Shape()...))
	}
	hidden := g.ApplyFunc(swish(wrong), x.MatMul(w1).Add(b1))
	loss := hidden.MatMul(w2).Add(b2).LogSumExp(1, false).Mean()
	return loss, []*autodiff.Node{w1, b1, w2, b2}
}

// swish is x·σ(x), with derivative σ(x) + x·σ(x)(1−σ(x)).
func swish(wrongVJP bool) *autodiff.Func {
	sigma := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	right := func(x float64) float64 { s := sigma(x); return s + x*s*(1-s) }
	forgot := sigma // the product rule's second term left out
	deriv := right
	label := "swish"
	if wrongVJP {
		deriv, label = forgot, "swish (wrong VJP)"
	}
	return &autodiff.Func{
		Name: label,
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
			return linalg.Map(in[0], func(x float64) float64 { return x * sigma(x) })
		},
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Mul(d[0], linalg.Map(in[0], right))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], deriv))}
		},
	}
}

// kink is Σ|x| with one element at 0.
func kink() (*autodiff.Node, []*autodiff.Node) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{-1.5, 0, 2}))
	return x.Abs().Sum(), []*autodiff.Node{x}
}

// float32Function is Σ sin(x)·x whose sin is computed in float32: the rules
// are those of the exact function, but the values carry float32 rounding.
func float32Function() (*autodiff.Node, []*autodiff.Node) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{0.3, 1.1, -2}))
	sin32 := &autodiff.Func{
		Name: "sin in float32",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
			return linalg.Map(in[0], func(x float64) float64 { return float64(float32(math.Sin(float64(float32(x))))) })
		},
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Mul(d[0], linalg.Map(in[0], math.Cos))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], math.Cos))}
		},
	}
	return g.ApplyFunc(sin32, x).Mul(x).Sum(), []*autodiff.Node{x}
}

// nanGradient is Σ(√x − √x) at a point with x = 0: the value is 0, and so
// is the true derivative, but the two paths of the gradient carry sqrt′(0) =
// +Inf and −Inf, whose sum is NaN. (√(x²) at 0, the classic Inf·0 of
// PyTorch and JAX, gives 0 here: the chain rule's zero is strong.)
func nanGradient() (*autodiff.Node, []*autodiff.Node) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0, 1.5}))
	return x.Sqrt().Sub(x.Sqrt()).Sum(), []*autodiff.Node{x}
}
