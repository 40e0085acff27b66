package fd

import (
	"math"
	"testing"
)

// TestRichardsonStaircase: a function rounded to float32 is a staircase at
// steps below its resolution, where it does not change at all. Rows of the
// tableau that see nothing move after rows that saw a slope must not be
// taken as agreement on a derivative of 0: the estimate stays honest (its
// true error within 4·Err) from every starting step where it was honest at
// the first, and a tableau that starts below the resolution is never
// confidently wrong by more than its Err allows for a flat function.
func TestRichardsonStaircase(t *testing.T) {
	x0 := 0.3
	f := func(s float64) float64 { return float64(float32(math.Sin(float64(float32(x0 + s))))) }
	want := math.Cos(x0)
	for _, h0 := range []float64{0.1, 1e-2, 1e-3, 1e-4} {
		for _, d := range []int{0, -1} {
			e := Richardson(f, 0, &RichardsonSettings{Step: h0, Descents: d})
			if err := math.Abs(e.Value - want); !(err <= 4*e.Err) {
				t.Errorf("float32 sin at %g from step %g (Descents %d): %v ± %.2g, true error %.2g", x0, h0, d, e.Value, e.Err, err)
			}
		}
	}
}

// TestRichardsonDescents: a negative Descents stops Richardson from
// restarting at finer steps, so it costs no more than two tableaux.
func TestRichardsonDescents(t *testing.T) {
	pole := func(x float64) float64 { return 1 / (x - 1) }
	all := Richardson(pole, 1.001, nil)
	none := Richardson(pole, 1.001, &RichardsonSettings{Descents: -1})
	if none.Evals >= all.Evals {
		t.Errorf("Descents −1 used %d evaluations, the default %d; want fewer", none.Evals, all.Evals)
	}
	if want := -1 / (0.001 * 0.001); math.Abs(all.Value-want) > 4*all.Err {
		t.Errorf("1/(x−1)′ at 1.001 = %v ± %v, want %v", all.Value, all.Err, want)
	}
}

// TestRichardsonUnderflow: where every sample of f underflows to 0 (x² at
// 1e-200, whose derivative is 2e-200), Richardson's estimate of 0 carries an
// error that covers the true derivative: an exact 0 between samples that
// all rounded to 0 is no evidence of a zero derivative.
func TestRichardsonUnderflow(t *testing.T) {
	sq := func(x float64) float64 { return x * x }
	for _, x := range []float64{1e-200, 1e-170} {
		e := Richardson(sq, x, nil)
		if want := 2 * x; !(math.Abs(e.Value-want) <= 4*e.Err) {
			t.Errorf("(x²)′ at %g = %v ± %v, true %v", x, e.Value, e.Err, want)
		}
	}
}

// TestRichardsonDiverging: where the difference quotients run off to
// infinity as the step shrinks — an infinite derivative at a domain's edge
// (√x at 0), a pole far closer than the first step (1/(x−1) at 1 + 1e-9) —
// the estimate's error covers the true value (an infinite Err: there is no
// estimate), instead of a small Err around a wrong number.
func TestRichardsonDiverging(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    func(float64) float64
		x    float64
		want float64
		s    *RichardsonSettings
	}{
		{"√x at 0", math.Sqrt, 0, math.Inf(1), nil},
		{"√x at 0, forward", math.Sqrt, 0, math.Inf(1), &RichardsonSettings{Formula: Forward}},
		{"1/(x−1) at 1+1e-9", func(x float64) float64 { return 1 / (x - 1) }, 1 + 1e-9, -1 / ((1e-9 + 1 - 1) * (1e-9 + 1 - 1)), nil},
	} {
		e := Richardson(tt.f, tt.x, tt.s)
		if err := math.Abs(e.Value - tt.want); !(err <= 4*e.Err) && !math.IsInf(e.Err, 1) {
			t.Errorf("%s: %v ± %v, true %v", tt.name, e.Value, e.Err, tt.want)
		}
	}
	if e := Richardson(math.Sqrt, 0, nil); !math.IsNaN(e.Value) || e.Status != LeftDomain {
		t.Errorf("√x at 0: %v ± %v (%v); want no estimate: NaN, stencil left the domain", e.Value, e.Err, e.Status)
	}
	_, right := OneSided(math.Sqrt, 0)
	if !math.IsInf(right.Err, 1) && !(math.Abs(right.Value-math.Inf(1)) <= 4*right.Err) {
		t.Errorf("OneSided √x at 0: right slope %v ± %v, true +Inf", right.Value, right.Err)
	}
}

// TestDerivativeBelowItsStep: with the default step, Derivative checks its
// estimate against the formula at half the step, so structure far closer
// than |x|·1e-5 (a pole 1e-9 from x, sin's period at 1e10) makes it shrink
// the step until the estimate resolves f, not return a wrong number.
func TestDerivativeBelowItsStep(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    func(float64) float64
		x    float64
		want func(float64) float64
	}{
		{"1/(x−1) at 1+1e-9", func(x float64) float64 { return 1 / (x - 1) }, 1 + 1e-9, func(x float64) float64 { return -1 / ((x - 1) * (x - 1)) }},
		{"sin at 1e10", math.Sin, 1e10, math.Cos},
		{"sin at 1e5", math.Sin, 1e5, math.Cos},
		{"tan near π/2", math.Tan, math.Pi/2 - 1e-6, func(x float64) float64 { c := math.Cos(x); return 1 / (c * c) }},
	} {
		v, err := DerivativeChecked(tt.f, tt.x, nil)
		want := tt.want(tt.x)
		if err != nil || math.Abs(v-want) > 1e-5*math.Abs(want)+1e-7 {
			t.Errorf("%s: %v (error %v), true %v", tt.name, v, err, want)
		}
	}
}
