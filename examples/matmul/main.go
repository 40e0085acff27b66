// Command matmul climbs lesson 12's matrix-product ladder in Go and times
// every rung of linalg/gemm on the lesson's shapes: the triple loop, the
// broadcasting loop order, unit-stride dot products, the CUDA kernel body
// run by a CPU launch emulator, the cache-blocked BLIS loop nest, the same
// on every core, gonum's BLAS, and the SIMD assembly kernels.
//
// Usage:
//
//	go run ./examples/matmul [-quick] [-json] [-plot out/matmul.png]
//
// It prints a table (rung, shape, element type, median time, GFLOP/s, and
// the speedup over the triple loop); -json prints one JSON object per
// measurement instead, with the keys of bench/matmul_peers.py (impl, m, k,
// n, dtype, seconds, gflops), so PyTorch's and NumPy's figures can be set
// beside these (see bench/README.md). -plot draws the lesson's own timings
// beside epsilon's as a bar chart on a log scale. -quick measures only small
// shapes, briefly. Slow rungs are skipped on the big shapes, with a note.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/epsilon-engine/epsilon/examples/matmul/ladder"
	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

func main() {
	quick := flag.Bool("quick", false, "small shapes only, few repeats (a second or two)")
	asJSON := flag.Bool("json", false, "print one JSON object per measurement instead of the table")
	plotPath := flag.String("plot", "", "write a bar chart of the lesson's timings beside epsilon's to this PNG file")
	flag.Parse()
	if err := run(os.Stdout, os.Stderr, *quick, *asJSON, *plotPath); err != nil {
		fmt.Fprintln(os.Stderr, "matmul:", err)
		os.Exit(1)
	}
}

// run measures and reports: the table or JSON to w, notes and the progress
// bar to status.
func run(w, status io.Writer, quick, asJSON bool, plotPath string) error {
	shapes, opt := ladder.Shapes, ladder.DefaultOptions
	if quick {
		shapes, opt = ladder.QuickShapes, ladder.QuickOptions
	}
	var bar *progressbar.ProgressBar
	progress := func(done, total int, what string) {
		if quick {
			return // a second or two: no bar
		}
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(status),
				progressbar.OptionSetWidth(30), progressbar.OptionShowCount(),
				progressbar.OptionClearOnFinish(), progressbar.OptionSetDescription("measuring"))
		}
		bar.Describe(fmt.Sprintf("%-40s", what))
		_ = bar.Set(done)
	}
	start := time.Now()
	ms, notes := ladder.Run(gemm.Rungs(), shapes, ladder.Dtypes, opt, progress)
	if bar != nil {
		_ = bar.Finish()
	}
	for _, n := range notes {
		fmt.Fprintln(status, "note:", n)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		for _, m := range ms {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
	} else if err := printTable(w, ms, quick); err != nil {
		return err
	}
	if plotPath != "" {
		if err := ladder.SavePlot(plotPath, ms); err != nil {
			return err
		}
		fmt.Fprintln(status, "plot written:", plotPath)
	}
	fmt.Fprintf(status, "measured in %.1f s; fast kernels: %s (float32), %s (float64) for n = 10\n",
		time.Since(start).Seconds(), gemm.KernelName[float32](10), gemm.KernelName[float64](10))
	return nil
}

func printTable(w io.Writer, ms []ladder.Measurement, quick bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "rung\tshape\tdtype\tmedian\tGFLOP/s\tvs triple loop\t")
	// The triple loop's rate on the biggest shape it ran, for an estimate
	// where it was skipped (1024³): there its walk down the columns of B
	// misses the cache on every step (B no longer fits), so it is slower
	// still, and the speedup shown is a lower bound.
	naiveRate, naiveSize := map[string]float64{}, map[string]float64{}
	for _, m := range ms {
		if size := float64(m.M) * float64(m.K) * float64(m.N); m.Impl == "naive" && size > naiveSize[m.Dtype] {
			naiveRate[m.Dtype], naiveSize[m.Dtype] = m.GFLOPS, size
		}
	}
	estimated := false
	for _, m := range ms {
		speed := "–"
		if s, ok := ladder.Speedup(ms, m); ok {
			speed = fmt.Sprintf("%.3g×", s)
		} else if r := naiveRate[m.Dtype]; r > 0 {
			speed = fmt.Sprintf("≥ %.3g×", m.GFLOPS/r)
			estimated = true
		}
		shape := ladder.Shape{M: m.M, K: m.K, N: m.N}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t%s\t\n", m.Impl, shape, m.Dtype, formatSeconds(m.Seconds), m.GFLOPS, speed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if estimated {
		_, err := fmt.Fprintln(w, "≥: the triple loop is skipped on that shape; the speedup is over its rate on the biggest shape it ran, a rate it cannot reach on this one (B no longer fits in cache), so a lower bound.")
		return err
	}
	return nil
}

// formatSeconds prints a duration with a unit that keeps 3 significant digits.
func formatSeconds(s float64) string {
	switch {
	case s >= 1:
		return fmt.Sprintf("%.3g s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	case s >= 1e-6:
		return fmt.Sprintf("%.3g µs", s*1e6)
	}
	return fmt.Sprintf("%.3g ns", s*1e9)
}
