package autodiff_test

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

func ExampleGraph_Grad() {
	// loss = Σ tanh(x·w)², and its gradient with respect to w.
	g := autodiff.New()
	x := g.Input("x", 1, 2)
	w := g.Input("w", 2, 1)
	loss := x.MatMul(w).Tanh().Square().Sum()
	grad := g.Grad(loss, w)[0] // new nodes: the gradient is a graph too

	x.Set(linalg.New([]int{1, 2}, []float64{1, 2}))
	w.Set(linalg.New([]int{2, 1}, []float64{0.25, -0.5}))
	if err := g.Run(loss, grad); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("loss %.6f\n", loss.Value().Item())
	fmt.Printf("grad %.6f\n", grad.Value().Data())
	// Output:
	// loss 0.403414
	// grad [-0.757842 -1.515683]
}

func ExampleGraph_JVP() {
	// Forward mode: the directional derivative of y = sin(x)·x along v.
	g := autodiff.New()
	x := g.Input("x", 2)
	y := x.Sin().Mul(x)
	x.Set(linalg.New([]int{2}, []float64{0, 1}))
	v := linalg.New([]int{2}, []float64{1, 1})
	jv, err := g.JVP(y, []*autodiff.Node{x}, []*linalg.Tensor{v})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.6f\n", jv.Data()) // (cos x·x + sin x)·v
	// Output:
	// [0.000000 1.381773]
}

func ExampleGraph_HVP() {
	// f(x) = Σ xᵢ³ has Hessian diag(6xᵢ); forward-over-reverse gives H·v
	// without forming H.
	g := autodiff.New()
	x := g.Input("x", 3)
	f := x.Mul(x).Mul(x).Sum()
	x.Set(linalg.New([]int{3}, []float64{1, 2, 3}))
	hv, err := g.HVP(f, []*autodiff.Node{x}, []*linalg.Tensor{linalg.New([]int{3}, []float64{1, 1, 1})})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hv[0].Data())
	// Output:
	// [6 12 18]
}

func ExampleGraph_Jacobian() {
	g := autodiff.New()
	x := g.Input("x", 2)
	y := x.Softmax(0)
	x.Set(linalg.New([]int{2}, []float64{0, 0}))
	jac, _ := g.Jacobian(y, x, autodiff.Reverse)
	fmt.Println(jac)
	// Output:
	// [[0.25 -0.25]
	//  [-0.25 0.25]]
}

func ExampleFunc() {
	// A user's op, given by numeric rules: softsign(x) = x/(1+|x|).
	prime := func(x float64) float64 { return 1 / ((1 + math.Abs(x)) * (1 + math.Abs(x))) }
	softsign := &autodiff.Func{
		Name: "softsign",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
			return linalg.Map(in[0], func(x float64) float64 { return x / (1 + math.Abs(x)) })
		},
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Mul(d[0], linalg.Map(in[0], prime))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], prime))}
		},
	}
	g := autodiff.New()
	x := g.Input("x", 2)
	y := g.ApplyFunc(softsign, x).Sum()
	x.Set(linalg.New([]int{2}, []float64{1, -3}))
	grads, _ := g.Gradient(y, x)
	fmt.Println(grads[0].Data())
	// Output:
	// [0.25 0.0625]
}

func ExampleNode_MeanShiftStep() {
	// One Gaussian mean shift step moves a query towards the data's mode,
	// and the step is differentiable in the query, the data and h.
	g := autodiff.New()
	y := g.Input("y", 1, 1)
	x := g.Const("x", linalg.New([]int{3, 1}, []float64{-1, 0, 1}))
	h := g.Input("h", 1)
	step := y.MeanShiftStep(x, h)
	y.Set(linalg.New([]int{1, 1}, []float64{0.5}))
	h.Set(linalg.New([]int{1}, []float64{1}))
	grads, _ := g.Gradient(step.Sum(), y, h)
	fmt.Printf("moved to %.6f; ∂/∂y %.6f; ∂/∂h %.6f\n", step.Value().Item(), grads[0].Item(), grads[1].Item())
	// Output:
	// moved to 0.266956; ∂/∂y 0.506415; ∂/∂h -0.393675
}
