// Package derivatives is the lesson on taking a derivative three ways —
// dual numbers, the closed form, and finite differences — shared by the
// program examples/derivatives and the first chapter of examples/tour.
//
// Each function is written once, generically over dual.Scalar, and run on
// three number types: dual.Float gives f, dual.Number gives f′ and
// dual.Hyper gives f″, each exact to the rounding of the final result. A
// finite difference (f(x+h) − f(x))/h instead trades truncation error,
// about C·hᵖ for a formula of order p, against rounding error, about
// ε|f|/h: its error against the step h is a V on a log–log plot, and no
// step gives more than about 8 (forward) or 11 (central) correct digits.
// Richardson extrapolation gets 13–14. A dual number has no step at all,
// because ε² = 0 ends Taylor's series after the first term:
//
//	f(x + ε) = f(x) + f′(x)ε.
//
// Run prints the tables and writes the pictures: one PNG per function,
// their grid (functions.png) and the V (error-vs-step.png).
package derivatives
