package main

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
	"gonum.org/v1/plot/vg"
)

func meanshiftChapter(c *chapter) error {
	data, truth, centroids, err := lessonData()
	if err != nil {
		return err
	}
	const h = 2.5
	c.Para("The lesson's data: %d points in the plane, drawn around 6 centroids (250 each, covariance 5·I). Mean shift finds the "+
		"clusters without being told how many: every point climbs the kernel density estimate p̂(y) ∝ Σᵢ K(‖y − xᵢ‖/h) to a mode, "+
		"and points that reach the same mode form a cluster. The only knob is the bandwidth h, the kernel's width.", data.Shape()[0])
	res, err := clusterSection(c, data, truth, centroids, h)
	if err != nil {
		return err
	}

	// Kernels.
	kp, err := kernelPlot(h)
	if err != nil {
		return err
	}
	path := c.Path("kernels.png")
	if err := saveLegendBelow(kp, 7*vg.Inch, 4*vg.Inch, path); err != nil {
		return err
	}
	c.Para("The kernel says how much a data point at distance r counts. The lesson uses the Gaussian (h = 2.5) and a triangular kernel; " +
		"scikit-learn's MeanShift uses the flat one; Epanechnikov's is the flat kernel's shadow (flat mean shift climbs an Epanechnikov " +
		"density). Kernels of finite support ignore far points entirely, which is what makes a neighbour grid exact for them.")
	c.Picture(path, "The four kernels meanshift offers, drawn from meanshift.LogDensity of a single data point.")

	// One step on the data: distances, weights, the mean.
	y := []float64{data.At(0, 0) - 2, data.At(0, 1) - 3} // a query at the first cluster's edge
	st, err := meanShiftStep(data, y, h)
	if err != nil {
		return err
	}
	nearest := 0
	for i, d := range st.sqDist {
		if d < st.sqDist[nearest] {
			nearest = i
		}
	}
	diff := linalg.Sub(linalg.New([]int{2}, append([]float64(nil), y...)), linalg.New([]int{2}, data.Rows()[nearest]))
	c.Para("Distances are norms of differences. For the query y = (%.2f, %.2f) and its nearest data point x = (%.2f, %.2f), "+
		"the difference y − x = (%.3f, %.3f) has", y[0], y[1], data.At(nearest, 0), data.At(nearest, 1), diff.At(0), diff.At(1))
	c.Table([]string{"norm", "formula", "value"}, [][]string{
		{"L1 (taxicab)", "|a| + |b|", fmt.Sprintf("%.4f", linalg.NormL1(diff))},
		{"L2 (Euclidean)", "√(a² + b²)", fmt.Sprintf("%.4f", linalg.NormL2(diff))},
		{"L∞ (max)", "max(|a|, |b|)", fmt.Sprintf("%.4f", linalg.NormMax(diff))},
		{"‖y − x‖₂ from PairwiseSqDist", "√(Σₖ (yₖ − xₖ)²)", fmt.Sprintf("%.4f", math.Sqrt(st.sqDist[nearest]))},
	})
	var wsum, within [3]float64
	for i, d := range st.sqDist {
		for k := range 3 {
			wsum[k] += st.weight[i]
			if math.Sqrt(d) <= float64(k+1)*h {
				within[k] += st.weight[i]
			}
		}
	}
	c.Para("Mean shift uses the Euclidean one: the engine's PairwiseSqDist gives ‖y − xᵢ‖² for all %d points at once (from the "+
		"differences, never as ‖y‖² + ‖xᵢ‖² − 2y·xᵢ, which cancels), GaussianWeight turns them into weights, and the step moves y to "+
		"their weighted mean. Of the total weight, %.1f%% comes from points within h, %.1f%% within 2h and %.3f%% within 3h: "+
		"far points hardly count, which the neighbour grid below exploits.",
		data.Shape()[0], 100*within[0]/wsum[0], 100*within[1]/wsum[1], 100*within[2]/wsum[2])
	wp, err := weightsPlot(data, st, h)
	if err != nil {
		return err
	}
	path = c.Path("weights.png")
	if err := saveLegendBelow(wp, 7*vg.Inch, 7*vg.Inch, path); err != nil {
		return err
	}
	c.Picture(path, "The weights of one Gaussian mean shift step on the lesson's data, and the step itself (red).")

	// Gradient ascent.
	step := []float64{st.m[0] - y[0], st.m[1] - y[1]}
	c.Para("Mean shift is gradient ascent on the density. For the Gaussian kernel ∇ log p̂(y) = Σᵢ wᵢ(xᵢ − y)/(h²Σᵢ wᵢ), so "+
		"m(y) − y = h²·∇ log p̂(y): the step is the gradient of the log-density, scaled by h², with no step size to choose. "+
		"The engine checks it: the fused MeanShiftStep op moves y by (%.10f, %.10f), and h² times reverse mode's gradient of "+
		"log Σᵢ exp(−‖y − xᵢ‖²/2h²) is (%.10f, %.10f).", step[0], step[1], h*h*st.grad[0], h*h*st.grad[1])

	if err := densitySection(c, data, h, res.Centers); err != nil {
		return err
	}
	return gridSection(c)
}

// centreRows lists each found centre beside the nearest true centroid.
func centreRows(res *meanshift.Result, centroids *linalg.Tensor) [][]string {
	var rows [][]string
	cs := centroids.Rows()
	for k, ctr := range res.Centers.Rows() {
		best, bd := 0, math.Inf(1)
		for j, t := range cs {
			if d := math.Hypot(ctr[0]-t[0], ctr[1]-t[1]); d < bd {
				best, bd = j, d
			}
		}
		rows = append(rows, []string{fmt.Sprint(k), fmt.Sprint(res.Sizes[k]), fmt.Sprintf("(%.3f, %.3f)", ctr[0], ctr[1]),
			fmt.Sprintf("(%.3f, %.3f)", cs[best][0], cs[best][1]), fmt.Sprintf("%.3f", bd)})
	}
	return rows
}
