package fd

import (
	"fmt"
	"math"
)

// Estimate is a derivative with an error estimate.
type Estimate struct {
	Value float64 // the extrapolated derivative
	Err   float64 // estimated absolute error of Value
	Step  float64 // absolute step of the tableau row Value came from (for DirectionalDerivative, a distance along v/‖v‖)
	Evals int     // number of evaluations of f
}

// RichardsonSettings controls Richardson. The zero value (or nil) works.
type RichardsonSettings struct {
	// Formula is the base stencil; the zero Formula means Central. Forward
	// and Backward give one-sided slopes, Central2nd a second derivative.
	Formula Formula
	// Step is the initial relative step; 0 means 0.1. It should be large:
	// extrapolation removes truncation error, not rounding error.
	Step float64
	// Shrink is the factor by which the step shrinks each row; 0 means 1.4.
	Shrink float64
	// MaxIter is the number of tableau rows at most; 0 means 16.
	MaxIter int
}

const (
	richardsonStep    = 0.1
	richardsonShrink  = 1.4
	richardsonMaxIter = 16
	// richardsonSafe: stop once the diagonal moves by more than this many
	// times the best error so far; rounding has taken over.
	richardsonSafe = 2.0
)

// Richardson estimates the Formula.Derivative-th derivative of f at x by
// Ridders' method: the formula is evaluated at steps h, h/t, h/t², … and the
// results are extrapolated to h = 0 in a Neville tableau. The entry with the
// smallest estimated error is returned, with that error. If f returns NaN
// the Value is NaN and Err is +Inf.
//
// The tableau is run twice: from the step h, and from a second step that is
// smaller and grows only like √|x| (0.1·max(1, √|x|), at most 0.3·h), a
// compromise between functions whose features scale with x (log, powers)
// and those whose features do not (sin). Where f is smooth on the scale of h both agree to
// within their error estimates. Where it is not — sin at x = 1e6, whose
// relative step 1e5 spans thousands of periods, or a kink or pole within
// reach — coarse entries can agree with each other by chance, but rarely
// with the second run. The estimate returned is the better of the two, with
// an Err that covers their difference.
//
// A kink closer to x than the smallest step (h/1.4^(MaxIter−1)) stays
// invisible to any finite difference; OneSided exists for kinks at x.
func Richardson(f func(float64) float64, x float64, s *RichardsonSettings) Estimate {
	formula, step, shrink, maxIter := s.resolve()
	return twice(func(h float64) Estimate { return richardson(f, x, formula, h, shrink, maxIter) }, StepAt(x, step), x)
}

// twice runs a tableau from h and from a second start (see Richardson) and
// combines the two.
func twice(run func(h float64) Estimate, h, x float64) Estimate {
	h2 := math.Min(0.3*h, 0.1*math.Max(1, math.Sqrt(math.Abs(x))))
	a, b := run(h), run(h2)
	best := a
	if b.Err < a.Err {
		best = b
	}
	best.Err = math.Max(best.Err, math.Abs(a.Value-b.Value))
	best.Evals = a.Evals + b.Evals
	if math.IsNaN(best.Value) {
		best.Err = math.Inf(1)
	}
	return best
}

func (s *RichardsonSettings) resolve() (Formula, float64, float64, int) {
	var rs RichardsonSettings
	if s != nil {
		rs = *s
	}
	formula := rs.Formula.orDefault(Central)
	if rs.Step < 0 || math.IsNaN(rs.Step) {
		panic(fmt.Sprintf("fd: RichardsonSettings.Step is %v, want ≥ 0", rs.Step))
	}
	if rs.Step == 0 {
		rs.Step = richardsonStep
	}
	if rs.Shrink == 0 {
		rs.Shrink = richardsonShrink
	}
	if !(rs.Shrink > 1) {
		panic(fmt.Sprintf("fd: RichardsonSettings.Shrink is %v, want > 1", rs.Shrink))
	}
	if rs.MaxIter < 0 {
		panic(fmt.Sprintf("fd: RichardsonSettings.MaxIter is %d, want ≥ 0", rs.MaxIter))
	}
	if rs.MaxIter == 0 {
		rs.MaxIter = richardsonMaxIter
	}
	return formula, rs.Step, rs.Shrink, rs.MaxIter
}

// richardson runs the tableau from the absolute step h0.
func richardson(f func(float64) float64, x float64, formula Formula, h0, shrink float64, maxIter int) Estimate {
	// The error series is a₁hᵖ + a₂hᵖ⁺ᑫ + …; column j of the tableau removes
	// the term h^(p+(j−1)q), so its factor is shrink^(p+(j−1)q).
	p := float64(formula.Order)
	q := 1.0
	if formula.symmetric() {
		q = 2
	}

	var fx float64
	var evals int
	haveFx := formula.usesOrigin()
	if haveFx {
		fx = f(x)
		evals++
	}
	var noise float64 // rounding error of the latest row
	at := func(h float64) float64 {
		// Round each step so that x+h is representable, as StepAt does.
		if r := (x + h) - x; r != 0 {
			h = r
		}
		v, nz, n := formula.apply(f, x, h, fx, haveFx)
		evals += n
		noise = nz
		return v
	}

	// prev and cur are rows i−1 and i of the tableau; a[j] is column j.
	prev := make([]float64, maxIter)
	cur := make([]float64, maxIter)
	h := h0
	prev[0] = at(h)
	best := Estimate{Value: prev[0], Err: math.Inf(1), Step: h}
	bestNoise := noise
	// Each column combines two entries with weights fac/(fac−1) and
	// 1/(fac−1), which amplifies their rounding noise by (fac+1)/(fac−1);
	// growth[j] is the product up to column j.
	growth := make([]float64, maxIter)
	growth[0] = 1
	for j := 1; j < maxIter; j++ {
		fac := math.Pow(shrink, p+float64(j-1)*q)
		growth[j] = growth[j-1] * (fac + 1) / (fac - 1)
	}
	for i := 1; i < maxIter; i++ {
		h /= shrink
		cur[0] = at(h)
		for j := 1; j <= i; j++ {
			fac := math.Pow(shrink, p+float64(j-1)*q)
			cur[j] = (cur[j-1]*fac - prev[j-1]) / (fac - 1)
			// The error of the new entry is judged against both entries it
			// came from: a conservative, and in practice honest, bound.
			errt := math.Max(math.Abs(cur[j]-cur[j-1]), math.Abs(cur[j]-prev[j-1]))
			if errt <= best.Err {
				best.Value, best.Err, best.Step = cur[j], errt, h
				bestNoise = noise * growth[j]
			}
		}
		// Stop early only once the estimate is at rounding level and higher
		// order got worse: Ridders' original rule (stop at the first
		// worsening) was fooled by two coarse rows agreeing by chance, and by
		// a first step too large for f (near a singularity), into returning
		// an estimate off by far more than its Err.
		converged := best.Err <= 1e-13*math.Abs(best.Value)
		if converged && math.Abs(cur[i]-prev[i-1]) >= richardsonSafe*best.Err {
			break
		}
		prev, cur = cur, prev
	}
	// The tableau differences measure truncation; near convergence they can
	// agree by luck to below the rounding noise, so add that noise back.
	best.Err += bestNoise
	if math.IsNaN(best.Value) {
		best.Err = math.Inf(1)
	}
	best.Evals = evals
	return best
}

// OneSided returns the left and right derivatives of f at x, by Richardson
// extrapolation of the Backward and Forward formulas. Where f is smooth they
// agree; at a kink (|x| at 0, ReLU at 0) they differ, which a single central
// difference would average away.
func OneSided(f func(float64) float64, x float64) (left, right Estimate) {
	left = Richardson(f, x, &RichardsonSettings{Formula: Backward})
	right = Richardson(f, x, &RichardsonSettings{Formula: Forward})
	return left, right
}
