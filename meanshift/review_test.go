package meanshift

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestAutoBandwidthDegenerate: with the bandwidth estimated (the
// default), one point, all points equal, and two or three distinct points
// are clustered (one cluster for the first two), and an estimate of 0 is
// an error wrapping a *BandwidthError.
func TestAutoBandwidthDegenerate(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		x    *linalg.Tensor
		k    int
	}{
		{"one point", linalg.New([]int{1, 2}, []float64{1e9, -4}), 1},
		{"equal", linalg.Full(3.5, 50, 2), 1},
		{"equal 1-D flat", linalg.Full(-7, 9, 1), 1},
		{"two points", linalg.New([]int{2, 2}, []float64{1, 2, 5, 6}), -1},
		{"three points", linalg.New([]int{3, 1}, []float64{0, 1, 10}), -1},
	} {
		res, err := Cluster(ctx, c.x, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !(res.Bandwidth > 0) {
			t.Errorf("%s: bandwidth %v", c.name, res.Bandwidth)
		}
		if c.k > 0 && len(res.Sizes) != c.k {
			t.Errorf("%s: %d clusters %v, want %d", c.name, len(res.Sizes), res.Sizes, c.k)
		}
	}
	_, err := EstimateBandwidth(linalg.Full(1, 10, 2), NearestNeighbors, 0)
	var be *BandwidthError
	if !errors.As(err, &be) {
		t.Errorf("EstimateBandwidth of equal points: error %v, want one wrapping a *BandwidthError", err)
	}
}

// TestAutoBandwidthFiniteKernels: with the estimated bandwidth, the
// kernels of finite support find the lesson's six blobs too (6 clusters,
// ARI ≥ 0.99, centres within 0.5), standard and blurring; without
// KernelScale they found 8 to 29.
func TestAutoBandwidthFiniteKernels(t *testing.T) {
	x, truth, centroids := lessonData(t)
	for _, k := range []Kernel{Flat, Triangular, Epanechnikov} {
		for _, o := range []Options{{}, {Blurring: true}, {Float32: true}} {
			o.Kernel = k
			res, err := Cluster(context.Background(), x, o)
			if err != nil {
				t.Fatal(err)
			}
			n, ari, far := len(res.Sizes), adjustedRand(res.Labels, truth), matchCentres(res.Centers, centroids)
			t.Logf("%v blurring=%v: h = %.3f, %d clusters, ARI %.4f, worst centre %.3f", k, o.Blurring, res.Bandwidth, n, ari, far)
			if n != 6 || ari < 0.99 || far > 0.5 {
				t.Errorf("%v blurring=%v: %d clusters, ARI %.4f, worst centre %.3f; want 6, ≥ 0.99, ≤ 0.5", k, o.Blurring, n, ari, far)
			}
		}
	}
}

// TestLogDensityExtremes: LogDensity is −Inf, not NaN, where the
// log-density is beyond float64 (1e200 bandwidths from the data), finite
// and equal to the closed form of one point's kernel at a data point for a
// tiny bandwidth, and finite far away for the Gaussian.
func TestLogDensityExtremes(t *testing.T) {
	x := linalg.New([]int{1, 2}, []float64{1, -2})
	ld, err := LogDensity(x, linalg.New([]int{1, 2}, []float64{1e200, 0}), 0.7, Gaussian)
	if err != nil || !math.IsInf(ld[0], -1) {
		t.Errorf("1e200 away: %v %v, want −Inf", ld, err)
	}
	ld, _ = LogDensity(x, linalg.New([]int{1, 2}, []float64{1e6, 0}), 0.7, Gaussian)
	r2 := (1e6-1)*(1e6-1) + 4
	if want := -0.5*r2/0.49 - 2*math.Log(0.7) - math.Log(2*math.Pi); math.Abs(ld[0]-want) > 1e-12*math.Abs(want) {
		t.Errorf("1e6 away: %v, want %v", ld[0], want)
	}
	const h = 1e-160
	lgam, _ := math.Lgamma(2)
	logV := math.Log(math.Pi) - lgam
	for k, logC := range map[Kernel]float64{
		Gaussian: math.Log(2 * math.Pi), Flat: logV, Triangular: logV - math.Log(3), Epanechnikov: logV + math.Log(0.5),
	} {
		ld, err := LogDensity(x, x, h, k)
		want := -2*math.Log(h) - logC
		if err != nil || math.Abs(ld[0]-want) > 1e-12*math.Abs(want) {
			t.Errorf("%v at the data point, h = %g: %v %v, want %v", k, h, ld, err, want)
		}
	}
}
