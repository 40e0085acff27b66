package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchShapes are the shapes of examples/matmul's table (m, k, n): the
// lesson's 5 rows and its 50,000 rows of MNIST times 784×10 weights, the
// square 1024³, and the engine's MLP layer (batch 64, 784→100).
var benchShapes = []struct {
	name    string
	m, k, n int
}{
	{"lesson5", 5, 784, 10},
	{"lesson50000", 50000, 784, 10},
	{"square1024", 1024, 1024, 1024},
	{"mlp64x784x100", 64, 784, 100},
}

// tooSlow reports whether a rung would take tens of seconds per product on
// a shape (the triple loop, ikj, dot and the launch emulator on 1024³).
func tooSlow(r Rung, m, k, n int) bool { return r.Slow && m*k*n > 1<<29 }

// BenchmarkMatMul times every rung on every shape in float32 and float64,
// side by side in one run; b.ReportMetric adds GFLOP/s (2mnk flops).
func BenchmarkMatMul(b *testing.B) {
	for _, s := range benchShapes {
		for _, r := range Rungs() {
			for _, dtype := range []string{"f32", "f64"} {
				b.Run(fmt.Sprintf("%s/%s/%s", s.name, r.Name, dtype), func(b *testing.B) {
					if tooSlow(r, s.m, s.k, s.n) {
						b.Skipf("%s on %d×%d·%d×%d takes minutes: see examples/matmul for its small-shape timing", r.Name, s.m, s.k, s.k, s.n)
					}
					if dtype == "f32" {
						benchRung(b, r.F32, s.m, s.k, s.n)
					} else {
						benchRung(b, r.F64, s.m, s.k, s.n)
					}
				})
			}
		}
	}
}

func benchRung[T Float](b *testing.B, f Func[T], m, k, n int) {
	rng := rand.New(rand.NewPCG(1, 1))
	a, bb, c := make([]T, m*k), make([]T, k*n), make([]T, m*n)
	for i := range a {
		a[i] = T(rng.Float64())
	}
	for i := range bb {
		bb[i] = T(rng.Float64())
	}
	for b.Loop() {
		f(false, false, m, n, k, a, k, bb, n, c, n)
	}
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
