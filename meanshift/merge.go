package meanshift

import (
	"math"
	"slices"

	"github.com/epsilon-engine/epsilon/linalg"
)

// cellMap maps integer cell coordinates of any dimension to small
// integers, hashing the coordinates and comparing them on a collision.
type cellMap struct {
	d      int
	index  map[uint64]int32
	coords []int64 // coordinates of cell i at coords[i*d:(i+1)*d]
}

func newCellMap(d, hint int) *cellMap {
	return &cellMap{d: d, index: make(map[uint64]int32, hint)}
}

// id returns the number of the cell with coordinates c, adding it if new.
func (m *cellMap) id(c []int64) (id int, added bool) {
	i, ok, slot := m.find(c)
	if ok {
		return i, false
	}
	m.index[slot] = int32(len(m.coords) / m.d)
	m.coords = append(m.coords, c...)
	return len(m.coords)/m.d - 1, true
}

// mergeModes groups the converged climbers (rows of d, each standing for
// weight[i] points) into clusters. Climbers are first pooled by cell of a
// grid of side r/4; pools are taken heaviest first, and each either joins
// the nearest centre within r or becomes a new centre at its weighted mean.
// It returns the centres (rows of d) and each climber's centre.
func mergeModes(modes, weight []float64, d int, r float64) (centres []float64, label []int) {
	m := len(modes) / d
	cells := newCellMap(d, 1024)
	eps := r / 4
	pool := make([]int, m)
	var wsum []float64
	var psum []float64
	c := make([]int64, d)
	for i := range m {
		p := modes[i*d : (i+1)*d]
		for k, v := range p {
			c[k] = int64(math.Floor(v / eps))
		}
		id, added := cells.id(c)
		if added {
			wsum = append(wsum, 0)
			psum = append(psum, make([]float64, d)...)
		}
		pool[i] = id
		wsum[id] += weight[i]
		for k, v := range p {
			psum[id*d+k] += weight[i] * v
		}
	}
	order := make([]int, len(wsum))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case wsum[a] > wsum[b]:
			return -1
		case wsum[a] < wsum[b]:
			return 1
		}
		return 0
	})
	// Centres are found through a grid of side r: one within r of p lies in
	// p's cell or a neighbour. Above maxGridDim dimensions the 3^d
	// neighbours would cost more than a scan of the centres (3^30 for 30
	// columns), so the centres are scanned instead.
	centreCells := newCellMap(d, 64)
	var members [][]int // centres in each centre cell
	poolCentre := make([]int, len(wsum))
	p := make([]float64, d)
	for _, id := range order {
		for k := range d {
			p[k] = psum[id*d+k] / wsum[id]
		}
		best, bestD := -1, r*r
		if d > maxGridDim {
			// 3^d neighbour cells outnumber the centres: scan them all.
			for j := range len(centres) / d {
				if q := sqDist(p, centres[j*d:(j+1)*d]); q <= bestD {
					best, bestD = j, q
				}
			}
		} else {
			forNeighbours(p, r, d, c, func(nc []int64) {
				ci, ok := centreCells.lookup(nc)
				if !ok {
					return
				}
				for _, j := range members[ci] {
					if q := sqDist(p, centres[j*d:(j+1)*d]); q <= bestD {
						best, bestD = j, q
					}
				}
			})
		}
		if best < 0 {
			best = len(centres) / d
			centres = append(centres, p...)
			for k, v := range p {
				c[k] = int64(math.Floor(v / r))
			}
			ci, added := centreCells.id(c)
			if added {
				members = append(members, nil)
			}
			members[ci] = append(members[ci], best)
		}
		poolCentre[id] = best
	}
	label = make([]int, m)
	for i := range m {
		label[i] = poolCentre[pool[i]]
	}
	return centres, label
}

// lookup returns the number of the cell with coordinates c, if present.
func (m *cellMap) lookup(c []int64) (int, bool) {
	i, ok, _ := m.find(c)
	return i, ok
}

// find returns the number of the cell with coordinates c if present, and
// otherwise the free hash slot where id adds it. The coordinates are
// hashed with FNV-1a; a collision probes the next slot.
func (m *cellMap) find(c []int64) (i int, ok bool, slot uint64) {
	h := uint64(14695981039346656037)
	for _, v := range c {
		h ^= uint64(v)
		h *= 1099511628211
	}
	for {
		j, found := m.index[h]
		if !found {
			return 0, false, h
		}
		if slices.Equal(m.coords[int(j)*m.d:(int(j)+1)*m.d], c) {
			return int(j), true, h
		}
		h++
	}
}

// forNeighbours calls f with the coordinates of the 3^d cells of side r
// around p's cell (c is scratch of length d).
func forNeighbours(p []float64, r float64, d int, c []int64, f func([]int64)) {
	base := make([]int64, d)
	for k, v := range p {
		base[k] = int64(math.Floor(v / r))
	}
	var rec func(k int)
	rec = func(k int) {
		if k == d {
			f(c)
			return
		}
		for o := int64(-1); o <= 1; o++ {
			c[k] = base[k] + o
			rec(k + 1)
		}
	}
	rec(0)
}

func sqDist(a, b []float64) float64 {
	var s float64
	for k := range a {
		e := a[k] - b[k]
		s += e * e
	}
	return s
}

// nearest labels each point of x (rows of d) with its nearest centre.
func nearest(x, centres []float64, d int) []int {
	n, k := len(x)/d, len(centres)/d
	label := make([]int, n)
	linalg.ParallelRows(n, 1024, func(a, b int) {
		for i := a; i < b; i++ {
			xi := x[i*d : (i+1)*d]
			best, bestD := 0, math.Inf(1)
			for j := range k {
				if q := sqDist(xi, centres[j*d:(j+1)*d]); q < bestD {
					best, bestD = j, q
				}
			}
			label[i] = best
		}
	})
	return label
}

// markOrphans sets to −1 the label of every point farther than h from
// every centre.
func markOrphans(label []int, x, centres []float64, d int, h float64) {
	n, k := len(x)/d, len(centres)/d
	h2 := h * h
	linalg.ParallelRows(n, 1024, func(a, b int) {
		for i := a; i < b; i++ {
			xi := x[i*d : (i+1)*d]
			orphan := true
			for j := range k {
				if sqDist(xi, centres[j*d:(j+1)*d]) <= h2 {
					orphan = false
					break
				}
			}
			if orphan {
				label[i] = -1
			}
		}
	})
}

// orderBySize renumbers the clusters by size, largest first (ties: the
// earlier-found centre first), and drops centres that no point is
// labelled with (possible with given seeds or orphans).
func orderBySize(centres []float64, label []int, d int) ([]float64, []int, []int) {
	k := len(centres) / d
	size := make([]int, k)
	for _, l := range label {
		if l >= 0 {
			size[l]++
		}
	}
	order := make([]int, 0, k)
	for j := range k {
		if size[j] > 0 {
			order = append(order, j)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return size[b] - size[a] })
	newID := make([]int, k)
	out := make([]float64, 0, len(order)*d)
	sizes := make([]int, len(order))
	for i, j := range order {
		newID[j] = i
		out = append(out, centres[j*d:(j+1)*d]...)
		sizes[i] = size[j]
	}
	for i, l := range label {
		if l >= 0 {
			label[i] = newID[l]
		}
	}
	return out, label, sizes
}

// binSeeds returns the centres of the cells of a grid of side h (cell
// (c₁, …, c_d) centred at c·h, as scikit-learn's get_bin_seeds rounds)
// that hold at least minFreq points, in order of first appearance, and how
// many points each holds.
func binSeeds(x []float64, d int, h float64, minFreq int) (seeds, count []float64) {
	cells := newCellMap(d, 1024)
	var freq []int
	c := make([]int64, d)
	for i := 0; i < len(x); i += d {
		for k, v := range x[i : i+d] {
			c[k] = int64(math.Round(v / h))
		}
		id, added := cells.id(c)
		if added {
			freq = append(freq, 0)
		}
		freq[id]++
	}
	for id, f := range freq {
		if f >= minFreq {
			for _, v := range cells.coords[id*d : (id+1)*d] {
				seeds = append(seeds, float64(v)*h)
			}
			count = append(count, float64(f))
		}
	}
	return seeds, count
}

// dropSmall removes the centres reached by climbers standing for fewer
// than minSize points in all (the heaviest centre always stays), setting
// their climbers' labels to −1, and renumbers the rest. dropped reports
// whether any centre went.
func dropSmall(centres []float64, label []int, weight []float64, d int, minSize float64) ([]float64, []int, bool) {
	k := len(centres) / d
	mass := make([]float64, k)
	for i, l := range label {
		mass[l] += weight[i]
	}
	heaviest := 0
	for j := range k {
		if mass[j] > mass[heaviest] {
			heaviest = j
		}
	}
	newID := make([]int, k)
	var kept []float64
	dropped := false
	for j := range k {
		if mass[j] < minSize && j != heaviest {
			newID[j] = -1
			dropped = true
			continue
		}
		newID[j] = len(kept) / d
		kept = append(kept, centres[j*d:(j+1)*d]...)
	}
	for i, l := range label {
		label[i] = newID[l]
	}
	return kept, label, dropped
}
