package gradcheck_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

func ExampleCheck() {
	// A user's op x ↦ x² whose VJP forgot the factor 2.
	square := &autodiff.Func{
		Name:    "my-square",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return linalg.Mul(in[0], in[0]) },
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Scale(2, linalg.Mul(in[0], d[0]))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(in[0], grad)} // wrong: 2·x·ḡ
		},
	}
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{1, -2, 0.5}))
	loss := g.ApplyFunc(square, x.Sin()).Sum()
	report, err := gradcheck.Check(loss, []*autodiff.Node{x}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.Status)
	fmt.Println(report.Worst.Disagrees, "mode disagrees")
	for _, b := range report.Blamed() {
		fmt.Println(b.Node.Label(), "—", b.Detail)
	}
	// Output:
	// MISMATCH
	// reverse mode disagrees
	// #2 my-square — its VJP rule is wrong (the JVP rule agrees with finite differences)
}
