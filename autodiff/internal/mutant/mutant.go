// Package mutant derives wrong variants of an op's derivative rules, for the
// mutation test of the gradient check: a checker that passes a mutant has
// passed a wrong rule.
//
// A mutant wraps a real op. Its forward rule is the op's own; its JVP, its
// VJP for one input, or both, return the op's true result perturbed by one
// Kind of fault: scaled by 1+δ, negated, zeroed, a NaN in one element,
// transposed, or mis-broadcast (every row a copy of the first). So JVP-only
// and VJP-only mutants are JVP right and VJP wrong and the reverse, and a
// mutant of both sides is a wrong rule that the two modes share, which only
// finite differences can catch.
package mutant

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Delta is the relative error of a Scale mutant.
const Delta = 1e-3

// Kind is one kind of fault in a derivative rule.
type Kind int

const (
	// Scale multiplies the rule's result by 1+Delta.
	Scale Kind = iota
	// Neg flips its sign.
	Neg
	// Zero replaces it by zeros (a stop-gradient by mistake).
	Zero
	// NaN puts a NaN in its first element.
	NaN
	// Transpose reads it as a (shape[0] × rest) matrix and transposes the
	// elements in place: a row/column-major mix-up. Only for shapes with
	// shape[0] > 1 and rest > 1.
	Transpose
	// Broadcast copies its first row over every row: a broadcast along
	// the wrong axis. Only for shapes with shape[0] > 1.
	Broadcast
)

// Kinds lists every Kind.
var Kinds = []Kind{Scale, Neg, Zero, NaN, Transpose, Broadcast}

var kindNames = [...]string{"scale", "neg", "zero", "NaN", "transpose", "broadcast"}

func (k Kind) String() string { return kindNames[k] }

// Applies reports whether the kind changes a tensor of the shape at all
// (transposing or broadcasting a single row cannot).
func (k Kind) Applies(shape []int) bool {
	rows, rest := split(shape)
	switch k {
	case Transpose:
		return rows > 1 && rest > 1
	case Broadcast:
		return rows > 1
	}
	return true
}

// split views a shape as rows × rest.
func split(shape []int) (rows, rest int) {
	if len(shape) == 0 {
		return 1, 1
	}
	rest = 1
	for _, d := range shape[1:] {
		rest *= d
	}
	return shape[0], rest
}

// Apply returns the perturbed copy of t.
func (k Kind) Apply(t *linalg.Tensor) *linalg.Tensor {
	out := t.Clone()
	d := out.Data()
	rows, rest := split(t.Shape())
	switch k {
	case Scale:
		for i := range d {
			d[i] *= 1 + Delta
		}
	case Neg:
		for i := range d {
			d[i] = -d[i]
		}
	case Zero:
		for i := range d {
			d[i] = 0
		}
	case NaN:
		if len(d) > 0 {
			d[0] = math.NaN()
		}
	case Transpose:
		src := t.Data()
		for r := 0; r < rows; r++ {
			for c := 0; c < rest; c++ {
				d[c*rows+r] = src[r*rest+c]
			}
		}
	case Broadcast:
		for r := 1; r < rows; r++ {
			copy(d[r*rest:(r+1)*rest], d[:rest])
		}
	}
	return out
}

// Side says which rule a mutant breaks.
type Side int

const (
	// JVP breaks the JVP rule; the VJP stays right.
	JVP Side = iota
	// VJP breaks the VJP rule for one input; the JVP stays right.
	VJP
	// Both breaks the JVP and every input's VJP alike.
	Both
)

// Mutation is one wrong variant of an op's rules.
type Mutation struct {
	Kind  Kind
	Side  Side
	Input int // the input whose VJP breaks, for Side VJP
}

func (m Mutation) String() string {
	switch m.Side {
	case JVP:
		return "JVP " + m.Kind.String()
	case VJP:
		return fmt.Sprintf("VJP[%d] %s", m.Input, m.Kind)
	}
	return "both " + m.Kind.String()
}

// Mutations lists the mutations that change something for an op with the
// given input and output shapes.
func Mutations(in [][]int, out []int) []Mutation {
	var ms []Mutation
	for _, k := range Kinds {
		if k.Applies(out) {
			ms = append(ms, Mutation{Kind: k, Side: JVP})
		}
	}
	for i, s := range in {
		for _, k := range Kinds {
			if k.Applies(s) {
				ms = append(ms, Mutation{Kind: k, Side: VJP, Input: i})
			}
		}
	}
	for _, k := range Kinds {
		if k.Applies(out) {
			ms = append(ms, Mutation{Kind: k, Side: Both})
		}
	}
	return ms
}

// Op is a mutant of a real op.
type Op struct {
	autodiff.Op
	M Mutation
}

// Name names the op as the real one, marked as a mutant.
func (o Op) Name() string { return fmt.Sprintf("%s (mutant: %s)", o.Op.Name(), o.M) }

// JVP is the real JVP, perturbed when the mutation breaks it.
func (o Op) JVP(b linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, tangents []*linalg.Tensor) *linalg.Tensor {
	t := o.Op.JVP(b, in, out, tangents)
	if o.M.Side == VJP {
		return t
	}
	if t == nil {
		t = linalg.Zeros(out.Shape()...)
	}
	if !o.M.Kind.Applies(t.Shape()) {
		return t
	}
	return o.M.Kind.Apply(t)
}

// VJP is the real VJP, with the broken inputs' gradients passed through a
// perturbing node.
func (o Op) VJP(n *autodiff.Node, grad *autodiff.Node) []*autodiff.Node {
	gs := o.Op.VJP(n, grad)
	if o.M.Side == JVP {
		return gs
	}
	ins := n.Inputs()
	for i := range gs {
		if o.M.Side == VJP && i != o.M.Input || !o.M.Kind.Applies(ins[i].Shape()) {
			continue
		}
		if gs[i] == nil {
			gs[i] = n.Graph().Const("0", linalg.Zeros(ins[i].Shape()...))
		}
		gs[i] = n.Graph().Apply(perturb{o.M.Kind}, gs[i])
	}
	return gs
}

// perturb is the node a broken VJP passes a gradient through. The check
// only runs it; it has no derivative of its own.
type perturb struct{ k Kind }

func (p perturb) Name() string            { return "mutant " + p.k.String() }
func (p perturb) Shape(in ...[]int) []int { return in[0] }
func (p perturb) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return p.k.Apply(in[0])
}
func (p perturb) JVP(_ linalg.Backend, _ []*linalg.Tensor, _ *linalg.Tensor, t []*linalg.Tensor) *linalg.Tensor {
	return p.k.Apply(t[0])
}
func (p perturb) VJP(*autodiff.Node, *autodiff.Node) []*autodiff.Node {
	panic(autodiff.SecondOrderError{Op: p.Name()})
}

// Replay rebuilds the part of y's graph that y depends on, on a new graph,
// with target's op replaced by wrap(op) (target nil: no op replaced). The
// nodes of wrt become inputs with copies of their values, every other leaf
// a constant. It returns the new y, wrt and target.
func Replay(y *autodiff.Node, wrt []*autodiff.Node, target *autodiff.Node, wrap func(autodiff.Op) autodiff.Op) (ny *autodiff.Node, nwrt []*autodiff.Node, ntarget *autodiff.Node) {
	g := autodiff.NewOn(y.Graph().Backend())
	nodes := y.Graph().Nodes()
	need := make([]bool, len(nodes))
	need[y.ID()] = true
	for i := y.ID(); i >= 0; i-- {
		if need[i] {
			for _, in := range nodes[i].Inputs() {
				need[in.ID()] = true
			}
		}
	}
	isWrt := map[*autodiff.Node]bool{}
	for _, x := range wrt {
		isWrt[x] = true
	}
	made := map[*autodiff.Node]*autodiff.Node{}
	for _, n := range nodes[:y.ID()+1] {
		if !need[n.ID()] && !isWrt[n] {
			continue
		}
		switch {
		case n.Op() == nil && isWrt[n]:
			m := g.Input(n.Label(), n.Shape()...)
			m.Set(n.Value().Clone())
			made[n] = m
		case n.Op() == nil:
			made[n] = g.Const(n.Label(), n.Value().Clone())
		default:
			ins := make([]*autodiff.Node, len(n.Inputs()))
			for i, in := range n.Inputs() {
				ins[i] = made[in]
			}
			op := n.Op()
			if n == target {
				op = wrap(op)
			}
			made[n] = g.Apply(op, ins...)
		}
	}
	nwrt = make([]*autodiff.Node, len(wrt))
	for i, x := range wrt {
		nwrt[i] = made[x]
	}
	return made[y], nwrt, made[target]
}
