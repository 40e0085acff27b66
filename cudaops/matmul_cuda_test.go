//go:build cuda

package cudaops

import (
	"fmt"
	"testing"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

// sgemmGPUShapes: the awkward shapes, and shapes whose sizes are multiples
// of 4 (the float4 paths), on and off the 128×128×8 tiles.
var sgemmGPUShapes = append([][3]int{{4, 4, 4}, {128, 8, 128}, {132, 36, 136}, {256, 20, 260}, {512, 64, 384}}, gpuMatmulShapes...)

// TestFloat32MatMulKernels runs every float32 matmul kernel (the default
// sgemm kernels in each layout, the v1 tiled kernel and the lesson's) on
// device buffers, every shape and transpose, against the CPU's float64
// product of the same rounded inputs, to 1e-4 of |op(A)|·|op(B)|; and
// checks that the float4 paths were taken where the plan says.
func TestFloat32MatMulKernels(t *testing.T) {
	b := gpu(t)
	plans := map[string]bool{}
	for _, s := range sgemmGPUShapes {
		for _, plan := range checkFloat32Products(t, b, s[0], s[1], s[2]) {
			plans[plan.String()] = true
		}
	}
	for _, want := range []string{"matmul_tiled_f32_nn flags 11110", "matmul_tiled_f32_tn flags 11111", "matmul_tiled_f32_nt flags 11010", "matmul_tiled_f32_tt flags 11011"} {
		if !plans[want] {
			t.Errorf("no case ran %s (all float4): ran %v", want, plans)
		}
	}
}

// checkFloat32Products runs the m×k·k×n float32 product in every layout
// (op(A), op(B) transposed or not) with each kernel (the default sgemm, v1,
// the lesson's), compares each with the CPU's product of the same rounded
// inputs to 1e-4 of |op(A)|·|op(B)|, and returns the sgemm plans the
// layouts took.
func checkFloat32Products(t *testing.T, b *Backend, m, k, n int) []twin.SgemmPlan {
	t.Helper()
	var plans []twin.SgemmPlan
	for _, tr := range layouts {
		a, bb := productOperands(m, k, n, tr)
		a, bb = rounded(a), rounded(bb)
		want := linalg.MatMulT(a, bb, tr[0], tr[1]).Values()
		scale := linalg.MatMulT(abs(a), abs(bb), tr[0], tr[1]).Values()
		da, db := up32(t, b, a), up32(t, b, bb)
		out, err := b.alloc(m*n, 4)
		if err != nil {
			t.Fatal(err)
		}
		g := twin.NewGemm(m, n, k, tr[0], tr[1])
		if plan, ok := twin.PlanSgemm(g, aligned16(da), aligned16(db), aligned16(out)); ok {
			plans = append(plans, plan)
		}
		for _, kernel := range []string{kernelTiled, kernelTiledV1, kernelNaive} {
			if err := b.matmulWith(kernel, da, db, out, g, 4); err != nil {
				t.Fatal(err)
			}
			closeTo(t, fmt.Sprintf("%s %dx%dx%d trans=%v", kernel, m, k, n, tr), down32(t, out), want, scale, 1e-4)
		}
		da.Release()
		db.Release()
		out.Release()
	}
	return plans
}

// TestSgemmUnalignedOnGPU: operands and a result that start 4 bytes into
// their allocations (views, as the device sees them) take the scalar paths
// and give the CPU's product; with the offsets a float4 path would fault.
func TestSgemmUnalignedOnGPU(t *testing.T) {
	b := gpu(t)
	m, k, n := 132, 36, 136
	a, bb := rounded(randT(1, m, k, 1)), rounded(randT(2, k, n, 1))
	want := linalg.MatMul(a, bb).Values()
	scale := linalg.MatMul(abs(a), abs(bb)).Values()
	pad := func(x *linalg.Tensor) *linalg.Tensor { // one leading element
		return linalg.New([]int{1, x.Len() + 1}, append([]float64{0}, x.Values()...))
	}
	da, db := up32(t, b, pad(a)), up32(t, b, pad(bb))
	out, err := b.alloc(m*n+1, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { da.Release(); db.Release(); out.Release() }()
	if !aligned16(da) || !aligned16(out) {
		t.Fatal("cuMemAlloc returned memory that is not 16-byte aligned")
	}
	// Views one float in; never released (the allocations above are).
	view := func(x *buffer, n int) *buffer { return &buffer{b: b, ptr: x.ptr + 4, n: n, elem: 4} }
	va, vb, vc := view(da, m*k), view(db, k*n), view(out, m*n)
	g := twin.NewGemm(m, n, k, false, false)
	plan, _ := twin.PlanSgemm(g, aligned16(va), aligned16(vb), aligned16(vc))
	if plan.Flags&(twin.SgemmAVec|twin.SgemmBVec|twin.SgemmCVec) != 0 {
		t.Fatalf("unaligned views planned with float4 accesses: %v", plan)
	}
	if err := b.matmulWith(kernelTiled, va, vb, vc, g, 4); err != nil {
		t.Fatal(err)
	}
	got := down32(t, out)[1:]
	closeTo(t, "unaligned views", got, want, scale, 1e-4)
}
