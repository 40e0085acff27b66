package dual_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/dual"
)

// softmax returns log Σ exp(x) and its gradient, the softmax, in closed
// form with the maximum taken out.
func softmax(x []float64) (lse float64, p []float64) {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	s := 0.0
	p = make([]float64, len(x))
	for i, v := range x {
		p[i] = math.Exp(v - m)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
	return m + math.Log(s), p
}

func lse[T dual.Scalar[T]](x []T) T { return dual.LogSumExp(x) }

// TestLogSumExp: value, gradient (the softmax) and Hessian (diag(p) − ppᵀ)
// on Float, Number, Vec and Hyper, where the elements are near 0, near 1000
// (where exp overflows) and near −1000 (where it underflows), against the
// closed forms and against finite differences.
func TestLogSumExp(t *testing.T) {
	base := []float64{0.3, -1.2, 2.5, 0.3, -4, 1.1, 0.9, -0.2, 3.3, 2.5, -2.2, 0.05, 1.7, -0.6, 0.4, 2.0, -3.1, 1.0}
	for _, shift := range []float64{0, 1000, -1000} {
		for _, n := range []int{1, 2, 5, len(base)} {
			x := make([]float64, n)
			for i := range x {
				x[i] = base[i] + shift
			}
			want, p := softmax(x)
			if got := float64(lse(floats(x))); !close(got, want, 4e-16, 0) {
				t.Errorf("shift %v n=%d: LogSumExp = %v, want %v", shift, n, got, want)
			}
			v, g := dual.ValueGradient(nil, lse[dual.Vec], x)
			if !close(v, want, 4e-16, 0) {
				t.Errorf("shift %v n=%d: Vec value %v, want %v", shift, n, v, want)
			}
			for i := range p {
				if !close(g[i], p[i], 1e-15, 1e-16) {
					t.Errorf("shift %v n=%d: ∂/∂x%d = %v, want softmax %v", shift, n, i, g[i], p[i])
				}
			}
			dir := randomPoints(uint64(n), -1, 1, n)
			dd, pv := dual.DirectionalDerivative(lse[dual.Number], x, dir), 0.0
			for i := range p {
				pv += p[i] * dir[i]
			}
			if !close(dd, pv, 1e-14, 1e-15) {
				t.Errorf("shift %v n=%d: Number ∇·v = %v, want %v", shift, n, dd, pv)
			}
			hv, hg, h := dual.ValueGradientHessian(lse[dual.Hyper], x)
			if !close(hv, want, 4e-16, 0) {
				t.Errorf("shift %v n=%d: Hyper value %v, want %v", shift, n, hv, want)
			}
			for i := range p {
				if !close(hg[i], p[i], 1e-15, 1e-16) {
					t.Errorf("shift %v n=%d: Hyper ∂/∂x%d = %v, want %v", shift, n, i, hg[i], p[i])
				}
				for j := range p {
					w := -p[i] * p[j]
					if i == j {
						w += p[i]
					}
					if !close(h[i][j], w, 1e-14, 1e-16) {
						t.Errorf("shift %v n=%d: H[%d][%d] = %v, want %v", shift, n, i, j, h[i][j], w)
					}
				}
			}
			// Finite differences along dir, of the value and of the
			// directional derivative (vᵀHv).
			along := func(s float64) []float64 {
				y := make([]float64, n)
				for i := range y {
					y[i] = x[i] + s*dir[i]
				}
				return y
			}
			est := fd.Richardson(func(s float64) float64 { return float64(lse(floats(along(s)))) }, 0, nil)
			if !close(dd, est.Value, 1e-8, 1e-10) {
				t.Errorf("shift %v n=%d: ∇·v = %v, Richardson %v ± %v", shift, n, dd, est.Value, est.Err)
			}
			est2 := fd.Richardson(func(s float64) float64 { return dual.DirectionalDerivative(lse[dual.Number], along(s), dir) }, 0, nil)
			vhv := 0.0
			for i := range dir {
				for j := range dir {
					vhv += dir[i] * h[i][j] * dir[j]
				}
			}
			if !close(vhv, est2.Value, 1e-7, 1e-10) {
				t.Errorf("shift %v n=%d: vᵀHv = %v, Richardson %v ± %v", shift, n, vhv, est2.Value, est2.Err)
			}
		}
	}
}

// TestLogSumExpSpecial: the documented special cases.
func TestLogSumExpSpecial(t *testing.T) {
	ninf, pinf := math.Inf(-1), math.Inf(1)
	if got := lse[dual.Number](nil); got.Real != ninf || got.Eps != 0 {
		t.Errorf("LogSumExp() = %v, want −Inf", got)
	}
	v, g := dual.ValueGradient(nil, lse[dual.Vec], []float64{ninf, ninf, ninf})
	if v != ninf || g[0] != 0 || g[1] != 0 || g[2] != 0 {
		t.Errorf("LogSumExp(−Inf, −Inf, −Inf) = %v, ∇ %v; want −Inf, 0", v, g)
	}
	// −Inf among finite elements has weight 0.
	v, g = dual.ValueGradient(nil, lse[dual.Vec], []float64{ninf, 0, 0})
	if !close(v, math.Ln2, 1e-16, 0) || g[0] != 0 || g[1] != 0.5 || g[2] != 0.5 {
		t.Errorf("LogSumExp(−Inf, 0, 0) = %v, ∇ %v", v, g)
	}
	v, g = dual.ValueGradient(nil, lse[dual.Vec], []float64{pinf, 3, pinf, ninf})
	if v != pinf || g[0] != 0.5 || g[1] != 0 || g[2] != 0.5 || g[3] != 0 {
		t.Errorf("LogSumExp(+Inf, 3, +Inf, −Inf) = %v, ∇ %v; want +Inf, [0.5 0 0.5 0]", v, g)
	}
	for _, x := range [][]float64{{math.NaN(), 1}, {1, math.NaN()}, {pinf, math.NaN()}, {ninf, math.NaN()}} {
		v, g = dual.ValueGradient(nil, lse[dual.Vec], x)
		if !math.IsNaN(v) || !math.IsNaN(g[0]) || !math.IsNaN(g[1]) {
			t.Errorf("LogSumExp(%v) = %v, ∇ %v; want NaN throughout", x, v, g)
		}
	}
	// Overflow and underflow of exp: all elements far beyond 709.
	if got := float64(lse([]dual.Float{800, 800})); !close(got, 800+math.Ln2, 1e-16, 0) {
		t.Errorf("LogSumExp(800, 800) = %v", got)
	}
	if got := float64(lse([]dual.Float{-800, -800})); !close(got, -800+math.Ln2, 1e-16, 0) {
		t.Errorf("LogSumExp(−800, −800) = %v", got)
	}
}

// TestSumDot: values and derivatives of Sum and Dot on every type.
func TestSumDot(t *testing.T) {
	x := []float64{1.5, -2, 0.25, 4}
	y := []float64{3, 0.5, -8, 1}
	sum := func(v []dual.Vec) dual.Vec { return dual.Sum(v) }
	s, g := dual.ValueGradient(nil, sum, x)
	if s != 3.75 || g[0] != 1 || g[1] != 1 || g[2] != 1 || g[3] != 1 {
		t.Errorf("Sum = %v, ∇ %v", s, g)
	}
	// f(x) = x·y with y constant: ∇ = y; f(x) = x·x: ∇ = 2x, H = 2I.
	dot := func(v []dual.Vec) dual.Vec {
		c := make([]dual.Vec, len(y))
		for i := range y {
			c[i] = v[0].Const(y[i])
		}
		return dual.Dot(v, c)
	}
	d, g := dual.ValueGradient(nil, dot, x)
	if d != 4.5-1-2+4 || g[0] != y[0] || g[1] != y[1] || g[2] != y[2] || g[3] != y[3] {
		t.Errorf("x·y = %v, ∇ %v, want %v", d, g, y)
	}
	sq, g2, h := dual.ValueGradientHessian(func(v []dual.Hyper) dual.Hyper { return dual.Dot(v, v) }, x)
	if sq != 2.25+4+0.0625+16 {
		t.Errorf("x·x = %v", sq)
	}
	for i := range x {
		if g2[i] != 2*x[i] {
			t.Errorf("∂(x·x)/∂x%d = %v, want %v", i, g2[i], 2*x[i])
		}
		for j := range x {
			if w := map[bool]float64{true: 2, false: 0}[i == j]; h[i][j] != w {
				t.Errorf("H[%d][%d] = %v, want %v", i, j, h[i][j], w)
			}
		}
	}
	if dd := dual.Derivative(func(a dual.Number) dual.Number {
		return dual.Dot([]dual.Number{a, a.Const(2)}, []dual.Number{a.Sin(), a})
	}, 0.5); !close(dd, math.Sin(0.5)+0.5*math.Cos(0.5)+2, 1e-16, 0) {
		t.Errorf("d/da (a sin a + 2a) = %v", dd)
	}
	if float64(dual.Sum[dual.Float](nil)) != 0 || float64(dual.Dot[dual.Float](nil, nil)) != 0 {
		t.Error("empty Sum or Dot is not 0")
	}
}

// TestDotLengthMismatch: a programmer error, both lengths named.
func TestDotLengthMismatch(t *testing.T) {
	defer func() {
		if msg, _ := recover().(string); msg != "dual: Dot: xs of length 2 and ys of length 3" {
			t.Errorf("panic %q", msg)
		}
	}()
	dual.Dot(make([]dual.Number, 2), make([]dual.Number, 3))
}
