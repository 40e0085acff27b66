package gradcheck

import "github.com/epsilon-engine/epsilon/linalg"

// StepScales exposes stepScales to the mutation test, which judges whether a
// mutant is below the check's tolerance in the units the check compares in.
func StepScales(group []*linalg.Tensor) []*linalg.Tensor { return stepScales(group) }

// DefaultRelTol and DefaultAbsTol are the check's default tolerances, which
// the mutation test uses to tell a mutant below them from a missed one.
var DefaultRelTol, DefaultAbsTol = func() (float64, float64) {
	s := (*Settings)(nil).withDefaults()
	return s.RelTol, s.AbsTol
}()
