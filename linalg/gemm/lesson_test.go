package gemm

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// readCSV reads a file of comma-separated numbers, one matrix row a line.
func readCSV(t *testing.T, path string) (rows, cols int, data []float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for i, rec := range recs {
		if i > 0 && len(rec) != cols {
			t.Fatalf("%s line %d: %d fields, want %d", path, i+1, len(rec), cols)
		}
		cols = len(rec)
		for j, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s line %d field %d: %v", path, i+1, j+1, err)
			}
			data = append(data, v)
		}
	}
	return len(recs), cols, data
}

// TestLessonFixture: the lesson's 5 MNIST rows scaled by 1/256 times its
// 784×10 weights give lesson12_t1.csv (printed to 6 decimals) to 1e-4, on
// every rung in float64 and float32.
func TestLessonFixture(t *testing.T) {
	m, k, x := readCSV(t, "testdata/lesson12_mnist_valid5.csv")
	kw, n, w := readCSV(t, "testdata/lesson12_weights.csv")
	mt, nt, want := readCSV(t, "testdata/lesson12_t1.csv")
	if m != 5 || k != 784 || kw != 784 || n != 10 || mt != 5 || nt != 10 {
		t.Fatalf("fixture shapes %d×%d, %d×%d, %d×%d; want 5×784, 784×10, 5×10", m, k, kw, n, mt, nt)
	}
	for i := range x {
		x[i] /= 256
	}
	x32, w32 := make([]float32, len(x)), make([]float32, len(w))
	for i, v := range x {
		x32[i] = float32(v)
	}
	for i, v := range w {
		w32[i] = float32(v)
	}
	for _, r := range Rungs() {
		c, c32 := make([]float64, m*n), make([]float32, m*n)
		r.F64(false, false, m, n, k, x, k, w, n, c, n)
		r.F32(false, false, m, n, k, x32, k, w32, n, c32, n)
		for i := range want {
			if d := math.Abs(c[i] - want[i]); !(d <= 1e-4) {
				t.Errorf("%s float64: C[%d] = %.6f, lesson %.6f", r.Name, i, c[i], want[i])
			}
			if d := math.Abs(float64(c32[i]) - want[i]); !(d <= 1e-4) {
				t.Errorf("%s float32: C[%d] = %.6f, lesson %.6f", r.Name, i, c32[i], want[i])
			}
		}
	}
}
