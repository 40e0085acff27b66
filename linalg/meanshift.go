package linalg

import "math"

// MeanShiftStep returns one Gaussian mean shift update of the queries y (m×d)
// against the data x (n×d) with bandwidth h, an m×d tensor whose row j is the
// kernel-weighted mean of the data seen from y_j:
//
//	out_j = Σ_i w_ji x_i / Σ_i w_ji,  w_ji = exp(−‖y_j − x_i‖² / 2h²).
//
// The weights of a row are a softmax of −‖y_j − x_i‖²/2h² over i, and are
// stabilised the same way: the row's smallest squared distance is subtracted
// before exponentiating, which cancels in the ratio. The nearest point then
// has weight exactly 1, so a query 1000 bandwidths from all data, whose raw
// weights would all underflow to 0 and give 0/0, moves to the weighted mean
// of the data near its nearest point instead.
//
// It panics, naming both shapes, unless y and x are matrices with the same
// number of columns. Special cases, which come from data and so do not panic:
//
//	h ≤ 0 or NaN: every element of the result is NaN
//	n = 0 (no data): every row is NaN (0/0)
//	m = 0: the result is empty (0×d)
//	a NaN in y_j or in any x_i: row j is NaN
//	an infinite coordinate in some x_i: rows it weighs in are NaN (0·Inf), since
//	its weight underflows to 0 while the point itself is infinite
func (CPU) MeanShiftStep(y, x *Tensor, h float64) *Tensor {
	m, n, d := checkRows("MeanShiftStep", y, x)
	y, x = y.hostView(), x.hostView()
	out := New([]int{m, d}, nil)
	if !(h > 0) {
		for i := range out.data {
			out.data[i] = math.NaN()
		}
		return out
	}
	d2 := make([]float64, n)
	for j := 0; j < m; j++ {
		yj := y.data[j*d : (j+1)*d]
		lo := math.Inf(1)
		for i := range d2 {
			d2[i] = sqDist(yj, x.data[i*d:(i+1)*d])
			lo = min(lo, d2[i])
		}
		oj := out.data[j*d : (j+1)*d]
		var den float64
		for i, s := range d2 {
			w := math.Exp(-0.5 * ((s - lo) / h / h))
			den += w
			for k, v := range x.data[i*d : (i+1)*d] {
				oj[k] += w * v
			}
		}
		for k := range oj {
			oj[k] /= den
		}
	}
	return out
}
