package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// matMul is the matrix product op(A)·op(B) of rank-2 nodes, op transposing
// when its flag is set, run on the graph's backend. It is bilinear: its JVP
// is dA·B + A·dB from its forward rule, and its transpose rules are matrix
// products again.
type matMul struct{ transA, transB bool }

func (m matMul) Name() string {
	a, b := "A", "B"
	if m.transA {
		a = "Aᵀ"
	}
	if m.transB {
		b = "Bᵀ"
	}
	return "matmul " + a + "·" + b
}

func (m matMul) Shape(in ...[]int) []int {
	a, b := in[0], in[1]
	if len(a) != 2 || len(b) != 2 {
		panic(shapeErrorf("matmul", "shapes %v and %v are not both matrices", a, b))
	}
	ar, ac := a[0], a[1]
	if m.transA {
		ar, ac = ac, ar
	}
	br, bc := b[0], b[1]
	if m.transB {
		br, bc = bc, br
	}
	if ac != br {
		panic(shapeErrorf("matmul", "shapes %v and %v do not multiply (inner sizes %d and %d)", a, b, ac, br))
	}
	return []int{ar, bc}
}

func (m matMul) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return b.MatMul(in[0], in[1], m.transA, m.transB)
}

// Transpose is the VJP of C = op(A)·op(B): Ā = C̄·op(B)ᵀ and B̄ = op(A)ᵀ·C̄, each written
// with transpose flags rather than transposed copies, and transposed back
// where A or B itself entered transposed.
func (m matMul) Transpose(n, grad *Node) []*Node {
	a, b := n.inputs[0], n.inputs[1]
	var ga, gb *Node
	if m.transA {
		ga = b.matMul(grad, m.transB, true)
	} else {
		ga = grad.matMul(b, false, !m.transB)
	}
	if m.transB {
		gb = grad.matMul(a, true, m.transA)
	} else {
		gb = a.matMul(grad, !m.transA, false)
	}
	return []*Node{ga, gb}
}

func (n *Node) matMul(m *Node, transA, transB bool) *Node {
	return n.g.Apply(bilinear{matMul{transA, transB}}, n, m)
}

// MatMul returns the matrix product n·m of two rank-2 nodes.
func (n *Node) MatMul(m *Node) *Node { return n.matMul(m, false, false) }

// MatMulT returns op(n)·op(m), op transposing where its flag is set,
// without materialising the transpose.
func (n *Node) MatMulT(m *Node, transN, transM bool) *Node { return n.matMul(m, transN, transM) }
