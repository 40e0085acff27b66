package autodiff

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Status is the verdict of a gradient check, of one compared element, or of
// one node checked in isolation.
type Status int

const (
	// Passed: reverse mode, forward mode and finite differences agree.
	Passed Status = iota
	// Kink: the point is not differentiable (the one-sided slopes differ);
	// the rules return a convention there, which is not a bug.
	Kink
	// Rounding: the function's values are too noisy (float32 data, say) for
	// finite differences to confirm the derivative; not a rule error.
	Rounding
	// Truncation: finite differences at the usual steps were off because the
	// function bends fast; at a smaller step they agree with the rules.
	Truncation
	// Mismatch: a derivative rule is wrong.
	Mismatch
	// NaNFound: a value or a derivative is NaN; the report names its origin.
	NaNFound
)

var statusNames = [...]string{"passed", "kink", "rounding", "truncation", "MISMATCH", "NaN"}

// String names the status; a mismatch in capitals, since it is the one to act on.
func (s Status) String() string { return statusNames[s] }

// CheckSettings tunes Check. The zero value (or nil) works.
type CheckSettings struct {
	// RelTol and AbsTol bound the disagreement allowed beyond the finite
	// differences' own error estimate: RelTol relative to the derivative,
	// AbsTol relative to the size of the function's values near the point
	// (so a derivative that should be 0 can be). 0 means 1e-7 and 1e-12.
	RelTol, AbsTol float64
	// MaxElements: inputs with at most this many elements in all, and an
	// output no larger, are compared element by element; larger ones by
	// random projections vᵀJu. 0 means 64.
	MaxElements int
	// Projections is the number of random projections; 0 means 4.
	Projections int
	// Sample: when a projection fails, an input with more elements than
	// this has a seeded random sample of this many compared (a full
	// Jacobian of a large network would take hours); 0 means 64.
	Sample int
	// Seed seeds the random directions, so a check is repeatable.
	Seed uint64
}

func (s *CheckSettings) withDefaults() CheckSettings {
	var c CheckSettings
	if s != nil {
		c = *s
	}
	if c.RelTol == 0 {
		c.RelTol = 1e-7
	}
	if c.AbsTol == 0 {
		c.AbsTol = 1e-12
	}
	if c.MaxElements == 0 {
		c.MaxElements = 64
	}
	if c.Projections == 0 {
		c.Projections = 4
	}
	if c.Sample == 0 {
		c.Sample = 64
	}
	return c
}

// Comparison is one compared derivative: ∂y[Output]/∂Input[Index] element
// by element, or vᵀJu for a random projection (Output and Index −1).
type Comparison struct {
	Input   string
	Index   int // flat index into the input, or −1 for a projection
	Output  int // flat index into the output, or −1 for a projection
	Reverse float64
	Forward float64
	FD      float64 // Richardson-extrapolated finite difference
	FDErr   float64 // its error estimate
	AbsErr  float64 // the largest disagreement among the three
	RelErr  float64
	// Disagrees names the mode that disagrees: "reverse", "forward",
	// "finite differences" (both modes agree with each other), or "".
	Disagrees string
	Status    Status
	// probe evaluates the checked function along the compared direction.
	probe func(t float64) float64
}

// Report is what Check found.
type Report struct {
	Status    Status
	Output    *Node
	Wrt       []*Node
	Projected bool // compared by random projections
	// Sampled lists the inputs of which only a random sample of elements
	// was compared (after a projection failed on a large input).
	Sampled []*Node
	Rows    []Comparison // every comparison made
	Worst   *Comparison  // the worst one (nil if none failed)
	// Nodes holds each op between the inputs and the output, checked in
	// isolation: its own JVP and VJP rules against finite differences of
	// its own forward rule, at the values it saw.
	Nodes []NodeCheck
	// Kink is set when the worst comparison sits at a non-differentiable point.
	Kink *KinkReport
	// Step is set when a mismatch was examined with a step sweep.
	Step *StepDiagnosis
	// NaN is set when a value or a derivative is NaN.
	NaN *NaNReport
}

// OK reports whether the check found nothing wrong with the rules: it
// passed, the point is a kink where the rules return a convention between
// the one-sided slopes, or finite differences only agreed at a small step.
func (r *Report) OK() bool { return r.Status == Passed || r.Status == Kink || r.Status == Truncation }

// Blamed returns the nodes whose own rules failed in isolation.
func (r *Report) Blamed() []NodeCheck {
	var b []NodeCheck
	for _, n := range r.Nodes {
		if n.Status == Mismatch {
			b = append(b, n)
		}
	}
	return b
}

// Check compares the derivatives of y with respect to wrt computed three
// ways — reverse mode, forward mode and Richardson-extrapolated finite
// differences — and explains any disagreement: which element, which mode,
// which op's rule (each op is re-checked in isolation), whether the point is
// a kink, whether finite differences were defeated by rounding or
// truncation, and where a NaN came from. It returns an error only if the
// graph cannot run (an input without a value).
//
// Check runs y's graph many times, moving the inputs and putting them back,
// and adds y's gradient nodes to the graph (as Grad does, once). Its random
// directions come from settings.Seed, so a check is repeatable.
func Check(y *Node, wrt []*Node, settings *CheckSettings) (report *Report, err error) {
	s := settings.withDefaults()
	g := y.g
	g.own("Check", append([]*Node{y}, wrt...))
	for _, x := range wrt {
		if x.op != nil {
			panic(fmt.Sprintf("autodiff: Check: %s is an op; check with respect to inputs or constants, whose values Check can move", x.Label()))
		}
	}
	defer recoverSecondOrder(&err)
	if err := g.Run(y); err != nil {
		return nil, err
	}
	r := &Report{Output: y, Wrt: wrt}
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eed))
	if nan := g.nanOrigin(y, wrt); nan != nil {
		r.Status, r.NaN = NaNFound, nan
		r.Nodes = g.checkNodes(y, wrt, s, rng)
		return r, nil
	}
	total := 0
	for _, x := range wrt {
		total += product(x.shape)
	}
	if total <= s.MaxElements && product(y.shape) <= s.MaxElements {
		r.Rows, err = g.compareElements(y, wrt, nil, s, rng)
	} else {
		r.Projected = true
		r.Rows, err = g.compareProjections(y, wrt, s, rng)
		if err == nil && worst(r.Rows) != nil {
			// A projection failed: find the inputs whose own projections
			// fail, and compare their elements (a sample of a large one).
			var failing []*Node
			for _, x := range wrt {
				own, err := g.compareProjections(y, []*Node{x}, s, rng)
				if err != nil {
					return nil, err
				}
				if worst(own) != nil {
					failing = append(failing, x)
				}
			}
			if len(failing) == 0 {
				failing = wrt // only the inputs together fail: compare them all
			}
			r.Projected = false
			picks := sample(failing, s, rng)
			for _, x := range failing {
				if _, ok := picks[x]; ok {
					r.Sampled = append(r.Sampled, x)
				}
			}
			r.Rows, err = g.compareElements(y, failing, picks, s, rng)
		}
	}
	if err != nil {
		return nil, err
	}
	r.Nodes = g.checkNodes(y, wrt, s, rng)
	r.Worst = worst(r.Rows)
	if r.Worst == nil {
		// The rules' conventions at a kink (abs′(0) = 0, max splitting a
		// tie) can equal the central difference and pass; the one-sided
		// slopes still tell, so look for the element at the kink an op saw.
		for _, n := range r.Nodes {
			if n.Status == Kink {
				r.findKink(s)
				break
			}
		}
		return r, nil
	}
	r.Status = Mismatch
	if k := kinkAt(r.Worst.probe, s); k != nil {
		r.Kink = k
		if k.contains(r.Worst.Reverse, s) && k.contains(r.Worst.Forward, s) {
			r.Status = Kink
		}
		return r, nil
	}
	if r.Worst.Disagrees != "finite differences" {
		return r, nil // the two modes disagree with each other: a rule is wrong
	}
	r.Step = diagnoseStep(r.Worst.probe, r.Worst.Reverse, s)
	switch r.Step.Verdict {
	case Rounding, Truncation:
		r.Status = r.Step.Verdict
	}
	return r, nil
}

// findKink marks the first compared element whose one-sided slopes differ.
func (r *Report) findKink(s CheckSettings) {
	for i := range r.Rows {
		if k := kinkAt(r.Rows[i].probe, s); k != nil && k.contains(r.Rows[i].Reverse, s) {
			r.Rows[i].Status = Kink
			r.Status, r.Kink, r.Worst = Kink, k, &r.Rows[i]
			return
		}
	}
}

// compare fills in the finite difference of c.probe at 0 and judges the
// three values. Richardson starts from a step of 0.1; where that is too
// large for f here (a singularity or a kink within reach, a fast wiggle) the
// comparison fails, and it is tried again from 1e-2, 1e-3 and 1e-4: a right
// rule agrees at some step, a wrong one at none. The estimate kept is the
// one that agreed, or else the one with the smallest error estimate.
func (s CheckSettings) compare(c *Comparison) {
	// The absolute floor scales with the function's values near the point,
	// so tiny functions are judged as strictly as large ones.
	// (Values that are not finite, outside f's domain, say nothing of its size.)
	var size float64
	for _, t := range []float64{0, 0.1, -0.1} {
		if v := math.Abs(c.probe(t)); finite(v) {
			size = math.Max(size, v)
		}
	}
	floor := s.AbsTol * size
	var best *Comparison
	for _, h0 := range []float64{0.1, 1e-2, 1e-3, 1e-4} {
		est := fd.Richardson(c.probe, 0, &fd.RichardsonSettings{Step: h0})
		try := *c
		try.FD, try.FDErr = est.Value, est.Err
		s.judge(&try, floor)
		if best == nil || try.Status == Passed || !(try.FDErr >= best.FDErr) {
			best = &try
		}
		if try.Status == Passed {
			break
		}
	}
	*c = *best
}

// judge compares the three values of one derivative.
func (s CheckSettings) judge(c *Comparison, floor float64) {
	scale := math.Max(math.Abs(c.Reverse), math.Max(math.Abs(c.Forward), math.Abs(c.FD)))
	tol := s.RelTol*scale + floor
	dr, df, drf := math.Abs(c.Reverse-c.FD), math.Abs(c.Forward-c.FD), math.Abs(c.Reverse-c.Forward)
	c.AbsErr = math.Max(dr, math.Max(df, drf))
	c.RelErr = c.AbsErr / math.Max(scale, math.SmallestNonzeroFloat64)
	c.Disagrees = ""
	revOK, fwdOK := dr <= tol+c.FDErr, df <= tol+c.FDErr
	switch {
	case revOK && fwdOK && drf <= tol && c.FDErr <= tol:
		c.Status = Passed
		return
	case !revOK && fwdOK:
		c.Disagrees = "reverse"
	case revOK && !fwdOK:
		c.Disagrees = "forward"
	case drf > tol:
		c.Disagrees = "reverse and forward (each other, and finite differences)"
	default:
		c.Disagrees = "finite differences"
	}
	if math.IsNaN(c.AbsErr) {
		c.AbsErr, c.RelErr = math.Inf(1), math.Inf(1)
	}
	c.Status = Mismatch
}

// sample picks the elements to compare of each input larger than s.Sample.
func sample(inputs []*Node, s CheckSettings, rng *rand.Rand) map[*Node][]int {
	picks := map[*Node][]int{}
	for _, x := range inputs {
		if n := product(x.shape); n > s.Sample {
			js := rng.Perm(n)[:s.Sample]
			sort.Ints(js)
			picks[x] = js
		}
	}
	return picks
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

// randNormal returns a tensor of standard normal draws.
func randNormal(rng *rand.Rand, shape []int) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	for i := range t.Data() {
		t.Data()[i] = rng.NormFloat64()
	}
	return t
}

func (c Comparison) where() string {
	switch {
	case c.Index < 0:
		return "projection vᵀJu"
	case c.Output < 0:
		return fmt.Sprintf("∂(w·y)/∂%s[%d]", c.Input, c.Index)
	}
	return fmt.Sprintf("∂y[%d]/∂%s[%d]", c.Output, c.Input, c.Index)
}
