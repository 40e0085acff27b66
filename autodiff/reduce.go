package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// reduceKind is what a reduction computes; its value is the op's name.
type reduceKind string

const (
	reduceSum  reduceKind = "sum"
	reduceMean reduceKind = "mean"
	reduceMax  reduceKind = "max"
)

// reduce sums, averages or takes the maximum along one axis, or over every
// element when all is set (giving a rank-0 result).
type reduce struct {
	kind reduceKind
	axis int // normalised to 0 ≤ axis < rank; unused when all
	all  bool
	keep bool
}

func (r reduce) Name() string {
	if r.all {
		return string(r.kind)
	}
	return fmt.Sprintf("%s(axis %d)", r.kind, r.axis)
}

func (r reduce) Shape(in ...[]int) []int {
	if r.all {
		return []int{}
	}
	return linalg.ReducedShape(in[0], r.axis, r.keep)
}

// apply reduces t; sums run on b where b is a linalg.Reducer.
func (r reduce) apply(b linalg.Backend, t *linalg.Tensor) *linalg.Tensor {
	if r.all {
		switch r.kind {
		case reduceSum:
			if r, ok := b.(linalg.Reducer); ok && b != linalg.Backend(linalg.CPU{}) {
				// one line of all elements, summed as SumAll sums it
				return r.Sum(t.Reshape(-1), 0, false)
			}
			return linalg.Scalar(linalg.SumAll(t))
		case reduceMean:
			return linalg.Scalar(linalg.SumAll(t) / float64(t.Len()))
		}
		return linalg.Scalar(linalg.MaxAll(t))
	}
	switch r.kind {
	case reduceSum:
		return linalg.ReducerOf(b).Sum(t, r.axis, r.keep)
	case reduceMean:
		return linalg.Mean(t, r.axis, r.keep)
	}
	return linalg.Max(t, r.axis, r.keep)
}

func (r reduce) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return r.apply(b, in[0])
}

// count is the number of elements each output element reduces.
func (r reduce) count(shape []int) float64 {
	if r.all {
		return float64(product(shape))
	}
	return float64(shape[r.axis])
}

func (r reduce) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	if r.kind == reduceMax { // the tangent of the maximum is the tangent at the maximum
		sum := r
		sum.kind = reduceSum
		// strong zero: an infinite tangent off the maximum does not reach it
		return sum.apply(b, chainMul(d[0], maxMask{axis: r.axis, all: r.all}.Forward(b, in[0])))
	}
	return r.apply(b, d[0])
}

// VJP: every reduced element receives the output's gradient (divided by the
// count for a mean; only the maxima, sharing it equally at ties, for a max).
func (r reduce) VJP(n, grad *Node) []*Node {
	x := n.inputs[0]
	if !r.all && !r.keep {
		grad = grad.Reshape(linalg.ReducedShape(x.shape, r.axis, true)...)
	}
	g := grad.BroadcastTo(x.shape...)
	switch r.kind {
	case reduceMean:
		g = g.Scale(1 / r.count(x.shape))
	case reduceMax:
		g = g.chain(n.g.Apply(maxMask{axis: r.axis, all: r.all}, x))
	}
	return []*Node{g}
}

// maxMask marks the maxima along an axis (or over all elements) with 1/k,
// k the number of tied maxima, and 0 elsewhere (linalg.MaxMask): the
// derivative of max, with ties split evenly. It is piecewise constant, so
// its own derivative is zero.
type maxMask struct {
	indicator
	axis int
	all  bool
}

func (m maxMask) Name() string { return "argmax-mask" }

func (m maxMask) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	if m.all {
		return linalg.MaxMaskAll(in[0])
	}
	return linalg.MaxMask(in[0], m.axis)
}

func (n *Node) reduce(kind reduceKind, axis int, keep bool) *Node {
	return n.g.Apply(reduce{kind: kind, axis: n.axis(string(kind), axis), keep: keep}, n)
}

// axis normalises a possibly negative axis, panicking if out of range.
func (n *Node) axis(op string, axis int) int {
	r := len(n.shape)
	if axis < -r || axis >= r {
		panic(linalg.ShapeErrorf("autodiff", op, "axis %d out of range for shape %v", axis, n.shape))
	}
	if axis < 0 {
		axis += r
	}
	return axis
}

// Sum returns the sum of all elements, as a rank-0 node.
func (n *Node) Sum() *Node { return n.g.Apply(reduce{kind: reduceSum, all: true}, n) }

// Mean returns the mean of all elements, as a rank-0 node.
func (n *Node) Mean() *Node { return n.g.Apply(reduce{kind: reduceMean, all: true}, n) }

// Max returns the largest element, as a rank-0 node.
func (n *Node) Max() *Node { return n.g.Apply(reduce{kind: reduceMax, all: true}, n) }

// SumAxis sums along axis (negative counts from the end); keep keeps it with size 1.
func (n *Node) SumAxis(axis int, keep bool) *Node { return n.reduce(reduceSum, axis, keep) }

// MeanAxis averages along axis.
func (n *Node) MeanAxis(axis int, keep bool) *Node { return n.reduce(reduceMean, axis, keep) }

// MaxAxis takes the maximum along axis; ties share the gradient equally.
func (n *Node) MaxAxis(axis int, keep bool) *Node { return n.reduce(reduceMax, axis, keep) }

// alongAxis is the axis of a reduction that reads whole lines (LogSumExp,
// ArgMax) and whether it keeps it with size 1; it gives their shape.
type alongAxis struct {
	axis int
	keep bool
}

func (a alongAxis) Shape(in ...[]int) []int { return linalg.ReducedShape(in[0], a.axis, a.keep) }

// logSumExp is log Σ exp along an axis, computed stably.
type logSumExp struct{ alongAxis }

func (l logSumExp) Name() string { return fmt.Sprintf("logsumexp(axis %d)", l.axis) }

func (l logSumExp) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.LogSumExp(in[0], l.axis, l.keep)
}

// JVP: the softmax-weighted sum of the tangents, with the weights of
// linalg.LogSumExpGrad (0 on a line of all −Inf, not NaN) and the strong
// zero: an entry of weight 0 (at −Inf) passes on no tangent, even an
// infinite one.
func (l logSumExp) JVP(_ linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return linalg.Sum(chainMul(d[0], linalg.LogSumExpGrad(in[0], l.axis)), l.axis, l.keep)
}

// VJP: x̄ = softmax(x)·ȳ, the graph's Softmax having LogSumExpGrad's values.
func (l logSumExp) VJP(n, grad *Node) []*Node {
	x := n.inputs[0]
	if !l.keep {
		grad = grad.Reshape(linalg.ReducedShape(x.shape, l.axis, true)...)
	}
	return []*Node{grad.chain(x.Softmax(l.axis))}
}

// LogSumExp returns log Σ exp(n) along axis, without overflow.
func (n *Node) LogSumExp(axis int, keep bool) *Node {
	return n.g.Apply(logSumExp{alongAxis{n.axis("logsumexp", axis), keep}}, n)
}

// softmax normalises exp along an axis, computed stably. Its values are
// linalg.LogSumExpGrad's — the derivative of LogSumExp — which are
// linalg.Softmax's except on the lines where those are 0/0: a line of all
// −Inf gives zeros (no entry carries weight, as in a fully masked row of
// attention), a line holding +Inf gives 1/k to its k entries at +Inf. Its
// derivatives there are then 0 and finite.
type softmax struct{ axis int }

func (s softmax) Name() string            { return fmt.Sprintf("softmax(axis %d)", s.axis) }
func (s softmax) Shape(in ...[]int) []int { return in[0] }

func (s softmax) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.LogSumExpGrad(in[0], s.axis)
}

// JVP: ds = s·(dx − Σ s·dx), every product with the strong zero, so an
// entry at −Inf (weight 0) passes on no tangent.
func (s softmax) JVP(_ linalg.Backend, _ []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	mean := linalg.Sum(chainMul(d[0], out), s.axis, true)
	return chainMul(linalg.Sub(d[0], mean), out)
}

// VJP: x̄ = s·(ȳ − Σ ȳ·s), with the node itself standing for s.
func (s softmax) VJP(n, grad *Node) []*Node {
	return []*Node{grad.Sub(grad.chain(n).SumAxis(s.axis, true)).chain(n)}
}

// Softmax returns exp(n) normalised to sum 1 along axis.
func (n *Node) Softmax(axis int) *Node {
	return n.g.Apply(softmax{axis: n.axis("softmax", axis)}, n)
}
