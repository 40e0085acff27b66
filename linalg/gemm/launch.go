package gemm

import "github.com/epsilon-engine/epsilon/linalg/launch"

// LaunchTile is the side of the square thread blocks of Launch, the
// lesson's 16×16.
const LaunchTile = 16

// Launch is rung 4: the lesson's CUDA matmul kernel, one thread per element
// of C, run on the CPU by the launch emulator (package linalg/launch). The
// kernel body is what the lesson writes in CUDA C:
//
//	r := blockIdx.y·blockDim.y + threadIdx.y    // row of C
//	c := blockIdx.x·blockDim.x + threadIdx.x    // column of C
//	if r < m && c < n { C[r][c] = Σ_p A[r][p]·B[p][c] }
//
// launched on 16×16 blocks over a grid of ⌈n/16⌉ × ⌈m/16⌉ (x along the
// columns). The guard matters: the grid covers a multiple of 16 in each
// direction, and the threads past the edge must do nothing. On a GPU the
// threads run at once; here they take turns, at the cost of a coroutine
// switch each, so this rung is for checking the kernel, not for speed.
// Each c_ij is summed in order p = 0, 1, …, k−1, as in Naive.
//
// It panics with an *ArgError if m needs more than 65,535 blocks along y,
// CUDA's limit for a grid.
func Launch[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Launch", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	grid, block := launch.Grid2D(m, n, LaunchTile)
	if grid.Y > launch.MaxGridYZ {
		panic(argErrorf("Launch", "m=%d needs %d blocks of %d rows, more than CUDA's %d along y", m, grid.Y, LaunchTile, launch.MaxGridYZ))
	}
	err := launch.Run(launch.Config{Grid: grid, Block: block}, func(t *launch.Thread) {
		r := t.BlockIdx.Y*t.BlockDim.Y + t.ThreadIdx.Y
		col := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
		if r < m && col < n {
			var s T
			for p := 0; p < k; p++ {
				s += at(transA, a, lda, r, p) * at(transB, b, ldb, p, col)
			}
			c[r*ldc+col] = s
		}
	})
	if err != nil {
		// The configuration is within CUDA's limits and the kernel's indices
		// are guarded, so an error here is a bug in this function.
		panic("gemm: Launch: " + err.Error())
	}
}
