package main

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The inverse problem: a tiny network f: R² → R with fixed random weights
// plays the part of the image-to-prompt model; we are given only its output
// y* = f(x*) and look for an input by gradient descent through the engine.

const (
	invHidden = 8    // hidden units of the network
	invStarts = 12   // starting points, on a circle
	invRadius = 2.6  // of that circle
	invBox    = 3.0  // the picture shows [−invBox, invBox]²
	invLR     = 0.1  // gradient descent's first step size
	invTol    = 1e-9 // stop when every |f(x) − y*| is below this
)

var invTrue = []float64{0.7, -0.4} // x*, the input that made the output

// invNet holds the network's weights: f(x) = w2·tanh(W1ᵀx + b1) + b2.
type invNet struct{ w1, b1, w2, b2 *linalg.Tensor }

func newInvNet() invNet {
	rng := rand.New(rand.NewPCG(5, 2022))
	normal := func(scale float64, shape ...int) *linalg.Tensor {
		t := linalg.Zeros(shape...)
		for i := range t.Data() {
			t.Data()[i] = scale * rng.NormFloat64()
		}
		return t
	}
	return invNet{w1: normal(1.2, 2, invHidden), b1: normal(0.8, invHidden), w2: normal(1, invHidden, 1), b2: normal(0.1, 1)}
}

// apply adds the network, applied to each row of x (n×2), to x's graph; the
// result is n×1.
func (nw invNet) apply(x *autodiff.Node) *autodiff.Node {
	g := x.Graph()
	w1, b1 := g.Const("W1", nw.w1), g.Const("b1", nw.b1)
	w2, b2 := g.Const("w2", nw.w2), g.Const("b2", nw.b2)
	return x.MatMul(w1).Add(b1).Tanh().MatMul(w2).Add(b2)
}

// eval runs the network on the rows of pts.
func (nw invNet) eval(pts *linalg.Tensor) (*linalg.Tensor, error) {
	g := autodiff.New()
	x := g.Input("x", pts.Shape()...)
	y := nw.apply(x)
	x.Set(pts)
	if err := g.Run(y); err != nil {
		return nil, err
	}
	return y.Value(), nil
}

// invResult is the descent from every start.
type invResult struct {
	target float64
	paths  [][][2]float64 // per start, the accepted positions step by step
	final  []float64      // f at each end point
	slope  []float64      // ‖∇f‖ at each end point
	steps  int
}

// reached reports whether start i ended on the level set.
func (r invResult) reached(i int) bool { return math.Abs(r.final[i]-r.target) < invTol }

// descend recovers inputs for the output y* = f(x*) from invStarts starts
// at once: the rows of X are independent, so the gradient of
// L(X) = ½ Σ_i (f(X_i) − y*)² with respect to X holds each row's own
// gradient (f(X_i) − y*)·∇f(X_i). Each row takes gradient steps with its own
// step size, found by backtracking (Armijo's rule: a step must lower the
// row's loss by at least half what the gradient promises, else it is
// halved; after a success it grows by a quarter, up to 1), so steep and flat parts of f
// are crossed alike, without zig-zags.
func descend(nw invNet, maxSteps int) (invResult, error) {
	yt, err := nw.eval(linalg.New([]int{1, 2}, invTrue))
	if err != nil {
		return invResult{}, err
	}
	res := invResult{target: yt.Item()}

	g := autodiff.New()
	x := g.Input("x", invStarts, 2)
	target := g.Const("y*", linalg.Full(res.target, invStarts, 1))
	resid := nw.apply(x).Sub(target)
	loss := resid.Square().Sum().Scale(0.5)
	grad := g.Grad(loss, x)[0]

	start := linalg.Zeros(invStarts, 2)
	for i := range invStarts {
		a := 2 * math.Pi * (float64(i) + 0.5) / invStarts
		start.Set(invRadius*math.Cos(a), i, 0)
		start.Set(invRadius*math.Sin(a), i, 1)
	}
	x.Set(start)
	xs := start.Data()
	res.paths = make([][][2]float64, invStarts)
	for i := range invStarts {
		res.paths[i] = [][2]float64{{xs[2*i], xs[2*i+1]}}
	}
	eta := make([]float64, invStarts)
	for i := range eta {
		eta[i] = invLR
	}
	old, gs := make([]float64, 2*invStarts), make([]float64, 2*invStarts)
	r0 := make([]float64, invStarts)
	for step := 1; ; step++ {
		if err := g.Run(grad, resid); err != nil {
			return res, err
		}
		copy(r0, resid.Value().Data())
		copy(gs, grad.Value().Values())
		copy(old, xs)
		done := true
		for i := range invStarts {
			done = done && math.Abs(r0[i]) < invTol
			xs[2*i] -= eta[i] * gs[2*i]
			xs[2*i+1] -= eta[i] * gs[2*i+1]
		}
		if done || step > maxSteps {
			copy(xs, old)
			res.steps = step - 1
			break
		}
		if err := g.Run(resid); err != nil {
			return res, err
		}
		for i, r1 := range resid.Value().Data() {
			gg := gs[2*i]*gs[2*i] + gs[2*i+1]*gs[2*i+1]
			if 0.5*r1*r1 <= 0.5*r0[i]*r0[i]-0.5*eta[i]*gg {
				res.paths[i] = append(res.paths[i], [2]float64{xs[2*i], xs[2*i+1]})
				eta[i] = math.Min(1.25*eta[i], 1)
			} else {
				xs[2*i], xs[2*i+1] = old[2*i], old[2*i+1]
				eta[i] /= 2
			}
		}
	}
	// The end points: f and ‖∇f‖ (∇L = (f − y*)∇f, so ∇f = ∇L/(f − y*)
	// only away from the level set; take ∇f from its own graph).
	fx := nw.apply(x)
	gf := g.Grad(fx.Sum(), x)[0]
	if err := g.Run(fx, gf); err != nil {
		return res, err
	}
	for i := range invStarts {
		res.final = append(res.final, fx.Value().Data()[i])
		res.slope = append(res.slope, math.Hypot(gf.Value().Data()[2*i], gf.Value().Data()[2*i+1]))
	}
	return res, nil
}

func inverseChapter(c *chapter) error {
	c.Para("Lesson 12 opens with the CLIP interrogator: given an image, find the prompt that made it. It cannot return the prompt, " +
		"because the map from prompts to images forgets: many prompts give the same image. The same is true of any function with fewer " +
		"outputs than inputs, and it can be seen in the plane. Here f: R² → R is a tiny network, f(x) = w₂·tanh(W₁ᵀx + b₁) + b₂ with " +
		"eight hidden units and fixed random weights. We are given only its output y* = f(x*) and search for an input by gradient descent " +
		"through the engine: minimise L(x) = ½(f(x) − y*)², whose gradient (f(x) − y*)·∇f(x) reverse mode gives in one pass. " +
		"All starts run at once, as the rows of one input.")
	nw := newInvNet()
	maxSteps := 3000
	res, err := descend(nw, maxSteps)
	if err != nil {
		return err
	}
	c.Para("Given y* = f(%g, %g) = %.6f, descent from %d starts on a circle of radius %g (gradient steps with backtracking, "+
		"%d iterations, until every |f(x) − y*| < %g or the iterations run out):",
		invTrue[0], invTrue[1], res.target, invStarts, invRadius, res.steps, invTol)
	var rows [][]string
	var found [][][2]float64
	stuck := 0
	for i, p := range res.paths {
		s, e := p[0], p[len(p)-1]
		verdict := "on the level set"
		if res.reached(i) {
			found = append(found, p)
		} else {
			stuck++
			verdict = "stuck: ∇f ≈ 0"
		}
		rows = append(rows, []string{
			fmt.Sprint(i + 1), fmt.Sprintf("(%.2f, %.2f)", s[0], s[1]), fmt.Sprintf("(%.4f, %.4f)", e[0], e[1]),
			fmt.Sprintf("%.9f", res.final[i]), fmt.Sprintf("%.1e", math.Abs(res.final[i]-res.target)),
			fmt.Sprintf("%.1e", res.slope[i]), fmt.Sprintf("%.3f", math.Hypot(e[0]-invTrue[0], e[1]-invTrue[1])), verdict,
		})
	}
	c.Table([]string{"start", "from", "input found", "f(input)", "|f − y*|", "‖∇f‖", "distance to x*", ""}, rows)
	c.Para("%d of %d starts found an input with the given output, and they found %d different inputs (at least 0.001 apart): "+
		"the output is reproduced to %g, the input is not recovered. Near any solution the set of inputs with f(x) = y* is a curve "+
		"(the implicit function theorem: two unknowns, one equation, a solution set of dimension 2 − 1 = 1), and descent stops at "+
		"whichever point of it lies downhill from its start. No algorithm can do better from y* alone; only something beyond the "+
		"output — a prior, a starting point, a second measurement — can choose among them.",
		len(found), invStarts, countDistinct(found, 1e-3), invTol)
	if stuck > 0 {
		c.Para("The other %d stopped where the gradient of the loss, (f − y*)·∇f, vanishes without f reaching y*: at a critical point "+
			"of f itself (‖∇f‖ in the table is tiny there), a local maximum, minimum or saddle from which no downhill step leads to the "+
			"level set. Gradient descent sees only the slope where it stands.", stuck)
	}
	path := c.Path("inverse.png")
	if err := saveLegendBelow(inversePlot(nw, res), 7*vg.Inch, 7*vg.Inch, path); err != nil {
		return err
	}
	c.Picture(path, "Contours of f over the plane; the thick red curve is the level set f(x) = y*. Gradient descent from twelve starts (open circles) "+
		"runs downhill on ½(f − y*)² and ends (filled dots) at different points of that curve; the true input x* (triangle) lies on it too, one point among infinitely many.")
	return nil
}

// countDistinct counts the end points at least tol apart.
func countDistinct(paths [][][2]float64, tol float64) int {
	var ends [][2]float64
	for _, p := range paths {
		e := p[len(p)-1]
		seen := false
		for _, f := range ends {
			seen = seen || math.Hypot(e[0]-f[0], e[1]-f[1]) < tol
		}
		if !seen {
			ends = append(ends, e)
		}
	}
	return len(ends)
}

// grid is f sampled on a square grid, for the contours.
type grid struct {
	n        int
	lo, step float64
	z        []float64 // row-major: z[r*n+c] at (X(c), Y(r))
}

func (g grid) Dims() (int, int)     { return g.n, g.n }
func (g grid) Z(c, r int) float64   { return g.z[r*g.n+c] }
func (g grid) X(c int) float64      { return g.lo + float64(c)*g.step }
func (g grid) Y(r int) float64      { return g.lo + float64(r)*g.step }
func (g grid) Min() (float64, bool) { return minMax(g.z, true), true }

func minMax(z []float64, lo bool) float64 {
	m := z[0]
	for _, v := range z {
		if (lo && v < m) || (!lo && v > m) {
			m = v
		}
	}
	return m
}

func inversePlot(nw invNet, res invResult) *plot.Plot {
	// The box holds every path: at least [−invBox, invBox]², wider if a
	// descent went further out.
	box := invBox
	for _, path := range res.paths {
		for _, q := range path {
			box = math.Max(box, math.Ceil(2*math.Max(math.Abs(q[0]), math.Abs(q[1])))/2+0.25)
		}
	}
	const n = 161
	g := grid{n: n, lo: -box, step: 2 * box / (n - 1)}
	pts := linalg.Zeros(n*n, 2)
	for r := range n {
		for col := range n {
			pts.Set(g.X(col), r*n+col, 0)
			pts.Set(g.Y(r), r*n+col, 1)
		}
	}
	z, err := nw.eval(pts)
	if err != nil {
		panic(err) // a fixed, finite network on a finite grid cannot fail
	}
	g.z = z.Data()

	p := plot.New()
	p.Title.Text = fmt.Sprintf("Many inputs, one output: solutions of f(x) = y* = %.4f\nfound by gradient descent from %d starts", res.target, invStarts)
	p.X.Label.Text = "x₁"
	p.Y.Label.Text = "x₂"

	lo, hi := minMax(g.z, true), minMax(g.z, false)
	var levels []float64
	for i := 1; i < 14; i++ {
		levels = append(levels, lo+(hi-lo)*float64(i)/14)
	}
	bg := plotter.NewContour(g, levels, palette.Heat(len(levels), 0.55))
	p.Add(bg)
	target := plotter.NewContour(g, []float64{res.target}, onePalette{color.RGBA{R: 0xd0, A: 0xff}})
	target.LineStyles = []draw.LineStyle{{Color: color.RGBA{R: 0xd0, A: 0xff}, Width: vg.Points(3.5)}}
	p.Add(target)
	p.Legend.Add("other levels of f (red low, yellow high)", &plotter.Line{LineStyle: draw.LineStyle{Color: color.RGBA{R: 0xe0, G: 0x80, B: 0x20, A: 0xff}, Width: vg.Points(1)}})
	p.Legend.Add("f(x) = y*: every input with the given output", &plotter.Line{LineStyle: target.LineStyles[0]})

	blue := color.RGBA{R: 0x1f, G: 0x4e, B: 0x9a, A: 0xff}
	for i, path := range res.paths {
		xys := make(plotter.XYs, len(path))
		for k, q := range path {
			xys[k] = plotter.XY{X: q[0], Y: q[1]}
		}
		l, _ := plotter.NewLine(xys)
		l.Color, l.Width = blue, vg.Points(1.3)
		s, _ := plotter.NewScatter(xys[:1])
		s.Shape, s.Color, s.Radius = draw.RingGlyph{}, blue, vg.Points(4.5)
		e, _ := plotter.NewScatter(xys[len(xys)-1:])
		e.Shape, e.Color, e.Radius = draw.CircleGlyph{}, blue, vg.Points(4)
		p.Add(l, s, e)
		if i == 0 {
			p.Legend.Add("descent path", l)
			p.Legend.Add("start", s)
			p.Legend.Add("input found", e)
		}
	}
	star, _ := plotter.NewScatter(plotter.XYs{{X: invTrue[0], Y: invTrue[1]}})
	star.Shape, star.Color, star.Radius = draw.PyramidGlyph{}, color.Black, vg.Points(6)
	p.Add(star)
	p.Legend.Add(fmt.Sprintf("x* = (%g, %g), the input that made y*", invTrue[0], invTrue[1]), star)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -box, box, -box, box
	return p
}

// onePalette is a palette of one colour, for the target's contour.
type onePalette struct{ c color.Color }

func (o onePalette) Colors() []color.Color { return []color.Color{o.c} }
