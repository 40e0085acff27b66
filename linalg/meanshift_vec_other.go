//go:build !amd64

package linalg

import "math"

const hasAVX512 = false

func minSqDist2Vec(x0, x1 []float32, q0, q1 float32) (lo float32, done int) {
	return float32(math.Inf(1)), 0
}

func gaussianSums2Vec(x0, x1 []float32, q0, q1, lo, c float32) (den, s0, s1 float32, done int) {
	return 0, 0, 0, 0
}
