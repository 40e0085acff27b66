package dual

// The registry: every rule of the generator's table, by name, for engines
// that apply elementwise functions to tensors (package autodiff). It is
// generated (registry_gen.go) from the same table as the number types'
// methods, so a function cannot be in one and missing from the other, and it
// cannot be changed at run time.

// UnaryRule is a one-argument function's rule.
type UnaryRule struct {
	// Name is the rule's name, the lower case of its method's ("sin", "relu").
	Name string
	// Kind says whether f is linear (its derivative a constant).
	Kind Kind
	// Value returns f(x) alone, bit for bit the f that Eval returns, without
	// computing a derivative: for evaluating where no derivative is wanted.
	Value func(x float64) float64
	// Eval returns f(x), f′(x) and f″(x).
	Eval func(x float64) (f, d1, d2 float64)
}

// Partials holds the first and second partial derivatives of f(x, y).
type Partials struct {
	X, Y       float64 // ∂f/∂x, ∂f/∂y
	XX, XY, YY float64 // ∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²
}

// BinaryRule is a two-argument function's rule.
type BinaryRule struct {
	// Name is the rule's name, the lower case of its method's ("add", "maximum").
	Name string
	// Kind says whether f is linear, bilinear or neither.
	Kind Kind
	// Value returns f(x, y) alone, bit for bit the f that Eval returns.
	Value func(x, y float64) float64
	// Eval returns f(x, y) and its partial derivatives.
	Eval func(x, y float64) (f float64, p Partials)
}

// UnaryRuleFor returns the rule of the one-argument function named name
// ("sin", "exp", "relu", … — see UnaryNames) and whether there is one.
func UnaryRuleFor(name string) (UnaryRule, bool) {
	for _, r := range unaryRules {
		if r.Name == name {
			return r, true
		}
	}
	return UnaryRule{}, false
}

// BinaryRuleFor returns the rule of the two-argument function named name
// ("add", "pow", "maximum", … — see BinaryNames) and whether there is one.
func BinaryRuleFor(name string) (BinaryRule, bool) {
	for _, r := range binaryRules {
		if r.Name == name {
			return r, true
		}
	}
	return BinaryRule{}, false
}

// UnaryNames returns the names of the one-argument rules in the order of the
// generator's table, a new slice on each call.
func UnaryNames() []string {
	names := make([]string, len(unaryRules))
	for i, r := range unaryRules {
		names[i] = r.Name
	}
	return names
}

// BinaryNames returns the names of the two-argument rules in table order.
func BinaryNames() []string {
	names := make([]string, len(binaryRules))
	for i, r := range binaryRules {
		names[i] = r.Name
	}
	return names
}
