package linalg

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

// MatMul returns the matrix product a·b, with NumPy's rules for vectors:
//
//	(m×k)·(k×n) → m×n
//	(k)·(k×n)   → n    (vector·matrix)
//	(m×k)·(k)   → m    (matrix·vector)
//	(k)·(k)     → []   (rank-0 inner product)
//
// It panics, naming both shapes, if an operand is not of rank 1 or 2 or the
// inner dimensions differ. Empty operands are legal: m = 0 or n = 0 gives an
// empty result and k = 0 a result of zeros. The product runs through
// gemm.Gemm, the fastest rung of package gemm's ladder (packed panels, SIMD
// micro-kernels, goroutines over a fixed partition, so the result does not
// depend on GOMAXPROCS); operands holding an Inf or NaN take the plain
// triple loop instead, whose order of operations is the textbook one, so
// that Inf and NaN come out exactly as in the naive loop.
func MatMul(a, b *Tensor) *Tensor { return matmul("MatMul", nil, a, b, false, false, false) }

// MatMulT returns op(a)·op(b), where op(x) is xᵀ when the corresponding flag
// is set and x otherwise. The transpose is not materialised: it is passed to
// Gemm as a flag, so MatMulT(a, b, true, false) reads a (k×m) as aᵀ (m×k).
// The flags apply to rank-2 operands; a rank-1 operand has no orientation and
// its flag is ignored. Shapes and panics are as for MatMul.
func MatMulT(a, b *Tensor, transA, transB bool) *Tensor {
	return matmul("MatMulT", nil, a, b, transA, transB, false)
}

// MatMulTChain is MatMulT as a product of the chain rule (a tangent or a
// gradient times a Jacobian): a term with an exact zero factor contributes
// exactly 0, even against ±Inf or NaN — the strong zero of package dual
// (dual.ChainProduct) — so that an input nothing perturbs, or a factor that
// does not depend on an input, never turns a derivative into NaN. With
// finite operands it is MatMulT, bit for bit. dst is as for MatMulTInto
// (nil allocates).
func MatMulTChain(dst, a, b *Tensor, transA, transB bool) *Tensor {
	return matmul("MatMulTChain", dst, a, b, transA, transB, true)
}

// MatMulTInto is MatMulT writing into dst (see Into): gemm.Gemm writes
// the product straight into dst's data.
func MatMulTInto(dst, a, b *Tensor, transA, transB bool) *Tensor {
	return matmul("MatMulT", dst, a, b, transA, transB, false)
}

// matmul computes op(a)·op(b) into dst; strong makes a zero factor's terms
// exactly 0 (see MatMulTChain).
func matmul(op string, dst, a, b *Tensor, transA, transB, strong bool) *Tensor {
	a, b = a.hostView(), b.hostView()
	p := matmulDims("linalg", op, a.shape, b.shape, transA, transB)
	m, k, n, tA, tB := p.M, p.K, p.N, p.TransA, p.TransB
	lda, ldb := p.LDA, p.LDB
	dims, rank := p.result(len(a.shape), len(b.shape))
	shape := dims[:rank] // on the stack: Into copies what it keeps
	out := Into(op, dst, shape)
	if m == 0 || n == 0 || k == 0 {
		// Empty result, or a sum over nothing: zeros.
		clear(out.data)
		return out
	}
	if !allFinite(a.data) || !allFinite(b.data) {
		// The fast kernels compute every term, so 0·Inf is NaN there too,
		// but they sum in another order, and the strong zero of
		// MatMulTChain needs a test per term: inputs with a non-finite
		// value take the plain loop, which follows IEEE 754 term by term.
		naiveGemm(tA, tB, m, n, k, a.data, lda, b.data, ldb, out.data, strong)
		return out
	}
	gemm.Gemm(tA, tB, m, n, k, a.data, lda, b.data, ldb, out.data, n)
	return out
}

// MatMulDims describes op(A)·op(B) as a product of row-major matrices:
// op(A) is M×K, op(B) K×N; TransA and TransB say whether the stored
// operand is transposed (a flag on a rank-2 operand; a vector has none),
// and LDA and LDB are the stored operands' leading dimensions (their
// columns, at least 1).
type MatMulDims struct {
	M, K, N        int
	TransA, TransB bool
	LDA, LDB       int
}

// MatMulShape applies MatMulT's shape rules to operands of shapes a and b:
// a rank-1 operand is a row on the left and a column on the right (its
// flag ignored), and the result has the shape MatMulT gives. Ranks other
// than 1 and 2, and inner sizes that differ, panic with a *ShapeError from
// pkg and op naming both shapes. A backend (a GPU's) calls it so that its
// products take exactly the CPU's shapes.
func MatMulShape(pkg, op string, a, b []int, transA, transB bool) (shape []int, d MatMulDims) {
	d = matmulDims(pkg, op, a, b, transA, transB)
	dims, rank := d.result(len(a), len(b))
	return append([]int{}, dims[:rank]...), d
}

// matmulDims is MatMulShape without the result's shape.
func matmulDims(pkg, op string, a, b []int, transA, transB bool) (d MatMulDims) {
	ra, rb := len(a), len(b)
	if ra < 1 || ra > 2 || rb < 1 || rb > 2 {
		panic(ShapeErrorf(pkg, op, "shapes %v and %v: operands must have rank 1 or 2", a, b))
	}
	var kb int
	// View vectors as matrices: a row vector on the left, a column on the right.
	d.LDA, d.TransA, d.M, d.K = gemmOperand(a, transA, true)
	d.LDB, d.TransB, kb, d.N = gemmOperand(b, transB, false)
	if d.K != kb {
		desc := ""
		if transA || transB {
			desc = fmt.Sprintf(" (transA=%t, transB=%t)", transA, transB)
		}
		panic(ShapeErrorf(pkg, op, "shapes %v and %v do not match for a matrix product%s", a, b, desc))
	}
	return d
}

// result returns the product's shape for operands of ranks ra and rb: its
// sizes in dims[:rank] (a vector operand contributes no axis).
func (d MatMulDims) result(ra, rb int) (dims [2]int, rank int) {
	switch {
	case ra == 1 && rb == 1:
		return dims, 0
	case ra == 1:
		return [2]int{d.N}, 1
	case rb == 1:
		return [2]int{d.M}, 1
	}
	return [2]int{d.M, d.N}, 2
}

// gemmOperand views an operand of shape s (rank 1 or 2) as a row-major
// matrix: a vector is a row when left is set (the left operand) and a
// column otherwise, and its trans flag is ignored. It returns the leading
// dimension (the stored columns, at least 1), its transpose flag, and the
// rows and columns of op(t).
func gemmOperand(s []int, trans, left bool) (ld int, tr bool, rows, cols int) {
	switch {
	case len(s) == 2:
		rows, cols = s[0], s[1]
	case left:
		rows, cols = 1, s[0]
	default:
		rows, cols = s[0], 1
	}
	ld = max(1, cols)
	if trans && len(s) == 2 {
		return ld, true, cols, rows
	}
	return ld, false, rows, cols
}

// allFinite reports whether x holds no Inf or NaN. v − v is 0 for a finite
// v and NaN for ±Inf and NaN, and a sum with a NaN term is NaN, so four
// branch-free running sums of v − v answer it in one pass at a fraction of
// the cost of testing each element (it runs on both operands of every
// product, whose narrow cases cost little more than the scan).
func allFinite(x []float64) bool {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		v := x[i : i+4 : i+4]
		s0 += v[0] - v[0]
		s1 += v[1] - v[1]
		s2 += v[2] - v[2]
		s3 += v[3] - v[3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] - x[i]
	}
	return !math.IsNaN(s0 + s1 + s2 + s3)
}

// naiveGemm sets c (m×n) to op(a)·op(b) term by term, where a and b are
// stored row-major with lda and ldb columns and op transposes when asked;
// with strong set a term with a zero factor is 0 (see MatMulTChain).
func naiveGemm(transA, transB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, strong bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				ia, ib := i*lda+p, p*ldb+j
				if transA {
					ia = p*lda + i
				}
				if transB {
					ib = j*ldb + p
				}
				if x, y := a[ia], b[ib]; !strong || (x != 0 && y != 0) {
					s += x * y
				}
			}
			c[i*n+j] = s
		}
	}
}

// Transpose returns a copy of t with its axes permuted: axis i of the result
// is axis perm[i] of t. With no perm the axes are reversed (for a matrix, the
// ordinary transpose). It panics if perm is not a permutation of 0..rank−1.
func Transpose(t *Tensor, perm ...int) *Tensor {
	t = t.hostView()
	r := len(t.shape)
	if len(perm) == 0 {
		perm = make([]int, r)
		for i := range perm {
			perm[i] = r - 1 - i
		}
	}
	if len(perm) != r {
		panic(shapeErrorf("Transpose", "permutation %v for shape %v", perm, t.shape))
	}
	seen := make([]bool, r)
	for _, p := range perm {
		if p < 0 || p >= r || seen[p] {
			panic(shapeErrorf("Transpose", "%v is not a permutation of the axes of shape %v", perm, t.shape))
		}
		seen[p] = true
	}
	shape := make([]int, r)
	src := strides(t.shape)
	sa := make([]int, r)
	for i, p := range perm {
		shape[i] = t.shape[p]
		sa[i] = src[p]
	}
	out := New(shape, nil)
	if r == 2 && perm[0] == 1 {
		// Rank-2 fast path: out[j][i] = t[i][j], written in output order.
		m, n := t.shape[0], t.shape[1]
		for j := 0; j < n; j++ {
			row := out.data[j*m : (j+1)*m]
			for i := range row {
				row[i] = t.data[i*n+j]
			}
		}
		return out
	}
	k := 0
	walk2(shape, sa, make([]int, r), func(oa, _, n, ia, _ int) {
		for j := 0; j < n; j++ {
			out.data[k] = t.data[oa+j*ia]
			k++
		}
	})
	return out
}
