package meanshift

import (
	"context"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// maxGridDim is the highest dimension the neighbour grid is used in: its
// stencil has 3^d cells, 27 in 3-D.
const maxGridDim = 3

// grid is a cell list: the data sorted by the cell of side `cell` that
// holds each point, cells numbered in row-major order (the last
// coordinate fastest), so that the three cells along the last axis of any
// stencil row are one contiguous range of points.
type grid struct {
	d      int
	cell   float64
	origin []float64 // the corner of cell (0, …, 0)
	dims   []int     // cells along each axis
	start  []int     // points of cell c are sorted[start[c]:start[c+1]]
	xs     []float64 // the data in cell order, rows of d
	n      int
	// s32 and s64 hold the two coordinates of xs as arrays, in float32 or
	// float64, for the Gaussian update in 2-D with linalg's vector kernels
	// (nil until needed).
	s32 *soa[float32]
	s64 *soa[float64]
}

// soa is 2-D points as two arrays of coordinates (structure of arrays).
type soa[F linalg.Float] struct{ x0, x1 []F }

func newSoA[F linalg.Float](xs []float64) *soa[F] {
	n := len(xs) / 2
	s := &soa[F]{make([]F, n), make([]F, n)}
	for i := range n {
		s.x0[i], s.x1[i] = F(xs[2*i]), F(xs[2*i+1])
	}
	return s
}

// maxCells bounds the grid's size for n points: beyond it the cells are
// made larger (still correct, just more points per stencil).
func maxCells(n int) int { return max(1<<12, 4*n) }

// newGrid sorts the points x (rows of d) into cells of side at least cell.
func newGrid(x []float64, d int, cell float64) *grid {
	n := len(x) / d
	g := &grid{d: d, n: n, origin: make([]float64, d), dims: make([]int, d)}
	hi := make([]float64, d)
	for k := range d {
		g.origin[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for i := 0; i < len(x); i += d {
		for k, v := range x[i : i+d] {
			g.origin[k], hi[k] = min(g.origin[k], v), max(hi[k], v)
		}
	}
	// Grow the cell until the grid has at most maxCells(n) cells.
	for {
		total := 1.0
		for k := range d {
			total *= math.Floor((hi[k]-g.origin[k])/cell) + 1
		}
		if total <= float64(maxCells(n)) {
			break
		}
		cell *= 1.25
	}
	g.cell = cell
	cells := 1
	for k := range d {
		g.dims[k] = int(math.Floor((hi[k]-g.origin[k])/cell)) + 1
		cells *= g.dims[k]
	}
	// Counting sort by cell.
	id := make([]int32, n)
	g.start = make([]int, cells+1)
	for i := range n {
		c := g.cellOf(x[i*d : (i+1)*d])
		id[i] = int32(c)
		g.start[c+1]++
	}
	for c := range cells {
		g.start[c+1] += g.start[c]
	}
	next := append([]int(nil), g.start[:cells]...)
	g.xs = make([]float64, len(x))
	for i := range n {
		p := next[id[i]]
		next[id[i]]++
		copy(g.xs[p*d:(p+1)*d], x[i*d:(i+1)*d])
	}
	return g
}

// coord is the cell coordinate of v along axis k, unclamped.
func (g *grid) coord(k int, v float64) int {
	return int(math.Floor((v - g.origin[k]) / g.cell))
}

// cellOf is the index of the cell holding the point p, which must lie in
// the grid's box.
func (g *grid) cellOf(p []float64) int {
	c := 0
	for k, v := range p {
		ck := min(max(g.coord(k, v), 0), g.dims[k]-1)
		c = c*g.dims[k] + ck
	}
	return c
}

// stencil appends to r the ranges of points in the cells within one cell
// of the point y along every axis (3^d cells, fewer at the border; y may
// lie outside the grid's box). Every point outside these ranges is farther
// than g.cell from y.
func (g *grid) stencil(r [][2]int, y []float64) [][2]int {
	d := g.d
	var cc [maxGridDim]int
	for k := range d {
		cc[k] = g.coord(k, y[k])
	}
	last := d - 1
	lo, hi := max(cc[last]-1, 0), min(cc[last]+1, g.dims[last]-1)
	if lo > hi {
		return r
	}
	var off [maxGridDim]int // offsets −1..1 of the leading axes
	for k := range last {
		off[k] = -1
	}
	for {
		base, inside := 0, true
		for k := range last {
			ck := cc[k] + off[k]
			if ck < 0 || ck >= g.dims[k] {
				inside = false
				break
			}
			base = base*g.dims[k] + ck
		}
		if inside {
			base *= g.dims[last]
			if a, b := g.start[base+lo], g.start[base+hi+1]; a < b {
				r = append(r, [2]int{a, b})
			}
		}
		k := last - 1
		for ; k >= 0; k-- {
			if off[k]++; off[k] <= 1 {
				break
			}
			off[k] = -1
		}
		if k < 0 {
			return r
		}
	}
}

// pays reports whether the grid visits at most half the pairs the exact
// update does for the climbers y, estimated from a sample of them.
func (g *grid) pays(y []float64) bool {
	d := g.d
	m := len(y) / d
	step := max(1, m/256)
	var visited, queries float64
	var r [][2]int
	for j := 0; j < m; j += step {
		r = g.stencil(r[:0], y[j*d:(j+1)*d])
		for _, s := range r {
			visited += float64(s[1] - s[0])
		}
		queries++
	}
	return visited <= 0.5*queries*float64(g.n)
}

// update writes the update of the climbers y into out using the grid.
// For a kernel of finite support (cell ≥ h) the stencil holds every point
// of nonzero weight, so the result is the exact one. For the Gaussian, a
// climber whose nearest stencil point is at squared distance D₀ neglects
// at most N_out·exp(−(cell² − D₀)/2h²) relative to the weight it keeps
// (≥ 1, its nearest point's); when that bound exceeds the truncation τ, or
// the stencil is empty, the climber is updated against all the data.
func (g *grid) update(ctx context.Context, u *updater, out, y []float64) error {
	d := g.d
	m := len(y) / d
	all := [][2]int{{0, g.n}}
	if d == 2 && u.kernel == Gaussian {
		if u.float32 && g.s32 == nil {
			g.s32 = newSoA[float32](g.xs)
		}
		if !u.float32 && g.s64 == nil {
			g.s64 = newSoA[float64](g.xs)
		}
	}
	linalg.ParallelRows(m, 16, func(a, b int) {
		if ctx.Err() != nil {
			return
		}
		var r [][2]int
		for j := a; j < b; j++ {
			yj, oj := y[j*d:(j+1)*d], out[j*d:(j+1)*d]
			r = g.stencil(r[:0], yj)
			if u.kernel.finite() {
				u.finiteRow(oj, yj, g.xs, r)
				continue
			}
			if g.s32 != nil && gaussianRow2(g, u, g.s32, oj, yj, r, all) {
				continue
			}
			if g.s64 != nil && gaussianRow2(g, u, g.s64, oj, yj, r, all) {
				continue
			}
			lo, visited, kept, ok := u.gaussianRow(oj, yj, g.xs, r)
			if ok && g.truncationHolds(u, g.n-visited, lo, kept) {
				continue
			}
			u.gaussianRow(oj, yj, g.xs, all)
		}
	})
	return ctx.Err()
}

// gaussianRow2 is the Gaussian update of the 2-D climber yj over the
// stencil ranges r, or over all points (the ranges all) when the
// truncation bound does not hold, with linalg's vector kernels in F. It
// reports false, doing nothing, if −1/2h² overflows F.
func gaussianRow2[F linalg.Float](g *grid, u *updater, s *soa[F], oj, yj []float64, r, all [][2]int) bool {
	q0, q1 := F(yj[0]), F(yj[1])
	c := F(-0.5 / (u.h * u.h))
	if c-c != 0 {
		return false
	}
	for pass := 0; pass < 2; pass++ {
		lo := F(math.Inf(1))
		visited := 0
		for _, p := range r {
			lo = min(lo, linalg.MinSqDist2(s.x0[p[0]:p[1]], s.x1[p[0]:p[1]], q0, q1))
			visited += p[1] - p[0]
		}
		var den, s0, s1 F
		for _, p := range r {
			a, b, e := linalg.GaussianSums2(s.x0[p[0]:p[1]], s.x1[p[0]:p[1]], q0, q1, lo, c)
			den, s0, s1 = den+a, s0+b, s1+e
		}
		if pass == 0 && !g.truncationHolds(u, g.n-visited, float64(lo), float64(den)) {
			r = all
			continue
		}
		oj[0] = yj[0] + float64(s0/den)
		oj[1] = yj[1] + float64(s1/den)
		return true
	}
	return true
}

// truncationHolds reports whether neglecting out points, all farther than
// g.cell from a climber whose nearest kept point is at squared distance
// lo and whose kept weight (relative to that point's, 1) is kept, loses at
// most the truncation τ of the kept weight:
//
//	out·exp(−(cell² − lo)/2h²) ≤ τ·kept.
func (g *grid) truncationHolds(u *updater, out int, lo, kept float64) bool {
	if out == 0 {
		return true
	}
	if !(kept >= 1) {
		return false
	}
	return float64(out)*math.Exp(-(g.cell*g.cell-lo)/(2*u.h*u.h)) <= u.trunc*kept
}
