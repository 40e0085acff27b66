package dual

// Hyper is a hyper-dual number Real + E1·ε₁ + E2·ε₂ + E12·ε₁ε₂ with
// ε₁² = ε₂² = 0 but ε₁ε₂ ≠ 0. Evaluating f on x + ε₁ + ε₂ gives
// f(x) + f′(x)ε₁ + f′(x)ε₂ + f″(x)ε₁ε₂: an exact second derivative, free of
// the cancellation that makes second differences lose half their digits.
//
// Hyper is also how derivatives nest: the outer derivative rides on ε₁ and
// the inner one on ε₂ (see NestedDerivative), so two perturbations can never
// be confused for one another.
type Hyper struct {
	Real, E1, E2, E12 float64
}

// Value returns the real part.
func (a Hyper) Value() float64 { return a.Real }

// Const returns c with no perturbation.
func (a Hyper) Const(c float64) Hyper { return Hyper{Real: c} }

// Scale returns c·a. Scaling by 0 gives zero ε parts even where a's are
// infinite (the strong zero of ChainProduct).
func (a Hyper) Scale(c float64) Hyper {
	return Hyper{Real: c * a.Real, E1: ChainProduct(c, a.E1), E2: ChainProduct(c, a.E2), E12: ChainProduct(c, a.E12)}
}

// PowF returns aᵖ for a constant p.
func (a Hyper) PowF(p float64) Hyper { return a.unary(powFRule(a.Real, p)) }

// unary lifts a rule by the second-order chain rule:
// f(x + e₁ε₁ + e₂ε₂ + e₁₂ε₁ε₂) = f + f′e₁ε₁ + f′e₂ε₂ + (f′e₁₂ + f″e₁e₂)ε₁ε₂.
// Every product of a partial and a perturbation, and the product e₁e₂ of
// two perturbations, has the strong zero of ChainProduct: an ε₂ that is not
// perturbed contributes nothing to ε₁ε₂ even where e₁ is infinite.
func (a Hyper) unary(f, d1, d2 float64) Hyper {
	return Hyper{
		Real: f,
		E1:   ChainProduct(d1, a.E1),
		E2:   ChainProduct(d1, a.E2),
		E12:  ChainProduct(d1, a.E12) + ChainProduct(d2, ChainProduct(a.E1, a.E2)),
	}
}

// binary lifts a two-argument rule by the second-order chain rule.
func (a Hyper) binary(b Hyper, f float64, p Partials) Hyper {
	return Hyper{
		Real: f,
		E1:   ChainProduct(p.X, a.E1) + ChainProduct(p.Y, b.E1),
		E2:   ChainProduct(p.X, a.E2) + ChainProduct(p.Y, b.E2),
		E12: ChainProduct(p.X, a.E12) + ChainProduct(p.Y, b.E12) +
			ChainProduct(p.XX, ChainProduct(a.E1, a.E2)) +
			ChainProduct(p.XY, ChainProduct(a.E1, b.E2)) + ChainProduct(p.XY, ChainProduct(a.E2, b.E1)) +
			ChainProduct(p.YY, ChainProduct(b.E1, b.E2)),
	}
}
