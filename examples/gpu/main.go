// Command gpu runs lesson 12's matrix product and mean shift on the GPU
// when there is one (a binary built with -tags cuda, an NVIDIA GPU and its
// driver) and on the CPU otherwise, and prints which, how long each took
// and how many bytes crossed the bus.
//
//	go run ./examples/gpu                  # CPU (no cuda tag)
//	go run -tags cuda ./examples/gpu       # GPU if present (see 'go doc cudaops')
//
// The matrix product is the lesson's: 5 MNIST rows (pixels/256) times its
// 784×10 weights, checked against the lesson's printed result, then the
// full 50000×784 · 784×10 shape on random pixels (the 50,000 MNIST rows are
// not shipped). The mean shift is the lesson's: its 1,500 points (6 blobs),
// Gaussian kernel with h = 2.5, 5 blurring iterations; the points stay on
// the device between iterations.
package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/epsilon-engine/epsilon/cudaops"
	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

var (
	//go:embed testdata/lesson12_weights.csv
	weightsCSV []byte
	//go:embed testdata/lesson12_mnist_valid5.csv
	mnist5CSV []byte
	//go:embed testdata/lesson12_t1.csv
	t1CSV []byte
	//go:embed testdata/lesson12_blobs.csv
	blobsCSV []byte
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gpu:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	var b linalg.Backend = linalg.CPU{}
	if g, err := cudaops.New(); err != nil {
		fmt.Fprintf(w, "running on the CPU: %v\n\n", err)
	} else {
		defer g.Close()
		b = g
		fmt.Fprintf(w, "running on the GPU: %s\n\n", g.Device())
	}
	return runOn(w, b, 50000)
}

// runOn runs the lesson's work on b, the full product with rows rows (the
// lesson's 50,000; tests take fewer). Each device result is released once
// read (Release; a host result ignores it), so the device holds nothing
// between the pieces of work.
func runOn(w io.Writer, b linalg.Backend, rows int) error {
	var err error

	weights, err := readCSV(weightsCSV, false)
	if err != nil {
		return fmt.Errorf("lesson12_weights.csv: %w", err)
	}
	pixels, err := readCSV(mnist5CSV, false)
	if err != nil {
		return fmt.Errorf("lesson12_mnist_valid5.csv: %w", err)
	}
	t1, err := readCSV(t1CSV, false)
	if err != nil {
		return fmt.Errorf("lesson12_t1.csv: %w", err)
	}
	blobs, err := readCSV(blobsCSV, true)
	if err != nil {
		return fmt.Errorf("lesson12_blobs.csv: %w", err)
	}
	w784 := linalg.New([]int{784, 10}, weights)
	for i := range pixels {
		pixels[i] /= 256
	}

	// The lesson's 5-row product, against its printed result.
	fmt.Fprintln(w, "matmul, the lesson's 5 rows: 5×784 · 784×10")
	printLaunch(w, 5, 10)
	x5 := linalg.New([]int{5, 784}, pixels)
	var t5 *linalg.Tensor
	d := timed(b, func() {
		if t5 != nil {
			t5.Release() // the previous run's, read already
		}
		t5 = b.MatMul(x5, w784, false, false)
		_ = t5.Values()
	})
	worst := 0.0
	for i, v := range t5.Values() {
		worst = max(worst, math.Abs(v-t1[i]))
	}
	fmt.Fprintf(w, "  first row %.4f\n  largest difference from the lesson's printed t1: %.1e\n  %v\n\n", t5.Values()[:10], worst, d)
	t5.Release()

	// The full shape, random pixels.
	fmt.Fprintf(w, "matmul, the lesson's full shape: %d×784 · 784×10 (random pixels)\n", rows)
	printLaunch(w, rows, 10)
	rng := rand.New(rand.NewPCG(12, 12))
	big := make([]float64, rows*784)
	for i := range big {
		big[i] = float64(rng.IntN(256)) / 256
	}
	xb := linalg.New([]int{rows, 784}, big)
	d = timed(b, func() {
		r := b.MatMul(xb, w784, false, false)
		_ = r.Values()
		r.Release()
	})
	fmt.Fprintf(w, "  %v\n", d)
	if g, ok := b.(*cudaops.Backend); ok {
		a32, w32 := to32(big), to32(weights)
		d = timed(b, func() { _, err = g.MatMul32(a32, w32, rows, 784, 10) })
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  float32: %v\n", d)
	}
	fmt.Fprintln(w)

	// Mean shift: 5 blurring iterations of the lesson's 1500 points.
	fmt.Fprintln(w, "mean shift, the lesson's 1500 points, h = 2.5, 5 blurring iterations")
	pts := linalg.New([]int{1500, 2}, blobs)
	var out *linalg.Tensor
	d = timed(b, func() {
		if out != nil {
			out.Release() // the previous run's, read already
		}
		cur := pts
		for range 5 {
			next := b.MeanShiftStep(cur, cur, 2.5)
			if cur != pts {
				cur.Release()
			}
			cur = next
		}
		out = cur
		_ = out.Values()
	})
	fmt.Fprintf(w, "  first point moved from (%.3f, %.3f) to (%.3f, %.3f); %d modes (points within 1 of each other)\n  %v\n",
		blobs[0], blobs[1], out.At(0, 0), out.At(0, 1), modes(out.Values()), d)
	out.Release()
	if g, ok := b.(*cudaops.Backend); ok {
		p32 := to32(blobs)
		d = timed(b, func() { _, err = g.MeanShift32(p32, 1500, 2, 2.5, 5) })
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  float32: %v\n", d)
	}
	return nil
}

// printLaunch shows the kernels' launch shapes for an m×n product.
func printLaunch(w io.Writer, m, n int) {
	g, bl := twin.MatMulNaiveLaunch(m, n)
	fmt.Fprintf(w, "  lesson kernel: grid %d×%d blocks of %d×%d threads (%d threads for %d outputs)\n",
		g.X, g.Y, bl.X, bl.Y, g.X*g.Y*bl.X*bl.Y, m*n)
	g, bl = twin.MatMulTiledLaunch(twin.TilesOf[float64](), m, n)
	fmt.Fprintf(w, "  tiled kernel (float64): grid %d×%d blocks of %d×%d threads, each thread 4×4 outputs\n", g.X, g.Y, bl.X, bl.Y)
}

// runTime is a median wall time and the bytes moved by one run.
type runTime struct {
	median      time.Duration
	up, down    int64
	backendName string
}

func (r runTime) String() string {
	return fmt.Sprintf("%s: %v per run (median of 3); %s to the device, %s back", r.backendName, r.median.Round(time.Microsecond), size(r.up), size(r.down))
}

// timed runs f three times and returns the median time and the bytes the
// last run moved.
func timed(b linalg.Backend, f func()) runTime {
	var ts []time.Duration
	var up, down int64
	for range 3 {
		u0, d0 := linalg.BytesMoved(b)
		start := time.Now()
		f()
		ts = append(ts, time.Since(start))
		u1, d1 := linalg.BytesMoved(b)
		up, down = u1-u0, d1-d0
	}
	slices.Sort(ts)
	return runTime{median: ts[1], up: up, down: down, backendName: b.Name()}
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// modes counts groups of points within distance 1 of a group's first
// point: after mean shift, the clusters' modes.
func modes(p []float64) int {
	var reps [][2]float64
outer:
	for i := 0; i+1 < len(p); i += 2 {
		for _, r := range reps {
			if math.Hypot(p[i]-r[0], p[i+1]-r[1]) < 1 {
				continue outer
			}
		}
		reps = append(reps, [2]float64{p[i], p[i+1]})
	}
	return len(reps)
}

// readCSV reads a CSV of numbers; with header set, it skips the first line
// and keeps only the first two columns (x, y of the blobs).
func readCSV(data []byte, header bool) ([]float64, error) {
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, err
	}
	if header {
		rows = rows[1:]
	}
	var v []float64
	for i, r := range rows {
		if header {
			r = r[:2]
		}
		for j, s := range r {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("line %d, column %d: %w", i+1, j+1, err)
			}
			v = append(v, f)
		}
	}
	return v, nil
}

func to32(v []float64) []float32 {
	o := make([]float32, len(v))
	for i, x := range v {
		o[i] = float32(x)
	}
	return o
}
