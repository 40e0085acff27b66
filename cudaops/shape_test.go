package cudaops

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestMatMulShape: the GPU's shape rules are linalg.MatMulT's — same result
// shapes for every rank and flag, the same panics — and its strides read
// the operands as the CPU does (checked by running the lesson's twin on
// them).
func TestMatMulShape(t *testing.T) {
	shapes := [][]int{{3}, {2, 3}, {3, 2}, {3, 3}, {4, 3}, {2, 4}}
	for _, sa := range shapes {
		for _, sb := range shapes {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				a, b := seq(sa, 1), seq(sb, 100)
				name := fmt.Sprintf("%v·%v trans=%v", sa, sb, tr)
				want, wantPanic := tryMatMul(func() *linalg.Tensor { return linalg.MatMulT(a, b, tr[0], tr[1]) })
				var shape []int
				var g twin.Gemm
				_, gotPanic := tryMatMul(func() *linalg.Tensor {
					shape, g = matmulShape(a, b, tr[0], tr[1])
					return nil
				})
				if (wantPanic == nil) != (gotPanic == nil) {
					t.Fatalf("%s: CPU panics %v, GPU shape check %v", name, wantPanic, gotPanic)
				}
				if wantPanic != nil {
					var se *linalg.ShapeError
					if !errors.As(gotPanic, &se) || !strings.Contains(se.Error(), fmt.Sprint(sa)) {
						t.Fatalf("%s: panic %v is not a ShapeError naming the shapes", name, gotPanic)
					}
					continue
				}
				if fmt.Sprint(shape) != fmt.Sprint(want.Shape()) {
					t.Fatalf("%s: shape %v, want %v", name, shape, want.Shape())
				}
				got, err := twin.MatMulNaive(twin.Options{}, a.Values(), b.Values(), g)
				if err != nil {
					t.Fatal(err)
				}
				for i, w := range want.Values() {
					if got[i] != w {
						t.Fatalf("%s: element %d is %v, want %v", name, i, got[i], w)
					}
				}
			}
		}
	}
}

func seq(shape []int, from float64) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	v := t.Data()
	for i := range v {
		v[i] = from + float64(i)
	}
	return t
}

func tryMatMul(f func() *linalg.Tensor) (t *linalg.Tensor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = r.(error)
		}
	}()
	return f(), nil
}

// TestPTX: the embedded PTX is nvcc 11.8's (ISA 7.8, which drivers from 520
// on load) for compute_52, and defines every kernel the backend loads, with
// only 8-byte parameters (cu's Launch reads 8 bytes per argument).
func TestPTX(t *testing.T) {
	for _, m := range modules {
		ptx := *m.ptx
		for _, want := range []string{"Cuda compilation tools, release 11.8", ".version 7.8", ".target sm_52", ".address_size 64"} {
			if !strings.Contains(ptx, want) {
				t.Errorf("%s.ptx lacks %q", m.name, want)
			}
		}
		found := map[string]bool{}
		for name, params := range kernelParams(ptx) {
			found[name] = true
			for _, p := range params {
				if !strings.HasPrefix(p, ".param .u64 ") && !strings.HasPrefix(p, ".param .f64 ") {
					t.Errorf("%s: parameter %q is not 8 bytes", name, p)
				}
			}
		}
		for _, k := range m.kernels {
			if !found[k] {
				t.Errorf("%s.ptx does not define %s", m.name, k)
			}
		}
		if len(found) != len(m.kernels) {
			t.Errorf("%s.ptx defines %d kernels, the backend loads %d", m.name, len(found), len(m.kernels))
		}
	}
}

// TestRowsShape: point sets must be matrices with the same number of
// columns, else a *linalg.ShapeError naming the op and both shapes.
func TestRowsShape(t *testing.T) {
	n, m, d := rowsShape("PairwiseSqDist", linalg.Zeros(3, 2), linalg.Zeros(5, 2))
	if n != 3 || m != 5 || d != 2 {
		t.Fatalf("rowsShape = %d, %d, %d", n, m, d)
	}
	for _, s := range [][2][]int{{{3, 2}, {5, 3}}, {{3}, {5, 3}}, {{3, 2, 1}, {3, 2}}} {
		_, err := tryMatMul(func() *linalg.Tensor {
			rowsShape("MeanShiftStep", linalg.Zeros(s[0]...), linalg.Zeros(s[1]...))
			return nil
		})
		var se *linalg.ShapeError
		if !errors.As(err, &se) || se.Op != "MeanShiftStep" || !strings.Contains(se.Error(), fmt.Sprint(s[0])) {
			t.Errorf("%v: %v, want a ShapeError of MeanShiftStep naming the shapes", s, err)
		}
	}
}

// TestKernelParams: the parameter counts of the kernels in the committed
// PTX are those the backend's launches pass (the backend also checks each
// launch against the PTX): the kernels launched in slabs (matmul, sqdist,
// diffdot, diffsum) end with y0.
func TestKernelParams(t *testing.T) {
	want := map[string]int{
		"matmul_naive": 11, "matmul_tiled_f32_nn": 12, "matmul_tiled_f32_tn": 12, "matmul_tiled_f32_nt": 12,
		"matmul_tiled_f32_tt": 12, "matmul_tiled_v1": 11, "matmul_tiled": 11,
		"meanshift_d2": 11, "meanshift_d4": 11, "meanshift_d16": 11, "meanshift_wide": 11, "meanshift_merge": 8,
		"sqdist": 7, "colrange": 5, "diffdot": 11, "diffsum": 9,
	}
	for _, m := range modules {
		params := kernelParams(*m.ptx)
		for _, k := range m.kernels {
			base := strings.TrimSuffix(strings.TrimSuffix(k, "_f32"), "_f64")
			if n, ok := want[base]; !ok || len(params[k]) != n {
				t.Errorf("%s: %d parameters, want %d", k, len(params[k]), n)
			}
		}
	}
}
