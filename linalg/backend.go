package linalg

import (
	"errors"
	"fmt"
)

// Backend is where the heavy operations of the autodiff graph run. The CPU
// backend lives in this package; a device backend (a GPU's) implements the
// same interface, so a graph runs unchanged on either. Every method has the
// shapes, panics and special cases of the package-level function of the
// same name; a backend may differ from CPU only by rounding.
//
// Backend holds only the primitives every backend must have. Other work is
// offered through optional capability interfaces (Elementwiser, Reducer,
// PairwiseDiffer, Indexer, MatMulIntoer, Einsumer, Mover; see the package
// documentation) that a backend may implement; callers find them with a
// type assertion, or through the …Of functions, which fall back to the CPU. Adding a capability never breaks a backend.
//
// A backend's results may be device tensors (see OnDevice), and its inputs
// may be host tensors, device tensors of its own, or device tensors of
// another backend; it reads the last on the host.
type Backend interface {
	// Name is a short name for the backend, e.g. "cpu".
	Name() string
	// MatMul returns op(a)·op(b) as MatMulT does.
	MatMul(a, b *Tensor, transA, transB bool) *Tensor
	// PairwiseSqDist returns the n×m squared distances between the rows of
	// x (n×d) and y (m×d), as the function PairwiseSqDist does.
	PairwiseSqDist(x, y *Tensor) *Tensor
	// MeanShiftStep returns one Gaussian mean shift update of the queries y
	// (m×d) against the data x (n×d) with bandwidth h:
	//
	//	out_j = Σ_i w_ji x_i / Σ_i w_ji,  w_ji = exp(−‖y_j − x_i‖² / 2h²)
	//
	// stabilised like a softmax, its differences scaled by MeanShiftScale
	// before squaring and the update centred (see CPU.MeanShiftStep, whose
	// range of finite and accurate results a backend should match).
	MeanShiftStep(y, x *Tensor, h float64) *Tensor
}

// Elementwiser is the capability of running the broadcasting arithmetic on
// the backend's device. Each method does what the package-level function
// of the same name does.
type Elementwiser interface {
	Add(a, b *Tensor) *Tensor
	Sub(a, b *Tensor) *Tensor
	Mul(a, b *Tensor) *Tensor
	Div(a, b *Tensor) *Tensor
	Scale(c float64, t *Tensor) *Tensor
}

// Reducer is the capability of summing along an axis on the backend's
// device, as the function Sum does.
type Reducer interface {
	Sum(t *Tensor, axis int, keepDims bool) *Tensor
}

// Mover is implemented by a backend that moves data between the host and a
// device. BytesMoved returns the bytes it has copied to its device and back
// to the host since it was made: a run on a device backend should move its
// inputs up and its results down, and little else.
type Mover interface {
	BytesMoved() (toDevice, toHost int64)
}

// DeviceFailure is implemented by the errors a device backend panics with
// when its device fails under a method that has no error result: out of
// device memory, a failed kernel launch or copy. Such a failure depends on
// the data's size and the machine, not on a programmer's mistake, so the
// callers that return errors (a graph's Run and the entry points built on
// it, meanshift.Cluster) recover it and return it; shape errors stay
// panics.
type DeviceFailure interface {
	error
	DeviceFailure()
}

// RecoverDeviceFailure, deferred, turns a panic whose value is a
// DeviceFailure into *err (wrapped with what, e.g. "autodiff: Run"), and
// lets any other panic go on.
// A panic whose value is an error wrapping a DeviceFailure counts too.
func RecoverDeviceFailure(err *error, what string) {
	if r := recover(); r != nil {
		if e, ok := r.(error); ok {
			var f DeviceFailure
			if errors.As(e, &f) {
				*err = fmt.Errorf("%s: %w", what, e)
				return
			}
		}
		panic(r)
	}
}

// ElementwiserOf returns b's Elementwiser, or the CPU if b has none.
func ElementwiserOf(b Backend) Elementwiser {
	if e, ok := b.(Elementwiser); ok {
		return e
	}
	return CPU{}
}

// ReducerOf returns b's Reducer, or the CPU if b has none.
func ReducerOf(b Backend) Reducer {
	if r, ok := b.(Reducer); ok {
		return r
	}
	return CPU{}
}

// BytesMoved returns b.BytesMoved() if b is a Mover, else 0, 0: a backend
// that is not a Mover computes on the host and moves nothing.
func BytesMoved(b Backend) (toDevice, toHost int64) {
	if m, ok := b.(Mover); ok {
		return m.BytesMoved()
	}
	return 0, 0
}

// CPU is the pure-Go Backend. Its zero value is ready to use. Its results
// do not depend on GOMAXPROCS: it runs on the calling goroutine, except
// MeanShiftStep, which spreads independent rows over goroutines in chunks
// fixed by the shapes alone. It has
// every capability (it is the fallback), moves nothing and reads device
// tensors on the host.
type CPU struct{}

var (
	_ Backend      = CPU{}
	_ Elementwiser = CPU{}
	_ Reducer      = CPU{}
	_ Einsumer     = CPU{}
)

// Default is the backend the graph engine uses unless told otherwise.
var Default Backend = CPU{}

// Name returns "cpu".
func (CPU) Name() string { return "cpu" }

// MatMul returns op(a)·op(b); see MatMulT.
func (CPU) MatMul(a, b *Tensor, transA, transB bool) *Tensor {
	return MatMulT(a, b, transA, transB)
}

// PairwiseSqDist returns the squared distances between the rows of x and y;
// see the function PairwiseSqDist.
func (CPU) PairwiseSqDist(x, y *Tensor) *Tensor { return PairwiseSqDist(x, y) }

// Add returns a + b; see the function Add.
func (CPU) Add(a, b *Tensor) *Tensor { return Add(a, b) }

// Sub returns a − b; see the function Sub.
func (CPU) Sub(a, b *Tensor) *Tensor { return Sub(a, b) }

// Mul returns a · b elementwise; see the function Mul.
func (CPU) Mul(a, b *Tensor) *Tensor { return Mul(a, b) }

// Div returns a / b; see the function Div.
func (CPU) Div(a, b *Tensor) *Tensor { return Div(a, b) }

// Scale returns c·t; see the function Scale.
func (CPU) Scale(c float64, t *Tensor) *Tensor { return Scale(c, t) }

// Sum returns the sum of t along axis; see the function Sum.
func (CPU) Sum(t *Tensor, axis int, keepDims bool) *Tensor { return Sum(t, axis, keepDims) }
