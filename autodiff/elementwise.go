package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// unary applies an elementwise function of package dual, or one of its
// derivatives: order 0 is f, 1 is f′, 2 is f″. The rule is dual's one
// definition, so the graph, the dual numbers and the gradient check all
// differentiate with the same formula.
type unary struct {
	rule  dual.UnaryRule
	order int
}

var primes = [...]string{"", "′", "″"}

func (u unary) Name() string            { return u.rule.Name + primes[u.order] }
func (u unary) Shape(in ...[]int) []int { return in[0] }

func (u unary) eval(order int) func(float64) float64 {
	switch order {
	case 0:
		return func(x float64) float64 { f, _, _ := u.rule.Eval(x); return f }
	case 1:
		return func(x float64) float64 { _, d, _ := u.rule.Eval(x); return d }
	case 2:
		return func(x float64) float64 { _, _, d := u.rule.Eval(x); return d }
	}
	panic(noSecondOrder(u.rule.Name + "″"))
}

func (u unary) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map(in[0], u.eval(u.order))
}

// JVP: d f⁽ᵏ⁾(x) = f⁽ᵏ⁺¹⁾(x)·dx.
func (u unary) JVP(_ linalg.Backend, in []*linalg.Tensor, _ *linalg.Tensor, dIn []*linalg.Tensor) *linalg.Tensor {
	return chainMul(dIn[0], linalg.Map(in[0], u.eval(u.order+1)))
}

// VJP: x̄ = ȳ·f⁽ᵏ⁺¹⁾(x), where f⁽ᵏ⁺¹⁾ is again a node, so it can be
// differentiated once more.
func (u unary) VJP(n, grad *Node) []*Node {
	if u.order == 2 {
		panic(noSecondOrder(u.Name()))
	}
	x := n.inputs[0]
	return []*Node{grad.chain(n.g.Apply(unary{u.rule, u.order + 1}, x))}
}

// Unary applies the elementwise function of package dual named name ("sin",
// "exp", "relu", … — see dual.Unary).
func (n *Node) Unary(name string) *Node {
	rule, ok := dual.Unary[name]
	if !ok {
		panic(fmt.Sprintf("autodiff: Unary: no function %q in dual.Unary", name))
	}
	return n.g.Apply(unary{rule: rule}, n)
}

// binaryPart says which of f, ∂f/∂x, ∂f/∂y, … a binary node computes.
type binaryPart int

const (
	partF binaryPart = iota
	partX
	partY
	partXX
	partXY
	partYY
)

var partNames = [...]string{"", "∂x", "∂y", "∂xx", "∂xy", "∂yy"}

// binary applies a two-argument function of package dual elementwise, with
// NumPy broadcasting, or one of its partial derivatives.
type binary struct {
	rule dual.BinaryRule
	part binaryPart
}

func (b binary) Name() string { return b.rule.Name + partNames[b.part] }

func (b binary) Shape(in ...[]int) []int { return linalg.BroadcastShapes(b.rule.Name, in[0], in[1]) }

func (b binary) eval(part binaryPart) func(x, y float64) float64 {
	return func(x, y float64) float64 {
		f, p := b.rule.Eval(x, y)
		switch part {
		case partF:
			return f
		case partX:
			return p.X
		case partY:
			return p.Y
		case partXX:
			return p.XX
		case partXY:
			return p.XY
		}
		return p.YY
	}
}

func (b binary) Forward(_ linalg.Backend, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map2(b.rule.Name, in[0], in[1], b.eval(b.part))
}

// next returns the parts that differentiate this one with respect to x and
// to y: f → (∂x, ∂y), ∂x → (∂xx, ∂xy), ∂y → (∂xy, ∂yy).
func (b binary) next() (dx, dy binaryPart) {
	switch b.part {
	case partF:
		return partX, partY
	case partX:
		return partXX, partXY
	case partY:
		return partXY, partYY
	}
	panic(noSecondOrder(b.Name()))
}

func (b binary) JVP(_ linalg.Backend, in []*linalg.Tensor, out *linalg.Tensor, dIn []*linalg.Tensor) *linalg.Tensor {
	px, py := b.next()
	var t *linalg.Tensor
	if dIn[0] != nil {
		t = chainMul(dIn[0], linalg.Map2(b.rule.Name, in[0], in[1], b.eval(px)))
	}
	if dIn[1] != nil {
		ty := chainMul(dIn[1], linalg.Map2(b.rule.Name, in[0], in[1], b.eval(py)))
		if t == nil {
			t = ty
		} else {
			t = linalg.Add(t, ty)
		}
	}
	return linalg.BroadcastTo(t, out.Shape())
}

// VJP: x̄ = ȳ·∂f/∂x, ȳ·∂f/∂y, each summed back to its input's shape (the
// adjoint of broadcasting). Sums, differences and products are spelled out
// so the gradient graph stays as small as the one a person would write.
func (b binary) VJP(n, grad *Node) []*Node {
	x, y := n.inputs[0], n.inputs[1]
	var gx, gy *Node
	switch {
	case b.part == partF && b.rule.Name == "add":
		gx, gy = grad, grad
	case b.part == partF && b.rule.Name == "sub":
		gx, gy = grad, grad.Neg()
	case b.part == partF && b.rule.Name == "mul":
		gx, gy = grad.chain(y), grad.chain(x)
	default:
		px, py := b.next()
		gx = grad.chain(n.g.Apply(binary{b.rule, px}, x, y))
		gy = grad.chain(n.g.Apply(binary{b.rule, py}, x, y))
	}
	return []*Node{gx.SumTo(x.shape...), gy.SumTo(y.shape...)}
}

func (n *Node) binary(name string, m *Node) *Node {
	return n.g.Apply(binary{rule: dual.Binary[name]}, n, m)
}

// Add returns n + m, broadcasting.
func (n *Node) Add(m *Node) *Node { return n.binary("add", m) }

// Sub returns n − m, broadcasting.
func (n *Node) Sub(m *Node) *Node { return n.binary("sub", m) }

// Mul returns n·m elementwise, broadcasting.
func (n *Node) Mul(m *Node) *Node { return n.binary("mul", m) }

// Div returns n/m elementwise, broadcasting.
func (n *Node) Div(m *Node) *Node { return n.binary("div", m) }

// Pow returns nᵐ elementwise, broadcasting (see dual.Number.Pow for the
// conventions at 0).
func (n *Node) Pow(m *Node) *Node { return n.binary("pow", m) }

// Atan2 returns atan2(n, m) elementwise, broadcasting.
func (n *Node) Atan2(m *Node) *Node { return n.binary("atan2", m) }

// Hypot returns √(n²+m²) elementwise, broadcasting.
func (n *Node) Hypot(m *Node) *Node { return n.binary("hypot", m) }

// Maximum returns the elementwise larger of n and m; ties split the gradient.
func (n *Node) Maximum(m *Node) *Node { return n.binary("maximum", m) }

// Minimum returns the elementwise smaller of n and m; ties split the gradient.
func (n *Node) Minimum(m *Node) *Node { return n.binary("minimum", m) }

// The elementwise functions of package dual, one method each; the
// derivative rules and their conventions (at kinks, poles and NaN) are
// documented there, on dual.Number's methods of the same names.

// Neg returns −n elementwise.
func (n *Node) Neg() *Node { return n.Unary("neg") }

// Inv returns 1/n elementwise.
func (n *Node) Inv() *Node { return n.Unary("inv") }

// Sin returns sin n elementwise.
func (n *Node) Sin() *Node { return n.Unary("sin") }

// Cos returns cos n elementwise.
func (n *Node) Cos() *Node { return n.Unary("cos") }

// Tan returns tan n elementwise.
func (n *Node) Tan() *Node { return n.Unary("tan") }

// Asin returns asin n elementwise.
func (n *Node) Asin() *Node { return n.Unary("asin") }

// Acos returns acos n elementwise.
func (n *Node) Acos() *Node { return n.Unary("acos") }

// Atan returns atan n elementwise.
func (n *Node) Atan() *Node { return n.Unary("atan") }

// Sinh returns sinh n elementwise.
func (n *Node) Sinh() *Node { return n.Unary("sinh") }

// Cosh returns cosh n elementwise.
func (n *Node) Cosh() *Node { return n.Unary("cosh") }

// Tanh returns tanh n elementwise.
func (n *Node) Tanh() *Node { return n.Unary("tanh") }

// Exp returns eⁿ elementwise.
func (n *Node) Exp() *Node { return n.Unary("exp") }

// Expm1 returns eⁿ − 1 elementwise.
func (n *Node) Expm1() *Node { return n.Unary("expm1") }

// Log returns log n elementwise.
func (n *Node) Log() *Node { return n.Unary("log") }

// Log1p returns log(1 + n) elementwise.
func (n *Node) Log1p() *Node { return n.Unary("log1p") }

// Log2 returns log₂ n elementwise.
func (n *Node) Log2() *Node { return n.Unary("log2") }

// Log10 returns log₁₀ n elementwise.
func (n *Node) Log10() *Node { return n.Unary("log10") }

// Sqrt returns √n elementwise.
func (n *Node) Sqrt() *Node { return n.Unary("sqrt") }

// Cbrt returns ∛n elementwise.
func (n *Node) Cbrt() *Node { return n.Unary("cbrt") }

// Abs returns |n| elementwise.
func (n *Node) Abs() *Node { return n.Unary("abs") }

// Erf returns erf n elementwise.
func (n *Node) Erf() *Node { return n.Unary("erf") }

// Sigmoid returns 1/(1 + e⁻ⁿ) elementwise.
func (n *Node) Sigmoid() *Node { return n.Unary("sigmoid") }

// Softplus returns log(1 + eⁿ) elementwise.
func (n *Node) Softplus() *Node { return n.Unary("softplus") }

// ReLU returns max(n, 0) elementwise.
func (n *Node) ReLU() *Node { return n.Unary("relu") }

// Square returns n² elementwise.
func (n *Node) Square() *Node { return n.Mul(n) }

// Scale returns c·n for a constant c.
func (n *Node) Scale(c float64) *Node { return n.Mul(n.g.Scalar(c)) }
