package linalg_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// A matrix product as an einsum: c_ij = Σ_k a_ik b_kj. The plan is one call
// of the matrix product, with no copy.
func ExampleEinsum() {
	a := linalg.New([]int{2, 3}, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	b := linalg.New([]int{3, 2}, []float64{
		1, 0,
		0, 1,
		1, 1,
	})
	c, err := linalg.Einsum("ik,kj->ij", a, b)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c)
	// The same product with aᵀ read in place: "ki" says a is stored k×i.
	fmt.Println(linalg.MustEinsum("ki,kj->ij", linalg.Transpose(a), b))
	// Output:
	// [[4 5]
	//  [10 11]]
	// [[4 5]
	//  [10 11]]
}

// A repeated index reads a diagonal: summed it is the trace, kept it is
// the diagonal.
func ExampleEinsum_trace() {
	a := linalg.New([]int{3, 3}, []float64{
		1, 2, 3,
		4, 5, 6,
		7, 8, 9,
	})
	fmt.Println(linalg.MustEinsum("ii->", a))
	fmt.Println(linalg.MustEinsum("ii", a)) // implicit output: i appears twice, so it is summed
	fmt.Println(linalg.MustEinsum("ii->i", a))
	// Output:
	// 15
	// 15
	// [1 5 9]
}

// A batch of matrix products, b indexing the batch; with "..." the batch
// axes may be any number, and broadcast: one matrix against a batch.
func ExampleEinsum_batched() {
	a := linalg.New([]int{2, 2, 2}, []float64{
		1, 0, 0, 1, // identity
		2, 0, 0, 2, // twice the identity
	})
	b := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	fmt.Println(linalg.MustEinsum("bij,bjk->bik", a, linalg.Concat(0, b.Reshape(1, 2, 2), b.Reshape(1, 2, 2))))
	fmt.Println(linalg.MustEinsum("...ij,jk->...ik", a, b))
	// Output:
	// [[[1 2]
	//   [3 4]]
	//  [[2 4]
	//   [6 8]]]
	// [[[1 2]
	//   [3 4]]
	//  [[2 4]
	//   [6 8]]]
}

// Subscripts from a user are data: a mistake is an error that says what
// and where.
func ExampleParseEinsum() {
	_, err := linalg.ParseEinsum("ik,kj->ix")
	fmt.Println(err)
	// Output:
	// linalg: einsum "ik,kj->ix": output index x is not in the inputs (position 8)
}

// The plan of a chain of three matrices: the greedy order multiplies the
// two that leave the smallest result first, as numpy.einsum_path does.
func ExampleEinsumPath() {
	p, err := linalg.EinsumPath("ij,jk,kl->il", []int{100, 2}, []int{2, 100}, []int{100, 100})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(p)
	// Output:
	//   Complete contraction:  ij,jk,kl->il
	//          Naive flops:  4000000
	//      Optimized flops:  40000
	//   operands   subscripts               kernel                                flops  shape
	//   [1 2]      jk,kl->jl                matmul                                20000  [2 100]
	//   [0 1]      ij,jl->il                matmul                                20000  [100 100]
}
