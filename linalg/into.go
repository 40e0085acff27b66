package linalg

import "unsafe"

// Writing into a destination
//
// The functions named …Into (MapInto, Map2Into, MatMulTInto, SumToInto,
// BroadcastToInto, SumInto, MeanInto, MaxInto) compute what the function
// without the suffix computes, bit for bit, but write the result into a
// tensor the caller already has, so that a loop that runs the same shapes
// again and again (a training step) allocates nothing. Into says which
// destinations they write into.

// Into returns the tensor a …Into function writes its result of the given
// shape into: dst itself when dst is a host tensor of that shape, and a new
// tensor of zeros when dst is nil or lives on a device (OnDevice), so that
// a device tensor is never written on the host behind its device copy's
// back: the result is then a fresh host tensor, as without a destination.
// A host dst of another shape is a programmer error: Into panics with a
// *ShapeError naming op and both shapes. The destination must not share
// data with an operand; its previous values are overwritten.
func Into(op string, dst *Tensor, shape []int) *Tensor {
	// shape is copied wherever it would be kept or printed, so that a
	// caller's shape slice need not escape to the heap.
	if dst == nil || dst.dev != nil {
		own := append([]int(nil), shape...)
		return &Tensor{shape: own, data: make([]float64, numel(op, own))}
	}
	if !SameShape(dst.shape, shape) {
		panic(shapeErrorf(op, "destination of shape %v for a result of shape %v", dst.shape, append([]int(nil), shape...)))
	}
	return dst
}

// repeats reports whether a tensor of shape small broadcasts to shape big
// by repetition alone: small has no more axes than big, and without its
// leading 1s it is a suffix of big, so
// that element i of the broadcast is element i mod Len(small) of small (a
// bias row added to every row of a batch, a scalar). It allocates nothing,
// and serves the broadcasting kernels' fast paths.
func repeats(small, big []int) bool {
	if len(small) > len(big) {
		return false // the broadcast would have small's rank
	}
	for len(small) > 0 && small[0] == 1 {
		small = small[1:]
	}
	return SameShape(small, big[len(big)-len(small):])
}

// MatMulIntoer is the capability of writing a matrix product into a
// destination, as MatMulTInto does. A backend without it (or one whose
// products live on a device) returns fresh tensors from MatMul.
type MatMulIntoer interface {
	MatMulInto(dst, a, b *Tensor, transA, transB bool) *Tensor
}

var _ MatMulIntoer = CPU{}

// MatMulInto writes op(a)·op(b) into dst; see MatMulTInto.
func (CPU) MatMulInto(dst, a, b *Tensor, transA, transB bool) *Tensor {
	return MatMulTInto(dst, a, b, transA, transB)
}

// HasShape reports whether t has the given shape, without the copy that
// Shape makes.
func (t *Tensor) HasShape(shape []int) bool {
	t.notNil("HasShape")
	return SameShape(t.shape, shape)
}

// Overlap reports whether a and b share any of their values' memory: the
// same host array (a tensor and a view of it, or a buffer fed back as an
// operand), or the same device storage. A kernel that writes into a
// destination must not be given an operand that overlaps it, since it
// would read values it has already overwritten.
func Overlap(a, b *Tensor) bool {
	if a == nil || b == nil {
		return false
	}
	if a.dev != nil || b.dev != nil {
		return a.dev != nil && b.dev != nil && a.dev.st == b.dev.st
	}
	if len(a.data) == 0 || len(b.data) == 0 {
		return false
	}
	const size = unsafe.Sizeof(float64(0))
	a0, b0 := uintptr(unsafe.Pointer(&a.data[0])), uintptr(unsafe.Pointer(&b.data[0]))
	a1, b1 := a0+uintptr(len(a.data))*size, b0+uintptr(len(b.data))*size
	return a0 < b1 && b0 < a1
}
