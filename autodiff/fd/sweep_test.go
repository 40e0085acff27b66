package fd

import (
	"math"
	"testing"
)

func TestLogSteps(t *testing.T) {
	s := LogSteps(1e-12, 1, 13)
	if len(s) != 13 || s[0] != 1e-12 || s[12] != 1 {
		t.Fatalf("LogSteps = %v", s)
	}
	for i := 1; i < len(s); i++ {
		if r := s[i] / s[i-1]; math.Abs(r-10) > 1e-9 {
			t.Errorf("ratio %d = %v, want 10", i, r)
		}
	}
	if s := LogSteps(2, 2, 1); len(s) != 1 || s[0] != 2 {
		t.Errorf("n=1: %v", s)
	}
	for _, bad := range [][3]float64{{0, 1, 3}, {-1, 1, 3}, {1, 2, 0}, {math.NaN(), 1, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("LogSteps%v: no panic", bad)
				}
			}()
			LogSteps(bad[0], bad[1], int(bad[2]))
		}()
	}
}

// TestSweepV checks the V-shaped error of Central on exp at 1.
func TestSweepV(t *testing.T) {
	pts := Sweep(math.Exp, 1, math.E, Central, LogSteps(1e-13, 1e-1, 49))
	best := BestStep(pts)
	if best.AbsErr >= 1e-9 {
		t.Errorf("best error %.3g at %.3g, want < 1e-9", best.AbsErr, best.Step)
	}
	// The optimum of C h² + ε/h is near ε^(1/3) ≈ 6e-6.
	if best.Step < 1e-7 || best.Step > 1e-4 {
		t.Errorf("best step %.3g, want near 6e-6", best.Step)
	}
	first, last := pts[0], pts[len(pts)-1]
	if first.AbsErr < 100*best.AbsErr {
		t.Errorf("rounding arm: error %.3g at %.3g, not ≫ best %.3g", first.AbsErr, first.Step, best.AbsErr)
	}
	if last.AbsErr < 1e5*best.AbsErr {
		t.Errorf("truncation arm: error %.3g at %.3g, not ≫ best %.3g", last.AbsErr, last.Step, best.AbsErr)
	}
	// On the truncation arm the error is ≈ e·h²/6.
	if want := math.E * last.Step * last.Step / 6; math.Abs(last.AbsErr-want) > 0.01*want {
		t.Errorf("truncation at h=%.3g: %.4g, want ≈ %.4g", last.Step, last.AbsErr, want)
	}
	if got := Classify(pts, 1e-13); got != RoundingSide {
		t.Errorf("Classify(1e-13) = %v, want rounding", got)
	}
	if got := Classify(pts, 1e-1); got != TruncationSide {
		t.Errorf("Classify(1e-1) = %v, want truncation", got)
	}
	if got := Classify(pts, best.Step); got != AtBest {
		t.Errorf("Classify(best) = %v, want best", got)
	}
	// Steps are absolute and exactly representable.
	for _, p := range pts {
		if (1+p.Step)-1 != p.Step {
			t.Errorf("step %v not representable at 1", p.Step)
		}
	}
}

// A higher-order formula moves the bottom of the V to a larger step and a
// smaller error.
func TestSweepOrders(t *testing.T) {
	steps := LogSteps(1e-10, 1e-1, 91)
	b1 := BestStep(Sweep(math.Exp, 1, math.E, Forward, steps))
	b2 := BestStep(Sweep(math.Exp, 1, math.E, Central, steps))
	b4 := BestStep(Sweep(math.Exp, 1, math.E, Central4, steps))
	if !(b1.Step < b2.Step && b2.Step < b4.Step) {
		t.Errorf("best steps %.2g, %.2g, %.2g: want increasing with order", b1.Step, b2.Step, b4.Step)
	}
	if !(b1.AbsErr > b2.AbsErr && b2.AbsErr > b4.AbsErr) {
		t.Errorf("best errors %.2g, %.2g, %.2g: want decreasing with order", b1.AbsErr, b2.AbsErr, b4.AbsErr)
	}
}

func TestBestStepNaN(t *testing.T) {
	pts := []SweepPoint{{1, math.NaN(), math.NaN()}, {2, 3, 0.5}, {3, 3, 0.1}, {4, math.NaN(), math.NaN()}}
	if b := BestStep(pts); b.Step != 3 {
		t.Errorf("BestStep = %+v, want step 3", b)
	}
	all := Sweep(func(float64) float64 { return math.NaN() }, 1, 1, Formula{}, []float64{1e-3, 1e-2})
	if b := BestStep(all); !math.IsNaN(b.AbsErr) {
		t.Errorf("all NaN: %+v", b)
	}
	defer func() {
		if recover() == nil {
			t.Error("BestStep(nil): no panic")
		}
	}()
	BestStep(nil)
}
