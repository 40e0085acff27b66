// cuda_host.h lets g++ compile a kernel source of cudaops/kernels and run
// it on the CPU (kernels/host/run.cpp: mean shift; rows.cpp: the kernels
// launched in slabs, matmuls, distances and their derivatives; float4
// and __ldg are plain loads here, and matmul.cu's one PTX instruction has
// a C++ stand-in under EPSILON_HOST_RUN), so that a test can run the CUDA
// source itself, not only its Go twin, on a machine without a GPU: each
// thread of a block is an OS thread, __syncthreads is a barrier of the
// block's threads, blocks run one after another (so a __shared__ array,
// here a static, is each block's own), and the CUDA math functions are
// the C++ library's float and double overloads. It checks the source's
// indexing, tiling, barriers and arithmetic order; not the GPU's
// instruction timing, its special-function unit (ex2.approx is replaced
// by exp2f, under EPSILON_HOST_RUN), or memory ordering between blocks.
#pragma once
#include <algorithm>
#include <pthread.h>
#include <cmath>
#include <cstdint>
#include <cstring>

#define EPSILON_HOST_RUN 1
#define __device__
#define __global__
#define __forceinline__ inline
#define __shared__ static
#define __restrict__
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))

using std::exp;
using std::fma;
using std::fmin;
using std::min;

struct uint3h {
	unsigned x, y, z;
};
struct alignas(8) float2 {
	float x, y;
};
struct alignas(16) double2 {
	double x, y;
};
struct alignas(16) float4 {
	float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return {x, y, z, w}; }
template <typename T> inline T __ldg(const T* p) { return *p; }

inline thread_local uint3h threadIdx, blockIdx;
inline uint3h blockDim, gridDim;
inline pthread_barrier_t* blockBarrier;

inline void __syncthreads() { pthread_barrier_wait(blockBarrier); }
inline float __int_as_float(int i) {
	float f;
	std::memcpy(&f, &i, sizeof f);
	return f;
}
inline double __longlong_as_double(long long i) {
	double f;
	std::memcpy(&f, &i, sizeof f);
	return f;
}
