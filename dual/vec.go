package dual

// VecWidth is the number of partials a Vec carries: the chunk size of
// Gradient and Jacobian, which evaluate a function of n inputs ⌈n/VecWidth⌉
// times, each pass carrying VecWidth columns of the derivative.
//
// Sixteen was chosen with BenchmarkGradient100 (100 inputs), changing this
// constant by hand between single runs (4, 8, 16, 20, 24, 32): wider chunks
// repeat the primal work less often, but every operation copies the Vec
// (8 + 8·VecWidth bytes), and a function of few inputs pays for the width it
// does not use. The benchmark, run side by side with 100 first-order
// passes, gives the ratio at the width in use.
const VecWidth = 16

// Vec is a dual number with VecWidth partials, Real + Σₖ Eps[k]·εₖ (every
// εⱼεₖ = 0): ForwardDiff.jl's Dual with a fixed chunk of partials. Seeding
// VecWidth inputs with unit vectors makes one evaluation carry that many
// columns of a gradient or Jacobian; Gradient and Jacobian do the seeding,
// chunk by chunk.
//
// A Vec is a plain value: its partials are an array, so no operation
// allocates, and a Vec may be kept, copied and shared between goroutines
// freely. A Vec that Const returns, and any result computed from constants
// alone, is marked as having zero partials, and operations on it skip the
// partial arithmetic: in a pass that seeds inputs 16 to 31, the terms of a
// function that touch none of them cost what a plain float64 evaluation
// costs. The mark is only a shortcut — a Vec written as a literal, such as
// Vec{Real: x, Eps: [VecWidth]float64{1}}, is treated as perturbed, which
// is always right (a zero partial contributes exactly zero, ChainProduct).
type Vec struct {
	Real float64
	Eps  [VecWidth]float64

	zero bool // Eps is known to be all zero: operations skip the partials
}

// Value returns the real part.
func (a Vec) Value() float64 { return a.Real }

// Const returns c with no perturbation.
func (a Vec) Const(c float64) Vec { return Vec{Real: c, zero: true} }

// Scale returns c·a; scaling by 0 gives zero partials even where a's are
// infinite (the strong zero of ChainProduct).
func (a Vec) Scale(c float64) (r Vec) {
	r.unary(&a, c*a.Real, c)
	return r
}

// PowF returns aᵖ for a constant p.
func (a Vec) PowF(p float64) (r Vec) {
	f, d1, _ := powFRule(a.Real, p)
	r.unary(&a, f, d1)
	return r
}

// unary sets r to a rule lifted at a: the value f, and every partial
// ChainProduct(f′, e). A zero f′ gives a result marked constant. The
// methods write through r, the named result of the caller, and read a and b
// through pointers: a Vec is too large to copy cheaply on every operation.
func (r *Vec) unary(a *Vec, f, d1 float64) {
	r.Real = f
	if r.zero = a.zero || d1 == 0; !r.zero {
		scaleEps(&r.Eps, d1, &a.Eps)
	}
}

// binary sets r to a two-argument rule lifted at a and b by the chain rule.
func (r *Vec) binary(a, b *Vec, f float64, p Partials) {
	r.Real = f
	switch {
	case b.zero || p.Y == 0:
		if r.zero = a.zero || p.X == 0; !r.zero {
			scaleEps(&r.Eps, p.X, &a.Eps)
		}
	case a.zero || p.X == 0:
		scaleEps(&r.Eps, p.Y, &b.Eps)
	default:
		combineEps(&r.Eps, p.X, &a.Eps, p.Y, &b.Eps)
	}
}

// scaleEps sets dst[k] = ChainProduct(d, src[k]) for d ≠ 0. The test for
// the strong zero is made once, not per partial: a finite non-zero d times
// any e is already the IEEE product.
func scaleEps(dst *[VecWidth]float64, d float64, src *[VecWidth]float64) {
	if isFinite(d) {
		for k := range dst {
			dst[k] = d * src[k]
		}
		return
	}
	for k := range dst {
		dst[k] = ChainProduct(d, src[k])
	}
}

// combineEps sets dst[k] = ChainProduct(dx, x[k]) + ChainProduct(dy, y[k])
// for non-zero dx and dy.
func combineEps(dst *[VecWidth]float64, dx float64, x *[VecWidth]float64, dy float64, y *[VecWidth]float64) {
	if isFinite(dx) && isFinite(dy) {
		for k := range dst {
			dst[k] = dx*x[k] + dy*y[k]
		}
		return
	}
	for k := range dst {
		dst[k] = ChainProduct(dx, x[k]) + ChainProduct(dy, y[k])
	}
}

func isFinite(d float64) bool { return d-d == 0 }
