package linalg

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// panicMessage runs f and returns the message it panicked with, or "" if it
// did not panic.
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// wantPanic fails unless f panics with a message containing every part.
func wantPanic(t *testing.T, name string, f func(), parts ...string) {
	t.Helper()
	msg := panicMessage(f)
	if msg == "" {
		t.Errorf("%s: did not panic", name)
		return
	}
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%s: panic %q does not contain %q", name, msg, p)
		}
	}
}

// sameFloat reports whether a and b are equal, treating NaN as equal to NaN.
func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

func approx(a, b, tol float64) bool {
	if sameFloat(a, b) {
		return true
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// checkTensor fails unless got has shape and data want (within tol; tol 0
// means exact, NaN equal to NaN).
func checkTensor(t *testing.T, name string, got *Tensor, shape []int, want []float64, tol float64) {
	t.Helper()
	if !SameShape(got.Shape(), shape) {
		t.Errorf("%s: shape %v, want %v", name, got.Shape(), shape)
		return
	}
	if len(got.Data()) != len(want) {
		t.Errorf("%s: %d elements, want %d", name, len(got.Data()), len(want))
		return
	}
	for i, w := range want {
		g := got.Data()[i]
		if (tol == 0 && !sameFloat(g, w)) || (tol > 0 && !approx(g, w, tol)) {
			t.Errorf("%s: element %d = %v, want %v (got %v, want %v)", name, i, g, w, got.Data(), want)
			return
		}
	}
}
