package linalg

import "math"

// splitAxis views shape as outer × n × inner around axis, so the element at
// (o, j, i) sits at o*n*inner + j*inner + i.
func splitAxis(shape []int, axis int) (outer, n, inner int) {
	return product(shape[:axis]), shape[axis], product(shape[axis+1:])
}

// ReducedShape returns the shape of a reduction of a tensor of the given
// shape along axis (a negative axis counts from the end): shape without that
// axis, or with it set to 1 if keepDims, so that the result broadcasts
// against the input. It panics with a *ShapeError if axis is out of range.
// Sum, Mean, Max and LogSumExp have this shape, and so do autodiff's
// reductions.
func ReducedShape(shape []int, axis int, keepDims bool) []int {
	axis = normAxis("ReducedShape", axis, shape)
	out := append([]int{}, shape[:axis]...)
	if keepDims {
		out = append(out, 1)
	}
	return append(out, shape[axis+1:]...)
}

// reduce applies a per-line reduction f along axis. f receives the line's
// first element offset, its length and its stride.
func reduce(op string, dst, t *Tensor, axis int, keepDims bool, f func(data []float64, off, n, stride int) float64) *Tensor {
	t = t.hostView()
	ax := normAxis(op, axis, t.shape)
	outer, n, inner := splitAxis(t.shape, ax)
	out := Into(op, dst, ReducedShape(t.shape, ax, keepDims))
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			out.data[o*inner+i] = f(t.data, o*n*inner+i, n, inner)
		}
	}
	return out
}

// Sum returns the sum of t along axis (a negative axis counts from the end).
// With keepDims the summed axis stays as a dimension of size 1, so the result
// broadcasts against t. Summing an empty axis gives 0. It panics if axis is out
// of range (a rank-0 tensor has no axes).
func Sum(t *Tensor, axis int, keepDims bool) *Tensor { return SumInto(nil, t, axis, keepDims) }

// SumInto is Sum writing into dst (see Into).
func SumInto(dst, t *Tensor, axis int, keepDims bool) *Tensor {
	return reduce("Sum", dst, t, axis, keepDims, lineSum)
}

func lineSum(d []float64, off, n, s int) float64 {
	var sum float64
	for j := 0; j < n; j++ {
		sum += d[off+j*s]
	}
	return sum
}

// Mean returns the mean of t along axis, like Sum. The mean over an empty axis
// is NaN (0/0).
func Mean(t *Tensor, axis int, keepDims bool) *Tensor { return MeanInto(nil, t, axis, keepDims) }

// MeanInto is Mean writing into dst (see Into).
func MeanInto(dst, t *Tensor, axis int, keepDims bool) *Tensor {
	return reduce("Mean", dst, t, axis, keepDims, func(d []float64, off, n, s int) float64 {
		return lineSum(d, off, n, s) / float64(n)
	})
}

// Max returns the maximum of t along axis, like Sum. A NaN in a line makes its
// maximum NaN; the maximum over an empty axis is −Inf.
func Max(t *Tensor, axis int, keepDims bool) *Tensor { return MaxInto(nil, t, axis, keepDims) }

// MaxInto is Max writing into dst (see Into).
func MaxInto(dst, t *Tensor, axis int, keepDims bool) *Tensor {
	return reduce("Max", dst, t, axis, keepDims, func(d []float64, off, n, s int) float64 {
		_, m := lineArgMax(d, off, n, s)
		return m
	})
}

// lineArgMax returns the index (within the line) and value of the first
// maximum of a line; a NaN counts as larger than everything, so the first NaN
// wins. An empty line gives (-1, −Inf).
func lineArgMax(d []float64, off, n, s int) (int, float64) {
	if n == 0 {
		return -1, math.Inf(-1)
	}
	arg, m := 0, d[off]
	if math.IsNaN(m) {
		return 0, m
	}
	for j := 1; j < n; j++ {
		v := d[off+j*s]
		if math.IsNaN(v) {
			return j, v
		}
		if v > m {
			arg, m = j, v
		}
	}
	return arg, m
}

// SumAll returns the sum of all elements; 0 for an empty tensor.
func SumAll(t *Tensor) float64 {
	t = t.hostView()
	return lineSum(t.data, 0, len(t.data), 1)
}

// MaxAll returns the largest element; NaN if any element is NaN, −Inf for an
// empty tensor.
func MaxAll(t *Tensor) float64 {
	t = t.hostView()
	_, m := lineArgMax(t.data, 0, len(t.data), 1)
	return m
}

// MaxMask returns a tensor of t's shape that marks the maxima of each line
// along axis (a negative axis counts from the end): 1/k at each of the k
// elements equal to the line's maximum, 0 elsewhere. It is the derivative of
// Max(t, axis, ·), with ties sharing it evenly as dual.Number's Max does, so
// Sum(Mul(MaxMask(t, a), t), a, ·) equals Max(t, a, ·). A line holding a NaN
// has a NaN maximum and its mask is all NaN; a line of all −Inf has k = n
// maxima. It panics with a *ShapeError if axis is out of range.
func MaxMask(t *Tensor, axis int) *Tensor {
	ax := normAxis("MaxMask", axis, t.shape)
	outer, n, inner := splitAxis(t.shape, ax)
	return maxMask(t, outer, n, inner)
}

// MaxMaskAll is MaxMask over all elements of t as one line: the derivative
// of MaxAll.
func MaxMaskAll(t *Tensor) *Tensor { return maxMask(t, 1, t.Len(), 1) }

func maxMask(t *Tensor, outer, n, inner int) *Tensor {
	out := New(t.shape, nil)
	src, dst := t.hostView().data, out.data
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			base := o*n*inner + i
			best, k, nan := math.Inf(-1), 0, false
			for j := 0; j < n; j++ {
				switch v := src[base+j*inner]; {
				case v != v:
					nan = true
				case v > best:
					best, k = v, 1
				case v == best:
					k++
				}
			}
			for j := 0; j < n; j++ {
				switch v := src[base+j*inner]; {
				case nan: // the maximum is NaN, and so is its derivative
					dst[base+j*inner] = math.NaN()
				case v == best:
					dst[base+j*inner] = 1 / float64(k)
				}
			}
		}
	}
	return out
}

// LogSumExp returns log Σ_j exp(t_j) along axis, like Sum. It is computed as
// m + log Σ_j exp(t_j − m) with m the line's maximum, so no exponential
// overflows: LogSumExp of (1000, 1000) is 1000 + log 2, not +Inf.
//
// Special cases are:
//
//	a line of all −Inf, or an empty line, gives −Inf (log 0), not NaN
//	a line containing +Inf (and no NaN) gives +Inf
//	a line containing NaN gives NaN
func LogSumExp(t *Tensor, axis int, keepDims bool) *Tensor {
	return reduce("LogSumExp", nil, t, axis, keepDims, lineLogSumExp)
}

func lineLogSumExp(d []float64, off, n, s int) float64 {
	_, m := lineArgMax(d, off, n, s)
	if math.IsInf(m, 0) || math.IsNaN(m) {
		return m
	}
	var sum float64
	for j := 0; j < n; j++ {
		sum += math.Exp(d[off+j*s] - m)
	}
	return m + math.Log(sum)
}

// Softmax returns exp(t_j) / Σ_k exp(t_k) along axis, computed as
// exp(t_j − m) / Σ_k exp(t_k − m) with m the line's maximum so that nothing
// overflows (Softmax of (1000, 1000) is (0.5, 0.5)). Each line sums to 1 up
// to rounding. A line of all −Inf has no finite weight and gives NaN (0/0),
// as does a line containing NaN or +Inf; −Inf entries of other lines get 0.
// LogSumExpGrad is the same weights with finite conventions on those lines,
// for use as a derivative.
func Softmax(t *Tensor, axis int) *Tensor { return softmax("Softmax", t, axis, false) }

// LogSumExpGrad returns the derivative of LogSumExp(t, axis, ·) with
// respect to t: the softmax weights along axis. It is Softmax, except on
// the lines where Softmax is 0/0, which get the conventions of a derivative:
//
//	a line of all −Inf (LogSumExp −Inf) has weight 0 everywhere: no entry
//	  carries any weight, and moving an entry by a finite amount leaves it,
//	  and the LogSumExp, at −Inf; so the gradient there is 0, not NaN
//	a line containing +Inf (LogSumExp +Inf) gives weight 1/k to each of its
//	  k entries equal to +Inf and 0 to the rest: the limit of the weights as
//	  those entries grow together, and the tie rule of MaxMask, since
//	  LogSumExp tends to the maximum
//	a line containing NaN has NaN weights
//
// −Inf entries of any other line have weight exactly 0.
func LogSumExpGrad(t *Tensor, axis int) *Tensor { return softmax("LogSumExpGrad", t, axis, true) }

// softmax computes the weights; conventions selects LogSumExpGrad's
// handling of lines whose maximum is infinite.
func softmax(op string, t *Tensor, axis int, conventions bool) *Tensor {
	t = t.hostView()
	ax := normAxis(op, axis, t.shape)
	outer, n, inner := splitAxis(t.shape, ax)
	out := New(t.shape, nil)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			off := o*n*inner + i
			_, m := lineArgMax(t.data, off, n, inner)
			if conventions && math.IsInf(m, 0) {
				if m > 0 { // the k entries at +Inf share the weight; the rest stay 0
					k := 0
					for j := 0; j < n; j++ {
						if t.data[off+j*inner] == m {
							k++
						}
					}
					for j := 0; j < n; j++ {
						if t.data[off+j*inner] == m {
							out.data[off+j*inner] = 1 / float64(k)
						}
					}
				}
				continue // all −Inf: weight 0 everywhere (out is zero)
			}
			var sum float64
			for j := 0; j < n; j++ {
				e := math.Exp(t.data[off+j*inner] - m)
				out.data[off+j*inner] = e
				sum += e
			}
			for j := 0; j < n; j++ {
				out.data[off+j*inner] /= sum
			}
		}
	}
	return out
}
