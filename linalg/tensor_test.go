package linalg

import (
	"math"
	"strings"
	"testing"
)

func TestNewAndAccessors(t *testing.T) {
	x := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	if x.Rank() != 2 || x.Len() != 6 {
		t.Fatalf("Rank, Len = %d, %d, want 2, 6", x.Rank(), x.Len())
	}
	if got := x.At(1, 2); got != 6 {
		t.Errorf("At(1,2) = %v, want 6", got)
	}
	x.Set(-1, 0, 1)
	if got := x.Data()[1]; got != -1 {
		t.Errorf("Set(−1, 0, 1) then Data()[1] = %v", got)
	}
	s := x.Shape()
	s[0] = 99
	if x.Shape()[0] != 2 {
		t.Error("Shape did not return a copy")
	}
	c := x.Clone()
	c.Set(100, 0, 0)
	if x.At(0, 0) != 1 {
		t.Error("Clone shares data")
	}
	checkTensor(t, "Zeros", Zeros(2, 2), []int{2, 2}, []float64{0, 0, 0, 0}, 0)
	checkTensor(t, "Full", Full(7, 3), []int{3}, []float64{7, 7, 7}, 0)
	checkTensor(t, "New(nil)", New([]int{1, 2}, nil), []int{1, 2}, []float64{0, 0}, 0)
	sc := Scalar(2.5)
	if sc.Rank() != 0 || sc.Len() != 1 || sc.Item() != 2.5 || sc.At() != 2.5 {
		t.Errorf("Scalar(2.5): rank %d len %d item %v", sc.Rank(), sc.Len(), sc.Item())
	}
	if New([]int{1, 1, 1}, []float64{3}).Item() != 3 {
		t.Error("Item of a 1×1×1 tensor")
	}
}

func TestTensorPanics(t *testing.T) {
	x := Zeros(2, 3)
	cases := []struct {
		name  string
		f     func()
		parts []string
	}{
		{"New length", func() { New([]int{2, 3}, make([]float64, 5)) }, []string{"New", "[2 3]", "5"}},
		{"New negative", func() { New([]int{-1}, nil) }, []string{"New", "negative"}},
		{"At rank", func() { x.At(1) }, []string{"At", "[2 3]"}},
		{"At range", func() { x.At(2, 0) }, []string{"At", "[2 0]", "[2 3]"}},
		{"Set range", func() { x.Set(1, 0, -1) }, []string{"Set", "[2 3]"}},
		{"Item", func() { x.Item() }, []string{"Item", "[2 3]"}},
		{"Reshape count", func() { x.Reshape(4, 2) }, []string{"Reshape", "[2 3]", "[4 2]"}},
		{"Reshape two -1", func() { x.Reshape(-1, -1) }, []string{"Reshape", "-1"}},
		{"Reshape -1 indivisible", func() { x.Reshape(-1, 4) }, []string{"Reshape", "[2 3]", "[-1 4]"}},
		{"Row rank0", func() { Scalar(1).Row(0) }, []string{"Row"}},
		{"Row range", func() { x.Row(2) }, []string{"Row", "[2 3]"}},
	}
	for _, c := range cases {
		wantPanic(t, c.name, c.f, c.parts...)
	}
}

func TestReshapeAndRowShareData(t *testing.T) {
	x := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	cases := []struct {
		in   []int
		want []int
	}{
		{[]int{3, 2}, []int{3, 2}},
		{[]int{-1}, []int{6}},
		{[]int{3, -1}, []int{3, 2}},
		{[]int{1, -1, 1}, []int{1, 6, 1}},
		{[]int{6, 1}, []int{6, 1}},
	}
	for _, c := range cases {
		r := x.Reshape(c.in...)
		if !SameShape(r.Shape(), c.want) {
			t.Errorf("Reshape(%v) shape %v, want %v", c.in, r.Shape(), c.want)
		}
	}
	x.Reshape(3, 2).Set(42, 2, 1)
	if x.At(1, 2) != 42 {
		t.Error("Reshape view does not share data")
	}
	r := x.Row(1)
	checkTensor(t, "Row(1)", r, []int{3}, []float64{4, 5, 42}, 0)
	r.Set(-4, 0)
	if x.At(1, 0) != -4 {
		t.Error("Row view does not share data")
	}
	if got := x.Row(0).Row(2); got.Rank() != 0 || got.Item() != 3 {
		t.Errorf("Row of a vector = %v, want rank-0 3", got)
	}
	// Appending to a row view must not overwrite the next row.
	_ = append(x.Row(0).Data(), 1000)
	if x.At(1, 0) != -4 {
		t.Error("append to a row view overwrote the next row")
	}
	e := Zeros(0, 3)
	if got := e.Reshape(-1, 3).Shape(); !SameShape(got, []int{0, 3}) {
		t.Errorf("Reshape of empty = %v", got)
	}
	if got := Zeros(2, 0, 3).Row(1); !SameShape(got.Shape(), []int{0, 3}) {
		t.Errorf("Row of [2 0 3] = %v", got.Shape())
	}
}

func TestFromRows(t *testing.T) {
	x, err := FromRows([][]float64{{1, 2}, {3, 4}, {5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	checkTensor(t, "FromRows", x, []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}, 0)
	_, err = FromRows([][]float64{{1, 2}, {3}})
	if err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("ragged FromRows error = %v, want one naming row 1", err)
	}
	e, err := FromRows(nil)
	if err != nil || e.Len() != 0 || e.Rank() != 2 {
		t.Errorf("FromRows(nil) = %v, %v", e, err)
	}
	e, err = FromRows([][]float64{{}, {}})
	if err != nil || !SameShape(e.Shape(), []int{2, 0}) {
		t.Errorf("FromRows of empty rows = %v, %v", e.Shape(), err)
	}
}

func TestString(t *testing.T) {
	cases := []struct {
		t    *Tensor
		want string
	}{
		{Scalar(1.5), "1.5"},
		{New([]int{3}, []float64{1, 2.5, -3}), "[1 2.5 -3]"},
		{New([]int{2, 2}, []float64{1, 2, 3, 4}), "[[1 2]\n [3 4]]"},
		{New([]int{2, 1, 2}, []float64{1, 2, 3, 4}), "[[[1 2]]\n [[3 4]]]"},
		{New([]int{8}, []float64{0, 1, 2, 3, 4, 5, 6, 7}), "[0 1 2 ... 5 6 7]"},
		{Zeros(0, 3), "[]"},
		{New([]int{2}, []float64{math.NaN(), math.Inf(-1)}), "[NaN -Inf]"},
	}
	for _, c := range cases {
		if got := c.t.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}
