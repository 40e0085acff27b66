package gradcheck

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
)

// StepDiagnosis explains a disagreement with finite differences from a step
// sweep: central differences at steps from 1e-14 to 1e-1 against the
// rules' value. Their error is a V: rounding (noise/h) on the left,
// truncation (∝ h²) on the right.
type StepDiagnosis struct {
	Verdict Status // Rounding, Truncation, or Mismatch (a real error)
	Best    fd.SweepPoint
	// Noise is the relative noise of the function's values, estimated from
	// the rounding arm: about 1e-16 in float64, 6e-8 after float32 rounding.
	Noise float64
	Text  string
}

// diagnoseStep sweeps the step for f′(0) against the rules' value exact.
// f moves its input relative to the input's magnitude (scale.go), and
// unit converts to the input's own units: the diagnosis reports steps times
// unit and derivatives divided by it.
//
// Truncation is claimed only where the differences at two neighbouring
// steps agree with the rules and are resolved: their rounding error,
// noise·|f|/h with noise at least float64's, is within the tolerance. A difference of 0 because f did not change at a
// tiny step is not agreement with a rule that returns 0.
//
// Rounding is claimed only where the noise explains the disagreement twice
// over: at the best step of the sweep, and in the Richardson estimate est
// (in f's units), whose error estimate reflects the noise it met. A sweep
// alone would excuse anything: at a tiny step noise/h is huge, and some
// noisy quotient always lands near a wrong rule.
func diagnoseStep(f func(float64) float64, exact float64, est fd.Estimate, s Settings, unit float64) *StepDiagnosis {
	pts := fd.Sweep(f, 0, exact, fd.Central, fd.LogSteps(1e-14, 1e-1, 53))
	best := fd.BestStep(pts)
	d := &StepDiagnosis{Noise: noiseLevel(f)}
	fx := math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64)
	floor := s.absFloor(f)
	tolAt := func(p fd.SweepPoint) float64 { return s.RelTol*math.Max(math.Abs(exact), math.Abs(p.Value)) + floor }
	// The largest step at which the difference agrees with the rules and
	// is resolved (its rounding error within the tolerance), if any — at
	// two neighbouring steps of the sweep: the differences must settle on
	// the rules' value, not pass through it. (A rule off by δ meets the
	// truncation error c·h² at the one step h = √(δ/c); the next step, 1.9
	// times as large, misses it by 3.5 times as much.)
	agrees := func(p fd.SweepPoint) bool {
		return p.AbsErr <= tolAt(p) && math.Max(d.Noise, 0x1p-52)*fx/p.Step <= tolAt(p)
	}
	agreed := false
	for i := 1; i < len(pts); i++ {
		if agrees(pts[i-1]) && agrees(pts[i]) {
			best, agreed = pts[i], true
		}
	}
	roundingAtBest := d.Noise * fx / best.Step
	d.Best = fd.SweepPoint{Step: best.Step * unit, Value: best.Value / unit, AbsErr: best.AbsErr / unit}
	switch {
	case !isFinite(exact) || math.IsNaN(best.AbsErr):
		d.Verdict = Mismatch
		d.Text = fmt.Sprintf("the derivative could not be confirmed: the rules give %g, and no step from 1e-14 to 1e-1 gave a finite difference that could be compared with it (the stencil left the function's domain, or the step did not move the input)",
			exact/unit)
	case agreed:
		d.Verdict = Truncation
		d.Text = fmt.Sprintf("truncation: at h = %.2g the central difference agrees with the rules to %.2g; the default steps were too large for how fast f′ changes here",
			d.Best.Step, d.Best.AbsErr)
	case d.Noise > 1e-12 && best.AbsErr <= 10*roundingAtBest && math.Abs(exact-est.Value) <= 10*est.Err+tolAt(best):
		d.Verdict = Rounding
		d.Text = fmt.Sprintf("rounding: the function's values carry relative noise ≈ %.1g (float64 rounding is 1e-16, float32 6e-8), so no step resolves f′ better than the %.2g reached at h = %.2g; that is what the noise explains, so the rules are not to blame — check in float64",
			d.Noise, d.Best.AbsErr, d.Best.Step)
	default:
		d.Verdict = Mismatch
		d.Text = fmt.Sprintf("a real error: at every step from 1e-14 to 1e-1 (relative to the input) the difference stays at least %.3g (best at h = %.2g), far above what rounding (noise ≈ %.1g) or truncation explain",
			d.Best.AbsErr, d.Best.Step, d.Noise)
	}
	return d
}

// noiseLevel estimates the relative noise in f's values near 0, as Moré and
// Wild's ECnoise does: the fourth differences of f on a fine grid are
// f⁗·δ⁴ plus noise, whose variance they multiply by C(8,4) = 70. A float64
// function shows about 1e-16; one computed through float32 about 6e-8. (The
// rounding arm of a step sweep cannot tell: a function that rounds its
// input to float32 is a staircase, flat between steps, so its differences
// do not grow like noise/h.)
//
// The grid must be fine enough that f⁗·δ⁴ is negligible, and what is fine
// depends on f: sin at 1e8, moved relative to 1e8, wiggles on the scale
// δ = 1e-8, and a grid of δ = 1e-4, or 1e-7, measures its oscillation, not
// its noise: values that jump by as much as f's own size. Rounding noise
// is small beside f's values (6e-8 in float32, 5e-4 in half precision),
// so the estimate is made on grids of δ = 1e-4, 1e-7, 1e-10 and 1e-13,
// coarse to fine, and the first that is below 1e-3 of f's values on the
// grid is kept (else the smallest). Coarse first: a float32 staircase
// shows its noise only on a grid coarser than its steps, and between them
// a fine grid sees only the float64 rounding of whatever else f computes.
func noiseLevel(f func(float64) float64) float64 {
	best := math.Inf(1)
	for _, delta := range []float64{1e-4, 1e-7, 1e-10, 1e-13} {
		n, rel := noiseOn(f, delta)
		if rel <= 1e-3 {
			return n
		}
		if n < best {
			best = n
		}
	}
	if !(best < math.Inf(1)) {
		return 0
	}
	return best
}

// noiseOn is the ECnoise estimate on the grid δ, 2δ, …, 13δ (one side only,
// so a kink at 0 is not taken for noise), relative to |f(0)|, and relative
// to the largest of |f| on the grid (NaN where f is not finite there).
func noiseOn(f func(float64) float64, delta float64) (noise, rel float64) {
	const n = 13
	v := make([]float64, n)
	size := math.Abs(f(0))
	for i := range v {
		v[i] = f(float64(i+1) * delta)
		size = math.Max(size, math.Abs(v[i]))
	}
	for k := 0; k < 4; k++ { // four rounds of differencing
		for i := 0; i+1 < len(v)-k; i++ {
			v[i] = v[i+1] - v[i]
		}
	}
	var ss float64
	m := n - 4
	for _, x := range v[:m] {
		ss += x * x
	}
	sigma := math.Sqrt(ss / float64(m) / 70)
	if !isFinite(sigma) || !isFinite(size) {
		return math.NaN(), math.NaN()
	}
	return sigma / math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64), sigma / math.Max(size, math.SmallestNonzeroFloat64)
}
