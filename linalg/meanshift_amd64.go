package linalg

import (
	"math"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// hasAVX512 reports whether the mean shift kernels of meanshift_amd64.s
// can run (AVX-512 Foundation, enabled by the OS).
var hasAVX512 = cpu.X86.HasAVX512F

//go:noescape
func msMin2AVX512(x0, x1 *float32, n int, q0, q1 float32, out *[16]float32)

//go:noescape
func msSum2AVX512(x0, x1 *float32, n int, q0, q1, lo, c float32, out *[48]float32)

//go:noescape
func msMin2AVX512D(x0, x1 *float64, n int, q0, q1 float64, out *[8]float64)

//go:noescape
func msSum2AVX512D(x0, x1 *float64, n int, q0, q1, lo, c float64, out *[24]float64)

// minSqDist2Vec is MinSqDist2 in vector assembly, with done = len(x0), or
// done = 0 where the processor lacks AVX-512. The lanes' minima are
// combined in a fixed order.
func minSqDist2Vec[F Float](x0, x1 []F, q0, q1 F) (lo F, done int) {
	n := len(x0)
	lo = F(math.Inf(1))
	if !hasAVX512 || n == 0 {
		return lo, 0
	}
	if unsafe.Sizeof(lo) == 4 {
		var out [16]float32
		msMin2AVX512((*float32)(unsafe.Pointer(&x0[0])), (*float32)(unsafe.Pointer(&x1[0])), n, float32(q0), float32(q1), &out)
		for _, v := range out {
			lo = min(lo, F(v))
		}
		return lo, n
	}
	var out [8]float64
	msMin2AVX512D((*float64)(unsafe.Pointer(&x0[0])), (*float64)(unsafe.Pointer(&x1[0])), n, float64(q0), float64(q1), &out)
	for _, v := range out {
		lo = min(lo, F(v))
	}
	return lo, n
}

// gaussianSums2Vec is GaussianSums2 in vector assembly, with done =
// len(x0), or done = 0 where the processor lacks AVX-512. The lanes' sums
// are added in a fixed order.
func gaussianSums2Vec[F Float](x0, x1 []F, q0, q1, lo, c F) (den, s0, s1 F, done int) {
	n := len(x0)
	if !hasAVX512 || n == 0 {
		return 0, 0, 0, 0
	}
	if unsafe.Sizeof(lo) == 4 {
		var out [48]float32
		msSum2AVX512((*float32)(unsafe.Pointer(&x0[0])), (*float32)(unsafe.Pointer(&x1[0])), n, float32(q0), float32(q1), float32(lo), float32(c), &out)
		for l := range 16 {
			den += F(out[l])
			s0 += F(out[16+l])
			s1 += F(out[32+l])
		}
		return den, s0, s1, n
	}
	var out [24]float64
	msSum2AVX512D((*float64)(unsafe.Pointer(&x0[0])), (*float64)(unsafe.Pointer(&x1[0])), n, float64(q0), float64(q1), float64(lo), float64(c), &out)
	for l := range 8 {
		den += F(out[l])
		s0 += F(out[8+l])
		s1 += F(out[16+l])
	}
	return den, s0, s1, n
}
