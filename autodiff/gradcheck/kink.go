package gradcheck

import (
	"math"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
)

// KinkReport describes a non-differentiable point: the slopes from the left
// and from the right (one-sided Richardson extrapolation) differ.
type KinkReport struct {
	Left, Right fd.Estimate
}

// contains reports whether a rule's value v lies between the one-sided
// slopes (within tolerance): the conventions at a kink (abs′(0) = 0, a tie
// of max split evenly) do; a rule giving anything else is wrong. A NaN
// anywhere (v, a slope, an error estimate) makes it false.
func (k *KinkReport) contains(v float64, s Settings) bool {
	lo, hi := math.Min(k.Left.Value, k.Right.Value), math.Max(k.Left.Value, k.Right.Value)
	slack := s.RelTol*math.Max(math.Abs(lo), math.Abs(hi)) + k.Left.Err + k.Right.Err
	return isFinite(v) && v >= lo-slack && v <= hi+slack
}

// per returns the kink measured along a direction stretched by unit in the
// direction's own units: slopes and errors divided by unit, steps times it.
func (k *KinkReport) per(unit float64) *KinkReport {
	out := *k
	for _, e := range []*fd.Estimate{&out.Left, &out.Right} {
		e.Value, e.Err, e.Step = e.Value/unit, e.Err/unit, e.Step*unit
	}
	return &out
}

// kinkAt reports a kink of f at 0, or nil where f is differentiable there.
//
// The test is how the gap between the right and left secants,
// D(h) = (f(h) − f(0))/h − (f(0) − f(−h))/h, scales with h: at a kink it
// tends to the jump in slope and stays put as h shrinks; where f is smooth it
// is f″·h and shrinks with h; where f's values are noisy (float32 rounding)
// it is about noise/h and grows. So a kink is a gap that is the same at two
// steps a decade apart and larger than the tolerance.
func kinkAt(f func(float64) float64, s Settings) *KinkReport {
	f0 := f(0)
	gap := func(h float64) float64 { return (f(h) - f0 - (f0 - f(-h))) / h }
	d1, d2, d3 := gap(1e-2), gap(1e-3), gap(1e-4)
	// The cheap tests first: Check runs this on every op it re-checks, and
	// almost all of them are smooth.
	// (A NaN gap fails every test below: no kink is claimed from NaN.)
	if steady := math.Abs(d1-d3) <= 0.2*math.Abs(d3) && math.Abs(d2-d3) <= 0.2*math.Abs(d3); !steady {
		return nil
	}
	noise := noiseLevel(f) * math.Abs(f0) / 1e-4 // what noise alone makes of the gap at h = 1e-4
	if !(math.Abs(d3) > 100*noise) {
		return nil
	}
	left, right := fd.OneSided(f, 0)
	scale := math.Max(math.Abs(left.Value), math.Abs(right.Value))
	if !(math.Abs(d3) > 100*(s.RelTol*scale+s.absFloor(f))) || !isFinite(left.Value) || !isFinite(right.Value) {
		return nil
	}
	return &KinkReport{Left: left, Right: right}
}

// findKink marks the first compared element (all of which passed) whose
// one-sided slopes differ, so the verdict can say the point is a kink.
func (r *Report) findKink(s Settings) {
	for i := range r.Rows {
		row := &r.Rows[i]
		if k := kinkAt(row.probe, s); k != nil {
			if k = k.per(row.unit); k.contains(row.Reverse, s) && k.contains(row.Forward, s) {
				row.Status, row.kink = Kink, k
				return
			}
		}
	}
}
