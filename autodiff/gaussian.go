package autodiff

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// checkBandwidth panics unless h holds one element.
func checkBandwidth(op string, h []int) {
	if product(h) != 1 {
		panic(linalg.ShapeErrorf("autodiff", op, "bandwidth of shape %v, want one element", h))
	}
}

// gaussianWeight is φ_k(D, h) = s^k·exp(−s/2), s = D/h², for squared
// distances D and a bandwidth node h: for k = 0 the Gaussian weight w, for
// k ≥ 1 the moments that its derivatives need. With s written in units of
// h² the family is closed under differentiation,
//
//	∂φ_k/∂D = (k·φ_{k−1} − φ_k/2) / h²,   ∂φ_k/∂h = (φ_{k+1} − 2k·φ_k) / h,
//
// so every order of derivative is again a few φ's divided by h, never a
// product such as w·D/h³ whose factors overflow and underflow separately:
// for h = 1e-170, 1/h³ is +Inf, and every weight but those at distance 0 is
// exactly 0, so the product is NaN where the derivative is 0. Each φ_k is 0
// where its exponential underflows (even where s itself overflows), and the
// divisions by h come last, so a derivative is finite wherever its exact
// value is below the overflow threshold: for a distance 0 with h < 1e-154,
// ∂w/∂D = −1/(2h²) is not, and comes out −Inf.
type gaussianWeight struct{ k int }

func (w gaussianWeight) Name() string {
	if w.k == 0 {
		return "gaussian-weight"
	}
	return fmt.Sprintf("gaussian-moment %d", w.k)
}

func (w gaussianWeight) Shape(in ...[]int) []int {
	checkBandwidth(w.Name(), in[1])
	return in[0]
}

func (w gaussianWeight) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	if w.k == 0 {
		return linalg.GaussianWeight(in[0], in[1].Item())
	}
	return gaussianMoments(in[0], in[1].Item(), func(phi func(int) float64, _ float64) float64 { return phi(w.k) })
}

// gaussianMoments maps each squared distance D to f(φ, h), φ(j) being
// φ_j(D, h) (0 for j < 0); a bandwidth that is not positive gives NaN.
func gaussianMoments(D *linalg.Tensor, h float64, f func(phi func(int) float64, h float64) float64) *linalg.Tensor {
	if !(h > 0) {
		return linalg.Full(math.NaN(), D.Shape()...)
	}
	return linalg.Map(D, func(d float64) float64 {
		s := d / h / h // not d/(h·h): h·h underflows to 0 for h < 1e-162
		e := math.Exp(-0.5 * s)
		phi := func(j int) float64 {
			switch {
			case j < 0 || e == 0: // s^j·0 is 0, also for s = +Inf
				return 0
			case j == 0:
				return e
			}
			return math.Pow(s, float64(j)) * e
		}
		return f(phi, h)
	})
}

// JVP: dφ_k = (k·φ_{k−1} − φ_k/2)/h² · dD + (φ_{k+1} − 2k·φ_k)/h · dh.
func (w gaussianWeight) JVP(b linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
	D, h := in[0], in[1].Item()
	e := linalg.ElementwiserOf(b)
	k := float64(w.k)
	var t *linalg.Tensor
	if d[0] != nil {
		c := gaussianMoments(D, h, func(phi func(int) float64, h float64) float64 {
			return (k*phi(w.k-1) - 0.5*phi(w.k)) / h / h
		})
		t = mulStrongZero(e, d[0], c)
	}
	if d[1] != nil {
		c := gaussianMoments(D, h, func(phi func(int) float64, _ float64) float64 {
			return phi(w.k+1) - 2*k*phi(w.k)
		})
		th := e.Scale(d[1].Item()/h, c)
		if t == nil {
			return th
		}
		t = e.Add(t, th)
	}
	return t
}

// VJP: D̄ = φ̄·(k·φ_{k−1} − φ_k/2)/h/h, h̄ = Σ φ̄·(φ_{k+1} − 2k·φ_k)/h, with
// the node itself standing for φ_k and φ_{k±1} nodes of the same op.
func (w gaussianWeight) VJP(n, grad *Node) []*Node {
	D, h := n.inputs[0], n.inputs[1]
	hs := h.Reshape() // rank 0: broadcasts against D of any rank
	phi := func(j int) *Node { return n.g.Apply(gaussianWeight{j}, D, h) }
	cD := n.Scale(-0.5)
	if w.k > 0 {
		cD = phi(w.k - 1).Scale(float64(w.k)).Add(cD)
	}
	ch := phi(w.k + 1)
	if w.k > 0 {
		ch = ch.Sub(n.Scale(float64(2 * w.k)))
	}
	gD := grad.Mul(cD).Div(hs).Div(hs)
	gh := grad.Mul(ch).Sum().Div(hs).Reshape(h.shape...)
	return []*Node{gD, gh}
}

// GaussianWeight returns exp(−n/(2h²)) elementwise for squared distances n
// and a one-element bandwidth node h. Its derivatives are written in units
// of h (see gaussianWeight), so they stay finite for bandwidths down to the
// smallest normal number wherever their exact values are finite: at
// h = 1e-170, the weights of nonzero distances are 0 and so are their
// derivatives.
func (n *Node) GaussianWeight(h *Node) *Node { return n.g.Apply(gaussianWeight{}, n, h) }

// mulStrongZero returns tangent·factor elementwise on the backend, or, when
// some factor is infinite (∂w/∂D = −1/(2h²) at a distance 0 for h < 1e-154),
// with the chain rule's strong zero on the host: a zero tangent times an
// infinite partial is 0, not NaN, as in reverse mode.
func mulStrongZero(e linalg.Elementwiser, tangent, factor *linalg.Tensor) *linalg.Tensor {
	for _, v := range factor.Values() {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return chainMul(tangent, factor)
		}
	}
	return e.Mul(tangent, factor)
}
