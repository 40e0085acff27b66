package meanshift

import (
	"context"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// updater computes one mean shift update of climbers against data, exact
// or on the neighbour grid. Coordinates are the standardised ones of
// Cluster (see standardise), so h is in those units too.
type updater struct {
	kernel  Kernel
	h       float64
	d       int
	trunc   float64
	exact   bool
	float32 bool
	backend linalg.Backend
	// usedGrid records whether the last update ran on the grid.
	usedGrid bool
	// fixedData says the data does not change between calls (standard
	// mean shift), so the grid is built once and kept in cached.
	fixedData bool
	cached    *grid
	// staged is the data as a device backend reads it (linalg.Stage):
	// uploaded once per step, or once per Cluster when fixedData is set;
	// stagedOf is the slice it stages. close frees its device copy.
	staged   *linalg.Tensor
	stagedOf []float64
}

// step writes into out the update of the climbers y (rows of d) against
// the data x (rows of d). It returns ctx.Err() if ctx is cancelled
// meanwhile (out is then partly written).
func (u *updater) step(ctx context.Context, out, y, x []float64) error {
	d := u.d
	u.usedGrid = false
	if !u.exact && d <= maxGridDim && !u.onDevice() {
		g := u.cached
		if g == nil {
			g = newGrid(x, d, u.cellSize(len(x)/d))
			if u.fixedData {
				u.cached = g
			}
		}
		if g.pays(y) {
			u.usedGrid = true
			return g.update(ctx, u, out, y)
		}
	}
	if u.onDevice() {
		return u.deviceStep(ctx, out, y, x)
	}
	return u.exactStep(ctx, out, y, x)
}

// onDevice reports whether the Gaussian update belongs to a backend other
// than the CPU (a GPU's): the grid is a CPU algorithm, so such a backend
// is given the exact all-pairs update, which is what it is fast at.
func (u *updater) onDevice() bool {
	if u.backend == nil || u.kernel != Gaussian || u.float32 {
		return false
	}
	_, cpu := u.backend.(linalg.CPU)
	return !cpu
}

// deviceBlock is about how many query–point pairs one call of a device
// backend's update handles between checks of the context: a GPU does some
// 10¹¹–10¹² a second, so a call takes milliseconds there, and a large
// update still makes few calls.
const deviceBlock = 1 << 32

// deviceStep is the exact Gaussian update on a device backend: the data
// crosses the bus once per step (once in all for standard mean shift, whose
// data does not change), the climbers in blocks of at least 1024 rows
// (all of them when they are the data, blurring mean shift, with no second
// upload), and every result's device memory is freed once read.
//
// A device failure under the backend's MeanShiftStep (out of device memory)
// is returned as the error.
func (u *updater) deviceStep(ctx context.Context, out, y, x []float64) (err error) {
	defer linalg.RecoverDeviceFailure(&err, "meanshift: the Gaussian update on the "+u.backend.Name()+" backend")
	d, n := u.d, len(x)/u.d
	m := len(y) / d
	if u.staged == nil || !sameSlice(u.stagedOf, x) {
		u.close()
		u.staged, u.stagedOf = linalg.Stage(linalg.New([]int{n, d}, x)), x
	}
	xt := u.staged
	if !u.fixedData {
		defer u.close()
	}
	rows := max(1024, deviceBlock/max(n, 1))
	for lo := 0; lo < m; lo += rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+rows, m)
		yt := xt
		if lo != 0 || hi != m || !sameSlice(y, x) {
			yt = linalg.New([]int{hi - lo, d}, append([]float64(nil), y[lo*d:hi*d]...))
		}
		r := u.backend.MeanShiftStep(yt, xt, u.h)
		r.CopyTo(out[lo*d : hi*d])
		r.Release()
	}
	return nil
}

// close frees the device copy of the staged data.
func (u *updater) close() {
	if u.staged != nil {
		u.staged.Release()
		u.staged, u.stagedOf = nil, nil
	}
}

// sameSlice reports whether a and b are the same memory.
func sameSlice(a, b []float64) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// cellSize is the side of the grid's cells for n data points: the kernel's
// support h, or for the Gaussian the truncation radius
//
//	R = h·sqrt(2·ln(n/τ) + 4)
//
// (doc.go): a query within 2h of its nearest data point then neglects at
// most τ of the weight it keeps.
func (u *updater) cellSize(n int) float64 {
	if u.kernel.finite() {
		return u.h
	}
	return u.h * math.Sqrt(2*math.Log(float64(n)/u.trunc)+4)
}

// exactBlock is about how many query–point pairs one exact call handles
// between checks of the context.
const exactBlock = 1 << 22

// exactStep is the all-pairs update, in blocks of climbers so that a
// cancellation is seen within a few milliseconds.
func (u *updater) exactStep(ctx context.Context, out, y, x []float64) error {
	d, n := u.d, len(x)/u.d
	m := len(y) / d
	rows := max(64, exactBlock/max(n, 1))
	var x32 []float32
	var xt *linalg.Tensor
	for lo := 0; lo < m; lo += rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+rows, m)
		yb, ob := y[lo*d:hi*d], out[lo*d:hi*d]
		switch {
		case u.kernel != Gaussian:
			linalg.ParallelRows(hi-lo, 64, func(a, b int) {
				for j := a; j < b; j++ {
					u.finiteRow(ob[j*d:(j+1)*d], yb[j*d:(j+1)*d], x, nil)
				}
			})
		case u.float32:
			if x32 == nil {
				x32 = toFloat32(x)
			}
			o32 := make([]float32, len(yb))
			linalg.MeanShiftRows(o32, toFloat32(yb), x32, d, u.h)
			for i, v := range o32 {
				ob[i] = float64(v)
			}
		default:
			if xt == nil {
				xt = linalg.New([]int{n, d}, x)
			}
			b := u.backend
			if b == nil {
				b = linalg.Default
			}
			yt := linalg.New([]int{hi - lo, d}, append([]float64(nil), yb...))
			copy(ob, b.MeanShiftStep(yt, xt, u.h).Values())
		}
	}
	return nil
}

// finiteRow is the update of one climber yj for a kernel of finite support
// over the data x, or over the ranges [r[0], r[1]) of point indices of x
// when ranges is not nil. A climber with no data within h stays put.
func (u *updater) finiteRow(oj, yj, x []float64, ranges [][2]int) {
	d := u.d
	ih2 := 1 / (u.h * u.h)
	var acc [maxStackDim]float64
	num := scratch(acc[:0], d)
	var den float64
	visit := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xi := x[i*d : (i+1)*d]
			var q float64
			for c, v := range xi {
				e := v - yj[c]
				q += e * e
			}
			w := u.kernel.weight(q * ih2)
			if w == 0 {
				continue
			}
			den += w
			for c, v := range xi {
				num[c] += w * (v - yj[c])
			}
		}
	}
	if ranges == nil {
		visit(0, len(x)/d)
	} else {
		for _, r := range ranges {
			visit(r[0], r[1])
		}
	}
	for c := range oj {
		oj[c] = yj[c]
		if den > 0 {
			oj[c] += num[c] / den
		}
	}
}

// weight is the kernel's weight at t = (r/h)² for the finite kernels; the
// Gaussian's is exp(−t/2) (used by LogDensity; the update stabilises it).
func (k Kernel) weight(t float64) float64 {
	switch k {
	case Flat:
		if t <= 1 {
			return 1
		}
		return 0
	case Triangular:
		return max(0, 1-math.Sqrt(t))
	case Epanechnikov:
		return max(0, 1-t)
	}
	return math.Exp(-t / 2)
}

// gaussianRow is the stabilised Gaussian update of one climber yj over the
// ranges of point indices of x, as linalg's MeanShiftStep computes it
// (smallest squared distance subtracted, update centred). It also returns
// the smallest squared distance, the number of points visited and their
// total weight, which the grid's truncation check needs; ok is false if no
// point was visited.
func (u *updater) gaussianRow(oj, yj, x []float64, ranges [][2]int) (lo float64, visited int, kept float64, ok bool) {
	d := u.d
	lo = math.Inf(1)
	for _, r := range ranges {
		visited += r[1] - r[0]
		for i := r[0]; i < r[1]; i++ {
			var q float64
			for c, v := range x[i*d : (i+1)*d] {
				e := v - yj[c]
				q += e * e
			}
			lo = min(lo, q)
		}
	}
	if visited == 0 {
		return lo, 0, 0, false
	}
	c := -0.5 / (u.h * u.h)
	var acc [maxStackDim]float64
	num := scratch(acc[:0], d)
	var den float64
	for _, r := range ranges {
		for i := r[0]; i < r[1]; i++ {
			xi := x[i*d : (i+1)*d]
			var q float64
			for c, v := range xi {
				e := v - yj[c]
				q += e * e
			}
			w := 1.0
			if q != lo {
				w = math.Exp((q - lo) * c)
			}
			den += w
			for c, v := range xi {
				num[c] += w * (v - yj[c])
			}
		}
	}
	for k := range oj {
		oj[k] = yj[k] + num[k]/den
	}
	return lo, visited, den, true
}

// maxStackDim is the widest point whose sums live on the stack.
const maxStackDim = 8

func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// scratch returns d zeros in buf's storage (a stack array of the caller's)
// when they fit, else on the heap.
func scratch(buf []float64, d int) []float64 {
	if d <= cap(buf) {
		return buf[:d]
	}
	return make([]float64, d)
}
