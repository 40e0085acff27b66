// Package fd computes derivatives by finite differences. In epsilon it is the
// oracle: an implementation that shares nothing with the dual numbers or the
// graph engine, so that when the two agree the derivative rule is right.
//
// # Stencils
//
// A finite difference formula samples f at a few points x + Lᵢh and weighs
// them:
//
//	f⁽ᵈ⁾(x) ≈ (1/hᵈ) Σᵢ cᵢ f(x + Lᵢh).
//
// Expanding each sample in a Taylor series, f(x+Lh) = Σₖ f⁽ᵏ⁾(x) (Lh)ᵏ/k!,
// shows what the weights must satisfy: the moments Σᵢ cᵢ Lᵢᵏ must be 0 for
// k < d, d! for k = d, and 0 again for d < k < d+p. The first moment that
// fails to vanish, k = d+p, leaves a truncation error of order hᵖ; p is the
// formula's Order. A Formula is just this data (Stencil, Derivative, Order),
// so the tests check the moments directly and new formulas need no new code.
// For example Central, (f(x+h) − f(x−h))/2h, has p = 2; Forward,
// (f(x+h) − f(x))/h, has p = 1.
//
// # Choosing the step
//
// Truncation error shrinks like C·hᵖ as h → 0, but every sample carries a
// rounding error of about ε|f| (ε ≈ 2.2e-16), and the formula divides it by
// hᵈ. The total error is therefore roughly
//
//	E(h) ≈ C hᵖ + ε|f| / hᵈ,
//
// which is V-shaped on a log–log plot: the right arm is truncation (slope p),
// the left arm is rounding (slope −d). The minimum sits at h* ~ ε^(1/(p+d)),
// and the best error is about ε^(p/(p+d)): 1e-8 for Forward, 1e-11 for
// Central, 1e-13 for Central4. Sweep and BestStep draw and locate this V.
//
// Because rounding is relative to |x|, the step must be too: StepAt uses
// h·max(1, |x|). It then replaces the step by (x+step) − x, which is exactly
// representable, so the denominator is the distance actually travelled and
// not a number that differs from it by an ulp of x.
//
// # Richardson extrapolation
//
// The truncation error of a formula is not just O(hᵖ); it is a series
// A(h) = f⁽ᵈ⁾ + a₁hᵖ + a₂hᵖ⁺ᑫ + …, where q = 2 for symmetric stencils (the odd
// terms cancel) and q = 1 otherwise. Evaluating A at h, h/t, h/t², … and
// combining neighbours as (tᵏA(h/t) − A(h))/(tᵏ − 1) removes the leading
// term at each stage. Richardson builds this Neville tableau (Ridders'
// method, as in Numerical Recipes' dfridr): it starts from a large step,
// where rounding is harmless, and reaches 1e-12 or better on smooth
// functions. The differences between tableau entries give an error estimate,
// and the iteration stops when the estimate starts to grow, which is the
// sign that rounding has taken over.
//
// # Errors
//
// Nothing here panics on user data: a NaN or Inf from f flows into the
// result. Programmer errors (a dst of the wrong length, a formula with no
// points, a second-derivative formula passed to Gradient) panic with a
// message that says what was wrong.
package fd
