package autodiff_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/linalg"
)

// einsumGradCases: subscripts and operand shapes whose gradients are
// checked; same marks operands that are one node (operand k is the node of
// operand same[k]).
var einsumGradCases = []struct {
	subs   string
	shapes [][]int
	same   []int
}{
	{"ii->i", [][]int{{3, 3}}, nil},
	{"ii->", [][]int{{4, 4}}, nil},
	{"iii->i", [][]int{{3, 3, 3}}, nil},
	{"iij->ji", [][]int{{2, 2, 3}}, nil},
	{"ij->i", [][]int{{3, 4}}, nil},
	{"ij->", [][]int{{3, 4}}, nil},
	{"ij->ji", [][]int{{3, 4}}, nil},
	{"ij,jk->ik", [][]int{{3, 4}, {4, 2}}, nil},
	{"ij,jk->ik", [][]int{{9, 8}, {8, 10}}, nil}, // the matmul kernel
	{"bij,bjk->bik", [][]int{{2, 9, 8}, {2, 8, 10}}, nil},
	{"bij,bkj->kib", [][]int{{2, 9, 8}, {2, 10, 8}}, nil},
	{"ij,jk,kl->il", [][]int{{3, 4}, {4, 5}, {5, 2}}, nil},
	{"ii,ij->j", [][]int{{3, 3}, {3, 4}}, nil},
	{"ij,ij->", [][]int{{3, 4}, {3, 4}}, []int{0, 0}},
	{"ij,ij->ij", [][]int{{3, 4}, {3, 4}}, []int{0, 0}},
	{"ij,jk,ki->", [][]int{{3, 3}, {3, 3}, {3, 3}}, []int{0, 0, 0}},
	{"i,ij,j->", [][]int{{3}, {3, 3}, {3}}, []int{0, 1, 0}},
	{"...i,...i->...", [][]int{{2, 1, 3}, {4, 3}}, nil},
	{"...ij,...jk->...ik", [][]int{{1, 3, 4}, {2, 4, 5}}, nil},
	{"...ij,jk", [][]int{{2, 3, 4}, {4, 5}}, nil},
	{"i,i->", [][]int{{1}, {4}}, nil},
	{"ij,ij->ij", [][]int{{2, 1}, {1, 3}}, nil},
	{"ii,i->i", [][]int{{1, 1}, {3}}, nil},
	{"ij,jk", [][]int{{2, 1}, {3, 4}}, nil},
	{"ijk,jl->kil", [][]int{{2, 3, 4}, {3, 2}}, nil},
	{",i->i", [][]int{{}, {3}}, nil},
	{"ii,ij->j", [][]int{{1, 1}, {3, 4}}, nil},
	{"ij,kj->ik", [][]int{{2, 1}, {4, 3}}, nil},
	{"ij,j->i", [][]int{{2, 3}, {1}}, nil},
	{"ij,j->i", [][]int{{2, 1}, {3}}, nil},
	{"Ba,aC", [][]int{{2, 3}, {3, 4}}, nil},
	{"...,...", [][]int{{2, 3}, {3}}, nil},
	{"i...,j", [][]int{{3, 2}, {4}}, nil},
	{"...ij->j...i", [][]int{{2, 1, 2, 3}}, nil},
	{"a,b,c,d,e->ace", [][]int{{2}, {3}, {2}, {2}, {3}}, nil},
	{"ab,bc,cd,de,ef->af", [][]int{{2, 3}, {3, 4}, {4, 2}, {2, 3}, {3, 2}}, nil},
}

// TestEinsumGradcheckTable: gradcheck (reverse, forward, finite
// differences) passes on a table of subscripts: diagonals, traces, an
// index thrice, sums within one operand, "..." broadcast with size-1 axes,
// size-1 letters broadcast, the matrix-product kernels, and one node passed
// as two or three operands (the product rule).
func TestEinsumGradcheckTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	for _, c := range einsumGradCases {
		t.Run(c.subs, func(t *testing.T) {
			g := autodiff.New()
			var nodes, wrt []*autodiff.Node
			for k, s := range c.shapes {
				if c.same != nil && c.same[k] != k {
					nodes = append(nodes, nodes[c.same[k]])
					continue
				}
				x := g.Input(fmt.Sprint("x", k), s...)
				x.Set(linalg.RandNormal(rng, s...))
				nodes = append(nodes, x)
				wrt = append(wrt, x)
			}
			y, err := g.Einsum(c.subs, nodes...)
			if err != nil {
				t.Fatal(err)
			}
			w := g.Const("w", linalg.RandNormal(rng, y.Shape()...))
			gradcheck.CheckT(t, y.Mul(w).Sum(), wrt...)
		})
	}
}

// TestEinsumHessianFD: the Hessian of einsum forms in which x appears
// twice or thrice (xᵀAx, Σ (x∘x)·B, tr(X·X·X)) agrees with central
// differences of the gradient.
func TestEinsumHessianFD(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, c := range []struct {
		subs string
		x    []int
		a    []int // the constant operand's shape, nil: none
		pos  []int // where x goes among the operands (the constant elsewhere)
	}{
		{"i,ij,j->", []int{3}, []int{3, 3}, []int{0, 2}},
		{"ij,ij,ij->", []int{2, 3}, []int{2, 3}, []int{0, 1}},
		{"ij,jk,ki->", []int{3, 3}, nil, []int{0, 1, 2}},
		{"ii,ij,jj->", []int{3, 3}, []int{3, 3}, []int{0, 2}},
		{"ai,ai,ai->", []int{1, 3}, []int{4, 3}, []int{0, 1}}, // x's a broadcast over 4
	} {
		g := autodiff.New()
		x := g.Input("x", c.x...)
		x0 := linalg.RandNormal(rng, c.x...)
		x.Set(x0.Clone())
		var ops []*autodiff.Node
		n := len(c.pos) + 1
		if c.a == nil {
			n = len(c.pos)
		}
		for k := 0; k < n; k++ {
			isX := false
			for _, p := range c.pos {
				isX = isX || p == k
			}
			if isX {
				ops = append(ops, x)
			} else {
				ops = append(ops, g.Const("a", linalg.RandNormal(rng, c.a...)))
			}
		}
		y, err := g.Einsum(c.subs, ops...)
		if err != nil {
			t.Fatal(err)
		}
		H, err := g.Hessian(y, x)
		if err != nil {
			t.Fatal(err)
		}
		m := len(x0.Data())
		const h = 1e-3
		for j := 0; j < m; j++ {
			grad := func(d float64) []float64 {
				xp := x0.Clone()
				xp.Data()[j] += d
				x.Set(xp)
				gr, err := g.Gradient(y, x)
				if err != nil {
					t.Fatal(err)
				}
				return gr[0].Values()
			}
			gp, gm := grad(h), grad(-h)
			for i := 0; i < m; i++ {
				fd := (gp[i] - gm[i]) / (2 * h)
				if got := H.Values()[i*m+j]; math.Abs(got-fd) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("%q: H[%d,%d] = %v, central differences of the gradient %v", c.subs, i, j, got, fd)
				}
			}
		}
		x.Set(x0)
	}
}
