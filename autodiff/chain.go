package autodiff

import (
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The chain rule multiplies a tangent or a gradient (the carrier) by a
// local derivative (the factor). Both modes use package dual's strong zero
// (dual.ChainProduct): an exact zero on either side contributes exactly
// zero, even against an infinite or NaN other side.
//
//   - A zero carrier: an element that nothing perturbs, or whose output
//     nothing weighs. √x at x = 0 has derivative +Inf, but it must not turn
//     the rest of a Jacobian into NaN.
//   - A zero factor: the op does not depend on that input here — the branch
//     of Maximum that is not taken, ReLU and Abs at their kinks, a weight of
//     a softmax over −Inf. f(x) = max(2x+1, √x) at 0 has f′ = 2 in forward
//     mode (the √ tangent is +Inf, max's partial for it 0) as in reverse
//     mode (max's cotangent for √ is 0, √′ is +Inf).
//
// Forward mode, reverse mode and the dual numbers then agree element by
// element.
//
// The product rule of a bilinear op is no exception: for x·y the partial
// ∂/∂x is the value of y, and where it is exactly 0 it stops an infinite
// cotangent as any zero partial does. √(x²) at 0 therefore has gradient 0 in
// both modes, the convention of |x| at its kink. The price of the strong
// zero, as in Julia's ForwardDiff, is that a true 0·∞ limit (√x·√x at 0,
// whose derivative is 1) also comes out 0; an ∞ − ∞ (√x − √x at 0) stays
// NaN, and the gradient check traces it.

// chainMul returns carrier·factor elementwise, broadcasting, with the
// strong zero of dual.ChainProduct.
func chainMul(carrier, factor *linalg.Tensor) *linalg.Tensor {
	return linalg.Map2("chain", carrier, factor, dual.ChainProduct)
}

// strongDot returns Σ aᵢbᵢ with the strong zero in every term: a JVP that
// contracts a partial with a tangent (a norm's, a reduction's).
func strongDot(a, b *linalg.Tensor) float64 {
	return linalg.SumAll(chainMul(a, b))
}

// chain is the graph op for chainMul, so gradients built from it can be
// differentiated again (Hessian-vector products). Its first input is the
// carrier (a gradient), its second the factor (a local derivative, or the
// other operand of a product).
type chain struct{}

func (chain) Name() string { return "mul (chain rule)" }

func (chain) Shape(in ...[]int) []int { return linalg.BroadcastShapes("chain", in[0], in[1]) }

func (chain) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return chainMul(in[0], in[1])
}

// JVP: d(c·f) = dc·f + c·df, each term a product with a carrier.
func (chain) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	t := linalg.Zeros(out.Shape()...)
	if d[0] != nil {
		t = linalg.Add(t, chainMul(d[0], in[1]))
	}
	if d[1] != nil {
		t = linalg.Add(t, chainMul(d[1], in[0]))
	}
	return t
}

// VJP: c̄ = ḡ·f and f̄ = ḡ·c, summed back to each side's shape.
func (c chain) VJP(n, grad *Node) []*Node {
	cr, f := n.inputs[0], n.inputs[1]
	return []*Node{
		n.g.Apply(c, grad, f).SumTo(cr.shape...),
		n.g.Apply(c, grad, cr).SumTo(f.shape...),
	}
}

// chain returns n·f where n carries a tangent or gradient: see chainMul.
func (n *Node) chain(f *Node) *Node { return n.g.Apply(chain{}, n, f) }
