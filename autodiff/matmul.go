package autodiff

import (
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// matMul is the matrix product op(A)·op(B) of rank-2 nodes, op transposing
// when its flag is set, run on the graph's backend. It is bilinear: its JVP
// is dA·B + A·dB from its forward rule, and its transpose rules are matrix
// products again.
//
// With chain set it is a product of the chain rule — the JVP's terms, or a
// transpose rule's gradient — and takes the strong zero of every other
// chain-rule product (linalg.MatMulTChain): a term with an exact zero factor
// is 0 even against an infinite tangent, so forward and reverse mode agree
// through contractions as through elementwise products. A product the user
// wrote keeps IEEE semantics (0·Inf = NaN). On a device the backend's
// product is used as is.
type matMul struct{ transA, transB, chain bool }

func (m matMul) Name() string {
	if m.chain {
		return m.plain().Name() + " (chain rule)"
	}
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
	if m.strongHere(b, in) {
		return linalg.MatMulTChain(nil, in[0], in[1], m.transA, m.transB)
	}
	return b.MatMul(in[0], in[1], m.transA, m.transB)
}

// strongHere reports whether this product must go through
// linalg.MatMulTChain (see chainOnHost).
func (m matMul) strongHere(b linalg.Backend, in []*linalg.Tensor) bool {
	return m.chain && chainOnHost(b, in)
}

// chainOnHost reports whether a chain-rule product (matmul or einsum) of
// the operands in must take the host's strong-zero kernel: when every
// operand is on the host, always on the CPU (the strong kernels scan their
// operands once and are the plain ones when they are finite), and on
// another backend only when an operand is not finite, so that finite
// products stay on the backend.
func chainOnHost(b linalg.Backend, in []*linalg.Tensor) bool {
	for _, t := range in {
		if t.Device() != nil {
			return false
		}
	}
	if _, cpu := b.(linalg.CPU); cpu {
		return true
	}
	for _, t := range in {
		for _, v := range t.Values() {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}

func (m matMul) plain() matMul { return matMul{transA: m.transA, transB: m.transB} }

// chainForm is the product as the chain rule uses it: bilinear.JVP's terms
// f(ȧ, b) and f(a, ḃ) multiply a tangent by a factor.
func (m matMul) chainForm() linearRule { m.chain = true; return m }

// Transpose is the VJP of C = op(A)·op(B): Ā = C̄·op(B)ᵀ and B̄ = op(A)ᵀ·C̄, each written
// with transpose flags rather than transposed copies, and transposed back
// where A or B itself entered transposed.
func (m matMul) Transpose(n, grad *Node) []*Node {
	a, b := n.inputs[0], n.inputs[1]
	var ga, gb *Node
	if m.transA {
		ga = b.matMul(grad, matMul{m.transB, true, true})
	} else {
		ga = grad.matMul(b, matMul{false, !m.transB, true})
	}
	if m.transB {
		gb = grad.matMul(a, matMul{true, m.transA, true})
	} else {
		gb = a.matMul(grad, matMul{!m.transA, false, true})
	}
	return []*Node{ga, gb}
}

func (n *Node) matMul(m *Node, op matMul) *Node { return n.g.Apply(bilinear{op}, n, m) }

// MatMul returns the matrix product n·m of two rank-2 nodes.
func (n *Node) MatMul(m *Node) *Node { return n.matMul(m, matMul{}) }

// MatMulT returns op(n)·op(m), op transposing where its flag is set,
// without materialising the transpose.
func (n *Node) MatMulT(m *Node, transN, transM bool) *Node {
	return n.matMul(m, matMul{transA: transN, transB: transM})
}
