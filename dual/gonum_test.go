package dual_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
	gdual "gonum.org/v1/gonum/num/dual"
	"gonum.org/v1/gonum/num/hyperdual"
)

// TestAgainstGonum compares Number and Hyper with gonum's num/dual and
// num/hyperdual, an independent implementation, wherever gonum has the same
// function: values and every derivative part to 1e-14 relative.
func TestAgainstGonum(t *testing.T) {
	type pair struct {
		name   string
		lo, hi float64
		num    func(dual.Number) dual.Number
		gnum   func(gdual.Number) gdual.Number
		hyp    func(dual.Hyper) dual.Hyper
		ghyp   func(hyperdual.Number) hyperdual.Number
	}
	pairs := []pair{
		{"Sin", -10, 10, dual.Number.Sin, gdual.Sin, dual.Hyper.Sin, hyperdual.Sin},
		{"Cos", -10, 10, dual.Number.Cos, gdual.Cos, dual.Hyper.Cos, hyperdual.Cos},
		{"Tan", -1.4, 1.4, dual.Number.Tan, gdual.Tan, dual.Hyper.Tan, hyperdual.Tan},
		{"Asin", -0.95, 0.95, dual.Number.Asin, gdual.Asin, dual.Hyper.Asin, hyperdual.Asin},
		{"Acos", -0.95, 0.95, dual.Number.Acos, gdual.Acos, dual.Hyper.Acos, hyperdual.Acos},
		{"Atan", -10, 10, dual.Number.Atan, gdual.Atan, dual.Hyper.Atan, hyperdual.Atan},
		{"Sinh", -5, 5, dual.Number.Sinh, gdual.Sinh, dual.Hyper.Sinh, hyperdual.Sinh},
		{"Cosh", -5, 5, dual.Number.Cosh, gdual.Cosh, dual.Hyper.Cosh, hyperdual.Cosh},
		// gonum's tanh′ is 1 − tanh², which cancels beyond |x| ≈ 2 (epsilon uses 1/cosh²).
		{"Tanh", -2, 2, dual.Number.Tanh, gdual.Tanh, dual.Hyper.Tanh, hyperdual.Tanh},
		{"Exp", -5, 5, dual.Number.Exp, gdual.Exp, dual.Hyper.Exp, hyperdual.Exp},
		{"Log", 0.05, 20, dual.Number.Log, gdual.Log, dual.Hyper.Log, hyperdual.Log},
		{"Sqrt", 0.05, 20, dual.Number.Sqrt, gdual.Sqrt, dual.Hyper.Sqrt, hyperdual.Sqrt},
		{"Inv", 0.1, 10, dual.Number.Inv, gdual.Inv, dual.Hyper.Inv, hyperdual.Inv},
		{"Abs", 0.1, 10, dual.Number.Abs, gdual.Abs, dual.Hyper.Abs, hyperdual.Abs},
		{"AbsNeg", -10, -0.1, dual.Number.Abs, gdual.Abs, dual.Hyper.Abs, hyperdual.Abs},
		{"PowF", 0.1, 10,
			func(x dual.Number) dual.Number { return x.PowF(2.7) },
			func(x gdual.Number) gdual.Number { return gdual.PowReal(x, 2.7) },
			func(x dual.Hyper) dual.Hyper { return x.PowF(2.7) },
			func(x hyperdual.Number) hyperdual.Number { return hyperdual.PowReal(x, 2.7) }},
		{"Pow", 0.1, 10,
			func(x dual.Number) dual.Number { return x.Pow(x.Scale(0.3)) },
			func(x gdual.Number) gdual.Number { return gdual.Pow(x, gdual.Scale(0.3, x)) },
			func(x dual.Hyper) dual.Hyper { return x.Pow(x.Scale(0.3)) },
			func(x hyperdual.Number) hyperdual.Number { return hyperdual.Pow(x, hyperdual.Scale(0.3, x)) }},
		{"Mul", -5, 5,
			func(x dual.Number) dual.Number { return x.Mul(x.Sin()) },
			func(x gdual.Number) gdual.Number { return gdual.Mul(x, gdual.Sin(x)) },
			func(x dual.Hyper) dual.Hyper { return x.Mul(x.Sin()) },
			func(x hyperdual.Number) hyperdual.Number { return hyperdual.Mul(x, hyperdual.Sin(x)) }},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	agree := func(a, b float64) bool { return close(a, b, 1e-14, 1e-300) }
	// The ε₁ε₂ part is a sum of several products that can cancel; both
	// libraries round it correctly relative to the size of those terms.
	agree12 := func(a, b, terms float64) bool { return close(a, b, 1e-14, 1e-14*terms) }
	for _, p := range pairs {
		for _, x := range randomPoints(7, p.lo, p.hi, 200) {
			e1, e2 := rng.NormFloat64(), rng.NormFloat64()
			n, g := p.num(dual.Number{Real: x, Eps: e1}), p.gnum(gdual.Number{Real: x, Emag: e1})
			if !agree(n.Real, g.Real) || !agree(n.Eps, g.Emag) {
				t.Errorf("%s(%v + %vε): epsilon %v, gonum %v", p.name, x, e1, n, g)
			}
			h := p.hyp(dual.Hyper{Real: x, E1: e1, E2: e2})
			gh := p.ghyp(hyperdual.Number{Real: x, E1mag: e1, E2mag: e2})
			if !agree(h.Real, gh.Real) || !agree(h.E1, gh.E1mag) || !agree(h.E2, gh.E2mag) || !agree12(h.E12, gh.E1E2mag, math.Abs(e1*e2)+math.Abs(h.E1)+math.Abs(h.E2)) {
				t.Errorf("%s hyper at %v: epsilon %v, gonum %v", p.name, x, h, gh)
			}
		}
	}
}
