package autodiff

import (
	"fmt"
	"strings"

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
// tensors, with no graph in sight. Its fields carry the names of Op's
// methods and mean the same; apply it with Graph.ApplyFunc, which refuses a
// Func that lacks a rule. Its gradient is computed by calling VJP; that
// gradient has no derivative of its own, so Hessian-vector products through
// a Func report a SecondOrderError (a built-in op, or a custom Op whose VJP
// is written with graph ops, has one).
//
// The rules' results are checked when they are computed: Forward must
// return the shape Shape declared, JVP the output's shape, VJP one tensor
// (or nil, meaning zero) per input of that input's shape. A rule that
// breaks this panics with a *linalg.ShapeError naming the Func.
type Func struct {
	// Name names the op in reports and pictures.
	Name string
	// Shape returns the output shape for the input shapes, panicking if
	// they cannot work; nil means the shape of the first input.
	Shape func(in ...[]int) []int
	// Forward computes the value.
	Forward func(in ...*linalg.Tensor) *linalg.Tensor
	// JVP returns the output tangent; tangents[i] is never nil (a zero
	// tensor where the input does not move).
	JVP func(in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor
	// VJP returns the gradient of every input given the output's.
	VJP func(in []*linalg.Tensor, out, grad *linalg.Tensor) []*linalg.Tensor
}

// ApplyFunc adds a node computing the user op f on the inputs. It panics if
// f lacks a name or one of its rules (Forward, JVP, VJP), so that a missing
// rule is found while the graph is built, not inside a gradient check. The
// node keeps a copy of f: changing f's fields afterwards does not change it.
func (g *Graph) ApplyFunc(f *Func, inputs ...*Node) *Node {
	if f == nil {
		panic(usageErrorf("ApplyFunc", "nil Func"))
	}
	var missing []string
	if f.Name == "" {
		missing = append(missing, "Name")
	}
	if f.Forward == nil {
		missing = append(missing, "Forward")
	}
	if f.JVP == nil {
		missing = append(missing, "JVP")
	}
	if f.VJP == nil {
		missing = append(missing, "VJP")
	}
	if len(missing) > 0 {
		panic(usageErrorf("ApplyFunc", "Func %q has no %s: a Func needs a Name, a Forward, a JVP and a VJP rule", f.Name, strings.Join(missing, ", ")))
	}
	c := *f // the graph keeps the rules it was given, even if f changes later
	return g.Apply(funcOp{&c}, inputs...)
}

// funcOp is the Op of a Func.
type funcOp struct{ f *Func }

func (o funcOp) Name() string { return o.f.Name }

func (o funcOp) Shape(in ...[]int) []int {
	if o.f.Shape != nil {
		return o.f.Shape(in...)
	}
	if len(in) == 0 {
		panic(shapeErrorf(o.f.Name, "no inputs and no Shape rule"))
	}
	return in[0]
}

func (o funcOp) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	shapes := make([][]int, len(in))
	for i, t := range in {
		shapes[i] = t.Shape()
	}
	return o.checked("Forward", o.f.Forward(in...), o.Shape(shapes...))
}

// JVP calls the Func's JVP, with zero tensors in place of nil tangents.
func (o funcOp) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor {
	return o.checked("JVP", o.f.JVP(in, out, zerosForNil(in, tangents)), out.Shape())
}

// VJP adds one node per input whose value is that input's part of the
// Func's VJP.
func (o funcOp) VJP(n *Node, grad *Node) []*Node {
	ins := append(append([]*Node{}, n.inputs...), n, grad)
	grads := make([]*Node, len(n.inputs))
	for i := range n.inputs {
		grads[i] = n.g.Apply(funcCotangent{f: o.f, index: i}, ins...)
	}
	return grads
}

// checked returns t after making sure a rule of the user's gave the shape
// it must.
func (o funcOp) checked(rule string, t *linalg.Tensor, want []int) *linalg.Tensor {
	if t == nil || !linalg.SameShape(t.Shape(), want) {
		var got any = "nil"
		if t != nil {
			got = t.Shape()
		}
		panic(shapeErrorf(o.f.Name, "its %s rule returned shape %v, want %v", rule, got, want))
	}
	return t
}

// funcCotangent evaluates part index of a Func's VJP; its inputs are the
// Func's inputs, its output and the output's gradient.
type funcCotangent struct {
	f     *Func
	index int
}

func (c funcCotangent) Name() string { return fmt.Sprintf("%s-vjp[%d]", c.f.Name, c.index) }

func (c funcCotangent) Shape(in ...[]int) []int { return in[c.index] }

func (c funcCotangent) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	k := len(in) - 2
	grads := c.f.VJP(in[:k], in[k], in[k+1])
	if len(grads) != k {
		panic(shapeErrorf(c.f.Name, "its VJP rule returned %d gradients for %d inputs", len(grads), k))
	}
	want := in[c.index].Shape()
	if grads[c.index] == nil {
		return linalg.Zeros(want...)
	}
	return funcOp{c.f}.checked(fmt.Sprintf("VJP (input %d)", c.index), grads[c.index], want)
}

func (c funcCotangent) JVP(linalg.Backend, []*linalg.Tensor, *linalg.Tensor, []*linalg.Tensor) *linalg.Tensor {
	panic(noSecondOrder(c.f.Name))
}

func (c funcCotangent) VJP(*Node, *Node) []*Node { panic(noSecondOrder(c.f.Name)) }

// SecondOrderError is the panic value of an attempt to differentiate a rule
// that has no derivative of its own (the gradient of a Func, or a third
// derivative of an elementwise function).
type SecondOrderError struct{ Op string }

func (e SecondOrderError) Error() string {
	return fmt.Sprintf("autodiff: %s has no derivative rule for its own derivative; Hessian-vector products need ops whose VJP is built from graph ops", e.Op)
}

func noSecondOrder(op string) error { return SecondOrderError{Op: op} }
