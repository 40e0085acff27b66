package autodiff

import (
	"fmt"
	"slices"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Reductions over several axes at once are composed of the one-axis ones
// of reduce.go, so each has the rules of those: a sum, mean, maximum or
// product over axes (a, b) is the one over b of the one over a. The minimum
// is −max(−x), and a product is a tree of elementwise products of halves of
// the axis, so its gradient Π_{j≠i} x_j comes from the product rule alone —
// exact where the line holds zeros, with no division by x — and its second
// derivatives come from Mul's.

// reduceAxes normalises axes (none meaning all of them), refusing repeats,
// and returns them in decreasing order, so that reducing one with keep set
// leaves the others' numbers unchanged.
func (n *Node) reduceAxes(op string, axes []int) []int {
	if len(axes) == 0 {
		for a := range n.shape {
			axes = append(axes, a)
		}
	}
	out := make([]int, len(axes))
	for k, a := range axes {
		out[k] = n.axis(op, a)
		if slices.Contains(out[:k], out[k]) {
			panic(shapeErrorf(op, "axis %d repeated in %v for shape %v", a, axes, n.shape))
		}
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

// overAxes applies the one-axis reduction one (keeping the axis) over each
// axis, then drops the reduced axes unless keep is set.
func (n *Node) overAxes(op string, keep bool, axes []int, one func(x *Node, axis int) *Node) *Node {
	ax := n.reduceAxes(op, axes)
	x := n
	for _, a := range ax {
		x = one(x, a)
	}
	if keep {
		return x
	}
	var shape []int
	for a, d := range n.shape {
		if !slices.Contains(ax, a) {
			shape = append(shape, d)
		}
	}
	return x.Reshape(shape...)
}

// SumAxes sums n over the given axes (negative ones count from the end; none
// means all), keeping them with size 1 if keep is set (NumPy's keepdims). A
// repeated or out-of-range axis panics with a *linalg.ShapeError.
func (n *Node) SumAxes(keep bool, axes ...int) *Node {
	return n.overAxes("SumAxes", keep, axes, func(x *Node, a int) *Node { return x.SumAxis(a, true) })
}

// MeanAxes averages n over the given axes; see SumAxes.
func (n *Node) MeanAxes(keep bool, axes ...int) *Node {
	return n.overAxes("MeanAxes", keep, axes, func(x *Node, a int) *Node { return x.MeanAxis(a, true) })
}

// MaxAxes takes the maximum over the given axes; see SumAxes. Tied maxima
// share the gradient: evenly within a line of the last axis reduced, and
// the lines' shares evenly among the tied lines of the earlier ones.
func (n *Node) MaxAxes(keep bool, axes ...int) *Node {
	return n.overAxes("MaxAxes", keep, axes, func(x *Node, a int) *Node { return x.MaxAxis(a, true) })
}

// MinAxes takes the minimum over the given axes, as −max(−n); see MaxAxes.
func (n *Node) MinAxes(keep bool, axes ...int) *Node {
	return n.Neg().MaxAxes(keep, axes...).Neg()
}

// ProdAxes multiplies n over the given axes; see SumAxes and ProdAxis.
func (n *Node) ProdAxes(keep bool, axes ...int) *Node {
	return n.overAxes("ProdAxes", keep, axes, func(x *Node, a int) *Node { return x.prodAxis(a) })
}

// Min returns the smallest element, as a rank-0 node: −max(−n), so ties
// share the gradient evenly, as Max's do.
func (n *Node) Min() *Node { return n.Neg().Max().Neg() }

// MinAxis takes the minimum along axis; ties share the gradient equally.
func (n *Node) MinAxis(axis int, keep bool) *Node { return n.Neg().MaxAxis(axis, keep).Neg() }

// Prod returns the product of all elements, as a rank-0 node; see ProdAxis.
func (n *Node) Prod() *Node { return n.ProdAxes(false) }

// ProdAxis multiplies along axis (negative counts from the end); keep keeps
// it with size 1. The product of an empty axis is 1. The gradient of
// element i is the product of the others, Π_{j≠i} x_j, computed by the
// product rule over a tree of pairwise products (about log₂ of the axis's
// size elementwise Mul nodes), never as prod/x: it is exact where the line
// holds one zero (the others' product) or several (0).
func (n *Node) ProdAxis(axis int, keep bool) *Node {
	return n.ProdAxes(keep, axis)
}

// prodAxis multiplies along a normalised axis, keeping it with size 1.
func (n *Node) prodAxis(axis int) *Node {
	size := n.shape[axis]
	if size == 0 {
		shape := append([]int{}, n.shape...)
		shape[axis] = 1
		return n.g.Const("1", linalg.Full(1, shape...))
	}
	x := n
	for size > 1 {
		h := size / 2
		p := x.Slice(axis, 0, h, 1).Mul(x.Slice(axis, h, 2*h, 1))
		if size%2 == 1 {
			p = Concat(axis, p, x.Slice(axis, 2*h, size, 1))
		}
		x, size = p, size-h
	}
	return x
}

// Var returns the variance of n over the given axes (none: all of them),
// Σ(x − mean)² / (N − ddof), N the number of elements reduced: ddof 0 is the
// population variance (NumPy's default), ddof 1 the unbiased sample one
// (pandas' and R's). keep keeps the axes with size 1. It is built from
// MeanAxes, Sub, Square and SumAxes, so its derivatives are theirs. A
// negative ddof, or N ≤ ddof, panics with a *linalg.ShapeError naming "Var"
// (NumPy accepts a negative ddof; a divisor above N is no variance).
func (n *Node) Var(ddof int, keep bool, axes ...int) *Node {
	return n.variance("Var", ddof, keep, axes)
}

func (n *Node) variance(op string, ddof int, keep bool, axes []int) *Node {
	ax := n.reduceAxes(op, axes)
	count := 1
	for _, a := range ax {
		count *= n.shape[a]
	}
	if ddof < 0 || count <= ddof {
		panic(shapeErrorf(op, "ddof %d for %d elements per result (axes %v of shape %v)", ddof, count, ax, n.shape))
	}
	c := n.Sub(n.MeanAxes(true, ax...))
	return c.Square().SumAxes(keep, ax...).Scale(1 / float64(count-ddof))
}

// Std returns the standard deviation √Var(ddof, keep, axes…); see Var.
// Where the variance is exactly 0 (every element reduced equal, and their
// mean computed exactly) the derivative of √ is +Inf but that of the
// variance is exactly 0, and the strong zero of the chain rule gives the
// gradient 0 (not NaN) in both modes — the convention of |x| at 0. Where the
// elements are equal but their computed mean is not exact, the variance is
// a tiny positive number and the gradient that of the computed function.
func (n *Node) Std(ddof int, keep bool, axes ...int) *Node {
	return n.variance("Std", ddof, keep, axes).Sqrt()
}

// argMax is the index of the first maximum along an axis, as a float.
type argMax struct {
	indicator
	along alongAxis
}

func (a argMax) Name() string            { return fmt.Sprintf("argmax(axis %d)", a.along.axis) }
func (a argMax) Shape(in ...[]int) []int { return a.along.Shape(in...) }

func (a argMax) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.ArgMax(in[0], a.along.axis, a.along.keep)
}

// ArgMax returns the index of the first maximum of each line along axis
// (NumPy's argmax; a NaN counts as the largest, an empty line gives −1), as
// float64 values shaped like MaxAxis(axis, keep). It is not
// differentiable: an index is piecewise constant in n, so it is given
// derivative zero in both modes (its VJP sends no gradient back, its JVP is
// 0) and stops forward mode the way a comparison does. To use the indices
// to select, read them with linalg.Indices after a Run and build a Gather.
func (n *Node) ArgMax(axis int, keep bool) *Node {
	return n.g.Apply(argMax{along: alongAxis{n.axis("ArgMax", axis), keep}}, n)
}
