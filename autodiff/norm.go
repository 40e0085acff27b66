package autodiff

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// norm is ‖x‖_p over all elements, for p ≥ 1 or p = +Inf (the max norm).
type norm struct{ p float64 }

func (o norm) Name() string {
	if math.IsInf(o.p, 1) {
		return "norm∞"
	}
	return fmt.Sprintf("norm%g", o.p)
}

func (o norm) Shape(in ...[]int) []int { return []int{} }

func (o norm) value(x *linalg.Tensor) float64 {
	switch {
	case o.p == 1:
		return linalg.NormL1(x)
	case o.p == 2:
		return linalg.NormL2(x)
	case math.IsInf(o.p, 1):
		return linalg.NormMax(x)
	}
	return linalg.NormLp(x, o.p)
}

func (o norm) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Scalar(o.value(in[0]))
}

func (o norm) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return linalg.Scalar(linalg.Dot(o.gradient(in[0], out.Item()), d[0]))
}

func (o norm) VJP(n, grad *Node) []*Node {
	return []*Node{n.g.Apply(normGrad(o), n.inputs[0], n).Mul(grad)}
}

// gradient returns ∂‖x‖_p/∂x = sign(x)·(|x|/‖x‖)^(p−1). At x = 0, where
// every norm has a kink, it is 0 (the subgradient of least norm, as abs′(0)).
// For the max norm it is sign(x) on the largest |xᵢ|, shared at ties.
func (o norm) gradient(x *linalg.Tensor, nrm float64) *linalg.Tensor {
	if nrm == 0 {
		return linalg.Zeros(x.Shape()...)
	}
	if math.IsInf(o.p, 1) {
		mask := maxMask{all: true}.Forward(nil, linalg.Map(x, math.Abs))
		return linalg.Mul(mask, linalg.Map(x, sign))
	}
	return linalg.Map(x, func(v float64) float64 {
		return sign(v) * math.Pow(math.Abs(v)/nrm, o.p-1)
	})
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return v // ±0 and NaN
}

// normGrad computes the gradient of the norm from x and ‖x‖ (its inputs);
// its JVP is the Hessian of the norm applied to a direction,
//
//	H·v = (p−1)/‖x‖ · ( (|x|/‖x‖)^(p−2)·v − g·(g·v) ),  g the gradient,
//
// which is what a Hessian-vector product through a norm needs. (p = 2 gives
// (v − u(u·v))/‖x‖ with u = x/‖x‖; p = 1 and ∞ give 0 away from ties.)
type normGrad norm

func (o normGrad) Name() string            { return norm(o).Name() + "′" }
func (o normGrad) Shape(in ...[]int) []int { return in[0] }

func (o normGrad) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return norm(o).gradient(in[0], in[1].Item())
}

// JVP uses only the tangent of x: the second input is always ‖x‖ itself
// (see norm.VJP), so the formula above is already the total derivative, and
// adding the tangent of ‖x‖ would count it twice.
func (o normGrad) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	x, nrm := in[0], in[1].Item()
	if d[0] == nil || nrm == 0 || o.p == 1 || math.IsInf(o.p, 1) {
		return linalg.Zeros(x.Shape()...)
	}
	w := linalg.Map(x, func(v float64) float64 { return math.Pow(math.Abs(v)/nrm, o.p-2) })
	gv := linalg.Dot(out, d[0])
	t := linalg.Sub(linalg.Mul(w, d[0]), linalg.Scale(gv, out))
	return linalg.Scale((o.p-1)/nrm, t)
}

func (o normGrad) VJP(_, _ *Node) []*Node { panic(noSecondOrder(o.Name())) }

func (n *Node) norm(p float64) *Node { return n.g.Apply(norm{p: p}, n) }

// NormL1 returns Σ|xᵢ|.
func (n *Node) NormL1() *Node { return n.norm(1) }

// NormL2 returns √Σxᵢ², computed without overflow; its gradient at 0 is 0.
func (n *Node) NormL2() *Node { return n.norm(2) }

// NormLp returns (Σ|xᵢ|ᵖ)^(1/p) for p ≥ 1.
func (n *Node) NormLp(p float64) *Node {
	if !(p >= 1) {
		panic(linalg.ShapeErrorf("autodiff", "NormLp", "p = %v, want p ≥ 1", p))
	}
	return n.norm(p)
}

// NormMax returns max |xᵢ|.
func (n *Node) NormMax() *Node { return n.norm(math.Inf(1)) }

// Frobenius returns the Frobenius norm of a matrix: the L2 norm of its elements.
func (n *Node) Frobenius() *Node { return n.norm(2) }
