package dual_test

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/dual"
)

func ExampleDerivative() {
	// d/dx [sin(x)·eˣ] = (cos x + sin x)·eˣ
	f := func(x dual.Number) dual.Number { return x.Sin().Mul(x.Exp()) }
	fmt.Printf("%.12f\n", dual.Derivative(f, 1))
	fmt.Printf("%.12f\n", (math.Cos(1)+math.Sin(1))*math.E)
	// Output:
	// 3.756049227095
	// 3.756049227095
}

func ExampleSecondDerivative() {
	// xˣ has second derivative xˣ((1 + ln x)² + 1/x).
	f := func(x dual.Hyper) dual.Hyper { return x.Pow(x) }
	fmt.Printf("%.12f\n", dual.SecondDerivative(f, 2))
	fmt.Printf("%.12f\n", 4*(math.Pow(1+math.Ln2, 2)+0.5))
	// Output:
	// 13.466989500152
	// 13.466989500152
}

// cube is written once for any Scalar type.
func cube[T dual.Scalar[T]](x T) T { return x.Mul(x).Mul(x) }

func ExampleScalar() {
	fmt.Println(cube(dual.Float(2)))                        // value
	fmt.Println(dual.Derivative(cube[dual.Number], 2))      // 3x²
	fmt.Println(dual.SecondDerivative(cube[dual.Hyper], 2)) // 6x
	// Output:
	// 8
	// 12
	// 12
}

func ExampleGradient() {
	// f(x, y) = x²y + sin y, ∇f = (2xy, x² + cos y), from one evaluation.
	f := func(v []dual.Vec) dual.Vec {
		x, y := v[0], v[1]
		return x.Mul(x).Mul(y).Add(y.Sin())
	}
	fmt.Printf("%.6f\n", dual.Gradient(nil, f, []float64{3, 0}))
	// Output:
	// [0.000000 10.000000]
}

func ExampleGradient_lifetime() {
	// A Vec computed inside f is valid until f returns: copy out its
	// partials there; afterwards only its real part may be read.
	var kept dual.Vec
	var saved [dual.VecWidth]float64
	f := func(v []dual.Vec) dual.Vec {
		y := v[0].Mul(v[1])
		kept, saved = y, y.Partials()
		return y
	}
	dual.Gradient(nil, f, []float64{2, 3})
	fmt.Println(kept.Real, saved[0], saved[1])
	defer func() { fmt.Println(recover()) }()
	kept.Partials()
	// Output:
	// 6 3 2
	// dual: a Vec used after the pass of Gradient or Jacobian that computed it ended (see Vec's Lifetime)
}

func ExampleNewVec() {
	// f(x, y) = x·y at (2, 3), differentiated along two directions at once,
	// (1, 0) in partial 0 and (1, 1) in partial 1.
	x := dual.NewVec(2, [dual.VecWidth]float64{1, 1})
	y := dual.NewVec(3, [dual.VecWidth]float64{0, 1})
	p := x.Mul(y).Partials()
	fmt.Println(p[0], p[1])
	// Output:
	// 3 5
}

func ExampleJacobian() {
	// (r, θ) ↦ (r cos θ, r sin θ)
	f := func(v []dual.Vec) []dual.Vec {
		return []dual.Vec{v[0].Mul(v[1].Cos()), v[0].Mul(v[1].Sin())}
	}
	for _, row := range dual.Jacobian(f, []float64{2, 0}) {
		fmt.Println(row)
	}
	// Output:
	// [1 0]
	// [0 2]
}

func ExampleHessian() {
	// f(x, y) = x³y² has Hessian [[6xy², 6x²y], [6x²y, 2x³]].
	f := func(v []dual.Hyper) dual.Hyper { return v[0].PowF(3).Mul(v[1].PowF(2)) }
	for _, row := range dual.Hessian(f, []float64{1, 2}) {
		fmt.Println(row)
	}
	// Output:
	// [24 12]
	// [12 2]
}

func ExampleJVP() {
	// J·v for (x, y) ↦ (xy, x + y) at (2, 3) along v = (1, -1).
	f := func(v []dual.Number) []dual.Number { return []dual.Number{v[0].Mul(v[1]), v[0].Add(v[1])} }
	y, jv := dual.JVP(f, []float64{2, 3}, []float64{1, -1})
	fmt.Println(y, jv)
	// Output:
	// [6 5] [1 0]
}

func ExampleNestedDerivative() {
	// d/dx [x · d/dy (x + y)] is 1: the inner and outer perturbations stay apart.
	outer := func(x dual.Number) dual.Number {
		inner := dual.NestedDerivative(func(y dual.Hyper) dual.Hyper { return dual.Lift(x).Add(y) }, dual.Number{Real: 1})
		return x.Mul(inner)
	}
	fmt.Println(dual.Derivative(outer, 5))
	// Output:
	// 1
}

func ExampleDirectionalDerivative() {
	// The slope of f(x, y) = x·y² at (1, 2) along v = (1, 1): ∇f·v = 4 + 4.
	f := func(v []dual.Number) dual.Number { return v[0].Mul(v[1]).Mul(v[1]) }
	fmt.Println(dual.DirectionalDerivative(f, []float64{1, 2}, []float64{1, 1}))
	// Output:
	// 8
}

func ExampleValueDerivative() {
	// f(x) = x·eˣ and f′(x) = (1 + x)·eˣ at 0, from one evaluation.
	v, d := dual.ValueDerivative(func(x dual.Number) dual.Number { return x.Mul(x.Exp()) }, 0)
	fmt.Println(v, d)
	// Output:
	// 0 1
}

func ExampleValueGradient() {
	// f(x, y) = x²y + sin y at (3, 0): f = 0, ∇f = (2xy, x² + cos y).
	f := func(v []dual.Vec) dual.Vec {
		x, y := v[0], v[1]
		return x.Mul(x).Mul(y).Add(y.Sin())
	}
	v, g := dual.ValueGradient(nil, f, []float64{3, 0})
	fmt.Println(v, g)
	// Output:
	// 0 [0 10]
}

func ExampleValueGradientHessian() {
	// f(x, y) = x³y² at (1, 2): f = 4, ∇f = (3x²y², 2x³y),
	// H = [[6xy², 6x²y], [6x²y, 2x³]], from three hyper-dual evaluations.
	f := func(v []dual.Hyper) dual.Hyper { return v[0].PowF(3).Mul(v[1].PowF(2)) }
	v, g, h := dual.ValueGradientHessian(f, []float64{1, 2})
	fmt.Println(v, g, h)
	// Output:
	// 4 [12 4] [[24 12] [12 2]]
}

func ExampleLogSumExp() {
	// log(e¹⁰⁰⁰ + e¹⁰⁰⁰) = 1000 + ln 2 without overflow; the gradient is
	// the softmax.
	f := func(v []dual.Vec) dual.Vec { return dual.LogSumExp(v) }
	v, g := dual.ValueGradient(nil, f, []float64{1000, 1000})
	fmt.Printf("%.6f %v\n", v, g)
	// Output:
	// 1000.693147 [0.5 0.5]
}
