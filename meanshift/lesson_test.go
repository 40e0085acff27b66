package meanshift

import (
	"context"
	"fmt"
	"testing"
)

// TestLessonData: the lesson's six blobs come out as six clusters, with
// an adjusted Rand index of at least 0.99 against the true blobs and
// centres within 0.5 of the true centroids, with h = 2.5 and with the
// estimated bandwidth, for standard and blurring mean shift, exact and on
// the grid.
func TestLessonData(t *testing.T) {
	x, truth, centroids := lessonData(t)
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"h=2.5", Options{Bandwidth: 2.5}},
		{"h=2.5 exact", Options{Bandwidth: 2.5, Exact: true}},
		{"h=2.5 blurring", Options{Bandwidth: 2.5, Blurring: true}},
		{"h=2.5 float32", Options{Bandwidth: 2.5, Exact: true, Float32: true}},
		{"h=2.5 bins", Options{Bandwidth: 2.5, Seeding: BinSeeding}},
		{"auto", Options{}},
		{"auto blurring", Options{Blurring: true}},
		{"auto bins", Options{Seeding: BinSeeding}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Cluster(context.Background(), x, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			k := res.Centers.Shape()[0]
			ari := adjustedRand(res.Labels, truth)
			far := matchCentres(res.Centers, centroids)
			t.Logf("h = %.4g: %d clusters %v, ARI %.4f, worst centre %.3f, %d iterations", res.Bandwidth, k, res.Sizes, ari, far, res.Iterations)
			if k != 6 || ari < 0.99 || far > 0.5 {
				t.Errorf("got %d clusters, ARI %.4f, a centroid %.3f from its centre; want 6, ≥ 0.99, ≤ 0.5", k, ari, far)
			}
		})
	}
	fmt.Print()
}
