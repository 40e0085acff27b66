package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func TestNormsClosedForm(t *testing.T) {
	x := New([]int{2, 2}, []float64{3, -4, 0, 12})
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct {
		name string
		got  float64
		want float64
	}{
		{"L1", NormL1(x), 19},
		{"L2", NormL2(x), 13},
		{"Frobenius", Frobenius(x), 13},
		{"Max", NormMax(x), 12},
		{"Lp1", NormLp(x, 1), 19},
		{"Lp2", NormLp(x, 2), 13},
		{"LpInf", NormLp(x, inf), 12},
		{"Lp3", NormLp(x, 3), math.Cbrt(27 + 64 + 1728)},
		{"Lp0.5", NormLp(New([]int{2}, []float64{1, 4}), 0.5), 9},
		{"L2 1e200", NormL2(Full(1e200, 2)), math.Sqrt2 * 1e200},
		{"L2 1e-200", NormL2(Full(1e-200, 2)), math.Sqrt2 * 1e-200},
		{"Lp3 1e200", NormLp(Full(1e200, 8), 3), 2e200},
		{"Distance 1e200", Distance(Full(1e200, 2), Full(-1e200, 2)), math.Sqrt2 * 2e200},
		{"Distance", Distance(New([]int{2}, []float64{1, 1}), New([]int{1, 2}, []float64{4, 5})), 5},
		{"L2 NaN", NormL2(New([]int{3}, []float64{inf, nan, 1})), nan},
		{"L2 Inf", NormL2(New([]int{3}, []float64{1, -inf, 2})), inf},
		{"L1 Inf", NormL1(New([]int{2}, []float64{1, -inf})), inf},
		{"Max NaN", NormMax(New([]int{2}, []float64{1, nan})), nan},
		{"Lp NaN", NormLp(New([]int{2}, []float64{nan, 1}), 3), nan},
		{"Lp Inf", NormLp(New([]int{2}, []float64{inf, 1}), 3), inf},
		{"L1 empty", NormL1(Zeros(0)), 0},
		{"L2 empty", NormL2(Zeros(2, 0)), 0},
		{"Lp empty", NormLp(Zeros(0), 3), 0},
		{"Max empty", NormMax(Zeros(0)), 0},
		{"L2 zeros", NormL2(Zeros(3)), 0},
		{"Distance empty", Distance(Zeros(0), Zeros(0)), 0},
	}
	for _, c := range cases {
		if !approx(c.got, c.want, 1e-15) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	wantPanic(t, "Lp p=0", func() { NormLp(x, 0) }, "NormLp", "p = 0")
	wantPanic(t, "Lp NaN", func() { NormLp(x, nan) }, "NormLp")
	wantPanic(t, "Distance", func() { Distance(Zeros(2), Zeros(3)) }, "Distance", "[2]", "[3]")
}

func TestNormsAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 7, 100, 1001} {
		x := RandNormal(rng, n)
		for _, p := range []float64{1, 2, 3, 1.5, math.Inf(1)} {
			got, want := NormLp(x, p), floats.Norm(x.Data(), p)
			if !approx(got, want, 1e-13) {
				t.Errorf("n=%d p=%v: NormLp = %v, floats.Norm = %v", n, p, got, want)
			}
		}
		if got, want := NormL2(x), floats.Norm(x.Data(), 2); !approx(got, want, 1e-14) {
			t.Errorf("n=%d: NormL2 = %v, floats.Norm = %v", n, got, want)
		}
		if got, want := NormL1(x), floats.Norm(x.Data(), 1); got != want {
			t.Errorf("n=%d: NormL1 = %v, floats.Norm = %v", n, got, want)
		}
		y := RandNormal(rng, n)
		if got, want := Distance(x, y), floats.Distance(x.Data(), y.Data(), 2); !approx(got, want, 1e-14) {
			t.Errorf("n=%d: Distance = %v, floats.Distance = %v", n, got, want)
		}
	}
}
