package dual_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// valuePoints are the arguments at which Value must match Eval bit for bit:
// signed zeros, infinities, NaN, the extremes of the float64 range, the
// points where rules switch branches, and random numbers of every magnitude.
func valuePoints() []float64 {
	xs := []float64{0, math.Copysign(0, -1), inf, -inf, nan, 1e300, -1e300, 1e-300, -1e-300,
		5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.5, -0.5, 2, -2, 3, -3,
		math.Pi, -math.Pi / 2, 710, -745, 20, -20, 1e-8, -1e-8, 1e20, -1e20}
	rng := rand.New(rand.NewPCG(8, 9))
	for range 300 {
		xs = append(xs, (2*rng.Float64()-1)*math.Pow(10, float64(rng.IntN(80)-40)))
	}
	return xs
}

// identical reports whether a and b are the same float64 bit for bit (+0
// is not −0), any NaN being the same as any other.
func identical(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// TestValueIsEvalsValue: every rule's value-only function returns exactly
// the f that its Eval returns, so skipping the derivatives never changes a
// result.
func TestValueIsEvalsValue(t *testing.T) {
	xs := valuePoints()
	for _, name := range dual.UnaryNames() {
		r, _ := dual.UnaryRuleFor(name)
		for _, x := range xs {
			if f, _, _ := r.Eval(x); !identical(r.Value(x), f) {
				t.Errorf("%s: Value(%v) = %v, Eval's f = %v", name, x, r.Value(x), f)
			}
		}
	}
	for _, name := range dual.BinaryNames() {
		r, _ := dual.BinaryRuleFor(name)
		for _, x := range xs {
			for _, y := range xs[:60] {
				for _, p := range [][2]float64{{x, y}, {y, x}} {
					if f, _ := r.Eval(p[0], p[1]); !identical(r.Value(p[0], p[1]), f) {
						t.Errorf("%s: Value(%v, %v) = %v, Eval's f = %v", name, p[0], p[1], r.Value(p[0], p[1]), f)
					}
				}
			}
		}
	}
}

// TestKinds checks each rule's Kind against what its Eval says: a linear
// rule has the same first partials everywhere and no second ones, and a
// bilinear f(x, y) = c·x·y has ∂x = c·y and ∂y = c·x. The rules the graph
// engine simplifies are the ones declared so.
func TestKinds(t *testing.T) {
	want := map[string]dual.Kind{"neg": dual.Linear, "add": dual.Linear, "sub": dual.Linear, "mul": dual.Bilinear}
	xs := randomPoints(10, -5, 5, 50)
	for _, name := range dual.UnaryNames() {
		r, _ := dual.UnaryRuleFor(name)
		if r.Kind != want[name] {
			t.Errorf("%s: kind %v, want %v", name, r.Kind, want[name])
		}
		if r.Kind != dual.Linear {
			continue
		}
		_, c, _ := r.Eval(0)
		for _, x := range xs {
			if f, d1, d2 := r.Eval(x); f != c*x || d1 != c || d2 != 0 {
				t.Errorf("%s, linear with slope %v: Eval(%v) = %v, %v, %v", name, c, x, f, d1, d2)
			}
		}
	}
	for _, name := range dual.BinaryNames() {
		r, _ := dual.BinaryRuleFor(name)
		if r.Kind != want[name] {
			t.Errorf("%s: kind %v, want %v", name, r.Kind, want[name])
		}
		_, p0 := r.Eval(0, 0)
		for i, x := range xs {
			y := xs[len(xs)-1-i]
			f, p := r.Eval(x, y)
			switch r.Kind {
			case dual.Linear:
				if f != p0.X*x+p0.Y*y || p != (dual.Partials{X: p0.X, Y: p0.Y}) {
					t.Errorf("%s, linear: Eval(%v, %v) = %v, %+v", name, x, y, f, p)
				}
			case dual.Bilinear:
				c := p0.XY
				if f != c*x*y || p != (dual.Partials{X: c * y, Y: c * x, XY: c}) {
					t.Errorf("%s, bilinear: Eval(%v, %v) = %v, %+v", name, x, y, f, p)
				}
			}
		}
	}
	if s := dual.Bilinear.String(); s != "bilinear" {
		t.Errorf("Bilinear.String() = %q", s)
	}
}

// TestRegistryCoversEveryMethod: every rule in the registry is a method of
// each number type and of the Elementwise interface (named as the rule, up to
// case), and the interface has no other method; Float's method returns the
// rule's Value bit for bit.
func TestRegistryCoversEveryMethod(t *testing.T) {
	unary, binary := dual.UnaryNames(), dual.BinaryNames()
	if len(unary) == 0 || len(binary) == 0 {
		t.Fatalf("empty registry: %v %v", unary, binary)
	}
	iface := reflect.TypeFor[dual.Elementwise[dual.Number]]()
	if n := iface.NumMethod(); n != len(unary)+len(binary) {
		t.Errorf("Elementwise has %d methods for %d rules", n, len(unary)+len(binary))
	}
	types := []reflect.Type{iface, reflect.TypeFor[dual.Float](), reflect.TypeFor[dual.Number](),
		reflect.TypeFor[dual.Hyper](), reflect.TypeFor[dual.Vec]()}
	for _, names := range [][]string{unary, binary} {
		for _, name := range names {
			for _, typ := range types {
				if _, ok := methodFor(typ, name); !ok {
					t.Errorf("%v has no method for rule %q", typ, name)
				}
			}
		}
	}
	for _, name := range unary {
		r, ok := dual.UnaryRuleFor(name)
		if !ok || r.Name != name {
			t.Fatalf("UnaryRuleFor(%q) = %v, %v", name, r.Name, ok)
		}
		m, _ := methodFor(reflect.TypeFor[dual.Float](), name)
		for _, x := range valuePoints()[:40] {
			got := m.Func.Call([]reflect.Value{reflect.ValueOf(dual.Float(x))})[0].Float()
			if !identical(got, r.Value(x)) {
				t.Errorf("Float(%v).%s() = %v, rule's Value %v", x, m.Name, got, r.Value(x))
			}
		}
	}
	for _, name := range binary {
		if r, ok := dual.BinaryRuleFor(name); !ok || r.Name != name {
			t.Fatalf("BinaryRuleFor(%q) = %v, %v", name, r.Name, ok)
		}
	}
	if _, ok := dual.UnaryRuleFor("max"); ok {
		t.Error(`UnaryRuleFor("max") found a rule`)
	}
	if _, ok := dual.BinaryRuleFor("sin"); ok {
		t.Error(`BinaryRuleFor("sin") found a rule`)
	}
}

// methodFor returns typ's method for the rule named name: the method whose
// name is the rule's up to case ("relu" → ReLU).
func methodFor(typ reflect.Type, name string) (reflect.Method, bool) {
	for i := range typ.NumMethod() {
		if m := typ.Method(i); strings.EqualFold(m.Name, name) {
			return m, true
		}
	}
	return reflect.Method{}, false
}
