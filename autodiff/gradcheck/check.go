package gradcheck

import (
	"fmt"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
)

// Check compares the derivatives of y with respect to wrt computed three
// ways — reverse mode, forward mode and Richardson-extrapolated finite
// differences — and explains any disagreement: which element, which mode,
// which op's rule (each op is re-checked in isolation), whether the point is
// a kink, whether finite differences were defeated by rounding or
// truncation, and where a NaN came from. It returns an error only if the
// graph cannot run (an input without a value) or a derivative it needs does
// not exist (a SecondOrderError, as through the gradient of a Func).
//
// The wrt nodes must be inputs or constants of y's graph: Check moves their
// values (with Node.Replace) and puts them back. It runs y's graph many
// times and adds y's gradient nodes to the graph (as Grad does, once). Its
// random directions come from settings.Seed, so a check is repeatable.
func Check(y *autodiff.Node, wrt []*autodiff.Node, settings *Settings) (report *Report, err error) {
	g := y.Graph()
	for _, x := range wrt {
		if x.Graph() != g {
			panic(fmt.Sprintf("gradcheck: Check: %s belongs to another graph than %s", x.Label(), y.Label()))
		}
		if x.Op() != nil {
			panic(fmt.Sprintf("gradcheck: Check: %s is an op; check with respect to inputs or constants, whose values Check can move", x.Label()))
		}
	}
	defer recoverSecondOrder(&err)
	if err := g.Run(y); err != nil {
		return nil, err
	}
	s := settings.withDefaults()
	c := &checker{g: g, y: y, wrt: wrt, s: s, rng: rand.New(rand.NewPCG(s.Seed, 0x5eed))}
	r := &Report{Output: y, Wrt: wrt}
	for _, d := range diagnoses {
		if err := d.run(c, r); err != nil {
			return nil, fmt.Errorf("gradcheck: %s: %w", d.name, err)
		}
	}
	return r, nil
}

// checker is one run of Check: the function checked and the settings.
type checker struct {
	g   *autodiff.Graph
	y   *autodiff.Node
	wrt []*autodiff.Node
	s   Settings
	rng *rand.Rand
}

// A diagnosis examines the check so far and adds what it finds to the
// report. Each decides for itself whether it applies (the step sweep only
// looks at a mismatch that finite differences alone disagree with).
type diagnosis struct {
	name string
	run  func(c *checker, r *Report) error
}

// diagnoses run in this order; a new diagnosis is one function and one
// entry here. The order matters: a NaN makes the comparisons meaningless,
// the comparisons find the failed elements, the isolated ops say whom to
// blame, the kink and step diagnoses explain what they can of each failed
// element (explain.go), and the verdict is the worst element left.
var diagnoses = []diagnosis{
	{"NaN provenance", diagnoseNaN},
	{"element comparison", compareAll},
	{"blame", blame},
	{"kink", diagnoseKink},
	{"step sweep", diagnoseStepSweep},
	{"verdict", verdict},
}

// diagnoseNaN finds the node where a NaN first appears, in the values or in
// the gradient.
func diagnoseNaN(c *checker, r *Report) error {
	if r.NaN = c.nanOrigin(); r.NaN != nil {
		r.Status = NaNFound
	}
	return nil
}

// compareAll compares the three derivatives: every element of the Jacobian
// when the inputs and output are small, else random projections, narrowed
// to the failing inputs' elements when a projection fails.
func compareAll(c *checker, r *Report) (err error) {
	if r.NaN != nil {
		return nil
	}
	total := 0
	for _, x := range c.wrt {
		total += numel(x.Shape())
	}
	if total <= c.s.MaxElements && numel(c.y.Shape()) <= c.s.MaxElements {
		r.Rows, err = c.compareElements(c.wrt, nil)
	} else {
		r.Projected = true
		r.Rows, err = c.compareProjections(c.wrt)
		if err == nil && worst(r.Rows) != nil {
			err = c.narrow(r)
		}
	}
	if err != nil {
		return err
	}
	if r.Worst = worst(r.Rows); r.Worst != nil {
		r.Status = Mismatch
	}
	return nil
}

// blame checks every op between the inputs and the output in isolation.
func blame(c *checker, r *Report) error {
	r.Nodes = c.checkNodes()
	return nil
}

// recoverSecondOrder turns an autodiff.SecondOrderError panic (a derivative
// that does not exist) into an error return.
func recoverSecondOrder(err *error) {
	if r := recover(); r != nil {
		if e, ok := r.(autodiff.SecondOrderError); ok {
			*err = e
			return
		}
		panic(r)
	}
}
