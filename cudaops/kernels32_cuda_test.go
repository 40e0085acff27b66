//go:build cuda

package cudaops

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// up32 uploads a float64 tensor's values as float32.
func up32(t *testing.T, b *Backend, x *linalg.Tensor) *buffer {
	t.Helper()
	d, err := upload(b, f32(x.Values()))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func down32(t *testing.T, x *buffer) []float64 {
	t.Helper()
	v, err := download[float32](x)
	if err != nil {
		t.Fatal(err)
	}
	return f64(v)
}

func rounded(x *linalg.Tensor) *linalg.Tensor {
	return linalg.New(x.Shape(), f64(f32(x.Values())))
}

// TestFloat32KernelsMatchCPU runs every float32 kernel the float64 tests
// do not reach through the Backend (distances, the three mean shift
// kernels, the derivatives of distances) on device buffers and compares
// them with the CPU's float64 result on the same (rounded) inputs, to 1e-4
// of the values' scale.
func TestFloat32KernelsMatchCPU(t *testing.T) {
	b := gpu(t)
	for _, s := range [][3]int{{1, 1, 1}, {13, 19, 5}, {40, 33, 17}, {300, 301, 2}} {
		n, m, d := s[0], s[1], s[2]
		x, y := rounded(randT(uint64(n), n, d, 1)), rounded(randT(uint64(m+1), m, d, 1))
		dx, dy := up32(t, b, x), up32(t, b, y)
		out, err := b.alloc(n*m, 4)
		if err != nil {
			t.Fatal(err)
		}
		grid, block := twin.SqDistLaunch(n, m)
		if err := b.launchRows("sqdist_f32", grid, block, dx, dy, out, n, m, d); err != nil {
			t.Fatal(err)
		}
		want := linalg.PairwiseSqDist(x, y).Values()
		closeTo(t, fmt.Sprintf("sqdist_f32 %v", s), down32(t, out), want, ones(len(want), 8*float64(d)), 1e-4)

		u, v := rounded(randT(uint64(n+2), n, d, 1)), rounded(randT(uint64(m+3), m, d, 1))
		du, dv := up32(t, b, u), up32(t, b, v)
		grid, block = twin.DiffDotLaunch(n, m)
		if err := b.launchRows("diffdot_f32", grid, block, dx, dy, du, dv, out, n, m, d, 1, 1); err != nil {
			t.Fatal(err)
		}
		want = linalg.PairwiseDiffDot(x, y, u, v).Values()
		closeTo(t, fmt.Sprintf("diffdot_f32 %v", s), down32(t, out), want, ones(len(want), 16*float64(d)), 1e-4)

		g := rounded(randT(uint64(n*m), n, m, 1))
		dg := up32(t, b, g)
		sum, err := b.alloc(n*d, 4)
		if err != nil {
			t.Fatal(err)
		}
		grid, block = twin.DiffSumLaunch(n, d)
		if err := b.launchRows("diffsum_f32", grid, block, dx, dy, dg, sum, n, m, d, 0); err != nil {
			t.Fatal(err)
		}
		want = linalg.PairwiseDiffSum(x, y, g, false).Values()
		closeTo(t, fmt.Sprintf("diffsum_f32 %v", s), down32(t, sum), want, ones(len(want), 4*float64(m)), 1e-4)

		// Mean shift of y against x: d = 5 takes meanshift_d16, 17 the wide
		// kernel, 1 meanshift_d4, 2 meanshift_d2 (split over the data, with
		// the merge, where n ≥ 128).
		ms, err := b.alloc(m*d, 4)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.meanShift(dy, dx, ms, m, n, d, 0.7, 4); err != nil {
			t.Fatal(err)
		}
		want = linalg.CPU{}.MeanShiftStep(y, x, 0.7).Values()
		closeTo(t, fmt.Sprintf("meanshift_f32 %v", s), down32(t, ms), want, ones(len(want), 2), 1e-4)
		for _, x := range []*buffer{dx, dy, out, du, dv, dg, sum, ms} {
			x.Release()
		}
	}
}

// TestConcurrentUse: ops from many goroutines at once all run on the
// backend's one driver goroutine and give the CPU's results.
func TestConcurrentUse(t *testing.T) {
	b := gpu(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, y := randT(uint64(w), 20+w, 7, 1), randT(uint64(w+100), 7, 9, 1)
			got := b.MatMul(x, y, false, false).Values()
			want := linalg.MatMul(x, y).Values()
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-12*7 {
					errs <- fmt.Errorf("worker %d: element %d is %v, want %v", w, i, got[i], want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestModuleLoadErrorCarriesJITLog: PTX the driver cannot compile gives an
// *Error naming cuModuleLoadDataEx and carrying the JIT compiler's log.
func TestModuleLoadErrorCarriesJITLog(t *testing.T) {
	b := gpu(t)
	bad := strings.Replace(matmulPTX, "ld.param.u64", "ld.param.bogus", 1)
	err := b.do(func() error {
		_, err := loadModule("broken", bad)
		return err
	})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Call, "cuModuleLoadDataEx(broken)") || e.Log == "" {
		t.Fatalf("loading broken PTX: %v; want an *Error of cuModuleLoadDataEx(broken) with the JIT log", err)
	}
	t.Logf("the error, as a user sees it:\n%v", err)
}

// TestLoadModuleOnStub: on the stub driver (CI), loading a module reaches
// the driver and fails there with an *Error; it does not trip cgo's
// pointer checks on the way (the JIT log buffers are C memory). With a GPU
// the load succeeds.
func TestLoadModuleOnStub(t *testing.T) {
	_, err := loadModule("matmul", matmulPTX)
	if _, newErr := New(); newErr == nil {
		if err != nil {
			t.Fatalf("loading the matmul module without a context: %v", err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) || e.Call != "cuModuleLoadDataEx(matmul)" {
		t.Fatalf("loadModule on the stub: %v; want an *Error of cuModuleLoadDataEx(matmul)", err)
	}
}
