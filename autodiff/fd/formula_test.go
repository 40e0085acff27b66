package fd

import (
	"math"
	"testing"
)

var allFormulas = []Formula{Forward, Backward, Central, Forward2, Backward2, Central4, Central2nd, Forward2nd, Central2nd4}

func factorial(k int) float64 {
	r := 1.0
	for i := 2; i <= k; i++ {
		r *= float64(i)
	}
	return r
}

func moment(f Formula, k int) float64 {
	var m float64
	for _, p := range f.Stencil {
		m += p.Coeff * math.Pow(p.Loc, float64(k))
	}
	return m
}

// TestMoments checks the Taylor conditions of doc.go: Σ c Lᵏ is 0 for k < d,
// d! for k = d, 0 for d < k < d+p, and not 0 at k = d+p (the order is exact).
func TestMoments(t *testing.T) {
	for _, f := range allFormulas {
		t.Run(f.Name, func(t *testing.T) {
			d, p := f.Derivative, f.Order
			for k := 0; k < d+p; k++ {
				want := 0.0
				if k == d {
					want = factorial(d)
				}
				if got := moment(f, k); math.Abs(got-want) > 1e-12 {
					t.Errorf("moment %d = %v, want %v", k, got, want)
				}
			}
			if m := moment(f, d+p); math.Abs(m) < 1e-12 {
				t.Errorf("moment %d vanishes: the order is higher than %d", d+p, p)
			}
			if f.Step <= 0 || f.Step > 0.01 {
				t.Errorf("Step = %v, want a small positive default", f.Step)
			}
		})
	}
}

// TestConvergenceOrder halves the step well inside the truncation regime and
// checks that the error drops by about 2^Order.
func TestConvergenceOrder(t *testing.T) {
	fns := []struct {
		name string
		f    func(float64) float64
		d    [3]func(float64) float64 // f, f', f''
		x    float64
	}{
		{"exp", math.Exp, [3]func(float64) float64{math.Exp, math.Exp, math.Exp}, 0.3},
		{"sin", math.Sin, [3]func(float64) float64{math.Sin, math.Cos, func(x float64) float64 { return -math.Sin(x) }}, 1},
	}
	for _, form := range allFormulas {
		for _, fn := range fns {
			t.Run(form.Name+"/"+fn.name, func(t *testing.T) {
				exact := fn.d[form.Derivative](fn.x)
				const h = 0.04
				e1, _, _ := form.apply(fn.f, fn.x, h, 0, false)
				e2, _, _ := form.apply(fn.f, fn.x, h/2, 0, false)
				r := math.Log2(math.Abs(e1-exact) / math.Abs(e2-exact))
				if math.Abs(r-float64(form.Order)) > 0.2 {
					t.Errorf("observed order %.3f, want %d", r, form.Order)
				}
			})
		}
	}
}

func TestSymmetric(t *testing.T) {
	want := map[string]bool{"Forward": false, "Backward": false, "Central": true, "Forward2": false,
		"Backward2": false, "Central4": true, "Central2nd": true, "Forward2nd": false, "Central2nd4": true}
	for _, f := range allFormulas {
		if got := f.symmetric(); got != want[f.Name] {
			t.Errorf("%s.symmetric() = %v, want %v", f.Name, got, want[f.Name])
		}
	}
}

func TestBadFormulaPanics(t *testing.T) {
	id := func(x float64) float64 { return x }
	cases := []struct {
		name string
		s    Settings
	}{
		{"no points", Settings{Formula: Formula{Derivative: 1, Order: 1, Name: "empty"}}},
		{"derivative 0", Settings{Formula: Formula{Stencil: Central.Stencil, Order: 2}}},
		{"order 0", Settings{Formula: Formula{Stencil: Central.Stencil, Derivative: 1}}},
		{"negative step", Settings{Step: -1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			Derivative(id, 1, &c.s)
		})
	}
}

// A custom formula with Step 0 gets the optimal step ε^(1/(p+d)).
func TestCustomFormulaDefaultStep(t *testing.T) {
	f := Formula{Stencil: Central.Stencil, Derivative: 1, Order: 2}
	if got, want := f.defaultStep(), math.Cbrt(0x1p-52); math.Abs(got-want) > 1e-12*want {
		t.Errorf("defaultStep = %v, want %v", got, want)
	}
	got := Derivative(math.Exp, 1, &Settings{Formula: f})
	if math.Abs(got-math.E) > 1e-9 {
		t.Errorf("Derivative with custom formula = %v, want e", got)
	}
}
