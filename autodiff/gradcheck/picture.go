package gradcheck

import "github.com/epsilon-engine/epsilon/autodiff"

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
func (r *Report) DOTOptions() *autodiff.DOTOptions {
	status := map[*autodiff.Node]NodeCheck{}
	for _, n := range r.Nodes {
		status[n.Node] = n
	}
	nan := func(n *autodiff.Node) bool { return r.NaN != nil && r.NaN.Node == n }
	return &autodiff.DOTOptions{
		Gradients: r.NaN != nil && r.NaN.InGradient,
		Fill: func(n *autodiff.Node) string {
			if nan(n) {
				return statusColors[NaNFound]
			}
			if c, ok := status[n]; ok {
				return statusColors[c.Status]
			}
			return ""
		},
		Note: func(n *autodiff.Node) string {
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
