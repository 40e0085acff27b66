package gemm

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Gonum is rung 7, the peer inside Go: gonum's pure-Go BLAS (blas32.Gemm
// and blas64.Gemm with the default implementation), which blocks the
// product into 64×64 pieces over goroutines with a fixed partition.
//
// One difference in semantics: reference BLAS, and so gonum, skips the
// terms whose factor from A is zero, so 0·Inf and 0·NaN contribute 0 here
// instead of NaN. The other rungs compute every term.
func Gonum[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Gonum", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	if k == 0 {
		zero(m, n, c, ldc)
		return
	}
	tA, tB := blas.NoTrans, blas.NoTrans
	ar, ac, br, bc := m, k, k, n
	if transA {
		tA, ar, ac = blas.Trans, k, m
	}
	if transB {
		tB, br, bc = blas.Trans, n, k
	}
	switch a := any(a).(type) {
	case []float64:
		b, c := any(b).([]float64), any(c).([]float64)
		blas64.Gemm(tA, tB, 1,
			blas64.General{Rows: ar, Cols: ac, Stride: lda, Data: a},
			blas64.General{Rows: br, Cols: bc, Stride: ldb, Data: b},
			0, blas64.General{Rows: m, Cols: n, Stride: ldc, Data: c})
	case []float32:
		b, c := any(b).([]float32), any(c).([]float32)
		blas32.Gemm(tA, tB, 1,
			blas32.General{Rows: ar, Cols: ac, Stride: lda, Data: a},
			blas32.General{Rows: br, Cols: bc, Stride: ldb, Data: b},
			0, blas32.General{Rows: m, Cols: n, Stride: ldc, Data: c})
	}
}
