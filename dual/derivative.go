package dual

import "fmt"

// Derivative returns f′(x), evaluating f once on x + 1ε.
func Derivative(f func(Number) Number, x float64) float64 {
	return f(Var(x)).Eps
}

// ValueDerivative returns f(x) and f′(x) together, from the one evaluation
// of f on x + 1ε that Derivative makes.
func ValueDerivative(f func(Number) Number, x float64) (v, d float64) {
	y := f(Var(x))
	return y.Real, y.Eps
}

// SecondDerivative returns f″(x), evaluating f once on x + ε₁ + ε₂.
func SecondDerivative(f func(Hyper) Hyper, x float64) float64 {
	return f(Hyper{Real: x, E1: 1, E2: 1}).E12
}

// NestedDerivative returns the derivative of f at x for use inside a function
// that is itself being differentiated: x carries the outer perturbation (on
// ε₁), the inner derivative is taken along a fresh ε₂, and the result is the
// inner derivative as a Number that still carries its own outer derivative.
// Values captured from the outer function enter f through Lift.
//
// Because the two perturbations live in different components, the classic
// perturbation confusion cannot happen: the derivative of
// x ↦ x·(d/dy (x + y)) is 1, not 2.
func NestedDerivative(f func(Hyper) Hyper, x Number) Number {
	r := f(Hyper{Real: x.Real, E1: x.Eps, E2: 1})
	return Number{Real: r.E2, Eps: r.E12}
}

// Lift returns an outer-level Number as a Hyper constant of the inner
// derivative: its perturbation stays on ε₁.
func Lift(x Number) Hyper { return Hyper{Real: x.Real, E1: x.Eps} }

// Gradient returns ∇f(x) from ⌈n/VecWidth⌉ evaluations of f on Vec inputs,
// each pass seeding the next VecWidth inputs with unit vectors (the chunk
// mode of ForwardDiff.jl): a pass costs about one evaluation of f plus
// VecWidth-wide arithmetic where the seeded inputs reach, so a gradient of
// n inputs costs a small multiple of n/VecWidth evaluations of f, not n.
// f must be deterministic. If dst is nil a new slice is allocated;
// otherwise dst must have len(x) elements, and may be x itself.
func Gradient(dst []float64, f func([]Vec) Vec, x []float64) []float64 {
	_, dst = valueGradient("Gradient", dst, f, x)
	return dst
}

// ValueGradient returns f(x) and ∇f(x) together, from the ⌈n/VecWidth⌉
// evaluations that Gradient makes (one if x is empty): the value is the real
// part of the first. dst is as for Gradient.
func ValueGradient(dst []float64, f func([]Vec) Vec, x []float64) (v float64, grad []float64) {
	return valueGradient("ValueGradient", dst, f, x)
}

// valueGradient returns f(x) and ∇f(x) into dst, evaluating f at least once.
func valueGradient(op string, dst []float64, f func([]Vec) Vec, x []float64) (float64, []float64) {
	dst = sized(op, dst, len(x))
	in, x0 := inputs(x)
	ar := arenas.Get().(*arena)
	defer arenas.Put(ar)
	var p *pass
	defer func() { p.end() }() // also where f panics: its Vecs may be kept
	var v float64
	for lo := 0; lo == 0 || lo < len(x); lo += VecWidth {
		p.end()
		p = newPass(ar, min(VecWidth, len(x)-lo))
		hi := seedChunk(in, x0, lo, p)
		y := f(in)
		partials(dst[lo:hi], y)
		if lo == 0 {
			v = y.Real
		}
	}
	return v, dst
}

// Jacobian returns the m×n Jacobian of f at x, row i holding ∂fᵢ/∂x, from
// ⌈n/VecWidth⌉ evaluations of f on Vec inputs, each pass giving VecWidth
// columns. f must return the same number of outputs on every pass.
func Jacobian(f func([]Vec) []Vec, x []float64) [][]float64 {
	in, x0 := inputs(x)
	ar := arenas.Get().(*arena)
	defer arenas.Put(ar)
	var p *pass
	defer func() { p.end() }() // also where f or the check below panics
	var jac [][]float64
	for lo := 0; lo == 0 || lo < len(x); lo += VecWidth {
		p.end()
		p = newPass(ar, min(VecWidth, len(x)-lo))
		hi := seedChunk(in, x0, lo, p)
		ys := f(in)
		if lo == 0 {
			jac = make([][]float64, len(ys))
			for i := range jac {
				jac[i] = make([]float64, len(x))
			}
		} else if len(ys) != len(jac) {
			panic(fmt.Sprintf("dual: Jacobian: f returned %d outputs, then %d", len(jac), len(ys)))
		}
		for i, y := range ys {
			partials(jac[i][lo:hi], y)
		}
	}
	return jac
}

// inputs returns the inputs that f gets, and x as constants, the template
// from which seedChunk resets them each pass: a copy of x taken before any
// pass, so that a dst that shares memory with x (Gradient(x, f, x)) cannot
// change the point of the passes after the first. One allocation holds
// both; in's capacity ends at its length, so that f cannot append over x0.
func inputs(x []float64) (in, x0 []Vec) {
	n := len(x)
	buf := make([]Vec, 2*n)
	in, x0 = buf[:n:n], buf[n:]
	for i, v := range x {
		x0[i] = Vec{Real: v}
	}
	return in, x0
}

// seedChunk sets in to x0 (constants), inputs lo to lo+VecWidth (those
// that exist) carrying unit partials, and returns the end of the chunk.
// Results computed from the seeds take their chunks from p. Every input is
// reset, so a pass cannot see what f wrote into in on the one before.
func seedChunk(in, x0 []Vec, lo int, p *pass) (hi int) {
	hi = min(lo+VecWidth, len(x0))
	copy(in, x0)
	for i := lo; i < hi; i++ {
		in[i].s, in[i].eps, in[i].p = 1, &units[i-lo], p
	}
	return hi
}

// partials copies y's first len(dst) partials into dst; a constant y
// (whose partials are all zero) writes zeros.
func partials(dst []float64, y Vec) {
	p := y.Partials()
	copy(dst, p[:len(dst)])
}

// Hessian returns the n×n Hessian of f at x from n(n+1)/2 hyper-dual
// evaluations, one per entry of the upper triangle: ε₁ on xᵢ and ε₂ on xⱼ
// give ∂²f/∂xᵢ∂xⱼ exactly.
func Hessian(f func([]Hyper) Hyper, x []float64) [][]float64 {
	_, _, h := ValueGradientHessian(f, x)
	return h
}

// ValueGradientHessian returns f(x), ∇f(x) and the n×n Hessian together,
// from the n(n+1)/2 hyper-dual evaluations that Hessian makes (one if x is
// empty) and no others: the evaluation with ε₁ on xᵢ and ε₂ on xⱼ carries
// ∂f/∂xᵢ in its ε₁ part and ∂f/∂xⱼ in its ε₂ part besides ∂²f/∂xᵢ∂xⱼ, so the
// value and gradient cost nothing more. A Hyper carries one second
// derivative per evaluation, so no fewer evaluations of it can give the n²
// entries; for large n the Hessian of a function with a cheap gradient is
// better built from Hessian-vector products (package autodiff).
func ValueGradientHessian(f func([]Hyper) Hyper, x []float64) (v float64, grad []float64, hess [][]float64) {
	n := len(x)
	grad = make([]float64, n)
	hess = make([][]float64, n)
	for i := range hess {
		hess[i] = make([]float64, n)
	}
	in := make([]Hyper, n)
	seed := func(i, j int) Hyper {
		for k, v := range x {
			in[k] = Hyper{Real: v}
		}
		if i >= 0 {
			in[i].E1 = 1
			in[j].E2 = 1
		}
		return f(in)
	}
	if n == 0 {
		return seed(-1, -1).Real, grad, hess
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			y := seed(i, j)
			if i == 0 && j == 0 {
				v = y.Real
			}
			if i == j {
				grad[i] = y.E1
			}
			hess[i][j] = y.E12
			hess[j][i] = y.E12
		}
	}
	return v, grad, hess
}

// JVP returns f(x) and the Jacobian-vector product J(x)·v — the directional
// derivative of every output along v — from one first-order evaluation.
func JVP(f func([]Number) []Number, x, v []float64) (y, jv []float64) {
	if len(v) != len(x) {
		panic(fmt.Sprintf("dual: JVP: point of length %d and direction of length %d", len(x), len(v)))
	}
	in := make([]Number, len(x))
	for i := range x {
		in[i] = Number{Real: x[i], Eps: v[i]}
	}
	out := f(in)
	y, jv = make([]float64, len(out)), make([]float64, len(out))
	for i, o := range out {
		y[i], jv[i] = o.Real, o.Eps
	}
	return y, jv
}

// DirectionalDerivative returns ∇f(x)·v, the derivative of t ↦ f(x + tv) at
// t = 0, from one first-order evaluation.
func DirectionalDerivative(f func([]Number) Number, x, v []float64) float64 {
	_, jv := JVP(func(in []Number) []Number { return []Number{f(in)} }, x, v)
	return jv[0]
}

func sized(op string, dst []float64, n int) []float64 {
	if dst == nil {
		return make([]float64, n)
	}
	if len(dst) != n {
		panic(fmt.Sprintf("dual: %s: dst of length %d for %d inputs", op, len(dst), n))
	}
	return dst
}
