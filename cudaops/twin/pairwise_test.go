package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestDiffDotMatchesCPU: the JVP kernel's twin against
// linalg.PairwiseDiffDot, with both directions, one, and an infinite point
// difference against a zero direction (strong zero), float64 to 1e-12 and
// float32 to 1e-4 of the terms' scale, under every order.
func TestDiffDotMatchesCPU(t *testing.T) {
	for _, s := range [][3]int{{1, 1, 1}, {1, 5, 3}, {17, 1, 2}, {13, 19, 16}, {31, 17, 17}, {40, 33, 37}} {
		n, m, d := s[0], s[1], s[2]
		a, b := randMat(uint64(n+d), n, d), randMat(uint64(m+2*d), m, d)
		u, v := randMat(uint64(n+7), n, d), randMat(uint64(m+8), m, d)
		a[0] = math.Inf(1)
		u[0] = 0
		if m > 1 {
			v[0] = 0 // u_00 − v_00 = 0: the infinite difference adds nothing
		}
		for _, dir := range []string{"uv", "u", "v"} {
			uu, vv := u, v
			if dir == "v" {
				uu = nil
			}
			if dir == "u" {
				vv = nil
			}
			want := linalg.PairwiseDiffDot(mat(n, d, a), mat(m, d, b), tensorOrNil(n, d, uu), tensorOrNil(m, d, vv)).Values()
			scale := ones64(len(want), 16*float64(d))
			orders(func(ord string, o Options) {
				name := fmt.Sprintf("%v %s %s", s, dir, ord)
				got, err := DiffDot(o, a, b, uu, vv, n, m, d)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if e, at := maxErr(got, want, scale); e > 1e-12 {
					t.Errorf("%s f64: error %.3g at %d: got %v, want %v", name, e, at, got[at], want[at])
				}
				got32, err := DiffDot(o, to32(a), to32(b), to32nil(uu), to32nil(vv), n, m, d)
				if err != nil {
					t.Fatal(err)
				}
				if e, at := maxErr(to64(got32), want, scale); e > 1e-4 {
					t.Errorf("%s f32: error %.3g at %d", name, e, at)
				}
			})
		}
	}
}

// TestDiffSumMatchesCPU: the VJP kernel's twin against
// linalg.PairwiseDiffSum, with g and with gᵀ, and a zero weight against an
// infinite difference (strong zero).
func TestDiffSumMatchesCPU(t *testing.T) {
	for _, s := range [][3]int{{1, 1, 1}, {1, 5, 3}, {17, 1, 2}, {13, 19, 16}, {31, 17, 17}, {40, 33, 37}} {
		n, m, d := s[0], s[1], s[2]
		a, b := randMat(uint64(n+d), n, d), randMat(uint64(m+2*d), m, d)
		b[0] = math.Inf(-1)
		for _, tr := range []bool{false, true} {
			g := randMat(uint64(n*m), n, m)
			if tr {
				g = randMat(uint64(n*m+1), m, n)
			}
			g[0] = 0 // the weight of b_0, whose first coordinate is infinite, for a_0
			gr, gc := n, m
			if tr {
				gr, gc = m, n
			}
			want := linalg.PairwiseDiffSum(mat(n, d, a), mat(m, d, b), mat(gr, gc, g), tr).Values()
			scale := ones64(len(want), 4*float64(m))
			orders(func(ord string, o Options) {
				name := fmt.Sprintf("%v transG=%t %s", s, tr, ord)
				got, err := DiffSum(o, a, b, g, n, m, d, tr)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if e, at := maxErr(got, want, scale); e > 1e-12 {
					t.Errorf("%s f64: error %.3g at %d: got %v, want %v", name, e, at, got[at], want[at])
				}
				got32, err := DiffSum(o, to32(a), to32(b), to32(g), n, m, d, tr)
				if err != nil {
					t.Fatal(err)
				}
				if e, at := maxErr(to64(got32), want, scale); e > 1e-4 {
					t.Errorf("%s f32: error %.3g at %d", name, e, at)
				}
			})
		}
	}
}

func tensorOrNil(r, c int, v []float64) *linalg.Tensor {
	if v == nil {
		return nil
	}
	return mat(r, c, v)
}

func to32nil(v []float64) []float32 {
	if v == nil {
		return nil
	}
	return to32(v)
}

func ones64(n int, v float64) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = v
	}
	return o
}
