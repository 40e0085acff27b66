// Matrix products C = op(A)·op(B), C of m×n (row-major, contiguous), the
// operands read through strides so that a transposed operand costs nothing:
//
//	op(A)(i, p) = A[i*sai + p*sap]     op(B)(p, j) = B[p*sbp + j*sbj]
//
// (A row-major m×k has sai = k, sap = 1; stored k×m and transposed,
// sai = 1, sap = m.) Terms are summed over p in increasing order.
//
// Every kernel here puts the rows of C on grid.y, which CUDA limits to
// 65,535 blocks, and takes as its last argument y0, a row-block offset
// added to blockIdx.y: the host launches a taller grid in slabs of at most
// 65,535 rows of blocks (twin.Slabs), y0 = 0 for the first. So no kernel
// reads gridDim.y.
#include "common.cuh"

// matmulNaive is the lesson's kernel: one thread per element of C, a
// 16×16 block of threads per 16×16 block of C, the grid ⌈n/16⌉ × ⌈m/16⌉
// (x runs along columns; y0 + blockIdx.y is the block's row). Every
// product reads its row of A and column of B from global memory.
template <typename T>
__device__ void matmulNaive(const T* A, const T* B, T* C, i64 m, i64 n, i64 k,
                            i64 sai, i64 sap, i64 sbp, i64 sbj, i64 y0) {
	i64 r = ((i64)blockIdx.y + y0) * blockDim.y + threadIdx.y;
	i64 c = (i64)blockIdx.x * blockDim.x + threadIdx.x;
	if (r < m && c < n) {
		T s = 0;
		for (i64 p = 0; p < k; p++) s += A[r * sai + p * sap] * B[p * sbp + c * sbj];
		C[r * n + c] = s;
	}
}

// matmulTiled (matmul_tiled_v1_f32 and matmul_tiled_f64) computes a BM×BN tile of C per block of (BN/TN)×(BM/TM)
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
                            i64 sai, i64 sap, i64 sbp, i64 sbj, i64 y0) {
	__shared__ T As[BK * BM];
	__shared__ T Bs[BK * BN];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const int tid = ty * blockDim.x + tx;
	const int nt = blockDim.x * blockDim.y;
	// The block's row of tiles, y0 + blockIdx.y: the same value either way
	// (the host launches fewer than 2^31 rows of blocks), summed in 32 bits
	// for float and 64 for double because ptxas 11.8 allocates registers
	// best so: a 64-bit sum spills 16 more bytes in matmul_tiled_v1_f32 for
	// sm_90, a 32-bit one takes matmul_tiled_f64 on sm_80 from 80 registers
	// to 90 (three blocks per SM to two).
	const i64 by = sizeof(T) == 4 ? (i64)(blockIdx.y + (unsigned)y0) : (i64)blockIdx.y + y0;
	const i64 row0 = by * BM, col0 = (i64)blockIdx.x * BN;
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

// ---------------------------------------------------------------------------
// sgemm: the default float32 kernel (matmul_tiled_f32_{nn,tn,nt,tt}), the SIMT SGEMM of
// CUTLASS's SIMT path and of the well-known tutorials (S. Boehm, "How to
// optimize a CUDA matmul kernel for cuBLAS-like performance", kernels 6-10;
// Z. Zhang's GEMM tutorial). A block of 256 threads computes a 128×128 tile
// of C and walks along k in steps of 8:
//
//   - copy: each thread copies 4 elements of op(A)'s 128×8 tile and 4 of
//     op(B)'s 8×128 tile ("a run"), consecutive in memory, as one float4
//     load (LDG.128) when the host found the operand 16-byte aligned with a
//     leading dimension and a contiguous extent that are multiples of 4, so
//     that a float4 lies wholly inside or wholly outside the matrix; else as
//     four predicated scalar loads. Shared memory holds both tiles k-major,
//     As[p][i] (A transposed) and Bs[p][j], so a run along i or j is one
//     float4 store and a run along k four scalar stores 128 floats apart.
//   - compute: thread (tx, ty) = (tid % 16, tid / 16) owns rows
//     ty·4 + {0..3} and 64 + ty·4 + {0..3} and the same columns with tx: 2×2
//     groups of 4×4, so each k step reads its 8 values of A and 8 of B as
//     four float4 loads (LDS.128). In a warp the A reads hit two addresses
//     (broadcast) and the B reads 16 consecutive float4s: no bank conflict.
//     Each k step is 64 fused multiply-adds per thread for 4 shared loads.
//   - prefetch: shared memory holds two copies of the tiles. While the block
//     computes on one, each thread has already issued the global loads of
//     the next tile into registers, and stores them into the other copy
//     after computing; one barrier per step then makes the other copy
//     complete and ends every thread's reads of this one (which the next
//     step overwrites). Past the last tile the prefetch loads zeros into the
//     copy that is never read again.
//
// Index math is 32-bit (int): the host takes this kernel only when every
// offset it can form, tile padding and the prefetch past the last tile
// included, is below 2^31 (twin.PlanSgemm); otherwise matmul_tiled_v1_f32,
// whose indices are 64-bit. The Go twin (twin.Sgemm) mirrors this code
// line by line.
namespace sgemm {
constexpr int BM = 128, BN = 128, BK = 8; // 256 threads
constexpr int TILE = BK * 128; // floats in one copy of a k-major tile

// Flags, decided once per launch by the host (twin.PlanSgemm).
constexpr int A_RUN_I = 1;  // A's runs go along i (sai == 1), else along k
constexpr int A_VEC = 2;    // A's runs are aligned float4s, wholly in or out
constexpr int B_RUN_J = 4;  // B's runs go along j (sbj == 1), else along k
constexpr int B_VEC = 8;    // B's runs are aligned float4s, wholly in or out
constexpr int C_VEC = 16;   // C's rows are aligned float4s (n % 4 == 0)

// Run is the 4 elements of one operand's tile that a thread copies at each
// step along k. The operand is A (t = i, extent m, st = sai, sp = sap) or
// B (t = j, extent n, st = sbj, sp = sbp).
struct Run {
	const float* x;
	int off;    // offset in x of the run's first element at the current step
	int step;   // offset increment per step: BK·sp
	int dq;     // offset between the run's elements
	int p;      // k index of the run's first element within the tile
	int sh;     // index in the shared tile of the run's first element: p·128 + t
	bool alongK, vec;
	bool in[4]; // whether element q's row of A (column of B) is in the matrix
};

__device__ __forceinline__ Run run(const float* x, int tid, int t0, int extent, int st, int sp, bool alongT, bool vec) {
	Run r;
	int t, p; // tile coordinates of the run's first element
	if (alongT) {
		t = (tid % 32) * 4; // 32 runs of 4 span 128
		p = tid / 32;       // 8 rows of k
	} else {
		t = tid / 2;        // 128 rows (columns of B)
		p = (tid % 2) * 4;  // two runs of 4 span k's 8
	}
	r.x = x;
	r.off = (t0 + t) * st + p * sp;
	r.step = BK * sp;
	r.dq = alongT ? st : sp;
	r.p = p;
	r.sh = p * 128 + t;
	r.alongK = !alongT;
	r.vec = vec;
#pragma unroll
	for (int q = 0; q < 4; q++) r.in[q] = t0 + t + (alongT ? q : 0) < extent;
	return r;
}

// load returns the run's elements at the step whose tile starts at k index
// p0; elements outside the matrix are 0.
__device__ __forceinline__ float4 load(const Run& r, int p0, int k) {
	float4 v = make_float4(0.f, 0.f, 0.f, 0.f);
	const int gp = p0 + r.p;
	if (r.vec) {
		if (r.in[0] && gp < k) v = __ldg(reinterpret_cast<const float4*>(r.x + r.off));
	} else {
		const int dp = r.alongK ? 1 : 0;
		const float* x = r.x + r.off;
		if (r.in[0] && gp < k) v.x = __ldg(x);
		if (r.in[1] && gp + dp < k) v.y = __ldg(x + r.dq);
		if (r.in[2] && gp + 2 * dp < k) v.z = __ldg(x + 2 * r.dq);
		if (r.in[3] && gp + 3 * dp < k) v.w = __ldg(x + 3 * r.dq);
	}
	return v;
}

// store writes a run into a k-major shared tile S (S[p·128 + t]).
__device__ __forceinline__ void store(float* S, const Run& r, float4 v) {
	if (r.alongK) {
		S[r.sh] = v.x;
		S[r.sh + 128] = v.y;
		S[r.sh + 256] = v.z;
		S[r.sh + 384] = v.w;
	} else {
		*reinterpret_cast<float4*>(S + r.sh) = v;
	}
}

// lds128 is one 16-byte load from shared memory (LDS.128). It is written
// in PTX because nvcc 11.8, given the plain float4 read, sometimes also
// emits a redundant 8-byte load of the same float4's upper half, and does
// so nondeterministically, which would make the committed PTX depend on
// the run that generated it. The memory clobber keeps it ordered with the
// shared stores and barriers around it.
__device__ __forceinline__ float4 lds128(const float* p) {
#ifdef EPSILON_HOST_RUN // kernels/host: this source run on the CPU
	return *reinterpret_cast<const float4*>(p);
#else
	float4 v;
	asm volatile("ld.shared.v4.f32 {%0, %1, %2, %3}, [%4];"
	             : "=f"(v.x), "=f"(v.y), "=f"(v.z), "=f"(v.w)
	             : "r"((unsigned)__cvta_generic_to_shared(p))
	             : "memory");
	return v;
#endif
}

__device__ __forceinline__ void matmul(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C,
                                       int m, int n, int k, int sai, int sap, int sbp, int sbj, int flags, int y0) {
	__shared__ __align__(16) float As[2 * TILE];
	__shared__ __align__(16) float Bs[2 * TILE];
	const int tid = threadIdx.x;
	const int row0 = (blockIdx.y + y0) * BM, col0 = blockIdx.x * BN;
	Run ra = run(A, tid, row0, m, sai, sap, flags & A_RUN_I, flags & A_VEC);
	Run rb = run(B, tid, col0, n, sbj, sbp, flags & B_RUN_J, flags & B_VEC);
	float4 va = load(ra, 0, k), vb = load(rb, 0, k);
	store(As, ra, va);
	store(Bs, rb, vb);
	__syncthreads(); // copy 0 of the tiles is complete

	const int tx = tid % 16, ty = tid / 16;
	float acc[8][8];
#pragma unroll
	for (int i = 0; i < 8; i++)
#pragma unroll
		for (int j = 0; j < 8; j++) acc[i][j] = 0.f;

	int cur = 0; // the copy being read: 0 or TILE
	for (int p0 = 0; p0 < k; p0 += BK) {
		// Prefetch: issue the next tile's global loads now, store them later.
		ra.off += ra.step;
		rb.off += rb.step;
		va = load(ra, p0 + BK, k);
		vb = load(rb, p0 + BK, k);
		const float* as = As + cur + ty * 4;
		const float* bs = Bs + cur + tx * 4;
#pragma unroll
		for (int p = 0; p < BK; p++) {
			const float4 a0 = lds128(as + p * BM);
			const float4 a1 = lds128(as + p * BM + 64);
			const float4 b0 = lds128(bs + p * BN);
			const float4 b1 = lds128(bs + p * BN + 64);
			const float av[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
			const float bv[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
			for (int i = 0; i < 8; i++)
#pragma unroll
				for (int j = 0; j < 8; j++) acc[i][j] += av[i] * bv[j];
		}
		cur ^= TILE;
		store(As + cur, ra, va);
		store(Bs + cur, rb, vb);
		__syncthreads(); // the other copy is complete, and nobody reads this one any more
	}

	// Write the 2×2 groups of 4×4: float4 stores when C's rows allow.
#pragma unroll
	for (int h = 0; h < 2; h++)
#pragma unroll
		for (int ai = 0; ai < 4; ai++) {
			const int r = row0 + h * 64 + ty * 4 + ai;
			if (r >= m) continue;
#pragma unroll
			for (int w = 0; w < 2; w++) {
				const int col = col0 + w * 64 + tx * 4;
				float* out = C + (r * n + col);
				const float* v = acc[h * 4 + ai] + w * 4;
				if (flags & C_VEC) {
					if (col < n) *reinterpret_cast<float4*>(out) = make_float4(v[0], v[1], v[2], v[3]);
				} else {
#pragma unroll
					for (int bi = 0; bi < 4; bi++)
						if (col + bi < n) out[bi] = v[bi];
				}
			}
		}
}
} // namespace sgemm

#define MATMUL_PARAMS(T) const T *A, const T *B, T *C, i64 m, i64 n, i64 k, i64 sai, i64 sap, i64 sbp, i64 sbj
#define MATMUL_ARGS A, B, C, m, n, k, sai, sap, sbp, sbj

// Launch shapes (the Go side uses the same numbers, see cudaops/twin),
// each grid launched in slabs of at most 65,535 rows of blocks (y0 the
// slab's first, the kernels' last argument):
//   naive:               block 16×16, grid ⌈n/16⌉ × ⌈m/16⌉
//   tiled float32:       matmul_tiled_f32_{nn,tn,nt,tt}: block 256, grid ⌈n/128⌉ × ⌈m/128⌉
//                        (twin.SgemmLaunch), kernel and flags from twin.PlanSgemm
//   tiled v1 float32:    BM=BN=128, BK=8, TM=TN=8, block 16×16, grid ⌈n/128⌉ × ⌈m/128⌉
//   tiled float64:       BM=BN=64,  BK=8, TM=TN=4, block 16×16, grid ⌈n/64⌉ × ⌈m/64⌉
extern "C" __global__ void matmul_naive_f32(MATMUL_PARAMS(float), i64 y0) { matmulNaive<float>(MATMUL_ARGS, y0); }
extern "C" __global__ void matmul_naive_f64(MATMUL_PARAMS(double), i64 y0) { matmulNaive<double>(MATMUL_ARGS, y0); }
// The default float32 kernel, compiled four times with its layout known
// (which stride of each operand is 1, see twin.PlanSgemm), so that the
// shared stores and the loads' bound checks are fixed at compile time:
// _nn is A·B, _tn Aᵀ·B, _nt A·Bᵀ, _tt Aᵀ·Bᵀ for row-major storage. The
// flags argument gives the rest: float4 or scalar loads of each operand
// (a branch taken the same way by every thread), float4 stores of C.
#define SGEMM(NAME, F)                                                                   \
	extern "C" __global__ void __launch_bounds__(256, 2) NAME(MATMUL_PARAMS(float), i64 flags, i64 y0) { \
		sgemm::matmul(A, B, C, (int)m, (int)n, (int)k, (int)sai, (int)sap, (int)sbp, (int)sbj, \
		              (F) | ((int)flags & (sgemm::A_VEC | sgemm::B_VEC | sgemm::C_VEC)), (int)y0); \
	}
SGEMM(matmul_tiled_f32_nn, sgemm::B_RUN_J)
SGEMM(matmul_tiled_f32_tn, sgemm::A_RUN_I | sgemm::B_RUN_J)
SGEMM(matmul_tiled_f32_nt, 0)
SGEMM(matmul_tiled_f32_tt, sgemm::A_RUN_I)
extern "C" __global__ void __launch_bounds__(256) matmul_tiled_v1_f32(MATMUL_PARAMS(float), i64 y0) {
	matmulTiled<float, 128, 128, 8, 8, 8>(MATMUL_ARGS, y0);
}
extern "C" __global__ void __launch_bounds__(256) matmul_tiled_f64(MATMUL_PARAMS(double), i64 y0) {
	matmulTiled<double, 64, 64, 8, 4, 4>(MATMUL_ARGS, y0);
}
