package autodiff

import (
	"fmt"
	"math"
	"strings"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Indexing ops take their indices as []int fixed when the graph is built,
// never from a tensor at run time: an index is part of the graph's shape,
// checked while it is built, so a bad one is a programmer error and panics
// with a *linalg.ShapeError naming the op, the index and the shape. Indices
// that come from data (a file, or ArgMax's float values) enter through
// linalg.Indices, which returns an error for a NaN or non-integer value.
//
// Every indexing op is linear and reduces to three kernels of
// linalg.Indexer, run on the graph's backend: gather (Slice, Index, Split,
// Gather), its adjoint scatter-add (ScatterAdd, and every gradient of a
// gather), and concatenation (Concat, Stack, whose adjoint is slicing).

// None stands for an omitted start or stop of Slice, as Python's None in
// x[::-1]: the start or the end of the axis in the step's direction.
const None = math.MinInt

// gather takes the slices idx (normalised, in range) along axis; name says
// which user op it stands for ("slice", "gather", "index").
type gather struct {
	name string
	axis int
	idx  []int
}

func (o gather) Name() string {
	return fmt.Sprintf("%s(axis %d, %d of them)", o.name, o.axis, len(o.idx))
}

func (o gather) Shape(in ...[]int) []int {
	out := append([]int{}, in[0]...)
	out[o.axis] = len(o.idx)
	return out
}

func (o gather) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.IndexerOf(b).Gather(in[0], o.axis, o.idx)
}

// Transpose: the gradient of a gather is a scatter-add into the input's shape.
func (o gather) Transpose(n, grad *Node) []*Node {
	return []*Node{grad.ScatterAdd(o.axis, o.idx, n.inputs[0].shape[o.axis])}
}

// scatterAdd adds the slices of its input along axis into slices idx of a
// zero tensor whose axis has size.
type scatterAdd struct {
	axis, size int
	idx        []int
}

func (o scatterAdd) Name() string {
	return fmt.Sprintf("scatter-add(axis %d, size %d)", o.axis, o.size)
}

func (o scatterAdd) Shape(in ...[]int) []int {
	if in[0][o.axis] != len(o.idx) {
		panic(shapeErrorf("ScatterAdd", "%d indices for axis %d of shape %v", len(o.idx), o.axis, in[0]))
	}
	out := append([]int{}, in[0]...)
	out[o.axis] = o.size
	return out
}

func (o scatterAdd) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.IndexerOf(b).ScatterAdd(in[0], o.axis, o.idx, o.size)
}

// Transpose: the adjoint of a scatter-add is the gather of the same indices.
func (o scatterAdd) Transpose(_, grad *Node) []*Node {
	return []*Node{grad.g.Apply(linear{gather{name: "gather", axis: o.axis, idx: o.idx}}, grad)}
}

// asOurs re-panics a *linalg.ShapeError raised by a linalg helper that
// checks the graph's shapes as autodiff's own ("autodiff: Op: …").
func asOurs() {
	if r := recover(); r != nil {
		if e, ok := r.(*linalg.ShapeError); ok && strings.HasPrefix(e.Msg, "linalg: ") {
			panic(&linalg.ShapeError{Op: e.Op, Msg: "autodiff: " + strings.TrimPrefix(e.Msg, "linalg: ")})
		}
		panic(r)
	}
}

// indices normalises idx for an axis of size n of n's shape, panicking with
// a *linalg.ShapeError naming op, the index and the shape.
func (n *Node) indices(op string, axis int, idx []int) []int {
	defer asOurs()
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = linalg.NormIndex(op, i, n.shape[axis], n.shape)
	}
	return out
}

// Gather returns the slices of n at idx along axis (NumPy's take): n's
// shape with that axis of size len(idx), its k-th slice n's slice idx[k].
// Indices may repeat (their gradients add up) and may be negative, counting
// from the end. The indices are fixed when the graph is built (see
// linalg.Indices for indices held in a tensor). An axis or index out of
// range panics with a *linalg.ShapeError naming "Gather", the index and the
// shape. Its adjoint is ScatterAdd; it runs on the backend's
// linalg.Indexer.
func (n *Node) Gather(axis int, idx []int) *Node {
	ax := n.axis("Gather", axis)
	return n.g.Apply(linear{gather{name: "gather", axis: ax, idx: n.indices("Gather", ax, idx)}}, n)
}

// ScatterAdd is the adjoint (transpose) of Gather: it returns n's shape with
// axis of size size, zero but for n's k-th slice along axis added at slice
// idx[k]; repeated indices add up. n's axis must have len(idx) elements, and
// each index must lie in [−size, size); otherwise it panics with a
// *linalg.ShapeError naming "ScatterAdd", the index and the shapes.
func (n *Node) ScatterAdd(axis int, idx []int, size int) *Node {
	ax := n.axis("ScatterAdd", axis)
	if size < 0 || n.shape[ax] != len(idx) {
		panic(shapeErrorf("ScatterAdd", "%d indices for axis %d of shape %v, into size %d", len(idx), ax, n.shape, size))
	}
	to := append([]int{}, n.shape...)
	to[ax] = size
	norm := func() []int {
		defer asOurs()
		out := make([]int, len(idx))
		for k, i := range idx {
			out[k] = linalg.NormIndex("ScatterAdd", i, size, to)
		}
		return out
	}()
	return n.g.Apply(linear{scatterAdd{axis: ax, size: size, idx: norm}}, n)
}

// Slice returns n[start:stop:step] along axis, with NumPy's meaning of a
// negative start or stop (counting from the end) and of step: a negative
// step walks backwards, so Slice(0, None, None, -1) reverses the axis. None
// omits a start or stop (the start or end of the axis in the step's
// direction). Unlike NumPy, which clips, a start or stop outside the axis
// (beyond −size…size, or a start of size with a negative step) is a
// programmer error; start ≥ stop with a positive step (or ≤ with a negative
// one) gives an empty axis. A zero step, or an out-of-range axis, start or
// stop, panics with a *linalg.ShapeError naming "Slice", the index and the
// shape. Its gradient scatters back into n's shape (zero elsewhere).
func (n *Node) Slice(axis, start, stop, step int) *Node {
	ax := n.axis("Slice", axis)
	size := n.shape[ax]
	if step == 0 {
		panic(shapeErrorf("Slice", "step 0 along axis %d of shape %v", ax, n.shape))
	}
	bound := func(what string, v, dflt int) int {
		if v == None {
			return dflt
		}
		j := v
		if j < 0 {
			j += size
		}
		if j < 0 || j > size || (what == "start" && step < 0 && j == size) {
			panic(shapeErrorf("Slice", "%s %d out of range for axis %d of shape %v (step %d)", what, v, ax, n.shape, step))
		}
		return j
	}
	var idx []int
	if step > 0 {
		for i, end := bound("start", start, 0), bound("stop", stop, size); i < end; i += step {
			idx = append(idx, i)
		}
	} else {
		for i, end := bound("start", start, size-1), bound("stop", stop, -1); i > end; i += step {
			idx = append(idx, i)
		}
	}
	if step == 1 && len(idx) == size {
		return n
	}
	return n.g.Apply(linear{gather{name: "slice", axis: ax, idx: idx}}, n)
}

// Index returns n[i0, i1, …]: with as many indices as n has axes one
// element (rank 0), with fewer the sub-tensor they select along the leading
// axes (one index of a matrix: a row). Negative indices count from the end.
// An index out of range, or more indices than axes, panics with a
// *linalg.ShapeError naming "Index", the index and the shape. Its gradient
// is zero but at the selected elements.
func (n *Node) Index(i ...int) *Node {
	if len(i) > len(n.shape) {
		panic(shapeErrorf("Index", "%d indices %v for shape %v", len(i), i, n.shape))
	}
	flat := func() int {
		defer asOurs()
		flat := 0
		for k, v := range i {
			flat = flat*n.shape[k] + linalg.NormIndex("Index", v, n.shape[k], n.shape)
		}
		return flat
	}()
	lead, rest := product(n.shape[:len(i)]), n.shape[len(i):]
	m := n.Reshape(append([]int{lead}, rest...)...)
	return n.g.Apply(linear{gather{name: "index", axis: 0, idx: []int{flat}}}, m).Reshape(rest...)
}

// Split cuts n along axis into consecutive pieces of the given sizes, which
// must add up to the axis's size (else it panics with a *linalg.ShapeError
// naming "Split" and the shapes). Each piece is a Slice; Concat of the
// pieces gives n back.
func (n *Node) Split(axis int, sizes ...int) []*Node {
	ax := n.axis("Split", axis)
	total := 0
	for _, s := range sizes {
		if s < 0 {
			panic(shapeErrorf("Split", "negative size in %v for axis %d of shape %v", sizes, ax, n.shape))
		}
		total += s
	}
	if total != n.shape[ax] {
		panic(shapeErrorf("Split", "sizes %v add up to %d, axis %d of shape %v has %d", sizes, total, ax, n.shape, n.shape[ax]))
	}
	out := make([]*Node, len(sizes))
	off := 0
	for k, s := range sizes {
		out[k] = n.Slice(ax, off, off+s, 1)
		off += s
	}
	return out
}

// concat joins its inputs along axis.
type concat struct{ axis int }

func (c concat) Name() string { return fmt.Sprintf("concat(axis %d)", c.axis) }

func (c concat) Shape(in ...[]int) []int {
	defer asOurs()
	return linalg.ConcatShape("Concat", c.axis, in...)
}

func (c concat) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.IndexerOf(b).Concat(c.axis, in...)
}

// Transpose: each input's gradient is its slice of the output's.
func (c concat) Transpose(n, grad *Node) []*Node {
	out := make([]*Node, len(n.inputs))
	off := 0
	for k, x := range n.inputs {
		out[k] = grad.Slice(c.axis, off, off+x.shape[c.axis], 1)
		off += x.shape[c.axis]
	}
	return out
}

// Concat joins nodes of one graph along axis (NumPy's concatenate; a
// negative axis counts from the end). They must have the same rank and the
// same dimensions except along axis: otherwise, or with no nodes, it panics
// with a *linalg.ShapeError naming "Concat", the operand and the shapes.
// One node is returned as it is. The gradient of each operand is its slice
// of the output's.
func Concat(axis int, nodes ...*Node) *Node {
	if len(nodes) == 0 {
		panic(shapeErrorf("Concat", "no nodes to join"))
	}
	shapes := make([][]int, len(nodes))
	for k, x := range nodes {
		shapes[k] = x.shape
	}
	func() {
		defer asOurs()
		linalg.ConcatShape("Concat", axis, shapes...)
	}()
	if len(nodes) == 1 {
		return nodes[0]
	}
	return nodes[0].g.Apply(linear{concat{axis: nodes[0].axis("Concat", axis)}}, nodes...)
}

// Stack joins nodes of one shape along a new axis (NumPy's stack): the
// result has shape[:axis] ++ [len(nodes)] ++ shape[axis:], with axis in
// [−rank−1, rank]. Different shapes, or no nodes, panic with a
// *linalg.ShapeError naming "Stack" and the shapes.
func Stack(axis int, nodes ...*Node) *Node {
	if len(nodes) == 0 {
		panic(shapeErrorf("Stack", "no nodes to stack"))
	}
	shape := nodes[0].shape
	r := len(shape)
	ax := axis
	if ax < 0 {
		ax += r + 1
	}
	if ax < 0 || ax > r {
		panic(shapeErrorf("Stack", "axis %d out of range for shape %v", axis, shape))
	}
	to := append(append(append([]int{}, shape[:ax]...), 1), shape[ax:]...)
	parts := make([]*Node, len(nodes))
	for k, x := range nodes {
		if !linalg.SameShape(x.shape, shape) {
			panic(shapeErrorf("Stack", "shape %v of operand %d differs from operand 0's %v", x.shape, k, shape))
		}
		parts[k] = x.Reshape(to...)
	}
	return Concat(ax, parts...)
}

// cumsum is the running sum along an axis, or (reverse) from the end: two
// linear ops, each the other's transpose.
type cumsum struct {
	axis    int
	reverse bool
}

func (c cumsum) Name() string            { return fmt.Sprintf("cumsum(axis %d)", c.axis) }
func (c cumsum) Shape(in ...[]int) []int { return in[0] }

func (c cumsum) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Cumsum(in[0], c.axis, c.reverse)
}

// Transpose: the adjoint of summing the prefix is summing the suffix.
func (c cumsum) Transpose(_, grad *Node) []*Node {
	return []*Node{grad.g.Apply(linear{cumsum{c.axis, !c.reverse}}, grad)}
}

// Cumsum returns the running sums of n along axis (NumPy's cumsum):
// out[…, j, …] = Σ_{i≤j} n[…, i, …]. Its gradient is the running sum of the
// output's gradient from the end. An axis out of range panics with a
// *linalg.ShapeError.
func (n *Node) Cumsum(axis int) *Node {
	return n.g.Apply(linear{cumsum{axis: n.axis("Cumsum", axis)}}, n)
}
