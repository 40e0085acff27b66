package autodiff

import (
	"fmt"
	"math"
	"strings"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
)

// KinkReport describes a non-differentiable point: the slopes from the left
// and from the right (one-sided Richardson extrapolation) differ.
type KinkReport struct {
	Left, Right fd.Estimate
}

// contains reports whether a rule's value v lies between the one-sided
// slopes (within tolerance): the conventions at a kink (abs′(0) = 0, a tie
// of max split evenly) do; a rule giving anything else is wrong.
func (k *KinkReport) contains(v float64, s CheckSettings) bool {
	lo, hi := math.Min(k.Left.Value, k.Right.Value), math.Max(k.Left.Value, k.Right.Value)
	slack := s.RelTol*math.Max(math.Abs(lo), math.Abs(hi)) + k.Left.Err + k.Right.Err
	return v >= lo-slack && v <= hi+slack
}

// kinkAt reports a kink of f at 0, or nil where f is differentiable there.
//
// The test is how the gap between the right and left secants,
// D(h) = (f(h) − f(0))/h − (f(0) − f(−h))/h, scales with h: at a kink it
// tends to the jump in slope and stays put as h shrinks; where f is smooth it
// is f″·h and shrinks with h; where f's values are noisy (float32 rounding)
// it is about noise/h and grows. So a kink is a gap that is the same at two
// steps a decade apart and larger than the tolerance.
func kinkAt(f func(float64) float64, s CheckSettings) *KinkReport {
	f0 := f(0)
	gap := func(h float64) float64 { return (f(h) - f0 - (f0 - f(-h))) / h }
	d1, d2, d3 := gap(1e-2), gap(1e-3), gap(1e-4)
	// The cheap tests first: Check runs this on every op it re-checks, and
	// almost all of them are smooth.
	if steady := math.Abs(d1-d3) <= 0.2*math.Abs(d3) && math.Abs(d2-d3) <= 0.2*math.Abs(d3); !steady {
		return nil
	}
	noise := noiseLevel(f) * math.Abs(f0) / 1e-4 // what noise alone makes of the gap at h = 1e-4
	if math.Abs(d3) <= 100*noise {
		return nil
	}
	left, right := fd.OneSided(f, 0)
	scale := math.Max(math.Abs(left.Value), math.Abs(right.Value))
	if math.Abs(d3) <= 100*(s.RelTol*scale+s.AbsTol) {
		return nil
	}
	return &KinkReport{Left: left, Right: right}
}

// StepDiagnosis explains a disagreement with finite differences from a step
// sweep: central differences at steps from 1e-14 to 1e-1 against the
// rules' value. Their error is a V: rounding (noise/h) on the left,
// truncation (∝ h²) on the right.
type StepDiagnosis struct {
	Verdict Status // Rounding, Truncation, or Mismatch (a real error)
	Best    fd.SweepPoint
	// Noise is the relative noise of the function's values, estimated from
	// the rounding arm: about 1e-16 in float64, 6e-8 after float32 rounding.
	Noise float64
	Text  string
}

// diagnoseStep sweeps the step for f′(0) against the rules' value exact.
func diagnoseStep(f func(float64) float64, exact float64, s CheckSettings) *StepDiagnosis {
	pts := fd.Sweep(f, 0, exact, fd.Central, fd.LogSteps(1e-14, 1e-1, 53))
	best := fd.BestStep(pts)
	d := &StepDiagnosis{Best: best, Noise: noiseLevel(f)}
	fx := math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64)
	tol := s.RelTol*math.Max(math.Abs(exact), math.Abs(best.Value)) + s.AbsTol
	roundingAtBest := d.Noise * fx / best.Step
	switch {
	case best.AbsErr <= tol:
		d.Verdict = Truncation
		d.Text = fmt.Sprintf("truncation: at h = %.2g the central difference agrees with the rules to %.2g; the default steps were too large for how fast f′ changes here",
			best.Step, best.AbsErr)
	case d.Noise > 1e-12 && best.AbsErr <= 10*roundingAtBest:
		d.Verdict = Rounding
		d.Text = fmt.Sprintf("rounding: the function's values carry relative noise ≈ %.1g (float64 rounding is 1e-16, float32 6e-8), so no step resolves f′ better than the %.2g reached at h = %.2g; that is what the noise explains, so the rules are not to blame — check in float64",
			d.Noise, best.AbsErr, best.Step)
	default:
		d.Verdict = Mismatch
		d.Text = fmt.Sprintf("a real error: at every step from 1e-14 to 1e-1 the difference stays at least %.3g (best at h = %.2g), far above what rounding (noise ≈ %.1g) or truncation explain",
			best.AbsErr, best.Step, d.Noise)
	}
	return d
}

// noiseLevel estimates the relative noise in f's values near 0, as Moré and
// Wild's ECnoise does: the fourth differences of f on a fine grid are
// f⁗·δ⁴ (negligible) plus noise, whose variance they multiply by
// C(8,4) = 70. A float64 function shows about 1e-16; one computed through
// float32 about 6e-8. (The rounding arm of a step sweep cannot tell: a
// function that rounds its input to float32 is a staircase, flat between
// steps, so its differences do not grow like noise/h.)
func noiseLevel(f func(float64) float64) float64 {
	const delta, n = 1e-4, 13
	v := make([]float64, n)
	for i := range v {
		v[i] = f(float64(i+1) * delta) // one side only, so a kink at 0 is not taken for noise
	}
	for k := 0; k < 4; k++ { // four rounds of differencing
		for i := 0; i+1 < len(v)-k; i++ {
			v[i] = v[i+1] - v[i]
		}
	}
	var ss float64
	m := n - 4
	for _, x := range v[:m] {
		ss += x * x
	}
	sigma := math.Sqrt(ss / float64(m) / 70)
	return sigma / math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64)
}

// NaNReport names the first node that produced a NaN.
type NaNReport struct {
	Node *Node
	// InGradient is set when the NaN appeared in a derivative (a node that
	// reverse mode added) rather than in a value.
	InGradient bool
	Text       string
}

// nanOrigin finds the first node, in the values of y and then in the
// reverse-mode gradient of y with respect to wrt, whose value has a NaN that
// none of its inputs had.
func (g *Graph) nanOrigin(y *Node, wrt []*Node) *NaNReport {
	need := g.ancestors([]*Node{y})
	for _, n := range g.nodes[:y.id+1] {
		if need[n.id] {
			if r := newNaN(n); r != nil {
				return r
			}
		}
	}
	// A tensor output: the gradient of the sum of its elements, a sum made
	// once per output however often the output is checked.
	scalar := y
	if product(y.shape) != 1 {
		if g.sums == nil {
			g.sums = map[*Node]*Node{}
		}
		if scalar = g.sums[y]; scalar == nil {
			scalar = y.Sum()
			g.sums[y] = scalar
		}
	}
	grads := g.Grad(scalar, wrt...)
	if err := g.Run(grads...); err != nil {
		return nil
	}
	need = g.ancestors(grads)
	for _, n := range g.nodes {
		if need[n.id] && n.gradient {
			if r := newNaN(n); r != nil {
				r.InGradient = true
				return r
			}
		}
	}
	return nil
}

// newNaN reports n if its value has a NaN and its inputs have none.
func newNaN(n *Node) *NaNReport {
	if n.value == nil || !hasNaN(n.value) {
		return nil
	}
	for _, in := range n.inputs {
		if hasNaN(in.value) {
			return nil
		}
	}
	var b strings.Builder
	if n.op == nil {
		fmt.Fprintf(&b, "NaN in %s itself (user data)", n.Label())
		return &NaNReport{Node: n, Text: b.String()}
	}
	fmt.Fprintf(&b, "NaN at node %s", n.Label())
	if n.gradOf != nil {
		fmt.Fprintf(&b, " (in the gradient, from the VJP of %s)", n.gradOf.Label())
	}
	b.WriteString(": its inputs are")
	for i, in := range n.inputs {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %s", sep, in.Label())
		if in.gradOf != nil {
			fmt.Fprintf(&b, " (from the VJP of %s)", in.gradOf.Label())
		}
		fmt.Fprintf(&b, " = %s", specialSummary(in.value))
	}
	if src := infSource(n); src != nil {
		fmt.Fprintf(&b, "; the infinity comes from %s = %s", src.Label(), specialSummary(src.value))
		if len(src.inputs) > 0 {
			fmt.Fprintf(&b, " at %s = %s", src.inputs[0].Label(), specialSummary(src.inputs[0].value))
		}
	}
	return &NaNReport{Node: n, Text: b.String()}
}

// infSource follows infinite values back from n's inputs to the first node
// that made an infinity from finite inputs (sqrt′ at 0, say), or nil.
func infSource(n *Node) *Node {
	for _, in := range n.inputs {
		if !hasInf(in.value) {
			continue
		}
		if src := infSource(in); src != nil {
			return src
		}
		return in
	}
	return nil
}

func hasInf(t *linalg.Tensor) bool {
	for _, v := range t.Data() {
		if math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

func hasNaN(t *linalg.Tensor) bool {
	for _, v := range t.Data() {
		if v != v {
			return true
		}
	}
	return false
}

// specialSummary summarises a tensor, naming the infinities and zeros that
// typically make a NaN (Inf·0, Inf−Inf, 0/0).
func specialSummary(t *linalg.Tensor) string {
	var infs, zeros int
	for _, v := range t.Data() {
		if math.IsInf(v, 0) {
			infs++
		}
		if v == 0 {
			zeros++
		}
	}
	s := summary(t)
	var extra []string
	if infs > 0 {
		extra = append(extra, fmt.Sprintf("%d infinite", infs))
	}
	if zeros > 0 {
		extra = append(extra, fmt.Sprintf("%d zero", zeros))
	}
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}
