//go:build cuda

package cudaops

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMeanShift32DriverCalls: after a warm-up run of the same size (which
// fills the scratch pool), the lesson's run — 1,500 points, five updates —
// is one hand-over to the driver goroutine, one upload, one download and
// the plan's launches (two per update: the split kernel and its merge),
// with no allocation, free or synchronisation besides the download.
func TestMeanShift32DriverCalls(t *testing.T) {
	b := gpu(t)
	x := f32(randT(7, 1500, 2, 35).Values())
	if _, err := b.MeanShift32(x, 1500, 2, 2.5, 5); err != nil {
		t.Fatal(err)
	}
	before := b.driverCounts()
	if _, err := b.MeanShift32(x, 1500, 2, 2.5, 5); err != nil {
		t.Fatal(err)
	}
	got := b.driverCounts().Sub(before)
	p := twin.PlanMeanShift(1500, 1500, 2)
	want := callCounts{HandOvers: 1, Uploads: 1, Downloads: 1, Launches: int64(5 * p.Launches())}
	if got != want {
		t.Errorf("driver calls of one run: %+v, want %+v", got, want)
	}
	t.Logf("lesson run (%d×%d blocks of %d, then the merge): %+v", p.Grid.X, p.Grid.Y, p.Block.X, got)
}

// TestMeanShift32AwkwardSizes: MeanShift32 against the CPU's blurring
// steps (float64, on the float32 inputs) on sizes that are not multiples
// of a block or tile, with and without the split, for every kernel (d = 1,
// 3, 5: the register kernels with a per-coordinate test; 2: the exact
// one; 17: the wide one), to 1e-4 of the data's extent.
func TestMeanShift32AwkwardSizes(t *testing.T) {
	b := gpu(t)
	for _, c := range []struct{ n, d, iters int }{
		{1, 2, 3}, {2, 1, 2}, {67, 2, 3}, {131, 3, 2}, {1031, 2, 5}, {4099, 2, 2}, {257, 5, 2}, {97, 17, 2},
	} {
		x := f32(randT(uint64(c.n*c.d), c.n, c.d, 20).Values())
		got, err := b.MeanShift32(x, c.n, c.d, 2.5, c.iters)
		if err != nil {
			t.Fatal(err)
		}
		cur := linalg.New([]int{c.n, c.d}, f64(x))
		for range c.iters {
			cur = linalg.CPU{}.MeanShiftStep(cur, cur, 2.5)
		}
		closeTo(t, fmt.Sprintf("n=%d d=%d iters=%d (plan %+v)", c.n, c.d, c.iters, twin.PlanMeanShift(c.n, c.n, c.d)),
			f64(got), cur.Values(), ones(cur.Len(), 40), 1e-4)
	}
}

// TestMeanShiftPlansAgree runs one update with no split, with the
// backend's plan and with 7 splits, float32 and float64, on the device,
// against linalg.CPU.MeanShiftStep (float64 to 1e-12, float32 to 1e-4 of
// the data's extent): the split-and-merge path and the one-pass path give
// the CPU's result on the same shapes.
func TestMeanShiftPlansAgree(t *testing.T) {
	b := gpu(t)
	for _, c := range []struct{ m, n, d int }{{130, 257, 2}, {129, 1100, 3}, {37, 531, 5}, {300, 1500, 2}} {
		y, x := randT(uint64(c.m), c.m, c.d, 10), randT(uint64(c.n+1), c.n, c.d, 10)
		h := 1.5
		for _, elem := range []int{8, 4} {
			yv, xv := y.Values(), x.Values()
			if elem == 4 {
				yv, xv = f64(f32(yv)), f64(f32(xv))
			}
			want := linalg.CPU{}.MeanShiftStep(linalg.New([]int{c.m, c.d}, yv), linalg.New([]int{c.n, c.d}, xv), h).Values()
			lo, hi := make([]float64, c.d), make([]float64, c.d)
			for k := range lo {
				lo[k], hi[k] = math.Inf(1), math.Inf(-1)
			}
			twin.HostRanges(lo, hi, yv, c.d)
			twin.HostRanges(lo, hi, xv, c.d)
			a := newMSArgs(lo, hi, h, elem)
			for _, p := range []twin.MeanShiftPlan{twin.PlanMeanShiftSplit(c.m, c.n, c.d, 1), twin.PlanMeanShift(c.m, c.n, c.d), twin.PlanMeanShiftSplit(c.m, c.n, c.d, 7)} {
				name := fmt.Sprintf("%+v f%d plan %s×%d", c, 8*elem, p.Kernel, p.Splits)
				got := runPlan(t, b, p, yv, xv, c.m, c.n, c.d, a, elem)
				tol := 1e-12
				if elem == 4 {
					tol = 1e-4
				}
				closeTo(t, name, got, want, ones(len(want), 20), tol)
			}
		}
	}
}

// runPlan uploads y and x as elem-byte values, runs plan p on them and
// returns the result as float64.
func runPlan(t *testing.T, b *Backend, p twin.MeanShiftPlan, y, x []float64, m, n, d int, a msArgs, elem int) []float64 {
	t.Helper()
	var dy, dx *buffer
	var err error
	if elem == 4 {
		if dy, err = upload(b, f32(y)); err == nil {
			dx, err = upload(b, f32(x))
		}
	} else if dy, err = upload(b, y); err == nil {
		dx, err = upload(b, x)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer dy.Release()
	defer dx.Release()
	out, err := b.alloc(m*d, elem)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	part, err := b.partScratch(p, m, d, elem)
	if err != nil {
		t.Fatal(err)
	}
	if part != nil {
		defer b.recycle(part)
	}
	if err := b.do(func() error {
		if err := b.meanShiftOn(p, dy, dx, out, part, m, n, d, a, elem); err != nil {
			return err
		}
		return b.syncOn("plan")
	}); err != nil {
		t.Fatal(err)
	}
	if elem == 4 {
		v, err := download[float32](out)
		if err != nil {
			t.Fatal(err)
		}
		return f64(v)
	}
	v, err := download[float64](out)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
