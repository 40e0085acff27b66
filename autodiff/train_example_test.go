package autodiff_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Example_training trains a two-layer network on XOR by gradient descent:
// the graph and its gradient are built once, and each step runs them and
// moves the weights in place (an input keeps the tensor given to Set, so
// the next run sees the new values).
func Example_training() {
	g := autodiff.New()
	x, y := g.Input("x", 4, 2), g.Input("y", 4, 1)
	x.Set(linalg.New([]int{4, 2}, []float64{0, 0, 0, 1, 1, 0, 1, 1}))
	y.Set(linalg.New([]int{4, 1}, []float64{0, 1, 1, 0}))
	rng := rand.New(rand.NewPCG(1, 2))
	param := func(name string, shape ...int) *autodiff.Node {
		p := g.Input(name, shape...)
		t := linalg.Zeros(shape...)
		for i := range t.Data() {
			t.Data()[i] = rng.NormFloat64()
		}
		p.Set(t)
		return p
	}
	w1, b1, w2, b2 := param("w1", 2, 8), param("b1", 8), param("w2", 8, 1), param("b2", 1)
	pred := x.MatMul(w1).Add(b1).Tanh().MatMul(w2).Add(b2).Sigmoid()
	loss := pred.Sub(y).Square().Mean()
	params := []*autodiff.Node{w1, b1, w2, b2}
	grads := g.Grad(loss, params...)

	for step := 0; step < 2000; step++ {
		if err := g.Run(append(grads, loss)...); err != nil {
			fmt.Println(err)
			return
		}
		for i, p := range params { // SGD: p ← p − 0.5·∂loss/∂p
			for k, d := range grads[i].Value().Values() {
				p.Value().Data()[k] -= 0.5 * d
			}
		}
	}
	g.Run(pred, loss)
	fmt.Printf("loss %.4f, predictions %.2f\n", loss.Value().Item(), pred.Value().Values())
	// Output:
	// loss 0.0004, predictions [0.02 0.98 0.98 0.02]
}
