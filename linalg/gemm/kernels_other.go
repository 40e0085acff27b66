//go:build !amd64

package gemm

// simdKernels: no assembly kernels on this architecture.
func simdKernels[T Float]() []kernel[T] { return nil }

// allSIMDKernels: none.
func allSIMDKernels[T Float]() []kernel[T] { return nil }
