package gemm

// packA copies the block of op(A) with rows i0..i0+mc and columns
// p0..p0+kc into dst as micro-panels of mr rows: panel r holds rows
// i0+r·mr … i0+r·mr+mr−1, column after column (dst[r·mr·kc + p·mr + i]).
// Rows past the block are zero, so the micro-kernel always sees full
// panels. Packing turns every later read of A into a unit-stride stream.
func packA[T Float](dst []T, trans bool, a []T, lda, i0, mc, p0, kc, mr int) {
	for r := 0; r < mc; r += mr {
		panel := dst[r*kc : r*kc+mr*kc]
		rows := min(mr, mc-r)
		if trans {
			// op(A)(i, p) = a[p*lda+i]: a row of stored A is a column of op(A).
			for p := 0; p < kc; p++ {
				src := a[(p0+p)*lda+i0+r:]
				d := panel[p*mr : p*mr+mr]
				copy(d, src[:rows])
				clear(d[rows:])
			}
			continue
		}
		for i := 0; i < rows; i++ {
			src := a[(i0+r+i)*lda+p0 : (i0+r+i)*lda+p0+kc]
			for p, v := range src {
				panel[p*mr+i] = v
			}
		}
		for i := rows; i < mr; i++ {
			for p := 0; p < kc; p++ {
				panel[p*mr+i] = 0
			}
		}
	}
}

// packB copies the block of op(B) with rows p0..p0+kc and columns
// j0..j0+nc into dst as micro-panels of nr columns: panel s holds columns
// j0+s·nr … j0+s·nr+nr−1, row after row (dst[s·nr·kc + p·nr + j]).
// Columns past the block are zero.
func packB[T Float](dst []T, trans bool, b []T, ldb, p0, kc, j0, nc, nr int) {
	for s := 0; s < nc; s += nr {
		panel := dst[s*kc : s*kc+nr*kc]
		cols := min(nr, nc-s)
		if !trans {
			for p := 0; p < kc; p++ {
				src := b[(p0+p)*ldb+j0+s:]
				d := panel[p*nr : p*nr+nr]
				copy(d, src[:cols])
				clear(d[cols:])
			}
			continue
		}
		// op(B)(p, j) = b[j*ldb+p].
		for j := 0; j < cols; j++ {
			src := b[(j0+s+j)*ldb+p0 : (j0+s+j)*ldb+p0+kc]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
		for j := cols; j < nr; j++ {
			for p := 0; p < kc; p++ {
				panel[p*nr+j] = 0
			}
		}
	}
}
