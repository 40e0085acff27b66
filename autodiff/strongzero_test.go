package autodiff_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/autodiff/internal/optable"
	"github.com/epsilon-engine/epsilon/linalg"
)

// derivativesAt returns, for the scalar y of the input x at the point p,
// the reverse-mode gradient, the forward-mode JVP along each unit vector
// (as a vector) and the HVP along v.
func derivativesAt(t *testing.T, g *autodiff.Graph, x, y *autodiff.Node, p, v []float64) (rev, fwd, hvp []float64) {
	t.Helper()
	n := len(p)
	x.Set(linalg.New([]int{n}, append([]float64{}, p...)))
	gr, err := g.Gradient(y, x)
	if err != nil {
		t.Fatal(err)
	}
	fwd = make([]float64, n)
	for j := range fwd {
		e := linalg.Zeros(n)
		e.Data()[j] = 1
		jv, err := g.JVP(y, []*autodiff.Node{x}, []*linalg.Tensor{e})
		if err != nil {
			t.Fatal(err)
		}
		fwd[j] = jv.Item()
	}
	hv, err := g.HVP(y, []*autodiff.Node{x}, []*linalg.Tensor{linalg.New([]int{n}, v)})
	if err != nil {
		t.Fatal(err)
	}
	return gr[0].Data(), fwd, hv[0].Data()
}

func equalVec(a, b []float64, rel float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !relClose(a[i], b[i], rel) || math.IsNaN(a[i]) != math.IsNaN(b[i]) {
			return false
		}
	}
	return true
}

// TestStrongZeroGraph: where a branch that is not taken (or has a zero
// partial by a kink convention) has an infinite derivative, forward mode,
// reverse mode and the HVP agree on the finite answer, as the dual numbers
// do (dual's TestStrongZeroDual); before, forward mode gave NaN.
func TestStrongZeroGraph(t *testing.T) {
	cases := []struct {
		name     string
		f        func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node
		p        []float64
		grad, hv []float64 // at p, and H·(1, …, 1)
	}{
		{"max(2x+1, √x) at 0", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Scale(2).Add(g.Scalar(1)).Maximum(x.Sqrt()).Sum()
		}, []float64{0}, []float64{2}, []float64{0}},
		{"Σ max(2x+1, √x) at (0, 4, 0)", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Scale(2).Add(g.Scalar(1)).Maximum(x.Sqrt()).Sum()
		}, []float64{0, 4, 0}, []float64{2, 2, 2}, []float64{0, 0, 0}},
		{"min(2x−1, −√x) at 0", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Scale(2).Sub(g.Scalar(1)).Minimum(x.Sqrt().Neg()).Sum()
		}, []float64{0}, []float64{2}, []float64{0}},
		{"relu(√x) + x at 0", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Sqrt().ReLU().Add(x).Sum()
		}, []float64{0}, []float64{1}, []float64{0}},
		{"0·√x + 3x at 0", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return g.Scalar(0).Mul(x.Sqrt()).Add(x.Scale(3)).Sum()
		}, []float64{0}, []float64{3}, []float64{0}},
		{"(√x)⁰ + x at 0", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Sqrt().Pow(g.Scalar(0)).Add(x).Sum()
		}, []float64{0}, []float64{1}, []float64{0}},
		{"max over (2x+1, √x) as a reduction", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			a := x.Scale(2).Add(g.Scalar(1)).Reshape(1)
			b := x.Sqrt().Reshape(1)
			return a.BroadcastTo(2).Mul(g.Const("e0", linalg.New([]int{2}, []float64{1, 0}))).
				Add(b.BroadcastTo(2).Mul(g.Const("e1", linalg.New([]int{2}, []float64{0, 1})))).Max()
		}, []float64{0}, []float64{2}, []float64{0}},
		{"‖(2x+1, √x)‖₁ through a 0 weight: Σ relu(−x)·√x + x", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return x.Neg().ReLU().Mul(x.Sqrt()).Add(x).Sum()
		}, []float64{0}, []float64{1}, []float64{0}},
	}
	for _, c := range cases {
		g := autodiff.New()
		x := g.Input("x", len(c.p))
		y := c.f(g, x)
		v := make([]float64, len(c.p))
		for i := range v {
			v[i] = 1
		}
		rev, fwd, hv := derivativesAt(t, g, x, y, c.p, v)
		if !equalVec(rev, c.grad, 1e-15) || !equalVec(fwd, c.grad, 1e-15) {
			t.Errorf("%s: gradient reverse %v, forward %v, want %v", c.name, rev, fwd, c.grad)
		}
		if !equalVec(hv, c.hv, 1e-15) {
			t.Errorf("%s: HVP %v, want %v", c.name, hv, c.hv)
		}
	}
}

// TestLogSumExpAllNegInf: a line of all −Inf (a constant −Inf plus x·0)
// has LogSumExp −Inf and gradient 0, not NaN, in both modes, through
// LogSumExp and through Softmax; −Inf entries of other lines get exactly 0
// even against an infinite tangent; a line holding +Inf gives its
// gradient to the +Inf entries, shared.
func TestLogSumExpAllNegInf(t *testing.T) {
	ninf, pinf := math.Inf(-1), math.Inf(1)
	g := autodiff.New()
	x := g.Input("x", 4, 3)
	c := g.Const("c", linalg.New([]int{4, 3}, []float64{
		ninf, ninf, ninf, // all −Inf
		ninf, 0, 1, // some −Inf
		0, 1, 2, // ordinary
		pinf, 0, pinf, // +Inf
	}))
	z := c.Add(x.Mul(g.Scalar(0)).Add(x.Scale(1e-300).Scale(0))).Add(x.Mul(g.Const("m", linalg.New([]int{4, 3}, []float64{0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0}))))
	w := g.Const("w", linalg.New([]int{4, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}))
	lse := z.LogSumExp(1, false).Mul(g.Const("u", linalg.New([]int{4}, []float64{1, 1, 1, 0}))).Sum()
	soft := z.Softmax(1).Mul(w).Sum()
	x.Set(linalg.Zeros(4, 3))
	e1, e2 := math.Exp(1), math.Exp(2)
	s1 := []float64{0, 1 / (1 + e1), e1 / (1 + e1)}
	s2 := []float64{1 / (1 + e1 + e2), e1 / (1 + e1 + e2), e2 / (1 + e1 + e2)}
	wantLSE := append(append(append([]float64{0, 0, 0}, s1...), s2...), 0, 0, 0)
	// softmax: x̄ = s·(w − Σ s·w) on each line; 0 on the all −Inf line and
	// on the +Inf line (whose weights do not move).
	wantSoft := []float64{0, 0, 0}
	for _, l := range []struct {
		s []float64
		w []float64
	}{{s1, []float64{4, 5, 6}}, {s2, []float64{7, 8, 9}}} {
		m := 0.0
		for j := range l.s {
			m += l.s[j] * l.w[j]
		}
		for j := range l.s {
			wantSoft = append(wantSoft, l.s[j]*(l.w[j]-m))
		}
	}
	wantSoft = append(wantSoft, 0, 0, 0)
	for _, f := range []struct {
		name string
		y    *autodiff.Node
		want []float64
	}{{"logsumexp", lse, wantLSE}, {"softmax", soft, wantSoft}} {
		gr, err := g.Gradient(f.y, x)
		if err != nil {
			t.Fatal(err)
		}
		if !equalVec(gr[0].Data(), f.want, 1e-14) {
			t.Errorf("%s: reverse gradient %v, want %v", f.name, gr[0].Data(), f.want)
		}
		jf, err := g.Jacobian(f.y, x, autodiff.Forward)
		if err != nil {
			t.Fatal(err)
		}
		if !equalVec(jf.Data(), f.want, 1e-14) {
			t.Errorf("%s: forward gradient %v, want %v", f.name, jf.Data(), f.want)
		}
	}
	// The values themselves: −Inf for the all −Inf line; its softmax weights 0.
	g.Run(lse, soft)
	l := z.LogSumExp(1, false)
	s := z.Softmax(1)
	g.Run(l, s)
	if l.Value().Data()[0] != ninf || l.Value().Data()[3] != pinf {
		t.Errorf("LogSumExp = %v, want −Inf first and +Inf last", l.Value().Data())
	}
	if !equalVec(s.Value().Row(0).Data(), []float64{0, 0, 0}, 0) || !equalVec(s.Value().Row(3).Data(), []float64{0.5, 0, 0.5}, 0) {
		t.Errorf("Softmax rows = %v and %v, want 0s and (½, 0, ½)", s.Value().Row(0).Data(), s.Value().Row(3).Data())
	}
	// An infinite tangent at a −Inf entry (weight 0) passes nothing on.
	g2 := autodiff.New()
	a := g2.Input("a", 3)
	y2 := g2.Const("c", linalg.New([]int{3}, []float64{ninf, 0, 1})).Add(a.Sqrt()).LogSumExp(0, false)
	a.Set(linalg.New([]int{3}, []float64{0, 1, 1}))
	jv, err := g2.JVP(y2, []*autodiff.Node{a}, []*linalg.Tensor{linalg.New([]int{3}, []float64{1, 0, 0})})
	if err != nil || jv.Item() != 0 {
		t.Errorf("JVP with an infinite tangent at a −Inf entry = %v (%v), want 0", jv, err)
	}
}

// TestSquaredNormSecondOrder: ‖x‖² built as NormL2 then Square is x·x, so
// its gradient is 2x and its HVP 2v everywhere, x = 0 included (where
// ∇‖x‖ = 0 by convention and its derivative is unbounded); a Gaussian of the
// norm, exp(−‖x‖²/(2h²)), has HVP −v/h² at 0; the same kernel through
// PairwiseSqDist and GaussianWeight, at distance 0 from its centre, too.
func TestSquaredNormSecondOrder(t *testing.T) {
	v := []float64{0.3, -1.2, 2}
	const h = 0.7
	for _, p := range [][]float64{{0, 0, 0}, {1, -2, 0.5}} {
		g := autodiff.New()
		x := g.Input("x", 3)
		sq := x.NormL2().Square()
		rev, fwd, hv := derivativesAt(t, g, x, sq, p, v)
		want := []float64{2 * p[0], 2 * p[1], 2 * p[2]}
		if !equalVec(rev, want, 1e-14) || !equalVec(fwd, want, 1e-14) {
			t.Errorf("‖x‖² at %v: gradient reverse %v forward %v, want %v", p, rev, fwd, want)
		}
		if want := []float64{2 * v[0], 2 * v[1], 2 * v[2]}; !equalVec(hv, want, 1e-14) {
			t.Errorf("‖x‖² at %v: HVP %v, want 2v = %v", p, hv, want)
		}
		// Gaussian of the distance to the centre p, at p.
		g2 := autodiff.New()
		x2 := g2.Input("x", 3)
		k := x2.Sub(g2.Const("c", linalg.New([]int{3}, p))).NormL2().Square().Scale(-1 / (2 * h * h)).Exp()
		_, _, hv2 := derivativesAt(t, g2, x2, k, p, v)
		if want := []float64{-v[0] / (h * h), -v[1] / (h * h), -v[2] / (h * h)}; !equalVec(hv2, want, 1e-14) {
			t.Errorf("Gaussian of the norm at its centre %v: HVP %v, want −v/h² = %v", p, hv2, want)
		}
		// The kernel as mean shift builds it: squared distances, then weights.
		g3 := autodiff.New()
		x3 := g3.Input("x", 3)
		w := x3.Reshape(1, 3).PairwiseSqDist(g3.Const("c", linalg.New([]int{1, 3}, p))).GaussianWeight(g3.Scalar(h)).Sum()
		_, _, hv3 := derivativesAt(t, g3, x3, w, p, v)
		if want := []float64{-v[0] / (h * h), -v[1] / (h * h), -v[2] / (h * h)}; !equalVec(hv3, want, 1e-13) {
			t.Errorf("GaussianWeight(PairwiseSqDist) at distance 0 from %v: HVP %v, want −v/h² = %v", p, hv3, want)
		}
	}
	// ‖x‖ itself keeps the convention at 0: gradient 0 (its Hessian is
	// unbounded there and is not invented).
	g := autodiff.New()
	x := g.Input("x", 3)
	rev, fwd, _ := derivativesAt(t, g, x, x.NormL2(), []float64{0, 0, 0}, v)
	if !equalVec(rev, []float64{0, 0, 0}, 0) || !equalVec(fwd, []float64{0, 0, 0}, 0) {
		t.Errorf("∇‖x‖ at 0: reverse %v forward %v, want 0", rev, fwd)
	}
}

// TestReverseOverReverse: for every built-in op, the gradient of a scalar
// function of the gradient, ∇(zᵀ∇s) = H·z, agrees with the HVP
// (forward-over-reverse) — so reverse mode differentiates its own
// gradients, norms included. A user Func has no second-order rule: the
// second Grad panics with a SecondOrderError.
func TestReverseOverReverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range optable.Cases() {
		g, in, y := optable.Instance(c, rng)
		w := g.Const("w", optable.RandTensor(rng, y.Shape(), 0, 0))
		s := y.Mul(w).Sum().Sin()
		z := make([]*linalg.Tensor, len(in))
		for k, x := range in {
			z[k] = optable.RandTensor(rng, x.Shape(), 0, 0)
		}
		grads := g.Grad(s, in...)
		var zg *autodiff.Node
		for k, gk := range grads {
			term := gk.Mul(g.Const("z", z[k])).Sum()
			if zg == nil {
				zg = term
			} else {
				zg = zg.Add(term)
			}
		}
		var rr []*linalg.Tensor
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					e, ok := r.(autodiff.SecondOrderError)
					if !ok {
						panic(r)
					}
					err = e
				}
			}()
			rr, err = g.Gradient(zg, in...)
			return err
		}()
		if c.FirstOnly {
			if _, ok := err.(autodiff.SecondOrderError); !ok {
				t.Errorf("%s: reverse-over-reverse through a Func gave %v, want a SecondOrderError", c.Name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: reverse-over-reverse: %v", c.Name, err)
			continue
		}
		hv, err := g.HVP(s, in, z)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		for k := range in {
			if !equalVec(rr[k].Data(), hv[k].Data(), 1e-10) {
				t.Errorf("%s: input %d: reverse-over-reverse %v, HVP %v", c.Name, k, rr[k].Data(), hv[k].Data())
			}
		}
	}
}

// TestStrongZeroContractions: the strong zero holds through contractions
// (MatMul, Dot, Outer) as through elementwise products: a zero weight
// against √'s infinite derivative at 0 contributes 0 in forward mode as in
// reverse mode, and the gradient check passes, blaming nothing.
func TestStrongZeroContractions(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node
	}{
		{"dot", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return g.Const("c", linalg.New([]int{2}, []float64{1, 0})).Dot(x.Sqrt())
		}},
		{"matmul", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return g.Const("W", linalg.New([]int{1, 2}, []float64{1, 0})).MatMul(x.Sqrt().Reshape(2, 1)).Sum()
		}},
		{"outer", func(g *autodiff.Graph, x *autodiff.Node) *autodiff.Node {
			return g.Const("c", linalg.New([]int{2}, []float64{1, 0})).Outer(x.Sqrt()).Index(0, 0)
		}},
	} {
		g := autodiff.New()
		x := g.Input("x", 2)
		x.Set(linalg.New([]int{2}, []float64{1, 0}))
		y := tt.build(g, x)
		for _, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
			j, err := g.Jacobian(y, x, mode)
			if err != nil {
				t.Fatal(err)
			}
			if got := j.Values(); got[0] != 0.5 || got[1] != 0 {
				t.Errorf("%s: Jacobian (mode %d) = %v, want [0.5 0]", tt.name, mode, got)
			}
		}
		r, err := gradcheck.Check(y, []*autodiff.Node{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Blamed()) != 0 {
			t.Errorf("%s: the check blamed %v:\n%s", tt.name, r.Blamed()[0].Node.Label(), r)
		}
	}
}

// TestStrongZeroProductRule: √(x²) at 0 — sqrt′(0) = +Inf against the
// product rule's factor x = 0 — has derivative 0 in forward and reverse mode
// alike (the convention of |x| at its kink), where IEEE products give NaN.
func TestStrongZeroProductRule(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0, -3}))
	y := x.Mul(x).Sqrt().Sum()
	for _, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		j, err := g.Jacobian(y, x, mode)
		if err != nil {
			t.Fatal(err)
		}
		if got := j.Values(); got[0] != 0 || got[1] != -1 {
			t.Errorf("mode %d: ∂√(x²)/∂x at (0, −3) = %v, want [0 −1]", mode, got)
		}
	}
}
