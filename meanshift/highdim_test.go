package meanshift

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
)

// In many dimensions merging must not walk the 3^d neighbour cells (3^30
// for 30 columns, which hung on scikit-learn's breast-cancer data): the
// modes of well-separated blobs in 30-D are merged into one cluster each,
// promptly.
func TestMergeModesHighDimensions(t *testing.T) {
	const d, per = 30, 20
	rng := rand.New(rand.NewPCG(1, 2))
	var modes, weight []float64
	for c := range 3 {
		for range per {
			for k := range d {
				modes = append(modes, float64(10*c)+0.01*rng.NormFloat64()+float64(k%2))
			}
			weight = append(weight, 1)
		}
	}
	done := make(chan struct{})
	var centres []float64
	var label []int
	go func() {
		centres, label = mergeModes(modes, weight, d, 1)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("mergeModes in 30 dimensions did not return in 20 s")
	}
	if len(centres)/d != 3 {
		t.Fatalf("%d centres, want 3", len(centres)/d)
	}
	for i, l := range label {
		if l != label[i/per*per] {
			t.Fatalf("climber %d labelled %d, its blob's first %d", i, l, label[i/per*per])
		}
	}
}

func TestClusterThirtyColumns(t *testing.T) {
	const d, n = 30, 200
	rng := rand.New(rand.NewPCG(3, 4))
	data := make([]float64, 0, n*d)
	truth := make([]int, n)
	for i := range n {
		truth[i] = i % 2
		for range d {
			data = append(data, 8*float64(truth[i])+rng.NormFloat64())
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := Cluster(ctx, linalg.New([]int{n, d}, data), Options{Bandwidth: 6})
	if err != nil {
		t.Fatal(err)
	}
	if ari := adjustedRand(truth, res.Labels); len(res.Sizes) != 2 || ari < 0.99 {
		t.Errorf("%d clusters, ARI %.3f; want the 2 blobs", len(res.Sizes), ari)
	}
}

// With two or three points the nearest-neighbour estimate looks past the
// query itself, so it is the distance to a neighbour, not 0.
func TestEstimateBandwidthFewPoints(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		x := make([]float64, 2*n)
		for i := range n {
			x[2*i] = float64(i) // on a line, 1 apart
		}
		h, err := EstimateBandwidth(linalg.New([]int{n, 2}, x), NearestNeighbors, 0)
		if err != nil || h < 1 || h > 2 {
			t.Errorf("%d points 1 apart: h = %v, %v; want a neighbour distance in [1, 2]", n, h, err)
		}
	}
}
