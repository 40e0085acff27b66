package autodiff_test

import (
	"math/rand/v2"
	"testing"

	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// mlpData is one problem for the two-layer perceptron
//
//	loss = Σ (tanh(X·W1 + b1)·W2 + b2 − T)²
//
// with X batch×in, W1 in×hidden, b1 1×hidden, W2 hidden×out, b2 1×out and
// T batch×out, all row-major float64.
type mlpData struct {
	batch, in, hidden, out int
	x, w1, b1, w2, b2, t   []float64
}

// newMLPData fills every array from a PCG seeded with seed. The weights are
// scaled like a Glorot initialisation so tanh stays out of saturation and the
// gradients are not trivially zero.
func newMLPData(seed uint64, batch, in, hidden, out int) *mlpData {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	fill := func(n int, scale float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = scale * (2*r.Float64() - 1)
		}
		return v
	}
	return &mlpData{
		batch: batch, in: in, hidden: hidden, out: out,
		x:  fill(batch*in, 1),
		w1: fill(in*hidden, 1/float64(in)),
		b1: fill(hidden, 0.1),
		w2: fill(hidden*out, 1/float64(hidden)),
		b2: fill(out, 0.1),
		t:  fill(batch*out, 1),
	}
}

// mlpClone copies a slice, so that neither engine can alias (and perhaps write
// into) the other's data.
func mlpClone(v []float64) []float64 { return append([]float64(nil), v...) }

// epsilonMLP is the perceptron loss built once in an epsilon graph, with its
// gradient nodes wrt W1, b1, W2, b2.
type epsilonMLP struct {
	g                 *autodiff.Graph
	x, w1, b1, w2, b2 *autodiff.Node
	t, loss           *autodiff.Node
	grads             []*autodiff.Node // ∂loss/∂W1, ∂b1, ∂W2, ∂b2
	targets           []*autodiff.Node // loss followed by grads: one Run does all
}

func newEpsilonMLP(d *mlpData) *epsilonMLP {
	g := autodiff.New()
	m := &epsilonMLP{g: g}
	m.x = g.Input("X", d.batch, d.in)
	m.w1 = g.Input("W1", d.in, d.hidden)
	m.b1 = g.Input("b1", 1, d.hidden)
	m.w2 = g.Input("W2", d.hidden, d.out)
	m.b2 = g.Input("b2", 1, d.out)
	m.t = g.Input("T", d.batch, d.out)
	h := m.x.MatMul(m.w1).Add(m.b1).Tanh()
	y := h.MatMul(m.w2).Add(m.b2)
	m.loss = y.Sub(m.t).Square().Sum()
	m.grads = m.g.Grad(m.loss, m.w1, m.b1, m.w2, m.b2)
	m.targets = append([]*autodiff.Node{m.loss}, m.grads...)

	m.x.Set(linalg.New([]int{d.batch, d.in}, mlpClone(d.x)))
	m.w1.Set(linalg.New([]int{d.in, d.hidden}, mlpClone(d.w1)))
	m.b1.Set(linalg.New([]int{1, d.hidden}, mlpClone(d.b1)))
	m.w2.Set(linalg.New([]int{d.hidden, d.out}, mlpClone(d.w2)))
	m.b2.Set(linalg.New([]int{1, d.out}, mlpClone(d.b2)))
	m.t.Set(linalg.New([]int{d.batch, d.out}, mlpClone(d.t)))
	return m
}

// run computes the loss and the four gradients in one pass.
func (m *epsilonMLP) run() error { return m.g.Run(m.targets...) }

// gorgoniaMLP is the same loss in a gorgonia v0.9.18 graph, differentiated
// symbolically with gorgonia.Grad and run on a tape machine.
type gorgoniaMLP struct {
	g                 *gorgonia.ExprGraph
	x, w1, b1, w2, b2 *gorgonia.Node
	t, loss           *gorgonia.Node
	grads             gorgonia.Nodes // ∂loss/∂W1, ∂b1, ∂W2, ∂b2
	vm                gorgonia.VM
}

func newGorgoniaMLP(d *mlpData) (*gorgoniaMLP, error) {
	g := gorgonia.NewGraph()
	m := &gorgoniaMLP{g: g}
	mat := func(name string, r, c int, data []float64) *gorgonia.Node {
		v := tensor.New(tensor.WithShape(r, c), tensor.WithBacking(mlpClone(data)))
		return gorgonia.NewMatrix(g, tensor.Float64, gorgonia.WithName(name), gorgonia.WithShape(r, c), gorgonia.WithValue(v))
	}
	m.x = mat("X", d.batch, d.in, d.x)
	m.w1 = mat("W1", d.in, d.hidden, d.w1)
	m.b1 = mat("b1", 1, d.hidden, d.b1)
	m.w2 = mat("W2", d.hidden, d.out, d.w2)
	m.b2 = mat("b2", 1, d.out, d.b2)
	m.t = mat("T", d.batch, d.out, d.t)

	// The bias is 1×n and the activations batch×n: gorgonia's Add does not
	// broadcast by itself, BroadcastAdd with right pattern {0} repeats the
	// bias along axis 0.
	xw, err := gorgonia.Mul(m.x, m.w1)
	if err != nil {
		return nil, err
	}
	pre, err := gorgonia.BroadcastAdd(xw, m.b1, nil, []byte{0})
	if err != nil {
		return nil, err
	}
	h, err := gorgonia.Tanh(pre)
	if err != nil {
		return nil, err
	}
	hw, err := gorgonia.Mul(h, m.w2)
	if err != nil {
		return nil, err
	}
	y, err := gorgonia.BroadcastAdd(hw, m.b2, nil, []byte{0})
	if err != nil {
		return nil, err
	}
	diff, err := gorgonia.Sub(y, m.t)
	if err != nil {
		return nil, err
	}
	sq, err := gorgonia.Square(diff)
	if err != nil {
		return nil, err
	}
	if m.loss, err = gorgonia.Sum(sq); err != nil {
		return nil, err
	}
	if m.grads, err = gorgonia.Grad(m.loss, m.w1, m.b1, m.w2, m.b2); err != nil {
		return nil, err
	}
	m.vm = gorgonia.NewTapeMachine(g)
	return m, nil
}

// run computes the loss and the four gradients in one pass and rewinds the
// tape for the next one; the values stay readable until the next run.
func (m *gorgoniaMLP) run() error {
	if err := m.vm.RunAll(); err != nil {
		return err
	}
	m.vm.Reset()
	return nil
}

// gorgoniaData returns a gorgonia node's value as a flat float64 slice.
func gorgoniaData(tb testing.TB, n *gorgonia.Node) []float64 {
	tb.Helper()
	switch v := n.Value().(type) {
	case *tensor.Dense:
		return v.Data().([]float64)
	case *gorgonia.F64:
		return []float64{float64(*v)}
	case nil:
		tb.Fatalf("gorgonia: node %s has no value", n.Name())
	default:
		tb.Fatalf("gorgonia: node %s holds a %T", n.Name(), v)
	}
	return nil
}
