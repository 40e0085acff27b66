package autodiff

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg"
)

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

// Jacobian returns ∂y/∂x as a tensor of shape y.Shape() ++ x.Shape().
func (g *Graph) Jacobian(y, x *Node, mode Mode) (*linalg.Tensor, error) {
	if err := g.Run(y); err != nil {
		return nil, err
	}
	m, n := product(y.shape), product(x.shape)
	jac := linalg.Zeros(append(append([]int{}, y.shape...), x.shape...)...)
	d := jac.Data()
	switch mode {
	case Forward:
		for j := 0; j < n; j++ {
			e := linalg.Zeros(x.shape...)
			e.Data()[j] = 1
			col, err := g.pushTangents(map[*Node]*linalg.Tensor{x: e}, []*Node{y})
			if err != nil {
				return nil, err
			}
			for i, v := range col[0].Values() {
				d[i*n+j] = v
			}
		}
	case Reverse:
		for i := 0; i < m; i++ {
			e := linalg.Zeros(y.shape...)
			e.Data()[i] = 1
			row, err := g.VJP(y, []*Node{x}, e)
			if err != nil {
				return nil, err
			}
			copy(d[i*n:(i+1)*n], row[0].Values())
		}
	default:
		panic(fmt.Sprintf("autodiff: Jacobian: unknown mode %d", int(mode)))
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

func product(shape []int) int {
	p := 1
	for _, s := range shape {
		p *= s
	}
	return p
}
