package twin

import (
	"math"

	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// MeanShift is the twin of meanshift_{d4,d16,wide}_{f32,f64}: one Gaussian
// mean shift update of the queries y (m×d) against the data x (n×d), with
// the scalars of MeanShiftParams, launched as MeanShiftLaunch. For d ≤ 16
// it is the fused kernel with MeanShiftRegs(d) registers and tiles of
// tileValues data values in shared memory (the CUDA kernels' is
// MeanShiftTileValues; tests pass smaller tiles to get many of them); for
// d > 16 the wide kernel, which reads the data from global memory. d must
// be at least 1.
func MeanShift[T Float](o Options, tileValues int, y, x []T, m, n, d int, s, sigma, u2 float64) ([]T, error) {
	out := make([]T, m*d)
	grid, block := MeanShiftLaunch(m)
	regs := MeanShiftRegs(d)
	kernel := func(t *launch.Thread) {
		meanShiftFused(o, t, tileValues, regs, y, x, out, m, n, d, T(s), T(sigma), T(u2))
	}
	if regs == 0 {
		kernel = func(t *launch.Thread) { meanShiftWide(t, y, x, out, m, n, d, T(s), T(sigma), T(u2)) }
	}
	return out, launch.Run(o.config(grid, block), kernel)
}

func gexp[T Float](v T) T { return T(math.Exp(float64(v))) }

func meanShiftFused[T Float](o Options, t *launch.Thread, tileValues, regs int, Y, X, Out []T, m, n, d int, s, sigma, u2 T) {
	xs := launch.Shared[T](t, "xs", tileValues)
	j := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
	active := j < m
	y, num := make([]T, regs), make([]T, regs)
	for k := range regs {
		if active && k < d {
			y[k] = Y[j*d+k]
		}
	}
	lo, den := T(math.Inf(1)), T(0)
	rows := tileValues / d
	for i0 := 0; i0 < n; i0 += rows {
		cnt := min(rows, n-i0)
		if o.mutant == meanShiftTileCount {
			cnt = min(rows, n-i0+1)
		}
		for e := t.ThreadIdx.X; e < cnt*d; e += t.BlockDim.X {
			xs[e] = X[i0*d+e]
		}
		if !o.drops(meanShiftNoSyncAfterLoad) {
			t.SyncThreads() // the tile is complete
		}
		if active {
			for p := range cnt {
				xi := xs[p*d:]
				var q T
				for k := range regs {
					if k < d {
						e := (xi[k] - y[k]) * s
						q += e * e
					}
				}
				w := T(1)
				if !(q >= lo) { // a new nearest point, or NaN
					f := gexp(-0.5 * ((lo - q) / u2))
					den *= f
					for k := range regs {
						num[k] *= f
					}
					lo = q
				} else if q != lo {
					w = gexp(-0.5 * ((q - lo) / u2))
				}
				den += w
				for k := range regs {
					if k < d {
						num[k] += w * ((xi[k] - y[k]) * s)
					}
				}
			}
		}
		if !o.drops(meanShiftNoSyncAfterUse) {
			t.SyncThreads() // every thread is done with the tile
		}
	}
	if active {
		for k := range regs {
			if k < d {
				Out[j*d+k] = y[k] + num[k]/den*sigma
			}
		}
	}
}

func meanShiftWide[T Float](t *launch.Thread, Y, X, Out []T, m, n, d int, s, sigma, u2 T) {
	j := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
	if j >= m {
		return
	}
	y := Y[j*d : (j+1)*d]
	num := Out[j*d : (j+1)*d]
	clear(num)
	lo, den := T(math.Inf(1)), T(0)
	for i := range n {
		xi := X[i*d : (i+1)*d]
		var q T
		for k := range d {
			e := (xi[k] - y[k]) * s
			q += e * e
		}
		w := T(1)
		if !(q >= lo) {
			f := gexp(-0.5 * ((lo - q) / u2))
			den *= f
			for k := range d {
				num[k] *= f
			}
			lo = q
		} else if q != lo {
			w = gexp(-0.5 * ((q - lo) / u2))
		}
		den += w
		for k := range d {
			num[k] += w * ((xi[k] - y[k]) * s)
		}
	}
	for k := range d {
		num[k] = y[k] + num[k]/den*sigma
	}
}
