package meanshift

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
)

func TestBadData(t *testing.T) {
	ctx := context.Background()
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name string
		x    *linalg.Tensor
		opt  Options
		want string
	}{
		{"no rows", linalg.Zeros(0, 2), Options{Bandwidth: 1}, "no data"},
		{"no columns", linalg.Zeros(3, 0), Options{Bandwidth: 1}, "no data"},
		{"NaN", linalg.New([]int{3, 2}, []float64{0, 0, 1, nan, 2, 2}), Options{Bandwidth: 1}, "data row 1, column 1 is NaN"},
		{"Inf", linalg.New([]int{2, 2}, []float64{inf, 0, 1, 1}), Options{Bandwidth: 1}, "data row 0, column 0 is +Inf"},
		{"h < 0", linalg.Zeros(3, 2), Options{Bandwidth: -1}, "bandwidth -1"},
		{"h NaN", linalg.Zeros(3, 2), Options{Bandwidth: nan}, "bandwidth NaN"},
		{"h Inf", linalg.Zeros(3, 2), Options{Bandwidth: inf}, "bandwidth +Inf"},
		{"estimate of duplicated points", linalg.New([]int{8, 1}, []float64{0, 0, 0, 0, 1, 1, 1, 1}), Options{}, "give a bandwidth"},
		{"quantile", linalg.New([]int{3, 1}, []float64{0, 1, 2}), Options{Quantile: 2}, "quantile 2"},
		{"tol", linalg.Zeros(3, 2), Options{Bandwidth: 1, Tol: -1}, "tolerance -1"},
		{"truncation", linalg.Zeros(3, 2), Options{Bandwidth: 1, Truncation: 1}, "truncation 1"},
		{"kernel", linalg.Zeros(3, 2), Options{Bandwidth: 1, Kernel: 9}, "unknown kernel 9"},
		{"no seeds", linalg.Zeros(3, 2), Options{Bandwidth: 1, Seeding: GivenSeeds}, "without Options.Seeds"},
		{"seed width", linalg.Zeros(3, 2), Options{Bandwidth: 1, Seeding: GivenSeeds, Seeds: linalg.Zeros(1, 3)}, "seeds have shape [1 3]"},
		{"NaN seed", linalg.Zeros(3, 2), Options{Bandwidth: 1, Seeding: GivenSeeds, Seeds: linalg.New([]int{1, 2}, []float64{0, nan})}, "seeds row 0, column 1"},
		{"bins", linalg.Zeros(3, 2), Options{Bandwidth: 1, Seeding: BinSeeding, MinBinFreq: 4}, "no bin"},
	} {
		_, err := Cluster(ctx, c.x, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	var de *DataError
	if _, err := Cluster(ctx, linalg.New([]int{1, 1}, []float64{nan}), Options{}); !errors.As(err, &de) || de.Row != 0 || de.Col != 0 {
		t.Errorf("NaN: error %v, want a *DataError at row 0, column 0", err)
	}
	if _, err := Cluster(ctx, linalg.Zeros(0, 2), Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: error %v, want ErrEmpty", err)
	}
	if _, err := ClusterRows(ctx, [][]float64{{1, 2}, {3}}, Options{Bandwidth: 1}); err == nil || !strings.Contains(err.Error(), "row 1 has 1 values") {
		t.Errorf("ragged rows: error %v", err)
	}
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Errorf("a vector did not panic with a *linalg.ShapeError")
		}
	}()
	_, _ = Cluster(ctx, linalg.Zeros(3), Options{})
}

// TestDegenerate: all points equal, or one point, give one cluster.
func TestDegenerate(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		x    *linalg.Tensor
		opt  Options
	}{
		{"equal", linalg.Full(3.5, 50, 2), Options{Bandwidth: 1}},
		{"equal blurring", linalg.Full(-2, 50, 3), Options{Bandwidth: 0.1, Blurring: true}},
		{"equal bins", linalg.Full(7, 50, 2), Options{Bandwidth: 1, Seeding: BinSeeding}},
		{"one point", linalg.New([]int{1, 2}, []float64{1e9, -4}), Options{Bandwidth: 1}},
		{"one point estimated", linalg.New([]int{1, 2}, []float64{1, 2}), Options{Bandwidth: 2, Kernel: Flat}},
		{"one point flat", linalg.New([]int{1, 1}, []float64{5}), Options{Bandwidth: 1, Kernel: Triangular, Orphans: true}},
	} {
		res, err := Cluster(ctx, c.x, c.opt)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		n := c.x.Shape()[0]
		if len(res.Sizes) != 1 || res.Sizes[0] != n {
			t.Errorf("%s: sizes %v, want [%d]", c.name, res.Sizes, n)
		}
		for k := range c.x.Shape()[1] {
			if res.Centers.At(0, k) != c.x.At(0, k) {
				t.Errorf("%s: centre %v, want the point %v", c.name, res.Centers, c.x.Row(0))
			}
		}
	}
}

// TestCancel: a cancelled context stops Cluster within a short time, with
// ctx.Err().
func TestCancel(t *testing.T) {
	x, _ := blobs(20000)
	ctx, cancel := context.WithCancel(context.Background())
	progress := 0
	done := make(chan error)
	go func() {
		_, err := Cluster(ctx, x, Options{Bandwidth: 2, Exact: true, Progress: func(Progress) { progress++ }})
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
		t.Logf("stopped %v after the cancel, %d iterations in", time.Since(start), progress)
	case <-time.After(5 * time.Second):
		t.Fatal("Cluster did not stop within 5 s of the cancel")
	}
	if _, err := Cluster(ctx, x, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("already cancelled: error %v", err)
	}
}

func TestPredict(t *testing.T) {
	x, truth, _ := lessonData(t)
	res, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5})
	if err != nil {
		t.Fatal(err)
	}
	got, err := res.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if a := adjustedRand(got, truth); a < 0.99 {
		t.Errorf("Predict on the data: ARI %v", a)
	}
	// A centre is its own nearest centre.
	got, _ = res.Predict(res.Centers)
	for j, l := range got {
		if l != j {
			t.Errorf("centre %d predicted as %d", j, l)
		}
	}
	if _, err := res.Predict(linalg.Zeros(2, 3)); err == nil || !strings.Contains(err.Error(), "3 columns, the centres 2") {
		t.Errorf("wrong width: error %v", err)
	}
	if _, err := res.Predict(linalg.New([]int{1, 2}, []float64{0, math.NaN()})); err == nil {
		t.Errorf("NaN: no error")
	}
}

// TestOrphans: with Orphans, a point farther than h from every centre is
// labelled −1; without, it joins the nearest cluster.
func TestOrphans(t *testing.T) {
	rows := [][]float64{{0, 0}, {0.1, 0}, {0, 0.1}, {0.1, 0.1}, {10, 10}}
	for _, orphans := range []bool{false, true} {
		res, err := ClusterRows(context.Background(), rows, Options{Bandwidth: 1, Orphans: orphans})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if orphans {
			want = -1
		}
		if len(res.Sizes) != 1 || res.Labels[4] != want {
			t.Errorf("orphans=%v: sizes %v, labels %v, want one cluster and the far point labelled %d", orphans, res.Sizes, res.Labels, want)
		}
	}
}

// TestLogDensity: against the direct sum, normalised (a 1-D Riemann sum of
// the density is 1), and finite far from the data for the Gaussian.
func TestLogDensity(t *testing.T) {
	data := linalg.New([]int{4, 1}, []float64{-1, 0, 0.5, 3})
	const h = 0.7
	var at []float64
	for v := -8.0; v <= 11; v += 0.001 {
		at = append(at, v)
	}
	for _, k := range []Kernel{Gaussian, Flat, Triangular, Epanechnikov} {
		ld, err := LogDensity(data, linalg.New([]int{len(at), 1}, at), h, k)
		if err != nil {
			t.Fatal(err)
		}
		var integral float64
		for _, v := range ld {
			integral += math.Exp(v) * 0.001
		}
		if math.Abs(integral-1) > 2e-3 {
			t.Errorf("%v: the density integrates to %v", k, integral)
		}
		// Direct at one point, for the Gaussian the textbook formula.
		if k == Gaussian {
			y := 0.3
			var s float64
			for _, x := range data.Values() {
				s += math.Exp(-(y-x)*(y-x)/(2*h*h)) / (h * math.Sqrt(2*math.Pi))
			}
			got, _ := LogDensity(data, linalg.New([]int{1, 1}, []float64{y}), h, k)
			if math.Abs(got[0]-math.Log(s/4)) > 1e-14 {
				t.Errorf("log density at 0.3: %v, direct %v", got[0], math.Log(s/4))
			}
			far, _ := LogDensity(data, linalg.New([]int{1, 1}, []float64{1e4}), h, k)
			if math.IsInf(far[0], 0) || math.IsNaN(far[0]) || far[0] > -1e7 {
				t.Errorf("log density far away: %v", far[0])
			}
		}
	}
	if _, err := LogDensity(data, linalg.Zeros(1, 2), h, Gaussian); err == nil {
		t.Errorf("width mismatch: no error")
	}
	if _, err := LogDensity(data, linalg.Zeros(1, 1), 0, Gaussian); err == nil {
		t.Errorf("h = 0: no error")
	}
}

// TestEstimateBandwidth: the NN estimate equals a direct computation of
// scikit-learn's rule for small n; Scott and Silverman their formulas.
func TestEstimateBandwidth(t *testing.T) {
	x, _, _ := lessonData(t)
	rows := x.Rows()[:400]
	xt, _ := linalg.FromRows(rows)
	const q = 0.1
	k := int(q * float64(len(rows)))
	var want float64
	for _, a := range rows {
		var dd []float64
		for _, b := range rows {
			dd = append(dd, math.Hypot(a[0]-b[0], a[1]-b[1]))
		}
		for i := range dd { // selection sort up to k
			for j := i + 1; j < len(dd); j++ {
				if dd[j] < dd[i] {
					dd[i], dd[j] = dd[j], dd[i]
				}
			}
			if i == k-1 {
				break
			}
		}
		want += dd[k-1]
	}
	want /= float64(len(rows))
	got, err := EstimateBandwidth(xt, NearestNeighbors, q)
	if err != nil || math.Abs(got-want) > 1e-12*want {
		t.Errorf("NN estimate %v (%v), want %v", got, err, want)
	}
	var s2 float64
	for c := range 2 {
		var m, ss float64
		for _, r := range rows {
			m += r[c]
		}
		m /= 400
		for _, r := range rows {
			ss += (r[c] - m) * (r[c] - m)
		}
		s2 += ss / 399
	}
	sigma := math.Sqrt(s2 / 2)
	scott := sigma * math.Pow(400, -1.0/6)
	if got, _ := EstimateBandwidth(xt, Scott, 0); math.Abs(got-scott) > 1e-12*scott {
		t.Errorf("Scott %v, want %v", got, scott)
	}
	if got, _ := EstimateBandwidth(xt, Silverman, 0); math.Abs(got-scott) > 1e-12*scott { // (4/(d+2))^(1/(d+4)) = 1 in 2-D
		t.Errorf("Silverman %v, want %v", got, scott)
	}
}

// TestProgressAndHistory: Progress is called once per iteration with the
// iteration number, and History holds the start and every iteration.
func TestProgressAndHistory(t *testing.T) {
	x, _, _ := lessonData(t)
	var calls []Progress
	res, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Blurring: true, Record: true, Progress: func(p Progress) { calls = append(calls, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != res.Iterations || len(res.History) != res.Iterations+1 {
		t.Fatalf("%d iterations, %d progress calls, %d history entries", res.Iterations, len(calls), len(res.History))
	}
	for i, p := range calls {
		if p.Iteration != i+1 || p.MaxIter != DefaultMaxIter || p.Climbers != 1500 || p.Moved > p.Climbers || !(p.Shift >= 0) {
			t.Errorf("call %d: %+v", i, p)
		}
	}
	if last := calls[len(calls)-1]; !res.Converged || last.Moved != 0 || last.Shift > 2.5e-3 {
		t.Errorf("converged %v, last call %+v", res.Converged, last)
	}
	if got := res.History[0].Values(); got[0] != x.At(0, 0) || got[1] != x.At(0, 1) {
		t.Errorf("History[0] starts at %v, want the data", got[:2])
	}
}

// TestGivenSeeds: every given seed that climbs to its own mode makes a
// cluster, each seed standing for the points nearest its mode.
func TestGivenSeeds(t *testing.T) {
	x, truth, centroids := lessonData(t)
	seeds, _ := linalg.FromRows(centroids)
	res, err := Cluster(context.Background(), x, Options{Bandwidth: 2.5, Seeding: GivenSeeds, Seeds: seeds})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sizes) != 6 || adjustedRand(res.Labels, truth) < 0.99 {
		t.Errorf("%d clusters %v, ARI %v; want 6, ≥ 0.99", len(res.Sizes), res.Sizes, adjustedRand(res.Labels, truth))
	}
}
