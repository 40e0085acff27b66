package autodiff_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestGraphKeepsValuesOnDevice: a graph on a device backend runs
// x·w·v and its sum without copying any intermediate to the host: the three
// inputs go up once each, nothing comes down until the result is read, and
// the result equals the CPU graph's bit for bit.
func TestGraphKeepsValuesOnDevice(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	vals := map[string]*linalg.Tensor{}
	for name, shape := range map[string][]int{"x": {4, 3}, "w": {3, 5}, "v": {5, 2}} {
		d := make([]float64, shape[0]*shape[1])
		for i := range d {
			d[i] = rng.NormFloat64()
		}
		vals[name] = linalg.New(shape, d)
	}
	build := func(b linalg.Backend) (xw, y, s *autodiff.Node, g *autodiff.Graph) {
		g = autodiff.NewOn(b)
		x, w, v := g.Input("x", 4, 3), g.Input("w", 3, 5), g.Input("v", 5, 2)
		x.Set(vals["x"])
		w.Set(vals["w"])
		v.Set(vals["v"])
		xw = x.MatMul(w)
		y = xw.MatMul(v)
		return xw, y, y.Sum(), g
	}

	fd := fakedevice.New()
	defer fd.Close()
	xw, y, s, g := build(fd)
	if err := g.Run(); err != nil {
		t.Fatal(err)
	}
	c := fd.Counts()
	if c.Uploads != 3 || c.Downloads != 0 || c.ToDevice != 8*(12+15+10) || c.ToHost != 0 {
		t.Fatalf("after Run: %v; want 3 uploads (%d B) and no download", c, 8*(12+15+10))
	}
	for _, n := range []*autodiff.Node{xw, y, s} {
		if n.Value().Device() == nil {
			t.Errorf("%s: value is not on the device", n.Label())
		}
	}

	_, yc, sc, gc := build(linalg.CPU{})
	if err := gc.Run(); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		for j := range 2 {
			if got, want := y.Value().At(i, j), yc.Value().At(i, j); got != want {
				t.Errorf("y[%d,%d] = %v on the device, %v on the CPU", i, j, got, want)
			}
		}
	}
	if got, want := s.Value().Item(), sc.Value().Item(); got != want {
		t.Errorf("sum = %v on the device, %v on the CPU", got, want)
	}
	c = fd.Counts()
	if c.Downloads != 2 || c.ToHost != 8*(8+1) {
		t.Errorf("after reading y and its sum: %v; want 2 downloads (%d B)", c, 8*9)
	}
}

// TestBilinearJVPOnDevice: forward mode through a matrix product, with both
// operands moving, runs on the device (the two terms f(ȧ, b) + f(a, ḃ) and
// their sum): the tangent comes down only when it is read, and equals the
// CPU's.
func TestBilinearJVPOnDevice(t *testing.T) {
	a := linalg.New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	b := linalg.New([]int{3, 2}, []float64{0.5, -1, 2, 0, 1, 3})
	da := linalg.New([]int{2, 3}, []float64{1, 0, -1, 2, 1, 0})
	db := linalg.New([]int{3, 2}, []float64{0, 1, 1, 0, -2, 1})
	jvp := func(be linalg.Backend) *linalg.Tensor {
		g := autodiff.NewOn(be)
		x, w := g.Input("a", 2, 3), g.Input("b", 3, 2)
		x.Set(a)
		w.Set(b)
		out, err := g.JVP(x.MatMul(w), []*autodiff.Node{x, w}, []*linalg.Tensor{da, db})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	fd := fakedevice.New()
	defer fd.Close()
	got := jvp(fd)
	if c := fd.Counts(); c.Downloads != 0 || got.Device() == nil {
		t.Fatalf("after the JVP: %v, on device %v; want no download and a device tensor", c, got.Device() != nil)
	}
	want := jvp(linalg.CPU{})
	for i := range 2 {
		for j := range 2 {
			if got.At(i, j) != want.At(i, j) {
				t.Errorf("JVP[%d,%d] = %v on the device, %v on the CPU", i, j, got.At(i, j), want.At(i, j))
			}
		}
	}
}

// TestDistanceDerivativesOnDevice: forward mode through pairwise distances
// and reverse mode's difference sums run on a device that has the
// difference kernels: the tangent and the gradient stay there until read,
// and equal the CPU's.
func TestDistanceDerivativesOnDevice(t *testing.T) {
	x0 := linalg.New([]int{3, 2}, []float64{1, 2, 3, 4, 5, 6})
	y0 := linalg.New([]int{2, 2}, []float64{0.5, -1, 2, 0})
	dx := linalg.New([]int{3, 2}, []float64{1, 0, -1, 2, 1, 0})
	run := func(be linalg.Backend) (jvp, grad *linalg.Tensor) {
		g := autodiff.NewOn(be)
		x, y := g.Input("x", 3, 2), g.Input("y", 2, 2)
		x.Set(x0)
		y.Set(y0)
		d := x.PairwiseSqDist(y)
		jvp, err := g.JVP(d, []*autodiff.Node{x}, []*linalg.Tensor{dx})
		if err != nil {
			t.Fatal(err)
		}
		seed, gs := g.VJPNodes(d, x)
		seed.Set(linalg.Full(1, 3, 2))
		if err := g.Run(gs...); err != nil {
			t.Fatal(err)
		}
		return jvp, gs[0].Value()
	}
	fd := fakedevice.New()
	defer fd.Close()
	jvp, grad := run(fd)
	if c := fd.Counts(); c.Downloads != 0 || jvp.Device() == nil || grad.Device() == nil {
		t.Fatalf("%v, on device %v %v; want no download and device tensors", c, jvp.Device() != nil, grad.Device() != nil)
	}
	jc, gc := run(linalg.CPU{})
	for _, p := range [][2]*linalg.Tensor{{jvp, jc}, {grad, gc}} {
		for i := range p[1].Len() {
			if a, b := p[0].Reshape(-1).At(i), p[1].Reshape(-1).At(i); a != b {
				t.Errorf("element %d: %v on the device, %v on the CPU", i, a, b)
			}
		}
	}
}

// narrowGraph builds, on b, a = x·w and c = x·v (x read by two products)
// and the loss Σa + Σc, with the inputs set to fixed values.
func narrowGraph(b linalg.Backend) (g *autodiff.Graph, x, w, v, a, c, loss *autodiff.Node) {
	rng := rand.New(rand.NewPCG(21, 22))
	g = autodiff.NewOn(b)
	x, w, v = g.Input("x", 4, 3), g.Input("w", 3, 5), g.Input("v", 3, 2)
	x.Set(linalg.RandNormal(rng, 4, 3))
	w.Set(linalg.RandNormal(rng, 3, 5))
	v.Set(linalg.RandNormal(rng, 3, 2))
	a, c = x.MatMul(w), x.MatMul(v)
	return g, x, w, v, a, c, a.Sum().Add(c.Sum())
}

// TestDeviceGraphFreesItsValues: on a device with the GPU backend's
// capabilities, rerunning a graph (Run, ValueAndGrad, JVP) frees the device
// memory of the values each run replaces and of the rules' temporaries, so
// the live buffers stay at the graph's current values however often it
// runs; Release frees those too. The gradients handed out are the caller's
// host tensors, equal to the CPU's and unchanged by later runs.
func TestDeviceGraphFreesItsValues(t *testing.T) {
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	g, x, w, v, a, c, loss := narrowGraph(dev)
	gc, _, wc, vc, _, _, lossc := narrowGraph(linalg.CPU{})
	_, want, err := gc.ValueAndGrad(lossc, wc, vc)
	if err != nil {
		t.Fatal(err)
	}
	var first []*linalg.Tensor
	live := -1
	for i := range 4 {
		_, grads, err := g.ValueAndGrad(loss, w, v)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = grads
		}
		for k := range grads {
			if grads[k].Device() != nil {
				t.Fatalf("gradient %d is a device tensor; want the caller's host copy", k)
			}
			sameValues(t, "gradient", grads[k], want[k])
		}
		if err := g.Run(a, c); err != nil {
			t.Fatal(err)
		}
		if _, err := g.JVP(a, []*autodiff.Node{x, w}, []*linalg.Tensor{linalg.Full(1, 4, 3), linalg.Full(0.5, 3, 5)}); err != nil {
			t.Fatal(err)
		}
		n := dev.Counts().Live
		if live >= 0 && n != live {
			t.Fatalf("round %d: %d device buffers live, %d after the first round: the graph leaks device memory", i, n, live)
		}
		live = n
	}
	for k := range first {
		sameValues(t, "first gradient after later runs", first[k], want[k])
	}
	_ = a.Value().Values() // read on the host: survives Release
	g.Release()
	if n := dev.Counts().Live; n != 0 {
		t.Errorf("after Release: %d device buffers live, want 0", n)
	}
	sameValues(t, "a value read before Release", a.Value(), linalg.MatMul(x.Value(), w.Value()))
}

// sameValues fails unless got and want have the same shape and values.
func sameValues(t *testing.T, name string, got, want *linalg.Tensor) {
	t.Helper()
	if !linalg.SameShape(got.Shape(), want.Shape()) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape(), want.Shape())
	}
	gv, wv := got.Values(), want.Values()
	for i := range wv {
		if gv[i] != wv[i] {
			t.Fatalf("%s: element %d = %v, want %v", name, i, gv[i], wv[i])
		}
	}
}

// TestDeviceInputUploadedOncePerRun: a host input read by two device ops
// (x in x·w and x·v) crosses the bus once per run, not once per op.
func TestDeviceInputUploadedOncePerRun(t *testing.T) {
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	g, _, _, _, a, c, _ := narrowGraph(dev)
	for run := range 2 {
		before := dev.Counts()
		if err := g.Run(a, c); err != nil {
			t.Fatal(err)
		}
		after := dev.Counts()
		if up, bytes := after.Uploads-before.Uploads, after.ToDevice-before.ToDevice; up != 3 || bytes != 8*(12+15+6) {
			t.Errorf("run %d: %d uploads (%d B), want x, w and v once each (3, %d B)", run, up, bytes, 8*(12+15+6))
		}
	}
	sameValues(t, "x·v", c.Value(), linalg.MatMul(g.Nodes()[0].Value(), g.Nodes()[2].Value()))
}

// TestDeviceMeanShiftLoopBounded: the lesson's loop, a mean shift step fed
// back as the input (points.Set(step.Value())), keeps at most two device
// buffers live however many iterations run, and a forward-mode derivative
// through the step (computed through its expansion) leaves none behind.
func TestDeviceMeanShiftLoopBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	data := linalg.RandNormal(rng, 40, 2)
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	run := func(b linalg.Backend, check func(int)) *linalg.Tensor {
		g := autodiff.NewOn(b)
		pts := g.Input("points", 40, 2)
		step := pts.MeanShiftStep(pts, g.Const("h", linalg.Scalar(0.7)))
		pts.Set(data)
		for i := range 6 {
			if err := g.Run(step); err != nil {
				t.Fatal(err)
			}
			pts.Set(step.Value())
			check(i)
		}
		return step.Value()
	}
	got := run(dev, func(i int) {
		if n := dev.Counts().Live; n > 2 {
			t.Fatalf("iteration %d: %d device buffers live, want at most 2", i, n)
		}
	})
	sameValues(t, "six blurring steps", got, run(linalg.CPU{}, func(int) {}))

	g := autodiff.NewOn(dev)
	q, x := g.Input("q", 5, 2), g.Input("x", 40, 2)
	q.Set(linalg.RandNormal(rng, 5, 2))
	x.Set(data)
	ms := q.MeanShiftStep(x, g.Scalar(0.9))
	var live int
	for i := range 3 {
		if _, err := g.JVP(ms, []*autodiff.Node{q}, []*linalg.Tensor{linalg.Full(1, 5, 2)}); err != nil {
			t.Fatal(err)
		}
		if n := dev.Counts().Live; i > 0 && n != live {
			t.Fatalf("JVP %d: %d device buffers live, %d after the first", i, n, live)
		} else {
			live = n
		}
	}
}

// deviceFailure stands for a device backend's error (cudaops.Error): out of
// device memory.
type deviceFailure struct{}

func (deviceFailure) Error() string  { return "cuMemAlloc(8 GiB): out of memory" }
func (deviceFailure) DeviceFailure() {}

// fullDevice is a device whose matrix products fail, once *allow products
// have run, as a GPU without the memory for them does; shapeBug panics with
// a ShapeError instead, a programmer's error.
type fullDevice struct {
	*fakedevice.Narrow
	allow    *int
	shapeBug bool
}

func (f fullDevice) MatMul(a, b *linalg.Tensor, transA, transB bool) *linalg.Tensor {
	if f.allow != nil && *f.allow > 0 {
		*f.allow--
		return f.Narrow.MatMul(a, b, transA, transB)
	}
	if f.shapeBug {
		panic(linalg.ShapeErrorf("test", "MatMul", "a bug"))
	}
	panic(deviceFailure{})
}

// TestDeviceFailureIsAnError: a device that runs out of memory under a
// graph makes Run, ValueAndGrad and JVP return an error that wraps the
// device's (linalg.DeviceFailure), not panic; a shape error still panics.
func TestDeviceFailureIsAnError(t *testing.T) {
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	g, _, w, _, a, _, loss := narrowGraph(fullDevice{Narrow: dev})
	check := func(what string, err error) {
		t.Helper()
		var f linalg.DeviceFailure
		if !errors.As(err, &f) || !strings.Contains(err.Error(), "out of memory") {
			t.Errorf("%s: error %v, want one wrapping the device failure", what, err)
		}
	}
	check("Run", g.Run(a))
	_, _, err := g.ValueAndGrad(loss, w)
	check("ValueAndGrad", err)
	allow := 2
	g, x, _, _, a, _, _ := narrowGraph(fullDevice{Narrow: dev, allow: &allow})
	if err := g.Run(a); err != nil { // one product: allowed
		t.Fatal(err)
	}
	allow = 0
	_, err = g.JVPAt(a, []*autodiff.Node{x}, []*linalg.Tensor{linalg.Full(1, 4, 3)})
	check("JVPAt", err)

	g, _, _, _, a, _, _ = narrowGraph(fullDevice{Narrow: dev, shapeBug: true})
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Error("a shape error under Run did not panic with the *linalg.ShapeError")
		}
	}()
	_ = g.Run(a)
}

// TestDeviceSecondOrderFreesItsValues: the GPU test's graph (a product,
// distances and a mean shift step, whose derivatives go through slot and
// expansion nodes) run for gradients and for Hessian-vector products on a
// device with the GPU backend's capabilities: after Release only the
// tensors handed to the caller (HVP's results) hold device memory; the
// gradients equal the CPU's.
func TestDeviceSecondOrderFreesItsValues(t *testing.T) {
	build := func(b linalg.Backend) (*autodiff.Graph, *autodiff.Node, []*autodiff.Node) {
		rng := rand.New(rand.NewPCG(1, 1))
		g := autodiff.NewOn(b)
		x, w, q := g.Input("x", 30, 4), g.Input("w", 4, 3), g.Input("q", 7, 3)
		x.Set(linalg.RandNormal(rng, 30, 4))
		w.Set(linalg.RandNormal(rng, 4, 3))
		q.Set(linalg.RandNormal(rng, 7, 3))
		p := x.MatMul(w)
		d := p.PairwiseSqDist(q)
		ms := q.MeanShiftStep(p, g.Scalar(0.8))
		return g, d.Sum().Add(ms.Mul(ms).Sum()), []*autodiff.Node{x, w, q}
	}
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	g, loss, wrt := build(dev)
	gc, lossc, wrtc := build(linalg.CPU{})
	_, want, err := gc.ValueAndGrad(lossc, wrtc...)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, got, err := g.ValueAndGrad(loss, wrt...)
		if err != nil {
			t.Fatal(err)
		}
		for k := range got {
			sameValues(t, "gradient", got[k], want[k])
		}
	}
	g.Release()
	if n := dev.Counts().Live; n != 0 {
		t.Fatalf("after gradients and Release: %d device buffers live, want 0", n)
	}
	handed := 0
	for range 3 {
		hv, err := g.HVP(loss, wrt[1:2], []*linalg.Tensor{linalg.Full(1, 4, 3)})
		if err != nil {
			t.Fatal(err)
		}
		if hv[0].Device() != nil {
			handed++
		}
	}
	g.Release()
	if n := dev.Counts().Live; n != handed {
		t.Errorf("after three HVPs and Release: %d device buffers live, want the %d results handed out", n, handed)
	}
}
