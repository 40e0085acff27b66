// Shared definitions of epsilon's CUDA kernels.
//
// Every kernel parameter is 8 bytes wide (pointers, long long, double):
// gorgonia.org/cu reads each launch argument as 8 bytes, so a 4-byte
// parameter would read past its Go backing store. float kernels take their
// scalars as double and round them once on entry.
//
// Each kernel here has a Go twin in package cudaops/twin, written in the
// same shape (same tiles, same loads, same barriers, same loop order) and
// run by the launch emulator of package linalg/launch.
#pragma once

typedef long long i64;

template <typename T> __device__ __forceinline__ T gexp(T v);
template <> __device__ __forceinline__ float gexp<float>(float v) { return expf(v); }
template <> __device__ __forceinline__ double gexp<double>(double v) { return exp(v); }

template <typename T> __device__ __forceinline__ T ginf();
template <> __device__ __forceinline__ float ginf<float>() { return __int_as_float(0x7f800000); }
template <> __device__ __forceinline__ double ginf<double>() { return __longlong_as_double(0x7ff0000000000000LL); }

// nanMin and nanMax are Go's min and max for floats: a NaN operand wins
// (fminf would drop it).
template <typename T> __device__ __forceinline__ T nanMin(T a, T b) { return (a < b || a != a) ? a : b; }
template <typename T> __device__ __forceinline__ T nanMax(T a, T b) { return (a > b || a != a) ? a : b; }
