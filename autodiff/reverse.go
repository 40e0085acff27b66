package autodiff

import (
	"fmt"
	"strings"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Grad builds the reverse-mode gradient of the scalar y (one element) with
// respect to each node of wrt, and returns the gradient nodes; Run them to
// get their values. The gradient is a graph of ordinary ops, so it can be
// run again for new inputs without rebuilding, and differentiated again.
// Asking twice for the same gradient returns the nodes built the first time.
func (g *Graph) Grad(y *Node, wrt ...*Node) []*Node {
	if product(y.shape) != 1 {
		panic(shapeErrorf("Grad", "output %s has shape %v; a gradient needs one element (use VJP for tensors)", y.Label(), y.shape))
	}
	key := gradKey("grad", y, wrt)
	if gs, ok := g.grads[key]; ok {
		return gs
	}
	one := g.Const("1", linalg.Full(1, y.shape...))
	one.gradient = true
	gs := g.backward(y, one, wrt)
	g.grads[key] = gs
	return gs
}

// Gradient runs the graph and returns ∂y/∂x for each x in wrt. It runs y
// too, so y and everything it depends on have current values afterwards.
// The tensors are the caller's own: later runs do not change them.
func (g *Graph) Gradient(y *Node, wrt ...*Node) ([]*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	return g.values(g.Grad(y, wrt...), y)
}

// VJP is reverse mode for a tensor output: the vector-Jacobian products
// uᵀ·∂y/∂x for each x in wrt, for a cotangent u of y's shape. The result has
// one tensor per wrt node, of that node's shape. Its gradient graph is built
// once (see VJPNodes) and rerun for every u.
func (g *Graph) VJP(y *Node, wrt []*Node, u *linalg.Tensor) ([]*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if u == nil || !linalg.SameShape(u.Shape(), y.shape) {
		var shape []int
		if u != nil {
			shape = u.Shape()
		}
		panic(shapeErrorf("VJP", "cotangent of shape %v for output %s of shape %v", shape, y.Label(), y.shape))
	}
	seed, gs := g.VJPNodes(y, wrt...)
	seed.Set(u)
	return g.values(gs, y)
}

// VJPNodes builds (once) the reverse-mode graph of y with respect to wrt for
// a cotangent that is itself an input: Set seed to u and Run grads to get
// uᵀ·∂y/∂x for each x in wrt. It is Grad for a tensor output, and the hook
// through which tools (the gradient check) walk the gradient nodes of a
// tensor output. Asking twice returns the nodes built the first time.
func (g *Graph) VJPNodes(y *Node, wrt ...*Node) (seed *Node, grads []*Node) {
	key := gradKey("vjp", y, wrt)
	gs, ok := g.grads[key]
	if !ok {
		seed := g.Input(fmt.Sprintf("ū(%s)", y.Label()), y.shape...)
		seed.gradient = true
		gs = append(g.backward(y, seed, wrt), seed) // the seed rides at the end
		g.grads[key] = gs
	}
	return gs[len(gs)-1], gs[:len(gs)-1]
}

// values runs the nodes and also, along the way, the node y, returning the
// nodes' values.
func (g *Graph) values(nodes []*Node, y *Node) ([]*linalg.Tensor, error) {
	if err := g.Run(append([]*Node{y}, nodes...)...); err != nil {
		return nil, err
	}
	out := make([]*linalg.Tensor, len(nodes))
	for i, n := range nodes {
		out[i] = n.own()
	}
	return out, nil
}

// own returns n's value as a tensor of the caller's own: a host copy, which
// no later Run overwrites (see Node.Value) or frees (a device value: the
// graph frees its own device memory, device.go).
func (n *Node) own() *linalg.Tensor { return n.value.Clone() }

// backward is the reverse-mode loop: walking the nodes from y back to the
// start, each op turns its output's gradient into gradients of its inputs
// (new nodes), and gradients reaching a node along several paths are added.
// Only nodes between wrt and y are visited.
func (g *Graph) backward(y, seed *Node, wrt []*Node) []*Node {
	g.own("Grad", append([]*Node{y, seed}, wrt...))
	start := len(g.nodes)
	defer func() {
		for _, n := range g.nodes[start:] {
			n.gradient = true
		}
	}()
	depends := make([]bool, len(g.nodes)) // does the node depend on some wrt?
	for _, x := range wrt {
		depends[x.id] = true
	}
	for _, n := range g.nodes[:y.id+1] {
		for _, in := range n.inputs {
			depends[n.id] = depends[n.id] || depends[in.id]
		}
	}
	adj := map[*Node]*Node{y: seed}
	for i := y.id; i >= 0; i-- {
		n := g.nodes[i]
		a := adj[n]
		if a == nil || !depends[n.id] {
			continue
		}
		n.adjoint = a
		if n.op == nil || !inputsDepend(n, depends) {
			continue // a wrt node itself: nothing below it is wanted
		}
		before := len(g.nodes)
		vjp := n.op.VJP(n, a)
		for k, gk := range vjp {
			in := n.inputs[k]
			if gk == nil || !depends[in.id] {
				continue
			}
			if !linalg.SameShape(gk.shape, in.shape) {
				panic(shapeErrorf(n.op.Name(), "VJP gave input %d a gradient of shape %v for shape %v", k, gk.shape, in.shape))
			}
			if prev := adj[in]; prev != nil {
				gk = prev.Add(gk)
			}
			adj[in] = gk
		}
		// The nodes made now, the VJP's and the sums that add its gradients
		// to other paths', belong to n's VJP.
		for _, m := range g.nodes[before:] {
			if m.gradOf == nil {
				m.gradOf = n
			}
		}
	}
	out := make([]*Node, len(wrt))
	for i, x := range wrt {
		if out[i] = adj[x]; out[i] == nil {
			out[i] = g.Const("0", linalg.Zeros(x.shape...))
		}
	}
	return out
}

// inputsDepend reports whether some input of n depends on a wrt node.
func inputsDepend(n *Node, depends []bool) bool {
	for _, in := range n.inputs {
		if depends[in.id] {
			return true
		}
	}
	return false
}

// partialWithin builds ∂y/∂x for a node x that y depends on, during a
// backward pass (an op's VJP rule may need the derivative of its incoming
// gradient with respect to its own output: see kinkTerm). It leaves the
// adjoints that the outer pass recorded for pictures as they were. It
// panics with a SecondOrderError where y holds an op with no rule for its
// own derivative.
func (g *Graph) partialWithin(y, x *Node) *Node {
	saved := make([]*Node, len(g.nodes))
	for i, n := range g.nodes {
		saved[i] = n.adjoint
	}
	defer func() {
		for i, a := range saved {
			g.nodes[i].adjoint = a
		}
	}()
	one := g.Const("1", linalg.Full(1, y.shape...))
	one.gradient = true
	return g.backward(y, one, []*Node{x})[0]
}

// gradKey names a gradient subgraph: its kind, output and inputs.
func gradKey(kind string, y *Node, wrt []*Node) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d:", kind, y.id)
	for _, x := range wrt {
		fmt.Fprintf(&b, "%d,", x.id)
	}
	return b.String()
}
