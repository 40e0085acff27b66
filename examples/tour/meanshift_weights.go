package main

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// oneStep is one Gaussian mean shift step of a query y against the data,
// computed by the engine, with everything the chapter shows about it.
type oneStep struct {
	y, m   []float64 // the query and where the step takes it
	sqDist []float64 // ‖y − x_i‖² for every data point
	weight []float64 // exp(−‖y − x_i‖²/2h²)
	grad   []float64 // ∇ log p̂(y), by reverse mode
}

// meanShiftStep builds one graph for the query y (1×2): the squared
// distances, the Gaussian weights, the fused MeanShiftStep op, and the log
// of the kernel density estimate, log Σ_i exp(−‖y − x_i‖²/2h²), with its
// gradient by reverse mode.
func meanShiftStep(data *linalg.Tensor, y []float64, h float64) (oneStep, error) {
	g := autodiff.New()
	q := g.Input("y", 1, 2)
	x := g.Const("x", data)
	hn := g.Const("h", linalg.New([]int{}, []float64{h}))
	d := q.PairwiseSqDist(x)
	w := d.GaussianWeight(hn)
	m := q.MeanShiftStep(x, hn)
	logp := d.Scale(-1/(2*h*h)).LogSumExp(1, false).Sum()
	grad := g.Grad(logp, q)[0]
	q.Set(linalg.New([]int{1, 2}, append([]float64(nil), y...)))
	if err := g.Run(d, w, m, grad); err != nil {
		return oneStep{}, err
	}
	return oneStep{y: y, m: m.Value().Values(), sqDist: d.Value().Values(), weight: w.Value().Values(), grad: grad.Value().Values()}, nil
}

// weightsPlot draws the data coloured by the weight each point gets in the
// mean of the query y, circles at distances h, 2h and 3h, and the step from
// y to the weighted mean m(y).
func weightsPlot(data *linalg.Tensor, st oneStep, h float64) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("One mean shift step on the lesson's data, h = %g, around the query y:\neach point's weight is exp(−‖y − xᵢ‖²/2h²)", h)
	p.X.Label.Text = "x"
	p.Y.Label.Text = "y"
	rows := data.Rows()
	// Draw the light points first, so the heavy ones stay on top.
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(st.weight[a], st.weight[b]) })
	var all plotter.XYs
	for _, i := range order {
		all = append(all, plotter.XY{X: rows[i][0], Y: rows[i][1]})
	}
	s, err := plotter.NewScatter(all)
	if err != nil {
		return nil, err
	}
	s.GlyphStyleFunc = func(k int) draw.GlyphStyle {
		w := st.weight[order[k]]
		return draw.GlyphStyle{Color: weightColor(w), Radius: vg.Points(1.6 + 2*w), Shape: draw.CircleGlyph{}}
	}
	p.Add(s)
	p.Legend.Add("data point, darker and larger = more weight", &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: weightColor(0.8), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}})

	for i, r := range []float64{h, 2 * h, 3 * h} {
		var ring plotter.XYs
		for a := 0; a <= 120; a++ {
			t := 2 * math.Pi * float64(a) / 120
			ring = append(ring, plotter.XY{X: st.y[0] + r*math.Cos(t), Y: st.y[1] + r*math.Sin(t)})
		}
		l, err := plotter.NewLine(ring)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width, l.Dashes = color.Gray{0x60}, vg.Points(1), []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		if i == 0 {
			p.Legend.Add("‖x − y‖₂ = h, 2h, 3h: weight e^−½ = 0.61, e^−2 = 0.14, e^−4.5 = 0.011", l)
		}
	}
	step, err := plotter.NewLine(plotter.XYs{{X: st.y[0], Y: st.y[1]}, {X: st.m[0], Y: st.m[1]}})
	if err != nil {
		return nil, err
	}
	step.Color, step.Width = color.RGBA{R: 0xd0, A: 0xff}, vg.Points(2.5)
	p.Add(step)
	ends, err := plotter.NewScatter(plotter.XYs{{X: st.y[0], Y: st.y[1]}})
	if err != nil {
		return nil, err
	}
	ends.Shape, ends.Color, ends.Radius = draw.RingGlyph{}, color.RGBA{R: 0xd0, A: 0xff}, vg.Points(5)
	mean, err := plotter.NewScatter(plotter.XYs{{X: st.m[0], Y: st.m[1]}})
	if err != nil {
		return nil, err
	}
	mean.Shape, mean.Color, mean.Radius = draw.CircleGlyph{}, color.RGBA{R: 0xd0, A: 0xff}, vg.Points(5)
	p.Add(ends, mean)
	p.Legend.Add(fmt.Sprintf("query y = (%.1f, %.1f)", st.y[0], st.y[1]), ends)
	p.Legend.Add(fmt.Sprintf("weighted mean m(y) = Σwᵢxᵢ/Σwᵢ = (%.2f, %.2f): the step", st.m[0], st.m[1]), step, mean)
	// Around y, 3.5h each way, equal units on both axes so the circles are
	// round: the rest of the data has weight below 1e-6.
	r := 3.5 * h
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = st.y[0]-r, st.y[0]+r, st.y[1]-r, st.y[1]+r
	return p, nil
}

// weightColor runs from light grey (weight 0) to dark blue (weight 1).
func weightColor(w float64) color.Color {
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + w*(float64(b)-float64(a))) }
	return color.RGBA{R: mix(0xd8, 0x10), G: mix(0xd8, 0x30), B: mix(0xd8, 0x90), A: 0xff}
}
