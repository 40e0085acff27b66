package main

import (
	"fmt"
	"image/color"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// kernelColors are the four kernels' colours in every picture.
var kernelColors = map[meanshift.Kernel]color.Color{
	meanshift.Gaussian:     color.RGBA{R: 0x1f, G: 0x4e, B: 0x9a, A: 0xff},
	meanshift.Triangular:   color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff},
	meanshift.Flat:         color.RGBA{R: 0x2e, G: 0x8b, B: 0x3c, A: 0xff},
	meanshift.Epanechnikov: color.RGBA{R: 0x8e, G: 0x44, B: 0xad, A: 0xff},
}

// kernelPlot draws the four kernels with bandwidth h as meanshift sees
// them: the kernel density estimate of a single data point at 0 is the
// kernel itself, normalised to area 1, so LogDensity draws it without the
// formulas being written again here.
func kernelPlot(h float64) (*plot.Plot, error) {
	const n = 801
	at := linalg.Zeros(n, 1)
	for i := range n {
		at.Set(-3.2*h+6.4*h*float64(i)/(n-1), i, 0)
	}
	one := linalg.Zeros(1, 1) // one data point, at 0
	p := plot.New()
	p.Title.Text = fmt.Sprintf("The four kernels with bandwidth h = %g, each normalised to area 1\n"+
		"(the density estimate of one data point at 0 is the kernel)", h)
	p.X.Label.Text = "distance r from the data point (signed)"
	p.Y.Label.Text = "K_h(r)"
	p.Add(plotter.NewGrid())
	for _, k := range []meanshift.Kernel{meanshift.Gaussian, meanshift.Triangular, meanshift.Flat, meanshift.Epanechnikov} {
		logp, err := meanshift.LogDensity(one, at, h, k)
		if err != nil {
			return nil, err
		}
		xys := make(plotter.XYs, n)
		for i, lp := range logp {
			xys[i] = plotter.XY{X: at.At(i, 0), Y: math.Exp(lp)} // exp(−Inf) = 0 outside the support
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = kernelColors[k], vg.Points(2)
		p.Add(l)
		p.Legend.Add(kernelDescription(k), l)
	}
	p.Legend.Top = true
	return p, nil
}

func kernelDescription(k meanshift.Kernel) string {
	switch k {
	case meanshift.Gaussian:
		return "Gaussian exp(−½(r/h)²): infinite support"
	case meanshift.Triangular:
		return "triangular max(0, 1 − |r|/h)"
	case meanshift.Flat:
		return "flat: 1 for |r| ≤ h (scikit-learn)"
	default:
		return "Epanechnikov max(0, 1 − (r/h)²)"
	}
}
