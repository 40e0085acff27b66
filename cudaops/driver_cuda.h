//go:build cuda

// The CUDA driver, opened at run time (driver_cuda.c) rather than linked:
// what driver_cuda.c and the generated forwarders (driver_fwd_cuda.c)
// share. Everything here, and every function those files define, has
// hidden visibility: the definitions bind the calls of cu's and cudaops's C
// code within the binary and are exported to no one, so they never stand
// in for a shared library's own calls into libcuda.

#ifndef EPSILON_DRIVER_CUDA_H
#define EPSILON_DRIVER_CUDA_H

#include <cuda.h>

#pragma GCC visibility push(hidden)

// The driver functions that the forwarders reach: their names, and the
// addresses found for them in libcuda.so.1 (NULL where not found), filled
// once by epsilonDriverSymbol's first call.
extern const int epsilonDriverCount;
extern const char *const epsilonDriverNames[];
extern void *epsilonDriverFns[];

// epsilonDriverSymbol opens libcuda.so.1 on its first call (from any
// thread; once) and returns the address of epsilonDriverNames[i] in it,
// or NULL.
void *epsilonDriverSymbol(int i);

// epsilonDriverMissing is the result of a call to a function that
// epsilonDriverSymbol did not find: CUDA_ERROR_NOT_INITIALIZED when
// libcuda.so.1 did not open, CUDA_ERROR_NOT_FOUND when it lacks the
// function.
CUresult epsilonDriverMissing(void);

// epsilonDriverLoadError returns dlerror's text for the failed dlopen of
// libcuda.so.1, or NULL when it opened.
const char *epsilonDriverLoadError(void);

// epsilonDriverInitResult returns the driver's result for the cuInit that
// cu's package init made (see driver_cuda.c), or -1 if none was made.
int epsilonDriverInitResult(void);

#pragma GCC visibility pop

#endif
