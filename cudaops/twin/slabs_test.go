package twin

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// TestSlabs: the slabs of a grid cover its rows of blocks [0, Y) in order,
// without gap or overlap, each at most maxY tall (CUDA's 65,535 for 0),
// with X and Z unchanged; a grid within the limit is one slab.
func TestSlabs(t *testing.T) {
	for _, rows := range []int{0, 1, 2, 3, 7, 65535, 65536, 65537, 3*65535 + 1, 1 << 26} {
		for _, maxY := range []int{0, 1, 2, 3, 65535} {
			lim := maxY
			if lim == 0 {
				lim = launch.MaxGridYZ
			}
			want := max(1, rows)
			if want > 1<<20 && lim < 1000 {
				continue // millions of slabs: the small cases show the same
			}
			grid := launch.Dim3{X: 5, Y: rows, Z: 3}
			slabs := Slabs(grid, maxY)
			name := fmt.Sprintf("Y=%d maxY=%d", rows, maxY)
			if n := (want + lim - 1) / lim; len(slabs) != n {
				t.Errorf("%s: %d slabs, want %d", name, len(slabs), n)
			}
			next := 0
			for _, s := range slabs {
				gy := s.Grid.Y
				if gy == 0 {
					gy = 1 // as in a size
				}
				if s.Y0 != next || gy > lim || s.Grid.X != 5 || s.Grid.Z != 3 {
					t.Fatalf("%s: slab %+v after rows [0, %d)", name, s, next)
				}
				next += gy
			}
			if next != want {
				t.Errorf("%s: the slabs cover %d rows of blocks, want %d", name, next, want)
			}
			if rows <= lim && slabs[0].Grid != grid {
				t.Errorf("%s: a grid within the limit became %+v", name, slabs[0])
			}
		}
	}
}

// errProbe is the panic of the probe kernel of emulatorCheck.
var errProbe = errors.New("probe kernel ran")

// emulatorCheck returns the launch emulator's verdict on grid×block without
// running the launch: launch.Run checks the configuration against CUDA's
// limits before it runs anything, and the probe kernel stops the launch at
// its first thread.
func emulatorCheck(grid, block launch.Dim3) error {
	err := launch.Run(launch.Config{Grid: grid, Block: block}, func(*launch.Thread) { panic(errProbe) })
	if err == nil || strings.Contains(err.Error(), errProbe.Error()) {
		return nil // nothing to run, or the check passed and the probe ran
	}
	return err
}

// TestLaunchesWithinLimits: for huge sizes, up to 2^34 rows and columns,
// every launch the backend makes passes CUDA's limits, by CheckLaunch and
// by the emulator's own check: each slab of the kernels with their rows on
// grid.y (the matmuls, the distances and their derivatives), and the whole
// grid of those that put the queries on grid.x (mean shift, its merge, the
// column ranges). The unsplit grids of the review's cases (1,048,577
// points to 10 centres; a float64 product of 64·65,535+1 rows) exceed the
// limit, as the test shows, so the slabs are what makes them launch.
func TestLaunchesWithinLimits(t *testing.T) {
	sizes := []int{1, 10, 1<<20 + 1, 16*65535 + 1, 64*65535 + 1, 128*65535 + 1, 1 << 31, 1 << 34}
	type rowsLaunch func(rows, cols int) (grid, block launch.Dim3)
	helpers := map[string]rowsLaunch{
		"MatMulNaiveLaunch": MatMulNaiveLaunch,
		"MatMulTiledLaunch float64": func(m, n int) (grid, block launch.Dim3) {
			return MatMulTiledLaunch(TilesOf[float64](), m, n)
		},
		"MatMulTiledLaunch float32 (v1)": func(m, n int) (grid, block launch.Dim3) {
			return MatMulTiledLaunch(TilesOf[float32](), m, n)
		},
		"SgemmLaunch":   SgemmLaunch,
		"SqDistLaunch":  SqDistLaunch,
		"DiffDotLaunch": DiffDotLaunch,
		"DiffSumLaunch": DiffSumLaunch,
	}
	check := func(name string, grid, block launch.Dim3) {
		if err := CheckLaunch(grid, block); err != nil {
			t.Errorf("%s: CheckLaunch: %v", name, err)
		}
		if err := emulatorCheck(grid, block); err != nil {
			t.Errorf("%s: the emulator refuses it: %v", name, err)
		}
	}
	for hn, h := range helpers {
		for _, rows := range sizes {
			for _, cols := range sizes {
				grid, block := h(rows, cols)
				slabs := Slabs(grid, 0)
				// Every slab but the last has the first one's grid.
				for _, s := range []Slab{slabs[0], slabs[len(slabs)-1]} {
					check(fmt.Sprintf("%s(%d, %d) slab %+v", hn, rows, cols, s), s.Grid, block)
				}
			}
		}
	}
	for _, m := range sizes {
		for _, n := range sizes {
			for _, d := range []int{1, 2, 3, 16, 17} {
				p := PlanMeanShift(m, n, d)
				name := fmt.Sprintf("PlanMeanShift(%d, %d, %d)", m, n, d)
				check(name, p.Grid, p.Block)
				check(name+" merge", p.MergeGrid, p.Block)
			}
		}
		grid, block := ColRangeLaunch(m)
		check(fmt.Sprintf("ColRangeLaunch(%d)", m), grid, block)
	}
	// The review's cases, unsplit: beyond the limit for both checks.
	for name, l := range map[string][2]launch.Dim3{
		"SqDistLaunch(1048577, 10)": func() [2]launch.Dim3 { g, b := SqDistLaunch(1<<20+1, 10); return [2]launch.Dim3{g, b} }(),
		"DiffSumLaunch(1048577, 1)": func() [2]launch.Dim3 { g, b := DiffSumLaunch(1<<20+1, 1); return [2]launch.Dim3{g, b} }(),
		"MatMulTiledLaunch(4194241)": func() [2]launch.Dim3 {
			g, b := MatMulTiledLaunch(TilesOf[float64](), 64*65535+1, 3)
			return [2]launch.Dim3{g, b}
		}(),
	} {
		if CheckLaunch(l[0], l[1]) == nil || emulatorCheck(l[0], l[1]) == nil {
			t.Errorf("%s: the unsplit grid %v passes a check", name, l[0])
		}
		if n := len(Slabs(l[0], 0)); n != 2 {
			t.Errorf("%s: %d slabs, want 2", name, n)
		}
	}
}

// TestCheckLaunchAgreesWithEmulator: CheckLaunch refuses what launch.Run
// refuses, and also a grid.x beyond 2^31−1, which launch.Run does not check.
func TestCheckLaunchAgreesWithEmulator(t *testing.T) {
	dims := []int{-1, 0, 1, 2, 64, 65, 1024, 1025, 65535, 65536}
	for _, gy := range dims {
		for _, bx := range dims {
			for _, bz := range []int{0, 1, 64, 65} {
				grid, block := launch.Dim3{X: 3, Y: gy, Z: 1}, launch.Dim3{X: bx, Y: 1, Z: bz}
				got, want := CheckLaunch(grid, block), emulatorCheck(grid, block)
				if (got == nil) != (want == nil) {
					t.Errorf("grid %v block %v: CheckLaunch says %v, the emulator %v", grid, block, got, want)
				}
			}
		}
	}
	if err := CheckLaunch(launch.Dim3{X: MaxGridX + 1, Y: 1, Z: 1}, launch.Dim3{X: 1}); err == nil {
		t.Error("CheckLaunch passed a grid.x of 2^31")
	}
	if err := CheckLaunch(launch.Dim3{X: MaxGridX, Y: 65535, Z: 65535}, launch.Dim3{X: 1024}); err != nil {
		t.Errorf("CheckLaunch refused the largest grid: %v", err)
	}
}

// TestSlabsMatchCPU runs every twin whose rows are on grid.y with the
// limit on grid.y lowered to 1 and 2 rows of blocks (Options.MaxGridY),
// on shapes of three to five rows of blocks, so that each result is made
// by several launches, each adding its y0 to blockIdx.y, and compares it
// with the CPU: the lesson's matmul, the float64 tiled matmul, v1, the
// four sgemm layouts (float4 and scalar paths), the distances, their JVP
// and their VJP with g and with gᵀ (which reads g[j·n+i]: the offset is in
// the kernel, not in a pointer), float64 to 1e-12 under every thread
// order, float32 in order to 1e-4.
func TestSlabsMatchCPU(t *testing.T) {
	for _, maxY := range []int{1, 2} {
		slabbed := func(name string, grid launch.Dim3) {
			if n := len(Slabs(grid, maxY)); n < 2 {
				t.Fatalf("%s: grid %v is %d slab(s) of %d rows of blocks; the test wants several", name, grid, n, maxY)
			}
		}
		all := func(f func(name string, o Options)) {
			orders(func(ord string, o Options) {
				o.MaxGridY = maxY
				f(fmt.Sprintf("maxY=%d %s", maxY, ord), o)
			})
		}
		// Matrix products: rows 37 (3 blocks of 16), 131 (3 of 64), 300
		// (3 of 128), 260 (3 of 128, multiples of 4: float4 paths).
		for _, c := range []struct {
			kernel  string
			m, k, n int
		}{{"naive", 37, 5, 19}, {"tiled", 131, 9, 21}, {"v1", 300, 7, 13}, {"sgemm", 260, 12, 20}, {"sgemm", 300, 7, 13}} {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				a, b, want, scale := matmulCase(c.m, c.k, c.n, tr[0], tr[1])
				g := NewGemm(c.m, c.n, c.k, tr[0], tr[1])
				name := fmt.Sprintf("%s %dx%dx%d trans=%v", c.kernel, c.m, c.k, c.n, tr)
				var run64 func(o Options) ([]float64, error)
				var run32 func(o Options) ([]float32, error)
				switch c.kernel {
				case "naive":
					grid, _ := MatMulNaiveLaunch(c.m, c.n)
					slabbed(name, grid)
					run64 = func(o Options) ([]float64, error) { return MatMulNaive(o, a, b, g) }
					run32 = func(o Options) ([]float32, error) { return MatMulNaive(o, to32(a), to32(b), g) }
				case "tiled":
					grid, _ := MatMulTiledLaunch(TilesOf[float64](), c.m, c.n)
					slabbed(name, grid)
					run64 = func(o Options) ([]float64, error) { return MatMulTiled(o, TilesOf[float64](), a, b, g) }
				case "v1":
					grid, _ := MatMulTiledLaunch(TilesOf[float32](), c.m, c.n)
					slabbed(name, grid)
					run64 = func(o Options) ([]float64, error) { return MatMulTiled(o, TilesOf[float32](), a, b, g) }
					run32 = func(o Options) ([]float32, error) { return MatMulTiled(o, TilesOf[float32](), to32(a), to32(b), g) }
				case "sgemm":
					grid, _ := SgemmLaunch(c.m, c.n)
					slabbed(name, grid)
					plan, ok := PlanSgemm(g, true, true, true)
					if !ok {
						t.Fatalf("%s: PlanSgemm refused", name)
					}
					name += " " + plan.String()
					run64 = func(o Options) ([]float64, error) { return Sgemm(o, plan, a, b, g) }
					run32 = func(o Options) ([]float32, error) { return Sgemm(o, plan, to32(a), to32(b), g) }
				}
				all(func(ord string, o Options) {
					got, err := run64(o)
					if err != nil {
						t.Fatalf("%s f64 %s: %v", name, ord, err)
					}
					if e, at := maxErr(got, want, scale); e > 1e-12 {
						t.Errorf("%s f64 %s: error %.3g at %d: got %v, want %v", name, ord, e, at, got[at], want[at])
					}
					if run32 == nil || o.Order != launch.InOrder {
						return
					}
					got32, err := run32(o)
					if err != nil {
						t.Fatalf("%s f32 %s: %v", name, ord, err)
					}
					if e, at := maxErr(to64(got32), want, scale); e > 1e-4 {
						t.Errorf("%s f32 %s: error %.3g at %d", name, ord, e, at)
					}
				})
			}
		}

		// Distances and their derivatives: 70 rows, 5 blocks of 16.
		n, m, d := 70, 19, 17
		x, y := randMat(11, n, d), randMat(12, m, d)
		u, v := randMat(13, n, d), randMat(14, m, d)
		for name, grid := range map[string]launch.Dim3{
			"SqDist":  func() launch.Dim3 { g, _ := SqDistLaunch(n, m); return g }(),
			"DiffDot": func() launch.Dim3 { g, _ := DiffDotLaunch(n, m); return g }(),
			"DiffSum": func() launch.Dim3 { g, _ := DiffSumLaunch(n, d); return g }(),
		} {
			slabbed(name, grid)
		}
		wantSq := linalg.PairwiseSqDist(mat(n, d, x), mat(m, d, y)).Values()
		wantDot := linalg.PairwiseDiffDot(mat(n, d, x), mat(m, d, y), mat(n, d, u), mat(m, d, v)).Values()
		g, gT := randMat(15, n, m), randMat(16, m, n)
		wantSum := linalg.PairwiseDiffSum(mat(n, d, x), mat(m, d, y), mat(n, m, g), false).Values()
		wantSumT := linalg.PairwiseDiffSum(mat(n, d, x), mat(m, d, y), mat(m, n, gT), true).Values()
		type result struct {
			name      string
			got, want []float64
			scale     float64
			err       error
		}
		all(func(ord string, o Options) {
			var rs []result
			add64 := func(name string, got []float64, want []float64, scale float64, err error) {
				rs = append(rs, result{name + " f64", got, want, scale, err})
			}
			add32 := func(name string, got []float32, want []float64, scale float64, err error) {
				if o.Order == launch.InOrder {
					rs = append(rs, result{name + " f32", to64(got), want, scale, err})
				}
			}
			sq, err := SqDist(o, x, y, n, m, d)
			add64("SqDist", sq, wantSq, 1, err)
			sq32, err := SqDist(o, to32(x), to32(y), n, m, d)
			add32("SqDist", sq32, wantSq, 4*float64(d), err)
			dot, err := DiffDot(o, x, y, u, v, n, m, d)
			add64("DiffDot", dot, wantDot, 1, err)
			dot32, err := DiffDot(o, to32(x), to32(y), to32(u), to32(v), n, m, d)
			add32("DiffDot", dot32, wantDot, 4*float64(d), err)
			sum, err := DiffSum(o, x, y, g, n, m, d, false)
			add64("DiffSum", sum, wantSum, 1, err)
			sum32, err := DiffSum(o, to32(x), to32(y), to32(g), n, m, d, false)
			add32("DiffSum", sum32, wantSum, 4*float64(m), err)
			sumT, err := DiffSum(o, x, y, gT, n, m, d, true)
			add64("DiffSum transG", sumT, wantSumT, 1, err)
			sumT32, err := DiffSum(o, to32(x), to32(y), to32(gT), n, m, d, true)
			add32("DiffSum transG", sumT32, wantSumT, 4*float64(m), err)
			for _, r := range rs {
				tol := 1e-12
				if strings.HasSuffix(r.name, "f32") {
					tol = 1e-4
				}
				if r.err != nil {
					t.Fatalf("%s %s: %v", r.name, ord, r.err)
				}
				if e, at := maxErr(r.got, r.want, ones64(len(r.want), r.scale)); e > tol {
					t.Errorf("%s %s: error %.3g at %d: got %v, want %v", r.name, ord, e, at, r.got[at], r.want[at])
				}
			}
		})
	}
}
