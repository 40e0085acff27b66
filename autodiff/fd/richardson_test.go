package fd

import (
	"math"
	"testing"
)

func TestRichardson(t *testing.T) {
	pow5 := func(x float64) float64 { return x * x * x * x * x }
	cases := []struct {
		name    string
		f       func(float64) float64
		x, want float64
		formula Formula
		tol     float64
	}{
		{"sin", math.Sin, 1, math.Cos(1), Formula{}, 1e-10},
		{"sin at 0", math.Sin, 0, 1, Formula{}, 1e-10},
		{"exp", math.Exp, 1, math.E, Formula{}, 1e-10},
		{"exp at -3", math.Exp, -3, math.Exp(-3), Formula{}, 1e-10},
		{"log", math.Log, 2, 0.5, Formula{}, 1e-10},
		{"log at 1e5", math.Log, 1e5, 1e-5, Formula{}, 1e-10},
		{"x^5", pow5, 1.3, 5 * math.Pow(1.3, 4), Formula{}, 1e-10},
		{"x^5/Central4", pow5, 1.3, 5 * math.Pow(1.3, 4), Central4, 1e-10},
		{"exp/Forward", math.Exp, 1, math.E, Forward, 1e-8},
		{"exp/Backward", math.Exp, 1, math.E, Backward, 1e-8},
		{"exp/Forward2", math.Exp, 1, math.E, Forward2, 1e-9},
		{"sin/Central2nd", math.Sin, 1, -math.Sin(1), Central2nd, 1e-8},
		{"exp/Central2nd4", math.Exp, 0.5, math.Exp(0.5), Central2nd4, 1e-8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := Richardson(c.f, c.x, &RichardsonSettings{Formula: c.formula})
			actual := math.Abs(e.Value - c.want)
			scale := math.Abs(c.want)
			if actual > c.tol*scale {
				t.Errorf("Value %v, want %v: rel err %.2g > %g", e.Value, c.want, actual/scale, c.tol)
			}
			// Err is honest: the true error is within a small multiple of it
			// (plus one rounding unit) and Err itself is small.
			if actual > 4*e.Err+4e-16*scale {
				t.Errorf("actual error %.3g exceeds 4·Err = %.3g", actual, 4*e.Err)
			}
			if e.Err > 10*c.tol*scale {
				t.Errorf("Err %.3g is not small", e.Err)
			}
			if e.Evals < 2 || e.Step <= 0 {
				t.Errorf("Evals %d, Step %v", e.Evals, e.Step)
			}
		})
	}
}

// Richardson beats the best single-step central difference by orders of
// magnitude: that is why the oracle uses it.
func TestRichardsonBeatsCentral(t *testing.T) {
	plain := math.Abs(Derivative(math.Exp, 1, nil) - math.E)
	rich := math.Abs(Richardson(math.Exp, 1, nil).Value - math.E)
	if !(rich*100 < plain) {
		t.Errorf("Richardson error %.3g, central %.3g: want 100× better", rich, plain)
	}
}

func TestRichardsonSettings(t *testing.T) {
	e := Richardson(math.Exp, 1, &RichardsonSettings{MaxIter: 3})
	// Two tableaux (from h and 0.3·h), each 1 row of Central at 2 evals + 2 more rows.
	if e.Evals > 12 {
		t.Errorf("MaxIter 3 used %d evaluations, want ≤ 12", e.Evals)
	}
	// A linear function at 0 is exact at once: tiny Err, early stop.
	lin := Richardson(func(x float64) float64 { return 2 * x }, 0, nil)
	if lin.Value != 2 || lin.Err > 1e-14 || lin.Evals > 8 {
		t.Errorf("linear: %+v, want Value 2, Err ≈ 0, ≤ 8 evals (two tableaux)", lin)
	}
	for _, s := range []RichardsonSettings{{Shrink: 1}, {Shrink: 0.5}, {MaxIter: -1}, {Step: -0.1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", s)
				}
			}()
			Richardson(math.Exp, 1, &s)
		}()
	}
}

func TestRichardsonNaN(t *testing.T) {
	e := Richardson(func(float64) float64 { return math.NaN() }, 1, nil)
	if !math.IsNaN(e.Value) || !math.IsInf(e.Err, 1) {
		t.Errorf("NaN f: got %+v, want Value NaN, Err +Inf", e)
	}
	l, r := OneSided(func(float64) float64 { return math.NaN() }, 0)
	if !math.IsNaN(l.Value) || !math.IsNaN(r.Value) {
		t.Errorf("OneSided NaN f: got %v, %v", l.Value, r.Value)
	}
}

func TestOneSided(t *testing.T) {
	relu := func(x float64) float64 { return math.Max(0, x) }
	cases := []struct {
		name        string
		f           func(float64) float64
		x           float64
		left, right float64
		tol         float64
	}{
		{"abs at 0", math.Abs, 0, -1, 1, 1e-14},
		{"relu at 0", relu, 0, 0, 1, 1e-14},
		{"abs at 1e3", func(x float64) float64 { return math.Abs(x - 1e3) }, 1e3, -1, 1, 1e-12},
		{"exp at 1 (smooth)", math.Exp, 1, math.E, math.E, 1e-8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, r := OneSided(c.f, c.x)
			if math.Abs(l.Value-c.left) > c.tol*math.Max(1, math.Abs(c.left)) {
				t.Errorf("left = %v ± %v, want %v", l.Value, l.Err, c.left)
			}
			if math.Abs(r.Value-c.right) > c.tol*math.Max(1, math.Abs(c.right)) {
				t.Errorf("right = %v ± %v, want %v", r.Value, r.Err, c.right)
			}
		})
	}
}
