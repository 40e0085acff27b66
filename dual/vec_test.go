package dual_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// vecBinary is each two-argument method of Vec, by the name of its case in
// binaryCases.
var vecBinary = map[string]func(dual.Vec, dual.Vec) dual.Vec{
	"Add": dual.Vec.Add, "Sub": dual.Vec.Sub, "Mul": dual.Vec.Mul, "Div": dual.Vec.Div,
	"Pow": dual.Vec.Pow, "Atan2": dual.Vec.Atan2, "Hypot": dual.Vec.Hypot,
	"Maximum": dual.Vec.Maximum, "Minimum": dual.Vec.Minimum,
}

// specialPoints are arguments where rules meet their special cases: zeros of
// both signs, the edges of domains, overflow and underflow, infinities, NaN.
var specialPoints = []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 0.5, -0.5, 3,
	1e-300, -1e-300, 1e300, -1e300, 710, -745, math.Inf(1), math.Inf(-1), math.NaN()}

// seeded returns x as a Vec whose partial k is 1 and the others 0, written
// as a literal (not marked as a constant).
func seeded(x float64, k int) dual.Vec {
	var p [dual.VecWidth]float64
	p[k] = 1
	return dual.NewVec(x, p)
}

// TestVecMatchesNumber: Vec follows Number's conventions exactly — the
// special cases, NaN and Inf propagation and the strong zero — at every
// special point of every function: the seeded partial is Number's ε part
// bit for bit (up to the sign of zero), and every other partial is exactly 0
// even where the derivative is infinite or NaN. A constant (whose partials
// operations skip) and a Vec whose partial is an explicit zero (which they
// compute) give the same results.
func TestVecMatchesNumber(t *testing.T) {
	for _, c := range unaryCases {
		for _, x := range specialPoints {
			n := c.num(dual.Var(x))
			for _, k := range []int{0, dual.VecWidth - 1} {
				v := c.vec(seeded(x, k))
				if !same(v.Real, n.Real) || !same(v.Partial(k), n.Eps) {
					t.Errorf("%s(%v): Vec %v + %vε, Number %v + %vε", c.name, x, v.Real, v.Partial(k), n.Real, n.Eps)
				}
				for j, e := range v.Partials() {
					if j != k && e != 0 {
						t.Errorf("%s(%v): partial %d not seeded is %v, want 0", c.name, x, j, e)
					}
				}
			}
			k := c.vec(dual.Vec{}.Const(x))
			if !same(k.Real, n.Real) || k.Partials() != [dual.VecWidth]float64{} {
				t.Errorf("%s(const %v) = %v", c.name, x, k)
			}
		}
	}
	for _, c := range binaryCases {
		vf, ok := vecBinary[c.name]
		if !ok {
			t.Fatalf("no Vec method for %s", c.name)
		}
		for _, x := range specialPoints {
			for _, y := range specialPoints {
				nx := c.num(dual.Var(x), dual.Number{Real: y})
				ny := c.num(dual.Number{Real: x}, dual.Var(y))
				nxy := c.num(dual.Var(x), dual.Var(y))
				both := vf(seeded(x, 0), seeded(y, 1))
				if !same(both.Real, nx.Real) || !same(both.Partial(0), nx.Eps) || !same(both.Partial(1), ny.Eps) {
					t.Errorf("%s(%v, %v): Vec %v + %vε₀ + %vε₁, Number %v + %vε₀ + %vε₁",
						c.name, x, y, both.Real, both.Partial(0), both.Partial(1), nx.Real, nx.Eps, ny.Eps)
				}
				same1 := vf(seeded(x, 3), seeded(y, 3))
				if !same(same1.Partial(3), nxy.Eps) {
					t.Errorf("%s(x, y) at (%v, %v) along one partial: Vec %v, Number %v", c.name, x, y, same1.Partial(3), nxy.Eps)
				}
				// b is constant, or perturbed along partial 5 only, so that
				// its zero partial 2 is computed rather than skipped.
				for _, b := range []dual.Vec{dual.Vec{}.Const(y), seeded(y, 5)} {
					r := vf(seeded(x, 2), b)
					if !same(r.Partial(2), nx.Eps) {
						t.Errorf("%s(%v, const %v): Vec %v, Number %v", c.name, x, y, r.Partial(2), nx.Eps)
					}
					l := vf(b, seeded(x, 2))
					if want := c.num(dual.Number{Real: y}, dual.Var(x)).Eps; !same(l.Partial(2), want) {
						t.Errorf("%s(const %v, %v): Vec %v, Number %v", c.name, y, x, l.Partial(2), want)
					}
					for _, v := range []dual.Vec{r, l} {
						for j, e := range v.Partials() {
							if j != 2 && j != 5 && e != 0 {
								t.Errorf("%s at (%v, %v): partial %d not seeded is %v", c.name, x, y, j, e)
							}
						}
					}
				}
			}
		}
	}
}

// TestVecScaleAndPowF: the two methods outside the table, on Vec as on
// Number, the strong zero of Scale(0) included.
func TestVecScaleAndPowF(t *testing.T) {
	for _, x := range specialPoints {
		for _, c := range []float64{0, 2, -3, math.Inf(1), math.NaN()} {
			n, v := dual.Var(x).Scale(c), seeded(x, 1).Scale(c)
			if !same(v.Real, n.Real) || !same(v.Partial(1), n.Eps) || v.Partial(0) != 0 {
				t.Errorf("Scale(%v, %v): Vec %v, Number %v", c, x, v, n)
			}
			n, v = dual.Var(x).PowF(c), seeded(x, 1).PowF(c)
			if !same(v.Real, n.Real) || !same(v.Partial(1), n.Eps) || v.Partial(0) != 0 {
				t.Errorf("PowF(%v, %v): Vec %v, Number %v", x, c, v, n)
			}
		}
	}
}

// TestGradientChunks: gradients and Jacobians of every size around the
// chunk width agree with closed forms (no column lost or doubled at a chunk
// edge), as does the value ValueGradient returns.
func TestGradientChunks(t *testing.T) {
	for _, n := range []int{1, 2, dual.VecWidth - 1, dual.VecWidth, dual.VecWidth + 1, 2 * dual.VecWidth, 3*dual.VecWidth + 5} {
		x := randomPoints(uint64(n), -1, 1, n)
		g := dual.Gradient(nil, rosenbrock[dual.Vec], x)
		for i, want := range rosenbrockGrad(x) {
			if !close(g[i], want, 1e-14, 1e-13) {
				t.Errorf("n=%d: ∂f/∂x%d = %v, want %v", n, i, g[i], want)
			}
		}
		// f(x) = (x₀², x₁², …) has the Jacobian diag(2x).
		jac := dual.Jacobian(func(v []dual.Vec) []dual.Vec {
			out := make([]dual.Vec, len(v))
			for i := range v {
				out[i] = v[i].Mul(v[i])
			}
			return out
		}, x)
		for i := range jac {
			for j := range jac[i] {
				want := 0.0
				if i == j {
					want = 2 * x[i]
				}
				if jac[i][j] != want {
					t.Errorf("n=%d: J[%d][%d] = %v, want %v", n, i, j, jac[i][j], want)
				}
			}
		}
	}
}

// TestGradientInputsReset: a function that overwrites its inputs cannot
// change the next pass's seeds.
func TestGradientInputsReset(t *testing.T) {
	x := randomPoints(5, -1, 1, 2*dual.VecWidth+1)
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		y := rosenbrock(v)
		for i := range v {
			v[i] = v[i].Scale(7)
		}
		return y
	}, x)
	for i, want := range rosenbrockGrad(x) {
		if !close(g[i], want, 1e-14, 1e-13) {
			t.Errorf("∂f/∂x%d = %v, want %v", i, g[i], want)
		}
	}
}

// TestGradientAllocations: Gradient takes the chunks that its operations
// write from an arena, not one allocation per operation: a pass that writes
// 1280 chunks allocates its inputs and its pass, and at most the arena and
// its slabs (where the pool of arenas has none to give).
func TestGradientAllocations(t *testing.T) {
	x := randomPoints(3, -1, 1, dual.VecWidth)
	const writes = 1280
	f := func(v []dual.Vec) dual.Vec {
		s := v[0]
		for i := 0; i < writes; i++ {
			s = s.Mul(v[1+i%(len(v)-1)]).Sin() // Mul writes a chunk, Sin rescales it
		}
		return s
	}
	g := make([]float64, len(x))
	allocs := testing.AllocsPerRun(20, func() { dual.Gradient(g, f, x) })
	if most := 2 + 1 + (writes+dual.SlabLen-1)/dual.SlabLen; allocs > float64(most) {
		t.Errorf("%v allocations per gradient, want at most %d", allocs, most)
	}
}

// TestGradientLongPass: a pass that writes more chunks than an arena holds
// takes the others from the heap, with the same results.
func TestGradientLongPass(t *testing.T) {
	const terms = 3 * dual.MaxChunks / 2
	x := randomPoints(4, -1, 1, dual.VecWidth+3)
	n := len(x)
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		s := v[0].Const(0)
		for i := 0; i < terms; i++ {
			s = s.Add(v[i%n].Mul(v[(i+1)%n])) // two chunks written
		}
		return s
	}, x)
	want := make([]float64, n)
	for i := 0; i < terms; i++ {
		a, b := i%n, (i+1)%n
		want[a] += x[b]
		want[b] += x[a]
	}
	for i := range want {
		if !close(g[i], want[i], 1e-12, 1e-12) {
			t.Errorf("∂f/∂x%d = %v, want %v", i, g[i], want[i])
		}
	}
}

// TestVecLifetime: a Vec kept beyond the pass that computed it keeps its
// real part, but reading its partials or computing with it panics, whether
// the next pass of the same call or a later call has reused its chunk; a
// Vec kept within its pass keeps its partials while the pass computes on;
// Vecs made with NewVec stay valid.
func TestVecLifetime(t *testing.T) {
	x := randomPoints(9, -1, 1, 3*dual.VecWidth)
	var kept []dual.Vec
	var real []float64
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		y := rosenbrock(v)
		want := y.Partials()
		z := rosenbrock(v).Mul(y) // more chunks written in this pass
		if y.Partials() != want {
			t.Errorf("a Vec's partials changed within its pass")
		}
		_ = z
		kept, real = append(kept, y), append(real, y.Real)
		return y
	}, x)
	for i, want := range rosenbrockGrad(x) {
		if !close(g[i], want, 1e-14, 1e-13) {
			t.Errorf("∂f/∂x%d = %v, want %v", i, g[i], want)
		}
	}
	dual.Gradient(nil, rosenbrock[dual.Vec], x) // a later call reuses the pooled arena
	for i, y := range kept {
		if y.Real != real[i] {
			t.Errorf("kept Vec %d: real part %v, was %v", i, y.Real, real[i])
		}
		for name, use := range map[string]func(){
			"Partials": func() { y.Partials() },
			"Partial":  func() { y.Partial(dual.VecWidth - 1) },
			"Sin":      func() { y.Sin() },
			"Add":      func() { y.Const(1).Add(y) },
			"String":   func() { _ = y.String() },
			"Gradient": func() { dual.Gradient(nil, func([]dual.Vec) dual.Vec { return y }, x) },
		} {
			func() {
				defer func() {
					msg, _ := recover().(string)
					if !strings.Contains(msg, "after the pass") {
						t.Errorf("%s of a Vec kept from pass %d: recovered %q, want the lifetime panic", name, i, msg)
					}
				}()
				use()
			}()
		}
	}
	a, b := seeded(0.3, 0), seeded(0.7, 1)
	ab := a.Mul(b)
	dual.Gradient(nil, rosenbrock[dual.Vec], x)
	p := ab.Sin().Add(a.Exp().Scale(2)).Partials()
	c := math.Cos(0.3 * 0.7)
	if !close(p[0], 0.7*c+2*math.Exp(0.3), 1e-15, 0) || !close(p[1], 0.3*c, 1e-15, 0) {
		t.Errorf("NewVec arithmetic: partials %v", p[:2])
	}
}

// TestVecPartial: Partial and Partials read a constant's zeros and panic on
// an index out of range; String shows the partials.
func TestVecPartial(t *testing.T) {
	c := dual.Vec{}.Const(2)
	if c.Partial(dual.VecWidth-1) != 0 || c.Partials() != [dual.VecWidth]float64{} {
		t.Errorf("constant partials %v", c)
	}
	want := "{2 [0 1" + strings.Repeat(" 0", dual.VecWidth-2) + "]}"
	if s := seeded(2, 1).String(); s != want {
		t.Errorf("String = %q, want %q", s, want)
	}
	for _, k := range []int{-1, dual.VecWidth} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Partial(%d) did not panic", k)
				}
			}()
			c.Partial(k)
		}()
	}
}

// TestVecScaleEdges: the scale of a Vec's chunk is never let overflow,
// underflow or turn subnormal, and chunks shared by both arguments of a
// function are merged only where that keeps Number's result: at each of
// these points the partials equal Number's, computed operation by
// operation, bit for bit.
func TestVecScaleEdges(t *testing.T) {
	big, small := 1e300, 1e-300
	num := func(eps float64) dual.Number { return dual.Number{Real: 0.5, Eps: eps} }
	vec := func(eps float64) dual.Vec { return dual.NewVec(0.5, [dual.VecWidth]float64{eps}) }
	cases := []struct {
		name string
		n    dual.Number
		v    dual.Vec
	}{
		// The scale would overflow (1e300·1e300) where the partial does not.
		{"overflowing scale", num(small).Scale(big).Scale(big), vec(small).Scale(big).Scale(big)},
		// The scale would underflow to 0 where the partial does not.
		{"underflowing scale", num(big).Scale(small).Scale(small), vec(big).Scale(small).Scale(small)},
		// The scale would be subnormal and lose digits.
		{"subnormal scale", num(big).Scale(small).Scale(1e-10), vec(big).Scale(small).Scale(1e-10)},
		// A merged scale would be subnormal: 1e-300·(1 − (1 − 2⁻⁵²)).
		{"subnormal merged scale",
			num(big).Scale(small).Add(num(big).Scale(-small * (1 - 0x1p-52))),
			vec2(vec(big), func(v dual.Vec) dual.Vec { return v.Scale(small).Add(v.Scale(-small * (1 - 0x1p-52))) })},
		// Both arguments share a chunk, but their scales times the partial
		// derivatives (1e-310·1e-290) underflow: merged, they would be 0.
		{"underflowing shared scales",
			dual.Number{Real: 1e-20, Eps: big}.Scale(1e-290).Mul(dual.Number{Real: 1e-20, Eps: big}.Scale(1e-290)),
			vec2(dual.NewVec(1e-20, [dual.VecWidth]float64{big}).Scale(1e-290), func(v dual.Vec) dual.Vec { return v.Mul(v.Scale(1)) })},
		// An infinite partial shared by both arguments: ∞ − ∞ is NaN, ∞ + ∞ is ∞.
		{"shared infinite partial, same signs", dual.Var(0).Sqrt().Add(dual.Var(0).Sqrt()),
			vec2(seeded(0, 0).Sqrt(), func(v dual.Vec) dual.Vec { return v.Add(v) })},
		{"shared infinite partial", dual.Var(0).Sqrt().Sub(dual.Var(0).Sqrt()),
			vec2(seeded(0, 0).Sqrt(), func(v dual.Vec) dual.Vec { return v.Sub(v) })},
		{"shared partial cancelling", dual.Var(0.3).Sub(dual.Var(0.3)),
			vec2(seeded(0.3, 0), func(v dual.Vec) dual.Vec { return v.Sub(v) })},
		{"shared partial", dual.Var(0.3).Sin().Mul(dual.Var(0.3).Exp()),
			vec2(seeded(0.3, 0), func(v dual.Vec) dual.Vec { return v.Sin().Mul(v.Exp()) })},
		{"infinite derivative", dual.Var(0).Sqrt().Scale(2), seeded(0, 0).Sqrt().Scale(2)},
		{"NaN derivative", dual.Var(-1).Log().Exp(), seeded(-1, 0).Log().Exp()},
	}
	for _, c := range cases {
		p := c.v.Partials()
		if !same(c.v.Real, c.n.Real) || !same(p[0], c.n.Eps) {
			t.Errorf("%s: Vec %v + %vε, Number %v + %vε", c.name, c.v.Real, p[0], c.n.Real, c.n.Eps)
		}
		for k, e := range p[1:] {
			if e != 0 {
				t.Errorf("%s: partial %d not seeded is %v", c.name, k+1, e)
			}
		}
	}
}

// vec2 applies f to v: a way to use one Vec twice in an expression.
func vec2(v dual.Vec, f func(dual.Vec) dual.Vec) dual.Vec { return f(v) }

// TestVecProgramsMatchNumber: random straight-line programs of every
// function of the table, evaluated by Gradient on Vec (chunks shared,
// rescaled and merged across two passes, the second narrow) and by one Number pass per
// input, give the same values bit for bit and the same gradients to
// rounding, NaN and infinite partials included.
func TestVecProgramsMatchNumber(t *testing.T) {
	const n, steps = dual.VecWidth + 5, 16
	type step struct{ op, a, b int } // op < len(unaryCases): unary; else binary
	rng := rand.New(rand.NewPCG(7, 7))
	worst, finite, inexact := 0.0, 0, 0
	for prog := 0; prog < 800; prog++ {
		x := randomPoints(uint64(prog), -2, 2, n)
		var ps []step
		// An argument is an input or, more often, one of the last results,
		// so that chains are long.
		arg := func(i int) int {
			if i > 0 && rng.IntN(4) > 0 {
				return n + i - 1 - rng.IntN(min(i, 3))
			}
			return rng.IntN(n + i)
		}
		for i := 0; i < steps; i++ {
			ps = append(ps, step{rng.IntN(len(unaryCases) + len(binaryCases)), arg(i), arg(i)})
		}
		// scale is the largest finite partial of any intermediate Number: where
		// terms of that size cancel, rounding leaves noise of its order.
		scale := 0.0
		run := func(in []dual.Vec, num []dual.Number) (dual.Vec, dual.Number) {
			vs, ns := append([]dual.Vec(nil), in...), append([]dual.Number(nil), num...)
			for _, s := range ps {
				if s.op < len(unaryCases) {
					c := unaryCases[s.op]
					if in != nil {
						vs = append(vs, c.vec(vs[s.a]))
					} else {
						ns = append(ns, c.num(ns[s.a]))
					}
					continue
				}
				c := binaryCases[s.op-len(unaryCases)]
				if in != nil {
					vs = append(vs, vecBinary[c.name](vs[s.a], vs[s.b]))
				} else {
					ns = append(ns, c.num(ns[s.a], ns[s.b]))
				}
			}
			// Sum the last few results, so that several flow into the output.
			if in != nil {
				return dual.Sum(vs[len(vs)-4:]), dual.Number{}
			}
			for _, v := range ns {
				if e := math.Abs(v.Eps); e > scale && !math.IsInf(e, 0) {
					scale = e
				}
			}
			return dual.Vec{}, dual.Sum(ns[len(ns)-4:])
		}
		value, g := dual.ValueGradient(nil, func(v []dual.Vec) dual.Vec { y, _ := run(v, nil); return y }, x)
		want := make([]dual.Number, n)
		for i := range x {
			in := make([]dual.Number, n)
			for j, v := range x {
				in[j] = dual.Number{Real: v}
			}
			in[i].Eps = 1
			_, want[i] = run(nil, in)
		}
		if !same(value, want[0].Real) {
			t.Errorf("program %d: value %v on Vec, %v on Number", prog, value, want[0].Real)
		}
		for i, w := range want {
			if !close(g[i], w.Eps, 1e-13, 1e-13*scale) {
				t.Errorf("program %d: ∂f/∂x%d = %v on Vec, %v on Number", prog, i, g[i], w.Eps)
			}
			if w.Eps != 0 && !math.IsInf(w.Eps, 0) && !math.IsNaN(w.Eps) {
				finite++
				if g[i] != w.Eps {
					inexact++
					worst = max(worst, math.Abs(g[i]-w.Eps)/math.Abs(w.Eps))
				}
			}
		}
	}
	t.Logf("%d finite non-zero partials, %d not bit for bit; largest relative difference %.2g", finite, inexact, worst)
}

// TestVecNarrowPass: a pass that seeds fewer than VecWidth inputs computes
// only the partials it seeds, yet every other partial of its Vecs reads as
// zero, even where a wider pass before it (of the same call, or of an
// earlier call through the pooled arenas) left numbers in the chunks.
func TestVecNarrowPass(t *testing.T) {
	wide := randomPoints(20, -1, 1, 3*dual.VecWidth)
	dual.Gradient(nil, rosenbrock[dual.Vec], wide)
	x := randomPoints(21, -1, 1, dual.VecWidth+3)
	var last [dual.VecWidth]float64
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		y := rosenbrock(v)
		last = y.Partials()
		return y
	}, x)
	for i, want := range rosenbrockGrad(x) {
		if !close(g[i], want, 1e-14, 1e-13) {
			t.Errorf("∂f/∂x%d = %v, want %v", i, g[i], want)
		}
	}
	for k, e := range last[3:] {
		if e != 0 {
			t.Errorf("last pass (3 inputs seeded): partial %d is %v, want 0", 3+k, e)
		}
	}
}

// TestVecMixedOrigins: a Vec made by NewVec meets the Vecs of a pass:
// every partial of both sides is kept (the result's chunk comes from the
// heap), even beyond the pass's width.
func TestVecMixedOrigins(t *testing.T) {
	var p [dual.VecWidth]float64
	p[dual.VecWidth-1] = 2
	c := dual.NewVec(1.5, p) // perturbed along a direction Gradient does not seed
	x := []float64{0.25}
	g := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		y := v[0].Mul(c)
		if q := y.Partials(); q[0] != 1.5 || q[dual.VecWidth-1] != 2*0.25 {
			t.Errorf("x·c: partials %v, want 1.5 and %v", q, 2*0.25)
		}
		return y.Add(v[0].Scale(3)).Sin()
	}, x)
	if want := math.Cos(0.25*1.5+0.75) * 4.5; !close(g[0], want, 1e-15, 0) {
		t.Errorf("gradient %v, want %v", g[0], want)
	}
}
