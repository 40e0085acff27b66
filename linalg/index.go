package linalg

import (
	"fmt"
	"math"
)

// Indexer is the capability of gathering, scattering and concatenating
// along an axis on the backend's device. Each method does what the
// package-level function of the same name does; the graph's indexing ops
// (Slice, Index, Gather, ScatterAdd, Concat, Split, Stack) run on it.
type Indexer interface {
	Gather(t *Tensor, axis int, idx []int) *Tensor
	ScatterAdd(t *Tensor, axis int, idx []int, size int) *Tensor
	Concat(axis int, ts ...*Tensor) *Tensor
}

var _ Indexer = CPU{}

// IndexerOf returns b's Indexer, or the CPU if b has none.
func IndexerOf(b Backend) Indexer {
	if x, ok := b.(Indexer); ok {
		return x
	}
	return CPU{}
}

// Gather returns t.Gather(…); see the function Gather.
func (CPU) Gather(t *Tensor, axis int, idx []int) *Tensor { return Gather(t, axis, idx) }

// ScatterAdd returns the function ScatterAdd's result.
func (CPU) ScatterAdd(t *Tensor, axis int, idx []int, size int) *Tensor {
	return ScatterAdd(t, axis, idx, size)
}

// Concat returns the function Concat's result.
func (CPU) Concat(axis int, ts ...*Tensor) *Tensor { return Concat(axis, ts...) }

// NormIndex returns i as an index into an axis of size n, a negative i
// counting from the end as in NumPy (−1 is the last), and panics with a
// *ShapeError naming op, the index and the shape if it is out of range.
func NormIndex(op string, i, n int, shape []int) int {
	j := i
	if j < 0 {
		j += n
	}
	if j < 0 || j >= n {
		panic(shapeErrorf(op, "index %d out of range for an axis of size %d (shape %v)", i, n, shape))
	}
	return j
}

// Gather returns the elements of t at the indices idx along axis (NumPy's
// take): the result has t's shape with that axis of size len(idx), and its
// k-th slice along axis is t's slice idx[k]. Indices may repeat and may be
// negative (counting from the end). It panics with a *ShapeError if axis or
// an index is out of range.
func Gather(t *Tensor, axis int, idx []int) *Tensor {
	t = t.hostView()
	ax := normAxis("Gather", axis, t.shape)
	outer, n, inner := splitAxis(t.shape, ax)
	shape := append([]int{}, t.shape...)
	shape[ax] = len(idx)
	out := New(shape, nil)
	for k, i := range idx {
		j := NormIndex("Gather", i, n, t.shape)
		for o := 0; o < outer; o++ {
			copy(out.data[(o*len(idx)+k)*inner:][:inner], t.data[(o*n+j)*inner:][:inner])
		}
	}
	return out
}

// ScatterAdd is the adjoint (transpose) of Gather: it returns a tensor of
// t's shape with axis of size size, zero but for t's k-th slice along axis
// added at slice idx[k]. Repeated indices add up. t's axis must have
// len(idx) elements. It panics with a *ShapeError if the shapes do not
// match or an index is out of range for size.
func ScatterAdd(t *Tensor, axis int, idx []int, size int) *Tensor {
	t = t.hostView()
	ax := normAxis("ScatterAdd", axis, t.shape)
	outer, m, inner := splitAxis(t.shape, ax)
	if m != len(idx) || size < 0 {
		panic(shapeErrorf("ScatterAdd", "%d indices for axis %d of shape %v, into size %d", len(idx), axis, t.shape, size))
	}
	shape := append([]int{}, t.shape...)
	shape[ax] = size
	out := New(shape, nil)
	for k, i := range idx {
		j := NormIndex("ScatterAdd", i, size, shape)
		for o := 0; o < outer; o++ {
			dst := out.data[(o*size+j)*inner:][:inner]
			for e, v := range t.data[(o*m+k)*inner:][:inner] {
				dst[e] += v
			}
		}
	}
	return out
}

// ConcatShape returns the shape of the tensors of the given shapes joined
// along axis (a negative axis counts from the end): every shape must have
// the same rank and the same dimensions but along axis. It panics with a
// *ShapeError naming op and the shapes otherwise, or if there are none.
func ConcatShape(op string, axis int, shapes ...[]int) []int {
	if len(shapes) == 0 {
		panic(shapeErrorf(op, "nothing to join"))
	}
	ax := normAxis(op, axis, shapes[0])
	out := append([]int{}, shapes[0]...)
	out[ax] = 0
	for k, s := range shapes {
		if len(s) != len(out) {
			panic(shapeErrorf(op, "shape %v of operand %d has rank %d, operand 0's shape %v rank %d", s, k, len(s), shapes[0], len(out)))
		}
		for d := range s {
			if d != ax && s[d] != out[d] {
				panic(shapeErrorf(op, "shape %v of operand %d differs from operand 0's %v at axis %d (joining along axis %d)", s, k, shapes[0], d, ax))
			}
		}
		out[ax] += s[ax]
	}
	return out
}

// Concat joins tensors along axis (NumPy's concatenate). They must have the
// same rank and the same dimensions but along axis; it panics with a
// *ShapeError naming the shapes otherwise.
func Concat(axis int, ts ...*Tensor) *Tensor {
	shapes := make([][]int, len(ts))
	hs := make([]*Tensor, len(ts)) // host views; the caller's slice stays as it is
	for k, t := range ts {
		t.notNil("Concat")
		hs[k] = t.hostView()
		shapes[k] = hs[k].shape
	}
	shape := ConcatShape("Concat", axis, shapes...)
	ax := normAxis("Concat", axis, shape)
	outer, n, inner := splitAxis(shape, ax)
	out := New(shape, nil)
	off := 0
	for _, t := range hs {
		m := t.shape[ax] * inner
		for o := 0; o < outer; o++ {
			copy(out.data[o*n*inner+off:][:m], t.data[o*m:][:m])
		}
		off += m
	}
	return out
}

// Cumsum returns the running sums of t along axis: out[…, j, …] = Σ_{i≤j}
// t[…, i, …], or with reverse Σ_{i≥j} (the adjoint of the forward sums).
// It panics with a *ShapeError if axis is out of range.
func Cumsum(t *Tensor, axis int, reverse bool) *Tensor {
	t = t.hostView()
	ax := normAxis("Cumsum", axis, t.shape)
	outer, n, inner := splitAxis(t.shape, ax)
	out := New(t.shape, nil)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			s := 0.0
			for step := 0; step < n; step++ {
				j := step
				if reverse {
					j = n - 1 - step
				}
				k := (o*n+j)*inner + i
				s += t.data[k]
				out.data[k] = s
			}
		}
	}
	return out
}

// ArgMax returns the index of the first maximum of each line of t along
// axis, as a float64, shaped as Max(t, axis, keepDims). A NaN counts as
// larger than everything (the first NaN wins, as in NumPy); an empty line
// gives −1.
func ArgMax(t *Tensor, axis int, keepDims bool) *Tensor {
	return reduce("ArgMax", nil, t, axis, keepDims, func(d []float64, off, n, s int) float64 {
		i, _ := lineArgMax(d, off, n, s)
		return float64(i)
	})
}

// Indices converts a tensor of integer-valued floats (an ArgMax result, or
// indices read from data) into the []int that Gather and the graph's
// indexing ops take. It is where index data enters, so it returns an error,
// naming the position and the value, for a NaN, an infinity or a value that
// is not an integer; a range check against an axis happens where the
// indices are used.
func Indices(t *Tensor) ([]int, error) {
	if t == nil {
		return nil, fmt.Errorf("linalg: Indices: nil tensor")
	}
	d := t.Values()
	out := make([]int, len(d))
	for i, v := range d {
		if math.IsNaN(v) || math.IsInf(v, 0) || v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return nil, fmt.Errorf("linalg: Indices: element %d of a tensor of shape %v is %v, not an integer index", i, t.Shape(), v)
		}
		out[i] = int(v)
	}
	return out, nil
}
