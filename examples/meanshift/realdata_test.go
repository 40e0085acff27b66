package main

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// sklearnRealData are the figures bench/meanshift_realdata.py printed with
// Debian's scikit-learn 1.2.1: MeanShift (flat kernel) on the standardised
// data with its own bandwidth estimate (estimate_bandwidth, quantile 0.3).
var sklearnRealData = []struct {
	name     string
	h        float64 // scikit-learn's estimate, rounded to 4 decimals
	clusters int
	ari      float64
}{
	{"iris", 1.6025, 2, 0.5681},
	{"wine", 4.0933, 2, -0.0064},
}

// TestRealDataMatchesScikitLearn runs epsilon's mean shift with
// scikit-learn's algorithm — flat kernel, its bandwidth, a climber per
// point, merging within h, each point labelled by its nearest centre as
// MeanShift.labels_ is — on the same standardised data, and expects the
// same number of clusters and the same ARI (to 0.01: the bandwidth is
// rounded, and the merge orders differ).
func TestRealDataMatchesScikitLearn(t *testing.T) {
	for _, c := range sklearnRealData {
		tb, err := dataset.Read(filepath.Join("testdata", c.name+".csv"), "class")
		if err != nil {
			t.Fatal(err)
		}
		x, _ := standardize(tb, true)
		r, err := meanshift.Cluster(context.Background(), x, meanshift.Options{Bandwidth: c.h, Kernel: meanshift.Flat})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		own, _ := meanshift.ARI(tb.Labels, r.Labels)
		near, err := r.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		ari, _ := meanshift.ARI(tb.Labels, near)
		t.Logf("%s: h %.4f: %d clusters, ARI %.4f labelled by nearest centre (%.4f by own climber); scikit-learn: %d clusters, ARI %.4f",
			c.name, c.h, len(r.Sizes), ari, own, c.clusters, c.ari)
		if len(r.Sizes) != c.clusters || math.Abs(ari-c.ari) > 0.01 {
			t.Errorf("%s: %d clusters, ARI %.4f; scikit-learn %d, %.4f", c.name, len(r.Sizes), ari, c.clusters, c.ari)
		}
	}
}
