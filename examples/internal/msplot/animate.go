package msplot

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Animation is what Animate draws: the positions of the points at each
// iteration (Frames[0] the start, each n×2), coloured by their final
// cluster, on axes that stay fixed across frames.
type Animation struct {
	Frames  []*linalg.Tensor
	Steps   []int          // the iteration each frame shows; nil: 0, 1, 2, …
	Labels  []int          // final cluster of each point, or nil
	Centers *linalg.Tensor // k×2 final centres, drawn on the last frame; or nil
	Title   string         // each frame's title adds "iteration i of m"
	XLabel  string
	YLabel  string
	Width   vg.Length // 0: 6 inches
	Height  vg.Length // 0: 4.5 inches
	Delay   int       // hundredths of a second per frame; 0: 40
}

// Animate returns the animation as a GIF, one frame per entry of Frames
// (the lesson's animation of the points moving to the modes), the last
// frame held for two seconds. Colours are mapped to framePalette.
func Animate(a Animation) (*gif.GIF, error) {
	if len(a.Frames) == 0 {
		return nil, fmt.Errorf("no frames to animate")
	}
	for _, f := range a.Frames {
		checkPoints("Animate", f, a.Labels)
	}
	w, h := orLength(a.Width, 6*vg.Inch), orLength(a.Height, 4.5*vg.Inch)
	delay := a.Delay
	if delay == 0 {
		delay = 40
	}
	if a.Steps != nil && len(a.Steps) != len(a.Frames) {
		panic(fmt.Sprintf("msplot: Animate: %d steps for %d frames", len(a.Steps), len(a.Frames)))
	}
	step := func(i int) int {
		if a.Steps == nil {
			return i
		}
		return a.Steps[i]
	}
	xmin, xmax, ymin, ymax := bounds(a.Frames)
	out := &gif.GIF{}
	for i, f := range a.Frames {
		c := Clusters{Points: f, Labels: a.Labels, XLabel: a.XLabel, YLabel: a.YLabel}
		last := i == len(a.Frames)-1
		if last {
			c.Centers = a.Centers
		}
		p := newPlot(fmt.Sprintf("%s: iteration %d of %d%s", a.Title, step(i), step(len(a.Frames)-1), subsetNote(f.Shape()[0])),
			orDefault(a.XLabel, "x"), orDefault(a.YLabel, "y"))
		p.Add(plotter.NewGrid())
		if err := addClusters(p, c, true); err != nil {
			return nil, err
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
		img := Render(p, w, h)
		pal := image.NewPaletted(img.Bounds(), framePalette)
		draw.Draw(pal, img.Bounds(), img, image.Point{}, draw.Src)
		out.Image = append(out.Image, pal)
		d := delay
		if last {
			d = 200
		}
		out.Delay = append(out.Delay, d)
	}
	return out, nil
}

// bounds returns the range of all frames' points, padded by 5% (and by 1
// where the range is empty).
func bounds(frames []*linalg.Tensor) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, f := range frames {
		v := f.Values()
		for i := 0; i+1 < len(v); i += 2 {
			xmin, xmax = min(xmin, v[i]), max(xmax, v[i])
			ymin, ymax = min(ymin, v[i+1]), max(ymax, v[i+1])
		}
	}
	pad := func(lo, hi float64) (float64, float64) {
		if hi <= lo {
			return lo - 1, hi + 1
		}
		m := 0.05 * (hi - lo)
		return lo - m, hi + m
	}
	xmin, xmax = pad(xmin, xmax)
	ymin, ymax = pad(ymin, ymax)
	return
}

func orLength(v, def vg.Length) vg.Length {
	if v == 0 {
		return def
	}
	return v
}

// framePalette holds the colours a frame uses: white, black, greys (grid,
// text, orphans), the cluster colours, and each cluster colour half blended
// with white for anti-aliased edges. Few colours keep the nearest-colour
// mapping of every pixel fast (the 256 of a general palette take ten
// times as long).
var framePalette = func() color.Palette {
	p := color.Palette{color.White, color.Black, orphanColor}
	for _, g := range []uint8{0x40, 0x80, 0xc0, 0xe0, 0xf0} {
		p = append(p, color.RGBA{g, g, g, 0xff})
	}
	for _, c := range tab10 {
		p = append(p, c, color.RGBA{c.R/2 + 0x80, c.G/2 + 0x80, c.B/2 + 0x80, 0xff})
	}
	return p
}()
