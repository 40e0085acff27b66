package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
)

// NodeCheck is one op checked in isolation: at the input values the node
// saw, along random directions u (inputs) and w (output), its JVP rule gives
// w·J·u, its VJP rule (wᵀJ)·u, and finite differences of its forward rule
// d/dt w·op(x + t·u).
type NodeCheck struct {
	Node   *autodiff.Node
	Status Status
	JVP    float64
	VJP    float64
	FD     float64
	FDErr  float64
	// Detail says which rule is wrong, or why the node is not blamed.
	Detail string
}

// checkNodes checks every op between wrt and y in isolation.
func (c *checker) checkNodes() []NodeCheck {
	nodes := c.g.Nodes()
	depends := dependents(nodes, c.wrt)
	need := ancestors(nodes, []*autodiff.Node{c.y})
	var out []NodeCheck
	for _, n := range nodes[:c.y.ID()+1] {
		if n.Op() == nil || !depends[n.ID()] || !need[n.ID()] {
			continue
		}
		out = append(out, checkNode(n, c.s, c.rng))
	}
	return out
}

// checkNode rebuilds n's op on a scratch graph holding copies of its input
// values and compares its rules with finite differences, along a direction
// scaled to each input element's magnitude (scale.go).
//
// The verdicts, in order: an input holding NaN leaves nothing to check (bad
// data upstream, not this op); a rule that panics, or returns NaN or ±Inf
// where finite differences of the forward rule are finite, is wrong; a JVP
// and a VJP that disagree with each other are wrong, kink or not; rules
// that agree with each other are then judged against finite differences,
// where a kink (a value between the one-sided slopes) or a step sweep
// (rounding, truncation) may excuse a disagreement.
func checkNode(n *autodiff.Node, s Settings, rng *rand.Rand) (nc NodeCheck) {
	nc.Node = n
	for _, x := range n.Inputs() {
		if hasNaN(x.Value()) {
			nc.Status = NaNFound
			nc.Detail = fmt.Sprintf("not checked: its input %s holds NaN, so there is nothing to compare (the NaN comes from upstream)", x.Label())
			return nc
		}
	}
	defer func() { // a user's rule may panic; that is a verdict too
		if r := recover(); r != nil {
			nc.Status, nc.Detail = Mismatch, fmt.Sprintf("a rule panicked: %v", r)
		}
	}()
	backend := n.Graph().Backend()
	g := autodiff.NewOn(backend)
	ins := make([]*autodiff.Node, len(n.Inputs()))
	u := make([]*linalg.Tensor, len(ins))
	for i, x := range n.Inputs() {
		ins[i] = g.Input(x.Label(), x.Shape()...)
		ins[i].Set(x.Value().Clone())
		u[i] = scaledDirection(x.Value(), randNormal(rng, x.Shape()))
	}
	out := g.Apply(n.Op(), ins...)
	w := randNormal(rng, out.Shape())
	ju, err := g.JVP(out, ins, u)
	if err != nil {
		panic(err)
	}
	vj, err := g.VJP(out, ins, w)
	if err != nil {
		panic(err)
	}
	nc.JVP = linalg.Dot(w, ju)
	for i := range ins {
		nc.VJP += linalg.Dot(vj[i], u[i])
	}
	probe := memo(func(t float64) float64 {
		vals := make([]*linalg.Tensor, len(ins))
		for i, x := range ins {
			v, ok := shifted(x.Value(), u[i], t)
			if !ok {
				return math.NaN() // the step did not move the input: no evidence
			}
			vals[i] = v
		}
		return linalg.Dot(w, n.Op().Forward(backend, vals...))
	})
	cmp := Comparison{Reverse: nc.VJP, Forward: nc.JVP, probe: probe, unit: 1}
	s.compare(&cmp)
	nc.FD, nc.FDErr = cmp.FD, cmp.FDErr
	rulesFinite := isFinite(nc.JVP) && isFinite(nc.VJP)
	// Finite differences are settled on a finite value when their error
	// estimate is small beside it (a derivative that is truly infinite, as
	// cbrt's at 0, makes Richardson's estimates diverge instead).
	fdSettled := isFinite(nc.FD) && (nc.FDErr <= 0.1*math.Abs(nc.FD) || nc.FDErr <= s.AbsTol)
	switch {
	case !rulesFinite && fdSettled:
		nc.Status = Mismatch
		nc.Detail = fmt.Sprintf("its rules give JVP %g and VJP %g where finite differences of its forward rule are finite (%.6g): %s", nc.JVP, nc.VJP, nc.FD, wrongRule(cmp.Disagrees))
		return nc
	case !rulesFinite || !isFinite(nc.FD):
		nc.Status = NaNFound
		nc.Detail = fmt.Sprintf("not differentiable here (an edge of its domain): JVP %g, VJP %g, finite differences %g", nc.JVP, nc.VJP, nc.FD)
		return nc
	case !cmp.modesAgree:
		nc.Status = Mismatch
		nc.Detail = wrongRule(cmp.Disagrees)
		if k := kinkAt(probe, s); k != nil {
			nc.Detail = fmt.Sprintf("at a kink its JVP (%.6g) and VJP (%.6g) rules disagree with each other: they are transposes of one linear map and must agree, kink or not", nc.JVP, nc.VJP)
		}
		return nc
	}
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
	if cmp.Status == Passed {
		return nc
	}
	if d := diagnoseStep(probe, nc.VJP, fd.Estimate{Value: cmp.FD, Err: cmp.FDErr}, s, 1); d.Verdict == Rounding || d.Verdict == Truncation {
		nc.Status, nc.Detail = d.Verdict, d.Text
		return nc
	}
	nc.Status = Mismatch
	nc.Detail = wrongRule(cmp.Disagrees)
	return nc
}

// wrongRule says which rule a disagreement points at.
func wrongRule(d Disagreement) string {
	switch d {
	case ReverseDisagrees:
		return "its VJP rule is wrong (the JVP rule agrees with finite differences)"
	case ForwardDisagrees:
		return "its JVP rule is wrong (the VJP rule agrees with finite differences)"
	case FiniteDifferencesDisagree:
		return "its JVP and VJP rules agree with each other but not with finite differences of its forward rule"
	}
	return "its JVP and VJP rules are both wrong (they disagree with each other and with finite differences)"
}
