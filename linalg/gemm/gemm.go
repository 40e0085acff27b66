package gemm

import "fmt"

// Float is the element type of every rung: the ladder is written once and
// instantiated for float32 and float64.
type Float interface{ float32 | float64 }

// Func is the signature every rung of the ladder shares. It overwrites c
// with op(A)·op(B):
//
//	C (m×n) = op(A) (m×k) · op(B) (k×n)
//
// All matrices are row-major with a leading dimension: element (i, j) of a
// matrix X stored with leading dimension ldx sits at x[i*ldx+j]. op(A) is A
// when transA is false (A stored m×k, lda ≥ k) and Aᵀ when it is true (A
// stored k×m, lda ≥ m); likewise for B (stored k×n with ldb ≥ n, or n×k
// with ldb ≥ k). Leading dimensions are at least 1. C is m×n with ldc ≥ n; elements of C outside the m×n
// window (the padding between rows) are left alone.
//
// k = 0 sets C to zeros; m = 0 or n = 0 writes nothing. Every term a·b is
// computed (no rung skips a zero factor), so a NaN or Inf in an operand
// propagates as IEEE 754 says (0·Inf = NaN); rungs differ only in the order
// of their additions, by rounding.
//
// A rung panics with an *ArgError when a dimension is negative, a leading
// dimension is too small, or a slice is too short for the matrix it holds.
type Func[T Float] func(transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int)

// ArgError is the panic value of a rung given dimensions, leading
// dimensions or slices that cannot hold the matrices they describe: a
// programmer error, never a property of the numbers. Its message names the
// rung and the offending argument.
type ArgError struct {
	// Op is the rung that refused its arguments ("Blocked").
	Op string
	// Msg is the whole message.
	Msg string
}

func (e *ArgError) Error() string { return e.Msg }

func argErrorf(op, format string, args ...any) *ArgError {
	return &ArgError{Op: op, Msg: "gemm: " + op + ": " + fmt.Sprintf(format, args...)}
}

// check panics with an *ArgError if the arguments of a Func cannot describe
// the matrices. It reports whether there is anything to compute (m, n > 0).
func check[T Float](op string, transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) bool {
	if m < 0 || n < 0 || k < 0 {
		panic(argErrorf(op, "negative dimension m=%d n=%d k=%d", m, n, k))
	}
	checkMat(op, "A", transA, m, k, a, lda)
	checkMat(op, "B", transB, k, n, b, ldb)
	checkMat(op, "C", false, m, n, c, ldc)
	return m > 0 && n > 0
}

// checkMat checks that x holds op(X), rows×cols, with leading dimension ld.
func checkMat[T Float](op, name string, trans bool, rows, cols int, x []T, ld int) {
	sr, sc := rows, cols // stored shape
	if trans {
		sr, sc = cols, rows
	}
	if ld < max(1, sc) {
		panic(argErrorf(op, "leading dimension of %s is %d, below its %d stored columns (op(%s) is %d×%d, trans=%t)", name, ld, sc, name, rows, cols, trans))
	}
	if sr > 0 && sc > 0 && len(x) < (sr-1)*ld+sc {
		panic(argErrorf(op, "%s has %d elements, too few for %d×%d with leading dimension %d", name, len(x), sr, sc, ld))
	}
}

// zero sets the m×n window of c (leading dimension ldc) to 0.
func zero[T Float](m, n int, c []T, ldc int) {
	for i := 0; i < m; i++ {
		clear(c[i*ldc : i*ldc+n])
	}
}

// at returns element (i, p) of op(X) for X stored with leading dimension ld.
func at[T Float](trans bool, x []T, ld, i, p int) T {
	if trans {
		return x[p*ld+i]
	}
	return x[i*ld+p]
}
