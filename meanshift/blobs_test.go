package meanshift

import (
	"context"
	"testing"
	"time"
)

func TestBlobsExplore(t *testing.T) {
	x, truth := blobs(100000)
	for _, opt := range []Options{{Seeding: BinSeeding, Float32: true}} {
		t0 := time.Now()
		res, err := Cluster(context.Background(), x, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: h %.3f, %d clusters, ARI %.4f, %d iterations", time.Since(t0), res.Bandwidth, len(res.Sizes), adjustedRand(res.Labels, truth), res.Iterations)
	}
}

func TestMillionExplore(t *testing.T) {
	x, truth := blobs(1000000)
	t0 := time.Now()
	res, err := Cluster(context.Background(), x, Options{Seeding: BinSeeding, Float32: true, Progress: func(p Progress) {
		if p.Iteration%5 == 1 {
			t.Logf("%v it %d moved %d/%d shift %.3g", p.Elapsed, p.Iteration, p.Moved, p.Climbers, p.Shift)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v: h %.3f, %d clusters, ARI %.4f, %d iterations", time.Since(t0), res.Bandwidth, len(res.Sizes), adjustedRand(res.Labels, truth), res.Iterations)
}
