package fd

import (
	"fmt"
	"math"
)

// Point is one stencil sample: evaluate f at x + Loc*h and weigh it by Coeff.
type Point struct{ Loc, Coeff float64 }

// Formula is a finite difference stencil for the Derivative-th derivative:
//
//	f⁽ᵈ⁾(x) ≈ (1/hᵈ) Σ Coeff·f(x + Loc·h).
//
// Order is its truncation order p (the error is O(hᵖ)) and Step its default
// relative step, near the optimum ε^(1/(p+d)). If Step is zero, that optimum
// is used.
type Formula struct {
	Stencil    []Point
	Derivative int
	Order      int
	Step       float64
	Name       string
}

// String returns the formula's name.
func (f Formula) String() string {
	if f.Name != "" {
		return f.Name
	}
	return fmt.Sprintf("Formula{d=%d, p=%d, %d points}", f.Derivative, f.Order, len(f.Stencil))
}

// Optimal relative steps ε^(1/(p+d)) (see doc.go), rounded.
const (
	step11 = 1.5e-8 // p+d = 2: ε^(1/2)
	step3  = 6e-6   // p+d = 3: ε^(1/3)
	step4  = 1.2e-4 // p+d = 4: ε^(1/4)
	step5  = 7.4e-4 // p+d = 5: ε^(1/5)
	step6  = 2.5e-3 // p+d = 6: ε^(1/6)
)

// First-derivative formulas.
var (
	// Forward is (f(x+h) − f(x))/h, O(h).
	Forward = Formula{Stencil: []Point{{0, -1}, {1, 1}}, Derivative: 1, Order: 1, Step: step11, Name: "Forward"}
	// Backward is (f(x) − f(x−h))/h, O(h).
	Backward = Formula{Stencil: []Point{{-1, -1}, {0, 1}}, Derivative: 1, Order: 1, Step: step11, Name: "Backward"}
	// Central is (f(x+h) − f(x−h))/2h, O(h²).
	Central = Formula{Stencil: []Point{{-1, -0.5}, {1, 0.5}}, Derivative: 1, Order: 2, Step: step3, Name: "Central"}
	// Forward2 is (−3f(x) + 4f(x+h) − f(x+2h))/2h, one-sided and O(h²).
	Forward2 = Formula{Stencil: []Point{{0, -1.5}, {1, 2}, {2, -0.5}}, Derivative: 1, Order: 2, Step: step3, Name: "Forward2"}
	// Backward2 is (3f(x) − 4f(x−h) + f(x−2h))/2h, one-sided and O(h²).
	Backward2 = Formula{Stencil: []Point{{-2, 0.5}, {-1, -2}, {0, 1.5}}, Derivative: 1, Order: 2, Step: step3, Name: "Backward2"}
	// Central4 is the five-point stencil (f(x−2h) − 8f(x−h) + 8f(x+h) − f(x+2h))/12h,
	// O(h⁴). Its centre weight is zero, so f(x) is not evaluated.
	Central4 = Formula{Stencil: []Point{{-2, 1.0 / 12}, {-1, -2.0 / 3}, {1, 2.0 / 3}, {2, -1.0 / 12}}, Derivative: 1, Order: 4, Step: step5, Name: "Central4"}
)

// Second-derivative formulas.
var (
	// Central2nd is (f(x−h) − 2f(x) + f(x+h))/h², O(h²).
	Central2nd = Formula{Stencil: []Point{{-1, 1}, {0, -2}, {1, 1}}, Derivative: 2, Order: 2, Step: step4, Name: "Central2nd"}
	// Forward2nd is (f(x) − 2f(x+h) + f(x+2h))/h², O(h).
	Forward2nd = Formula{Stencil: []Point{{0, 1}, {1, -2}, {2, 1}}, Derivative: 2, Order: 1, Step: step3, Name: "Forward2nd"}
	// Central2nd4 is (−f(x−2h) + 16f(x−h) − 30f(x) + 16f(x+h) − f(x+2h))/12h², O(h⁴).
	Central2nd4 = Formula{Stencil: []Point{{-2, -1.0 / 12}, {-1, 4.0 / 3}, {0, -2.5}, {1, 4.0 / 3}, {2, -1.0 / 12}}, Derivative: 2, Order: 4, Step: step6, Name: "Central2nd4"}
)

// isZero reports whether f is the zero Formula, which stands for a default.
func (f Formula) isZero() bool {
	return f.Stencil == nil && f.Derivative == 0 && f.Order == 0 && f.Step == 0 && f.Name == ""
}

// orDefault returns f, or def when f is the zero Formula, after checking it.
func (f Formula) orDefault(def Formula) Formula {
	if f.isZero() {
		f = def
	}
	f.check()
	return f
}

// check panics if f cannot be a finite difference formula: these are
// programmer errors, not properties of the data.
func (f Formula) check() {
	switch {
	case len(f.Stencil) == 0:
		panic(fmt.Sprintf("fd: formula %v has no stencil points", f))
	case f.Derivative < 1:
		panic(fmt.Sprintf("fd: formula %v has Derivative %d, want ≥ 1", f, f.Derivative))
	case f.Order < 1:
		panic(fmt.Sprintf("fd: formula %v has Order %d, want ≥ 1", f, f.Order))
	case f.Step < 0 || math.IsNaN(f.Step):
		panic(fmt.Sprintf("fd: formula %v has Step %v, want ≥ 0", f, f.Step))
	}
}

// defaultStep is f.Step, or the optimal relative step ε^(1/(p+d)) if unset.
func (f Formula) defaultStep() float64 {
	if f.Step != 0 {
		return f.Step
	}
	return optimalStep(f.Order + f.Derivative)
}

// optimalStep is ε^(1/k): where truncation hᵖ meets rounding ε/hᵈ, k = p+d.
func optimalStep(k int) float64 {
	return math.Pow(eps, 1/float64(k))
}

// symmetric reports whether the stencil is (anti)symmetric about 0, with
// c(−L) = (−1)ᵈ c(L). Then the odd (or even) error terms cancel and the
// error series advances in steps of h², which Richardson exploits.
func (f Formula) symmetric() bool {
	sign := 1.0
	if f.Derivative%2 == 1 {
		sign = -1
	}
	for _, p := range f.Stencil {
		found := false
		for _, q := range f.Stencil {
			if q.Loc == -p.Loc && q.Coeff == sign*p.Coeff {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// apply evaluates the formula with absolute step h. fx is f(x) if known
// (haveFx), so that stencils with a centre point reuse it. noise is the
// rounding error to expect, ε·Σ|c·f|/|h|ᵈ: each sample is only known to
// about one ulp, and the formula divides by hᵈ.
func (f Formula) apply(fn func(float64) float64, x, h float64, fx float64, haveFx bool) (v, noise float64, evals int) {
	v, noise, evals, _ = f.sample(fn, x, h, fx, haveFx)
	return v, noise, evals
}

// side records on which side of x a stencil met a value that is not
// finite: below (Loc < 0), above (Loc > 0), or at x itself.
type side uint8

const (
	badBelow side = 1 << iota
	badAbove
	badAtX
)

// sample is apply that also reports which samples were NaN or ±Inf.
func (f Formula) sample(fn func(float64) float64, x, h float64, fx float64, haveFx bool) (v, noise float64, evals int, bad side) {
	var sum, abs, coeffs float64
	for _, p := range f.Stencil {
		if p.Coeff == 0 {
			continue
		}
		var y float64
		if p.Loc == 0 && haveFx {
			y = fx
		} else {
			y = fn(x + p.Loc*h)
			evals++
		}
		if !finite(y) {
			switch {
			case p.Loc*h < 0:
				bad |= badBelow
			case p.Loc*h > 0:
				bad |= badAbove
			default:
				bad |= badAtX
			}
		}
		sum += p.Coeff * y
		abs += math.Abs(p.Coeff * y)
		coeffs += math.Abs(p.Coeff)
	}
	hd := powInt(h, f.Derivative)
	// The rounding of the samples is eps relative to their size, and never
	// less than the smallest float64: samples that underflowed to 0 (x² at
	// 1e-200) resolve nothing below it, so their difference of exactly 0 is
	// 0 ± that, not an exact 0.
	return sum / hd, math.Max(eps*abs, math.SmallestNonzeroFloat64*coeffs) / math.Abs(hd), evals, bad
}

// oneSided returns a formula for the same derivative whose samples all lie
// on the side of x that is not bad (below if up, above otherwise), for use
// where f's domain ends next to x. A symmetric formula is replaced by the
// second-order one-sided formula (Forward2, Backward2 or their
// second-derivative counterparts); a one-sided formula by its mirror image,
// so that a Forward whose samples above x left the domain becomes Backward.
// ok is false for a formula with samples on both sides that has no
// replacement (a custom or third-derivative formula).
func (f Formula) oneSided(up bool) (g Formula, ok bool) {
	lo, hi := f.reach()
	switch {
	case up && hi <= 0, !up && lo >= 0:
		return f, true // already on the good side
	case up && lo >= 0, !up && hi <= 0:
		return f.mirror(), true
	}
	var fwd Formula
	switch f.Derivative {
	case 1:
		fwd = Forward2
	case 2:
		fwd = forward2nd2
	default:
		return Formula{}, false
	}
	if up {
		return fwd.mirror(), true
	}
	return fwd, true
}

// reach returns the smallest and largest Loc of the stencil's samples.
func (f Formula) reach() (lo, hi float64) {
	for _, p := range f.Stencil {
		if p.Coeff != 0 {
			lo, hi = math.Min(lo, p.Loc), math.Max(hi, p.Loc)
		}
	}
	return lo, hi
}

// mirror reflects the stencil about x: Loc → −Loc, with the weights
// multiplied by (−1)ᵈ so that it still computes f⁽ᵈ⁾.
func (f Formula) mirror() Formula {
	sign := 1.0
	if f.Derivative%2 == 1 {
		sign = -1
	}
	g := f
	g.Stencil = make([]Point, len(f.Stencil))
	for i, p := range f.Stencil {
		g.Stencil[i] = Point{Loc: -p.Loc, Coeff: sign * p.Coeff}
	}
	if g.Name != "" {
		g.Name = "mirrored " + g.Name
	}
	return g
}

// forward2nd2 is (2f(x) − 5f(x+h) + 4f(x+2h) − f(x+3h))/h², one-sided and
// O(h²): the replacement for a central second difference at a domain edge.
var forward2nd2 = Formula{Stencil: []Point{{0, 2}, {1, -5}, {2, 4}, {3, -1}}, Derivative: 2, Order: 2, Step: step4, Name: "Forward2nd (O(h²))"}

// eps is the unit roundoff of float64, 2⁻⁵².
const eps = 0x1p-52

// usesOrigin reports whether the stencil samples f(x) itself.
func (f Formula) usesOrigin() bool {
	for _, p := range f.Stencil {
		if p.Loc == 0 && p.Coeff != 0 {
			return true
		}
	}
	return false
}

func powInt(h float64, d int) float64 {
	r := 1.0
	for range d {
		r *= h
	}
	return r
}
