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
// # When a check may pass
//
// A checker that says "passed" to a wrong rule is worse than none, so each
// excuse is narrow:
//
//   - Forward and reverse mode must agree, at every point, kinks included:
//     an op's JVP and VJP are the transposes of one linear map, so a
//     disagreement between them beyond rounding is always a rule error,
//     whatever finite differences say. Only when the two modes agree may a
//     kink (their common value lies between the one-sided slopes) or a step
//     sweep (rounding or truncation defeated finite differences) excuse a
//     disagreement with finite differences; the report then says "forward
//     and reverse agree; finite differences disagree".
//   - Every failed comparison must be excused, not only the worst.
//   - A NaN or an infinity fails every comparison it enters: a rule that
//     returns one where finite differences are finite is wrong.
//   - Steps are relative to each input element: a probe moves element i by
//     t·sᵢ with sᵢ = |xᵢ| at every magnitude (an element that is 0 takes
//     the RMS of its input's other elements, else of all the inputs, else
//     1), so the derivative compared is J·D·u for D = diag(s), in all three
//     ways alike (rows are reported divided by sⱼ again, as ∂y/∂x). An input
//     near 1e17 moves as surely as one near 1, and one near 1e-3 stays near
//     itself. A step that does not move the input (x + h == x) reads as
//     NaN, which Richardson extrapolation and the sweep skip: a zero
//     difference made by no movement is never evidence. A step that x's
//     rounding shortens (sin at 1e8, moved by 1e-8 of itself) is corrected
//     back to its nominal length to first order with the rules, a
//     correction too small to make a wrong rule agree.
//   - The absolute part of every tolerance is AbsTol times the size of f's
//     values near the point, never an absolute number: a Gaussian weight of
//     1e-100 is judged as strictly as one of 1. The size is the larger of
//     |yᵢ| and of its terms, Σₖ |∂yᵢ/∂xₖ·xₖ| (the change of yᵢ, to first
//     order, when every input moves by its own value: the condition-number
//     form of its rounding; by the reverse-mode rules, in element
//     comparisons): a value that is a small difference of large terms (a
//     weighted mean of −0.4 … 0.5 that comes out 0.003) carries their
//     rounding, and so do its finite differences. It is what judges a tiny
//     element of a Jacobian whose other elements are large: its finite
//     difference subtracts values of size |yᵢ| (or of its terms) that
//     differ by ∂yᵢ·h, so its error is their rounding over the step, not a
//     fraction of the element. A wrong rule that inflates the size must be
//     wrong by about that size in some element of the row, and fails there.
//   - A comparison passes when forward and reverse mode agree, each is
//     within tol + FDErr of the finite difference FD (tol the relative and
//     absolute parts above, FDErr the estimate's own error), and what that
//     proves, |mode − f′| ≤ |mode − FD| + FDErr, is at most 3·tol: the
//     bound the first two conditions prove when FDErr ≤ tol. (Demanding
//     FDErr ≤ tol instead made the verdict non-monotone: an estimate that
//     agreed to 1e-2 of tol with a bar 2% over tol, proving 1.03·tol, was a
//     mismatch while one proving 3·tol passed.) A rule off by more than
//     tol is caught whenever the estimate is precise.
//   - Rounding excuses only a disagreement that the function's measured
//     noise explains both in the step sweep and in the Richardson
//     estimate's own error; truncation only an agreement at two neighbouring
//     steps of the sweep whose rounding error is within the tolerance (a
//     wrong rule's difference passes through the rules' value at one step).
//   - An op blamed in isolation makes the check a mismatch even if every
//     comparison of y was excused. At a kink, an op is checked along each
//     input element and along D·sign(x) = x (every element moved in
//     proportion to its value, so a tie stays tied, −2 and 2 of an ∞-norm
//     included) besides its random direction, since a random direction's
//     one-sided slopes bracket small errors. When a comparison of y fails
//     and no op fails along its random direction (which weighs a tiny
//     Jacobian element too lightly), each op is compared element by
//     element in isolation, as y was, to find the one to blame.
//   - A NaN in an input's own value is bad data: the report says so and
//     blames no op (ops whose inputs hold NaN are not checked).
//
// The mutation test (mutation_test.go, with package internal/mutant) breaks
// every built-in op's rules on purpose — scaled by 1+1e-3, negated, zeroed,
// NaN, transposed, mis-broadcast; in the JVP, one VJP, or both — and
// requires each mutant to be caught with its op blamed, unless it is
// equivalent (the Jacobian is bitwise unchanged at that point) or below the
// check's tolerance in principle. go test runs a fast subset (a few cases at
// magnitudes 1 and 1e5 and at kinks); with -mutation.full it covers every
// op at magnitudes from 1e-3 to 1e8 and at kinks, and writes the table
// docs/mutation-table.md.
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
// provenance, element comparison, blame, kink, step sweep, blame by element,
// verdict. A new diagnosis
// is one function func(c *checker, r *Report) error, which decides for
// itself whether it applies and records what it finds in the Report, and
// one entry in that list; Report.String prints the new field.
package gradcheck
