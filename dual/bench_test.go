package dual_test

import (
	"fmt"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
	gdual "gonum.org/v1/gonum/num/dual"
)

// The same function in both libraries: sin(x)·eˣ + x²/(1+x) − tanh(x)·√x.
func benchEpsilon(x dual.Number) dual.Number {
	one := x.Const(1)
	return x.Sin().Mul(x.Exp()).Add(x.Mul(x).Div(one.Add(x))).Sub(x.Tanh().Mul(x.Sqrt()))
}

func benchGonum(x gdual.Number) gdual.Number {
	one := gdual.Number{Real: 1}
	q := gdual.Mul(gdual.Mul(x, x), gdual.Inv(gdual.Add(one, x)))
	return gdual.Sub(gdual.Add(gdual.Mul(gdual.Sin(x), gdual.Exp(x)), q), gdual.Mul(gdual.Tanh(x), gdual.Sqrt(x)))
}

var sink float64

// BenchmarkDerivativeVsGonum: one first-order derivative of the same function
// with epsilon's Number and gonum's num/dual.
func BenchmarkDerivativeVsGonum(b *testing.B) {
	b.Run("epsilon", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += dual.Derivative(benchEpsilon, 0.5+float64(i&15)*0.1)
		}
	})
	b.Run("gonum", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			sink += benchGonum(gdual.Number{Real: 0.5 + float64(i&15)*0.1, Emag: 1}).Emag
		}
	})
}

// smooth is a 100-input test function whose every term calls transcendental
// functions: the typical case for forward mode, where the primal work that n
// first-order passes repeat is the expensive part.
func smooth[T dual.Scalar[T]](x []T) T {
	sum := x[0].Const(0)
	for i := 0; i+1 < len(x); i++ {
		sum = sum.Add(x[i].Sin().Mul(x[i+1].Exp())).Add(x[i].Mul(x[i+1]).Softplus())
	}
	return sum
}

// BenchmarkGradient100: the gradient of a 100-input function from
// ⌈100/VecWidth⌉ many-partials (Vec) passes, against 100 first-order
// (Number) passes, for a transcendental-heavy function, where the primal
// work that the Number passes repeat is the expensive part, and for
// Rosenbrock (cheap arithmetic only, where the passes repeat little work).
func BenchmarkGradient100(b *testing.B) {
	x := randomPoints(13, -1, 1, 100)
	for _, fn := range []struct {
		name string
		vec  func([]dual.Vec) dual.Vec
		num  func([]dual.Number) dual.Number
	}{
		{"smooth", smooth[dual.Vec], smooth[dual.Number]},
		{"rosenbrock", rosenbrock[dual.Vec], rosenbrock[dual.Number]},
	} {
		b.Run(fmt.Sprintf("%s/vec-%d-passes", fn.name, (len(x)+dual.VecWidth-1)/dual.VecWidth), func(b *testing.B) {
			g := make([]float64, len(x))
			for i := 0; i < b.N; i++ {
				dual.Gradient(g, fn.vec, x)
			}
			sink += g[0]
		})
		b.Run(fn.name+"/number-100-passes", func(b *testing.B) {
			g := make([]float64, len(x))
			in := make([]dual.Number, len(x))
			for i := 0; i < b.N; i++ {
				for k := range x {
					for j, v := range x {
						in[j] = dual.Number{Real: v}
					}
					in[k].Eps = 1
					g[k] = fn.num(in).Eps
				}
			}
			sink += g[0]
		})
	}
}
