//go:generate go run ./internal/gen

// Package dual implements forward-mode automatic differentiation with dual
// numbers.
//
// A dual number a + bε extends the reals with an infinitesimal ε whose square
// is zero. Taylor's theorem then ends after one term,
//
//	f(x + ε) = f(x) + f′(x)ε,
//
// so evaluating a function on x + 1ε returns its value and its exact
// derivative together — no step size, no cancellation, no truncation. The
// arithmetic follows from ε² = 0: (a + bε)(c + dε) = ac + (ad + bc)ε is the
// product rule, and every elementary function g lifts by the chain rule,
// g(a + bε) = g(a) + g′(a)·bε.
//
// The package has four number types that share one set of methods (the
// Scalar interface), so a function written once runs on all of them:
//
//   - Float: a plain float64, for evaluation without derivatives;
//   - Number: first order, a value and one derivative;
//   - Vec: first order with many partials at once — a gradient in one pass;
//   - Hyper: second order, two infinitesimals ε₁, ε₂ with ε₁ε₂ ≠ 0, giving
//     exact second derivatives, Hessians, and nested derivatives that cannot
//     confuse their perturbations.
//
// # One definition of each derivative
//
// Every elementary function has its derivative rule written once, as a
// function returning f(x), f′(x) and f″(x) (rules.go); the number types lift
// those rules, and the graph engine in package autodiff reads the same rules
// through the Unary and Binary tables. Forward mode, reverse mode and these
// scalar types cannot disagree by construction.
//
// # Special values
//
// The real part of every function follows Go's math package exactly, with the
// same special cases. A NaN argument gives a NaN value and NaN derivatives
// wherever the derivative depends on the argument (the derivative of −x
// stays −1). Where a derivative is infinite (Sqrt and Log at 0, Asin at
// ±1) it is reported as ±Inf. A zero ε part contributes exactly zero, even
// against an infinite or NaN derivative, so constants never poison a result.
// Out-of-domain arguments (Log of a negative number) give NaN, never a panic.
// At kinks the conventions are those of PyTorch and JAX: Abs and ReLU have
// derivative 0 at 0, Maximum and Minimum split the derivative evenly at a tie.
package dual
