package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Graph is a computation graph: inputs, constants and the ops built on them.
// Nodes are numbered in the order they are made, and a node only ever refers
// to nodes made before it, so that order is already a topological order: the
// forward pass, the forward-mode pass and the backward pass are each one loop
// over g.nodes.
type Graph struct {
	nodes   []*Node
	backend linalg.Backend
	grads   map[string][]*Node // gradient subgraphs already built, by (output, seed, wrt)
	// need is the last Run's set of nodes to compute, kept for the next Run
	// with the same targets (needFor) and the same number of nodes.
	need    []bool
	needFor []int
	// allocate makes every op compute with Forward (tests compare it with
	// the buffered path).
	allocate bool
	// device is set when the backend is not the CPU: values may be device
	// tensors, whose memory the graph frees (device.go). retired holds the
	// device values of earlier runs that are still in use (set as inputs).
	device  bool
	retired []*linalg.Tensor
	// moved measures the bytes each evaluation copies (moved.go).
	moved transferCount
}

// Node is one value of the graph: an input, a constant, or an op applied to
// earlier nodes.
type Node struct {
	g      *Graph
	id     int
	name   string // inputs and constants: a name of the user's; ops: ""
	input  bool   // an input: its value is Set, and it can be differentiated against
	op     Op     // nil for inputs and constants
	inputs []*Node
	shape  []int
	value  *linalg.Tensor
	// buf is the node's own output buffer: for an op, the destination its
	// ForwardInto writes every run (noInto: the op computes elsewhere, so
	// it gets none); for an input, the tensor SetCopy copies into. in holds
	// the input values an op is given, reused across runs.
	buf    *linalg.Tensor
	noInto bool
	in     []*linalg.Tensor
	// adjoint is the gradient node of the last backward pass that reached
	// this node; pictures of the graph show its value.
	adjoint *Node
	// gradient marks nodes that reverse mode added; gradOf is the node
	// whose VJP rule added this one.
	gradient bool
	gradOf   *Node
	// borrowed marks an op whose value shares storage with a tensor the
	// graph does not own (an input's or a constant's, e.g. a reshape of
	// one): the graph never releases it.
	borrowed bool
	// stage is the value as the ops of the current run read it on a device
	// backend (linalg.Stage of stageOf, the value it was made from).
	stage, stageOf *linalg.Tensor
}

// New returns an empty graph whose heavy ops run on the CPU backend.
func New() *Graph { return NewOn(linalg.Default) }

// NewOn returns an empty graph whose heavy ops (matmul, distances, the mean
// shift update) run on backend b.
func NewOn(b linalg.Backend) *Graph {
	_, cpu := b.(linalg.CPU)
	return &Graph{backend: b, grads: map[string][]*Node{}, device: !cpu}
}

// Backend returns the backend the graph runs its heavy ops on.
func (g *Graph) Backend() linalg.Backend { return g.backend }

// Nodes returns every node in creation (topological) order.
func (g *Graph) Nodes() []*Node { return append([]*Node(nil), g.nodes...) }

// Input adds a named input of the given shape. Give it a value with Set
// before running the graph. A negative dimension panics with a
// *linalg.ShapeError.
func (g *Graph) Input(name string, shape ...int) *Node {
	for _, d := range shape {
		if d < 0 {
			panic(shapeErrorf("Input", "%s: negative dimension in shape %v", name, shape))
		}
	}
	return g.add(&Node{name: name, input: true, shape: append([]int{}, shape...)})
}

// Const adds a constant: a node whose value is fixed and which is never
// differentiated with respect to.
func (g *Graph) Const(name string, t *linalg.Tensor) *Node {
	if t == nil {
		panic(usageErrorf("Const", "%s: nil tensor", name))
	}
	g.release(t)
	return g.add(&Node{name: name, shape: t.Shape(), value: t})
}

// Scalar adds a rank-0 constant.
func (g *Graph) Scalar(v float64) *Node {
	return g.Const(fmt.Sprint(v), linalg.Scalar(v))
}

// Apply adds a node computing op on the inputs. The op checks the shapes
// now, so a mismatch panics while the graph is built, naming the op.
func (g *Graph) Apply(op Op, inputs ...*Node) *Node {
	if op == nil {
		panic(usageErrorf("Apply", "nil op"))
	}
	shapes := make([][]int, len(inputs))
	for i, in := range inputs {
		if in == nil {
			panic(usageErrorf(op.Name(), "input %d is nil", i))
		}
		if in.g != g {
			panic(usageErrorf(op.Name(), "input %d belongs to another graph", i))
		}
		shapes[i] = in.shape
	}
	return g.add(&Node{op: op, inputs: append([]*Node(nil), inputs...), shape: op.Shape(shapes...)})
}

// own panics unless every node belongs to g.
func (g *Graph) own(op string, nodes []*Node) {
	for _, n := range nodes {
		if n.g != g {
			panic(usageErrorf(op, "node %s belongs to another graph", n.Label()))
		}
	}
}

func (g *Graph) add(n *Node) *Node {
	n.g, n.id = g, len(g.nodes)
	g.nodes = append(g.nodes, n)
	return n
}

// ID returns the node's position in the graph.
func (n *Node) ID() int { return n.id }

// Graph returns the graph the node belongs to.
func (n *Node) Graph() *Graph { return n.g }

// Op returns the node's op, or nil for inputs and constants.
func (n *Node) Op() Op { return n.op }

// Inputs returns the nodes the op reads.
func (n *Node) Inputs() []*Node { return append([]*Node(nil), n.inputs...) }

// Shape returns the node's shape.
func (n *Node) Shape() []int { return append([]int{}, n.shape...) }

// Value returns the value of the last run, or nil before any run.
//
// On a device backend an op's value is a device tensor that the graph owns:
// the next Run (or Release) frees its device memory, so a value held from
// an earlier run keeps its numbers only if it was read on the host before
// (Clone it, or read it, to keep it).
//
// For an op that writes into a destination (an IntoOp: matrix products,
// the elementwise functions, broadcasting, sums …) the tensor is the node's
// own buffer, which every Run overwrites: a value held from an earlier run
// changes under the holder when the graph runs again (Clone it to keep it).
// That is what lets a training loop run without allocating. The entry
// points that return tensors (Gradient, ValueAndGrad, VJP, JVP, HVP,
// Jacobian, Hessian) return tensors of the caller's own, which no later run
// touches. For an input, Value is the tensor given to Set (or the input's
// own copy, after SetCopy).
func (n *Node) Value() *linalg.Tensor { return n.value }

// IsGradient reports whether reverse mode added n to the graph.
func (n *Node) IsGradient() bool { return n.gradient }

// GradientOf returns the node whose VJP rule added n, or nil.
func (n *Node) GradientOf() *Node { return n.gradOf }

// Label names the node for reports and pictures: "x" for inputs and
// constants, "#7 tanh" for ops.
func (n *Node) Label() string {
	if n.op == nil {
		return n.name
	}
	return fmt.Sprintf("#%d %s", n.id, n.op.Name())
}

// Set gives an input its value: the graph keeps t itself, not a copy. So
// changes made to t in place later (an SGD step updating the weights,
// w.Data()[i] -= lr·g[i]) are what the next Run sees, without another Set,
// and a training loop that updates its tensors in place allocates nothing.
// To give the graph values that later changes to t must not reach, use
// SetCopy. The shape must be the input's shape.
func (n *Node) Set(t *linalg.Tensor) {
	if !n.input {
		panic(usageErrorf("Set", "%s is not an input", n.Label()))
	}
	if t == nil {
		panic(usageErrorf("Set", "%s: nil tensor", n.name))
	}
	if !t.HasShape(n.shape) {
		panic(shapeErrorf("Set", "%s: value of shape %v for an input of shape %v", n.name, t.Shape(), n.shape))
	}
	n.g.release(t)
	n.value = t
}

// SetCopy gives an input a copy of t's values: the graph copies them into
// the input's own buffer (made on the first SetCopy, reused by every one
// after, so a loop feeding batches allocates nothing), and later changes to
// t are not seen. Value then returns that buffer, which the next SetCopy
// overwrites. The shape must be the input's shape.
func (n *Node) SetCopy(t *linalg.Tensor) {
	n.Set(t) // the checks
	if n.buf == nil {
		n.buf = linalg.Zeros(n.shape...)
	}
	t.CopyTo(n.buf.Data())
	n.value = n.buf
}

// Replace swaps the value of an input or a constant for t, of the same
// shape, and returns the value it had. It is the hook for tools that probe a
// graph around a point and then put the point back, as the gradient check
// (package gradcheck) does with the nodes it differentiates against;
// ordinary code gives inputs their values with Set. Replace panics on an op
// node, whose value the next Run would overwrite anyway, and on a shape
// mismatch.
func (n *Node) Replace(t *linalg.Tensor) (old *linalg.Tensor) {
	if n.op != nil {
		panic(usageErrorf("Replace", "%s is an op: only inputs and constants hold values of their own", n.Label()))
	}
	if t == nil || !linalg.SameShape(t.Shape(), n.shape) {
		var shape []int
		if t != nil {
			shape = t.Shape()
		}
		panic(shapeErrorf("Replace", "%s: value of shape %v for a node of shape %v", n.Label(), shape, n.shape))
	}
	n.g.release(t)
	old, n.value = n.value, t
	return old
}

// release makes every op whose reused output buffer overlaps t (an output
// fed back as an input: Set(out.Value())) give that buffer up, so that no
// run writes over a value an input or a constant holds; the op gets a fresh
// buffer on its next run.
func (g *Graph) release(t *linalg.Tensor) {
	for _, m := range g.nodes {
		if m.op != nil && linalg.Overlap(m.buf, t) {
			m.buf = nil
		}
	}
}

// Run computes the value of every node that the targets depend on (every
// node if no target is given), in creation order. It fails if an input the
// targets need has no value.
//
// Run reuses memory across runs: an op that can write into a destination
// (IntoOp) writes each run into the buffer it wrote the last one, so after
// the first run a graph of such ops allocates (almost) nothing; see Value
// for what that means for values held from an earlier run.
//
// On a device backend (a GPU's) Run uploads each host input at most once
// per run, however many device ops read it, and frees the device memory of
// the values it replaces (see Value and Release; device.go). A failure of
// the device (a linalg.DeviceFailure: out of device memory, say) is
// returned as Run's error, not panicked. Moved then reports the bytes the
// run copied to the device and back.
func (g *Graph) Run(targets ...*Node) (err error) {
	g.startTransfers()
	defer g.endTransfers()
	defer linalg.RecoverDeviceFailure(&err, "autodiff: Run")
	need := g.ancestors(targets)
	var st stager
	defer st.release()
	for _, n := range g.nodes {
		if !need[n.id] {
			continue
		}
		if n.op == nil {
			if n.value == nil {
				return fmt.Errorf("autodiff: input %q has no value: Set it before Run", n.name)
			}
			continue
		}
		if n.in == nil {
			n.in = make([]*linalg.Tensor, len(n.inputs))
		}
		for i, x := range n.inputs {
			n.in[i] = g.operand(x, &st)
		}
		old, oldBorrowed := n.value, n.borrowed
		n.value = g.forward(n, n.in)
		if g.device {
			n.borrowed = borrows(n, n.in)
			if n.borrowed && viewsStaged(n) {
				n.value = g.forward(n, n.in)
			}
			if old != nil && old != n.value && !oldBorrowed {
				g.retire(old)
			}
		}
		clear(n.in) // hold no values between runs
	}
	g.releaseRetired()
	return nil
}

// ancestors marks the nodes that the targets depend on, the targets
// included; no targets means every node.
// The set is kept for the next call with the same targets; callers must
// not change it.
func (g *Graph) ancestors(targets []*Node) []bool {
	g.own("Run", targets)
	if len(g.need) == len(g.nodes) && len(g.needFor) == len(targets) {
		same := true
		for i, t := range targets {
			same = same && g.needFor[i] == t.id
		}
		if same {
			return g.need
		}
	}
	g.needFor = g.needFor[:0]
	for _, t := range targets {
		g.needFor = append(g.needFor, t.id)
	}
	need := make([]bool, len(g.nodes))
	g.need = need
	if len(targets) == 0 {
		for i := range need {
			need[i] = true
		}
		return need
	}
	for _, t := range targets {
		need[t.id] = true
	}
	for i := len(g.nodes) - 1; i >= 0; i-- {
		if need[i] {
			for _, in := range g.nodes[i].inputs {
				need[in.id] = true
			}
		}
	}
	return need
}

// shapeErrorf is the panic value of a graph whose shapes cannot work: a
// *linalg.ShapeError whose message starts "autodiff: op: ".
func shapeErrorf(op, format string, args ...any) *linalg.ShapeError {
	return linalg.ShapeErrorf("autodiff", op, format, args...)
}
