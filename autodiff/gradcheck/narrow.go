package gradcheck

import "github.com/epsilon-engine/epsilon/autodiff"

// narrow follows a failed projection on a large graph down to elements: it
// finds the inputs whose own projections fail and compares their elements
// (a seeded random sample of each large one) instead of a full Jacobian,
// which for a network would take hours. If no input fails alone, only the
// inputs together do, and all of them are compared.
func (c *checker) narrow(r *Report) error {
	var failing []*autodiff.Node
	for _, x := range c.wrt {
		if len(c.wrt) == 1 {
			break // the one input is the failing one
		}
		own, err := c.compareProjections([]*autodiff.Node{x})
		if err != nil {
			return err
		}
		if worst(own) != nil {
			failing = append(failing, x)
		}
	}
	if len(failing) == 0 {
		failing = c.wrt
	}
	r.Projected = false
	picks := c.sample(failing)
	for _, x := range failing {
		if _, ok := picks[x]; ok {
			r.Sampled = append(r.Sampled, x)
		}
	}
	rows, err := c.compareElements(failing, picks)
	r.Rows = rows
	return err
}
