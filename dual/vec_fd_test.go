package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/dual"
)

// floatBinary is each two-argument method of Float, by the name of its
// case in binaryCases.
var floatBinary = map[string]func(dual.Float, dual.Float) dual.Float{
	"Add": dual.Float.Add, "Sub": dual.Float.Sub, "Mul": dual.Float.Mul, "Div": dual.Float.Div,
	"Pow": dual.Float.Pow, "Atan2": dual.Float.Atan2, "Hypot": dual.Float.Hypot,
	"Maximum": dual.Float.Maximum, "Minimum": dual.Float.Minimum,
}

// into maps v, through the bounded t(v) (tanh), into the middle 90% of
// [lo, hi]: every argument stays inside its function's smooth domain.
func into[T dual.Scalar[T]](v T, lo, hi float64) T {
	return v.Tanh().Scale(0.45 * (hi - lo)).Add(v.Const((lo + hi) / 2))
}

// composition is Σᵢ bᵢ(into(uᵢ(into(xᵢ))), into(xᵢ₊₁)) for the unary
// function uᵢ and the binary function bᵢ of the table cycled through, each
// on its own domain: every function of the table, composed, on inputs that
// go through several chunks.
func composition[T dual.Scalar[T]](v []T, unary func(i int, x T) T, binary func(i int, x, y T) T) T {
	s := v[0].Const(0)
	for i := range v {
		u := unaryCases[i%len(unaryCases)]
		b := binaryCases[i%len(binaryCases)]
		r := unary(i, into(v[i], u.lo, u.hi))
		x := into(r, b.domain[0], b.domain[1])
		y := into(v[(i+1)%len(v)].Mul(v[i]), b.domain[2], b.domain[3])
		s = s.Add(binary(i, x, y))
	}
	return s
}

// TestGradientFiniteDifferences: Gradient, ValueGradient and Jacobian of
// compositions of every function of the table agree with central finite
// differences (package fd) and with one first-order Number pass per input,
// for input counts around VecWidth.
func TestGradientFiniteDifferences(t *testing.T) {
	vec := func(v []dual.Vec) dual.Vec {
		return composition(v, func(i int, x dual.Vec) dual.Vec { return unaryCases[i%len(unaryCases)].vec(x) },
			func(i int, x, y dual.Vec) dual.Vec { return vecBinary[binaryCases[i%len(binaryCases)].name](x, y) })
	}
	num := func(v []dual.Number) dual.Number {
		return composition(v, func(i int, x dual.Number) dual.Number { return unaryCases[i%len(unaryCases)].num(x) },
			func(i int, x, y dual.Number) dual.Number { return binaryCases[i%len(binaryCases)].num(x, y) })
	}
	flt := func(x []float64) float64 {
		v := make([]dual.Float, len(x))
		for i := range x {
			v[i] = dual.Float(x[i])
		}
		return float64(composition(v, func(i int, x dual.Float) dual.Float { return unaryCases[i%len(unaryCases)].flt(x) },
			func(i int, x, y dual.Float) dual.Float {
				return floatBinary[binaryCases[i%len(binaryCases)].name](x, y)
			}))
	}
	for _, n := range []int{1, 2, 31, 32, 33, 64, 65, 100} {
		x := randomPoints(uint64(60+n), -1.5, 1.5, n)
		v, g := dual.ValueGradient(nil, vec, x)
		if want := flt(x); v != want {
			t.Errorf("n=%d: value %v, Float gives %v", n, v, want)
		}
		jac := dual.Jacobian(func(v []dual.Vec) []dual.Vec { return []dual.Vec{vec(v)} }, x)
		approx := fd.Gradient(nil, flt, x, nil)
		in := make([]dual.Number, n)
		gmax := 0.0
		for _, d := range g {
			gmax = math.Max(gmax, math.Abs(d))
		}
		for i := range x {
			for j := range x {
				in[j] = dual.Number{Real: x[j]}
			}
			in[i].Eps = 1
			want := num(in).Eps
			if !close(g[i], want, 1e-13, 1e-14*gmax) || jac[0][i] != g[i] {
				t.Errorf("n=%d: ∂f/∂x%d = %v (Jacobian %v), Number passes %v", n, i, g[i], jac[0][i], want)
			}
			if !close(g[i], approx[i], 1e-6, 1e-7*gmax) {
				t.Errorf("n=%d: ∂f/∂x%d = %v, finite differences %v", n, i, g[i], approx[i])
			}
		}
	}
}
