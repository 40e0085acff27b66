package main

import (
	"bytes"
	"fmt"

	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/examples/internal/derivatives"
)

// derivativesChapter: a dual number by hand, then the lesson of
// examples/derivatives (the same code, run from package derivatives).
func derivativesChapter(c *chapter) error {
	c.Para("A dual number a + bε extends the reals with an infinitesimal ε that is not zero but whose square is: ε² = 0. " +
		"Put x + ε into a polynomial and Taylor's series stops after its first term, f(x + ε) = f(x) + f′(x)ε: " +
		"the ε part is the exact derivative. By hand, for f(x) = x³ − 2x² + x − 1 at x = 1.5:")
	c.Pre(`  (1.5 + ε)²  = 2.25 + 3ε + ε²                      = 2.25 + 3ε
  (1.5 + ε)³  = (2.25 + 3ε)(1.5 + ε)
              = 3.375 + 2.25ε + 4.5ε + 3ε²            = 3.375 + 6.75ε
  f(1.5 + ε)  = (3.375 + 6.75ε) − 2(2.25 + 3ε) + (1.5 + ε) − 1
              = −0.625 + 1.75ε        so f(1.5) = −0.625 and f′(1.5) = 1.75 = 3x² − 4x + 1`)

	// The same steps on dual.Number: each product drops its ε² term.
	x := dual.Var(1.5)
	x2 := x.Mul(x)
	x3 := x2.Mul(x)
	f := x3.Sub(x.Const(2).Mul(x2)).Add(x).Sub(x.Const(1))
	c.Para("dual.Number does exactly this arithmetic — (a + bε)(c + dε) = ac + (ad + bc)ε is the product rule:")
	c.Pre(fmt.Sprintf("  x = dual.Var(1.5)   %s\n  x·x                 %s\n  x·x·x               %s\n  f(x)                %s",
		show(x), show(x2), show(x3), show(f)))

	// Second order: two infinitesimals whose product survives.
	poly := func(x dual.Hyper) dual.Hyper {
		return x.Mul(x).Mul(x).Sub(x.Const(2).Mul(x.Mul(x))).Add(x).Sub(x.Const(1))
	}
	h := poly(dual.Hyper{Real: 1.5, E1: 1, E2: 1})
	c.Para("For f″ a hyper-dual number carries two infinitesimals with ε₁² = ε₂² = 0 but ε₁ε₂ ≠ 0; "+
		"f(x + ε₁ + ε₂) = f + f′ε₁ + f′ε₂ + f″ε₁ε₂. Here f(1.5 + ε₁ + ε₂) = %g + %gε₁ + %gε₂ + %gε₁ε₂, and f″ = 6x − 4 = 5.",
		h.Real, h.E1, h.E2, h.E12)

	c.Para("Each function below is written once, generic over dual.Scalar, and run on dual.Float (f), dual.Number (f′) and dual.Hyper (f″); " +
		"the closed form and finite differences from autodiff/fd stand beside them. This is the program examples/derivatives:")
	var out bytes.Buffer
	paths, err := derivatives.Run(c.dir, &out)
	c.Pre(out.String())
	if err != nil {
		return err
	}
	grid, errPlot := paths[len(paths)-2], paths[len(paths)-1]
	c.Picture(grid, "f, f′ and f″ of five functions, all from dual numbers; at the kink of |x| the dual number reports the convention f′(0) = 0.")
	c.Para("A finite difference needs a step h, and its error is a V against h: on the right truncation (about C·hᵖ for a formula of order p), " +
		"on the left rounding (about ε_machine·|f|/h, because f(x+h) and f(x) agree in most of their digits). No step gives more than about 8 " +
		"(forward) or 11 (central) correct digits; an error of exactly 0 at one step, as for the polynomial above, is rounding errors " +
		"cancelling by chance, and the neighbouring steps show the real accuracy. The dual number has no step to choose: there is nothing to truncate, because ε² = 0 " +
		"is exact, and nothing cancels, because the derivative is carried separately from the value.")
	c.Picture(errPlot, "|error of f′| against the step h (log–log): forward, central and fourth-order differences form Vs; the dual number's error is 0, drawn at the floor.")
	return nil
}

// show prints a dual number as a + bε.
func show(n dual.Number) string {
	sign := "+"
	if n.Eps < 0 {
		sign = "−"
		n.Eps = -n.Eps
	}
	return fmt.Sprintf("%g %s %gε", n.Real, sign, n.Eps)
}
