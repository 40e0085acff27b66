package autodiff

import (
	"github.com/epsilon-engine/epsilon/linalg"
)

// Pairwise squared distances and their derivative rules, all written from
// the differences x_i − y_j, never from the points alone (see linalg's
// pairwise.go): D = ‖x_i − y_j‖² does not change when every point moves by
// one vector, and so that its derivatives do not either, the JVP is
// 2(x_i − y_j)·(ẋ_i − ẏ_j) and the VJP 2Σ_j D̄_ij (x_i − y_j), not the
// expansion 2(X·rowsum(D̄) − D̄·Y), whose terms grow with the points and
// which loses eight digits for points near 1e9. The VJP is a graph op
// (pairwiseDiffSum) whose own rules use the same two kernels, so the family
// is closed under differentiation and every order is as stable as the
// distance itself.

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

// JVP: dD_ij = 2(x_i − y_j)·(dx_i − dy_j), from the differences.
func (pairwiseSqDist) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	t := linalg.PairwiseDifferOf(b).PairwiseDiffDot(in[0], in[1], d[0], d[1])
	s := linalg.ElementwiserOf(b).Scale(2, t)
	dropTemps([]*linalg.Tensor{s}, t)
	return s
}

// VJP: x̄_i = 2Σ_j D̄_ij (x_i − y_j), ȳ_j = 2Σ_i D̄_ij (y_j − x_i).
func (pairwiseSqDist) VJP(n, grad *Node) []*Node {
	x, y := n.inputs[0], n.inputs[1]
	return []*Node{scaledDiffSum(2, x, y, grad, false), scaledDiffSum(2, y, x, grad, true)}
}

// PairwiseSqDist returns the n×m matrix of squared distances between the
// rows of n (n×d) and m (m×d): never negative, exactly 0 for equal rows. Its
// derivatives are computed from the differences of the rows, so they are as
// accurate for points far from the origin as near it.
func (n *Node) PairwiseSqDist(m *Node) *Node { return n.g.Apply(pairwiseSqDist{}, n, m) }

// pairwiseDiffDot is P_ij = (a_i − b_j)·(u_i − v_j) (linalg.PairwiseDiffDot)
// for a, u of shape n×d and b, v of shape m×d: the JVP of pairwise distances
// as an op, and the VJP of pairwiseDiffSum in its weights. It is bilinear in
// (a, b) and (u, v), and symmetric: P(a, b, u, v) = P(u, v, a, b).
type pairwiseDiffDot struct{}

func (pairwiseDiffDot) Name() string { return "pairwise-diff-dot" }

func (pairwiseDiffDot) Shape(in ...[]int) []int {
	checkPointSets("pairwise-diff-dot", "shapes", in[0], in[1])
	if !linalg.SameShape(in[0], in[2]) || !linalg.SameShape(in[1], in[3]) {
		panic(linalg.ShapeErrorf("autodiff", "pairwise-diff-dot", "points %v, %v and directions %v, %v differ in shape", in[0], in[1], in[2], in[3]))
	}
	return []int{in[0][0], in[1][0]}
}

func (pairwiseDiffDot) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.PairwiseDifferOf(b).PairwiseDiffDot(in[0], in[1], in[2], in[3])
}

// JVP: dP = P(da, db, u, v) + P(a, b, du, dv), the first written as
// P(u, v, da, db) so that a nil tangent stands for zeros.
func (pairwiseDiffDot) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	p := linalg.PairwiseDifferOf(b)
	var t *linalg.Tensor
	if d[0] != nil || d[1] != nil {
		t = p.PairwiseDiffDot(in[2], in[3], d[0], d[1])
	}
	if d[2] != nil || d[3] != nil {
		t2 := p.PairwiseDiffDot(in[0], in[1], d[2], d[3])
		if t == nil {
			return t2
		}
		sum := linalg.ElementwiserOf(b).Add(t, t2)
		dropTemps(append([]*linalg.Tensor{sum}, append(in, d...)...), t, t2)
		t = sum
	}
	return t
}

// VJP: ā = Σ_j P̄_ij (u_i − v_j), b̄ = Σ_i P̄_ij (v_j − u_i), and the same for
// ū, v̄ with a, b: each a pairwiseDiffSum.
func (pairwiseDiffDot) VJP(n, grad *Node) []*Node {
	a, b, u, v := n.inputs[0], n.inputs[1], n.inputs[2], n.inputs[3]
	return []*Node{diffSum(u, v, grad, false), diffSum(v, u, grad, true), diffSum(a, b, grad, false), diffSum(b, a, grad, true)}
}

// pairwiseDiffSum is R_ik = c·Σ_j g_ij (a_ik − b_jk) (linalg.PairwiseDiffSum)
// for a (n×d), b (m×d) and weights g (n×m, or m×n when trans): the VJP of
// pairwise distances as an op (c = 2), and the centred mean shift update
// (c = 1). It is linear in the weights and in (a, b). The constant c is
// applied on the backend, so a VJP of distances stays on a device.
type pairwiseDiffSum struct {
	trans bool
	c     float64
}

func (pairwiseDiffSum) Name() string { return "pairwise-diff-sum" }

func (r pairwiseDiffSum) Shape(in ...[]int) []int {
	checkPointSets("pairwise-diff-sum", "shapes", in[0], in[1])
	want := []int{in[0][0], in[1][0]}
	if r.trans {
		want[0], want[1] = want[1], want[0]
	}
	if !linalg.SameShape(in[2], want) {
		panic(linalg.ShapeErrorf("autodiff", "pairwise-diff-sum", "points %v and %v with weights %v, want weights %v", in[0], in[1], in[2], want))
	}
	return in[0]
}

func (r pairwiseDiffSum) Forward(b linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return r.scaled(b, linalg.PairwiseDifferOf(b).PairwiseDiffSum(in[0], in[1], in[2], r.trans))
}

// scaled returns c·t, computed on the backend (t itself for c = 1), for a
// t of the caller's making, which it frees when it makes a new tensor.
func (r pairwiseDiffSum) scaled(b linalg.Backend, t *linalg.Tensor) *linalg.Tensor {
	if r.c == 1 {
		return t
	}
	s := linalg.ElementwiserOf(b).Scale(r.c, t)
	dropTemps([]*linalg.Tensor{s}, t)
	return s
}

// JVP: dR = R(da, db, g) + R(a, b, dg).
func (r pairwiseDiffSum) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	p := linalg.PairwiseDifferOf(b)
	var t *linalg.Tensor
	if d[0] != nil || d[1] != nil {
		z := zerosForNil(in, d)
		t = p.PairwiseDiffSum(z[0], z[1], in[2], r.trans)
	}
	if d[2] != nil {
		t2 := p.PairwiseDiffSum(in[0], in[1], d[2], r.trans)
		if t == nil {
			return r.scaled(b, t2)
		}
		sum := linalg.ElementwiserOf(b).Add(t, t2)
		dropTemps(append([]*linalg.Tensor{sum}, append(in, d...)...), t, t2)
		t = sum
	}
	return r.scaled(b, t)
}

// VJP: ā_ik = R̄_ik Σ_j g_ij, b̄_jk = −Σ_i g_ij R̄_ik (a matrix product of
// the weights, no points in it), ḡ_ij = Σ_k R̄_ik (a_ik − b_jk) = P(a, b, R̄, 0).
func (r pairwiseDiffSum) VJP(n, grad *Node) []*Node {
	a, b, g := n.inputs[0], n.inputs[1], n.inputs[2]
	if r.c != 1 {
		grad = grad.Scale(r.c)
	}
	zeros := func(x *Node) *Node { return n.g.Const("0", linalg.Zeros(x.shape...)) }
	if r.trans { // g is m×n
		ga := grad.Mul(g.SumAxis(0, false).Reshape(a.shape[0], 1))
		gb := g.MatMul(grad).Neg()
		gg := n.g.Apply(pairwiseDiffDot{}, b, a, zeros(b), grad)
		return []*Node{ga, gb, gg}
	}
	ga := grad.Mul(g.SumAxis(1, true))
	gb := g.MatMulT(grad, true, false).Neg()
	gg := n.g.Apply(pairwiseDiffDot{}, a, b, grad, zeros(b))
	return []*Node{ga, gb, gg}
}

// diffSum applies pairwiseDiffSum: Σ_j g_ij (a_i − b_j), with g_ji when trans.
func diffSum(a, b, g *Node, trans bool) *Node { return scaledDiffSum(1, a, b, g, trans) }

// scaledDiffSum is c·diffSum(a, b, g, trans).
func scaledDiffSum(c float64, a, b, g *Node, trans bool) *Node {
	return a.g.Apply(pairwiseDiffSum{trans: trans, c: c}, a, b, g)
}
