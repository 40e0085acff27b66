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
//   - Vec: first order with VecWidth partials at once — a gradient of n
//     inputs in ⌈n/VecWidth⌉ passes, without an allocation per operation;
//   - Hyper: second order, two infinitesimals ε₁, ε₂ with ε₁ε₂ ≠ 0, giving
//     exact second derivatives, Hessians, and nested derivatives that cannot
//     confuse their perturbations.
//
// # One definition of each derivative
//
// Every elementary function has its derivative rule written once, as a
// function returning f(x), f′(x) and f″(x) (rules.go), and is listed once, as
// a row of the generator's table (internal/gen/table.go). go generate writes
// everything else that lists the functions from that table: the methods of
// the four number types, the Elementwise interface that Scalar embeds, the
// registry of rules (UnaryRuleFor, BinaryRuleFor) and the elementwise
// methods of package autodiff's graph nodes. The number types lift the
// rules, and the graph engine reads the same rules from the registry, so
// forward mode, reverse mode and these scalar types cannot disagree by
// construction. Adding a function is one rule and one table row.
//
// Each rule also carries its Kind (linear, bilinear or general), which lets
// the graph build small gradients without knowing any function by name, and
// a value-only expression, which evaluates f without its derivatives where
// none are wanted (Float's methods, the graph's forward pass).
//
// # A Vec lives only while f runs
//
// Gradient and Jacobian evaluate f once per VecWidth inputs (a pass), and
// the partials of the Vecs a pass computes live in memory that the next
// pass, or the next call, writes over. A Vec computed inside f is therefore
// valid only until f returns: its real part stays readable, but reading its
// partials or computing with it afterwards panics ("a Vec used after the
// pass … ended"), never silently giving another Vec's numbers. Copy out
// what you need while f runs, and keep no Vec from one call of f to the
// next (each pass seeds different inputs, so a cached Vec would be wrong
// even where it still could be read):
//
//	var kept dual.Vec
//	var saved [dual.VecWidth]float64
//	dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
//		y := v[0].Mul(v[1])
//		kept = y             // y dies when f returns
//		saved = y.Partials() // a copy, valid for ever
//		return y
//	}, x)
//	_ = kept.Real       // fine
//	_ = saved[0]        // fine
//	_ = kept.Partials() // panics
//
// Within f, Vecs may be kept, copied and shared between goroutines freely,
// as long as those goroutines finish before f returns. Vecs made by NewVec
// outside Gradient stay valid for ever. Vec's documentation (Lifetime) has
// the details.
//
// # Special values
//
// The real part of every function follows Go's math package exactly, with the
// same special cases. A NaN argument gives a NaN value and NaN derivatives
// wherever the derivative depends on the argument (the derivative of −x
// stays −1). Where a derivative is infinite (Sqrt and Log at 0, Asin at
// ±1) it is reported as ±Inf. Every product of a partial derivative and a
// perturbation has a strong zero (ChainProduct): an exact zero on either
// side contributes exactly zero, even against an infinite or NaN other side.
// A zero ε part (a constant) therefore never poisons a result, and neither
// does a branch whose partial is zero: max(2x+1, √x) at 0 has derivative 2,
// not 0·Inf = NaN. Package autodiff applies the same rule in both modes.
// Out-of-domain arguments (Log of a negative number) give NaN, never a panic.
// At kinks the conventions are those of PyTorch and JAX: Abs and ReLU have
// derivative 0 at 0, Maximum and Minimum split the derivative evenly at a tie.
package dual
