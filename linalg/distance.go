package linalg

import "math"

// Distance returns the Euclidean distance ‖a − b‖₂ between two tensors with
// the same number of elements (shapes may differ, as for Dot), computed
// without overflow like NormL2. It panics if the lengths differ.
func Distance(a, b *Tensor) float64 {
	a, b = a.hostView(), b.hostView()
	if len(a.data) != len(b.data) {
		panic(shapeErrorf("Distance", "shapes %v and %v have different lengths", a.shape, b.shape))
	}
	d := make([]float64, len(a.data))
	for i, x := range a.data {
		d[i] = x - b.data[i]
	}
	return l2(d)
}

// checkRows panics, naming op and both shapes, unless x and y are matrices
// with the same number of columns; it returns their rows and columns.
func checkRows(op string, x, y *Tensor) (n, m, d int) {
	x.notNil(op)
	y.notNil(op)
	if len(x.shape) != 2 || len(y.shape) != 2 || x.shape[1] != y.shape[1] {
		panic(shapeErrorf(op, "shapes %v and %v: want two matrices with the same number of columns", x.shape, y.shape))
	}
	return x.shape[0], y.shape[0], x.shape[1]
}

// PairwiseSqDist returns the n×m matrix of squared Euclidean distances
// ‖x_i − y_j‖² between the rows of x (n×d) and y (m×d). It panics, naming both
// shapes, unless both are matrices with the same number of columns.
//
// Every entry is computed directly as Σ_k (x_ik − y_jk)². It is a sum of
// squares, so it is never negative, and it is exactly 0 when x_i = y_j. The
// expansion ‖x‖² + ‖y‖² − 2x·y, which turns the job into one matrix product,
// loses both properties: for x = y = 1e8 + δ each of the three terms is about
// 1e16, their rounding errors are about 1 (one ulp of 1e16 is 2), and the
// difference, which should be 0 or δ², comes out as a few units of either
// sign. A negative squared distance then gives NaN under a square root and a
// weight exp(−d²/2h²) above 1. Code that uses the expansion for speed (a GEMM
// on a GPU, say) must clamp the result at 0 and still differs from the true
// value by up to ~1e-16·(‖x‖² + ‖y‖²).
func PairwiseSqDist(x, y *Tensor) *Tensor {
	n, m, d := checkRows("PairwiseSqDist", x, y)
	x, y = x.hostView(), y.hostView()
	out := New([]int{n, m}, nil)
	for i := 0; i < n; i++ {
		xi := x.data[i*d : (i+1)*d]
		row := out.data[i*m : (i+1)*m]
		for j := range row {
			row[j] = sqDist(xi, y.data[j*d:(j+1)*d])
		}
	}
	return out
}

func sqDist(a, b []float64) float64 {
	var s float64
	for k, v := range a {
		e := v - b[k]
		s += e * e
	}
	return s
}

// GaussianWeight returns exp(−s / (2h²)) for every element s of sqDist, a
// tensor of squared distances: the Gaussian kernel weights with bandwidth h.
// A bandwidth that is not positive (h ≤ 0 or NaN) has no kernel; the result
// is then all NaN, of sqDist's shape, rather than a panic, because h usually
// comes from data (a bandwidth estimate).
func GaussianWeight(sqDist *Tensor, h float64) *Tensor {
	if !(h > 0) {
		return Full(math.NaN(), sqDist.shape...)
	}
	// s/h/h rather than s·(−1/2h²): for a tiny h, 2h² underflows to 0 and
	// 0·Inf would turn the weight of a zero distance into NaN instead of 1.
	return Map(sqDist, func(s float64) float64 { return math.Exp(-0.5 * (s / h / h)) })
}
