package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMutantsFail plants each deliberate defect of mutant.go in its twin
// and requires the comparison of the twins' tests to catch it — a launch
// error (an index out of range, a barrier divergence) or a result off by
// more than the tolerance — under at least one thread order, on a shape
// with several tiles along every axis. It shows that the twins' tests, and
// the emulator under them, can fail: a missing barrier or an off-by-one
// bound does not pass unnoticed.
func TestMutantsFail(t *testing.T) {
	// matmul: 131×37·37×133 has two row tiles and two column tiles of both
	// kernels' float64 tiles, and five steps along k.
	mm := func(kernel string, trA bool) func(o Options) bool {
		a, b, want, scale := matmulCase(131, 37, 133, trA, false)
		g := NewGemm(131, 133, 37, trA, false)
		return func(o Options) bool {
			var got []float64
			var err error
			if kernel == "naive" {
				got, err = MatMulNaive(o, a, b, g)
			} else {
				got, err = MatMulTiled(o, TilesOf[float64](), a, b, g)
			}
			if err != nil {
				return true
			}
			e, _ := maxErr(got, want, scale)
			return e > 1e-12
		}
	}
	// sgemm: 132×36·36×136 (A·B, everything a multiple of 4, so float4
	// loads and stores) has two row and two column tiles and five steps
	// along k, the last one partial.
	sg := func(o Options) bool {
		a, b, want, scale := matmulCase(132, 36, 136, false, false)
		g := NewGemm(132, 136, 36, false, false)
		plan, _ := PlanSgemm(g, true, true, true)
		if plan.Flags&(SgemmAVec|SgemmBVec|SgemmCVec) != SgemmAVec|SgemmBVec|SgemmCVec {
			panic(fmt.Sprintf("the sgemm mutants' case is not vectorised: %v", plan))
		}
		got, err := Sgemm(o, plan, a, b, g)
		if err != nil {
			return true
		}
		e, _ := maxErr(got, want, scale)
		return e > 1e-12
	}
	ms := func(o Options) bool {
		c := msCase{m: 130, n: 257, d: 2, spread: 10, h: 2.5}
		y, x := c.data()
		want := linalg.CPU{}.MeanShiftStep(mat(c.m, c.d, y), mat(c.n, c.d, x), c.h).Values()
		s, sigma, u2 := MeanShiftParams([]float64{-10, -10}, []float64{10, 10}, c.h)
		// The backend's plan: 5 splits of 52 points, each two tiles of 32.
		p := PlanMeanShift(c.m, c.n, c.d)
		if p.Splits != 5 || p.Chunk != 52 {
			panic(fmt.Sprintf("plan %+v, want 5 splits of 52", p))
		}
		got, err := MeanShift(o, p, 64, y, x, c.m, c.n, c.d, s, sigma, MeanShiftCoef[float64](u2))
		if err != nil {
			return true
		}
		e, _ := maxErr(got, want, msScale(c, want))
		return e > 1e-12
	}
	sq := func(o Options) bool {
		n, m, d := 33, 35, 37
		x, y := randMat(3, n, d), randMat(4, m, d)
		want := linalg.PairwiseSqDist(mat(n, d, x), mat(m, d, y)).Values()
		got, err := SqDist(o, x, y, n, m, d)
		if err != nil {
			return true
		}
		scale := make([]float64, len(want))
		for i := range scale {
			scale[i] = 1
		}
		e, _ := maxErr(got, want, scale)
		return e > 1e-12
	}
	cr := func(o Options) bool {
		n := 1000
		x := randMat(9, n, 1)
		pl, ph, err := ColRange(o, x, n, 1)
		if err != nil {
			return true
		}
		lo, hi := []float64{math.Inf(1)}, []float64{math.Inf(-1)}
		CombineRanges(lo, hi, pl, ph)
		wl, wh := math.Inf(1), math.Inf(-1)
		for _, v := range x {
			wl, wh = min(wl, v), max(wh, v)
		}
		return lo[0] != wl || hi[0] != wh
	}
	dd := func(o Options) bool {
		n, m, d := 33, 35, 37
		a, b, u, v := randMat(3, n, d), randMat(4, m, d), randMat(5, n, d), randMat(6, m, d)
		want := linalg.PairwiseDiffDot(mat(n, d, a), mat(m, d, b), mat(n, d, u), mat(m, d, v)).Values()
		got, err := DiffDot(o, a, b, u, v, n, m, d)
		if err != nil {
			return true
		}
		e, _ := maxErr(got, want, ones64(len(want), 1))
		return e > 1e-12
	}
	ds := func(o Options) bool {
		n, m, d := 33, 37, 18
		a, b, g := randMat(3, n, d), randMat(4, m, d), randMat(5, n, m)
		want := linalg.PairwiseDiffSum(mat(n, d, a), mat(m, d, b), mat(n, m, g), false).Values()
		got, err := DiffSum(o, a, b, g, n, m, d, false)
		if err != nil {
			return true
		}
		e, _ := maxErr(got, want, ones64(len(want), 1))
		return e > 1e-12
	}
	cases := map[mutant]func(o Options) bool{
		diffDotNoSync:            dd,
		diffSumJBound:            ds,
		diffSumNoSyncAfterUse:    ds,
		matmulNoSyncAfterLoad:    mm("tiled", false),
		matmulNoSyncAfterUse:     mm("tiled", true),
		matmulKBound:             mm("tiled", false),
		matmulRowBound:           mm("tiled", false),
		naiveColBound:            mm("naive", false),
		sgemmNoSyncBeforeLoop:    sg,
		sgemmNoSyncInLoop:        sg,
		sgemmSameCopy:            sg,
		sgemmVecKBound:           sg,
		sgemmFragOffset:          sg,
		sgemmRunOffset:           sg,
		meanShiftNoSyncAfterLoad: ms,
		meanShiftNoSyncAfterUse:  ms,
		meanShiftTileCount:       ms,
		meanShiftSplitOverlap:    ms,
		meanShiftMergeSkip:       ms,
		sqDistNoSync:             sq,
		sqDistKBound:             sq,
		colRangeNoSync:           cr,
		// The distances of 33 rows (three rows of blocks) launched one row
		// of blocks at a time.
		slabOffsetIgnored: func(o Options) bool { o.MaxGridY = 1; return sq(o) },
	}
	if len(cases) != len(mutantNames) {
		t.Fatalf("%d mutants tested, %d defined", len(cases), len(mutantNames))
	}
	for mu, fails := range cases {
		// The faithful twin passes under every order ...
		orders(func(ord string, o Options) {
			o.mutant = faithful
			if fails(o) {
				t.Errorf("%v: the faithful twin fails under %s", mu, ord)
			}
		})
		// ... and the mutant fails under at least one.
		caught := []string{}
		orders(func(ord string, o Options) {
			o.mutant = mu
			if fails(o) {
				caught = append(caught, ord)
			}
		})
		if len(caught) == 0 {
			t.Errorf("mutant %q passed under every thread order", mu)
		} else {
			t.Logf("mutant %q caught under %v", mu, caught)
		}
	}
}
