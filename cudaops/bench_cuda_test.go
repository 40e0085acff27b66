//go:build cuda

package cudaops

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
)

// The GPU benchmarks that bench/gpu/run.sh runs beside PyTorch
// (bench/gpu/peers.py) on the same GPU. Operands are on the device before
// the timer starts; each iteration launches and waits for the kernels, as
// the peer's timings (CUDA events around the same work) do.

func devRand32(b *testing.B, be *Backend, n int, seed uint64, lo, hi float32) *buffer {
	rng := rand.New(rand.NewPCG(seed, 1))
	v := make([]float32, n)
	for i := range v {
		v[i] = lo + (hi-lo)*rng.Float32()
	}
	x, err := upload(be, v)
	if err != nil {
		b.Fatal(err)
	}
	return x
}

// benchMatMul times C = A·B (m×k · k×n, float32, row-major) with each
// matmul kernel: the default (the sgemm kernels), the first tiled kernel
// (tiled_v1) and the lesson's (naive), in GFLOP/s, so that one run on a
// GPU sets all three beside cuBLAS (bench/gpu/peers.py).
func benchMatMul(b *testing.B, m, k, n int) {
	be := gpu(b)
	for _, kernel := range []string{kernelTiled, kernelTiledV1, kernelNaive} {
		b.Run(kernel, func(b *testing.B) {
			a, bb := devRand32(b, be, m*k, 1, -1, 1), devRand32(b, be, k*n, 2, -1, 1)
			c, err := be.alloc(m*n, 4)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { a.Release(); bb.Release(); c.Release() }()
			g := twin.NewGemm(m, n, k, false, false)
			if kernel == kernelTiled {
				plan, ok := twin.PlanSgemm(g, aligned16(a), aligned16(bb), aligned16(c))
				b.Logf("%d×%d·%d×%d: %v (planned: %t)", m, k, k, n, plan, ok)
			}
			if err := be.matmulWith(kernel, a, bb, c, g, 4); err != nil { // warm up (JIT, clocks)
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if err := be.matmulWith(kernel, a, bb, c, g, 4); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkGPUMatMul4096 is C = A·B, 4096² float32, beside torch.matmul
// (cuBLAS, TF32 off).
func BenchmarkGPUMatMul4096(b *testing.B) { benchMatMul(b, 4096, 4096, 4096) }

// BenchmarkGPUMatMulLesson is the lesson's full product 50000×784 · 784×10,
// float32, data on the device.
func BenchmarkGPUMatMulLesson(b *testing.B) { benchMatMul(b, 50000, 784, 10) }

// BenchmarkGPUMatMulLessonCopies is the same product with the upload of
// both operands and the download of the result, as the lesson's 3.61 ms
// ("copy back included") measured.
func BenchmarkGPUMatMulLessonCopies(b *testing.B) {
	be := gpu(b)
	rng := rand.New(rand.NewPCG(3, 3))
	x, w := make([]float32, 50000*784), make([]float32, 784*10)
	for i := range x {
		x[i] = float32(rng.IntN(256)) / 256
	}
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	for b.Loop() {
		if _, err := be.MatMul32(x, w, 50000, 784, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGPUMeanShift is the lesson's blurring mean shift in float32 on
// n points in 2-D (the lesson's 1,500, then 100,000 and 1,000,000; h = 2.5,
// points spread like the lesson's six blobs over [-35, 35)²): iters
// iterations with the points on the device, each a column-range reduction
// and one fused kernel over all n² pairs.
func BenchmarkGPUMeanShift(b *testing.B) {
	be := gpu(b)
	for _, c := range []struct{ n, iters int }{{1500, 5}, {100_000, 1}, {1_000_000, 1}} {
		b.Run(fmt.Sprintf("n=%d/iters=%d", c.n, c.iters), func(b *testing.B) {
			x := devRand32(b, be, 2*c.n, 4, -35, 35)
			y, err := be.alloc(2*c.n, 4)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { x.Release(); y.Release() }()
			run := func() {
				cur, next := x, y
				for range c.iters {
					if err := be.meanShift(cur, cur, next, c.n, c.n, 2, 2.5, 4); err != nil {
						b.Fatal(err)
					}
					cur, next = next, cur
				}
			}
			run() // warm up
			b.ResetTimer()
			for b.Loop() {
				run()
			}
			b.ReportMetric(float64(c.n)*float64(c.n)*float64(c.iters)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gpairs/s")
		})
	}
}
