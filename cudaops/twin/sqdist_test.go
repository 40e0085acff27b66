package twin

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

var sqDistShapes = [][3]int{{1, 1, 1}, {1, 5, 3}, {17, 1, 2}, {13, 19, 16}, {31, 17, 17}, {40, 33, 37}}

// TestSqDistMatchesCPU: the pairwise-distance twin against
// linalg.PairwiseSqDist, float64 to 1e-12 and float32 to 1e-4 of the
// distances' scale (‖x_i‖² + ‖y_j‖², the size of its rounding errors), on
// shapes around the 16×16 tile and 16-coordinate chunk, under every order;
// equal rows give exactly 0.
func TestSqDistMatchesCPU(t *testing.T) {
	for _, s := range sqDistShapes {
		n, m, d := s[0], s[1], s[2]
		x, y := randMat(uint64(n+d), n, d), randMat(uint64(m+2*d), m, d)
		copy(y[:d], x[:d]) // x_0 = y_0
		want := linalg.PairwiseSqDist(mat(n, d, x), mat(m, d, y)).Values()
		scale := make([]float64, len(want))
		for i := range scale {
			scale[i] = float64(d) * 8
		}
		orders(func(ord string, o Options) {
			name := fmt.Sprintf("%dx%d d=%d %s", n, m, d, ord)
			got, err := SqDist(o, x, y, n, m, d)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if e, at := maxErr(got, want, scale); e > 1e-12 {
				t.Errorf("%s f64: error %.3g at %d", name, e, at)
			}
			if got[0] != 0 {
				t.Errorf("%s: distance of equal rows %v, want 0", name, got[0])
			}
			got32, err := SqDist(o, to32(x), to32(y), n, m, d)
			if err != nil {
				t.Fatal(err)
			}
			if e, at := maxErr(to64(got32), want, scale); e > 1e-4 {
				t.Errorf("%s f32: error %.3g at %d", name, e, at)
			}
		})
	}
}

// TestColRange: the partial ranges, combined, are each column's min and
// max, with a NaN winning as in Go; n = 0 leaves ±Inf.
func TestColRange(t *testing.T) {
	for _, s := range [][2]int{{1, 1}, {0, 2}, {255, 3}, {257, 2}, {70000, 1}} {
		n, d := s[0], s[1]
		x := randMat(uint64(n), n, d)
		if n > 100 {
			x[(n/2)*d+d-1] = math.NaN()
		}
		orders(func(ord string, o Options) {
			pl, ph, err := ColRange(o, x, n, d)
			if err != nil {
				t.Fatalf("n=%d d=%d %s: %v", n, d, ord, err)
			}
			lo, hi := make([]float64, d), make([]float64, d)
			for k := range d {
				lo[k], hi[k] = math.Inf(1), math.Inf(-1)
			}
			CombineRanges(lo, hi, pl, ph)
			for k := range d {
				wl, wh := math.Inf(1), math.Inf(-1)
				for r := range n {
					wl, wh = min(wl, x[r*d+k]), max(wh, x[r*d+k])
				}
				if !same(lo[k], wl) || !same(hi[k], wh) {
					t.Errorf("n=%d d=%d %s column %d: range [%v, %v], want [%v, %v]", n, d, ord, k, lo[k], hi[k], wl, wh)
				}
			}
		})
	}
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
