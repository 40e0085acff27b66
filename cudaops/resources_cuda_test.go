//go:build cuda

package cudaops

import (
	"slices"
	"testing"

	"gorgonia.org/cu"
)

// TestKernelResources: every kernel, as this GPU's driver JIT-compiled it
// from the committed PTX, fits the largest block cudaops launches (256
// threads), and its registers, spills (local memory) and shared memory are
// logged, one "resources:" line per kernel (bench/gpu/run.sh copies them
// into its report). ptxas 11.8's figures, which CI checks, are a forecast:
// the driver's own compiler decides.
func TestKernelResources(t *testing.T) {
	b := gpu(t)
	const largestBlock = 256
	names := make([]string, 0, len(b.fns))
	for name := range b.fns {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		var regs, local, shared, maxThreads int
		err := b.do(func() error {
			fn := b.fns[name]
			var err error
			for _, a := range []struct {
				attr cu.FunctionAttribute
				dst  *int
			}{{cu.NumRegs, &regs}, {cu.LocalSizeBytes, &local}, {cu.SharedSizeBytes, &shared}, {cu.FnMaxThreadsPerBlock, &maxThreads}} {
				if *a.dst, err = fn.Attribute(a.attr); err != nil {
					return &Error{Call: "cuFuncGetAttribute(" + name + ")", Err: err}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("resources: %-24s %3d registers, %4d B local (spills), %5d B shared, at most %4d threads per block", name, regs, local, shared, maxThreads)
		if maxThreads < largestBlock {
			t.Errorf("%s: the driver allows at most %d threads per block with its %d registers; cudaops launches blocks of up to %d", name, maxThreads, regs, largestBlock)
		}
	}
}
