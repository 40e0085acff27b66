package linalg_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestGatherScatterAdjoint: ScatterAdd is Gather's transpose,
// ⟨Gather(x), y⟩ = ⟨x, ScatterAdd(y)⟩, with repeated and negative indices.
func TestGatherScatterAdjoint(t *testing.T) {
	x := linalg.New([]int{2, 4, 3}, nil)
	for i := range x.Data() {
		x.Data()[i] = math.Sin(float64(i) + 1)
	}
	idx := []int{3, -4, 3, 1, 2}
	gx := linalg.Gather(x, 1, idx)
	if got := gx.Shape(); !linalg.SameShape(got, []int{2, 5, 3}) {
		t.Fatalf("Gather shape %v", got)
	}
	y := linalg.New(gx.Shape(), nil)
	for i := range y.Data() {
		y.Data()[i] = math.Cos(float64(i))
	}
	a, b := linalg.Dot(gx, y), linalg.Dot(x, linalg.ScatterAdd(y, 1, idx, 4))
	if math.Abs(a-b) > 1e-13 {
		t.Errorf("⟨Gather x, y⟩ = %v, ⟨x, ScatterAdd y⟩ = %v", a, b)
	}
	if gx.At(1, 1, 2) != x.At(1, 0, 2) {
		t.Errorf("Gather picked %v, want x[1, 0, 2] = %v", gx.At(1, 1, 2), x.At(1, 0, 2))
	}
}

// TestConcatCumsumArgMax: Concat, Cumsum (both directions) and ArgMax on
// small tensors.
func TestConcatCumsumArgMax(t *testing.T) {
	a := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	b := linalg.New([]int{2, 1}, []float64{5, 6})
	if got := linalg.Concat(1, a, b).Data(); !slices.Equal(got, []float64{1, 2, 5, 3, 4, 6}) {
		t.Errorf("Concat axis 1 = %v", got)
	}
	if got := linalg.Cumsum(a, 0, false).Data(); !slices.Equal(got, []float64{1, 2, 4, 6}) {
		t.Errorf("Cumsum axis 0 = %v", got)
	}
	if got := linalg.Cumsum(a, 1, true).Data(); !slices.Equal(got, []float64{3, 2, 7, 4}) {
		t.Errorf("reverse Cumsum axis 1 = %v", got)
	}
	m := linalg.New([]int{2, 3}, []float64{1, 3, 3, math.NaN(), 0, 9})
	if got := linalg.ArgMax(m, 1, false).Data(); !slices.Equal(got, []float64{1, 0}) {
		t.Errorf("ArgMax = %v, want [1 0] (first of ties, NaN wins)", got)
	}
}

// TestIndicesFromData: integer-valued floats convert; NaN, ±Inf and
// fractions return an error naming the element, not a panic.
func TestIndicesFromData(t *testing.T) {
	got, err := linalg.Indices(linalg.New([]int{3}, []float64{2, -1, 0}))
	if err != nil || len(got) != 3 || got[0] != 2 || got[1] != -1 {
		t.Errorf("Indices = %v, %v", got, err)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), 1.5} {
		_, err := linalg.Indices(linalg.New([]int{2}, []float64{0, v}))
		if err == nil || !strings.Contains(err.Error(), "element 1") {
			t.Errorf("Indices with %v: error %v, want one naming element 1", v, err)
		}
	}
}

// TestIndexKernelsBadInput: out-of-range indices and mismatched joins panic
// with a *linalg.ShapeError naming the op, the index and the shapes.
func TestIndexKernelsBadInput(t *testing.T) {
	x := linalg.Zeros(2, 3)
	for _, tt := range []struct {
		op, want string
		f        func()
	}{
		{"Gather", "index 3", func() { linalg.Gather(x, 1, []int{3}) }},
		{"ScatterAdd", "index -5", func() { linalg.ScatterAdd(x, 1, []int{0, 1, -5}, 4) }},
		{"Concat", "[2 2]", func() { linalg.Concat(0, x, linalg.Zeros(2, 2)) }},
	} {
		func() {
			defer func() {
				e, ok := recover().(*linalg.ShapeError)
				if !ok || e.Op != tt.op || !strings.Contains(e.Msg, tt.want) || !strings.Contains(e.Msg, "[2 3]") && tt.op != "ScatterAdd" {
					t.Errorf("%s: panic %v, want a ShapeError naming %q", tt.op, e, tt.want)
				}
			}()
			tt.f()
		}()
	}
}
