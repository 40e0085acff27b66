package meanshift

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestClusterOnDeviceMovesDataOnce: on a device with the GPU backend's
// capabilities, standard mean shift uploads the data once for the whole
// run and the climbers once per iteration (the lesson's 1,500 points fit
// one call); blurring mean shift, whose climbers are the data, uploads
// once per iteration; each iteration's result comes down once, nothing
// stays allocated on the device afterwards, and the clustering is the
// CPU's.
func TestClusterOnDeviceMovesDataOnce(t *testing.T) {
	x, _, _ := lessonData(t)
	n, d := x.Shape()[0], x.Shape()[1]
	for _, blurring := range []bool{false, true} {
		want, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Blurring: blurring})
		if err != nil {
			t.Fatal(err)
		}
		dev := fakedevice.NewNarrow()
		got, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Blurring: blurring, Backend: dev})
		if err != nil {
			t.Fatal(err)
		}
		c := dev.Counts()
		it := got.Iterations
		wantUp := 1 + it // the data, then the climbers each iteration
		if blurring {
			wantUp = it
		}
		if c.Uploads != wantUp || c.Downloads != it || c.Live != 0 {
			t.Errorf("blurring=%t, %d iterations: %v; want %d uploads, %d downloads, nothing live", blurring, it, c, wantUp, it)
		}
		if c.ToDevice > int64(8*n*d*(1+it)) {
			t.Errorf("blurring=%t: %d bytes uploaded, more than the data once per iteration and once more (%d)", blurring, c.ToDevice, 8*n*d*(1+it))
		}
		if len(got.Sizes) != len(want.Sizes) {
			t.Fatalf("blurring=%t: %d clusters on the device, %d on the CPU", blurring, len(got.Sizes), len(want.Sizes))
		}
		if ari := adjustedRand(got.Labels, want.Labels); ari < 0.999 {
			t.Errorf("blurring=%t: device and CPU labels agree to ARI %.4f", blurring, ari)
		}
	}
}

// TestClusterOnDeviceLargeData: 8,000 points, where the CPU's exact update
// works in blocks of a few hundred climbers, still cross the bus once, and
// the climbers once per iteration, in one call each.
func TestClusterOnDeviceLargeData(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := linalg.RandNormal(rng, 8000, 2)
	dev := fakedevice.NewNarrow()
	got, err := Cluster(context.Background(), x, Options{Bandwidth: 0.5, MaxIter: 2, Backend: dev})
	if err != nil {
		t.Fatal(err)
	}
	c := dev.Counts()
	if it := got.Iterations; c.Uploads != 1+it || c.Live != 0 || c.ToDevice > 8*2*8000*int64(1+it) {
		t.Errorf("%d iterations: %v; want %d uploads of at most the data's %d B each, nothing live", it, c, 1+it, 8*2*8000)
	}
}

// oomDevice is a device whose mean shift update fails as a GPU out of
// memory does (a linalg.DeviceFailure panic).
type oomDevice struct{ *fakedevice.Narrow }

type oomError struct{}

func (oomError) Error() string  { return "cuMemAlloc: out of memory" }
func (oomError) DeviceFailure() {}

func (oomDevice) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor { panic(oomError{}) }

// TestClusterDeviceFailureIsAnError: Cluster returns the device's failure
// as its error, naming the backend, and frees what it put on the device.
func TestClusterDeviceFailureIsAnError(t *testing.T) {
	x, _, _ := lessonData(t)
	dev := fakedevice.NewNarrow()
	_, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Backend: oomDevice{dev}})
	var f linalg.DeviceFailure
	if !errors.As(err, &f) || !strings.Contains(err.Error(), "fake-narrow") {
		t.Errorf("Cluster's error %v: want the device failure, naming the backend", err)
	}
	if c := dev.Counts(); c.Live != 0 {
		t.Errorf("after the failure: %v, want nothing live", c)
	}
}
