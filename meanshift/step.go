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
	data, _, d, q, m, err := dataAndQueries("Step", "queries", x, y)
	if err != nil {
		return nil, err
	}
	if m == 0 {
		return linalg.Zeros(0, d), nil
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

// dataAndQueries checks the data x and the queries y (called what) of op
// and returns their rows: ErrEmpty or a *DataError for x, an error if the
// column counts differ, then a *DataError for y; it panics (a
// *linalg.ShapeError) if either is not a matrix. An empty y gives m = 0
// and no error.
func dataAndQueries(op, what string, x, y *linalg.Tensor) (data []float64, n, d int, q []float64, m int, err error) {
	data, n, d, err = points(op, "data", x)
	if err != nil {
		return nil, 0, 0, nil, 0, err
	}
	if y == nil || y.Rank() != 2 {
		_, _, _, _ = points(op, what, y) // panics with the shape
	}
	if c := y.Shape()[1]; c != d {
		return nil, 0, 0, nil, 0, fmt.Errorf("meanshift: %s: %s have %d columns, data %d", op, what, c, d)
	}
	if y.Shape()[0] == 0 {
		return data, n, d, nil, 0, nil
	}
	q, m, _, err = points(op, what, y)
	return data, n, d, q, m, err
}
