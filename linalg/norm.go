package linalg

import "math"

// The norms below treat a tensor as the flat vector of its elements. An empty
// tensor has norm 0. A NaN element gives NaN; otherwise an infinite element
// gives +Inf.

// NormL1 returns Σ|t_i|.
func NormL1(t *Tensor) float64 {
	t = t.hostView()
	var s float64
	for _, v := range t.data {
		s += math.Abs(v)
	}
	return s
}

// NormL2 returns the Euclidean norm √(Σ t_i²) without overflow or underflow
// in the intermediate squares: like BLAS dnrm2 (and gonum's floats.Norm(s, 2))
// it keeps a running scale, the largest |t_i| seen so far, and sums the squares
// of t_i/scale, so NormL2 of (1e200, 1e200) is √2·1e200, not +Inf.
func NormL2(t *Tensor) float64 { return l2(t.hostView().data) }

func l2(x []float64) float64 {
	scale, ssq := 0.0, 1.0
	inf := false
	for _, v := range x {
		a := math.Abs(v)
		switch {
		case math.IsNaN(a):
			return math.NaN()
		case math.IsInf(a, 1):
			inf = true
		case a == 0:
		case scale < a:
			r := scale / a
			ssq = 1 + ssq*r*r
			scale = a
		default:
			r := a / scale
			ssq += r * r
		}
	}
	if inf {
		return math.Inf(1)
	}
	return scale * math.Sqrt(ssq)
}

// NormLp returns (Σ|t_i|^p)^(1/p) for p > 0, scaled by the largest |t_i| like
// NormL2 so it does not overflow. p = 1, 2 and +Inf give NormL1, NormL2 and
// NormMax. For 0 < p < 1 the result is the usual quasi-norm. NormLp panics if p
// is not positive or is NaN.
func NormLp(t *Tensor, p float64) float64 {
	switch {
	case !(p > 0):
		panic(shapeErrorf("NormLp", "p = %v, want p > 0", p))
	case p == 1:
		return NormL1(t)
	case p == 2:
		return NormL2(t)
	case math.IsInf(p, 1):
		return NormMax(t)
	}
	t = t.hostView()
	scale := NormMax(t)
	if scale == 0 || math.IsNaN(scale) || math.IsInf(scale, 1) {
		return scale
	}
	var s float64
	for _, v := range t.data {
		s += math.Pow(math.Abs(v)/scale, p)
	}
	return scale * math.Pow(s, 1/p)
}

// NormMax returns max|t_i| (the L∞ norm); NaN if any element is NaN.
func NormMax(t *Tensor) float64 {
	t = t.hostView()
	var m float64
	for _, v := range t.data {
		a := math.Abs(v)
		if math.IsNaN(a) {
			return a
		}
		if a > m {
			m = a
		}
	}
	return m
}

// Frobenius returns the Frobenius norm √(Σ_ij t_ij²) of a tensor of any rank:
// NormL2 of its elements.
func Frobenius(t *Tensor) float64 { return NormL2(t) }
