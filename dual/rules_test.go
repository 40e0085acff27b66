package dual_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/dual"
)

// unaryCase ties one method of every number type to closed-form derivatives
// written here independently of rules.go, and to a domain where the function
// is smooth.
type unaryCase struct {
	name   string
	num    func(dual.Number) dual.Number
	hyp    func(dual.Hyper) dual.Hyper
	vec    func(dual.Vec) dual.Vec
	flt    func(dual.Float) dual.Float
	f      func(float64) float64
	d1, d2 func(float64) float64
	lo, hi float64
}

func sq(x float64) float64 { return x * x }

var unaryCases = []unaryCase{
	{"Neg", dual.Number.Neg, dual.Hyper.Neg, dual.Vec.Neg, dual.Float.Neg,
		func(x float64) float64 { return -x }, func(float64) float64 { return -1 }, func(float64) float64 { return 0 }, -10, 10},
	{"Inv", dual.Number.Inv, dual.Hyper.Inv, dual.Vec.Inv, dual.Float.Inv,
		func(x float64) float64 { return 1 / x }, func(x float64) float64 { return -math.Pow(x, -2) }, func(x float64) float64 { return 2 * math.Pow(x, -3) }, 0.1, 10},
	{"Sin", dual.Number.Sin, dual.Hyper.Sin, dual.Vec.Sin, dual.Float.Sin, math.Sin, math.Cos,
		func(x float64) float64 { return -math.Sin(x) }, -10, 10},
	{"Cos", dual.Number.Cos, dual.Hyper.Cos, dual.Vec.Cos, dual.Float.Cos, math.Cos,
		func(x float64) float64 { return -math.Sin(x) }, func(x float64) float64 { return -math.Cos(x) }, -10, 10},
	{"Tan", dual.Number.Tan, dual.Hyper.Tan, dual.Vec.Tan, dual.Float.Tan, math.Tan,
		func(x float64) float64 { return 1 / sq(math.Cos(x)) }, func(x float64) float64 { return 2 * math.Sin(x) / math.Pow(math.Cos(x), 3) }, -1.4, 1.4},
	{"Asin", dual.Number.Asin, dual.Hyper.Asin, dual.Vec.Asin, dual.Float.Asin, math.Asin,
		func(x float64) float64 { return math.Pow(1-x*x, -0.5) }, func(x float64) float64 { return x * math.Pow(1-x*x, -1.5) }, -0.95, 0.95},
	{"Acos", dual.Number.Acos, dual.Hyper.Acos, dual.Vec.Acos, dual.Float.Acos, math.Acos,
		func(x float64) float64 { return -math.Pow(1-x*x, -0.5) }, func(x float64) float64 { return -x * math.Pow(1-x*x, -1.5) }, -0.95, 0.95},
	{"Atan", dual.Number.Atan, dual.Hyper.Atan, dual.Vec.Atan, dual.Float.Atan, math.Atan,
		func(x float64) float64 { return 1 / (1 + x*x) }, func(x float64) float64 { return -2 * x / sq(1+x*x) }, -10, 10},
	{"Sinh", dual.Number.Sinh, dual.Hyper.Sinh, dual.Vec.Sinh, dual.Float.Sinh, math.Sinh, math.Cosh, math.Sinh, -5, 5},
	{"Cosh", dual.Number.Cosh, dual.Hyper.Cosh, dual.Vec.Cosh, dual.Float.Cosh, math.Cosh, math.Sinh, math.Cosh, -5, 5},
	{"Tanh", dual.Number.Tanh, dual.Hyper.Tanh, dual.Vec.Tanh, dual.Float.Tanh, math.Tanh,
		func(x float64) float64 { return 1 / sq(math.Cosh(x)) }, func(x float64) float64 { return -2 * math.Sinh(x) / math.Pow(math.Cosh(x), 3) }, -5, 5},
	{"Exp", dual.Number.Exp, dual.Hyper.Exp, dual.Vec.Exp, dual.Float.Exp, math.Exp, math.Exp, math.Exp, -5, 5},
	{"Expm1", dual.Number.Expm1, dual.Hyper.Expm1, dual.Vec.Expm1, dual.Float.Expm1, math.Expm1, math.Exp, math.Exp, -5, 5},
	{"Log", dual.Number.Log, dual.Hyper.Log, dual.Vec.Log, dual.Float.Log, math.Log,
		func(x float64) float64 { return 1 / x }, func(x float64) float64 { return -1 / (x * x) }, 0.05, 20},
	{"Log1p", dual.Number.Log1p, dual.Hyper.Log1p, dual.Vec.Log1p, dual.Float.Log1p, math.Log1p,
		func(x float64) float64 { return 1 / (1 + x) }, func(x float64) float64 { return -1 / sq(1+x) }, -0.9, 20},
	{"Log2", dual.Number.Log2, dual.Hyper.Log2, dual.Vec.Log2, dual.Float.Log2, math.Log2,
		func(x float64) float64 { return 1 / (x * math.Ln2) }, func(x float64) float64 { return -1 / (x * x * math.Ln2) }, 0.05, 20},
	{"Log10", dual.Number.Log10, dual.Hyper.Log10, dual.Vec.Log10, dual.Float.Log10, math.Log10,
		func(x float64) float64 { return 1 / (x * math.Ln10) }, func(x float64) float64 { return -1 / (x * x * math.Ln10) }, 0.05, 20},
	{"Sqrt", dual.Number.Sqrt, dual.Hyper.Sqrt, dual.Vec.Sqrt, dual.Float.Sqrt, math.Sqrt,
		func(x float64) float64 { return 0.5 * math.Pow(x, -0.5) }, func(x float64) float64 { return -0.25 * math.Pow(x, -1.5) }, 0.05, 20},
	{"Cbrt", dual.Number.Cbrt, dual.Hyper.Cbrt, dual.Vec.Cbrt, dual.Float.Cbrt, math.Cbrt,
		func(x float64) float64 { return math.Pow(x, -2.0/3) / 3 }, func(x float64) float64 { return -2 * math.Pow(x, -5.0/3) / 9 }, 0.05, 20},
	{"Abs", dual.Number.Abs, dual.Hyper.Abs, dual.Vec.Abs, dual.Float.Abs, math.Abs,
		func(x float64) float64 { return math.Copysign(1, x) }, func(float64) float64 { return 0 }, -5, 5},
	{"Erf", dual.Number.Erf, dual.Hyper.Erf, dual.Vec.Erf, dual.Float.Erf, math.Erf,
		func(x float64) float64 { return 2 / math.SqrtPi * math.Exp(-x*x) }, func(x float64) float64 { return -4 * x / math.SqrtPi * math.Exp(-x*x) }, -3, 3},
	{"Sigmoid", dual.Number.Sigmoid, dual.Hyper.Sigmoid, dual.Vec.Sigmoid, dual.Float.Sigmoid,
		func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
		func(x float64) float64 { e := math.Exp(-x); return e / sq(1+e) },
		func(x float64) float64 { e := math.Exp(-x); return e * (e - 1) / math.Pow(1+e, 3) }, -20, 20},
	{"Softplus", dual.Number.Softplus, dual.Hyper.Softplus, dual.Vec.Softplus, dual.Float.Softplus,
		func(x float64) float64 { return math.Log1p(math.Exp(x)) },
		func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
		func(x float64) float64 { e := math.Exp(-x); return e / sq(1+e) }, -20, 20},
	{"ReLU", dual.Number.ReLU, dual.Hyper.ReLU, dual.Vec.ReLU, dual.Float.ReLU,
		func(x float64) float64 { return math.Max(x, 0) },
		func(x float64) float64 {
			if x > 0 {
				return 1
			}
			return 0
		}, func(float64) float64 { return 0 }, -5, 5},
}

// close reports whether got agrees with want to rel relative error, with an
// absolute floor for values that are themselves near zero.
func close(got, want, rel, abs float64) bool {
	if math.IsInf(want, 0) || math.IsNaN(want) {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	return math.Abs(got-want) <= rel*math.Max(math.Abs(got), math.Abs(want))+abs
}

func randomPoints(seed uint64, lo, hi float64, n int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 12))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = lo + (hi-lo)*rng.Float64()
	}
	return xs
}

// TestUnaryClosedForm checks value, first and second derivative of every
// unary function on every number type against closed forms, at random points.
func TestUnaryClosedForm(t *testing.T) {
	for _, c := range unaryCases {
		for _, x := range randomPoints(1, c.lo, c.hi, 200) {
			if c.name == "Abs" || c.name == "ReLU" {
				if math.Abs(x) < 1e-3 {
					continue // the kink is tested in TestSpecialCases
				}
			}
			f, d1, d2 := c.f(x), c.d1(x), c.d2(x)
			n := c.num(dual.Var(x))
			h := c.hyp(dual.Hyper{Real: x, E1: 1, E2: 1})
			v := c.vec(dual.NewVec(x, [dual.VecWidth]float64{1, 2}))
			fl := c.flt(dual.Float(x))
			const rel = 1e-13
			if !close(n.Real, f, rel, 1e-300) || !close(float64(fl), f, rel, 1e-300) || !close(h.Real, f, rel, 1e-300) {
				t.Errorf("%s(%v): value %v (Number) %v (Float) %v (Hyper), want %v", c.name, x, n.Real, fl, h.Real, f)
			}
			if !close(n.Eps, d1, rel, 1e-300) || !close(h.E1, d1, rel, 1e-300) || !close(h.E2, d1, rel, 1e-300) {
				t.Errorf("%s′(%v) = %v (Number) %v/%v (Hyper), want %v", c.name, x, n.Eps, h.E1, h.E2, d1)
			}
			if !close(v.Partial(0), d1, rel, 1e-300) || !close(v.Partial(1), 2*d1, rel, 1e-300) {
				t.Errorf("%s′(%v) = %v (Vec), want %v and twice that", c.name, x, v.Partials(), d1)
			}
			if !close(h.E12, d2, 1e-12, 1e-300) {
				t.Errorf("%s″(%v) = %v (Hyper), want %v", c.name, x, h.E12, d2)
			}
		}
	}
}

// TestUnaryFiniteDifferences checks the same rules against Richardson
// extrapolated central differences, with the estimate's own error bound.
func TestUnaryFiniteDifferences(t *testing.T) {
	for _, c := range unaryCases {
		for _, x := range randomPoints(2, c.lo, c.hi, 40) {
			if (c.name == "Abs" || c.name == "ReLU") && math.Abs(x) < 0.5 {
				continue
			}
			val := func(x float64) float64 { return c.num(dual.Number{Real: x}).Real }
			der := func(x float64) float64 { return c.num(dual.Var(x)).Eps }
			est1 := fd.Richardson(val, x, nil)
			est2 := fd.Richardson(der, x, nil)
			d1 := c.num(dual.Var(x)).Eps
			d2 := c.hyp(dual.Hyper{Real: x, E1: 1, E2: 1}).E12
			if !close(d1, est1.Value, 1e-8, 1e-12) {
				t.Errorf("%s′(%v) = %v, Richardson %v ± %v", c.name, x, d1, est1.Value, est1.Err)
			}
			if !close(d2, est2.Value, 1e-8, 1e-12) {
				t.Errorf("%s″(%v) = %v, Richardson %v ± %v", c.name, x, d2, est2.Value, est2.Err)
			}
		}
	}
}

// binaryCase: a two-argument function with closed-form partials.
type binaryCase struct {
	name   string
	num    func(dual.Number, dual.Number) dual.Number
	hyp    func(dual.Hyper, dual.Hyper) dual.Hyper
	f      func(x, y float64) float64
	p      func(x, y float64) dual.Partials
	domain [4]float64 // xlo, xhi, ylo, yhi
}

var binaryCases = []binaryCase{
	{"Add", dual.Number.Add, dual.Hyper.Add, func(x, y float64) float64 { return x + y },
		func(x, y float64) dual.Partials { return dual.Partials{X: 1, Y: 1} }, [4]float64{-5, 5, -5, 5}},
	{"Sub", dual.Number.Sub, dual.Hyper.Sub, func(x, y float64) float64 { return x - y },
		func(x, y float64) dual.Partials { return dual.Partials{X: 1, Y: -1} }, [4]float64{-5, 5, -5, 5}},
	{"Mul", dual.Number.Mul, dual.Hyper.Mul, func(x, y float64) float64 { return x * y },
		func(x, y float64) dual.Partials { return dual.Partials{X: y, Y: x, XY: 1} }, [4]float64{-5, 5, -5, 5}},
	{"Div", dual.Number.Div, dual.Hyper.Div, func(x, y float64) float64 { return x / y },
		func(x, y float64) dual.Partials {
			return dual.Partials{X: 1 / y, Y: -x / (y * y), XY: -1 / (y * y), YY: 2 * x / (y * y * y)}
		}, [4]float64{-5, 5, 0.2, 5}},
	{"Pow", dual.Number.Pow, dual.Hyper.Pow, math.Pow,
		func(x, y float64) dual.Partials {
			l := math.Log(x)
			return dual.Partials{X: y * math.Pow(x, y-1), Y: math.Pow(x, y) * l,
				XX: y * (y - 1) * math.Pow(x, y-2), XY: math.Pow(x, y-1) + y*math.Pow(x, y-1)*l, YY: math.Pow(x, y) * l * l}
		}, [4]float64{0.1, 5, -3, 3}},
	{"Atan2", dual.Number.Atan2, dual.Hyper.Atan2, math.Atan2,
		func(a, b float64) dual.Partials {
			r := a*a + b*b
			return dual.Partials{X: b / r, Y: -a / r, XX: -2 * a * b / (r * r), XY: (a*a - b*b) / (r * r), YY: 2 * a * b / (r * r)}
		}, [4]float64{-5, 5, 0.5, 5}},
	{"Hypot", dual.Number.Hypot, dual.Hyper.Hypot, math.Hypot,
		func(x, y float64) dual.Partials {
			h := math.Sqrt(x*x + y*y)
			return dual.Partials{X: x / h, Y: y / h, XX: y * y / (h * h * h), XY: -x * y / (h * h * h), YY: x * x / (h * h * h)}
		}, [4]float64{-5, 5, 0.5, 5}},
	{"Maximum", dual.Number.Maximum, dual.Hyper.Maximum, math.Max,
		func(x, y float64) dual.Partials {
			if x > y {
				return dual.Partials{X: 1}
			}
			return dual.Partials{Y: 1}
		}, [4]float64{-5, 5, -5, 5}},
	{"Minimum", dual.Number.Minimum, dual.Hyper.Minimum, math.Min,
		func(x, y float64) dual.Partials {
			if x < y {
				return dual.Partials{X: 1}
			}
			return dual.Partials{Y: 1}
		}, [4]float64{-5, 5, -5, 5}},
}

// TestBinaryPartials seeds each argument in turn (Number) and each pair of
// arguments (Hyper) and compares with closed forms and with Richardson
// differences of the value and of the exact first partials.
func TestBinaryPartials(t *testing.T) {
	for _, c := range binaryCases {
		xs := randomPoints(3, c.domain[0], c.domain[1], 100)
		ys := randomPoints(4, c.domain[2], c.domain[3], 100)
		for i := range xs {
			x, y := xs[i], ys[i]
			want := c.p(x, y)
			px := c.num(dual.Var(x), dual.Number{Real: y}).Eps
			py := c.num(dual.Number{Real: x}, dual.Var(y)).Eps
			xx := c.hyp(dual.Hyper{Real: x, E1: 1, E2: 1}, dual.Hyper{Real: y}).E12
			xy := c.hyp(dual.Hyper{Real: x, E1: 1}, dual.Hyper{Real: y, E2: 1}).E12
			yy := c.hyp(dual.Hyper{Real: x}, dual.Hyper{Real: y, E1: 1, E2: 1}).E12
			got := dual.Partials{X: px, Y: py, XX: xx, XY: xy, YY: yy}
			for _, g := range []struct {
				part      string
				got, want float64
			}{{"∂x", got.X, want.X}, {"∂y", got.Y, want.Y}, {"∂xx", got.XX, want.XX}, {"∂xy", got.XY, want.XY}, {"∂yy", got.YY, want.YY}} {
				if !close(g.got, g.want, 1e-12, 1e-14) {
					t.Errorf("%s(%v, %v) %s = %v, want %v", c.name, x, y, g.part, g.got, g.want)
				}
			}
			if v := c.num(dual.Number{Real: x}, dual.Number{Real: y}).Real; !close(v, c.f(x, y), 1e-15, 0) {
				t.Errorf("%s(%v, %v) = %v, want %v", c.name, x, y, v, c.f(x, y))
			}
			if (c.name == "Maximum" || c.name == "Minimum") && math.Abs(x-y) < 0.5 {
				continue
			}
			fx := fd.Richardson(func(s float64) float64 { return c.num(dual.Number{Real: s}, dual.Number{Real: y}).Real }, x, nil)
			fy := fd.Richardson(func(s float64) float64 { return c.num(dual.Number{Real: x}, dual.Number{Real: s}).Real }, y, nil)
			fxy := fd.Richardson(func(s float64) float64 { return c.num(dual.Var(x), dual.Number{Real: s}).Eps }, y, nil)
			if !close(px, fx.Value, 1e-8, 1e-12) || !close(py, fy.Value, 1e-8, 1e-12) || !close(xy, fxy.Value, 1e-8, 1e-12) {
				t.Errorf("%s(%v, %v): partials %v, %v, %v; Richardson %v, %v, %v", c.name, x, y, px, py, xy, fx.Value, fy.Value, fxy.Value)
			}
		}
	}
}
