package dual

import "fmt"

// Derivative returns f′(x), evaluating f once on x + 1ε.
func Derivative(f func(Number) Number, x float64) float64 {
	return f(Var(x)).Eps
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

// Gradient returns ∇f(x), evaluating f once on Vec inputs seeded with the
// unit vectors. If dst is nil a new slice is allocated; otherwise dst must
// have len(x) elements.
func Gradient(dst []float64, f func([]Vec) Vec, x []float64) []float64 {
	dst = sized("Gradient", dst, len(x))
	y := f(seedVecs(x))
	copy(dst, y.Eps) // a constant f leaves Eps nil: the gradient stays zero
	return dst
}

// Jacobian returns the m×n Jacobian of f at x, row i holding ∂fᵢ/∂x, from
// one evaluation of f on Vec inputs.
func Jacobian(f func([]Vec) []Vec, x []float64) [][]float64 {
	ys := f(seedVecs(x))
	jac := make([][]float64, len(ys))
	for i, y := range ys {
		jac[i] = make([]float64, len(x))
		copy(jac[i], y.Eps)
	}
	return jac
}

// Hessian returns the n×n Hessian of f at x from n(n+1)/2 hyper-dual
// evaluations, one per entry of the upper triangle: ε₁ on xᵢ and ε₂ on xⱼ
// give ∂²f/∂xᵢ∂xⱼ exactly.
func Hessian(f func([]Hyper) Hyper, x []float64) [][]float64 {
	n := len(x)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	in := make([]Hyper, n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			for k, v := range x {
				in[k] = Hyper{Real: v}
			}
			in[i].E1 = 1
			in[j].E2 = 1
			h[i][j] = f(in).E12
			h[j][i] = h[i][j]
		}
	}
	return h
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

// seedVecs returns x as Vec inputs, input i carrying the unit vector eᵢ.
func seedVecs(x []float64) []Vec {
	s := &slab{n: len(x)}
	in := make([]Vec, len(x))
	for i, v := range x {
		e := s.take()
		e[i] = 1
		in[i] = Vec{Real: v, Eps: e, slab: s}
	}
	return in
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
