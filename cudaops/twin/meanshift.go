package twin

import (
	"math"

	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// MeanShift is the twin of one mean shift update as the cuda backend
// launches it (plan p, from PlanMeanShift or PlanMeanShiftSplit): the
// queries y (m×d) against the data x (n×d), with s and sigma of
// MeanShiftParams and c = MeanShiftCoef[T](u2). It runs meanshift_d2,
// meanshift_d4 or meanshift_d16 (the fused kernel with p.Regs registers
// and tiles of tileValues data values in shared memory; the CUDA kernels'
// is MeanShiftTileValues, tests pass smaller tiles to get many of them)
// over p.Grid, and, when p.Splits > 1, meanshift_merge over p.MergeGrid;
// for d > 16 meanshift_wide, which reads the data from global memory. d
// must be at least 1.
func MeanShift[T Float](o Options, p MeanShiftPlan, tileValues int, y, x []T, m, n, d int, s, sigma, c float64) ([]T, error) {
	out := make([]T, m*d)
	var part []T
	if p.Splits > 1 {
		part = make([]T, p.PartLen(m, d))
	}
	kernel := func(t *launch.Thread) {
		meanShiftPart(o, t, tileValues, p, y, x, out, part, m, n, d, T(s), T(sigma), T(c))
	}
	if p.Regs == 0 {
		kernel = func(t *launch.Thread) { meanShiftWide(t, y, x, out, m, n, d, T(s), T(sigma), T(c)) }
	}
	if err := launch.Run(o.config(p.Grid, p.Block), kernel); err != nil || p.Splits == 1 {
		return out, err
	}
	splits := p.Splits
	if o.mutant == meanShiftMergeSkip {
		splits--
	}
	merge := func(t *launch.Thread) { meanShiftMerge(t, y, part, out, m, d, splits, T(sigma), T(c)) }
	return out, launch.Run(o.config(p.MergeGrid, p.Block), merge)
}

// wexp is the kernels' exponential of the weights: for float32 2^t,
// which the GPU computes with ex2.approx.ftz.f32 (about 2 ulp; results
// below 2^-126 flushed to 0, as here) and the twin exactly; for float64
// e^t.
func wexp[T Float](t T) T {
	var z T
	if _, ok := any(z).(float32); ok {
		r := float32(math.Exp2(float64(t)))
		if r < 0x1p-126 {
			r = 0 // ftz
		}
		return T(r)
	}
	return T(math.Exp(float64(t)))
}

// fma is the kernels' fused multiply-add a·b + c with one rounding (for
// float32 through float64, which can round twice, rarely, by one unit).
func fma[T Float](a, b, c T) T { return T(math.FMA(float64(a), float64(b), float64(c))) }

// msDist is the kernel's msDist: q = ‖e‖², e = xi − ys (both scaled), the
// squares summed by fused multiply-adds in k order.
func msDist[T Float](xi, ys, e []T, regs, d int) T {
	var q T
	for k := range regs {
		e[k] = 0
		if k < d {
			e[k] = xi[k] - ys[k]
			q = fma(e[k], e[k], q)
		}
	}
	return q
}

// fmin is CUDA's fmin/fminf: the smaller of a and b, and the other one
// when one is NaN (NaN only when both are).
func fmin[T Float](a, b T) T {
	switch {
	case a != a:
		return b
	case b != b:
		return a
	case b < a:
		return b
	}
	return a
}

func meanShiftPart[T Float](o Options, t *launch.Thread, tileValues int, p MeanShiftPlan, Y, X, Out, Part []T, m, n, d int, s, sigma, c T) {
	xs := launch.Shared[T](t, "xs", tileValues)
	j := t.BlockIdx.X*MeanShiftBlock + t.ThreadIdx.X
	active := j < m
	regs := p.Regs
	ys, num := make([]T, regs), make([]T, regs)
	for k := range regs {
		if active && k < d {
			ys[k] = Y[j*d+k] * s
		}
	}
	lo, den := T(math.Inf(1)), T(0)
	rows := tileValues / d
	begin := t.BlockIdx.Y * p.Chunk
	end := min(n, begin+p.Chunk)
	if o.mutant == meanShiftSplitOverlap {
		end = min(n, begin+p.Chunk+1)
	}
	for i0 := begin; i0 < end; i0 += rows {
		cnt := min(rows, end-i0)
		if o.mutant == meanShiftTileCount {
			cnt = min(rows, end-i0+1)
		}
		src := X[i0*d:]
		for e := t.ThreadIdx.X; e < cnt*d; e += MeanShiftBlock {
			xs[e] = src[e] * s
		}
		if !o.drops(meanShiftNoSyncAfterLoad) {
			t.SyncThreads() // the tile is complete
		}
		if active {
			e := make([]T, regs)
			// Pass 1: the tile's nearest point (fmin drops a NaN distance,
			// whose weight in pass 2 is NaN).
			tmin := lo
			for q := range cnt {
				tmin = fmin(tmin, msDist(xs[q*d:], ys, e, regs, d))
			}
			if tmin < lo { // rescale the sums once
				f := wexp((tmin - lo) * c)
				den *= f
				for k := range regs {
					num[k] *= f
				}
				lo = tmin
			}
			// Pass 2: the weights against the running minimum.
			for q := range cnt {
				dist := msDist(xs[q*d:], ys, e, regs, d)
				w := wexp((lo - dist) * c)
				den += w
				for k := range regs {
					if k < d {
						num[k] = fma(w, e[k], num[k])
					}
				}
			}
		}
		if !o.drops(meanShiftNoSyncAfterUse) {
			t.SyncThreads() // every thread is done with the tile
		}
	}
	if !active {
		return
	}
	if t.GridDim.Y == 1 {
		for k := range min(regs, d) {
			Out[j*d+k] = fma(num[k]/den, sigma, Y[j*d+k])
		}
		return
	}
	pp := Part[(t.BlockIdx.Y*m+j)*(d+2):]
	pp[0], pp[1] = lo, den
	for k := range min(regs, d) {
		pp[2+k] = num[k]
	}
}

func meanShiftMerge[T Float](t *launch.Thread, Y, Part, Out []T, m, d, splits int, sigma, c T) {
	j := t.BlockIdx.X*MeanShiftBlock + t.ThreadIdx.X
	if j >= m {
		return
	}
	stride := m * (d + 2)
	p := Part[j*(d+2):]
	lo := T(math.Inf(1))
	for sp := range splits {
		lo = min(lo, p[sp*stride])
	}
	num := Out[j*d : (j+1)*d]
	clear(num)
	var den T
	for sp := range splits {
		ps := p[sp*stride:]
		l := ps[0]
		f := T(1)
		if l != lo {
			f = wexp((lo - l) * c)
		}
		den = fma(f, ps[1], den)
		for k := range d {
			num[k] = fma(f, ps[2+k], num[k])
		}
	}
	for k := range d {
		num[k] = fma(num[k]/den, sigma, Y[j*d+k])
	}
}

func meanShiftWide[T Float](t *launch.Thread, Y, X, Out []T, m, n, d int, s, sigma, c T) {
	j := t.BlockIdx.X*MeanShiftBlock + t.ThreadIdx.X
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
			e := xi[k]*s - y[k]*s
			q = fma(e, e, q)
		}
		w := wexp((lo - q) * c)
		if !(q >= lo) {
			f := wexp((q - lo) * c)
			den *= f
			for k := range d {
				num[k] *= f
			}
			lo = q
			w = 1
		} else if q == lo {
			w = 1
		}
		den += w
		for k := range d {
			num[k] = fma(w, xi[k]*s-y[k]*s, num[k])
		}
	}
	for k := range d {
		num[k] = fma(num[k]/den, sigma, y[k])
	}
}

// BlurringMeanShift is the twin of cudaops's MeanShift32 loop: iters
// updates of the n points x (n×d), each against the points as the previous
// update left them, with σ (and so s and c) chosen once, on the host, from
// the starting points' column ranges (HostRanges), and the plan of n
// queries against n points. The points stay in the convex hull of the
// starting points (each update is a weighted mean), so σ, which grows only
// with the ranges, would never be larger afterwards; for the bandwidths in
// float32's range it is 2^⌈log2 h⌉ whatever the data. It returns the
// points after the last update.
func BlurringMeanShift[T Float](o Options, tileValues int, x []T, n, d int, h float64, iters int) ([]T, error) {
	s, sigma, c := BlurringParams[T](x, d, h)
	p := PlanMeanShift(n, n, d)
	cur := append([]T(nil), x...)
	for range iters {
		next, err := MeanShift(o, p, tileValues, cur, cur, n, n, d, s, sigma, c)
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// BlurringParams returns s, σ and c for blurring mean shift of the points
// x (rows of d values) with bandwidth h, from their column ranges on the
// host: MeanShiftParams and MeanShiftCoef.
func BlurringParams[T Float](x []T, d int, h float64) (s, sigma, c float64) {
	lo, hi := make([]float64, d), make([]float64, d)
	for k := range d {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	HostRanges(lo, hi, x, d)
	s, sigma, u2 := MeanShiftParams(lo, hi, h)
	return s, sigma, MeanShiftCoef[T](u2)
}
