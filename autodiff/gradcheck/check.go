package gradcheck

import (
	"fmt"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
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
	if len(wrt) == 0 {
		panic(fmt.Sprintf("gradcheck: Check: no nodes to differentiate %s with respect to", y.Label()))
	}
	seen := map[*autodiff.Node]bool{}
	for _, x := range wrt {
		if seen[x] {
			panic(fmt.Sprintf("gradcheck: Check: %s appears twice among the nodes to differentiate with respect to", x.Label()))
		}
		seen[x] = true
		if x.Graph() != g {
			panic(fmt.Sprintf("gradcheck: Check: %s belongs to another graph than %s", x.Label(), y.Label()))
		}
		if x.Op() != nil {
			panic(fmt.Sprintf("gradcheck: Check: %s is an op; check with respect to inputs or constants, whose values Check can move", x.Label()))
		}
	}
	defer recoverRuleError(&err)
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
	// stepScales are the step scales of wrt's values (compare.go).
	stepScales map[*autodiff.Node]*linalg.Tensor
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
	{"blame by element", blameByElement},
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

// recoverRuleError turns the panics that a rule of the checked graph can
// raise while Check runs it into an error return: an
// autodiff.SecondOrderError (a derivative that does not exist) and a
// *linalg.ShapeError (a user's Func whose rule returned the wrong shape;
// the graph itself was built, so its shapes are right). A wrong rule is
// what Check looks for, so it reports one rather than crash.
func recoverRuleError(err *error) {
	if r := recover(); r != nil {
		switch e := r.(type) {
		case autodiff.SecondOrderError:
			*err = e
		case *linalg.ShapeError:
			*err = fmt.Errorf("gradcheck: a rule returned the wrong shape: %w", e)
		default:
			panic(r)
		}
	}
}
