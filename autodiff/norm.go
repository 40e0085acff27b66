package autodiff

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/dual"
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
	return linalg.Scalar(strongDot(d[0], o.gradient(in[0], out.Item())))
}

// VJP: x̄ = ȳ·∇‖x‖, the gradient node normGrad having a VJP of its own
// (reverse-over-reverse works through norms). For p = 2 a second term
// carries the second-order rule through the kink at 0: see kinkTerm.
func (o norm) VJP(n, grad *Node) []*Node {
	x := n.inputs[0]
	gx := grad.chain(n.g.Apply(normGrad(o), x, n))
	if o.p == 2 {
		if k := kinkTerm(x, n, grad); k != nil {
			gx = gx.Add(k)
		}
	}
	return []*Node{gx}
}

// kinkTerm is the part of the Euclidean norm's VJP that matters only at
// x = 0. There ∇‖x‖ is 0 by convention and its derivative unbounded
// (‖x‖·∂(x/‖x‖) = I − ĝĝᵀ), so the HVP of a smooth function of the norm,
// such as ‖x‖² = x·x, would be 0·∞. Writing the gradient as
// x̄ = x·(ȳ/‖x‖) keeps the bounded product: where ȳ = 0 and ‖x‖ = 0 the
// ratio ȳ/‖x‖ has the limit ∂ȳ/∂‖x‖ (L'Hôpital, ȳ depending on x through
// the norm), a graph node built here by differentiating ȳ with respect to
// the norm's node. The term is x·[ȳ = 0 and ‖x‖ = 0]·∂ȳ/∂‖x‖: exactly 0
// (a strong zero) everywhere else, and at 0 its derivative along v is
// v·∂ȳ/∂‖x‖ — 2v for ‖x‖², −v/h² for the Gaussian exp(−‖x‖²/2h²). Where
// ȳ ≠ 0 at the kink (‖x‖ itself) the Hessian is truly unbounded and the
// term stays 0, as the convention ∇‖x‖(0) = 0 has it.
//
// ∂ȳ/∂‖x‖ is one order of differentiation above the pass that builds it,
// so where ȳ holds an op with no rule of that order (the third derivative
// of an elementwise function, in reverse-over-reverse), kinkTerm returns
// nil: the gradient is then right everywhere and its derivative at x = 0
// falls back to 0.
func kinkTerm(x, n, grad *Node) (term *Node) {
	g := n.g
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(SecondOrderError); !ok {
				panic(r)
			}
			term = nil
		}
	}()
	// Only the limit's value matters: x = 0 wherever the term is not 0, so
	// the limit's own derivatives are multiplied by 0 and never needed.
	limit := g.Apply(stopGradient{}, g.partialWithin(grad, n))
	at := g.Apply(bothZero{}, grad, n)
	return x.chain(at.chain(limit))
}

// bothZero is 1 where every input (one element each) is exactly 0 and 0
// elsewhere: an indicator, piecewise constant, so its derivative is 0.
type bothZero struct{}

func (bothZero) Name() string            { return "both-zero" }
func (bothZero) Shape(in ...[]int) []int { return []int{} }
func (bothZero) VJP(n, _ *Node) []*Node  { return make([]*Node, len(n.inputs)) }
func (bothZero) derivativeFree()         {}
func (bothZero) JVP(linalg.Backend, []*linalg.Tensor, *linalg.Tensor, []*linalg.Tensor) *linalg.Tensor {
	return linalg.Scalar(0)
}

func (bothZero) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	for _, t := range in {
		if t.Item() != 0 {
			return linalg.Scalar(0)
		}
	}
	return linalg.Scalar(1)
}

// gradient returns ∂‖x‖_p/∂x = sign(x)·(|x|/‖x‖)^(p−1). At x = 0, where
// every norm has a kink, it is 0 (the subgradient of least norm, as abs′(0)).
// For the max norm it is sign(x) on the largest |xᵢ|, shared at ties.
func (o norm) gradient(x *linalg.Tensor, nrm float64) *linalg.Tensor {
	if nrm == 0 {
		return linalg.Zeros(x.Shape()...)
	}
	if math.IsInf(o.p, 1) {
		mask := linalg.MaxMaskAll(linalg.Map(x, math.Abs))
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
// (v − u(u·v))/‖x‖ with u = x/‖x‖; p = 1 and ∞ give 0 away from ties.) At
// x = 0 the rule gives 0, like the gradient there (see kinkTerm for the
// bounded products through that point). H is symmetric, so the VJP is the
// same formula, built from graph ops so it can be differentiated again.
type normGrad norm

func (o normGrad) Name() string            { return norm(o).Name() + "′" }
func (o normGrad) Shape(in ...[]int) []int { return in[0] }

func (o normGrad) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return norm(o).gradient(in[0], in[1].Item())
}

// piecewiseLinear reports whether the norm is linear between kinks (p = 1,
// p = ∞), so its gradient is piecewise constant and its Hessian 0.
func (o normGrad) piecewiseLinear() bool { return o.p == 1 || math.IsInf(o.p, 1) }

// JVP uses only the tangent of x: the second input is always ‖x‖ itself
// (see norm.VJP), so the formula above is already the total derivative, and
// adding the tangent of ‖x‖ would count it twice.
func (o normGrad) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	x, nrm := in[0], in[1].Item()
	if d[0] == nil || nrm == 0 || o.piecewiseLinear() {
		return linalg.Zeros(x.Shape()...)
	}
	t := d[0]
	if o.p != 2 {
		w := linalg.Map(x, func(v float64) float64 { return math.Pow(math.Abs(v)/nrm, o.p-2) })
		t = chainMul(d[0], w)
	}
	gv := strongDot(d[0], out)
	t = linalg.Sub(t, linalg.Scale(gv, out))
	return linalg.Scale((o.p-1)/nrm, t)
}

// VJP: x̄ = H·ḡ (H is symmetric), from graph ops: the node itself for g,
// and kinkInv for (p−1)/‖x‖, which is 0 at x = 0 as the JVP is. The second
// input, ‖x‖, gets no gradient, as its tangent is not used by the JVP.
func (o normGrad) VJP(n, grad *Node) []*Node {
	if o.piecewiseLinear() {
		return []*Node{nil, nil}
	}
	x, nrm := n.inputs[0], n.inputs[1]
	t := grad
	if o.p != 2 { // w = (|x|/‖x‖)^(p−2)
		w := x.Abs().chain(n.g.Apply(kinkInv{1}, nrm)).Pow(n.g.Scalar(o.p - 2))
		t = grad.chain(w)
	}
	t = t.Sub(n.chain(grad.chain(n).Sum()))
	return []*Node{t.chain(n.g.Apply(kinkInv{o.p - 1}, nrm)), nil}
}

// kinkInv is c/r for a one-element r, and 0 at r = 0: the factor c/‖x‖ of
// a norm's Hessian, with the convention that the Hessian is 0 at x = 0. Its
// derivative −c/r² = −(c/r)²/c is written with itself, so it has every
// order.
type kinkInv struct{ c float64 }

func (k kinkInv) Name() string            { return fmt.Sprintf("%g/‖x‖", k.c) }
func (k kinkInv) Shape(in ...[]int) []int { return in[0] }

func (k kinkInv) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map(in[0], k.at)
}

func (k kinkInv) at(r float64) float64 {
	if r == 0 {
		return 0
	}
	return k.c / r
}

func (k kinkInv) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	q := out.Item()
	return linalg.Scalar(dual.ChainProduct(d[0].Item(), -q*q/k.c))
}

func (k kinkInv) VJP(n, grad *Node) []*Node {
	return []*Node{grad.chain(n).chain(n).Scale(-1 / k.c)}
}

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
