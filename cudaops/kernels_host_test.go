package cudaops

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// TestKernelSourceOnHost compiles the CUDA source of the mean shift
// kernels (kernels/meanshift.cu) with the host's C++ compiler
// (kernels/host: a thread per CUDA thread, a barrier for __syncthreads,
// blocks one after another) and runs the launches of the backend's plans —
// the fused kernel split over the data and its merge, unsplit, and the
// wide kernel — on awkward shapes, float32 and float64. Each result must
// match the Go twin run with the same plan (they are the same program:
// float64 to 1e-14, float32 to 1e-6 of the data's extent, the slack for
// the C and Go libraries' exponentials) and linalg.CPU.MeanShiftStep
// (1e-12 and 1e-4). So the .cu file itself, not only its transcription
// into Go, is checked on a machine without a GPU. It skips without g++,
// and on the GPU machine of bench/gpu/run.sh (EPSILON_EXPECT_GPU set),
// where the GPU runs the source itself.
func TestKernelSourceOnHost(t *testing.T) {
	if os.Getenv("EPSILON_EXPECT_GPU") != "" {
		t.Skip("EPSILON_EXPECT_GPU is set: the GPU tests run the kernels themselves")
	}
	cxx, err := exec.LookPath("g++")
	if err != nil {
		t.Skip("no g++: the CUDA source is not run on the host")
	}
	bin := filepath.Join(t.TempDir(), "run")
	build := exec.Command(cxx, "-std=c++17", "-O1", "-pthread", "-w", "-o", bin, "kernels/host/run.cpp")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building kernels/host/run.cpp: %v\n%s", err, out)
	}
	for _, c := range []struct {
		m, n, d int
		h       float64
	}{
		{1, 1, 1, 0.5}, {1, 7, 2, 0.3}, {3, 1, 3, 0.3}, {130, 257, 2, 2.5}, {129, 1100, 3, 2.5},
		{37, 53, 5, 0.2}, {19, 41, 16, 0.7}, {11, 23, 17, 0.7}, {131, 701, 2, 2.5},
	} {
		rng := rand.New(rand.NewPCG(uint64(c.m), uint64(c.n)))
		y, x := make([]float64, c.m*c.d), make([]float64, c.n*c.d)
		for _, v := range [][]float64{y, x} {
			for i := range v {
				v[i] = float64(float32(10 * (2*rng.Float64() - 1))) // float32 values, so both types see the same data
			}
		}
		want := linalg.CPU{}.MeanShiftStep(linalg.New([]int{c.m, c.d}, y), linalg.New([]int{c.n, c.d}, x), c.h).Values()
		lo, hi := make([]float64, c.d), make([]float64, c.d)
		for k := range lo {
			lo[k], hi[k] = math.Inf(1), math.Inf(-1)
		}
		twin.HostRanges(lo, hi, y, c.d)
		twin.HostRanges(lo, hi, x, c.d)
		s, sigma, u2 := twin.MeanShiftParams(lo, hi, c.h)
		plans := map[twin.MeanShiftPlan]bool{}
		for _, p := range []twin.MeanShiftPlan{twin.PlanMeanShift(c.m, c.n, c.d), twin.PlanMeanShiftSplit(c.m, c.n, c.d, 1), twin.PlanMeanShiftSplit(c.m, c.n, c.d, 3)} {
			plans[p] = true
		}
		for p := range plans {
			for _, elem := range []int{8, 4} {
				name := fmt.Sprintf("m=%d n=%d d=%d %s_f%d ×%d", c.m, c.n, c.d, p.Kernel, 8*elem, p.Splits)
				var tw []float64
				var coef, tolTwin, tolCPU float64
				if elem == 8 {
					coef, tolTwin, tolCPU = twin.MeanShiftCoef[float64](u2), 1e-14, 1e-12
					tw, err = twin.MeanShift(twin.Options{}, p, twin.MeanShiftTileValues, y, x, c.m, c.n, c.d, s, sigma, coef)
				} else {
					coef, tolTwin, tolCPU = twin.MeanShiftCoef[float32](u2), 1e-6, 1e-4
					var t32 []float32
					t32, err = twin.MeanShift(twin.Options{}, p, twin.MeanShiftTileValues, to32(y), to32(x), c.m, c.n, c.d, s, sigma, coef)
					tw = to64(t32)
				}
				if err != nil {
					t.Fatalf("%s: twin: %v", name, err)
				}
				got := runHostKernel(t, bin, elem, p, y, x, c.m, c.n, c.d, s, sigma, coef)
				for i := range want {
					if e := math.Abs(got[i] - tw[i]); !(e <= tolTwin*20) {
						t.Fatalf("%s: element %d: CUDA source on the host %v, twin %v", name, i, got[i], tw[i])
					}
					if e := math.Abs(got[i] - want[i]); !(e <= tolCPU*20) {
						t.Fatalf("%s: element %d: CUDA source on the host %v, CPU %v", name, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// runHostKernel runs plan p of the mean shift kernels' CUDA source on the
// host (kernels/host/run.cpp built as bin).
func runHostKernel(t *testing.T, bin string, elem int, p twin.MeanShiftPlan, y, x []float64, m, n, d int, s, sigma, c float64) []float64 {
	t.Helper()
	var in bytes.Buffer
	for _, v := range [][]float64{y, x} {
		for _, e := range v {
			in.WriteString(strconv.FormatFloat(e, 'x', -1, 64))
			in.WriteByte('\n')
		}
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	cmd := exec.Command(bin, strconv.Itoa(elem), p.Kernel, strconv.Itoa(p.Grid.X), strconv.Itoa(p.Grid.Y), strconv.Itoa(p.Block.X),
		strconv.Itoa(m), strconv.Itoa(n), strconv.Itoa(d), strconv.Itoa(p.Chunk), strconv.Itoa(p.Splits), g(s), g(sigma), g(c))
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	fields := strings.Fields(string(out))
	if len(fields) != m*d {
		t.Fatalf("%v: %d values, want %d", cmd.Args, len(fields), m*d)
	}
	v := make([]float64, m*d)
	for i, f := range fields {
		if v[i], err = strconv.ParseFloat(f, 64); err != nil {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
	}
	return v
}

func to32(v []float64) []float32 {
	o := make([]float32, len(v))
	for i, x := range v {
		o[i] = float32(x)
	}
	return o
}

func to64(v []float32) []float64 {
	o := make([]float64, len(v))
	for i, x := range v {
		o[i] = float64(x)
	}
	return o
}

// TestRowKernelSourceOnHost compiles the CUDA source of the kernels that
// put the rows of their result on grid.y (kernels/matmul.cu's matmuls,
// meanshift.cu's sqdist, pairwise.cu's diffdot and diffsum) with the
// host's C++ compiler (kernels/host/rows.cpp) and runs them in the slabs
// the backend would launch with its limit on grid.y lowered to 2 rows of
// blocks (twin.Slabs(grid, 2)), on shapes of three to five rows of blocks:
// each result takes several launches, each kernel adding its y0 to
// blockIdx.y. Every result must equal the Go twin's, run with the same
// slabs, to 1e-14 (float64) or 1e-6 (float32) of the CPU's scale, and the
// CPU's to 1e-12 or 1e-4. So the .cu files' row-block offsets, not only
// the twins', are checked without a GPU. It skips without g++, and on the
// GPU machine (EPSILON_EXPECT_GPU set), where TestSlabsOnGPU runs them.
func TestRowKernelSourceOnHost(t *testing.T) {
	if os.Getenv("EPSILON_EXPECT_GPU") != "" {
		t.Skip("EPSILON_EXPECT_GPU is set: the GPU tests run the kernels themselves")
	}
	cxx, err := exec.LookPath("g++")
	if err != nil {
		t.Skip("no g++: the CUDA source is not run on the host")
	}
	bin := filepath.Join(t.TempDir(), "rows")
	build := exec.Command(cxx, "-std=c++17", "-O1", "-pthread", "-w", "-o", bin, "kernels/host/rows.cpp")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building kernels/host/rows.cpp: %v\n%s", err, out)
	}
	const maxY = 2
	o := twin.Options{MaxGridY: maxY}
	check := func(name string, got, tw, want []float64, scale float64, elem int) {
		t.Helper()
		tolTwin, tolCPU := 1e-14, 1e-12
		if elem == 4 {
			tolTwin, tolCPU = 1e-6, 1e-4
		}
		for i := range want {
			if e := math.Abs(got[i] - tw[i]); !(e <= tolTwin*scale) {
				t.Fatalf("%s: element %d: CUDA source on the host %v, twin %v", name, i, got[i], tw[i])
			}
			if e := math.Abs(got[i] - want[i]); !(e <= tolCPU*scale) {
				t.Fatalf("%s: element %d: CUDA source on the host %v, CPU %v", name, i, got[i], want[i])
			}
		}
	}
	rnd := func(seed uint64, n int) []float64 {
		rng := rand.New(rand.NewPCG(seed, 5))
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(float32(2*rng.Float64() - 1)) // float32 values: both types see the same data
		}
		return v
	}

	// Matrix products, every layout; each kernel on a shape of three rows
	// of blocks (sgemm also with everything a multiple of 4: float4 paths).
	for _, c := range []struct {
		kernel  string
		elem    int
		m, k, n int
	}{
		{"matmul_naive", 8, 37, 5, 19}, {"matmul_naive", 4, 37, 5, 19}, {"matmul_tiled", 8, 131, 9, 21},
		{"matmul_tiled_v1", 4, 300, 7, 13}, {"sgemm", 4, 260, 12, 20}, {"sgemm", 4, 300, 7, 13},
	} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			a, b := rnd(uint64(c.m), c.m*c.k), rnd(uint64(c.n), c.k*c.n)
			ar, ac, br, bc := c.m, c.k, c.k, c.n
			if tr[0] {
				ar, ac = c.k, c.m
			}
			if tr[1] {
				br, bc = c.n, c.k
			}
			at, bt := linalg.New([]int{ar, ac}, a), linalg.New([]int{br, bc}, b)
			want := linalg.MatMulT(at, bt, tr[0], tr[1]).Values()
			g := twin.NewGemm(c.m, c.n, c.k, tr[0], tr[1])
			args := []int{g.M, g.N, g.K, g.SAI, g.SAP, g.SBP, g.SBJ}
			kernel := c.kernel
			var grid, block launch.Dim3
			var tw []float64
			switch c.kernel {
			case "matmul_naive":
				grid, block = twin.MatMulNaiveLaunch(c.m, c.n)
				tw = twinMatMul(t, c.elem, a, b, func(a, b []float64) ([]float64, error) { return twin.MatMulNaive(o, a, b, g) },
					func(a, b []float32) ([]float32, error) { return twin.MatMulNaive(o, a, b, g) })
			case "matmul_tiled", "matmul_tiled_v1":
				ts := twin.TilesOf[float64]()
				if c.elem == 4 {
					ts = twin.TilesOf[float32]()
				}
				grid, block = twin.MatMulTiledLaunch(ts, c.m, c.n)
				tw = twinMatMul(t, c.elem, a, b, func(a, b []float64) ([]float64, error) { return twin.MatMulTiled(o, ts, a, b, g) },
					func(a, b []float32) ([]float32, error) { return twin.MatMulTiled(o, ts, a, b, g) })
			case "sgemm":
				plan, ok := twin.PlanSgemm(g, true, true, true)
				if !ok {
					t.Fatal("PlanSgemm refused a small product")
				}
				kernel = plan.Kernel
				args = append(args, plan.Flags)
				grid, block = twin.SgemmLaunch(c.m, c.n)
				tw = twinMatMul(t, c.elem, a, b, nil, func(a, b []float32) ([]float32, error) { return twin.Sgemm(o, plan, a, b, g) })
			}
			name := fmt.Sprintf("%s f%d %dx%dx%d trans=%v", kernel, 8*c.elem, c.m, c.k, c.n, tr)
			got := runRowsHost(t, bin, c.elem, kernel, grid, block, maxY, c.m*c.n, [][]float64{a, b}, args...)
			check(name, got, tw, want, float64(c.k), c.elem)
		}
	}

	// Distances and their derivatives: 70 rows, five rows of blocks.
	n, m, d := 70, 19, 17
	x, y, u, v := rnd(1, n*d), rnd(2, m*d), rnd(3, n*d), rnd(4, m*d)
	g, gT := rnd(5, n*m), rnd(6, m*n)
	T := func(r, c int, v []float64) *linalg.Tensor { return linalg.New([]int{r, c}, v) }
	for _, elem := range []int{8, 4} {
		sqGrid, sqBlock := twin.SqDistLaunch(n, m)
		got := runRowsHost(t, bin, elem, "sqdist", sqGrid, sqBlock, maxY, n*m, [][]float64{x, y}, n, m, d)
		tw := twinRun(t, elem, func() ([]float64, error) { return twin.SqDist(o, x, y, n, m, d) },
			func() ([]float32, error) { return twin.SqDist(o, to32(x), to32(y), n, m, d) })
		check(fmt.Sprintf("sqdist f%d", 8*elem), got, tw, linalg.PairwiseSqDist(T(n, d, x), T(m, d, y)).Values(), 4*float64(d), elem)

		ddGrid, ddBlock := twin.DiffDotLaunch(n, m)
		got = runRowsHost(t, bin, elem, "diffdot", ddGrid, ddBlock, maxY, n*m, [][]float64{x, y, u, v}, n, m, d, 1, 1)
		tw = twinRun(t, elem, func() ([]float64, error) { return twin.DiffDot(o, x, y, u, v, n, m, d) },
			func() ([]float32, error) { return twin.DiffDot(o, to32(x), to32(y), to32(u), to32(v), n, m, d) })
		check(fmt.Sprintf("diffdot f%d", 8*elem), got, tw, linalg.PairwiseDiffDot(T(n, d, x), T(m, d, y), T(n, d, u), T(m, d, v)).Values(), 4*float64(d), elem)

		dsGrid, dsBlock := twin.DiffSumLaunch(n, d)
		for _, tr := range []bool{false, true} {
			gg, gr, gc, tg := g, n, m, 0
			if tr {
				gg, gr, gc, tg = gT, m, n, 1
			}
			got = runRowsHost(t, bin, elem, "diffsum", dsGrid, dsBlock, maxY, n*d, [][]float64{x, y, gg}, n, m, d, tg)
			tw = twinRun(t, elem, func() ([]float64, error) { return twin.DiffSum(o, x, y, gg, n, m, d, tr) },
				func() ([]float32, error) { return twin.DiffSum(o, to32(x), to32(y), to32(gg), n, m, d, tr) })
			check(fmt.Sprintf("diffsum f%d transG=%t", 8*elem, tr), got, tw, linalg.PairwiseDiffSum(T(n, d, x), T(m, d, y), T(gr, gc, gg), tr).Values(), 4*float64(m), elem)
		}
	}
}

// twinMatMul runs a matmul twin in float64 (f64, if not nil) or float32.
func twinMatMul(t *testing.T, elem int, a, b []float64, f64 func(a, b []float64) ([]float64, error), f32 func(a, b []float32) ([]float32, error)) []float64 {
	t.Helper()
	return twinRun(t, elem, func() ([]float64, error) { return f64(a, b) }, func() ([]float32, error) { return f32(to32(a), to32(b)) })
}

// twinRun runs a twin in float64 (elem 8) or float32 (elem 4).
func twinRun(t *testing.T, elem int, f64 func() ([]float64, error), f32 func() ([]float32, error)) []float64 {
	t.Helper()
	if elem == 8 {
		v, err := f64()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v, err := f32()
	if err != nil {
		t.Fatal(err)
	}
	return to64(v)
}

// runRowsHost runs a row kernel's CUDA source on the host
// (kernels/host/rows.cpp built as bin) over grid×block in the slabs of
// twin.Slabs(grid, maxY), with the inputs ins and the integer arguments
// args (y0 excluded), and returns its result of outLen values.
func runRowsHost(t *testing.T, bin string, elem int, kernel string, grid, block launch.Dim3, maxY, outLen int, ins [][]float64, args ...int) []float64 {
	t.Helper()
	var in bytes.Buffer
	var lens, slabs []string
	for _, v := range ins {
		lens = append(lens, strconv.Itoa(len(v)))
		for _, e := range v {
			in.WriteString(strconv.FormatFloat(e, 'x', -1, 64))
			in.WriteByte('\n')
		}
	}
	sl := twin.Slabs(grid, maxY)
	if len(sl) < 2 {
		t.Fatalf("%s: grid %v is one slab of %d rows of blocks; the test wants several", kernel, grid, maxY)
	}
	for _, s := range sl {
		slabs = append(slabs, fmt.Sprintf("%d:%d", s.Y0, s.Grid.Y))
	}
	cl := []string{strconv.Itoa(elem), kernel, strconv.Itoa(grid.X), strconv.Itoa(block.X), strconv.Itoa(block.Y),
		strings.Join(slabs, ","), strconv.Itoa(outLen), strings.Join(lens, ",")}
	for _, a := range args {
		cl = append(cl, strconv.Itoa(a))
	}
	cmd := exec.Command(bin, cl...)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	fields := strings.Fields(string(out))
	if len(fields) != outLen {
		t.Fatalf("%v: %d values, want %d", cmd.Args, len(fields), outLen)
	}
	v := make([]float64, outLen)
	for i, f := range fields {
		if v[i], err = strconv.ParseFloat(f, 64); err != nil {
			t.Fatalf("%v: %v", cmd.Args, err)
		}
	}
	return v
}
