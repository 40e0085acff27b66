package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// meanShiftStep is one Gaussian mean shift update of queries Y (m×d)
// against data X (n×d) with bandwidth h:
//
//	m(y_j) = Σ_i w_ji x_i / Σ_i w_ji,   w_ji = exp(−‖y_j − x_i‖²/(2h²)).
//
// Its forward pass is the backend's fused kernel. Its derivatives come from
// the same computation spelled in primitive ops (expand), written so that
// every intermediate is as well scaled as the kernel's:
//
//	s = 1/σ                   σ = linalg.MeanShiftScale(Y, X, h), a power of
//	                          two, piecewise constant: derivative 0
//	u = h·s                   the bandwidth in units of σ
//	D = ‖y_j·s − x_i·s‖²      scaled before squaring: no overflow or underflow
//	E = D − min_i D           the row's nearest point at 0 (softmax shift)
//	ℓ = −min(E, 2000u²)/(2u²) logits, bounded below by −1000
//	A = softmax(ℓ)            the normalised weights
//	m = Y − Σ_i A_ji (y_j − x_i)   centred (pairwiseDiffSum)
//
// The update is centred, so no derivative multiplies the points themselves
// (m = A·X does: its VJP Ā = m̄·Xᵀ grows with the points and the softmax
// rule then cancels it, eight digits lost near 1e9); the distances and the
// centred sum take their derivatives from differences (distance.go). The
// logits are capped at −1000, where exp is already 0, so that no infinite
// logit meets a zero weight in a derivative (0·Inf), and u, not h, is
// divided by, so that no 1/h² or 1/h³ overflows for tiny bandwidths. The
// result does not depend on σ, which only keeps the numbers in range, so
// holding it constant gives the true derivatives; since the expansion is
// made of ops with second derivatives, Hessian-vector products through mean
// shift work too.
type meanShiftStep struct{}

func (meanShiftStep) Name() string { return "meanshift-step" }

func (meanShiftStep) Shape(in ...[]int) []int {
	checkPointSets("meanshift-step", "queries and data", in[0], in[1])
	checkBandwidth("meanshift-step", in[2])
	return in[0]
}

func (meanShiftStep) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return b.MeanShiftStep(in[0], in[1], in[2].Item())
}

// logitFloor is minus the smallest logit of the expansion: exp(−1000) is 0
// in float64, so capping there changes no weight and no derivative.
const logitFloor = 1000

func (meanShiftStep) expand(in []*Node) *Node {
	y, x, h := in[0], in[1], in[2]
	g := y.g
	s := g.Apply(meanShiftScale{}, y, x, h)
	u2 := h.Reshape().Mul(s).Square()
	D := y.Mul(s).PairwiseSqDist(x.Mul(s))
	E := D.Add(D.Neg().MaxAxis(1, true))
	logits := E.Minimum(u2.Scale(2 * logitFloor)).Div(u2).Scale(-0.5)
	return y.Sub(diffSum(y, x, logits.Softmax(1), false))
}

func (m meanShiftStep) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return expandedJVP(b, m.expand, in, d)
}

func (m meanShiftStep) VJP(n, grad *Node) []*Node { return expandedVJP(n, grad, m.expand) }

// MeanShiftStep returns one Gaussian mean shift update of the query points n
// (m×d) against the data x (n×d) with bandwidth h (one element).
//
// Range. The step is finite for every h > 0 and finite data whose
// coordinates are below 2^1022 ≈ 4.5e307 in magnitude, and accurate as
// linalg's CPU.MeanShiftStep says (fully, for queries within a few thousand
// bandwidths of their nearest data point). Its derivatives in the queries,
// the data and h, in forward and reverse mode, are finite and accurate to
// rounding (times the conditioning of the weights) wherever their exact
// values are below the overflow threshold, for u = h/σ ≥ 1e-150 (first
// order) and u ≥ 1e-50 (second order, Hessian-vector products), σ being
// linalg.MeanShiftScale. For data of extent E (the largest range of one
// coordinate over queries and data) and largest coordinate C that is
//
//	first order:   h ≥ 1e-300·E  and  h ≥ 1e-450·C
//	second order:  h ≥ 1e-200·E  and  h ≥ 1e-350·C
//
// (below, they turn NaN). At h = 1e-170 on data of size 1, a query with one
// nearest point moves onto it, with ∂m/∂y = 0, ∂m/∂h = 0 and ∂m/∂x = 1 for
// that point (the exact values differ from these by e^(−10^338)). The
// derivatives do not change when every point moves by one vector (up to the
// rounding of the points), nor when points and bandwidth change units
// together, from 1e-170 to 1e155 and beyond. What they cannot be is finite
// where the exact value is not: for a query midway between two points at
// h = 1e-170, ∂m/∂y = Cov_w(x)/h² is about 1e339, and comes out +Inf.
func (n *Node) MeanShiftStep(x, h *Node) *Node { return n.g.Apply(meanShiftStep{}, n, x, h) }

// meanShiftScale is 1/σ for σ = linalg.MeanShiftScale(Y, X, h), a power of
// two chosen from the magnitudes of its inputs, as a rank-0 node. It is
// piecewise constant, so its derivative is 0; mean shift's expansion uses it
// only where the result does not depend on it. Its forward pass reads Y and
// X on the host (device tensors are copied down once).
type meanShiftScale struct{}

func (meanShiftScale) Name() string            { return "meanshift-scale" }
func (meanShiftScale) Shape(in ...[]int) []int { return []int{} }

func (meanShiftScale) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Scalar(1 / linalg.MeanShiftScale(in[0], in[1], in[2].Item()))
}

func (meanShiftScale) JVP(linalg.Backend, []*linalg.Tensor, *linalg.Tensor, []*linalg.Tensor) *linalg.Tensor {
	return linalg.Scalar(0)
}

func (meanShiftScale) VJP(_, _ *Node) []*Node { return []*Node{nil, nil, nil} }

// expandedVJP is reverse mode through an op's expansion into primitives.
// The expansion reads each input through its own slot node, so that it
// yields the partial derivative for each argument position even when two
// positions hold the same node (mean shift of the data itself, Y = X); the
// outer backward pass then adds the paths up, once.
func expandedVJP(n, grad *Node, expand func([]*Node) *Node) []*Node {
	slots := make([]*Node, len(n.inputs))
	for i, in := range n.inputs {
		slots[i] = n.g.Apply(linear{slot{}}, in)
	}
	return n.g.backward(expand(slots), grad, slots)
}

// slot passes its input through unchanged: a fresh node standing for one
// argument position of an expanded op. It is linear, its own transpose.
type slot struct{}

func (slot) Name() string            { return "slot" }
func (slot) Shape(in ...[]int) []int { return in[0] }

func (slot) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor { return in[0] }

func (slot) Transpose(_, grad *Node) []*Node { return []*Node{grad} }

// expandedJVP is forward mode through an op's expansion into primitives,
// on a scratch graph holding the inputs' values.
func expandedJVP(b linalg.Backend, expand func([]*Node) *Node, in, d []*linalg.Tensor) *linalg.Tensor {
	g := NewOn(b)
	nodes := make([]*Node, len(in))
	var wrt []*Node
	var v []*linalg.Tensor
	for i, t := range in {
		nodes[i] = g.Input(fmt.Sprint("in", i), t.Shape()...)
		nodes[i].Set(t)
		if d[i] != nil {
			wrt, v = append(wrt, nodes[i]), append(v, d[i])
		}
	}
	out, err := g.JVP(expand(nodes), wrt, v)
	if err != nil {
		panic(err) // the inputs were all set above: a SecondOrderError or a device failure
	}
	g.releaseExcept(out) // the scratch graph's device values
	return out
}
