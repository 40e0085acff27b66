package gemm

// simdKernels returns the assembly micro-kernels this processor can run.
func simdKernels[T Float]() []kernel[T] { return nil }
