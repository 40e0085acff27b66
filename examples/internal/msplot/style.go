package msplot

import (
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"image/png"
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// MaxDrawn is the most points a picture draws; beyond it an evenly spaced
// subset is drawn.
const MaxDrawn = 20000

// tab10 is the Tableau 10 palette (matplotlib's default colour cycle), easy
// to tell apart and readable in print.
var tab10 = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xd6, 0x27, 0x28, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
	{0x17, 0xbe, 0xcf, 0xff},
}

var orphanColor = color.RGBA{0xb0, 0xb0, 0xb0, 0xff}

// shapes cycle once per ten clusters, so cluster 3 and cluster 13 share a
// colour but not a glyph.
var shapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.TriangleGlyph{}, draw.SquareGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
}

// ClusterStyle returns the glyph style of cluster k (k < 0: orphans).
func ClusterStyle(k int) draw.GlyphStyle {
	if k < 0 {
		return draw.GlyphStyle{Color: orphanColor, Shape: draw.CircleGlyph{}, Radius: vg.Points(1.6)}
	}
	return draw.GlyphStyle{
		Color:  tab10[k%len(tab10)],
		Shape:  shapes[(k/len(tab10))%len(shapes)],
		Radius: vg.Points(2),
	}
}

// centreStyle marks cluster centres: a large black cross with a white rim,
// visible on any colour.
var centreStyle = draw.GlyphStyle{Color: color.Black, Shape: centreGlyph{}, Radius: vg.Points(6)}

// centreGlyph is a bold × drawn twice: wide in white, then narrower in the
// glyph's colour.
type centreGlyph struct{}

func (centreGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 0.7071
	for _, ls := range []draw.LineStyle{{Color: color.White, Width: vg.Points(4)}, {Color: sty.Color, Width: vg.Points(2)}} {
		c.StrokeLine2(ls, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
		c.StrokeLine2(ls, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
	}
}

// stride returns the step that draws at most MaxDrawn of n points.
func stride(n int) int { return max(1, (n+MaxDrawn-1)/MaxDrawn) }

// subsetNote is the title's note on how many points are drawn, or "".
func subsetNote(n int) string {
	s := stride(n)
	if s == 1 {
		return ""
	}
	return fmt.Sprintf("\n(1 point in %d drawn, of %d)", s, n)
}

// newPlot returns a plot with its title and axis labels set and its legend
// at the top right.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(2)
	p.X.Tick.Marker = shortTicks{}
	p.Y.Tick.Marker = shortTicks{}
	return p
}

// shortTicks are gonum's default ticks labelled in the shortest form
// ("25", not "25.00", which the default gives for ranges set by hand).
type shortTicks struct{}

func (shortTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 6, 64)
		}
	}
	return ts
}

// Draw draws p on c with its legend in a column of its own to the right of
// the axes, so that it never hides data.
func Draw(p *plot.Plot, c draw.Canvas) {
	leg := p.Legend
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = leg }()
	w := leg.Rectangle(c).Size().X
	if w == 0 {
		p.Draw(c)
		return
	}
	w += vg.Points(16)
	p.Draw(draw.Crop(c, 0, -w, 0, 0))
	lc := draw.Crop(c, c.Size().X-w, 0, 0, 0)
	leg.Top, leg.Left = true, true
	leg.XOffs = vg.Points(4)
	leg.YOffs = -(p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding + vg.Points(6))
	leg.Draw(lc)
}

// Render draws p (as Draw does) into a w×h image at 96 dots per inch on
// white.
func Render(p *plot.Plot, w, h vg.Length) *image.RGBA {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(96), vgimg.UseBackgroundColor(color.White))
	Draw(p, draw.New(c))
	img, ok := c.Image().(*image.RGBA)
	if !ok {
		b := c.Image().Bounds()
		img = image.NewRGBA(b)
		imgdraw.Draw(img, b, c.Image(), b.Min, imgdraw.Src)
	}
	return img
}

// SavePNG writes p (as Draw does) to path as a w×h PNG at 96 dots per inch.
func SavePNG(p *plot.Plot, path string, w, h vg.Length) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, Render(p, w, h)); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
