package fd_test

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
)

func ExampleDerivative() {
	// The central difference with its default step, and a second derivative.
	d1 := fd.Derivative(math.Sin, 1, nil)
	d2 := fd.Derivative(math.Sin, 1, &fd.Settings{Formula: fd.Central2nd})
	fmt.Printf("sin'(1)  = %.6f (cos 1 = %.6f)\n", d1, math.Cos(1))
	fmt.Printf("sin''(1) = %.6f (-sin 1 = %.6f)\n", d2, -math.Sin(1))
	// Output:
	// sin'(1)  = 0.540302 (cos 1 = 0.540302)
	// sin''(1) = -0.841471 (-sin 1 = -0.841471)
}

func ExampleRichardson() {
	e := fd.Richardson(math.Exp, 1, nil)
	fmt.Printf("exp'(1) = %.12f\n", e.Value)
	fmt.Println("error below 1e-12:", math.Abs(e.Value-math.E) < 1e-12, e.Err < 1e-12)

	// One-sided slopes reveal a kink that a central difference averages away.
	left, right := fd.OneSided(math.Abs, 0)
	fmt.Printf("|x| at 0: left %.1f, right %.1f, central %.1f\n", left.Value, right.Value, fd.Derivative(math.Abs, 0, nil))
	// Output:
	// exp'(1) = 2.718281828459
	// error below 1e-12: true true
	// |x| at 0: left -1.0, right 1.0, central 0.0
}

func ExampleSweep() {
	// The error of the central difference of exp at 1, step by step: a V.
	steps := fd.LogSteps(1e-13, 1e-1, 7)
	pts := fd.Sweep(math.Exp, 1, math.E, fd.Central, steps)
	for _, p := range pts {
		switch side := fd.Classify(pts, p.Step); side {
		case fd.TruncationSide:
			// Truncation is smooth and predictable: e·h²/6.
			fmt.Printf("h=%.0e  %-10v  err=%.0e\n", p.Step, side, p.AbsErr)
		default:
			// Rounding noise depends on the last bits; only its size is stable.
			fmt.Printf("h=%.0e  %-10v  err<1e-9: %v\n", p.Step, side, p.AbsErr < 1e-9)
		}
	}
	// Output:
	// h=1e-13  rounding    err<1e-9: false
	// h=1e-11  rounding    err<1e-9: false
	// h=1e-09  rounding    err<1e-9: false
	// h=1e-07  rounding    err<1e-9: true
	// h=1e-05  best        err<1e-9: true
	// h=1e-03  truncation  err=5e-07
	// h=1e-01  truncation  err=5e-03
}

func ExampleGradient() {
	// Rosenbrock's function at (-1.2, 1); its gradient is (-215.6, -88).
	rosen := func(x []float64) float64 {
		a, b := x[1]-x[0]*x[0], 1-x[0]
		return 100*a*a + b*b
	}
	x := []float64{-1.2, 1}
	g := fd.Gradient(nil, rosen, x, nil)
	fmt.Printf("gradient %.6f\n", g)
	h := fd.Hessian(nil, rosen, x, nil)
	fmt.Printf("hessian  [%.3f %.3f; %.3f %.3f]\n", h.At(0, 0), h.At(0, 1), h.At(1, 0), h.At(1, 1))
	// Output:
	// gradient [-215.600000 -88.000000]
	// hessian  [1330.000 480.000; 480.000 200.000]
}
