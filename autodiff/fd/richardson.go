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
	// Status says whether the stencil stayed inside f's domain, was
	// replaced by a one-sided one at a domain edge, or found no estimate
	// (then Value is NaN and Err +Inf). Status.Err gives it as an error.
	Status Status
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
	// Scale is the step's length scale at x = 0, where |x| gives none (the
	// floor of RelStep); 0 means 1.
	Scale float64
	// Descents is how many times Richardson restarts from a step 100 times
	// smaller while its tableaux have not converged (a pole or a wiggle
	// closer than the first step); 0 means 4, and a negative value none,
	// for a caller that tries its own ladder of starting steps (a gradient
	// check does) and must not have a noisy function's finer steps chosen
	// for it.
	Descents int
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
// The first step is RelStep(x, s.Step, s.Scale): 0.1·|x| by default, so it
// shrinks with x at every magnitude (0.1·Scale at x = 0). The tableau is run
// twice: from that step, and from a second step that is smaller and grows
// only like √|x| for |x| > 1 (0.1·max(1, √|x|), at most 0.3 times the
// first), a compromise between functions whose features scale with x (log,
// powers) and those whose features do not (sin). Where f is smooth on the
// scale of h both agree to within their error estimates. Where it is not —
// sin at x = 1e6, whose relative step 1e5 spans thousands of periods, or a
// kink or pole within reach — coarse entries can agree with each other by
// chance, but rarely with the second run. The estimate returned is the
// better of the two, with an Err that covers their difference.
//
// Near the edge of f's domain (a sample of the first row is NaN or ±Inf
// while f(x) is finite) the first step shrinks by decades until the stencil
// fits inside the domain, and the tableaux start from there. Where it never
// fits on one side (x is at the edge), a formula with samples on both sides
// is replaced by the one-sided formula on the other side (Status
// OneSidedEdge); a one-sided formula is not mirrored (OneSided's right slope
// stays a right slope), so there, and where no stencil fits, the result is
// NaN ± Inf with Status LeftDomain. A NaN or infinite f(x) gives Status
// NotFinite.
//
// A kink closer to x than the smallest step (h/1.4^(MaxIter−1)) stays
// invisible to any finite difference; OneSided exists for kinks at x.
func Richardson(f func(float64) float64, x float64, s *RichardsonSettings) Estimate {
	formula, step, shrink, maxIter := s.resolve()
	return richardsonAt(f, x, formula, step, shrink, maxIter, scaleAt(x, s.scale()), s.descents())
}

// descents returns the Descents setting (0: the default; negative: none).
func (s *RichardsonSettings) descents() int {
	switch {
	case s == nil || s.Descents == 0:
		return descents
	case s.Descents < 0:
		return 0
	}
	return s.Descents
}

// richardsonAt is Richardson with the settings resolved, starting from the
// relative step step times the length scale lam: the two tableaux, and what
// to do when their stencils leave f's domain.
func richardsonAt(f func(float64) float64, x float64, formula Formula, step, shrink float64, maxIter int, lam float64, levels int) Estimate {
	run := func(form Formula) func(h float64) (Estimate, runInfo) {
		return func(h float64) (Estimate, runInfo) { return richardson(f, x, form, h, shrink, maxIter) }
	}
	h0 := roundStep(x, step*lam)
	e, info := twice(run(formula), h0, lam)
	bad := info.bad
	if bad == 0 {
		return descend(run(formula), e, info, x, h0, lam, levels)
	}
	evals := e.Evals + 1
	fx := f(x)
	fail := func(st Status) Estimate {
		return Estimate{Value: math.NaN(), Err: math.Inf(1), Step: h0, Evals: evals, Status: st}
	}
	if !finite(fx) {
		return fail(NotFinite)
	}
	// The domain's edge is within the first step: shrink it to fit.
	fit, n, ok := fitStep(f, x, h0, formula)
	evals += n
	if ok {
		e, info = twice(run(formula), fit, lam)
		e = descend(run(formula), e, info, x, fit, lam*math.Abs(fit/h0), levels)
		e.Evals += evals
		return atEdge(e)
	}
	if lo, hi := formula.reach(); lo < 0 && hi > 0 && (bad == badBelow || bad == badAbove) {
		if one, can := formula.oneSided(bad == badAbove); can {
			e, info = twice(run(one), h0, lam)
			e = descend(run(one), e, info, x, h0, lam, levels)
			e.Evals += evals
			e.Status = OneSidedEdge
			return atEdge(e)
		}
	}
	return fail(LeftDomain)
}

// atEdge finishes an estimate made next to the edge of f's domain: one
// that is not finite, or whose error is unbounded (the quotients ran off to
// infinity, as √x's at 0), is no derivative, and is reported as the stencil
// having left the domain rather than returned.
func atEdge(e Estimate) Estimate {
	if !finite(e.Value) || math.IsInf(e.Err, 1) {
		e.Value, e.Err, e.Status = math.NaN(), math.Inf(1), LeftDomain
	}
	return e
}

// twice runs a tableau from h and from a second start (see Richardson;
// lam is the length scale of x) and combines the two. Its runInfo has the
// first run's bad samples, the larger spread and the chosen run's noise.
func twice(run func(h float64) (Estimate, runInfo), h, lam float64) (Estimate, runInfo) {
	h2 := math.Copysign(math.Min(0.3*math.Abs(h), 0.1*math.Max(1, math.Sqrt(lam))), h)
	a, ia := run(h)
	b, ib := run(h2)
	best, info := a, ia
	if b.Err < a.Err {
		best, info = b, ib
	}
	info.bad = ia.bad
	info.spread = math.Max(ia.spread, ib.spread)
	info.still = ia.still && ib.still
	best.Err = math.Max(best.Err, math.Abs(a.Value-b.Value))
	best.Evals = a.Evals + b.Evals
	if math.IsNaN(best.Value) {
		best.Err = math.Inf(1)
	}
	return best, info
}

// descents is how many times richardsonAt restarts, by default, from a step
// 100 times smaller when the tableaux have not converged: down to 1e-8 of
// the first.
const descents = 4

// descend reruns twice from steps 100, 10⁴, … times smaller than h while
// the estimate has not converged (see runInfo.converged) and keeps the one
// with the smallest Err. It stops where f no longer changes over the steps
// (runInfo.still): below the resolution of f's values. The coarse run's disagreement with a finer one is
// not added to the finer one's Err: the coarse run said it had not
// converged, so its value carries no information. A finer run that does
// converge is checked against the next level down, as twice checks its two
// starts: the best of the two is kept, with an Err that covers their
// difference (a run that started above f's scale can settle on its last
// rows by chance).
func descend(run func(h float64) (Estimate, runInfo), e Estimate, info runInfo, x, h, lam float64, levels int) Estimate {
	evals := e.Evals
	descended := false
	for k := 0; k < levels && !info.converged(e); k++ {
		h, lam = roundStep(x, h/100), lam/100
		if h == 0 {
			break
		}
		e2, i2 := twice(run, h, lam)
		evals += e2.Evals
		if i2.still && !info.still {
			break // below the resolution of f's values: finer steps see nothing
		}
		if i2.bad == 0 && e2.Err < e.Err {
			e, info, descended = e2, i2, true
		}
	}
	if descended && info.converged(e) {
		if h2 := roundStep(x, h/100); h2 != 0 {
			e2, i2 := twice(run, h2, lam/100)
			evals += e2.Evals
			if i2.bad == 0 && finite(e2.Value) && !(i2.still && !info.still) {
				diff := math.Abs(e.Value - e2.Value)
				if e2.Err < e.Err {
					e = e2
				}
				e.Err = math.Max(e.Err, diff)
			}
		}
	}
	if levels > 0 && !info.converged(e) && info.diverging {
		// Every level was tried and the quotients still ran off to
		// infinity (√x at its edge 0, whose derivative is infinite; a pole
		// closer than any step): the best entry carries no error bound.
		e.Err = math.Inf(1)
	}
	e.Evals = evals
	return e
}

// scale returns the Scale setting (0: the default).
func (s *RichardsonSettings) scale() float64 {
	if s == nil {
		return 0
	}
	return s.Scale
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
	if rs.Scale < 0 || math.IsNaN(rs.Scale) {
		panic(fmt.Sprintf("fd: RichardsonSettings.Scale is %v, want ≥ 0", rs.Scale))
	}
	return formula, rs.Step, rs.Shrink, rs.MaxIter
}

// richardson runs the tableau of formula from the absolute step h0. bad
// reports the samples of its first row that were not finite.
func richardson(f func(float64) float64, x float64, formula Formula, h0, shrink float64, maxIter int) (Estimate, runInfo) {
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
	at := func(h float64) (float64, float64, side, bool) {
		// Round each step so that x+h is representable, as StepAt does.
		if r := (x + h) - x; r != 0 {
			h = r
		}
		// Record whether every sample is the same number: f did not change
		// at all over the stencil.
		first, still, seen := fx, true, haveFx
		record := func(t float64) float64 {
			y := f(t)
			if !seen {
				first, seen = y, true
			}
			still = still && y == first
			return y
		}
		v, noise, n, bad := formula.sample(record, x, h, fx, haveFx)
		evals += n
		if haveFx && !finite(fx) {
			bad |= badAtX
		}
		return v, noise, bad, still
	}
	e, info := tableau(at, h0, shrink, p, q, maxIter)
	e.Evals = evals
	return e, info
}

// runInfo is what a tableau knows beyond its estimate: which samples of
// its first row were not finite, how far apart its first column's entries
// lie (spread), and the rounding part of its Err (noise).
type runInfo struct {
	bad           side
	spread, noise float64
	// still is set when every difference quotient of the first column was
	// exactly 0: f did not change over any of the steps. Below the
	// resolution of f's values (a function rounded to float32, a
	// staircase) that says nothing about f′, so a finer run that sees
	// nothing move never overrules a coarser one that saw a slope.
	still bool
	// diverging is set when the first column's last rows grew in magnitude
	// by at least growthFactor each: the difference quotients run off to
	// infinity as the step shrinks, where a derivative's would settle.
	diverging bool
}

// A first column whose last divergingRows entries each grew by
// growthFactor or more (with the default shrink of 1.4, a quotient like
// h^(−1/2) grows by 1.18 a row and h^(−2) by 1.96, while a converging one's
// ratio tends to 1) is running off to infinity.
const (
	growthFactor  = 1.1
	divergingRows = 4
)

// converged reports whether the estimate has settled: its truncation part
// (Err less rounding) is below 1e-6 of the scale of the numbers the tableau
// saw. A tableau that started from steps far above f's own scale (a pole at
// distance 1e-6 and a step of 0.1) sees first-column entries that change
// by orders of magnitude, and any agreement between them is chance.
func (r runInfo) converged(e Estimate) bool {
	return e.Err-r.noise <= 1e-6*math.Max(math.Abs(e.Value), r.spread)
}

// tableau runs Ridders' Neville tableau on the estimates at(h) for
// h = h0, h0/shrink, …: the error series of at is a₁hᵖ + a₂hᵖ⁺ᑫ + …, noise
// the rounding error of at(h), bad says whether a sample was not finite,
// and still whether every sample was the same number (f did not change). A bad row restarts the tableau from the next one (near a domain
// edge the first steps may reach outside it). The result's Evals is left 0.
func tableau(at func(h float64) (v, noise float64, bad side, still bool), h0, shrink, p, q float64, maxIter int) (Estimate, runInfo) {
	prev := make([]float64, maxIter)
	cur := make([]float64, maxIter)
	// diff[j] is the tableau difference of column j in the previous row.
	diff := make([]float64, maxIter)
	// Each column combines two entries with weights fac/(fac−1) and
	// 1/(fac−1), which amplifies their rounding noise by (fac+1)/(fac−1);
	// growth[j] is the product up to column j.
	growth := make([]float64, maxIter)
	growth[0] = 1
	for j := 1; j < maxIter; j++ {
		fac := math.Pow(shrink, p+float64(j-1)*q)
		growth[j] = growth[j-1] * (fac + 1) / (fac - 1)
	}
	best := Estimate{Value: math.NaN(), Err: math.Inf(1), Step: h0}
	var bestNoise float64
	var first side
	lo, hi := math.Inf(1), math.Inf(-1) // range of the first column
	moved := false                      // f changed over some earlier row's stencil
	var last float64                    // the previous row's first entry
	growing := 0                        // rows in a row whose first entry grew by growthFactor
	h := h0
	n := 0 // rows in the current tableau
	for i := range maxIter {
		if i > 0 {
			h /= shrink
		}
		v, noise, bad, still := at(h)
		if i == 0 {
			first = bad
		}
		if bad != 0 {
			n = 0
			clear(diff)
			continue
		}
		if still && moved {
			// f no longer changes at all over the step, though it did over
			// larger ones: the step is below the resolution of f's values
			// (a float32 staircase), and these rows would agree on 0.
			break
		}
		cur[0] = v
		moved = moved || !still
		// Count the rows in a row whose first entry grew in magnitude by a
		// fixed factor: the quotients run off to infinity (√x at 0, a pole
		// closer than the step) instead of settling on a limit.
		if i > 0 && math.Abs(v) >= growthFactor*math.Abs(last) && math.Abs(v) > noise {
			growing++
		} else {
			growing = 0
		}
		last = v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		if math.IsNaN(best.Value) {
			best.Value, best.Step, bestNoise = v, h, noise
		}
		for j := 1; j <= n; j++ {
			fac := math.Pow(shrink, p+float64(j-1)*q)
			cur[j] = (cur[j-1]*fac - prev[j-1]) / (fac - 1)
			// The error of the new entry is judged against both entries it
			// came from: a conservative, and in practice honest, bound.
			d := math.Max(math.Abs(cur[j]-cur[j-1]), math.Abs(cur[j]-prev[j-1]))
			// Where the entries are rounding noise (a derivative that is 0,
			// f computed with cancellation), the smallest of many such
			// differences is small by luck: an entry counts only as good as
			// its column was one row earlier too.
			errt := d
			if j < n {
				errt = math.Max(d, diff[j])
			}
			diff[j] = d
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
		if n > 0 {
			converged := best.Err <= 1e-13*math.Abs(best.Value)
			if converged && math.Abs(cur[n]-prev[n-1]) >= richardsonSafe*best.Err {
				break
			}
		}
		n++
		prev, cur = cur, prev
	}
	// The tableau differences measure truncation; near convergence they can
	// agree by luck to below the rounding noise, so add that noise back.
	best.Err += bestNoise
	if math.IsNaN(best.Value) {
		best.Err = math.Inf(1)
	}
	return best, runInfo{bad: first, spread: math.Max(0, hi-lo), noise: bestNoise, still: !moved, diverging: growing >= divergingRows}
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
