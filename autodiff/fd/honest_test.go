package fd

import (
	"math"
	"testing"
)

// TestRichardsonErrIsHonest: across smooth functions at ordinary and
// extreme arguments (sin at 1e6, whose relative step spans many periods;
// sqrt and log near 0), kinks and poles near the point, and every first-
// derivative formula, the true error is within 4·Err. An estimate may be
// wrong, but then it must say so.
func TestRichardsonErrIsHonest(t *testing.T) {
	fns := []struct {
		name string
		f, d func(float64) float64
		xs   []float64
	}{
		{"sin", math.Sin, math.Cos, []float64{0.5, 3, 100, 1e4, 1e6}},
		{"exp", math.Exp, math.Exp, []float64{-3, 0, 1, 10}},
		{"x¹⁰", func(x float64) float64 { return math.Pow(x, 10) }, func(x float64) float64 { return 10 * math.Pow(x, 9) }, []float64{0.5, 1, 2}},
		{"sqrt", math.Sqrt, func(x float64) float64 { return 0.5 / math.Sqrt(x) }, []float64{1e-4, 1e-2, 1, 100}},
		{"log", math.Log, func(x float64) float64 { return 1 / x }, []float64{1e-3, 0.5, 1e3}},
		// Near the edge of the domain: the step must shrink with x.
		{"sqrt near 0", math.Sqrt, func(x float64) float64 { return 0.5 / math.Sqrt(x) }, []float64{1e-3, 1e-5, 1e-6, 1e-7, 1e-8}},
		{"log near 0", math.Log, func(x float64) float64 { return 1 / x }, []float64{1e-4, 1e-5, 1e-6, 1e-7, 1e-8}},
		{"1/x near its pole", func(x float64) float64 { return 1 / x }, func(x float64) float64 { return -1 / (x * x) }, []float64{1e-3, 1e-6, -1e-6, 1e-8}},
		// Poles and edges away from 0, where |x| is far above f's own scale:
		// the tableau must find that scale, not agree with itself by chance.
		{"1/(x−1) near 1", func(x float64) float64 { return 1 / (x - 1) }, func(x float64) float64 { return -1 / ((x - 1) * (x - 1)) }, []float64{1.001, 0.999, 1 + 0x1p-20}},
		{"log1p near −1", math.Log1p, func(x float64) float64 { return 1 / (1 + x) }, []float64{-1 + 0x1p-20, -1 + 1e-3}},
		// Derivatives that are 0 or tiny next to f: relative measures break.
		{"cos near 0", math.Cos, func(x float64) float64 { return -math.Sin(x) }, []float64{0, 1e-10, 1e-3}},
		{"x² at 0", func(x float64) float64 { return x * x }, func(x float64) float64 { return 2 * x }, []float64{0}},
		{"atan", math.Atan, func(x float64) float64 { return 1 / (1 + x*x) }, []float64{0, 0.5, 30}},
		{"relu(x+5e-4)", func(x float64) float64 { return math.Max(x+5e-4, 0) }, func(float64) float64 { return 1 }, []float64{0}},
	}
	for _, form := range []Formula{Central, Forward, Backward, Forward2, Central4} {
		for _, f := range fns {
			for _, x := range f.xs {
				e := Richardson(f.f, x, &RichardsonSettings{Formula: form})
				want := f.d(x)
				if actual := math.Abs(e.Value - want); actual > 4*e.Err+4e-16*math.Abs(want) {
					t.Errorf("%s, %s′(%v): %v ± %.2g, true error %.2g", form.Name, f.name, x, e.Value, e.Err, actual)
				}
			}
		}
	}
}

// TestOneSidedNearPoleIsHonest: 1e-6 from the pole of log the one-sided
// slopes were ±510 off by 1e6. Now both are accurate and honest, at 0 and
// shifted away from it (log1p at −1 + 2⁻²⁰, where |x| ≈ 1 says nothing of
// the scale).
func TestOneSidedNearPoleIsHonest(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(float64) float64
		x, d float64
	}{
		{"log at 1e-6", math.Log, 1e-6, 1e6},
		{"log at 1e-8", math.Log, 1e-8, 1e8},
		{"log1p at −1+2⁻²⁰", math.Log1p, -1 + 0x1p-20, 0x1p20},
	} {
		l, r := OneSided(c.f, c.x)
		for _, e := range []struct {
			side string
			e    Estimate
		}{{"left", l}, {"right", r}} {
			actual := math.Abs(e.e.Value - c.d)
			if actual > 4*e.e.Err || actual > 1e-7*c.d || e.e.Status != Interior {
				t.Errorf("%s %s: %v ± %.2g (%v), want %v: true error %.2g", c.name, e.side, e.e.Value, e.e.Err, e.e.Status, c.d, actual)
			}
		}
	}
}

// TestZeroGradientIsHonest: where the gradient is 0 (Rosenbrock at its
// minimum, whose value is computed with cancellation, so its rounding is
// not ε·|f|), the estimate is within 4·Err of 0 and Err is tiny.
func TestZeroGradientIsHonest(t *testing.T) {
	bowl := func(x []float64) float64 { return (x[0]-3)*(x[0]-3) + math.Cos(x[1]) + math.Exp(x[2]*x[2]) }
	cases := []struct {
		f func([]float64) float64
		x []float64
	}{
		{rosen, []float64{1, 1}}, {rosen, []float64{1, 1, 1, 1}}, {rosen, []float64{1, 1, 1, 1, 1}},
		{bowl, []float64{3, 0, 0}},
	}
	for _, c := range cases {
		for _, form := range []Formula{{}, Central4, Forward2} {
			for i, e := range GradientRichardson(c.f, c.x, &RichardsonSettings{Formula: form}) {
				if math.Abs(e.Value) > 4*e.Err || e.Err > 1e-11 {
					t.Errorf("%v at %v ∂%d: %v ± %.2g, want 0 within 4·Err and Err ≤ 1e-11", form, c.x, i, e.Value, e.Err)
				}
			}
		}
	}
}

// TestDirectionalStepIgnoresUnmovedCoordinates: a huge coordinate that v
// does not move does not inflate the step along v.
func TestDirectionalStepIgnoresUnmovedCoordinates(t *testing.T) {
	f := func(x []float64) float64 { return math.Sin(x[0]) + x[1] }
	e := DirectionalDerivative(f, []float64{3, 1e6}, []float64{1, 0}, nil)
	if math.Abs(e.Value-math.Cos(3)) > 1e-10 {
		t.Errorf("d/dt sin(3 + t) = %v ± %v, want %v", e.Value, e.Err, math.Cos(3))
	}
}
