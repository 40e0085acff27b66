package meanshift

import (
	"context"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// countingBackend is a device stand-in: the CPU's arithmetic under another
// name, counting the mean shift steps it is given.
type countingBackend struct {
	linalg.CPU
	steps *int
}

func (countingBackend) Name() string { return "counting" }

func (b countingBackend) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	*b.steps++
	return b.CPU.MeanShiftStep(y, x, h)
}

// A backend other than the CPU gets the Gaussian update even when the
// default (grid) path would run on the CPU, and the clustering is the one
// the CPU finds.
func TestClusterRunsOnGivenBackend(t *testing.T) {
	x, _, _ := lessonData(t)
	want, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	got, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Backend: countingBackend{steps: &steps}})
	if err != nil {
		t.Fatal(err)
	}
	if steps == 0 {
		t.Fatal("the backend's MeanShiftStep was never called")
	}
	if len(got.Sizes) != len(want.Sizes) {
		t.Fatalf("%d clusters on the backend, %d on the CPU", len(got.Sizes), len(want.Sizes))
	}
	if ari := adjustedRand(got.Labels, want.Labels); ari < 0.999 {
		t.Errorf("backend and CPU labels agree to ARI %.4f", ari)
	}
}
