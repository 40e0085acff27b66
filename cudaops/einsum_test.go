package cudaops

import (
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMatmulEinsum: every two-operand matrix-product einsum is recognised,
// and the product it is turned into equals linalg.Einsum's result exactly
// (both are products summed in the same order on the CPU here); anything
// else is left to the CPU's einsum.
func TestMatmulEinsum(t *testing.T) {
	a := seq([]int{3, 4}, 1)  // i×k or k×i
	b := seq([]int{4, 5}, 50) // k×j or j×k
	at, bt := linalg.Transpose(a), linalg.Transpose(b)
	cases := []struct {
		spec string
		x, y *linalg.Tensor
	}{
		{"ik,kj->ij", a, b}, {"ki,kj->ij", at, b}, {"ik,jk->ij", a, bt}, {"ki,jk->ij", at, bt},
		{"ik,kj->ji", a, b}, {"ki,kj->ji", at, b}, {"ik,jk->ji", a, bt}, {"ki,jk->ji", at, bt},
		{"ik,kj", a, b}, {"ba,bc", at, b}, {"ij,jk->ik", a, b}, {" i k , k j -> i j ", a, b},
		{"Ab,bC->CA", a, b}, {"zb,ba->za", a, b}, {"zb,ba", a, b},
	}
	for _, c := range cases {
		swap, tx, ty, ok := matmulEinsum(c.spec)
		if !ok {
			t.Errorf("%q: not recognised as a matrix product", c.spec)
			continue
		}
		x, y := c.x, c.y
		if swap {
			x, y = y, x
		}
		got := linalg.MatMulT(x, y, tx, ty)
		want, err := linalg.Einsum(c.spec, c.x, c.y)
		if err != nil {
			t.Fatal(err)
		}
		if !linalg.SameShape(got.Shape(), want.Shape()) {
			t.Fatalf("%q: shape %v, want %v", c.spec, got.Shape(), want.Shape())
		}
		for i, w := range want.Values() {
			if got.Values()[i] != w {
				t.Fatalf("%q: element %d is %v, want %v", c.spec, i, got.Values()[i], w)
			}
		}
	}
	for _, s := range []string{"ij,jk,kl->il", "ii,ij->j", "ij,ij->ij", "ij,jk->ijk", "ij,jk->i", "ij,kl->ijkl",
		"...ij,...jk->...ik", "i,i->", "ij,j->i", "ijk,kl->ijl", "ij,ji->", "ij,jk->kk", "ij,jk->iq"} {
		if _, _, _, ok := matmulEinsum(s); ok {
			t.Errorf("%q taken for a matrix product", s)
		}
	}
}
