package twin

import "github.com/epsilon-engine/epsilon/linalg/launch"

// PairwiseTile is the side of the difference kernels' tiles.
const PairwiseTile = 16

// DiffDotLaunch returns diffdot's launch for an n×m result: 16×16 blocks,
// ⌈m/16⌉ × ⌈n/16⌉ of them.
func DiffDotLaunch(n, m int) (grid, block launch.Dim3) { return launch.Grid2D(n, m, PairwiseTile) }

// DiffSumLaunch returns diffsum's launch for an n×d result: 16×16 blocks,
// ⌈d/16⌉ × ⌈n/16⌉ of them.
func DiffSumLaunch(n, d int) (grid, block launch.Dim3) { return launch.Grid2D(n, d, PairwiseTile) }

// DiffDot is the twin of diffdot_{f32,f64}: D (n×m), D_ij = Σ_k (a_ik −
// b_jk)·(u_ik − v_jk) for a, u n×d and b, v m×d, a nil u or v standing for
// zeros and a zero direction difference adding nothing (the strong zero of
// linalg.PairwiseDiffDot); launched as DiffDotLaunch in slabs (Slabs: y0
// is added to blockIdx.y).
func DiffDot[T Float](o Options, a, b, u, v []T, n, m, d int) ([]T, error) {
	D := make([]T, n*m)
	grid, block := DiffDotLaunch(n, m)
	const S, W = PairwiseTile, PairwiseTile + 1
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		as := launch.Shared[T](t, "as", S*W)
		bs := launch.Shared[T](t, "bs", S*W)
		us := launch.Shared[T](t, "us", S*W)
		vs := launch.Shared[T](t, "vs", S*W)
		tx, ty := t.ThreadIdx.X, t.ThreadIdx.Y
		by := t.BlockIdx.Y + y0 // the block's row of tiles of D
		i, j := by*S+ty, t.BlockIdx.X*S+tx
		ar, br := by*S+ty, t.BlockIdx.X*S+ty
		var acc T
		for k0 := 0; k0 < d; k0 += S {
			k := k0 + tx
			ain, bin := ar < n && k < d, br < m && k < d
			var av, uv, bv, vv T
			if ain {
				av = a[ar*d+k]
				if u != nil {
					uv = u[ar*d+k]
				}
			}
			if bin {
				bv = b[br*d+k]
				if v != nil {
					vv = v[br*d+k]
				}
			}
			as[ty*W+tx], us[ty*W+tx], bs[ty*W+tx], vs[ty*W+tx] = av, uv, bv, vv
			if !o.drops(diffDotNoSync) {
				t.SyncThreads()
			}
			kk := min(S, d-k0)
			for c := range kk {
				if dk := us[ty*W+c] - vs[tx*W+c]; dk != 0 {
					acc += (as[ty*W+c] - bs[tx*W+c]) * dk
				}
			}
			t.SyncThreads()
		}
		if i < n && j < m {
			D[i*m+j] = acc
		}
	})
	return D, err
}

// DiffSum is the twin of diffsum_{f32,f64}: Out (n×d), Out_ik = Σ_j g_ij
// (a_ik − b_jk) for a n×d, b m×d and g n×m (m×n read transposed when
// transG), a zero weight adding nothing (linalg.PairwiseDiffSum); launched
// as DiffSumLaunch in slabs (Slabs: y0 is added to blockIdx.y).
func DiffSum[T Float](o Options, a, b, g []T, n, m, d int, transG bool) ([]T, error) {
	out := make([]T, n*d)
	grid, block := DiffSumLaunch(n, d)
	const S, W = PairwiseTile, PairwiseTile + 1
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		gs := launch.Shared[T](t, "gs", S*W)
		bs := launch.Shared[T](t, "bs", S*W)
		tx, ty := t.ThreadIdx.X, t.ThreadIdx.Y
		i, k := (t.BlockIdx.Y+y0)*S+ty, t.BlockIdx.X*S+tx
		var ai T
		if i < n && k < d {
			ai = a[i*d+k]
		}
		var acc T
		for j0 := 0; j0 < m; j0 += S {
			gj, bj := j0+tx, j0+ty
			var gv, bv T
			if i < n && gj < m {
				if transG {
					gv = g[gj*n+i]
				} else {
					gv = g[i*m+gj]
				}
			}
			if bj < m && k < d {
				bv = b[bj*d+k]
			}
			gs[ty*W+tx], bs[ty*W+tx] = gv, bv
			t.SyncThreads()
			jj := min(S, m-j0)
			if o.mutant == diffSumJBound {
				jj-- // the last weight of a tile is left out
			}
			for c := range jj {
				if w := gs[ty*W+c]; w != 0 {
					acc += w * (ai - bs[c*W+tx])
				}
			}
			if !o.drops(diffSumNoSyncAfterUse) {
				t.SyncThreads()
			}
		}
		if i < n && k < d {
			out[i*d+k] = acc
		}
	})
	return out, err
}
