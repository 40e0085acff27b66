package linalg

import (
	"fmt"
	"math"
)

// Summary describes a tensor in one line for reports and graph pictures:
// the value itself for one element ("0.5"), "(empty)" for none, else the
// range and the mean of the non-NaN elements with the NaNs counted, e.g.
// "[-1 … 3] mean 0.75, 1 NaN".
func Summary(t *Tensor) string {
	d := t.Values()
	switch len(d) {
	case 0:
		return "(empty)"
	case 1:
		return fmt.Sprintf("%.4g", d[0])
	}
	lo, hi, sum, nans := math.Inf(1), math.Inf(-1), 0.0, 0
	for _, v := range d {
		if math.IsNaN(v) {
			nans++
			continue
		}
		lo, hi, sum = math.Min(lo, v), math.Max(hi, v), sum+v
	}
	if nans == len(d) {
		return fmt.Sprintf("all %d NaN", nans)
	}
	s := fmt.Sprintf("[%.3g … %.3g] mean %.3g", lo, hi, sum/float64(len(d)-nans))
	if nans > 0 {
		s += fmt.Sprintf(", %d NaN", nans)
	}
	return s
}
