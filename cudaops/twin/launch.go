package twin

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// Float is the element type of a kernel.
type Float interface{ float32 | float64 }

// Options are how the emulator runs a twin: the order in which the threads
// of a block take turns between barriers (launch.Order), and the seed of a
// shuffled order. The zero value runs in order.
type Options struct {
	Order launch.Order
	Seed  uint64

	// MaxGridY is the most rows of blocks one launch of a kernel whose
	// rows are on grid.y may have (Slabs); 0 means CUDA's limit,
	// launch.MaxGridYZ. Tests lower it to run several slabs on small
	// sizes.
	MaxGridY int

	mutant mutant // tests only: a deliberately broken twin (see mutant.go)
}

func (o Options) config(grid, block launch.Dim3) launch.Config {
	return launch.Config{Grid: grid, Block: block, Order: o.Order, Seed: o.Seed}
}

// runRows runs a kernel whose rows are on grid.y as the cuda backend
// launches it (launchRows in cudaops): in the slabs of Slabs(grid,
// o.MaxGridY), one after another, each kernel call given its slab's Y0,
// which the kernel adds to blockIdx.y, as the CUDA kernels take their
// last argument y0.
func (o Options) runRows(grid, block launch.Dim3, kernel func(t *launch.Thread, y0 int)) error {
	for _, s := range Slabs(grid, o.MaxGridY) {
		y0 := s.Y0
		if o.mutant == slabOffsetIgnored {
			y0 = 0
		}
		if err := launch.Run(o.config(s.Grid, block), func(t *launch.Thread) { kernel(t, y0) }); err != nil {
			return err
		}
	}
	return nil
}

// MaxGridX is CUDA's limit on grid.x (compute capability 3.0 and later);
// launch.MaxGridYZ is the one on grid.y and grid.z.
const MaxGridX = 1<<31 - 1

// Slab is one launch of a grid split along y: the rows of blocks [Y0,
// Y0+Grid.Y) of the whole grid. The kernel adds Y0 to blockIdx.y, so it
// computes what the whole grid's blocks Y0 … Y0+Grid.Y−1 would.
type Slab struct {
	Grid launch.Dim3
	Y0   int
}

// Slabs splits grid into launches of at most maxY rows of blocks (0 means
// CUDA's limit, launch.MaxGridYZ), in order of Y0: one slab, Y0 = 0, when
// grid.Y ≤ maxY. CUDA refuses a grid.y above 65,535
// (CUDA_ERROR_INVALID_VALUE), and the kernels that put rows on y (the
// matmuls, the distances and their derivatives) would need more from
// 65,536 row blocks on: 1,048,561 rows for the 16-row blocks of the
// lesson's matmul and of the distance kernels, 4,194,241 for the float64
// tiled matmul's 64, 8,388,481 for the float32 ones' 128. So their
// kernels take a row-block offset y0 as their last argument, and the
// host launches them in slabs (a few launches for a huge result, one
// otherwise). Such a kernel must not read gridDim.y, which is the slab's.
func Slabs(grid launch.Dim3, maxY int) []Slab {
	if maxY <= 0 {
		maxY = launch.MaxGridYZ
	}
	rows := grid.Y
	if rows == 0 {
		rows = 1 // Y = 0 means 1 in a size
	}
	if rows <= maxY {
		return []Slab{{Grid: grid, Y0: 0}}
	}
	slabs := make([]Slab, 0, ceilDiv(rows, maxY))
	for y0 := 0; y0 < rows; y0 += maxY {
		g := grid
		g.Y = min(maxY, rows-y0)
		slabs = append(slabs, Slab{Grid: g, Y0: y0})
	}
	return slabs
}

// CheckLaunch returns an error if grid×block is outside CUDA's limits
// (compute capability 3.0 and later): a grid of at most 2^31−1 blocks
// along x and 65,535 along y and z; a block of at most 1,024 threads, 64
// along z. Negative sizes, and a block size of 0 along x, are refused; Y
// and Z of 0 mean 1, and a grid with a zero size (nothing to run, which
// the backend does not launch) passes. These are the limits the
// emulator's launch.Run checks, and grid.x's, which it does not.
func CheckLaunch(grid, block launch.Dim3) error {
	g, b := grid, block
	for _, v := range []*int{&g.Y, &g.Z, &b.Y, &b.Z} {
		if *v == 0 {
			*v = 1 // as in a size
		}
	}
	switch {
	case g.X < 0 || g.Y < 0 || g.Z < 0 || b.X < 1 || b.Y < 1 || b.Z < 1:
		return fmt.Errorf("grid %v, block %v: a negative size, or a block of no threads", grid, block)
	case g.X > MaxGridX:
		return fmt.Errorf("grid %v exceeds CUDA's limit of %d blocks along x", grid, MaxGridX)
	case g.Y > launch.MaxGridYZ || g.Z > launch.MaxGridYZ:
		return fmt.Errorf("grid %v exceeds CUDA's limit of %d blocks along y and z", grid, launch.MaxGridYZ)
	case b.X > launch.MaxThreadsPerBlock || b.Y > launch.MaxThreadsPerBlock || b.Z > launch.MaxBlockZ:
		return fmt.Errorf("block %v exceeds CUDA's per-dimension limits (%d, %d, %d)", block, launch.MaxThreadsPerBlock, launch.MaxThreadsPerBlock, launch.MaxBlockZ)
	case b.X*b.Y*b.Z > launch.MaxThreadsPerBlock:
		return fmt.Errorf("block %v has %d threads, more than CUDA's %d", block, b.X*b.Y*b.Z, launch.MaxThreadsPerBlock)
	}
	return nil
}

// Gemm describes a matrix product C = op(A)·op(B) with C m×n and inner
// dimension k, the operands read through strides:
//
//	op(A)(i, p) = A[i·SAI + p·SAP],  op(B)(p, j) = B[p·SBP + j·SBJ]
type Gemm struct {
	M, N, K            int
	SAI, SAP, SBP, SBJ int
}

// NewGemm returns the Gemm of op(A)·op(B) for row-major A and B: A is m×k,
// or k×m when transA is set, and B is k×n, or n×k when transB is set.
func NewGemm(m, n, k int, transA, transB bool) Gemm {
	g := Gemm{M: m, N: n, K: k, SAI: k, SAP: 1, SBP: n, SBJ: 1}
	if transA {
		g.SAI, g.SAP = 1, m
	}
	if transB {
		g.SBP, g.SBJ = 1, k
	}
	return g
}

// Tiles are the tile sizes of the tiled matmul: a block computes a BM×BN
// tile of C with (BN/TN)×(BM/TM) threads (x along columns), each a TM×TN
// block of it, walking along k in steps of BK.
type Tiles struct{ BM, BN, BK, TM, TN int }

// TilesOf returns the tiles of the CUDA kernel for T (matmul_tiled_v1_f32:
// 128×128×8 with 8×8 per thread; matmul_tiled_f64: 64×64×8 with 4×4).
func TilesOf[T Float]() Tiles {
	var z T
	if _, ok := any(z).(float32); ok {
		return Tiles{BM: 128, BN: 128, BK: 8, TM: 8, TN: 8}
	}
	return Tiles{BM: 64, BN: 64, BK: 8, TM: 4, TN: 4}
}

// NaiveTile is the side of the lesson kernel's square blocks.
const NaiveTile = 16

// MatMulNaiveLaunch returns the lesson's launch for an m×n product:
// 16×16 blocks, ⌈n/16⌉ × ⌈m/16⌉ of them.
func MatMulNaiveLaunch(m, n int) (grid, block launch.Dim3) { return launch.Grid2D(m, n, NaiveTile) }

// MatMulTiledLaunch returns the tiled kernel's launch for an m×n product:
// (BN/TN)×(BM/TM) threads per block, ⌈n/BN⌉ × ⌈m/BM⌉ blocks.
func MatMulTiledLaunch(t Tiles, m, n int) (grid, block launch.Dim3) {
	return launch.Dim3{X: ceilDiv(n, t.BN), Y: ceilDiv(m, t.BM), Z: 1},
		launch.Dim3{X: t.BN / t.TN, Y: t.BM / t.TM, Z: 1}
}

// MeanShiftBlock is the fused mean shift's block size (one query per
// thread); MeanShiftTileValues the number of data values (⌊…/d⌋ points) a
// block holds in shared memory at a time.
const (
	MeanShiftBlock      = 128
	MeanShiftTileValues = 2048
)

// MeanShiftTargetBlocks and MeanShiftMinChunk choose the split of the data
// over blocks (MeanShiftPlan): when the queries fill fewer than
// MeanShiftTargetBlocks blocks (two per SM of a 132-SM H100 or H200), the
// data is split into S chunks, one per block, of at least MeanShiftMinChunk
// points each, so that a small problem (the lesson's 1,500 points: 12 query
// blocks) still occupies every SM. The numbers depend only on m and n, never
// on the GPU, so results are the same on every GPU.
const (
	MeanShiftTargetBlocks = 264
	MeanShiftMinChunk     = 64
)

// MeanShiftPlan is the launches of one fused mean shift update of m queries
// against n points in d dimensions, as the cuda backend makes them:
//
//   - Kernel (+"_f32" or "_f64") over Grid × Block: meanshift_d2 (d = 2
//     exactly, Regs = 2), meanshift_d4 (d ≤ 4), meanshift_d16 (d ≤ 16), or
//     meanshift_wide (d > 16, Regs = 0, never split). Block (b, s) takes the
//     queries [128b, 128b+128) and the data points [s·Chunk, min(n,
//     (s+1)·Chunk)).
//   - when Splits > 1, meanshift_merge over MergeGrid × Block, which folds
//     the Splits partial sums (PartLen values of scratch memory) into the
//     output.
type MeanShiftPlan struct {
	Kernel        string
	Regs          int
	Exact         bool // d = Regs: the kernel has no per-coordinate test
	Grid, Block   launch.Dim3
	Splits, Chunk int
	MergeGrid     launch.Dim3
}

// PlanMeanShift returns the plan the cuda backend launches for m queries
// and n ≥ 1 points in d ≥ 1 dimensions: S = min(⌈264/⌈m/128⌉⌉, ⌈n/64⌉)
// splits (1 for the wide kernel), each of ⌈n/S⌉ points.
func PlanMeanShift(m, n, d int) MeanShiftPlan {
	s := 1
	if MeanShiftRegs(d) > 0 {
		s = min(ceilDiv(MeanShiftTargetBlocks, ceilDiv(m, MeanShiftBlock)), ceilDiv(n, MeanShiftMinChunk))
	}
	return PlanMeanShiftSplit(m, n, d, s)
}

// PlanMeanShiftSplit is PlanMeanShift with the data split into at most
// splits chunks (tests use it to run both paths on any shape): chunks of
// ⌈n/splits⌉ points, so S = ⌈n/chunk⌉ ≤ splits, none of them empty. The
// wide kernel (d > 16) is never split.
func PlanMeanShiftSplit(m, n, d, splits int) MeanShiftPlan {
	regs := MeanShiftRegs(d)
	p := MeanShiftPlan{Regs: regs, Exact: regs == d, Block: launch.Dim3{X: MeanShiftBlock, Y: 1, Z: 1}}
	switch regs {
	case 0:
		p.Kernel = "meanshift_wide"
	default:
		p.Kernel = fmt.Sprintf("meanshift_d%d", regs)
	}
	splits = max(1, min(splits, n))
	if regs == 0 {
		splits = 1
	}
	p.Chunk = max(1, ceilDiv(n, splits))
	p.Splits = max(1, ceilDiv(n, p.Chunk))
	qb := ceilDiv(m, MeanShiftBlock)
	p.Grid = launch.Dim3{X: qb, Y: p.Splits, Z: 1}
	p.MergeGrid = launch.Dim3{X: qb, Y: 1, Z: 1}
	return p
}

// Launches returns the number of kernel launches of one update: 1, or 2
// with the merge.
func (p MeanShiftPlan) Launches() int {
	if p.Splits > 1 {
		return 2
	}
	return 1
}

// PartLen returns the number of scratch values the partial sums take for m
// queries in d dimensions: S·m·(d+2) when split, else 0.
func (p MeanShiftPlan) PartLen(m, d int) int {
	if p.Splits > 1 {
		return p.Splits * m * (d + 2)
	}
	return 0
}

// MeanShiftRegs returns the register array length of the fused kernel for
// d coordinates (2 for d = 2 exactly, 4 for d ≤ 4, 16 for d ≤ 16:
// meanshift_d2_*, meanshift_d4_*, meanshift_d16_*), or 0 for d > 16,
// which takes the wide kernel (meanshift_wide_*).
func MeanShiftRegs(d int) int {
	switch {
	case d == 2:
		return 2
	case d <= 4:
		return 4
	case d <= 16:
		return 16
	}
	return 0
}

// SqDistTile is the side of the pairwise-distance kernel's tiles.
const SqDistTile = 16

// SqDistLaunch returns the pairwise-distance launch for an n×m result:
// 16×16 blocks, ⌈m/16⌉ × ⌈n/16⌉ of them.
func SqDistLaunch(n, m int) (grid, block launch.Dim3) { return launch.Grid2D(n, m, SqDistTile) }

// ColRangeBlock is the column-range kernel's block size (a power of two).
const ColRangeBlock = 256

// ColRangeLaunch returns the column-range launch for n rows: G =
// min(64, ⌈n/256⌉) blocks (at least 1) of 256 threads, each block the
// partial range of every G-th row.
func ColRangeLaunch(n int) (grid, block launch.Dim3) {
	g := max(1, min(64, ceilDiv(n, ColRangeBlock)))
	return launch.Dim3{X: g, Y: 1, Z: 1}, launch.Dim3{X: ColRangeBlock, Y: 1, Z: 1}
}

// CombineRanges folds the per-block partial ranges of ColRange (G rows of d
// values each) into one range per column, with Go's min and max (a NaN
// wins), into lo and hi (length d), which hold the ranges to combine with
// (±Inf to start).
func CombineRanges(lo, hi []float64, partLo, partHi []float64) {
	d := len(lo)
	for b := 0; b+d <= len(partLo); b += d {
		for k := range d {
			lo[k], hi[k] = min(lo[k], partLo[b+k]), max(hi[k], partHi[b+k])
		}
	}
}

// MeanShiftParams returns the scalars of a mean shift launch with
// bandwidth h, given the ranges lo[k] ≤ v ≤ hi[k] of every column k over
// the queries and the data together: σ as linalg.MeanShiftScale chooses it
// (a power of two; the function's doc says why), s = 1/σ and u2 = (h/σ)².
// σ is linalg.MeanShiftScaleOfRanges, so the device need not send the data
// to the host.
func MeanShiftParams(lo, hi []float64, h float64) (s, sigma, u2 float64) {
	sigma = linalg.MeanShiftScaleOfRanges(lo, hi, h)
	s = 1 / sigma
	u := h * s
	return s, sigma, u * u
}

// MeanShiftCoef returns the kernels' exponent coefficient c for u2 = (h/σ)²,
// computed in float64 and rounded to T once by the kernel: a weight is
// wexp((lo − q)·c), with c = log2(e)/(2u²) for float32, whose wexp is 2^t
// (ex2.approx), and c = 1/(2u²) for float64, whose wexp is e^t.
func MeanShiftCoef[T Float](u2 float64) float64 {
	c := 0.5 / u2
	var z T
	if _, ok := any(z).(float32); ok {
		c *= math.Log2E
	}
	return c
}

// HostRanges folds the column ranges of the rows×d values v (row-major),
// with Go's min and max (a NaN wins), into lo and hi (length d; ±Inf to
// start): the host's ColRange, for data that is on the host anyway.
func HostRanges[T Float](lo, hi []float64, v []T, d int) {
	for i, x := range v {
		k := i % d
		lo[k], hi[k] = min(lo[k], float64(x)), max(hi[k], float64(x))
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
