package gemm

// kernel is a micro-kernel with its blocking parameters. fn adds the
// product of a packed micro-panel of A (mr rows, k columns, stored column
// after column: a[p*mr+i]) and a packed micro-panel of B (k rows, nr
// columns, row after row: b[p*nr+j]) into an mr×nr tile of C:
//
//	c[i*ldc+j] += Σ_p a[p*mr+i] · b[p*nr+j],   i < mr, j < nr
//
// summing each element in order p = 0, 1, …, k−1 (in registers) before
// the one addition into C.
type kernel[T Float] struct {
	name   string
	mr, nr int
	// kc is the depth of a packed panel (the k-block), mc the rows of a
	// packed block of A; chosen so that a kc×nr micro-panel of B stays in
	// L1 and an mc×kc block of A in L2.
	kc, mc int
	fn     func(k int, a, b, c []T, ldc int)
	// rows, if not nil, is fn reading A where it lies (row-major, leading
	// dimension lda) instead of from a packed panel:
	//
	//	c[i*ldc+j] += Σ_p a[i*lda+p] · b[p*nr+j]
	//
	// The loop nest uses it when C is narrow (at most directPanels
	// micro-panels), where each element of A is used a few times and
	// packing it would cost more than the multiply-adds it feeds.
	rows func(k int, a []T, lda int, b, c []T, ldc int)
	// rows4 and rows1 are rows for tiles of 4 rows and of 1 (same nr),
	// for the last rows of a C whose m is not a multiple of mr; they are
	// not nil when rows is not.
	rows4, rows1 func(k int, a []T, lda int, b, c []T, ldc int)
	// bmask, if not nil, is rows also reading B in place (row-major,
	// leading dimension ldb) and writing only the first cols columns of the
	// tile, for a C narrower than nr and wider than nr − lanes (the last
	// vector of columns is masked):
	//
	//	c[i*ldc+j] += Σ_p a[i*lda+p] · b[p*ldb+j],   j < cols
	//
	// With it a product one micro-panel wide packs nothing at all. bmask4
	// and bmask1 are the same for 4 rows and 1.
	bmask, bmask4, bmask1 func(k int, a []T, lda int, b []T, ldb int, c []T, ldc, cols int)
	lanes                 int // elements in a vector register (for bmask's mask)
}

// goKernel is the portable micro-kernel: a 3×3 tile of C held in nine
// scalar variables, so each element of A and B loaded from the packed
// panels is used three times. Why 3×3 and not the 4×4 of textbooks: Go on
// amd64 has 15 floating-point registers for values (X15 is reserved as a
// zero), and a 4×4 tile needs 16 accumulators plus the 4 elements of B and
// one of A, so it spills to the stack in the inner loop and runs slower;
// 3×3 needs 9 + 3 + 1 = 13. Without SIMD it cannot pass one multiply and one
// add per cycle, so on this rung blocking buys cache behaviour (it keeps
// its rate on sizes where ikj falls out of cache), not arithmetic speed.
func goKernel[T Float](k int, a, b, c []T, ldc int) {
	var c00, c01, c02, c10, c11, c12, c20, c21, c22 T
	a, b = a[:3*k], b[:3*k]
	for p := 0; p+2 < len(a) && p+2 < len(b); p += 3 {
		b0, b1, b2 := b[p], b[p+1], b[p+2]
		a0 := a[p]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		a1 := a[p+1]
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		a2 := a[p+2]
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
	}
	r := c[0:3:3]
	r[0] += c00
	r[1] += c01
	r[2] += c02
	r = c[ldc : ldc+3 : ldc+3]
	r[0] += c10
	r[1] += c11
	r[2] += c12
	r = c[2*ldc : 2*ldc+3 : 2*ldc+3]
	r[0] += c20
	r[1] += c21
	r[2] += c22
}

// The portable kernels, made once (a generic function value made in a call
// would be allocated in every call).
var (
	portable32 = kernel[float32]{name: "go_f32_3x3", mr: 3, nr: 3, kc: 256, mc: 126, fn: goKernel[float32]}
	portable64 = kernel[float64]{name: "go_f64_3x3", mr: 3, nr: 3, kc: 256, mc: 126, fn: goKernel[float64]}
)

// portableKernel returns the Go micro-kernel with blocking for T.
func portableKernel[T Float]() kernel[T] {
	if k, ok := any(portable64).(kernel[T]); ok {
		return k
	}
	return any(portable32).(kernel[T])
}
