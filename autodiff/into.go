package autodiff

import (
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/linalg"
)

// IntoOp is an optional interface of an Op whose forward rule can write its
// value into a destination, so that a graph run again and again on inputs
// of the same shapes (a training loop) allocates nothing.
//
// ForwardInto computes exactly what Forward computes, bit for bit, into
// dst, a host tensor of the op's output shape that the graph owns and that
// shares no data with the inputs, and returns dst. Where its kernel cannot
// write into dst — the backend computes on a device, or has no "into" path
// (linalg.MatMulIntoer) — it returns Forward's fresh result instead, and
// the graph stops offering that node a destination.
//
// The built-in ops that implement it are the heavy and common ones: matrix
// products, the elementwise functions (unary and binary, and the chain
// rule's products), broadcasting and its adjoint sum-to, and the
// reductions (sum, mean, max). The others allocate their result on every
// run, as every op did before.
type IntoOp interface {
	Op
	ForwardInto(b linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor
}

// intoOf returns op's ForwardInto, looking through the linear and bilinear
// wrappers, or nil if it has none.
func intoOf(op Op) forwardIntoer {
	var rule any = op
	switch o := op.(type) {
	case linear:
		rule = o.linearRule
	case bilinear:
		rule = o.linearRule
	}
	fi, _ := rule.(forwardIntoer)
	return fi
}

// forwardIntoer is IntoOp's method alone, which the rule inside a linear or
// bilinear wrapper (matMul, broadcast) implements.
type forwardIntoer interface {
	ForwardInto(b linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor
}

// forward computes n's value from its inputs' values in: into n's own
// buffer where its op can write there, otherwise as a fresh tensor.
func (g *Graph) forward(n *Node, in []*linalg.Tensor) *linalg.Tensor {
	fi := intoOf(n.op)
	if fi == nil || n.noInto || g.allocate {
		return n.op.Forward(g.backend, in...)
	}
	if n.buf == nil {
		n.buf = linalg.Zeros(n.shape...)
	}
	v := fi.ForwardInto(g.backend, n.buf, in...)
	if v != n.buf { // computed elsewhere (a device): no buffer to keep
		n.buf, n.noInto = nil, true
	}
	return v
}

// ForwardInto: see IntoOp.
// The derivatives are evaluated as eval evaluates them, by closures that
// stay on the stack (eval's, being returned, are allocated).
func (u unary) ForwardInto(_ linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	ev := u.rule.Eval
	switch u.order {
	case 1:
		return linalg.MapInto(dst, in[0], func(x float64) float64 { _, d, _ := ev(x); return d })
	case 2:
		return linalg.MapInto(dst, in[0], func(x float64) float64 { _, _, d := ev(x); return d })
	}
	return linalg.MapInto(dst, in[0], u.eval(u.order))
}

// ForwardInto: see IntoOp.
func (b binary) ForwardInto(_ linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map2Into(b.rule.Name, dst, in[0], in[1], b.eval(b.part))
}

// ForwardInto: see IntoOp.
func (chain) ForwardInto(_ linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	return linalg.Map2Into("chain", dst, in[0], in[1], dual.ChainProduct)
}

// ForwardInto writes the product into dst where the backend is a
// linalg.MatMulIntoer (the CPU), and otherwise returns the backend's own.
func (m matMul) ForwardInto(b linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	if m.strongHere(b, in) {
		return linalg.MatMulTChain(dst, in[0], in[1], m.transA, m.transB)
	}
	if mi, ok := b.(linalg.MatMulIntoer); ok {
		return mi.MatMulInto(dst, in[0], in[1], m.transA, m.transB)
	}
	return m.Forward(b, in...)
}

// ForwardInto: see IntoOp.
func (b broadcast) ForwardInto(_ linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	if b.sum {
		return linalg.SumToInto(dst, in[0], b.to)
	}
	return linalg.BroadcastToInto(dst, in[0], b.to)
}

// ForwardInto computes what apply computes into dst; a sum on a backend
// with a Reducer of its own (a device's) runs there, as Forward's does.
func (r reduce) ForwardInto(b linalg.Backend, dst *linalg.Tensor, in ...*linalg.Tensor) *linalg.Tensor {
	t := in[0]
	if _, ok := b.(linalg.Reducer); ok && r.kind == reduceSum && b != linalg.Backend(linalg.CPU{}) {
		return r.apply(b, t)
	}
	if r.all {
		var v float64
		switch r.kind {
		case reduceSum:
			v = linalg.SumAll(t)
		case reduceMean:
			v = linalg.SumAll(t) / float64(t.Len())
		default:
			v = linalg.MaxAll(t)
		}
		out := linalg.Into(r.Name(), dst, nil)
		out.Set(v)
		return out
	}
	switch r.kind {
	case reduceSum:
		return linalg.SumInto(dst, t, r.axis, r.keep)
	case reduceMean:
		return linalg.MeanInto(dst, t, r.axis, r.keep)
	}
	return linalg.MaxInto(dst, t, r.axis, r.keep)
}
