package linalg

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestEmptyEverywhere runs every operation on tensors with a zero in the
// shape: none may panic, and each must give the documented shape.
func TestEmptyEverywhere(t *testing.T) {
	e := Zeros(0, 3)
	f := Zeros(2, 0)
	cases := []struct {
		name  string
		got   *Tensor
		shape []int
	}{
		{"Clone", e.Clone(), []int{0, 3}},
		{"Full", Full(1, 0, 3), []int{0, 3}},
		{"Reshape", f.Reshape(0, 5), []int{0, 5}},
		{"BroadcastTo", BroadcastTo(Zeros(1, 0), []int{4, 0}), []int{4, 0}},
		{"SumTo", SumTo(e, []int{3}), []int{3}},
		{"SumTo to empty", SumTo(f, []int{2, 0}), []int{2, 0}},
		{"Add", Add(e, e), []int{0, 3}},
		{"Sub", Sub(e, Scalar(1)), []int{0, 3}},
		{"Mul", Mul(f, Zeros(0)), []int{2, 0}},
		{"Div", Div(Zeros(1, 0), f), []int{2, 0}},
		{"Map", Map(e, math.Sqrt), []int{0, 3}},
		{"Map2", Map2("Atan2", e, Zeros(1, 3), math.Atan2), []int{0, 3}},
		{"Scale", Scale(3, f), []int{2, 0}},
		{"Sum", Sum(f, 1, false), []int{2}},
		{"Mean", Mean(e, 1, true), []int{0, 1}},
		{"Max", Max(f, 0, false), []int{0}},
		{"MaxMask", MaxMask(f, 1), []int{2, 0}},
		{"MaxMaskAll", MaxMaskAll(f), []int{2, 0}},
		{"LogSumExp", LogSumExp(f, 1, false), []int{2}},
		{"Softmax", Softmax(f, 1), []int{2, 0}},
		{"Transpose", Transpose(f), []int{0, 2}},
		{"MatMul m=0", MatMul(e, Zeros(3, 4)), []int{0, 4}},
		{"MatMul k=0", MatMul(f, Zeros(0, 4)), []int{2, 4}},
		{"MatMul n=0", MatMul(Zeros(4, 3), Zeros(3, 0)), []int{4, 0}},
		{"MatMulT", MatMulT(e, e, true, false), []int{3, 3}},
		{"PairwiseSqDist", PairwiseSqDist(e, Zeros(2, 3)), []int{0, 2}},
		{"PairwiseSqDist d=0", PairwiseSqDist(f, f), []int{2, 2}},
		{"GaussianWeight", GaussianWeight(e, 1), []int{0, 3}},
		{"MeanShiftStep", CPU{}.MeanShiftStep(e, Zeros(5, 3), 1), []int{0, 3}},
	}
	for _, c := range cases {
		if !SameShape(c.got.Shape(), c.shape) {
			t.Errorf("%s: shape %v, want %v", c.name, c.got.Shape(), c.shape)
		}
	}
	// Results with elements: sums over nothing are 0.
	checkTensor(t, "MatMul k=0 zeros", MatMul(f, Zeros(0, 2)), []int{2, 2}, []float64{0, 0, 0, 0}, 0)
	checkTensor(t, "PairwiseSqDist d=0 zeros", PairwiseSqDist(f, f), []int{2, 2}, []float64{0, 0, 0, 0}, 0)
	checkTensor(t, "Sum over empty axis", Sum(f, 1, false), []int{2}, []float64{0, 0}, 0)
	for name, v := range map[string]float64{
		"SumAll": SumAll(e), "NormL1": NormL1(e), "NormL2": NormL2(e), "NormLp": NormLp(e, 3),
		"NormMax": NormMax(e), "Frobenius": Frobenius(e), "Distance": Distance(e, f), "Dot": Dot(e, f),
	} {
		if v != 0 {
			t.Errorf("%s of empty = %v, want 0", name, v)
		}
	}
	if MaxAll(e) != math.Inf(-1) {
		t.Errorf("MaxAll of empty = %v", MaxAll(e))
	}
}

// TestGOMAXPROCSIndependent checks that results are bitwise the same whatever
// the number of threads (gonum's Gemm goes parallel on large products).
func TestGOMAXPROCSIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	a, b := RandNormal(rng, 300, 200), RandNormal(rng, 200, 250)
	x, y := RandNormal(rng, 200, 3), RandNormal(rng, 50, 3)
	run := func(p int) []*Tensor {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
		return []*Tensor{MatMul(a, b), MatMulT(b, a, true, true), PairwiseSqDist(x, y), CPU{}.MeanShiftStep(y, x, 0.5)}
	}
	one, many := run(1), run(8)
	for i := range one {
		for k, v := range one[i].Data() {
			if many[i].Data()[k] != v {
				t.Fatalf("result %d element %d: %v with GOMAXPROCS=1, %v with 8", i, k, v, many[i].Data()[k])
			}
		}
	}
}
