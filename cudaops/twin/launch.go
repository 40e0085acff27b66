package twin

import (
	"math"

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

	mutant mutant // tests only: a deliberately broken twin (see mutant.go)
}

func (o Options) config(grid, block launch.Dim3) launch.Config {
	return launch.Config{Grid: grid, Block: block, Order: o.Order, Seed: o.Seed}
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

// MeanShiftLaunch returns the fused mean shift's launch for m queries.
func MeanShiftLaunch(m int) (grid, block launch.Dim3) {
	return launch.Dim3{X: ceilDiv(m, MeanShiftBlock), Y: 1, Z: 1}, launch.Dim3{X: MeanShiftBlock, Y: 1, Z: 1}
}

// MeanShiftRegs returns the register array length of the fused kernel for
// d coordinates (4 or 16: meanshift_d4_*, meanshift_d16_*), or 0 for d > 16,
// which takes the wide kernel (meanshift_wide_*).
func MeanShiftRegs(d int) int {
	switch {
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
// It is linalg.MeanShiftScale computed from the ranges, so the device need
// not send the data to the host.
func MeanShiftParams(lo, hi []float64, h float64) (s, sigma, u2 float64) {
	e := -1021
	if h > 0 && !math.IsInf(h, 1) {
		e = max(e, binaryExponent(h))
	}
	for k := range lo {
		if ext := hi[k] - lo[k]; ext > 0 && !math.IsInf(ext, 1) {
			e = max(e, binaryExponent(ext)-500)
		}
		if big := max(-lo[k], hi[k]); big > 0 && !math.IsInf(big, 1) {
			e = max(e, binaryExponent(big)-1000)
		}
	}
	sigma = math.Ldexp(1, min(e, 1023))
	s = 1 / sigma
	u := h * s
	return s, sigma, u * u
}

func binaryExponent(v float64) int {
	_, e := math.Frexp(v)
	return e
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
