package meanshift

import (
	"context"
	"math"
	"testing"
)

// TestBlobs100k: on BenchmarkMeanShift's 100,000 points in 20 blobs, full
// clustering with the estimated bandwidth and bin seeding scores an
// adjusted Rand index at least scikit-learn's with bin seeding at h = 4 on
// the same data (0.9271, 19 clusters, from bench/meanshift_peers.py, which
// also prints the data's column means and first point checked here).
func TestBlobs100k(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	x, truth := blobs(100000)
	var m0, m1 float64
	for i := range 100000 {
		m0 += x.At(i, 0)
		m1 += x.At(i, 1)
	}
	if math.Abs(m0/1e5-5.5243) > 5e-5 || math.Abs(m1/1e5-8.1535) > 5e-5 ||
		math.Abs(x.At(0, 0)-6.281984) > 5e-7 || math.Abs(x.At(0, 1)-45.806669) > 5e-7 {
		t.Fatalf("the data differs from bench/meanshift_peers.py's: means %.4f %.4f, first point %v", m0/1e5, m1/1e5, x.Row(0).Values())
	}
	res, err := Cluster(context.Background(), x, Options{Seeding: BinSeeding, Float32: true})
	if err != nil {
		t.Fatal(err)
	}
	ari := adjustedRand(res.Labels, truth)
	t.Logf("h = %.3f: %d clusters, ARI %.4f, %d iterations", res.Bandwidth, len(res.Sizes), ari, res.Iterations)
	if ari < 0.9271 {
		t.Errorf("ARI %.4f, below scikit-learn's 0.9271", ari)
	}
}
