package meanshift

import (
	"context"
	"testing"
	"time"
)

func TestBlobsExplore(t *testing.T) {
	x, truth := blobs(100000)
	t.Logf("first point %v %v", x.At(0, 0), x.At(0, 1))
	for _, opt := range []Options{{Seeding: BinSeeding, Float32: true}, {Seeding: BinSeeding, Bandwidth: 2, Float32: true}, {Seeding: BinSeeding, Bandwidth: 2.5, Float32: true}} {
		t0 := time.Now()
		res, err := Cluster(context.Background(), x, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: h %.3f, %d clusters, ARI %.4f, %d iterations", time.Since(t0), res.Bandwidth, len(res.Sizes), adjustedRand(res.Labels, truth), res.Iterations)
	}
}
