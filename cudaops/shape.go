package cudaops

import (
	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// matmulShape applies linalg.MatMulT's shape rules to a and b
// (linalg.MatMulShape: a rank-1 operand is a row on the left and a column
// on the right, its flag ignored; other ranks and mismatched inner sizes
// panic with a *linalg.ShapeError naming both shapes). It returns the
// result's shape and the strided description of the product for the
// kernels.
func matmulShape(a, b *linalg.Tensor, transA, transB bool) (shape []int, g twin.Gemm) {
	shape, d := linalg.MatMulShape("cudaops", "MatMul", a.Shape(), b.Shape(), transA, transB)
	return shape, twin.NewGemm(d.M, d.N, d.K, d.TransA, d.TransB)
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
