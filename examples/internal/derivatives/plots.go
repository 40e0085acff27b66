package derivatives

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Colours shared by every function panel, so f, f′ and f″ read the same
// across the grid.
var (
	colF  = color.RGBA{R: 0x1f, G: 0x4e, B: 0x9a, A: 0xff} // blue
	colD1 = color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff} // red
	colD2 = color.RGBA{R: 0x2e, G: 0x8b, B: 0x3c, A: 0xff} // green
)

// samples is the number of points per curve segment.
const samples = 300

// writePictures writes one PNG per function, a grid of all of them, and
// the error-vs-step picture, and returns the paths written.
func writePictures(dir string, exs []example) ([]string, error) {
	var paths []string
	var panels []*plot.Plot
	for _, e := range exs {
		p := functionPlot(e)
		panels = append(panels, p)
		path := filepath.Join(dir, "fn-"+e.slug+".png")
		if err := p.Save(5*vg.Inch, 3.5*vg.Inch, path); err != nil {
			return paths, fmt.Errorf("writing %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	grid := filepath.Join(dir, "functions.png")
	if err := saveGrid(grid, panels); err != nil {
		return paths, err
	}
	paths = append(paths, grid)

	errPath := filepath.Join(dir, "error-vs-step.png")
	if err := errorVsStep().Save(8*vg.Inch, 5.5*vg.Inch, errPath); err != nil {
		return paths, fmt.Errorf("writing %s: %w", errPath, err)
	}
	return append(paths, errPath), nil
}

// functionPlot draws f, f′ and f″ over e's interval, all from dual numbers.
// At a kink the curves are broken rather than joined by a vertical segment
// that would suggest values f′ never takes; the dual number's conventional
// value at the kink is marked as a point.
func functionPlot(e example) *plot.Plot {
	p := plot.New()
	p.Title.Text = "f(x) = " + e.name
	p.X.Label.Text = "x"
	p.Y.Label.Text = "f, f′, f″ (dual numbers)"
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = e.legend.top, e.legend.left
	p.Legend.XOffs, p.Legend.YOffs = legendInset(e.legend)
	p.Legend.Padding = vg.Points(2)

	curves := []struct {
		label string
		eval  func(float64) float64
		col   color.Color
		dash  []vg.Length
	}{
		{"f", e.value, colF, nil},
		{"f′", e.deriv, colD1, nil},
		{"f″", e.second, colD2, []vg.Length{vg.Points(5), vg.Points(3)}},
	}
	for _, c := range curves {
		for i, seg := range segments(e.lo, e.hi, e.kinks) {
			l, err := plotter.NewLine(sample(c.eval, seg[0], seg[1], e.kinks))
			if err != nil {
				continue // only non-finite samples; nothing to draw
			}
			l.Color = c.col
			l.Width = vg.Points(1.6)
			l.Dashes = c.dash
			p.Add(l)
			if i == 0 {
				p.Legend.Add(c.label, l)
			}
		}
	}
	for _, k := range e.kinks {
		pt, err := plotter.NewScatter(plotter.XYs{{X: k, Y: e.deriv(k)}})
		if err != nil {
			continue // a non-finite convention: nothing to mark
		}
		pt.Color = colD1
		pt.Shape = draw.CircleGlyph{}
		pt.Radius = vg.Points(3.5)
		p.Add(pt)
		p.Legend.Add(fmt.Sprintf("dual f′(%g) = %g (convention)", k, e.deriv(k)), pt)
	}
	return p
}

// legendInset keeps a legend a little away from the axes it sits against.
func legendInset(c corner) (dx, dy vg.Length) {
	dx, dy = -vg.Millimeter*2, vg.Millimeter*2
	if c.left {
		dx = vg.Millimeter * 2
	}
	if c.top {
		dy = -vg.Millimeter * 2
	}
	return dx, dy
}

// segments splits [lo, hi] at the kinks inside it.
func segments(lo, hi float64, kinks []float64) [][2]float64 {
	var segs [][2]float64
	a := lo
	for _, k := range kinks {
		if k > lo && k < hi {
			segs = append(segs, [2]float64{a, k})
			a = k
		}
	}
	return append(segs, [2]float64{a, hi})
}

// sample evaluates f at evenly spaced points of [a, b]. An end that is a
// kink is nudged inwards, so each segment shows the one-sided limit there
// and not the convention at the kink itself.
func sample(f func(float64) float64, a, b float64, kinks []float64) plotter.XYs {
	nudge := 1e-9 * (b - a)
	for _, k := range kinks {
		if a == k {
			a += nudge
		}
		if b == k {
			b -= nudge
		}
	}
	xys := make(plotter.XYs, samples)
	for i := range xys {
		x := a + (b-a)*float64(i)/float64(samples-1)
		xys[i] = plotter.XY{X: x, Y: f(x)}
	}
	return xys
}

// saveGrid lays the panels out three to a row, aligned so that their axes
// line up, and uses a spare cell for a caption.
func saveGrid(path string, panels []*plot.Plot) error {
	const cols = 3
	rows := (len(panels) + cols) / cols // one spare cell at least, for the caption
	img := vgimg.New(vg.Length(cols)*4.5*vg.Inch, vg.Length(rows)*3.4*vg.Inch)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}

	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range panels {
		grid[i/cols][i%cols] = p
	}
	canvases := plot.Align(grid, tiles, dc)
	for i, p := range panels {
		p.Draw(canvases[i/cols][i%cols])
	}
	caption(canvases[rows-1][cols-1])

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}

// caption explains, in the grid's spare cell, where the curves come from.
func caption(c draw.Canvas) {
	lines := []string{
		"Each function is written once, generic over",
		"dual.Scalar, and evaluated on three types:",
		"f on dual.Float,",
		"f′ on dual.Number (exact, first order),",
		"f″ on dual.Hyper (exact, second order).",
		"",
		"|x| has a kink at 0: f′ jumps from −1 to 1;",
		"the dual number reports f′(0) = 0,",
		"the PyTorch/JAX convention.",
	}
	font := plot.DefaultFont
	font.Size = vg.Points(12)
	ts := draw.TextStyle{Color: color.Black, Font: font, Handler: plot.DefaultTextHandler}
	x := c.Min.X + vg.Millimeter*8
	y := c.Max.Y - vg.Millimeter*15
	for _, l := range lines {
		c.FillText(ts, vg.Point{X: x, Y: y}, l)
		y -= font.Size * 1.5
	}
}
