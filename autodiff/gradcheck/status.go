package gradcheck

import "fmt"

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
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusNames[s]
}

// Disagreement says which of the three ways of computing a derivative
// disagrees with the others in a failed comparison.
type Disagreement int

const (
	// Agree: nothing disagrees (the comparison passed).
	Agree Disagreement = iota
	// ReverseDisagrees: forward mode agrees with finite differences and
	// reverse mode does not, so a VJP rule is wrong.
	ReverseDisagrees
	// ForwardDisagrees: reverse mode agrees with finite differences and
	// forward mode does not, so a JVP rule is wrong.
	ForwardDisagrees
	// ModesDisagree: reverse and forward mode disagree with each other and
	// with finite differences.
	ModesDisagree
	// FiniteDifferencesDisagree: the two modes agree with each other but not
	// with finite differences: a wrong rule shared by both modes, or finite
	// differences defeated by rounding or truncation (the step sweep tells).
	// Finite differences are not thereby the culprit: two modes that agree
	// are evidence too, so the report says what agrees and what does not.
	FiniteDifferencesDisagree
)

// A disagreement between the modes (ReverseDisagrees, ForwardDisagrees,
// ModesDisagree) is always a rule error, at a kink as anywhere: an op's JVP
// and VJP rules are transposes of one linear map. Only
// FiniteDifferencesDisagree can be excused, by a kink or a step sweep.

var disagreementNames = [...]string{"", "reverse", "forward", "reverse and forward (each other, and finite differences)", "forward and reverse agree; finite differences disagree"}

// String names what disagrees, as the report prints it ("" when nothing does).
func (d Disagreement) String() string {
	if d < 0 || int(d) >= len(disagreementNames) {
		return fmt.Sprintf("Disagreement(%d)", int(d))
	}
	return disagreementNames[d]
}
