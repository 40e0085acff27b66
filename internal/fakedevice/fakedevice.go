// Package fakedevice is a linalg.Backend whose device memory is host memory,
// for tests of device residency without a GPU. It computes exactly as
// linalg.CPU does, returns its results as device tensors (linalg.OnDevice),
// uploads the host tensors it is given, and counts every transfer between
// host and device in both directions, and the buffers still allocated.
//
// Only tests import it.
package fakedevice

import (
	"fmt"
	"sync"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Backend is the fake device. Make it with New and free what it still holds
// with Close. It is safe for concurrent use.
type Backend struct {
	mu   sync.Mutex
	c    Counts
	live map[*buffer]bool
}

// Counts are a Backend's transfers since it was made.
type Counts struct {
	Uploads, Downloads int   // copies host → device and device → host
	ToDevice, ToHost   int64 // their bytes
	Live               int   // buffers allocated and not yet released
}

var (
	_ linalg.Backend        = (*Backend)(nil)
	_ linalg.Elementwiser   = (*Backend)(nil)
	_ linalg.Reducer        = (*Backend)(nil)
	_ linalg.Mover          = (*Backend)(nil)
	_ linalg.PairwiseDiffer = (*Backend)(nil)
)

// New returns a fake device with nothing moved and nothing allocated.
func New() *Backend { return &Backend{live: map[*buffer]bool{}} }

// Counts returns the transfers so far.
func (b *Backend) Counts() Counts {
	b.mu.Lock()
	defer b.mu.Unlock()
	c := b.c
	c.Live = len(b.live)
	return c
}

// BytesMoved returns the bytes copied to the device and to the host.
func (b *Backend) BytesMoved() (toDevice, toHost int64) {
	c := b.Counts()
	return c.ToDevice, c.ToHost
}

// Close releases every buffer still allocated; tensors that only had their
// values on the device lose them.
func (b *Backend) Close() {
	b.mu.Lock()
	bufs := make([]*buffer, 0, len(b.live))
	for x := range b.live {
		bufs = append(bufs, x)
	}
	b.mu.Unlock()
	for _, x := range bufs {
		x.Release()
	}
}

// Name returns "fake".
func (b *Backend) Name() string { return "fake" }

// buffer is device memory: a slice the host cannot see but through
// CopyToHost.
type buffer struct {
	owner    *Backend
	data     []float64
	released bool // guarded by owner.mu
}

func (x *buffer) Owner() linalg.Backend { return x.owner }
func (x *buffer) Len() int              { return len(x.data) }

func (x *buffer) CopyToHost(dst []float64) {
	b := x.owner
	b.mu.Lock()
	defer b.mu.Unlock()
	if x.released {
		panic("fakedevice: CopyToHost of a released buffer")
	}
	copy(dst, x.data)
	b.c.Downloads++
	b.c.ToHost += int64(8 * len(x.data))
}

func (x *buffer) Release() {
	b := x.owner
	b.mu.Lock()
	defer b.mu.Unlock()
	if x.released {
		return // freed by Close before its tensor let go of it
	}
	x.released = true
	delete(b.live, x)
}

// alloc registers device memory holding data.
func (b *Backend) alloc(data []float64) *buffer {
	x := &buffer{owner: b, data: data}
	b.mu.Lock()
	b.live[x] = true
	b.mu.Unlock()
	return x
}

// on returns t's values on the device, as a host tensor over device memory
// that only this package's kernels read, and a function to call when the
// kernel is done. A device tensor of b's is used in place; anything else is
// uploaded, and the upload is cached on t if t takes it.
func (b *Backend) on(t *linalg.Tensor) (*linalg.Tensor, func()) {
	if x, ok := t.Device().(*buffer); ok && x.owner == b {
		return linalg.New(t.Shape(), x.data), func() {}
	}
	x := b.alloc(make([]float64, t.Len()))
	t.CopyTo(x.data)
	b.mu.Lock()
	b.c.Uploads++
	b.c.ToDevice += int64(8 * len(x.data))
	b.mu.Unlock()
	done := x.Release
	if t.CacheDevice(x) {
		done = func() {}
	}
	return linalg.New(t.Shape(), x.data), done
}

// result keeps a kernel's output on the device.
func (b *Backend) result(r *linalg.Tensor) *linalg.Tensor {
	// r is a fresh host tensor that nothing else holds: its slice becomes
	// device memory.
	return linalg.OnDevice(r.Shape(), b.alloc(r.Data()))
}

func (b *Backend) unary(t *linalg.Tensor, f func(*linalg.Tensor) *linalg.Tensor) *linalg.Tensor {
	dt, done := b.on(t)
	defer done()
	return b.result(f(dt))
}

func (b *Backend) binary(x, y *linalg.Tensor, f func(x, y *linalg.Tensor) *linalg.Tensor) *linalg.Tensor {
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	return b.result(f(dx, dy))
}

// MatMul returns op(a)·op(b) on the device.
func (b *Backend) MatMul(x, y *linalg.Tensor, transA, transB bool) *linalg.Tensor {
	return b.binary(x, y, func(x, y *linalg.Tensor) *linalg.Tensor { return linalg.MatMulT(x, y, transA, transB) })
}

// PairwiseSqDist returns the squared distances on the device.
func (b *Backend) PairwiseSqDist(x, y *linalg.Tensor) *linalg.Tensor {
	return b.binary(x, y, linalg.PairwiseSqDist)
}

// MeanShiftStep returns one mean shift update on the device.
func (b *Backend) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	return b.binary(y, x, func(y, x *linalg.Tensor) *linalg.Tensor { return linalg.CPU{}.MeanShiftStep(y, x, h) })
}

// PairwiseDiffDot returns the inner products of differences on the device;
// a nil u or v stays nil (zeros), uploading nothing.
func (b *Backend) PairwiseDiffDot(x, y, u, v *linalg.Tensor) *linalg.Tensor {
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	du, doneU := b.onOrNil(u)
	defer doneU()
	dv, doneV := b.onOrNil(v)
	defer doneV()
	return b.result(linalg.PairwiseDiffDot(dx, dy, du, dv))
}

// PairwiseDiffSum returns the weighted sums of differences on the device.
func (b *Backend) PairwiseDiffSum(x, y, g *linalg.Tensor, transG bool) *linalg.Tensor {
	dg, doneG := b.on(g)
	defer doneG()
	return b.binary(x, y, func(x, y *linalg.Tensor) *linalg.Tensor { return linalg.PairwiseDiffSum(x, y, dg, transG) })
}

// onOrNil is on, passing nil through.
func (b *Backend) onOrNil(t *linalg.Tensor) (*linalg.Tensor, func()) {
	if t == nil {
		return nil, func() {}
	}
	return b.on(t)
}

// Add returns a + b on the device.
func (b *Backend) Add(x, y *linalg.Tensor) *linalg.Tensor { return b.binary(x, y, linalg.Add) }

// Sub returns a − b on the device.
func (b *Backend) Sub(x, y *linalg.Tensor) *linalg.Tensor { return b.binary(x, y, linalg.Sub) }

// Mul returns a · b on the device.
func (b *Backend) Mul(x, y *linalg.Tensor) *linalg.Tensor { return b.binary(x, y, linalg.Mul) }

// Div returns a / b on the device.
func (b *Backend) Div(x, y *linalg.Tensor) *linalg.Tensor { return b.binary(x, y, linalg.Div) }

// Scale returns c·t on the device.
func (b *Backend) Scale(c float64, t *linalg.Tensor) *linalg.Tensor {
	return b.unary(t, func(t *linalg.Tensor) *linalg.Tensor { return linalg.Scale(c, t) })
}

// Sum sums along axis on the device.
func (b *Backend) Sum(t *linalg.Tensor, axis int, keepDims bool) *linalg.Tensor {
	return b.unary(t, func(t *linalg.Tensor) *linalg.Tensor { return linalg.Sum(t, axis, keepDims) })
}

// String describes the counts, for test failures.
func (c Counts) String() string {
	return fmt.Sprintf("%d uploads (%d B), %d downloads (%d B), %d live", c.Uploads, c.ToDevice, c.Downloads, c.ToHost, c.Live)
}
