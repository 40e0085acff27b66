package gradcheck

import (
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Steps relative to each element.
//
// A finite difference moves an input and watches the output. If the step
// is absolute, an input near 1e5 moved by 1e-4 barely changes in its last
// digits, and one near 1e17 does not change at all: x + h == x, the
// difference is 0, and a rule that wrongly returns 0 "agrees". An input
// near 1e-3 moved by a step of the order of 1 is as bad the other way: the
// probe leaves the neighbourhood the derivative describes (a Gaussian
// weight of bandwidth 1e-3 moved by 0.1 is a different function). So every
// probe moves element i by a step proportional to its own scale sᵢ: the
// direction u becomes D·u with D = diag(s), and the derivative compared is
// J·D·u, which forward mode (a tangent D·u), reverse mode ((vᵀJ)·(D·u)) and
// finite differences (d/dt y(x + t·D·u)) all compute alike. Element rows of
// the report are divided by sⱼ again, so they read as ∂y/∂x.
//
// The scale of an element is its own magnitude, sᵢ = |xᵢ|, at every
// magnitude. An element that is 0 (or subnormal, or not finite) has no
// magnitude of its own, so it takes the typical magnitude of its
// neighbours: the root mean square of the other (normal, finite) elements
// of the same input; if the whole input is 0, the root mean square of all
// the inputs of the function checked (of the op, in isolation); if every
// input is 0, the absolute floor 1 (zeroFloor). So a bias of zeros next to
// weights of 1e-3 moves by steps of 1e-3, not of 1, and |x| at 0 among
// elements near 1 moves by steps near 1: its kink, in a step of the order of
// 0.01 to 0.0001 of that, is still seen (kink.go).
//
// The tolerances compare everything relative to the derivative along D·u
// and to the size of y, so a rule is judged equally strictly at every
// magnitude.

// zeroFloor is the scale of an element when its input and every other input
// of the function are 0 (see above).
const zeroFloor = 1.0

// ownScale reports whether |v| can scale its own step: finite, normal.
func ownScale(v float64) bool {
	a := math.Abs(v)
	return a >= 0x1p-1022 && !math.IsInf(a, 0)
}

// rms is the root mean square of the elements of ts that can scale their
// own steps, or 0 if none can. It is computed scaled by the largest, so
// neither 1e200 nor 1e-200 overflows or underflows when squared.
func rms(ts ...*linalg.Tensor) float64 {
	var big float64
	n := 0
	for _, t := range ts {
		for _, v := range t.Values() {
			if ownScale(v) {
				big = math.Max(big, math.Abs(v))
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	var ss float64
	for _, t := range ts {
		for _, v := range t.Values() {
			if ownScale(v) {
				r := v / big
				ss += r * r
			}
		}
	}
	return big * math.Sqrt(ss/float64(n))
}

// groupScale is the scale of the zero elements of an input none of whose
// elements has a scale of its own: the RMS of all the function's inputs,
// else zeroFloor.
func groupScale(group []*linalg.Tensor) float64 {
	if s := rms(group...); s > 0 {
		return s
	}
	return zeroFloor
}

// stepScales returns the step scales of each tensor of group, the inputs of
// one function: sᵢ = |xᵢ|, and for an element without a magnitude of its
// own the RMS of its input, else of the group, else zeroFloor (see above).
func stepScales(group []*linalg.Tensor) []*linalg.Tensor {
	out := make([]*linalg.Tensor, len(group))
	var all float64 // the group's scale, computed when first needed
	for k, x := range group {
		s := linalg.Zeros(x.Shape()...)
		own := -1.0
		for i, v := range x.Values() {
			if ownScale(v) {
				s.Data()[i] = math.Abs(v)
				continue
			}
			if own < 0 {
				own = rms(x)
			}
			if own == 0 {
				if all == 0 {
					all = groupScale(group)
				}
				own = all
			}
			s.Data()[i] = own
		}
		out[k] = s
	}
	return out
}

// scaledDirections returns D·u for each input: u stretched elementwise by
// the step scales of the group xs.
func scaledDirections(xs, us []*linalg.Tensor) []*linalg.Tensor {
	s := stepScales(xs)
	out := make([]*linalg.Tensor, len(xs))
	for k := range xs {
		out[k] = linalg.Mul(us[k], s[k])
	}
	return out
}

// commonDirection is the direction in which a tie stays tied: every tied
// element moved in proportion to its value, D·sign(x) = x (an element that
// is 0 by the group's scale, the same for all inputs, so tied zeros move
// together too). Elements tied in value (max, maximum) and elements tied in
// magnitude with opposite signs (the ∞-norm at −2 and 2) keep their tie
// along it, so a tie's convention is pinned down: along D·1 a tie of −2
// and 2 would split, and its one-sided slopes would bracket a wrong rule.
//
// Elements whose magnitude no other element shares stay put: several
// separate kinks moved at once (Clamp(0, 1) at 0 and at 1, one convex and
// one concave) have one-sided slopes along the sum that no convention of
// each kink need lie between. Each of them is checked alone. It returns nil
// when there is no tie.
func commonDirection(xs []*linalg.Tensor) []*linalg.Tensor {
	count := map[float64]int{}
	for _, x := range xs {
		for _, v := range x.Values() {
			count[math.Abs(v)]++
		}
	}
	out := make([]*linalg.Tensor, len(xs))
	var all float64
	tied := false
	for k, x := range xs {
		d := linalg.Zeros(x.Shape()...)
		for i, v := range x.Values() {
			if count[math.Abs(v)] < 2 {
				continue
			}
			tied = true
			if ownScale(v) {
				d.Data()[i] = v
				continue
			}
			if all == 0 {
				all = groupScale(xs)
			}
			d.Data()[i] = all
		}
		out[k] = d
	}
	if !tied {
		return nil
	}
	return out
}

// shifted returns x ⊕ t·dir, the representable point nearest x + t·dir,
// the residual r = t·dir − (x ⊕ t·dir − x) that rounding left, and whether
// every element that dir moves did move by enough to be evidence.
//
// The probes read f at x ⊕ t·dir and add the rules' own first-order
// estimate of f(x + t·dir) − f(x ⊕ t·dir), J·r (firstOrder), so a finite
// difference sees the nominal step. Without it, an input near 1e8 whose
// steps must be small beside 1 (sin wiggles on the scale of 1) is moved by
// steps that are off by up to half its ulp, 7e-9: a relative error of
// 1e-8/h in every difference quotient, more than the tolerance allows at
// the steps sin needs. The correction is at most r/h of the step: a rule
// wrong by any factor perturbs the finite difference by that fraction of
// its error only, so the difference still tells a wrong rule from a right
// one.
//
// A step too small for an element's magnitude (x + h == x) leaves it where
// it was, and one of a few ulps is mostly rounding (|r| more than a
// sixteenth of it, where the correction would be a large part of the
// difference); such an evaluation is no evidence about the derivative, so
// the probes turn it into NaN, which Richardson extrapolation skips and a
// step sweep ignores. A difference of zero produced by no movement is
// therefore never read as a derivative of zero.
func shifted(x, dir *linalg.Tensor, t float64) (out, resid *linalg.Tensor, ok bool) {
	out, resid = linalg.Zeros(x.Shape()...), linalg.Zeros(x.Shape()...)
	o, r, xd, dd := out.Data(), resid.Data(), x.Values(), dir.Values()
	ok = true
	for i, v := range xd {
		step := t * dd[i]
		o[i] = v + step
		if !isFinite(v) || !isFinite(o[i]) {
			continue
		}
		r[i] = step - (o[i] - v)
		if step != 0 && (o[i] == v || math.Abs(r[i]) > math.Abs(step)/16) {
			ok = false
		}
	}
	return out, resid, ok
}

// firstOrder is Σₖ gₖ·rₖ, the rules' first-order change of a projection of
// the output for the residuals r of the inputs (see shifted), with gₖ the
// projection's gradient; terms whose gradient is not finite are left out
// (a rule's NaN fails the comparison itself; it must not make the finite
// difference NaN too).
func firstOrder(g, r []*linalg.Tensor) float64 {
	var sum float64
	for k := range r {
		gd, rd := g[k].Values(), r[k].Values()
		for i, ri := range rd {
			if ri != 0 && isFinite(gd[i]) {
				sum += gd[i] * ri
			}
		}
	}
	return sum
}

// nanTensor is a tensor of NaN of the shape, what a probe reads when its
// step did not move the input.
func nanTensor(shape []int) *linalg.Tensor { return linalg.Full(math.NaN(), shape...) }
