package gradcheck

import (
	"sort"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
)

// Explaining failed comparisons.
//
// A failed comparison is excused only by a reason that does not touch the
// rules: a kink (the rules return a convention between the one-sided
// slopes, and forward and reverse mode agree on it), or finite differences
// defeated by truncation or rounding (a step sweep shows it, and forward and
// reverse mode agree). Every failed comparison must be excused for the check
// to be OK; the first one that cannot be is the worst, and the check is a
// mismatch. A reverse/forward disagreement is never excused: an op's JVP and
// VJP are transposes of one linear map, kink or not.

// diagnoseKink looks for a kink at each failed comparison, and excuses the
// ones whose modes agree on a value between the one-sided slopes.
func diagnoseKink(c *checker, r *Report) error {
	if r.NaN != nil {
		return nil
	}
	if r.Worst == nil {
		// The rules' conventions at a kink (abs′(0) = 0, max splitting a
		// tie) can equal the central difference and pass; the one-sided
		// slopes still tell, so look for the element at the kink an op saw.
		for _, n := range r.Nodes {
			if n.Status == Kink {
				r.findKink(c.s)
				break
			}
		}
		return nil
	}
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Status != Mismatch {
			continue
		}
		k := kinkAt(row.probe, c.s)
		if k == nil {
			continue
		}
		row.kink = k.per(row.unit)
		if row.modesAgree && row.kink.contains(row.Reverse, c.s) && row.kink.contains(row.Forward, c.s) {
			row.Status = Kink
		}
	}
	return nil
}

// diagnoseStepSweep examines the failed comparisons that only finite
// differences disagree with, worst first: a step sweep tells rounding and
// truncation from a rule that is wrong in both modes. It stops at the first
// it cannot excuse (or at once if the modes disagree somewhere): the check
// is a mismatch whatever the others are.
func diagnoseStepSweep(c *checker, r *Report) error {
	var failed []int
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Status != Mismatch {
			continue
		}
		if !row.modesAgree || row.kink != nil {
			return nil // a rule error already, or a kink the rules miss
		}
		failed = append(failed, i)
	}
	sort.SliceStable(failed, func(a, b int) bool { return r.Rows[failed[a]].RelErr > r.Rows[failed[b]].RelErr })
	for _, i := range failed {
		row := &r.Rows[i]
		est := fd.Estimate{Value: row.FD * row.unit, Err: row.FDErr * row.unit}
		row.step = diagnoseStep(row.probe, row.Reverse*row.unit, est, c.s, row.unit)
		switch row.step.Verdict {
		case Rounding, Truncation:
			row.Status = row.step.Verdict
		default:
			return nil
		}
	}
	return nil
}

// severity orders the statuses of comparisons: the check's status is the
// most severe of its comparisons'.
var severity = map[Status]int{Passed: 0, Kink: 1, Truncation: 2, Rounding: 3, Mismatch: 4}

// verdict makes the most severe comparison (the largest error among equals)
// the worst, and its status the check's; an op blamed in isolation makes
// the check a mismatch in any case.
func verdict(c *checker, r *Report) error {
	if r.NaN != nil {
		return nil
	}
	var w *Comparison
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Status == Passed {
			continue
		}
		if w == nil || severity[row.Status] > severity[w.Status] ||
			severity[row.Status] == severity[w.Status] && !(row.RelErr <= w.RelErr) {
			w = row
		}
	}
	r.Worst, r.Kink, r.Step = w, nil, nil
	r.Status = Passed
	if w != nil {
		r.Status, r.Kink, r.Step = w.Status, w.kink, w.step
	}
	if r.Status != Mismatch && len(r.Blamed()) > 0 {
		// An op's rules failed in isolation along a direction the
		// comparisons of y did not pin down (a tie moved together, say):
		// that is a wrong rule whatever the comparisons excused.
		r.Status, r.blamedOnly = Mismatch, true
	}
	return nil
}
