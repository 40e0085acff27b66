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
//
// A kink along a random direction hides a lot: the one-sided slopes of the
// whole projection bracket any small error in the smooth elements, and a
// tie's convention is only pinned down along the direction that moves the
// tied elements together. So where the random direction meets a kink, the
// rules are also checked along every input element (up to s.Sample of them)
// and along the common direction D·sign(x) = x (every element moved in
// proportion to its value, commonDirection), each of which must pass or be
// a kink of its own.
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
	iso := newIsolated(n, rng)
	vals, us := make([]*linalg.Tensor, len(iso.ins)), make([]*linalg.Tensor, len(iso.ins))
	for i, x := range iso.ins {
		vals[i], us[i] = x.Value(), randNormal(rng, x.Shape())
	}
	cmp := iso.along(scaledDirections(vals, us), s)
	status, detail, k := judgeIsolated(&cmp, s)
	nc.JVP, nc.VJP, nc.FD, nc.FDErr = cmp.Forward, cmp.Reverse, cmp.FD, cmp.FDErr
	if status == Kink {
		if st, d := iso.aroundKink(s); st == Mismatch {
			status, detail = st, d
		}
	}
	nc.Status, nc.Detail = status, detail
	if status == Kink {
		nc.Detail = fmt.Sprintf("at a kink: one-sided slopes %.6g and %.6g along a random direction; the rules give %.6g, between them", k.Left.Value, k.Right.Value, nc.JVP)
	}
	return nc
}

// isolated is one op on a scratch graph, at the input values its node saw,
// with a random projection w of its output.
type isolated struct {
	n       *autodiff.Node
	backend linalg.Backend
	ins     []*autodiff.Node
	out     *autodiff.Node
	w       *linalg.Tensor
	vj      []*linalg.Tensor // wᵀJ for each input
}

func newIsolated(n *autodiff.Node, rng *rand.Rand) *isolated {
	backend := n.Graph().Backend()
	g := autodiff.NewOn(backend)
	iso := &isolated{n: n, backend: backend, ins: make([]*autodiff.Node, len(n.Inputs()))}
	for i, x := range n.Inputs() {
		iso.ins[i] = g.Input(x.Label(), x.Shape()...)
		iso.ins[i].Set(x.Value().Clone())
	}
	iso.out = g.Apply(n.Op(), iso.ins...)
	iso.w = randNormal(rng, iso.out.Shape())
	vj, err := g.VJP(iso.out, iso.ins, iso.w)
	if err != nil {
		panic(err)
	}
	iso.vj = vj
	return iso
}

// along compares the op's rules along the directions dir (one per input):
// JVP w·J·dir, VJP (wᵀJ)·dir, and finite differences of w·op(x + t·dir).
func (iso *isolated) along(dir []*linalg.Tensor, s Settings) Comparison {
	ju, err := iso.out.Graph().JVP(iso.out, iso.ins, dir)
	if err != nil {
		panic(err)
	}
	var vjp float64
	for i := range iso.ins {
		vjp += linalg.Dot(iso.vj[i], dir[i])
	}
	probe := memo(func(t float64) float64 {
		vals, resid := make([]*linalg.Tensor, len(iso.ins)), make([]*linalg.Tensor, len(iso.ins))
		for i, x := range iso.ins {
			v, r, ok := shifted(x.Value(), dir[i], t)
			if !ok {
				return math.NaN() // the step did not move the input: no evidence
			}
			vals[i], resid[i] = v, r
		}
		return linalg.Dot(iso.w, iso.n.Op().Forward(iso.backend, vals...)) + firstOrder(iso.vj, resid)
	})
	cmp := Comparison{Reverse: vjp, Forward: linalg.Dot(iso.w, ju), probe: probe, unit: 1}
	s.compare(&cmp)
	return cmp
}

// judgeIsolated gives the verdict on one direction's comparison (see
// checkNode), and the kink if there is one.
func judgeIsolated(cmp *Comparison, s Settings) (Status, string, *KinkReport) {
	jvp, vjp := cmp.Forward, cmp.Reverse
	rulesFinite := isFinite(jvp) && isFinite(vjp)
	// Finite differences are settled on a finite value when their error
	// estimate is small beside it, or beside the slopes of f's secants
	// (a central difference of 0 at a kink of |x| is settled: the secants
	// have slope ±1 and the estimate's error is rounding); a derivative
	// that is truly infinite, as cbrt's at 0, makes Richardson's estimates
	// diverge instead.
	fdSettled := isFinite(cmp.FD) && (cmp.FDErr <= 0.1*math.Abs(cmp.FD) || cmp.FDErr <= s.absFloor(cmp.probe) ||
		cmp.FDErr <= s.RelTol*secantScale(cmp.probe))
	if !rulesFinite && !fdSettled {
		// The ladder of starts stopped early (the modes disagree), maybe
		// before the start that suits f (sin at 1e8 needs a fine one):
		// look for a settled difference at every start.
		for _, h0 := range firstSteps {
			est := fd.Richardson(cmp.probe, 0, &fd.RichardsonSettings{Step: h0, Descents: -1})
			if isFinite(est.Value) && (est.Err <= 0.1*math.Abs(est.Value) || est.Err <= s.RelTol*secantScale(cmp.probe)) {
				cmp.FD, cmp.FDErr, fdSettled = est.Value, est.Err, true
				break
			}
		}
	}
	switch {
	case !rulesFinite && fdSettled:
		return Mismatch, fmt.Sprintf("its rules give JVP %g and VJP %g where finite differences of its forward rule are finite (%.6g): %s", jvp, vjp, cmp.FD, wrongRule(cmp.Disagrees)), nil
	case !rulesFinite || !isFinite(cmp.FD):
		return NaNFound, fmt.Sprintf("not differentiable here (an edge of its domain): JVP %g, VJP %g, finite differences %g", jvp, vjp, cmp.FD), nil
	case !cmp.modesAgree:
		if k := kinkAt(cmp.probe, s); k != nil {
			return Mismatch, fmt.Sprintf("at a kink its JVP (%.6g) and VJP (%.6g) rules disagree with each other: they are transposes of one linear map and must agree, kink or not", jvp, vjp), k
		}
		return Mismatch, wrongRule(cmp.Disagrees), nil
	}
	if k := kinkAt(cmp.probe, s); k != nil {
		if !k.contains(jvp, s) || !k.contains(vjp, s) {
			return Mismatch, fmt.Sprintf("at a kink its rules give JVP %.6g and VJP %.6g, outside the one-sided slopes %.6g and %.6g: a wrong rule", jvp, vjp, k.Left.Value, k.Right.Value), k
		}
		return Kink, "", k
	}
	if cmp.Status == Passed {
		return Passed, "", nil
	}
	if d := diagnoseStep(cmp.probe, vjp, fd.Estimate{Value: cmp.FD, Err: cmp.FDErr}, s, 1); d.Verdict == Rounding || d.Verdict == Truncation {
		return d.Verdict, d.Text, nil
	}
	return Mismatch, wrongRule(cmp.Disagrees), nil
}

// secantScale is the larger slope of f's secants from 0 to ±lastUsualStep
// (0 where they are not finite).
func secantScale(f func(float64) float64) float64 {
	f0, h := f(0), lastUsualStep
	return math.Max(finiteAbs((f(h)-f0)/h), finiteAbs((f0-f(-h))/h))
}

// aroundKink checks the rules along the common direction D·sign(x) and along each
// input element (see checkNode), and returns Mismatch with the reason at
// the first direction where they fail, else Kink.
func (iso *isolated) aroundKink(s Settings) (Status, string) {
	try := func(what string, dir []*linalg.Tensor) (Status, string) {
		cmp := iso.along(dir, s)
		if st, d, _ := judgeIsolated(&cmp, s); st == Mismatch {
			return Mismatch, fmt.Sprintf("along %s: %s: JVP %.10g, VJP %.10g, finite differences %.10g ± %.1g", what, d, cmp.Forward, cmp.Reverse, cmp.FD, cmp.FDErr)
		}
		return Kink, ""
	}
	vals := make([]*linalg.Tensor, len(iso.ins))
	for i, x := range iso.ins {
		vals[i] = x.Value()
	}
	if common := commonDirection(vals); common != nil {
		if st, d := try("the common direction D·sign(x) (every tied element moved in proportion to its value, so a tie stays tied)", common); st == Mismatch {
			return st, d
		}
	}
	all := stepScales(vals)
	tried := 0
	for i, x := range iso.ins {
		scales := all[i].Values()
		for j := range scales {
			if tried >= s.Sample {
				return Kink, ""
			}
			tried++
			dir := make([]*linalg.Tensor, len(iso.ins))
			for k, y := range iso.ins {
				dir[k] = linalg.Zeros(y.Shape()...)
			}
			dir[i].Data()[j] = scales[j]
			if st, d := try(fmt.Sprintf("%s[%d] alone", x.Label(), j), dir); st == Mismatch {
				return st, d
			}
		}
	}
	return Kink, ""
}

// blameByElement re-checks the ops element by element when a comparison of
// y failed and nothing excused it, yet no op was blamed along its random
// directions. A random projection w·J·u weighs each element of an op's
// Jacobian by its size, so an error in an element that is small beside the
// others is lost in it (a Gaussian weight at bandwidth 1e-3 has elements
// from 1e-60 to 1e-300; a sigmoid at 1e3 one of 1e-14 among zeros), while
// the comparisons of y, element by element, see it. So each op not yet
// blamed is compared the same way as y: every element of its Jacobian (or
// projections narrowed to elements, for a large op), with the kink and step
// excuses, at the values it saw. This runs only for a check that is a
// mismatch already: it decides whom to blame, never whether to.
func blameByElement(c *checker, r *Report) error {
	if r.NaN != nil || len(r.Blamed()) > 0 {
		return nil
	}
	failed := false
	for i := range r.Rows {
		failed = failed || r.Rows[i].Status == Mismatch
	}
	if !failed {
		return nil
	}
	for i := range r.Nodes {
		nc := &r.Nodes[i]
		if nc.Status == NaNFound {
			continue // an input holds NaN, or the op is at an edge of its domain
		}
		if err := checkNodeByElement(nc, c.s, c.rng); err != nil {
			return err
		}
	}
	return nil
}

// checkNodeByElement compares the Jacobian of one op, in isolation, element
// by element (see blameByElement), and marks it Mismatch if a comparison
// fails unexcused.
func checkNodeByElement(nc *NodeCheck, s Settings, rng *rand.Rand) (err error) {
	defer func() { // a user's rule may panic; that is a verdict too
		if r := recover(); r != nil {
			nc.Status, nc.Detail = Mismatch, fmt.Sprintf("a rule panicked: %v", r)
		}
	}()
	iso := newIsolated(nc.Node, rng)
	g := iso.out.Graph()
	if err := g.Run(iso.out); err != nil {
		return err
	}
	sub := &checker{g: g, y: iso.out, wrt: iso.ins, s: s, rng: rng}
	r := &Report{Output: iso.out, Wrt: iso.ins}
	for _, d := range []diagnosis{
		{"element comparison", compareAll},
		{"kink", diagnoseKink},
		{"step sweep", diagnoseStepSweep},
		{"verdict", verdict},
	} {
		if err := d.run(sub, r); err != nil {
			return err
		}
	}
	if r.Status != Mismatch || r.Worst == nil {
		return nil
	}
	w := r.Worst
	nc.Status = Mismatch
	nc.JVP, nc.VJP, nc.FD, nc.FDErr = w.Forward, w.Reverse, w.FD, w.FDErr
	nc.Detail = fmt.Sprintf("compared element by element (a random direction weighs this element too lightly to see it), at %s with y its output: %s", w.where(), wrongRule(w.Disagrees))
	return nil
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
