package fd

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// expSin is exp(x₀)·sin(x₁) + sin(x₀x₂) + exp(x₁x₂/2), with its Hessian.
func expSin(x []float64) float64 {
	return math.Exp(x[0])*math.Sin(x[1]) + math.Sin(x[0]*x[2]) + math.Exp(0.5*x[1]*x[2])
}

func expSinHess(x []float64) *mat.SymDense {
	e0, s1, c1 := math.Exp(x[0]), math.Sin(x[1]), math.Cos(x[1])
	s02, c02 := math.Sin(x[0]*x[2]), math.Cos(x[0]*x[2])
	e12 := math.Exp(0.5 * x[1] * x[2])
	return mat.NewSymDense(3, []float64{
		e0*s1 - x[2]*x[2]*s02, e0 * c1, c02 - x[0]*x[2]*s02,
		e0 * c1, -e0*s1 + 0.25*x[2]*x[2]*e12, 0.5*e12 + 0.25*x[1]*x[2]*e12,
		c02 - x[0]*x[2]*s02, 0.5*e12 + 0.25*x[1]*x[2]*e12, -x[0]*x[0]*s02 + 0.25*x[1]*x[1]*e12,
	})
}

// sinMix is sin(x₀ + 2x₁)·exp(−x₀²) in two variables, with its Hessian.
func sinMix(x []float64) float64 { return math.Sin(x[0]+2*x[1]) * math.Exp(-x[0]*x[0]) }

func sinMixHess(x []float64) *mat.SymDense {
	s, c, e := math.Sin(x[0]+2*x[1]), math.Cos(x[0]+2*x[1]), math.Exp(-x[0]*x[0])
	// f = s·e; e′ = −2x₀e, e″ = (4x₀² − 2)e.
	h00 := -s*e + 2*c*(-2*x[0]*e) + s*(4*x[0]*x[0]-2)*e
	h01 := -2*s*e + 2*c*(-2*x[0]*e)
	h11 := -4 * s * e
	return mat.NewSymDense(2, []float64{h00, h01, h01, h11})
}

func quad(x []float64) float64 { return 3*x[0]*x[0] + 2*x[0]*x[1] - x[1]*x[1] + 0.5*x[1]*x[2] + 7*x[2] }

// TestHessianRichardson: against closed-form Hessians, every entry is
// within 4·Err of the truth, and on smooth functions at ordinary points
// within 1e-10 relative (the plain Hessian reached 1e-4 there). Where a
// coordinate is far smaller than f's own scale in it (x₁ = 0.002 next to
// x₀ = 1e3 in a quadratic), the relative step is rounding-limited: only
// honesty is asserted.
func TestHessianRichardson(t *testing.T) {
	cases := []struct {
		name     string
		f        func([]float64) float64
		h        func([]float64) *mat.SymDense
		xs       [][]float64
		accurate bool
	}{
		{"rosen", rosen, rosenHess, rosenPoints, true},
		{"quad", quad, func([]float64) *mat.SymDense { return mat.NewSymDense(3, []float64{6, 2, 0, 2, -2, 0.5, 0, 0.5, 0}) }, [][]float64{{0.7, -1.1, 0}, {-3, 2, 1}}, true},
		{"expSin", expSin, expSinHess, [][]float64{{0.3, -0.7, 1.2}, {1.5, 2, -0.4}, {-1, 0.5, 0}, {2, -3, 1.7}}, true},
		{"sinMix", sinMix, sinMixHess, [][]float64{{0.4, 0.9}, {-1.3, 0}, {0, 0}, {2.5, -10}}, true},
		{"quad, mixed scales", quad, func([]float64) *mat.SymDense { return mat.NewSymDense(3, []float64{6, 2, 0, 2, -2, 0.5, 0, 0.5, 0}) }, [][]float64{{1e3, 2e-3, -5}}, false},
		{"expSin, small coordinate", expSin, expSinHess, [][]float64{{1e-3, 0.2, 3}}, false},
	}
	for _, c := range cases {
		for _, x := range c.xs {
			x0 := slices.Clone(x)
			h, errs := HessianRichardson(nil, c.f, x, nil)
			if !slices.Equal(x, x0) {
				t.Fatalf("HessianRichardson changed x")
			}
			want := c.h(x)
			scale := math.Max(1, mat.Norm(want, math.Inf(1)))
			for i := range x {
				for j := range x {
					got, w, e := h.At(i, j), want.At(i, j), errs.At(i, j)
					d := math.Abs(got - w)
					if d > 4*e+1e-15*math.Abs(w) {
						t.Errorf("%s at %v H[%d,%d]: %v ± %.2g, want %v: true error %.2g", c.name, x, i, j, got, e, w, d)
					}
					if c.accurate && (d > 1e-10*math.Max(1, math.Abs(w)) || e > 1e-8*scale) {
						t.Errorf("%s at %v H[%d,%d]: %v ± %.2g, want %v to 1e-10: error %.2g", c.name, x, i, j, got, e, w, d)
					}
				}
			}
		}
	}
	// Orders of magnitude better than the plain Hessian.
	x := []float64{0.3, -0.7, 1.2}
	rich, _ := HessianRichardson(nil, expSin, x, nil)
	plain := Hessian(nil, expSin, x, nil)
	var dr, dp mat.Dense
	dr.Sub(rich, expSinHess(x))
	dp.Sub(plain, expSinHess(x))
	if a, b := mat.Norm(&dr, math.Inf(1)), mat.Norm(&dp, math.Inf(1)); !(a*1e3 < b) {
		t.Errorf("Richardson Hessian error %.2g, plain %.2g: want 1000× better", a, b)
	}
	// dst is filled and returned.
	dst := mat.NewSymDense(2, nil)
	if got, _ := HessianRichardson(dst, sinMix, []float64{0.4, 0.9}, nil); got != dst {
		t.Error("HessianRichardson did not return dst")
	}
}

func TestHessianRichardsonEdges(t *testing.T) {
	nan := func([]float64) float64 { return math.NaN() }
	h, errs := HessianRichardson(nil, nan, []float64{1, 2}, nil)
	for i := range 2 {
		for j := range 2 {
			if !math.IsNaN(h.At(i, j)) || !math.IsInf(errs.At(i, j), 1) {
				t.Errorf("NaN f: H[%d,%d] = %v ± %v, want NaN ± Inf", i, j, h.At(i, j), errs.At(i, j))
			}
		}
	}
	// log(x₀)·x₁ near x₀ = 0: the steps shrink with x₀.
	f := func(x []float64) float64 { return math.Log(x[0]) * x[1] }
	x := []float64{1e-6, 2}
	h, errs = HessianRichardson(nil, f, x, nil)
	want := []float64{-2 / (x[0] * x[0]), 1 / x[0], 0}
	for k, ij := range [][2]int{{0, 0}, {0, 1}, {1, 1}} {
		got, e := h.At(ij[0], ij[1]), errs.At(ij[0], ij[1])
		if d := math.Abs(got - want[k]); d > 4*e+1e-15*math.Abs(want[k]) || d > 1e-9*math.Max(1, math.Abs(want[k])) {
			t.Errorf("log(x₀)·x₁ at %v H%v: %v ± %.2g, want %v", x, ij, got, e, want[k])
		}
	}
	for _, c := range []struct {
		name string
		fn   func()
	}{
		{"shape", func() { HessianRichardson(mat.NewSymDense(3, nil), rosen, []float64{1, 2}, nil) }},
		{"empty", func() { HessianRichardson(nil, rosen, nil, nil) }},
		{"formula", func() { HessianRichardson(nil, rosen, []float64{1, 2}, &RichardsonSettings{Formula: Forward}) }},
		{"alias", func() {
			d := mat.NewSymDense(1, nil)
			HessianRichardson(d, func(x []float64) float64 { return x[0] }, d.RawSymmetric().Data, nil)
		}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.fn()
		}()
	}
}
