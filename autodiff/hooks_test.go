package autodiff_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestReplace: Replace swaps an input's or a constant's value and returns
// the old one; it refuses ops and wrong shapes.
func TestReplace(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	c := g.Const("c", linalg.New([]int{2}, []float64{10, 20}))
	y := x.Mul(c).Sum()
	x.Set(linalg.New([]int{2}, []float64{1, 2}))
	old := c.Replace(linalg.New([]int{2}, []float64{1, 1}))
	if old.Data()[1] != 20 {
		t.Errorf("Replace returned %v, want the old value [10 20]", old.Data())
	}
	if err := g.Run(y); err != nil {
		t.Fatal(err)
	}
	if got := y.Value().Item(); got != 3 {
		t.Errorf("after Replace the constant moved: y = %v, want 3", got)
	}
	c.Replace(old)
	g.Run(y)
	if got := y.Value().Item(); got != 50 {
		t.Errorf("after putting it back y = %v, want 50", got)
	}
	if msg := panicText(func() { y.Replace(linalg.Scalar(0)) }); !strings.Contains(msg, "an op") {
		t.Errorf("Replace on an op: panic %q", msg)
	}
	if msg := panicText(func() { x.Replace(linalg.Zeros(3)) }); !strings.Contains(msg, "[3]") || !strings.Contains(msg, "Replace") {
		t.Errorf("Replace with a wrong shape: panic %q", msg)
	}
}

// TestJVPAt: JVPAt agrees with JVP at the point of the last run, and
// refuses an output that was never run.
func TestJVPAt(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	y := x.Sin().Mul(x)
	x.Set(linalg.New([]int{3}, []float64{0.1, 0.2, 0.3}))
	v := []*linalg.Tensor{linalg.New([]int{3}, []float64{1, -1, 2})}
	if _, err := g.JVPAt(y, []*autodiff.Node{x}, v); err == nil {
		t.Error("JVPAt before any Run gave no error")
	}
	want, err := g.JVP(y, []*autodiff.Node{x}, v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := g.JVPAt(y, []*autodiff.Node{x}, v)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Data() {
		if got.Data()[i] != want.Data()[i] {
			t.Errorf("JVPAt[%d] = %v, JVP at the run's values %v", i, got.Data()[i], want.Data()[i])
		}
	}
}

// TestVJPNodes: the reverse-mode graph of a tensor output is built once and
// gives VJP's numbers for any cotangent set on its seed.
func TestVJPNodes(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2, 3)
	w := g.Input("w", 3)
	y := x.Mul(w).Tanh()
	x.Set(linalg.New([]int{2, 3}, []float64{1, 2, 3, -1, -2, 0.5}))
	w.Set(linalg.New([]int{3}, []float64{0.1, -0.2, 0.3}))
	seed, grads := g.VJPNodes(y, x, w)
	seed2, grads2 := g.VJPNodes(y, x, w)
	if seed != seed2 || grads[0] != grads2[0] || grads[1] != grads2[1] {
		t.Error("VJPNodes built the reverse-mode graph twice")
	}
	u := linalg.New([]int{2, 3}, []float64{1, 0, -1, 2, 0.5, 3})
	want, err := g.VJP(y, []*autodiff.Node{x, w}, u)
	if err != nil {
		t.Fatal(err)
	}
	seed.Set(u)
	if err := g.Run(grads...); err != nil {
		t.Fatal(err)
	}
	for k := range grads {
		for i, v := range want[k].Data() {
			if grads[k].Value().Data()[i] != v {
				t.Errorf("grad %d[%d] = %v from VJPNodes, %v from VJP", k, i, grads[k].Value().Data()[i], v)
			}
		}
	}
}

func panicText(f func()) (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	f()
	return ""
}

// TestMisuseMessages: misuse that is not about shapes panics with a
// *autodiff.UsageError naming the call and what is wrong, never a nil
// dereference or a silent wrong answer.
func TestMisuseMessages(t *testing.T) {
	f := &autodiff.Func{Name: "copy", Forward: wrongShapeVJP.Forward, JVP: wrongShapeVJP.JVP, VJP: wrongShapeVJP.VJP}
	for _, tt := range []struct {
		name, op, want string
		f              func(g *autodiff.Graph)
	}{
		{"JVP with a node twice", "JVP", "twice", func(g *autodiff.Graph) {
			x := g.Input("x", 1)
			x.Set(linalg.Full(2, 1))
			g.JVP(x.Square(), []*autodiff.Node{x, x}, []*linalg.Tensor{linalg.Full(1, 1), linalg.Full(10, 1)})
		}},
		{"HVP with a node twice", "HVP", "twice", func(g *autodiff.Graph) {
			x := g.Input("x", 1)
			x.Set(linalg.Full(2, 1))
			g.HVP(x.Square().Sum(), []*autodiff.Node{x, x}, []*linalg.Tensor{linalg.Full(1, 1), linalg.Full(10, 1)})
		}},
		{"nil Func", "ApplyFunc", "nil Func", func(g *autodiff.Graph) { g.ApplyFunc(nil, g.Input("x", 1)) }},
		{"Func without rules", "ApplyFunc", "has no JVP, VJP", func(g *autodiff.Graph) {
			g.ApplyFunc(&autodiff.Func{Name: "half", Forward: f.Forward}, g.Input("x", 1))
		}},
		{"nil op", "Apply", "nil op", func(g *autodiff.Graph) { g.Apply(nil, g.Input("x", 1)) }},
		{"nil input", "add", "input 1 is nil", func(g *autodiff.Graph) { g.Input("x", 1).Add(nil) }},
		{"input of another graph", "add", "input 1 belongs to another graph", func(g *autodiff.Graph) {
			g.Input("x", 1).Add(autodiff.New().Input("y", 1))
		}},
		{"gradient of another graph's node", "Grad", "belongs to another graph", func(g *autodiff.Graph) {
			g.Grad(g.Input("x", 1).Sum(), autodiff.New().Input("y", 1))
		}},
		{"nil constant", "Const", "nil tensor", func(g *autodiff.Graph) { g.Const("c", nil) }},
		{"Set on an op", "Set", "not an input", func(g *autodiff.Graph) { g.Input("x", 1).Square().Set(linalg.Zeros(1)) }},
		{"Set nil", "Set", "nil tensor", func(g *autodiff.Graph) { g.Input("x", 1).Set(nil) }},
		{"unknown mode", "Jacobian", "unknown mode 7", func(g *autodiff.Graph) {
			x := g.Input("x", 1)
			x.Set(linalg.Zeros(1))
			g.Jacobian(x.Square(), x, autodiff.Mode(7))
		}},
	} {
		var got any
		func() {
			defer func() { got = recover() }()
			tt.f(autodiff.New())
		}()
		e, ok := got.(*autodiff.UsageError)
		if !ok {
			t.Errorf("%s: panic %v (%T), want an *autodiff.UsageError", tt.name, got, got)
			continue
		}
		if e.Op != tt.op || !strings.Contains(e.Error(), tt.want) || !strings.HasPrefix(e.Error(), "autodiff: "+tt.op+": ") {
			t.Errorf("%s: panic %q with Op %q, want Op %q and a message saying %q", tt.name, e.Error(), e.Op, tt.op, tt.want)
		}
	}
	// A Func changed after it was applied: the graph keeps the rules it got.
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.Zeros(2))
	y := g.ApplyFunc(f, x)
	f.JVP = nil
	if _, err := g.JVP(y, []*autodiff.Node{x}, []*linalg.Tensor{linalg.Full(1, 2)}); err != nil {
		t.Errorf("JVP after the Func changed: %v", err)
	}
}

// TestOutputFedBack: an output's value fed back as an input (a fixed-point
// loop: power iteration, repeated mean shift steps) gives the right product
// although the run reuses that output's buffer.
func TestOutputFedBack(t *testing.T) {
	g := autodiff.New()
	a := g.Const("A", linalg.New([]int{2, 2}, []float64{0, 1, 1, 0}))
	x := g.Input("x", 2, 1)
	out := a.MatMul(x)
	gram := x.MatMulT(x, false, true).Add(x.MatMulT(x, false, true))
	x.Set(linalg.New([]int{2, 1}, []float64{1, 2}))
	for step, want := range [][]float64{{2, 1}, {1, 2}, {2, 1}} {
		xv := append([]float64(nil), x.Value().Values()...)
		if err := g.Run(out, gram); err != nil {
			t.Fatal(err)
		}
		if got := out.Value().Values(); got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("step %d: A·x = %v, want %v", step, got, want)
		}
		if got := gram.Value().Values(); got[1] != 2*xv[0]*xv[1] || got[3] != 2*xv[1]*xv[1] {
			t.Fatalf("step %d: 2·x·xᵀ = %v for x = %v", step, got, xv)
		}
		x.Set(out.Value()) // feed the output back: x is now out's own buffer
	}
	m := g.Input("m", 2, 2)
	mm := m.MatMulT(m, false, true)
	m.Set(linalg.New([]int{2, 2}, []float64{1, 2, 3, 4}))
	if err := g.Run(mm); err != nil {
		t.Fatal(err)
	}
	m.Set(mm.Value())
	if err := g.Run(mm); err != nil {
		t.Fatal(err)
	}
	if got := mm.Value().Values(); got[0] != 146 || got[1] != 330 || got[2] != 330 || got[3] != 746 {
		t.Errorf("M·Mᵀ fed back = %v, want [146 330 330 746]", got)
	}
	// Two hops: an input holding one op's buffer must not be overwritten
	// by that op while another op later in the run still reads it.
	g2 := autodiff.New()
	y := g2.Input("y", 1)
	y.Set(linalg.New([]int{1}, []float64{0.1}))
	twice := y.Scale(2).Tanh()
	later := y.Sin()
	g2.Run(twice, later)
	y.Set(twice.Value())
	yv := y.Value().Values()[0]
	if err := g2.Run(twice, later); err != nil {
		t.Fatal(err)
	}
	if got, want := later.Value().Values()[0], math.Sin(yv); got != want {
		t.Errorf("sin(y) after feeding tanh(2y) back = %v, want %v", got, want)
	}
}

// TestJVPResultIsOwn: a JVP through a reshape (a view of the direction)
// returns a tensor of the caller's own, which a later change of the
// direction does not touch.
func TestJVPResultIsOwn(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	x.Set(linalg.Zeros(3))
	v := linalg.New([]int{3}, []float64{1, 0, 0})
	jv, err := g.JVP(x.Reshape(3, 1), []*autodiff.Node{x}, []*linalg.Tensor{v})
	if err != nil {
		t.Fatal(err)
	}
	v.Set(99, 0)
	if got := jv.Values()[0]; got != 1 {
		t.Errorf("the JVP changed with its direction: %v", got)
	}
}
