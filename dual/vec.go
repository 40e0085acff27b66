package dual

import (
	"fmt"
	"math"
)

// VecWidth is the number of partials a Vec carries: the chunk size of
// Gradient and Jacobian, which evaluate a function of n inputs ⌈n/VecWidth⌉
// times, each pass carrying VecWidth columns of the derivative (a pass that
// seeds m < VecWidth inputs computes m partials per chunk, not VecWidth).
//
// Thirty-two was chosen with BenchmarkGradient100 (100 inputs), setting
// this constant by hand between runs (8, 16, 32, 50, 64, 100): wider chunks
// repeat the primal work, and the terms that the pass's inputs do not
// reach, less often, but every chunk written costs VecWidth multiply-adds,
// and a running sum that every term flows into (Rosenbrock's Σ) writes a
// chunk at each term that the pass's inputs reach, so that work grows with
// the width. On Rosenbrock 32 was the fastest, 16 and 50 to 100 slower; on
// the transcendental function 50 to 100 were faster than 32 (by about a
// quarter), 16 and 8 slower. The benchmark, run side by side with 100
// first-order passes, gives the ratio at the width in use.
const VecWidth = 32

// Vec is a dual number with VecWidth partials, Real + Σₖ Partial(k)·εₖ
// (every εⱼεₖ = 0): ForwardDiff.jl's Dual with a fixed chunk of partials.
// Seeding VecWidth inputs with unit vectors makes one evaluation carry that
// many columns of a gradient or Jacobian; Gradient and Jacobian do the
// seeding, chunk by chunk. NewVec makes a Vec with given partials.
//
// # Representation
//
// A Vec is a value of four words: the real part, and its partials as a
// scale s times a chunk e of VecWidth float64s, Partial(k) = s·e[k], with the
// pass of Gradient or Jacobian whose arena the chunk comes from. It is
// passed as cheaply as a Number, whatever the width. That matters because
// generic code, such as func f[T Scalar[T]], calls each method through a
// dictionary, without inlining: a Vec that held its partials as an array
// would be copied (8 + 8·VecWidth bytes) several times per operation, and
// on cheap arithmetic the copies would be most of the time of a pass.
//
// A chunk is never written once a Vec points to it, so Vecs share chunks:
// a function of one argument, or of two where one is constant, multiplies
// the scale and keeps the chunk (sin x, 3x, x + 1, a running sum plus a term
// that holds none of the pass's inputs), as does a function of two Vecs
// sharing a chunk (x·x); only a function of two Vecs with different chunks
// writes a new one, e[k] = ∂f/∂a·sₐ·eₐ[k] + ∂f/∂b·s_b·e_b[k], with scale 1.
// The scale is kept a normal finite non-zero number, the chunk finite
// where two scales are merged: where a product of scales would be infinite,
// NaN, zero or subnormal, or a shared chunk holds an infinite or NaN
// partial, the partials are written out instead with the strong zero of
// ChainProduct, so that the partials are Number's, operation by operation,
// up to rounding (the product of the partial derivatives is formed in
// another order) and the sign of a zero partial; a function seeded with
// unit vectors, as Gradient does, gets Number's partials bit for bit until
// two chunks meet. Where Number's partial is subnormal, that rounding can
// reach it whole: Maximum(x, x) at a tie with a partial of 5e-324 gives
// Number ½·5e-324 + ½·5e-324 = 0 but Vec the merged scale 1, hence 5e-324,
// so that a later infinite derivative (1/x at a tiny x) gives ±Inf on Vec
// and 0 on Number (its strong zero); Vec is the more accurate there.
//
// A Vec whose partials are all zero (Const, a literal Vec{Real: x}, a result
// computed from constants alone) holds no chunk, and operations on it skip
// the partial arithmetic: in a pass that seeds inputs 32 to 63, the terms of
// a function that touch none of them cost about what a first-order Number
// evaluation costs. Skipping them gives the partials that computing them
// would (zero partials contribute exactly zero, ChainProduct), up to the
// sign of a zero partial.
//
// # Lifetime
//
// A pass of Gradient or Jacobian hands out the chunks it writes from an
// arena of its own, by an atomic counter, so a pass allocates nothing per
// operation and one evaluation may span goroutines; when f returns, the
// pass ends and the next pass reuses the same chunks. A Vec computed in a
// pass is therefore valid until f returns: its real part stays readable,
// but reading its partials or computing with it after that panics (as JAX
// refuses a tracer that leaks out of its trace), since its chunk may hold
// another Vec's partials by then. Within the pass a Vec may be copied, kept
// and shared between goroutines freely; goroutines that use a pass's Vecs
// must be done before f returns. Vecs made by NewVec, and results computed
// from them alone, take their chunks from the heap and stay valid for ever.
// Where such a Vec meets a pass's Vecs the result's chunk comes from the
// heap too (each such operation allocates it), but the result carries the
// pass's partials, so it ends with the pass like the pass's own Vecs.
//
// Vecs carry no tag of the call that seeded them: in a Gradient called
// inside a function that another Gradient evaluates, the outer and inner
// inputs share partial slots, and a Vec of the outer pass that enters the
// inner function adds its partials to the inner ones (perturbation
// confusion). Nest derivatives with Hyper (NestedDerivative), which keeps
// the two perturbations apart.
//
// The == operator compares the representation, not the partials: compare
// Real and Partials.
type Vec struct {
	Real float64

	s   float64            // the scale: normal, finite, non-zero where eps is not nil
	eps *[VecWidth]float64 // the chunk, read-only; nil: all partials zero
	p   *pass              // the pass eps belongs to (its arena, or its wide twin: the heap); nil: the heap, valid for ever
}

// NewVec returns real + Σₖ partials[k]·εₖ. The partials are copied; all
// zero, they make a constant.
func NewVec(real float64, partials [VecWidth]float64) Vec {
	if partials == ([VecWidth]float64{}) {
		return Vec{Real: real}
	}
	eps := new([VecWidth]float64)
	*eps = partials
	return Vec{Real: real, s: 1, eps: eps}
}

// Value returns the real part.
func (a Vec) Value() float64 { return a.Real }

// Partial returns the partial k, the coefficient of εₖ; k must be in
// [0, VecWidth). It panics for a Vec whose pass has ended (see Lifetime).
func (a Vec) Partial(k int) float64 {
	switch {
	case k < 0 || k >= VecWidth:
		panic(fmt.Sprintf("dual: Vec.Partial(%d) out of range [0, %d)", k, VecWidth))
	case a.eps == nil:
		return 0
	}
	e := a.chunk()
	if k >= a.p.width() {
		return 0
	}
	return a.s * e[k]
}

// Partials returns a copy of the partials. It panics for a Vec whose pass
// has ended (see Lifetime).
func (a Vec) Partials() (p [VecWidth]float64) {
	if a.eps != nil {
		for k, e := range a.chunk()[:a.p.width()] {
			p[k] = a.s * e
		}
	}
	return p
}

// chunk returns a's chunk, after checking that a's pass has not ended; a
// must hold a chunk.
func (a Vec) chunk() *[VecWidth]float64 {
	if a.p != nil && a.p.ended.Load() {
		panic("dual: a Vec used after the pass of Gradient or Jacobian that computed it ended (see Vec's Lifetime)")
	}
	return a.eps
}

// String formats a as {Real [partials]}, the way fmt formats a struct of
// the real part and the partials; it panics as Partials does.
func (a Vec) String() string { return fmt.Sprintf("{%v %v}", a.Real, a.Partials()) }

// Const returns c with no perturbation.
func (a Vec) Const(c float64) Vec { return Vec{Real: c} }

// Scale returns c·a; scaling by 0 gives zero partials even where a's are
// infinite (the strong zero of ChainProduct).
func (a Vec) Scale(c float64) Vec { return a.unary(c*a.Real, c, 0) }

// PowF returns aᵖ for a constant p.
func (a Vec) PowF(p float64) Vec { return a.unary(powFRule(a.Real, p)) }

// unary lifts a rule at a: the value f, and every partial ChainProduct(f′, e).
// A zero f′ gives a constant.
func (a Vec) unary(f, d1, _ float64) Vec {
	if a.eps == nil || d1 == 0 {
		return Vec{Real: f}
	}
	return a.rescale(f, d1)
}

// binary lifts a two-argument rule at a and b by the chain rule.
func (a Vec) binary(b Vec, f float64, d Partials) Vec {
	x := a.eps != nil && d.X != 0
	y := b.eps != nil && d.Y != 0
	switch {
	case x && y:
		return a.combine(b, f, d.X, d.Y)
	case x:
		return a.rescale(f, d.X)
	case y:
		return b.rescale(f, d.Y)
	}
	return Vec{Real: f}
}

// rescale returns f with a's partials times a non-zero d: a's chunk under
// the scale d·s where that is a normal number, else a chunk written out.
func (a Vec) rescale(f, d float64) Vec {
	e := a.chunk()
	if s := d * a.s; normal(s) {
		return Vec{Real: f, s: s, eps: e, p: a.p}
	}
	r := a.p.alloc()
	for k := range a.p.width() {
		r[k] = ChainProduct(d, a.s*e[k])
	}
	return Vec{Real: f, s: 1, eps: r, p: a.p}
}

// combine returns f with the partials dx·a + dy·b for non-zero dx and dy.
func (a Vec) combine(b Vec, f, dx, dy float64) Vec {
	if a.p != b.p {
		return a.mixed(b, f, dx, dy)
	}
	p, w := a.p, a.p.width()
	ea, eb := a.chunk()[:w], b.chunk()[:w]
	sx, sy := dx*a.s, dy*b.s
	if a.eps == b.eps && normal(sx) && normal(sy) && ((sx > 0) == (sy > 0) || finite(ea)) {
		// sx·e[k] + sy·e[k] is (sx + sy)·e[k] up to rounding, but for an
		// infinite or NaN e[k] only where sx and sy have the same sign
		// (∞ − ∞ is NaN, and a zero sum would make it 0).
		if s := sx + sy; normal(s) {
			return Vec{Real: f, s: s, eps: a.eps, p: p}
		} else if s == 0 {
			return Vec{Real: f}
		}
	}
	c := p.alloc()
	r := c[:w]
	if normal(sx) && normal(sy) {
		for k := range r {
			r[k] = sx*ea[k] + sy*eb[k]
		}
	} else {
		for k := range r {
			r[k] = ChainProduct(dx, a.s*ea[k]) + ChainProduct(dy, b.s*eb[k])
		}
	}
	return Vec{Real: f, s: 1, eps: c, p: p}
}

// mixed is combine for Vecs of two passes, or of a pass and the heap (as
// when a Vec that NewVec made enters a function that Gradient evaluates):
// the result's chunk comes from the heap, and each side's partials beyond
// its pass's width are zero. The result carries the partials of a's pass
// (else b's), so it ends with that pass (its wide twin); only two heap Vecs
// give a result that stays valid for ever.
func (a Vec) mixed(b Vec, f, dx, dy float64) Vec {
	pa, pb := a.Partials(), b.Partials()
	r := new([VecWidth]float64)
	for k := range r {
		r[k] = ChainProduct(dx, pa[k]) + ChainProduct(dy, pb[k])
	}
	p := a.p.heap()
	if p == nil {
		p = b.p.heap()
	}
	return Vec{Real: f, s: 1, eps: r, p: p}
}

// normal reports whether s is a normal finite non-zero float64: a scale
// that keeps every digit of the product of partial derivatives it stands
// for, so that its product with a partial is rounded once, and overflows or
// underflows only where the partial itself does.
func normal(s float64) bool {
	s = math.Abs(s)
	return s >= 0x1p-1022 && s <= math.MaxFloat64
}

// finite reports whether every partial of e is finite.
func finite(e []float64) bool {
	var z float64
	for _, v := range e {
		z += v - v // NaN for an infinite or NaN v, else 0
	}
	return z == 0
}
