package cudaops

import (
	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// matmulShape applies linalg.MatMulT's shape rules to a and b: a rank-1
// operand is a row on the left and a column on the right (its flag
// ignored), ranks other than 1 and 2 and mismatched inner dimensions panic
// with a *linalg.ShapeError naming both shapes. It returns the result's
// shape and the strided description of the product for the kernels.
func matmulShape(a, b *linalg.Tensor, transA, transB bool) (shape []int, g twin.Gemm) {
	as, bs := a.Shape(), b.Shape()
	ra, rb := len(as), len(bs)
	if ra < 1 || ra > 2 || rb < 1 || rb > 2 {
		panic(linalg.ShapeErrorf("cudaops", "MatMul", "shapes %v and %v: operands must have rank 1 or 2", as, bs))
	}
	var m, k, kb, n int
	tA, tB := transA && ra == 2, transB && rb == 2
	switch {
	case ra == 1:
		m, k = 1, as[0]
	case tA:
		m, k = as[1], as[0]
	default:
		m, k = as[0], as[1]
	}
	switch {
	case rb == 1:
		kb, n = bs[0], 1
	case tB:
		kb, n = bs[1], bs[0]
	default:
		kb, n = bs[0], bs[1]
	}
	if k != kb {
		panic(linalg.ShapeErrorf("cudaops", "MatMul", "shapes %v and %v do not match for a matrix product (transA=%t, transB=%t)", as, bs, transA, transB))
	}
	switch {
	case ra == 1 && rb == 1:
		shape = []int{}
	case ra == 1:
		shape = []int{n}
	case rb == 1:
		shape = []int{m}
	default:
		shape = []int{m, n}
	}
	return shape, twin.NewGemm(m, n, k, tA, tB)
}

// rowsShape panics with a *linalg.ShapeError naming op and both shapes
// unless x and y are matrices with the same number of columns; it returns
// their rows and columns.
func rowsShape(op string, x, y *linalg.Tensor) (n, m, d int) {
	xs, ys := x.Shape(), y.Shape()
	if len(xs) != 2 || len(ys) != 2 || xs[1] != ys[1] {
		panic(linalg.ShapeErrorf("cudaops", op, "shapes %v and %v: want two matrices with the same number of columns", xs, ys))
	}
	return xs[0], ys[0], xs[1]
}
