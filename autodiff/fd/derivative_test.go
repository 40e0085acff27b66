package fd

import (
	"math"
	"testing"

	gfd "gonum.org/v1/gonum/diff/fd"
)

func TestStepAt(t *testing.T) {
	const h = 1e-5
	base := StepAt(0.5, h)
	if math.Abs(base-h)/h > 1e-10 {
		t.Errorf("StepAt(0.5) = %v, want ≈ %v (|x| < 1 uses h)", base, h)
	}
	for _, x := range []float64{0, 0.5, -0.7, 1, 3.3, -1e3, 1e6, 1e12, 0.1} {
		s := StepAt(x, h)
		want := h * math.Max(1, math.Abs(x))
		if math.Abs(s-want)/want > 1e-6 {
			t.Errorf("StepAt(%v) = %v, want ≈ %v", x, s, want)
		}
		if (x+s)-x != s {
			t.Errorf("StepAt(%v) = %v is not exactly representable", x, s)
		}
	}
	if r := StepAt(1e6, h) / base; math.Abs(r-1e6) > 1e-3 {
		t.Errorf("StepAt(1e6)/StepAt(0.5) = %v, want 1e6", r)
	}
	// Below the resolution of x the step becomes one ulp, never zero.
	if s := StepAt(1e20, 1e-30); s != math.Nextafter(1e20, math.Inf(1))-1e20 {
		t.Errorf("StepAt(1e20, 1e-30) = %v, want one ulp", s)
	}
	if s := StepAt(math.NaN(), h); !math.IsNaN(s) {
		t.Errorf("StepAt(NaN) = %v, want NaN", s)
	}
}

func TestDerivative(t *testing.T) {
	cube := func(x float64) float64 { return x * x * x }
	cases := []struct {
		name    string
		f       func(float64) float64
		x       float64
		formula Formula
		want    float64
		tol     float64 // relative
	}{
		{"exp/default", math.Exp, 1, Formula{}, math.E, 1e-9},
		{"exp/Forward", math.Exp, 1, Forward, math.E, 1e-7},
		{"exp/Backward", math.Exp, 1, Backward, math.E, 1e-7},
		{"exp/Forward2", math.Exp, 1, Forward2, math.E, 1e-9},
		{"exp/Backward2", math.Exp, 1, Backward2, math.E, 1e-9},
		{"exp/Central4", math.Exp, 1, Central4, math.E, 1e-11},
		{"sin/Central", math.Sin, 2, Central, math.Cos(2), 1e-9},
		{"log/Central4 large x", math.Log, 1e6, Central4, 1e-6, 1e-10},
		{"cube/Central2nd", cube, 2, Central2nd, 12, 1e-7},
		{"cube/Forward2nd", cube, 2, Forward2nd, 12, 1e-4},
		{"cube/Central2nd4", cube, 2, Central2nd4, 12, 1e-9},
		{"sin/Central2nd4", math.Sin, 1, Central2nd4, -math.Sin(1), 1e-9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Derivative(c.f, c.x, &Settings{Formula: c.formula})
			if math.Abs(got-c.want) > c.tol*math.Abs(c.want) {
				t.Errorf("got %v, want %v (rel err %.2g)", got, c.want, math.Abs(got-c.want)/math.Abs(c.want))
			}
		})
	}
	if got := Derivative(math.Exp, 1, nil); math.Abs(got-math.E) > 1e-9 {
		t.Errorf("nil settings: got %v", got)
	}
}

// TestDerivativeGonum compares with gonum's diff/fd, an independent code.
func TestDerivativeGonum(t *testing.T) {
	pairs := []struct {
		ours   Formula
		theirs gfd.Formula
		tol    float64
	}{
		{Forward, gfd.Forward, 1e-6},
		{Backward, gfd.Backward, 1e-6},
		{Central, gfd.Central, 1e-8},
		{Central2nd, gfd.Central2nd, 1e-5},
	}
	fns := []func(float64) float64{math.Exp, math.Sin, math.Atan, func(x float64) float64 { return x * math.Log(1+x*x) }}
	for _, p := range pairs {
		for i, f := range fns {
			for _, x := range []float64{-0.8, 0.3, 1.7} {
				a := Derivative(f, x, &Settings{Formula: p.ours})
				b := gfd.Derivative(f, x, &gfd.Settings{Formula: p.theirs})
				if math.Abs(a-b) > p.tol*math.Max(1, math.Abs(b)) {
					t.Errorf("%s fn %d x=%v: ours %v, gonum %v", p.ours.Name, i, x, a, b)
				}
			}
		}
	}
}

func TestDerivativeNaN(t *testing.T) {
	nan := func(float64) float64 { return math.NaN() }
	for _, f := range allFormulas {
		if got := Derivative(nan, 1, &Settings{Formula: f}); !math.IsNaN(got) {
			t.Errorf("%s: got %v, want NaN", f.Name, got)
		}
	}
	if got := Derivative(math.Exp, math.NaN(), nil); !math.IsNaN(got) {
		t.Errorf("NaN x: got %v, want NaN", got)
	}
	// sqrt is NaN left of 0: the central difference at 0 is NaN, not a panic.
	if got := Derivative(math.Sqrt, 0, nil); !math.IsNaN(got) {
		t.Errorf("sqrt at 0: got %v, want NaN", got)
	}
}
