package linalg

// Backend is where the heavy operations of the autodiff graph run. The CPU
// backend lives in this package; a GPU backend (package cudaops) implements
// the same interface, so a graph runs unchanged on either. Every method has
// the shapes, panics and special cases of the package-level function of the
// same name; a backend may differ from CPU only by rounding.
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
	// stabilised like a softmax (see CPU.MeanShiftStep).
	MeanShiftStep(y, x *Tensor, h float64) *Tensor
}

// CPU is the pure-Go Backend. Its zero value is ready to use. It runs on the
// calling goroutine, so its results do not depend on GOMAXPROCS.
type CPU struct{}

var _ Backend = CPU{}

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
