package twin

import (
	"math"

	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// SqDist is the twin of sqdist_{f32,f64}: D (n×m), D_ij = Σ_k (x_ik −
// y_jk)² for x n×d and y m×d, launched as SqDistLaunch in slabs (Slabs: y0
// is added to blockIdx.y), a 16×16 tile of D
// per block with 16 coordinates of 16 rows of x and of y in shared memory
// at a time (rows padded to 17 words against bank conflicts).
func SqDist[T Float](o Options, x, y []T, n, m, d int) ([]T, error) {
	D := make([]T, n*m)
	grid, block := SqDistLaunch(n, m)
	const S, W = SqDistTile, SqDistTile + 1
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		xs := launch.Shared[T](t, "xs", S*W)
		ys := launch.Shared[T](t, "ys", S*W)
		tx, ty := t.ThreadIdx.X, t.ThreadIdx.Y
		by := t.BlockIdx.Y + y0 // the block's row of tiles of D
		i, j := by*S+ty, t.BlockIdx.X*S+tx
		xr, yr := by*S+ty, t.BlockIdx.X*S+ty
		var acc T
		for k0 := 0; k0 < d; k0 += S {
			k := k0 + tx
			var xv, yv T
			if xr < n && o.below(sqDistKBound, k, d) {
				xv = x[xr*d+k]
			}
			if yr < m && o.below(sqDistKBound, k, d) {
				yv = y[yr*d+k]
			}
			xs[ty*W+tx], ys[ty*W+tx] = xv, yv
			if !o.drops(sqDistNoSync) {
				t.SyncThreads()
			}
			kk := min(S, d-k0)
			for c := range kk {
				e := xs[ty*W+c] - ys[tx*W+c]
				acc += e * e
			}
			t.SyncThreads()
		}
		if i < n && j < m {
			D[i*m+j] = acc
		}
	})
	return D, err
}

// ColRange is the twin of colrange_{f32,f64}: for each block b of
// ColRangeLaunch(n) and column k of x (n×d), the smallest and largest value
// of column k over rows b, b+G, b+2G, … (G blocks), a NaN winning as in Go's
// min and max: partLo[b·d+k], partHi[b·d+k]. CombineRanges folds them.
func ColRange[T Float](o Options, x []T, n, d int) (partLo, partHi []T, err error) {
	grid, block := ColRangeLaunch(n)
	G := grid.X
	partLo, partHi = make([]T, G*d), make([]T, G*d)
	err = launch.Run(o.config(grid, block), func(t *launch.Thread) {
		slo := launch.Shared[T](t, "slo", ColRangeBlock)
		shi := launch.Shared[T](t, "shi", ColRangeBlock)
		tid, b := t.ThreadIdx.X, t.BlockIdx.X
		for k := range d {
			l, h := T(math.Inf(1)), T(math.Inf(-1))
			for r := b + tid*G; r < n; r += G * t.BlockDim.X {
				v := x[r*d+k]
				l, h = min(l, v), max(h, v)
			}
			slo[tid], shi[tid] = l, h
			t.SyncThreads()
			for w := t.BlockDim.X / 2; w > 0; w /= 2 {
				if tid < w {
					slo[tid] = min(slo[tid], slo[tid+w])
					shi[tid] = max(shi[tid], shi[tid+w])
				}
				if !o.drops(colRangeNoSync) {
					t.SyncThreads()
				}
			}
			if tid == 0 {
				partLo[b*d+k], partHi[b*d+k] = slo[0], shi[0]
			}
			t.SyncThreads()
		}
	})
	return partLo, partHi, err
}
