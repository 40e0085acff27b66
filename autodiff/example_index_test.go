package autodiff_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Rosenbrock's function Σ 100(x[1:] − x[:-1]²)² + (1 − x[:-1])², written
// with slices, and its gradient.
func ExampleNode_Slice() {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{1, 2, 3}))
	head, tail := x.Slice(0, autodiff.None, -1, 1), x.Slice(0, 1, autodiff.None, 1)
	one := g.Scalar(1)
	f := tail.Sub(head.Square()).Square().Scale(100).Add(one.Sub(head).Square()).Sum()
	grad, _ := g.Gradient(f, x)
	fmt.Println(f.Value().Item(), grad[0].Data())
	// Output: 201 [-400 1002 -200]
}

// Where with a comparison: the gradient of the branch not taken is 0 even
// where that branch is infinite (√x at 0).
func ExampleWhere() {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{-1, 0, 4}))
	zero := g.Scalar(0)
	y := autodiff.Where(x.Greater(zero), x.Sqrt(), zero).Sum()
	grad, _ := g.Gradient(y, x)
	fmt.Println(y.Value().Item(), grad[0].Data())
	// Output: 2 [0 0 0.25]
}
