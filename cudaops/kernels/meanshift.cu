// Gaussian mean shift and the kernels around it: pairwise squared
// distances and the column ranges that choose the scale σ.
//
// All matrices are row-major and contiguous: Y is m×d (queries), X is n×d
// (data).
#include "common.cuh"

// Launch shapes (the Go side uses the same numbers, see cudaops/twin's
// MeanShiftPlan):
//   meanshift_{d2,d4,d16}_*: block 128, grid ⌈m/128⌉ × S, one query per
//                 thread; block (b, s) takes the data points
//                 [s·chunk, min(n, (s+1)·chunk)) (S = 1: all of them)
//   meanshift_merge_*: block 128, grid ⌈m/128⌉ (only when S > 1)
//   meanshift_wide_*: block 128, grid ⌈m/128⌉ (S = 1 always)
//   sqdist_*:     block 16×16, grid ⌈m/16⌉ × ⌈n/16⌉ (x along columns of D),
//                 launched in slabs of at most 65,535 rows of blocks
//                 (CUDA's limit on grid.y; twin.Slabs), y0 the slab's first
//   colrange_*:   block 256, grid G ≤ 64 (partial ranges per block)
// The mean shift kernels put the queries on grid.x (CUDA allows 2^31−1
// blocks) and the splits on grid.y (S ≤ 264 in twin.PlanMeanShift), so
// they need no slabs.
#define MS_BLOCK 128
#define MS_TILE_VALUES 2048 // values of X per shared tile: ⌊2048/d⌋ points
#define SQ_TILE 16

// wexp is the exponential of the weights: w = wexp(t) with t = (lo − q)·c.
// float: 2^t by the special-function unit (ex2.approx.ftz.f32, one
// MUFU.EX2; c carries log2 e, so 2^t = exp(−(q − lo)/2u²); about 2 ulp,
// results below 2^-126 flushed to 0). double: exp(t), c = 1/2u².
template <typename T> __device__ __forceinline__ T wexp(T t);
template <> __device__ __forceinline__ float wexp<float>(float t) {
	float r;
#ifdef EPSILON_HOST_RUN // kernels/host: this source run on the CPU (exact 2^t, flushed)
	r = exp2f(t);
	r = r < 0x1p-126f ? 0.0f : r;
#else
	asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(t));
#endif
	return r;
}
template <> __device__ __forceinline__ double wexp<double>(double t) { return exp(t); }

// Two coordinates at once from shared memory (one 8- or 16-byte load).
template <typename T> struct pair2;
template <> struct pair2<float> { typedef float2 type; };
template <> struct pair2<double> { typedef double2 type; };

// msDist returns q = ‖e‖² for e = xi − ys (the data point xi and the
// query ys both scaled by s), the squares summed by fused multiply-adds in
// k order, and e in e[0..d). EXACT: d = MAXD (no per-coordinate test).
template <typename T, int MAXD, bool EXACT>
__device__ __forceinline__ T msDist(const T* xi, const T* ys, T* e, const int d) {
	T q = 0;
#pragma unroll
	for (int k = 0; k < MAXD; k++) {
		e[k] = 0;
		if (EXACT || k < d) {
			e[k] = xi[k] - ys[k];
			q = fma(e[k], e[k], q);
		}
	}
	return q;
}

// forPoints calls f(xi) for the cnt points of the tile xs (d values each,
// in shared memory); for d = 2 exactly (EXACT, MAXD = 2) it reads each
// point with one 8-byte (float) or 16-byte (double) load, and float's
// unrolled loop reads two points with one 16-byte load.
template <typename T, int MAXD, bool EXACT, class F>
__device__ __forceinline__ void forPoints(const T* xs, const int cnt, const int d, F f) {
	if (EXACT && MAXD == 2) {
		typedef typename pair2<T>::type P;
		const P* xp = reinterpret_cast<const P*>(xs);
#pragma unroll(sizeof(T) == 4 ? 4 : 1)
		for (int t = 0; t < cnt; t++) {
			const P p = xp[t];
			const T xi[2] = {p.x, p.y};
			f(xi);
		}
	} else {
#pragma unroll(sizeof(T) == 4 ? 2 : 1)
		for (int t = 0; t < cnt; t++) f(xs + t * d);
	}
}

// meanShiftPart writes out_j = y_j + σ·Σ_i w_ji e_ji / Σ_i w_ji, e_ji =
// (x_i − y_j)/σ, w_ji = exp(−(‖e_ji‖² − lo_j)/(2u²)), lo_j = min_i ‖e_ji‖²:
// linalg's CPU.MeanShiftStep in one sweep over the data. Each thread owns
// one query and keeps y_j/σ, Σ w e (num) and Σ w (den) in registers (MAXD ≥
// d values, the loops over MAXD unrolled so the arrays stay in registers).
// The block streams its share of X through shared memory a tile of points
// at a time, scaled by s = 1/σ (a power of two, so exactly) as it is
// stored, so the m×n weights never exist. The smallest squared distance
// seen so far, lo, is the running maximum of the exponent, as in flash
// attention, kept per tile in two passes over it: pass 1 finds the tile's
// smallest distance; if it is below lo, num and den are rescaled once by
// wexp((tmin − lo)·c) and lo = tmin; pass 2 adds every point with weight
// wexp((lo − q)·c) ≤ 1, with no test or branch per point. So the
// rescaling runs only when the maximum changes, at most once per tile; the
// nearest point's weight is 1 (2^0) and nothing underflows that the
// two-pass CPU code keeps. A NaN distance (a NaN in y_j or x_i) is
// dropped by pass 1's fmin and gives a NaN weight in pass 2, so the row is
// NaN, as on the CPU.
//
// With S = gridDim.y > 1 blocks per query tile (split over the data, for
// small n, so that the GPU has enough blocks), block (b, s) sees only the
// points [s·chunk, min(n, (s+1)·chunk)) and writes its partial (lo, den,
// num) to Part (S×m rows of d+2 values); meanShiftMerge combines them.
template <typename T, int MAXD, bool EXACT>
__device__ void meanShiftPart(const T* __restrict__ Y, const T* __restrict__ X, T* __restrict__ Out,
                              T* __restrict__ Part, i64 m, i64 n, i64 d64, i64 chunk,
                              double sD, double sigmaD, double cD) {
	__shared__ __align__(16) T xs[MS_TILE_VALUES];
	const int d = EXACT ? MAXD : (int)d64;
	const T s = (T)sD, sigma = (T)sigmaD, c = (T)cD;
	const i64 j = (i64)blockIdx.x * MS_BLOCK + threadIdx.x;
	const bool active = j < m;
	T ys[MAXD], num[MAXD];
#pragma unroll
	for (int k = 0; k < MAXD; k++) {
		ys[k] = (active && (EXACT || k < d)) ? Y[j * d + k] * s : T(0);
		num[k] = 0;
	}
	T lo = ginf<T>(), den = 0;
	const int rows = MS_TILE_VALUES / d; // points per tile
	const i64 begin = (i64)blockIdx.y * chunk, end = min(n, begin + chunk);
	for (i64 i0 = begin; i0 < end; i0 += rows) {
		const int cnt = (int)min((i64)rows, end - i0);
		const T* src = X + i0 * d;
		for (int e = threadIdx.x; e < cnt * d; e += MS_BLOCK) xs[e] = src[e] * s;
		__syncthreads(); // the tile is complete
		if (active) {
			// Pass 1: the tile's nearest point. fmin drops a NaN distance,
			// which pass 2 then turns into a NaN weight, so the row is NaN.
			T tmin = lo;
			forPoints<T, MAXD, EXACT>(xs, cnt, d, [&](const T* xi) {
				T e[MAXD];
				tmin = fmin(tmin, msDist<T, MAXD, EXACT>(xi, ys, e, d));
			});
			// A nearer point than the sums so far were weighed against:
			// rescale them once (f = 0 for the first tile, lo = +Inf).
			if (tmin < lo) {
				const T f = wexp<T>((tmin - lo) * c);
				den *= f;
#pragma unroll
				for (int k = 0; k < MAXD; k++) num[k] *= f;
				lo = tmin;
			}
			// Pass 2: every weight against the running minimum, ≤ 1 (1 for
			// the nearest point), no test per point.
			forPoints<T, MAXD, EXACT>(xs, cnt, d, [&](const T* xi) {
				T e[MAXD];
				const T q = msDist<T, MAXD, EXACT>(xi, ys, e, d);
				const T w = wexp<T>((lo - q) * c);
				den += w;
#pragma unroll
				for (int k = 0; k < MAXD; k++)
					if (EXACT || k < d) num[k] = fma(w, e[k], num[k]);
			});
		}
		__syncthreads(); // every thread is done with the tile before it is overwritten
	}
	if (!active) return;
	if (gridDim.y == 1) {
#pragma unroll
		for (int k = 0; k < MAXD; k++)
			if (EXACT || k < d) Out[j * d + k] = fma(num[k] / den, sigma, Y[j * d + k]);
		return;
	}
	T* p = Part + ((i64)blockIdx.y * m + j) * (d + 2);
	p[0] = lo;
	p[1] = den;
#pragma unroll
	for (int k = 0; k < MAXD; k++)
		if (EXACT || k < d) p[2 + k] = num[k];
}

// meanShiftMerge combines the S partial sums of meanShiftPart for query j,
// in the order s = 0, 1, …, S−1: lo = min_s lo_s (a NaN wins), then
// den = Σ_s f_s·den_s and num = Σ_s f_s·num_s with f_s = 1 where lo_s = lo,
// else wexp((lo − lo_s)·c) (≤ 1), and out_j = y_j + σ·num/den. The output
// row, which the thread owns, holds num while it sums.
template <typename T>
__device__ void meanShiftMerge(const T* __restrict__ Y, const T* __restrict__ Part, T* __restrict__ Out,
                               i64 m, i64 d, i64 splits, double sigmaD, double cD) {
	const T sigma = (T)sigmaD, c = (T)cD;
	const i64 j = (i64)blockIdx.x * MS_BLOCK + threadIdx.x;
	if (j >= m) return;
	const i64 stride = m * (d + 2);
	const T* p = Part + j * (d + 2);
	T lo = ginf<T>();
	for (i64 sp = 0; sp < splits; sp++) lo = nanMin(lo, p[sp * stride]);
	T* num = Out + j * d;
	for (i64 k = 0; k < d; k++) num[k] = 0;
	T den = 0;
	for (i64 sp = 0; sp < splits; sp++) {
		const T* ps = p + sp * stride;
		const T l = ps[0];
		const T f = (l == lo) ? T(1) : wexp<T>((lo - l) * c);
		den = fma(f, ps[1], den);
		for (i64 k = 0; k < d; k++) num[k] = fma(f, ps[2 + k], num[k]);
	}
	for (i64 k = 0; k < d; k++) num[k] = fma(num[k] / den, sigma, Y[j * d + k]);
}

// meanShiftWide is meanShiftPart for d > 16 with S = 1, in one pass per
// point: y_j/σ is recomputed from global memory, num accumulates in the
// output row (which the thread owns), and X is read straight from global
// memory (the caches serve it) and scaled as it is read, since d values
// per query no longer fit in registers. With no tile, lo is updated point
// by point: a point nearer than lo (or a NaN distance) rescales the sums
// by wexp((q − lo)·c) and becomes lo, with weight 1; another has weight 1
// if q = lo, else wexp((lo − q)·c).
template <typename T>
__device__ void meanShiftWide(const T* __restrict__ Y, const T* __restrict__ X, T* __restrict__ Out,
                              i64 m, i64 n, i64 d, double sD, double sigmaD, double cD) {
	const T s = (T)sD, sigma = (T)sigmaD, c = (T)cD;
	const i64 j = (i64)blockIdx.x * MS_BLOCK + threadIdx.x;
	if (j >= m) return;
	const T* y = Y + j * d;
	T* num = Out + j * d;
	for (i64 k = 0; k < d; k++) num[k] = 0;
	T lo = ginf<T>(), den = 0;
	for (i64 i = 0; i < n; i++) {
		const T* xi = X + i * d;
		T q = 0;
		for (i64 k = 0; k < d; k++) {
			const T e = xi[k] * s - y[k] * s;
			q = fma(e, e, q);
		}
		T w = wexp<T>((lo - q) * c);
		if (!(q >= lo)) {
			const T f = wexp<T>((q - lo) * c);
			den *= f;
			for (i64 k = 0; k < d; k++) num[k] *= f;
			lo = q;
			w = 1;
		} else if (q == lo) {
			w = 1;
		}
		den += w;
		for (i64 k = 0; k < d; k++) num[k] = fma(w, xi[k] * s - y[k] * s, num[k]);
	}
	for (i64 k = 0; k < d; k++) num[k] = fma(num[k] / den, sigma, y[k]);
}

// sqDist writes D (n×m), D_ij = Σ_k (x_ik − y_jk)², summed over k in order
// as linalg.PairwiseSqDist does (differences first: never negative, exactly
// 0 for equal rows). A 16×16 block computes a 16×16 tile of D; the block
// walks along k in steps of 16, copying 16 rows of X and 16 rows of Y
// (16 coordinates each) into shared memory. The rows are padded to 17 so
// that threads reading a column of a tile hit different banks. Coordinates
// past d, and rows past n or m, are loaded as 0. The block's row of tiles is
// y0 + blockIdx.y (the host launches tall grids in slabs, twin.Slabs).
template <typename T>
__device__ void sqDist(const T* X, const T* Y, T* D, i64 n, i64 m, i64 d, i64 y0) {
	__shared__ T xs[SQ_TILE * (SQ_TILE + 1)];
	__shared__ T ys[SQ_TILE * (SQ_TILE + 1)];
	const int tx = threadIdx.x, ty = threadIdx.y;
	const i64 by = (i64)blockIdx.y + y0; // the block's row of tiles of D
	const i64 i = by * SQ_TILE + ty, j = (i64)blockIdx.x * SQ_TILE + tx;
	const i64 xr = by * SQ_TILE + ty; // row of X this thread copies
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

#define MS_PARAMS(T) const T *Y, const T *X, T *Out, T *Part, i64 m, i64 n, i64 d, i64 chunk, double s, double sigma, double c
#define MS_ARGS Y, X, Out, Part, m, n, d, chunk, s, sigma, c

extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d2_f32(MS_PARAMS(float)) { meanShiftPart<float, 2, true>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d2_f64(MS_PARAMS(double)) { meanShiftPart<double, 2, true>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d4_f32(MS_PARAMS(float)) { meanShiftPart<float, 4, false>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d4_f64(MS_PARAMS(double)) { meanShiftPart<double, 4, false>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d16_f32(MS_PARAMS(float)) { meanShiftPart<float, 16, false>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_d16_f64(MS_PARAMS(double)) { meanShiftPart<double, 16, false>(MS_ARGS); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_wide_f32(MS_PARAMS(float)) { meanShiftWide<float>(Y, X, Out, m, n, d, s, sigma, c); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_wide_f64(MS_PARAMS(double)) { meanShiftWide<double>(Y, X, Out, m, n, d, s, sigma, c); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_merge_f32(const float* Y, const float* Part, float* Out, i64 m, i64 d, i64 splits, double sigma, double c) { meanShiftMerge<float>(Y, Part, Out, m, d, splits, sigma, c); }
extern "C" __global__ void __launch_bounds__(MS_BLOCK) meanshift_merge_f64(const double* Y, const double* Part, double* Out, i64 m, i64 d, i64 splits, double sigma, double c) { meanShiftMerge<double>(Y, Part, Out, m, d, splits, sigma, c); }

extern "C" __global__ void sqdist_f32(const float* X, const float* Y, float* D, i64 n, i64 m, i64 d, i64 y0) { sqDist<float>(X, Y, D, n, m, d, y0); }
extern "C" __global__ void sqdist_f64(const double* X, const double* Y, double* D, i64 n, i64 m, i64 d, i64 y0) { sqDist<double>(X, Y, D, n, m, d, y0); }

extern "C" __global__ void colrange_f32(const float* X, float* lo, float* hi, i64 n, i64 d) { colRange<float>(X, lo, hi, n, d); }
extern "C" __global__ void colrange_f64(const double* X, double* lo, double* hi, i64 n, i64 d) { colRange<double>(X, lo, hi, n, d); }
