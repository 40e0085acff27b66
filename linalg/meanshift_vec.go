package linalg

// prepare readies the vector kernel's copy of the data; without one it
// does nothing.
func (k *meanShiftKernel[F]) prepare(x []F) {}

// vectorRows reports false: this architecture has no vector kernel.
func (k *meanShiftKernel[F]) vectorRows(out, y []F) bool { return false }
