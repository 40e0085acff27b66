package linalg

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Float is the element type of the kernels written once for both
// precisions (the mean shift update): float32, as the lesson and GPUs
// compute, or float64, as the graph does.
type Float interface{ ~float32 | ~float64 }

// MeanShiftRows computes the Gaussian mean shift update of the queries y
// (m×d, row-major) against the data x (n×d, row-major) with bandwidth h
// into out (m×d), in the element type F, with the stabilisation of
// CPU.MeanShiftStep: differences scaled by a power of two before they are
// squared (MeanShiftScaleOf), each row's smallest squared distance
// subtracted before exponentiating (the nearest point has weight exactly 1)
// and the update centred, out_j = y_j + Σ_i w_ji (x_i − y_j) / Σ_i w_ji.
//
// The update is fused: it never forms the m×n weight matrix; each query
// row makes two passes over the data, one for its smallest distance and one
// for the weighted sums, so memory is O(d) per goroutine beyond the
// inputs and the output. Rows are computed independently, in chunks of a
// fixed size spread over up to GOMAXPROCS goroutines; since each row's
// arithmetic does not depend on which goroutine runs it, the result is
// bitwise the same for every GOMAXPROCS.
//
// For float32 the exponential is a polynomial (exp32, relative error below
// 3e-7, two float32 ulps); for float64 it is math.Exp. On amd64 with
// AVX-512 the update of 2-D data runs in vector assembly
// (meanshift_amd64.s, through MinSqDist2 and GaussianSums2), 16 float32 or
// 8 float64 points per instruction, its exponential a polynomial after
// range reduction (float32: as exp32; float64: within two ulps of
// math.Exp where the result is normal); it differs from the portable loop
// only in rounding (fused multiply-adds, the order of its sums).
//
// It panics (a *ShapeError) if len(y) or len(out) is not a multiple of d
// equal to each other, or len(x) is not a multiple of d. Special cases are
// those of CPU.MeanShiftStep: h ≤ 0 or NaN gives NaN everywhere, n = 0
// gives NaN rows, m = 0 does nothing.
func MeanShiftRows[F Float](out, y, x []F, d int, h float64) {
	if d <= 0 || len(y)%d != 0 || len(x)%d != 0 || len(out) != len(y) {
		panic(shapeErrorf("MeanShiftRows", "lengths out %d, y %d, x %d for d = %d", len(out), len(y), len(x), d))
	}
	m := len(y) / d
	if m == 0 {
		return
	}
	if !(h > 0) || len(x) == 0 {
		for i := range out {
			out[i] = F(math.NaN())
		}
		return
	}
	sigma := MeanShiftScaleOf(y, x, d, h)
	s := 1 / sigma
	u := h * s
	k := meanShiftKernel[F]{d: d, s: F(s), c: F(-0.5 / (u * u)), sigma: F(sigma)}
	k.prepare(x)
	ParallelRows(m, meanShiftChunk(d), func(lo, hi int) {
		k.rows(out[lo*d:hi*d], y[lo*d:hi*d], x)
	})
}

// meanShiftChunk is the number of query rows per work item: about 2^14
// coordinates, a few microseconds of work for the smallest data.
func meanShiftChunk(d int) int { return max(1, 256/d) }

// ParallelRows calls f(lo, hi) for the chunks [lo, hi) of [0, m) of the
// given size (the last one shorter), on up to GOMAXPROCS goroutines. The
// chunks are fixed by m and chunk alone, so a computation whose rows are
// independent gives the same result for every GOMAXPROCS. f must be safe
// to call concurrently on disjoint chunks.
func ParallelRows(m, chunk int, f func(lo, hi int)) {
	chunks := (m + chunk - 1) / chunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for lo := 0; lo < m; lo += chunk {
			f(lo, min(lo+chunk, m))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo := c * chunk
				f(lo, min(lo+chunk, m))
			}
		})
	}
	wg.Wait()
}

// MeanShiftScaleOf is MeanShiftScale for row-major slices y (m×d) and x
// (n×d) of either precision: a power of two σ such that the differences
// divided by σ can be squared and summed without overflow or underflow in
// F. For float64 it equals MeanShiftScale; for float32 the exponent limits
// are scaled to float32's range (differences below 2^60, coordinates below
// 2^120 after scaling).
func MeanShiftScaleOf[F Float](y, x []F, d int, h float64) float64 {
	lo, hi := make([]float64, d), make([]float64, d)
	for k := range d {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for _, t := range [][]F{y, x} {
		for r := 0; r+d <= len(t); r += d {
			for k, v := range t[r : r+d] {
				f := float64(v)
				lo[k], hi[k] = min(lo[k], f), max(hi[k], f)
			}
		}
	}
	extentBits, bigBits, minExp, maxExp := 500, 1000, -1021, 1023
	var z F
	if _, ok := any(z).(float32); ok {
		extentBits, bigBits, minExp, maxExp = 60, 120, -125, 127
	}
	e := minExp
	if h > 0 && !math.IsInf(h, 1) {
		e = max(e, binaryExponent(h))
	}
	for k := range d {
		if ext := hi[k] - lo[k]; ext > 0 && !math.IsInf(ext, 1) {
			e = max(e, binaryExponent(ext)-extentBits)
		}
		if big := max(-lo[k], hi[k]); big > 0 && !math.IsInf(big, 1) {
			e = max(e, binaryExponent(big)-bigBits)
		}
	}
	return math.Ldexp(1, min(e, maxExp))
}

// meanShiftKernel holds what every row of one update shares.
type meanShiftKernel[F Float] struct {
	d     int
	s     F // 1/σ
	c     F // −1/(2u²), u = h/σ
	sigma F
	// xs is the data scaled by 1/σ in structure-of-arrays form (column k
	// at xs[k*n:(k+1)*n]), for the vector kernels; nil when unused.
	xs []F
}

// rows updates the queries y (rows of d) into out against all of x.
func (k *meanShiftKernel[F]) rows(out, y, x []F) {
	d := k.d
	if k.xs != nil && k.vectorRows(out, y) {
		return
	}
	for j := 0; j+d <= len(y); j += d {
		k.row(out[j:j+d], y[j:j+d], x)
	}
}

// row is the portable update of one query yj against x.
func (k *meanShiftKernel[F]) row(oj, yj, x []F) {
	d, s := k.d, k.s
	if d == 2 {
		k.row2(oj, yj, x)
		return
	}
	lo := F(math.Inf(1))
	for i := 0; i+d <= len(x); i += d {
		var q F
		for c, v := range x[i : i+d] {
			e := (v - yj[c]) * s
			q += e * e
		}
		lo = min(lo, q)
	}
	var num [8]F
	var acc []F
	if d <= len(num) {
		acc = num[:d]
	} else {
		acc = make([]F, d)
	}
	var den F
	for i := 0; i+d <= len(x); i += d {
		xi := x[i : i+d]
		var q F
		for c, v := range xi {
			e := (v - yj[c]) * s
			q += e * e
		}
		w := F(1)
		if q != lo {
			w = expF((q - lo) * k.c)
		}
		den += w
		for c, v := range xi {
			acc[c] += w * ((v - yj[c]) * s)
		}
	}
	for c, v := range acc {
		oj[c] = yj[c] + v/den*k.sigma
	}
}

// row2 is row for d = 2, unrolled.
func (k *meanShiftKernel[F]) row2(oj, yj, x []F) {
	s, y0, y1 := k.s, yj[0], yj[1]
	lo := F(math.Inf(1))
	for i := 0; i+1 < len(x); i += 2 {
		e0, e1 := (x[i]-y0)*s, (x[i+1]-y1)*s
		lo = min(lo, e0*e0+e1*e1)
	}
	var den, a0, a1 F
	for i := 0; i+1 < len(x); i += 2 {
		e0, e1 := (x[i]-y0)*s, (x[i+1]-y1)*s
		q := e0*e0 + e1*e1
		w := F(1)
		if q != lo {
			w = expF((q - lo) * k.c)
		}
		den += w
		a0 += w * e0
		a1 += w * e1
	}
	oj[0] = y0 + a0/den*k.sigma
	oj[1] = y1 + a1/den*k.sigma
}

// expF is e^t in F: math.Exp for float64, exp32 for float32.
func expF[F Float](t F) F {
	if unsafe.Sizeof(t) == 4 {
		return F(exp32(float32(t)))
	}
	return F(math.Exp(float64(t)))
}

// exp32 returns e^t for t ≤ 0 in float32 with a relative error below
// 3e-7 (two ulps): t = k·ln2 + r with |r| ≤ ln2/2, e^r by its degree-6
// Taylor polynomial (truncation below 3e-8 relative), 2^k put into the
// exponent bits. Below ln 2⁻¹²⁶ ≈ −87.3365 (where e^t leaves float32's
// normal range) it returns 0; NaN gives NaN.
func exp32(t float32) float32 {
	const (
		log2e = 1.44269504088896341
		ln2hi = 0.693359375 // ln 2 = ln2hi + ln2lo, ln2hi with 9 bits: k·ln2hi exact
		ln2lo = -2.12194440e-4
	)
	if !(t >= -87.33654) { // ln 2⁻¹²⁶ = −87.336544…
		if t != t {
			return t
		}
		return 0
	}
	kf := float32(math.Floor(float64(t*log2e + 0.5)))
	r := t - kf*ln2hi - kf*ln2lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return p * math.Float32frombits(uint32(int32(kf)+127)<<23)
}
