package linalg

import "sync"

// DeviceBuffer is a tensor's data held by a backend in its device's memory
// (a GPU's, say). The CPU backend never makes one. A backend wraps its
// result in a tensor with OnDevice, and reads a tensor's buffer back with
// Tensor.Device; package linalg only ever asks a buffer to copy itself to
// the host or to free itself, so a buffer's representation is the backend's
// own business.
type DeviceBuffer interface {
	// Owner is the backend whose device holds the buffer. A backend given a
	// tensor whose buffer another backend owns reads it on the host (which
	// downloads it from the other device) and uploads it to its own.
	Owner() Backend
	// Len is the number of float64 values in the buffer.
	Len() int
	// CopyToHost copies the buffer's Len() values into dst, whose length is
	// Len(). A backend that implements Mover counts these bytes as moved to
	// the host.
	CopyToHost(dst []float64)
	// Release frees the device memory. The tensor that owns the buffer calls
	// it once, when its device copy becomes stale or on Tensor.Release; the
	// backend's own Close may have freed it before, so a second call must do
	// nothing. Nothing calls it from a finalizer.
	Release()
}

// storage is the data of a tensor made by OnDevice, shared by every Reshape
// and Row view of it. It holds a device copy, a host copy, or both (then
// they are equal). The mutex makes the lazy download safe under concurrent
// reads. Host tensors have no storage: their data is Tensor.data alone.
type storage struct {
	mu   sync.Mutex
	n    int
	buf  DeviceBuffer // the device copy; nil when stale or released
	host []float64    // the host copy; nil until the first host read
	// pinned is set once Data has handed out the host slice: the caller
	// may write through it at any time, so no device copy may be kept
	// again (CacheDevice refuses).
	pinned bool
}

// devView is the part of a storage that one tensor sees: n values from
// offset off (a Row view sees one row of its parent).
type devView struct {
	st     *storage
	off, n int
}

// OnDevice returns a tensor of the given shape whose values are buf, in
// row-major order, on buf's device. It is how a backend returns a result
// without copying it to the host. The tensor takes ownership of buf: it
// releases buf when a host write makes the device copy stale or when
// Release is called, so the caller must not release or reuse it. OnDevice
// panics with a *ShapeError if buf is nil or does not hold product(shape)
// values.
func OnDevice(shape []int, buf DeviceBuffer) *Tensor {
	n := numel("OnDevice", shape)
	if buf == nil {
		panic(shapeErrorf("OnDevice", "nil buffer for shape %v", shape))
	}
	if buf.Len() != n {
		panic(shapeErrorf("OnDevice", "buffer of %d values for shape %v (want %d)", buf.Len(), shape, n))
	}
	st := &storage{n: n, buf: buf}
	return &Tensor{shape: append([]int{}, shape...), dev: &devView{st: st, n: n}}
}

// Device returns t's device copy, or nil if t has none: a host tensor, a
// device tensor written on the host since (its copy is stale), a released
// one, or a Row view (which sees part of a buffer; a backend reads a row on
// the host instead). A non-nil buffer holds exactly t's values, and a
// backend may read it until t is next written or released.
func (t *Tensor) Device() DeviceBuffer {
	v := t.dev
	if v == nil {
		return nil
	}
	v.st.mu.Lock()
	defer v.st.mu.Unlock()
	if v.off != 0 || v.n != v.st.n {
		return nil
	}
	return v.st.buf
}

// CacheDevice offers buf, a device copy a backend just made of t's current
// values (an upload), as t's device copy, so that the next device op given t
// need not upload it again. It reports whether t took it (and with it the
// ownership of buf, as OnDevice does). Only a tensor made by OnDevice, or a
// Reshape view of one, that has no device copy and whose host slice Data
// has never handed out can take one; otherwise the caller keeps buf and
// releases it when done. Host tensors never take one: a write through a
// slice they handed out, or through a view of them, could not mark it stale.
func (t *Tensor) CacheDevice(buf DeviceBuffer) bool {
	v := t.dev
	if v == nil || buf == nil || buf.Len() != v.n {
		return false
	}
	v.st.mu.Lock()
	defer v.st.mu.Unlock()
	if v.off != 0 || v.n != v.st.n || v.st.buf != nil || v.st.pinned {
		return false
	}
	v.st.buf = buf
	return true
}

// Stage returns a tensor that reads t's values and can keep a device copy
// of them: the first device op given it uploads it and keeps the upload
// (CacheDevice takes it), and every later device op reuses that copy, where
// t itself, a host tensor, would be uploaded again by each op that reads it.
// It is for a span of work in which t is not written, such as one run of a
// graph: the staged tensor shares t's memory (nothing is copied on the
// host), so a write to t meanwhile is not seen by a device copy already
// made. Release the staged tensor at the end of the span to free its device
// copy; its values stay readable. A device tensor, or an empty one, is
// returned as it is.
func Stage(t *Tensor) *Tensor {
	t.notNil("Stage")
	if t.dev != nil || len(t.data) == 0 {
		return t
	}
	n := len(t.data)
	st := &storage{n: n, host: t.data[:n:n]}
	return &Tensor{shape: t.Shape(), dev: &devView{st: st, n: n}}
}

// CopyTo copies t's values in row-major order into dst, which must have
// t.Len() elements (it panics with a *ShapeError otherwise). For a device
// tensor this is a host read: the values are downloaded once and the host
// copy kept. A backend uploads a tensor it was given through CopyTo, which,
// unlike Data, leaves t able to cache the upload.
func (t *Tensor) CopyTo(dst []float64) {
	t.notNil("CopyTo")
	if len(dst) != t.Len() {
		panic(shapeErrorf("CopyTo", "%d destination elements for shape %v", len(dst), t.shape))
	}
	copy(dst, t.hostView().data)
}

// Release frees t's device copy now, for t and every view of its data; a
// graph or a loop that makes many device tensors calls it on those it no
// longer needs (a backend's own Close frees whatever is left). The values
// survive if they were read on the host before; a device tensor never read
// on the host has then lost them, and reading it panics. Release of a host
// tensor does nothing.
func (t *Tensor) Release() {
	if t.dev == nil {
		return
	}
	st := t.dev.st
	st.mu.Lock()
	defer st.mu.Unlock()
	st.drop()
}

// drop releases the device copy; st.mu is held.
func (st *storage) drop() {
	if st.buf != nil {
		st.buf.Release()
		st.buf = nil
	}
}

// hostView returns a host tensor with t's shape and values: t itself for a
// host tensor (no copy, no allocation), and for a device tensor a view of
// its host copy, downloaded on the first call. Every CPU operation reads its
// operands through it.
func (t *Tensor) hostView() *Tensor {
	t.notNil("read")
	if t.dev == nil {
		return t
	}
	return &Tensor{shape: t.shape, data: t.dev.read(readOnly)}
}

// Ways a tensor's values are read on the host.
const (
	readOnly = iota // a read: the device copy stays valid
	write           // a write (Set): the device copy is now stale
	handOut         // Data: a write, and the slice may be written at any time
)

// read returns the view's values on the host, downloading them if there is
// no host copy yet, and applies mode.
func (v *devView) read(mode int) []float64 {
	st := v.st
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.host == nil {
		if st.buf == nil {
			panic(shapeErrorf("read", "device tensor of %d values was released before it was read on the host", st.n))
		}
		h := make([]float64, st.n)
		st.buf.CopyToHost(h)
		st.host = h
	}
	if mode != readOnly {
		st.drop()
	}
	if mode == handOut {
		st.pinned = true
	}
	end := v.off + v.n
	return st.host[v.off:end:end]
}
