package main

import (
	"fmt"
	"image/gif"
	"os"

	"gonum.org/v1/plot/vg"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/examples/internal/msplot"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// Picture sizes.
const (
	width, height = 7 * vg.Inch, 5 * vg.Inch
	maxFrames     = 80  // frames of an animation; more iterations are sampled evenly
	densityGrid   = 100 // grid points per axis of the density picture
	densityPoints = 20000
	paths         = 8 // climbing paths drawn on the density
)

// view is the 2-D picture of the data: the points, centres and climbers'
// positions mapped to the plane (identity for 2-D data, the first two
// principal components with -pca) and the axes' names.
type view struct {
	project      func(*linalg.Tensor) *linalg.Tensor
	xname, yname string
}

func newView(cfg *config, tb *dataset.Table, r *outcome) (*view, error) {
	if cfg.pca {
		p, err := msplot.PCA(r.x)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tb.Source, err)
		}
		x, y := p.AxisLabels()
		return &view{project: p.Apply, xname: x, yname: y}, nil
	}
	suffix := ""
	if cfg.standardize {
		suffix = " (standardised)"
	}
	return &view{project: func(t *linalg.Tensor) *linalg.Tensor { return t },
		xname: tb.Names[0] + suffix, yname: tb.Names[1] + suffix}, nil
}

// pictures writes the pictures the flags ask for and returns their paths.
func pictures(cfg *config, tb *dataset.Table, r *outcome) ([]string, error) {
	if cfg.plot == "" && cfg.animate == "" && cfg.density == "" {
		return nil, nil
	}
	v, err := newView(cfg, tb, r)
	if err != nil {
		return nil, err
	}
	kind := "mean shift"
	if cfg.blurring {
		kind = "blurring mean shift"
	}
	title := fmt.Sprintf("%s, %s kernel, h = %.3g: %d clusters", kind, cfg.kernel, r.Bandwidth, len(r.Sizes))
	var done []string
	if cfg.plot != "" {
		p, err := msplot.Scatter(msplot.Clusters{Points: v.project(r.x), Labels: r.Labels, Centers: v.project(r.Centers),
			Title: title, XLabel: v.xname, YLabel: v.yname})
		if err != nil {
			return done, err
		}
		if err := msplot.SavePNG(p, cfg.plot, width, height); err != nil {
			return done, err
		}
		done = append(done, cfg.plot)
	}
	if cfg.animate != "" {
		if err := animate(cfg.animate, v, title, r); err != nil {
			return done, err
		}
		done = append(done, cfg.animate)
	}
	if cfg.density != "" {
		if err := density(cfg, v, r); err != nil {
			return done, err
		}
		done = append(done, cfg.density)
	}
	return done, nil
}

// animate writes the GIF of the climbers' positions, coloured by the
// cluster each ends in.
func animate(path string, v *view, title string, r *outcome) error {
	last := r.History[len(r.History)-1]
	labels, err := r.Predict(last)
	if err != nil {
		return err
	}
	var frames []*linalg.Tensor
	var steps []int
	for _, i := range sample(len(r.History), maxFrames) {
		frames = append(frames, v.project(r.History[i]))
		steps = append(steps, i)
	}
	g, err := msplot.Animate(msplot.Animation{Frames: frames, Steps: steps, Labels: labels, Centers: v.project(r.Centers),
		Title: title, XLabel: v.xname, YLabel: v.yname, Width: width, Height: height})
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gif.EncodeAll(f, g); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// density writes the picture of the density estimate (of at most
// densityPoints of the points, evenly spaced) with the paths of a few
// climbers.
func density(cfg *config, v *view, r *outcome) error {
	n := r.x.Shape()[0]
	data := r.x
	title := fmt.Sprintf("%s kernel density estimate, h = %.3g, and climbers' paths", cfg.kernel, r.Bandwidth)
	if n > densityPoints {
		idx := sample(n, densityPoints)
		rows := make([]float64, 0, 2*len(idx))
		xv := r.x.Values()
		for _, i := range idx {
			rows = append(rows, xv[2*i], xv[2*i+1])
		}
		data = linalg.New([]int{len(idx), 2}, rows)
		title += fmt.Sprintf(" (density of %d of %d points)", len(idx), n)
	}
	if cfg.blurring {
		title += "; blurring moves the density too, this is the data's"
	}
	var ps [][]*linalg.Tensor
	chosen, err := farthest(r)
	if err != nil {
		return err
	}
	for _, j := range chosen {
		var path []*linalg.Tensor
		for _, frame := range r.History {
			path = append(path, frame.Row(j))
		}
		ps = append(ps, path)
	}
	p, err := msplot.Density(msplot.DensityPicture{
		Data: data,
		LogDensity: func(at *linalg.Tensor) ([]float64, error) {
			return meanshift.LogDensity(data, at, r.Bandwidth, cfg.kernel)
		},
		Paths: ps, Centers: r.Centers, Title: title, XLabel: v.xname, YLabel: v.yname, Grid: densityGrid,
	})
	if err != nil {
		return err
	}
	return msplot.SavePNG(p, cfg.density, width, height)
}

// farthest returns up to paths climbers that travelled far to their mode:
// the two farthest of each cluster, taken in turn over the clusters
// (largest first), so that the picture shows long climbs from everywhere.
func farthest(r *outcome) ([]int, error) {
	first, last := r.History[0], r.History[len(r.History)-1]
	labels, err := r.Predict(last)
	if err != nil {
		return nil, err
	}
	d := first.Shape()[1]
	a, b := first.Values(), last.Values()
	type far struct {
		j    int
		dist float64
	}
	best := make([][2]far, len(r.Sizes)) // per cluster, the farthest two
	for k := range best {
		best[k] = [2]far{{-1, -1}, {-1, -1}}
	}
	for j, k := range labels {
		var s float64
		for c := range d {
			e := b[j*d+c] - a[j*d+c]
			s += e * e
		}
		switch {
		case s > best[k][0].dist:
			best[k][1], best[k][0] = best[k][0], far{j, s}
		case s > best[k][1].dist:
			best[k][1] = far{j, s}
		}
	}
	var out []int
	for rank := range 2 {
		for k := range best {
			if j := best[k][rank].j; j >= 0 && len(out) < paths {
				out = append(out, j)
			}
		}
	}
	return out, nil
}

// sample returns at most m indices spread evenly over 0 … n−1, the first
// and the last included.
func sample(n, m int) []int {
	if n <= m {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, m)
	for i := range out {
		out[i] = i * (n - 1) / (m - 1)
	}
	return out
}
