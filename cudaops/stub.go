//go:build !cuda

package cudaops

import "github.com/epsilon-engine/epsilon/linalg"

// Backend is the GPU backend. In this binary, built without the cuda tag,
// there is none: New returns ErrNotBuilt and no Backend is ever made, so
// its methods are unreachable (they panic with ErrNotBuilt).
type Backend struct{ _ int }

var (
	_ linalg.Backend        = (*Backend)(nil)
	_ linalg.Mover          = (*Backend)(nil)
	_ linalg.PairwiseDiffer = (*Backend)(nil)
	_ linalg.Einsumer       = (*Backend)(nil)
)

// Config chooses the device and the matmul kernel; see the cuda build.
type Config struct {
	Device      int
	NaiveMatMul bool
}

// New returns ErrNotBuilt: this binary has no GPU backend.
func New() (*Backend, error) { return nil, ErrNotBuilt }

// NewWith returns ErrNotBuilt: this binary has no GPU backend.
func NewWith(Config) (*Backend, error) { return nil, ErrNotBuilt }

// Built reports whether the binary was built with the cuda tag (false).
func Built() bool { return false }

func (*Backend) Name() string                                           { panic(ErrNotBuilt) }
func (*Backend) Device() string                                         { panic(ErrNotBuilt) }
func (*Backend) Close() error                                           { return nil }
func (*Backend) BytesMoved() (toDevice, toHost int64)                   { return 0, 0 }
func (*Backend) MatMul(a, b *linalg.Tensor, tA, tB bool) *linalg.Tensor { panic(ErrNotBuilt) }
func (*Backend) PairwiseSqDist(x, y *linalg.Tensor) *linalg.Tensor      { panic(ErrNotBuilt) }
func (*Backend) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	panic(ErrNotBuilt)
}
func (*Backend) PairwiseDiffDot(x, y, u, v *linalg.Tensor) *linalg.Tensor { panic(ErrNotBuilt) }
func (*Backend) PairwiseDiffSum(x, y, g *linalg.Tensor, transG bool) *linalg.Tensor {
	panic(ErrNotBuilt)
}
func (*Backend) Einsum(spec *linalg.EinsumSpec, operands ...*linalg.Tensor) *linalg.Tensor {
	panic(ErrNotBuilt)
}
func (*Backend) MatMul32(a, b []float32, m, k, n int) ([]float32, error) { return nil, ErrNotBuilt }
func (*Backend) MeanShift32(x []float32, n, d int, h float64, iters int) ([]float32, error) {
	return nil, ErrNotBuilt
}
