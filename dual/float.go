package dual

// Float is a plain float64 that satisfies Scalar, so a function written once
// for Scalar can also run without any derivative bookkeeping.
type Float float64

// Value returns a as a float64.
func (a Float) Value() float64 { return float64(a) }

// Const returns c.
func (a Float) Const(c float64) Float { return Float(c) }

// Scale returns c·a.
func (a Float) Scale(c float64) Float { return Float(c) * a }

// PowF returns aᵖ.
func (a Float) PowF(p float64) Float { return a.unary(powFRule(float64(a), p)) }

func (a Float) unary(f, _, _ float64) Float { return Float(f) }

// Float's elementary functions (float_gen.go) evaluate each function's value
// expression from the generator's table, which computes f alone: a plain
// float has no use for the derivatives that the rules return.
