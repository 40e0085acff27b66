package linalg_test

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

func ExampleMatMul() {
	a := linalg.New([]int{2, 3}, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	b := linalg.New([]int{3, 2}, []float64{
		1, 0,
		0, 1,
		1, 1,
	})
	fmt.Println(linalg.MatMul(a, b))
	// A vector on the right is a column: matrix·vector.
	fmt.Println(linalg.MatMul(a, linalg.New([]int{3}, []float64{1, 1, 1})))
	// aᵀ·a without forming aᵀ.
	fmt.Println(linalg.MatMulT(a, a, true, false))
	// Output:
	// [[4 5]
	//  [10 11]]
	// [6 15]
	// [[17 22 27]
	//  [22 29 36]
	//  [27 36 45]]
}

func ExampleBroadcastShapes() {
	fmt.Println(linalg.BroadcastShapes("Add", []int{3, 1}, []int{4}))
	fmt.Println(linalg.BroadcastShapes("Add", []int{2, 3}, []int{}))
	defer func() { fmt.Println(recover()) }()
	linalg.BroadcastShapes("Add", []int{2, 3}, []int{4})
	// Output:
	// [3 4]
	// [2 3]
	// linalg: Add: shapes [2 3] and [4] do not broadcast
}

func ExampleAdd() {
	col := linalg.New([]int{3, 1}, []float64{1, 2, 3})
	row := linalg.New([]int{4}, []float64{10, 20, 30, 40})
	sum := linalg.Add(col, row)
	fmt.Println(sum)
	// SumTo undoes the broadcast for the gradient: the column gets row sums.
	fmt.Println(linalg.SumTo(sum, []int{3, 1}))
	// Output:
	// [[11 21 31 41]
	//  [12 22 32 42]
	//  [13 23 33 43]]
	// [[104]
	//  [108]
	//  [112]]
}

func ExamplePairwiseSqDist() {
	x, _ := linalg.FromRows([][]float64{{0, 0}, {3, 4}})
	y, _ := linalg.FromRows([][]float64{{0, 0}, {1e8 + 0.5, 1e8}, {3, 0}})
	fmt.Println(linalg.PairwiseSqDist(x, y))
	// Equal rows give exactly 0, even far from the origin.
	far, _ := linalg.FromRows([][]float64{{1e8 + 0.5, 1e8}, {1e8, 1e8}})
	fmt.Println(linalg.PairwiseSqDist(far, far))
	// Output:
	// [[0 2e+16 9]
	//  [25 2e+16 16]]
	// [[0 0.25]
	//  [0.25 0]]
}

func ExampleLogSumExp() {
	x := linalg.New([]int{2, 2}, []float64{1000, 1000, math.Inf(-1), math.Inf(-1)})
	lse := linalg.LogSumExp(x, 1, false)
	fmt.Printf("%.6f %v\n", lse.At(0)-1000, lse.At(1))
	fmt.Println(linalg.Softmax(x.Row(0), 0))
	// Output:
	// 0.693147 -Inf
	// [0.5 0.5]
}

func ExampleCPU_MeanShiftStep() {
	data, _ := linalg.FromRows([][]float64{{0, 0}, {0, 1}, {1, 0}, {10, 10}})
	queries, _ := linalg.FromRows([][]float64{{0.5, 0.5}, {-1000, 0}})
	y := queries
	for range 20 {
		y = linalg.Default.MeanShiftStep(y, data, 1)
	}
	// Both queries climb to the density mode of the three nearby points
	// (pulled towards the origin, which is close to both others); the far
	// one gets there without 0/0, thanks to the stabilised weights.
	fmt.Printf("%.4f\n%.4f\n", y.Row(0).Data(), y.Row(1).Data())
	// Output:
	// [0.3118 0.3118]
	// [0.3118 0.3118]
}
