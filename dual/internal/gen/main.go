// Command gen writes the elementary-function methods of dual's number types
// (Float, Number, Hyper, Vec) from one table, so that every type lifts the
// same rule with the same documentation. Run it with go generate in dual/.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"strings"
)

type function struct {
	Method, Rule string
	Binary       bool
	Doc          string // what it computes and its derivative rule
	Special      string // special cases, one per line, or ""
}

var functions = []function{
	{"Neg", "neg", false, "−a; the derivative is −1.", ""},
	{"Inv", "inv", false, "1/a; inv′ = −1/a², inv″ = 2/a³.", "Inv(±0) = ±Inf with infinite derivatives"},
	{"Sin", "sin", false, "sin a; sin′ = cos.", "Sin(±Inf) = NaN"},
	{"Cos", "cos", false, "cos a; cos′ = −sin.", "Cos(±Inf) = NaN"},
	{"Tan", "tan", false, "tan a; tan′ = 1 + tan², tan″ = 2·tan·tan′.", "Tan(±Inf) = NaN"},
	{"Asin", "asin", false, "asin a; asin′ = 1/√(1−a²).", "Asin(±1) has derivative +Inf\nAsin(x) = NaN with NaN derivatives for |x| > 1"},
	{"Acos", "acos", false, "acos a; acos′ = −1/√(1−a²).", "Acos(±1) has derivative −Inf\nAcos(x) = NaN with NaN derivatives for |x| > 1"},
	{"Atan", "atan", false, "atan a; atan′ = 1/(1+a²).", "Atan(±Inf) = ±π/2 with derivative 0"},
	{"Sinh", "sinh", false, "sinh a; sinh′ = cosh.", "Sinh(±Inf) = ±Inf with derivative +Inf"},
	{"Cosh", "cosh", false, "cosh a; cosh′ = sinh.", "Cosh(±Inf) = +Inf with derivative ±Inf"},
	{"Tanh", "tanh", false, "tanh a; tanh′ = 1 − tanh², tanh″ = −2·tanh·tanh′.", "Tanh(±Inf) = ±1 with derivative 0"},
	{"Exp", "exp", false, "eᵃ; exp′ = exp.", "Exp(+Inf) = +Inf, Exp(−Inf) = 0 with derivative 0"},
	{"Expm1", "expm1", false, "eᵃ − 1, accurate near 0; expm1′ = exp.", ""},
	{"Log", "log", false, "the natural logarithm; log′ = 1/a, log″ = −1/a².", "Log(+0) = −Inf with derivative +Inf\nLog(x) = NaN with NaN derivatives for x < 0"},
	{"Log1p", "log1p", false, "log(1+a), accurate near 0; log1p′ = 1/(1+a).", "Log1p(−1) = −Inf with derivative +Inf\nLog1p(x) = NaN with NaN derivatives for x < −1"},
	{"Log2", "log2", false, "the base-2 logarithm; log2′ = 1/(a·ln 2).", "Log2(+0) = −Inf with derivative +Inf\nLog2(x) = NaN with NaN derivatives for x < 0"},
	{"Log10", "log10", false, "the base-10 logarithm; log10′ = 1/(a·ln 10).", "Log10(+0) = −Inf with derivative +Inf\nLog10(x) = NaN with NaN derivatives for x < 0"},
	{"Sqrt", "sqrt", false, "√a; sqrt′ = 1/(2√a), sqrt″ = −1/(4a√a).", "Sqrt(+0) = +0 with derivative +Inf and second derivative −Inf\nSqrt(x) = NaN with NaN derivatives for x < 0"},
	{"Cbrt", "cbrt", false, "∛a; cbrt′ = 1/(3∛a²).", "Cbrt(±0) = ±0 with derivative +Inf"},
	{"Abs", "abs", false, "|a|; abs′ = sign(a) and abs″ = 0.", "Abs has derivative 0 at ±0 (a kink: the subgradient of least norm, as in PyTorch and JAX)"},
	{"Erf", "erf", false, "the error function; erf′ = 2/√π·exp(−a²).", "Erf(±Inf) = ±1 with derivative 0"},
	{"Sigmoid", "sigmoid", false, "the logistic function σ(a) = 1/(1+e⁻ᵃ), without overflow; σ′ = σ(1−σ).", "Sigmoid(+Inf) = 1, Sigmoid(−Inf) = 0, both with derivative 0"},
	{"Softplus", "softplus", false, "log(1+eᵃ), without overflow; softplus′ = σ(a).", "Softplus(+Inf) = +Inf with derivative 1\nSoftplus(−Inf) = 0 with derivative 0"},
	{"ReLU", "relu", false, "max(a, 0); relu′ is 1 for a > 0 and 0 otherwise.", "ReLU has derivative 0 at ±0 (a kink; PyTorch and JAX choose the same)"},
	{"Add", "add", true, "a + b.", ""},
	{"Sub", "sub", true, "a − b.", ""},
	{"Mul", "mul", true, "a·b; the product rule.", ""},
	{"Div", "div", true, "a/b; the quotient rule: ∂a = 1/b, ∂b = −a/b².", "Div(a, ±0) is infinite with infinite derivatives"},
	{"Pow", "pow", true, "aᵇ; ∂a = b·aᵇ⁻¹, ∂b = aᵇ·ln a.", "Pow(a, 0) = 1 with ∂a = 0 for any a, 0 included\nPow(+0, b) for b > 0 has ∂b = 0 (the limit of aᵇ·ln a)\nPow(a, b) for a < 0 and integer b has ∂b = NaN; for non-integer b it is NaN"},
	{"Atan2", "atan2", true, "atan2(a, b), the angle of the point (b, a) as math.Atan2(y=a, x=b); ∂a = b/(a²+b²), ∂b = −a/(a²+b²).", "Atan2 at the origin has NaN derivatives: the angle has no limit there"},
	{"Hypot", "hypot", true, "√(a²+b²) without overflow; ∂a = a/√(a²+b²), ∂b = b/√(a²+b²).", "Hypot at the origin has derivatives 0 (a kink, like Abs at 0)"},
	{"Maximum", "maximum", true, "the larger of a and b.", "Maximum at a tie (a = b) splits the derivative evenly, ½ to each side, so Maximum(x, x) has derivative 1\nMaximum with a NaN argument is NaN throughout"},
	{"Minimum", "minimum", true, "the smaller of a and b.", "Minimum at a tie (a = b) splits the derivative evenly, ½ to each side\nMinimum with a NaN argument is NaN throughout"},
}

type numberType struct{ Name, File, Value, ValueB string }

var types = []numberType{
	{"Float", "float_gen.go", "float64(a)", "float64(b)"},
	{"Number", "number_gen.go", "a.Real", "b.Real"},
	{"Hyper", "hyper_gen.go", "a.Real", "b.Real"},
	{"Vec", "vec_gen.go", "a.Real", "b.Real"},
}

func main() {
	for _, t := range types {
		var b bytes.Buffer
		fmt.Fprintf(&b, "// Code generated by internal/gen from its table of functions; DO NOT EDIT.\n\npackage dual\n\n")
		for _, f := range functions {
			fmt.Fprintf(&b, "// %s returns %s\n", f.Method, f.Doc)
			if f.Special != "" {
				fmt.Fprintf(&b, "//\n// Special cases are:\n//\n")
				for _, line := range strings.Split(f.Special, "\n") {
					fmt.Fprintf(&b, "//\t%s\n", line)
				}
			}
			if f.Binary {
				fmt.Fprintf(&b, "func (a %[1]s) %[2]s(b %[1]s) %[1]s {\n\tf, p := %[3]sRule(%[4]s, %[5]s)\n\treturn a.binary(b, f, p)\n}\n\n",
					t.Name, f.Method, f.Rule, t.Value, t.ValueB)
			} else {
				fmt.Fprintf(&b, "func (a %[1]s) %[2]s() %[1]s { return a.unary(%[3]sRule(%[4]s)) }\n\n", t.Name, f.Method, f.Rule, t.Value)
			}
		}
		src, err := format.Source(b.Bytes())
		if err != nil {
			log.Fatalf("gen: %s: %v", t.Name, err)
		}
		if err := os.WriteFile(t.File, src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
