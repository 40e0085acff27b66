package derivatives

import (
	"math"

	"github.com/epsilon-engine/epsilon/dual"
)

// Each function is written once, generically over dual.Scalar, and then run
// on three number types: dual.Float for its value, dual.Number for f′ and
// dual.Hyper for f″. The closed-form f′ beside it is written by hand, only to
// have something independent to compare with.

// poly is x³ − 2x² + x − 1, in Horner form ((x − 2)x + 1)x − 1.
func poly[T dual.Scalar[T]](x T) T {
	return x.Sub(x.Const(2)).Mul(x).Add(x.Const(1)).Mul(x).Sub(x.Const(1))
}

// sinExp is sin(x)·eˣ.
func sinExp[T dual.Scalar[T]](x T) T { return x.Sin().Mul(x.Exp()) }

// sigmoid is 1/(1 + e⁻ˣ).
func sigmoid[T dual.Scalar[T]](x T) T { return x.Sigmoid() }

// xPowX is xˣ, defined for x > 0; Pow differentiates through both the base
// and the exponent.
func xPowX[T dual.Scalar[T]](x T) T { return x.Pow(x) }

// abs is |x|, which has a kink at 0.
func abs[T dual.Scalar[T]](x T) T { return x.Abs() }

// example is one function with everything the tables and pictures need.
type example struct {
	name   string // as printed and in titles
	slug   string // for file names
	f      func(dual.Float) dual.Float
	d1     func(dual.Number) dual.Number
	d2     func(dual.Hyper) dual.Hyper
	exact  func(x float64) float64 // the closed-form f′; NaN where f′ does not exist
	points []float64               // where the tables evaluate
	lo, hi float64                 // plotted interval
	kinks  []float64               // where f′ jumps: plots break there, tables ask fd.OneSided
	legend corner                  // the empty corner of the plot, for the legend
}

// corner places a legend inside a plot.
type corner struct{ top, left bool }

var (
	topLeft     = corner{top: true, left: true}
	bottomRight = corner{}
)

func examples() []example {
	return []example{
		{
			name: "x³ − 2x² + x − 1", slug: "poly",
			f: poly[dual.Float], d1: poly[dual.Number], d2: poly[dual.Hyper],
			exact:  func(x float64) float64 { return 3*x*x - 4*x + 1 },
			points: []float64{1.5}, lo: -1, hi: 2.5, legend: bottomRight,
		},
		{
			name: "sin(x)·eˣ", slug: "sinexp",
			f: sinExp[dual.Float], d1: sinExp[dual.Number], d2: sinExp[dual.Hyper],
			exact:  func(x float64) float64 { return math.Exp(x) * (math.Sin(x) + math.Cos(x)) },
			points: []float64{1}, lo: -3, hi: 2, legend: topLeft,
		},
		{
			name: "sigmoid(x)", slug: "sigmoid",
			f: sigmoid[dual.Float], d1: sigmoid[dual.Number], d2: sigmoid[dual.Hyper],
			exact: func(x float64) float64 {
				s := 1 / (1 + math.Exp(-x))
				return s * (1 - s)
			},
			points: []float64{0.5}, lo: -6, hi: 6, legend: topLeft,
		},
		{
			name: "xˣ", slug: "xpowx",
			f: xPowX[dual.Float], d1: xPowX[dual.Number], d2: xPowX[dual.Hyper],
			exact:  func(x float64) float64 { return math.Pow(x, x) * (math.Log(x) + 1) },
			points: []float64{2}, lo: 0.1, hi: 1.8, legend: bottomRight,
		},
		{
			name: "|x|", slug: "abs",
			f: abs[dual.Float], d1: abs[dual.Number], d2: abs[dual.Hyper],
			exact: func(x float64) float64 {
				if x == 0 {
					return math.NaN() // no derivative at the kink
				}
				return math.Copysign(1, x)
			},
			points: []float64{-1, 0}, lo: -2, hi: 2, kinks: []float64{0}, legend: bottomRight,
		},
	}
}

func (e example) value(x float64) float64  { return float64(e.f(dual.Float(x))) }
func (e example) deriv(x float64) float64  { return dual.Derivative(e.d1, x) }
func (e example) second(x float64) float64 { return dual.SecondDerivative(e.d2, x) }

// plain is f on float64, the form the finite differences take.
func (e example) plain(x float64) float64 { return e.value(x) }

func (e example) isKink(x float64) bool {
	for _, k := range e.kinks {
		if x == k {
			return true
		}
	}
	return false
}
