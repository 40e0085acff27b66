package autodiff_test

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/dual"
	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// rosenbrockGraph builds Σ_{i<n−1} 100(x_{i+1} − x_i²)² + (1 − x_i)² for x
// of shape n×1, picking x_{:n−1} and x_{1:} with constant selection
// matrices.
func rosenbrockGraph(n int) (g *autodiff.Graph, x, f *autodiff.Node) {
	g = autodiff.New()
	x = g.Input("x", n, 1)
	lo, hi := linalg.Zeros(n-1, n), linalg.Zeros(n-1, n)
	for i := range n - 1 {
		lo.Set(1, i, i)
		hi.Set(1, i, i+1)
	}
	a, b := g.Const("lo", lo).MatMul(x), g.Const("hi", hi).MatMul(x)
	f = b.Sub(a.Square()).Square().Scale(100).Add(g.Scalar(1).Sub(a).Square()).Sum()
	return g, x, f
}

func rosenbrockHyper(x []dual.Hyper) dual.Hyper {
	var s dual.Hyper
	for i := 0; i+1 < len(x); i++ {
		d := x[i+1].Sub(x[i].Mul(x[i]))
		e := x[i].Const(1).Sub(x[i])
		s = s.Add(d.Mul(d).Scale(100)).Add(e.Mul(e))
	}
	return s
}

// rosenbrockHessian is the closed form.
func rosenbrockHessian(x []float64) [][]float64 {
	n := len(x)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	for i := range n - 1 {
		h[i][i] += 1200*x[i]*x[i] - 400*x[i+1] + 2
		h[i+1][i+1] += 200
		h[i][i+1] = -400 * x[i]
		h[i+1][i] = -400 * x[i]
	}
	return h
}

func TestHessianRosenbrock(t *testing.T) {
	for _, x0 := range [][]float64{{-1.2, 1, 0.5, 2}, {1, 1, 1, 1, 1}, {0.3, -0.7, 1.9}} {
		n := len(x0)
		g, x, f := rosenbrockGraph(n)
		x.Set(linalg.New([]int{n, 1}, append([]float64{}, x0...)))
		h, err := g.Hessian(f, x)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{n, 1, n, 1}; !h.HasShape(want) {
			t.Fatalf("Hessian shape %v, want %v", h.Shape(), want)
		}
		closed := rosenbrockHessian(x0)
		viaDual := dual.Hessian(rosenbrockHyper, x0)
		for i := range n {
			for j := range n {
				got := h.At(i, 0, j, 0)
				if math.Abs(got-closed[i][j]) > 1e-12*math.Max(1, math.Abs(closed[i][j])) {
					t.Errorf("x=%v: H[%d][%d] = %.17g, closed form %.17g", x0, i, j, got, closed[i][j])
				}
				if math.Abs(got-viaDual[i][j]) > 1e-12*math.Max(1, math.Abs(viaDual[i][j])) {
					t.Errorf("x=%v: H[%d][%d] = %.17g, dual.Hessian %.17g", x0, i, j, got, viaDual[i][j])
				}
			}
		}
	}
}

// TestHessianQuadratic: f = ½xᵀAx + bᵀx has Hessian (A + Aᵀ)/2 for any A,
// here not symmetric, and x a 3×1 input.
func TestHessianQuadratic(t *testing.T) {
	a := linalg.New([]int{3, 3}, []float64{2, 1, 0, -3, 4, 0.5, 1, 2, 6})
	g := autodiff.New()
	x := g.Input("x", 3, 1)
	b := g.Const("b", linalg.New([]int{3, 1}, []float64{1, -2, 3}))
	f := x.MatMulT(g.Const("A", a).MatMul(x), true, false).Scale(0.5).Sum().Add(b.Mul(x).Sum())
	x.Set(linalg.New([]int{3, 1}, []float64{0.7, -1.1, 2.3}))
	h, err := g.Hessian(f, x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		for j := range 3 {
			want := (a.At(i, j) + a.At(j, i)) / 2
			if got := h.At(i, 0, j, 0); math.Abs(got-want) > 1e-15 {
				t.Errorf("H[%d][%d] = %.17g, want %.17g", i, j, got, want)
			}
		}
	}
	// One more element is cheaper as an HVP, and agrees.
	hv, err := g.HVP(f, []*autodiff.Node{x}, []*linalg.Tensor{linalg.New([]int{3, 1}, []float64{0, 1, 0})})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if hv[0].At(i, 0) != h.At(i, 0, 1, 0) {
			t.Errorf("HVP[%d] = %v, Hessian column 1 has %v", i, hv[0].At(i, 0), h.At(i, 0, 1, 0))
		}
	}
}

func TestHessianOfTensorOutputPanics(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Errorf("Hessian of a vector output did not panic with a *linalg.ShapeError")
		}
	}()
	_, _ = g.Hessian(x.Sin(), x)
}

// TestValueAndGrad: f = Σ x·sin(x) + Σ w², value and gradients from one
// call, equal to Gradient's and to the closed forms, and the caller's own:
// a later run with other inputs leaves them as they were.
func TestValueAndGrad(t *testing.T) {
	g := autodiff.New()
	x, w := g.Input("x", 2, 2), g.Input("w", 3)
	f := x.Mul(x.Sin()).Sum().Add(w.Square().Sum())
	xv := []float64{0.1, -2, 3, 0.5}
	x.Set(linalg.New([]int{2, 2}, append([]float64{}, xv...)))
	w.Set(linalg.New([]int{3}, []float64{1, 2, -3}))
	val, grads, err := g.ValueAndGrad(f, x, w)
	if err != nil {
		t.Fatal(err)
	}
	want := 1.0 + 4 + 9
	for _, v := range xv {
		want += v * math.Sin(v)
	}
	if math.Abs(val-want) > 1e-14*want {
		t.Errorf("value %.17g, want %.17g", val, want)
	}
	if val != f.Value().Item() {
		t.Errorf("value %v, but f's node holds %v", val, f.Value().Item())
	}
	for k, v := range xv {
		if got, want := grads[0].Values()[k], math.Sin(v)+v*math.Cos(v); math.Abs(got-want) > 1e-15 {
			t.Errorf("∂f/∂x[%d] = %.17g, want %.17g", k, got, want)
		}
	}
	for k, v := range []float64{2, 4, -6} {
		if got := grads[1].Values()[k]; got != v {
			t.Errorf("∂f/∂w[%d] = %v, want %v", k, got, v)
		}
	}
	viaGradient, err := g.Gradient(f, x, w)
	if err != nil {
		t.Fatal(err)
	}
	held := grads[0].Clone()
	x.Set(linalg.Full(7, 2, 2))
	if _, _, err := g.ValueAndGrad(f, x, w); err != nil {
		t.Fatal(err)
	}
	for k := range xv {
		if grads[0].Values()[k] != held.Values()[k] || viaGradient[0].Values()[k] != held.Values()[k] {
			t.Fatalf("a gradient returned earlier changed when the graph ran again")
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("ValueAndGrad of a vector output did not panic")
		}
	}()
	_, _, _ = g.ValueAndGrad(x.Sin(), x)
}

// TestSetKeepsTheTensor: Set keeps the caller's tensor, so an update in
// place is seen by the next Run without another Set; SetCopy copies, so
// one is not.
func TestSetKeepsTheTensor(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 3)
	y := x.Scale(2).Sum()
	v := linalg.New([]int{3}, []float64{1, 2, 3})
	x.Set(v)
	if x.Value() != v {
		t.Fatalf("Set did not keep the caller's tensor")
	}
	run := func() float64 {
		if err := g.Run(y); err != nil {
			t.Fatal(err)
		}
		return y.Value().Item()
	}
	if got := run(); got != 12 {
		t.Fatalf("y = %v, want 12", got)
	}
	v.Data()[0] = 11 // an update in place, no Set
	if got := run(); got != 32 {
		t.Errorf("after updating x's tensor in place: y = %v, want 32 (Set keeps the tensor)", got)
	}

	u := linalg.New([]int{3}, []float64{1, 1, 1})
	x.SetCopy(u)
	if x.Value() == u {
		t.Fatalf("SetCopy kept the caller's tensor")
	}
	buf := x.Value()
	u.Data()[0] = 100
	if got := run(); got != 6 {
		t.Errorf("after changing a tensor given to SetCopy: y = %v, want 6 (SetCopy copies)", got)
	}
	x.SetCopy(linalg.New([]int{3}, []float64{0, 0, 1}))
	if x.Value() != buf {
		t.Errorf("a second SetCopy did not reuse the input's buffer")
	}
	if got := run(); got != 2 {
		t.Errorf("after a second SetCopy: y = %v, want 2", got)
	}
	if v.Values()[0] != 11 {
		t.Errorf("SetCopy wrote into the tensor given to Set earlier")
	}
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Errorf("SetCopy of a wrong shape did not panic with a *linalg.ShapeError")
		}
	}()
	x.SetCopy(linalg.Zeros(4))
}

// TestValueIsOverwrittenByRun: a value held from one run is the node's
// buffer, which the next run overwrites, as Node.Value documents; the
// buffer is the same tensor run after run.
func TestValueIsOverwrittenByRun(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	y := x.Sin()
	x.Set(linalg.New([]int{2}, []float64{0, 1}))
	if err := g.Run(y); err != nil {
		t.Fatal(err)
	}
	held := y.Value()
	x.Set(linalg.New([]int{2}, []float64{2, 3}))
	if err := g.Run(y); err != nil {
		t.Fatal(err)
	}
	if y.Value() != held {
		t.Fatalf("the second run gave %s a new tensor, not its buffer", y.Label())
	}
	if held.At(0) != math.Sin(2) || held.At(1) != math.Sin(3) {
		t.Errorf("held value %v, want the second run's [sin 2, sin 3]", held)
	}
}

// TestDeviceGraphRunsTwice: on a device backend the products stay device
// tensors, made afresh each run (no host buffer is used for them), and a
// second run after the inputs changed in place equals the CPU graph's.
func TestDeviceGraphRunsTwice(t *testing.T) {
	xv := linalg.New([]int{4, 3}, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	wv := linalg.New([]int{3, 2}, []float64{0.5, -1, 2, 0, 1, 3})
	build := func(b linalg.Backend) (*autodiff.Graph, *autodiff.Node, *autodiff.Node, []*autodiff.Node) {
		g := autodiff.NewOn(b)
		x, w := g.Input("x", 4, 3), g.Input("w", 3, 2)
		x.Set(xv.Clone())
		w.Set(wv.Clone())
		p := x.MatMul(w)
		f := p.Tanh().Sum()
		return g, w, p, g.Grad(f, w)
	}
	fd := fakedevice.New()
	defer fd.Close()
	gd, wd, pd, grd := build(fd)
	gc, wc, _, grc := build(linalg.CPU{})
	for run := range 2 {
		if err := gd.Run(grd...); err != nil {
			t.Fatal(err)
		}
		if err := gc.Run(grc...); err != nil {
			t.Fatal(err)
		}
		if pd.Value().Device() == nil {
			t.Errorf("run %d: the product is not on the device", run)
		}
		a, b := grd[0].Value().Values(), grc[0].Value().Values()
		for k := range a {
			if a[k] != b[k] {
				t.Errorf("run %d: ∂f/∂w[%d] = %v on the device, %v on the CPU", run, k, a[k], b[k])
			}
		}
		wd.Value().Data()[0] += 0.25
		wc.Value().Data()[0] += 0.25
	}
}
