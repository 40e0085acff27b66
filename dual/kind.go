package dual

// Kind says how a rule depends on its arguments. An engine that builds
// derivatives as graphs (package autodiff) uses it to keep them small: the
// partials of a linear function are constants and the partials of a bilinear
// one are its other argument, so neither needs a node that evaluates the
// rule's derivatives.
//
// Kind is structure, not a name: an engine asks whether a rule is linear,
// never whether it is called "add".
type Kind int

const (
	// General: the partials depend on the point; evaluate them from Eval.
	// It is the zero value, so a rule that states nothing assumes nothing.
	General Kind = iota
	// Linear: f(x) = c·x, or f(x, y) = α·x + β·y, with constant c, α, β
	// (neg, add, sub). Eval at any point returns the constants as its first
	// partials; the second partials are 0.
	Linear
	// Bilinear: f(x, y) = c·x·y (mul). ∂f/∂x = c·y and ∂f/∂y = c·x, the
	// other argument scaled; c is the constant second partial ∂²f/∂x∂y.
	Bilinear
)

var kindNames = [...]string{"general", "linear", "bilinear"}

// String returns "general", "linear" or "bilinear".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "Kind(?)"
	}
	return kindNames[k]
}
