package autodiff

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// powConst raises its input to a constant power.
type powConst struct{ p float64 }

func (o powConst) Name() string            { return fmt.Sprintf("pow %g", o.p) }
func (o powConst) Shape(in ...[]int) []int { return in[0] }

func (o powConst) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map(in[0], func(x float64) float64 { return math.Pow(x, o.p) })
}

// derivative returns p·x^(p−1); x⁰ is constant, so its derivative is 0
// everywhere, 0 included.
func (o powConst) derivative(x *linalg.Tensor) *linalg.Tensor {
	if o.p == 0 {
		return linalg.Zeros(x.Shape()...)
	}
	return linalg.Map(x, func(x float64) float64 { return o.p * math.Pow(x, o.p-1) })
}

func (o powConst) JVP(_ linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return chainMul(d[0], o.derivative(in[0]))
}

// VJP: x̄ = ȳ·p·x^(p−1), with x^(p−1) again a PowConst node, so every
// order has a rule.
func (o powConst) VJP(n, grad *Node) []*Node {
	if o.p == 0 {
		return []*Node{nil}
	}
	return []*Node{grad.chain(n.inputs[0].PowConst(o.p - 1)).times(o.p)}
}

// PowConst returns n^p elementwise for a constant exponent p, with no node
// for p (Pow takes a node). Values are math.Pow's, so its special cases
// hold: x⁰ = 1 for every x (NaN included), a negative x with a non-integer
// p gives NaN, 0 with p < 0 gives +Inf. The derivative is p·x^(p−1): at
// x = 0 it is +Inf for 0 < p < 1 (the strong zero keeps a zero tangent or
// gradient 0 there), and 0 everywhere for p = 0. PowConst(1) is n itself.
// Square stays as n·n.
func (n *Node) PowConst(p float64) *Node {
	if p == 1 {
		return n
	}
	return n.g.Apply(powConst{p}, n)
}

// Dot returns the inner product Σ nᵢmᵢ of two vectors of one length, as a
// rank-0 node: a 1×k by k×1 MatMul on the graph's backend, whose rules are
// matmul's. Operands that are not vectors of one length panic with a
// *linalg.ShapeError naming "Dot" and both shapes.
func (n *Node) Dot(m *Node) *Node {
	if len(n.shape) != 1 || len(m.shape) != 1 || n.shape[0] != m.shape[0] {
		panic(shapeErrorf("Dot", "shapes %v and %v are not vectors of one length", n.shape, m.shape))
	}
	k := n.shape[0]
	return n.Reshape(1, k).MatMul(m.Reshape(k, 1)).Reshape()
}

// Outer returns the outer product nᵢmⱼ of two vectors, of shape
// [len(n), len(m)]: a k×1 by 1×l MatMul on the graph's backend. Operands
// that are not vectors panic with a *linalg.ShapeError naming "Outer".
func (n *Node) Outer(m *Node) *Node {
	if len(n.shape) != 1 || len(m.shape) != 1 {
		panic(shapeErrorf("Outer", "shapes %v and %v are not both vectors", n.shape, m.shape))
	}
	return n.Reshape(n.shape[0], 1).MatMul(m.Reshape(1, m.shape[0]))
}
