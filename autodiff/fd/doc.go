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
// Because rounding is relative to |x|, the step must be too, at every
// magnitude: RelStep uses h·|x|, so the stencil of log at 1e-6 samples
// 1e-6·(1 ± h) and never reaches across 0. (StepAt, the classical
// h·max(1, |x|), is absolute below 1; Jacobian and the plain Hessian still
// use it.) Both then replace the step by (x+step) − x, which is exactly
// representable, so the denominator is the distance actually travelled and
// not a number that differs from it by an ulp of x.
//
// At x = 0, |x| gives no scale, and the step needs a floor: Settings.Scale
// (default 1), the length over which f changes near 0. Derivative does not
// trust it blindly: at x = 0 it shrinks the step by decades until the
// formula agrees with itself at half the step, to within rounding and the
// formula's optimal accuracy, so sin(1e6·x) gets a step 1e6 times smaller
// than sin(x). Richardson judges the same thing by its tableau: where the
// tableaux have not converged (their Err, less rounding, is above 1e-6 of
// the values their first column spans, the sign that the steps are far
// above f's own scale, as near a pole at 1 + 1e-6 where |x| ≈ 1 says
// nothing), it starts again from steps 100, 10⁴, … times smaller and keeps
// the best, checked against the next level down.
//
// The price of relative steps is paid where |x| is far below f's own scale
// and f′ is small next to f (cos at 1e-10): the step is then rounding
// limited. The error estimates say so; Scale does not help there, since it
// applies only at 0.
//
// # Domain edges
//
// A stencil that meets NaN or ±Inf while f(x) is finite has left f's
// domain. Derivative and Richardson then shrink the step by decades until it
// fits; where it never fits on one side (x is at the edge: √x at 0), a
// formula with samples on both sides is replaced by a one-sided one on the
// other side (Forward2, Backward2, a second-order one-sided second
// difference). Where nothing fits, or the one-sided formula does not
// converge (f′ infinite), there is no estimate, and it is reported, never
// returned as a derivative: DerivativeChecked returns an error wrapping
// ErrLeftDomain, ErrNotFinite (f(x) itself is NaN or ±Inf) or
// ErrNoConvergence, and an Estimate carries a Status (Interior,
// OneSidedEdge, LeftDomain, NotFinite). Derivative, which returns a bare
// float64, returns NaN exactly where DerivativeChecked reports an error.
// OneSided's slopes are never mirrored: a left slope at a left edge is
// LeftDomain, not the right slope.
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
// sign that rounding has taken over. An entry counts only as good as its
// column's difference one row earlier too: where the entries are rounding
// noise (a derivative that is 0, f computed with cancellation, as
// Rosenbrock at its minimum), the smallest of many such differences would
// be small by luck. The tests hold every estimate to its word: the true
// error is within 4·Err, near poles and domain edges and at zero gradients
// too.
//
// HessianRichardson extrapolates second derivatives the same way, with a
// per-entry error estimate: Central2nd on the diagonal and, off it, the
// four-point cross difference with both steps a common multiple t of the
// coordinates' scales, whose error is a series in t². On smooth functions
// it is accurate to 1e-10 relative or better (the tests' bound on
// Rosenbrock, quadratics and exp·sin mixtures), and on exp·sin more than a
// thousand times closer than the plain Hessian, one stencil at one step.
//
// # Errors
//
// Nothing here panics on user data: a NaN or Inf from f gives a NaN result,
// with the reason in an Estimate's Status or DerivativeChecked's error
// (Gradient, Jacobian and Hessian return NaN entries). Programmer errors (a dst of the wrong length, a formula with no
// points, a second-derivative formula passed to Gradient) panic with a
// message that says what was wrong.
package fd
