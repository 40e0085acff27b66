package gemm

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

//go:generate go run ./internal/asmgen -out kernels_amd64.s -stubs kernels_stubs_amd64.go -pkg gemm

// The assembly kernels (kernels_amd64.s, written by internal/asmgen), as
// kernels with their blocking, each family ordered from narrowest to
// widest tile. A family is offered only when the processor (and the
// operating system, which must save the wider registers) supports it.
var (
	hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ
	hasAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA

	avx512F64 = []kernel[float64]{
		withBMask(withRows(asmKernel("avx512_f64_24x8", 24, 8, avx512_f64_24x8), avx512_f64_24x8_rows, avx512_f64_4x8_rows, avx512_f64_1x8_rows), avx512_f64_24x8_rows_bmask, avx512_f64_4x8_rows_bmask, avx512_f64_1x8_rows_bmask),
		withBMask(withRows(asmKernel("avx512_f64_12x16", 12, 16, avx512_f64_12x16), avx512_f64_12x16_rows, avx512_f64_4x16_rows, avx512_f64_1x16_rows), avx512_f64_12x16_rows_bmask, avx512_f64_4x16_rows_bmask, avx512_f64_1x16_rows_bmask),
		withRows(asmKernel("avx512_f64_8x24", 8, 24, avx512_f64_8x24), avx512_f64_8x24_rows, avx512_f64_4x24_rows, avx512_f64_1x24_rows),
	}
	avx512F32 = []kernel[float32]{
		withBMask(withRows(asmKernel("avx512_f32_24x16", 24, 16, avx512_f32_24x16), avx512_f32_24x16_rows, avx512_f32_4x16_rows, avx512_f32_1x16_rows), avx512_f32_24x16_rows_bmask, avx512_f32_4x16_rows_bmask, avx512_f32_1x16_rows_bmask),
		withBMask(withRows(asmKernel("avx512_f32_12x32", 12, 32, avx512_f32_12x32), avx512_f32_12x32_rows, avx512_f32_4x32_rows, avx512_f32_1x32_rows), avx512_f32_12x32_rows_bmask, avx512_f32_4x32_rows_bmask, avx512_f32_1x32_rows_bmask),
		withRows(asmKernel("avx512_f32_8x48", 8, 48, avx512_f32_8x48), avx512_f32_8x48_rows, avx512_f32_4x48_rows, avx512_f32_1x48_rows),
	}
	avx2F64 = []kernel[float64]{
		withRows(asmKernel("avx2_f64_12x4", 12, 4, avx2_f64_12x4), avx2_f64_12x4_rows, avx2_f64_4x4_rows, avx2_f64_1x4_rows),
		withRows(asmKernel("avx2_f64_6x8", 6, 8, avx2_f64_6x8), avx2_f64_6x8_rows, avx2_f64_4x8_rows, avx2_f64_1x8_rows),
	}
	avx2F32 = []kernel[float32]{
		withRows(asmKernel("avx2_f32_12x8", 12, 8, avx2_f32_12x8), avx2_f32_12x8_rows, avx2_f32_4x8_rows, avx2_f32_1x8_rows),
		withRows(asmKernel("avx2_f32_6x16", 6, 16, avx2_f32_6x16), avx2_f32_6x16_rows, avx2_f32_4x16_rows, avx2_f32_1x16_rows),
	}
)

// asmKernel wraps an assembly kernel and chooses its blocking: kc so that a
// kc×nr micro-panel of B (reused by every micro-panel of A) takes about
// 32 KiB of the 48 KiB L1, and mc so that an mc×kc block of A takes about
// a quarter of a 1 MiB L2.
func asmKernel[T Float](name string, mr, nr int, fn func(k int, a, b, c *T, ldc int)) kernel[T] {
	var z T
	size := int(unsafe.Sizeof(z))
	kc := min(512, max(64, (32<<10)/(nr*size)/8*8))
	mc := max(mr, (256<<10)/(kc*size)/mr*mr)
	return kernel[T]{name: name, mr: mr, nr: nr, kc: kc, mc: mc,
		fn: func(k int, a, b, c []T, ldc int) {
			// The kernel reads k·mr of a and k·nr of b and writes an mr×nr
			// tile at c; the slices' lengths are checked here once, for
			// the assembly to run without bounds checks.
			_, _, _ = a[k*mr-1], b[k*nr-1], c[(mr-1)*ldc+nr-1]
			fn(k, &a[0], &b[0], &c[0], ldc)
		}}
}

// withRows adds to kr the variants of its assembly that read A unpacked,
// for mr rows, 4 and 1 (see kernel.rows).
func withRows[T Float](kr kernel[T], fn, fn4, fn1 func(k int, a *T, lda int, b, c *T, ldc int)) kernel[T] {
	kr.rows, kr.rows4, kr.rows1 = rowsFunc(kr.mr, kr.nr, fn), rowsFunc(4, kr.nr, fn4), rowsFunc(1, kr.nr, fn1)
	return kr
}

// withBMask adds to kr the variants of its assembly that read A and B in
// place (see kernel.bmask); lanes is the vector width in elements.
func withBMask[T Float](kr kernel[T], fn, fn4, fn1 func(k int, a *T, lda int, b *T, ldb int, c *T, ldc, mask int)) kernel[T] {
	var z T
	kr.lanes = 64 / int(unsafe.Sizeof(z))
	kr.bmask, kr.bmask4, kr.bmask1 = bmaskFunc(kr.mr, kr.lanes, fn), bmaskFunc(4, kr.lanes, fn4), bmaskFunc(1, kr.lanes, fn1)
	return kr
}

// bmaskFunc wraps an assembly kernel reading mr rows of A and all of B in
// place; its last vector of columns is masked to what is left of cols.
func bmaskFunc[T Float](mr, lanes int, fn func(k int, a *T, lda int, b *T, ldb int, c *T, ldc, mask int)) func(k int, a []T, lda int, b []T, ldb int, c []T, ldc, cols int) {
	return func(k int, a []T, lda int, b []T, ldb int, c []T, ldc, cols int) {
		last := cols - (cols-1)/lanes*lanes // columns in the last vector, 1…lanes
		_, _, _ = a[(mr-1)*lda+k-1], b[(k-1)*ldb+cols-1], c[(mr-1)*ldc+cols-1]
		fn(k, &a[0], lda, &b[0], ldb, &c[0], ldc, 1<<last-1)
	}
}

// rowsFunc wraps an assembly kernel reading mr rows of A in place.
func rowsFunc[T Float](mr, nr int, fn func(k int, a *T, lda int, b, c *T, ldc int)) func(k int, a []T, lda int, b, c []T, ldc int) {
	return func(k int, a []T, lda int, b, c []T, ldc int) {
		// The lengths are checked here once, for the assembly to run
		// without bounds checks.
		_, _, _ = a[(mr-1)*lda+k-1], b[k*nr-1], c[(mr-1)*ldc+nr-1]
		fn(k, &a[0], lda, &b[0], &c[0], ldc)
	}
}

// simdKernels returns the assembly micro-kernels this processor can run:
// AVX-512 where it has it, else AVX2 with FMA, else none.
func simdKernels[T Float]() []kernel[T] {
	switch {
	case hasAVX512:
		return pick[T](avx512F32, avx512F64)
	case hasAVX2:
		return pick[T](avx2F32, avx2F64)
	}
	return nil
}

// allSIMDKernels returns every assembly kernel this processor can run,
// for the tests.
func allSIMDKernels[T Float]() []kernel[T] {
	var ks []kernel[T]
	if hasAVX512 {
		ks = append(ks, pick[T](avx512F32, avx512F64)...)
	}
	if hasAVX2 {
		ks = append(ks, pick[T](avx2F32, avx2F64)...)
	}
	return ks
}

func pick[T Float](k32 []kernel[float32], k64 []kernel[float64]) []kernel[T] {
	if ks, ok := any(k64).([]kernel[T]); ok {
		return ks
	}
	return any(k32).([]kernel[T])
}
