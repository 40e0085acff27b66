package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// Mode chooses how a Jacobian is assembled.
type Mode int

const (
	// Forward builds the Jacobian a column at a time, one JVP per input
	// element: cheap when the input is small.
	Forward Mode = iota
	// Reverse builds it a row at a time, one VJP per output element: cheap
	// when the output is small.
	Reverse
)

// Jacobian returns ∂y/∂x as a tensor of shape y.Shape() ++ x.Shape(): the
// element at (i…, j…) is ∂y[i…]/∂x[j…], so for a vector function of a
// vector it is the m×n matrix whose row i is the gradient of y[i]. This is
// epsilon's one Jacobian type (see the package documentation, "Jacobians
// and Hessians"). Forward mode costs one JVP per element of x, reverse mode
// one VJP per element of y.
func (g *Graph) Jacobian(y, x *Node, mode Mode) (*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if err := g.Run(y); err != nil {
		return nil, err
	}
	m, n := product(y.shape), product(x.shape)
	jac := linalg.Zeros(append(append([]int{}, y.shape...), x.shape...)...)
	d := jac.Data()
	switch mode {
	case Forward:
		e := linalg.Zeros(x.shape...) // one unit vector, moved along
		seed := map[*Node]*linalg.Tensor{x: e}
		for j := 0; j < n; j++ {
			e.Data()[j] = 1
			col, err := g.pushTangents(seed, []*Node{y})
			if err != nil {
				return nil, err
			}
			for i, v := range col[0].Values() {
				d[i*n+j] = v
			}
			e.Data()[j] = 0
		}
	case Reverse:
		e := linalg.Zeros(y.shape...)
		for i := 0; i < m; i++ {
			e.Data()[i] = 1
			row, err := g.VJP(y, []*Node{x}, e)
			if err != nil {
				return nil, err
			}
			copy(d[i*n:(i+1)*n], row[0].Values())
			e.Data()[i] = 0
		}
	default:
		panic(usageErrorf("Jacobian", "unknown mode %d", int(mode)))
	}
	return jac, nil
}

// HVP returns the Hessian-vector products H·v of the scalar y with respect
// to wrt, for directions v (v[i] has the shape of wrt[i]); the result has one
// tensor per wrt node. It works by forward-over-reverse: the reverse-mode
// gradient of y is a graph of ops, so pushing the tangents v through it in
// forward mode gives the directional derivative of the gradient, which is
// H·v. It costs a small multiple of one gradient, whatever the number of
// inputs.
func (g *Graph) HVP(y *Node, wrt []*Node, v []*linalg.Tensor) ([]*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if product(y.shape) != 1 {
		panic(shapeErrorf("HVP", "output %s has shape %v; a Hessian needs one element", y.Label(), y.shape))
	}
	seeds := seedMap("HVP", wrt, v)
	grads := g.Grad(y, wrt...)
	if err := g.Run(grads...); err != nil {
		return nil, err
	}
	return g.pushTangents(seeds, grads)
}

// ValueAndGrad runs the graph once and returns the value of the scalar y
// (one element) and ∂y/∂x for each x in wrt, tensors of the caller's own.
// It panics, as Grad does, if y has more than one element.
func (g *Graph) ValueAndGrad(y *Node, wrt ...*Node) (float64, []*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	gs, err := g.values(g.Grad(y, wrt...), y)
	if err != nil {
		return 0, nil, err
	}
	return y.value.Item(), gs, nil
}

// Hessian returns the dense Hessian ∂²y/∂x² of the scalar y (one element)
// as a tensor of shape x.Shape() ++ x.Shape(): the element at (i…, j…) is
// ∂²y/∂x[i…]∂x[j…], the Jacobian of the gradient.
//
// It is built by forward-over-reverse, one Hessian-vector product per
// column: the gradient graph is built (once, as Grad) and run once, then
// for each of the n elements of x a forward-mode pass pushes the unit
// tangent e_j through it, giving column H·e_j. The cost is therefore about
// n times that of one gradient (each pass a small multiple of a gradient's
// work) and n² numbers of memory; the columns are taken as computed, so H
// is symmetric up to rounding, not by construction. For one product H·v
// use HVP, which costs one pass.
func (g *Graph) Hessian(y, x *Node) (*linalg.Tensor, error) {
	g.startTransfers()
	defer g.endTransfers()
	if product(y.shape) != 1 {
		panic(shapeErrorf("Hessian", "output %s has shape %v; a Hessian needs one element", y.Label(), y.shape))
	}
	// The forward-mode Jacobian of the gradient: one JVP per element of x.
	return g.Jacobian(g.Grad(y, x)[0], x, Forward)
}

func product(shape []int) int {
	p := 1
	for _, s := range shape {
		p *= s
	}
	return p
}
