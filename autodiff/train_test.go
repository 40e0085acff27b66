package autodiff_test

import (
	"testing"

	"gorgonia.org/gorgonia"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// trainLR is the SGD learning rate of the training-step tests and
// benchmark: small enough that thousands of steps on the fixed batch do not
// diverge (the loss sums 64×10 squares).
const trainLR = 1e-4

// sgdStep runs one forward and reverse pass of the perceptron and updates
// W1, b1, W2 and b2 in place, w ← w − lr·∂loss/∂w. The graph keeps the
// tensors given to Set, so the next run sees the new weights.
func (m *epsilonMLP) sgdStep() error {
	if err := m.run(); err != nil {
		return err
	}
	for i, w := range []*autodiff.Node{m.w1, m.b1, m.w2, m.b2} {
		wd, gd := w.Value().Data(), m.grads[i].Value().Values()
		for k := range wd {
			wd[k] -= trainLR * gd[k]
		}
	}
	return nil
}

// gorgoniaTrainer is the gorgonia MLP on a tape machine that binds the
// gradients to the learnables, updated by gorgonia's VanillaSolver (plain
// SGD with the same learning rate).
type gorgoniaTrainer struct {
	*gorgoniaMLP
	learn  gorgonia.Nodes
	solver gorgonia.Solver
}

func newGorgoniaTrainer(d *mlpData) (*gorgoniaTrainer, error) {
	m, err := newGorgoniaMLP(d)
	if err != nil {
		return nil, err
	}
	learn := gorgonia.Nodes{m.w1, m.b1, m.w2, m.b2}
	m.vm = gorgonia.NewTapeMachine(m.g, gorgonia.BindDualValues(learn...))
	return &gorgoniaTrainer{gorgoniaMLP: m, learn: learn, solver: gorgonia.NewVanillaSolver(gorgonia.WithLearnRate(trainLR))}, nil
}

func (t *gorgoniaTrainer) sgdStep() error {
	if err := t.vm.RunAll(); err != nil {
		return err
	}
	if err := t.solver.Step(gorgonia.NodesToValueGrads(t.learn)); err != nil {
		return err
	}
	t.vm.Reset()
	return nil
}

// TestTrainStepAgainstGorgonia: three SGD steps of each engine from the same
// weights end at the same weights (to 1e-12 relative, the two Gemm calls
// summing in different orders), so the benchmark times the same step.
func TestTrainStepAgainstGorgonia(t *testing.T) {
	d := newMLPData(3, 16, 784, 100, 10)
	eps := newEpsilonMLP(d)
	gor, err := newGorgoniaTrainer(d)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := eps.sgdStep(); err != nil {
			t.Fatal(err)
		}
		if err := gor.sgdStep(); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range []*autodiff.Node{eps.w1, eps.b1, eps.w2, eps.b2} {
		e := w.Value().Values()
		g := gor.learn[i].Value().Data().([]float64)
		for k := range e {
			if !mlpClose(e[k], g[k]) {
				t.Fatalf("%s[%d] after 3 steps: epsilon %.17g, gorgonia %.17g", w.Label(), k, e[k], g[k])
			}
		}
	}
	// The weights really moved: W1 differs from its start.
	if eps.w1.Value().Values()[0] == d.w1[0] && eps.w1.Value().Values()[1] == d.w1[1] {
		t.Errorf("W1 did not move in 3 SGD steps")
	}
}

// TestTrainStepAllocatesNothing: after a warm-up step, a training step
// (Run of the loss and four gradients, then the in-place SGD update)
// allocates (almost) nothing, and every step's loss, gradients and weights
// equal bit for bit those of a graph that allocates every value afresh.
func TestTrainStepAllocatesNothing(t *testing.T) {
	d := newMLPData(4, 64, 784, 100, 10)
	buffered, fresh := newEpsilonMLP(d), newEpsilonMLP(d)
	fresh.g.AllocateForTest()
	for step := range 4 {
		if err := buffered.sgdStep(); err != nil {
			t.Fatal(err)
		}
		if err := fresh.sgdStep(); err != nil {
			t.Fatal(err)
		}
		if b, f := buffered.loss.Value().Item(), fresh.loss.Value().Item(); b != f {
			t.Fatalf("step %d: loss %.17g buffered, %.17g allocating", step, b, f)
		}
		nodes := [][2]*autodiff.Node{{buffered.w1, fresh.w1}, {buffered.b1, fresh.b1}, {buffered.w2, fresh.w2}, {buffered.b2, fresh.b2}}
		for i := range buffered.grads {
			nodes = append(nodes, [2]*autodiff.Node{buffered.grads[i], fresh.grads[i]})
		}
		for _, p := range nodes {
			b, f := p[0].Value().Values(), p[1].Value().Values()
			for k := range b {
				if b[k] != f[k] {
					t.Fatalf("step %d: %s[%d] = %.17g buffered, %.17g allocating", step, p[0].Label(), k, b[k], f[k])
				}
			}
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		if err := buffered.sgdStep(); err != nil {
			t.Fatal(err)
		}
	})
	freshAllocs := testing.AllocsPerRun(5, func() {
		if err := fresh.sgdStep(); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("allocations per training step: %v buffered, %v allocating", allocs, freshAllocs)
	// What is left is gonum's: its Gemm runs a product of more than a few
	// 64×64 blocks (here ∂W1 = Xᵀ·δ, 784×100: 26 blocks) on goroutines,
	// two small allocations each, a few hundred bytes in all.
	if allocs > 60 {
		t.Errorf("a training step after warm-up makes %v allocations, want at most 60 (gonum's parallel Gemm)", allocs)
	}
	if freshAllocs < allocs+40 {
		t.Errorf("the allocating reference makes only %v allocations: is it really allocating?", freshAllocs)
	}
	bytes := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := buffered.sgdStep(); err != nil {
				b.Fatal(err)
			}
		}
	}).AllocedBytesPerOp()
	if bytes > 16<<10 {
		t.Errorf("a training step allocates %d bytes, want under 16 KiB (an allocating step makes 1 MB)", bytes)
	}
}

// TestSmallTrainStepAllocatesNothing: a network whose products are small
// enough for gonum to multiply on the calling goroutine trains with no
// allocation at all, feeding each step a new batch through SetCopy.
func TestSmallTrainStepAllocatesNothing(t *testing.T) {
	d := newMLPData(5, 16, 32, 20, 10)
	m := newEpsilonMLP(d)
	batches := []*linalg.Tensor{linalg.New([]int{16, 32}, mlpClone(d.x)), linalg.Scale(-0.5, linalg.New([]int{16, 32}, mlpClone(d.x)))}
	step := 0
	train := func() {
		m.x.SetCopy(batches[step%2])
		step++
		if err := m.sgdStep(); err != nil {
			t.Fatal(err)
		}
	}
	train() // warm-up: the buffers are made
	if allocs := testing.AllocsPerRun(20, train); allocs != 0 {
		t.Errorf("a training step after warm-up makes %v allocations, want 0", allocs)
	}
}

// BenchmarkTrainStep times one training step of the perceptron of
// BenchmarkGradVsGorgonia (batch 64, 784→100→10, float64): the forward pass,
// the reverse pass (the loss and its gradient wrt W1, b1, W2, b2) and a
// plain SGD update of the four, in epsilon (g.Run, then w −= lr·g in place)
// and in gorgonia (TapeMachine.RunAll with the gradients bound to the
// learnables, VanillaSolver.Step, Reset). Both multiply with gonum's
// pure-Go Gemm.
func BenchmarkTrainStep(b *testing.B) {
	d := newMLPData(2, 64, 784, 100, 10)
	b.Run("epsilon", func(b *testing.B) { benchSteps(b, newEpsilonMLP(d).sgdStep) })
	b.Run("gorgonia", func(b *testing.B) {
		m, err := newGorgoniaTrainer(d)
		if err != nil {
			b.Fatal(err)
		}
		benchSteps(b, m.sgdStep)
	})
}
