package gradcheck_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The tests in this file each failed before the check was made to never
// pass a wrong rule (issue 8, section 1): each is one kind of fault that
// the check passed as OK.

// elementwise is a user op applying f with the derivative rules jvp (times
// the tangent) and vjp (times the gradient), so that the two can differ.
func elementwise(name string, f, jvp, vjp func(float64) float64) *autodiff.Func {
	return &autodiff.Func{
		Name:    name,
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return linalg.Map(in[0], f) },
		JVP: func(in []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor {
			return linalg.Mul(d[0], linalg.Map(in[0], jvp))
		},
		VJP: func(in []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{linalg.Mul(grad, linalg.Map(in[0], vjp))}
		},
	}
}

// checkOne checks Σ op(x) at x and returns the report and the op's node.
func checkOne(t *testing.T, op *autodiff.Func, x []float64) (*gradcheck.Report, *autodiff.Node) {
	t.Helper()
	g := autodiff.New()
	in := g.Input("x", len(x))
	in.Set(linalg.New([]int{len(x)}, x))
	n := g.ApplyFunc(op, in)
	r, err := gradcheck.Check(n.Sum(), []*autodiff.Node{in}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r, n
}

// requireBlamed fails unless the check is a mismatch that blames n alone.
func requireBlamed(t *testing.T, what string, r *gradcheck.Report, n *autodiff.Node) {
	t.Helper()
	b := r.Blamed()
	if r.Status != gradcheck.Mismatch || r.OK() || len(b) != 1 || b[0].Node != n {
		t.Errorf("%s: status %v, blamed %d ops; want a mismatch blaming %s:\n%s", what, r.Status, len(b), n.Label(), r)
	}
}

// TestNaNRuleIsAMismatch: a JVP rule that returns NaN at x = 0.7 (its VJP
// right) was reported as "truncation", OK: the tolerance, a max with a NaN,
// was NaN, and every comparison with it false.
func TestNaNRuleIsAMismatch(t *testing.T) {
	nanAt := func(bad float64, right func(float64) float64) func(float64) float64 {
		return func(x float64) float64 {
			if x == bad {
				return math.NaN()
			}
			return right(x)
		}
	}
	for _, tt := range []struct {
		name string
		op   *autodiff.Func
	}{
		{"JVP NaN at 0.7", elementwise("sin-nan-jvp", math.Sin, nanAt(0.7, math.Cos), math.Cos)},
		{"VJP NaN at 0.7", elementwise("sin-nan-vjp", math.Sin, math.Cos, nanAt(0.7, math.Cos))},
		{"JVP +Inf at 0.7", elementwise("sin-inf-jvp", math.Sin, func(x float64) float64 {
			if x == 0.7 {
				return math.Inf(1)
			}
			return math.Cos(x)
		}, math.Cos)},
	} {
		r, n := checkOne(t, tt.op, []float64{0.3, 0.7})
		if r.Status == gradcheck.NaNFound {
			// A NaN in the VJP is in the gradient graph: its provenance
			// must name the op's VJP, and the op must be blamed too.
			if r.NaN == nil || r.NaN.Node.GradientOf() != n && r.NaN.Node != n {
				t.Errorf("%s: NaN report does not name %s:\n%s", tt.name, n.Label(), r)
			}
			if b := r.Blamed(); len(b) != 1 || b[0].Node != n {
				t.Errorf("%s: blamed %v, want %s:\n%s", tt.name, b, n.Label(), r)
			}
			continue
		}
		requireBlamed(t, tt.name, r, n)
	}
}

// TestHalfVJPAtKink: at the kink of |x| both one-sided slopes bound any
// convention, and a VJP returning half of the JVP's value (1 and 0.5, both
// between −1 and 1) passed as "kink". Reverse and forward mode must agree
// at every point.
func TestHalfVJPAtKink(t *testing.T) {
	sign := func(x float64) float64 { // the right slope at 0, a valid convention
		if x < 0 {
			return -1
		}
		return 1
	}
	half := func(x float64) float64 { return sign(x) / 2 }
	r, n := checkOne(t, elementwise("abs-half-vjp", math.Abs, sign, half), []float64{0})
	requireBlamed(t, "half VJP at |x|'s kink", r, n)
	if r.Kink == nil || !strings.Contains(r.String(), "must agree, kink or not") {
		t.Errorf("the report should say the point is a kink and that the modes must agree there:\n%s", r)
	}
	// The same convention in both modes is a kink, not a bug.
	r, _ = checkOne(t, elementwise("abs-right-slope", math.Abs, sign, sign), []float64{0})
	if r.Status != gradcheck.Kink {
		t.Errorf("abs with the right slope as its convention in both modes: status %v, want kink:\n%s", r.Status, r)
	}
}

// TestZeroRuleAtLargeInputs: a rule that returns 0 (a stop-gradient by
// mistake) passed near 1e5, as "truncation": the step sweep's smallest
// absolute steps did not move x at all (x + h == x), so those differences
// were 0 and "agreed". Steps are now relative to each element, and a step
// that does not move the input is no evidence.
func TestZeroRuleAtLargeInputs(t *testing.T) {
	square := func(x float64) float64 { return x * x }
	zero := func(float64) float64 { return 0 }
	for _, x := range [][]float64{{1e5, -2e5}, {1e8, 3e8}, {1e17, 1e17}} {
		r, n := checkOne(t, elementwise("square-stopped", square, zero, zero), x)
		requireBlamed(t, "zero rule for x² at "+linalg.Summary(linalg.New([]int{2}, x)), r, n)
		if strings.Contains(r.String(), "disagreeing: finite differences") {
			t.Errorf("two modes that agree are not outvoted by name:\n%s", r)
		}
		if !strings.Contains(r.String(), "forward and reverse agree; finite differences disagree") {
			t.Errorf("the summary should say the modes agree and finite differences do not:\n%s", r)
		}
	}
	// The right rule passes at the same points.
	for _, x := range [][]float64{{1e5, -2e5}, {1e8, 3e8}, {1e17, 1e17}} {
		r, _ := checkOne(t, elementwise("square", square, func(x float64) float64 { return 2 * x }, func(x float64) float64 { return 2 * x }), x)
		if !r.OK() {
			t.Errorf("x² at %v with the right rule:\n%s", x, r)
		}
	}
}

// TestNaNInDataBlamesNoOp: an input that holds NaN is bad data; no op is
// blamed, and the report says so. Before, ops downstream of the NaN were
// checked in isolation on NaN values.
func TestNaNInDataBlamesNoOp(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.New([]int{3}, []float64{0.5, math.NaN(), 2}))
	w := g.Input("w", 3)
	w.Set(linalg.New([]int{3}, []float64{1, 2, 3}))
	y := x.Mul(w).Maximum(w).Tanh().Sum()
	r, err := gradcheck.Check(y, []*autodiff.Node{x, w}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != gradcheck.NaNFound || r.NaN == nil || !r.NaN.InData || r.NaN.Node != x {
		t.Fatalf("status %v, want NaN in the data of x:\n%s", r.Status, r)
	}
	if b := r.Blamed(); len(b) != 0 {
		t.Errorf("NaN data blamed %d ops:\n%s", len(b), r)
	}
	if text := r.String(); !strings.Contains(text, "NaN in the data: x holds NaN at element 1") || !strings.Contains(text, "no op is blamed") {
		t.Errorf("report does not call the NaN bad data:\n%s", text)
	}
}

// TestDisagreementNames: a disagreement of finite differences with two
// modes that agree says so, rather than naming finite differences alone.
func TestDisagreementNames(t *testing.T) {
	if s := gradcheck.FiniteDifferencesDisagree.String(); s != "forward and reverse agree; finite differences disagree" {
		t.Errorf("FiniteDifferencesDisagree reads %q", s)
	}
	if s := gradcheck.ReverseDisagrees.String(); s != "reverse" {
		t.Errorf("ReverseDisagrees reads %q", s)
	}
}

// TestCheckRefusesAndReports: a node given twice or no node at all is
// refused with a message; a Func whose rule returns the wrong shape is
// reported as an error, not a crash; and Check leaves every input as it
// found it.
func TestCheckRefusesAndReports(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x0 := linalg.New([]int{3}, []float64{0.1, 0.2, 0.3})
	x.Set(x0)
	y := x.Sin().Sum()
	for _, tt := range []struct {
		name, want string
		wrt        []*autodiff.Node
	}{
		{"twice", "twice", []*autodiff.Node{x, x}},
		{"none", "no nodes", nil},
	} {
		func() {
			defer func() {
				if msg := fmt.Sprint(recover()); !strings.Contains(msg, tt.want) {
					t.Errorf("%s: panic %q, want one saying %q", tt.name, msg, tt.want)
				}
			}()
			gradcheck.Check(y, tt.wrt, nil)
		}()
	}
	wrongJVP := &autodiff.Func{
		Name:    "wrong-jvp-shape",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor { return in[0].Clone() },
		JVP:     func(_ []*linalg.Tensor, _ *linalg.Tensor, _ []*linalg.Tensor) *linalg.Tensor { return linalg.Zeros(5) },
		VJP: func(_ []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{grad.Clone()}
		},
	}
	_, err := gradcheck.Check(g.ApplyFunc(wrongJVP, x).Sum(), []*autodiff.Node{x}, nil)
	var se *linalg.ShapeError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "wrong-jvp-shape") {
		t.Errorf("a Func with a JVP of the wrong shape: error %v, want one wrapping a *linalg.ShapeError naming it", err)
	}
	// A Forward rule that breaks only away from x0, so it panics while a
	// probe has moved x: Check reports it and puts x's own tensor back.
	breaksWhenMoved := &autodiff.Func{
		Name: "breaks-when-moved",
		Forward: func(in ...*linalg.Tensor) *linalg.Tensor {
			if in[0].Values()[0] != 0.1 {
				return linalg.Zeros(5)
			}
			return in[0].Clone()
		},
		JVP: func(_ []*linalg.Tensor, _ *linalg.Tensor, d []*linalg.Tensor) *linalg.Tensor { return d[0].Clone() },
		VJP: func(_ []*linalg.Tensor, _, grad *linalg.Tensor) []*linalg.Tensor {
			return []*linalg.Tensor{grad.Clone()}
		},
	}
	if _, err := gradcheck.Check(g.ApplyFunc(breaksWhenMoved, x).Sum(), []*autodiff.Node{x}, nil); !errors.As(err, &se) {
		t.Errorf("a Forward that breaks away from x0: error %v, want a *linalg.ShapeError", err)
	}
	if x.Value() != x0 {
		t.Error("Check did not put the input's own tensor back after a rule panicked mid-probe")
	}
	if got := gradcheck.Status(42).String(); got != "Status(42)" {
		t.Errorf("Status(42).String() = %q", got)
	}
}

// TestClampAtBothBounds: Clamp(0, 1) with elements on opposite bounds (two
// separate kinks, one convex and one concave) is a kink, not a wrong rule:
// its convention (derivative 1 on the closed interval) lies between the
// one-sided slopes of each element.
func TestClampAtBothBounds(t *testing.T) {
	for _, x0 := range [][]float64{{0, 1}, {1, 0}, {0, 1, 0.5}, {0, 0}, {1, 1}} {
		g := autodiff.New()
		x := g.Input("x", len(x0))
		x.Set(linalg.New([]int{len(x0)}, x0))
		r, err := gradcheck.Check(x.Clamp(0, 1).Sum(), []*autodiff.Node{x}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() || len(r.Blamed()) != 0 {
			t.Errorf("Clamp(0, 1) at %v: %v:\n%s", x0, r.Status, r)
		}
	}
}
