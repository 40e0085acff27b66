package fd

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	gfd "gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/epsilon-engine/epsilon/linalg"
)

// rosen is the n-dimensional Rosenbrock function with its closed-form
// gradient and Hessian.
func rosen(x []float64) float64 {
	var s float64
	for i := 0; i+1 < len(x); i++ {
		a, b := x[i+1]-x[i]*x[i], 1-x[i]
		s += 100*a*a + b*b
	}
	return s
}

func rosenGrad(x []float64) []float64 {
	g := make([]float64, len(x))
	for i := range x {
		if i+1 < len(x) {
			g[i] += -400*x[i]*(x[i+1]-x[i]*x[i]) - 2*(1-x[i])
		}
		if i > 0 {
			g[i] += 200 * (x[i] - x[i-1]*x[i-1])
		}
	}
	return g
}

func rosenHess(x []float64) *mat.SymDense {
	n := len(x)
	h := mat.NewSymDense(n, nil)
	for i := range x {
		var d float64
		if i+1 < n {
			d += 1200*x[i]*x[i] - 400*x[i+1] + 2
			h.SetSym(i, i+1, -400*x[i])
		}
		if i > 0 {
			d += 200
		}
		h.SetSym(i, i, d)
	}
	return h
}

var rosenPoints = [][]float64{{-1.2, 1}, {0.3, -0.5, 2}, {1, 1, 1, 1}, {2.5, -1.5, 0.7, 3, -2}}

func maxRelDiff(a, b []float64) float64 {
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i])/math.Max(1, math.Abs(b[i])))
	}
	return m
}

func TestGradient(t *testing.T) {
	cases := []struct {
		formula Formula
		tol     float64
	}{{Formula{}, 1e-7}, {Central4, 1e-9}, {Forward, 1e-5}, {Backward2, 1e-7}}
	for _, c := range cases {
		for _, x := range rosenPoints {
			x0 := slices.Clone(x)
			got := Gradient(nil, rosen, x, &Settings{Formula: c.formula})
			if !slices.Equal(x, x0) {
				t.Fatalf("Gradient changed x: %v → %v", x0, x)
			}
			if d := maxRelDiff(got, rosenGrad(x)); d > c.tol {
				t.Errorf("%v at %v: got %v, want %v (diff %.2g)", c.formula, x, got, rosenGrad(x), d)
			}
			theirs := gfd.Gradient(nil, rosen, x, &gfd.Settings{Formula: gfd.Central})
			if d := maxRelDiff(got, theirs); d > math.Max(10*c.tol, 1e-6) {
				t.Errorf("%v at %v: ours %v, gonum %v", c.formula, x, got, theirs)
			}
		}
	}
	// dst is filled and returned.
	dst := make([]float64, 2)
	if got := Gradient(dst, rosen, []float64{-1.2, 1}, nil); &got[0] != &dst[0] {
		t.Error("Gradient did not return dst")
	}
}

func TestGradientRichardson(t *testing.T) {
	for _, x := range rosenPoints {
		x0 := slices.Clone(x)
		est := GradientRichardson(rosen, x, nil)
		if !slices.Equal(x, x0) {
			t.Fatalf("GradientRichardson changed x")
		}
		want := rosenGrad(x)
		for i, e := range est {
			if d := math.Abs(e.Value - want[i]); d > 1e-9*math.Max(1, math.Abs(want[i])) || d > 4*e.Err+1e-13 {
				t.Errorf("x=%v ∂%d: %v ± %.2g, want %v", x, i, e.Value, e.Err, want[i])
			}
		}
	}
}

func jac3x2(y, x []float64) {
	y[0] = x[0] * x[0] * x[1]
	y[1] = 5*x[0] + math.Sin(x[1])
	y[2] = math.Exp(x[0]) * x[1]
}

func jac3x2Exact(x []float64) *mat.Dense {
	e := math.Exp(x[0])
	return mat.NewDense(3, 2, []float64{
		2 * x[0] * x[1], x[0] * x[0],
		5, math.Cos(x[1]),
		e * x[1], e,
	})
}

func TestJacobian(t *testing.T) {
	for _, f := range []Formula{{}, Forward, Central4, Forward2} {
		for _, x := range [][]float64{{1, 2}, {-0.5, 0.3}, {20, -4}} {
			x0 := slices.Clone(x)
			got := Jacobian(nil, jac3x2, 3, x, &Settings{Formula: f})
			if !slices.Equal(x, x0) {
				t.Fatal("Jacobian changed x")
			}
			want := jac3x2Exact(x)
			tol := 1e-6
			if f.Order == 1 {
				tol = 1e-4
			}
			if !mat.EqualApprox(got, want, tol*math.Max(1, mat.Norm(want, math.Inf(1)))) {
				t.Errorf("%v at %v:\n got %v\nwant %v", f, x, mat.Formatted(got), mat.Formatted(want))
			}
			theirs := mat.NewDense(3, 2, nil)
			gfd.Jacobian(theirs, jac3x2, x, &gfd.JacobianSettings{Formula: gfd.Central})
			if !mat.EqualApprox(got, theirs, 10*tol*math.Max(1, mat.Norm(want, math.Inf(1)))) {
				t.Errorf("%v at %v: differs from gonum", f, x)
			}
		}
	}
	dst := mat.NewDense(3, 2, nil)
	if got := Jacobian(dst, jac3x2, 3, []float64{1, 2}, nil); got != dst {
		t.Error("Jacobian did not return dst")
	}
}

func TestHessian(t *testing.T) {
	for _, f := range []Formula{{}, Central4, Forward2} {
		for _, x := range rosenPoints {
			x0 := slices.Clone(x)
			got := Hessian(nil, rosen, x, &Settings{Formula: f})
			if !slices.Equal(x, x0) {
				t.Fatal("Hessian changed x")
			}
			want := rosenHess(x)
			if !mat.EqualApprox(got, want, 1e-5*mat.Norm(want, math.Inf(1))) {
				t.Errorf("%v at %v:\n got %v\nwant %v", f, x, mat.Formatted(got), mat.Formatted(want))
			}
			theirs := mat.NewSymDense(len(x), nil)
			gfd.Hessian(theirs, rosen, x, nil)
			if !mat.EqualApprox(got, theirs, 1e-4*mat.Norm(want, math.Inf(1))) {
				t.Errorf("%v at %v: differs from gonum", f, x)
			}
		}
	}
	// A quadratic has an exact Hessian up to rounding.
	q := func(x []float64) float64 { return 3*x[0]*x[0] + 2*x[0]*x[1] - x[1]*x[1] }
	got := Hessian(nil, q, []float64{0.7, -1.1}, nil)
	want := mat.NewSymDense(2, []float64{6, 2, 2, -2})
	if !mat.EqualApprox(got, want, 1e-6) {
		t.Errorf("quadratic: got %v", mat.Formatted(got))
	}
}

func TestDirectionalDerivative(t *testing.T) {
	for _, x := range rosenPoints {
		v := make([]float64, len(x))
		for i := range v {
			v[i] = float64(i+1) * 0.5 * math.Pow(-1, float64(i))
		}
		x0, v0 := slices.Clone(x), slices.Clone(v)
		e := DirectionalDerivative(rosen, x, v, nil)
		if !slices.Equal(x, x0) || !slices.Equal(v, v0) {
			t.Fatal("DirectionalDerivative changed x or v")
		}
		want := mat.Dot(mat.NewVecDense(len(x), rosenGrad(x)), mat.NewVecDense(len(v), v))
		if d := math.Abs(e.Value - want); d > 1e-9*math.Max(1, math.Abs(want)) || d > 4*e.Err+1e-12 {
			t.Errorf("at %v: %v ± %.2g, want %v", x, e.Value, e.Err, want)
		}
		// Linear in v: scaling v by 1e3 scales the result by 1e3.
		for i := range v {
			v[i] *= 1e3
		}
		big := DirectionalDerivative(rosen, x, v, nil)
		if math.Abs(big.Value-1e3*want) > 1e-9*math.Max(1, math.Abs(1e3*want)) {
			t.Errorf("at %v with 1e3·v: %v, want %v", x, big.Value, 1e3*want)
		}
	}
	if e := DirectionalDerivative(rosen, []float64{1, 2}, []float64{0, 0}, nil); e.Value != 0 {
		t.Errorf("zero v: %v", e.Value)
	}
}

func TestMultivariateNaN(t *testing.T) {
	nan := func([]float64) float64 { return math.NaN() }
	x := []float64{1, 2}
	for i, g := range Gradient(nil, nan, x, nil) {
		if !math.IsNaN(g) {
			t.Errorf("Gradient[%d] = %v, want NaN", i, g)
		}
	}
	if h := Hessian(nil, nan, x, nil); !math.IsNaN(h.At(0, 1)) {
		t.Errorf("Hessian = %v, want NaN", h.At(0, 1))
	}
	j := Jacobian(nil, func(y, x []float64) { y[0] = math.NaN() }, 1, x, nil)
	if !math.IsNaN(j.At(0, 0)) {
		t.Errorf("Jacobian = %v, want NaN", j.At(0, 0))
	}
	if e := DirectionalDerivative(nan, x, []float64{1, 0}, nil); !math.IsNaN(e.Value) {
		t.Errorf("DirectionalDerivative = %v, want NaN", e.Value)
	}
	if e := GradientRichardson(nan, x, nil); !math.IsNaN(e[1].Value) {
		t.Errorf("GradientRichardson = %v, want NaN", e[1].Value)
	}
}

func TestMultivariatePanics(t *testing.T) {
	x := []float64{1, 2, 3}
	cases := []struct {
		name string
		fn   func()
	}{
		{"gradient dst length", func() { Gradient(make([]float64, 2), rosen, x, nil) }},
		{"gradient dst aliases x", func() { Gradient(x, rosen, x, nil) }},
		{"gradient dst overlaps x", func() { buf := []float64{1, 2, 3, 4}; Gradient(buf[1:4], rosen, buf[:3], nil) }},
		{"gradient second derivative", func() { Gradient(nil, rosen, x, &Settings{Formula: Central2nd}) }},
		{"jacobian shape", func() { Jacobian(mat.NewDense(2, 3, nil), jac3x2, 3, x[:2], nil) }},
		{"jacobian m", func() { Jacobian(nil, jac3x2, 0, x[:2], nil) }},
		{"jacobian alias", func() {
			d := mat.NewDense(1, 2, nil)
			Jacobian(d, func(y, x []float64) { y[0] = x[0] }, 1, d.RawRowView(0), nil)
		}},
		{"hessian shape", func() { Hessian(mat.NewSymDense(2, nil), rosen, x, nil) }},
		{"hessian second derivative", func() { Hessian(nil, rosen, x, &Settings{Formula: Central2nd}) }},
		{"directional length", func() { DirectionalDerivative(rosen, x, []float64{1}, nil) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Error("no panic")
				} else if s := fmt.Sprint(r); !strings.HasPrefix(s, "fd: ") {
					t.Errorf("panic %q does not start with \"fd: \"", r)
				} else if e, ok := r.(*linalg.ShapeError); (strings.Contains(c.name, "shape") || strings.Contains(c.name, "length")) && !ok {
					t.Errorf("panic %q (%T): a shape mismatch must panic with a *linalg.ShapeError", r, r)
				} else if ok && e.Op == "" {
					t.Errorf("ShapeError %q names no op", e)
				}
			}()
			c.fn()
		})
	}
	// Disjoint halves of one array do not count as aliasing.
	buf := []float64{1, 2, 0, 0}
	Gradient(buf[2:], rosen, buf[:2], nil)
}
