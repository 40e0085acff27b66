package meanshift

import (
	"errors"
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// ErrEmpty is returned for data with no rows or no columns.
var ErrEmpty = errors.New("meanshift: no data (0 rows or 0 columns)")

// DataError is a value that cannot be clustered: NaN or ±Inf, at a row and
// column counted from 0 in the tensor (or rows) given.
type DataError struct {
	What     string // "data", "seeds", "points"
	Row, Col int
	Value    float64
}

func (e *DataError) Error() string {
	return fmt.Sprintf("meanshift: %s row %d, column %d is %v (values must be finite)", e.What, e.Row, e.Col, e.Value)
}

// BandwidthError is a bandwidth that is not a positive finite number.
type BandwidthError struct {
	Value float64
}

func (e *BandwidthError) Error() string {
	return fmt.Sprintf("meanshift: bandwidth %v: want a positive finite number", e.Value)
}

// checkBandwidth returns a *BandwidthError unless 0 < h < Inf.
func checkBandwidth(h float64) error {
	if !(h > 0) || math.IsInf(h, 1) {
		return &BandwidthError{h}
	}
	return nil
}

// points returns the rows of a data matrix, n and d, or an error naming
// the first NaN or Inf, or ErrEmpty. A tensor that is not a matrix is a
// programmer error and panics with a *linalg.ShapeError.
func points(op, what string, x *linalg.Tensor) (data []float64, n, d int, err error) {
	if x == nil || x.Rank() != 2 {
		var shape []int
		if x != nil {
			shape = x.Shape()
		}
		panic(linalg.ShapeErrorf("meanshift", op, "%s has shape %v, want a matrix (n×d)", what, shape))
	}
	s := x.Shape()
	n, d = s[0], s[1]
	if n == 0 || d == 0 {
		return nil, n, d, ErrEmpty
	}
	data = x.Values()
	for i, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, n, d, &DataError{What: what, Row: i / d, Col: i % d, Value: v}
		}
	}
	return data, n, d, nil
}
