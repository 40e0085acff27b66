package autodiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/epsilon-engine/epsilon/linalg"
)

// DOTOptions controls how a graph is drawn.
type DOTOptions struct {
	// Gradients includes the nodes that reverse mode added; by default only
	// the user's graph is drawn, each node showing its gradient's summary.
	Gradients bool
	// Fill returns a fill colour for a node ("" for the default); a gradient
	// check colours nodes by their status this way.
	Fill func(*Node) string
	// Note returns an extra line for a node's label, or "".
	Note func(*Node) string
}

// WriteDOT writes the graph in Graphviz's DOT language: one box per node
// with its op, shape, a summary of its value and of its gradient.
func (g *Graph) WriteDOT(w io.Writer, opt *DOTOptions) error {
	if opt == nil {
		opt = &DOTOptions{}
	}
	var b strings.Builder
	b.WriteString("digraph epsilon {\n\trankdir=LR;\n\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\", fontname=\"Helvetica\", fontsize=10];\n")
	for _, n := range g.nodes {
		if n.gradient && !opt.Gradients {
			continue
		}
		lines := []string{n.Label(), "shape " + shapeString(n.shape)}
		if n.value != nil {
			lines = append(lines, "value "+linalg.Summary(n.value))
		}
		if n.adjoint != nil && n.adjoint.value != nil {
			lines = append(lines, "grad "+linalg.Summary(n.adjoint.value))
		}
		if opt.Note != nil {
			if s := opt.Note(n); s != "" {
				lines = append(lines, s)
			}
		}
		attrs := ""
		if n.op == nil {
			attrs = ", shape=ellipse"
		}
		if opt.Fill != nil {
			if c := opt.Fill(n); c != "" {
				attrs += fmt.Sprintf(", fillcolor=%q", c)
			}
		}
		fmt.Fprintf(&b, "\tn%d [label=%q%s];\n", n.id, strings.Join(lines, "\n"), attrs)
		for _, in := range n.inputs {
			fmt.Fprintf(&b, "\tn%d -> n%d;\n", in.id, n.id)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func shapeString(shape []int) string {
	if len(shape) == 0 {
		return "scalar"
	}
	parts := make([]string, len(shape))
	for i, s := range shape {
		parts[i] = fmt.Sprint(s)
	}
	return strings.Join(parts, "×")
}
