package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// The chain rule multiplies a tangent or a gradient (the carrier) by a
// local derivative. As in package dual, a carrier that is exactly zero
// contributes exactly zero even where the derivative is infinite or NaN:
// √x at x = 0 has derivative +Inf, but an element that nothing perturbs
// must not turn the rest of a Jacobian into NaN. Forward mode, reverse mode
// and the dual numbers then agree element by element.

// chainMul returns carrier·factor elementwise, broadcasting, with 0 wherever
// the carrier is 0.
func chainMul(carrier, factor *linalg.Tensor) *linalg.Tensor {
	return linalg.Map2("chain", carrier, factor, chainProduct)
}

func chainProduct(c, f float64) float64 {
	if c == 0 {
		return 0
	}
	return c * f
}

// chain is the graph op for chainMul, so gradients built from it can be
// differentiated again (Hessian-vector products).
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
func (chain) VJP(n, grad *Node) []*Node {
	c, f := n.inputs[0], n.inputs[1]
	return []*Node{grad.chain(f).SumTo(c.shape...), grad.chain(c).SumTo(f.shape...)}
}

// chain returns n·f where n carries a tangent or gradient: see chainMul.
func (n *Node) chain(f *Node) *Node { return n.g.Apply(chain{}, n, f) }
