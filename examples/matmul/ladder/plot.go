package ladder

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LessonTiming is one of the lesson's printed timings (Python, 2022
// hardware; from LESSON12.md), with the epsilon rung that does the same
// thing, if any.
type LessonTiming struct {
	Label   string  // what the lesson ran, and on which shape
	Seconds float64 // the lesson's time
	Rung    string  // epsilon's counterpart ("" for none)
	Rows    int     // 5 or 50000 (times 784·784×10)
}

// LessonTimings are the lesson's timings, in the order it prints them.
var LessonTimings = []LessonTiming{
	{"triple loop, 5 rows", 421e-3, "naive", 5},
	{"broadcasting, 5 rows", 70e-6, "ikj", 5},
	{"broadcasting, 50000 rows", 663e-3, "ikj", 50000},
	{"einsum, 50000 rows", 15.1e-3, "", 50000},
	{"torch CPU matmul, 50000 rows", 15.2e-3, "fast", 50000},
	{"CUDA kernel, 50000 rows", 3.61e-3, "", 50000},
	{"torch GPU matmul, 50000 rows", 458e-6, "", 50000},
}

// Lookup returns the float32 time of rung on the lesson's shape with rows
// rows among ms, and false if it was not measured.
func Lookup(ms []Measurement, rung string, rows int) (float64, bool) {
	for _, m := range ms {
		if m.Impl == rung && m.M == rows && m.K == 784 && m.N == 10 && m.Dtype == "float32" {
			return m.Seconds, true
		}
	}
	return 0, false
}

// SavePlot writes a bar chart (seconds, log scale) with, for each of the
// lesson's timings, the lesson's bar and beside it epsilon's float32 time for
// the same work in this run; then epsilon's other rungs on the lesson's
// full shape alone.
func SavePlot(path string, ms []Measurement) error {
	grey, blue := color.RGBA{150, 150, 150, 255}, color.RGBA{40, 90, 200, 255}
	w := vg.Points(12)
	lesson := &logBars{color: grey, width: w, offset: -w / 2}
	eps := &logBars{color: blue, width: w, offset: w / 2}
	var labels []string
	for _, lt := range LessonTimings {
		x := float64(len(labels))
		label := lt.Label
		lesson.add(x, lt.Seconds)
		if s, ok := Lookup(ms, lt.Rung, lt.Rows); ok {
			eps.add(x, s)
			label += " | epsilon: " + lt.Rung
		}
		labels = append(labels, label)
	}
	for _, m := range ms {
		if m.M != 50000 || m.N != 10 || m.Dtype != "float32" {
			continue
		}
		covered := false
		for _, lt := range LessonTimings {
			covered = covered || (lt.Rung == m.Impl && lt.Rows == 50000)
		}
		if !covered {
			eps.add(float64(len(labels)), m.Seconds)
			labels = append(labels, "epsilon: "+m.Impl+", 50000 rows")
		}
	}
	p := plot.New()
	p.Title.Text = "Lesson 12's matmul ladder: the lesson (Python, 2022) beside epsilon (Go, float32, this machine)"
	p.Y.Label.Text = "seconds (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	p.Add(plotter.NewGrid(), lesson, eps)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, b := range []*logBars{lesson, eps} {
		for _, v := range b.ys {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(labels) == 0 || math.IsInf(lo, 0) {
		return fmt.Errorf("nothing to plot")
	}
	p.Y.Min, p.Y.Max = lo/3, hi*3
	lesson.floor, eps.floor = p.Y.Min, p.Y.Min
	p.Legend.Add("lesson 12 (Python, 2022 hardware)", lesson)
	p.Legend.Add("epsilon (Go, float32, this run)", eps)
	p.Legend.Top = true
	p.Legend.YOffs = -vg.Millimeter * 4 // below the title
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.7, float64(len(labels))-0.3
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot create the plot's folder: %w", err)
		}
	}
	if err := p.Save(vg.Length(len(labels))*2.2*vg.Centimeter+8*vg.Centimeter, 18*vg.Centimeter, path); err != nil {
		return fmt.Errorf("cannot write the plot: %w", err)
	}
	return nil
}

// logBars draws bars from the bottom of the plot (floor) up to each value,
// which a log scale needs (gonum's BarChart starts its bars at 0).
type logBars struct {
	xs, ys        []float64
	color         color.Color
	width, offset vg.Length
	floor         float64
}

func (b *logBars) add(x, y float64) { b.xs, b.ys = append(b.xs, x), append(b.ys, y) }

// Plot implements plot.Plotter.
func (b *logBars) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	for i, x := range b.xs {
		x0 := trX(x) + b.offset - b.width/2
		y0, y1 := trY(b.floor), trY(b.ys[i])
		c.FillPolygon(b.color, c.ClipPolygonY([]vg.Point{{X: x0, Y: y0}, {X: x0 + b.width, Y: y0}, {X: x0 + b.width, Y: y1}, {X: x0, Y: y1}}))
	}
}

// DataRange implements plot.DataRanger.
func (b *logBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i, x := range b.xs {
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, b.ys[i]), math.Max(ymax, b.ys[i])
	}
	return
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (b *logBars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	c.FillPolygon(b.color, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
}
