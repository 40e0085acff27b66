package linalg_test

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestIntoMatchesAllocating: each …Into function writes into a host
// destination (the same tensor comes back) exactly the values of its
// allocating twin, over a destination full of garbage, on broadcasting
// fast paths and the general walk alike.
func TestIntoMatchesAllocating(t *testing.T) {
	a := linalg.New([]int{3, 4}, []float64{1, -2, 3, 4, 5, 6, -7, 8, 9, 10, 11, 0.5})
	row := linalg.New([]int{1, 4}, []float64{0.5, 1, -1, 2})
	col := linalg.New([]int{3, 1}, []float64{2, -3, 4})
	b := linalg.New([]int{4, 2}, []float64{1, 2, 3, 4, 5, 6, 7, 8})
	add := func(x, y float64) float64 { return x*y + x }
	cases := []struct {
		name  string
		shape []int
		into  func(dst *linalg.Tensor) *linalg.Tensor
		alloc func() *linalg.Tensor
	}{
		{"Map", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor {
			return linalg.MapInto(d, a, func(x float64) float64 { return x * x })
		}, func() *linalg.Tensor { return linalg.Map(a, func(x float64) float64 { return x * x }) }},
		{"Map2 row", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.Map2Into("f", d, a, row, add) }, func() *linalg.Tensor { return linalg.Map2("f", a, row, add) }},
		{"Map2 row left", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.Map2Into("f", d, row, a, add) }, func() *linalg.Tensor { return linalg.Map2("f", row, a, add) }},
		{"Map2 col", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.Map2Into("f", d, a, col, add) }, func() *linalg.Tensor { return linalg.Map2("f", a, col, add) }},
		{"MatMulT", []int{3, 2}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.MatMulTInto(d, a, b, false, false) }, func() *linalg.Tensor { return linalg.MatMulT(a, b, false, false) }},
		{"MatMulT empty k", []int{3, 2}, func(d *linalg.Tensor) *linalg.Tensor {
			return linalg.MatMulTInto(d, linalg.Zeros(3, 0), linalg.Zeros(0, 2), false, false)
		}, func() *linalg.Tensor { return linalg.Zeros(3, 2) }},
		{"SumTo row", []int{1, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.SumToInto(d, a, []int{1, 4}) }, func() *linalg.Tensor { return linalg.SumTo(a, []int{1, 4}) }},
		{"SumTo col", []int{3, 1}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.SumToInto(d, a, []int{3, 1}) }, func() *linalg.Tensor { return linalg.SumTo(a, []int{3, 1}) }},
		{"BroadcastTo row", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.BroadcastToInto(d, row, []int{3, 4}) }, func() *linalg.Tensor { return linalg.BroadcastTo(row, []int{3, 4}) }},
		{"BroadcastTo col", []int{3, 4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.BroadcastToInto(d, col, []int{3, 4}) }, func() *linalg.Tensor { return linalg.BroadcastTo(col, []int{3, 4}) }},
		{"Sum", []int{4}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.SumInto(d, a, 0, false) }, func() *linalg.Tensor { return linalg.Sum(a, 0, false) }},
		{"Max", []int{3, 1}, func(d *linalg.Tensor) *linalg.Tensor { return linalg.MaxInto(d, a, 1, true) }, func() *linalg.Tensor { return linalg.Max(a, 1, true) }},
	}
	for _, c := range cases {
		dst := linalg.Full(999, c.shape...)
		got := c.into(dst)
		if got != dst {
			t.Errorf("%s: did not write into the destination", c.name)
		}
		want := c.alloc()
		if !got.HasShape(want.Shape()) {
			t.Fatalf("%s: shape %v, want %v", c.name, got.Shape(), want.Shape())
		}
		for k, w := range want.Values() {
			if got.Values()[k] != w {
				t.Errorf("%s[%d] = %v into a destination, %v allocating", c.name, k, got.Values()[k], w)
			}
		}
		if fresh := c.into(nil); fresh == nil || !fresh.HasShape(want.Shape()) {
			t.Errorf("%s: a nil destination did not give a fresh result", c.name)
		}
	}
}

// TestIntoDeviceAndShape: a destination on a device is never written on the
// host (a fresh host tensor comes back and the device tensor keeps its
// values); one of the wrong shape panics with a *ShapeError.
func TestIntoDeviceAndShape(t *testing.T) {
	fd := fakedevice.New()
	defer fd.Close()
	dev := fd.MatMul(linalg.Full(1, 2, 2), linalg.Full(1, 2, 2), false, false) // all 2, on the device
	got := linalg.MapInto(dev, linalg.Full(3, 2, 2), func(x float64) float64 { return -x })
	if got == dev || got.Device() != nil || got.At(0, 0) != -3 {
		t.Errorf("MapInto with a device destination: same %v, on device %v, value %v", got == dev, got.Device() != nil, got.At(0, 0))
	}
	if dev.At(1, 1) != 2 {
		t.Errorf("the device destination changed to %v", dev.At(1, 1))
	}
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Errorf("a destination of the wrong shape did not panic with a *linalg.ShapeError")
		}
	}()
	linalg.MapInto(linalg.Zeros(3), linalg.Zeros(2), func(x float64) float64 { return x })
}

// TestJacobianConversions: a Jacobian tensor converts to gonum's matrix and
// to rows of float64 (the forms of packages fd and dual) and back.
func TestJacobianConversions(t *testing.T) {
	j := linalg.New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	m := j.Matrix(2)
	if r, c := m.Dims(); r != 2 || c != 3 || m.At(1, 0) != 4 {
		t.Fatalf("Matrix: %d×%d, [1,0] = %v", r, c, m.At(1, 0))
	}
	m.Set(0, 0, 100) // a copy
	if j.At(0, 0) != 1 {
		t.Errorf("Matrix shares data with the tensor")
	}
	back := linalg.FromDense(mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	rows := back.Rows()
	again, err := linalg.FromRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range j.Values() {
		if back.Values()[k] != v || again.Values()[k] != v || rows[k/3][k%3] != v {
			t.Errorf("element %d: FromDense %v, Rows %v, FromRows %v; want %v", k, back.Values()[k], rows[k/3][k%3], again.Values()[k], v)
		}
	}
	// A Jacobian of shape [2 2] ++ [3] flattens to 4×3.
	if r, c := linalg.Zeros(2, 2, 3).Matrix(4).Dims(); r != 4 || c != 3 {
		t.Errorf("Matrix(4) of a 2×2×3 tensor is %d×%d", r, c)
	}
}
