package linalg_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestShapeErrorPanics: representative misuses panic with a *ShapeError
// whose Op is the operation and whose message names it and the shapes.
func TestShapeErrorPanics(t *testing.T) {
	x := linalg.Zeros(2, 3)
	var nilTensor *linalg.Tensor
	cases := []struct {
		name, op string
		f        func()
		parts    []string
	}{
		{"MatMul", "MatMul", func() { linalg.MatMul(x, linalg.Zeros(4, 5)) }, []string{"[2 3]", "[4 5]"}},
		{"Add", "Add", func() { linalg.Add(x, linalg.Zeros(4)) }, []string{"[2 3]", "[4]"}},
		{"PairwiseSqDist", "PairwiseSqDist", func() { linalg.PairwiseSqDist(x, linalg.Zeros(2, 2)) }, []string{"[2 3]", "[2 2]"}},
		{"Reshape", "Reshape", func() { x.Reshape(4, -1) }, []string{"[2 3]", "[4 -1]"}},
		{"InferShape", "reshape", func() { linalg.InferShape("reshape", []int{2, 3}, []int{4, 2}) }, []string{"[2 3]", "[4 2]"}},
		{"At", "At", func() { x.At(2, 0) }, []string{"[2 0]", "[2 3]"}},
		{"Sum axis", "Sum", func() { linalg.Sum(x, 2, false) }, []string{"axis 2", "[2 3]"}},
		{"ReducedShape", "ReducedShape", func() { linalg.ReducedShape([]int{2, 3}, -3, true) }, []string{"axis -3", "[2 3]"}},
		{"Item nil", "Item", func() { nilTensor.Item() }, []string{"nil tensor"}},
		{"Shape nil", "Shape", func() { nilTensor.Shape() }, []string{"nil tensor"}},
		{"String nil", "String", func() { _ = nilTensor.String() }, []string{"nil tensor"}},
		{"MatMul nil", "read", func() { linalg.MatMul(nilTensor, x) }, []string{"nil tensor"}},
		{"Summary nil", "read", func() { linalg.Summary(nilTensor) }, []string{"nil tensor"}},
		{"PairwiseSqDist nil", "PairwiseSqDist", func() { linalg.PairwiseSqDist(nilTensor, x) }, []string{"nil tensor"}},
		{"Item shape", "Item", func() { x.Item() }, []string{"[2 3]"}},
		{"OnDevice nil", "OnDevice", func() { linalg.OnDevice([]int{2}, nil) }, []string{"nil buffer", "[2]"}},
	}
	for _, c := range cases {
		err := panicErr(c.f)
		var se *linalg.ShapeError
		if !errors.As(err, &se) {
			t.Errorf("%s: panic %v, want a *linalg.ShapeError", c.name, err)
			continue
		}
		if se.Op != c.op || !strings.HasPrefix(se.Error(), "linalg: "+c.op+": ") {
			t.Errorf("%s: Op %q, message %q; want op %q", c.name, se.Op, se.Error(), c.op)
		}
		for _, p := range c.parts {
			if !strings.Contains(se.Error(), p) {
				t.Errorf("%s: message %q does not contain %q", c.name, se.Error(), p)
			}
		}
	}
}

func TestInferAndReducedShape(t *testing.T) {
	if got := linalg.InferShape("Reshape", []int{2, 3}, []int{3, -1}); !linalg.SameShape(got, []int{3, 2}) {
		t.Errorf("InferShape([2 3], [3 -1]) = %v", got)
	}
	if got := linalg.InferShape("Reshape", []int{0, 3}, []int{-1, 3}); !linalg.SameShape(got, []int{0, 3}) {
		t.Errorf("InferShape([0 3], [-1 3]) = %v", got)
	}
	to := []int{-1}
	linalg.InferShape("Reshape", []int{4}, to)
	if to[0] != -1 {
		t.Error("InferShape wrote into its argument")
	}
	for _, c := range []struct {
		axis int
		keep bool
		want []int
	}{{1, false, []int{2, 4}}, {1, true, []int{2, 1, 4}}, {-1, false, []int{2, 3}}, {0, true, []int{1, 3, 4}}} {
		if got := linalg.ReducedShape([]int{2, 3, 4}, c.axis, c.keep); !linalg.SameShape(got, c.want) {
			t.Errorf("ReducedShape([2 3 4], %d, %t) = %v, want %v", c.axis, c.keep, got, c.want)
		}
	}
}

func TestSummaryAllNaN(t *testing.T) {
	if got := linalg.Summary(linalg.Full(math.NaN(), 3)); got != "all 3 NaN" {
		t.Errorf("Summary of three NaNs = %q", got)
	}
}
