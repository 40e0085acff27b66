package gradcheck

import (
	"math"
	"sort"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
)

// along returns y's data at x + t·dir (other inputs unchanged), leaving the
// graph as it found it; all NaN where the step did not move x (see
// shifted). col is the rules' J·dir (forward mode): dir moves one element,
// so the rounding residual r of the step is a multiple of dir, and
// col·(r/dir) is the first-order correction to the nominal step.
func (c *checker) along(x *autodiff.Node, dir, col *linalg.Tensor) func(t float64) []float64 {
	j, dj := -1, 0.0
	for i, v := range dir.Values() {
		if v != 0 {
			j, dj = i, v
		}
	}
	return func(t float64) []float64 {
		return moved(c, []*autodiff.Node{x}, []*linalg.Tensor{dir}, t, func(y *linalg.Tensor, r []*linalg.Tensor) []float64 {
			out := append([]float64(nil), y.Values()...)
			if j < 0 {
				return out
			}
			if a := r[0].Values()[j] / dj; a != 0 {
				for i, ci := range col.Values() {
					if isFinite(ci) {
						out[i] += ci * a
					}
				}
			}
			return out
		})
	}
}

// moved runs y with each of xs moved to x ⊕ t·dir, reads the output with
// read (which is also given the rounding residuals of the steps, see
// shifted), and puts the inputs and the graph's values back. Where the step
// does not move some element of an input it reads an output of NaN
// instead: such a step is no evidence.
func moved[T any](c *checker, xs []*autodiff.Node, dirs []*linalg.Tensor, t float64, read func(y *linalg.Tensor, resid []*linalg.Tensor) T) T {
	saved := make([]*linalg.Tensor, 0, len(xs))
	// Put the inputs back in reverse order, and the values of the graph
	// with them (JVPAt reads them), even if a rule panics (a user's Func):
	// the graph is left as it was found.
	defer func() {
		for k := len(saved) - 1; k >= 0; k-- {
			xs[k].Replace(saved[k])
		}
		if len(saved) > 0 {
			c.g.Run(c.y) // it ran before at this point, so every input has a value
		}
	}()
	still := false
	resid := make([]*linalg.Tensor, len(xs))
	for k, x := range xs {
		v, r, ok := shifted(x.Value(), dirs[k], t)
		still = still || !ok
		resid[k] = r
		saved = append(saved, x.Replace(v))
	}
	if err := c.g.Run(c.y); err != nil {
		panic(err) // Check ran y before probing, so every input has a value
	}
	out := c.y.Value()
	if still {
		out = nanTensor(out.Shape())
	}
	return read(out, resid)
}

// compareElements compares derivatives element by element: for each input
// element j (every one, or the indices picked for a large input), forward
// mode gives the column J·eⱼ, reverse mode the rows, and finite differences
// move xⱼ alone, every output element extrapolated separately from shared
// evaluations. An output larger than s.MaxElements is projected onto a
// random w, so each element j costs one column and one difference:
// ∂(w·y)/∂xⱼ, with Output −1.
//
// The step along eⱼ is relative (scale.go): the probe moves xⱼ by t·sⱼ, so
// the three values are compared as sⱼ·∂y/∂xⱼ and reported divided by sⱼ.
func (c *checker) compareElements(wrt []*autodiff.Node, picks map[*autodiff.Node][]int) ([]Comparison, error) {
	var rows []Comparison
	y := c.y
	m := numel(y.Shape())
	var w *linalg.Tensor // the output projection, when the output is large
	if m > c.s.MaxElements {
		w = randNormal(c.rng, y.Shape())
	}
	// Reverse mode: for each input, m×n rows, or one row wᵀJ.
	revs := make([][]float64, len(wrt))
	for k, x := range wrt {
		if w == nil {
			jr, err := c.g.Jacobian(y, x, autodiff.Reverse)
			if err != nil {
				return nil, err
			}
			revs[k] = jr.Values()
		} else {
			vj, err := c.g.VJP(y, []*autodiff.Node{x}, w)
			if err != nil {
				return nil, err
			}
			revs[k] = vj[0].Values()
		}
	}
	// terms[i] is Σₖ |∂yᵢ/∂xₖ·xₖ| over the inputs compared (one entry, for
	// wᵀy, when the output is projected): the size of the terms yᵢ is made
	// of, to first order (see termsOf). Narrowed to some inputs of a large
	// check, it counts only theirs: smaller, so stricter, and no Jacobian
	// of an input that is not compared is formed.
	nterms := m
	if w != nil {
		nterms = 1
	}
	terms := make([]float64, nterms)
	for k, x := range wrt {
		termsOf(terms, revs[k], x.Value().Values())
	}
	for k, x := range wrt {
		n := numel(x.Shape())
		rev := revs[k]
		js, ok := picks[x]
		if !ok {
			js = make([]int, n)
			for j := range js {
				js[j] = j
			}
		}
		scales := c.scales()[x].Values()
		for _, j := range js {
			sj := scales[j]
			e := linalg.Zeros(x.Shape()...)
			e.Data()[j] = sj
			col, err := c.g.JVPAt(y, []*autodiff.Node{x}, []*linalg.Tensor{e})
			if err != nil {
				return nil, err
			}
			eval := memo(c.along(x, e, col))
			if w != nil {
				probe := func(t float64) float64 { return linalg.Dot(w, linalg.New(w.Shape(), eval(t))) }
				cmp := Comparison{Input: x.Label(), Index: j, Output: -1,
					Reverse: rev[j] * sj, Forward: linalg.Dot(w, col), probe: probe, unit: sj, terms: terms[0]}
				c.s.compare(&cmp)
				rows = append(rows, cmp.inUnits())
				continue
			}
			for i := 0; i < m; i++ {
				probe := func(t float64) float64 { return eval(t)[i] }
				cmp := Comparison{Input: x.Label(), Index: j, Output: i,
					Reverse: rev[i*n+j] * sj, Forward: col.Values()[i], probe: probe, unit: sj, terms: terms[i]}
				c.s.compare(&cmp)
				rows = append(rows, cmp.inUnits())
			}
		}
	}
	return rows, nil
}

// termsOf adds Σⱼ |J_ij·xⱼ| to terms[i] for each row i of the row-major
// Jacobian rows (len(terms) rows of len(x) elements), x the inputs' values:
// the change of yᵢ when every input element moves by its own value, to
// first order, which is the size of the terms that make up yᵢ (the
// condition-number form of yᵢ's rounding error, ε·Σⱼ |∂yᵢ/∂xⱼ·xⱼ|). A value
// that is a small difference of large terms (a weighted mean of points
// −0.4 to 0.5 that comes out 0.003) carries the rounding of those terms,
// not of itself, and so do its finite differences: the tolerance's floor
// is AbsTol times the larger of this and |yᵢ| (compare). The values, not
// the step scales: an element that is 0 (a masked branch) is no term of
// yᵢ, whatever scale it borrows to be stepped. Elements that are not
// finite add nothing: they fail their own comparison.
func termsOf(terms, rows, x []float64) {
	n := len(x)
	for i := range terms {
		for j, v := range rows[i*n : (i+1)*n] {
			terms[i] += finiteAbs(v * x[j])
		}
	}
}

// scales returns the step scales of each of c.wrt (scale.go), the inputs
// of the function checked taken together: an input that is all 0 takes its
// scale from the others, also when only some inputs are compared.
func (c *checker) scales() map[*autodiff.Node]*linalg.Tensor {
	if c.stepScales == nil {
		vals := make([]*linalg.Tensor, len(c.wrt))
		for k, x := range c.wrt {
			vals[k] = x.Value()
		}
		c.stepScales = map[*autodiff.Node]*linalg.Tensor{}
		for k, s := range stepScales(vals) {
			c.stepScales[c.wrt[k]] = s
		}
	}
	return c.stepScales
}

// compareProjections compares vᵀJDu for random u over the inputs and v over
// the output, D the step scales (scale.go): forward mode gives v·(J·Du),
// reverse mode (vᵀJ)·(Du), finite differences d/dt v·y(x + t·Du).
func (c *checker) compareProjections(wrt []*autodiff.Node) ([]Comparison, error) {
	var rows []Comparison
	for p := 0; p < c.s.Projections; p++ {
		u := make([]*linalg.Tensor, len(wrt))
		for k, x := range wrt {
			u[k] = linalg.Mul(randNormal(c.rng, x.Shape()), c.scales()[x])
		}
		v := randNormal(c.rng, c.y.Shape())
		ju, err := c.g.JVP(c.y, wrt, u)
		if err != nil {
			return nil, err
		}
		vj, err := c.g.VJP(c.y, wrt, v)
		if err != nil {
			return nil, err
		}
		rev := 0.0
		for k := range wrt {
			rev += linalg.Dot(vj[k], u[k])
		}
		probe := memo(func(t float64) float64 {
			return moved(c, wrt, u, t, func(y *linalg.Tensor, r []*linalg.Tensor) float64 { return linalg.Dot(v, y) + firstOrder(vj, r) })
		})
		cmp := Comparison{Input: "all", Index: -1, Output: -1, Reverse: rev, Forward: linalg.Dot(v, ju), probe: probe, unit: 1}
		c.s.compare(&cmp)
		rows = append(rows, cmp)
	}
	return rows, nil
}

// firstSteps are the relative steps Richardson extrapolation starts from,
// tried in turn until the three values agree. 0.1 suits most functions;
// where f has a singularity or a kink within reach, or wiggles fast on the
// scale of the input's magnitude (sin at 1e8, whose relative step 1e-9 is
// an absolute 0.1), the comparison fails and the next, smaller start is
// tried: a right rule agrees at some start, a wrong one at none.
//
// The starts below lastUsualStep count only when they agree: at such steps
// a function computed partly in float32 is a staircase, flat between its
// steps, and its difference quotients can settle confidently on a wrong
// value. So a failed comparison reports the best estimate of the usual
// starts, and the step sweep explains it.
var firstSteps = []float64{0.1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10}

// lastUsualStep is the smallest start whose estimate is reported when none
// agrees.
const lastUsualStep = 1e-4

// compare fills in the finite difference of c.probe at 0 and judges the
// three values, starting Richardson from each of firstSteps until they
// agree. The estimate kept is the one that agreed, or else the one with the
// smallest error estimate.
func (s Settings) compare(c *Comparison) {
	floor := math.Max(s.absFloor(c.probe), s.AbsTol*c.terms)
	var best *Comparison
	f0 := c.probe(0)
	for _, h0 := range firstSteps {
		// A function that takes exactly the value f(0) at every point the
		// tableau samples has difference quotients that are all exactly 0:
		// its derivative there is 0 with no error to speak of (Richardson
		// would report the rounding noise of its smallest step instead).
		// Only at the usual starts: at a fine one, a small derivative
		// (atan′ = 1e-16 at 1e8) moves f by less than its last digit, and
		// "flat" would agree with a rule that wrongly returns 0.
		flat := isFinite(f0) && h0 >= lastUsualStep
		sampled := func(t float64) float64 {
			v := c.probe(t)
			flat = flat && v == f0
			return v
		}
		est := fd.Richardson(sampled, 0, &fd.RichardsonSettings{Step: h0, Descents: -1})
		if flat {
			est.Value, est.Err = 0, 0
		}
		try := *c
		try.FD, try.FDErr = est.Value, est.Err
		s.judge(&try, floor)
		if try.Status == Passed {
			best = &try
			break
		}
		if h0 < lastUsualStep {
			if !try.modesAgree {
				break // nothing a fine start finds can excuse that
			}
			continue // a fine start counts only if it agrees (see firstSteps)
		}
		// Finite differences side with one mode only when they are precise:
		// a rough estimate "agrees" with anything within its error.
		sided := (try.Disagrees == ReverseDisagrees || try.Disagrees == ForwardDisagrees) && try.fdPrecise
		if best == nil || sided || try.FDErr < best.FDErr {
			best = &try
		}
		if sided {
			// The modes disagree and finite differences side with one of
			// them: no other start changes that verdict.
			break
		}
	}
	*c = *best
}

// absFloor is the absolute part of the tolerance for a derivative of f at
// 0: AbsTol times the size of f's values near 0, so a function whose values
// are 1e-100 is judged as strictly as one whose values are 1 (an absolute
// AbsTol would excuse any rule there). Near, not at the first step: exp at
// 618 moved by a tenth of itself grows by e⁶², and a floor from there would
// excuse any rule; the rounding error of the samples further out is in the
// estimate's own error. Values that are not finite, outside f's domain, say
// nothing of its size.
func (s Settings) absFloor(f func(float64) float64) float64 {
	var size float64
	for _, t := range []float64{0, lastUsualStep, -lastUsualStep} {
		if v := math.Abs(f(t)); isFinite(v) {
			size = math.Max(size, v)
		}
	}
	return s.AbsTol * size
}

// judge compares the three values of one derivative. Every test is written
// so that a NaN fails it (a comparison with NaN is false), and a value that
// is not finite agrees with nothing: a rule that returns NaN or ±Inf where
// finite differences are finite is a wrong rule.
//
// Forward and reverse mode are compared with each other first, with a
// tolerance from their own size only: an op's JVP and VJP are transposes of
// one linear map, so they must agree at every point, kinks included,
// whatever finite differences say.
func (s Settings) judge(c *Comparison, floor float64) {
	rev, fwd, fdv := c.Reverse, c.Forward, c.FD
	modeScale := math.Max(finiteAbs(rev), finiteAbs(fwd))
	scale := math.Max(modeScale, finiteAbs(fdv))
	tol := s.RelTol*scale + floor
	near := func(a, b, tol float64) bool {
		return isFinite(a) && isFinite(b) && math.Abs(a-b) <= tol
	}
	c.modesAgree = near(rev, fwd, s.RelTol*modeScale+floor)
	revOK, fwdOK := near(rev, fdv, tol+c.FDErr), near(fwd, fdv, tol+c.FDErr)
	c.AbsErr = math.Max(math.Abs(rev-fdv), math.Max(math.Abs(fwd-fdv), math.Abs(rev-fwd)))
	c.RelErr = c.AbsErr / math.Max(scale, math.SmallestNonzeroFloat64)
	if !isFinite(c.AbsErr) {
		c.AbsErr, c.RelErr = math.Inf(1), math.Inf(1)
	}
	c.fdPrecise = c.FDErr <= tol
	// What finite differences prove of the rules: f′ lies within FDErr of
	// FD, so each mode is within |mode − FD| + FDErr of it. A pass needs
	// that bound within confirmBound·tol (see confirmBound).
	proven := math.Max(math.Abs(rev-fdv), math.Abs(fwd-fdv)) + c.FDErr
	c.Disagrees = Agree
	switch {
	case c.modesAgree && revOK && fwdOK && proven <= confirmBound*tol:
		c.Status = Passed
		return
	case c.modesAgree:
		c.Disagrees = FiniteDifferencesDisagree
	case fwdOK && !revOK:
		c.Disagrees = ReverseDisagrees
	case revOK && !fwdOK:
		c.Disagrees = ForwardDisagrees
	default:
		c.Disagrees = ModesDisagree
	}
	c.Status = Mismatch
}

// confirmBound bounds, in units of the tolerance, what finite differences
// must prove of a rule for it to pass: |rule − f′| ≤ |rule − FD| + FDErr ≤
// confirmBound·tol. It is 3 because that is the bound the agreement test
// |rule − FD| ≤ tol + FDErr proves when FDErr is at most tol: the check used
// to demand FDErr ≤ tol besides, and so rejected an estimate whose bar is a
// little wider than tol but which agrees closely (proving, say, 1.03·tol)
// while it accepted one that proves 3·tol. The decision is now monotone in
// the evidence. It matters for tiny Jacobian elements of a function whose
// values are large: the estimate's error comes from the rounding of f's
// values (ε·|f| divided by the step, amplified by the extrapolation), which
// the floor AbsTol·|f| matches in size, while RelTol·|∂f| adds nothing; an
// estimate whose bar lands just above the floor is not evidence against a
// rule that it matches to 1e-2 of the floor. A rule off by more than tol is
// still caught whenever the estimate is precise (FDErr ≤ tol), as before.
const confirmBound = 3

// finiteAbs is |v|, or 0 for a value that is not finite (it says nothing
// of the scale of the others).
func finiteAbs(v float64) float64 {
	if !isFinite(v) {
		return 0
	}
	return math.Abs(v)
}

// worst returns the failed comparison with the largest relative error.
func worst(rows []Comparison) *Comparison {
	var w *Comparison
	for i := range rows {
		if c := &rows[i]; c.Status != Passed && (w == nil || c.RelErr > w.RelErr) {
			w = c
		}
	}
	return w
}

// sample picks the elements to compare of each input larger than s.Sample.
func (c *checker) sample(inputs []*autodiff.Node) map[*autodiff.Node][]int {
	picks := map[*autodiff.Node][]int{}
	for _, x := range inputs {
		if n := numel(x.Shape()); n > c.s.Sample {
			js := c.rng.Perm(n)[:c.s.Sample]
			sort.Ints(js)
			picks[x] = js
		}
	}
	return picks
}

// memo caches a function's results by argument: the finite differences of
// all output elements along one direction share their evaluations, and the
// retried Richardson starts and the size probes of compare reuse them.
func memo[T any](f func(float64) T) func(float64) T {
	cache := map[float64]T{}
	return func(t float64) T {
		v, ok := cache[t]
		if !ok {
			v = f(t)
			cache[t] = v
		}
		return v
	}
}
