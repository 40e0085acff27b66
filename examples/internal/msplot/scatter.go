package msplot

import (
	"fmt"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Clusters is what Scatter and Animate draw: points coloured by cluster,
// and the cluster centres.
type Clusters struct {
	Points  *linalg.Tensor // n×2
	Labels  []int          // cluster of each point, −1 for none; nil draws every point in one colour
	Centers *linalg.Tensor // k×2, or nil
	Title   string
	XLabel  string // the axes' names, "x" and "y" when empty
	YLabel  string
}

// maxLegend is the most clusters the legend lists one by one.
const maxLegend = 12

// Scatter returns a scatter plot of c: each cluster in its own colour (and,
// past ten clusters, glyph), the centres as black crosses, a legend naming
// each cluster with its size, and labelled axes. It panics unless Points is
// n×2, Centers k×2 and Labels of length n.
func Scatter(c Clusters) (*plot.Plot, error) {
	n := checkPoints("Scatter", c.Points, c.Labels)
	p := newPlot(c.Title+subsetNote(n), orDefault(c.XLabel, "x"), orDefault(c.YLabel, "y"))
	p.Add(plotter.NewGrid())
	if err := addClusters(p, c, true); err != nil {
		return nil, err
	}
	return p, nil
}

// addClusters adds c's points and centres to p, with legend entries when
// legend is set.
func addClusters(p *plot.Plot, c Clusters, legend bool) error {
	pts := c.Points.Values()
	n := c.Points.Shape()[0]
	groups := map[int]plotter.XYs{}
	sizes := map[int]int{}
	step := stride(n)
	for i := range n {
		k := 0
		if c.Labels != nil {
			k = c.Labels[i]
		}
		sizes[k]++
		if i%step == 0 {
			groups[k] = append(groups[k], plotter.XY{X: pts[2*i], Y: pts[2*i+1]})
		}
	}
	keys := make([]int, 0, len(sizes))
	for k := range sizes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		s, err := plotter.NewScatter(groups[k])
		if err != nil {
			return err
		}
		s.GlyphStyle = ClusterStyle(k)
		p.Add(s)
		switch {
		case !legend || c.Labels == nil:
		case k < 0:
			p.Legend.Add(fmt.Sprintf("no cluster (%d)", sizes[k]), s)
		case i < maxLegend:
			p.Legend.Add(fmt.Sprintf("cluster %d (%d)", k, sizes[k]), s)
		case i == maxLegend:
			p.Legend.Add(fmt.Sprintf("+ %d more", len(keys)-maxLegend))
		}
	}
	return addCenters(p, c.Centers, legend)
}

// addCenters marks the k×2 centres (none when nil) on p as black crosses.
func addCenters(p *plot.Plot, centers *linalg.Tensor, legend bool) error {
	if centers == nil {
		return nil
	}
	if sh := centers.Shape(); len(sh) != 2 || sh[1] != 2 {
		panic(fmt.Sprintf("msplot: centres of shape %v, want k×2", sh))
	}
	v := centers.Values()
	xy := make(plotter.XYs, len(v)/2)
	for i := range xy {
		xy[i] = plotter.XY{X: v[2*i], Y: v[2*i+1]}
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return err
	}
	s.GlyphStyle = centreStyle
	p.Add(s)
	if legend {
		p.Legend.Add("centres", s)
	}
	return nil
}

// checkPoints panics unless points is n×2 with n ≥ 1 and labels is nil or
// of length n, and returns n.
func checkPoints(op string, points *linalg.Tensor, labels []int) int {
	sh := points.Shape()
	if len(sh) != 2 || sh[1] != 2 || sh[0] == 0 {
		panic(fmt.Sprintf("msplot: %s: points of shape %v, want n×2 with n ≥ 1", op, sh))
	}
	if labels != nil && len(labels) != sh[0] {
		panic(fmt.Sprintf("msplot: %s: %d labels for %d points", op, len(labels), sh[0]))
	}
	return sh[0]
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
