package linalg

import (
	"math"
	"testing"
)

func TestReductions(t *testing.T) {
	// x is 2×3×2 holding 1..12.
	x := New([]int{2, 3, 2}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	type red func(*Tensor, int, bool) *Tensor
	cases := []struct {
		name  string
		f     red
		axis  int
		keep  bool
		shape []int
		want  []float64
	}{
		{"Sum0", Sum, 0, false, []int{3, 2}, []float64{8, 10, 12, 14, 16, 18}},
		{"Sum0k", Sum, 0, true, []int{1, 3, 2}, []float64{8, 10, 12, 14, 16, 18}},
		{"Sum1", Sum, 1, false, []int{2, 2}, []float64{9, 12, 27, 30}},
		{"Sum1k", Sum, 1, true, []int{2, 1, 2}, []float64{9, 12, 27, 30}},
		{"Sum2", Sum, 2, false, []int{2, 3}, []float64{3, 7, 11, 15, 19, 23}},
		{"Sum-1k", Sum, -1, true, []int{2, 3, 1}, []float64{3, 7, 11, 15, 19, 23}},
		{"Sum-3", Sum, -3, false, []int{3, 2}, []float64{8, 10, 12, 14, 16, 18}},
		{"Mean0", Mean, 0, false, []int{3, 2}, []float64{4, 5, 6, 7, 8, 9}},
		{"Mean1k", Mean, 1, true, []int{2, 1, 2}, []float64{3, 4, 9, 10}},
		{"Mean2", Mean, 2, false, []int{2, 3}, []float64{1.5, 3.5, 5.5, 7.5, 9.5, 11.5}},
		{"Max0", Max, 0, false, []int{3, 2}, []float64{7, 8, 9, 10, 11, 12}},
		{"Max1k", Max, 1, true, []int{2, 1, 2}, []float64{5, 6, 11, 12}},
		{"Max-1", Max, -1, false, []int{2, 3}, []float64{2, 4, 6, 8, 10, 12}},
	}
	for _, c := range cases {
		checkTensor(t, c.name, c.f(x, c.axis, c.keep), c.shape, c.want, 0)
	}
	v := New([]int{4}, []float64{3, -1, 4, 1})
	checkTensor(t, "Sum vector", Sum(v, 0, false), []int{}, []float64{7}, 0)
	checkTensor(t, "Max vector keep", Max(v, 0, true), []int{1}, []float64{4}, 0)
	if SumAll(x) != 78 || MaxAll(x) != 12 {
		t.Errorf("SumAll, MaxAll = %v, %v, want 78, 12", SumAll(x), MaxAll(x))
	}
	if got := MaxAll(New([]int{3}, []float64{1, math.NaN(), 2})); !math.IsNaN(got) {
		t.Errorf("MaxAll with NaN = %v, want NaN", got)
	}
	checkTensor(t, "Max NaN", Max(New([]int{2, 2}, []float64{math.NaN(), 1, 2, 3}), 1, false), []int{2}, []float64{math.NaN(), 3}, 0)
	checkTensor(t, "Max -Inf", Max(Full(math.Inf(-1), 1, 2), 1, false), []int{1}, []float64{math.Inf(-1)}, 0)
	for _, f := range []func(){
		func() { Sum(x, 3, false) },
		func() { Mean(x, -4, false) },
		func() { Max(Scalar(1), 0, false) },
		func() { LogSumExp(x, 5, false) },
		func() { Softmax(x, 3) },
		func() { MaxMask(x, -4) },
	} {
		wantPanic(t, "axis range", f, "axis", "out of range")
	}
}

func TestReductionsEmpty(t *testing.T) {
	e := Zeros(0, 3)
	inf := math.Inf(-1)
	nan := math.NaN()
	checkTensor(t, "Sum axis0", Sum(e, 0, false), []int{3}, []float64{0, 0, 0}, 0)
	checkTensor(t, "Sum axis1", Sum(e, 1, true), []int{0, 1}, []float64{}, 0)
	checkTensor(t, "Mean axis0", Mean(e, 0, false), []int{3}, []float64{nan, nan, nan}, 0)
	checkTensor(t, "Max axis0", Max(e, 0, false), []int{3}, []float64{inf, inf, inf}, 0)
	checkTensor(t, "LogSumExp axis0", LogSumExp(e, 0, false), []int{3}, []float64{inf, inf, inf}, 0)
	checkTensor(t, "LogSumExp axis1", LogSumExp(e, 1, false), []int{0}, []float64{}, 0)
	checkTensor(t, "Softmax", Softmax(e, 0), []int{0, 3}, []float64{}, 0)
	checkTensor(t, "MaxMask", MaxMask(e, 0), []int{0, 3}, []float64{}, 0)
	checkTensor(t, "MaxMaskAll", MaxMaskAll(e), []int{0, 3}, []float64{}, 0)
	if SumAll(e) != 0 || MaxAll(e) != inf {
		t.Errorf("SumAll, MaxAll of empty = %v, %v, want 0, -Inf", SumAll(e), MaxAll(e))
	}
}

// TestMaxMask: the mask of the maxima splits ties evenly (it was the
// first-maximum ArgMaxMask, whose cases are kept here with the tie rule).
func TestMaxMask(t *testing.T) {
	x := New([]int{2, 3}, []float64{1, 5, 5, 7, 2, 7})
	checkTensor(t, "axis1 ties split", MaxMask(x, 1), []int{2, 3}, []float64{0, 0.5, 0.5, 0.5, 0, 0.5}, 0)
	checkTensor(t, "axis0", MaxMask(x, 0), []int{2, 3}, []float64{0, 1, 0, 1, 0, 1}, 0)
	third := 1.0 / 3
	checkTensor(t, "axis-1 all -Inf", MaxMask(Full(math.Inf(-1), 1, 3), -1), []int{1, 3}, []float64{third, third, third}, 0)
	nan := math.NaN()
	checkTensor(t, "NaN line", MaxMask(New([]int{2, 2}, []float64{nan, 1, 2, 3}), 1), []int{2, 2}, []float64{nan, nan, 0, 1}, 0)
	checkTensor(t, "all", MaxMaskAll(x), []int{2, 3}, []float64{0, 0, 0, 0.5, 0, 0.5}, 0)
	checkTensor(t, "all NaN", MaxMaskAll(New([]int{3}, []float64{1, nan, 2})), []int{3}, []float64{nan, nan, nan}, 0)
	checkTensor(t, "all scalar", MaxMaskAll(Scalar(-2)), []int{}, []float64{1}, 0)
	// The mask picks exactly the value Max returns, ties included.
	for _, axis := range []int{0, 1} {
		got := Sum(Mul(MaxMask(x, axis), x), axis, false)
		checkTensor(t, "mask·x = Max", got, Max(x, axis, false).Shape(), Max(x, axis, false).Data(), 0)
	}
	if got := SumAll(Mul(MaxMaskAll(x), x)); got != MaxAll(x) {
		t.Errorf("Σ MaxMaskAll·x = %v, want MaxAll %v", got, MaxAll(x))
	}
}

func TestLogSumExp(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name string
		row  []float64
		want float64
	}{
		{"huge", []float64{1000, 1000}, 1000 + math.Ln2},
		{"tiny", []float64{-1000, -1000}, -1000 + math.Ln2},
		{"plain", []float64{0, math.Log(2), math.Log(3)}, math.Log(6)},
		{"one", []float64{3}, 3},
		{"all -Inf", []float64{-inf, -inf}, -inf},
		{"some -Inf", []float64{-inf, 0}, 0},
		{"+Inf", []float64{inf, 1}, inf},
		{"NaN", []float64{1, math.NaN()}, math.NaN()},
	}
	for _, c := range cases {
		x := New([]int{1, len(c.row)}, c.row)
		got := LogSumExp(x, 1, false)
		checkTensor(t, c.name, got, []int{1}, []float64{c.want}, 1e-15)
		// The same along axis 0 of the transpose, keeping dims.
		got = LogSumExp(Transpose(x), 0, true)
		checkTensor(t, c.name+" axis0", got, []int{1, 1}, []float64{c.want}, 1e-15)
	}
}

func TestSoftmax(t *testing.T) {
	x := New([]int{3, 3}, []float64{
		1000, 1000, 1000,
		1, 2, 3,
		-1e3, 0, 1e3,
	})
	s := Softmax(x, 1)
	for i := 0; i < 3; i++ {
		sum := 0.0
		for j := 0; j < 3; j++ {
			v := s.At(i, j)
			if math.IsNaN(v) || v < 0 || v > 1 {
				t.Errorf("Softmax[%d,%d] = %v", i, j, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-15 {
			t.Errorf("row %d sums to %v", i, sum)
		}
	}
	e := []float64{math.Exp(1), math.Exp(2), math.Exp(3)}
	z := e[0] + e[1] + e[2]
	checkTensor(t, "row 1", s.Row(1), []int{3}, []float64{e[0] / z, e[1] / z, e[2] / z}, 1e-15)
	checkTensor(t, "row 0", s.Row(0), []int{3}, []float64{1. / 3, 1. / 3, 1. / 3}, 1e-15)
	checkTensor(t, "row 2", s.Row(2), []int{3}, []float64{0, 0, 1}, 0)
	// Along axis 0 it is the transpose of along axis 1 of the transpose.
	checkTensor(t, "axis0", Softmax(Transpose(x), 0), []int{3, 3}, Transpose(s).Data(), 0)
	// exp(LogSoftmax) relation: log softmax = x − LogSumExp(x).
	lse := LogSumExp(x, 1, true)
	checkTensor(t, "log softmax", Map(s, math.Log).Row(1), []int{3}, Sub(x, lse).Row(1).Data(), 1e-14)
	inf := math.Inf(-1)
	checkTensor(t, "-Inf entry", Softmax(New([]int{2}, []float64{inf, 0}), 0), []int{2}, []float64{0, 1}, 0)
	nan := math.NaN()
	checkTensor(t, "all -Inf", Softmax(New([]int{2}, []float64{inf, inf}), 0), []int{2}, []float64{nan, nan}, 0)
}

func TestTranspose(t *testing.T) {
	m := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	checkTensor(t, "matrix", Transpose(m), []int{3, 2}, []float64{1, 4, 2, 5, 3, 6}, 0)
	checkTensor(t, "identity perm", Transpose(m, 0, 1), []int{2, 3}, m.Data(), 0)
	x := New([]int{2, 3, 2}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	checkTensor(t, "reverse 3d", Transpose(x), []int{2, 3, 2},
		[]float64{1, 7, 3, 9, 5, 11, 2, 8, 4, 10, 6, 12}, 0)
	got := Transpose(x, 1, 0, 2)
	checkTensor(t, "perm 1 0 2", got, []int{3, 2, 2}, []float64{1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12}, 0)
	if x.At(1, 2, 0) != got.At(2, 1, 0) {
		t.Error("Transpose(1,0,2) element mismatch")
	}
	checkTensor(t, "vector", Transpose(New([]int{3}, []float64{1, 2, 3})), []int{3}, []float64{1, 2, 3}, 0)
	checkTensor(t, "scalar", Transpose(Scalar(4)), []int{}, []float64{4}, 0)
	checkTensor(t, "empty", Transpose(Zeros(0, 3)), []int{3, 0}, []float64{}, 0)
	checkTensor(t, "empty 3d", Transpose(Zeros(2, 0, 3), 2, 0, 1), []int{3, 2, 0}, []float64{}, 0)
	wantPanic(t, "bad perm", func() { Transpose(x, 0, 0, 1) }, "Transpose", "[0 0 1]", "[2 3 2]")
	wantPanic(t, "short perm", func() { Transpose(x, 1, 0) }, "Transpose", "[1 0]", "[2 3 2]")
}
