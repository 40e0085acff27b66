// The derivatives of pairwise squared distances, written from differences
// as linalg.PairwiseDiffDot and linalg.PairwiseDiffSum are (see linalg's
// pairwise.go): the JVP and the VJP of PairwiseSqDist. A (n×d), B (m×d),
// U (n×d), V (m×d), row-major.
#include "common.cuh"

// Launch shapes (the Go side uses the same numbers, see cudaops/twin):
//   diffdot_*:  block 16×16, grid ⌈m/16⌉ × ⌈n/16⌉ (x along columns of D)
//   diffsum_*:  block 16×16, grid ⌈d/16⌉ × ⌈n/16⌉ (x along coordinates)
// Both put the rows on grid.y, which CUDA limits to 65,535 blocks: the
// host launches a taller grid in slabs of at most 65,535 rows of blocks
// (twin.Slabs), passing the slab's first, y0, as the last argument, which
// the kernel adds to blockIdx.y (y0 = 0 for the first or only slab).
#define PW_TILE 16
#define PW_W (PW_TILE + 1) // padded row: threads reading a column hit different banks

// diffDot writes D_ij = Σ_k (a_ik − b_jk)·(u_ik − v_jk) (n×m), a missing U or
// V (hasU, hasV = 0) standing for zeros. A term whose direction difference
// is exactly 0 adds nothing, even against an infinite difference of points
// (the chain rule's strong zero). Tiled as sqDist: a 16×16 tile of D per
// block, 16 coordinates of 16 rows of each operand in shared memory.
template <typename T>
__device__ void diffDot(const T* A, const T* B, const T* U, const T* V, T* D, i64 n, i64 m, i64 d,
                        i64 hasU, i64 hasV, i64 y0) {
	__shared__ T as[PW_TILE * PW_W];
	__shared__ T bs[PW_TILE * PW_W];
	__shared__ T us[PW_TILE * PW_W];
	__shared__ T vs[PW_TILE * PW_W];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const i64 by = (i64)blockIdx.y + y0; // the block's row of tiles of D
	const i64 i = by * PW_TILE + ty, j = (i64)blockIdx.x * PW_TILE + tx;
	const i64 ar = by * PW_TILE + ty; // row of A and U this thread copies
	const i64 br = (i64)blockIdx.x * PW_TILE + ty; // row of B and V this thread copies
	T acc = 0;
	for (i64 k0 = 0; k0 < d; k0 += PW_TILE) {
		const i64 k = k0 + tx;
		const bool ain = ar < n && k < d, bin = br < m && k < d;
		as[ty * PW_W + tx] = ain ? A[ar * d + k] : T(0);
		us[ty * PW_W + tx] = (ain && hasU) ? U[ar * d + k] : T(0);
		bs[ty * PW_W + tx] = bin ? B[br * d + k] : T(0);
		vs[ty * PW_W + tx] = (bin && hasV) ? V[br * d + k] : T(0);
		__syncthreads();
		const i64 kk = min((i64)PW_TILE, d - k0);
		for (int c = 0; c < kk; c++) {
			T dk = us[ty * PW_W + c] - vs[tx * PW_W + c];
			if (dk != 0) acc += (as[ty * PW_W + c] - bs[tx * PW_W + c]) * dk;
		}
		__syncthreads();
	}
	if (i < n && j < m) D[i * m + j] = acc;
}

// diffSum writes Out_ik = Σ_j g_ij (a_ik − b_jk) (n×d), g n×m, or m×n read
// transposed when transG is set; a weight exactly 0 adds nothing (strong
// zero). Thread (tx, ty) of block (bx, by), by = y0 + blockIdx.y, owns
// Out_ik, i = 16·by + ty, k = 16·bx + tx, and sums over j in order: the block walks along j in
// steps of 16, copying a 16×16 tile of g (rows i, columns j) and of B (rows
// j, coordinates k) into shared memory.
template <typename T>
__device__ void diffSum(const T* A, const T* B, const T* G, T* Out, i64 n, i64 m, i64 d, i64 transG, i64 y0) {
	__shared__ T gs[PW_TILE * PW_W];
	__shared__ T bs[PW_TILE * PW_W];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const i64 i = ((i64)blockIdx.y + y0) * PW_TILE + ty, k = (i64)blockIdx.x * PW_TILE + tx;
	const T a = (i < n && k < d) ? A[i * d + k] : T(0);
	T acc = 0;
	for (i64 j0 = 0; j0 < m; j0 += PW_TILE) {
		const i64 gj = j0 + tx, bj = j0 + ty;
		gs[ty * PW_W + tx] = (i < n && gj < m) ? (transG ? G[gj * n + i] : G[i * m + gj]) : T(0);
		bs[ty * PW_W + tx] = (bj < m && k < d) ? B[bj * d + k] : T(0);
		__syncthreads();
		const i64 jj = min((i64)PW_TILE, m - j0);
		for (int c = 0; c < jj; c++) {
			T w = gs[ty * PW_W + c];
			if (w != 0) acc += w * (a - bs[c * PW_W + tx]);
		}
		__syncthreads();
	}
	if (i < n && k < d) Out[i * d + k] = acc;
}

extern "C" __global__ void diffdot_f32(const float* A, const float* B, const float* U, const float* V, float* D,
                                       i64 n, i64 m, i64 d, i64 hasU, i64 hasV, i64 y0) {
	diffDot<float>(A, B, U, V, D, n, m, d, hasU, hasV, y0);
}
extern "C" __global__ void diffdot_f64(const double* A, const double* B, const double* U, const double* V, double* D,
                                       i64 n, i64 m, i64 d, i64 hasU, i64 hasV, i64 y0) {
	diffDot<double>(A, B, U, V, D, n, m, d, hasU, hasV, y0);
}
extern "C" __global__ void diffsum_f32(const float* A, const float* B, const float* G, float* Out,
                                       i64 n, i64 m, i64 d, i64 transG, i64 y0) {
	diffSum<float>(A, B, G, Out, n, m, d, transG, y0);
}
extern "C" __global__ void diffsum_f64(const double* A, const double* B, const double* G, double* Out,
                                       i64 n, i64 m, i64 d, i64 transG, i64 y0) {
	diffSum<double>(A, B, G, Out, n, m, d, transG, y0);
}
