package gemm_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

// A 2×3 times a 3×2 matrix, row-major, with the fastest rung.
func ExampleGemm() {
	a := []float64{
		1, 2, 3,
		4, 5, 6,
	}
	b := []float64{
		7, 8,
		9, 10,
		11, 12,
	}
	c := make([]float64, 4)
	gemm.Gemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2)
	fmt.Println(c)
	// Output: [58 64 139 154]
}

// The transpose flags read a stored matrix as its transpose: here Aᵀ·A, the
// Gram matrix of A's columns, without copying A.
func ExampleGemm_transpose() {
	a := []float32{
		1, 2,
		3, 4,
		5, 6,
	} // 3×2
	c := make([]float32, 4)
	gemm.Gemm(true, false, 2, 2, 3, a, 2, a, 2, c, 2)
	fmt.Println(c)
	// Output: [35 44 44 56]
}

// Every rung computes the same product; they differ in speed and in the
// order of their additions.
func ExampleRungs() {
	a, b := []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}
	for _, r := range gemm.Rungs() {
		c := make([]float64, 4)
		r.F64(false, false, 2, 2, 2, a, 2, b, 2, c, 2)
		fmt.Printf("%-8s %v\n", r.Name, c)
	}
	// Output:
	// naive    [19 22 43 50]
	// ikj      [19 22 43 50]
	// dot      [19 22 43 50]
	// launch   [19 22 43 50]
	// blocked  [19 22 43 50]
	// parallel [19 22 43 50]
	// gonum    [19 22 43 50]
	// fast     [19 22 43 50]
}
