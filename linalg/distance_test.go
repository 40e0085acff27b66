package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestPairwiseSqDist(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range [][3]int{{1, 1, 1}, {4, 3, 2}, {10, 7, 5}, {0, 3, 2}, {3, 0, 2}, {2, 3, 0}} {
		n, m, dim := d[0], d[1], d[2]
		x, y := RandNormal(rng, n, dim), RandNormal(rng, m, dim)
		got := PairwiseSqDist(x, y)
		want := make([]float64, n*m)
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				// The naive formula, through the expansion: fine for these
				// moderate values, to rounding.
				xi, yj := x.Row(i), y.Row(j)
				want[i*m+j] = Dot(xi, xi) + Dot(yj, yj) - 2*Dot(xi, yj)
			}
		}
		checkTensor(t, fmt.Sprint(d), got, []int{n, m}, want, 1e-13)
		self := PairwiseSqDist(x, x)
		for i := 0; i < n; i++ {
			if self.At(i, i) != 0 {
				t.Errorf("%v: PairwiseSqDist(x,x)[%d,%d] = %v, want exactly 0", d, i, i, self.At(i, i))
			}
		}
		checkTensor(t, fmt.Sprint(d, " CPU"), CPU{}.PairwiseSqDist(x, y), []int{n, m}, got.Data(), 0)
	}
	wantPanic(t, "columns", func() { PairwiseSqDist(Zeros(2, 3), Zeros(2, 4)) }, "PairwiseSqDist", "[2 3]", "[2 4]")
	wantPanic(t, "rank", func() { PairwiseSqDist(Zeros(3), Zeros(2, 3)) }, "PairwiseSqDist", "[3]", "[2 3]")
}

func TestPairwiseSqDistLargeOffsets(t *testing.T) {
	// Points near 1e8 that differ by small, exactly representable δ: the
	// expansion ‖x‖²+‖y‖²−2x·y cancels to garbage of either sign here.
	const c = 1e8
	deltas := []float64{0, 0.25, 0.5, 1, 1.5}
	x := Zeros(len(deltas), 2)
	for i, dl := range deltas {
		x.Set(c+dl, i, 0)
		x.Set(c-dl, i, 1)
	}
	got := PairwiseSqDist(x, x)
	negExpansion := 0
	for i, di := range deltas {
		for j, dj := range deltas {
			want := 2 * (di - dj) * (di - dj)
			if g := got.At(i, j); g != want || g < 0 {
				t.Errorf("[%d,%d] = %v, want exactly %v", i, j, g, want)
			}
			xi, xj := x.Row(i), x.Row(j)
			if Dot(xi, xi)+Dot(xj, xj)-2*Dot(xi, xj) != want {
				negExpansion++
			}
		}
	}
	t.Logf("the expansion formula was wrong in %d of %d entries", negExpansion, len(deltas)*len(deltas))
}

func TestGaussianWeight(t *testing.T) {
	s := New([]int{2, 2}, []float64{0, 1, 4, math.Inf(1)})
	checkTensor(t, "h=1", GaussianWeight(s, 1), []int{2, 2}, []float64{1, math.Exp(-0.5), math.Exp(-2), 0}, 1e-15)
	checkTensor(t, "h=2", GaussianWeight(s, 2), []int{2, 2}, []float64{1, math.Exp(-0.125), math.Exp(-0.5), 0}, 1e-15)
	nan := math.NaN()
	for _, h := range []float64{0, -1, nan, math.Inf(-1)} {
		checkTensor(t, fmt.Sprint("h=", h), GaussianWeight(s, h), []int{2, 2}, []float64{nan, nan, nan, nan}, 0)
	}
	checkTensor(t, "tiny h", GaussianWeight(New([]int{2}, []float64{0, 1e-300}), 1e-170), []int{2}, []float64{1, 0}, 0)
	checkTensor(t, "empty", GaussianWeight(Zeros(0, 2), 1), []int{0, 2}, []float64{}, 0)
}

// naiveMeanShift is the textbook update without stabilisation.
func naiveMeanShift(y, x *Tensor, h float64) *Tensor {
	m, n, d := y.Shape()[0], x.Shape()[0], y.Shape()[1]
	out := Zeros(m, d)
	for j := 0; j < m; j++ {
		var den float64
		num := make([]float64, d)
		for i := 0; i < n; i++ {
			w := math.Exp(-math.Pow(Distance(y.Row(j), x.Row(i)), 2) / (2 * h * h))
			den += w
			for k := range num {
				num[k] += w * x.At(i, k)
			}
		}
		for k := range num {
			out.Set(num[k]/den, j, k)
		}
	}
	return out
}

func TestMeanShiftStepAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, c := range []struct{ m, n, d int }{{1, 1, 1}, {5, 20, 2}, {12, 50, 3}, {3, 7, 5}} {
		x, y := RandNormal(rng, c.n, c.d), RandNormal(rng, c.m, c.d)
		for _, h := range []float64{0.3, 1, 4} {
			got := Default.MeanShiftStep(y, x, h)
			checkTensor(t, fmt.Sprint(c, " h=", h), got, []int{c.m, c.d}, naiveMeanShift(y, x, h).Data(), 1e-12)
		}
	}
}

func TestMeanShiftStepFarQuery(t *testing.T) {
	// Two data points 0.001 apart, h = 1, and a query 1000 bandwidths away.
	x := New([]int{3, 1}, []float64{0, 0.001, 50})
	y := New([]int{1, 1}, []float64{-1000})
	got := CPU{}.MeanShiftStep(y, x, 1)
	// Relative to the nearest point, the second has weight
	// exp(−(1000.001² − 1000²)/2) and the third is negligible.
	w := math.Exp(-(1000.001*1000.001 - 1000*1000) / 2)
	want := 0.001 * w / (1 + w)
	if v := got.At(0, 0); math.IsNaN(v) || !approx(v, want, 1e-9) {
		t.Errorf("far query moved to %v, want %v", v, want)
	}
	if v := naiveMeanShift(y, x, 1).At(0, 0); !math.IsNaN(v) {
		t.Logf("note: the unstabilised update gave %v (expected 0/0 = NaN)", v)
	}
}

func TestMeanShiftIsGradientStep(t *testing.T) {
	// m(y) − y = h² ∇ log p̂(y) with p̂(y) = Σ exp(−‖y − x_i‖²/2h²).
	rng := rand.New(rand.NewPCG(11, 12))
	x, y := RandNormal(rng, 30, 2), RandNormal(rng, 1, 2)
	h := 0.7
	logp := func(p *Tensor) float64 {
		return LogSumExp(Scale(-1/(2*h*h), PairwiseSqDist(p, x)), 1, false).Item()
	}
	step := Sub(CPU{}.MeanShiftStep(y, x, h), y)
	const eps = 1e-6
	for k := 0; k < 2; k++ {
		yp, ym := y.Clone(), y.Clone()
		yp.Data()[k] += eps
		ym.Data()[k] -= eps
		g := (logp(yp) - logp(ym)) / (2 * eps)
		if !approx(step.Data()[k], h*h*g, 1e-7) {
			t.Errorf("component %d: step %v, h²∇log p̂ %v", k, step.Data()[k], h*h*g)
		}
	}
}

func TestMeanShiftStepSpecialCases(t *testing.T) {
	nan := math.NaN()
	x := New([]int{2, 2}, []float64{0, 0, 1, 1})
	y := New([]int{3, 2}, []float64{0, 0, 1, 0, 5, 5})
	all := func(v float64, n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	for _, h := range []float64{0, -1, nan} {
		checkTensor(t, fmt.Sprint("h=", h), CPU{}.MeanShiftStep(y, x, h), []int{3, 2}, all(nan, 6), 0)
	}
	checkTensor(t, "n=0", CPU{}.MeanShiftStep(y, Zeros(0, 2), 1), []int{3, 2}, all(nan, 6), 0)
	checkTensor(t, "m=0", CPU{}.MeanShiftStep(Zeros(0, 2), x, 1), []int{0, 2}, []float64{}, 0)
	checkTensor(t, "d=0", CPU{}.MeanShiftStep(Zeros(3, 0), Zeros(2, 0), 1), []int{3, 0}, []float64{}, 0)
	// The midpoint query is equidistant, so it stays at the midpoint.
	checkTensor(t, "midpoint", CPU{}.MeanShiftStep(New([]int{1, 2}, []float64{0.5, 0.5}), x, 1), []int{1, 2}, []float64{0.5, 0.5}, 1e-15)
	ny := New([]int{2, 2}, []float64{nan, 0, 0, 0})
	got := CPU{}.MeanShiftStep(ny, x, 1)
	if !math.IsNaN(got.At(0, 0)) || !math.IsNaN(got.At(0, 1)) || math.IsNaN(got.At(1, 0)) {
		t.Errorf("NaN query row: got %v, want row 0 NaN and row 1 finite", got)
	}
	wantPanic(t, "shapes", func() { CPU{}.MeanShiftStep(Zeros(2, 3), Zeros(2, 2), 1) }, "MeanShiftStep: shapes [2 3] and [2 2]")
	if Default.Name() != "cpu" {
		t.Errorf("Default.Name() = %q", Default.Name())
	}
}
