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
// difference is 0, and a rule that wrongly returns 0 "agrees". So every
// probe moves element i by a step proportional to sᵢ = max(|xᵢ|, 1): the
// direction u becomes D·u with D = diag(s), and the derivative compared is
// J·D·u, which forward mode (a tangent D·u), reverse mode ((vᵀJ)·(D·u)) and
// finite differences (d/dt y(x + t·D·u)) all compute alike. Element rows of
// the report are divided by sⱼ again, so they read as ∂y/∂x.
//
// The floor 1 keeps small elements moving by steps of the function's usual
// scale (an element that is 0 cannot set a step of its own), and the
// tolerances compare everything relative to the derivative along D·u and to
// the size of y, so a rule is judged equally strictly at every magnitude.

// stepFloor is the smallest scale of an element's step (see above).
const stepFloor = 1.0

// stepScales returns s with sᵢ = max(|xᵢ|, stepFloor); an element that is
// not finite gets stepFloor (it cannot be moved meaningfully either way).
func stepScales(x *linalg.Tensor) *linalg.Tensor {
	s := linalg.Zeros(x.Shape()...)
	for i, v := range x.Values() {
		a := math.Abs(v)
		if !(a > stepFloor) || math.IsInf(a, 0) {
			a = stepFloor
		}
		s.Data()[i] = a
	}
	return s
}

// scaledDirection returns D·u, the direction u stretched elementwise by the
// step scales of x.
func scaledDirection(x, u *linalg.Tensor) *linalg.Tensor {
	return linalg.Mul(u, stepScales(x))
}

// shifted returns x + t·dir and whether every element that dir moves did
// change. A step too small for an element's magnitude (x + h == x) leaves
// it where it was; such an evaluation is no evidence about the derivative,
// so the probes turn it into NaN, which Richardson extrapolation skips and
// a step sweep ignores. A difference of zero produced by no movement is
// therefore never read as a derivative of zero.
func shifted(x, dir *linalg.Tensor, t float64) (*linalg.Tensor, bool) {
	out := linalg.Zeros(x.Shape()...)
	o, xd, dd := out.Data(), x.Values(), dir.Values()
	ok := true
	for i, v := range xd {
		step := t * dd[i]
		o[i] = v + step
		if step != 0 && o[i] == v && isFinite(v) {
			ok = false
		}
	}
	return out, ok
}

// nanTensor is a tensor of NaN of the shape, what a probe reads when its
// step did not move the input.
func nanTensor(shape []int) *linalg.Tensor { return linalg.Full(math.NaN(), shape...) }
