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
func diagnoseStep(f func(float64) float64, exact float64, s Settings) *StepDiagnosis {
	pts := fd.Sweep(f, 0, exact, fd.Central, fd.LogSteps(1e-14, 1e-1, 53))
	best := fd.BestStep(pts)
	d := &StepDiagnosis{Best: best, Noise: noiseLevel(f)}
	fx := math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64)
	tol := s.RelTol*math.Max(math.Abs(exact), math.Abs(best.Value)) + s.AbsTol
	roundingAtBest := d.Noise * fx / best.Step
	switch {
	case best.AbsErr <= tol:
		d.Verdict = Truncation
		d.Text = fmt.Sprintf("truncation: at h = %.2g the central difference agrees with the rules to %.2g; the default steps were too large for how fast f′ changes here",
			best.Step, best.AbsErr)
	case d.Noise > 1e-12 && best.AbsErr <= 10*roundingAtBest:
		d.Verdict = Rounding
		d.Text = fmt.Sprintf("rounding: the function's values carry relative noise ≈ %.1g (float64 rounding is 1e-16, float32 6e-8), so no step resolves f′ better than the %.2g reached at h = %.2g; that is what the noise explains, so the rules are not to blame — check in float64",
			d.Noise, best.AbsErr, best.Step)
	default:
		d.Verdict = Mismatch
		d.Text = fmt.Sprintf("a real error: at every step from 1e-14 to 1e-1 the difference stays at least %.3g (best at h = %.2g), far above what rounding (noise ≈ %.1g) or truncation explain",
			best.AbsErr, best.Step, d.Noise)
	}
	return d
}

// noiseLevel estimates the relative noise in f's values near 0, as Moré and
// Wild's ECnoise does: the fourth differences of f on a fine grid are
// f⁗·δ⁴ (negligible) plus noise, whose variance they multiply by
// C(8,4) = 70. A float64 function shows about 1e-16; one computed through
// float32 about 6e-8. (The rounding arm of a step sweep cannot tell: a
// function that rounds its input to float32 is a staircase, flat between
// steps, so its differences do not grow like noise/h.)
func noiseLevel(f func(float64) float64) float64 {
	const delta, n = 1e-4, 13
	v := make([]float64, n)
	for i := range v {
		v[i] = f(float64(i+1) * delta) // one side only, so a kink at 0 is not taken for noise
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
	return sigma / math.Max(math.Abs(f(0)), math.SmallestNonzeroFloat64)
}
