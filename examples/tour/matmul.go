package main

import (
	"fmt"
	"github.com/epsilon-engine/epsilon/examples/matmul/ladder"
	"github.com/epsilon-engine/epsilon/linalg/gemm"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
)

// einsumSection: the lesson's product as an einsum, the same numbers as
// the matmul and as the lesson printed them.
func einsumSection(c *chapter) error {
	digits, weights, lesson, err := lessonMatmul()
	if err != nil {
		return err
	}
	mm := linalg.MatMul(digits, weights)
	es, err := linalg.Einsum("ik,kj->ij", digits, weights)
	if err != nil {
		return err
	}
	plan, err := linalg.EinsumPath("ik,kj->ij", digits.Shape(), weights.Shape())
	if err != nil {
		return err
	}
	maxAbs := func(a, b *linalg.Tensor) float64 {
		m := 0.0
		for i, v := range a.Values() {
			m = math.Max(m, math.Abs(v-b.Values()[i]))
		}
		return m
	}
	c.Para("Einsum names each axis with a letter and sums over the letters missing from the output: \"ik,kj->ij\" is " +
		"C_ij = Σ_k A_ik B_kj, the matrix product. The lesson's 5 MNIST digits (pixels/256) times its 784×10 weights, by " +
		"linalg.Einsum and by linalg.MatMul, against the product the lesson printed (6 decimals):")
	row := func(t *linalg.Tensor) string {
		s := ""
		for j := range 5 {
			s += fmt.Sprintf("%9.4f", t.At(0, j))
		}
		return s + " …"
	}
	c.Pre(fmt.Sprintf("  einsum   row 0: %s\n  matmul   row 0: %s\n  lesson   row 0: %s\n\n"+
		"  |einsum − matmul| ≤ %.1e    |einsum − lesson| ≤ %.1e (the lesson computed in float32)\n\n%s",
		row(es), row(mm), row(lesson), maxAbs(es, mm), maxAbs(es, lesson), indent(plan.String(), "  ")))
	c.Para("The plan shows what einsum did: a pattern that is a matrix product is lowered to the same matmul kernels the ladder " +
		"above ends with. Einsum also writes the batched form of mean shift, weights @ X / weights.sum(1), " +
		"as einsum(\"ij,jk->ik\", W, X).")
	rows, reps := 50_000, 5
	if c.quick {
		rows, reps = 5_000, 3
	}
	tE, tM, err := einsumTiming(rows, reps)
	if err != nil {
		return err
	}
	c.Para("Timed on %d rows (random data, float64, median of %d runs in this run): einsum %s, MatMul %s. The lesson's einsum "+
		"took 15.1 ms and its torch matmul 15.2 ms on 50,000 rows, on other hardware.", rows, reps, seconds(tE), seconds(tM))
	return nil
}

// seconds prints a time in seconds with three significant digits and a
// unit that suits it.
func seconds(s float64) string {
	switch {
	case s >= 1:
		return fmt.Sprintf("%.3g s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	}
	return fmt.Sprintf("%.3g µs", s*1e6)
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix) + "\n"
}

func matmulChapter(c *chapter) error {
	shapes, opt := ladder.Shapes, ladder.DefaultOptions
	if c.quick {
		shapes, opt = ladder.QuickShapes, ladder.QuickOptions
	}
	rungs := gemm.Rungs()
	c.Para("Lesson 12 climbs from a triple loop in Python to a CUDA kernel, about five million times faster. epsilon climbs the same " +
		"ladder in Go (package linalg/gemm), each rung a named function for float32 and float64:")
	var desc [][]string
	for _, r := range rungs {
		desc = append(desc, []string{r.Name, r.Description})
	}
	c.Table([]string{"rung", "what it does"}, desc)
	ms, notes := ladder.Run(rungs, shapes, ladder.Dtypes, opt, nil)
	var rows [][]string
	for _, m := range ms {
		speed := "–"
		if s, ok := ladder.Speedup(ms, m); ok {
			speed = fmt.Sprintf("%.3g×", s)
		}
		rows = append(rows, []string{m.Impl, ladder.Shape{M: m.M, K: m.K, N: m.N}.String(), m.Dtype,
			seconds(m.Seconds), fmt.Sprintf("%.2f", m.GFLOPS), speed})
	}
	c.Para("Each rung timed on this machine (median of repeated runs, inputs uniform in [0, 1); the ladder of examples/matmul, " +
		"whose full table runs with go run ./examples/matmul):")
	c.Table([]string{"rung", "shape", "dtype", "median", "GFLOP/s", "vs triple loop"}, rows)
	for _, n := range notes {
		c.Para("Note: %s.", n)
	}
	if err := ladderPicture(c, ms); err != nil {
		return err
	}
	return einsumSection(c)
}

// einsumTiming times Einsum and MatMul on the same random rows×784 · 784×10
// float64 product: the median of reps runs each, after a warm-up run.
func einsumTiming(rows, reps int) (tEinsum, tMatMul float64, err error) {
	rng := rand.New(rand.NewPCG(3, 784))
	a, b := linalg.Zeros(rows, 784), linalg.Zeros(784, 10)
	for _, t := range []*linalg.Tensor{a, b} {
		for i := range t.Data() {
			t.Data()[i] = rng.Float64()
		}
	}
	median := func(f func() error) (float64, error) {
		var ts []float64
		for i := range reps + 1 {
			t0 := time.Now()
			if err := f(); err != nil {
				return 0, err
			}
			if i > 0 {
				ts = append(ts, time.Since(t0).Seconds())
			}
		}
		return medianOf(ts), nil
	}
	tEinsum, err = median(func() error { _, err := linalg.Einsum("ik,kj->ij", a, b); return err })
	if err != nil {
		return 0, 0, err
	}
	tMatMul, err = median(func() error { linalg.MatMul(a, b); return nil })
	return tEinsum, tMatMul, err
}
