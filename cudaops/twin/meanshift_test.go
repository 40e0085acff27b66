package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
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

// plans returns the launch plans a test runs a mean shift case under: the
// backend's (PlanMeanShift), no split, and a split into 3 chunks (where
// there are 3 points), so that both the one-pass and the split-and-merge
// paths run on every shape.
func (c msCase) plans() map[string]MeanShiftPlan {
	ps := map[string]MeanShiftPlan{
		"auto": PlanMeanShift(c.m, c.n, c.d),
		"S=1":  PlanMeanShiftSplit(c.m, c.n, c.d, 1),
	}
	if p := PlanMeanShiftSplit(c.m, c.n, c.d, 3); p.Splits > 1 {
		ps["S=3"] = p
	}
	return ps
}

// TestMeanShiftMatchesCPU runs the fused mean shift twin (and the wide one
// for d > 16), float64 and float32, with the CUDA kernels' tile and with a
// small one (many tiles, a ragged last one), unsplit and split over the
// data (with the merge), under every thread order, against
// linalg.CPU.MeanShiftStep: float64 to 1e-12 and float32 to 1e-4 of the
// coordinates' size.
func TestMeanShiftMatchesCPU(t *testing.T) {
	for _, c := range msCases {
		y, x := c.data()
		want := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, y), mat(c.n, c.d, x), c.h).Values()
		scale := msScale(c, want)
		// float32 rounds the inputs too: compare with the CPU on the
		// rounded inputs.
		want32 := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, to64(to32(y))), mat(c.n, c.d, to64(to32(x))), c.h).Values()
		orders(func(ord string, o Options) {
			s, sigma, u2 := c.params(t, o, y, x)
			for pname, p := range c.plans() {
				for _, tile := range []int{MeanShiftTileValues, 3 * c.d * 5} {
					got, err := MeanShift(o, p, tile, y, x, c.m, c.n, c.d, s, sigma, MeanShiftCoef[float64](u2))
					if err != nil {
						t.Fatalf("%v %s tile %d %s: %v", c, pname, tile, ord, err)
					}
					if e, at := maxErr(got, want, scale); e > 1e-12 {
						t.Errorf("%v %s tile %d %s f64: error %.3g at %d: got %v, want %v", c, pname, tile, ord, e, at, got[at], want[at])
					}
					if math.Abs(c.offset)+c.spread > 1e30 {
						continue // beyond float32
					}
					got32, err := MeanShift(o, p, tile, to32(y), to32(x), c.m, c.n, c.d, s, sigma, MeanShiftCoef[float32](u2))
					if err != nil {
						t.Fatal(err)
					}
					if e, at := maxErr(to64(got32), want32, msScale(c, want32)); e > 1e-4 {
						t.Errorf("%v %s tile %d %s f32: error %.3g at %d: got %v, want %v", c, pname, tile, ord, e, at, got32[at], want32[at])
					}
				}
			}
		})
	}
}

// TestMeanShiftPlan: the split is chosen from m and n alone, covers the
// data with non-empty chunks, and gives the lesson's 1,500 points 12 query
// blocks × 22 splits (264 blocks, 2 launches per update: 10 for its five
// iterations), while 100,000 points fill the GPU unsplit.
func TestMeanShiftPlan(t *testing.T) {
	for _, c := range []struct{ m, n, d int }{{1, 1, 1}, {1, 7, 2}, {130, 257, 2}, {1500, 1500, 2}, {1500, 1500, 3}, {100_000, 100_000, 2}, {5, 1_000_000, 2}, {3, 100, 17}, {129, 1100, 5}} {
		p := PlanMeanShift(c.m, c.n, c.d)
		if (p.Splits-1)*p.Chunk >= c.n || p.Splits*p.Chunk < c.n {
			t.Errorf("%v: %d chunks of %d do not cover %d points without an empty one", c, p.Splits, p.Chunk, c.n)
		}
		if blocks := p.Grid.X * p.Grid.Y; p.Splits > 1 && (blocks > MeanShiftTargetBlocks+p.Grid.X || p.Chunk < MeanShiftMinChunk/2) {
			t.Errorf("%v: %d blocks, chunks of %d", c, blocks, p.Chunk)
		}
		if p.Regs == 0 && p.Splits != 1 {
			t.Errorf("%v: the wide kernel split", c)
		}
	}
	p := PlanMeanShift(1500, 1500, 2)
	if p.Kernel != "meanshift_d2" || !p.Exact || p.Grid != (launch.Dim3{X: 12, Y: 22, Z: 1}) || p.Chunk != 69 || 5*p.Launches() != 10 {
		t.Errorf("lesson plan %+v", p)
	}
	if p := PlanMeanShift(100_000, 100_000, 2); p.Splits != 1 || p.Grid.X != 782 || p.Launches() != 1 {
		t.Errorf("100k plan %+v", p)
	}
}

// TestBlurringMeanShift runs the twin of MeanShift32's loop (σ chosen once
// from the starting points, the split plan of n points against themselves)
// for the lesson's five iterations on 300 points of six blobs, float32,
// against five steps of linalg.CPU.MeanShiftStep on the points as each
// step left them (σ chosen afresh each step), to 1e-4 of the coordinates'
// size.
func TestBlurringMeanShift(t *testing.T) {
	n, d, h := 300, 2, 2.5
	x := randMat(11, n, d)
	centres := randMat(12, 6, d)
	for i := range n {
		for k := range d {
			x[i*d+k] = 35*centres[(i%6)*d+k] + 2.2*x[i*d+k]
		}
	}
	x32 := to32(x)
	want := mat(n, d, to64(x32))
	for range 5 {
		want = linalg.CPU{}.MeanShiftStep(want, want, h)
	}
	wv := want.Values()
	scale := make([]float64, len(wv))
	for i, w := range wv {
		scale[i] = math.Abs(w) + 70
	}
	for _, o := range []Options{{}, {Order: launch.Reverse}} {
		got, err := BlurringMeanShift(o, MeanShiftTileValues, x32, n, d, h, 5)
		if err != nil {
			t.Fatal(err)
		}
		if e, at := maxErr(to64(got), wv, scale); e > 1e-4 {
			t.Errorf("%v: error %.3g at %d: got %v, want %v", o.Order, e, at, got[at], wv[at])
		}
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
		for pname, p := range cc.plans() {
			got, err := MeanShift(Options{}, p, MeanShiftTileValues, y, x[:n*c.d], c.m, n, c.d, s, sigma, MeanShiftCoef[float64](u2))
			if err != nil {
				t.Fatal(err)
			}
			if e, at := maxErr(got, want, msScale(c, want)); e > 1e-12 {
				t.Errorf("%s %s: error %.3g at %d: got %v, want %v", name, pname, e, at, got, want)
			}
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
