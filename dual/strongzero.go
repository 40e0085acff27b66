package dual

// The strong zero of the chain rule.
//
// Every derivative in epsilon is a sum of products of a partial derivative
// of a rule (f′, ∂f/∂x, …) and a perturbation (an ε part, a tangent, a
// cotangent). At some points one factor is infinite or NaN — √ and log at 0,
// asin at ±1, a NaN ∂y of Pow(x, y) for negative x — while the other is
// exactly zero:
//
//   - a zero perturbation: the input does not move (a constant, or an
//     element that the direction leaves alone), so f(x) does not change
//     along it, whatever f′(x) is;
//   - a zero partial: f does not depend on that input here — the branch of
//     Maximum that is not taken, ReLU and Abs at their kinks (by the
//     convention that their derivative there is 0), ∂x of Pow(x, 0), a
//     product with a constant 0 — so nothing that happens upstream of that
//     input reaches the result.
//
// In both cases the term contributes exactly 0, never NaN: 0·±Inf = 0 and
// 0·NaN = 0. This is Julia's "strong zero" (false·NaN == 0, which ChainRules
// and ForwardDiff's NaN-safe mode rely on), and the effect of JAX's symbolic
// zeros and of select in a where: a branch that is not taken cannot poison
// the one that is. Without it, f(x) = max(2x+1, √x) at x = 0, where
// f′ = 2, comes out NaN (0 · √′(0) = 0·Inf) in forward mode while reverse
// mode gives 2.
//
// The rule is the same in every place a partial meets a perturbation: the
// ε parts of Number, Hyper (including the products e₁e₂ of its second-order
// part) and Vec, and in package autodiff the forward-mode JVP of every op
// and the chain-rule products of reverse mode. Forward mode, reverse mode
// and the dual numbers therefore agree at such points. The price is that a
// partial which is zero only by underflow (exp′(−800) = 0) also stops an
// infinite tangent; the exact answer there is an indeterminate limit, so no
// answer is more right.

// ChainProduct returns d·e for a partial derivative d and a perturbation e
// (or, symmetrically, a perturbation d and a partial e), except that an
// exact zero on either side gives exactly 0, even against ±Inf or NaN on the
// other. Elsewhere it is the IEEE product: a NaN or an infinity against a
// non-zero factor propagates.
func ChainProduct(d, e float64) float64 {
	if d == 0 || e == 0 {
		return 0
	}
	return d * e
}
