package linalg

import (
	"math"
	"testing"
)

// TestLogSumExpAllNegInfGrad: LogSumExpGrad is Softmax on ordinary lines and
// gives the derivative's conventions where Softmax is 0/0: weight 0 on a
// line of all −Inf, 1/k on the k entries at +Inf, NaN for a NaN line.
func TestLogSumExpAllNegInfGrad(t *testing.T) {
	ninf, pinf, nan := math.Inf(-1), math.Inf(1), math.NaN()
	x := New([]int{6, 3}, []float64{
		1, 2, 3, // ordinary
		ninf, ninf, ninf, // all −Inf
		ninf, 0, ninf, // some −Inf
		pinf, 1, pinf, // two +Inf
		ninf, pinf, 5, // −Inf and +Inf
		1, nan, 2, // NaN
	})
	w := LogSumExpGrad(x, 1)
	s := Softmax(x, 1)
	checkTensor(t, "ordinary line", w.Row(0), []int{3}, s.Row(0).Data(), 0)
	checkTensor(t, "all -Inf", w.Row(1), []int{3}, []float64{0, 0, 0}, 0)
	checkTensor(t, "some -Inf", w.Row(2), []int{3}, []float64{0, 1, 0}, 0)
	checkTensor(t, "+Inf", w.Row(3), []int{3}, []float64{0.5, 0, 0.5}, 0)
	checkTensor(t, "-Inf and +Inf", w.Row(4), []int{3}, []float64{0, 1, 0}, 0)
	checkTensor(t, "NaN", w.Row(5), []int{3}, []float64{nan, nan, nan}, 0)
	// Along axis 0, and an empty axis.
	checkTensor(t, "axis 0", LogSumExpGrad(Transpose(x), 0), []int{3, 6}, Transpose(w).Data(), 0)
	checkTensor(t, "empty line", LogSumExpGrad(Zeros(2, 0), 1), []int{2, 0}, []float64{}, 0)
}
