package cudaops

import (
	"errors"
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// ErrNotBuilt is New's error in a binary built without the cuda build tag.
var ErrNotBuilt = errors.New("cudaops: this binary was built without -tags cuda, so it has no GPU backend; " +
	"rebuild with 'go build -tags cuda' against the CUDA 11.8 headers (see 'go doc cudaops') to run on an NVIDIA GPU")

// Error is a failed CUDA driver call: which call (Call, e.g.
// "cuModuleLoadDataEx(meanshift)") and the driver's error (Err). For a
// module that failed to load, Log holds the JIT compiler's log. The
// backend's methods that have no error result (those of linalg.Backend)
// panic with an *Error when the device fails under them.
type Error struct {
	Call string
	Err  error
	Log  string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("cudaops: %s: %v", e.Call, e.Err)
	if e.Log != "" {
		s += "\nJIT log:\n" + e.Log
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// DeviceFailure marks an *Error as a linalg.DeviceFailure: a graph's Run
// and meanshift.Cluster return it as their error when a backend method
// panics with it (out of device memory, say).
func (e *Error) DeviceFailure() {}

var _ linalg.DeviceFailure = (*Error)(nil)
