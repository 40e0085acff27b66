package meanshift

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// directWeight is the kernel written out from its definition.
func directWeight(k Kernel, r, h float64) float64 {
	switch k {
	case Gaussian:
		return math.Exp(-r * r / (2 * h * h))
	case Flat:
		if r <= h {
			return 1
		}
		return 0
	case Triangular:
		return math.Max(0, 1-r/h)
	}
	return math.Max(0, 1-(r/h)*(r/h))
}

// directMean is the textbook update of one point: Σ w x / Σ w, no
// stabilisation, staying put when no weight is positive.
func directMean(k Kernel, y []float64, x [][]float64, h float64) []float64 {
	num := make([]float64, len(y))
	var den float64
	for _, xi := range x {
		var r2 float64
		for c := range y {
			r2 += (y[c] - xi[c]) * (y[c] - xi[c])
		}
		w := directWeight(k, math.Sqrt(r2), h)
		den += w
		for c := range y {
			num[c] += w * xi[c]
		}
	}
	if den == 0 {
		return append([]float64(nil), y...)
	}
	for c := range num {
		num[c] /= den
	}
	return num
}

func smallData(rng *rand.Rand, n, d int) [][]float64 {
	centres := [][]float64{{0, 0, 0}, {4, 1, -2}, {-3, 5, 1}}
	x := make([][]float64, n)
	for i := range x {
		c := centres[i%3]
		x[i] = make([]float64, d)
		for k := range d {
			x[i][k] = c[k] + rng.NormFloat64()
		}
	}
	return x
}

// TestStandardMatchesDirect: standard mean shift (exact update, so no
// joining) moves every climber as the direct loop does — each climber
// against the fixed data, stopping once its step is at most Tol — for
// every kernel, in 1 to 3 dimensions.
func TestStandardMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, k := range []Kernel{Gaussian, Flat, Triangular, Epanechnikov} {
		for d := 1; d <= 3; d++ {
			x := smallData(rng, 60, d)
			const h, tol, iters = 1.5, 1e-6, 40
			y := make([][]float64, len(x))
			done := make([]bool, len(x))
			for i := range x {
				y[i] = append([]float64(nil), x[i]...)
			}
			for range iters {
				for j := range y {
					if done[j] {
						continue
					}
					next := directMean(k, y[j], x, h)
					var s float64
					for c := range next {
						s += (next[c] - y[j][c]) * (next[c] - y[j][c])
					}
					y[j], done[j] = next, math.Sqrt(s) <= tol
				}
			}
			xt, _ := linalg.FromRows(x)
			res, err := Cluster(context.Background(), xt, Options{Bandwidth: h, Kernel: k, Exact: true, Tol: tol, MaxIter: iters, Record: true})
			if err != nil {
				t.Fatal(err)
			}
			got := res.History[len(res.History)-1]
			worst := 0.0
			for j := range y {
				for c := range y[j] {
					worst = max(worst, math.Abs(got.At(j, c)-y[j][c]))
				}
			}
			if worst > 1e-9 {
				t.Errorf("%v d=%d: final positions differ from the direct loop by %.3g", k, d, worst)
			}
		}
	}
}

// TestBlurringMatchesDirect: blurring mean shift moves all points at once,
// each iteration against the points as the previous iteration left them.
func TestBlurringMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, k := range []Kernel{Gaussian, Flat, Triangular, Epanechnikov} {
		x := smallData(rng, 45, 2)
		const h, iters = 1.2, 6
		y := x
		for range iters {
			next := make([][]float64, len(y))
			for j := range y {
				next[j] = directMean(k, y[j], y, h)
			}
			y = next
		}
		xt, _ := linalg.FromRows(x)
		for _, exact := range []bool{true, false} {
			res, err := Cluster(context.Background(), xt, Options{Bandwidth: h, Kernel: k, Blurring: true, Exact: exact, Tol: 1e-300, MaxIter: iters, Record: true})
			if err != nil {
				t.Fatal(err)
			}
			got := res.History[iters]
			for j := range y {
				for c := range y[j] {
					if e := math.Abs(got.At(j, c) - y[j][c]); e > 1e-9 {
						t.Fatalf("%v exact=%v: point %d after %d iterations: %v, direct %v", k, exact, j, iters, got.Row(j).Values(), y[j])
					}
				}
			}
		}
	}
}

// TestGridMatchesExact: one grid update against the exact one. The grid
// neglects at most τ of the kept weight, so each climber's update moves by
// at most τ·diam (the neglected points' mean is within the data's
// diameter of the kept mean); for the finite kernels it is exact.
func TestGridMatchesExact(t *testing.T) {
	xt, _ := blobs(20000)
	data, n, d, _ := points("test", "data", xt)
	st := standardise(data, d, 1)
	z := st.to(data)
	diam := 2 * math.Sqrt2 // standardised data lies in [−1, 1]²
	climbers := make([]float64, 0, 2*400)
	for i := 0; i < n; i += n / 400 {
		climbers = append(climbers, z[2*i], z[2*i+1])
	}
	// Climbers off the data too: midway between points, and far away.
	climbers = append(climbers, 0.9, -0.9, 3, 3)
	for _, c := range []struct {
		k     Kernel
		h     float64
		trunc float64
	}{{Gaussian, 0.02, 1e-8}, {Gaussian, 0.02, 1e-3}, {Gaussian, 0.005, 1e-8}, {Flat, 0.03, 0}, {Triangular, 0.03, 0}, {Epanechnikov, 0.03, 0}} {
		trunc := c.trunc
		if trunc == 0 {
			trunc = DefaultTruncation
		}
		grid := &updater{kernel: c.k, h: c.h, d: d, trunc: trunc}
		exact := &updater{kernel: c.k, h: c.h, d: d, trunc: trunc, exact: true}
		og, oe := make([]float64, len(climbers)), make([]float64, len(climbers))
		if err := grid.step(context.Background(), og, climbers, z); err != nil {
			t.Fatal(err)
		}
		if !grid.usedGrid {
			t.Fatalf("%v h=%v: the grid was not used", c.k, c.h)
		}
		if err := exact.step(context.Background(), oe, climbers, z); err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for i := range og {
			worst = max(worst, math.Abs(og[i]-oe[i]))
		}
		bound := trunc*diam + 1e-13
		if !c.k.finite() {
			t.Logf("%v h=%v τ=%g: largest difference %.3g, bound τ·diam %.3g", c.k, c.h, trunc, worst, bound)
		}
		if worst > bound {
			t.Errorf("%v h=%v τ=%g: grid and exact updates differ by %.3g > %.3g", c.k, c.h, trunc, worst, bound)
		}
	}
}

// TestGOMAXPROCS: Cluster's results are bitwise the same with 1 and 2
// threads, exact or on the grid, in float64 and float32, standard and
// blurring.
func TestGOMAXPROCS(t *testing.T) {
	x, _ := blobs(2000)
	for _, opt := range []Options{
		{Bandwidth: 2},
		{Bandwidth: 2, Float32: true},
		{Bandwidth: 2, Exact: true, MaxIter: 5},
		{Bandwidth: 2, Exact: true, Float32: true, MaxIter: 5},
		{Bandwidth: 2, Blurring: true, MaxIter: 10},
		{Seeding: BinSeeding, Float32: true},
		{Bandwidth: 2, Kernel: Epanechnikov},
	} {
		run := func(p int) *Result {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
			res, err := Cluster(context.Background(), x, opt)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		a, b := run(1), run(2)
		same := fmt.Sprint(a.Labels) == fmt.Sprint(b.Labels) && a.Iterations == b.Iterations
		for i, v := range a.Centers.Values() {
			same = same && math.Float64bits(v) == math.Float64bits(b.Centers.Values()[i])
		}
		if !same {
			t.Errorf("%+v: results differ between GOMAXPROCS 1 and 2", opt)
		}
	}
}
