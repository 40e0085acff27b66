// Package gradcheck checks the derivatives of an autodiff graph and explains
// why a check fails.
//
// A gradient check computes each derivative three ways — reverse mode
// (VJP), forward mode (JVP) and Richardson-extrapolated finite differences
// (package fd) — and compares them. Agreement of all three is strong
// evidence: the two modes share nothing but the forward values, and finite
// differences share nothing with either. A disagreement alone says little,
// so Check goes on to explain it:
//
//   - which element of the Jacobian, and which of the three disagrees (a
//     Disagreement: reverse only means a VJP rule is wrong, forward only a
//     JVP rule);
//   - which op: every op between the inputs and the output is re-checked in
//     isolation, at the values it saw, and the one whose rules fail is
//     blamed by name;
//   - whether the point is a kink (|x| at 0, a tie of max): there the
//     one-sided slopes differ, and a rule may return any convention between
//     them;
//   - whether finite differences were defeated, by rounding (float32 data)
//     or by truncation (a function that bends fast), from a sweep of the
//     step;
//   - where a NaN came from: the first node whose value, or gradient, has a
//     NaN that its inputs did not, and the infinity or zero that made it.
//
// Small problems are compared element by element; large ones by random
// projections vᵀJu, and a failed projection is narrowed to the failing
// inputs and a seeded sample of their elements.
//
// In a test it is one line:
//
//	gradcheck.CheckT(t, loss, w, b)
//
// # How it uses the engine
//
// The checker sees the graph only through autodiff's public API, like any
// user: Run, JVP, VJP, Jacobian, Grad, Nodes, Apply. It needs three small
// hooks, each documented in autodiff: Node.Replace (move an input's or a
// constant's value and put it back), Graph.JVPAt (a JVP at the values of the
// last run, without running again) and Graph.VJPNodes (the reverse-mode
// nodes of a tensor output, to trace a NaN through them). Only this package
// links package testing, for CheckT; autodiff never does.
//
// # Adding a diagnosis
//
// The diagnoses run in the order of the diagnoses list in check.go: NaN
// provenance, element comparison, blame, kink, step sweep. A new diagnosis
// is one function func(c *checker, r *Report) error, which decides for
// itself whether it applies and records what it finds in the Report, and
// one entry in that list; Report.String prints the new field.
package gradcheck
