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
	// The loop nest uses it when C is a single micro-panel wide (n ≤ nr),
	// where each element of A is used once and packing it would cost more
	// than the multiply-adds it feeds.
	rows func(k int, a []T, lda int, b, c []T, ldc int)
}

// goKernel is the portable micro-kernel: a 4×4 tile of C held in sixteen
// scalar variables (registers), so each element of A and B loaded from the
// packed panels is used four times. Without SIMD it cannot go past one
// multiply-add per instruction, but it keeps the loads per multiply-add at
// one half instead of the two of rung 1.
func goKernel[T Float](k int, a, b, c []T, ldc int) {
	var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 T
	a, b = a[:4*k], b[:4*k]
	for p := 0; p+3 < len(a) && p+3 < len(b); p += 4 {
		a0, a1, a2, a3 := a[p], a[p+1], a[p+2], a[p+3]
		b0, b1, b2, b3 := b[p], b[p+1], b[p+2], b[p+3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	r := c[0:4:4]
	r[0] += c00
	r[1] += c01
	r[2] += c02
	r[3] += c03
	r = c[ldc : ldc+4 : ldc+4]
	r[0] += c10
	r[1] += c11
	r[2] += c12
	r[3] += c13
	r = c[2*ldc : 2*ldc+4 : 2*ldc+4]
	r[0] += c20
	r[1] += c21
	r[2] += c22
	r[3] += c23
	r = c[3*ldc : 3*ldc+4 : 3*ldc+4]
	r[0] += c30
	r[1] += c31
	r[2] += c32
	r[3] += c33
}

// The portable kernels, made once (a generic function value made in a call
// would be allocated in every call).
var (
	portable32 = kernel[float32]{name: "go_f32_4x4", mr: 4, nr: 4, kc: 256, mc: 128, fn: goKernel[float32]}
	portable64 = kernel[float64]{name: "go_f64_4x4", mr: 4, nr: 4, kc: 256, mc: 128, fn: goKernel[float64]}
)

// portableKernel returns the Go micro-kernel with blocking for T.
func portableKernel[T Float]() kernel[T] {
	if k, ok := any(portable64).(kernel[T]); ok {
		return k
	}
	return any(portable32).(kernel[T])
}
