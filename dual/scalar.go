package dual

// Scalar is what a function must be generic over to run on plain floats,
// first-order duals, many-partials duals and second-order hyper-duals alike:
//
//	func f[T dual.Scalar[T]](x T) T { return x.Mul(x).Add(x.Sin()) }
//
//	f(dual.Float(2))                         // plain value
//	dual.Derivative(f[dual.Number], 2)       // f′(2)
//	dual.SecondDerivative(f[dual.Hyper], 2)  // f″(2)
//
// Float, Number, Hyper and Vec implement it.
type Scalar[T any] interface {
	// Value returns the real (non-infinitesimal) part.
	Value() float64
	// Const returns c as a constant of the same type: no perturbation.
	Const(c float64) T
	// Scale returns c·a for a constant c.
	Scale(c float64) T
	// PowF returns aᵖ for a constant exponent p.
	PowF(p float64) T

	// The elementary functions (Sin, Exp, Add, Pow, Maximum, …), generated
	// from the table in internal/gen.
	Elementwise[T]
}

var (
	_ Scalar[Float]  = Float(0)
	_ Scalar[Number] = Number{}
	_ Scalar[Hyper]  = Hyper{}
	_ Scalar[Vec]    = Vec{}
)
