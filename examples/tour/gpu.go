package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/cudaops"
	"github.com/epsilon-engine/epsilon/linalg"
)

// gpuRun is one piece of work on one backend.
type gpuRun struct {
	work, backend    string
	first, warm      time.Duration // the first run (uploads, kernel loading) and the median of the next ones
	toDevice, toHost int64         // bytes moved over all runs
}

// gpuWork runs the lesson's two heavy pieces of work on the backend b as
// graphs: the full matmul (rows×784 · 784×10) and five iterations of the
// lesson's blurring mean shift on its 1,500 points.
func gpuWork(b linalg.Backend, rows, reps int) ([]gpuRun, error) {
	var runs []gpuRun
	rng := rand.New(rand.NewPCG(5, 784))
	random := func(shape ...int) *linalg.Tensor {
		t := linalg.Zeros(shape...)
		for i := range t.Data() {
			t.Data()[i] = rng.Float64()
		}
		return t
	}

	measure := func(work string, reps int, once func() error) error {
		d0, h0 := linalg.BytesMoved(b)
		t0 := time.Now()
		if err := once(); err != nil {
			return err
		}
		first := time.Since(t0)
		var ts []float64
		for range reps {
			t := time.Now()
			if err := once(); err != nil {
				return err
			}
			ts = append(ts, time.Since(t).Seconds())
		}
		d1, h1 := linalg.BytesMoved(b)
		runs = append(runs, gpuRun{work: work, backend: b.Name(), first: first,
			warm: time.Duration(medianOf(ts) * float64(time.Second)), toDevice: d1 - d0, toHost: h1 - h0})
		return nil
	}

	g := autodiff.NewOn(b)
	x, w := g.Input("x", rows, 784), g.Input("w", 784, 10)
	y := x.MatMul(w)
	x.Set(random(rows, 784))
	w.Set(random(784, 10))
	err := measure(fmt.Sprintf("matmul %d×784 · 784×10, result read on the host", rows), reps, func() error {
		if err := g.Run(y); err != nil {
			return err
		}
		_ = y.Value().Data() // the result where the user reads it
		return nil
	})
	if err != nil {
		return nil, err
	}

	data, _, _, err := lessonData()
	if err != nil {
		return nil, err
	}
	const h = 2.5
	gm := autodiff.NewOn(b)
	pts := gm.Input("points", data.Shape()...)
	hn := gm.Const("h", linalg.New([]int{}, []float64{h}))
	step := pts.MeanShiftStep(pts, hn)
	err = measure("mean shift, lesson data, 5 blurring iterations", reps, func() error {
		pts.Set(data)
		for range 5 {
			if err := gm.Run(step); err != nil {
				return err
			}
			pts.Set(step.Value())
		}
		_ = step.Value().Data()
		return nil
	})
	return runs, err
}

func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func gpuChapter(c *chapter) error {
	rows, reps := 50_000, 3
	if c.quick {
		rows, reps = 5_000, 1
	}
	c.Para("The graph runs every heavy op on its linalg.Backend. The CPU's is the default; package cudaops is an NVIDIA GPU's, "+
		"through gorgonia's cu package, built only with -tags cuda. On a device backend a tensor lives where it was made: consecutive GPU "+
		"ops pass device buffers, and a value crosses the bus only when the host reads it, so the backend can count the bytes moved. "+
		"The same two graphs below — the lesson's matmul (%d rows) and its 5 blurring mean shift iterations — run on each backend there is.", rows)
	backends := []linalg.Backend{linalg.Default}
	gpu, closeGPU, gpuErr := openGPU()
	if gpuErr == nil {
		defer closeGPU()
		backends = append(backends, gpu)
		if d, ok := gpu.(interface{ Device() string }); ok {
			c.Para("GPU: %s.", d.Device())
		}
	}
	var rowsOut [][]string
	for _, b := range backends {
		runs, err := gpuWork(b, rows, reps)
		if err != nil {
			return fmt.Errorf("on %s: %w", b.Name(), err)
		}
		for _, r := range runs {
			rowsOut = append(rowsOut, []string{r.work, r.backend, seconds(r.first.Seconds()),
				seconds(r.warm.Seconds()), bytesString(r.toDevice), bytesString(r.toHost)})
		}
	}
	later := fmt.Sprintf("median of %d more", reps)
	if reps == 1 {
		later = "second run"
	}
	c.Table([]string{"work", "ran on", "first run", later, "bytes to device", "bytes to host"}, rowsOut)
	if gpuErr != nil {
		how := "To run it on an NVIDIA GPU: eval \"$(bash .ci/cuda-toolchain.sh)\" fetches the CUDA 11.8 headers and the stub " +
			"libcuda.so that the build needs (nothing is installed), then go run -tags cuda ./examples/tour -chapter gpu " +
			"on a machine with the NVIDIA driver."
		if cudaops.Built() {
			how = "This binary was built with -tags cuda, so the GPU or its driver is what is missing."
		}
		c.Para("No GPU ran here — cudaops.New said: %v. Everything above ran on the CPU, which moves no bytes. %s", gpuErr, how)
	}
	return nil
}

// bytesString prints a byte count in KB or MB.
func bytesString(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
