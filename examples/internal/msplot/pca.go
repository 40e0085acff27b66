package msplot

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Projection maps d-dimensional points onto their first two principal
// components: p = (x − Mean)·V, V the d×2 matrix of the directions of
// largest variance (gonum's stat.PC, by singular value decomposition).
type Projection struct {
	Mean      []float64  // the data's column means, d
	V         *mat.Dense // d×2, orthonormal columns
	Explained [2]float64 // share of the total variance along each direction
}

// PCA returns the projection of the n×d points x (d ≥ 2) onto their first
// two principal components. It returns an error for fewer than two points
// or when the decomposition fails.
func PCA(x *linalg.Tensor) (*Projection, error) {
	sh := x.Shape()
	if len(sh) != 2 || sh[1] < 2 {
		panic(fmt.Sprintf("msplot: PCA: points of shape %v, want n×d with d ≥ 2", sh))
	}
	n, d := sh[0], sh[1]
	if n < 2 {
		return nil, fmt.Errorf("PCA needs at least 2 points, have %d", n)
	}
	a := mat.NewDense(n, d, append([]float64(nil), x.Values()...))
	var pc stat.PC
	if !pc.PrincipalComponents(a, nil) {
		return nil, fmt.Errorf("PCA: the singular value decomposition of the %d×%d data failed", n, d)
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	var total float64
	for _, v := range vars {
		total += v
	}
	p := &Projection{Mean: make([]float64, d), V: mat.DenseCopyOf(vecs.Slice(0, d, 0, 2))}
	for j := range d {
		p.Mean[j] = stat.Mean(mat.Col(nil, j, a), nil)
	}
	if total > 0 {
		p.Explained = [2]float64{vars[0] / total, vars[1] / total}
	}
	return p, nil
}

// Apply returns the m×2 projection of the m×d points x.
func (p *Projection) Apply(x *linalg.Tensor) *linalg.Tensor {
	sh := x.Shape()
	d := len(p.Mean)
	if len(sh) != 2 || sh[1] != d {
		panic(fmt.Sprintf("msplot: Projection.Apply: points of shape %v, want m×%d", sh, d))
	}
	m := sh[0]
	v := x.Values()
	out := make([]float64, 2*m)
	c := make([]float64, d)
	for i := range m {
		for j := range d {
			c[j] = v[i*d+j] - p.Mean[j]
		}
		for k := range 2 {
			var s float64
			for j := range d {
				s += c[j] * p.V.At(j, k)
			}
			out[2*i+k] = s
		}
	}
	return linalg.New([]int{m, 2}, out)
}

// AxisLabels returns the axis names of the projection: "PC1 (62% of variance)".
func (p *Projection) AxisLabels() (x, y string) {
	return fmt.Sprintf("PC1 (%.0f%% of variance)", 100*p.Explained[0]),
		fmt.Sprintf("PC2 (%.0f%% of variance)", 100*p.Explained[1])
}
