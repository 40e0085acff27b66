package fd

import (
	"fmt"
	"math"
)

// Settings chooses the formula and step of a finite difference. The zero
// value (or a nil *Settings) means Central with its default step.
type Settings struct {
	// Formula is the stencil; the zero Formula means Central.
	Formula Formula
	// Step is the relative step h (the absolute step is StepAt(x, h));
	// 0 means Formula.Step.
	Step float64
}

// resolve returns the formula and relative step the settings stand for.
func (s *Settings) resolve(def Formula) (Formula, float64) {
	var f Formula
	var h float64
	if s != nil {
		f, h = s.Formula, s.Step
	}
	f = f.orDefault(def)
	if h < 0 || math.IsNaN(h) {
		panic(fmt.Sprintf("fd: Settings.Step is %v, want ≥ 0", h))
	}
	if h == 0 {
		h = f.defaultStep()
	}
	return f, h
}

// StepAt returns the absolute step used at x for the relative step h:
// h·max(1, |x|), so that the step stays well above the rounding of x when
// |x| is large, then replaced by (x+step) − x so that x+step is exactly
// representable and the formula divides by the distance actually travelled.
// If the step would round to zero, the gap to the next float above x is used
// instead. A NaN or infinite x gives NaN.
func StepAt(x, h float64) float64 {
	step := h * math.Max(1, math.Abs(x))
	t := x + step
	r := t - x
	if r == 0 && h != 0 && !math.IsInf(x, 0) {
		// h is below the resolution of x: take one ulp in h's direction.
		r = math.Nextafter(x, math.Copysign(math.Inf(1), h)) - x
	}
	return r
}

// Derivative returns the Formula.Derivative-th derivative of f at x by the
// formula in s (nil: Central), with absolute step StepAt(x, s.Step).
// A NaN from f propagates to the result.
func Derivative(f func(float64) float64, x float64, s *Settings) float64 {
	formula, rel := s.resolve(Central)
	v, _, _ := formula.apply(f, x, StepAt(x, rel), 0, false)
	return v
}
