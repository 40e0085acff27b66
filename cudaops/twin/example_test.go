package twin_test

import (
	"fmt"
	"strings"

	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// How the lesson kernel's grid covers a 20×40 result: 16×16 blocks, a grid
// of ⌈40/16⌉ = 3 blocks along x (columns) and ⌈20/16⌉ = 2 along y (rows).
// Each character is one element of the result, lettered by the block whose
// thread computes it; the last row and column of blocks overhang the matrix,
// and their threads past the edge fail the bound check and do nothing.
func ExampleMatMulNaiveLaunch() {
	m, n := 20, 40
	grid, block := twin.MatMulNaiveLaunch(m, n)
	cover := make([][]byte, m)
	for r := range cover {
		cover[r] = make([]byte, n)
	}
	idle := 0
	err := launch.Run(launch.Config{Grid: grid, Block: block}, func(t *launch.Thread) {
		r := t.BlockIdx.Y*t.BlockDim.Y + t.ThreadIdx.Y
		c := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
		if r < m && c < n {
			cover[r][c] = byte('A' + t.BlockIdx.Y*t.GridDim.X + t.BlockIdx.X)
		} else {
			idle++
		}
	})
	fmt.Printf("grid %d×%d, block %d×%d, %d threads idle, err %v\n", grid.X, grid.Y, block.X, block.Y, idle, err)
	for _, row := range cover {
		fmt.Println(strings.TrimSpace(string(row)))
	}
	// Output:
	// grid 3×2, block 16×16, 736 threads idle, err <nil>
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCC
	// DDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFF
	// DDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFF
	// DDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFF
	// DDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFF
}

// How the tiled kernel's threads cover a tile: with float64 tiles (64×64,
// 16×16 threads, 4×4 outputs each) thread (tx, ty) owns rows ty, ty+16,
// ty+32, ty+48 and columns tx, tx+16, tx+32, tx+48 of its block's tile, so
// neighbouring threads touch neighbouring words. Shown for the top-left
// 8×20 corner of a tile: each character is the x index (hex) of the owning
// thread; its y index is the row mod 16.
func ExampleMatMulTiledLaunch() {
	ts := twin.TilesOf[float64]()
	grid, block := twin.MatMulTiledLaunch(ts, 100, 70)
	fmt.Printf("100×70 result: grid %d×%d blocks of %d×%d threads, tile %d×%d, %d×%d outputs per thread\n",
		grid.X, grid.Y, block.X, block.Y, ts.BM, ts.BN, ts.TM, ts.TN)
	owner := make([][]byte, 8)
	for r := range owner {
		owner[r] = make([]byte, 20)
	}
	for ty := range block.Y {
		for tx := range block.X {
			for a := range ts.TM {
				for b := range ts.TN {
					r, c := ty+a*(ts.BM/ts.TM), tx+b*(ts.BN/ts.TN)
					if r < 8 && c < 20 {
						owner[r][c] = "0123456789abcdef"[tx]
					}
				}
			}
		}
	}
	for _, row := range owner {
		fmt.Println(string(row))
	}
	// Output:
	// 100×70 result: grid 2×2 blocks of 16×16 threads, tile 64×64, 4×4 outputs per thread
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
	// 0123456789abcdef0123
}
