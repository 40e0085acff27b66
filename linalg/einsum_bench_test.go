package linalg_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
	"gonum.org/v1/gonum/mat"
)

// BenchmarkEinsum runs einsums that are matrix products side by side with
// the direct calls: linalg.MatMulT (the kernel the plan lowers them to) and
// gonum's mat.Dense.Mul. The einsum's overhead is its plan (cached on the
// spec) and, for the batched case, a call per batch index:
//
//	go test ./linalg/ -run X -bench BenchmarkEinsum -count 5
//
// On a shared, loaded machine the separate timings drift by more than the
// difference sought; the …/alternating benchmarks call the three in turn
// (rotating which goes first) and report the ratios of their summed times
// as the metrics einsum/matmulT and einsum/gonum, which drift much less.
func BenchmarkEinsum(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{16, 64, 256} {
		a, c := rnd(rng, n, n), rnd(rng, n, n)
		spec := linalg.MustParseEinsum("ik,kj->ij")
		specT := linalg.MustParseEinsum("ik,jk->ij")
		ga, gc := mat.NewDense(n, n, a.Values()), mat.NewDense(n, n, c.Values())
		var gd mat.Dense
		b.Run(fmt.Sprintf("ik,kj->ij/%d/einsum", n), func(b *testing.B) {
			for b.Loop() {
				spec.Eval(a, c)
			}
		})
		b.Run(fmt.Sprintf("ik,kj->ij/%d/einsum-string", n), func(b *testing.B) {
			for b.Loop() {
				linalg.MustEinsum("ik,kj->ij", a, c)
			}
		})
		b.Run(fmt.Sprintf("ik,kj->ij/%d/matmulT", n), func(b *testing.B) {
			for b.Loop() {
				linalg.MatMulT(a, c, false, false)
			}
		})
		b.Run(fmt.Sprintf("ik,kj->ij/%d/gonum", n), func(b *testing.B) {
			for b.Loop() {
				gd.Reset()
				gd.Mul(ga, gc)
			}
		})
		b.Run(fmt.Sprintf("ik,kj->ij/%d/alternating", n), func(b *testing.B) {
			var te, tm, tg time.Duration
			i := 0
			for b.Loop() {
				for r := range 3 {
					t0 := time.Now()
					switch (i + r) % 3 {
					case 0:
						spec.Eval(a, c)
						te += time.Since(t0)
					case 1:
						linalg.MatMulT(a, c, false, false)
						tm += time.Since(t0)
					case 2:
						gd.Reset()
						gd.Mul(ga, gc)
						tg += time.Since(t0)
					}
				}
				i++
			}
			b.ReportMetric(float64(te)/float64(tm), "einsum/matmulT")
			b.ReportMetric(float64(te)/float64(tg), "einsum/gonum")
		})
		b.Run(fmt.Sprintf("ik,jk->ij/%d/einsum", n), func(b *testing.B) {
			for b.Loop() {
				specT.Eval(a, c)
			}
		})
		b.Run(fmt.Sprintf("ik,jk->ij/%d/matmulT", n), func(b *testing.B) {
			for b.Loop() {
				linalg.MatMulT(a, c, false, true)
			}
		})
	}
	// A batch of 32 products of 64×64 matrices, against a loop of MatMulT.
	const batch, n = 32, 64
	x, y := rnd(rng, batch, n, n), rnd(rng, batch, n, n)
	spec := linalg.MustParseEinsum("bik,bkj->bij")
	b.Run("bik,bkj->bij/32x64/einsum", func(b *testing.B) {
		for b.Loop() {
			spec.Eval(x, y)
		}
	})
	loop := func() {
		for i := range batch {
			xa := linalg.New([]int{n, n}, x.Values()[i*n*n:(i+1)*n*n])
			ya := linalg.New([]int{n, n}, y.Values()[i*n*n:(i+1)*n*n])
			linalg.MatMulT(xa, ya, false, false)
		}
	}
	b.Run("bik,bkj->bij/32x64/matmulT", func(b *testing.B) {
		for b.Loop() {
			loop()
		}
	})
	b.Run("bik,bkj->bij/32x64/alternating", func(b *testing.B) {
		var te, tm time.Duration
		i := 0
		for b.Loop() {
			for r := range 2 {
				t0 := time.Now()
				if (i+r)%2 == 0 {
					spec.Eval(x, y)
					te += time.Since(t0)
				} else {
					loop()
					tm += time.Since(t0)
				}
			}
			i++
		}
		b.ReportMetric(float64(te)/float64(tm), "einsum/matmulT")
	})
}

// BenchmarkEinsumPathMany plans einsums of many operands (a ring of 100
// matrices, 100 vectors sharing one index): the greedy search looks at
// every pair at every step, so its bookkeeping decides the planning time.
func BenchmarkEinsumPathMany(b *testing.B) {
	const n = 100
	letters := "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	ring, same := make([]string, n), make([]string, n)
	ringShapes, sameShapes := make([][]int, n), make([][]int, n)
	for k := range n {
		ring[k] = string(letters[k%52]) + string(letters[(k+1)%52])
		ringShapes[k] = []int{2, 2}
		same[k] = "a"
		sameShapes[k] = []int{3}
	}
	for _, c := range []struct {
		name, subs string
		shapes     [][]int
	}{
		{"ring", strings.Join(ring, ",") + "->", ringShapes},
		{"same", strings.Join(same, ",") + "->a", sameShapes},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				linalg.MustParseEinsum(c.subs).Plan(c.shapes...) // a new spec: no cached plan
			}
		})
	}
}
