package autodiff_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestNodeMethodsCoverEveryRule: every rule of dual's registry is a method
// of *Node, named as the rule up to case (relu → ReLU), and the method
// applies that rule and no other.
func TestNodeMethodsCoverEveryRule(t *testing.T) {
	node := reflect.TypeFor[*autodiff.Node]()
	for _, c := range []struct {
		names []string
		args  int
	}{{dual.UnaryNames(), 0}, {dual.BinaryNames(), 1}} {
		for _, name := range c.names {
			m, ok := nodeMethod(node, name)
			if !ok {
				t.Errorf("*Node has no method for dual's rule %q", name)
				continue
			}
			g := autodiff.New()
			in := []reflect.Value{reflect.ValueOf(g.Input("x", 2))}
			for range c.args {
				in = append(in, reflect.ValueOf(g.Input("y", 2)))
			}
			out := m.Func.Call(in)[0].Interface().(*autodiff.Node)
			if got := out.Op().Name(); got != name {
				t.Errorf("Node.%s applies %q, want %q", m.Name, got, name)
			}
		}
	}
}

func nodeMethod(typ reflect.Type, name string) (reflect.Method, bool) {
	for i := range typ.NumMethod() {
		if m := typ.Method(i); strings.EqualFold(m.Name, name) {
			return m, true
		}
	}
	return reflect.Method{}, false
}

// TestUnaryUnknownName: asking for a function dual does not have is a
// programmer error, reported with a *linalg.ShapeError that names it.
func TestUnaryUnknownName(t *testing.T) {
	defer func() {
		e, ok := recover().(*linalg.ShapeError)
		if !ok || e.Op != "Unary" || !strings.Contains(e.Error(), `"no-such-function"`) {
			t.Errorf("panic %v, want a *linalg.ShapeError naming Unary and the name", e)
		}
	}()
	autodiff.New().Input("x", 2).Unary("no-such-function")
}

// TestLinearGradientsNeedNoPartials: the gradients of the linear and
// bilinear functions (neg, add, sub, mul) are built from the incoming
// gradient and the operands alone, with no node evaluating a derivative
// rule (names ending in ′ or holding ∂).
func TestLinearGradientsNeedNoPartials(t *testing.T) {
	for name, f := range map[string]func(x, y *autodiff.Node) *autodiff.Node{
		"neg": func(x, _ *autodiff.Node) *autodiff.Node { return x.Neg() },
		"add": (*autodiff.Node).Add,
		"sub": (*autodiff.Node).Sub,
		"mul": (*autodiff.Node).Mul,
	} {
		g := autodiff.New()
		x, y := g.Input("x", 2, 3), g.Input("y", 3)
		loss := f(x, y).Sum()
		built := len(g.Nodes())
		g.Grad(loss, x, y)
		for _, n := range g.Nodes()[built:] {
			if op := n.Op(); op != nil && (strings.HasSuffix(op.Name(), "′") || strings.Contains(op.Name(), "∂")) {
				t.Errorf("%s: the gradient evaluates the rule's derivative (%s)", name, op.Name())
			}
		}
	}
}
