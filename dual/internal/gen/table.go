package main

// function is one row of the table: an elementwise function of dual's
// number types. Its rule in rules.go is named after the method in lower case
// (Sin → sinRule, rule name "sin"); that is the only hand-written code a row
// needs.
type function struct {
	// Method is the method's name on Float, Number, Hyper, Vec, the Scalar
	// interface and autodiff.Node. Its lower case is the rule's name.
	Method string
	// Kind is how f depends on its arguments: "Linear" (f(x) = cx, or
	// f(x, y) = αx + βy, so its partials are constants), "Bilinear"
	// (f(x, y) = c·xy) or "General".
	Kind string
	// Value is a Go expression of x (and y) that computes f alone, bit for
	// bit the f that the rule returns, without computing any derivative.
	Value string
	// Doc says what the function computes and its derivative rule, in terms
	// of a (and b); Special lists its special cases, one per line, or "".
	Doc, Special string
}

// unary lists the one-argument functions: Method, Kind, Value, Doc, Special.
var unary = []function{
	{"Neg", "Linear", "-x", "−a; the derivative is −1.", ""},
	{"Inv", "General", "1 / x", "1/a; inv′ = −1/a², inv″ = 2/a³.", "Inv(±0) = ±Inf with infinite derivatives"},
	{"Sin", "General", "math.Sin(x)", "sin a; sin′ = cos.", "Sin(±Inf) = NaN"},
	{"Cos", "General", "math.Cos(x)", "cos a; cos′ = −sin.", "Cos(±Inf) = NaN"},
	{"Tan", "General", "math.Tan(x)", "tan a; tan′ = 1 + tan², tan″ = 2·tan·tan′.", "Tan(±Inf) = NaN"},
	{"Asin", "General", "math.Asin(x)", "asin a; asin′ = 1/√(1−a²).", "Asin(±1) has derivative +Inf\nAsin(x) = NaN with NaN derivatives for |x| > 1"},
	{"Acos", "General", "math.Acos(x)", "acos a; acos′ = −1/√(1−a²).", "Acos(±1) has derivative −Inf\nAcos(x) = NaN with NaN derivatives for |x| > 1"},
	{"Atan", "General", "math.Atan(x)", "atan a; atan′ = 1/(1+a²).", "Atan(±Inf) = ±π/2 with derivative 0"},
	{"Sinh", "General", "math.Sinh(x)", "sinh a; sinh′ = cosh.", "Sinh(±Inf) = ±Inf with derivative +Inf"},
	{"Cosh", "General", "math.Cosh(x)", "cosh a; cosh′ = sinh.", "Cosh(±Inf) = +Inf with derivative ±Inf"},
	{"Tanh", "General", "math.Tanh(x)", "tanh a; tanh′ = 1 − tanh², tanh″ = −2·tanh·tanh′.", "Tanh(±Inf) = ±1 with derivative 0"},
	{"Exp", "General", "math.Exp(x)", "eᵃ; exp′ = exp.", "Exp(+Inf) = +Inf, Exp(−Inf) = 0 with derivative 0"},
	{"Expm1", "General", "math.Expm1(x)", "eᵃ − 1, accurate near 0; expm1′ = exp.", ""},
	{"Log", "General", "math.Log(x)", "ln a, the natural logarithm; log′ = 1/a, log″ = −1/a².", "Log(+0) = −Inf with derivative +Inf\nLog(x) = NaN with NaN derivatives for x < 0"},
	{"Log1p", "General", "math.Log1p(x)", "ln(1+a), accurate near 0; log1p′ = 1/(1+a).", "Log1p(−1) = −Inf with derivative +Inf\nLog1p(x) = NaN with NaN derivatives for x < −1"},
	{"Log2", "General", "math.Log2(x)", "log₂ a, the base-2 logarithm; log2′ = 1/(a·ln 2).", "Log2(+0) = −Inf with derivative +Inf\nLog2(x) = NaN with NaN derivatives for x < 0"},
	{"Log10", "General", "math.Log10(x)", "log₁₀ a, the base-10 logarithm; log10′ = 1/(a·ln 10).", "Log10(+0) = −Inf with derivative +Inf\nLog10(x) = NaN with NaN derivatives for x < 0"},
	{"Sqrt", "General", "math.Sqrt(x)", "√a; sqrt′ = 1/(2√a), sqrt″ = −1/(4a√a).", "Sqrt(+0) = +0 with derivative +Inf and second derivative −Inf\nSqrt(x) = NaN with NaN derivatives for x < 0"},
	{"Cbrt", "General", "math.Cbrt(x)", "∛a; cbrt′ = 1/(3∛a²).", "Cbrt(±0) = ±0 with derivative +Inf"},
	{"Abs", "General", "math.Abs(x)", "|a|; abs′ = sign(a) and abs″ = 0.", "Abs has derivative 0 at ±0 (a kink: the subgradient of least norm, as in PyTorch and JAX)"},
	{"Erf", "General", "math.Erf(x)", "erf a, the error function; erf′ = 2/√π·exp(−a²).", "Erf(±Inf) = ±1 with derivative 0"},
	{"Sigmoid", "General", "sigmoid(x)", "σ(a) = 1/(1+e⁻ᵃ), the logistic function, without overflow; σ′ = σ(1−σ).", "Sigmoid(+Inf) = 1, Sigmoid(−Inf) = 0, both with derivative 0"},
	{"Softplus", "General", "softplus(x)", "ln(1+eᵃ), without overflow; softplus′ = σ(a).", "Softplus(+Inf) = +Inf with derivative 1\nSoftplus(−Inf) = 0 with derivative 0"},
	{"ReLU", "General", "max(x, 0)", "max(a, 0); relu′ is 1 for a > 0 and 0 otherwise.", "ReLU has derivative 0 at ±0 (a kink; PyTorch and JAX choose the same)"},
}

// binary lists the two-argument functions, a the receiver and b the
// argument; the Value expression names them x and y.
var binary = []function{
	{"Add", "Linear", "x + y", "a + b.", ""},
	{"Sub", "Linear", "x - y", "a − b.", ""},
	{"Mul", "Bilinear", "x * y", "a·b; the product rule.", ""},
	// Div's value is the IEEE quotient, as divRule's (not x·(1/y), which
	// rounds twice and overflows with 1/y).
	{"Div", "General", "x / y", "a/b; the quotient rule: ∂a = 1/b, ∂b = −a/b².", "Div(a, ±0) is infinite with infinite derivatives"},
	{"Pow", "General", "math.Pow(x, y)", "aᵇ; ∂a = b·aᵇ⁻¹, ∂b = aᵇ·ln a.", "Pow(a, 0) = 1 with ∂a = 0 for any a, 0 included\nPow(+0, b) for b > 0 has ∂b = 0 (the limit of aᵇ·ln a)\nPow(a, b) for a < 0 and integer b has ∂b = NaN; for non-integer b it is NaN"},
	{"Atan2", "General", "math.Atan2(x, y)", "atan2(a, b), the angle of the point (b, a) as math.Atan2(y=a, x=b); ∂a = b/(a²+b²), ∂b = −a/(a²+b²).", "Atan2 at the origin has NaN derivatives: the angle has no limit there"},
	{"Hypot", "General", "math.Hypot(x, y)", "√(a²+b²) without overflow; ∂a = a/√(a²+b²), ∂b = b/√(a²+b²).", "Hypot at the origin has derivatives 0 (a kink, like Abs at 0); Hypot(a, b)² there has second derivatives 0, not 2I: its derivative along v is |v|, which no dual number can carry (write a² + b² where that matters)"},
	{"Maximum", "General", "max(x, y)", "max(a, b), the larger of a and b.", "Maximum at a tie (a = b) splits the derivative evenly, ½ to each side, so Maximum(x, x) has derivative 1\nMaximum with a NaN argument is NaN throughout"},
	{"Minimum", "General", "min(x, y)", "min(a, b), the smaller of a and b.", "Minimum at a tie (a = b) splits the derivative evenly, ½ to each side\nMinimum with a NaN argument is NaN throughout"},
}
