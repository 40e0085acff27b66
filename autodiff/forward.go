package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// JVP is forward mode. It pushes tangents from the seeded nodes through the
// graph and returns the tangent of each output: J·v for the Jacobian J of the
// outputs with respect to the seeded nodes and v the seeds. It runs the graph
// first, so the values it linearises around are current.
func (g *Graph) JVP(seeds map[*Node]*linalg.Tensor, outputs ...*Node) ([]*linalg.Tensor, error) {
	if err := g.Run(outputs...); err != nil {
		return nil, err
	}
	return g.pushTangents(seeds, outputs)
}

// pushTangents is the forward-mode loop: one pass in creation order, each op
// applying its JVP rule to the tangents of its inputs. A nil tangent is zero
// and is never materialised.
func (g *Graph) pushTangents(seeds map[*Node]*linalg.Tensor, outputs []*Node) (tangents []*linalg.Tensor, err error) {
	defer recoverSecondOrder(&err)
	tan := make([]*linalg.Tensor, len(g.nodes))
	for n, t := range seeds {
		if !linalg.SameShape(t.Shape(), n.shape) {
			panic(fmt.Sprintf("autodiff: JVP: tangent of shape %v for %s of shape %v", t.Shape(), n.Label(), n.shape))
		}
		tan[n.id] = t
	}
	last := 0
	for _, o := range outputs {
		last = max(last, o.id)
	}
	need := g.ancestors(outputs)
	for _, n := range g.nodes[:last+1] {
		if n.op == nil || !need[n.id] {
			continue
		}
		in := make([]*linalg.Tensor, len(n.inputs))
		dIn := make([]*linalg.Tensor, len(n.inputs))
		any := false
		for i, x := range n.inputs {
			in[i], dIn[i] = x.value, tan[x.id]
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
	return tangents, nil
}

// recoverSecondOrder turns a SecondOrderError panic into an error return.
func recoverSecondOrder(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(SecondOrderError); ok {
			*err = e
			return
		}
		panic(r)
	}
}
