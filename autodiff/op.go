package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Op is one primitive of the graph. Like a JAX primitive it owns exactly
// one forward rule, one JVP rule and one VJP rule, and nothing else knows
// how to differentiate it.
//
//   - Shape checks the input shapes while the graph is built and returns the
//     output shape; shapes that cannot combine are a programmer error and
//     panic with a message naming the op and the shapes.
//   - Forward computes the value, running heavy work on the backend.
//   - JVP is forward mode: given the input values, the output value and the
//     input tangents (nil means zero), it returns the output tangent.
//   - VJP is reverse mode: given the node and the gradient of the output (a
//     node), it returns the gradient of each input as new nodes of the same
//     graph (nil means zero). Because the gradient is itself a graph, it can
//     be differentiated again: that is how Hessian-vector products work.
type Op interface {
	Name() string
	Shape(in ...[]int) []int
	Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor
	JVP(b linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor
	VJP(n *Node, grad *Node) []*Node
}

// Func is an op a user defines with numeric rules: plain functions of
// tensors, with no graph in sight. Apply it with Graph.Apply. Its gradient
// is computed by calling VJP; that gradient has no derivative of its own, so
// Hessian-vector products through a Func report an error (a built-in op, or
// a Func whose VJP is written with graph ops through a custom Op, has one).
type Func struct {
	Label string
	// OutShape returns the output shape; nil means the shape of the first input.
	OutShape func(in ...[]int) []int
	// Eval computes the value.
	Eval func(in ...*linalg.Tensor) *linalg.Tensor
	// Tangent returns the output tangent; tangents[i] is nil where zero.
	Tangent func(in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor
	// Cotangent returns the gradient of every input given the output's.
	Cotangent func(in []*linalg.Tensor, out, grad *linalg.Tensor) []*linalg.Tensor
}

// Name returns f.Label.
func (f *Func) Name() string { return f.Label }

// Shape applies OutShape.
func (f *Func) Shape(in ...[]int) []int {
	if f.OutShape != nil {
		return f.OutShape(in...)
	}
	if len(in) == 0 {
		panic(fmt.Sprintf("autodiff: %s: no inputs and no OutShape", f.Label))
	}
	return in[0]
}

// Forward calls Eval.
func (f *Func) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor { return f.Eval(in...) }

// JVP calls Tangent, with zero tensors in place of nil tangents.
func (f *Func) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor {
	filled := make([]*linalg.Tensor, len(tangents))
	for i, t := range tangents {
		if t == nil {
			t = linalg.Zeros(in[i].Shape()...)
		}
		filled[i] = t
	}
	return f.Tangent(in, out, filled)
}

// VJP adds one node per input whose value is that input's part of Cotangent.
func (f *Func) VJP(n *Node, grad *Node) []*Node {
	ins := append(append([]*Node{}, n.inputs...), n, grad)
	grads := make([]*Node, len(n.inputs))
	for i := range n.inputs {
		grads[i] = n.g.Apply(&funcCotangent{f: f, index: i}, ins...)
	}
	return grads
}

// funcCotangent evaluates part index of a Func's Cotangent; its inputs are
// the Func's inputs, its output and the output's gradient.
type funcCotangent struct {
	f     *Func
	index int
}

func (c *funcCotangent) Name() string { return fmt.Sprintf("%s-vjp[%d]", c.f.Label, c.index) }

func (c *funcCotangent) Shape(in ...[]int) []int { return in[c.index] }

func (c *funcCotangent) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	k := len(in) - 2
	return c.f.Cotangent(in[:k], in[k], in[k+1])[c.index]
}

func (c *funcCotangent) JVP(linalg.Backend, []*linalg.Tensor, *linalg.Tensor, []*linalg.Tensor) *linalg.Tensor {
	panic(noSecondOrder(c.f.Label))
}

func (c *funcCotangent) VJP(*Node, *Node) []*Node { panic(noSecondOrder(c.f.Label)) }

// SecondOrderError is the panic value of an attempt to differentiate a rule
// that has no derivative of its own (the gradient of a Func, or a third
// derivative of an elementwise function).
type SecondOrderError struct{ Op string }

func (e SecondOrderError) Error() string {
	return fmt.Sprintf("autodiff: %s has no derivative rule for its own derivative; Hessian-vector products need ops whose VJP is built from graph ops", e.Op)
}

func noSecondOrder(op string) error { return SecondOrderError{Op: op} }
