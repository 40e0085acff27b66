package linalg

// SameShape reports whether a and b are the same shape.
func SameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BroadcastShapes returns the shape that a and b broadcast to under NumPy's
// rules: align the shapes on the right, pad the shorter with leading 1s, and
// in each axis the dimensions must be equal or one of them 1 (which is
// stretched; a 1 against a 0 gives 0). It panics with a message naming op and
// both shapes when they do not broadcast, e.g.
//
//	linalg: Add: shapes [2 3] and [4] do not broadcast
func BroadcastShapes(op string, a, b []int) []int {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db, db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			panic(shapeErrorf(op, "shapes %v and %v do not broadcast", a, b))
		}
	}
	return out
}

// bcastStrides returns, for each axis of out, the stride with which an operand
// of shape src (broadcastable to out) is read: 0 on the axes where src is
// padded or has dimension 1, its row-major stride elsewhere.
func bcastStrides(src, out []int) []int {
	st := strides(src)
	bs := make([]int, len(out))
	pad := len(out) - len(src)
	for i := range out {
		j := i - pad
		if j >= 0 && src[j] != 1 {
			bs[i] = st[j]
		}
	}
	return bs
}

// walk2 visits the elements of shape in row-major order, one innermost line at
// a time. For each line it calls fn with the offsets oa and ob of the line's
// first element in two operands read with strides sa and sb, the line length
// n, and the operands' increments ia and ib along it. A rank-0 shape is one
// line of length 1; an empty shape is never visited.
func walk2(shape, sa, sb []int, fn func(oa, ob, n, ia, ib int)) {
	r := len(shape)
	if r == 0 {
		fn(0, 0, 1, 0, 0)
		return
	}
	for _, d := range shape {
		if d == 0 {
			return
		}
	}
	n, ia, ib := shape[r-1], sa[r-1], sb[r-1]
	idx := make([]int, r-1)
	oa, ob := 0, 0
	for {
		fn(oa, ob, n, ia, ib)
		ax := r - 2
		for ; ax >= 0; ax-- {
			idx[ax]++
			oa += sa[ax]
			ob += sb[ax]
			if idx[ax] < shape[ax] {
				break
			}
			oa -= sa[ax] * shape[ax]
			ob -= sb[ax] * shape[ax]
			idx[ax] = 0
		}
		if ax < 0 {
			return
		}
	}
}

// BroadcastTo returns a new tensor of the given shape holding t broadcast to
// it (a materialised copy). It panics if t's shape does not broadcast to shape,
// that is if BroadcastShapes(t.Shape(), shape) is not shape.
func BroadcastTo(t *Tensor, shape []int) *Tensor { return BroadcastToInto(nil, t, shape) }

// BroadcastToInto is BroadcastTo writing into dst (see Into).
func BroadcastToInto(dst, t *Tensor, shape []int) *Tensor {
	if n := t.Len(); n > 0 && repeats(t.shape, shape) {
		src := t.hostView().data
		out := Into("BroadcastTo", dst, shape)
		for off := 0; off < len(out.data); off += n {
			copy(out.data[off:off+n], src)
		}
		return out
	}
	if !SameShape(BroadcastShapes("BroadcastTo", t.shape, shape), shape) {
		panic(shapeErrorf("BroadcastTo", "shape %v does not broadcast to %v", t.shape, shape))
	}
	t = t.hostView()
	out := Into("BroadcastTo", dst, shape)
	k := 0
	walk2(shape, bcastStrides(t.shape, shape), make([]int, len(shape)), func(oa, _, n, ia, _ int) {
		for j := 0; j < n; j++ {
			out.data[k] = t.data[oa+j*ia]
			k++
		}
	})
	return out
}

// SumTo reverses broadcasting: it sums t over the axes along which a tensor of
// the given shape would have been broadcast to t's shape, so the result has
// exactly that shape. It is the gradient of broadcasting: if y = BroadcastTo(x,
// t.Shape()) then dL/dx = SumTo(dL/dy, x.Shape()). SumTo panics if shape does
// not broadcast to t's shape. Sums run in row-major order of t, so the result
// is deterministic.
func SumTo(t *Tensor, shape []int) *Tensor { return SumToInto(nil, t, shape) }

// SumToInto is SumTo writing into dst (see Into).
func SumToInto(dst, t *Tensor, shape []int) *Tensor {
	if n := product(shape); n > 0 && t.Len() > 0 && repeats(shape, t.shape) {
		// the same row-major order of additions as the general walk below
		src := t.hostView().data
		out := Into("SumTo", dst, shape)
		copy(out.data, src[:n])
		for off := n; off < len(src); off += n {
			for j, v := range src[off : off+n] {
				out.data[j] += v
			}
		}
		return out
	}
	if !SameShape(BroadcastShapes("SumTo", shape, t.shape), t.shape) {
		panic(shapeErrorf("SumTo", "shape %v does not broadcast to %v", shape, t.shape))
	}
	t = t.hostView()
	out := Into("SumTo", dst, shape)
	if SameShape(shape, t.shape) {
		copy(out.data, t.data)
		return out
	}
	clear(out.data)
	k := 0
	walk2(t.shape, bcastStrides(shape, t.shape), make([]int, len(t.shape)), func(oa, _, n, ia, _ int) {
		for j := 0; j < n; j++ {
			out.data[oa+j*ia] += t.data[k]
			k++
		}
	})
	return out
}
