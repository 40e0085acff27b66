package msplot_test

import (
	"fmt"
	"os"
	"path/filepath"

	"gonum.org/v1/plot/vg"

	"github.com/epsilon-engine/epsilon/examples/internal/msplot"
	"github.com/epsilon-engine/epsilon/linalg"
)

// Two clusters of three points, their centres marked, written as a PNG with
// the legend beside the axes.
func ExampleScatter() {
	pts := linalg.New([]int{6, 2}, []float64{0, 0, 1, 0, 0, 1, 5, 5, 6, 5, 5, 6})
	p, err := msplot.Scatter(msplot.Clusters{
		Points:  pts,
		Labels:  []int{0, 0, 0, 1, 1, 1},
		Centers: linalg.New([]int{2, 2}, []float64{1. / 3, 1. / 3, 16. / 3, 16. / 3}),
		Title:   "two clusters", XLabel: "x", YLabel: "y",
	})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "msplot")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if err := msplot.SavePNG(p, filepath.Join(dir, "clusters.png"), 4*vg.Inch, 3*vg.Inch); err != nil {
		panic(err)
	}
	img := msplot.Render(p, 4*vg.Inch, 3*vg.Inch)
	fmt.Println("picture of", img.Bounds().Dx(), "×", img.Bounds().Dy(), "pixels")
	// Output: picture of 384 × 288 pixels
}
