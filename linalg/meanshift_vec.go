package linalg

import "math"

// MinSqDist2 returns the smallest squared distance from the query (q0, q1)
// to the 2-D points (x0[i], x1[i]) (+Inf for none), each computed as
// fma(e1, e1, e0·e0), e = x − q, in F. With GaussianSums2 it is the
// Gaussian mean shift update of one query over a range of points in
// structure-of-arrays form, the building block of a neighbour grid's
// update; both run 16 float32 or 8 float64 points at a time in AVX-512
// where the processor has it. It panics if len(x0) ≠ len(x1).
func MinSqDist2[F Float](x0, x1 []F, q0, q1 F) F {
	if len(x0) != len(x1) {
		panic(shapeErrorf("MinSqDist2", "lengths %d and %d", len(x0), len(x1)))
	}
	lo, done := minSqDist2Vec(x0, x1, q0, q1)
	for i := done; i < len(x0); i++ {
		e0, e1 := x0[i]-q0, x1[i]-q1
		lo = min(lo, fmaF(e1, e1, e0*e0))
	}
	return lo
}

// GaussianSums2 returns, for the query (q0, q1) and the 2-D points
// (x0[i], x1[i]), the sums Σ w_i, Σ w_i·(x0_i − q0) and Σ w_i·(x1_i − q1)
// with w_i = exp((D_i − lo)·c), D_i the squared distance as MinSqDist2
// computes it. With lo the smallest D_i over all points that count and
// c = −1/(2h²), the nearest point has weight 1 and the update of the query
// is q + (s0, s1)/den. In float32 the exponential has a relative error
// below 3e-7 (exp32's polynomial), in float64 within two ulps of math.Exp where the
// result is normal (one ulp of the subnormal spacing below); the sums are
// in F, in an order fixed by the length. c must be finite (with c = −Inf
// the nearest point's weight would be 0·Inf). It panics if len(x0) ≠
// len(x1).
func GaussianSums2[F Float](x0, x1 []F, q0, q1, lo, c F) (den, s0, s1 F) {
	if len(x0) != len(x1) {
		panic(shapeErrorf("GaussianSums2", "lengths %d and %d", len(x0), len(x1)))
	}
	den, s0, s1, done := gaussianSums2Vec(x0, x1, q0, q1, lo, c)
	for i := done; i < len(x0); i++ {
		e0, e1 := x0[i]-q0, x1[i]-q1
		w := expF(max((fmaF(e1, e1, e0*e0)-lo)*c, -746))
		den += w
		s0 = fmaF(w, e0, s0)
		s1 = fmaF(w, e1, s1)
	}
	return den, s0, s1
}

// fmaF is x·y + z with one rounding, in F (for float32 the float64 FMA
// is exact before the one rounding to float32).
func fmaF[F Float](x, y, z F) F {
	return F(math.FMA(float64(x), float64(y), float64(z)))
}

// prepare makes the structure-of-arrays copy of the data, scaled by 1/σ,
// that the vector kernel reads: for data of 2 columns, all finite, on a
// processor with AVX-512. Otherwise k.xs stays nil and the
// portable loop runs.
func (k *meanShiftKernel[F]) prepare(x []F) {
	if !hasAVX512 || k.d != 2 || len(x) == 0 {
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
	n := len(k.xs) / 2
	x0, x1 := k.xs[:n], k.xs[n:]
	s, c, sigma := k.s, k.c, k.sigma
	if c-c != 0 { // 1/u² overflowed: the portable loop handles the nearest point apart
		return false
	}
	for j := 0; j+1 < len(y); j += 2 {
		q0, q1 := y[j]*s, y[j+1]*s
		if q0-q0 != 0 || q1-q1 != 0 { // NaN or Inf: the portable loop says NaN
			return false
		}
		lo := MinSqDist2(x0, x1, q0, q1)
		den, s0, s1 := GaussianSums2(x0, x1, q0, q1, lo, c)
		out[j] = y[j] + s0/den*sigma
		out[j+1] = y[j+1] + s1/den*sigma
	}
	return true
}
