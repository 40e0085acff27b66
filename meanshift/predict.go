package meanshift

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Predict labels the points x (m×d) with their nearest centre (an index
// into r.Centers), as scikit-learn's MeanShift.predict. Errors: a
// *DataError for a NaN or Inf in x, an error if x has a different number
// of columns than the centres. No rows give no labels. It panics (a
// *linalg.ShapeError) if x is not a matrix.
func (r *Result) Predict(x *linalg.Tensor) ([]int, error) {
	if x == nil || x.Rank() != 2 {
		_, _, _, _ = points("Predict", "points", x) // panics with the shape
	}
	d := r.Centers.Shape()[1]
	if c := x.Shape()[1]; c != d {
		return nil, fmt.Errorf("meanshift: Predict: points have %d columns, the centres %d", c, d)
	}
	if x.Shape()[0] == 0 {
		return []int{}, nil
	}
	data, _, _, err := points("Predict", "points", x)
	if err != nil {
		return nil, err
	}
	return nearest(data, r.Centers.Values(), d), nil
}
