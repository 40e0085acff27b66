package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

var (
	inf = math.Inf(1)
	nan = math.NaN()
)

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestSpecialCases pins the documented conventions at edge points: kinks,
// infinite derivatives, out-of-domain arguments, infinities.
func TestSpecialCases(t *testing.T) {
	c := func(x float64) dual.Number { return dual.Number{Real: x} }
	v := dual.Var
	tests := []struct {
		name      string
		got       dual.Number
		real, eps float64
	}{
		{"Abs(0)", v(0).Abs(), 0, 0},
		{"Abs(-0)", v(math.Copysign(0, -1)).Abs(), 0, 0},
		{"ReLU(0)", v(0).ReLU(), 0, 0},
		{"ReLU(-1)", v(-1).ReLU(), 0, 0},
		{"Maximum tie", v(2).Maximum(c(2)), 2, 0.5},
		{"Minimum tie", c(2).Minimum(v(2)), 2, 0.5},
		{"Maximum(x, x)", v(3).Maximum(v(3)), 3, 1},
		{"Minimum(x, x)", v(3).Minimum(v(3)), 3, 1},
		{"Sqrt(0)", v(0).Sqrt(), 0, inf},
		{"Sqrt(const 0)", c(0).Sqrt(), 0, 0},
		{"Sqrt(-1)", v(-1).Sqrt(), nan, nan},
		{"Log(0)", v(0).Log(), -inf, inf},
		{"Log(-1)", v(-1).Log(), nan, nan},
		{"Log2(-1)", v(-1).Log2(), nan, nan},
		{"Log10(0)", v(0).Log10(), -inf, inf},
		{"Log1p(-1)", v(-1).Log1p(), -inf, inf},
		{"Log1p(-2)", v(-2).Log1p(), nan, nan},
		{"Asin(1)", v(1).Asin(), math.Pi / 2, inf},
		{"Asin(2)", v(2).Asin(), nan, nan},
		{"Acos(1)", v(1).Acos(), 0, -inf},
		{"Cbrt(0)", v(0).Cbrt(), 0, inf},
		{"Inv(0)", v(0).Inv(), inf, -inf},
		{"Pow(0, 2)", v(0).Pow(c(2)), 0, 0},
		{"Pow(0, 0.5)", v(0).Pow(c(0.5)), 0, inf},
		{"Pow(const 0, y)", c(0).Pow(v(2)), 0, 0},
		{"Pow(x, 0) at 0", v(0).Pow(c(0)), 1, 0},
		{"Pow(-2, 3)", v(-2).Pow(c(3)), -8, 12},
		{"Pow(-2, y=3)", c(-2).Pow(v(3)), -8, nan},
		{"Pow(-2, 0.5)", v(-2).Pow(c(0.5)), nan, nan},
		{"PowF(-2, 3)", v(-2).PowF(3), -8, 12},
		{"PowF(0, 0)", v(0).PowF(0), 1, 0},
		{"Hypot(0, 0)", v(0).Hypot(c(0)), 0, 0},
		{"Exp(-Inf)", v(-inf).Exp(), 0, 0},
		{"Exp(+Inf)", v(inf).Exp(), inf, inf},
		{"Tanh(+Inf)", v(inf).Tanh(), 1, 0},
		{"Sigmoid(+Inf)", v(inf).Sigmoid(), 1, 0},
		{"Sigmoid(-Inf)", v(-inf).Sigmoid(), 0, 0},
		{"Sigmoid(-800)", v(-800).Sigmoid(), 0, 0},
		{"Softplus(+Inf)", v(inf).Softplus(), inf, 1},
		{"Softplus(-Inf)", v(-inf).Softplus(), 0, 0},
		{"Softplus(800)", v(800).Softplus(), 800, 1},
		{"Atan(+Inf)", v(inf).Atan(), math.Pi / 2, 0},
		{"Erf(+Inf)", v(inf).Erf(), 1, 0},
		{"Sin(+Inf)", v(inf).Sin(), nan, nan},
		{"Div(1, 0)", v(1).Div(c(0)), inf, inf},
	}
	for _, tt := range tests {
		if !same(tt.got.Real, tt.real) || !same(tt.got.Eps, tt.eps) {
			t.Errorf("%s = %v + %vε, want %v + %vε", tt.name, tt.got.Real, tt.got.Eps, tt.real, tt.eps)
		}
	}
}

// TestSecondOrderSpecialCases: the documented second derivatives at edges.
func TestSecondOrderSpecialCases(t *testing.T) {
	tests := []struct {
		name string
		f    func(dual.Hyper) dual.Hyper
		x    float64
		want float64
	}{
		{"Sqrt″(0)", dual.Hyper.Sqrt, 0, -inf},
		{"Abs″(0)", dual.Hyper.Abs, 0, 0},
		{"ReLU″(0)", dual.Hyper.ReLU, 0, 0},
		{"Log″(0)", dual.Hyper.Log, 0, -inf},
		{"x³″(-2)", func(x dual.Hyper) dual.Hyper { return x.PowF(3) }, -2, -12},
	}
	for _, tt := range tests {
		if got := dual.SecondDerivative(tt.f, tt.x); !same(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestNaNPropagates: a NaN argument gives a NaN value, and a NaN derivative
// wherever the derivative depends on the argument (the derivative of −x is
// −1 even at NaN), in every function of every type, without panicking.
func TestNaNPropagates(t *testing.T) {
	for _, c := range unaryCases {
		if c.name == "Neg" {
			if n := c.num(dual.Var(nan)); !math.IsNaN(n.Real) || n.Eps != -1 {
				t.Errorf("Neg(NaN) = %v, want NaN − 1ε", n)
			}
			continue
		}
		n := c.num(dual.Var(nan))
		h := c.hyp(dual.Hyper{Real: nan, E1: 1, E2: 1})
		v := c.vec(dual.NewVec(nan, [dual.VecWidth]float64{1}))
		if !math.IsNaN(n.Real) || !math.IsNaN(n.Eps) || !math.IsNaN(h.E1) || !math.IsNaN(v.Partial(0)) {
			t.Errorf("%s(NaN) = %v (Number), %v (Hyper), %v (Vec): want NaN throughout", c.name, n, h, v)
		}
	}
	for _, c := range binaryCases {
		n := c.num(dual.Var(nan), dual.Var(1))
		if c.name == "Add" || c.name == "Sub" {
			if !math.IsNaN(n.Real) {
				t.Errorf("%s(NaN, 1) = %v, want a NaN value", c.name, n)
			}
			continue
		}
		if !math.IsNaN(n.Real) || !math.IsNaN(n.Eps) {
			t.Errorf("%s(NaN, 1) = %v, want NaN + NaNε", c.name, n)
		}
	}
}

// TestConstantsCarryNoDerivative: a zero ε part stays zero through every
// function, even where the derivative itself is infinite or NaN.
func TestConstantsCarryNoDerivative(t *testing.T) {
	for _, x := range []float64{0, -1, 1, 2, inf} {
		for _, c := range unaryCases {
			if got := c.num(dual.Number{Real: x}); got.Eps != 0 {
				t.Errorf("%s(const %v) has ε part %v, want 0", c.name, x, got.Eps)
			}
		}
	}
}

// TestExtremeScales: rules stay finite and right where naive formulas
// overflow, underflow or meet 0·Inf.
func TestExtremeScales(t *testing.T) {
	negZero := math.Copysign(0, -1)
	c := func(x float64) dual.Number { return dual.Number{Real: x} }
	tests := []struct {
		name      string
		got, want float64
	}{
		{"(x¹)″ at 0", dual.SecondDerivative(func(x dual.Hyper) dual.Hyper { return x.PowF(1) }, 0), 0},
		{"∂xx x^y at (0, 1)", dual.Hyper{Real: 0, E1: 1, E2: 1}.Pow(dual.Hyper{Real: 1}).E12, 0},
		{"∂/∂a atan2 at 1e200", dual.Var(1e200).Atan2(c(1e200)).Eps, 0.5e-200},
		{"∂/∂a atan2 at 1e-200", dual.Var(1e-200).Atan2(c(1e-200)).Eps, 0.5e200},
		{"∂²/∂x² hypot at (1e200, 1e200)", dual.SecondDerivative(func(x dual.Hyper) dual.Hyper { return x.Hypot(dual.Hyper{Real: 1e200}) }, 1e200), 0.5 / math.Sqrt2 * 1e-200},
		{"∂²/∂x² hypot at (1e-200, 1e-200)", dual.SecondDerivative(func(x dual.Hyper) dual.Hyper { return x.Hypot(dual.Hyper{Real: 1e-200}) }, 1e-200), 0.5 / math.Sqrt2 * 1e200},
		{"∂/∂x hypot at (+Inf, 1)", dual.Var(inf).Hypot(c(1)).Eps, 1},
		{"Maximum(−0, +0)", c(negZero).Maximum(c(0)).Real, 0},
		{"sqrt′(−0)", dual.Var(negZero).Sqrt().Eps, inf},
		{"log′(−0)", dual.Var(negZero).Log().Eps, inf},
	}
	for _, tt := range tests {
		if !close(tt.got, tt.want, 1e-14, 0) || math.Signbit(tt.got) != math.Signbit(tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
