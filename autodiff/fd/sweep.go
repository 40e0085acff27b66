package fd

import (
	"fmt"
	"math"
)

// LogSteps returns n steps spaced evenly in log from lo to hi, both
// included. It panics unless lo, hi > 0 and n ≥ 1 (n = 1 gives [lo]).
func LogSteps(lo, hi float64, n int) []float64 {
	if !(lo > 0) || !(hi > 0) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || n < 1 {
		panic(fmt.Sprintf("fd: LogSteps(%v, %v, %d): want finite lo, hi > 0 and n ≥ 1", lo, hi, n))
	}
	out := make([]float64, n)
	out[0] = lo
	if n == 1 {
		return out
	}
	a, b := math.Log(lo), math.Log(hi)
	for i := 1; i < n-1; i++ {
		out[i] = math.Exp(a + (b-a)*float64(i)/float64(n-1))
	}
	out[n-1] = hi
	return out
}

// SweepPoint is one step of a sweep: the derivative computed with absolute
// step Step and its distance from the exact value.
type SweepPoint struct {
	Step, Value, AbsErr float64
}

// Sweep applies formula (zero: Central) to f at x with each absolute step in
// steps and compares it with exact. On a log–log plot of AbsErr against Step
// the points form a V: rounding on the left (slope −d), truncation on the
// right (slope p). Each step is first rounded as in StepAt, so x+Step is
// exactly representable; the step reported is the one used.
func Sweep(f func(float64) float64, x, exact float64, formula Formula, steps []float64) []SweepPoint {
	formula = formula.orDefault(Central)
	var fx float64
	haveFx := formula.usesOrigin()
	if haveFx {
		fx = f(x)
	}
	out := make([]SweepPoint, len(steps))
	for i, h := range steps {
		if r := (x + h) - x; r != 0 {
			h = r
		}
		v, _, _ := formula.apply(f, x, h, fx, haveFx)
		out[i] = SweepPoint{Step: h, Value: v, AbsErr: math.Abs(v - exact)}
	}
	return out
}

// BestStep returns the point with the smallest AbsErr, ignoring NaN. If
// every error is NaN it returns a point of NaNs. It panics on no points.
func BestStep(points []SweepPoint) SweepPoint {
	if len(points) == 0 {
		panic("fd: BestStep of no points")
	}
	best := SweepPoint{Step: math.NaN(), Value: math.NaN(), AbsErr: math.NaN()}
	for _, p := range points {
		if !math.IsNaN(p.AbsErr) && !(p.AbsErr >= best.AbsErr) {
			best = p
		}
	}
	return best
}

// Side says which arm of the error V a step lies on.
type Side int

const (
	// AtBest is the best step of the sweep.
	AtBest Side = iota
	// RoundingSide: the step is below the best one; shrinking it further
	// makes the error worse, as ε/hᵈ grows.
	RoundingSide
	// TruncationSide: the step is above the best one; the hᵖ term dominates.
	TruncationSide
)

// String returns the side's name.
func (s Side) String() string {
	switch s {
	case AtBest:
		return "best"
	case RoundingSide:
		return "rounding"
	case TruncationSide:
		return "truncation"
	}
	return fmt.Sprintf("Side(%d)", int(s))
}

// Classify says whether step lies left of the best step of the sweep
// (rounding side), right of it (truncation side) or on it.
func Classify(points []SweepPoint, step float64) Side {
	best := BestStep(points)
	switch {
	case math.Abs(step) < math.Abs(best.Step):
		return RoundingSide
	case math.Abs(step) > math.Abs(best.Step):
		return TruncationSide
	}
	return AtBest
}
