//go:build cuda

package cudaops

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// TestLaunchRefusesHugeGrids: a grid beyond CUDA's limits is an *Error
// naming the kernel and the grid, returned before any driver call (so the
// test needs no GPU: the backend here has no context and no kernels), and
// launchRows refuses a grid whose rows of blocks do not fit 32 bits.
func TestLaunchRefusesHugeGrids(t *testing.T) {
	b := &Backend{}
	block := launch.Dim3{X: 16, Y: 16, Z: 1}
	for _, grid := range []launch.Dim3{{X: 1, Y: 65536, Z: 1}, {X: 1, Y: 1, Z: 65536}, {X: twin.MaxGridX + 1, Y: 1, Z: 1}} {
		err := b.launchOn("sqdist_f64", grid, block)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(e.Error(), "sqdist_f64") || !strings.Contains(e.Error(), fmt.Sprint(grid)) ||
			!strings.Contains(e.Error(), "CUDA's limit") {
			t.Errorf("grid %v: %v, want an *Error naming sqdist_f64, the grid and CUDA's limit", grid, err)
		}
	}
	if err := b.launchOn("sqdist_f64", launch.Dim3{X: 1, Y: 1, Z: 1}, launch.Dim3{X: 1025}); err == nil || !strings.Contains(err.Error(), "1024") {
		t.Errorf("a block of 1,025 threads: %v, want an error naming the limit", err)
	}
	var e *Error
	if err := b.launchRows("matmul_naive_f64", launch.Dim3{X: 1, Y: 1 << 31, Z: 1}, block); !errors.As(err, &e) || !strings.Contains(e.Error(), "matmul_naive_f64") {
		t.Errorf("2^31 rows of blocks: %v, want an *Error naming the kernel", err)
	}
}

// TestSlabsOnGPU runs every kernel whose rows are on grid.y with the
// backend's limit on grid.y lowered to 2 rows of blocks, so that each
// result takes several launches (each with its y0), against the CPU:
// float64 through the Backend's methods (the tiled and the lesson's
// matmul, distances, their JVP and their VJP with g and gᵀ) to 1e-12, and
// float32 on device buffers (the sgemm kernels in the four layouts, v1,
// the lesson's, the distances and their derivatives) to 1e-4. The driver
// counts show the slabs: one launch per slab, one synchronisation per op.
func TestSlabsOnGPU(t *testing.T) {
	b := gpu(t)
	b.maxGridY = 2
	defer func() { b.maxGridY = 0 }()

	// float64 products: 131 rows, 3 row blocks of 64 (tiled) and 9 of 16
	// (the lesson's).
	m, k, n := 131, 37, 45
	for _, naive := range []bool{false, true} {
		b.cfg.NaiveMatMul = naive
		for _, tr := range layouts {
			a, bb := productOperands(m, k, n, tr)
			before := b.driverCounts()
			got := b.MatMul(a, bb, tr[0], tr[1])
			calls := b.driverCounts().Sub(before)
			grid, _ := twin.MatMulTiledLaunch(twin.TilesOf[float64](), m, n)
			if naive {
				grid, _ = twin.MatMulNaiveLaunch(m, n)
			}
			if want := int64(len(twin.Slabs(grid, 2))); calls.Launches != want || calls.Syncs != 1 {
				t.Errorf("naive=%t: %d launches and %d syncs, want %d slabs and 1", naive, calls.Launches, calls.Syncs, want)
			}
			want := linalg.MatMulT(a, bb, tr[0], tr[1]).Values()
			scale := linalg.MatMulT(abs(a), abs(bb), tr[0], tr[1]).Values()
			closeTo(t, fmt.Sprintf("f64 naive=%t trans=%v", naive, tr), got.Values(), want, scale, 1e-12)
		}
	}
	b.cfg.NaiveMatMul = false

	// float64 distances and derivatives: 70 rows, 5 row blocks of 16.
	np, mp, d := 70, 19, 17
	x, y := randT(1, np, d, 1), randT(2, mp, d, 1)
	u, v := randT(3, np, d, 1), randT(4, mp, d, 1)
	g, gT := randT(5, np, mp, 1), randT(6, mp, np, 1)
	closeTo(t, "PairwiseSqDist", b.PairwiseSqDist(x, y).Values(), linalg.PairwiseSqDist(x, y).Values(), ones(np*mp, 8*float64(d)), 1e-12)
	closeTo(t, "PairwiseDiffDot", b.PairwiseDiffDot(x, y, u, v).Values(), linalg.PairwiseDiffDot(x, y, u, v).Values(), ones(np*mp, 16*float64(d)), 1e-12)
	closeTo(t, "PairwiseDiffSum", b.PairwiseDiffSum(x, y, g, false).Values(), linalg.PairwiseDiffSum(x, y, g, false).Values(), ones(np*d, 4*float64(mp)), 1e-12)
	closeTo(t, "PairwiseDiffSum transG", b.PairwiseDiffSum(x, y, gT, true).Values(), linalg.PairwiseDiffSum(x, y, gT, true).Values(), ones(np*d, 4*float64(mp)), 1e-12)

	// float32 products: 260 rows (3 row blocks of 128, multiples of 4 for
	// the float4 paths) in every layout, with each kernel.
	m, k, n = 260, 12, 20
	plans := map[string]bool{}
	for _, plan := range checkFloat32Products(t, b, m, k, n) {
		plans[plan.Kernel] = true
	}
	if len(plans) != 4 {
		t.Errorf("the float32 products ran the sgemm kernels %v, want all four layouts", plans)
	}

	// float32 distances and derivatives, on device buffers.
	xr, yr, ur, vr := rounded(x), rounded(y), rounded(u), rounded(v)
	gr, gTr := rounded(g), rounded(gT)
	dx, dy, du, dv, dg, dgT := up32(t, b, xr), up32(t, b, yr), up32(t, b, ur), up32(t, b, vr), up32(t, b, gr), up32(t, b, gTr)
	dist, err := b.alloc(np*mp, 4)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := b.alloc(np*d, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, x := range []*buffer{dx, dy, du, dv, dg, dgT, dist, sum} {
			x.Release()
		}
	}()
	grid, block := twin.SqDistLaunch(np, mp)
	if err := b.launchRows("sqdist_f32", grid, block, dx, dy, dist, np, mp, d); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "sqdist_f32", down32(t, dist), linalg.PairwiseSqDist(xr, yr).Values(), ones(np*mp, 8*float64(d)), 1e-4)
	grid, block = twin.DiffDotLaunch(np, mp)
	if err := b.launchRows("diffdot_f32", grid, block, dx, dy, du, dv, dist, np, mp, d, 1, 1); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "diffdot_f32", down32(t, dist), linalg.PairwiseDiffDot(xr, yr, ur, vr).Values(), ones(np*mp, 16*float64(d)), 1e-4)
	grid, block = twin.DiffSumLaunch(np, d)
	for _, tr := range []bool{false, true} {
		gd, gt, tg := dg, gr, 0
		if tr {
			gd, gt, tg = dgT, gTr, 1
		}
		if err := b.launchRows("diffsum_f32", grid, block, dx, dy, gd, sum, np, mp, d, tg); err != nil {
			t.Fatal(err)
		}
		closeTo(t, fmt.Sprintf("diffsum_f32 transG=%t", tr), down32(t, sum), linalg.PairwiseDiffSum(xr, yr, gt, tr).Values(), ones(np*d, 4*float64(mp)), 1e-4)
	}
}

// TestHugeGridsOnGPU runs the review's cases at CUDA's real limit, sizes
// whose grids have more than 65,535 rows of blocks and so run as two or
// more slabs: distances from 1,048,577 points to 10 centres (an 84 MB
// result) and their JVP and VJP (with gᵀ), a float64 product of
// 4,194,241 rows (the tiled kernel's 64-row blocks) with both kernels,
// and a float32 one of 8,388,481 rows (the sgemm's 128), against the CPU.
// Before the slabs, each failed in cuLaunchKernel.
func TestHugeGridsOnGPU(t *testing.T) {
	b := gpu(t)
	var tensors []*linalg.Tensor // released at the end: their device memory is large
	defer func() {
		for _, x := range tensors {
			x.Release()
		}
	}()
	keep := func(x *linalg.Tensor) *linalg.Tensor { tensors = append(tensors, x); return x }
	slabs := func(name string, grid launch.Dim3) {
		t.Helper()
		if n := len(twin.Slabs(grid, 0)); n < 2 {
			t.Fatalf("%s: grid %v is one slab; the test wants more than 65,535 rows of blocks", name, grid)
		}
	}
	n, m, d := 1<<20+1, 10, 2
	x, y := keep(randT(1, n, d, 10)), keep(randT(2, m, d, 10))
	g, _ := twin.SqDistLaunch(n, m)
	slabs("PairwiseSqDist", g)
	closeTo(t, "PairwiseSqDist 1048577×10", keep(b.PairwiseSqDist(x, y)).Values(), linalg.PairwiseSqDist(x, y).Values(), ones(n*m, 800), 1e-12)
	u, v := keep(randT(3, n, d, 1)), keep(randT(4, m, d, 1))
	closeTo(t, "PairwiseDiffDot 1048577×10", keep(b.PairwiseDiffDot(x, y, u, v)).Values(), linalg.PairwiseDiffDot(x, y, u, v).Values(), ones(n*m, 80), 1e-12)
	g, _ = twin.DiffSumLaunch(n, d)
	slabs("PairwiseDiffSum", g)
	gT := keep(randT(5, m, n, 1))
	closeTo(t, "PairwiseDiffSum transG 1048577×10", keep(b.PairwiseDiffSum(x, y, gT, true)).Values(), linalg.PairwiseDiffSum(x, y, gT, true).Values(), ones(n*d, 40*float64(m)), 1e-12)

	mm, k, nn := 64*65535+1, 3, 3
	g, _ = twin.MatMulTiledLaunch(twin.TilesOf[float64](), mm, nn)
	slabs("MatMul float64", g)
	a, bb := keep(randT(6, mm, k, 1)), keep(randT(7, k, nn, 1))
	want := linalg.MatMul(a, bb).Values()
	scale := linalg.MatMul(abs(a), abs(bb)).Values()
	for _, naive := range []bool{false, true} {
		b.cfg.NaiveMatMul = naive
		closeTo(t, fmt.Sprintf("MatMul %d×%d·%d×%d naive=%t", mm, k, k, nn, naive), keep(b.MatMul(a, bb, false, false)).Values(), want, scale, 1e-12)
	}
	b.cfg.NaiveMatMul = false

	mm, k, nn = 128*65535+1, 4, 4
	g, _ = twin.SgemmLaunch(mm, nn)
	slabs("MatMul32", g)
	a, bb = rounded(randT(8, mm, k, 1)), rounded(randT(9, k, nn, 1))
	got, err := b.MatMul32(f32(a.Values()), f32(bb.Values()), mm, k, nn)
	if err != nil {
		t.Fatal(err)
	}
	closeTo(t, fmt.Sprintf("MatMul32 %d×%d·%d×%d", mm, k, k, nn), f64(got), linalg.MatMul(a, bb).Values(), linalg.MatMul(abs(a), abs(bb)).Values(), 1e-4)
}
