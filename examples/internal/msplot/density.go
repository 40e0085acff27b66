package msplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/epsilon-engine/epsilon/linalg"
)

// DensityPicture is what Density draws: the density of the data on a grid
// over its range, as a shaded map with contour lines, and the paths of a
// few points climbing it.
type DensityPicture struct {
	Data *linalg.Tensor // n×2, the points the density estimate is made of (drawn small)
	// LogDensity returns the log-density at each row of the m×2 tensor at;
	// only differences matter (it is shown relative to its maximum).
	LogDensity func(at *linalg.Tensor) ([]float64, error)
	Paths      [][]*linalg.Tensor // Paths[i][t]: point i after t steps, 1×2 or (2)
	Centers    *linalg.Tensor     // k×2 modes, or nil
	Title      string
	XLabel     string
	YLabel     string
	Grid       int // points per axis of the grid; 0: 120
}

// Density returns the picture: the density relative to its largest value
// on the grid, shaded from white (0) to blue (1), contour lines at 10%,
// 20%, …, 90% of it (legend: "contours"), the data as small grey dots, each path as a line from a ring
// (its start) to a cross (the mode), and the centres.
func Density(d DensityPicture) (*plot.Plot, error) {
	n := checkPoints("Density", d.Data, nil)
	g := d.Grid
	if g == 0 {
		g = 120
	}
	xmin, xmax, ymin, ymax := bounds([]*linalg.Tensor{d.Data})
	xs, ys := linspace(xmin, xmax, g), linspace(ymin, ymax, g)
	at := make([]float64, 0, 2*g*g)
	for _, y := range ys {
		for _, x := range xs {
			at = append(at, x, y)
		}
	}
	logp, err := d.LogDensity(linalg.New([]int{g * g, 2}, at))
	if err != nil {
		return nil, err
	}
	if len(logp) != g*g {
		return nil, fmt.Errorf("LogDensity gave %d values for %d points", len(logp), g*g)
	}
	top := math.Inf(-1)
	for _, v := range logp {
		top = max(top, v)
	}
	if math.IsInf(top, 0) || math.IsNaN(top) {
		return nil, fmt.Errorf("the log-density's largest value on the grid is %v", top)
	}
	z := mat.NewDense(g, g, nil)
	for r := range g {
		for c := range g {
			z.Set(r, c, math.Exp(logp[r*g+c]-top))
		}
	}
	grid := unitGrid{xs: xs, ys: ys, z: z}

	p := newPlot(d.Title+subsetNote(n), orDefault(d.XLabel, "x"), orDefault(d.YLabel, "y"))
	h := plotter.NewHeatMap(grid, ramp(64))
	h.Min, h.Max = 0, 1
	p.Add(h)
	levels := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
	cont := plotter.NewContour(grid, levels, ramp(1))
	cont.LineStyles[0].Width = vg.Points(0.6)
	p.Add(cont)

	dots := make(plotter.XYs, 0, n/stride(n)+1)
	v := d.Data.Values()
	for i := 0; i < n; i += stride(n) {
		dots = append(dots, plotter.XY{X: v[2*i], Y: v[2*i+1]})
	}
	ds, err := plotter.NewScatter(dots)
	if err != nil {
		return nil, err
	}
	ds.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{0x55, 0x55, 0x55, 0xff}, Shape: draw.CircleGlyph{}, Radius: vg.Points(0.8)}
	p.Add(ds)
	p.Legend.Add("data", ds)

	if err := addCenters(p, d.Centers, true); err != nil {
		return nil, err
	}
	for i, path := range d.Paths {
		xy := make(plotter.XYs, len(path))
		for t, q := range path {
			qv := q.Values()
			xy[t] = plotter.XY{X: qv[0], Y: qv[1]}
		}
		l, s, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		col := tab10[i%len(tab10)]
		l.Color, l.Width = col, vg.Points(1.5)
		s.GlyphStyle = draw.GlyphStyle{Color: col, Shape: draw.CircleGlyph{}, Radius: vg.Points(1.5)}
		start, _ := plotter.NewScatter(xy[:1])
		start.GlyphStyle = draw.GlyphStyle{Color: col, Shape: draw.RingGlyph{}, Radius: vg.Points(4)}
		p.Add(l, s, start)
		if i == 0 {
			p.Legend.Add("path (○ start)", l, start)
		}
	}
	p.Legend.Add("contours", lineThumb{cont.LineStyles[0]})
	return p, nil
}

// unitGrid is the density on the grid xs × ys as a plotter.GridXYZ; z's row
// r is y = ys[r], its column c is x = xs[c].
type unitGrid struct {
	xs, ys []float64
	z      *mat.Dense
}

func (g unitGrid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g unitGrid) Z(c, r int) float64 { return g.z.At(r, c) }
func (g unitGrid) X(c int) float64    { return g.xs[c] }
func (g unitGrid) Y(r int) float64    { return g.ys[r] }

// ramp is a palette of n colours from white to a mid blue; ramp(1) is one
// dark grey, for contour lines.
type ramp int

func (n ramp) Colors() []color.Color {
	if n == 1 {
		return []color.Color{color.RGBA{0x40, 0x40, 0x40, 0xff}}
	}
	out := make([]color.Color, n)
	lerp := func(a, b uint8, t float64) uint8 { return uint8(math.Round(float64(a) + t*(float64(b)-float64(a)))) }
	for i := range out {
		t := float64(i) / float64(n-1)
		out[i] = color.RGBA{lerp(0xff, 0x6b, t), lerp(0xff, 0xae, t), lerp(0xff, 0xd6, t), 0xff}
	}
	return out
}

// lineThumb draws a legend entry as a short line.
type lineThumb struct{ draw.LineStyle }

func (l lineThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.LineStyle, c.Min.X, y, c.Max.X, y)
}

// linspace returns n evenly spaced values from lo to hi.
func linspace(lo, hi float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return out
}
