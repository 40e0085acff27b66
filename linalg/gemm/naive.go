package gemm

// Naive is rung 1, the triple loop of the textbook definition
//
//	c_ij = Σ_p a_ip b_pj,   for i, for j, for p
//
// in that order. The innermost loop walks a row of A (unit stride) and a
// column of B (stride ldb): each step of p touches a new cache line of B, so
// for large matrices almost every multiply waits for memory. It is the
// reference every other rung is tested against, and the sum for each c_ij is
// accumulated in order p = 0, 1, …, k−1, exactly as written.
func Naive[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Naive", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s T
			for p := 0; p < k; p++ {
				s += at(transA, a, lda, i, p) * at(transB, b, ldb, p, j)
			}
			c[i*ldc+j] = s
		}
	}
}

// IKJ is rung 2: the same sums with the loops reordered to i, p, j,
//
//	c_i,: += a_ip · b_p,:   (a scalar times a row of B)
//
// which is the lesson's broadcasting rung: one element of A's row i is
// broadcast against the whole row p of B and added into row i of C. The
// inner loop now reads B and writes C with unit stride, so every cache line
// fetched is used in full, and the loop is a plain axpy that the processor
// pipelines well. Each c_ij is still summed in order p = 0, 1, …, k−1.
func IKJ[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("IKJ", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	zero(m, n, c, ldc)
	// A transposed B is copied once into row-major k×n so that its rows have
	// unit stride; that costs O(kn), nothing beside the O(mnk) product.
	if transB {
		b, ldb = transposed(b, ldb, n, k), n
	}
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		for p := 0; p < k; p++ {
			aip := at(transA, a, lda, i, p)
			bp := b[p*ldb : p*ldb+n]
			for j := range ci {
				ci[j] += aip * bp[j]
			}
		}
	}
}

// Dot is rung 3: every c_ij is a dot product of two unit-stride vectors,
// row i of op(A) and column j of op(B). Columns of B are not contiguous in
// row-major storage, so B is transposed once into an n×k buffer (O(kn) work
// against the product's O(mnk)); A is likewise copied when it is
// transposed. The dot product is unrolled four ways with four partial sums,
// which lets four multiply-adds be in flight at once instead of each waiting
// for the previous addition (the loop-carried dependency of rung 1). The
// order of the additions is therefore (s0+s1)+(s2+s3) over interleaved
// terms, not left to right.
func Dot[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Dot", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	if transA {
		a, lda = transposed(a, lda, k, m), k
	}
	if !transB {
		b, ldb = transposed(b, ldb, k, n), k
	}
	for i := 0; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		for j := 0; j < n; j++ {
			c[i*ldc+j] = dot(ai, b[j*ldb:j*ldb+k])
		}
	}
}

// dot returns Σ x_p y_p with four independent partial sums.
func dot[T Float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1, s2, s3 T
	p := 0
	for ; p+4 <= len(x); p += 4 {
		s0 += x[p] * y[p]
		s1 += x[p+1] * y[p+1]
		s2 += x[p+2] * y[p+2]
		s3 += x[p+3] * y[p+3]
	}
	for ; p < len(x); p++ {
		s0 += x[p] * y[p]
	}
	return (s0 + s1) + (s2 + s3)
}

// transposed returns the transpose of the rows×cols matrix x (leading
// dimension ld) as a fresh cols×rows row-major slice.
func transposed[T Float](x []T, ld, rows, cols int) []T {
	t := make([]T, rows*cols)
	for i := 0; i < rows; i++ {
		xi := x[i*ld : i*ld+cols]
		for j, v := range xi {
			t[j*rows+i] = v
		}
	}
	return t
}
