package cudaops

import (
	"github.com/epsilon-engine/epsilon/linalg"
)

// The API is the same in both builds (with and without the cuda tag), so
// that code using the backend compiles either way: these assertions are
// compiled in both.
var (
	_ linalg.Backend        = (*Backend)(nil)
	_ linalg.Mover          = (*Backend)(nil)
	_ linalg.PairwiseDiffer = (*Backend)(nil)
	_ linalg.Einsumer       = (*Backend)(nil)
	_ linalg.DeviceFailure  = (*Error)(nil)
	_ interface {
		Device() string
		Close() error
		MatMul32(a, b []float32, m, k, n int) ([]float32, error)
		MeanShift32(x []float32, n, d int, h float64, iters int) ([]float32, error)
	} = (*Backend)(nil)
	_ func() (*Backend, error)       = New
	_ func(Config) (*Backend, error) = NewWith
	_ func() bool                    = Built
	_                                = Config{Device: 0, NaiveMatMul: false}
	_ error                          = ErrNotBuilt
)
