package ladder

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

func rung(name string) gemm.Rung {
	for _, r := range gemm.Rungs() {
		if r.Name == name {
			return r
		}
	}
	panic("no rung " + name)
}

func TestSkip(t *testing.T) {
	square, lesson := Shapes[2], Shapes[0]
	if why := Skip(rung("naive"), square); !strings.Contains(why, "naive skipped on square") {
		t.Errorf("naive on 1024³: %q, want a skip note", why)
	}
	for _, r := range gemm.Rungs() {
		if why := Skip(r, lesson); why != "" {
			t.Errorf("%s skipped on the 5-row shape: %q", r.Name, why)
		}
		if !r.Slow && Skip(r, square) != "" {
			t.Errorf("%s (not slow) skipped on 1024³", r.Name)
		}
	}
}

func TestMeasure(t *testing.T) {
	opt := Options{Budget: 5 * time.Millisecond, MinReps: 3, MaxReps: 4}
	m := Measure(rung("fast"), Shape{"t", 8, 16, 4}, "float32", opt)
	if m.Impl != "fast" || m.M != 8 || m.K != 16 || m.N != 4 || m.Dtype != "float32" {
		t.Errorf("measurement %+v does not describe what was measured", m)
	}
	if m.Reps < 3 || m.Reps > 4 || !(m.Seconds > 0) || m.GFLOPS != 2*8*16*4/m.Seconds/1e9 {
		t.Errorf("measurement %+v: want 3–4 repeats and gflops = 2mnk/seconds", m)
	}
	if got := median([]float64{3, 1, 2}); got != 2 {
		t.Errorf("median(3,1,2) = %v", got)
	}
	if got := median([]float64{4, 1, 2, 3}); got != 2.5 {
		t.Errorf("median(4,1,2,3) = %v", got)
	}
}

func TestRunAndSpeedup(t *testing.T) {
	var calls []string
	ms, notes := Run([]gemm.Rung{rung("naive"), rung("fast")}, []Shape{{"tiny", 3, 5, 2}, {"big", 1 << 10, 1 << 10, 1 << 10}}, []string{"float64"},
		Options{Budget: time.Millisecond, MinReps: 1, MaxReps: 2},
		func(done, total int, what string) { calls = append(calls, fmt.Sprint(done, total)) })
	// naive is skipped on "big": 3 measurements, one note.
	if len(ms) != 3 || len(notes) != 1 {
		t.Fatalf("%d measurements and %d notes, want 3 and 1", len(ms), len(notes))
	}
	if calls[len(calls)-1] != "3 3" {
		t.Errorf("progress calls %v, want to end at 3 of 3", calls)
	}
	if s, ok := Speedup(ms, ms[0]); !ok || s != 1 {
		t.Errorf("naive's speedup over itself = %v, %v", s, ok)
	}
	if _, ok := Speedup(ms, ms[2]); ok {
		t.Error("a speedup on the big shape, where naive did not run")
	}
}
