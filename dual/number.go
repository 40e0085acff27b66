package dual

// Number is a first-order dual number Real + Eps·ε with ε² = 0. Evaluating a
// function f on Var(x) = x + 1ε gives f(x) + f′(x)ε: the ε part carries the
// derivative along with the value, exactly, in one pass.
type Number struct {
	Real, Eps float64
}

// Var returns x + 1ε: the variable to differentiate with respect to.
func Var(x float64) Number { return Number{Real: x, Eps: 1} }

// Value returns the real part.
func (a Number) Value() float64 { return a.Real }

// Const returns c + 0ε.
func (a Number) Const(c float64) Number { return Number{Real: c} }

// Scale returns c·a. Scaling by 0 gives a zero ε part even where a's is
// infinite (the strong zero of ChainProduct).
func (a Number) Scale(c float64) Number {
	return Number{Real: c * a.Real, Eps: ChainProduct(c, a.Eps)}
}

// PowF returns aᵖ for a constant p; the derivative is p·aᵖ⁻¹.
func (a Number) PowF(p float64) Number { return a.unary(powFRule(a.Real, p)) }

// unary lifts a rule's value and first derivative: f(a) = f(x) + f′(x)·ε,
// the product with ChainProduct's strong zero.
func (a Number) unary(f, d1, _ float64) Number {
	return Number{Real: f, Eps: ChainProduct(d1, a.Eps)}
}

// binary lifts a two-argument rule by the chain rule.
func (a Number) binary(b Number, f float64, p Partials) Number {
	return Number{Real: f, Eps: ChainProduct(p.X, a.Eps) + ChainProduct(p.Y, b.Eps)}
}
