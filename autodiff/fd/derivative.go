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
	// Step is the relative step h (the absolute step is RelStep(x, h,
	// Scale) for Derivative and Gradient, StepAt(x, h) for Jacobian and
	// Hessian); 0 means Formula.Step. A Step given here is used as is
	// except where the stencil would leave f's domain.
	Step float64
	// Scale is the step's length scale at x = 0, where |x| gives none: the
	// floor of RelStep, and where Derivative's search for f's own scale
	// starts. 0 means 1.
	Scale float64
}

// scale returns the Scale setting (0: the default).
func (s *Settings) scale() float64 {
	if s == nil {
		return 0
	}
	if s.Scale < 0 || math.IsNaN(s.Scale) {
		panic(fmt.Sprintf("fd: Settings.Scale is %v, want ≥ 0", s.Scale))
	}
	return s.Scale
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
//
// StepAt is the classical rule (scipy's approx_fprime uses it too); the
// functions of this package use RelStep, which scales with |x| below 1 as
// well. Jacobian and the plain Hessian still use StepAt.
func StepAt(x, h float64) float64 {
	return roundStep(x, h*math.Max(1, math.Abs(x)))
}

// Derivative returns the Formula.Derivative-th derivative of f at x by the
// formula in s (nil: Central), with absolute step RelStep(x, s.Step,
// s.Scale): relative to |x| at every magnitude. Near the edge of f's domain
// it shrinks the step or turns to a one-sided formula, and at x = 0 it finds
// f's own scale; see DerivativeChecked, which this calls. Where there is no
// estimate (f(x) not finite, the stencil left the domain at every step, f′
// infinite) the result is NaN and DerivativeChecked says why.
func Derivative(f func(float64) float64, x float64, s *Settings) float64 {
	v, _ := DerivativeChecked(f, x, s)
	return v
}
