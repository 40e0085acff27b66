package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// JVP is forward mode: the Jacobian-vector product J·v of y with respect to
// the nodes wrt, for directions v (v[i] has the shape of wrt[i]). The result
// has y's shape. It runs the graph first, so the values it linearises around
// are current. The wrt nodes are inputs or constants.
func (g *Graph) JVP(y *Node, wrt []*Node, v []*linalg.Tensor) (*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if err := g.Run(y); err != nil {
		return nil, err
	}
	return g.JVPAt(y, wrt, v)
}

// JVPAt is JVP without running the graph first: the rules read the values
// the nodes hold now, so the caller must not have changed an input since the
// last Run. It is the hook for tools that take many JVPs at one point (a
// Jacobian column by column, the gradient check); it fails if y has not been
// run.
func (g *Graph) JVPAt(y *Node, wrt []*Node, v []*linalg.Tensor) (*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if y.value == nil {
		return nil, fmt.Errorf("autodiff: JVPAt: %s has no value: Run the graph first", y.Label())
	}
	t, err := g.pushTangents(seedMap("JVP", wrt, v), []*Node{y})
	if err != nil {
		return nil, err
	}
	// A linear path (y = x, a reshape of x) can hand back a direction
	// itself or a view of it; the result is the caller's own tensor.
	for _, d := range v {
		if linalg.Overlap(t[0], d) {
			return t[0].Clone(), nil
		}
	}
	return t[0], nil
}

// seedMap pairs each node of wrt with its direction, panicking (naming op)
// when the counts or shapes differ.
func seedMap(op string, wrt []*Node, v []*linalg.Tensor) map[*Node]*linalg.Tensor {
	if len(v) != len(wrt) {
		panic(shapeErrorf(op, "%d directions for %d nodes", len(v), len(wrt)))
	}
	seeds := make(map[*Node]*linalg.Tensor, len(wrt))
	for i, x := range wrt {
		if _, dup := seeds[x]; dup {
			panic(usageErrorf(op, "%s appears twice among the nodes to differentiate with respect to", x.Label()))
		}
		if v[i] == nil || !linalg.SameShape(v[i].Shape(), x.shape) {
			var shape []int
			if v[i] != nil {
				shape = v[i].Shape()
			}
			panic(shapeErrorf(op, "direction of shape %v for %s of shape %v", shape, x.Label(), x.shape))
		}
		seeds[x] = v[i]
	}
	return seeds
}

// pushTangents is the forward-mode loop: one pass in creation order, each op
// applying its JVP rule to the tangents of its inputs. A nil tangent is zero
// and is never materialised.
func (g *Graph) pushTangents(seeds map[*Node]*linalg.Tensor, outputs []*Node) (tangents []*linalg.Tensor, err error) {
	defer recoverSecondOrder(&err)
	g.own("JVP", outputs)
	tan := make([]*linalg.Tensor, len(g.nodes))
	for n, t := range seeds {
		g.own("JVP", []*Node{n})
		tan[n.id] = t
	}
	last := 0
	for _, o := range outputs {
		last = max(last, o.id)
	}
	need := g.tangentAncestors(outputs)
	var st stager
	defer st.release()
	for _, n := range g.nodes[:last+1] {
		if n.op == nil || !need[n.id] {
			continue
		}
		if _, ok := n.op.(derivativeFree); ok {
			continue // its tangent is zero: nil
		}
		in := make([]*linalg.Tensor, len(n.inputs))
		dIn := make([]*linalg.Tensor, len(n.inputs))
		any := false
		for i, x := range n.inputs {
			in[i], dIn[i] = g.operand(x, &st), tan[x.id]
			any = any || dIn[i] != nil
		}
		if any {
			tan[n.id] = n.op.JVP(g.backend, in, n.value, dIn)
		}
	}
	tangents = make([]*linalg.Tensor, len(outputs))
	for i, o := range outputs {
		if tangents[i] = tan[o.id]; tangents[i] == nil {
			tangents[i] = linalg.Zeros(o.shape...)
		}
	}
	g.releaseTangents(tan, seeds, tangents)
	return tangents, nil
}

// derivativeFree is implemented by ops whose derivative is zero wherever
// it is used: masks and indicators (piecewise constant), and stopGradient.
// Forward mode gives them no tangent and does not push tangents into their
// inputs on their account, so a subgraph read only through such an op
// never needs a derivative rule of its own (see kinkTerm).
type derivativeFree interface{ derivativeFree() }

// HasDerivative reports whether the engine differentiates op at all: false
// for the ops whose derivative is zero wherever it exists (comparisons,
// masks, ArgMax, a stop-gradient): forward mode never calls their JVP, and
// their VJP sends no gradient back. Tools that test rules (the mutation
// test of the gradient check) skip those ops.
func HasDerivative(op Op) bool {
	_, free := op.(derivativeFree)
	return !free
}

// tangentAncestors marks the nodes whose tangents the outputs' tangents
// can depend on: their ancestors, not looking through derivative-free ops.
func (g *Graph) tangentAncestors(outputs []*Node) []bool {
	need := make([]bool, len(g.nodes))
	for _, o := range outputs {
		need[o.id] = true
	}
	for i := len(g.nodes) - 1; i >= 0; i-- {
		n := g.nodes[i]
		if !need[i] || n.op == nil {
			continue
		}
		if _, ok := n.op.(derivativeFree); ok {
			continue
		}
		for _, in := range n.inputs {
			need[in.id] = true
		}
	}
	return need
}

// stopGradient passes its input's value through with derivative zero in
// both modes.
type stopGradient struct{}

func (stopGradient) Name() string                                                  { return "stop-gradient" }
func (stopGradient) Shape(in ...[]int) []int                                       { return in[0] }
func (stopGradient) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor { return in[0] }
func (stopGradient) VJP(_, _ *Node) []*Node                                        { return []*Node{nil} }
func (stopGradient) derivativeFree()                                               {}
func (stopGradient) JVP(_ linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, _ []*linalg.Tensor) *linalg.Tensor {
	return linalg.Zeros(in[0].Shape()...)
}

// recoverSecondOrder turns a SecondOrderError panic, or a device failure
// (linalg.DeviceFailure), into an error return.
func recoverSecondOrder(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(SecondOrderError); ok {
			*err = e
			return
		}
		func() {
			defer linalg.RecoverDeviceFailure(err, "autodiff: forward mode")
			panic(r)
		}()
	}
}
