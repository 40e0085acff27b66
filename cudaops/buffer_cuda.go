//go:build cuda

package cudaops

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"unsafe"

	"gorgonia.org/cu"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// buffer is device memory of n values of elem bytes each (8: float64,
// 4: float32). A float64 buffer is a linalg.DeviceBuffer: the backend
// hands it to linalg.OnDevice, and the tensor frees it (Release) when its
// device copy goes stale; Close frees what is left.
type buffer struct {
	b        *Backend
	ptr      cu.DevicePtr
	n, elem  int
	released bool // guarded by b.mu
}

var _ linalg.DeviceBuffer = (*buffer)(nil)

// Owner returns the backend whose device holds the buffer.
func (x *buffer) Owner() linalg.Backend { return x.b }

// Len returns the number of values.
func (x *buffer) Len() int { return x.n }

// CopyToHost downloads the buffer's float64 values into dst (counted in
// BytesMoved). It panics with an *Error if the copy fails or the buffer was
// freed.
func (x *buffer) CopyToHost(dst []float64) {
	if x.elem != 8 || len(dst) != x.n {
		panic(fmt.Sprintf("cudaops: CopyToHost of %d values of %d bytes into %d float64s", x.n, x.elem, len(dst)))
	}
	must(x.download(unsafe.Pointer(unsafe.SliceData(dst))))
}

// download copies the buffer to host memory at p (n·elem bytes).
func (x *buffer) download(p unsafe.Pointer) error {
	if x.n == 0 {
		return nil
	}
	x.b.mu.Lock()
	released := x.released
	x.b.mu.Unlock()
	if released {
		return &Error{Call: "cuMemcpyDtoH", Err: fmt.Errorf("buffer of %d values was freed", x.n)}
	}
	return x.b.do(func() error { return x.b.copyOutOn(x, p, "") })
}

// Release frees the device memory; a second call, or a call after the
// backend's Close, does nothing. A driver error is dropped: nothing can
// be done about memory that will not free.
func (x *buffer) Release() { _ = x.free() }

func (x *buffer) free() error {
	b := x.b
	b.mu.Lock()
	if x.released {
		b.mu.Unlock()
		return nil
	}
	x.released = true
	delete(b.live, x)
	b.mu.Unlock()
	b.counts.frees.Add(1)
	return b.do(func() error {
		if err := cu.MemFree(x.ptr); err != nil {
			return &Error{Call: "cuMemFree", Err: err}
		}
		return nil
	})
}

// alloc returns device memory for n ≥ 1 values of elem bytes. When the
// device is out of memory, it frees the idle scratch buffers (the
// backend's own memory, kept only to save allocations) and tries once more.
func (b *Backend) alloc(n, elem int) (*buffer, error) {
	x, err := b.allocOnce(n, elem)
	if err != nil && errors.Is(err, cu.OutOfMemory) && b.dropIdle() > 0 {
		return b.allocOnce(n, elem)
	}
	return x, err
}

// allocOnce is alloc without the retry.
//
// The buffer joins the live set inside the call on the driver goroutine,
// where b.do holds the backend's lifetime lock for reading, so Close
// (which takes it for writing) runs either before the allocation (which
// then fails: the backend is closed) or after the buffer is live (and
// frees it); never in between, which would leave a buffer Close did not
// free in the live set of a closed backend.
func (b *Backend) allocOnce(n, elem int) (*buffer, error) {
	x := &buffer{b: b, n: n, elem: elem}
	bytes := int64(n) * int64(elem)
	b.counts.allocs.Add(1)
	err := b.do(func() (err error) {
		if x.ptr, err = cu.MemAlloc(bytes); err != nil {
			return &Error{Call: fmt.Sprintf("cuMemAlloc(%d bytes)", bytes), Err: err}
		}
		b.mu.Lock()
		b.live[x] = true
		b.mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// upload copies host memory at p (n values of elem bytes, n ≥ 1) into new
// device memory, counted in BytesMoved.
func (b *Backend) upload(p unsafe.Pointer, n, elem int) (*buffer, error) {
	x, err := b.alloc(n, elem)
	if err != nil {
		return nil, err
	}
	if err := b.do(func() error { return b.copyInOn(x, p) }); err != nil {
		x.Release()
		return nil, err
	}
	return x, nil
}

func upload[T float32 | float64](b *Backend, v []T) (*buffer, error) {
	return b.upload(unsafe.Pointer(unsafe.SliceData(v)), len(v), int(unsafe.Sizeof(v[0])))
}

func download[T float32 | float64](x *buffer) ([]T, error) {
	v := make([]T, x.n)
	if x.n == 0 {
		return v, nil
	}
	return v, x.download(unsafe.Pointer(unsafe.SliceData(v)))
}

// on returns t's values on the device: its own device copy if it has one
// made by b, else an upload, which t keeps (CacheDevice) when it can. done
// frees an upload t did not keep.
func (b *Backend) on(t *linalg.Tensor) (x *buffer, done func()) {
	if x, ok := t.Device().(*buffer); ok && x.b == b && x.elem == 8 {
		return x, func() {}
	}
	host := make([]float64, t.Len())
	t.CopyTo(host)
	x, err := upload(b, host)
	must(err)
	if t.CacheDevice(x) {
		return x, func() {}
	}
	return x, x.Release
}

// arg is a kernel argument: a device pointer, an int or a float64.
type arg any

// launchRows runs kernel name, one whose rows are on grid.y and whose last
// parameter is the row-block offset y0, over grid×block with args and
// waits for it: grid is split into slabs of at most 65,535 rows of blocks
// (twin.Slabs; b.maxGridY in tests), each launched with args and its y0,
// all queued in one hand-over to the driver goroutine and followed by one
// cuCtxSynchronize. The twins run the same slabs.
func (b *Backend) launchRows(name string, grid, block launch.Dim3, args ...arg) error {
	if grid.Y > math.MaxInt32 {
		return &Error{Call: fmt.Sprintf("launch %s (grid %v, block %v)", name, grid, block),
			Err: fmt.Errorf("%d rows of blocks: the kernels' row-block index is 32-bit", grid.Y)}
	}
	args = args[:len(args):len(args)] // append below copies
	return b.do(func() error {
		for _, s := range twin.Slabs(grid, b.maxGridY) {
			if err := b.launchOn(name, s.Grid, block, append(args, s.Y0)...); err != nil {
				return err
			}
		}
		return b.syncOn("after " + name)
	})
}

// launchOn queues kernel name over grid×block with args on the default
// stream and returns without waiting; it must run on the driver goroutine
// (inside b.do), so that several launches and copies cost one hand-over.
// A grid or block outside CUDA's limits (twin.CheckLaunch) is an *Error
// naming the kernel, the grid and the block, returned before the driver
// sees it, and so is a count of args other than the kernel's parameters'
// (in its PTX). Each argument gets 8 bytes of backing store, as cu's
// Launch reads 8 bytes per parameter and the kernels declare only 8-byte
// parameters.
func (b *Backend) launchOn(name string, grid, block launch.Dim3, args ...arg) error {
	var vals [16]uint64
	var params [16]unsafe.Pointer
	if len(args) > len(vals) {
		panic(fmt.Sprintf("cudaops: %d kernel arguments", len(args)))
	}
	for i, a := range args {
		switch v := a.(type) {
		case *buffer:
			vals[i] = uint64(v.ptr)
		case int:
			vals[i] = uint64(int64(v))
		case float64:
			vals[i] = math.Float64bits(v)
		default:
			panic(fmt.Sprintf("cudaops: kernel argument of type %T", a))
		}
		params[i] = unsafe.Pointer(&vals[i])
	}
	g, bl := norm(grid), norm(block)
	if err := twin.CheckLaunch(g, bl); err != nil {
		return &Error{Call: fmt.Sprintf("launch %s (grid %v, block %v)", name, g, bl), Err: err}
	}
	if g.X == 0 || g.Y == 0 || g.Z == 0 {
		return nil
	}
	fn, ok := b.fns[name]
	if !ok {
		return &Error{Call: "launch " + name, Err: fmt.Errorf("no such kernel")}
	}
	if n := b.nparams[name]; n != len(args) {
		return &Error{Call: "launch " + name, Err: fmt.Errorf("%d arguments for the kernel's %d parameters", len(args), n)}
	}
	b.counts.launches.Add(1)
	if err := fn.Launch(g.X, g.Y, g.Z, bl.X, bl.Y, bl.Z, 0, cu.NoStream, params[:len(args)]); err != nil {
		return &Error{Call: fmt.Sprintf("cuLaunchKernel(%s, grid %v, block %v)", name, g, bl), Err: err}
	}
	return nil
}

// syncOn waits for the queued work (cuCtxSynchronize) on the driver
// goroutine; what names the work in the error.
func (b *Backend) syncOn(what string) error {
	b.counts.syncs.Add(1)
	if err := cu.Synchronize(); err != nil {
		return &Error{Call: "cuCtxSynchronize " + what, Err: err}
	}
	return nil
}

// copyInOn copies n·elem bytes from host memory at p into x, on the driver
// goroutine, counted in BytesMoved.
func (b *Backend) copyInOn(x *buffer, p unsafe.Pointer) error {
	bytes := int64(x.n * x.elem)
	b.counts.toDevice.Add(1)
	if err := cu.MemcpyHtoD(x.ptr, p, bytes); err != nil {
		return &Error{Call: fmt.Sprintf("cuMemcpyHtoD(%d bytes)", bytes), Err: err}
	}
	b.toDevice.Add(bytes)
	return nil
}

// copyOutOn copies x to host memory at p on the driver goroutine, counted
// in BytesMoved. The copy is synchronous: it waits for the kernels queued
// before it, so an error of theirs shows here (what, if not empty, names
// them).
func (b *Backend) copyOutOn(x *buffer, p unsafe.Pointer, what string) error {
	bytes := int64(x.n * x.elem)
	b.counts.toHost.Add(1)
	if err := cu.MemcpyDtoH(p, x.ptr, bytes); err != nil {
		call := fmt.Sprintf("cuMemcpyDtoH(%d bytes)", bytes)
		if what != "" {
			call += " after " + what
		}
		return &Error{Call: call, Err: err}
	}
	b.toHost.Add(bytes)
	return nil
}

// driverCounts counts the driver calls of a backend by kind, and the
// hand-overs to its driver goroutine, for tests and benchmarks that check
// how many an operation makes (one mean shift run: one hand-over, one
// upload, one download and the plan's launches, nothing else).
type driverCounts struct {
	handOvers, allocs, frees, toDevice, toHost, launches, syncs atomic.Int64
}

// callCounts is a snapshot of driverCounts.
type callCounts struct {
	HandOvers, Allocs, Frees, Uploads, Downloads, Launches, Syncs int64
}

// driverCounts returns the counts so far.
func (b *Backend) driverCounts() callCounts {
	c := &b.counts
	return callCounts{c.handOvers.Load(), c.allocs.Load(), c.frees.Load(), c.toDevice.Load(), c.toHost.Load(), c.launches.Load(), c.syncs.Load()}
}

// Sub returns c − o, the calls made between two snapshots.
func (c callCounts) Sub(o callCounts) callCounts {
	return callCounts{c.HandOvers - o.HandOvers, c.Allocs - o.Allocs, c.Frees - o.Frees, c.Uploads - o.Uploads,
		c.Downloads - o.Downloads, c.Launches - o.Launches, c.Syncs - o.Syncs}
}

// scratchKey is the size of an idle scratch buffer.
type scratchKey struct{ n, elem int }

// maxIdle bounds the idle scratch buffers kept per size, maxIdleBytes
// the device memory they hold in all sizes together: without it, every
// distinct size a program ever used (MeanShift32 on data sets of many
// sizes, say) would keep its buffers until Close.
const (
	maxIdle      = 4
	maxIdleBytes = 256 << 20
)

// bytes returns the buffer's size in bytes.
func (x *buffer) bytes() int64 { return int64(x.n) * int64(x.elem) }

// scratch returns device memory for n ≥ 1 values of elem bytes for the
// backend's own use within one operation: an idle buffer of that size
// from an earlier operation (recycle), else a new one. Repeated
// operations of one size (a benchmark, Cluster's iterations) so allocate
// nothing after the first. Idle buffers stay in the live set (alloc put
// them there), so Close frees each of them once, with the rest, marks them
// released and empties the pool; a buffer taken from the pool or
// recycled after Close is released, which scratch skips and recycle
// drops (its Release then does nothing).
func (b *Backend) scratch(n, elem int) (*buffer, error) {
	k := scratchKey{n, elem}
	b.mu.Lock()
	for len(b.idle[k]) > 0 {
		l := b.idle[k]
		x := l[len(l)-1]
		b.idle[k] = l[:len(l)-1]
		if !x.released {
			b.idleBytes -= x.bytes()
			b.mu.Unlock()
			return x, nil
		}
	}
	b.mu.Unlock()
	return b.alloc(n, elem)
}

// recycle keeps x, from scratch, for a later scratch of its size (or
// frees it when maxIdle of that size are kept already, or keeping it
// would take the idle buffers past maxIdleBytes).
func (b *Backend) recycle(x *buffer) {
	k := scratchKey{x.n, x.elem}
	b.mu.Lock()
	if !x.released && len(b.idle[k]) < maxIdle && b.idleBytes+x.bytes() <= maxIdleBytes {
		if b.idle == nil {
			b.idle = map[scratchKey][]*buffer{}
		}
		b.idle[k] = append(b.idle[k], x)
		b.idleBytes += x.bytes()
		b.mu.Unlock()
		return
	}
	b.mu.Unlock()
	x.Release()
}

// dropIdle frees every idle scratch buffer and returns how many it freed.
func (b *Backend) dropIdle() int {
	b.mu.Lock()
	var drop []*buffer
	for _, l := range b.idle {
		drop = append(drop, l...)
	}
	clear(b.idle)
	b.idleBytes = 0
	b.mu.Unlock()
	for _, x := range drop {
		x.Release()
	}
	return len(drop)
}

func norm(d launch.Dim3) launch.Dim3 {
	if d.Y == 0 {
		d.Y = 1
	}
	if d.Z == 0 {
		d.Z = 1
	}
	return d
}
