package fd

import (
	"errors"
	"math"
	"testing"
)

func TestRelStep(t *testing.T) {
	const h = 1e-5
	for _, x := range []float64{1e-300, -1e-8, 1e-6, 0.5, -0.7, 1, 3.3, 1e6} {
		s := RelStep(x, h, 0)
		if want := h * math.Abs(x); math.Abs(s-want) > 1e-6*want {
			t.Errorf("RelStep(%v) = %v, want ≈ %v (h·|x| at every magnitude)", x, s, want)
		}
		if (x+s)-x != s {
			t.Errorf("RelStep(%v) = %v is not exactly representable", x, s)
		}
	}
	if s := RelStep(0, h, 0); s != h {
		t.Errorf("RelStep(0, h, 0) = %v, want h (floor 1)", s)
	}
	if s := RelStep(0, h, 1e-3); math.Abs(s-h*1e-3) > 1e-20 {
		t.Errorf("RelStep(0, h, 1e-3) = %v, want h·1e-3", s)
	}
	if s := RelStep(5e-324, h, 0); s != 5e-324 {
		t.Errorf("RelStep(smallest subnormal) = %v, want one ulp", s)
	}
	if s := RelStep(math.Inf(1), h, 0); !math.IsNaN(s) {
		t.Errorf("RelStep(+Inf) = %v, want NaN", s)
	}
}

// TestDerivativeNearZero: with the step h·max(1, |x|) the stencil of log at
// 1e-6 reached across 0 (NaN) and at 1e-5 truncation dominated. The step
// is relative at every magnitude now.
func TestDerivativeNearZero(t *testing.T) {
	for _, form := range []Formula{{}, Central4, Forward, Forward2, Backward2, Central2nd} {
		for _, x := range []float64{1e-3, 1e-5, 1e-6, 1e-8, 1e-12} {
			want, tol := 1/x, 1e-8
			switch {
			case form.Derivative == 2:
				want, tol = -1/(x*x), 1e-5
			case form.Order == 1:
				tol = 1e-6
			}
			v, err := DerivativeChecked(math.Log, x, &Settings{Formula: form})
			if err != nil || math.Abs(v-want) > tol*math.Abs(want) {
				t.Errorf("%v: log′(%v) = %v (%v), want %v to %g", form, x, v, err, want, tol)
			}
			if d := Derivative(math.Log, x, &Settings{Formula: form}); d != v {
				t.Errorf("%v: Derivative %v ≠ DerivativeChecked %v", form, d, v)
			}
		}
	}
	// sqrt's derivative near 0, and a gradient coordinate near 0.
	for _, x := range []float64{1e-4, 1e-8} {
		if v, want := Derivative(math.Sqrt, x, nil), 0.5/math.Sqrt(x); math.Abs(v-want) > 1e-8*want {
			t.Errorf("sqrt′(%v) = %v, want %v", x, v, want)
		}
	}
	g := Gradient(nil, func(x []float64) float64 { return math.Log(x[0]) + x[1]*x[1] }, []float64{1e-7, 0}, nil)
	if math.Abs(g[0]-1e7) > 1e-8*1e7 || math.Abs(g[1]) > 1e-12 {
		t.Errorf("gradient of log(x₀) + x₁² at (1e-7, 0) = %v, want (1e7, 0)", g)
	}
}

// TestDerivativeAtDomainEdge: where the stencil meets NaN or ±Inf but f(x)
// is finite, Derivative shrinks the step into the domain or turns
// one-sided, and where neither works says so instead of returning a NaN
// as if it were a derivative.
func TestDerivativeAtDomainEdge(t *testing.T) {
	// exp on [0, ∞) only (0·NaN is NaN): one-sided at 0, f′ = 1.
	half := func(x float64) float64 { return math.Exp(x) + 0*math.Sqrt(x) }
	for _, form := range []Formula{{}, Central4, Central2nd, Central2nd4} {
		v, err := DerivativeChecked(half, 0, &Settings{Formula: form})
		tol := 1e-8
		if form.Derivative == 2 {
			tol = 1e-5
		}
		if err != nil || math.Abs(v-1) > tol {
			t.Errorf("%v: exp on [0, ∞) at 0 = %v (%v), want 1 (one-sided)", form, v, err)
		}
	}
	// The mirror image: defined on (−∞, 2], at 2.
	left := func(x float64) float64 { return math.Sin(x) + 0*math.Sqrt(2-x) }
	if v, err := DerivativeChecked(left, 2, nil); err != nil || math.Abs(v-math.Cos(2)) > 1e-8 {
		t.Errorf("sin on (−∞, 2] at 2 = %v (%v), want cos 2", v, err)
	}
	// An edge closer than the relative step: log(x − 1) at 1 + 2⁻³⁰.
	x := 1 + 0x1p-30
	if v, err := DerivativeChecked(func(x float64) float64 { return math.Log(x - 1) }, x, nil); err != nil || math.Abs(v-0x1p30) > 1e-7*0x1p30 {
		t.Errorf("log(x−1) at 1+2⁻³⁰ = %v (%v), want 2³⁰", v, err)
	}

	// No derivative: reported, and Derivative is NaN.
	for _, c := range []struct {
		name string
		f    func(float64) float64
		x    float64
		want error
	}{
		{"sqrt at 0 (f′ infinite)", math.Sqrt, 0, ErrLeftDomain},
		{"log at 0", math.Log, 0, ErrNotFinite},
		{"log at −1", math.Log, -1, ErrNotFinite},
		{"NaN everywhere", func(float64) float64 { return math.NaN() }, 1, ErrNotFinite},
		{"a point island", func(x float64) float64 {
			if x != 3 {
				return math.NaN()
			}
			return 1
		}, 3, ErrLeftDomain},
	} {
		v, err := DerivativeChecked(c.f, c.x, nil)
		if !math.IsNaN(v) || !errors.Is(err, c.want) {
			t.Errorf("%s: %v, %v; want NaN and %v", c.name, v, err, c.want)
		}
		if d := Derivative(c.f, c.x, nil); !math.IsNaN(d) {
			t.Errorf("%s: Derivative = %v, want NaN", c.name, d)
		}
	}
}

// TestDerivativeAtZeroFindsScale: at x = 0, where |x| gives no scale, the
// step starts from Scale (1) and shrinks until the formula agrees with
// itself: sin(1000x) has features 1e-3 wide.
func TestDerivativeAtZeroFindsScale(t *testing.T) {
	for _, k := range []float64{1, 1e3, 1e6} {
		f := func(x float64) float64 { return math.Sin(k * x) }
		if v := Derivative(f, 0, nil); math.Abs(v-k) > 1e-8*k {
			t.Errorf("sin(%g·x)′ at 0 = %v, want %g", k, v, k)
		}
	}
	if v := Derivative(math.Exp, 0, &Settings{Scale: 1e-3}); math.Abs(v-1) > 1e-8 {
		t.Errorf("exp′(0) with Scale 1e-3 = %v", v)
	}
}

func TestRichardsonAtDomainEdge(t *testing.T) {
	half := func(x float64) float64 { return math.Exp(x) + 0*math.Sqrt(x) }
	for _, form := range []Formula{{}, Central4, Central2nd} {
		e := Richardson(half, 0, &RichardsonSettings{Formula: form})
		if e.Status != OneSidedEdge || math.Abs(e.Value-1) > 4*e.Err || e.Err > 1e-8 {
			t.Errorf("%v: exp on [0, ∞) at 0 = %v ± %.2g (%v), want 1, one-sided", form, e.Value, e.Err, e.Status)
		}
	}
	// An edge within the first step: the step shrinks to fit, the stencil
	// stays central.
	x := 1 + 0x1p-30
	e := Richardson(func(x float64) float64 { return math.Log(x - 1) }, x, nil)
	if e.Status != Interior || math.Abs(e.Value-0x1p30) > 4*e.Err || e.Err > 1e-8*0x1p30 {
		t.Errorf("log(x−1) at 1+2⁻³⁰: %v ± %.2g (%v), want 2³⁰", e.Value, e.Err, e.Status)
	}
	// A one-sided formula is not mirrored: the left slope of √x at 0 does
	// not exist, and OneSided's right slope there is not a left one.
	l, _ := OneSided(math.Sqrt, 0)
	if l.Status != LeftDomain || !math.IsNaN(l.Value) || !math.IsInf(l.Err, 1) {
		t.Errorf("left slope of √x at 0: %+v, want NaN ± Inf, LeftDomain", l)
	}
	for _, c := range []struct {
		f    func(float64) float64
		x    float64
		want Status
	}{{math.Log, 0, NotFinite}, {math.Log, -2, NotFinite}, {func(float64) float64 { return math.NaN() }, 1, NotFinite}} {
		if e := Richardson(c.f, c.x, nil); e.Status != c.want || !math.IsNaN(e.Value) || !math.IsInf(e.Err, 1) || !errors.Is(e.Status.Err(), ErrNotFinite) {
			t.Errorf("at %v: %+v, want NaN ± Inf, %v", c.x, e, c.want)
		}
	}
}

func TestStatus(t *testing.T) {
	for s, want := range map[Status]string{Interior: "interior", OneSidedEdge: "one-sided at a domain edge", LeftDomain: "stencil left the domain", NotFinite: "f(x) is not finite", 9: "Status(9)"} {
		if s.String() != want {
			t.Errorf("%d: %q, want %q", int(s), s.String(), want)
		}
	}
	if Interior.Err() != nil || OneSidedEdge.Err() != nil || LeftDomain.Err() != ErrLeftDomain || NotFinite.Err() != ErrNotFinite || Status(9).Err() == nil {
		t.Error("Status.Err")
	}
	for _, s := range []Settings{{Scale: -1}, {Scale: math.NaN()}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", s)
				}
			}()
			Derivative(math.Exp, 1, &s)
		}()
	}
}
