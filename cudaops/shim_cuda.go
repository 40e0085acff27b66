//go:build cuda

package cudaops

/*
#cgo LDFLAGS: -ldl -lcuda
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <cuda.h>

// cuInit is called by gorgonia.org/cu's package init, which exits the
// process when it fails (no GPU, a driver too old, the stub library). This
// definition, linked into the binary, takes the place of the driver's for
// every caller in it (the static linker binds cu's reference to the
// definition in an object file before a shared library's): it calls the
// driver's cuInit (found with dlsym(RTLD_NEXT)), remembers the result and
// reports success, so that cu's init returns and cudaops.New can return the
// driver's error instead.
static int epsilonCuInitResult = -1;

CUresult CUDAAPI cuInit(unsigned int flags) {
	CUresult (*real)(unsigned int) = (CUresult (*)(unsigned int))dlsym(RTLD_NEXT, "cuInit");
	if (real == NULL) {
		epsilonCuInitResult = CUDA_ERROR_NOT_FOUND;
		return CUDA_SUCCESS;
	}
	epsilonCuInitResult = (int)real(flags);
	return CUDA_SUCCESS;
}

static int epsilonInitResult(void) { return epsilonCuInitResult; }

static const char *epsilonErrorName(int code) {
	const char *s = 0;
	if (cuGetErrorName((CUresult)code, &s) != CUDA_SUCCESS) return 0;
	return s;
}
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// cBuffer returns n zeroed bytes of C memory as a slice, and the function
// that frees them. The JIT log buffers handed to the driver live in C
// memory: cu passes the option values to C in a Go array, which by cgo's
// pointer rules may hold C pointers but not Go pointers (cgo's run-time
// check does not see them, as they travel as uintptr, but the rule stands).
func cBuffer(n int) ([]byte, func()) {
	p := C.calloc(C.size_t(n), 1)
	if p == nil {
		panic("cudaops: calloc failed")
	}
	return unsafe.Slice((*byte)(p), n), func() { C.free(p) }
}

// driverInit returns the error of the driver's cuInit(0), which cu's
// package init made (nil when it succeeded).
func driverInit() error {
	code := int(C.epsilonInitResult())
	if code == 0 {
		return nil
	}
	if code < 0 {
		return &Error{Call: "cuInit", Err: fmt.Errorf("was never called (gorgonia.org/cu's init did not run)")}
	}
	return &Error{Call: "cuInit(0)", Err: driverError(code)}
}

// driverError describes a CUresult by its name, where the driver can
// give it, and number.
func driverError(code int) error {
	hint := ""
	switch code {
	case 34: // CUDA_ERROR_STUB_LIBRARY
		hint = ": the stub libcuda.so was loaded, not a driver"
	case 35: // CUDA_ERROR_INSUFFICIENT_DRIVER
		hint = ": the driver is older than CUDA 11.8 needs (520 or later)"
	case 100: // CUDA_ERROR_NO_DEVICE
		hint = ": no CUDA-capable GPU is visible"
	}
	if s := C.epsilonErrorName(C.int(code)); s != nil {
		return fmt.Errorf("%s (%d)%s", C.GoString(s), code, hint)
	}
	return fmt.Errorf("CUresult %d%s", code, hint)
}
