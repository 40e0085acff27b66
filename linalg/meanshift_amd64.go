package linalg

import (
	"math"

	"golang.org/x/sys/cpu"
)

// hasAVX512 reports whether the float32 mean shift kernels of
// meanshift_amd64.s can run (AVX-512 Foundation, enabled by the OS).
var hasAVX512 = cpu.X86.HasAVX512F

//go:noescape
func msMin2AVX512(x0, x1 *float32, n int, q0, q1 float32, out *[16]float32)

//go:noescape
func msSum2AVX512(x0, x1 *float32, n int, q0, q1, lo, c float32, out *[48]float32)

// minSqDist2Vec is MinSqDist2 in vector assembly, done = len(x0), or
// done = 0 where the processor lacks AVX-512.
func minSqDist2Vec(x0, x1 []float32, q0, q1 float32) (lo float32, done int) {
	n := len(x0)
	lo = float32(math.Inf(1))
	if !hasAVX512 || n == 0 {
		return lo, 0
	}
	var out [16]float32
	msMin2AVX512(&x0[0], &x1[0], n, q0, q1, &out)
	for _, v := range out {
		lo = min(lo, v)
	}
	return lo, n
}

// gaussianSums2Vec is GaussianSums2 in vector assembly, done = len(x0),
// or done = 0 where the processor lacks AVX-512.
func gaussianSums2Vec(x0, x1 []float32, q0, q1, lo, c float32) (den, s0, s1 float32, done int) {
	n := len(x0)
	if !hasAVX512 || n == 0 {
		return 0, 0, 0, 0
	}
	var out [48]float32
	msSum2AVX512(&x0[0], &x1[0], n, q0, q1, lo, c, &out)
	for l := range 16 {
		den += out[l]
		s0 += out[16+l]
		s1 += out[32+l]
	}
	return den, s0, s1, n
}
