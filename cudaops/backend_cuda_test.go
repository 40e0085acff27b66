//go:build cuda

package cudaops

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The tests share one backend (making one loads the modules); gpu skips
// the calling test, saying why, when there is no usable GPU.
var (
	shared     *Backend
	sharedErr  error
	sharedOnce sync.Once
)

func gpu(t testing.TB) *Backend {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = New() })
	if sharedErr != nil {
		t.Skipf("no usable GPU, so the GPU test is skipped: %v", sharedErr)
	}
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "Close:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// TestNewReportsNoGPU: without a usable GPU the process is still alive
// (gorgonia.org/cu's init did not exit it) and New returns an *Error that
// names the failing call. CI runs this binary with the stub libcuda.so.1,
// whose cuInit fails; with EPSILON_EXPECT_GPU=1 (bench/gpu/run.sh) New
// must succeed instead.
func TestNewReportsNoGPU(t *testing.T) {
	b, err := New()
	if os.Getenv("EPSILON_EXPECT_GPU") == "1" {
		if err != nil {
			t.Fatalf("a GPU was expected: %v", err)
		}
		t.Logf("device: %s", b.Device())
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		return
	}
	if err == nil {
		t.Logf("a GPU is present: %s", b.Device())
		b.Close()
		return
	}
	var e *Error
	if !errors.As(err, &e) || e.Call == "" {
		t.Fatalf("New's error %v (%T) is not an *Error naming a call", err, err)
	}
	t.Logf("New without a GPU: %v", err)
}

// layouts are the four (transA, transB) combinations of a product.
var layouts = [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}}

// productOperands returns random operands of op(A)·op(B), m×k times k×n,
// stored for the layout tr (A as k×m when transposed, B as n×k); the same
// seeds for the same sizes.
func productOperands(m, k, n int, tr [2]bool) (a, b *linalg.Tensor) {
	ar, ac, br, bc := m, k, k, n
	if tr[0] {
		ar, ac = k, m
	}
	if tr[1] {
		br, bc = n, k
	}
	return randT(uint64(m+k), ar, ac, 1), randT(uint64(n+k+9), br, bc, 1)
}

func randT(seed uint64, r, c int, scale float64) *linalg.Tensor {
	rng := rand.New(rand.NewPCG(seed, 3))
	v := make([]float64, r*c)
	for i := range v {
		v[i] = scale * (2*rng.Float64() - 1)
	}
	return linalg.New([]int{r, c}, v)
}

func abs(t *linalg.Tensor) *linalg.Tensor {
	return linalg.Map(t, math.Abs)
}

// closeTo compares got with want element by element: |got − want| ≤
// tol·scale_i, NaN only against NaN.
func closeTo(t *testing.T, name string, got, want, scale []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g == w || math.IsNaN(g) && math.IsNaN(w) {
			continue
		}
		if math.IsNaN(g) || math.IsNaN(w) || math.Abs(g-w) > tol*scale[i] {
			t.Fatalf("%s: element %d is %v, want %v (tolerance %g·%g)", name, i, g, w, tol, scale[i])
		}
	}
}

var gpuMatmulShapes = [][3]int{{1, 1, 1}, {1, 7, 1}, {7, 1, 5}, {13, 17, 19}, {131, 37, 5}, {5, 11, 131}, {129, 19, 130}, {257, 300, 263}}

// TestMatMulMatchesCPU: both kernels, every transpose, awkward shapes,
// float64 to 1e-12 of |op(A)|·|op(B)|; the result is a device tensor.
func TestMatMulMatchesCPU(t *testing.T) {
	b := gpu(t)
	for _, naive := range []bool{false, true} {
		b.cfg.NaiveMatMul = naive
		for _, s := range gpuMatmulShapes {
			m, k, n := s[0], s[1], s[2]
			for _, tr := range layouts {
				a, bb := productOperands(m, k, n, tr)
				got := b.MatMul(a, bb, tr[0], tr[1])
				if got.Device() == nil {
					t.Fatal("MatMul's result is not on the device")
				}
				want := linalg.MatMulT(a, bb, tr[0], tr[1])
				scale := linalg.MatMulT(abs(a), abs(bb), tr[0], tr[1]).Values()
				closeTo(t, fmt.Sprintf("naive=%t %v trans=%v", naive, s, tr), got.Values(), want.Values(), scale, 1e-12)
			}
		}
	}
	b.cfg.NaiveMatMul = false
	// Vectors take NumPy's rules.
	v, w := linalg.New([]int{3}, []float64{1, 2, 3}), linalg.New([]int{3}, []float64{4, 5, 6})
	if got := b.MatMul(v, w, false, false); got.Rank() != 0 || got.Item() != 32 {
		t.Fatalf("vector·vector = %v", got)
	}
}

// TestMatMul32: the float32 path (upload, tiled and lesson kernels,
// download) against the CPU to 1e-4 of |A|·|B|.
func TestMatMul32(t *testing.T) {
	b := gpu(t)
	for _, naive := range []bool{false, true} {
		b.cfg.NaiveMatMul = naive
		for _, s := range gpuMatmulShapes {
			m, k, n := s[0], s[1], s[2]
			a, bb := randT(uint64(m), m, k, 1), randT(uint64(n), k, n, 1)
			got, err := b.MatMul32(f32(a.Values()), f32(bb.Values()), m, k, n)
			if err != nil {
				t.Fatal(err)
			}
			want := linalg.MatMul(a, bb).Values()
			closeTo(t, fmt.Sprintf("f32 naive=%t %v", naive, s), f64(got), want, linalg.MatMul(abs(a), abs(bb)).Values(), 1e-4)
		}
	}
	b.cfg.NaiveMatMul = false
}

func f32(v []float64) []float32 {
	o := make([]float32, len(v))
	for i, x := range v {
		o[i] = float32(x)
	}
	return o
}

func f64(v []float32) []float64 {
	o := make([]float64, len(v))
	for i, x := range v {
		o[i] = float64(x)
	}
	return o
}

// TestPairwiseSqDistMatchesCPU: float64 to 1e-12 of the distances' scale;
// equal rows give exactly 0.
func TestPairwiseSqDistMatchesCPU(t *testing.T) {
	b := gpu(t)
	for _, s := range [][3]int{{1, 1, 1}, {1, 5, 3}, {17, 1, 2}, {13, 19, 16}, {31, 17, 17}, {40, 33, 37}, {300, 301, 2}} {
		n, m, d := s[0], s[1], s[2]
		x, y := randT(uint64(n), n, d, 1), randT(uint64(m+1), m, d, 1)
		y.Set(x.At(0, 0), 0, 0)
		for k := 1; k < d; k++ {
			y.Set(x.At(0, k), 0, k)
		}
		got := b.PairwiseSqDist(x, y).Values()
		want := linalg.PairwiseSqDist(x, y).Values()
		scale := make([]float64, len(want))
		for i := range scale {
			scale[i] = 8 * float64(d)
		}
		closeTo(t, fmt.Sprint(s), got, want, scale, 1e-12)
		if got[0] != 0 {
			t.Errorf("%v: distance of equal rows %v", s, got[0])
		}
	}
}

// TestMeanShiftStepMatchesCPU: the fused kernel (d ≤ 16) and the wide one
// against linalg.CPU.MeanShiftStep, float64 to 1e-12 of the coordinates'
// size, including far queries, data near 1e9 and near 1e150, NaN rows and
// the special cases of h and n.
func TestMeanShiftStepMatchesCPU(t *testing.T) {
	b := gpu(t)
	cases := []struct {
		m, n, d        int
		offset, spread float64
		h              float64
	}{
		{1, 1, 1, 0, 1, 0.5}, {1, 7, 2, 0, 1, 0.3}, {130, 257, 2, 0, 10, 2.5}, {129, 3000, 3, 0, 10, 2.5},
		{37, 53, 5, 1e9, 1, 0.2}, {19, 41, 16, 0, 1, 0.7}, {11, 23, 17, 0, 1, 0.7}, {5, 29, 2, 0, 1e4, 1},
		{7, 31, 2, 1e150, 1e150, 1}, {4, 9, 2, 0, 1, -1}, {4, 9, 2, 0, 1, math.NaN()},
	}
	for _, c := range cases {
		y, x := randT(uint64(c.m), c.m, c.d, c.spread), randT(uint64(c.n+5), c.n, c.d, c.spread)
		for _, t := range []*linalg.Tensor{y, x} {
			v := t.Data()
			for i := range v {
				v[i] += c.offset
			}
		}
		if c.m > 3 {
			y.Set(math.NaN(), 2, 0)
		}
		want := linalg.CPU{}.MeanShiftStep(y, x, c.h).Values()
		got := b.MeanShiftStep(y, x, c.h).Values()
		scale := make([]float64, len(want))
		for i, w := range want {
			scale[i] = math.Abs(w) + math.Abs(c.offset) + c.spread
		}
		closeTo(t, fmt.Sprintf("%+v", c), got, want, scale, 1e-12)
	}
	// No data: NaN rows; no queries: empty.
	if got := b.MeanShiftStep(randT(1, 3, 2, 1), linalg.Zeros(0, 2), 1); !math.IsNaN(got.At(0, 0)) {
		t.Errorf("n = 0: %v", got)
	}
	if got := b.MeanShiftStep(linalg.Zeros(0, 2), randT(1, 3, 2, 1), 1); got.Len() != 0 {
		t.Errorf("m = 0: %v", got)
	}
}

// TestMeanShift32: the lesson's blurring mean shift in float32 on the GPU
// against five float64 CPU steps on the same points, to 1e-4 of the data's
// extent.
func TestMeanShift32(t *testing.T) {
	b := gpu(t)
	x := randT(42, 1500, 2, 35)
	got, err := b.MeanShift32(f32(x.Values()), 1500, 2, 2.5, 5)
	if err != nil {
		t.Fatal(err)
	}
	cur := linalg.New([]int{1500, 2}, f64(f32(x.Values())))
	for range 5 {
		cur = linalg.CPU{}.MeanShiftStep(cur, cur, 2.5)
	}
	scale := make([]float64, cur.Len())
	for i := range scale {
		scale[i] = 70
	}
	closeTo(t, "lesson mean shift f32", f64(got), cur.Values(), scale, 1e-4)
}

// TestValuesStayOnDevice: a chain of GPU ops moves its inputs up once and
// nothing down until the result is read, which then moves exactly once.
func TestValuesStayOnDevice(t *testing.T) {
	b := gpu(t)
	up0, down0 := b.BytesMoved()
	x, w, v := randT(1, 40, 30, 1), randT(2, 30, 20, 1), randT(3, 20, 10, 1)
	xw := b.MatMul(x, w, false, false)
	y := b.MatMul(xw, v, false, false)
	d := b.PairwiseSqDist(y, y)
	ms := b.MeanShiftStep(y, y, 1.5)
	up, down := b.BytesMoved()
	if up-up0 != 8*(40*30+30*20+20*10) {
		t.Errorf("uploaded %d bytes, want the three inputs' %d", up-up0, 8*(40*30+30*20+20*10))
	}
	G := 1 // column-range blocks for 40 rows
	if down-down0 != int64(2*8*G*10) {
		t.Errorf("downloaded %d bytes before any read, want only the mean shift's partial ranges (%d)", down-down0, 2*8*G*10)
	}
	closeTo(t, "chained", d.Values(), linalg.PairwiseSqDist(linalg.MatMul(linalg.MatMul(x, w), v), linalg.MatMul(linalg.MatMul(x, w), v)).Values(), ones(40*40, 1e3), 1e-12)
	_ = ms.Values()
	_, down2 := b.BytesMoved()
	if got := down2 - down; got != 8*(40*40+40*10) {
		t.Errorf("reading two results moved %d bytes, want %d", got, 8*(40*40+40*10))
	}
	xw.Release()
	y.Release()
}

func ones(n int, v float64) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = v
	}
	return o
}

// TestGraphGradientsOnGPU: a graph with a matrix product, pairwise
// distances and a mean shift step runs on the GPU backend, and its value
// and gradients equal the CPU graph's to 1e-10.
func TestGraphGradientsOnGPU(t *testing.T) {
	b := gpu(t)
	build := func(be linalg.Backend) (*autodiff.Graph, *autodiff.Node, []*autodiff.Node) {
		g := autodiff.NewOn(be)
		x, w, q := g.Input("x", 30, 4), g.Input("w", 4, 3), g.Input("q", 7, 3)
		x.Set(randT(1, 30, 4, 1))
		w.Set(randT(2, 4, 3, 1))
		q.Set(randT(3, 7, 3, 1))
		p := x.MatMul(w)                        // 30×3 on the GPU
		d := p.PairwiseSqDist(q)                // 30×7 on the GPU
		ms := q.MeanShiftStep(p, g.Scalar(0.8)) // 7×3 on the GPU
		loss := d.Sum().Add(ms.Mul(ms).Sum())
		return g, loss, []*autodiff.Node{x, w, q}
	}
	live0 := liveBuffers(b)
	gg, lg, wg := build(b)
	vg, gradG, err := gg.ValueAndGrad(lg, wg...)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // a second and third run free the first's device values
		if _, _, err := gg.ValueAndGrad(lg, wg...); err != nil {
			t.Fatal(err)
		}
	}
	live := liveBuffers(b)
	gg.Release()
	if n := liveBuffers(b); n != live0 {
		t.Errorf("after the graph's Release: %d device buffers allocated (%d before Release), want none", n-live0, live-live0)
	}
	gc, lc, wc := build(linalg.CPU{})
	vc, gradC, err := gc.ValueAndGrad(lc, wc...)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(vg-vc) > 1e-10*math.Abs(vc) {
		t.Errorf("loss %v on the GPU, %v on the CPU", vg, vc)
	}
	for i := range gradG {
		closeTo(t, "gradient of "+[]string{"x", "w", "q"}[i], gradG[i].Values(), gradC[i].Values(), ones(gradC[i].Len(), 1+maxAbs(gradC[i].Values())), 1e-10)
	}
	up, down := b.BytesMoved()
	t.Logf("bytes moved so far: %d up, %d down", up, down)
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

// TestCloseFrees: Close frees every buffer; a tensor whose values were
// read before keeps them, Release after Close is harmless, and calls after
// Close fail with an *Error.
func TestCloseFrees(t *testing.T) {
	gpu(t) // skip without a GPU
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	x := randT(1, 5, 5, 1)
	y := b.MatMul(x, x, false, false)
	z := b.MatMul(y, x, false, false)
	want := y.Values()[0]
	if n := len(b.live); n == 0 {
		t.Fatal("no live buffers before Close")
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if len(b.live) != 0 {
		t.Errorf("%d buffers live after Close", len(b.live))
	}
	if y.At(0, 0) != want {
		t.Error("a value read before Close was lost")
	}
	z.Release()
	defer func() {
		var e *Error
		if r := recover(); r == nil || !errors.As(r.(error), &e) || !strings.Contains(e.Error(), "closed") {
			t.Errorf("MatMul after Close: recovered %v, want an *Error saying the backend is closed", r)
		}
	}()
	b.MatMul(x, x, false, false)
}

var _ = twin.NaiveTile
