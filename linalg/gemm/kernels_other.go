//go:build !amd64

package gemm

// simdKernels: no assembly kernels on this architecture.
func simdKernels[T Float]() []kernel[T] { return nil }
