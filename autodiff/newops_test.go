package autodiff_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// run builds y from an input of the given values and returns its value.
func runOn(t *testing.T, shape []int, vals []float64, f func(*autodiff.Node) *autodiff.Node) []float64 {
	t.Helper()
	g := autodiff.New()
	x := g.Input("x", shape...)
	x.Set(linalg.New(shape, vals))
	y := f(x)
	if err := g.Run(y); err != nil {
		t.Fatal(err)
	}
	return y.Value().Data()
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestIndexingValues: Slice, Index, Gather, ScatterAdd, Concat, Stack,
// Split and Cumsum give NumPy's values on x = arange(6).reshape(2, 3).
func TestIndexingValues(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5}
	N := autodiff.None
	tests := []struct {
		name string
		f    func(*autodiff.Node) *autodiff.Node
		want []float64
	}{
		{"x[:, 1:]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, 1, N, 1) }, []float64{1, 2, 4, 5}},
		{"x[:, :-1]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, N, -1, 1) }, []float64{0, 1, 3, 4}},
		{"x[:, ::-1]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(-1, N, N, -1) }, []float64{2, 1, 0, 5, 4, 3}},
		{"x[:, ::2]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, N, N, 2) }, []float64{0, 2, 3, 5}},
		{"x[:, 2:0:-1]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, 2, 0, -1) }, []float64{2, 1, 5, 4}},
		{"x[::-1, -1::-2]", func(n *autodiff.Node) *autodiff.Node { return n.Slice(0, N, N, -1).Slice(1, -1, N, -2) }, []float64{5, 3, 2, 0}},
		{"x[:, 2:1] (empty)", func(n *autodiff.Node) *autodiff.Node { return n.Slice(1, 2, 1, 1).Reshape(-1) }, []float64{}},
		{"x[-1]", func(n *autodiff.Node) *autodiff.Node { return n.Index(-1) }, []float64{3, 4, 5}},
		{"x[1, -3]", func(n *autodiff.Node) *autodiff.Node { return n.Index(1, -3) }, []float64{3}},
		{"take(x, [2, 0, 2, -1], 1)", func(n *autodiff.Node) *autodiff.Node { return n.Gather(1, []int{2, 0, 2, -1}) }, []float64{2, 0, 2, 2, 5, 3, 5, 5}},
		{"scatter-add into 4 rows", func(n *autodiff.Node) *autodiff.Node { return n.ScatterAdd(0, []int{3, -1}, 4) }, []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5, 7}},
		{"concatenate((x, x[:, :1]), 1)", func(n *autodiff.Node) *autodiff.Node { return autodiff.Concat(1, n, n.Slice(1, 0, 1, 1)) }, []float64{0, 1, 2, 0, 3, 4, 5, 3}},
		{"stack((x[0], x[1]), -1)", func(n *autodiff.Node) *autodiff.Node { return autodiff.Stack(-1, n.Index(0), n.Index(1)) }, []float64{0, 3, 1, 4, 2, 5}},
		{"split(x, [1, 2], 1)[1]", func(n *autodiff.Node) *autodiff.Node { return n.Split(1, 1, 2)[1] }, []float64{1, 2, 4, 5}},
		{"cumsum(x, 1)", func(n *autodiff.Node) *autodiff.Node { return n.Cumsum(1) }, []float64{0, 1, 3, 3, 7, 12}},
		{"cumsum(x, 0)", func(n *autodiff.Node) *autodiff.Node { return n.Cumsum(0) }, []float64{0, 1, 2, 3, 5, 7}},
	}
	for _, tt := range tests {
		if got := runOn(t, []int{2, 3}, x, tt.f); !sameFloats(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestReductionValues: the reductions over axes, Min, Prod, Var, Std,
// ArgMax, Clamp, PowConst, Dot and Outer give NumPy's values.
func TestReductionValues(t *testing.T) {
	x := []float64{1, -2, 3, 4, 0, 2}
	tests := []struct {
		name string
		f    func(*autodiff.Node) *autodiff.Node
		want []float64
	}{
		{"sum over (0, 1)", func(n *autodiff.Node) *autodiff.Node { return n.SumAxes(false) }, []float64{8}},
		{"sum over 0 keep", func(n *autodiff.Node) *autodiff.Node { return n.SumAxes(true, 0) }, []float64{5, -2, 5}},
		{"mean over 1", func(n *autodiff.Node) *autodiff.Node { return n.MeanAxes(false, 1) }, []float64{2.0 / 3, 2}},
		{"max over (1, 0)", func(n *autodiff.Node) *autodiff.Node { return n.MaxAxes(false, 1, 0) }, []float64{4}},
		{"min", (*autodiff.Node).Min, []float64{-2}},
		{"min axis 1", func(n *autodiff.Node) *autodiff.Node { return n.MinAxis(1, false) }, []float64{-2, 0}},
		{"min over 0", func(n *autodiff.Node) *autodiff.Node { return n.MinAxes(false, 0) }, []float64{1, -2, 2}},
		{"prod", (*autodiff.Node).Prod, []float64{0}},
		{"prod axis 1", func(n *autodiff.Node) *autodiff.Node { return n.ProdAxis(1, false) }, []float64{-6, 0}},
		{"var", func(n *autodiff.Node) *autodiff.Node { return n.Var(0, false) }, []float64{34.0/6 - (8.0/6)*(8.0/6)}},
		{"std ddof 1 axis 0", func(n *autodiff.Node) *autodiff.Node { return n.Std(1, false, 0) }, []float64{math.Sqrt(4.5), math.Sqrt(2), math.Sqrt(0.5)}},
		{"argmax axis 1", func(n *autodiff.Node) *autodiff.Node { return n.ArgMax(1, false) }, []float64{2, 0}},
		{"argmax axis 0 keep", func(n *autodiff.Node) *autodiff.Node { return n.ArgMax(0, true) }, []float64{1, 1, 0}},
		{"clamp(-1, 2)", func(n *autodiff.Node) *autodiff.Node { return n.Clamp(-1, 2) }, []float64{1, -1, 2, 2, 0, 2}},
		{"pow 3", func(n *autodiff.Node) *autodiff.Node { return n.PowConst(3) }, []float64{1, -8, 27, 64, 0, 8}},
		{"dot(x[0], x[1])", func(n *autodiff.Node) *autodiff.Node { return n.Index(0).Dot(n.Index(1)) }, []float64{10}},
		{"outer(x[0][:2], x[1][:2])", func(n *autodiff.Node) *autodiff.Node {
			return n.Index(0).Slice(0, 0, 2, 1).Outer(n.Index(1).Slice(0, 0, 2, 1))
		}, []float64{4, 0, -8, 0}},
	}
	for _, tt := range tests {
		got := runOn(t, []int{2, 3}, x, tt.f)
		ok := len(got) == len(tt.want)
		for i := range got {
			ok = ok && math.Abs(got[i]-tt.want[i]) <= 1e-14*math.Max(1, math.Abs(tt.want[i]))
		}
		if !ok {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// gradBoth returns the gradient of y = f(x) at x in reverse mode and the
// Jacobian's diagonal-free contraction in forward mode: the full Jacobian
// from both modes, flattened.
func gradBoth(t *testing.T, x *linalg.Tensor, f func(*autodiff.Node) *autodiff.Node) (rev, fwd []float64) {
	t.Helper()
	g := autodiff.New()
	n := g.Input("x", x.Shape()...)
	n.Set(x)
	y := f(n)
	jr, err := g.Jacobian(y, n, autodiff.Reverse)
	if err != nil {
		t.Fatal(err)
	}
	jf, err := g.Jacobian(y, n, autodiff.Forward)
	if err != nil {
		t.Fatal(err)
	}
	return jr.Data(), jf.Data()
}

// TestProdWithZeros: the gradient of a product is the product of the
// others, exact with one zero in the line and 0 with two, in both modes.
func TestProdWithZeros(t *testing.T) {
	for _, tt := range []struct {
		x, want []float64
	}{
		{[]float64{2, 0, 3, 5, 7}, []float64{0, 210, 0, 0, 0}},
		{[]float64{2, 0, 3, 0, 7}, []float64{0, 0, 0, 0, 0}},
		{[]float64{2, -1, 3, 0.5}, []float64{-1.5, 3, -1, -6}},
	} {
		rev, fwd := gradBoth(t, linalg.New([]int{len(tt.x)}, tt.x), (*autodiff.Node).Prod)
		if !sameFloats(rev, tt.want) || !sameFloats(fwd, tt.want) {
			t.Errorf("∇prod(%v): reverse %v, forward %v, want %v", tt.x, rev, fwd, tt.want)
		}
	}
}

// TestStdAtZeroVariance: at equal elements the gradient of Std is 0 in both
// modes (the strong zero against √′(0) = ∞), and its value 0.
func TestStdAtZeroVariance(t *testing.T) {
	for _, v := range []float64{0, 2, -0.5} {
		x := linalg.Full(v, 4)
		for ddof := range 2 {
			std := func(n *autodiff.Node) *autodiff.Node { return n.Std(ddof, false) }
			rev, fwd := gradBoth(t, x, std)
			want := make([]float64, 4)
			if !sameFloats(rev, want) || !sameFloats(fwd, want) {
				t.Errorf("∇std(%v…, ddof %d): reverse %v, forward %v, want 0", v, ddof, rev, fwd)
			}
		}
	}
}

// TestDoubleWhere: where(x > 0, √x, 0) and where(x ≠ 0, 1/x, 0) at x = 0
// have value 0, gradient 0 in both modes and a finite, zero HVP, though the
// branch not taken is infinite there (PyTorch and JAX give NaN).
func TestDoubleWhere(t *testing.T) {
	tests := []struct {
		name string
		f    func(x, zero *autodiff.Node) *autodiff.Node
	}{
		{"where(x > 0, sqrt(x), 0)", func(x, zero *autodiff.Node) *autodiff.Node {
			return autodiff.Where(x.Greater(zero), x.Sqrt(), zero)
		}},
		{"where(x != 0, 1/x, 0)", func(x, zero *autodiff.Node) *autodiff.Node {
			return autodiff.Where(x.NotEqual(zero), x.Inv(), zero)
		}},
		{"where(x == 0, 0, log(x)) with cond a plain node", func(x, zero *autodiff.Node) *autodiff.Node {
			return autodiff.Where(x, x.Log(), zero)
		}},
	}
	for _, tt := range tests {
		g := autodiff.New()
		x := g.Input("x", 3)
		x.Set(linalg.New([]int{3}, []float64{0, 0, 0}))
		y := tt.f(x, g.Scalar(0)).Sum()
		if err := g.Run(y); err != nil {
			t.Fatal(err)
		}
		if y.Value().Item() != 0 {
			t.Errorf("%s at 0 = %v, want 0", tt.name, y.Value().Item())
		}
		rev, fwd := gradBoth(t, x.Value(), func(n *autodiff.Node) *autodiff.Node { return tt.f(n, n.Graph().Scalar(0)) })
		gr, err := g.Gradient(y, x)
		if err != nil {
			t.Fatal(err)
		}
		jf, err := g.JVP(y, []*autodiff.Node{x}, []*linalg.Tensor{linalg.Full(1, 3)})
		if err != nil {
			t.Fatal(err)
		}
		hv, err := g.HVP(y, []*autodiff.Node{x}, []*linalg.Tensor{linalg.Full(1, 3)})
		if err != nil {
			t.Fatal(err)
		}
		zero := []float64{0, 0, 0}
		if !sameFloats(gr[0].Data(), zero) || jf.Item() != 0 || !sameFloats(hv[0].Data(), zero) || !sameFloats(fwd, make([]float64, 9)) || !sameFloats(rev, make([]float64, 9)) {
			t.Errorf("%s at 0: gradient %v, JVP %v, HVP %v, Jacobians %v and %v; want all 0", tt.name, gr[0].Data(), jf.Item(), hv[0].Data(), rev, fwd)
		}
	}
}

// TestWhereAwayFromZero: away from the kink Where passes the taken branch's
// derivative: d/dx where(x > 0, √x, 0) = 1/(2√x) for x > 0, 0 for x < 0.
func TestWhereAwayFromZero(t *testing.T) {
	x := linalg.New([]int{2}, []float64{4, -1})
	rev, fwd := gradBoth(t, x, func(n *autodiff.Node) *autodiff.Node {
		zero := n.Graph().Scalar(0)
		return autodiff.Where(n.Greater(zero), n.Sqrt(), zero)
	})
	want := []float64{0.25, 0, 0, 0}
	if !sameFloats(rev, want) || !sameFloats(fwd, want) {
		t.Errorf("Jacobian: reverse %v, forward %v, want %v", rev, fwd, want)
	}
}

// TestClampTies: the derivative of Clamp is 1 on the closed interval and 0
// outside; ArgMax and comparisons have derivative 0.
func TestClampTies(t *testing.T) {
	x := linalg.New([]int{5}, []float64{-2, -1, 0, 1, 2})
	rev, fwd := gradBoth(t, x, func(n *autodiff.Node) *autodiff.Node { return n.Clamp(-1, 1).Sum() })
	want := []float64{0, 1, 1, 1, 0}
	if !sameFloats(rev, want) || !sameFloats(fwd, want) {
		t.Errorf("∇Σclamp: reverse %v, forward %v, want %v", rev, fwd, want)
	}
	rev, fwd = gradBoth(t, x, func(n *autodiff.Node) *autodiff.Node {
		return n.ArgMax(0, false).Add(n.Greater(n.Graph().Scalar(0)).Sum())
	})
	if !sameFloats(rev, make([]float64, 5)) || !sameFloats(fwd, make([]float64, 5)) {
		t.Errorf("∇(argmax + Σ[x > 0]): reverse %v, forward %v, want 0", rev, fwd)
	}
}

// TestIndexingBadInput: out-of-range slices, indices and gathers, and
// mismatched joins panic with a *linalg.ShapeError naming the op, the
// shape and the index.
func TestIndexingBadInput(t *testing.T) {
	tests := []struct {
		op    string
		build func(x *autodiff.Node)
		want  []string
	}{
		{"Slice", func(x *autodiff.Node) { x.Slice(1, 0, 5, 1) }, []string{"stop 5", "[2 3]"}},
		{"Slice", func(x *autodiff.Node) { x.Slice(1, -4, 2, 1) }, []string{"start -4", "[2 3]"}},
		{"Slice", func(x *autodiff.Node) { x.Slice(1, 3, autodiff.None, -1) }, []string{"start 3", "[2 3]"}},
		{"Slice", func(x *autodiff.Node) { x.Slice(0, 0, 1, 0) }, []string{"step 0", "[2 3]"}},
		{"Slice", func(x *autodiff.Node) { x.Slice(2, 0, 1, 1) }, []string{"axis 2", "[2 3]"}},
		{"Index", func(x *autodiff.Node) { x.Index(0, 3) }, []string{"index 3", "[2 3]"}},
		{"Index", func(x *autodiff.Node) { x.Index(-3) }, []string{"index -3", "[2 3]"}},
		{"Index", func(x *autodiff.Node) { x.Index(0, 0, 0) }, []string{"[0 0 0]", "[2 3]"}},
		{"Gather", func(x *autodiff.Node) { x.Gather(1, []int{0, 3}) }, []string{"index 3", "[2 3]"}},
		{"Gather", func(x *autodiff.Node) { x.Gather(0, []int{-3}) }, []string{"index -3", "[2 3]"}},
		{"ScatterAdd", func(x *autodiff.Node) { x.ScatterAdd(0, []int{0, 4}, 4) }, []string{"index 4", "[4 3]"}},
		{"ScatterAdd", func(x *autodiff.Node) { x.ScatterAdd(0, []int{0}, 4) }, []string{"1 indices", "[2 3]"}},
		{"Concat", func(x *autodiff.Node) { autodiff.Concat(0, x, x.Graph().Input("y", 2, 2)) }, []string{"[2 2]", "[2 3]", "axis 1"}},
		{"Concat", func(x *autodiff.Node) { autodiff.Concat(1, x, x.Graph().Input("y", 6)) }, []string{"[6]", "[2 3]"}},
		{"Concat", func(x *autodiff.Node) { autodiff.Concat(0) }, []string{"no nodes"}},
		{"Stack", func(x *autodiff.Node) { autodiff.Stack(0, x, x.Reshape(3, 2)) }, []string{"[3 2]", "[2 3]"}},
		{"Split", func(x *autodiff.Node) { x.Split(1, 1, 1) }, []string{"[1 1]", "[2 3]"}},
		{"Where", func(x *autodiff.Node) { autodiff.Where(x, x, x.Graph().Input("y", 2)) }, []string{"[2]", "[2 3]"}},
		{"Clamp", func(x *autodiff.Node) { x.Clamp(1, -1) }, []string{"[1, -1]"}},
		{"Dot", func(x *autodiff.Node) { x.Dot(x) }, []string{"[2 3]"}},
		{"Var", func(x *autodiff.Node) { x.Var(2, false, 0) }, []string{"ddof 2", "[2 3]"}},
		{"SumAxes", func(x *autodiff.Node) { x.SumAxes(false, 1, -1) }, []string{"repeated", "[2 3]"}},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				r := recover()
				var se *linalg.ShapeError
				err, _ := r.(error)
				if !errors.As(err, &se) || se.Op != tt.op || !strings.HasPrefix(se.Msg, "autodiff: "+tt.op+": ") {
					t.Errorf("%s: panic %v, want a *linalg.ShapeError of op %s from autodiff", tt.op, r, tt.op)
					return
				}
				for _, w := range tt.want {
					if !strings.Contains(se.Msg, w) {
						t.Errorf("%s: message %q does not name %q", tt.op, se.Msg, w)
					}
				}
			}()
			g := autodiff.New()
			tt.build(g.Input("x", 2, 3))
		}()
	}
}

// TestProdHessianWithZeros: the Hessian of a product, ∂²/∂xᵢ∂xⱼ = Π_{k≠i,j}
// xₖ (0 on the diagonal), comes out exact at a line with a zero, from
// forward-over-reverse: column j is H·eⱼ.
func TestProdHessianWithZeros(t *testing.T) {
	x := []float64{2, 0, 3, 5}
	g := autodiff.New()
	n := g.Input("x", 4)
	n.Set(linalg.New([]int{4}, x))
	y := n.Prod()
	for j := range x {
		e := linalg.Zeros(4)
		e.Data()[j] = 1
		hv, err := g.HVP(y, []*autodiff.Node{n}, []*linalg.Tensor{e})
		if err != nil {
			t.Fatal(err)
		}
		for i := range x {
			want := 1.0
			for k, v := range x {
				if k != i && k != j {
					want *= v
				}
			}
			if i == j {
				want = 0
			}
			if got := hv[0].Data()[i]; got != want {
				t.Errorf("∂²prod/∂x%d∂x%d at %v = %v, want %v", i, j, x, got, want)
			}
		}
	}
}

// TestWhereNaNBranch: a NaN in the branch not taken (log of a negative
// number) reaches neither the value nor the gradient.
func TestWhereNaNBranch(t *testing.T) {
	x := linalg.New([]int{2}, []float64{-1, math.E})
	got := runOn(t, []int{2}, x.Data(), func(n *autodiff.Node) *autodiff.Node {
		zero := n.Graph().Scalar(0)
		return autodiff.Where(n.Greater(zero), n.Log(), zero)
	})
	if !sameFloats(got, []float64{0, 1}) {
		t.Errorf("where(x > 0, log x, 0) at (−1, e) = %v, want [0 1]", got)
	}
	rev, fwd := gradBoth(t, x, func(n *autodiff.Node) *autodiff.Node {
		zero := n.Graph().Scalar(0)
		return autodiff.Where(n.Greater(zero), n.Log(), zero)
	})
	want := []float64{0, 0, 0, 1 / math.E}
	if !sameFloats(rev, want) || !sameFloats(fwd, want) {
		t.Errorf("Jacobian at (−1, e): reverse %v, forward %v, want %v", rev, fwd, want)
	}
}
