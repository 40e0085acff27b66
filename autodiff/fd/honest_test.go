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

// TestDirectionalStepIgnoresUnmovedCoordinates: a huge coordinate that v
// does not move does not inflate the step along v.
func TestDirectionalStepIgnoresUnmovedCoordinates(t *testing.T) {
	f := func(x []float64) float64 { return math.Sin(x[0]) + x[1] }
	e := DirectionalDerivative(f, []float64{3, 1e6}, []float64{1, 0}, nil)
	if math.Abs(e.Value-math.Cos(3)) > 1e-10 {
		t.Errorf("d/dt sin(3 + t) = %v ± %v, want %v", e.Value, e.Err, math.Cos(3))
	}
}
