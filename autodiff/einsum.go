package autodiff

import (
	"github.com/epsilon-engine/epsilon/linalg"
)

// einsumOp is an einsum of its inputs (linalg.Einsum), run on the graph's
// backend where it is a linalg.Einsumer. It is multilinear, declared the
// JAX way: linear in each operand with the others fixed, so
//
//	JVP: ẏ = Σ_i einsum(A_1, …, Ȧ_i, …, A_n)   (one term per moving operand)
//	VJP: Ā_i = einsum of ȳ and the other operands into A_i's subscripts
//
// (linalg.EinsumSpec.Adjoint, which also handles a repeated index of A_i —
// the gradient is written onto the diagonal through an identity operand —,
// an index only A_i has — broadcast back through a ones vector — and an
// axis of A_i of size 1 broadcast against a larger size — summed). The
// gradient is an einsum node, so it is differentiated again like any other.
//
// With chain set it is a product of the chain rule (a tangent or a
// cotangent times the other operands) and has the strong zero of
// linalg.EinsumChain, as matMul has.
type einsumOp struct {
	spec  *linalg.EinsumSpec
	chain bool
}

func (e einsumOp) Name() string {
	if e.chain {
		return "einsum " + e.spec.String() + " (chain rule)"
	}
	return "einsum " + e.spec.String()
}

// Shape is the spec's result shape; shapes that contradict the spec panic
// with a *linalg.ShapeError (op "Einsum").
func (e einsumOp) Shape(in ...[]int) []int { return e.spec.Shape(in...) }

func (e einsumOp) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return e.eval(b, in)
}

// eval runs the einsum on the backend, or with the strong zero where it is
// a chain-rule product (always on the CPU, elsewhere only when an operand
// is not finite, as matMul.strongHere decides).
func (e einsumOp) eval(b linalg.Backend, in []*linalg.Tensor) *linalg.Tensor {
	if e.strongHere(b, in) {
		return linalg.EinsumChain(nil, e.spec, in...)
	}
	return linalg.EinsumerOf(b).Einsum(e.spec, in...)
}

// ForwardInto: see IntoOp. On the CPU the einsum's last step writes into
// dst; another backend computes its own result.
func (e einsumOp) ForwardInto(b linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	if e.strongHere(b, in) {
		return linalg.EinsumChain(dst, e.spec, in...)
	}
	if _, cpu := linalg.EinsumerOf(b).(linalg.CPU); cpu {
		return linalg.EinsumInto(dst, e.spec, in...)
	}
	return e.Forward(b, in...)
}

// strongHere reports whether this einsum must go through
// linalg.EinsumChain (see chainOnHost).
func (e einsumOp) strongHere(b linalg.Backend, in []*linalg.Tensor) bool {
	return e.chain && chainOnHost(b, in)
}

// JVP: one einsum per moving operand, its tangent in its place, summed.
func (e einsumOp) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	c := einsumOp{spec: e.spec, chain: true}
	var t *linalg.Tensor
	for i, di := range d {
		if di == nil {
			continue
		}
		ops := append([]*linalg.Tensor{}, in...)
		ops[i] = di
		ti := c.eval(b, ops)
		if t == nil {
			t = ti
		} else {
			sum := linalg.ElementwiserOf(b).Add(t, ti)
			dropTemps(append([]*linalg.Tensor{sum}, append(in, d...)...), t, ti)
			t = sum
		}
	}
	return t
}

// VJP: for each operand, the adjoint einsum of the cotangent and the other
// operands (and the adjoint's constants) into the operand's shape.
func (e einsumOp) VJP(n, grad *Node) []*Node {
	shapes := make([][]int, len(n.inputs))
	for i, x := range n.inputs {
		shapes[i] = x.shape
	}
	grads := make([]*Node, len(n.inputs))
	for i := range n.inputs {
		adj, consts := e.spec.Adjoint(i, shapes...)
		args := []*Node{grad}
		for j, x := range n.inputs {
			if j != i {
				args = append(args, x)
			}
		}
		for _, c := range consts {
			args = append(args, n.g.Const("einsum-adjoint", c))
		}
		grads[i] = n.g.Apply(einsumOp{spec: adj, chain: true}, args...)
	}
	return grads
}

// Einsum adds the einsum of the operands given by subscripts in NumPy's
// grammar (see linalg.Einsum and linalg.ParseEinsum): Einsum("ik,kj->ij",
// a, b) is the matrix product, "ii->" the trace, "bij,bjk->bik" a batched
// product, "i,ij,j->" the bilinear form uᵀAv. Its derivatives are einsums
// (see the package documentation).
//
// Subscripts are user data: bad ones return the *linalg.EinsumSyntaxError
// of linalg.ParseEinsum, which says what is wrong and where, and add
// nothing to the graph. Operands whose shapes contradict valid subscripts
// are a programmer error and panic with a *linalg.ShapeError, as every op
// does. To parse once and build many nodes, or to keep the error handling
// apart, use linalg.ParseEinsum and EinsumSpec.
func (g *Graph) Einsum(subscripts string, operands ...*Node) (*Node, error) {
	s, err := linalg.ParseEinsum(subscripts)
	if err != nil {
		return nil, err
	}
	return g.EinsumSpec(s, operands...), nil
}

// EinsumSpec adds the einsum of the operands given by a parsed spec (see
// Einsum). It panics with a *linalg.ShapeError if the operands' shapes
// contradict the spec, and if spec is nil.
func (g *Graph) EinsumSpec(spec *linalg.EinsumSpec, operands ...*Node) *Node {
	if spec == nil {
		panic(shapeErrorf("Einsum", "nil spec"))
	}
	return g.Apply(einsumOp{spec: spec}, operands...)
}
