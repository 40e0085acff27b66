package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// shapes of products m×k · k×n: 1×1, primes, sizes just past a tile of
// either kernel (16, 64, 128) and below one.
var matmulShapes = [][3]int{
	{1, 1, 1}, {1, 7, 1}, {7, 1, 5}, {2, 3, 1},
	{13, 17, 19}, {17, 37, 3}, {65, 9, 67}, {131, 37, 5}, {5, 11, 131}, {129, 19, 130},
}

// matmulCase returns row-major operands for op(A)·op(B) (A stored k×m when
// transA, B stored n×k when transB), the CPU backend's product and the
// scale |op(A)|·|op(B)| of its rounding errors.
func matmulCase(m, k, n int, transA, transB bool) (a, b, want, scale []float64) {
	ar, ac, br, bc := m, k, k, n
	if transA {
		ar, ac = k, m
	}
	if transB {
		br, bc = n, k
	}
	a, b = randMat(uint64(m*1000+k), ar, ac), randMat(uint64(n*1000+k+1), br, bc)
	want = linalg.CPU{}.MatMul(mat(ar, ac, a), mat(br, bc, b), transA, transB).Values()
	abs := func(v []float64) []float64 {
		o := make([]float64, len(v))
		for i, x := range v {
			o[i] = math.Abs(x)
		}
		return o
	}
	scale = linalg.MatMulT(mat(ar, ac, abs(a)), mat(br, bc, abs(b)), transA, transB).Values()
	for i := range scale {
		scale[i] = max(scale[i], 1e-300)
	}
	return a, b, want, scale
}

type matmulKernel func(o Options, a, b []float64, g Gemm) ([]float64, error)
type matmulKernel32 func(o Options, a, b []float32, g Gemm) ([]float32, error)

func kernels() (map[string]matmulKernel, map[string]matmulKernel32) {
	return map[string]matmulKernel{
			"naive": MatMulNaive[float64],
			"tiled": func(o Options, a, b []float64, g Gemm) ([]float64, error) {
				return MatMulTiled(o, TilesOf[float64](), a, b, g)
			},
		}, map[string]matmulKernel32{
			"naive": MatMulNaive[float32],
			"tiled": func(o Options, a, b []float32, g Gemm) ([]float32, error) {
				return MatMulTiled(o, TilesOf[float32](), a, b, g)
			},
		}
}

// TestMatMulMatchesCPU runs both matmul twins, float64 and float32, with
// the CUDA kernels' tiles, on every shape and transpose, under every thread
// order, against the CPU backend: float64 to 1e-12 and float32 to 1e-4 of
// |op(A)|·|op(B)|.
func TestMatMulMatchesCPU(t *testing.T) {
	k64, k32 := kernels()
	for _, s := range matmulShapes {
		m, k, n := s[0], s[1], s[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			a, b, want, scale := matmulCase(m, k, n, tr[0], tr[1])
			g := NewGemm(m, n, k, tr[0], tr[1])
			name := fmt.Sprintf("%dx%dx%d/transA=%t/transB=%t", m, k, n, tr[0], tr[1])
			orders(func(ord string, o Options) {
				for kn, f := range k64 {
					got, err := f(o, a, b, g)
					if err != nil {
						t.Fatalf("%s %s f64 %s: %v", name, kn, ord, err)
					}
					if e, at := maxErr(got, want, scale); e > 1e-12 {
						t.Errorf("%s %s f64 %s: error %.3g at %d: got %v, want %v", name, kn, ord, e, at, got[at], want[at])
					}
				}
				for kn, f := range k32 {
					got, err := f(o, to32(a), to32(b), g)
					if err != nil {
						t.Fatalf("%s %s f32 %s: %v", name, kn, ord, err)
					}
					if e, at := maxErr(to64(got), want, scale); e > 1e-4 {
						t.Errorf("%s %s f32 %s: error %.3g at %d", name, kn, ord, e, at)
					}
				}
			})
		}
	}
}

// TestMatMulNonFinite: the kernels sum every term, so 0·Inf is NaN as IEEE
// 754 and the CPU backend say, and the padding of a tile (zeros) never
// meets an Inf.
func TestMatMulNonFinite(t *testing.T) {
	m, k, n := 3, 9, 130
	a, b := randMat(1, m, k), randMat(2, k, n)
	a[0*k+8] = math.Inf(1) // row 0 meets column j's b[8][j]
	b[8*n+5] = 0           // Inf·0: NaN at (0, 5)
	b[3*n+129] = math.NaN()
	want := linalg.MatMul(mat(m, k, a), mat(k, n, b)).Values()
	k64, _ := kernels()
	for kn, f := range k64 {
		got, err := f(Options{}, a, b, NewGemm(m, n, k, false, false))
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			g, w := got[i], want[i]
			if !(g == w || math.IsNaN(g) && math.IsNaN(w) || math.Abs(g-w) <= 1e-12*math.Abs(w)) {
				t.Errorf("%s: element %d: got %v, want %v", kn, i, g, w)
			}
		}
	}
}
