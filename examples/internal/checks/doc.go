// Package checks is the lesson on gradient checks, shared by the program
// examples/gradcheck and the second chapter of examples/tour: what
// gradcheck.Check tells a learner about five graphs.
//
// A gradient check computes every derivative three ways — reverse mode
// (the VJP rules, uᵀJ), forward mode (the JVP rules, J·v) and Richardson
// finite differences (no rules at all) — and compares them. The two modes
// share nothing but the forward values, so when one disagrees with the other
// two its rules are wrong, and re-checking each op in isolation names the
// culprit. A correct network passes; a custom op whose VJP forgets a term of
// the product rule is blamed by name; |x| at 0 is recognised as a kink (the
// one-sided slopes −1 and 1 differ and the rules give the convention 0
// between them); a function rounded to float32 defeats finite differences by
// rounding, which a sweep of the step detects; and a NaN in a gradient is
// traced to the ∞ − ∞ that made it. Each graph is drawn as SVG, its nodes
// coloured by the check (green passed, red blamed, purple where the NaN
// appears).
package checks
