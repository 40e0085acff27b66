//go:build cuda

package cudaops

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// suffix names a kernel's element type.
func suffix(elem int) string {
	if elem == 4 {
		return "_f32"
	}
	return "_f64"
}

// The matmul kernels a launch can take (matmulWith): the default (float32:
// the sgemm kernels, matmul_tiled_f32_{nn,tn,nt,tt}; float64:
// matmul_tiled_f64), the first tiled float32 kernel, kept for comparison
// (matmul_tiled_v1_f32), and the lesson's.
const (
	kernelTiled   = "tiled"
	kernelTiledV1 = "tiled_v1"
	kernelNaive   = "naive"
)

// matmul runs C = op(A)·op(B) (g) on device buffers of elem-byte values
// with the default kernel, or the lesson's with Config.NaiveMatMul.
func (b *Backend) matmul(a, bb, c *buffer, g twin.Gemm, elem int) error {
	if b.cfg.NaiveMatMul {
		return b.matmulWith(kernelNaive, a, bb, c, g, elem)
	}
	return b.matmulWith(kernelTiled, a, bb, c, g, elem)
}

// matmulWith runs C = op(A)·op(B) (g) with the named kernel. The float32
// default is planned on the host (twin.PlanSgemm): which of the four
// layouts, float4 or scalar loads of each operand and stores of C; where
// its 32-bit offsets could overflow it runs matmul_tiled_v1_f32 instead.
// float64 has no v1: kernelTiledV1 means matmul_tiled_f64. Every matmul
// kernel puts the rows of C on grid.y and is launched in slabs
// (launchRows).
func (b *Backend) matmulWith(kernel string, a, bb, c *buffer, g twin.Gemm, elem int) error {
	args := []arg{a, bb, c, g.M, g.N, g.K, g.SAI, g.SAP, g.SBP, g.SBJ}
	switch {
	case kernel == kernelNaive:
		grid, block := twin.MatMulNaiveLaunch(g.M, g.N)
		return b.launchRows("matmul_naive"+suffix(elem), grid, block, args...)
	case elem == 4 && kernel == kernelTiled:
		if plan, ok := twin.PlanSgemm(g, aligned16(a), aligned16(bb), aligned16(c)); ok {
			grid, block := twin.SgemmLaunch(g.M, g.N)
			return b.launchRows(plan.Kernel, grid, block, append(args, plan.Flags)...)
		}
		fallthrough
	case elem == 4:
		grid, block := twin.MatMulTiledLaunch(twin.TilesOf[float32](), g.M, g.N)
		return b.launchRows("matmul_tiled_v1_f32", grid, block, args...)
	default:
		grid, block := twin.MatMulTiledLaunch(twin.TilesOf[float64](), g.M, g.N)
		return b.launchRows("matmul_tiled_f64", grid, block, args...)
	}
}

// aligned16 reports whether a device buffer starts on a 16-byte boundary
// (cuMemAlloc's are 256-byte aligned), as a float4 load needs.
func aligned16(x *buffer) bool { return uint64(x.ptr)%16 == 0 }

// MatMul returns op(a)·op(b) (shapes and panics as linalg.MatMulT's) as a
// device tensor, computed by the tiled kernel (or the lesson's, with
// Config.NaiveMatMul). Unlike the CPU's Gemm it never skips a zero factor,
// so 0·Inf is NaN, as the CPU's non-finite path gives too.
func (b *Backend) MatMul(x, y *linalg.Tensor, transA, transB bool) *linalg.Tensor {
	shape, g := matmulShape(x, y, transA, transB)
	if g.M == 0 || g.N == 0 || g.K == 0 {
		return linalg.New(shape, nil) // empty, or a sum over nothing
	}
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	out, err := b.alloc(g.M*g.N, 8)
	must(err)
	if err := b.matmul(dx, dy, out, g, 8); err != nil {
		out.Release()
		panic(err)
	}
	return linalg.OnDevice(shape, out)
}

// PairwiseSqDist returns the n×m squared distances between the rows of x
// (n×d) and y (m×d) as a device tensor, computed from differences as
// linalg.PairwiseSqDist does (never negative, 0 for equal rows).
func (b *Backend) PairwiseSqDist(x, y *linalg.Tensor) *linalg.Tensor {
	n, m, d := rowsShape("PairwiseSqDist", x, y)
	if n == 0 || m == 0 || d == 0 {
		return linalg.New([]int{n, m}, nil)
	}
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	out, err := b.alloc(n*m, 8)
	must(err)
	grid, block := twin.SqDistLaunch(n, m)
	if err := b.launchRows("sqdist_f64", grid, block, dx, dy, out, n, m, d); err != nil {
		out.Release()
		panic(err)
	}
	return linalg.OnDevice([]int{n, m}, out)
}

// colRange folds the column ranges of x (rows×d on the device) into lo and
// hi, downloading only the per-block partial ranges (2·G·d values): one
// hand-over to the driver goroutine (launch, two downloads), the partial
// buffers from the scratch pool.
func (b *Backend) colRange(x *buffer, rows, d, elem int, lo, hi []float64) error {
	if rows == 0 {
		return nil
	}
	grid, block := twin.ColRangeLaunch(rows)
	pl, err := b.scratch(grid.X*d, elem)
	if err != nil {
		return err
	}
	defer b.recycle(pl)
	ph, err := b.scratch(grid.X*d, elem)
	if err != nil {
		return err
	}
	defer b.recycle(ph)
	partLo, partHi := make([]float64, grid.X*d), make([]float64, grid.X*d)
	l32, h32 := make([]float32, grid.X*d), make([]float32, grid.X*d)
	err = b.do(func() error {
		if err := b.launchOn("colrange"+suffix(elem), grid, block, x, pl, ph, rows, d); err != nil {
			return err
		}
		pLo, pHi := unsafe.Pointer(unsafe.SliceData(partLo)), unsafe.Pointer(unsafe.SliceData(partHi))
		if elem == 4 {
			pLo, pHi = unsafe.Pointer(unsafe.SliceData(l32)), unsafe.Pointer(unsafe.SliceData(h32))
		}
		if err := b.copyOutOn(pl, pLo, "colrange"+suffix(elem)); err != nil {
			return err
		}
		return b.copyOutOn(ph, pHi, "colrange"+suffix(elem))
	})
	if err != nil {
		return err
	}
	if elem == 4 {
		partLo, partHi = widen(l32), widen(h32)
	}
	twin.CombineRanges(lo, hi, partLo, partHi)
	return nil
}

func widen(v []float32) []float64 {
	o := make([]float64, len(v))
	for i, x := range v {
		o[i] = float64(x)
	}
	return o
}

// msArgs are the scalars of a mean shift launch.
type msArgs struct{ s, sigma, c float64 }

// newMSArgs returns the launch scalars for the column ranges lo, hi and
// bandwidth h, for elem-byte values (twin.MeanShiftParams and
// twin.MeanShiftCoef).
func newMSArgs(lo, hi []float64, h float64, elem int) msArgs {
	s, sigma, u2 := twin.MeanShiftParams(lo, hi, h)
	c := twin.MeanShiftCoef[float64](u2)
	if elem == 4 {
		c = twin.MeanShiftCoef[float32](u2)
	}
	return msArgs{s, sigma, c}
}

// meanShiftOn queues the launches of plan p (twin.PlanMeanShift(m, n, d)):
// one update of y (m×d) against x (n×d) into out, with part (p.PartLen
// values, nil when p.Splits = 1) for the partial sums. It runs on the
// driver goroutine and does not wait.
func (b *Backend) meanShiftOn(p twin.MeanShiftPlan, y, x, out, part *buffer, m, n, d int, a msArgs, elem int) error {
	if part == nil {
		part = out // not read: the kernels write the output directly when S = 1
	}
	if err := b.launchOn(p.Kernel+suffix(elem), p.Grid, p.Block, y, x, out, part, m, n, d, p.Chunk, a.s, a.sigma, a.c); err != nil {
		return err
	}
	if p.Splits == 1 {
		return nil
	}
	return b.launchOn("meanshift_merge"+suffix(elem), p.MergeGrid, p.Block, y, part, out, m, d, p.Splits, a.sigma, a.c)
}

// partScratch returns scratch memory for plan p's partial sums, or nil
// when it needs none.
func (b *Backend) partScratch(p twin.MeanShiftPlan, m, d, elem int) (*buffer, error) {
	if p.Splits == 1 {
		return nil, nil
	}
	return b.scratch(p.PartLen(m, d), elem)
}

// meanShift runs one fused mean shift update of y (m×d) against x (n×d)
// into out, all on the device, m, n, d ≥ 1, h > 0, and waits for it. σ
// comes from the column ranges of y and x, reduced on the device (only
// per-block partial ranges are downloaded).
func (b *Backend) meanShift(y, x, out *buffer, m, n, d int, h float64, elem int) error {
	lo, hi := make([]float64, d), make([]float64, d)
	for k := range d {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	if err := b.colRange(y, m, d, elem, lo, hi); err != nil {
		return err
	}
	if x != y {
		if err := b.colRange(x, n, d, elem, lo, hi); err != nil {
			return err
		}
	}
	a := newMSArgs(lo, hi, h, elem)
	p := twin.PlanMeanShift(m, n, d)
	part, err := b.partScratch(p, m, d, elem)
	if err != nil {
		return err
	}
	if part != nil {
		defer b.recycle(part)
	}
	return b.do(func() error {
		if err := b.meanShiftOn(p, y, x, out, part, m, n, d, a, elem); err != nil {
			return err
		}
		return b.syncOn("after " + p.Kernel + suffix(elem))
	})
}

// MeanShiftStep returns one Gaussian mean shift update of the queries y
// (m×d) against the data x (n×d) with bandwidth h, as a device tensor:
// linalg.CPU.MeanShiftStep's result (the same scale σ, centring, and
// nearest point of weight 1; the same special cases) computed in one pass
// by the fused kernel, which keeps a running minimum of the squared
// distances and rescales its sums when it falls (see package twin for how
// its rounding differs). σ comes from the columns' ranges, reduced on the
// device; only the per-block partial ranges are downloaded.
func (b *Backend) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	m, n, d := rowsShape("MeanShiftStep", y, x)
	if !(h > 0) || n == 0 {
		return linalg.Full(math.NaN(), m, d)
	}
	if m == 0 || d == 0 {
		return linalg.New([]int{m, d}, nil)
	}
	dy, doneY := b.on(y)
	defer doneY()
	dx, doneX := b.on(x)
	defer doneX()
	out, err := b.alloc(m*d, 8)
	must(err)
	if err := b.meanShift(dy, dx, out, m, n, d, h, 8); err != nil {
		out.Release()
		panic(err)
	}
	return linalg.OnDevice([]int{m, d}, out)
}

// MatMul32 returns the float32 product of a (m×k) and b (k×n), row-major,
// computed on the GPU: the operands are uploaded, the product computed by
// the tiled kernel (or the lesson's, with Config.NaiveMatMul) and
// downloaded, all counted in BytesMoved. It panics with a
// *linalg.ShapeError if the lengths do not match the sizes.
func (b *Backend) MatMul32(a, bm []float32, m, k, n int) ([]float32, error) {
	if m < 0 || k < 0 || n < 0 || len(a) != m*k || len(bm) != k*n {
		panic(linalg.ShapeErrorf("cudaops", "MatMul32", "%d and %d values for %d×%d · %d×%d", len(a), len(bm), m, k, k, n))
	}
	if m == 0 || n == 0 || k == 0 {
		return make([]float32, m*n), nil
	}
	da, err := upload(b, a)
	if err != nil {
		return nil, err
	}
	defer da.Release()
	db, err := upload(b, bm)
	if err != nil {
		return nil, err
	}
	defer db.Release()
	dc, err := b.alloc(m*n, 4)
	if err != nil {
		return nil, err
	}
	defer dc.Release()
	if err := b.matmul(da, db, dc, twin.NewGemm(m, n, k, false, false), 4); err != nil {
		return nil, err
	}
	return download[float32](dc)
}

// MeanShift32 runs the lesson's mean shift on the GPU in float32: iters
// updates of the n points x (n×d, row-major), each point moving to the
// Gaussian-weighted mean (bandwidth h) of the points as they are after the
// previous update (blurring mean shift, as the lesson's in-place loop). h
// ≤ 0 or NaN, or n = 0, gives NaN points, as MeanShiftStep does.
//
// The whole run is one hand-over to the driver goroutine: one upload of
// the points, the launches of twin.PlanMeanShift(n, n, d) for each update
// (for the lesson's 1,500 points two each: the split kernel and its
// merge; from about 34,000 points one), queued without waiting, and one
// download, which waits for them. The device memory (two point buffers
// and the partial sums) comes from the backend's scratch pool, so a
// repeated run of one size allocates nothing. σ is chosen once, on the
// host, from the starting points' column ranges (twin.BlurringParams):
// the points stay in their convex hull, so a later update's σ would be no
// larger, and for any bandwidth within float32's range σ = 2^⌈log2 h⌉
// whatever the points.
func (b *Backend) MeanShift32(x []float32, n, d int, h float64, iters int) ([]float32, error) {
	if n < 0 || d < 0 || len(x) != n*d || iters < 0 {
		panic(linalg.ShapeErrorf("cudaops", "MeanShift32", "%d values for %d×%d points, %d iterations", len(x), n, d, iters))
	}
	if n == 0 || d == 0 || iters == 0 {
		return append([]float32(nil), x...), nil
	}
	out := make([]float32, n*d)
	if !(h > 0) {
		for i := range out {
			out[i] = float32(math.NaN())
		}
		return out, nil
	}
	s, sigma, c := twin.BlurringParams(x, d, h)
	a := msArgs{s, sigma, c}
	p := twin.PlanMeanShift(n, n, d)
	var bufs [3]*buffer
	defer func() {
		for _, x := range bufs {
			if x != nil {
				b.recycle(x)
			}
		}
	}()
	var err error
	for i := range 2 {
		if bufs[i], err = b.scratch(n*d, 4); err != nil {
			return nil, err
		}
	}
	if bufs[2], err = b.partScratch(p, n, d, 4); err != nil {
		return nil, err
	}
	err = b.do(func() error {
		cur, next := bufs[0], bufs[1]
		if err := b.copyInOn(cur, unsafe.Pointer(unsafe.SliceData(x))); err != nil {
			return err
		}
		for range iters {
			if err := b.meanShiftOn(p, cur, cur, next, bufs[2], n, n, d, a, 4); err != nil {
				return err
			}
			cur, next = next, cur
		}
		return b.copyOutOn(cur, unsafe.Pointer(unsafe.SliceData(out)), fmt.Sprintf("%d mean shift updates (%s_f32)", iters, p.Kernel))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
