package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// reshape views the data with another shape; its adjoint reshapes back.
type reshape struct{ to []int }

func (r reshape) Name() string { return fmt.Sprintf("reshape%v", r.to) }

func (r reshape) Shape(in ...[]int) []int {
	if product(in[0]) != product(r.to) {
		panic(shapeErrorf("reshape", "cannot reshape %v to %v", in[0], r.to))
	}
	return r.to
}

func (r reshape) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return in[0].Reshape(r.to...)
}

func (r reshape) Transpose(n, grad *Node) []*Node { return []*Node{grad.Reshape(n.inputs[0].shape...)} }

// Reshape returns n with another shape of the same size; one axis may be
// −1, meaning whatever size makes the total match.
func (n *Node) Reshape(shape ...int) *Node {
	shape = linalg.InferShape("reshape", n.shape, shape)
	if linalg.SameShape(shape, n.shape) {
		return n
	}
	return n.g.Apply(linear{reshape{to: shape}}, n)
}

// transpose permutes the axes; its adjoint applies the inverse permutation.
type transpose struct{ perm []int }

func (t transpose) Name() string { return "transpose" }

func (t transpose) Shape(in ...[]int) []int {
	if len(t.perm) != len(in[0]) {
		panic(shapeErrorf("transpose", "permutation %v for shape %v", t.perm, in[0]))
	}
	out := make([]int, len(in[0]))
	seen := make([]bool, len(in[0]))
	for i, p := range t.perm {
		if p < 0 || p >= len(in[0]) || seen[p] {
			panic(shapeErrorf("transpose", "%v is not a permutation of the axes of %v", t.perm, in[0]))
		}
		seen[p] = true
		out[i] = in[0][p]
	}
	return out
}

func (t transpose) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Transpose(in[0], t.perm...)
}

func (t transpose) Transpose(_, grad *Node) []*Node {
	inv := make([]int, len(t.perm))
	for i, p := range t.perm {
		inv[p] = i
	}
	return []*Node{grad.Transpose(inv...)}
}

// Transpose permutes n's axes; with no permutation it reverses them (the
// matrix transpose for rank 2).
func (n *Node) Transpose(perm ...int) *Node {
	if len(perm) == 0 {
		for i := len(n.shape) - 1; i >= 0; i-- {
			perm = append(perm, i)
		}
	}
	return n.g.Apply(linear{transpose{perm: append([]int{}, perm...)}}, n)
}

// T returns the matrix transpose of a rank-2 node.
func (n *Node) T() *Node {
	if len(n.shape) != 2 {
		panic(shapeErrorf("T", "shape %v is not a matrix", n.shape))
	}
	return n.Transpose(1, 0)
}

// broadcast is broadcasting (repeating along stretched and added axes) and,
// with sum set, its adjoint (summing over them): two linear ops, each the
// transpose of the other.
type broadcast struct {
	to  []int
	sum bool
}

func (b broadcast) Name() string {
	if b.sum {
		return fmt.Sprintf("sumTo%v", b.to)
	}
	return fmt.Sprintf("broadcast%v", b.to)
}

func (b broadcast) Shape(in ...[]int) []int {
	from, to, op := in[0], b.to, "broadcastTo"
	if b.sum {
		from, to, op = b.to, in[0], "sumTo"
	}
	if out := linalg.BroadcastShapes(op, from, to); !linalg.SameShape(out, to) {
		panic(shapeErrorf(op, "shape %v does not broadcast to %v", from, to))
	}
	return b.to
}

func (b broadcast) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	if b.sum {
		return linalg.SumTo(in[0], b.to)
	}
	return linalg.BroadcastTo(in[0], b.to)
}

// Transpose: the adjoint of broadcasting is summing back, and the other way.
func (b broadcast) Transpose(n, grad *Node) []*Node {
	return []*Node{grad.broadcast(n.inputs[0].shape, !b.sum)}
}

func (n *Node) broadcast(shape []int, sum bool) *Node {
	if linalg.SameShape(shape, n.shape) {
		return n
	}
	return n.g.Apply(linear{broadcast{to: append([]int{}, shape...), sum: sum}}, n)
}

// BroadcastTo repeats n along broadcast axes to the given shape.
func (n *Node) BroadcastTo(shape ...int) *Node { return n.broadcast(shape, false) }

// SumTo sums n down to a shape that broadcasts to n's shape: the adjoint of
// broadcasting, used by the gradients of broadcasting ops.
func (n *Node) SumTo(shape ...int) *Node { return n.broadcast(shape, true) }
