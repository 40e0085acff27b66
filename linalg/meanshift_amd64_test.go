package linalg

import "testing"

// TestMeanShiftPortableFloat32: the portable float32 loop (what runs
// without AVX-512) passes the same checks as the vector kernel, and the
// two agree to float32 rounding.
func TestMeanShiftPortableFloat32(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512: the portable loop is what the other tests ran")
	}
	vector := make([]float32, 2*50)
	y, x := make([]float32, 2*50), make([]float32, 2*333)
	for i := range y {
		y[i] = float32(i%7) * 0.37
	}
	for i := range x {
		x[i] = float32(i%11)*0.29 - float32(i%3)
	}
	MeanShiftRows(vector, y, x, 2, 0.8)
	hasAVX512 = false
	defer func() { hasAVX512 = true }()
	portable := make([]float32, len(vector))
	MeanShiftRows(portable, y, x, 2, 0.8)
	for i := range vector {
		if d := vector[i] - portable[i]; d > 1e-5 || d < -1e-5 {
			t.Errorf("element %d: vector %v, portable %v", i, vector[i], portable[i])
		}
	}
	TestMeanShiftRowsFloat32(t)
	TestGaussianSums2(t)
}
