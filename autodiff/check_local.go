package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/linalg"
)

// NodeCheck is one op checked in isolation: at the input values the node
// saw, along random directions u (inputs) and w (output), its JVP rule gives
// w·J·u, its VJP rule (wᵀJ)·u, and finite differences of its forward rule
// d/dt w·op(x + t·u).
type NodeCheck struct {
	Node   *Node
	Status Status
	JVP    float64
	VJP    float64
	FD     float64
	FDErr  float64
	// Detail says which rule is wrong, or why the node is not blamed.
	Detail string
}

// checkNodes checks every op between wrt and y in isolation.
func (g *Graph) checkNodes(y *Node, wrt []*Node, s CheckSettings, rng *rand.Rand) []NodeCheck {
	depends := make([]bool, len(g.nodes))
	for _, x := range wrt {
		depends[x.id] = true
	}
	need := g.ancestors([]*Node{y})
	var out []NodeCheck
	for _, n := range g.nodes[:y.id+1] {
		for _, in := range n.inputs {
			depends[n.id] = depends[n.id] || depends[in.id]
		}
		if n.op == nil || !depends[n.id] || !need[n.id] {
			continue
		}
		out = append(out, checkNode(n, s, rng))
	}
	return out
}

// checkNode rebuilds n's op on a scratch graph holding copies of its input
// values and compares its rules with finite differences.
func checkNode(n *Node, s CheckSettings, rng *rand.Rand) (nc NodeCheck) {
	nc.Node = n
	defer func() { // a user's rule may panic; that is a verdict too
		if r := recover(); r != nil {
			nc.Status, nc.Detail = Mismatch, fmt.Sprintf("a rule panicked: %v", r)
		}
	}()
	g := NewOn(n.g.backend)
	ins := make([]*Node, len(n.inputs))
	u := make(map[*Node]*linalg.Tensor, len(ins))
	for i, x := range n.inputs {
		ins[i] = g.Input(x.Label(), x.shape...)
		ins[i].Set(x.value.Clone())
		u[ins[i]] = randNormal(rng, x.shape)
	}
	out := g.Apply(n.op, ins...)
	w := randNormal(rng, out.shape)
	ju, err := g.JVP(u, out)
	if err != nil {
		panic(err)
	}
	vj, err := g.VJP(out, w, ins...)
	if err != nil {
		panic(err)
	}
	nc.JVP = linalg.Dot(w, ju[0])
	for i, x := range ins {
		nc.VJP += linalg.Dot(vj[i], u[x])
	}
	probe := memo(func(t float64) float64 {
		vals := make([]*linalg.Tensor, len(ins))
		for i, x := range ins {
			vals[i] = linalg.Add(x.value, linalg.Scale(t, u[x]))
		}
		return linalg.Dot(w, n.op.Forward(g.backend, vals...))
	})
	c := Comparison{Reverse: nc.VJP, Forward: nc.JVP, probe: probe}
	s.compare(&c)
	nc.FD, nc.FDErr = c.FD, c.FDErr
	if k := kinkAt(probe, s); k != nil {
		if !k.contains(nc.JVP, s) || !k.contains(nc.VJP, s) {
			nc.Status = Mismatch
			nc.Detail = fmt.Sprintf("at a kink its rules give JVP %.6g and VJP %.6g, outside the one-sided slopes %.6g and %.6g: a wrong rule", nc.JVP, nc.VJP, k.Left.Value, k.Right.Value)
			return nc
		}
		nc.Status = Kink
		nc.Detail = fmt.Sprintf("at a kink: one-sided slopes %.6g and %.6g along a random direction; the rules give %.6g, between them", k.Left.Value, k.Right.Value, nc.JVP)
		return nc
	}
	if !finite(nc.FD) || !finite(nc.JVP) || !finite(nc.VJP) {
		nc.Status = NaNFound
		nc.Detail = fmt.Sprintf("not differentiable here (an edge of its domain): JVP %g, VJP %g, finite differences %g", nc.JVP, nc.VJP, nc.FD)
		return nc
	}
	if c.Status == Passed {
		return nc
	}
	if c.Disagrees == "finite differences" {
		if d := diagnoseStep(probe, nc.VJP, s); d.Verdict == Rounding || d.Verdict == Truncation {
			nc.Status, nc.Detail = d.Verdict, d.Text
			return nc
		}
	}
	nc.Status = Mismatch
	switch c.Disagrees {
	case "reverse":
		nc.Detail = "its VJP rule is wrong (the JVP rule agrees with finite differences)"
	case "forward":
		nc.Detail = "its JVP rule is wrong (the VJP rule agrees with finite differences)"
	default:
		nc.Detail = "its JVP and VJP rules are both wrong"
		if c.Reverse == c.Forward || c.AbsErr > 0 && math.Abs(c.Reverse-c.Forward) <= s.RelTol*math.Abs(c.Reverse)+s.AbsTol {
			nc.Detail = "its JVP and VJP rules agree with each other but not with finite differences of its forward rule"
		}
	}
	return nc
}

func finite(x float64) bool { return x-x == 0 }
