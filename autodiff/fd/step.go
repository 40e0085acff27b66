package fd

import "math"

// RelStep returns the absolute step for the relative step h at x:
// h·|x| at every magnitude of x, and h·floor at x = 0, where |x| gives no
// scale (floor ≤ 0 means 1). The step is then rounded as in StepAt, so that
// x+step is exactly representable, and never rounds to zero for h ≠ 0: below
// the resolution of x it is one ulp. A NaN or infinite x gives NaN.
//
// Unlike StepAt, whose floor of 1 makes the step absolute for |x| < 1, this
// step shrinks with x, so the stencil of log at 1e-6 stays at 1e-6·(1 ± h)
// instead of reaching across 0. Derivative, Richardson and the Richardson
// functions of several variables use it; floor is their Scale setting.
func RelStep(x, h, floor float64) float64 {
	s := h * scaleAt(x, floor)
	if s == 0 && h != 0 {
		s = math.Copysign(math.SmallestNonzeroFloat64, h) // h·|x| underflowed
	}
	return roundStep(x, s)
}

// scaleAt is the length λ that a relative step multiplies at x: |x|, or
// floor (default 1) at x = 0. NaN stays NaN.
func scaleAt(x, floor float64) float64 {
	if x != 0 {
		return math.Abs(x)
	}
	if !(floor > 0) {
		return 1
	}
	return floor
}

// roundStep replaces the absolute step s by (x+s) − x, the distance
// actually travelled, and by one ulp in s's direction where s is below the
// resolution of x. A NaN or infinite x gives NaN.
func roundStep(x, s float64) float64 {
	r := (x + s) - x
	if r == 0 && s != 0 && !math.IsInf(x, 0) {
		r = math.Nextafter(x, math.Copysign(math.Inf(1), s)) - x
	}
	return r
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
