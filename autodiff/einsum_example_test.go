package autodiff_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The bilinear form uᵀAv as an einsum, and its gradients: einsums again,
// ∂/∂A = u vᵀ and ∂/∂u = A v. Bad subscripts are an error, not a panic.
func ExampleGraph_Einsum() {
	g := autodiff.New()
	u, A, v := g.Input("u", 2), g.Input("A", 2, 2), g.Input("v", 2)
	u.Set(linalg.New([]int{2}, []float64{1, 2}))
	A.Set(linalg.New([]int{2, 2}, []float64{1, 2, 3, 4}))
	v.Set(linalg.New([]int{2}, []float64{5, 6}))
	y, err := g.Einsum("i,ij,j->", u, A, v)
	if err != nil {
		fmt.Println(err)
		return
	}
	grads, err := g.Gradient(y, A, u)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(y.Value(), grads[0], grads[1])

	_, err = g.Einsum("i,ij,j->k", u, A, v)
	fmt.Println(err)
	// Output:
	// 95 [[5 6]
	//  [10 12]] [17 39]
	// linalg: einsum "i,ij,j->k": output index k is not in the inputs (position 8)
}
