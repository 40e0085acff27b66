package optable

import "github.com/epsilon-engine/epsilon/autodiff"

// einsumCase is the einsum of subscripts on inputs of the shapes.
func einsumCase(subscripts string, shapes ...[]int) Case {
	return Case{Name: "einsum " + subscripts, Shapes: shapes, Build: func(in []*autodiff.Node) *autodiff.Node {
		y, err := in[0].Graph().Einsum(subscripts, in...)
		if err != nil {
			panic(err) // the table's subscripts are valid
		}
		return y
	}}
}

// einsumCases: matrix products (one large enough for the matrix-product
// kernel, whose adjoints are matrix products too), batched products, outer
// product, trace, diagonal, transpose, sums, the bilinear form, chains of 3
// and 4 operands, "..." broadcast from size 1, and repeated indices that
// the output does not keep.
func einsumCases() []Case {
	return []Case{
		einsumCase("ik,kj->ij", []int{3, 4}, []int{4, 2}),
		named(einsumCase("ik,kj->ij", []int{8, 8}, []int{8, 9}), "einsum ik,kj->ij (matmul kernel)"),
		einsumCase("bik,bkj->bij", []int{2, 3, 4}, []int{2, 4, 2}),
		einsumCase("i,j->ij", []int{3}, []int{4}),
		einsumCase("ii->", []int{3, 3}),
		einsumCase("ii->i", []int{3, 3}),
		einsumCase("ijk->kij", []int{2, 3, 4}),
		einsumCase("ij->", []int{3, 4}),
		einsumCase("ij->j", []int{3, 4}),
		einsumCase("ij,ij->", []int{3, 4}, []int{3, 4}),
		einsumCase("i,ij,j->", []int{3}, []int{3, 4}, []int{4}),
		einsumCase("ij,jk,kl->il", []int{2, 3}, []int{3, 4}, []int{4, 2}),
		einsumCase("ij,jk,kl,lm->im", []int{2, 3}, []int{3, 2}, []int{2, 3}, []int{3, 2}),
		einsumCase("...ij,...jk->...ik", []int{2, 1, 2, 3}, []int{3, 3, 2}),
		einsumCase("i,i->i", []int{3}, []int{1}),
		einsumCase("ii,ij->j", []int{3, 3}, []int{3, 4}),
		einsumCase("iij,kjj->ik", []int{2, 2, 3}, []int{2, 3, 3}),
	}
}

// named renames a case, to tell apart two cases of one op.
func named(c Case, name string) Case {
	c.Name = name
	return c
}
