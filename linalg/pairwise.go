package linalg

// The derivatives of pairwise squared distances, written from differences.
//
// D_ij = ‖a_i − b_j‖² is a function of the differences a_i − b_j alone, so it
// does not change when every point moves by the same vector, and neither do
// its derivatives. The textbook derivative rules, written with matrix
// products,
//
//	dD = 2(rowsum(a∘da)·1ᵀ − da·bᵀ − a·dbᵀ + 1·rowsum(b∘db)ᵀ)
//	ā  = 2(a·rowsum(D̄) − D̄·b)
//
// multiply the points themselves, not their differences: for points near
// 1e9 whose differences are near 1 each term is near 1e9 and their rounding
// errors (about 1e-7) swamp a result near 1, eight digits lost. The two
// kernels below contract the differences a_ik − b_jk directly, as
// PairwiseSqDist does, so every derivative of a pairwise distance is as
// accurate as the distance: they are the JVP (PairwiseDiffDot) and the VJP
// (PairwiseDiffSum) of PairwiseSqDist, and each is the other's transpose, so
// the family is closed under differentiation:
//
//	PairwiseDiffDot(a, b, u, v)_ij = (a_i − b_j)·(u_i − v_j)        n×m
//	PairwiseDiffSum(a, b, g)_ik    = Σ_j g_ij (a_ik − b_jk)          n×d
//
//	D(a, b)  = PairwiseDiffDot(a, b, a, b)
//	dD       = 2·PairwiseDiffDot(a, b, da, db)
//	ā        = 2·PairwiseDiffSum(a, b, D̄),  b̄ = 2·PairwiseDiffSum(b, a, D̄ᵀ)

// PairwiseDiffer is the capability of running the difference kernels of
// pairwise distances on the backend's device. Each method does what the
// package-level function of the same name does.
type PairwiseDiffer interface {
	PairwiseDiffDot(a, b, u, v *Tensor) *Tensor
	PairwiseDiffSum(a, b, g *Tensor, transG bool) *Tensor
}

var _ PairwiseDiffer = CPU{}

// PairwiseDifferOf returns b's PairwiseDiffer, or the CPU if b has none
// (which reads device operands on the host and returns a host tensor).
func PairwiseDifferOf(b Backend) PairwiseDiffer {
	if p, ok := b.(PairwiseDiffer); ok {
		return p
	}
	return CPU{}
}

// PairwiseDiffDot returns the n×m matrix of inner products of differences
//
//	out_ij = (a_i − b_j)·(u_i − v_j) = Σ_k (a_ik − b_jk)(u_ik − v_jk)
//
// for a and u of shape n×d and b and v of shape m×d; a nil u or v stands for
// zeros. u and v are directions (tangents): a term whose direction
// difference is exactly 0 contributes 0 even against an infinite difference
// of points, the chain rule's strong zero, as in PairwiseDiffSum. PairwiseSqDist(a, b) is PairwiseDiffDot(a, b, a, b), and the JVP of
// PairwiseSqDist along (da, db) is 2·PairwiseDiffDot(a, b, da, db). Both
// differences are formed before they are multiplied, so the result does not
// change when a and b (or u and v) move by a common vector, up to the
// rounding of the differences themselves. It panics, naming the shapes,
// unless the four are point sets of one dimension as described.
func PairwiseDiffDot(a, b, u, v *Tensor) *Tensor {
	n, m, d := checkRows("PairwiseDiffDot", a, b)
	a, b = a.hostView(), b.hostView()
	var ud, vd []float64 // nil: zeros
	if u != nil {
		checkSame("PairwiseDiffDot", a, u)
		ud = u.hostView().data
	}
	if v != nil {
		checkSame("PairwiseDiffDot", b, v)
		vd = v.hostView().data
	}
	out := New([]int{n, m}, nil)
	for i := 0; i < n; i++ {
		ai := a.data[i*d : (i+1)*d]
		row := out.data[i*m : (i+1)*m]
		for j := range row {
			bj := b.data[j*d : (j+1)*d]
			var s float64
			for k, x := range ai {
				var dk float64 // u_ik − v_jk, a tangent: 0 stops an infinite difference
				if ud != nil {
					dk = ud[i*d+k]
				}
				if vd != nil {
					dk -= vd[j*d+k]
				}
				if dk != 0 {
					s += (x - bj[k]) * dk
				}
			}
			row[j] = s
		}
	}
	return out
}

// PairwiseDiffSum returns the n×d matrix of weighted sums of differences
//
//	out_ik = Σ_j g_ij (a_ik − b_jk)
//
// for a of shape n×d, b of shape m×d and g of shape n×m; with transG, g has
// shape m×n and g_ji takes the place of g_ij. It is the transpose of
// PairwiseDiffDot in (u, v): the VJP of PairwiseSqDist is
// ā = 2·PairwiseDiffSum(a, b, D̄, false), b̄ = 2·PairwiseDiffSum(b, a, D̄, true),
// and the centred Gaussian mean shift update is m_j = y_j − PairwiseDiffSum(y,
// x, A, false)_j for the normalised weights A. The differences are formed
// before they are weighted, so, unlike a·rowsum(g) − g·b, the result does not
// change when a and b move by a common vector. A weight that is exactly 0
// adds nothing, even where a difference is infinite (a strong zero, as in
// the chain rule: 0·Inf would otherwise turn the whole row into NaN). It
// panics, naming the shapes, unless a and b are point sets of one dimension
// and g has the shape above.
func PairwiseDiffSum(a, b, g *Tensor, transG bool) *Tensor {
	n, m, d := checkRows("PairwiseDiffSum", a, b)
	want := []int{n, m}
	if transG {
		want = []int{m, n}
	}
	if !SameShape(g.shape, want) {
		panic(shapeErrorf("PairwiseDiffSum", "shapes %v and %v with weights %v (transposed %v): want weights %v", a.shape, b.shape, g.shape, transG, want))
	}
	a, b, g = a.hostView(), b.hostView(), g.hostView()
	out := New([]int{n, d}, nil)
	for i := 0; i < n; i++ {
		ai, oi := a.data[i*d:(i+1)*d], out.data[i*d:(i+1)*d]
		for j := 0; j < m; j++ {
			gij := g.data[i*m+j]
			if transG {
				gij = g.data[j*n+i]
			}
			if gij == 0 {
				continue // a zero weight adds nothing, even for an infinite difference
			}
			bj := b.data[j*d : (j+1)*d]
			for k, x := range ai {
				oi[k] += gij * (x - bj[k])
			}
		}
	}
	return out
}

// checkSame panics, naming op and both shapes, unless a and b have the same
// shape.
func checkSame(op string, a, b *Tensor) {
	if !SameShape(a.shape, b.shape) {
		panic(shapeErrorf(op, "shapes %v and %v: want equal shapes for points and directions", a.shape, b.shape))
	}
}

// PairwiseDiffDot returns the inner products of differences; see the
// function PairwiseDiffDot.
func (CPU) PairwiseDiffDot(a, b, u, v *Tensor) *Tensor { return PairwiseDiffDot(a, b, u, v) }

// PairwiseDiffSum returns the weighted sums of differences; see the
// function PairwiseDiffSum.
func (CPU) PairwiseDiffSum(a, b, g *Tensor, transG bool) *Tensor {
	return PairwiseDiffSum(a, b, g, transG)
}
