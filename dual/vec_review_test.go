package dual_test

import (
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// lifetimePanic reports whether use panics with Vec's lifetime message.
func lifetimePanic(use func()) (ok bool) {
	defer func() {
		msg, _ := recover().(string)
		ok = strings.Contains(msg, "after the pass")
	}()
	use()
	return false
}

// TestVecLifetimeAfterPanic: a pass that f leaves by panicking has ended
// too: a Vec it computed panics when used, even after a later call has
// reused the arena's chunks, rather than reading another Vec's partials.
func TestVecLifetimeAfterPanic(t *testing.T) {
	x := randomPoints(31, -1, 1, 4)
	for name, call := range map[string]func(f func([]dual.Vec) dual.Vec){
		"Gradient": func(f func([]dual.Vec) dual.Vec) { dual.Gradient(nil, f, x) },
		"Jacobian": func(f func([]dual.Vec) dual.Vec) {
			dual.Jacobian(func(v []dual.Vec) []dual.Vec { return []dual.Vec{f(v)} }, x)
		},
	} {
		var kept dual.Vec
		func() {
			defer func() { recover() }()
			call(func(v []dual.Vec) dual.Vec {
				kept = v[0].Mul(v[1]) // a chunk of the arena
				panic("f failed")
			})
		}()
		// Later calls write over the arena's chunks.
		for range 3 {
			dual.Gradient(nil, func(v []dual.Vec) dual.Vec { return v[2].Mul(v[3]).Scale(1e3) }, x)
		}
		if !lifetimePanic(func() { kept.Partials() }) {
			t.Errorf("%s: a Vec of a pass that f left by panicking reads %v", name, kept.Partial(0))
		}
	}
	// Jacobian's own panic (outputs of different lengths) ends its pass too.
	var kept dual.Vec
	x = randomPoints(32, -1, 1, dual.VecWidth+1)
	func() {
		defer func() { recover() }()
		pass := 0
		dual.Jacobian(func(v []dual.Vec) []dual.Vec {
			pass++
			kept = v[0].Mul(v[len(v)-1])
			return make([]dual.Vec, pass)
		}, x)
	}()
	if !lifetimePanic(func() { kept.Partials() }) {
		t.Errorf("Jacobian: a Vec of the pass that panicked reads %v", kept.Partial(0))
	}
}

// TestDivCorrectlyRounded: Div's real part is the IEEE quotient x/y on every
// number type and in the registry (correctly rounded: x/x = 1; no overflow
// of 1/y where x/y is finite), and its partials do not overflow where the
// true partial is finite.
func TestDivCorrectlyRounded(t *testing.T) {
	pts := [][2]float64{{7.949428951910196, 7.949428951910196}, {0.3, 0.1}, {1e-300, 1e-309}, {1e-320, 1e-310}, {5, 3}, {-2, 7}}
	for _, p := range randomPoints(40, -3, 3, 200) {
		pts = append(pts, [2]float64{p, p}, [2]float64{p, p * 3})
	}
	div, okDiv := dual.BinaryRuleFor("div")
	if !okDiv {
		t.Fatal("no rule div")
	}
	for _, p := range pts {
		x, y := p[0], p[1]
		want := x / y
		got := map[string]float64{
			"Float":    float64(dual.Float(x).Div(dual.Float(y))),
			"Number":   dual.Var(x).Div(dual.Number{Real: y}).Real,
			"Hyper":    dual.Hyper{Real: x}.Div(dual.Hyper{Real: y}).Real,
			"Vec":      dual.Vec{Real: x}.Div(dual.Vec{Real: y}).Real,
			"registry": div.Value(x, y),
		}
		for name, g := range got {
			if g != want {
				t.Errorf("%s: Div(%v, %v) = %v, want %v", name, x, y, g, want)
			}
		}
	}
	// ∂/∂y (x/y) = −x/y² = −1e300 at (1e-320, 1e-310), though 1/y overflows.
	d := dual.Number{Real: 1e-320}.Div(dual.Var(1e-310)).Eps
	if want := -1e-320 / 1e-310 / 1e-310; !close(d, want, 1e-2, 0) {
		t.Errorf("∂/∂y Div(1e-320, 1e-310) = %v, want %v", d, want)
	}
}

// TestVecMixedKeptAcrossPasses: a result of a pass's Vec and a NewVec (whose
// chunk comes from the heap) carries the pass's partials, so it is as bound
// to the pass as the pass's own Vecs: kept into the next pass, it panics
// rather than adding the partials of the first pass's inputs to the second
// pass's columns.
func TestVecMixedKeptAcrossPasses(t *testing.T) {
	var p [dual.VecWidth]float64
	p[0] = 1
	c := dual.NewVec(2, p)
	x := randomPoints(33, -1, 1, dual.VecWidth+1)
	var cached *dual.Vec
	var g []float64
	ok := lifetimePanic(func() {
		g = dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
			if cached == nil {
				y := v[0].Mul(c)
				cached = &y
			}
			return cached.Add(v[len(v)-1])
		}, x)
	})
	if !ok {
		t.Errorf("a mixed Vec kept into the next pass gave the gradient %v…%v, not the lifetime panic", g[:2], g[len(g)-2:])
	}
}

// TestGradientGoroutinesInPass: f may spread one pass over goroutines
// (chunks handed out by an atomic counter, slabs grown by any of them):
// the gradient equals the closed form for every width around VecWidth.
// Run with -race.
func TestGradientGoroutinesInPass(t *testing.T) {
	for _, n := range []int{1, 2, 31, 32, 33, 64, 65, 200} {
		x := randomPoints(uint64(50+n), -1, 1, n)
		f := func(v []dual.Vec) dual.Vec {
			const workers = 4
			parts := make([]dual.Vec, workers)
			done := make(chan struct{})
			for w := range workers {
				go func() {
					defer func() { done <- struct{}{} }()
					s := v[0].Const(0)
					for i := w; i+1 < len(v); i += workers {
						a := v[i+1].Sub(v[i].Mul(v[i]))
						b := v[i].Const(1).Sub(v[i])
						for range 40 { // enough chunks to grow slabs concurrently
							a = a.Add(v[i].Const(0))
						}
						s = s.Add(a.Mul(a).Scale(100)).Add(b.Mul(b))
					}
					parts[w] = s
				}()
			}
			for range workers {
				<-done
			}
			return dual.Sum(parts)
		}
		g := dual.Gradient(nil, f, x)
		for i, want := range rosenbrockGrad(x) {
			if !close(g[i], want, 1e-13, 1e-13) {
				t.Errorf("n=%d: ∂f/∂x%d = %v, want %v", n, i, g[i], want)
			}
		}
	}
}

// TestJacobianConcurrentCalls: Gradient and Jacobian called from many
// goroutines at once (each call its own arena) give every caller its own
// gradient. Run with -race.
func TestJacobianConcurrentCalls(t *testing.T) {
	const callers, calls = 8, 20
	errs := make(chan string, callers*calls)
	done := make(chan struct{})
	for c := range callers {
		go func() {
			defer func() { done <- struct{}{} }()
			for k := range calls {
				x := randomPoints(uint64(c*calls+k), -1, 1, 20+c*7+k)
				g := dual.Gradient(nil, rosenbrock[dual.Vec], x)
				jac := dual.Jacobian(func(v []dual.Vec) []dual.Vec { return []dual.Vec{rosenbrock(v), v[0].Mul(v[len(v)-1])} }, x)
				for i, want := range rosenbrockGrad(x) {
					if !close(g[i], want, 1e-13, 1e-13) || jac[0][i] != g[i] {
						errs <- "gradient differs"
						return
					}
				}
			}
		}()
	}
	for range callers {
		<-done
	}
	for len(errs) > 0 {
		t.Error(<-errs)
	}
}

// TestGradientStrongZeroAcrossChunks: the strong zero holds in every path
// a pass takes (written chunks, rescaled infinite partials, narrow last
// passes): Σᵢ max(2(xᵢ+xᵢ₊₁)+1, √(xᵢ+xᵢ₊₁)) at 0 has gradient 2 at the
// ends and 4 between, though √′(0) = ∞.
func TestGradientStrongZeroAcrossChunks(t *testing.T) {
	for _, n := range []int{2, 31, 32, 33, 64, 65} {
		x := make([]float64, n)
		g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
			s := v[0].Const(0)
			for i := 0; i+1 < len(v); i++ {
				a := v[i].Add(v[i+1])
				s = s.Add(a.Scale(2).Add(a.Const(1)).Maximum(a.Sqrt()))
			}
			return s
		}, x)
		for i, d := range g {
			want := 4.0
			if i == 0 || i == n-1 {
				want = 2
			}
			if d != want {
				t.Errorf("n=%d: ∂f/∂x%d = %v, want %v", n, i, d, want)
			}
		}
	}
}

// TestGradientNoInputs: a function of no inputs has an empty gradient and
// its value.
func TestGradientNoInputs(t *testing.T) {
	v, g := dual.ValueGradient(nil, func([]dual.Vec) dual.Vec { return dual.Vec{}.Const(4).Sin() }, nil)
	if len(g) != 0 || v != math.Sin(4) {
		t.Errorf("ValueGradient of no inputs = %v, %v", v, g)
	}
	if j := dual.Jacobian(func([]dual.Vec) []dual.Vec { return []dual.Vec{{Real: 1}} }, nil); len(j) != 1 || len(j[0]) != 0 {
		t.Errorf("Jacobian of no inputs = %v", j)
	}
}

// TestGradientDstAliasesX: Gradient(x, f, x), writing the gradient over
// the point, gives the gradient at the point for every input count, as it
// does for a single pass: the passes after the first must not be seeded
// with the partials the first wrote.
func TestGradientDstAliasesX(t *testing.T) {
	for _, n := range []int{3, dual.VecWidth + 1, 2*dual.VecWidth + 5} {
		x := randomPoints(uint64(70+n), -1, 1, n)
		want := rosenbrockGrad(x)
		g := dual.Gradient(x, rosenbrock[dual.Vec], x)
		for i := range want {
			if !close(g[i], want[i], 1e-14, 1e-13) {
				t.Errorf("n=%d: ∂f/∂x%d = %v, want %v", n, i, g[i], want[i])
			}
		}
	}
}

// TestBenchGradient100Agrees: the two sides of BenchmarkGradient100
// compute the same gradient, so that its ratio compares like with like.
func TestBenchGradient100Agrees(t *testing.T) {
	x := randomPoints(13, -1, 1, 100)
	for _, fn := range []struct {
		name string
		vec  func([]dual.Vec) dual.Vec
		num  func([]dual.Number) dual.Number
	}{
		{"smooth", smooth[dual.Vec], smooth[dual.Number]},
		{"rosenbrock", rosenbrock[dual.Vec], rosenbrock[dual.Number]},
	} {
		g := dual.Gradient(nil, fn.vec, x)
		in := make([]dual.Number, len(x))
		for k := range x {
			for j, v := range x {
				in[j] = dual.Number{Real: v}
			}
			in[k].Eps = 1
			if want := fn.num(in).Eps; !close(g[k], want, 1e-14, 1e-14) {
				t.Errorf("%s: ∂f/∂x%d = %v on Vec, %v on Number", fn.name, k, g[k], want)
			}
		}
	}
}

// TestVecSubnormalTie: the case Vec's documentation gives where Number's
// partial underflows and Vec's does not: Maximum(y, y) with y's partial
// 5e-324 keeps it on Vec (merged scale 1), and is 0 on Number.
func TestVecSubnormalTie(t *testing.T) {
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		y := v[0].Scale(5e-324)
		return y.Maximum(y)
	}, []float64{1})
	n := dual.Var(1).Scale(5e-324)
	if g[0] != 5e-324 || n.Maximum(n).Eps != 0 {
		t.Errorf("Maximum(y, y) with a partial 5e-324: Vec %v, Number %v", g[0], n.Maximum(n).Eps)
	}
}

// TestGradientExtremeScales: gradients of Σ xᵢxᵢ₊₁ and Σ xᵢ/xᵢ₊₁ at points
// of magnitude 1e±300 and subnormal, where the values overflow or underflow
// but the partials do not, match their closed forms for input counts
// around VecWidth.
func TestGradientExtremeScales(t *testing.T) {
	for _, mag := range []float64{1e300, 1e-300, 1e-310, 1e150} {
		for _, n := range []int{2, 31, 32, 33, 65} {
			x := randomPoints(uint64(n), 0.5, 2, n)
			for i := range x {
				x[i] *= mag
				if i%3 == 1 {
					x[i] = -x[i]
				}
			}
			g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
				s := v[0].Const(0)
				for i := 0; i+1 < len(v); i++ {
					s = s.Add(v[i].Mul(v[i+1]))
				}
				return s
			}, x)
			q := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
				s := v[0].Const(0)
				for i := 0; i+1 < len(v); i++ {
					s = s.Add(v[i].Div(v[i+1]))
				}
				return s
			}, x)
			for i := range x {
				var wg, wq float64
				if i > 0 {
					wg += x[i-1]
					wq -= x[i-1] / x[i] / x[i]
				}
				if i+1 < n {
					wg += x[i+1]
					wq += 1 / x[i+1]
				}
				if !close(g[i], wg, 1e-15, 0) {
					t.Errorf("|x|≈%v n=%d: ∂Σxᵢxᵢ₊₁/∂x%d = %v, want %v", mag, n, i, g[i], wg)
				}
				if !close(q[i], wq, 1e-13, 0) {
					t.Errorf("|x|≈%v n=%d: ∂Σxᵢ/xᵢ₊₁/∂x%d = %v, want %v", mag, n, i, q[i], wq)
				}
			}
		}
	}
}
