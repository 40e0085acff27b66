package autodiff_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestEinsumErrors: bad subscripts return the parser's error and add
// nothing to the graph; shapes that contradict valid subscripts panic with
// a *linalg.ShapeError while the graph is built.
func TestEinsumErrors(t *testing.T) {
	g := autodiff.New()
	a, b := g.Input("a", 2, 3), g.Input("b", 3, 4)
	before := len(g.Nodes())
	y, err := g.Einsum("ik,kj->ix", a, b)
	var se *linalg.EinsumSyntaxError
	if y != nil || !errors.As(err, &se) || se.Pos != 8 || !strings.Contains(err.Error(), "output index x is not in the inputs") {
		t.Errorf("Einsum(\"ik,kj->ix\") = %v, %v; want the syntax error at position 8", y, err)
	}
	if len(g.Nodes()) != before {
		t.Errorf("a failed Einsum added %d nodes", len(g.Nodes())-before)
	}
	defer func() {
		e, ok := recover().(*linalg.ShapeError)
		if !ok || !strings.Contains(e.Msg, "index k has size 2 in operand 1") {
			t.Errorf("mismatched shapes: panic %v, want a *linalg.ShapeError", e)
		}
	}()
	g.Einsum("ik,kj->ij", a, a)
	t.Error("mismatched shapes did not panic")
}

// TestEinsumClosedForms: the gradients of einsums whose derivatives are
// known in closed form — ∇ tr A = I (the adjoint of a diagonal writes
// onto the diagonal), ∇_A uᵀAv = u vᵀ, ∇_u uᵀAv = Av, the gradient of a
// sum of a ...-broadcast product summed back over the size-1 axis — in
// both modes.
func TestEinsumClosedForms(t *testing.T) {
	g := autodiff.New()
	A := g.Input("A", 3, 3)
	A.Set(linalg.New([]int{3, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}))
	u, v := g.Input("u", 3), g.Input("v", 3)
	u.Set(linalg.New([]int{3}, []float64{1, -2, 0.5}))
	v.Set(linalg.New([]int{3}, []float64{3, 1, -1}))
	must := func(y *autodiff.Node, err error) *autodiff.Node {
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	tr := must(g.Einsum("ii->", A))
	form := must(g.Einsum("i,ij,j->", u, A, v))
	diag := must(g.Einsum("ii->i", A)).Mul(g.Const("w", linalg.New([]int{3}, []float64{10, 20, 30}))).Sum()
	for _, mode := range []autodiff.Mode{autodiff.Reverse, autodiff.Forward} {
		check := func(name string, y, x *autodiff.Node, want []float64) {
			t.Helper()
			j, err := g.Jacobian(y, x, mode)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range want {
				if math.Abs(j.Values()[i]-w) > 1e-14 {
					t.Errorf("mode %d: %s = %v, want %v", mode, name, j.Values(), want)
					break
				}
			}
		}
		check("∇ tr A", tr, A, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1})
		check("∇ Σ w·diag A", diag, A, []float64{10, 0, 0, 0, 20, 0, 0, 0, 30})
		check("∇_A uᵀAv", form, A, []float64{3, 1, -1, -6, -2, 2, 1.5, 0.5, -0.5})
		// Av = (1·3+2·1−3, 12+5−6, 21+8−9)
		check("∇_u uᵀAv", form, u, []float64{2, 11, 20})
	}

	// "...": x of shape [2 1 3] against y of shape [4 3]: x's middle axis is
	// broadcast over 4, so ∂/∂x of the sum of all products is Σ_rows y.
	h := autodiff.New()
	x, y := h.Input("x", 2, 1, 3), h.Input("y", 4, 3)
	x.Set(linalg.Full(1, 2, 1, 3))
	y.Set(linalg.New([]int{4, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}))
	s := must(h.Einsum("...i,...i->...", x, y)).Sum()
	grads, err := h.Gradient(s, x)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{22, 26, 30, 22, 26, 30}; !slices.Equal(grads[0].Values(), want) || !linalg.SameShape(grads[0].Shape(), []int{2, 1, 3}) {
		t.Errorf("∇_x of a broadcast product: %v %v, want [2 1 3] %v", grads[0].Shape(), grads[0].Values(), want)
	}
}

// TestEinsumHVP: the einsum's gradient is itself made of einsums, so the
// Hessian of the quadratic form xᵀAx, A + Aᵀ, comes out of
// forward-over-reverse and reverse-over-reverse alike.
func TestEinsumHVP(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{0.3, -1, 2}))
	A := g.Const("A", linalg.New([]int{3, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10}))
	q, err := g.Einsum("i,ij,j", x, A, x)
	if err != nil {
		t.Fatal(err)
	}
	H, err := g.Hessian(q, x)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{2, 6, 10, 6, 10, 14, 10, 14, 20}
	if !slices.Equal(H.Values(), want) {
		t.Errorf("Hessian of xᵀAx = %v, want A + Aᵀ = %v", H.Values(), want)
	}
}

// TestEinsumStrongZero: the einsum's chain-rule products have the strong
// zero, as MatMul's do: a zero weight against √'s infinite derivative at 0
// contributes 0 in both modes, and the check passes, blaming nothing.
func TestEinsumStrongZero(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{1, 0}))
	y, err := g.Einsum("i,ij,j->", g.Const("c", linalg.New([]int{2}, []float64{1, 0})), g.Const("I", linalg.New([]int{2, 2}, []float64{1, 0, 0, 1})), x.Sqrt())
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []autodiff.Mode{autodiff.Forward, autodiff.Reverse} {
		j, err := g.Jacobian(y, x, mode)
		if err != nil {
			t.Fatal(err)
		}
		if got := j.Values(); got[0] != 0.5 || got[1] != 0 {
			t.Errorf("mode %d: Jacobian %v, want [0.5 0]", mode, got)
		}
	}
	r, err := gradcheck.Check(y, []*autodiff.Node{x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Blamed()) != 0 {
		t.Errorf("the check blamed %v:\n%s", r.Blamed()[0].Node.Label(), r)
	}
}

// countingEinsumer is the CPU with its own Einsumer, counting calls.
type countingEinsumer struct {
	linalg.CPU
	calls *int
}

func (c countingEinsumer) Einsum(spec *linalg.EinsumSpec, operands ...*linalg.Tensor) *linalg.Tensor {
	*c.calls++
	return c.CPU.Einsum(spec, operands...)
}

// TestEinsumOnBackend: the graph runs an einsum on its backend's Einsumer
// where the backend has one, and the value and gradient do not change.
func TestEinsumOnBackend(t *testing.T) {
	calls := 0
	build := func(b linalg.Backend) (*autodiff.Graph, *autodiff.Node, *autodiff.Node) {
		g := autodiff.NewOn(b)
		a := g.Input("a", 2, 3)
		a.Set(linalg.New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6}))
		y, err := g.Einsum("ij,ij->i", a, a)
		if err != nil {
			t.Fatal(err)
		}
		return g, a, y.Sum()
	}
	g, a, s := build(countingEinsumer{calls: &calls})
	if err := g.Run(s); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || s.Value().Item() != 91 {
		t.Errorf("%d calls of the backend's Einsum, sum %v; want 1 and 91", calls, s.Value().Item())
	}
	grad, err := g.Gradient(s, a)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{2, 4, 6, 8, 10, 12}; !slices.Equal(grad[0].Values(), want) {
		t.Errorf("gradient %v, want %v", grad[0].Values(), want)
	}
}
