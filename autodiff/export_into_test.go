package autodiff

// AllocateForTest makes g compute every op with its Forward rule, a fresh
// tensor each run, as Run did before it reused buffers: the reference that
// the buffered path must match bit for bit.
func (g *Graph) AllocateForTest() { g.allocate = true }
