package gradcheck

// Settings tunes Check. The zero value (or nil) works.
type Settings struct {
	// RelTol and AbsTol bound the disagreement allowed beyond the finite
	// differences' own error estimate: RelTol relative to the derivative,
	// AbsTol relative to the size of the function's values near the point,
	// or of the terms they are made of where that is larger (so a
	// derivative that should be 0 can be; see the package doc). A
	// comparison passes when the finite differences prove each mode within
	// 3·tol of the derivative (compare.go). 0 means 1e-7 and 1e-12.
	RelTol, AbsTol float64
	// MaxElements: inputs with at most this many elements in all, and an
	// output no larger, are compared element by element; larger ones by
	// random projections vᵀJu. 0 means 64.
	MaxElements int
	// Projections is the number of random projections; 0 means 4.
	Projections int
	// Sample: when a projection fails, an input with more elements than
	// this has a seeded random sample of this many compared (a full
	// Jacobian of a large network would take hours); 0 means 64.
	Sample int
	// Seed seeds the random directions, so a check is repeatable.
	Seed uint64
}

func (s *Settings) withDefaults() Settings {
	var c Settings
	if s != nil {
		c = *s
	}
	if c.RelTol == 0 {
		c.RelTol = 1e-7
	}
	if c.AbsTol == 0 {
		c.AbsTol = 1e-12
	}
	if c.MaxElements == 0 {
		c.MaxElements = 64
	}
	if c.Projections == 0 {
		c.Projections = 4
	}
	if c.Sample == 0 {
		c.Sample = 64
	}
	return c
}
