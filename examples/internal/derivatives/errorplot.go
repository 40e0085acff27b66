package derivatives

import (
	"fmt"
	"image/color"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The error-vs-step picture: sin(x)·eˣ at x = 1.
const sweepX = 1.0

var sweepFormulas = []fd.Formula{fd.Forward, fd.Central, fd.Central4}

// errFloor stands in for an error of exactly zero. A log axis cannot show
// 0 (log 0 = −∞, and gonum/plot's LogScale rejects non-positive values), so
// every error below the floor is clamped to it and drawn on that line.
const errFloor = 1e-17

func sweepExample() example { return examples()[1] }

// sweepSteps are absolute steps from 1e-16 to 1e-1, eight per decade.
func sweepSteps() []float64 { return fd.LogSteps(1e-16, 1e-1, 121) }

// errorVsStep draws |error| of f′ against the step for each formula, with
// the dual number's error (zero) on the floor.
func errorVsStep() *plot.Plot {
	e := sweepExample()
	exact := e.exact(sweepX)

	p := plot.New()
	p.Title.Text = fmt.Sprintf("Error of f′ for f(x) = %s at x = %g against the step h\n"+
		"finite differences: rounding on the left, truncation on the right; dual numbers: no step, no truncation (error 0 here)", e.name, sweepX)
	p.X.Label.Text = "absolute step h"
	// A short label: a long rotated one makes gonum/plot pad the top.
	p.Y.Label.Text = "|error of f′|"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker = decades{every: 1}
	p.Y.Tick.Marker = decades{every: 2}
	p.Y.Min, p.Y.Max = errFloor/10, 1e2
	p.Add(plotter.NewGrid())
	// Below the rounding arm and above the floor the picture is empty.
	p.Legend.Top, p.Legend.Left = false, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Millimeter*4, vg.Millimeter*14

	cols := []color.Color{colD1, colF, colD2}
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}}
	for i, f := range sweepFormulas {
		pts := fd.Sweep(e.plain, sweepX, exact, f, sweepSteps())
		xys := make(plotter.XYs, len(pts))
		for j, sp := range pts {
			xys[j] = plotter.XY{X: sp.Step, Y: math.Max(sp.AbsErr, errFloor)}
		}
		l, s, _ := plotter.NewLinePoints(xys)
		l.Color, l.Width = cols[i], vg.Points(1.4)
		s.Color, s.Shape, s.Radius = cols[i], shapes[i], vg.Points(2)
		p.Add(l, s)
		p.Legend.Add(fmt.Sprintf("%s (order %d)", f.Name, f.Order), l, s)
	}

	// The dual number has no step: its error is a horizontal line. Against
	// the closed form it is exactly 0 here, so it sits on the floor.
	dualErr := math.Max(math.Abs(e.deriv(sweepX)-exact), errFloor)
	dl, _ := plotter.NewLine(plotter.XYs{{X: 1e-16, Y: dualErr}, {X: 1e-1, Y: dualErr}})
	dl.Color, dl.Width = color.Black, vg.Points(2)
	dl.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(dl)
	p.Legend.Add(dualLabel(dualErr), dl)

	p.Add(annotations())
	return p
}

func dualLabel(err float64) string {
	if err <= errFloor {
		return fmt.Sprintf("dual: exact (0), drawn at the floor %g", errFloor)
	}
	return fmt.Sprintf("dual: |err| = %.1e", err)
}

// annotations names the two arms of the V in data coordinates.
func annotations() *plotter.Labels {
	l, _ := plotter.NewLabels(plotter.XYLabels{
		XYs: plotter.XYs{{X: 2e-16, Y: 1e-10}, {X: 1e-9, Y: 3e-1}},
		Labels: []string{
			"rounding: error ≈ ε|f|/h, slope −1",
			"truncation: error ≈ C·hᵖ, slope p = 1, 2, 4",
		},
	})
	return l
}

// decades ticks a log axis at each power of ten, labelling every
// every-th one so the labels do not run into each other.
type decades struct{ every int }

func (d decades) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := int(math.Floor(math.Log10(lo))); e <= int(math.Ceil(math.Log10(hi))); e++ {
		v := math.Pow(10, float64(e))
		if v < lo || v > hi {
			continue
		}
		t := plot.Tick{Value: v}
		if e%d.every == 0 {
			t.Label = fmt.Sprintf("1e%d", e)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
