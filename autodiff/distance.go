package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

// pairwiseSqDist is D_ij = ‖x_i − y_j‖² for the rows of X (n×d) and Y (m×d).
type pairwiseSqDist struct{}

func (pairwiseSqDist) Name() string { return "pairwise-sqdist" }

func (pairwiseSqDist) Shape(in ...[]int) []int {
	x, y := in[0], in[1]
	checkPointSets("pairwise-sqdist", "shapes", x, y)
	return []int{x[0], y[0]}
}

// checkPointSets panics unless a and b are matrices with the same number of
// columns: two sets of points of one dimension. what names them ("shapes").
func checkPointSets(op, what string, a, b []int) {
	if len(a) != 2 || len(b) != 2 || a[1] != b[1] {
		panic(linalg.ShapeErrorf("autodiff", op, "%s %v and %v are not point sets of one dimension", what, a, b))
	}
}

func (pairwiseSqDist) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return b.PairwiseSqDist(in[0], in[1])
}

// JVP: dD_ij = 2(x_i − y_j)·(dx_i − dy_j)
// = 2(x_i·dx_i − dx_i·y_j − x_i·dy_j + y_j·dy_j).
func (pairwiseSqDist) JVP(b linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	x, y := in[0], in[1]
	e, r := linalg.ElementwiserOf(b), linalg.ReducerOf(b)
	t := linalg.Zeros(out.Shape()...)
	if dx := d[0]; dx != nil {
		t = e.Add(t, r.Sum(e.Mul(x, dx), 1, true)) // n×1
		t = e.Sub(t, b.MatMul(dx, y, false, true)) // n×m
	}
	if dy := d[1]; dy != nil {
		t = e.Add(t, r.Sum(e.Mul(y, dy), 1, true).Reshape(1, -1)) // 1×m
		t = e.Sub(t, b.MatMul(x, dy, false, true))
	}
	return e.Scale(2, t)
}

// VJP: X̄ = 2(X·rowsum(D̄) − D̄·Y), Ȳ = 2(Y·colsum(D̄) − D̄ᵀ·X).
func (pairwiseSqDist) VJP(n, grad *Node) []*Node {
	x, y := n.inputs[0], n.inputs[1]
	gx := x.Mul(grad.SumAxis(1, true)).Sub(grad.MatMul(y)).Scale(2)
	gy := y.Mul(grad.SumAxis(0, false).Reshape(y.shape[0], 1)).Sub(grad.MatMulT(x, true, false)).Scale(2)
	return []*Node{gx, gy}
}

// PairwiseSqDist returns the n×m matrix of squared distances between the
// rows of n (n×d) and m (m×d): never negative, exactly 0 for equal rows.
func (n *Node) PairwiseSqDist(m *Node) *Node { return n.g.Apply(pairwiseSqDist{}, n, m) }

// checkBandwidth panics unless h holds one element.
func checkBandwidth(op string, h []int) {
	if product(h) != 1 {
		panic(linalg.ShapeErrorf("autodiff", op, "bandwidth of shape %v, want one element", h))
	}
}

// gaussianWeight is w = exp(−D/(2h²)) for squared distances D and a
// bandwidth node h: differentiable in both.
type gaussianWeight struct{}

func (gaussianWeight) Name() string { return "gaussian-weight" }

func (gaussianWeight) Shape(in ...[]int) []int {
	checkBandwidth("gaussian-weight", in[1])
	return in[0]
}

func (gaussianWeight) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.GaussianWeight(in[0], in[1].Item())
}

// JVP: dw = w·(−dD/(2h²) + D·dh/h³).
func (gaussianWeight) JVP(b linalg.Backend, in []*linalg.Tensor, w *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	D, h := in[0], in[1].Item()
	e := linalg.ElementwiserOf(b)
	t := linalg.Zeros(D.Shape()...)
	if d[0] != nil {
		t = e.Add(t, e.Scale(-1/(2*h*h), d[0]))
	}
	if d[1] != nil {
		t = e.Add(t, e.Scale(d[1].Item()/(h*h*h), D))
	}
	return e.Mul(w, t)
}

// VJP: D̄ = −w̄·w/(2h²), h̄ = Σ w̄·w·D / h³; the node itself stands for w.
func (gaussianWeight) VJP(n, grad *Node) []*Node {
	D, h := n.inputs[0], n.inputs[1]
	gw := grad.Mul(n)
	gD := gw.Div(h.Square().Scale(-2))
	gh := gw.Mul(D).Sum().Div(h.Square().Mul(h)).Reshape(h.shape...)
	return []*Node{gD, gh}
}

// GaussianWeight returns exp(−n/(2h²)) elementwise for squared distances n
// and a one-element bandwidth node h.
func (n *Node) GaussianWeight(h *Node) *Node { return n.g.Apply(gaussianWeight{}, n, h) }

// meanShiftStep is one Gaussian mean shift update of queries Y (m×d)
// against data X (n×d) with bandwidth h:
//
//	m(y_j) = Σ_i w_ji x_i / Σ_i w_ji,   w_ji = exp(−‖y_j − x_i‖²/(2h²)).
//
// Its forward pass is the backend's fused kernel. Its derivatives come from
// the same computation spelled in primitive ops (expand): the weights
// normalised over i are a softmax of −D/(2h²), so m = softmax(−D/(2h²))·X.
// Differentiating that expansion gives the JVP and VJP in Y, X and h, and
// since it is made of ops with second derivatives, Hessian-vector products
// through mean shift work too.
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

func (meanShiftStep) expand(in []*Node) *Node {
	y, x, h := in[0], in[1], in[2]
	scale := h.Square().Scale(-2).Inv() // −1/(2h²)
	return y.PairwiseSqDist(x).Mul(scale).Softmax(1).MatMul(x)
}

func (m meanShiftStep) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	return expandedJVP(b, m.expand, in, d)
}

func (m meanShiftStep) VJP(n, grad *Node) []*Node { return expandedVJP(n, grad, m.expand) }

// MeanShiftStep returns one Gaussian mean shift update of the query points n
// (m×d) against the data x (n×d) with bandwidth h (one element).
func (n *Node) MeanShiftStep(x, h *Node) *Node { return n.g.Apply(meanShiftStep{}, n, x, h) }

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
		panic(err) // the inputs were all set above; only a SecondOrderError can reach here
	}
	return out
}
