package meanshift_test

import (
	"context"
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// threeBlobs is a small data set: 3 groups of 4 points.
func threeBlobs() *linalg.Tensor {
	x, _ := linalg.FromRows([][]float64{
		{0, 0}, {0.5, 0.2}, {0.1, 0.6}, {-0.4, 0.1},
		{5, 5}, {5.3, 4.6}, {4.8, 5.4}, {5.5, 5.2},
		{-4, 6}, {-4.2, 5.5}, {-3.6, 6.3}, {-4.4, 6.1},
	})
	return x
}

func ExampleCluster() {
	res, err := meanshift.Cluster(context.Background(), threeBlobs(), meanshift.Options{Bandwidth: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("sizes", res.Sizes, "converged", res.Converged)
	for j := range res.Sizes {
		fmt.Printf("centre %d at (%.2f, %.2f)\n", j, res.Centers.At(j, 0), res.Centers.At(j, 1))
	}
	fmt.Println("labels", res.Labels)
	// Output:
	// sizes [4 4 4] converged true
	// centre 0 at (0.05, 0.22)
	// centre 1 at (5.15, 5.05)
	// centre 2 at (-4.06, 5.97)
	// labels [0 0 0 0 1 1 1 1 2 2 2 2]
}

func ExampleStep() {
	// The lesson's loop: five blurring updates of the data against itself.
	x := threeBlobs()
	for range 5 {
		var err error
		if x, err = meanshift.Step(x, x, 1, meanshift.Gaussian); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Printf("%.3f\n", x.Row(0).Values())
	fmt.Printf("%.3f\n", x.Row(3).Values())
	// Output:
	// [0.050 0.224]
	// [0.050 0.224]
}

// Example_bandwidthDerivative differentiates the cluster centres with
// respect to the bandwidth. A centre c(h) is a fixed point of the mean
// shift update, c = m(c; h); unrolling K updates from the converged centres
// in the autodiff graph (the MeanShiftStep op) and pushing the direction
// ḣ = 1 forward (JVP) gives dc/dh, here checked against central finite
// differences of the same K updates computed without the graph.
func Example_bandwidthDerivative() {
	x := threeBlobs()
	const h0, steps = 1.0, 40
	res, err := meanshift.Cluster(context.Background(), x, meanshift.Options{Bandwidth: h0, Tol: 1e-12})
	if err != nil {
		fmt.Println(err)
		return
	}
	start := res.Centers

	g := autodiff.New()
	data := g.Const("x", x)
	h := g.Input("h", 1)
	h.Set(linalg.New([]int{1}, []float64{h0}))
	c := g.Const("c0", start)
	for range steps {
		c = c.MeanShiftStep(data, h)
	}
	dcdh, err := g.JVP(c, []*autodiff.Node{h}, []*linalg.Tensor{linalg.New([]int{1}, []float64{1})})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The same centres without the graph, for finite differences.
	centre := func(j, k int) func(float64) float64 {
		return func(hh float64) float64 {
			y := start
			for range steps {
				y = linalg.Default.MeanShiftStep(y, x, hh)
			}
			return y.At(j, k)
		}
	}
	worst := 0.0
	for j := range res.Sizes {
		fmt.Printf("centre %d (%.3f, %.3f): dc/dh = (%+.4f, %+.4f)\n", j,
			c.Value().At(j, 0), c.Value().At(j, 1), dcdh.At(j, 0), dcdh.At(j, 1))
		for k := range 2 {
			worst = max(worst, math.Abs(dcdh.At(j, k)-fd.Derivative(centre(j, k), h0, nil)))
		}
	}
	fmt.Println("forward mode and finite differences agree to 1e-7:", worst < 1e-7)
	// Output:
	// centre 0 (0.050, 0.224): dc/dh = (-0.0004, +0.0030)
	// centre 1 (5.151, 5.049): dc/dh = (-0.0009, +0.0016)
	// centre 2 (-4.057, 5.975): dc/dh = (+0.0146, +0.0006)
	// forward mode and finite differences agree to 1e-7: true
}

func ExampleEstimateBandwidth() {
	x := threeBlobs()
	for _, m := range []meanshift.Method{meanshift.NearestNeighbors, meanshift.Scott, meanshift.Silverman} {
		h, err := meanshift.EstimateBandwidth(x, m, 0)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9v h = %.3f\n", m, h)
	}
	// Output:
	// nn        h = 0.625
	// scott     h = 2.220
	// silverman h = 2.220
}

func ExampleResult_Predict() {
	res, err := meanshift.Cluster(context.Background(), threeBlobs(), meanshift.Options{Bandwidth: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	labels, err := res.Predict(linalg.New([]int{2, 2}, []float64{4, 4, -5, 7}))
	fmt.Println(labels, err)
	// Output:
	// [1 2] <nil>
}

func ExampleLogDensity() {
	// The Gaussian KDE of three points on a line, at a point of the data,
	// log((φ(0) + 2φ(2))/(3·0.5)) with φ the standard normal density, and
	// far away, where the density itself underflows to 0 but its log is
	// −998²/(2·0.5²) + log(φ(0)/(3·0.5)).
	data := linalg.New([]int{3, 1}, []float64{0, 1, 2})
	at := linalg.New([]int{2, 1}, []float64{1, 1000})
	ld, err := meanshift.LogDensity(data, at, 0.5, meanshift.Gaussian)
	fmt.Printf("%.4f %.1f %v\n", ld[0], ld[1], err)
	// Output:
	// -1.0849 -1992009.3 <nil>
}
