package gradcheck

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/epsilon-engine/epsilon/autodiff"
)

// Comparison is one compared derivative: ∂y[Output]/∂Input[Index] element
// by element, or vᵀJu for a random projection (Output and Index −1).
type Comparison struct {
	Input   string
	Index   int // flat index into the input, or −1 for a projection
	Output  int // flat index into the output, or −1 for a projection
	Reverse float64
	Forward float64
	FD      float64 // Richardson-extrapolated finite difference
	FDErr   float64 // its error estimate
	AbsErr  float64 // the largest disagreement among the three
	RelErr  float64
	// Disagrees says which mode disagrees (Agree when none does).
	Disagrees Disagreement
	Status    Status
	// probe evaluates the checked function along the compared direction,
	// t in steps relative to the input (scale.go): its derivative is unit
	// times the derivative the row reports.
	probe func(t float64) float64
	unit  float64
	// terms is the first-order size of the terms of the output compared,
	// Σₖ |∂yᵢ/∂xₖ·xₖ| by the reverse-mode rules (termsOf), in y's units;
	// 0 where it is not known (projections, ops along a random direction).
	terms float64
	// modesAgree: reverse and forward mode agree with each other;
	// fdPrecise: the finite difference's error is within the tolerance.
	modesAgree, fdPrecise bool
	// kink and step are what the kink and step diagnoses found of this
	// comparison.
	kink *KinkReport
	step *StepDiagnosis
}

// inUnits converts a comparison made along a direction stretched by unit
// (in the probe's units) to the input's units: ∂y/∂x rather than unit·∂y/∂x.
func (c Comparison) inUnits() Comparison {
	u := c.unit
	c.Reverse, c.Forward, c.FD, c.FDErr, c.AbsErr = c.Reverse/u, c.Forward/u, c.FD/u, c.FDErr/u, c.AbsErr/u
	return c
}

// Report is what Check found.
type Report struct {
	Status    Status
	Output    *autodiff.Node
	Wrt       []*autodiff.Node
	Projected bool // compared by random projections
	// Sampled lists the inputs of which only a random sample of elements
	// was compared (after a projection failed on a large input).
	Sampled []*autodiff.Node
	Rows    []Comparison // every comparison made
	Worst   *Comparison  // the worst one (nil if none failed)
	// Nodes holds each op between the inputs and the output, checked in
	// isolation: its own JVP and VJP rules against finite differences of
	// its own forward rule, at the values it saw.
	Nodes []NodeCheck
	// Kink is set when the worst comparison sits at a non-differentiable point.
	Kink *KinkReport
	// Step is set when a mismatch was examined with a step sweep.
	Step *StepDiagnosis
	// NaN is set when a value or a derivative is NaN.
	NaN *NaNReport
	// blamedOnly: the comparisons passed or were excused, but an op's
	// rules failed in isolation.
	blamedOnly bool
}

// OK reports whether the check found nothing wrong with the rules: it
// passed, the point is a kink where the rules return a convention between
// the one-sided slopes, or finite differences only agreed at a small step.
func (r *Report) OK() bool { return r.Status == Passed || r.Status == Kink || r.Status == Truncation }

// Blamed returns the nodes whose own rules failed in isolation.
func (r *Report) Blamed() []NodeCheck {
	var b []NodeCheck
	for _, n := range r.Nodes {
		if n.Status == Mismatch {
			b = append(b, n)
		}
	}
	return b
}

// String is the full report: the verdict, the agreement table, the worst
// element, the blamed ops, and the kink, step or NaN diagnosis.
func (r *Report) String() string {
	var b strings.Builder
	names := make([]string, len(r.Wrt))
	for i, x := range r.Wrt {
		names[i] = x.Label()
	}
	fmt.Fprintf(&b, "gradient check of %s with respect to %s: %s\n", r.Output.Label(), strings.Join(names, ", "), r.Status)
	if r.NaN != nil {
		fmt.Fprintf(&b, "  %s\n", r.NaN.Text)
		r.writeNodes(&b)
		return b.String()
	}
	how := "every element of the Jacobian"
	switch {
	case r.Projected:
		how = fmt.Sprintf("%d random projections vᵀJu", len(r.Rows))
	case len(r.Rows) > 0 && r.Rows[0].Output < 0:
		how = "input elements against a random projection w of the output"
	}
	for _, x := range r.Sampled {
		how += fmt.Sprintf(" (a random sample of the elements of %s)", x.Label())
	}
	fmt.Fprintf(&b, "  reverse mode, forward mode and Richardson finite differences compared on %s\n", how)
	r.writeTable(&b)
	if w := r.Worst; w != nil {
		label := "worst"
		if w.Status == Kink {
			label = "kink at"
		}
		fmt.Fprintf(&b, "  %s: %s: reverse %.10g, forward %.10g, finite differences %.10g ± %.2g\n", label, w.where(), w.Reverse, w.Forward, w.FD, w.FDErr)
		switch w.Disagrees {
		case Agree:
		case FiniteDifferencesDisagree:
			fmt.Fprintf(&b, "         absolute error %.3g, relative %.3g; %s\n", w.AbsErr, w.RelErr, w.Disagrees)
		default:
			fmt.Fprintf(&b, "         absolute error %.3g, relative %.3g; disagreeing: %s\n", w.AbsErr, w.RelErr, w.Disagrees)
		}
	}
	if k := r.Kink; k != nil {
		fmt.Fprintf(&b, "  kink: a non-differentiable point: slope from the left %.6g ± %.1g, from the right %.6g ± %.1g; ",
			k.Left.Value, k.Left.Err, k.Right.Value, k.Right.Err)
		switch {
		case r.Worst.Status == Kink:
			fmt.Fprintf(&b, "the rules give %.6g, a convention between them, not a rule error\n", r.Worst.Reverse)
		case !r.Worst.modesAgree:
			fmt.Fprintf(&b, "reverse mode gives %.6g and forward mode %.6g: a JVP and a VJP rule are transposes of one linear map and must agree, kink or not, so a rule is wrong\n", r.Worst.Reverse, r.Worst.Forward)
		default:
			fmt.Fprintf(&b, "the rules give %.6g and %.6g, outside them: a wrong rule at the kink\n", r.Worst.Reverse, r.Worst.Forward)
		}
	}
	if d := r.Step; d != nil {
		fmt.Fprintf(&b, "  step sweep: %s\n", d.Text)
	}
	if r.blamedOnly {
		b.WriteString("  every comparison of y passed or was excused, but an op's rules fail in isolation (below), along a direction the comparisons did not try: a wrong rule\n")
	}
	r.writeNodes(&b)
	return b.String()
}

// writeTable prints up to 12 comparisons, always including the worst.
func (r *Report) writeTable(b *strings.Builder) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\twhere\treverse\tforward\tfinite diff\t± est\trel err\tstatus\t")
	shown := 0
	for i := range r.Rows {
		c := &r.Rows[i]
		if shown >= 12 && c != r.Worst {
			continue
		}
		shown++
		fmt.Fprintf(tw, "\t%s\t%.10g\t%.10g\t%.10g\t%.1g\t%.1g\t%s\t\n", c.where(), c.Reverse, c.Forward, c.FD, c.FDErr, c.RelErr, c.Status)
	}
	tw.Flush()
	if n := len(r.Rows) - shown; n > 0 {
		fmt.Fprintf(b, "  (%d more comparisons not shown)\n", n)
	}
}

// writeNodes lists the ops checked in isolation that did not simply pass.
func (r *Report) writeNodes(b *strings.Builder) {
	passed := 0
	for _, n := range r.Nodes {
		switch n.Status {
		case Passed:
			passed++
		case Mismatch:
			fmt.Fprintf(b, "  blame: %s — %s: JVP %.10g, VJP %.10g, finite differences %.10g ± %.1g\n", n.Node.Label(), n.Detail, n.JVP, n.VJP, n.FD, n.FDErr)
		default:
			fmt.Fprintf(b, "  %s: %s — %s\n", n.Node.Label(), n.Status, n.Detail)
		}
	}
	fmt.Fprintf(b, "  ops checked in isolation: %d of %d passed\n", passed, len(r.Nodes))
}

func (c Comparison) where() string {
	switch {
	case c.Index < 0:
		return "projection vᵀJu"
	case c.Output < 0:
		return fmt.Sprintf("∂(w·y)/∂%s[%d]", c.Input, c.Index)
	}
	return fmt.Sprintf("∂y[%d]/∂%s[%d]", c.Output, c.Input, c.Index)
}
