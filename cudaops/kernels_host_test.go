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
