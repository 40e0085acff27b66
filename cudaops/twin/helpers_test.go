package twin

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// randMat returns r×c values uniform in [-1, 1) from a fixed seed.
func randMat(seed uint64, r, c int) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	v := make([]float64, r*c)
	for i := range v {
		v[i] = 2*rng.Float64() - 1
	}
	return v
}

func to32(v []float64) []float32 {
	o := make([]float32, len(v))
	for i, x := range v {
		o[i] = float32(x)
	}
	return o
}

func to64[T Float](v []T) []float64 {
	o := make([]float64, len(v))
	for i, x := range v {
		o[i] = float64(x)
	}
	return o
}

// maxErr returns max_i |got_i − want_i| / scale_i, and the index where it
// is reached; a NaN where the other is not counts as infinite error, NaN
// against NaN as none.
func maxErr(got, want, scale []float64) (float64, int) {
	worst, at := 0.0, -1
	for i := range want {
		g, w := got[i], want[i]
		var e float64
		switch {
		case math.IsNaN(g) && math.IsNaN(w):
			continue
		case math.IsNaN(g) || math.IsNaN(w):
			e = math.Inf(1)
		case g == w:
			continue
		default:
			e = math.Abs(g-w) / scale[i]
		}
		if e > worst || at < 0 {
			worst, at = e, i
		}
	}
	return worst, at
}

// orders runs f under every thread order of the emulator (two seeds for
// the shuffled one).
func orders(f func(name string, o Options)) {
	for _, ord := range launch.Orders {
		seeds := []uint64{1}
		if ord == launch.Shuffled {
			seeds = []uint64{1, 2}
		}
		for _, s := range seeds {
			f(fmt.Sprintf("%v/%d", ord, s), Options{Order: ord, Seed: s})
		}
	}
}

// mat returns a linalg tensor of r×c values.
func mat(r, c int, v []float64) *linalg.Tensor {
	return linalg.New([]int{r, c}, append([]float64(nil), v...))
}

var _ = testing.Verbose
