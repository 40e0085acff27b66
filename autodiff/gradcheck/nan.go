package gradcheck

import (
	"fmt"
	"math"
	"strings"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// NaNReport names the first node that produced a NaN.
type NaNReport struct {
	Node *autodiff.Node
	// InGradient is set when the NaN appeared in a derivative (a node that
	// reverse mode added) rather than in a value.
	InGradient bool
	// InData is set when the NaN is in the user's data: an input's or a
	// constant's own value. That is bad data, not a rule error, and no op
	// is blamed for it (ops whose inputs hold NaN are not checked).
	InData bool
	Text   string
}

// nanOrigin finds the first node, in the values of y and then in the
// reverse-mode gradient of y with respect to wrt, whose value has a NaN that
// none of its inputs had. A tensor output's gradient is its VJP with a
// cotangent of ones (the gradient of the sum of its elements).
func (c *checker) nanOrigin() *NaNReport {
	nodes := c.g.Nodes()
	need := ancestors(nodes, []*autodiff.Node{c.y})
	for _, n := range nodes[:c.y.ID()+1] {
		if need[n.ID()] {
			if r := newNaN(n); r != nil {
				return r
			}
		}
	}
	var grads []*autodiff.Node
	if numel(c.y.Shape()) == 1 {
		grads = c.g.Grad(c.y, c.wrt...)
	} else {
		var seed *autodiff.Node
		seed, grads = c.g.VJPNodes(c.y, c.wrt...)
		seed.Set(linalg.Full(1, c.y.Shape()...))
	}
	if err := c.g.Run(grads...); err != nil {
		return nil
	}
	nodes = c.g.Nodes()
	need = ancestors(nodes, grads)
	for _, n := range nodes {
		if need[n.ID()] && n.IsGradient() {
			if r := newNaN(n); r != nil {
				r.InGradient = true
				return r
			}
		}
	}
	return nil
}

// newNaN reports n if its value has a NaN and its inputs have none.
func newNaN(n *autodiff.Node) *NaNReport {
	if n.Value() == nil || !hasNaN(n.Value()) {
		return nil
	}
	for _, in := range n.Inputs() {
		if hasNaN(in.Value()) {
			return nil
		}
	}
	var b strings.Builder
	if n.Op() == nil {
		if n.GradientOf() != nil { // a constant that a VJP rule added
			fmt.Fprintf(&b, "NaN in %s, a constant that the VJP rule of %s added: %s", n.Label(), n.GradientOf().Label(), specialSummary(n.Value()))
			return &NaNReport{Node: n, Text: b.String()}
		}
		fmt.Fprintf(&b, "NaN in the data: %s holds NaN at element %d (%s); bad data, not a rule error, so no op is blamed",
			n.Label(), firstNaN(n.Value()), specialSummary(n.Value()))
		return &NaNReport{Node: n, InData: true, Text: b.String()}
	}
	fmt.Fprintf(&b, "NaN at node %s", n.Label())
	if n.GradientOf() != nil {
		fmt.Fprintf(&b, " (in the gradient, from the VJP of %s)", n.GradientOf().Label())
	}
	b.WriteString(": its inputs are")
	for i, in := range n.Inputs() {
		sep := ","
		if i == 0 {
			sep = ""
		}
		fmt.Fprintf(&b, "%s %s", sep, in.Label())
		if in.GradientOf() != nil {
			fmt.Fprintf(&b, " (from the VJP of %s)", in.GradientOf().Label())
		}
		fmt.Fprintf(&b, " = %s", specialSummary(in.Value()))
	}
	if src := infSource(n); src != nil {
		fmt.Fprintf(&b, "; the infinity comes from %s = %s", src.Label(), specialSummary(src.Value()))
		if len(src.Inputs()) > 0 {
			fmt.Fprintf(&b, " at %s = %s", src.Inputs()[0].Label(), specialSummary(src.Inputs()[0].Value()))
		}
	}
	return &NaNReport{Node: n, Text: b.String()}
}

// infSource follows infinite values back from n's inputs to the first node
// that made an infinity from finite inputs (sqrt′ at 0, say), or nil.
func infSource(n *autodiff.Node) *autodiff.Node {
	for _, in := range n.Inputs() {
		if !hasInf(in.Value()) {
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
	for _, v := range t.Values() {
		if math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

// firstNaN is the flat index of t's first NaN, or −1.
func firstNaN(t *linalg.Tensor) int {
	for i, v := range t.Values() {
		if v != v {
			return i
		}
	}
	return -1
}

func hasNaN(t *linalg.Tensor) bool {
	for _, v := range t.Values() {
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
	for _, v := range t.Values() {
		if math.IsInf(v, 0) {
			infs++
		}
		if v == 0 {
			zeros++
		}
	}
	s := linalg.Summary(t)
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
