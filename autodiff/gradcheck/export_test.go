package gradcheck

import "github.com/epsilon-engine/epsilon/linalg"

// StepScales exposes stepScales to the mutation test, which judges whether a
// mutant is below the check's tolerance in the units the check compares in.
func StepScales(group []*linalg.Tensor) []*linalg.Tensor { return stepScales(group) }
