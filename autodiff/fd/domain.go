package fd

import (
	"errors"
	"fmt"
	"math"
)

// Status says how an Estimate was obtained, and whether it is one.
type Status int

const (
	// Interior: every sample of the stencil was finite. The zero Status.
	Interior Status = iota
	// OneSidedEdge: the central stencil left f's domain on one side of x at
	// every step (x is at the edge, as 0 is for √x), so the estimate is the
	// one-sided formula on the side where f is finite.
	OneSidedEdge
	// LeftDomain: f(x) is finite but the stencil met NaN or ±Inf at every
	// step tried, one-sided stencils included. There is no estimate: Value
	// is NaN and Err +Inf.
	LeftDomain
	// NotFinite: f(x) itself is NaN or ±Inf, or f returned NaN everywhere;
	// the point is outside f's domain or the data are bad. Value is NaN and
	// Err +Inf.
	NotFinite
)

var statusNames = [...]string{
	Interior:     "interior",
	OneSidedEdge: "one-sided at a domain edge",
	LeftDomain:   "stencil left the domain",
	NotFinite:    "f(x) is not finite",
}

// String returns the status in words.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Err returns the error the status stands for: nil for Interior and
// OneSidedEdge, ErrLeftDomain or ErrNotFinite otherwise.
func (s Status) Err() error {
	switch s {
	case Interior, OneSidedEdge:
		return nil
	case LeftDomain:
		return ErrLeftDomain
	case NotFinite:
		return ErrNotFinite
	}
	return fmt.Errorf("fd: unknown status %d", int(s))
}

var (
	// ErrLeftDomain: f is finite at x but the stencil met NaN or ±Inf at
	// every step tried, one-sided stencils included.
	ErrLeftDomain = errors.New("fd: stencil left the domain")
	// ErrNotFinite: f(x) itself is NaN or ±Inf.
	ErrNotFinite = errors.New("fd: f(x) is not finite")
	// ErrNoConvergence: f is finite at and around x, but no step gave an
	// estimate that agreed with itself at half the step (f′ is infinite,
	// as for √x at 0, or f is not smooth at any scale tried).
	ErrNoConvergence = errors.New("fd: no step gives a consistent estimate")
)

// maxDecades bounds how often a step is shrunk by 10 in search of f's own
// scale: 16 decades go from a step of 1 to below the resolution of x = 1.
const maxDecades = 16

// fitStep shrinks the absolute step h by factors of 10 until the
// outermost samples of formula, x + lo·h and x + hi·h, are finite, at most
// maxDecades times and never below the resolution of x. It returns the step
// found (ok) and the evaluations it took.
func fitStep(fn func(float64) float64, x, h float64, formula Formula) (fit float64, evals int, ok bool) {
	lo, hi := formula.reach()
	for k := 0; k <= maxDecades; k++ {
		var b side
		if lo < 0 {
			evals++
			if !finite(fn(x + lo*h)) {
				b |= badBelow
			}
		}
		if hi > 0 {
			evals++
			if !finite(fn(x + hi*h)) {
				b |= badAbove
			}
		}
		if b == 0 {
			return h, evals, true
		}
		next := roundStep(x, h/10)
		if !(math.Abs(next) < math.Abs(h)) {
			break // at the resolution of x
		}
		h = next
	}
	return h, evals, false
}

// DerivativeChecked is Derivative with the reason when there is no
// derivative to return: its value is what Derivative returns, and its
// error is nil exactly when that value is a finite estimate.
//
// The step is RelStep(x, s.Step, s.Scale). With a step given in s, where
// every sample is finite and x ≠ 0, that is all (as cheap as the formula).
// With the default step the estimate is also checked against the formula at
// half the step, and the step shrinks by decades until they agree (see
// below): relative steps assume f's own length scale is about |x|, and a
// pole 1e-9 from x, or a sine at 1e10, would otherwise fool it. Otherwise:
//
//   - f(x) not finite: NaN and an error wrapping ErrNotFinite.
//   - At x = 0, where |x| gives no scale, the step starts from the floor
//     (s.Scale, default 1) and shrinks by decades until the formula agrees
//     with itself at half the step to within what rounding and the formula's
//     optimal accuracy allow: the largest step that resolves f's own scale.
//   - Where the stencil meets NaN or ±Inf (the edge of f's domain is within
//     reach), the step shrinks by decades until it fits inside the domain;
//     if it never does on one side, the one-sided formula on the other side
//     (Forward2, Backward2, a second-order one-sided second difference) is
//     used, with the same self-consistency test.
//
// The errors wrap ErrLeftDomain (no stencil stayed in the domain, or the
// one-sided one did not converge, as for √x at 0 where f′ is infinite) and
// ErrNoConvergence.
func DerivativeChecked(f func(float64) float64, x float64, s *Settings) (float64, error) {
	formula, rel := s.resolve(Central)
	haveFx := formula.usesOrigin()
	var fx float64
	if haveFx {
		fx = f(x)
	}
	checked := s == nil || s.Step == 0 // the default step: make sure it resolves f
	return derivative(f, x, formula, RelStep(x, rel, s.scale()), fx, haveFx, checked)
}

// derivative is DerivativeChecked from the absolute step h, with f(x)
// given when haveFx.
func derivative(f func(float64) float64, x float64, formula Formula, h, fx float64, haveFx, checked bool) (float64, error) {
	v, _, _, bad := formula.sample(f, x, h, fx, haveFx)
	if bad == 0 && x != 0 && !checked {
		return v, nil
	}
	if !haveFx {
		fx = f(x)
	}
	if !finite(fx) {
		return math.NaN(), fmt.Errorf("%w: f(%v) = %v", ErrNotFinite, x, fx)
	}
	return adapt(f, x, fx, h, formula)
}

// adapt is the slow path of DerivativeChecked: shrink the step h by
// decades until the formula (or, where one side of x is outside f's domain
// at every step, its one-sided counterpart) is finite and agrees with itself
// at half the step.
func adapt(f func(float64) float64, x, fx, h float64, formula Formula) (float64, error) {
	consistent := func(form Formula, h float64) (float64, bool, side) {
		// At the optimal step a formula of order p for derivative d is
		// accurate to about ε^(p/(p+d)); allow 100 times that as
		// truncation, which the difference between steps h and h/2 shows
		// (2ᵖ − 1) times over. (The one-sided replacement has its own order.)
		d, p := form.Derivative, form.Order
		tol := 100 * math.Pow(eps, float64(p)/float64(p+d)) * float64(int(1)<<p-1)
		v1, n1, _, b1 := form.sample(f, x, h, fx, true)
		if b1 != 0 {
			return v1, false, b1
		}
		v2, n2, _, b2 := form.sample(f, x, roundStep(x, h/2), fx, true)
		if b2 != 0 {
			return v1, false, b2
		}
		return v1, math.Abs(v1-v2) <= 4*(n1+n2)+tol*math.Abs(v1), 0
	}
	var everBad, everFinite bool
	for k := 0; k <= maxDecades; k++ {
		v, ok, bad := consistent(formula, h)
		if ok {
			return v, nil
		}
		if bad == 0 {
			everFinite = true
		} else {
			everBad = true
		}
		if bad == badBelow || bad == badAbove {
			if one, can := formula.oneSided(bad == badAbove); can {
				v, ok, b := consistent(one, h)
				if ok {
					return v, nil
				}
				if b == 0 {
					everFinite = true
				}
			}
		}
		next := roundStep(x, h/10)
		if !(math.Abs(next) < math.Abs(h)) {
			break
		}
		h = next
	}
	if everBad && !everFinite {
		return math.NaN(), fmt.Errorf("%w: f(%v) = %v is finite, but %v met NaN or ±Inf at every step", ErrLeftDomain, x, fx, formula)
	}
	if everBad {
		return math.NaN(), fmt.Errorf("%w: f(%v) = %v is finite, but %v left the domain and the one-sided formula did not converge (f′ may be infinite here)", ErrLeftDomain, x, fx, formula)
	}
	return math.NaN(), fmt.Errorf("%w at x = %v with %v", ErrNoConvergence, x, formula)
}
