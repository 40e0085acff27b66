package main

import (
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// The embedded fixtures are the lesson's: the check values of LESSON12.md.
func TestLessonData(t *testing.T) {
	x, truth, cents, err := lessonData()
	if err != nil {
		t.Fatal(err)
	}
	if s := x.Shape(); s[0] != 1500 || s[1] != 2 || len(truth) != 1500 || cents.Shape()[0] != 6 {
		t.Fatalf("shapes: points %v, %d labels, centroids %v", s, len(truth), cents.Shape())
	}
	if math.Abs(x.At(0, 0)-26.204) > 1e-3 || math.Abs(x.At(0, 1)-26.349) > 1e-3 {
		t.Errorf("first point (%g, %g), want (26.204, 26.349)", x.At(0, 0), x.At(0, 1))
	}
	mean := linalg.Scale(1.0/1500, linalg.Sum(x, 0, false))
	if math.Abs(mean.At(0)-9.222) > 1e-3 || math.Abs(mean.At(1)-11.604) > 1e-3 {
		t.Errorf("column means %v, want (9.222, 11.604)", mean.Values())
	}
	count := map[int]int{}
	for _, k := range truth {
		count[k]++
	}
	for k := range 6 {
		if count[k] != 250 {
			t.Errorf("cluster %d has %d points, want 250", k, count[k])
		}
	}
}

// The lesson's 5 digits times its weights reproduce the product it printed,
// to 1e-4, and its first row is the one LESSON12.md quotes.
func TestLessonMatmul(t *testing.T) {
	d, w, p, err := lessonMatmul()
	if err != nil {
		t.Fatal(err)
	}
	got := linalg.MatMul(d, w)
	for i, v := range got.Values() {
		if math.Abs(v-p.Values()[i]) > 1e-4 {
			t.Fatalf("element %d: %g, the lesson printed %g", i, v, p.Values()[i])
		}
	}
	if math.Abs(p.At(0, 0)-(-10.9417)) > 1e-4 || math.Abs(p.At(0, 6)-3.9127) > 1e-4 {
		t.Errorf("first row of the lesson's product starts %g, …, %g", p.At(0, 0), p.At(0, 6))
	}
}

// Mean shift is gradient ascent: the fused step equals h² times the
// gradient of the log-density, by reverse mode, at a few queries.
func TestMeanShiftIsGradientAscent(t *testing.T) {
	x, _, _, err := lessonData()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []float64{1, 2.5, 10} {
		for _, y := range [][]float64{{24.2, 23.3}, {0, 0}, {-17, 20}} {
			st, err := meanShiftStep(x, y, h)
			if err != nil {
				t.Fatal(err)
			}
			for k := range 2 {
				step, grad := st.m[k]-y[k], h*h*st.grad[k]
				if math.Abs(step-grad) > 1e-9*(1+math.Abs(step)) {
					t.Errorf("h %g, y %v, axis %d: step %g, h²∇log p̂ %g", h, y, k, step, grad)
				}
			}
		}
	}
}

// Every start of the inverse problem that reaches the level set has the
// target output, and they are not all the same input.
func TestInverseManyInputs(t *testing.T) {
	nw := newInvNet()
	res, err := descend(nw, 3000)
	if err != nil {
		t.Fatal(err)
	}
	var found [][][2]float64
	for i, p := range res.paths {
		if !res.reached(i) {
			continue
		}
		e := p[len(p)-1]
		y, err := nw.eval(linalg.New([]int{1, 2}, []float64{e[0], e[1]}))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(y.Item()-res.target) > invTol {
			t.Errorf("start %d: f(%v) = %g, target %g", i, e, y.Item(), res.target)
		}
		found = append(found, p)
	}
	if len(found) < invStarts/2 || countDistinct(found, 1e-3) < 2 {
		t.Errorf("%d starts reached the level set, %d distinct inputs", len(found), countDistinct(found, 1e-3))
	}
}
