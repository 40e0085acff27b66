package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// strongZeroCases are functions whose derivative at the point is finite
// although some branch of them has an infinite (or NaN) derivative there:
// the branch is not taken, or its partial is zero by a kink convention.
// Each is generic, so one definition runs on Number, Hyper and Vec.
var strongZeroCases = []struct {
	name   string
	x      float64
	num    func(dual.Number) dual.Number
	hyp    func(dual.Hyper) dual.Hyper
	vec    func(dual.Vec) dual.Vec
	d1, d2 float64 // f′(x) and f″(x)
}{
	{"max(2x+1, √x) at 0", 0, maxLinSqrt[dual.Number], maxLinSqrt[dual.Hyper], maxLinSqrt[dual.Vec], 2, 0},
	{"max(√x, 2x+1) at 0 (operands swapped)", 0, maxSqrtLin[dual.Number], maxSqrtLin[dual.Hyper], maxSqrtLin[dual.Vec], 2, 0},
	{"min(2x−1, −√x) at 0", 0, minLinSqrt[dual.Number], minLinSqrt[dual.Hyper], minLinSqrt[dual.Vec], 2, 0},
	{"relu(√x) at 0 (relu′(0) = 0)", 0, reluSqrt[dual.Number], reluSqrt[dual.Hyper], reluSqrt[dual.Vec], 0, 0},
	{"|√x| + x at 0 (abs′(0) = 0)", 0, absSqrt[dual.Number], absSqrt[dual.Hyper], absSqrt[dual.Vec], 1, 0},
	{"(√x)⁰ + x at 0 (∂x of Pow(x, 0) is 0)", 0, powZero[dual.Number], powZero[dual.Hyper], powZero[dual.Vec], 1, 0},
	{"0·√x + 3x at 0 (a product with a constant 0)", 0, mulZero[dual.Number], mulZero[dual.Hyper], mulZero[dual.Vec], 3, 0},
	{"Scale(0, √x) + x at 0", 0, scaleZero[dual.Number], scaleZero[dual.Hyper], scaleZero[dual.Vec], 1, 0},
	{"log(x) where not taken: max(x², log x) at 0", 0, maxSqLog[dual.Number], maxSqLog[dual.Hyper], maxSqLog[dual.Vec], 0, 2},
	{"max(5+x, (−2)ˣ) at 2 (∂ of (−2)ˣ is NaN)", 2, maxNaNBranch[dual.Number], maxNaNBranch[dual.Hyper], maxNaNBranch[dual.Vec], 1, 0},
}

func maxLinSqrt[T dual.Scalar[T]](x T) T { return x.Scale(2).Add(x.Const(1)).Maximum(x.Sqrt()) }
func maxSqrtLin[T dual.Scalar[T]](x T) T { return x.Sqrt().Maximum(x.Scale(2).Add(x.Const(1))) }
func minLinSqrt[T dual.Scalar[T]](x T) T { return x.Scale(2).Sub(x.Const(1)).Minimum(x.Sqrt().Neg()) }
func reluSqrt[T dual.Scalar[T]](x T) T   { return x.Sqrt().ReLU() }
func absSqrt[T dual.Scalar[T]](x T) T    { return x.Sqrt().Abs().Add(x) }
func powZero[T dual.Scalar[T]](x T) T    { return x.Sqrt().Pow(x.Const(0)).Add(x) }
func mulZero[T dual.Scalar[T]](x T) T    { return x.Const(0).Mul(x.Sqrt()).Add(x.Scale(3)) }
func scaleZero[T dual.Scalar[T]](x T) T  { return x.Sqrt().Scale(0).Add(x) }
func maxSqLog[T dual.Scalar[T]](x T) T   { return x.Mul(x).Maximum(x.Log()) }
func maxNaNBranch[T dual.Scalar[T]](x T) T {
	return x.Add(x.Const(5)).Maximum(x.Const(-2).Pow(x))
}

// TestStrongZeroDual: a partial that is exactly zero stops an infinite or
// NaN perturbation (ChainProduct), so each case's first derivative is right
// in Number, Hyper (both ε parts) and Vec, and its second derivative in
// Hyper — where, before, 0·Inf made them NaN.
func TestStrongZeroDual(t *testing.T) {
	for _, c := range strongZeroCases {
		if got := dual.Derivative(c.num, c.x); got != c.d1 {
			t.Errorf("%s: Number f′ = %v, want %v", c.name, got, c.d1)
		}
		h := c.hyp(dual.Hyper{Real: c.x, E1: 1, E2: 1})
		if h.E1 != c.d1 || h.E2 != c.d1 || h.E12 != c.d2 {
			t.Errorf("%s: Hyper (f′, f′, f″) = (%v, %v, %v), want (%v, %v, %v)", c.name, h.E1, h.E2, h.E12, c.d1, c.d1, c.d2)
		}
		g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec { return c.vec(v[0]) }, []float64{c.x})
		if g[0] != c.d1 {
			t.Errorf("%s: Vec gradient = %v, want %v", c.name, g[0], c.d1)
		}
		// Vec with more partials than the function uses: the other
		// partial (a zero perturbation) stays exactly 0.
		g2 := dual.Gradient(nil, func(v []dual.Vec) dual.Vec { return c.vec(v[0]).Add(v[1].Scale(0)) }, []float64{c.x, 1})
		if g2[0] != c.d1 || g2[1] != 0 {
			t.Errorf("%s: Vec gradient with a second input = %v, want [%v 0]", c.name, g2, c.d1)
		}
	}
}

// TestStrongZeroChainProduct: the helper itself, both ways round.
func TestStrongZeroChainProduct(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, c := range []struct{ d, e, want float64 }{
		{0, inf, 0}, {inf, 0, 0}, {0, -inf, 0}, {0, nan, 0}, {nan, 0, 0}, {math.Copysign(0, -1), inf, 0},
		{2, 3, 6}, {2, inf, inf}, {-2, inf, -inf},
	} {
		if got := dual.ChainProduct(c.d, c.e); got != c.want {
			t.Errorf("ChainProduct(%v, %v) = %v, want %v", c.d, c.e, got, c.want)
		}
	}
	for _, c := range [][2]float64{{2, nan}, {nan, 2}, {inf, nan}} {
		if got := dual.ChainProduct(c[0], c[1]); !math.IsNaN(got) {
			t.Errorf("ChainProduct(%v, %v) = %v, want NaN: only an exact zero is strong", c[0], c[1], got)
		}
	}
}
