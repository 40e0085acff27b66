package meanshift_test

import (
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestUpdateGradients: the gradient check passes for the mean shift
// update (the graph's MeanShiftStep op, which Cluster's Gaussian update
// runs through the backend) in the climbers, the data and the bandwidth,
// for one step and for three chained steps, standard and blurring, at
// h = 2.5 and at h = 1.3, where the blurring Jacobian has elements of 1e-6
// (a point of one group against a point of another) beside elements of 0.3.
func TestUpdateGradients(t *testing.T) {
	x := threeBlobs()
	for _, bw := range []float64{2.5, 1.3} {
		for _, steps := range []int{1, 3} {
			g := autodiff.New()
			data := g.Input("x", 12, 2)
			data.Set(x.Clone())
			y := g.Input("y", 3, 2)
			y.Set(linalg.New([]int{3, 2}, []float64{0.3, 0.1, 4.6, 5.3, -3.5, 5.5}))
			h := g.Input("h", 1)
			h.Set(linalg.New([]int{1}, []float64{bw}))
			out := y
			for range steps {
				out = out.MeanShiftStep(data, h)
			}
			gradcheck.CheckT(t, out, y, data, h)

			// Blurring: the data moves with itself.
			b := data
			for range steps {
				b = b.MeanShiftStep(b, h)
			}
			gradcheck.CheckT(t, b, data, h)
		}
	}
}
