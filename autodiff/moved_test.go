package autodiff_test

import (
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMovedPerEvaluation: Graph.Moved reports the bytes of the last
// evaluation alone — a Run, or a derivative with the runs inside it and the
// gradients it copies back — as the device counted them; zero on the CPU.
func TestMovedPerEvaluation(t *testing.T) {
	dev := fakedevice.NewNarrow()
	defer dev.Close()
	rng := rand.New(rand.NewPCG(5, 6))
	build := func(b linalg.Backend) (*autodiff.Graph, *autodiff.Node, *autodiff.Node, *autodiff.Node) {
		g := autodiff.NewOn(b)
		x, w := g.Input("x", 4, 3), g.Input("w", 3, 5)
		x.Set(linalg.RandNormal(rng, 4, 3))
		w.Set(linalg.RandNormal(rng, 3, 5))
		return g, x, w, x.MatMul(w).Sum()
	}
	g, x, w, loss := build(dev)
	if got := g.Moved(); got != (autodiff.Transfers{}) {
		t.Fatalf("before any evaluation: Moved = %+v, want zero", got)
	}
	step := func(what string, eval func() error) autodiff.Transfers {
		t.Helper()
		before := dev.Counts()
		if err := eval(); err != nil {
			t.Fatal(err)
		}
		after := dev.Counts()
		want := autodiff.Transfers{ToDevice: after.ToDevice - before.ToDevice, ToHost: after.ToHost - before.ToHost}
		if got := g.Moved(); got != want {
			t.Errorf("%s: Moved = %+v, the device counted %+v", what, got, want)
		}
		return want
	}
	run := step("Run", func() error { return g.Run() })
	// x and w go up; the GPU backend has no sums, so the 4×5 product
	// comes down for the CPU's Sum.
	if run.ToDevice != 8*(12+15) || run.ToHost != 8*20 {
		t.Errorf("Run moved %+v; want x and w up (%d B), the product down (%d B)", run, 8*(12+15), 8*20)
	}
	grad := step("ValueAndGrad", func() error { _, _, err := g.ValueAndGrad(loss, x, w); return err })
	if grad.ToHost < 8*(12+15) {
		t.Errorf("ValueAndGrad moved %+v; want at least the two gradients down (%d B)", grad, 8*(12+15))
	}
	step("Gradient", func() error { _, err := g.Gradient(loss, w); return err })
	step("JVP", func() error {
		_, err := g.JVP(loss, []*autodiff.Node{x}, []*linalg.Tensor{linalg.RandNormal(rng, 4, 3)})
		return err
	})
	step("Run again", func() error { return g.Run(loss) })

	gc, _, _, _ := build(linalg.CPU{})
	if err := gc.Run(); err != nil {
		t.Fatal(err)
	}
	if got := gc.Moved(); got != (autodiff.Transfers{}) {
		t.Errorf("CPU graph: Moved = %+v, want zero", got)
	}
}
