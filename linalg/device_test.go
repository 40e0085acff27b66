package linalg_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

func randT(rng *rand.Rand, shape ...int) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	d := t.Data()
	for i := range d {
		d[i] = rng.NormFloat64()
	}
	return t
}

// sameValues fails unless got and want have the same shape and bitwise the
// same values (NaN equal to NaN).
func sameValues(t *testing.T, name string, got, want *linalg.Tensor) {
	t.Helper()
	if !linalg.SameShape(got.Shape(), want.Shape()) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape(), want.Shape())
	}
	for i := range got.Len() {
		g, w := at(got, i), at(want, i)
		if g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
			t.Fatalf("%s: element %d = %v, want %v", name, i, g, w)
		}
	}
}

// at reads flat element i without Data (which would count as a write).
func at(t *linalg.Tensor, i int) float64 { return t.Reshape(-1).At(i) }

func wantCounts(t *testing.T, name string, fd *fakedevice.Backend, uploads, downloads int) {
	t.Helper()
	if c := fd.Counts(); c.Uploads != uploads || c.Downloads != downloads {
		t.Fatalf("%s: %v, want %d uploads and %d downloads", name, c, uploads, downloads)
	}
}

// TestDeviceOpsStayOnDevice: a chain of device ops uploads each host input
// once per op that reads it and never copies an intermediate to the host;
// reading the result on the host copies it down once, however often it is
// read; and every result equals the CPU's.
func TestDeviceOpsStayOnDevice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, b := randT(rng, 3, 4), randT(rng, 4, 5)
	fd := fakedevice.New()
	var cpu linalg.CPU

	c := fd.MatMul(a, b, false, false) // uploads a, b
	d := fd.MatMul(c, b, false, true)  // c stays; uploads b: 3×4
	e := fd.PairwiseSqDist(d, a)       // uploads a: 3×3
	m := fd.MeanShiftStep(d, a, 0.7)   // uploads a: 3×4
	wantCounts(t, "device chain", fd, 5, 0)
	if up, down := linalg.BytesMoved(fd); up != 8*(12+20+20+12+12) || down != 0 {
		t.Errorf("BytesMoved = %d, %d, want %d, 0", up, down, 8*(12+20+20+12+12))
	}
	for name, x := range map[string]*linalg.Tensor{"c": c, "d": d, "e": e, "m": m} {
		if x.Device() == nil {
			t.Errorf("%s is not on the device", name)
		}
	}

	// Host reads: each result downloads exactly once, however often read.
	cc := cpu.MatMul(a, b, false, false)
	dc := cpu.MatMul(cc, b, false, true)
	sameValues(t, "MatMul", c, cc)
	sameValues(t, "MatMul·Bᵀ", d, dc)
	sameValues(t, "PairwiseSqDist", e, cpu.PairwiseSqDist(dc, a))
	sameValues(t, "MeanShiftStep", m, cpu.MeanShiftStep(dc, a, 0.7))
	wantCounts(t, "after reading 4 results", fd, 5, 4)
	_ = d.String()
	_ = linalg.Sum(d, 0, false) // a CPU op reading a device tensor
	_ = linalg.NormL2(d)
	sameValues(t, "MatMul·Bᵀ again", d, dc)
	wantCounts(t, "after reading d again", fd, 5, 4)
	if d.Device() == nil {
		t.Error("a host read dropped the device copy")
	}
	// A device op on d after the read still needs no upload.
	fd.Scale(2, d)
	wantCounts(t, "device op after host read", fd, 5, 4)
}

// TestDeviceWriteInvalidates: a host write makes the device copy stale (and
// frees it); the next device op uploads again, and the upload is kept, so a
// second op does not. Data hands out the slice, so after it every device op
// uploads.
func TestDeviceWriteInvalidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a, b := randT(rng, 2, 3), randT(rng, 3, 3)
	fd := fakedevice.New()
	r := fd.MatMul(a, b, false, false)
	wantCounts(t, "made", fd, 2, 0)
	live := fd.Counts().Live // r's buffer; the uploads of a and b were freed
	if live != 1 {
		t.Fatalf("live buffers = %d, want 1 (r)", live)
	}

	r.Set(10, 0, 0) // downloads r, writes, frees the stale device copy
	wantCounts(t, "after Set", fd, 2, 1)
	if r.Device() != nil || fd.Counts().Live != 0 {
		t.Fatalf("after Set: Device() = %v, live = %d; want nil, 0", r.Device(), fd.Counts().Live)
	}
	want := linalg.MatMul(a, b)
	want.Set(10, 0, 0)
	sameValues(t, "r after Set", r, want)

	s := fd.MatMul(r, b, false, false) // uploads r (kept) and b
	wantCounts(t, "first op after Set", fd, 4, 1)
	fd.MatMul(r, b, false, false) // r's upload is cached: only b
	wantCounts(t, "second op after Set", fd, 5, 1)
	sameValues(t, "op on written r", s, linalg.MatMul(want, b))

	r.Data()[1] = 20 // Data is a write, and hands the slice out
	fd.MatMul(r, b, false, false)
	fd.MatMul(r, b, false, false)
	wantCounts(t, "ops after Data", fd, 9, 2) // r and b uploaded by each op; the download is s's
	want.Set(20, 0, 1)
	sameValues(t, "r after Data", r, want)
	if r.Device() != nil {
		t.Error("a tensor whose slice Data handed out kept a device copy")
	}
}

// TestDeviceViews: a Reshape view of a device tensor is on the device too;
// a Row view is read on the host; writing through either is seen by the
// other and makes the shared device copy stale.
func TestDeviceViews(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	a, b := randT(rng, 2, 3), randT(rng, 3, 4)
	fd := fakedevice.New()
	r := fd.MatMul(a, b, false, false) // 2×4
	want := linalg.MatMul(a, b)

	v := r.Reshape(4, 2)
	if v.Device() == nil || v.Device() != r.Device() {
		t.Fatal("a Reshape view does not share the device copy")
	}
	fd.MatMul(v, linalg.Zeros(2, 1), false, false) // v in place, uploads the zeros
	wantCounts(t, "op on a Reshape view", fd, 3, 0)

	row := r.Row(1)
	if row.Device() != nil {
		t.Error("a Row view reports a device buffer")
	}
	sameValues(t, "Row(1)", row, want.Row(1))
	sameValues(t, "Reshape", v, want.Reshape(4, 2))
	wantCounts(t, "reading row and reshape", fd, 3, 1) // one download serves both

	row.Set(-1, 2)
	if r.At(1, 2) != -1 || v.At(3, 0) != -1 {
		t.Errorf("write through a Row view not seen: r[1,2] = %v, v[3,0] = %v", r.At(1, 2), v.At(3, 0))
	}
	if r.Device() != nil || v.Device() != nil {
		t.Error("write through a Row view left the parent's device copy")
	}
	want.Set(-1, 1, 2)
	sameValues(t, "op after row write", fd.MatMul(v, linalg.Full(1, 2, 1), false, false), linalg.MatMul(want.Reshape(4, 2), linalg.Full(1, 2, 1)))
}

// TestDeviceConcurrentReads: many goroutines reading one device tensor
// download it once (run with -race).
func TestDeviceConcurrentReads(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	a := randT(rng, 8, 8)
	fd := fakedevice.New()
	r := fd.MatMul(a, a, false, true)
	want := linalg.MatMulT(a, a, false, true)
	var wg sync.WaitGroup
	sums := make([]float64, 8)
	for g := range sums {
		wg.Go(func() {
			sums[g] = linalg.SumAll(r) + r.At(g, g) + r.Row(g).At(0)
		})
	}
	wg.Wait()
	for g, s := range sums {
		if w := linalg.SumAll(want) + want.At(g, g) + want.At(g, 0); s != w {
			t.Errorf("goroutine %d read %v, want %v", g, s, w)
		}
	}
	wantCounts(t, "concurrent reads", fd, 2, 1)
}

// TestDeviceRelease: Release frees device memory now; values read on the
// host before survive, values never read are gone and reading them panics.
func TestDeviceRelease(t *testing.T) {
	a := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	fd := fakedevice.New()
	kept, lost := fd.Scale(2, a), fd.Scale(3, a)
	if got := kept.At(1, 1); got != 8 {
		t.Fatalf("kept[1,1] = %v", got)
	}
	kept.Release()
	lost.Release()
	if c := fd.Counts(); c.Live != 0 {
		t.Errorf("after Release: %v, want 0 live", c)
	}
	if got := kept.At(0, 1); got != 4 {
		t.Errorf("kept[0,1] after Release = %v, want 4", got)
	}
	var se *linalg.ShapeError
	if err := panicErr(func() { lost.At(0, 0) }); !errors.As(err, &se) {
		t.Errorf("reading a released, never-read tensor: panic %v, want a *ShapeError", err)
	}
	a.Release() // a host tensor: nothing to do
	fd.Close()
}

// TestCapabilities: the helpers find a backend's capabilities and fall back
// to the CPU for one that lacks them.
func TestCapabilities(t *testing.T) {
	fd := fakedevice.New()
	if linalg.ElementwiserOf(fd) != linalg.Elementwiser(fd) || linalg.ReducerOf(fd) != linalg.Reducer(fd) {
		t.Error("ElementwiserOf/ReducerOf did not return the fake's own")
	}
	var bare linalg.Backend = bareBackend{}
	if _, ok := linalg.ElementwiserOf(bare).(linalg.CPU); !ok {
		t.Error("ElementwiserOf a backend without it is not the CPU")
	}
	if _, ok := linalg.ReducerOf(bare).(linalg.CPU); !ok {
		t.Error("ReducerOf a backend without it is not the CPU")
	}
	if up, down := linalg.BytesMoved(linalg.CPU{}); up != 0 || down != 0 {
		t.Errorf("BytesMoved(CPU) = %d, %d", up, down)
	}
	// The CPU fallback reads a device tensor on the host.
	x := fd.Scale(1, linalg.New([]int{2}, []float64{1, 2}))
	if got := linalg.ReducerOf(bare).Sum(x, 0, false).Item(); got != 3 {
		t.Errorf("CPU Sum of a device tensor = %v", got)
	}
	// A tensor from another device is read on the host and uploaded.
	other := fakedevice.New()
	y := other.Scale(1, x)
	fd.Scale(1, y)
	if c := other.Counts(); c.Downloads != 1 {
		t.Errorf("other device: %v, want 1 download", c)
	}
}

// bareBackend has only the required methods.
type bareBackend struct{}

func (bareBackend) Name() string { return "bare" }
func (bareBackend) MatMul(a, b *linalg.Tensor, ta, tb bool) *linalg.Tensor {
	return linalg.MatMulT(a, b, ta, tb)
}
func (bareBackend) PairwiseSqDist(x, y *linalg.Tensor) *linalg.Tensor {
	return linalg.PairwiseSqDist(x, y)
}
func (bareBackend) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	return linalg.CPU{}.MeanShiftStep(y, x, h)
}

// panicErr runs f and returns its panic value as an error (nil if none).
func panicErr(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = errors.New("non-error panic")
			}
		}
	}()
	f()
	return nil
}

// TestDeviceReadOnlyAccess: Values and Summary read a device tensor on the
// host without evicting it: one download, the device copy kept, and the next
// device op uploads nothing.
func TestDeviceReadOnlyAccess(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	fd := fakedevice.New()
	defer fd.Close()
	a := fd.Add(randT(rng, 3, 4), randT(rng, 3, 4))
	before := fd.Counts()
	_ = linalg.Summary(a)
	v := a.Values()
	if len(v) != 12 {
		t.Fatalf("Values has %d elements, want 12", len(v))
	}
	if a.Device() == nil {
		t.Fatal("Summary or Values evicted the device copy")
	}
	fd.Scale(2, a)
	after := fd.Counts()
	if after.Downloads-before.Downloads != 1 || after.Uploads != before.Uploads {
		t.Errorf("reading twice and a device op: %v then %v; want one download and no upload", before, after)
	}
}

// TestConcatKeepsCallerSlice: Concat of device tensors reads them on the
// host without replacing the caller's tensors by host views.
func TestConcatKeepsCallerSlice(t *testing.T) {
	fd := fakedevice.New()
	defer fd.Close()
	a := fd.Add(linalg.New([]int{2}, []float64{1, 2}), linalg.Zeros(2))
	ts := []*linalg.Tensor{a, linalg.New([]int{1}, []float64{3})}
	out := linalg.Concat(0, ts...)
	if ts[0] != a || a.Device() == nil {
		t.Error("Concat replaced the caller's device tensor")
	}
	if got := out.Values(); got[0] != 1 || got[2] != 3 {
		t.Errorf("Concat = %v", got)
	}
}

// TestReleaseAfterClose: a backend's Close frees what its tensors still
// hold; a tensor letting go of its buffer afterwards (Set, Release) is
// harmless.
func TestReleaseAfterClose(t *testing.T) {
	fd := fakedevice.New()
	a := fd.Add(linalg.New([]int{2}, []float64{1, 2}), linalg.Zeros(2))
	_ = a.Values()
	fd.Close()
	a.Set(5, 0)
	a.Release()
	if got := a.Values(); got[0] != 5 || got[1] != 2 {
		t.Errorf("after Close and Set: %v", got)
	}
}

// TestStageUploadsOnce: a host tensor given to three device ops is uploaded
// three times; staged, it is uploaded once and the copy reused, with the
// same results. Releasing the staged tensor frees that copy and leaves its
// values readable, without a download; a write through it makes the next op
// upload again; a device tensor stages as itself.
func TestStageUploadsOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	a, b := randT(rng, 3, 4), randT(rng, 4, 2)
	fd := fakedevice.New()
	defer fd.Close()
	for range 3 {
		fd.MatMul(a, b, false, false).Release()
	}
	if c := fd.Counts(); c.Uploads != 6 {
		t.Fatalf("host operands: %v, want 6 uploads", c)
	}
	s := linalg.Stage(a)
	var got *linalg.Tensor
	for range 3 {
		got = fd.MatMul(s, b, false, false)
	}
	if c := fd.Counts(); c.Uploads != 6+1+3 || c.ToDevice != 8*(6*(12+8)/2+12+3*8) {
		t.Fatalf("staged operand: %v, want 10 uploads in all (a once, b three times)", c)
	}
	sameValues(t, "staged product", got, linalg.MatMul(a, b))
	if s.Device() == nil {
		t.Fatal("the staged tensor did not keep its upload")
	}
	live := fd.Counts().Live
	s.Release()
	if c := fd.Counts(); c.Live != live-1 || s.Device() != nil {
		t.Fatalf("after Release of the staged tensor: %v, device copy %v", c, s.Device() != nil)
	}
	sameValues(t, "staged values after Release", s, a)
	if c := fd.Counts(); c.Downloads != 1 { // got's values, read above
		t.Fatalf("reading the staged tensor downloaded: %v", c)
	}
	fd.MatMul(s, b, false, false).Release() // uploads s again, keeps it
	s.Set(5, 0, 0)                          // stale
	up := fd.Counts().Uploads
	fd.MatMul(s, b, false, false).Release()
	if c := fd.Counts(); c.Uploads != up+2 || a.At(0, 0) != 5 {
		t.Fatalf("after a write through the staged tensor: %v, a[0,0] = %v; want a fresh upload and the write in a", c, a.At(0, 0))
	}
	if d := fd.MatMul(a, b, false, false); linalg.Stage(d) != d {
		t.Error("a device tensor was not staged as itself")
	}
	if e := linalg.Zeros(0, 3); linalg.Stage(e) != e {
		t.Error("an empty tensor was not staged as itself")
	}
}
