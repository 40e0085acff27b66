package dual_test

import (
	"math"
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
	v := dual.Vec{Real: x}
	v.Eps[k] = 1
	return v
}

// TestVecMatchesNumber: Vec follows Number's conventions exactly — the
// special cases, NaN and Inf propagation and the strong zero — at every
// special point of every function: the seeded partial is Number's ε part
// bit for bit (up to the sign of zero), and every other partial is exactly 0
// even where the derivative is infinite or NaN. A constant made by Const
// (whose partials operations skip) and a literal with zero partials (whose
// partials they compute) give the same results.
func TestVecMatchesNumber(t *testing.T) {
	for _, c := range unaryCases {
		for _, x := range specialPoints {
			n := c.num(dual.Var(x))
			for _, k := range []int{0, dual.VecWidth - 1} {
				v := c.vec(seeded(x, k))
				if !same(v.Real, n.Real) || !same(v.Eps[k], n.Eps) {
					t.Errorf("%s(%v): Vec %v + %vε, Number %v + %vε", c.name, x, v.Real, v.Eps[k], n.Real, n.Eps)
				}
				for j, e := range v.Eps {
					if j != k && e != 0 {
						t.Errorf("%s(%v): partial %d not seeded is %v, want 0", c.name, x, j, e)
					}
				}
			}
			k := c.vec(dual.Vec{}.Const(x))
			if !same(k.Real, n.Real) || k.Eps != [dual.VecWidth]float64{} {
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
				if !same(both.Real, nx.Real) || !same(both.Eps[0], nx.Eps) || !same(both.Eps[1], ny.Eps) {
					t.Errorf("%s(%v, %v): Vec %v + %vε₀ + %vε₁, Number %v + %vε₀ + %vε₁",
						c.name, x, y, both.Real, both.Eps[0], both.Eps[1], nx.Real, nx.Eps, ny.Eps)
				}
				same1 := vf(seeded(x, 3), seeded(y, 3))
				if !same(same1.Eps[3], nxy.Eps) {
					t.Errorf("%s(x, y) at (%v, %v) along one partial: Vec %v, Number %v", c.name, x, y, same1.Eps[3], nxy.Eps)
				}
				for _, b := range []dual.Vec{dual.Vec{}.Const(y), {Real: y}} {
					r := vf(seeded(x, 2), b)
					if !same(r.Eps[2], nx.Eps) {
						t.Errorf("%s(%v, const %v): Vec %v, Number %v", c.name, x, y, r.Eps[2], nx.Eps)
					}
					l := vf(b, seeded(x, 2))
					if want := c.num(dual.Number{Real: y}, dual.Var(x)).Eps; !same(l.Eps[2], want) {
						t.Errorf("%s(const %v, %v): Vec %v, Number %v", c.name, y, x, l.Eps[2], want)
					}
					for _, v := range []dual.Vec{r, l} {
						for j, e := range v.Eps {
							if j != 2 && e != 0 {
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
			if !same(v.Real, n.Real) || !same(v.Eps[1], n.Eps) || v.Eps[0] != 0 {
				t.Errorf("Scale(%v, %v): Vec %v, Number %v", c, x, v, n)
			}
			n, v = dual.Var(x).PowF(c), seeded(x, 1).PowF(c)
			if !same(v.Real, n.Real) || !same(v.Eps[1], n.Eps) || v.Eps[0] != 0 {
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

// TestVecDoesNotAllocate: arithmetic on Vec allocates nothing.
func TestVecDoesNotAllocate(t *testing.T) {
	a, b := seeded(0.3, 0), seeded(0.7, 1)
	var sinkV dual.Vec
	allocs := testing.AllocsPerRun(100, func() {
		sinkV = a.Mul(b).Sin().Add(a.Exp().Scale(2)).Div(b.Softplus())
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run", allocs)
	}
	_ = sinkV
}
