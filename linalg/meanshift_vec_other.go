//go:build !amd64

package linalg

import "math"

const hasAVX512 = false

func minSqDist2Vec[F Float](x0, x1 []F, q0, q1 F) (lo F, done int) {
	return F(math.Inf(1)), 0
}

func gaussianSums2Vec[F Float](x0, x1 []F, q0, q1, lo, c F) (den, s0, s1 F, done int) {
	return 0, 0, 0, 0
}
