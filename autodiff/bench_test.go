package autodiff_test

import (
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// BenchmarkForwardElementwise measures a forward pass (Run only) through a
// chain of elementwise functions on a 256×256 input: x → Tanh → Sigmoid →
// Exp → Sum. It is dominated by the per-element cost of evaluating the
// functions, so it shows whether the forward pass computes derivatives it
// does not need.
func BenchmarkForwardElementwise(b *testing.B) {
	const n = 256
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]float64, n*n)
	for i := range data {
		data[i] = 4*rng.Float64() - 2
	}
	g := autodiff.New()
	x := g.Input("x", n, n)
	y := x.Tanh().Sigmoid().Exp().Sum()
	x.Set(linalg.New([]int{n, n}, data))
	b.ReportAllocs()
	for b.Loop() {
		if err := g.Run(y); err != nil {
			b.Fatal(err)
		}
	}
}
