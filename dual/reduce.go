package dual

import (
	"fmt"
	"math"
)

// Reductions over slices of any number type. Each is written once with the
// Scalar methods, so its derivatives of every order come from the same
// rules as everything else: on Vec a reduction carries a gradient, on Hyper
// second derivatives.

// Sum returns xs[0] + xs[1] + …, added left to right; the sum of no
// elements is 0.
func Sum[T Scalar[T]](xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero.Const(0)
	}
	s := xs[0]
	for _, x := range xs[1:] {
		s = s.Add(x)
	}
	return s
}

// Dot returns Σᵢ xs[i]·ys[i], added left to right; the dot product of empty
// slices is 0. Slices of different lengths are a programmer error and
// panic with both lengths.
func Dot[T Scalar[T]](xs, ys []T) T {
	if len(xs) != len(ys) {
		panic(fmt.Sprintf("dual: Dot: xs of length %d and ys of length %d", len(xs), len(ys)))
	}
	var zero T
	if len(xs) == 0 {
		return zero.Const(0)
	}
	s := xs[0].Mul(ys[0])
	for i := 1; i < len(xs); i++ {
		s = s.Add(xs[i].Mul(ys[i]))
	}
	return s
}

// LogSumExp returns log Σᵢ exp(xs[i]) without overflow or underflow: with
// m = xs[k] the largest element, it computes m + log1p(Σᵢ≠ₖ exp(xs[i] − m)),
// every exponent at most 0, so elements of 1000 or −1000 give finite
// results accurate to a few ulps. m is an operand, not a constant taken
// out, so the derivatives are exact: the gradient is the softmax,
// ∂/∂xᵢ = exp(xᵢ − LogSumExp(xs)), and on Hyper the second derivatives are
// diag(p) − ppᵀ for the softmax p.
//
// Special cases are:
//
//	LogSumExp of no elements is −Inf
//	LogSumExp with every element −Inf is −Inf with derivative 0
//	LogSumExp with a +Inf element is +Inf; its derivative is split evenly
//	among the +Inf elements (the softmax's limit, and the convention of
//	Maximum at a tie)
//	LogSumExp with a NaN element is NaN with NaN derivatives
func LogSumExp[T Scalar[T]](xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero.Const(math.Inf(-1))
	}
	k, m, hasNaN := 0, math.Inf(-1), false
	for i, x := range xs {
		switch v := x.Value(); {
		case math.IsNaN(v):
			hasNaN = true
		case v > m:
			k, m = i, v
		}
	}
	switch {
	case hasNaN:
		// The general form below propagates the NaN, derivatives included.
	case math.IsInf(m, -1):
		return zero.Const(m)
	case math.IsInf(m, 1):
		var inf []T
		for _, x := range xs {
			if math.IsInf(x.Value(), 1) {
				inf = append(inf, x)
			}
		}
		return Sum(inf).Scale(1 / float64(len(inf)))
	}
	top := xs[k]
	var rest T
	for i, x := range xs {
		if i == k {
			continue
		}
		e := x.Sub(top).Exp()
		if i == 0 || (k == 0 && i == 1) {
			rest = e
		} else {
			rest = rest.Add(e)
		}
	}
	if len(xs) == 1 {
		return top
	}
	return top.Add(rest.Log1p())
}
