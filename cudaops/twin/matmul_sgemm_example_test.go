package twin_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
)

// How the host plans the default float32 matmul for a few products (all
// operands 16-byte aligned, as cuMemAlloc's are): which of the four
// kernels, and whether each operand is loaded as float4s. The lesson's
// weights are 784×10: rows of 10 floats are not whole float4s, so B is
// loaded a float at a time, and so is C stored.
func ExamplePlanSgemm() {
	for _, c := range []struct {
		name           string
		m, n, k        int
		transA, transB bool
	}{
		{"4096² A·B", 4096, 4096, 4096, false, false},
		{"lesson 50000×784 · 784×10", 50000, 10, 784, false, false},
		{"weight gradient Xᵀ·G, 784×64 · 64×12", 784, 12, 64, true, false},
		{"odd sizes 13×17 · 17×19", 13, 19, 17, false, false},
		{"70000×40000 · 40000×8 (too big)", 70000, 8, 40000, false, false},
	} {
		plan, ok := twin.PlanSgemm(twin.NewGemm(c.m, c.n, c.k, c.transA, c.transB), true, true, true)
		if !ok {
			fmt.Printf("%-36s matmul_tiled_v1_f32 (64-bit offsets)\n", c.name)
			continue
		}
		grid, _ := twin.SgemmLaunch(c.m, c.n)
		fmt.Printf("%-36s %s, float4 loads A %-5t B %-5t stores C %-5t grid %d×%d\n", c.name, plan.Kernel,
			plan.Flags&twin.SgemmAVec != 0, plan.Flags&twin.SgemmBVec != 0, plan.Flags&twin.SgemmCVec != 0, grid.X, grid.Y)
	}
	// Output:
	// 4096² A·B                            matmul_tiled_f32_nn, float4 loads A true  B true  stores C true  grid 32×32
	// lesson 50000×784 · 784×10            matmul_tiled_f32_nn, float4 loads A true  B false stores C false grid 1×391
	// weight gradient Xᵀ·G, 784×64 · 64×12 matmul_tiled_f32_tn, float4 loads A true  B true  stores C true  grid 1×7
	// odd sizes 13×17 · 17×19              matmul_tiled_f32_nn, float4 loads A false B false stores C false grid 1×1
	// 70000×40000 · 40000×8 (too big)      matmul_tiled_v1_f32 (64-bit offsets)
}
