package fakedevice

import "github.com/epsilon-engine/epsilon/linalg"

// Narrow is the fake device with only the capabilities of the GPU backend
// (cudaops.Backend): the methods of linalg.Backend, linalg.PairwiseDiffer
// and linalg.Mover, and no elementwise kernels or reductions. A graph or
// meanshift.Cluster on it runs those on the CPU, reading device tensors on
// the host, as they do on a GPU, so tests of transfers and device memory
// see what a GPU run would. Make it with NewNarrow.
type Narrow struct{ b *Backend }

var (
	_ linalg.Backend        = (*Narrow)(nil)
	_ linalg.PairwiseDiffer = (*Narrow)(nil)
	_ linalg.Mover          = (*Narrow)(nil)
)

// NewNarrow returns a narrow fake device with nothing moved or allocated.
func NewNarrow() *Narrow { return &Narrow{New()} }

// Counts returns the transfers so far and the buffers still allocated.
func (n *Narrow) Counts() Counts { return n.b.Counts() }

// Close releases every buffer still allocated.
func (n *Narrow) Close() { n.b.Close() }

// Name returns "fake-narrow".
func (n *Narrow) Name() string { return "fake-narrow" }

// BytesMoved returns the bytes copied to the device and to the host.
func (n *Narrow) BytesMoved() (toDevice, toHost int64) { return n.b.BytesMoved() }

// MatMul returns op(a)·op(b) on the device.
func (n *Narrow) MatMul(a, b *linalg.Tensor, transA, transB bool) *linalg.Tensor {
	return n.b.MatMul(a, b, transA, transB)
}

// PairwiseSqDist returns the squared distances on the device.
func (n *Narrow) PairwiseSqDist(x, y *linalg.Tensor) *linalg.Tensor {
	return n.b.PairwiseSqDist(x, y)
}

// MeanShiftStep returns one mean shift update on the device.
func (n *Narrow) MeanShiftStep(y, x *linalg.Tensor, h float64) *linalg.Tensor {
	return n.b.MeanShiftStep(y, x, h)
}

// PairwiseDiffDot returns the inner products of differences on the device.
func (n *Narrow) PairwiseDiffDot(x, y, u, v *linalg.Tensor) *linalg.Tensor {
	return n.b.PairwiseDiffDot(x, y, u, v)
}

// PairwiseDiffSum returns the weighted sums of differences on the device.
func (n *Narrow) PairwiseDiffSum(x, y, g *linalg.Tensor, transG bool) *linalg.Tensor {
	return n.b.PairwiseDiffSum(x, y, g, transG)
}
