package gemm

import "runtime"

// Fast is rung 8 and the package's answer for speed: the loop nest of
// Parallel with a SIMD micro-kernel in assembly where the processor has one
// (AVX-512, or AVX2 with FMA, on amd64, detected at run time), chosen by the
// width of C so that a narrow product (the lesson's n = 10) gets a tall,
// narrow tile instead of wasting most of a wide one; elsewhere it runs the
// portable Go micro-kernel. Like Parallel, its result does not depend on
// GOMAXPROCS.
func Fast[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Fast", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	drive(kernelFor[T](n), runtime.GOMAXPROCS(0), transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

// Gemm is the fastest rung (Fast): C = op(A)·op(B), see Func.
func Gemm[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	Fast(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

// kernelFor returns the micro-kernel Fast uses for a product with n columns:
// among the SIMD kernels of this processor (ordered from narrowest to
// widest), the narrowest whose tile is at least n wide, else the widest;
// the portable kernel when there are none.
func kernelFor[T Float](n int) kernel[T] {
	ks := simdKernels[T]()
	if len(ks) == 0 {
		return portableKernel[T]()
	}
	for _, kr := range ks {
		if kr.nr >= n {
			return kr
		}
	}
	return ks[len(ks)-1]
}

// KernelName returns the name of the micro-kernel Fast uses for T and a
// product n columns wide on this machine, e.g. "avx512_f64_8x24" or "go_f64_3x3".
func KernelName[T Float](n int) string { return kernelFor[T](n).name }
