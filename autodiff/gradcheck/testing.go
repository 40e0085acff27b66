package gradcheck

import (
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
)

// CheckT checks the gradients of y with respect to wrt inside a test, in
// one line:
//
//	gradcheck.CheckT(t, loss, w, b)
//
// It fails the test with the full report unless Report.OK (the check
// passed, found only a kink, or found finite differences off only by
// truncation at the usual steps), and returns the report.
func CheckT(tb testing.TB, y *autodiff.Node, wrt ...*autodiff.Node) *Report {
	tb.Helper()
	r, err := Check(y, wrt, nil)
	if err != nil {
		tb.Fatalf("gradcheck.CheckT: %v", err)
		return nil
	}
	if !r.OK() {
		tb.Fatalf("\n%s", r)
	}
	return r
}
