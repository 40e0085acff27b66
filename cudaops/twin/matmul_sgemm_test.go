package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// sgemmShapes (m, k, n) add to matmulShapes the sizes that the float4 path
// needs (multiples of 4, on and off the 128 tile and the 8 step) and a
// product over nothing (k = 0).
var sgemmShapes = append([][3]int{
	{4, 4, 4}, {4, 8, 12}, {128, 8, 128}, {132, 36, 136}, {256, 20, 260}, {12, 0, 8}, {3, 0, 5},
}, matmulShapes...)

// sgemmCoverage records which flag combinations a test ran.
type sgemmCoverage map[string]bool

func (c sgemmCoverage) add(p SgemmPlan) {
	c[fmt.Sprintf("%s A vec=%t B vec=%t C vec=%t", p.Kernel, p.Flags&SgemmAVec != 0, p.Flags&SgemmBVec != 0, p.Flags&SgemmCVec != 0)] = true
}

// TestSgemmMatchesCPU runs the sgemm twin on every shape and transpose,
// with the operands and the result aligned (float4 loads and stores
// wherever the shape allows) or not (scalar ones), against the CPU backend:
// float64 under every thread order to 1e-12 of |op(A)|·|op(B)|, float32 in
// order to 1e-4.
// It requires the runs to have taken each of the four kernels with float4
// and with scalar loads of both operands, and with float4 and scalar
// stores of C.
func TestSgemmMatchesCPU(t *testing.T) {
	cov := sgemmCoverage{}
	for _, s := range sgemmShapes {
		m, k, n := s[0], s[1], s[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			a, b, want, scale := matmulCase(m, k, n, tr[0], tr[1])
			g := NewGemm(m, n, k, tr[0], tr[1])
			for _, al := range [][2]bool{{true, true}, {false, true}, {true, false}} {
				plan, ok := PlanSgemm(g, al[0], al[0], al[1])
				if !ok {
					t.Fatalf("%v: PlanSgemm refused a small product", s)
				}
				cov.add(plan)
				name := fmt.Sprintf("%dx%dx%d/transA=%t/transB=%t/%v", m, k, n, tr[0], tr[1], plan)
				orders(func(ord string, o Options) {
					got, err := Sgemm(o, plan, a, b, g)
					if err != nil {
						t.Fatalf("%s f64 %s: %v", name, ord, err)
					}
					if e, at := maxErr(got, want, scale); e > 1e-12 {
						t.Errorf("%s f64 %s: error %.3g at %d: got %v, want %v", name, ord, e, at, got[at], want[at])
					}
					if o.Order != launch.InOrder {
						return // float32 only in order: the indexing is float64's
					}
					got32, err := Sgemm(o, plan, to32(a), to32(b), g)
					if err != nil {
						t.Fatalf("%s f32 %s: %v", name, ord, err)
					}
					if e, at := maxErr(to64(got32), want, scale); e > 1e-4 {
						t.Errorf("%s f32 %s: error %.3g at %d", name, ord, e, at)
					}
				})
			}
		}
	}
	for _, l := range []string{"nn", "tn", "nt", "tt"} {
		for _, v := range []bool{true, false} {
			for _, cv := range []bool{true, false} {
				key := fmt.Sprintf("matmul_tiled_f32_%s A vec=%t B vec=%t C vec=%t", l, v, v, cv)
				if !cov[key] {
					t.Errorf("no case ran %s", key)
				}
			}
		}
	}
}

// strided returns the r×c row-major matrix v stored with leading dimension
// ld ≥ c, the gaps filled with NaN, so that a load from a gap shows.
func strided(v []float64, r, c, ld int) []float64 {
	out := make([]float64, r*ld)
	for i := range out {
		out[i] = math.NaN()
	}
	for i := range r {
		copy(out[i*ld:i*ld+c], v[i*c:(i+1)*c])
	}
	return out
}

// TestSgemmStrided: operands stored with a leading dimension larger than
// their rows (a view into a wider matrix), a multiple of 4 (float4 loads)
// or not (scalar loads), transposed or not; the gaps hold NaN, so a load
// from one shows in the result.
func TestSgemmStrided(t *testing.T) {
	for _, s := range [][3]int{{132, 36, 136}, {13, 17, 19}, {130, 12, 8}} {
		m, k, n := s[0], s[1], s[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			a, b, want, scale := matmulCase(m, k, n, tr[0], tr[1])
			g := NewGemm(m, n, k, tr[0], tr[1])
			for _, pad := range []int{3, 4} {
				ar, ac, br, bc := m, k, k, n
				if tr[0] {
					ar, ac = k, m
				}
				if tr[1] {
					br, bc = n, k
				}
				as, bs := strided(a, ar, ac, ac+pad), strided(b, br, bc, bc+pad)
				gs := g
				if tr[0] {
					gs.SAP = ac + pad
				} else {
					gs.SAI = ac + pad
				}
				if tr[1] {
					gs.SBJ = bc + pad
				} else {
					gs.SBP = bc + pad
				}
				plan, _ := PlanSgemm(gs, true, true, true)
				vec := plan.Flags & (SgemmAVec | SgemmBVec)
				if pad == 3 && vec != 0 || pad == 4 && m == 132 && vec != SgemmAVec|SgemmBVec {
					t.Errorf("%v pad %d trans %v: plan %v", s, pad, tr, plan)
				}
				orders(func(ord string, o Options) {
					got, err := Sgemm(o, plan, as, bs, gs)
					if err != nil {
						t.Fatalf("%v pad %d trans %v %s: %v", s, pad, tr, ord, err)
					}
					if e, at := maxErr(got, want, scale); e > 1e-12 {
						t.Errorf("%v pad %d trans %v %v %s: error %.3g at %d: got %v, want %v", s, pad, tr, plan, ord, e, at, got[at], want[at])
					}
				})
			}
		}
	}
}

// TestSgemmUnalignedBase: an operand that starts one element into its
// buffer (as a view would on the device) is planned without float4 loads
// of it, and read correctly. (The twin checks a float4's offset, not its
// base, so the base's alignment is the plan's to get right; the cuda
// build's tests run this case on the GPU.)
func TestSgemmUnalignedBase(t *testing.T) {
	m, k, n := 132, 36, 136
	a, b, want, scale := matmulCase(m, k, n, false, false)
	g := NewGemm(m, n, k, false, false)
	buf := append([]float64{math.NaN()}, a...)
	plan, _ := PlanSgemm(g, false, true, true)
	if plan.Flags&SgemmAVec != 0 || plan.Flags&SgemmBVec == 0 {
		t.Fatalf("plan %v: want scalar loads of A only", plan)
	}
	got, err := Sgemm(Options{}, plan, buf[1:], b, g)
	if err != nil {
		t.Fatal(err)
	}
	if e, at := maxErr(got, want, scale); e > 1e-12 {
		t.Errorf("A one element into its buffer: error %.3g at %d", e, at)
	}
}

// TestPlanSgemm checks the host's decisions on the benchmark shapes and at
// the 32-bit boundary.
func TestPlanSgemm(t *testing.T) {
	cases := []struct {
		name    string
		g       Gemm
		aligned bool
		want    SgemmPlan
		ok      bool
	}{
		{"4096² A·B", NewGemm(4096, 4096, 4096, false, false), true,
			SgemmPlan{"matmul_tiled_f32_nn", SgemmAVec | SgemmBRunJ | SgemmBVec | SgemmCVec}, true},
		{"4096² unaligned", NewGemm(4096, 4096, 4096, false, false), false,
			SgemmPlan{"matmul_tiled_f32_nn", SgemmBRunJ}, true},
		{"lesson 50000×784·784×10", NewGemm(50000, 10, 784, false, false), true,
			SgemmPlan{"matmul_tiled_f32_nn", SgemmAVec | SgemmBRunJ}, true},
		{"Aᵀ·B (a weight gradient)", NewGemm(784, 12, 64, true, false), true,
			SgemmPlan{"matmul_tiled_f32_tn", SgemmARunI | SgemmAVec | SgemmBRunJ | SgemmBVec | SgemmCVec}, true},
		{"A·Bᵀ (an input gradient)", NewGemm(64, 784, 12, false, true), true,
			SgemmPlan{"matmul_tiled_f32_nt", SgemmAVec | SgemmBVec | SgemmCVec}, true},
		{"Aᵀ·Bᵀ, m odd", NewGemm(5, 8, 8, true, true), true,
			SgemmPlan{"matmul_tiled_f32_tt", SgemmARunI | SgemmBVec | SgemmCVec}, true},
		{"1×1", NewGemm(1, 1, 1, true, true), true, SgemmPlan{"matmul_tiled_f32_nt", 0}, true},
		// A's largest offset (Mp−1)·k + (Kp−1), Mp = m rounded up to 128,
		// Kp = k rounded up to 8, plus 8 for the prefetch: 65407·32768 +
		// 32775 < 2^31 ...
		{"A's offsets just fit", NewGemm(65408, 4, 32768, false, false), true,
			SgemmPlan{"matmul_tiled_f32_nn", SgemmAVec | SgemmBRunJ | SgemmBVec | SgemmCVec}, true},
		// ... one more row pads to 65536 rows: 65535·32768 + 32775 ≥ 2^31.
		{"A's offsets overflow", NewGemm(65409, 4, 32768, false, false), true, SgemmPlan{}, false},
		{"C's offsets overflow", NewGemm(46400, 46400, 1, false, false), true, SgemmPlan{}, false},
		{"negative stride", Gemm{M: 2, N: 2, K: 2, SAI: -2, SAP: 1, SBP: 2, SBJ: 1}, true, SgemmPlan{}, false},
	}
	for _, c := range cases {
		got, ok := PlanSgemm(c.g, c.aligned, c.aligned, c.aligned)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: PlanSgemm = %v, %t; want %v, %t", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestSgemmNonFinite: as the other matmuls, every term is summed (0·Inf is
// NaN) and the zero padding of a tile never meets an Inf.
func TestSgemmNonFinite(t *testing.T) {
	m, k, n := 4, 12, 132
	a, b := randMat(1, m, k), randMat(2, k, n)
	a[0*k+8] = math.Inf(1)
	b[8*n+5] = 0 // Inf·0: NaN at (0, 5)
	b[3*n+129] = math.NaN()
	want := linalg.MatMul(mat(m, k, a), mat(k, n, b)).Values()
	g := NewGemm(m, n, k, false, false)
	for _, aligned := range []bool{true, false} {
		plan, _ := PlanSgemm(g, aligned, aligned, aligned)
		got, err := Sgemm(Options{}, plan, a, b, g)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			g, w := got[i], want[i]
			if !(g == w || math.IsNaN(g) && math.IsNaN(w) || math.Abs(g-w) <= 1e-12*math.Abs(w)) {
				t.Errorf("%v: element %d: got %v, want %v", plan, i, g, w)
			}
		}
	}
}
