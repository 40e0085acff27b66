//go:build cuda

package cudaops

/*
// -ldl and -lpthread for dlopen and pthread_once (driver_cuda.c), which
// are in libc from glibc 2.34 on and in their own libraries before; then
// -Wl,--as-needed, so that the linker records a shared library as needed
// only if it defines a symbol the binary lacks. gorgonia's cu package asks
// for -lcuda, which comes later on the link line; the forwarders of
// driver_fwd_cuda.c define every driver function the binary calls, so
// libcuda.so.1 is not recorded and the binary starts on a machine without
// it (see doc.go; .ci/run checks with readelf -d).
#cgo LDFLAGS: -ldl -lpthread -Wl,--as-needed
#include <stdlib.h>
#include "driver_cuda.h"

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

// driverLibrary is the driver's library, which driver_cuda.c opens.
const driverLibrary = "libcuda.so.1"

// driverInit returns why the driver cannot be used: the dlopen of
// libcuda.so.1 failed (no NVIDIA driver installed), or the driver's
// cuInit(0), which cu's package init made, failed. It returns nil when
// both succeeded.
func driverInit() error {
	if msg := C.epsilonDriverLoadError(); msg != nil {
		return &Error{Call: "dlopen(" + driverLibrary + ")", Err: fmt.Errorf("%s; without the NVIDIA driver's library "+
			"there is no GPU backend: install the NVIDIA driver (520 or later), or put the folder that holds %s on LD_LIBRARY_PATH",
			C.GoString(msg), driverLibrary)}
	}
	code := int(C.epsilonDriverInitResult())
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
