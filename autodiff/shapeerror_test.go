package autodiff_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestShapeErrorType: graph-building misuses in the reductions, norms and
// distance ops panic with a *linalg.ShapeError naming the op.
func TestShapeErrorType(t *testing.T) {
	cases := []struct {
		op    string
		build func(g *autodiff.Graph)
	}{
		{"sum", func(g *autodiff.Graph) { g.Input("a", 2, 3).SumAxis(2, false) }},
		{"softmax", func(g *autodiff.Graph) { g.Input("a", 2, 3).Softmax(-3) }},
		{"NormLp", func(g *autodiff.Graph) { g.Input("a", 3).NormLp(0.5) }},
		{"pairwise-sqdist", func(g *autodiff.Graph) { g.Input("a", 2, 3).PairwiseSqDist(g.Input("b", 4, 2)) }},
		{"meanshift-step", func(g *autodiff.Graph) { g.Input("y", 2, 3).MeanShiftStep(g.Input("x", 4, 2), g.Input("h", 1)) }},
		{"gaussian-weight", func(g *autodiff.Graph) { g.Input("d", 2, 3).GaussianWeight(g.Input("h", 2)) }},
	}
	for _, c := range cases {
		func() {
			defer func() {
				r := recover()
				err, _ := r.(error)
				var se *linalg.ShapeError
				if !errors.As(err, &se) || se.Op != c.op || !strings.HasPrefix(se.Error(), "autodiff: "+c.op+": ") {
					t.Errorf("%s: panic %v, want a *linalg.ShapeError for op %q", c.op, r, c.op)
				}
			}()
			c.build(autodiff.New())
		}()
	}
}
