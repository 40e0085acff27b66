package autodiff

import (
	"fmt"
	"strings"
	"text/tabwriter"
)

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
		if w.Disagrees != "" {
			fmt.Fprintf(&b, "         absolute error %.3g, relative %.3g; disagreeing: %s\n", w.AbsErr, w.RelErr, w.Disagrees)
		}
	}
	if k := r.Kink; k != nil {
		fmt.Fprintf(&b, "  kink: a non-differentiable point: slope from the left %.6g ± %.1g, from the right %.6g ± %.1g; ",
			k.Left.Value, k.Left.Err, k.Right.Value, k.Right.Err)
		if r.Status == Kink {
			fmt.Fprintf(&b, "the rules give %.6g, a convention between them, not a rule error\n", r.Worst.Reverse)
		} else {
			fmt.Fprintf(&b, "the rules give %.6g and %.6g, outside them: a wrong rule at the kink\n", r.Worst.Reverse, r.Worst.Forward)
		}
	}
	if d := r.Step; d != nil {
		fmt.Fprintf(&b, "  step sweep: %s\n", d.Text)
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

// Colours of node statuses in pictures.
var statusColors = map[Status]string{
	Passed:     "#c8e6c9", // green
	Kink:       "#ffe0b2", // orange
	Rounding:   "#fff9c4", // yellow
	Truncation: "#fff9c4",
	Mismatch:   "#ef9a9a", // red
	NaNFound:   "#ce93d8", // purple
}

// DOTOptions colours the graph's picture by what the check found: green
// passed, red blamed, orange kink, yellow rounding or truncation, purple the
// node where a NaN appeared. Each checked node's label gets its status.
func (r *Report) DOTOptions() *DOTOptions {
	status := map[*Node]NodeCheck{}
	for _, n := range r.Nodes {
		status[n.Node] = n
	}
	nan := func(n *Node) bool { return r.NaN != nil && r.NaN.Node == n }
	return &DOTOptions{
		Gradients: r.NaN != nil && r.NaN.InGradient,
		Fill: func(n *Node) string {
			if nan(n) {
				return statusColors[NaNFound]
			}
			if c, ok := status[n]; ok {
				return statusColors[c.Status]
			}
			return ""
		},
		Note: func(n *Node) string {
			if nan(n) {
				return "NaN appears here"
			}
			if c, ok := status[n]; ok {
				return "check: " + c.Status.String()
			}
			return ""
		},
	}
}
