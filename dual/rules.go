package dual

import "math"

// This file is the one definition of every derivative in epsilon.
//
// A unary rule returns f(x), f′(x) and f″(x) at a real point; a binary rule
// returns f(x, y) with its first and second partial derivatives. A rule is
// named after its method (Sin → sinRule); the generator's table
// (internal/gen/table.go) lists each once, with its kind and a value-only
// expression, and generates every method and the registry from there. Number,
// Hyper, Vec and the graph engine's elementwise ops (package autodiff) all
// lift these same functions, so forward mode, reverse mode and the scalar
// dual numbers cannot disagree. The rules are small so that the compiler
// inlines them and drops the derivatives a caller does not use.

const (
	ln2       = math.Ln2
	ln10      = math.Ln10
	twoBySqPi = 2 / math.SqrtPi
)

func negRule(x float64) (f, d1, d2 float64) { return -x, -1, 0 }

// invRule: 1/x; at ±0 the value and both derivatives are infinite.
func invRule(x float64) (f, d1, d2 float64) { f = 1 / x; return f, -f * f, 2 * f * f * f }

func sinRule(x float64) (f, d1, d2 float64) { s, c := math.Sincos(x); return s, c, -s }
func cosRule(x float64) (f, d1, d2 float64) { s, c := math.Sincos(x); return c, -s, -c }

// tanRule: tan′ = 1 + tan², tan″ = 2·tan·tan′.
func tanRule(x float64) (f, d1, d2 float64) {
	t := math.Tan(x)
	d1 = 1 + t*t
	return t, d1, 2 * t * d1
}

// asinRule: asin′ = 1/√(1−x²), asin″ = x/(1−x²)^{3/2}; infinite at ±1, NaN outside.
func asinRule(x float64) (f, d1, d2 float64) {
	u := 1 - x*x
	d1 = 1 / math.Sqrt(u)
	return math.Asin(x), d1, x * d1 / u
}

// acosRule: acos′ = −asin′.
func acosRule(x float64) (f, d1, d2 float64) {
	_, d1, d2 = asinRule(x)
	return math.Acos(x), -d1, -d2
}

// atanRule: atan′ = 1/(1+x²), atan″ = −2x/(1+x²)².
func atanRule(x float64) (f, d1, d2 float64) {
	d1 = 1 / (1 + x*x)
	return math.Atan(x), d1, -2 * x * d1 * d1
}

func sinhRule(x float64) (f, d1, d2 float64) { s, c := math.Sinh(x), math.Cosh(x); return s, c, s }
func coshRule(x float64) (f, d1, d2 float64) { s, c := math.Sinh(x), math.Cosh(x); return c, s, c }

// tanhRule: tanh′ = 1 − tanh² = 1/cosh², tanh″ = −2·tanh·tanh′. The
// derivative is computed as 1/cosh²: 1 − tanh² cancels for large |x| and
// keeps only a few digits (at x = 5 it is off by 1e-13 relative).
func tanhRule(x float64) (f, d1, d2 float64) {
	t, c := math.Tanh(x), math.Cosh(x)
	d1 = 1 / (c * c)
	return t, d1, -2 * t * d1
}

func expRule(x float64) (f, d1, d2 float64) { e := math.Exp(x); return e, e, e }

func expm1Rule(x float64) (f, d1, d2 float64) { e := math.Exp(x); return math.Expm1(x), e, e }

// logRule: log′ = 1/x, log″ = −1/x². log(+0) = −Inf with derivative +Inf;
// negative x gives NaN throughout.
func logRule(x float64) (f, d1, d2 float64) {
	d1 = 1 / x
	switch {
	case x == 0: // −0 too: the derivative is +Inf from the side log lives on
		d1 = math.Inf(1)
	case x < 0:
		d1 = math.NaN()
	}
	return math.Log(x), d1, -d1 * d1
}

func log1pRule(x float64) (f, d1, d2 float64) {
	d1 = 1 / (1 + x)
	if x < -1 {
		d1 = math.NaN()
	}
	return math.Log1p(x), d1, -d1 * d1
}

func log2Rule(x float64) (f, d1, d2 float64) {
	_, d1, d2 = logRule(x)
	return math.Log2(x), d1 / ln2, d2 / ln2
}

func log10Rule(x float64) (f, d1, d2 float64) {
	_, d1, d2 = logRule(x)
	return math.Log10(x), d1 / ln10, d2 / ln10
}

// sqrtRule: sqrt′ = 1/(2√x), sqrt″ = −1/(4x√x). At +0 the derivative is +Inf
// and the second derivative −Inf; negative x gives NaN.
func sqrtRule(x float64) (f, d1, d2 float64) {
	s := math.Sqrt(x)
	if x == 0 { // −0 too
		return s, math.Inf(1), math.Inf(-1)
	}
	d1 = 0.5 / s
	return s, d1, -0.5 * d1 / x
}

// cbrtRule: cbrt′ = 1/(3·∛x²), cbrt″ = −2/(9·∛x⁵); infinite at 0.
func cbrtRule(x float64) (f, d1, d2 float64) {
	c := math.Cbrt(x)
	d1 = 1 / (3 * c * c)
	return c, d1, -2 * d1 / (3 * x)
}

// absRule: abs′ = sign(x), with abs′(0) = 0 (the subgradient of least norm,
// as PyTorch and JAX choose); abs″ = 0.
func absRule(x float64) (f, d1, d2 float64) {
	switch {
	case x > 0:
		d1 = 1
	case x < 0:
		d1 = -1
	case x != x:
		d1 = x
	}
	return math.Abs(x), d1, 0
}

// erfRule: erf′ = 2/√π·exp(−x²), erf″ = −2x·erf′.
func erfRule(x float64) (f, d1, d2 float64) {
	d1 = twoBySqPi * math.Exp(-x*x)
	return math.Erf(x), d1, -2 * x * d1
}

// sigmoid computes 1/(1+e^{−x}) without overflow for large |x|.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// sigmoidRule: σ′ = σ(1−σ), σ″ = σ(1−σ)(1−2σ); 1−σ(x) is taken as σ(−x)
// so the derivative keeps full relative accuracy in both tails.
func sigmoidRule(x float64) (f, d1, d2 float64) {
	s, t := sigmoid(x), sigmoid(-x)
	d1 = s * t
	return s, d1, d1 * (t - s)
}

// softplus computes log(1+eˣ) as max(x,0) + log1p(e^{−|x|}), without
// overflow for large x.
func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// softplusRule: softplus′ = σ(x), softplus″ = σ(x)σ(−x).
func softplusRule(x float64) (f, d1, d2 float64) {
	s, t := sigmoid(x), sigmoid(-x)
	return softplus(x), s, s * t
}

// reluRule: max(x, 0); relu′(0) = 0 as in PyTorch and JAX; relu″ = 0.
func reluRule(x float64) (f, d1, d2 float64) {
	switch {
	case x > 0:
		return x, 1, 0
	case x != x:
		return x, x, x
	}
	return 0, 0, 0
}

func addRule(x, y float64) (float64, Partials) { return x + y, Partials{X: 1, Y: 1} }
func subRule(x, y float64) (float64, Partials) { return x - y, Partials{X: 1, Y: -1} }
func mulRule(x, y float64) (float64, Partials) { return x * y, Partials{X: y, Y: x, XY: 1} }

// divRule: ∂x = 1/y, ∂y = −x/y², ∂xy = −1/y², ∂yy = 2x/y³. The value is
// the IEEE quotient x/y, as Go's / gives it: x·(1/y) rounds twice (x/x would
// not be 1) and overflows where 1/y does (1e-300/1e-309 would be +Inf, not
// 1e9); ∂y and ∂yy divide q by y for the same reason.
func divRule(x, y float64) (float64, Partials) {
	r := 1 / y
	q := x / y
	qy := q / y
	return q, Partials{X: r, Y: -qy, XY: -r * r, YY: 2 * qy / y}
}

// powRule: xʸ with ∂x = y·xʸ⁻¹, ∂y = xʸ·ln x and their second partials.
// Conventions: ∂y is 0 where xʸ = 0 (the limit of xʸ·ln x as x → +0 for
// y > 0), so Pow(0, y) has a finite y-derivative; y = 0 gives xʸ = 1 with
// ∂x = 0 even at x = 0; negative x with non-integer y gives NaN (as math.Pow);
// negative x with integer y has ∂y = NaN, since xʸ is not defined for nearby y.
func powRule(x, y float64) (float64, Partials) {
	f := math.Pow(x, y)
	if y == 0 {
		return 1, Partials{Y: math.Log(x), YY: math.Log(x) * math.Log(x), XY: 1 / x}
	}
	xm1 := math.Pow(x, y-1)
	lnx := math.Log(x)
	p := Partials{
		X:  y * xm1,
		XY: xm1 * (1 + y*lnx),
		Y:  f * lnx,
		YY: f * lnx * lnx,
	}
	if c := y * (y - 1); c != 0 { // y = 1: linear in x, ∂xx = 0 even at x = 0
		p.XX = c * math.Pow(x, y-2)
	}
	if f == 0 { // x = 0 and y > 0: every term with ln x vanishes in the limit
		p.Y, p.YY = 0, 0
	}
	if xm1 == 0 {
		p.XY = 0
	}
	return f, p
}

// atan2Rule(a, b) is math.Atan2(a, b), the angle of the point (b, a):
// ∂a = b/r², ∂b = −a/r² with r² = a²+b². At the origin the partials are
// NaN: the angle has no limit there.
//
// The partials are formed from u = a/r and v = b/r, r = hypot(a, b), so
// they neither overflow nor underflow where a² + b² would (at 1e±200).
func atan2Rule(a, b float64) (float64, Partials) {
	r := math.Hypot(a, b)
	u, v := a/r, b/r
	return math.Atan2(a, b), Partials{
		X: v / r, Y: -u / r,
		XX: -2 * u * v / r / r, XY: (u*u - v*v) / r / r, YY: 2 * u * v / r / r,
	}
}

// hypotRule: √(x²+y²) with ∂x = x/h, ∂y = y/h. At the origin (a kink, like
// abs at 0) the first partials are 0 and the second partials +Inf.
//
// Like atan2Rule it works with u = x/h and v = y/h, so it neither overflows
// nor underflows; with one argument infinite, ∂ is ±1 along it and 0 across.
func hypotRule(x, y float64) (float64, Partials) {
	h := math.Hypot(x, y)
	switch {
	case h == 0:
		inf := math.Inf(1)
		return 0, Partials{XX: inf, YY: inf}
	case math.IsInf(h, 1) && !math.IsNaN(x) && !math.IsNaN(y):
		return h, Partials{X: infSign(x), Y: infSign(y)}
	}
	u, v := x/h, y/h
	return h, Partials{X: u, Y: v, XX: v * v / h, XY: -u * v / h, YY: u * u / h}
}

// infSign is ±1 for ±Inf and 0 for finite x.
func infSign(x float64) float64 {
	if math.IsInf(x, 0) {
		return math.Copysign(1, x)
	}
	return 0
}

// maximumRule: the larger argument; at a tie each side gets ½, so max(x, x) has
// derivative 1 and the choice is symmetric (JAX and PyTorch do the same).
// NaN in either argument gives NaN everywhere.
func maximumRule(x, y float64) (float64, Partials) {
	switch {
	case x > y:
		return x, Partials{X: 1}
	case x < y:
		return y, Partials{Y: 1}
	case x == y:
		return math.Max(x, y), Partials{X: 0.5, Y: 0.5} // math.Max(−0, +0) is +0
	}
	nan := math.NaN()
	return nan, Partials{X: nan, Y: nan, XX: nan, XY: nan, YY: nan}
}

// minimumRule: the smaller argument, with the same tie and NaN conventions as max.
func minimumRule(x, y float64) (float64, Partials) {
	f, p := maximumRule(-x, -y)
	return -f, Partials{X: p.X, Y: p.Y, XX: -p.XX, XY: -p.XY, YY: -p.YY}
}

// powFRule: xᵖ for a constant exponent p, with ∂x = p·xᵖ⁻¹ and ∂²x = p(p−1)·xᵖ⁻²:
// the x-part of powRule without its logarithm. p = 0 gives 1 with derivative 0.
func powFRule(x, p float64) (f, d1, d2 float64) {
	if p == 0 {
		return 1, 0, 0
	}
	if c := p * (p - 1); c != 0 {
		d2 = c * math.Pow(x, p-2)
	} // p = 1: x is linear, d2 = 0 even at x = 0 (where xᵖ⁻² is infinite)
	return math.Pow(x, p), p * math.Pow(x, p-1), d2
}
