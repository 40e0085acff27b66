package main

import (
	"math"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/linalg"
)

// readInput reads -in, or the embedded lesson data when there is none.
func readInput(c *config) (*dataset.Table, error) {
	if c.in == "" {
		return dataset.Lesson(c.label)
	}
	return dataset.Read(c.in, c.label)
}

// scaling is the affine map -standardize applied: clustered = (x − mean)/sd,
// column by column; the identity without -standardize.
type scaling struct {
	mean, sd []float64
}

// standardize returns the n×d features of tb scaled to mean 0 and (population)
// standard deviation 1 per column, as scikit-learn's StandardScaler does; a
// constant column is only centred. Without on it returns them as they are.
func standardize(tb *dataset.Table, on bool) (*linalg.Tensor, scaling) {
	n, d := tb.N, tb.D
	s := scaling{mean: make([]float64, d), sd: make([]float64, d)}
	for j := range s.sd {
		s.sd[j] = 1
	}
	x := tb.Tensor()
	if !on {
		return x, s
	}
	v := x.Data()
	for j := range d {
		var sum float64
		for i := range n {
			sum += v[i*d+j]
		}
		m := sum / float64(n)
		var ss float64
		for i := range n {
			e := v[i*d+j] - m
			ss += e * e
		}
		sd := math.Sqrt(ss / float64(n))
		if sd == 0 {
			sd = 1
		}
		s.mean[j], s.sd[j] = m, sd
		for i := range n {
			v[i*d+j] = (v[i*d+j] - m) / sd
		}
	}
	return x, s
}

// undo maps the row-major k×d values v back to the data's units.
func (s scaling) undo(v []float64) []float64 {
	d := len(s.mean)
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x*s.sd[i%d] + s.mean[i%d]
	}
	return out
}
