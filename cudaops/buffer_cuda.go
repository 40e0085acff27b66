//go:build cuda

package cudaops

import (
	"fmt"
	"math"
	"unsafe"

	"gorgonia.org/cu"

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
	bytes := int64(x.n * x.elem)
	err := x.b.do(func() error {
		if err := cu.MemcpyDtoH(p, x.ptr, bytes); err != nil {
			return &Error{Call: fmt.Sprintf("cuMemcpyDtoH(%d bytes)", bytes), Err: err}
		}
		return nil
	})
	if err == nil {
		x.b.toHost.Add(bytes)
	}
	return err
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
	return b.do(func() error {
		if err := cu.MemFree(x.ptr); err != nil {
			return &Error{Call: "cuMemFree", Err: err}
		}
		return nil
	})
}

// alloc returns device memory for n ≥ 1 values of elem bytes.
func (b *Backend) alloc(n, elem int) (*buffer, error) {
	x := &buffer{b: b, n: n, elem: elem}
	bytes := int64(n) * int64(elem)
	err := b.do(func() (err error) {
		if x.ptr, err = cu.MemAlloc(bytes); err != nil {
			return &Error{Call: fmt.Sprintf("cuMemAlloc(%d bytes)", bytes), Err: err}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.live[x] = true
	b.mu.Unlock()
	return x, nil
}

// upload copies host memory at p (n values of elem bytes, n ≥ 1) into new
// device memory, counted in BytesMoved.
func (b *Backend) upload(p unsafe.Pointer, n, elem int) (*buffer, error) {
	x, err := b.alloc(n, elem)
	if err != nil {
		return nil, err
	}
	bytes := int64(n * elem)
	err = b.do(func() error {
		if err := cu.MemcpyHtoD(x.ptr, p, bytes); err != nil {
			return &Error{Call: fmt.Sprintf("cuMemcpyHtoD(%d bytes)", bytes), Err: err}
		}
		return nil
	})
	if err != nil {
		x.Release()
		return nil, err
	}
	b.toDevice.Add(bytes)
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

// launch runs kernel name over grid×block with args and waits for it. Each
// argument gets 8 bytes of backing store, as cu's Launch reads 8 bytes per
// parameter and the kernels declare only 8-byte parameters.
func (b *Backend) launch(name string, grid, block launch.Dim3, args ...arg) error {
	vals := make([]uint64, len(args))
	params := make([]unsafe.Pointer, len(args))
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
	if g.X == 0 || g.Y == 0 || g.Z == 0 {
		return nil
	}
	return b.do(func() error {
		fn, ok := b.fns[name]
		if !ok {
			return &Error{Call: "launch " + name, Err: fmt.Errorf("no such kernel")}
		}
		if err := fn.Launch(g.X, g.Y, g.Z, bl.X, bl.Y, bl.Z, 0, cu.NoStream, params); err != nil {
			return &Error{Call: fmt.Sprintf("cuLaunchKernel(%s, grid %v, block %v)", name, g, bl), Err: err}
		}
		if err := cu.Synchronize(); err != nil {
			return &Error{Call: fmt.Sprintf("cuCtxSynchronize after %s", name), Err: err}
		}
		return nil
	})
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
