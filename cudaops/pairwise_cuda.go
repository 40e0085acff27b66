//go:build cuda

package cudaops

import (
	"github.com/epsilon-engine/epsilon/cudaops/twin"
	"github.com/epsilon-engine/epsilon/linalg"
)

var (
	_ linalg.PairwiseDiffer = (*Backend)(nil)
	_ linalg.Einsumer       = (*Backend)(nil)
)

// PairwiseDiffDot returns the n×m inner products of differences (a_i −
// b_j)·(u_i − v_j) as a device tensor, as linalg.PairwiseDiffDot does (a nil
// u or v is zeros and is not uploaded; a zero direction difference adds
// nothing): the JVP of PairwiseSqDist, on the GPU.
func (b *Backend) PairwiseDiffDot(x, y, u, v *linalg.Tensor) *linalg.Tensor {
	n, m, d := rowsShape("PairwiseDiffDot", x, y)
	if u != nil && !linalg.SameShape(u.Shape(), x.Shape()) || v != nil && !linalg.SameShape(v.Shape(), y.Shape()) {
		panic(linalg.ShapeErrorf("cudaops", "PairwiseDiffDot", "points %v and %v with directions %v and %v: want equal shapes", x.Shape(), y.Shape(), shapeOf(u), shapeOf(v)))
	}
	if n == 0 || m == 0 || d == 0 || u == nil && v == nil {
		return linalg.New([]int{n, m}, nil)
	}
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	du, hasU, doneU := b.onOrNil(u, dx)
	defer doneU()
	dv, hasV, doneV := b.onOrNil(v, dy)
	defer doneV()
	out, err := b.alloc(n*m, 8)
	must(err)
	grid, block := twin.DiffDotLaunch(n, m)
	if err := b.launchRows("diffdot_f64", grid, block, dx, dy, du, dv, out, n, m, d, hasU, hasV); err != nil {
		out.Release()
		panic(err)
	}
	return linalg.OnDevice([]int{n, m}, out)
}

// onOrNil is on for a tensor, and for nil returns stand-in (a buffer the
// kernel is told not to read) and 0.
func (b *Backend) onOrNil(t *linalg.Tensor, standIn *buffer) (*buffer, int, func()) {
	if t == nil {
		return standIn, 0, func() {}
	}
	x, done := b.on(t)
	return x, 1, done
}

func shapeOf(t *linalg.Tensor) []int {
	if t == nil {
		return nil
	}
	return t.Shape()
}

// PairwiseDiffSum returns the n×d weighted sums of differences Σ_j g_ij
// (a_i − b_j) as a device tensor, as linalg.PairwiseDiffSum does (g n×m, or
// m×n with transG; a zero weight adds nothing): the VJP of PairwiseSqDist
// and the centred sum of mean shift, on the GPU.
func (b *Backend) PairwiseDiffSum(x, y, g *linalg.Tensor, transG bool) *linalg.Tensor {
	n, m, d := rowsShape("PairwiseDiffSum", x, y)
	want := []int{n, m}
	if transG {
		want = []int{m, n}
	}
	if !linalg.SameShape(g.Shape(), want) {
		panic(linalg.ShapeErrorf("cudaops", "PairwiseDiffSum", "shapes %v and %v with weights %v (transposed %v): want weights %v", x.Shape(), y.Shape(), g.Shape(), transG, want))
	}
	if n == 0 || d == 0 || m == 0 {
		return linalg.New([]int{n, d}, nil)
	}
	dx, doneX := b.on(x)
	defer doneX()
	dy, doneY := b.on(y)
	defer doneY()
	dg, doneG := b.on(g)
	defer doneG()
	out, err := b.alloc(n*d, 8)
	must(err)
	tg := 0
	if transG {
		tg = 1
	}
	grid, block := twin.DiffSumLaunch(n, d)
	if err := b.launchRows("diffsum_f64", grid, block, dx, dy, dg, out, n, m, d, tg); err != nil {
		out.Release()
		panic(err)
	}
	return linalg.OnDevice([]int{n, d}, out)
}

// Einsum evaluates spec on the GPU when it is one product of two matrices
// ("ik,kj->ij" and its transposes, as the lesson's mean shift writes
// weights @ X), and on the CPU otherwise (a host result). Shapes that
// contradict the spec panic as linalg.Einsum does.
func (b *Backend) Einsum(spec *linalg.EinsumSpec, operands ...*linalg.Tensor) *linalg.Tensor {
	if len(operands) == 2 && operands[0].Rank() == 2 && operands[1].Rank() == 2 {
		if swap, tx, ty, ok := matmulEinsum(spec.String()); ok {
			spec.Shape(operands[0].Shape(), operands[1].Shape()) // panics as linalg.Einsum would
			x, y := operands[0], operands[1]
			if swap {
				x, y = y, x
			}
			return b.MatMul(x, y, tx, ty)
		}
	}
	return linalg.CPU{}.Einsum(spec, operands...)
}
