package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// Linear and bilinear ops are declared, not recognised by name, the way JAX
// declares its primitives (deflinear, and bilinear ops such as dot_general
// that own one transpose rule per operand).
//
// A linear op f (reshape, transpose, broadcast, sum-to, a slot) satisfies
// f(x + t·v) = f(x) + t·f(v), so its JVP is the op itself applied to the
// tangent: only its transpose rule (the VJP) is written by hand.
//
// A bilinear op f(a, b) (matmul) is linear in each operand with the other
// fixed, so d f(a, b) = f(ȧ, b) + f(a, ḃ): again the forward rule gives the
// JVP, and the VJP is one transpose rule per operand, built from the same
// family of ops (the transpose of a matmul is a matmul).

// linearRule is what a linear or bilinear op writes by hand: its name, shape
// rule, forward rule and transpose rule (the VJP).
type linearRule interface {
	Name() string
	Shape(in ...[]int) []int
	Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor
	// Transpose returns the gradients of the inputs given the output's, as
	// graph nodes: the adjoint of the linear map.
	Transpose(n, grad *Node) []*Node
}

// linear makes an Op of a rule that is linear in its inputs jointly.
type linear struct{ linearRule }

// JVP applies the op to the tangents (zeros where an input does not move).
func (l linear) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return l.Forward(b, zerosForNil(in, d)...)
}

// zerosForNil returns the tangents d with a zero tensor of the input's
// shape in place of each nil (an input that does not move), for rules that
// need every tangent.
func zerosForNil(in, d []*linalg.Tensor) []*linalg.Tensor {
	filled := make([]*linalg.Tensor, len(d))
	for i, t := range d {
		if t == nil {
			t = linalg.Zeros(in[i].Shape()...)
		}
		filled[i] = t
	}
	return filled
}

// VJP is the transpose rule.
func (l linear) VJP(n, grad *Node) []*Node { return l.Transpose(n, grad) }

// bilinear makes an Op of a rule of two operands that is linear in each.
type bilinear struct{ linearRule }

// JVP: d f(a, b) = f(ȧ, b) + f(a, ḃ), each term present only where its
// operand moves.
func (l bilinear) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	f := l.linearRule
	if c, ok := f.(interface{ chainForm() linearRule }); ok {
		f = c.chainForm() // a tangent times a factor: the chain rule's product
	}
	var t *linalg.Tensor
	if d[0] != nil {
		t = f.Forward(b, d[0], in[1])
	}
	if d[1] != nil {
		tb := f.Forward(b, in[0], d[1])
		if t == nil {
			return tb
		}
		sum := linalg.ElementwiserOf(b).Add(t, tb)
		dropTemps(append([]*linalg.Tensor{sum}, append(in, d...)...), t, tb)
		t = sum
	}
	return t
}

// VJP is the transpose rule, one gradient per operand.
func (l bilinear) VJP(n, grad *Node) []*Node { return l.Transpose(n, grad) }
