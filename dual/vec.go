package dual

import (
	"fmt"
	"sync"
)

// Vec is a dual number with many partials, Real + Σₖ Eps[k]·εₖ (every
// εⱼεₖ = 0), as ForwardDiff.jl's Dual. Seeding input i with the unit vector
// eᵢ makes one evaluation carry the whole gradient: n inputs cost one pass
// of n-wide arithmetic instead of n passes.
//
// A Vec with nil Eps is a constant. Combining two Vecs whose non-empty Eps
// differ in length is a programmer error and panics.
type Vec struct {
	Real float64
	Eps  []float64

	slab *slab // where results' partials are carved from; nil: plain make
}

// slab hands out the partial vectors of one gradient evaluation from large
// blocks. A many-partials evaluation makes one n-wide vector per operation;
// allocating each separately cost five times the arithmetic (measured by
// BenchmarkGradient100), so Gradient and Jacobian seed their inputs with a
// shared slab. It is safe for concurrent use.
type slab struct {
	mu    sync.Mutex
	n     int
	block []float64
}

func (s *slab) take() []float64 {
	s.mu.Lock()
	if len(s.block) < s.n {
		s.block = make([]float64, max(64*s.n, 4096))
	}
	v := s.block[:s.n:s.n]
	s.block = s.block[s.n:]
	s.mu.Unlock()
	return v
}

// newEps returns a vector for a result's n partials.
func (a Vec) newEps(n int) []float64 {
	if a.slab != nil && a.slab.n == n {
		return a.slab.take()
	}
	return make([]float64, n)
}

// Value returns the real part.
func (a Vec) Value() float64 { return a.Real }

// Const returns c with no perturbation.
func (a Vec) Const(c float64) Vec { return Vec{Real: c} }

// Scale returns c·a; scaling by 0 gives zero partials even where a's are
// infinite (the strong zero of ChainProduct).
func (a Vec) Scale(c float64) Vec {
	eps := a.newEps(len(a.Eps))
	scaleInto(eps, c, a.Eps)
	return Vec{Real: c * a.Real, Eps: eps, slab: a.slab}
}

// scaleInto sets dst[k] = ChainProduct(d, src[k]). The test is made once per
// partial, not per element: a finite non-zero d times any e is already the
// IEEE product, and d = 0 gives zeros.
func scaleInto(dst []float64, d float64, src []float64) {
	switch {
	case d == 0:
		clear(dst)
	case isFinite(d):
		for k, e := range src {
			dst[k] = d * e
		}
	default:
		for k, e := range src {
			dst[k] = ChainProduct(d, e)
		}
	}
}

// PowF returns aᵖ for a constant p.
func (a Vec) PowF(p float64) Vec { return a.unary(powFRule(a.Real, p)) }

func (a Vec) unary(f, d1, _ float64) Vec {
	if a.Eps == nil {
		return Vec{Real: f}
	}
	eps := a.newEps(len(a.Eps))
	scaleInto(eps, d1, a.Eps)
	return Vec{Real: f, Eps: eps, slab: a.slab}
}

func (a Vec) binary(b Vec, f float64, p Partials) Vec {
	switch {
	case b.Eps == nil:
		return a.unary(f, p.X, 0)
	case a.Eps == nil:
		return b.unary(f, p.Y, 0)
	case len(a.Eps) != len(b.Eps):
		panic(fmt.Sprintf("dual: Vec partials of lengths %d and %d combined", len(a.Eps), len(b.Eps)))
	}
	eps := a.newEps(len(a.Eps))
	ae, be := a.Eps[:len(eps)], b.Eps[:len(eps)]
	if isFinite(p.X) && isFinite(p.Y) && p.X != 0 && p.Y != 0 {
		for k := range eps {
			eps[k] = p.X*ae[k] + p.Y*be[k]
		}
	} else {
		for k := range eps {
			eps[k] = ChainProduct(p.X, ae[k]) + ChainProduct(p.Y, be[k])
		}
	}
	return Vec{Real: f, Eps: eps, slab: a.slab}
}

func isFinite(d float64) bool { return d-d == 0 }
