// Package twin holds the Go twins of cudaops's CUDA kernels: each kernel of
// cudaops/kernels/*.cu written again in Go, in the same shape — the same
// launch grid and block, the same shared tiles, the same loads, barriers and
// loop order — and run on the CPU by the launch emulator of package
// linalg/launch. They exist so that the part of a GPU kernel that is easy to
// get wrong and hard to see on a GPU, the indexing (which thread loads which
// element of which tile, where a tile overhangs the matrix, where the
// barriers are), is tested on any machine: the tests compare every twin with
// the CPU backend on awkward shapes (1×1, primes, sizes that are not
// multiples of a tile) under every thread order the emulator offers, and
// show that a twin with a barrier removed or a tile bound off by one fails.
//
// The launch shapes (MatMulNaiveLaunch, MatMulTiledLaunch, SgemmLaunch, PlanMeanShift,
// SqDistLaunch, ColRangeLaunch) and the host-side arithmetic around a
// launch (PlanSgemm, MeanShiftParams) are the ones the cuda backend uses, so the twin
// and the GPU run the same grid.
//
// # Grids taller than CUDA allows
//
// CUDA allows 2^31−1 blocks along a grid's x but only 65,535 along y. The
// matmuls, the distances and their derivatives put the rows of their
// result on y, so a result of more than 65,535 rows of blocks (1,048,561
// rows for 16-row blocks, 4,194,241 for the float64 matmul's 64,
// 8,388,481 for the float32 ones' 128) is launched in slabs (Slabs): each
// launch covers at most 65,535 rows of blocks, and the kernel takes the
// slab's first row of blocks, y0, as its last argument and adds it to
// blockIdx.y. Nothing else in the kernels changes: no loop, no barrier, no
// index but the block's row. The twins run the same slabs
// (Options.MaxGridY lowers the limit, so tests run several slabs on small
// sizes), and CheckLaunch is the limit check the backend makes before
// every launch. The mean shift kernels put the queries on x and need no
// slabs.
//
// # The kernels
//
// Matrix product C = op(A)·op(B), C m×n, the operands read through strides
// (Gemm) so a transposed operand is not copied:
//
//   - MatMulNaive, the lesson's kernel: one thread per element of C, 16×16
//     blocks, grid ⌈n/16⌉×⌈m/16⌉; each thread reads a row of A and a column
//     of B from global memory, 2k reads for 2k flops.
//   - MatMulTiled: a block computes a BM×BN tile of C; it walks along k in
//     steps of BK, copying a BM×BK tile of A and a BK×BN tile of B into
//     shared memory (barrier), then each of its (BM/TM)·(BN/TN) threads
//     accumulates a TM×TN block of C in registers (barrier). Every value
//     read from global memory is used BN (or BM) times from shared memory,
//     and every value read from shared memory TN (or TM) times from
//     registers, so the kernel is limited by arithmetic, not memory. It is
//     the float64 kernel, and matmul_tiled_v1_f32 for float32 (kept for
//     comparison, and for products whose offsets need 64 bits).
//   - Sgemm, the default float32 kernel (matmul_tiled_f32_{nn,tn,nt,tt}):
//     the same 128×128×8 tiles with 256 threads, arranged as the fast SIMT
//     SGEMMs are: each thread's 8×8 block is 2×2 groups of 4×4, so its
//     shared reads are float4s; each thread copies 4 consecutive elements
//     of each tile, as one float4 when PlanSgemm (the host's decision, once
//     per launch) finds the operand aligned and its sizes multiples of 4;
//     the shared tiles are double-buffered, the next tile's global loads
//     issued before the current one is multiplied out, with one barrier
//     per step; indices are 32-bit, which PlanSgemm checks fit.
//
// Gaussian mean shift, fused (MeanShift): one thread per query y_j keeps
// y_j, num = Σ w e and den = Σ w in registers while the block streams the
// data through shared memory a tile at a time, so the m×n weight matrix
// never exists. The weights are a softmax, w_ji = exp(−(q_ji − lo_j)/2u²),
// q_ji = ‖(x_i − y_j)/σ‖², lo_j = min_i q_ji; the kernel does not know lo_j
// until it has seen every point, so it keeps the smallest q seen so far as a
// running maximum of the exponent, as flash attention does, updated once
// per tile: a first pass over the tile finds its smallest q; if that is
// below lo, num and den are multiplied by exp(−(lo − q)/2u²) and lo = q; a
// second pass adds the tile's points with weights exp(−(q − lo)/2u²) ≤ 1.
// At the end the nearest point has weight 1, as in the CPU's two-pass
// code, and out_j = y_j + σ·num/den. For few queries (MeanShiftPlan) the
// data is split into S chunks, one per block along the grid's y axis, each
// block writing its partial (lo, den, num); a merge kernel folds them in
// the fixed order s = 0, …, S−1 (lo = min, the others rescaled to it), so
// results do not depend on the order blocks run in.
//
// SqDist, D_ij = Σ_k (x_ik − y_jk)² in 16×16 tiles of D, 16 coordinates at
// a time through shared memory; its JVP DiffDot, (a_i − b_j)·(u_i − v_j),
// tiled the same way, and its VJP DiffSum, Σ_j g_ij (a_i − b_j), one output
// per thread summed over j through 16×16 tiles of g and b (both with
// linalg's strong zero: a zero direction or weight adds nothing); ColRange, per-block partial minima and
// maxima of the columns (a shared-memory reduction by halving), from which
// the host chooses the scale σ of linalg.MeanShiftScale without reading the
// data.
//
// # Where the GPU differs from linalg's CPU code
//
// The weights of the fused mean shift are products exp(a)·exp(b) of the
// rescalings where the CPU computes exp(a+b) once, and the split sums are
// rescaled and added in another order: they agree to a few units in the
// last place, and on the tests' cases the twin's float64 results differ
// from the CPU's by at most 7.2e-16 of the coordinates' size, its float32
// results by 3.1e-7 (the tests ask 1e-12 and 1e-4). The mean shift kernels
// write their fused multiply-adds explicitly (fma), and the twin computes
// the same ones (math.FMA; for float32 through float64, which can round
// twice, rarely, by one unit); the other kernels leave contraction of
// a·b+c to the compiler, which the twin does not follow. float32 mean
// shift takes its exponential from the GPU's special-function unit
// (ex2.approx.ftz.f32, 2^t with log2 e folded into the coefficient: about
// 2 ulp), where the twin computes 2^t exactly; that changes each weight by
// about 2.4e-7 of itself, and so the result by at most about 5e-7 of the
// data's extent, far inside 1e-4.
// float32 kernels compute in float32 with σ, 1/σ and the coefficient
// rounded to float32, so their range is float32's: data beyond about 1e19
// or bandwidths below about 1e-19 overflow or underflow where float64
// would not.
package twin
