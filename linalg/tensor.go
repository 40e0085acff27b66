package linalg

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Tensor is a dense, row-major, contiguous n-dimensional array of float64.
//
// The zero value is not usable; make tensors with New, Zeros, Full, Scalar or
// FromRows. A Tensor returned by Reshape or Row shares its data with the
// tensor it came from: writing through one is visible through the other.
//
// A tensor's values live on the host, or, for a tensor a backend made with
// OnDevice, on that backend's device; see Device and the package
// documentation. Reading a device tensor on the host (Data, At, Item,
// String, CopyTo, any CPU operation) downloads it once and keeps the host
// copy; writing it on the host (Set, Data) makes the device copy stale.
//
// A tensor may be read from several goroutines at once (the download of a
// device tensor happens once, under a lock). Writing (Set, or through the
// slice Data returns) needs exclusive access, as a Go slice does.
type Tensor struct {
	shape []int
	data  []float64 // the values of a host tensor; nil for a device tensor
	dev   *devView  // nil for a host tensor
}

// New returns a tensor with the given shape backed by data, which it takes
// ownership of: the caller must not use data afterwards except through the
// tensor. A nil data gives a tensor of zeros. New panics if a dimension is
// negative or if a non-nil data does not have exactly product(shape) elements.
// An empty shape gives a rank-0 tensor of one element.
func New(shape []int, data []float64) *Tensor {
	n := numel("New", shape)
	if data == nil {
		data = make([]float64, n)
	}
	if len(data) != n {
		panic(shapeErrorf("New", "%d data elements for shape %v (want %d)", len(data), shape, n))
	}
	return &Tensor{shape: append([]int{}, shape...), data: data}
}

// Zeros returns a tensor of zeros with the given shape.
func Zeros(shape ...int) *Tensor { return New(shape, nil) }

// Full returns a tensor with the given shape and every element equal to v.
func Full(v float64, shape ...int) *Tensor {
	t := New(shape, nil)
	for i := range t.data {
		t.data[i] = v
	}
	return t
}

// RandNormal returns a tensor with the given shape whose elements are
// standard normal draws from rng, in row-major order (NumPy's
// Generator.standard_normal, PyTorch's randn). The same rng state gives the
// same tensor.
func RandNormal(rng *rand.Rand, shape ...int) *Tensor {
	t := New(shape, nil)
	for i := range t.data {
		t.data[i] = rng.NormFloat64()
	}
	return t
}

// Scalar returns a rank-0 tensor (shape []) holding v.
func Scalar(v float64) *Tensor { return &Tensor{shape: []int{}, data: []float64{v}} }

// FromRows returns the len(rows)×len(rows[0]) matrix whose rows are copies of
// rows. It returns an error if the rows do not all have the same length. No
// rows give a 0×0 tensor.
func FromRows(rows [][]float64) (*Tensor, error) {
	if len(rows) == 0 {
		return Zeros(0, 0), nil
	}
	d := len(rows[0])
	data := make([]float64, 0, len(rows)*d)
	for i, r := range rows {
		if len(r) != d {
			return nil, fmt.Errorf("linalg: FromRows: row %d has %d elements, row 0 has %d", i, len(r), d)
		}
		data = append(data, r...)
	}
	return &Tensor{shape: []int{len(rows), d}, data: data}, nil
}

// Shape returns a copy of the tensor's shape.
func (t *Tensor) Shape() []int {
	t.notNil("Shape")
	return append([]int{}, t.shape...)
}

// Data returns the tensor's backing slice in row-major order. It is not a
// copy: writing to it changes the tensor. For a device tensor it is the
// host copy (downloaded on first use), and since the caller may write
// through it at any time, Data counts as a write: the device copy is
// released, and the tensor never keeps a device copy again (the next device
// op uploads it, and so does every one after). To read without that cost use
// Values, At, Item or CopyTo.
func (t *Tensor) Data() []float64 {
	t.notNil("Data")
	if t.dev == nil {
		return t.data
	}
	return t.dev.read(handOut)
}

// Values returns t's values in row-major order for reading only: the slice
// Data returns for a host tensor, and for a device tensor its host copy
// (downloaded once), which, unlike Data, leaves the device copy valid. The
// caller must not write to it (use Set, or Data, to write): for a device
// tensor such a write would be lost or, worse, seen by some readers only.
func (t *Tensor) Values() []float64 { return t.hostView().data }

// Len returns the number of elements, the product of the shape.
func (t *Tensor) Len() int {
	t.notNil("Len")
	if t.dev == nil {
		return len(t.data)
	}
	return t.dev.n
}

// Rank returns the number of axes.
func (t *Tensor) Rank() int {
	t.notNil("Rank")
	return len(t.shape)
}

// offset returns the position in data of the element at idx, panicking
// (naming op) when idx does not address an element.
func (t *Tensor) offset(op string, idx []int) int {
	t.notNil(op)
	if len(idx) != len(t.shape) {
		panic(shapeErrorf(op, "%d indices for shape %v", len(idx), t.shape))
	}
	off := 0
	for i, x := range idx {
		if x < 0 || x >= t.shape[i] {
			panic(shapeErrorf(op, "index %v out of range for shape %v", idx, t.shape))
		}
		off = off*t.shape[i] + x
	}
	return off
}

// At returns the element at idx. It panics if idx has the wrong length or is
// out of range. A rank-0 tensor is read with no indices.
func (t *Tensor) At(idx ...int) float64 { return t.hostView().data[t.offset("At", idx)] }

// Set sets the element at idx to v. It panics like At. On a device tensor it
// writes the host copy (downloading it first if needed) and releases the
// device copy, which is now stale.
func (t *Tensor) Set(v float64, idx ...int) {
	off := t.offset("Set", idx)
	if t.dev == nil {
		t.data[off] = v
		return
	}
	t.dev.read(write)[off] = v
}

// Item returns the single element of a one-element tensor of any rank. It
// panics with a *ShapeError if t is nil or Len() != 1.
func (t *Tensor) Item() float64 {
	t.notNil("Item")
	if n := t.Len(); n != 1 {
		panic(shapeErrorf("Item", "tensor of shape %v has %d elements, want 1", t.shape, n))
	}
	return t.hostView().data[0]
}

// Clone returns a deep copy of t, on the host.
func (t *Tensor) Clone() *Tensor {
	t.notNil("Clone")
	return &Tensor{shape: t.Shape(), data: append([]float64{}, t.hostView().data...)}
}

// Reshape returns a view of t with a new shape and the same data. At most one
// dimension may be -1; it is inferred from the others (see InferShape).
// Reshape panics if the element counts differ, if more than one -1 is given,
// or if the -1 cannot be inferred (the other dimensions multiply to zero).
func (t *Tensor) Reshape(shape ...int) *Tensor {
	t.notNil("Reshape")
	return &Tensor{shape: InferShape("Reshape", t.shape, shape), data: t.data, dev: t.dev}
}

// InferShape returns a copy of to, the shape asked of a reshape of a tensor
// of shape from, with its −1 (at most one) replaced by the size that makes
// the element counts match. It panics with a *ShapeError naming op and both
// shapes if to has more than one −1 or another negative dimension, if the −1
// cannot be inferred (the other dimensions multiply to zero or do not divide
// the size), or if the counts differ. Package autodiff's Reshape uses it too,
// so a tensor and a graph node infer the same shape.
func InferShape(op string, from, to []int) []int {
	shape := append([]int{}, to...)
	size := product(from)
	infer, prod := -1, 1
	for i, d := range shape {
		switch {
		case d == -1:
			if infer >= 0 {
				panic(shapeErrorf(op, "shape %v has more than one -1", shape))
			}
			infer = i
		case d < 0:
			panic(shapeErrorf(op, "negative dimension in shape %v", shape))
		default:
			prod *= d
		}
	}
	if infer >= 0 {
		if prod == 0 || size%prod != 0 {
			panic(shapeErrorf(op, "cannot reshape %v into %v", from, to))
		}
		shape[infer] = size / prod
		prod *= shape[infer]
	}
	if prod != size {
		panic(shapeErrorf(op, "cannot reshape %v into %v", from, to))
	}
	return shape
}

// Row returns a view of row i of a tensor of rank at least 1: the sub-tensor
// t[i, ...] with shape t.Shape()[1:], sharing data with t. It panics if t is
// rank 0 or i is out of range.
func (t *Tensor) Row(i int) *Tensor {
	t.notNil("Row")
	if len(t.shape) == 0 {
		panic(shapeErrorf("Row", "rank-0 tensor has no rows"))
	}
	if i < 0 || i >= t.shape[0] {
		panic(shapeErrorf("Row", "index %d out of range for shape %v", i, t.shape))
	}
	sub := t.shape[1:]
	n := product(sub)
	if t.dev != nil {
		v := &devView{st: t.dev.st, off: t.dev.off + i*n, n: n}
		return &Tensor{shape: append([]int{}, sub...), dev: v}
	}
	return &Tensor{shape: append([]int{}, sub...), data: t.data[i*n : (i+1)*n : (i+1)*n]}
}

// String formats t like NumPy, with nested brackets and %g numbers, e.g.
// "[[1 2 3]\n [4 5 6]]". Axes longer than 6 are summarised by their first and
// last 3 entries around "...". A rank-0 tensor prints as its number.
func (t *Tensor) String() string {
	t.notNil("String")
	t = t.hostView()
	if len(t.shape) == 0 {
		return fmtNum(t.data[0])
	}
	if len(t.data) == 0 {
		return "[]"
	}
	var b strings.Builder
	writeAxis(&b, t.shape, strides(t.shape), t.data, 0, 0)
	return b.String()
}

const summariseOver, summaryEdge = 6, 3

func writeAxis(b *strings.Builder, shape, st []int, data []float64, axis, off int) {
	b.WriteByte('[')
	n := shape[axis]
	for i := 0; i < n; i++ {
		if n > summariseOver && i == summaryEdge {
			b.WriteString(sep(axis, len(shape)))
			b.WriteString("...")
			i = n - summaryEdge
		}
		if i > 0 {
			b.WriteString(sep(axis, len(shape)))
		}
		if axis == len(shape)-1 {
			b.WriteString(fmtNum(data[off+i]))
		} else {
			writeAxis(b, shape, st, data, axis+1, off+i*st[axis])
		}
	}
	b.WriteByte(']')
}

func sep(axis, rank int) string {
	if axis == rank-1 {
		return " "
	}
	return "\n" + strings.Repeat(" ", axis+1)
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// numel returns product(shape), panicking (naming op) on a negative dimension.
func numel(op string, shape []int) int {
	for _, d := range shape {
		if d < 0 {
			panic(shapeErrorf(op, "negative dimension in shape %v", shape))
		}
	}
	return product(shape)
}

func product(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// strides returns the row-major (C order) element strides of shape: the last
// axis has stride 1 and each earlier axis the product of the later dimensions.
func strides(shape []int) []int {
	st := make([]int, len(shape))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		st[i] = s
		s *= shape[i]
	}
	return st
}

// normAxis turns a possibly negative axis into an index into shape, panicking
// (naming op) when it is out of range.
func normAxis(op string, axis int, shape []int) int {
	a := axis
	if a < 0 {
		a += len(shape)
	}
	if a < 0 || a >= len(shape) {
		panic(shapeErrorf(op, "axis %d out of range for shape %v", axis, shape))
	}
	return a
}

// notNil panics with a *ShapeError naming op if t is nil: a nil tensor is a
// programmer error, and a message beats a nil dereference.
func (t *Tensor) notNil(op string) {
	if t == nil {
		panic(shapeErrorf(op, "nil tensor"))
	}
}
