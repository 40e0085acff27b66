//go:build cuda

package cudaops

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"gorgonia.org/cu"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Backend is a linalg.Backend on an NVIDIA GPU: MatMul, PairwiseSqDist and
// MeanShiftStep run as CUDA kernels (the PTX of kernels/*.cu) and return
// device tensors (linalg.OnDevice), so consecutive GPU ops keep their
// values on the device; it counts the bytes it moves (linalg.Mover). Every
// driver call runs on one goroutine locked to its OS thread, which owns
// the CUDA context. A Backend is safe for concurrent use (the calls queue
// on that goroutine). Close frees its device memory and context.
//
// The methods of linalg.Backend have no error result: a failing driver
// call under them (out of device memory, a failed launch) panics with an
// *Error naming the call. Shape errors panic with a *linalg.ShapeError, as
// on the CPU.
type Backend struct {
	cfg    Config
	calls  chan func()
	stop   chan struct{}
	device string

	fns      map[string]cu.Function // on the driver goroutine only
	nparams  map[string]int         // each kernel's parameter count, from its PTX
	ctx      cu.CUContext
	dev      cu.Device
	retained bool // the primary context is retained

	life   sync.RWMutex // held for reading by every call, for writing by Close
	closed bool         // guarded by life

	mu   sync.Mutex
	live map[*buffer]bool         // allocated and not yet freed; guarded by mu
	idle map[scratchKey][]*buffer // scratch buffers kept for reuse (buffer_cuda.go); guarded by mu
	// idleBytes is the device memory the idle buffers hold; guarded by mu
	idleBytes int64

	counts driverCounts // driver calls by kind (buffer_cuda.go)

	// maxGridY is the most rows of blocks per launch of launchRows (0:
	// CUDA's 65,535); tests lower it to run the slabs on small sizes.
	maxGridY int

	toDevice, toHost atomic.Int64
}

var (
	_ linalg.Backend = (*Backend)(nil)
	_ linalg.Mover   = (*Backend)(nil)
)

// Config chooses the GPU (Device, an ordinal, 0 for the first) and the
// matmul kernel: the tiled one by default, the lesson's one thread per
// output with NaiveMatMul.
type Config struct {
	Device      int
	NaiveMatMul bool
}

// Built reports whether the binary was built with the cuda tag (true).
func Built() bool { return true }

// New returns a backend on the first GPU; see NewWith.
func New() (*Backend, error) { return NewWith(Config{}) }

// NewWith returns a backend on GPU cfg.Device with its kernels loaded. It
// returns an *Error, and holds nothing, when the driver did not initialise
// (no GPU, a driver older than 520, the stub library), the device does not
// exist, or a module fails to load (the error then carries the JIT log).
func NewWith(cfg Config) (*Backend, error) {
	if err := driverInit(); err != nil {
		return nil, err
	}
	b := &Backend{cfg: cfg, calls: make(chan func()), stop: make(chan struct{}), live: map[*buffer]bool{}}
	ready := make(chan error)
	go b.loop(ready)
	if err := <-ready; err != nil {
		return nil, err
	}
	return b, nil
}

// loop is the driver goroutine: it locks its OS thread, makes the context
// current, loads the modules, and then runs calls until Close.
//
// It never unlocks the thread: a goroutine that exits while locked to its
// thread takes the thread with it (Go terminates it, see
// runtime.LockOSThread), so the thread whose current CUDA context was just
// released is not handed to other goroutines with that state.
func (b *Backend) loop(ready chan<- error) {
	runtime.LockOSThread() // for good: see above
	if err := b.start(); err != nil {
		b.release()
		ready <- err
		return
	}
	ready <- nil
	for {
		select {
		case f := <-b.calls:
			f()
		case <-b.stop:
			return
		}
	}
}

func (b *Backend) start() error {
	n, err := cu.NumDevices()
	if err != nil {
		return &Error{Call: "cuDeviceGetCount", Err: err}
	}
	if b.cfg.Device < 0 || b.cfg.Device >= n {
		return &Error{Call: "cuDeviceGet", Err: fmt.Errorf("device %d asked for, %d present", b.cfg.Device, n)}
	}
	if b.dev, err = cu.GetDevice(b.cfg.Device); err != nil {
		return &Error{Call: fmt.Sprintf("cuDeviceGet(%d)", b.cfg.Device), Err: err}
	}
	if b.ctx, err = b.dev.RetainPrimaryCtx(); err != nil {
		return &Error{Call: "cuDevicePrimaryCtxRetain", Err: err}
	}
	b.retained = true
	if err := cu.SetCurrentContext(b.ctx); err != nil {
		return &Error{Call: "cuCtxSetCurrent", Err: err}
	}
	name, err := b.dev.Name()
	if err != nil {
		return &Error{Call: "cuDeviceGetName", Err: err}
	}
	major, _ := b.dev.Attribute(cu.ComputeCapabilityMajor)
	minor, _ := b.dev.Attribute(cu.ComputeCapabilityMinor)
	v := cu.Version()
	b.device = fmt.Sprintf("%s (compute capability %d.%d, CUDA driver API %d.%d)", name, major, minor, v/1000, v%1000/10)
	b.fns = map[string]cu.Function{}
	b.nparams = map[string]int{}
	for _, m := range modules {
		mod, err := loadModule(m.name, *m.ptx)
		if err != nil {
			return err
		}
		params := kernelParams(*m.ptx)
		for _, k := range m.kernels {
			b.nparams[k] = len(params[k])
			fn, err := mod.Function(k)
			if err != nil {
				return &Error{Call: "cuModuleGetFunction(" + k + ")", Err: err}
			}
			b.fns[k] = fn
		}
	}
	return nil
}

// loadModule JIT-compiles PTX (on the driver goroutine); a failure is an
// *Error carrying the JIT compiler's log.
func loadModule(name, ptx string) (cu.Module, error) {
	errBuf, freeErr := cBuffer(16 << 10)
	defer freeErr()
	infoBuf, freeInfo := cBuffer(16 << 10)
	defer freeInfo()
	errLog := &cu.JITErrorLogBuffer{Buffer: errBuf}
	infoLog := &cu.JITInfoLogBuffer{Buffer: infoBuf}
	mod, err := cu.LoadDataEx(ptx, errLog, infoLog)
	if err != nil {
		return mod, &Error{Call: "cuModuleLoadDataEx(" + name + ")", Err: err,
			Log: strings.TrimSpace(cString(errLog.Buffer) + "\n" + cString(infoLog.Buffer))}
	}
	return mod, nil
}

// cString returns the text of a NUL-terminated log buffer.
func cString(buf []byte) string {
	if i := strings.IndexByte(string(buf), 0); i >= 0 {
		buf = buf[:i]
	}
	return string(buf)
}

// release lets go of the context (on the driver goroutine).
func (b *Backend) release() {
	if b.retained {
		_ = b.dev.ReleasePrimaryCtx()
	}
}

var errClosed = errors.New("the backend is closed")

// do runs f on the driver goroutine and returns its error.
// It must not be called from the driver goroutine itself.
func (b *Backend) do(f func() error) error {
	b.life.RLock()
	defer b.life.RUnlock()
	if b.closed {
		return &Error{Call: "cudaops", Err: errClosed}
	}
	b.counts.handOvers.Add(1)
	errc := make(chan error, 1)
	b.calls <- func() { errc <- f() }
	return <-errc
}

// must panics with err if it is not nil (for linalg.Backend's methods).
func must(err error) {
	if err != nil {
		panic(err)
	}
}

// Name returns "cuda".
func (b *Backend) Name() string { return "cuda" }

// Device describes the GPU: its name, compute capability and the driver's
// CUDA version.
func (b *Backend) Device() string { return b.device }

// BytesMoved returns the bytes copied to the device and back to the host
// since the backend was made.
func (b *Backend) BytesMoved() (toDevice, toHost int64) { return b.toDevice.Load(), b.toHost.Load() }

// Close frees every device buffer the backend still holds (device tensors
// not yet read on the host lose their values), releases the context and
// stops the driver goroutine. A second Close, and a Release of a tensor
// after Close, do nothing.
func (b *Backend) Close() error {
	b.life.Lock()
	defer b.life.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	b.mu.Lock()
	bufs := make([]*buffer, 0, len(b.live))
	for x := range b.live { // idle scratch buffers included: they are live
		x.released = true
		bufs = append(bufs, x)
	}
	clear(b.live)
	clear(b.idle)
	b.idleBytes = 0
	b.mu.Unlock()
	var first error
	done := make(chan struct{})
	b.calls <- func() {
		defer close(done)
		for _, x := range bufs {
			if err := cu.MemFree(x.ptr); err != nil && first == nil {
				first = &Error{Call: "cuMemFree", Err: err}
			}
		}
		if err := cu.Synchronize(); err != nil && first == nil {
			first = &Error{Call: "cuCtxSynchronize", Err: err}
		}
		if err := b.dev.ReleasePrimaryCtx(); err != nil && first == nil {
			first = &Error{Call: "cuDevicePrimaryCtxRelease", Err: err}
		}
	}
	<-done
	close(b.stop)
	return first
}
