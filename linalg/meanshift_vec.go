package linalg

import (
	"math"
	"unsafe"
)

// MinSqDist2 returns the smallest squared distance from the query (q0, q1)
// to the 2-D points (x0[i], x1[i]) (+Inf for none), each computed as
// fma(e1, e1, e0·e0), e = x − q, in float32. With GaussianSums2 it is the
// float32 mean shift update of one query over a range of points in
// structure-of-arrays form, the building block of a neighbour grid's
// update; both run 16 points at a time in AVX-512 where the processor has
// it. It panics if len(x0) ≠ len(x1).
func MinSqDist2(x0, x1 []float32, q0, q1 float32) float32 {
	if len(x0) != len(x1) {
		panic(shapeErrorf("MinSqDist2", "lengths %d and %d", len(x0), len(x1)))
	}
	lo, done := minSqDist2Vec(x0, x1, q0, q1)
	for i := done; i < len(x0); i++ {
		e0, e1 := x0[i]-q0, x1[i]-q1
		lo = min(lo, fma32(e1, e1, e0*e0))
	}
	return lo
}

// GaussianSums2 returns, for the query (q0, q1) and the 2-D points
// (x0[i], x1[i]), the sums Σ w_i, Σ w_i·(x0_i − q0) and Σ w_i·(x1_i − q1)
// with w_i = exp((D_i − lo)·c), D_i the squared distance as MinSqDist2
// computes it. With lo the smallest D_i over all points that count and
// c = −1/(2h²), the nearest point has weight 1 and the update of the query
// is q + (s0, s1)/den. The exponential is exp32's polynomial (relative
// error below 3e-7); the sums are in float32, in an order fixed by the
// length. It panics if len(x0) ≠ len(x1).
func GaussianSums2(x0, x1 []float32, q0, q1, lo, c float32) (den, s0, s1 float32) {
	if len(x0) != len(x1) {
		panic(shapeErrorf("GaussianSums2", "lengths %d and %d", len(x0), len(x1)))
	}
	den, s0, s1, done := gaussianSums2Vec(x0, x1, q0, q1, lo, c)
	for i := done; i < len(x0); i++ {
		e0, e1 := x0[i]-q0, x1[i]-q1
		w := exp32(max((fma32(e1, e1, e0*e0)-lo)*c, -104))
		den += w
		s0 = fma32(w, e0, s0)
		s1 = fma32(w, e1, s1)
	}
	return den, s0, s1
}

// fma32 is x·y + z with one rounding, in float32.
func fma32(x, y, z float32) float32 {
	return float32(math.FMA(float64(x), float64(y), float64(z)))
}

// prepare makes the structure-of-arrays copy of the data, scaled by 1/σ,
// that the vector kernel reads: for float32 data of 2 columns, all
// finite, on a processor with AVX-512. Otherwise k.xs stays nil and the
// portable loop runs.
func (k *meanShiftKernel[F]) prepare(x []F) {
	if !hasAVX512 || k.d != 2 || unsafe.Sizeof(x[0]) != 4 {
		return
	}
	n := len(x) / 2
	xs := make([]F, 2*n)
	for i := range n {
		a, b := x[2*i]*k.s, x[2*i+1]*k.s
		if math.IsNaN(float64(a)) || math.IsInf(float64(a), 0) || math.IsNaN(float64(b)) || math.IsInf(float64(b), 0) {
			return
		}
		xs[i], xs[n+i] = a, b
	}
	k.xs = xs
}

// vectorRows updates the queries y into out with the vector kernel, and
// reports false (doing nothing) if it cannot run.
func (k *meanShiftKernel[F]) vectorRows(out, y []F) bool {
	if unsafe.Sizeof(y[0]) != 4 {
		return false
	}
	xs := *(*[]float32)(unsafe.Pointer(&k.xs))
	o := *(*[]float32)(unsafe.Pointer(&out))
	q := *(*[]float32)(unsafe.Pointer(&y))
	n := len(xs) / 2
	x0, x1 := xs[:n], xs[n:]
	s, c, sigma := float32(k.s), float32(k.c), float32(k.sigma)
	for j := 0; j+1 < len(q); j += 2 {
		q0, q1 := q[j]*s, q[j+1]*s
		if q0-q0 != 0 || q1-q1 != 0 { // NaN or Inf: the portable loop says NaN
			return false
		}
		lo := MinSqDist2(x0, x1, q0, q1)
		den, s0, s1 := GaussianSums2(x0, x1, q0, q1, lo, c)
		o[j] = q[j] + s0/den*sigma
		o[j+1] = q[j+1] + s1/den*sigma
	}
	return true
}
