package gemm

import "testing"

// TestFastAllocatesNothing: after a first call has made the packing
// buffers, products of the engine's shapes (serial and parallel) allocate
// nothing, which the engine's allocation-free training step relies on.
func TestFastAllocatesNothing(t *testing.T) {
	a, b, c := make([]float64, 784*100), make([]float64, 784*100), make([]float64, 784*100)
	for _, s := range [][3]int{{64, 100, 784}, {784, 100, 64}, {5, 10, 7}} {
		m, n, k := s[0], s[1], s[2]
		f := func() { Fast(false, false, m, n, k, a, k, b, n, c, n) }
		f()
		if allocs := testing.AllocsPerRun(50, f); allocs != 0 {
			t.Errorf("Fast %v: %v allocations per call after warm-up, want 0", s, allocs)
		}
	}
}

// TestFastAllocatesNothingPrepacked: the same for a product whose A is
// packed once for several column chunks (a transposed A, a short C).
func TestFastAllocatesNothingPrepacked(t *testing.T) {
	a, b, c := make([]float64, 784*64), make([]float64, 64*100), make([]float64, 784*100)
	f := func() { Fast(true, false, 784, 100, 64, a, 784, b, 100, c, 100) }
	f()
	if allocs := testing.AllocsPerRun(50, f); allocs != 0 {
		t.Errorf("%v allocations per call after warm-up, want 0", allocs)
	}
}
