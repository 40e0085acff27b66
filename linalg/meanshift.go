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
// Two more steps keep it finite at every scale. The differences x_i − y_j
// are multiplied by 1/σ before they are squared, σ = MeanShiftScale(y, x, h)
// a power of two (so the scaling is exact), which keeps the squares from
// overflowing for data near ±1e155 and from underflowing for data and
// bandwidths near 1e-170; the exponent is (D_ji − D_j,min)/(2h²) computed as
// (D'_ji − D'_j,min)/(2u²) in the scaled units, u = h/σ. And the update is
// centred, out_j = y_j + Σ_i w_ji (x_i − y_j) / Σ_i w_ji, so it is as
// accurate for points far from the origin (near 1e9, say) as near it.
//
// Range. For finite y and x whose coordinates are below 2^1022 ≈ 4.5e307 in
// magnitude (so that every difference is finite), n ≥ 1 and any h > 0, the
// result is finite: the nearest point has weight 1, the others weights in
// [0, 1]. Each weight's exponent carries an absolute error of about
// 1e-16·D_j,min/h² (the subtraction of the row's smallest squared distance),
// so the weights are accurate to about 1e-16·(1 + D_j,min/h²) relative: fully
// for a query within a few thousand bandwidths of its nearest data point.
// Two points whose distance is below 1e-154·σ are seen as equally far; that
// changes a weight only when h < 1e-140·σ, that is h below about 1e-290 times
// the extent of the data.
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
//
// It is fused and parallel (see MeanShiftRows): the m×n weights are never
// stored, memory beyond the result is O(d) per goroutine, and the rows are
// spread over up to GOMAXPROCS goroutines in chunks fixed by m and d, each
// row computed alone, so the result is bitwise the same for every
// GOMAXPROCS. For 2-D data on amd64 with AVX-512 it runs in vector
// assembly, with an exponential within two ulps of math.Exp, so the
// accuracy stated above holds (up to a few roundings more).
func (CPU) MeanShiftStep(y, x *Tensor, h float64) *Tensor {
	m, _, d := checkRows("MeanShiftStep", y, x)
	y, x = y.hostView(), x.hostView()
	out := New([]int{m, d}, nil)
	if d == 0 {
		return out
	}
	MeanShiftRows(out.data, y.data, x.data, d, h)
	return out
}

// MeanShiftScale returns the power of two σ by which Gaussian mean shift
// (MeanShiftStep, and the derivative rules of package autodiff) divides the
// points y (m×d) and x (n×d) before it squares their differences, for
// bandwidth h. Dividing by a power of two is exact, and the step does not
// depend on σ, only the range of the intermediate numbers does:
//
//	σ = 2^e,  e = max(e(h), e(extent) − 500, e(max |coordinate|) − 1000)
//
// where e(v) is the binary exponent of v (v = f·2^e(v), ½ ≤ f < 1) and the
// extent is the largest range max − min of one coordinate over y and x
// together (terms that are 0 or not finite are left out; e is kept in
// [−1021, 1023]). Then every scaled difference is at most 2^500 and every
// scaled coordinate at most 2^1000 in magnitude, so their squares and the
// squared distances do not overflow; the scaled bandwidth u = h/σ is in
// [½, 1) unless the data spans more than 2^500 bandwidths, where u is
// smaller (about 1e-20 for data of extent 1 and h = 1e-170) but still far
// from underflow. It panics unless y and x are matrices with the same
// number of columns.
func MeanShiftScale(y, x *Tensor, h float64) float64 {
	_, _, d := checkRows("MeanShiftScale", y, x)
	y, x = y.hostView(), x.hostView()
	lo, hi := make([]float64, d), make([]float64, d)
	for k := range d {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for _, t := range []*Tensor{y, x} {
		for r := 0; r < len(t.data); r += d {
			for k, v := range t.data[r : r+d] {
				lo[k], hi[k] = min(lo[k], v), max(hi[k], v)
			}
		}
	}
	return MeanShiftScaleOfRanges(lo, hi, h)
}

// MeanShiftScaleOfRanges is MeanShiftScale given the range lo[k] ≤ v ≤ hi[k]
// of every column k over y and x together, for a device that computes the
// ranges where the points are and sends only them to the host.
func MeanShiftScaleOfRanges(lo, hi []float64, h float64) float64 {
	e := -1021
	if h > 0 && !math.IsInf(h, 1) {
		e = max(e, binaryExponent(h))
	}
	for k := range lo {
		if ext := hi[k] - lo[k]; ext > 0 && !math.IsInf(ext, 1) {
			e = max(e, binaryExponent(ext)-500)
		}
		if big := max(-lo[k], hi[k]); big > 0 && !math.IsInf(big, 1) {
			e = max(e, binaryExponent(big)-1000)
		}
	}
	return math.Ldexp(1, min(e, 1023))
}

func binaryExponent(v float64) int {
	_, e := math.Frexp(v)
	return e
}
