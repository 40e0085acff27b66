package linalg

// Add returns a + b elementwise, broadcasting the shapes (see BroadcastShapes).
func Add(a, b *Tensor) *Tensor {
	return Map2("Add", a, b, func(x, y float64) float64 { return x + y })
}

// Sub returns a − b elementwise, broadcasting the shapes.
func Sub(a, b *Tensor) *Tensor {
	return Map2("Sub", a, b, func(x, y float64) float64 { return x - y })
}

// Mul returns a · b elementwise (the Hadamard product), broadcasting the shapes.
func Mul(a, b *Tensor) *Tensor {
	return Map2("Mul", a, b, func(x, y float64) float64 { return x * y })
}

// Div returns a / b elementwise, broadcasting the shapes. Division by zero
// follows IEEE 754 (±Inf, or NaN for 0/0).
func Div(a, b *Tensor) *Tensor {
	return Map2("Div", a, b, func(x, y float64) float64 { return x / y })
}

// Map returns a new tensor of t's shape with f applied to every element.
func Map(t *Tensor, f func(float64) float64) *Tensor { return MapInto(nil, t, f) }

// MapInto is Map writing into dst (see Into for which dst it writes into).
func MapInto(dst, t *Tensor, f func(float64) float64) *Tensor {
	t = t.hostView()
	out := Into("Map", dst, t.shape)
	for i, v := range t.data {
		out.data[i] = f(v)
	}
	return out
}

// Map2 returns f(a, b) elementwise over the broadcast shape of a and b. It
// panics, naming op and both shapes, if the shapes do not broadcast.
func Map2(op string, a, b *Tensor, f func(x, y float64) float64) *Tensor {
	return Map2Into(op, nil, a, b, f)
}

// Map2Into is Map2 writing into dst (see Into for which dst it writes into).
func Map2Into(op string, dst, a, b *Tensor, f func(x, y float64) float64) *Tensor {
	a, b = a.hostView(), b.hostView()
	if SameShape(a.shape, b.shape) {
		out := Into(op, dst, a.shape)
		for i, x := range a.data {
			out.data[i] = f(x, b.data[i])
		}
		return out
	}
	if n := len(b.data); n > 0 && len(a.data) > 0 && repeats(b.shape, a.shape) {
		// b repeats along a's leading axes (a bias, a scalar): no index walk
		return repeating(Into(op, dst, a.shape), a.data, b.data, f)
	}
	if n := len(a.data); n > 0 && len(b.data) > 0 && repeats(a.shape, b.shape) {
		return repeating(Into(op, dst, b.shape), b.data, a.data, func(y, x float64) float64 { return f(x, y) })
	}
	shape := BroadcastShapes(op, a.shape, b.shape)
	out := Into(op, dst, shape)
	k := 0
	walk2(shape, bcastStrides(a.shape, shape), bcastStrides(b.shape, shape), func(oa, ob, n, ia, ib int) {
		for j := 0; j < n; j++ {
			out.data[k] = f(a.data[oa+j*ia], b.data[ob+j*ib])
			k++
		}
	})
	return out
}

// Scale returns c·t.
func Scale(c float64, t *Tensor) *Tensor {
	t = t.hostView()
	out := New(t.shape, nil)
	for i, v := range t.data {
		out.data[i] = c * v
	}
	return out
}

// Dot returns the flat inner product Σ a_i b_i of two tensors with the same
// number of elements (shapes may differ). It panics if the lengths differ.
// Dot of empty tensors is 0.
func Dot(a, b *Tensor) float64 {
	a, b = a.hostView(), b.hostView()
	if len(a.data) != len(b.data) {
		panic(shapeErrorf("Dot", "shapes %v and %v have different lengths", a.shape, b.shape))
	}
	var s float64
	for i, x := range a.data {
		s += x * b.data[i]
	}
	return s
}

// repeating sets out to f(big, small) where small repeats along big's
// leading axes: f(big[off+j], small[j]) for each block of len(small).
func repeating(out *Tensor, big, small []float64, f func(x, y float64) float64) *Tensor {
	n := len(small)
	for off := 0; off < len(big); off += n {
		o, x := out.data[off:off+n], big[off:off+n]
		for j, y := range small {
			o[j] = f(x[j], y)
		}
	}
	return out
}
