package meanshift

import (
	"context"
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Step returns one exact mean shift update of the queries y (m×d) against
// the data x (n×d) with bandwidth h and kernel k: row j of the result is
// Σ_i w_ji x_i / Σ_i w_ji with w_ji = K(‖y_j − x_i‖/h). A query with no
// data within the support of a finite kernel stays where it is. The
// Gaussian update is linalg.Default's MeanShiftStep (stabilised, see
// there). It is the building block of Cluster, for teaching and plots:
// Step(x, x, h, k) repeated is the lesson's blurring mean shift.
//
// Errors: ErrEmpty, *DataError (for x, then y), *BandwidthError, and an
// error if x and y have different numbers of columns. It panics (a
// *linalg.ShapeError) if x or y is not a matrix.
func Step(x, y *linalg.Tensor, h float64, k Kernel) (*linalg.Tensor, error) {
	data, _, d, err := points("Step", "data", x)
	if err != nil {
		return nil, err
	}
	if y == nil || y.Rank() != 2 {
		_, _, _, _ = points("Step", "queries", y) // panics with the shape
	}
	if c := y.Shape()[1]; c != d {
		return nil, fmt.Errorf("meanshift: Step: queries have %d columns, data %d", c, d)
	}
	if y.Shape()[0] == 0 {
		return linalg.Zeros(0, d), nil
	}
	q, m, _, err := points("Step", "queries", y)
	if err != nil {
		return nil, err
	}
	if err := checkBandwidth(h); err != nil {
		return nil, err
	}
	if k < Gaussian || k > Epanechnikov {
		return nil, fmt.Errorf("meanshift: unknown kernel %d", int(k))
	}
	if k == Gaussian {
		return linalg.Default.MeanShiftStep(y, x, h), nil
	}
	u := &updater{kernel: k, h: h, d: d, exact: true}
	out := make([]float64, m*d)
	if err := u.exactStep(context.Background(), out, q, data); err != nil {
		return nil, err
	}
	return linalg.New([]int{m, d}, out), nil
}
