// Matrix products C = op(A)·op(B), C of m×n (row-major, contiguous), the
// operands read through strides so that a transposed operand costs nothing:
//
//	op(A)(i, p) = A[i*sai + p*sap]     op(B)(p, j) = B[p*sbp + j*sbj]
//
// (A row-major m×k has sai = k, sap = 1; stored k×m and transposed,
// sai = 1, sap = m.) Terms are summed over p in increasing order.
#include "common.cuh"

// matmulNaive is the lesson's kernel: one thread per element of C, a
// 16×16 block of threads per 16×16 block of C, the grid ⌈n/16⌉ × ⌈m/16⌉
// (x runs along columns). Every product reads its row of A and column of B
// from global memory.
template <typename T>
__device__ void matmulNaive(const T* A, const T* B, T* C, i64 m, i64 n, i64 k,
                            i64 sai, i64 sap, i64 sbp, i64 sbj) {
	i64 r = (i64)blockIdx.y * blockDim.y + threadIdx.y;
	i64 c = (i64)blockIdx.x * blockDim.x + threadIdx.x;
	if (r < m && c < n) {
		T s = 0;
		for (i64 p = 0; p < k; p++) s += A[r * sai + p * sap] * B[p * sbp + c * sbj];
		C[r * n + c] = s;
	}
}

// matmulTiled computes a BM×BN tile of C per block of (BN/TN)×(BM/TM)
// threads. The block walks along k in steps of BK: all its threads copy a
// BM×BK tile of op(A) (stored transposed, As[p][i]) and a BK×BN tile of
// op(B) into shared memory, wait, and each thread then multiplies out a
// TM×TN block of C held in registers ("register blocking": every value read
// from shared memory is used TN or TM times). Thread (tx, ty) owns rows
// ty + a·(BM/TM) and columns tx + b·(BN/TN), a < TM, b < TN, so that
// neighbouring threads read neighbouring shared words and write neighbouring
// global words. Elements of a tile past the edge of A or B are loaded as 0;
// they meet only other padding or outputs that are never written.
template <typename T, int BM, int BN, int BK, int TM, int TN>
__device__ void matmulTiled(const T* A, const T* B, T* C, i64 m, i64 n, i64 k,
                            i64 sai, i64 sap, i64 sbp, i64 sbj) {
	__shared__ T As[BK * BM];
	__shared__ T Bs[BK * BN];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const int tid = ty * blockDim.x + tx;
	const int nt = blockDim.x * blockDim.y;
	const i64 row0 = (i64)blockIdx.y * BM, col0 = (i64)blockIdx.x * BN;
	const int RS = BM / TM, CS = BN / TN; // row and column stride of a thread's outputs
	T acc[TM][TN];
#pragma unroll
	for (int a = 0; a < TM; a++)
#pragma unroll
		for (int b = 0; b < TN; b++) acc[a][b] = 0;

	for (i64 p0 = 0; p0 < k; p0 += BK) {
		// Copy the tiles; consecutive threads take consecutive addresses of
		// whichever index has stride 1 in memory.
		for (int e = tid; e < BM * BK; e += nt) {
			int i, p;
			if (sap == 1) { i = e / BK; p = e % BK; } else { i = e % BM; p = e / BM; }
			i64 gi = row0 + i, gp = p0 + p;
			As[p * BM + i] = (gi < m && gp < k) ? A[gi * sai + gp * sap] : T(0);
		}
		for (int e = tid; e < BK * BN; e += nt) {
			int p, j;
			if (sbj == 1) { p = e / BN; j = e % BN; } else { p = e % BK; j = e / BK; }
			i64 gp = p0 + p, gj = col0 + j;
			Bs[p * BN + j] = (gp < k && gj < n) ? B[gp * sbp + gj * sbj] : T(0);
		}
		__syncthreads(); // the tiles are complete
#pragma unroll
		for (int p = 0; p < BK; p++) {
			T av[TM], bv[TN];
#pragma unroll
			for (int a = 0; a < TM; a++) av[a] = As[p * BM + ty + a * RS];
#pragma unroll
			for (int b = 0; b < TN; b++) bv[b] = Bs[p * BN + tx + b * CS];
#pragma unroll
			for (int a = 0; a < TM; a++)
#pragma unroll
				for (int b = 0; b < TN; b++) acc[a][b] += av[a] * bv[b];
		}
		__syncthreads(); // every thread is done with the tiles before they are overwritten
	}
#pragma unroll
	for (int a = 0; a < TM; a++) {
		i64 r = row0 + ty + a * RS;
#pragma unroll
		for (int b = 0; b < TN; b++) {
			i64 c = col0 + tx + b * CS;
			if (r < m && c < n) C[r * n + c] = acc[a][b];
		}
	}
}

#define MATMUL_PARAMS(T) const T *A, const T *B, T *C, i64 m, i64 n, i64 k, i64 sai, i64 sap, i64 sbp, i64 sbj
#define MATMUL_ARGS A, B, C, m, n, k, sai, sap, sbp, sbj

// Launch shapes (the Go side uses the same numbers, see cudaops/twin):
//   naive:            block 16×16, grid ⌈n/16⌉ × ⌈m/16⌉
//   tiled float32:    BM=BN=128, BK=8, TM=TN=8, block 16×16, grid ⌈n/128⌉ × ⌈m/128⌉
//   tiled float64:    BM=BN=64,  BK=8, TM=TN=4, block 16×16, grid ⌈n/64⌉ × ⌈m/64⌉
extern "C" __global__ void matmul_naive_f32(MATMUL_PARAMS(float)) { matmulNaive<float>(MATMUL_ARGS); }
extern "C" __global__ void matmul_naive_f64(MATMUL_PARAMS(double)) { matmulNaive<double>(MATMUL_ARGS); }
extern "C" __global__ void __launch_bounds__(256) matmul_tiled_f32(MATMUL_PARAMS(float)) {
	matmulTiled<float, 128, 128, 8, 8, 8>(MATMUL_ARGS);
}
extern "C" __global__ void __launch_bounds__(256) matmul_tiled_f64(MATMUL_PARAMS(double)) {
	matmulTiled<double, 64, 64, 8, 4, 4>(MATMUL_ARGS);
}
