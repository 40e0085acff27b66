package twin

import "github.com/epsilon-engine/epsilon/linalg/launch"

// MatMulNaive is the twin of matmul_naive_{f32,f64}, the lesson's kernel:
// one thread per element of C (g.M×g.N), launched as MatMulNaiveLaunch in
// slabs (Slabs: y0 is added to blockIdx.y). It returns the emulator's error
// (a kernel panic, a launch outside CUDA's limits); a and b must hold the
// elements g's strides reach.
func MatMulNaive[T Float](o Options, a, b []T, g Gemm) ([]T, error) {
	c := make([]T, g.M*g.N)
	grid, block := MatMulNaiveLaunch(g.M, g.N)
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		r := (t.BlockIdx.Y+y0)*t.BlockDim.Y + t.ThreadIdx.Y
		col := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
		if r < g.M && o.below(naiveColBound, col, g.N) {
			var s T
			for p := 0; p < g.K; p++ {
				s += a[r*g.SAI+p*g.SAP] * b[p*g.SBP+col*g.SBJ]
			}
			c[r*g.N+col] = s
		}
	})
	return c, err
}

// MatMulTiled is the twin of matmul_tiled_v1_f32 and matmul_tiled_f64
// with tiles ts (TilesOf gives the CUDA kernels'), launched as
// MatMulTiledLaunch in slabs: shared tiles of op(A) (transposed, As[p·BM+i]) and
// op(B), two barriers per step along k, a TM×TN block of C per thread in
// registers (here a slice local to the thread's coroutine).
func MatMulTiled[T Float](o Options, ts Tiles, a, b []T, g Gemm) ([]T, error) {
	c := make([]T, g.M*g.N)
	grid, block := MatMulTiledLaunch(ts, g.M, g.N)
	BM, BN, BK, TM, TN := ts.BM, ts.BN, ts.BK, ts.TM, ts.TN
	m, n, k := g.M, g.N, g.K
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		As := launch.Shared[T](t, "As", BK*BM)
		Bs := launch.Shared[T](t, "Bs", BK*BN)
		tx, ty := t.ThreadIdx.X, t.ThreadIdx.Y
		tid := ty*t.BlockDim.X + tx
		nt := t.BlockDim.X * t.BlockDim.Y
		row0, col0 := (t.BlockIdx.Y+y0)*BM, t.BlockIdx.X*BN // CUDA: in 32 or 64 bits, the same below 2^31 row blocks
		RS, CS := BM/TM, BN/TN
		acc := make([]T, TM*TN)
		av, bv := make([]T, TM), make([]T, TN)
		for p0 := 0; p0 < k; p0 += BK {
			for e := tid; e < BM*BK; e += nt {
				var i, p int
				if g.SAP == 1 {
					i, p = e/BK, e%BK
				} else {
					i, p = e%BM, e/BM
				}
				gi, gp := row0+i, p0+p
				var v T
				if gi < m && o.below(matmulKBound, gp, k) {
					v = a[gi*g.SAI+gp*g.SAP]
				}
				As[p*BM+i] = v
			}
			for e := tid; e < BK*BN; e += nt {
				var p, j int
				if g.SBJ == 1 {
					p, j = e/BN, e%BN
				} else {
					p, j = e%BK, e/BK
				}
				gp, gj := p0+p, col0+j
				var v T
				if o.below(matmulKBound, gp, k) && gj < n {
					v = b[gp*g.SBP+gj*g.SBJ]
				}
				Bs[p*BN+j] = v
			}
			if !o.drops(matmulNoSyncAfterLoad) {
				t.SyncThreads() // the tiles are complete
			}
			for p := range BK {
				for i := range TM {
					av[i] = As[p*BM+ty+i*RS]
				}
				for j := range TN {
					bv[j] = Bs[p*BN+tx+j*CS]
				}
				for i := range TM {
					for j := range TN {
						acc[i*TN+j] += av[i] * bv[j]
					}
				}
			}
			if !o.drops(matmulNoSyncAfterUse) {
				t.SyncThreads() // every thread is done with the tiles
			}
		}
		for i := range TM {
			r := row0 + ty + i*RS
			for j := range TN {
				col := col0 + tx + j*CS
				if o.below(matmulRowBound, r, m) && col < n {
					c[r*n+col] = acc[i*TN+j]
				}
			}
		}
	})
	return c, err
}
