package linalg

import "gonum.org/v1/gonum/mat"

// Jacobians and Hessians across epsilon are *Tensor values of shape
// out ++ in (see package autodiff, "Jacobians and Hessians"); for a vector
// function of a vector that is the m×n matrix whose row i is the gradient
// of output i. These helpers convert to and from the types other packages
// use: gonum's *mat.Dense (package fd) and rows of float64 (package dual,
// which imports nothing of ours; FromRows converts those).

// FromDense returns a rows×cols tensor holding a copy of m's elements.
func FromDense(m mat.Matrix) *Tensor {
	r, c := m.Dims()
	out := Zeros(r, c)
	for i := range r {
		for j := range c {
			out.data[i*c+j] = m.At(i, j)
		}
	}
	return out
}

// Matrix returns a copy of t's values as a rows×(Len/rows) gonum matrix, in
// row-major order: for a Jacobian of shape out ++ in, rows is the number of
// output elements, and the result is the flattened m×n Jacobian. It panics
// with a *ShapeError if rows does not divide Len, or is not positive while
// t has elements.
func (t *Tensor) Matrix(rows int) *mat.Dense {
	t.notNil("Matrix")
	n := t.Len()
	if rows <= 0 || n%rows != 0 || n == 0 {
		panic(shapeErrorf("Matrix", "tensor of shape %v as a matrix of %d rows", t.shape, rows))
	}
	return mat.NewDense(rows, n/rows, append([]float64(nil), t.Values()...))
}

// Rows returns a copy of t's values as rows of float64, t viewed as
// Len/(last dimension) rows: for a matrix, its rows, the form package
// dual's Jacobian and Hessian return.
func (t *Tensor) Rows() [][]float64 {
	t.notNil("Rows")
	if len(t.shape) == 0 {
		return [][]float64{{t.Item()}}
	}
	c := t.shape[len(t.shape)-1]
	v := t.Values()
	if c == 0 {
		return make([][]float64, product(t.shape[:len(t.shape)-1]))
	}
	rows := make([][]float64, len(v)/c)
	for i := range rows {
		rows[i] = append([]float64(nil), v[i*c:(i+1)*c]...)
	}
	return rows
}
