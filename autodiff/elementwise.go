package autodiff

import (
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

// eval returns the elementwise function of f⁽ᵒʳᵈᵉʳ⁾. Order 0 is the rule's
// Value, which computes f alone: the forward pass never pays for
// derivatives it does not use.
func (u unary) eval(order int) func(float64) float64 {
	switch order {
	case 0:
		return u.rule.Value
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
// differentiated once more. A linear f (dual.Linear: neg) has a constant
// derivative c, so x̄ = c·ȳ needs no node for f′.
func (u unary) VJP(n, grad *Node) []*Node {
	if u.order == 2 {
		panic(noSecondOrder(u.Name()))
	}
	if u.order == 0 && u.rule.Kind == dual.Linear {
		_, c, _ := u.rule.Eval(0)
		return []*Node{grad.times(c)}
	}
	x := n.inputs[0]
	return []*Node{grad.chain(n.g.Apply(unary{u.rule, u.order + 1}, x))}
}

// Unary applies the elementwise function of package dual named name ("sin",
// "exp", "relu", … — see dual.UnaryNames). A name that dual does not know is
// a programmer error: it panics with a *linalg.ShapeError naming it.
func (n *Node) Unary(name string) *Node {
	rule, ok := dual.UnaryRuleFor(name)
	if !ok {
		panic(linalg.ShapeErrorf("autodiff", "Unary", "no elementwise function %q in package dual (dual.UnaryNames lists them)", name))
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

// eval returns the elementwise function of one part. The value (partF) is
// the rule's Value, which computes f without its partials.
func (b binary) eval(part binaryPart) func(x, y float64) float64 {
	if part == partF {
		return b.rule.Value
	}
	return func(x, y float64) float64 {
		_, p := b.rule.Eval(x, y)
		switch part {
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
// adjoint of broadcasting). The rule's kind keeps the gradient graph as
// small as the one a person would write: a linear f (add, sub) has constant
// partials, so x̄ = ∂f/∂x·ȳ is ȳ itself for 1 and −ȳ for −1; a bilinear f
// (mul) has ∂f/∂x = c·y, the other operand, so x̄ = c·(ȳ·y). Only a general
// f needs nodes that evaluate its partials.
func (b binary) VJP(n, grad *Node) []*Node {
	x, y := n.inputs[0], n.inputs[1]
	var gx, gy *Node
	switch {
	case b.part == partF && b.rule.Kind == dual.Linear:
		_, p := b.rule.Eval(0, 0) // the partials are the same at every point
		gx, gy = grad.times(p.X), grad.times(p.Y)
	case b.part == partF && b.rule.Kind == dual.Bilinear:
		_, p := b.rule.Eval(0, 0) // f = c·xy with c = ∂²f/∂x∂y
		gx, gy = grad.chain(y).times(p.XY), grad.chain(x).times(p.XY)
	default:
		px, py := b.next()
		gx = grad.chain(n.g.Apply(binary{b.rule, px}, x, y))
		gy = grad.chain(n.g.Apply(binary{b.rule, py}, x, y))
	}
	return []*Node{gx.SumTo(x.shape...), gy.SumTo(y.shape...)}
}

// times returns c·n for a constant c, spelled as a person would: n itself
// for 1, −n for −1.
func (n *Node) times(c float64) *Node {
	switch c {
	case 1:
		return n
	case -1:
		return n.Neg()
	}
	return n.Scale(c)
}

// Binary applies the two-argument elementwise function of package dual
// named name ("add", "pow", "maximum", … — see dual.BinaryNames) to n and m,
// broadcasting. The generated methods (Add, Pow, …) are the usual way; this
// one serves code that goes through dual's table by name, as the tests do.
func (n *Node) Binary(name string, m *Node) *Node { return n.binary(name, m) }

func (n *Node) binary(name string, m *Node) *Node {
	rule, ok := dual.BinaryRuleFor(name)
	if !ok {
		panic(linalg.ShapeErrorf("autodiff", "binary", "no two-argument function %q in package dual (dual.BinaryNames lists them)", name))
	}
	return n.g.Apply(binary{rule: rule}, n, m)
}

// The elementwise functions of package dual, one method each (Sin, Exp, Add,
// Maximum, …), are generated from dual's table into elementwise_gen.go.

// Square returns n² elementwise.
func (n *Node) Square() *Node { return n.Mul(n) }

// Scale returns c·n for a constant c.
func (n *Node) Scale(c float64) *Node { return n.Mul(n.g.Scalar(c)) }
