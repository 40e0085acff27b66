package gradcheck_test

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/autodiff/internal/mutant"
	"github.com/epsilon-engine/epsilon/autodiff/internal/optable"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The mutation test of the checker: every op's rules are broken on purpose
// (package mutant), and the check must catch every mutant and blame the
// mutated op, while the op unmutated passes at the same points. A mutant
// whose Jacobian of y equals the true one at a point (a scaled or negated
// rule where the derivative is 0) cannot be caught in principle there; it
// is counted as equivalent, not dropped.
//
//	go test ./autodiff/gradcheck/ -run Mutation                   # a fast subset
//	go test ./autodiff/gradcheck/ -run Mutation -mutation.full -timeout 60m
//
// The full run covers every case of optable at magnitudes 1e-3 to 1e8 and
// at the ops' kinks, and writes the table to docs/mutation-table.md.

var mutationFull = flag.Bool("mutation.full", false, "run the mutation test of the checker on every op and magnitude, and write docs/mutation-table.md")

// magnitudes are the scales the random points are drawn at.
var magnitudes = []float64{1e-3, 1, 1e3, 1e5, 1e8}

// mpoint is one point a case is checked at.
type mpoint struct {
	label  string
	values []*linalg.Tensor
}

// outcome is what the check made of one mutant at one point.
type outcome struct {
	caseName, op, point string
	m                   mutant.Mutation
	result              string // "caught", "equivalent", "missed"
	detail              string
}

// alarm is an unmutated op that failed the check.
type alarm struct {
	caseName, point, status, report string
}

// mutationResults collects outcomes and false alarms.
type mutationResults struct {
	mu       sync.Mutex
	outcomes []outcome
	alarms   []alarm
	skipped  []string
}

func (r *mutationResults) add(o outcome) {
	r.mu.Lock()
	r.outcomes = append(r.outcomes, o)
	r.mu.Unlock()
}

// pointsFor draws the points of a case: one per magnitude, the case's
// domain stretched by it, kept where every value of the graph is finite (a
// point outside an op's domain, exp of 1e3, is no point to check at).
func pointsFor(c optable.Case, mags []float64, rng *rand.Rand) []mpoint {
	var pts []mpoint
	for _, m := range mags {
		vals := make([]*linalg.Tensor, len(c.Shapes))
		for i, s := range c.Shapes {
			vals[i] = linalg.Scale(m, optable.RandTensor(rng, s, c.Lo, c.Hi))
		}
		pts = append(pts, mpoint{fmt.Sprintf("%g", m), vals})
	}
	return pts
}

// kinkPoints places the ops that have kinks at one: |x| and ReLU at 0,
// ties of maximum, minimum and max, norms at 0 or at a tie.
func kinkPoints(c optable.Case) []mpoint {
	t := func(shape []int, v ...float64) *linalg.Tensor { return linalg.New(shape, v) }
	switch c.Name {
	case "abs", "relu":
		return []mpoint{{"kink", []*linalg.Tensor{t([]int{2, 3}, 0, 1.5, -2, 0.5, 0, -0.7)}}}
	case "maximum[2 3][2 3]", "minimum[2 3][2 3]":
		return []mpoint{{"kink", []*linalg.Tensor{t([]int{2, 3}, 1, 2, -1, 0.5, 3, 0), t([]int{2, 3}, 1, 1, -1, 0.7, 3, -2)}}}
	case "max":
		return []mpoint{{"kink", []*linalg.Tensor{t([]int{3, 4}, 1, 2, 3, 0, 3, -1, 0.5, 2, 1, 0, -3, 1)}}}
	case "norm L1":
		return []mpoint{{"kink", []*linalg.Tensor{t([]int{2, 3}, 0, 1, -2, 0.5, 0, 3)}}}
	case "norm L2":
		return []mpoint{{"kink", []*linalg.Tensor{linalg.Zeros(2, 3)}}}
	case "norm max":
		return []mpoint{{"kink", []*linalg.Tensor{t([]int{2, 3}, 1, -2, 0.5, 2, 0, 1)}}}
	}
	return nil
}

// build makes the case's graph at a point, or nil if a value is not finite.
func build(c optable.Case, p mpoint) (y *autodiff.Node, in []*autodiff.Node) {
	g := autodiff.New()
	in = make([]*autodiff.Node, len(c.Shapes))
	for i, s := range c.Shapes {
		in[i] = g.Input(fmt.Sprint("x", i), s...)
		in[i].Set(p.values[i].Clone())
	}
	y = c.Build(in)
	if err := g.Run(y); err != nil {
		return nil, nil
	}
	for _, n := range g.Nodes() {
		if n.Value() == nil {
			continue
		}
		for _, v := range n.Value().Data() {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil
			}
		}
	}
	return y, in
}

// jacobians returns the Jacobians of y with respect to each of wrt, in both
// modes, as one flat slice; a panic (a rule that cannot run) gives nil.
func jacobians(y *autodiff.Node, wrt []*autodiff.Node) (out []float64) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	for _, x := range wrt {
		for _, mode := range []autodiff.Mode{autodiff.Reverse, autodiff.Forward} {
			j, err := y.Graph().Jacobian(y, x, mode)
			if err != nil {
				return nil
			}
			out = append(out, j.Data()...)
		}
	}
	return out
}

// sameBits reports whether two Jacobians are identical, NaN for NaN.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) || a == nil {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// belowTolerance says why a mutant cannot be caught by a check with the
// default tolerances, or "" if it can: every element of its Jacobian (both
// modes) differs from the true one by less than the check allows, in the
// units the check compares in (sⱼ·∂yᵢ/∂xⱼ, sⱼ the step scale of xⱼ,
// |xⱼ| or its neighbours' for a 0; scale.go): 1e-7
// relative, plus 1e-12 times the size of yᵢ or of its terms, whichever is
// larger (the check's absolute floor, compare.go: |yᵢ|, or Σₖ |∂yᵢ/∂xₖ·xₖ|
// by the reverse-mode rules the check is given, here the mutant's). Such a
// mutant changes a
// derivative that is negligible beside y's values (tanh saturated at 1e3,
// say: a derivative of 1e-145 beside values of exactly ±1).
//
// It also says whether the change is invisible in y's float64 values: over
// the largest step the check takes (a tenth of sⱼ), the mutated rule
// predicts a change of yᵢ that differs from the true one by less than half
// an ulp of yᵢ, for every element. Then no finite difference of y can tell
// the mutant from the truth, whatever the tolerance; only a comparison of
// the two modes could catch a JVP-only or VJP-only one, and their
// disagreement is below the floor of 1e-12·|yᵢ| that the rounding of the
// rules' own sums (paths that cancel) requires of that comparison.
func belowTolerance(got, truth []float64, y *autodiff.Node, wrt []*autodiff.Node) string {
	if len(got) != len(truth) || got == nil {
		return ""
	}
	var size float64
	for _, v := range y.Value().Data() {
		size = math.Max(size, math.Abs(v))
	}
	m := len(y.Value().Data())
	k := 0
	var worst float64
	visible := false
	vals := make([]*linalg.Tensor, len(wrt))
	for i, x := range wrt {
		vals[i] = x.Value()
	}
	scales := gradcheck.StepScales(vals)
	terms := make([]float64, m) // Σₖ |∂yᵢ/∂xₖ·xₖ| by the mutant's reverse mode
	for _, x := range wrt {
		n := len(x.Value().Data())
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				if v := math.Abs(got[k+i*n+j] * x.Value().Data()[j]); !math.IsInf(v, 0) && !math.IsNaN(v) {
					terms[i] += v
				}
			}
		}
		k += 2 * m * n
	}
	k = 0
	for xi, x := range wrt {
		n := len(x.Value().Data())
		for range 2 { // reverse, then forward
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					s := scales[xi].Data()[j]
					a, b := got[k], truth[k]
					k++
					d := math.Abs(a-b) * s
					yi := y.Value().Data()[i]
					allowed := gradcheck.DefaultRelTol*math.Max(math.Abs(a), math.Abs(b))*s + gradcheck.DefaultAbsTol*math.Max(math.Abs(yi), terms[i]) // the check's floor
					if !(d <= allowed) {
						return ""
					}
					worst = math.Max(worst, d/math.Max(size, math.SmallestNonzeroFloat64))
					if !(0.1*d < 0.5*(math.Nextafter(math.Abs(yi), math.Inf(1))-math.Abs(yi))) {
						visible = true
					}
				}
			}
		}
	}
	why := fmt.Sprintf("below the check's tolerance: the mutation changes sⱼ·∂yᵢ/∂xⱼ by at most %.2g of max|y| (the check allows 1e-12 of |yᵢ| or of its terms, plus 1e-7 relative)", worst)
	if !visible {
		why += "; invisible in y's float64 values: over a tenth of xⱼ's scale the mutated rule predicts a change of yᵢ within half an ulp of the true one, so no finite difference can tell them apart, and the two modes differ by less than the 1e-12·|yᵢ| floor that their comparison needs"
	}
	return why
}

// largestChange is max|a−b| / max|b|, the size of a mutation's effect.
func largestChange(a, b []float64) float64 {
	var d, s float64
	for i := range a {
		if i < len(b) {
			d = math.Max(d, math.Abs(a[i]-b[i]))
			s = math.Max(s, math.Abs(b[i]))
		}
	}
	return d / s
}

// mutateCase checks one case at one point: the case unmutated, then every
// mutation of every op in it.
func mutateCase(c optable.Case, p mpoint, res *mutationResults) {
	y, in := build(c, p)
	if y == nil {
		res.mu.Lock()
		res.skipped = append(res.skipped, fmt.Sprintf("%s at %s (a value is not finite there)", c.Name, p.label))
		res.mu.Unlock()
		return
	}
	r0, err := gradcheck.Check(y, in, nil)
	if err != nil || !r0.OK() {
		status := fmt.Sprint(err)
		report := ""
		if err == nil {
			status, report = r0.Status.String(), r0.String()
		}
		res.mu.Lock()
		res.alarms = append(res.alarms, alarm{c.Name, p.label, status, report})
		res.mu.Unlock()
	}
	truth := jacobians(y, in)
	for _, n := range y.Graph().Nodes()[:y.ID()+1] {
		if n.Op() == nil || !autodiff.HasDerivative(n.Op()) {
			continue // an input, or an op whose rules the engine never calls
		}
		var shapes [][]int
		for _, x := range n.Inputs() {
			shapes = append(shapes, x.Shape())
		}
		for _, m := range mutant.Mutations(shapes, n.Shape()) {
			o := outcome{caseName: c.Name, op: n.Label(), point: p.label, m: m}
			ny, nwrt, nt := mutant.Replay(y, in, n, func(op autodiff.Op) autodiff.Op { return mutant.Op{Op: op, M: m} })
			if err := ny.Graph().Run(ny); err != nil {
				panic(err)
			}
			got := jacobians(ny, nwrt)
			if sameBits(got, truth) {
				o.result, o.detail = "equivalent", "the mutant's Jacobian of y equals the true one here (the rule's result it perturbs is 0, or its change does not reach y)"
				res.add(o)
				continue
			}
			if why := belowTolerance(got, truth, y, in); why != "" {
				o.result, o.detail = "below tolerance", why
				res.add(o)
				continue
			}
			r, err := gradcheck.Check(ny, nwrt, nil)
			o.result, o.detail = judgeMutant(r, err, nt)
			if o.result == "missed" {
				o.detail += fmt.Sprintf("; the mutation changes ∂y/∂x by %.2g of its largest element", largestChange(got, truth))
			}
			res.add(o)
		}
	}
}

// judgeMutant says whether a check caught a mutant of node nt: a mismatch or
// a NaN, with nt blamed or named as the NaN's origin.
func judgeMutant(r *gradcheck.Report, err error, nt *autodiff.Node) (result, detail string) {
	if err != nil {
		return "missed", "Check failed: " + err.Error()
	}
	named := r.NaN != nil && (r.NaN.Node == nt || r.NaN.Node.GradientOf() == nt)
	blamed, others := false, []string{}
	for _, b := range r.Blamed() {
		if b.Node == nt {
			blamed = true
		} else {
			others = append(others, b.Node.Label())
		}
	}
	caught := (r.Status == gradcheck.Mismatch || r.Status == gradcheck.NaNFound) && (blamed || named)
	switch {
	case caught && len(others) == 0:
		return "caught", ""
	case caught:
		return "caught", "also blamed " + strings.Join(others, ", ")
	}
	return "missed", fmt.Sprintf("status %v, blamed %v", r.Status, others)
}

// runMutations runs the cases at their points, in parallel.
func runMutations(cases []optable.Case, mags []float64, kinks bool, seed uint64) *mutationResults {
	res := &mutationResults{}
	type job struct {
		c optable.Case
		p mpoint
	}
	var jobs []job
	rng := rand.New(rand.NewPCG(seed, 8))
	for _, c := range cases {
		for _, p := range pointsFor(c, mags, rng) {
			jobs = append(jobs, job{c, p})
		}
		if kinks {
			for _, p := range kinkPoints(c) {
				jobs = append(jobs, job{c, p})
			}
		}
	}
	ch := make(chan job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				mutateCase(j.c, j.p, res)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	return res
}

// fastCases are the fast subset: one op of each family.
var fastCases = map[string]bool{
	"sin": true, "log": true, "abs": true, "mul[2 3][3]": true, "div[2 1][1 3]": true, "maximum[2 3][2 3]": true,
	"max": true, "sum axis 0": true, "transpose": true, "norm L2": true, "softmax": true,
	"pairwise-sqdist": true, "meanshift-step": true, "user Func cube": true, "matmul trans [false true]": true,
	"where": true, "slice [::-2]": true, "prod axis 1 keep": true, "einsum iij,kjj->ik": true,
}

// TestMutationFast: the fast subset of the mutation test, at 1 and 1e5
// and at the kinks, runs in every go test.
func TestMutationFast(t *testing.T) {
	if *mutationFull {
		t.Skip("the full run is TestMutationFull")
	}
	var cases []optable.Case
	for _, c := range optable.Cases() {
		if fastCases[c.Name] {
			cases = append(cases, c)
		}
	}
	if len(cases) != len(fastCases) {
		t.Fatalf("found %d of the %d fast cases in optable", len(cases), len(fastCases))
	}
	start := time.Now()
	res := runMutations(cases, []float64{1, 1e5}, true, 1)
	reportMutations(t, res, start)
}

// TestMutationFull: every op of optable at every magnitude and kink; writes
// docs/mutation-table.md.
func TestMutationFull(t *testing.T) {
	if !*mutationFull {
		t.Skip("run with -mutation.full")
	}
	start := time.Now()
	res := runMutations(optable.Cases(), magnitudes, true, 2)
	table := mutationTable(res)
	if err := os.WriteFile("../../docs/mutation-table.md", []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	reportMutations(t, res, start)
}

// reportMutations fails the test for every missed mutant and false alarm.
func reportMutations(t *testing.T, res *mutationResults, start time.Time) {
	t.Helper()
	counts := map[string]int{}
	for _, o := range res.outcomes {
		counts[o.result]++
		if o.result == "missed" {
			t.Errorf("missed: %s, %s at %s, %s: %s", o.caseName, o.op, o.point, o.m, o.detail)
		}
	}
	for _, a := range res.alarms {
		t.Errorf("false alarm: %s at %s: %s\n%s", a.caseName, a.point, a.status, a.report)
	}
	t.Logf("%d mutants: %d caught, %d equivalent, %d below tolerance, %d missed; %d false alarms; %d points skipped; %v",
		len(res.outcomes), counts["caught"], counts["equivalent"], counts["below tolerance"], counts["missed"], len(res.alarms), len(res.skipped), time.Since(start).Round(time.Millisecond))
}

// mutationTable writes the results as markdown: ops × kinds of mutation.
func mutationTable(res *mutationResults) string {
	cells := map[string]map[string][3]int{} // row → column → caught, equivalent, missed
	var rows []string
	for _, o := range res.outcomes {
		row := o.caseName + " — " + o.op
		if cells[row] == nil {
			cells[row] = map[string][3]int{}
			rows = append(rows, row)
		}
		side := strings.Fields(o.m.String())[0]
		if strings.HasPrefix(side, "VJP") {
			side = "VJP"
		}
		col := side + " " + o.m.Kind.String()
		c := cells[row][col]
		switch o.result {
		case "caught":
			c[0]++
		case "equivalent", "below tolerance":
			c[1]++
		default:
			c[2]++
		}
		cells[row][col] = c
	}
	sort.Strings(rows)
	var cols []string
	for _, side := range []string{"JVP", "VJP", "both"} {
		for _, k := range mutant.Kinds {
			cols = append(cols, side+" "+k.String())
		}
	}
	counts := map[string]int{}
	for _, o := range res.outcomes {
		counts[o.result]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Mutation table of the gradient check\n\n")
	b.WriteString("Generated by `go test ./autodiff/gradcheck/ -run Mutation -mutation.full`.\n\n")
	fmt.Fprintf(&b, "Every op of `autodiff/internal/optable` (each op node of each case) had its rules broken by package `autodiff/internal/mutant` — ")
	fmt.Fprintf(&b, "scaled by 1+%g, negated, zeroed, a NaN in one element, transposed, mis-broadcast; in the JVP only, one input's VJP only, or both — ", mutant.Delta)
	fmt.Fprintf(&b, "and checked with `gradcheck.Check` at random points of magnitude %v and at the ops' kinks. ", magnitudes)
	fmt.Fprintf(&b, "A mutant is caught when the check reports a mismatch or a NaN and blames (or names) the mutated op. ")
	fmt.Fprintf(&b, "It is equivalent when its Jacobian of y equals the true one at that point, so no check could catch it there.\n\n")
	fmt.Fprintf(&b, "**%d mutants: %d caught, %d equivalent, %d below tolerance, %d missed. %d false alarms (unmutated ops failing). %d points skipped.**\n\n",
		len(res.outcomes), counts["caught"], counts["equivalent"], counts["below tolerance"], counts["missed"], len(res.alarms), len(res.skipped))
	fmt.Fprintf(&b, "Each cell: caught/uncatchable/missed over the points (and inputs, for VJP), uncatchable being equivalent or below tolerance; `·` where the mutation does not apply to the shapes.\n\n")
	fmt.Fprintf(&b, "| case — op | %s |\n|---|%s\n", strings.Join(cols, " | "), strings.Repeat("---|", len(cols)))
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s |", row)
		for _, col := range cols {
			c, ok := cells[row][col]
			if !ok {
				b.WriteString(" · |")
				continue
			}
			mark := ""
			if c[2] > 0 {
				mark = " **✗**"
			}
			fmt.Fprintf(&b, " %d/%d/%d%s |", c[0], c[1], c[2], mark)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Missed mutants\n\n")
	missed := 0
	for _, o := range res.outcomes {
		if o.result == "missed" {
			missed++
			fmt.Fprintf(&b, "- %s, %s at %s, %s: %s\n", o.caseName, o.op, o.point, o.m, o.detail)
		}
	}
	if missed == 0 {
		b.WriteString("None.\n")
	}
	b.WriteString("\n## False alarms\n\n")
	if len(res.alarms) == 0 {
		b.WriteString("None.\n")
	}
	for _, a := range res.alarms {
		fmt.Fprintf(&b, "- %s at %s: %s\n", a.caseName, a.point, a.status)
	}
	b.WriteString("\n## Equivalent mutants (cannot be caught at that point)\n\n")
	b.WriteString(countsByPoint(res.outcomes, "equivalent"))
	b.WriteString("\n\nReason, for all of them: the mutant's Jacobian of y is bitwise the true one at that point — the rule's result it perturbs is zero there (a saturated function, a branch not taken, the zero gradient of a tie's loser), or a permutation of equal values.\n")
	b.WriteString("\n## Mutants below the check's tolerance\n\n")
	b.WriteString(countsByPoint(res.outcomes, "below tolerance"))
	b.WriteString("\n\nReason: each changes every sⱼ·∂yᵢ/∂xⱼ (sⱼ the step scale of xⱼ) by less than the check's tolerance, 1e-12 of |yᵢ| plus 1e-7 relative — derivatives that are negligible beside y's own values, as of tanh at 1e3, whose values are exactly ±1 in float64 while its derivative is about 1e-145. ")
	b.WriteString("Those marked invisible cannot be caught in principle by finite differences: over a tenth of xⱼ's scale, the largest step the check takes, the mutated rule predicts a change of each yᵢ within half an ulp of the true one, so y's float64 values cannot tell them apart; a JVP-only or VJP-only one makes the two modes differ by less than the 1e-12·|yᵢ| floor that their comparison needs for the rounding of the rules' own sums.\n\n")
	var why []string
	for _, o := range res.outcomes {
		if o.result == "below tolerance" {
			why = append(why, fmt.Sprintf("- %s, %s at %s, %s: %s", o.caseName, o.op, o.point, o.m, o.detail))
		}
	}
	sort.Strings(why)
	b.WriteString(strings.Join(why, "\n"))
	b.WriteString("\n")
	b.WriteString("\n## Points skipped\n\n")
	sort.Strings(res.skipped)
	for _, s := range res.skipped {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	return b.String()
}

// countsByPoint lists, one line per case and point in sorted order, how many
// outcomes had the given result.
func countsByPoint(outcomes []outcome, result string) string {
	n := map[string]int{}
	for _, o := range outcomes {
		if o.result == result {
			n[fmt.Sprintf("%s at %s", o.caseName, o.point)]++
		}
	}
	lines := make([]string, 0, len(n))
	for k, c := range n {
		lines = append(lines, fmt.Sprintf("- %s: %d mutants", k, c))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
