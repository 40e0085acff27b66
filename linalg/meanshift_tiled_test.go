package linalg

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestExp32: exp32 against math.Exp over its range, relative error below
// 3e-7 (2.5 float32 ulps), 1 exactly at 0, 0 below −87.3, NaN kept.
func TestExp32(t *testing.T) {
	worst := 0.0
	for t0 := -87.3; t0 <= 0; t0 += 0.00123 {
		x := float32(t0)
		got, want := float64(exp32(x)), math.Exp(float64(x))
		worst = max(worst, math.Abs(got-want)/want)
	}
	if worst > 3e-7 {
		t.Errorf("exp32: worst relative error %.3g, want ≤ 3e-7", worst)
	}
	t.Logf("exp32: worst relative error %.3g on [−87.3, 0]", worst)
	if exp32(0) != 1 || exp32(-100) != 0 || exp32(float32(math.Inf(-1))) != 0 || !math.IsNaN(float64(exp32(float32(math.NaN())))) {
		t.Errorf("exp32 special cases: %v %v %v %v", exp32(0), exp32(-100), exp32(float32(math.Inf(-1))), exp32(float32(math.NaN())))
	}
}

func randSlice[F Float](rng *rand.Rand, n int, scale float64) []F {
	s := make([]F, n)
	for i := range s {
		s[i] = F(scale * rng.NormFloat64())
	}
	return s
}

// TestMeanShiftRowsFloat32: the float32 update (vector kernel where the
// processor has one, for d = 2) agrees with the float64 one to float32
// accuracy, relative to the spread of the data, for every d and sizes
// around the vector width.
func TestMeanShiftRowsFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, c := range []struct{ m, n, d int }{{3, 1, 2}, {5, 15, 2}, {7, 16, 2}, {9, 17, 2}, {40, 333, 2}, {20, 100, 1}, {20, 100, 3}, {10, 50, 5}} {
		for _, h := range []float64{0.2, 1, 5} {
			x64, y64 := randSlice[float64](rng, c.n*c.d, 3), randSlice[float64](rng, c.m*c.d, 3)
			x32, y32 := make([]float32, len(x64)), make([]float32, len(y64))
			for i, v := range x64 {
				x32[i] = float32(v)
				x64[i] = float64(x32[i])
			}
			for i, v := range y64 {
				y32[i] = float32(v)
				y64[i] = float64(y32[i])
			}
			o64, o32 := make([]float64, len(y64)), make([]float32, len(y32))
			MeanShiftRows(o64, y64, x64, c.d, h)
			MeanShiftRows(o32, y32, x32, c.d, h)
			for i := range o64 {
				if e := math.Abs(float64(o32[i]) - o64[i]); e > 3e-5*(3+math.Abs(o64[i])) {
					t.Errorf("%v h=%v: element %d: float32 %v, float64 %v", c, h, i, o32[i], o64[i])
					break
				}
			}
		}
	}
}

// TestMeanShiftRowsGOMAXPROCS: the parallel update is bitwise the same
// for GOMAXPROCS 1 and 2 (and 7), in both precisions.
func TestMeanShiftRowsGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	x64, y64 := randSlice[float64](rng, 3000*2, 4), randSlice[float64](rng, 1000*2, 4)
	x32, y32 := randSlice[float32](rng, 3000*2, 4), randSlice[float32](rng, 1000*2, 4)
	run := func(p int) ([]float64, []float32) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
		o64, o32 := make([]float64, len(y64)), make([]float32, len(y32))
		MeanShiftRows(o64, y64, x64, 2, 0.7)
		MeanShiftRows(o32, y32, x32, 2, 0.7)
		return o64, o32
	}
	a64, a32 := run(1)
	for _, p := range []int{2, 7} {
		b64, b32 := run(p)
		for i := range a64 {
			if math.Float64bits(a64[i]) != math.Float64bits(b64[i]) || math.Float32bits(a32[i]) != math.Float32bits(b32[i]) {
				t.Fatalf("GOMAXPROCS=%d: element %d differs: %v/%v, %v/%v", p, i, a64[i], b64[i], a32[i], b32[i])
			}
		}
	}
}

// TestGaussianSums2: the range primitives against a float64 loop.
func TestGaussianSums2(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for _, n := range []int{0, 1, 15, 16, 17, 100} {
		x0, x1 := randSlice[float32](rng, n, 1), randSlice[float32](rng, n, 1)
		q0, q1 := float32(0.3), float32(-0.2)
		lo := MinSqDist2(x0, x1, q0, q1)
		want := math.Inf(1)
		for i := range n {
			want = min(want, math.Pow(float64(x0[i]-q0), 2)+math.Pow(float64(x1[i]-q1), 2))
		}
		if math.Abs(float64(lo)-want) > 1e-6*want {
			t.Errorf("n=%d: MinSqDist2 %v, want %v", n, lo, want)
		}
		if n == 0 {
			continue
		}
		const c = -0.5 / 0.25
		den, s0, s1 := GaussianSums2(x0, x1, q0, q1, lo, c)
		var wd, w0, w1 float64
		for i := range n {
			e0, e1 := float64(x0[i]-q0), float64(x1[i]-q1)
			w := math.Exp((e0*e0 + e1*e1 - float64(lo)) * c)
			wd, w0, w1 = wd+w, w0+w*e0, w1+w*e1
		}
		for _, p := range [][2]float64{{float64(den), wd}, {float64(s0), w0}, {float64(s1), w1}} {
			if math.Abs(p[0]-p[1]) > 1e-5*(wd) {
				t.Errorf("n=%d: sums %v %v %v, want %v %v %v", n, den, s0, s1, wd, w0, w1)
				break
			}
		}
	}
}

// TestGaussianSums2Exp: the weight of a single point, exp(−D), against
// math.Exp over the whole range where it is normal: within 2 ulps (float64),
// 3e-7 (float32); below it, 0 or subnormal.
func TestGaussianSums2Exp(t *testing.T) {
	worst64, worst32 := 0.0, 0.0
	for x := 0.0; x < 26.6; x += 0.000731 { // D = x² up to 707 (e^−D normal)
		d := x * x
		w, _, _ := GaussianSums2([]float64{x}, []float64{0}, 0, 0, 0, -1)
		want := math.Exp(-d)
		worst64 = max(worst64, math.Abs(w-want)/want)
		if d < 87 {
			x32 := float32(x)
			w32, _, _ := GaussianSums2([]float32{x32}, []float32{0}, 0, 0, 0, -1)
			want := math.Exp(-float64(x32 * x32))
			worst32 = max(worst32, math.Abs(float64(w32)-want)/want)
		}
	}
	t.Logf("worst relative error of the weight: float64 %.3g, float32 %.3g", worst64, worst32)
	if worst64 > 4.5e-16 || worst32 > 3e-7 {
		t.Errorf("worst relative error of the weight: float64 %.3g (want ≤ 4.5e-16), float32 %.3g (want ≤ 3e-7)", worst64, worst32)
	}
	if w, _, _ := GaussianSums2([]float64{30}, []float64{0}, 0, 0, 0, -1); w != 0 {
		t.Errorf("exp(−900) = %v, want 0", w)
	}
}
