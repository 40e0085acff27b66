package autodiff

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// compareKind is what a comparison node tests; its value is the op's name.
type compareKind string

const (
	cmpGreater      compareKind = "greater"
	cmpGreaterEqual compareKind = "greater-equal"
	cmpLess         compareKind = "less"
	cmpLessEqual    compareKind = "less-equal"
	cmpEqual        compareKind = "equal"
	cmpNotEqual     compareKind = "not-equal"
)

// compare is 1 where the comparison holds and 0 elsewhere, broadcasting: a
// mask for Where. It is piecewise constant, so its derivative is zero and
// it is derivative-free (forward mode looks no further back through it).
type compare struct{ kind compareKind }

func (c compare) Name() string { return string(c.kind) }
func (c compare) Shape(in ...[]int) []int {
	return linalg.BroadcastShapes(string(c.kind), in[0], in[1])
}
func (c compare) VJP(n, _ *Node) []*Node { return make([]*Node, len(n.inputs)) }
func (c compare) derivativeFree()        {}
func (c compare) JVP(_ linalg.Backend, _ []*linalg.Tensor, out *linalg.Tensor, _ []*linalg.Tensor) *linalg.Tensor {
	return linalg.Zeros(out.Shape()...)
}

func (c compare) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map2(string(c.kind), in[0], in[1], func(x, y float64) float64 {
		var ok bool
		switch c.kind {
		case cmpGreater:
			ok = x > y
		case cmpGreaterEqual:
			ok = x >= y
		case cmpLess:
			ok = x < y
		case cmpLessEqual:
			ok = x <= y
		case cmpEqual:
			ok = x == y
		default:
			ok = x != y
		}
		if ok {
			return 1
		}
		return 0
	})
}

func (n *Node) compare(k compareKind, m *Node) *Node { return n.g.Apply(compare{kind: k}, n, m) }

// Greater returns 1 where n > m and 0 elsewhere, broadcasting (a NaN
// compares false, as in IEEE). Comparisons are masks for Where: their
// derivative is zero, and neither mode differentiates through them.
func (n *Node) Greater(m *Node) *Node { return n.compare(cmpGreater, m) }

// GreaterEqual returns 1 where n ≥ m and 0 elsewhere; see Greater.
func (n *Node) GreaterEqual(m *Node) *Node { return n.compare(cmpGreaterEqual, m) }

// Less returns 1 where n < m and 0 elsewhere; see Greater.
func (n *Node) Less(m *Node) *Node { return n.compare(cmpLess, m) }

// LessEqual returns 1 where n ≤ m and 0 elsewhere; see Greater.
func (n *Node) LessEqual(m *Node) *Node { return n.compare(cmpLessEqual, m) }

// Equal returns 1 where n = m and 0 elsewhere; see Greater.
func (n *Node) Equal(m *Node) *Node { return n.compare(cmpEqual, m) }

// NotEqual returns 1 where n ≠ m (NaN included) and 0 elsewhere; see Greater.
func (n *Node) NotEqual(m *Node) *Node { return n.compare(cmpNotEqual, m) }

// Where returns a where cond is nonzero and b where it is 0, elementwise over
// the broadcast shape of the three (NumPy's where; a NaN in cond counts as
// nonzero). cond is any node, typically a comparison (Greater, Less, Equal,
// …); it is not differentiated (a cond that is not a comparison is first
// turned into the mask cond ≠ 0).
//
// It is composed as a·m + b·(1 − m) for the 0/1 mask m, each product with
// the chain rule's strong zero (chain.go): a product with an exact 0 is 0
// even against ±Inf or NaN. So the branch not taken leaves no trace in the
// value, and its gradient and tangent are exactly 0 even where that branch
// is infinite or NaN: Where(x.Greater(zero), x.Sqrt(), zero) has derivative
// 0, not NaN, at x = 0 in forward mode, in reverse mode and in
// Hessian-vector products (the "double where" problem of JAX and PyTorch
// does not arise). Shapes that do not broadcast panic with a
// *linalg.ShapeError.
func Where(cond, a, b *Node) *Node {
	m := cond
	if _, ok := cond.op.(compare); !ok {
		m = cond.NotEqual(cond.g.Scalar(0))
	}
	func() {
		defer asOurs()
		linalg.BroadcastShapes("Where", linalg.BroadcastShapes("Where", m.shape, a.shape), b.shape)
	}()
	return a.chain(m).Add(b.chain(m.g.Scalar(1).Sub(m)))
}

// clamp limits its input to [lo, hi].
type clamp struct{ lo, hi float64 }

func (c clamp) Name() string            { return fmt.Sprintf("clamp[%g, %g]", c.lo, c.hi) }
func (c clamp) Shape(in ...[]int) []int { return in[0] }

func (c clamp) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map(in[0], func(x float64) float64 { return math.Min(math.Max(x, c.lo), c.hi) })
}

func (c clamp) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return chainMul(d[0], clampMask{lo: c.lo, hi: c.hi}.Forward(b, in[0]))
}

func (c clamp) VJP(n, grad *Node) []*Node {
	return []*Node{grad.chain(n.g.Apply(clampMask{lo: c.lo, hi: c.hi}, n.inputs[0]))}
}

// clampMask is clamp's derivative: 1 on [lo, hi], 0 outside, NaN at a NaN.
type clampMask struct {
	indicator
	lo, hi float64
}

func (m clampMask) Name() string { return "clamp-mask" }

func (m clampMask) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map(in[0], func(x float64) float64 {
		switch {
		case math.IsNaN(x):
			return x
		case x >= m.lo && x <= m.hi:
			return 1
		}
		return 0
	})
}

// Clamp returns n limited to [lo, hi] elementwise: lo below it, hi above it,
// NaN at a NaN. Its derivative is 1 inside and 0 outside; at the bounds
// themselves (x = lo or x = hi) it is 1, PyTorch's convention, so a value
// sitting exactly on a bound still learns. −Inf and +Inf are allowed as
// bounds (a one-sided clamp). lo > hi or a NaN bound panics with a
// *linalg.ShapeError naming "Clamp".
func (n *Node) Clamp(lo, hi float64) *Node {
	if !(lo <= hi) {
		panic(shapeErrorf("Clamp", "bounds [%g, %g] are not an interval (shape %v)", lo, hi, n.shape))
	}
	return n.g.Apply(clamp{lo, hi}, n)
}

// indicator is embedded by the piecewise constant ops (masks, comparisons,
// ArgMax): their derivative is zero wherever it exists, so they send no
// gradient back, give a zero tangent, and are derivative-free (forward mode
// looks no further back through them). Its Shape is the first input's.
type indicator struct{}

func (indicator) Shape(in ...[]int) []int { return in[0] }
func (indicator) VJP(n, _ *Node) []*Node  { return make([]*Node, len(n.inputs)) }
func (indicator) derivativeFree()         {}
func (indicator) JVP(_ linalg.Backend, _ []*linalg.Tensor, out *linalg.Tensor, _ []*linalg.Tensor) *linalg.Tensor {
	return linalg.Zeros(out.Shape()...)
}
