// Gaussian mean shift and the kernels around it: pairwise squared
// distances and the column ranges that choose the scale σ.
//
// All matrices are row-major and contiguous: Y is m×d (queries), X is n×d
// (data).
#include "common.cuh"

// Launch shapes (the Go side uses the same numbers, see cudaops/twin):
//   meanshift_*:  block 128, grid ⌈m/128⌉, one query per thread
//   sqdist_*:     block 16×16, grid ⌈m/16⌉ × ⌈n/16⌉ (x along columns of D)
//   colrange_*:   block 256, grid G ≤ 64 (partial ranges per block)
#define MS_TILE_VALUES 2048 // values of X per shared tile: ⌊2048/d⌋ points
#define SQ_TILE 16

// meanShiftFused writes out_j = y_j + σ·Σ_i w_ji e_ji / Σ_i w_ji, e_ji =
// (x_i − y_j)/σ, w_ji = exp(−(‖e_ji‖² − lo_j)/(2u²)), lo_j = min_i ‖e_ji‖²:
// linalg's CPU.MeanShiftStep in one pass. Each thread owns one query and
// keeps y_j, Σ w e (num) and Σ w (den) in registers (MAXD ≥ d values, the
// loops over MAXD unrolled so the arrays stay in registers). The block
// streams X through shared memory a tile of points at a time, so the m×n
// weights never exist. The smallest squared distance seen so far, lo, is
// the running maximum of the exponent, as in flash attention: when a point
// nearer than lo comes, num and den are rescaled by exp(−(lo − q)/2u²) and
// lo = q; the nearest point's weight is exactly 1 and nothing underflows
// that the two-pass CPU code keeps. A NaN distance (a NaN in y_j or x_i)
// makes lo NaN for good, so the row is NaN, as on the CPU.
template <typename T, int MAXD>
__device__ void meanShiftFused(const T* Y, const T* X, T* Out, i64 m, i64 n, i64 d,
                               double sD, double sigmaD, double u2D) {
	__shared__ T xs[MS_TILE_VALUES];
	const T s = (T)sD, sigma = (T)sigmaD, u2 = (T)u2D;
	const i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x;
	const bool active = j < m;
	T y[MAXD], num[MAXD];
#pragma unroll
	for (int k = 0; k < MAXD; k++) {
		y[k] = (active && k < d) ? Y[j * d + k] : T(0);
		num[k] = 0;
	}
	T lo = ginf<T>(), den = 0;
	const i64 rows = MS_TILE_VALUES / d; // points per tile
	for (i64 i0 = 0; i0 < n; i0 += rows) {
		const i64 cnt = min(rows, n - i0);
		for (i64 e = threadIdx.x; e < cnt * d; e += blockDim.x) xs[e] = X[i0 * d + e];
		__syncthreads(); // the tile is complete
		if (active) {
			for (i64 t = 0; t < cnt; t++) {
				const T* xi = xs + t * d;
				T q = 0;
#pragma unroll
				for (int k = 0; k < MAXD; k++)
					if (k < d) {
						T e = (xi[k] - y[k]) * s;
						q += e * e;
					}
				T w = 1;
				if (!(q >= lo)) { // a new nearest point, or NaN
					T f = gexp<T>(T(-0.5) * ((lo - q) / u2));
					den *= f;
#pragma unroll
					for (int k = 0; k < MAXD; k++) num[k] *= f;
					lo = q;
				} else if (q != lo) {
					w = gexp<T>(T(-0.5) * ((q - lo) / u2));
				}
				den += w;
#pragma unroll
				for (int k = 0; k < MAXD; k++)
					if (k < d) num[k] += w * ((xi[k] - y[k]) * s);
			}
		}
		__syncthreads(); // every thread is done with the tile before it is overwritten
	}
	if (active) {
#pragma unroll
		for (int k = 0; k < MAXD; k++)
			if (k < d) Out[j * d + k] = y[k] + num[k] / den * sigma;
	}
}

// meanShiftWide is meanShiftFused for d > 16: the same arithmetic in the
// same order, but y_j is read from global memory and num accumulates in
// the output row (which the thread owns), and X is read straight from
// global memory (the caches serve it), since d values per query no longer
// fit in registers.
template <typename T>
__device__ void meanShiftWide(const T* Y, const T* X, T* Out, i64 m, i64 n, i64 d,
                              double sD, double sigmaD, double u2D) {
	const T s = (T)sD, sigma = (T)sigmaD, u2 = (T)u2D;
	const i64 j = (i64)blockIdx.x * blockDim.x + threadIdx.x;
	if (j >= m) return;
	const T* y = Y + j * d;
	T* num = Out + j * d;
	for (i64 k = 0; k < d; k++) num[k] = 0;
	T lo = ginf<T>(), den = 0;
	for (i64 i = 0; i < n; i++) {
		const T* xi = X + i * d;
		T q = 0;
		for (i64 k = 0; k < d; k++) {
			T e = (xi[k] - y[k]) * s;
			q += e * e;
		}
		T w = 1;
		if (!(q >= lo)) {
			T f = gexp<T>(T(-0.5) * ((lo - q) / u2));
			den *= f;
			for (i64 k = 0; k < d; k++) num[k] *= f;
			lo = q;
		} else if (q != lo) {
			w = gexp<T>(T(-0.5) * ((q - lo) / u2));
		}
		den += w;
		for (i64 k = 0; k < d; k++) num[k] += w * ((xi[k] - y[k]) * s);
	}
	for (i64 k = 0; k < d; k++) num[k] = y[k] + num[k] / den * sigma;
}

// sqDist writes D (n×m), D_ij = Σ_k (x_ik − y_jk)², summed over k in order
// as linalg.PairwiseSqDist does (differences first: never negative, exactly
// 0 for equal rows). A 16×16 block computes a 16×16 tile of D; the block
// walks along k in steps of 16, copying 16 rows of X and 16 rows of Y
// (16 coordinates each) into shared memory. The rows are padded to 17 so
// that threads reading a column of a tile hit different banks. Coordinates
// past d, and rows past n or m, are loaded as 0.
template <typename T>
__device__ void sqDist(const T* X, const T* Y, T* D, i64 n, i64 m, i64 d) {
	__shared__ T xs[SQ_TILE * (SQ_TILE + 1)];
	__shared__ T ys[SQ_TILE * (SQ_TILE + 1)];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const i64 i = (i64)blockIdx.y * SQ_TILE + ty, j = (i64)blockIdx.x * SQ_TILE + tx;
	const i64 xr = (i64)blockIdx.y * SQ_TILE + ty; // row of X this thread copies
	const i64 yr = (i64)blockIdx.x * SQ_TILE + ty; // row of Y this thread copies
	T acc = 0;
	for (i64 k0 = 0; k0 < d; k0 += SQ_TILE) {
		const i64 k = k0 + tx;
		xs[ty * (SQ_TILE + 1) + tx] = (xr < n && k < d) ? X[xr * d + k] : T(0);
		ys[ty * (SQ_TILE + 1) + tx] = (yr < m && k < d) ? Y[yr * d + k] : T(0);
		__syncthreads();
		const i64 kk = min((i64)SQ_TILE, d - k0);
		for (int c = 0; c < kk; c++) {
			T e = xs[ty * (SQ_TILE + 1) + c] - ys[tx * (SQ_TILE + 1) + c];
			acc += e * e;
		}
		__syncthreads();
	}
	if (i < n && j < m) D[i * m + j] = acc;
}

// colRange writes, for block b and column k, the smallest and largest
// value of column k over the rows b, b+G, b+2G, … of X (n×d), with Go's
// NaN rule (a NaN wins): lo[b*d+k], hi[b*d+k]. The host combines the G
// partial ranges. The threads of a block reduce in shared memory by
// halving (blockDim must be a power of two).
template <typename T>
__device__ void colRange(const T* X, T* lo, T* hi, i64 n, i64 d) {
	__shared__ T slo[256];
	__shared__ T shi[256];
	const int t = threadIdx.x;
	const i64 G = gridDim.x, b = blockIdx.x;
	for (i64 k = 0; k < d; k++) {
		T l = ginf<T>(), h = -ginf<T>();
		for (i64 r = b + (i64)t * G; r < n; r += G * blockDim.x) {
			T v = X[r * d + k];
			l = nanMin(l, v);
			h = nanMax(h, v);
		}
		slo[t] = l;
		shi[t] = h;
		__syncthreads();
		for (int w = blockDim.x / 2; w > 0; w /= 2) {
			if (t < w) {
				slo[t] = nanMin(slo[t], slo[t + w]);
				shi[t] = nanMax(shi[t], shi[t + w]);
			}
			__syncthreads();
		}
		if (t == 0) {
			lo[b * d + k] = slo[0];
			hi[b * d + k] = shi[0];
		}
		__syncthreads(); // slo[0] is read before the next column overwrites it
	}
}

#define MS_PARAMS(T) const T *Y, const T *X, T *Out, i64 m, i64 n, i64 d, double s, double sigma, double u2
#define MS_ARGS Y, X, Out, m, n, d, s, sigma, u2

extern "C" __global__ void meanshift_d4_f32(MS_PARAMS(float)) { meanShiftFused<float, 4>(MS_ARGS); }
extern "C" __global__ void meanshift_d4_f64(MS_PARAMS(double)) { meanShiftFused<double, 4>(MS_ARGS); }
extern "C" __global__ void meanshift_d16_f32(MS_PARAMS(float)) { meanShiftFused<float, 16>(MS_ARGS); }
extern "C" __global__ void meanshift_d16_f64(MS_PARAMS(double)) { meanShiftFused<double, 16>(MS_ARGS); }
extern "C" __global__ void meanshift_wide_f32(MS_PARAMS(float)) { meanShiftWide<float>(MS_ARGS); }
extern "C" __global__ void meanshift_wide_f64(MS_PARAMS(double)) { meanShiftWide<double>(MS_ARGS); }

extern "C" __global__ void sqdist_f32(const float* X, const float* Y, float* D, i64 n, i64 m, i64 d) { sqDist<float>(X, Y, D, n, m, d); }
extern "C" __global__ void sqdist_f64(const double* X, const double* Y, double* D, i64 n, i64 m, i64 d) { sqDist<double>(X, Y, D, n, m, d); }

extern "C" __global__ void colrange_f32(const float* X, float* lo, float* hi, i64 n, i64 d) { colRange<float>(X, lo, hi, n, d); }
extern "C" __global__ void colrange_f64(const double* X, double* lo, double* hi, i64 n, i64 d) { colRange<double>(X, lo, hi, n, d); }
