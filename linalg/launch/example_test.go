package launch_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// The lesson's matmul kernel, one thread per output element, launched on a
// grid of 16×16 blocks that covers a 5×10 output (the lesson's 5 MNIST rows
// times 10 weight columns): one block, of whose 256 threads 50 do work.
func ExampleRun() {
	m, k, n := 5, 3, 10
	a := make([]float32, m*k)
	b := make([]float32, k*n)
	for i := range a {
		a[i] = 1
	}
	for i := range b {
		b[i] = float32(i % n)
	}
	c := make([]float32, m*n)
	grid, block := launch.Grid2D(m, n, 16)
	working := 0
	err := launch.Run(launch.Config{Grid: grid, Block: block}, func(t *launch.Thread) {
		r := t.BlockIdx.Y*t.BlockDim.Y + t.ThreadIdx.Y
		col := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
		if r < m && col < n { // the bound check: the block overhangs the matrix
			var s float32
			for p := range k {
				s += a[r*k+p] * b[p*n+col]
			}
			c[r*n+col] = s
			working++
		}
	})
	fmt.Println(err, grid, block, working)
	fmt.Println(c[:n])
	// Output:
	// <nil> {1 1 1} {16 16 1} 50
	// [0 3 6 9 12 15 18 21 24 27]
}
