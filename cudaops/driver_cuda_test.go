//go:build cuda

package cudaops

import (
	"errors"
	"os"
	"strings"
	"testing"

	"gorgonia.org/cu"
)

// TestNewWithoutDriver: this binary is not linked against libcuda.so.1
// (driver_cuda.c opens it at run time), so it starts where the library is
// missing, and New says what is missing. EPSILON_EXPECT_DRIVER tells the
// test what .ci/run gave the binary:
//
//   - none: no libcuda.so.1 anywhere on the loader's path. New's error names
//     the dlopen of libcuda.so.1 and carries dlerror's text, and a driver
//     call made through cu anyway returns CUDA_ERROR_NOT_INITIALIZED.
//   - stub: LD_LIBRARY_PATH holds the stub libcuda.so.1 of the CUDA
//     headers package, whose cuInit fails with CUDA_ERROR_STUB_LIBRARY (34).
//     New's error names cuInit(0), the code and the stub.
func TestNewWithoutDriver(t *testing.T) {
	want := os.Getenv("EPSILON_EXPECT_DRIVER")
	if want == "" {
		t.Skip("EPSILON_EXPECT_DRIVER is not set (.ci/run sets it to none or stub)")
	}
	b, err := New()
	if err == nil {
		b.Close()
		t.Fatalf("EPSILON_EXPECT_DRIVER=%s, but New found a GPU: %s", want, b.Device())
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("New's error %v (%T) is not an *Error", err, err)
	}
	msg := err.Error()
	switch want {
	case "none":
		if e.Call != "dlopen(libcuda.so.1)" {
			t.Errorf("New's error names the call %q, want dlopen(libcuda.so.1): %v", e.Call, err)
		}
		// glibc's dlerror for a library the loader cannot find.
		for _, s := range []string{"libcuda.so.1: cannot open shared object file", "install the NVIDIA driver"} {
			if !strings.Contains(msg, s) {
				t.Errorf("New's error lacks %q: %v", s, err)
			}
		}
		// Calls through cu reach the forwarders, which return an error
		// rather than jump to a missing function.
		if _, err := cu.NumDevices(); !errors.Is(err, cu.NotInitialized) {
			t.Errorf("cu.NumDevices without the driver: err = %v, want %v", err, cu.NotInitialized)
		}
	case "stub":
		if e.Call != "cuInit(0)" {
			t.Errorf("New's error names the call %q, want cuInit(0): %v", e.Call, err)
		}
		for _, s := range []string{"34", "stub libcuda.so"} {
			if !strings.Contains(msg, s) {
				t.Errorf("New's error lacks %q: %v", s, err)
			}
		}
	default:
		t.Fatalf("EPSILON_EXPECT_DRIVER=%q: want none or stub", want)
	}
	t.Logf("New with EPSILON_EXPECT_DRIVER=%s: %v", want, err)
}
