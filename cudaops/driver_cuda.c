//go:build cuda

// Opening the CUDA driver at run time. The binary is not linked against
// libcuda.so.1 (see doc.go, "How the driver is loaded"): cu's and cudaops's
// calls into the driver bind to the forwarders of driver_fwd_cuda.c, which
// look their functions up here, in the library that dlopen opened on the
// first call. Without the library, dlopen's error is kept for
// cudaops.New to report, and every call returns an error instead.

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "driver_cuda.h"

#pragma GCC visibility push(hidden)

static pthread_once_t epsilonDriverOnce = PTHREAD_ONCE_INIT;
static void *epsilonDriverHandle;
static char epsilonDriverError[512];

// epsilonDriverOpen runs once: it opens the driver's library (RTLD_LOCAL,
// so its symbols resolve no one else's references) and looks up every
// function the forwarders need. pthread_once makes what it writes visible
// to every thread that passes pthread_once after it.
static void epsilonDriverOpen(void) {
	epsilonDriverHandle = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
	if (epsilonDriverHandle == NULL) {
		const char *e = dlerror();
		if (e == NULL) e = "dlopen failed and dlerror gave no reason";
		size_t i = 0;
		for (; e[i] != 0 && i < sizeof epsilonDriverError - 1; i++) epsilonDriverError[i] = e[i];
		epsilonDriverError[i] = 0;
		return;
	}
	for (int i = 0; i < epsilonDriverCount; i++) {
		epsilonDriverFns[i] = dlsym(epsilonDriverHandle, epsilonDriverNames[i]);
	}
}

void *epsilonDriverSymbol(int i) {
	pthread_once(&epsilonDriverOnce, epsilonDriverOpen);
	return epsilonDriverFns[i];
}

CUresult epsilonDriverMissing(void) {
	pthread_once(&epsilonDriverOnce, epsilonDriverOpen);
	return epsilonDriverHandle == NULL ? CUDA_ERROR_NOT_INITIALIZED : CUDA_ERROR_NOT_FOUND;
}

const char *epsilonDriverLoadError(void) {
	pthread_once(&epsilonDriverOnce, epsilonDriverOpen);
	return epsilonDriverHandle == NULL ? epsilonDriverError : NULL;
}

static int epsilonDriverInit = -1;

// cuInit is called by gorgonia's cu package's init, which exits the process
// when it fails (no library, no GPU, a driver too old, the stub library).
// This cuInit calls the driver's, remembers its result (or that the driver
// is missing: CUDA_ERROR_NOT_INITIALIZED, with epsilonDriverLoadError set)
// and reports success, so that cu's init returns and cudaops.New can return
// the error instead.
CUresult CUDAAPI cuInit(unsigned int flags) {
	CUresult result;
	pthread_once(&epsilonDriverOnce, epsilonDriverOpen);
	if (epsilonDriverHandle == NULL) {
		result = CUDA_ERROR_NOT_INITIALIZED;
	} else {
		__typeof__(&cuInit) f = (__typeof__(&cuInit))dlsym(epsilonDriverHandle, "cuInit");
		result = f ? f(flags) : CUDA_ERROR_NOT_FOUND;
	}
	__atomic_store_n(&epsilonDriverInit, (int)result, __ATOMIC_RELEASE);
	return CUDA_SUCCESS;
}

int epsilonDriverInitResult(void) {
	return __atomic_load_n(&epsilonDriverInit, __ATOMIC_ACQUIRE);
}

#pragma GCC visibility pop
