package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// msCase is one mean shift problem: m queries and n data points in d
// dimensions, spread around offset with extent spread, bandwidth h.
type msCase struct {
	m, n, d        int
	offset, spread float64
	h              float64
}

func (c msCase) String() string {
	return fmt.Sprintf("m=%d,n=%d,d=%d,offset=%g,spread=%g,h=%g", c.m, c.n, c.d, c.offset, c.spread, c.h)
}

func (c msCase) data() (y, x []float64) {
	y, x = randMat(uint64(c.m*31+c.d), c.m, c.d), randMat(uint64(c.n*17+c.d), c.n, c.d)
	for _, v := range [][]float64{y, x} {
		for i := range v {
			v[i] = c.offset + c.spread*v[i]
		}
	}
	return y, x
}

// params runs the column-range twin over y and x and returns the launch
// scalars, checking σ against linalg.MeanShiftScale.
func (c msCase) params(t *testing.T, o Options, y, x []float64) (s, sigma, u2 float64) {
	t.Helper()
	lo, hi := make([]float64, c.d), make([]float64, c.d)
	for k := range lo {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for _, p := range []struct {
		v []float64
		r int
	}{{y, c.m}, {x, c.n}} {
		pl, ph, err := ColRange(o, p.v, p.r, c.d)
		if err != nil {
			t.Fatalf("%v: ColRange: %v", c, err)
		}
		CombineRanges(lo, hi, pl, ph)
	}
	s, sigma, u2 = MeanShiftParams(lo, hi, c.h)
	if want := linalg.MeanShiftScale(mat(c.m, c.d, y), mat(c.n, c.d, x), c.h); sigma != want {
		t.Fatalf("%v: σ from the column ranges is %g, linalg.MeanShiftScale says %g", c, sigma, want)
	}
	return s, sigma, u2
}

// msScale is the scale of a mean shift result's rounding error: the size
// of the coordinates plus the data's extent (the update moves a point by
// at most that).
func msScale(c msCase, want []float64) []float64 {
	sc := make([]float64, len(want))
	for i, w := range want {
		sc[i] = math.Abs(w) + math.Abs(c.offset) + c.spread + 1e-300
	}
	return sc
}

var msCases = []msCase{
	{1, 1, 1, 0, 1, 0.5},
	{1, 7, 2, 0, 1, 0.3},
	{3, 1, 3, 0, 1, 0.3},
	{130, 257, 2, 0, 10, 2.5},   // the lesson's 2-D, many tiles with small tiles
	{129, 1100, 3, 0, 10, 2.5},  // one query past a block; past one real tile (682 points)
	{37, 53, 5, 1e9, 1, 0.2},    // d=5 takes 16 registers; far from the origin
	{19, 41, 16, 0, 1, 0.7},     // the last register kernel
	{11, 23, 17, 0, 1, 0.7},     // the wide kernel
	{5, 29, 2, 0, 1e4, 1},       // queries thousands of bandwidths from most data
	{7, 31, 2, 1e150, 1e150, 1}, // σ far from h: data near 1e150
}

// TestMeanShiftMatchesCPU runs the fused mean shift twin (and the wide one
// for d > 16), float64 and float32, with the CUDA kernels' tile and with a
// small one (many tiles, a ragged last one), under every thread order,
// against linalg.CPU.MeanShiftStep: float64 to 1e-12 and float32 to 1e-4 of
// the coordinates' size.
func TestMeanShiftMatchesCPU(t *testing.T) {
	for _, c := range msCases {
		y, x := c.data()
		want := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, y), mat(c.n, c.d, x), c.h).Values()
		scale := msScale(c, want)
		orders(func(ord string, o Options) {
			s, sigma, u2 := c.params(t, o, y, x)
			for _, tile := range []int{MeanShiftTileValues, 3 * c.d * 5} {
				got, err := MeanShift(o, tile, y, x, c.m, c.n, c.d, s, sigma, u2)
				if err != nil {
					t.Fatalf("%v tile %d %s: %v", c, tile, ord, err)
				}
				if e, at := maxErr(got, want, scale); e > 1e-12 {
					t.Errorf("%v tile %d %s f64: error %.3g at %d: got %v, want %v", c, tile, ord, e, at, got[at], want[at])
				}
				if math.Abs(c.offset)+c.spread > 1e30 {
					continue // beyond float32
				}
				got32, err := MeanShift(o, tile, to32(y), to32(x), c.m, c.n, c.d, s, sigma, u2)
				if err != nil {
					t.Fatal(err)
				}
				// float32 rounds the inputs too: compare with the CPU on the
				// rounded inputs.
				want32 := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, to64(to32(y))), mat(c.n, c.d, to64(to32(x))), c.h).Values()
				if e, at := maxErr(to64(got32), want32, msScale(c, want32)); e > 1e-4 {
					t.Errorf("%v tile %d %s f32: error %.3g at %d: got %v, want %v", c, tile, ord, e, at, got32[at], want32[at])
				}
			}
		})
	}
}

// TestMeanShiftSpecialCases: a NaN in a query makes its row NaN, a NaN in
// the data every row, no data (n = 0) every row, as on the CPU; a query far
// from all data moves to the data near its nearest point (weight 1), not
// to 0/0.
func TestMeanShiftSpecialCases(t *testing.T) {
	c := msCase{m: 4, n: 9, d: 2, spread: 1, h: 0.5}
	y, x := c.data()
	y[2*2+1] = math.NaN()
	y[3*2], y[3*2+1] = 1e6, -1e6 // 2e6 bandwidths away
	check := func(name string, y, x []float64, n int) {
		t.Helper()
		want := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, y), mat(n, c.d, x[:n*c.d]), c.h).Values()
		cc := c
		cc.n = n
		s, sigma, u2 := cc.params(t, Options{}, y, x[:n*c.d])
		got, err := MeanShift(Options{}, MeanShiftTileValues, y, x[:n*c.d], c.m, n, c.d, s, sigma, u2)
		if err != nil {
			t.Fatal(err)
		}
		if e, at := maxErr(got, want, msScale(c, want)); e > 1e-12 {
			t.Errorf("%s: error %.3g at %d: got %v, want %v", name, e, at, got, want)
		}
	}
	check("NaN query, far query", y, x, c.n)
	want := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, y), mat(c.n, c.d, x), c.h)
	if v := want.At(3, 0); math.IsNaN(v) || math.Abs(v) > 2 {
		t.Fatalf("CPU moved the far query to %v, not near the data", v)
	}
	if !math.IsNaN(want.At(2, 0)) || math.IsNaN(want.At(0, 0)) {
		t.Fatalf("CPU's NaN rows: %v", want)
	}
	check("no data", y, x, 0)
	x[5] = math.NaN()
	check("NaN in the data", y, x, c.n)
}
