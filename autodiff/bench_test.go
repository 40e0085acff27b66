package autodiff_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// BenchmarkForwardElementwise measures a forward pass (Run only) through a
// chain of elementwise functions on a 256×256 input: x → Tanh → Sigmoid →
// Exp → Sum, beside its peers in one run: the same graph computing every op
// afresh (no buffer reuse), and a plain Go loop over the data with math's
// functions (no graph at all). It is dominated by the per-element cost of
// the functions, so it shows whether the forward pass computes derivatives
// it does not need and what the graph costs above the loop.
func BenchmarkForwardElementwise(b *testing.B) {
	const n = 256
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]float64, n*n)
	for i := range data {
		data[i] = 4*rng.Float64() - 2
	}
	graph := func(fresh bool) func(b *testing.B) {
		return func(b *testing.B) {
			g := autodiff.New()
			if fresh {
				g.AllocateForTest()
			}
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
	}
	b.Run("graph", graph(false))
	b.Run("graph-allocating", graph(true))
	b.Run("go-loop", func(b *testing.B) {
		b.ReportAllocs()
		var sink float64
		for b.Loop() {
			var s float64
			for _, v := range data {
				s += math.Exp(1 / (1 + math.Exp(-math.Tanh(v))))
			}
			sink = s
		}
		_ = sink
	})
}
