// Package ladder measures the rungs of linalg/gemm's matrix-product ladder:
// the shapes of lesson 12, a median time per rung, shape and element type,
// and the rule that keeps the slow rungs off the big shapes; and the
// lesson's own timings (LessonTimings) with the bar chart that sets them
// beside epsilon's (SavePlot). The program examples/matmul prints and draws
// its results; other programs (the tour) import it to run the same
// measurements and draw the same chart.
package ladder

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

// Shape is a product (m×k)·(k×n) with a name for tables.
type Shape struct {
	Name    string
	M, K, N int
}

// Flops returns the floating-point operations of the product, 2mnk.
func (s Shape) Flops() float64 { return 2 * float64(s.M) * float64(s.K) * float64(s.N) }

func (s Shape) String() string { return fmt.Sprintf("%d×%d·%d×%d", s.M, s.K, s.K, s.N) }

// Shapes are the table's: the lesson's 5 MNIST rows and all 50,000 times
// its 784×10 weights, and the square 1024³.
var Shapes = []Shape{
	{"lesson, 5 rows", 5, 784, 10},
	{"lesson, 50000 rows", 50000, 784, 10},
	{"square", 1024, 1024, 1024},
}

// QuickShapes are for a run of a second or two (-quick, the tour): the
// lesson's 5 rows and the engine's MLP layer (batch 64, 784→100).
var QuickShapes = []Shape{
	{"lesson, 5 rows", 5, 784, 10},
	{"MLP layer", 64, 784, 100},
}

// Dtypes are the element types measured, by the names the JSON uses.
var Dtypes = []string{"float32", "float64"}

// Measurement is one rung on one shape and element type; its JSON keys
// are those of bench/matmul_peers.py, so both print comparable lines.
type Measurement struct {
	Impl    string  `json:"impl"`
	M       int     `json:"m"`
	K       int     `json:"k"`
	N       int     `json:"n"`
	Dtype   string  `json:"dtype"`
	Seconds float64 `json:"seconds"` // median over the repeats
	GFLOPS  float64 `json:"gflops"`  // 2mnk / seconds / 1e9
	Reps    int     `json:"reps"`
}

// Options says how long to measure.
type Options struct {
	// Budget is the time to spend repeating one measurement after a first
	// (warm-up) run; at least MinReps repeats are timed, at most MaxReps.
	// A first run longer than Budget is timed once and that is the result.
	Budget           time.Duration
	MinReps, MaxReps int
}

// DefaultOptions: a second per measurement, 3 to 50 repeats.
var DefaultOptions = Options{Budget: time.Second, MinReps: 3, MaxReps: 50}

// QuickOptions: a twentieth of a second, 3 to 20 repeats.
var QuickOptions = Options{Budget: 50 * time.Millisecond, MinReps: 3, MaxReps: 20}

// SlowLimit is the largest mnk a slow rung (gemm.Rung.Slow: the triple
// loop, ikj, dot, the launch emulator) is run on; above it the rung would
// take tens of seconds per product and is skipped with a note.
const SlowLimit = 1 << 29

// Skip returns why r is not run on s, or "" if it is.
func Skip(r gemm.Rung, s Shape) string {
	if r.Slow && float64(s.M)*float64(s.K)*float64(s.N) > SlowLimit {
		return fmt.Sprintf("%s skipped on %s (%s): a slow rung, it would take tens of seconds per product", r.Name, s.Name, s)
	}
	return ""
}

// Measure times r on s in the element type dtype ("float32" or "float64")
// with inputs uniform in [0, 1) and returns the median.
func Measure(r gemm.Rung, s Shape, dtype string, opt Options) Measurement {
	var once func()
	switch dtype {
	case "float32":
		once = product(r.F32, s)
	case "float64":
		once = product(r.F64, s)
	default:
		panic("ladder: unknown dtype " + dtype)
	}
	times := timeRuns(once, opt)
	med := median(times)
	return Measurement{Impl: r.Name, M: s.M, K: s.K, N: s.N, Dtype: dtype, Seconds: med, GFLOPS: s.Flops() / med / 1e9, Reps: len(times)}
}

func product[T gemm.Float](f gemm.Func[T], s Shape) func() {
	rng := rand.New(rand.NewPCG(12, 2022))
	a, b, c := make([]T, s.M*s.K), make([]T, s.K*s.N), make([]T, s.M*s.N)
	for i := range a {
		a[i] = T(rng.Float64())
	}
	for i := range b {
		b[i] = T(rng.Float64())
	}
	return func() { f(false, false, s.M, s.N, s.K, a, max(1, s.K), b, max(1, s.N), c, max(1, s.N)) }
}

// timeRuns runs f once to warm up, then times repeats per opt; a product
// under a tenth of a millisecond is timed in batches, so the clock's
// resolution does not matter.
func timeRuns(f func(), opt Options) []float64 {
	start := time.Now()
	f()
	first := time.Since(start)
	if first >= opt.Budget {
		return []float64{first.Seconds()}
	}
	batch := 1
	if first < 100*time.Microsecond {
		batch = int(100*time.Microsecond/max(first, time.Microsecond)) + 1
	}
	reps := int(opt.Budget / (first * time.Duration(batch)))
	reps = min(max(reps, opt.MinReps), opt.MaxReps)
	times := make([]float64, reps)
	for i := range times {
		start := time.Now()
		for range batch {
			f()
		}
		times[i] = time.Since(start).Seconds() / float64(batch)
	}
	return times
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Run measures every rung on every shape and dtype not skipped, calling
// progress (if not nil) before each measurement with the number done and
// the total; it returns the measurements in order and the skip notes.
func Run(rungs []gemm.Rung, shapes []Shape, dtypes []string, opt Options, progress func(done, total int, what string)) ([]Measurement, []string) {
	type job struct {
		r     gemm.Rung
		s     Shape
		dtype string
	}
	var jobs []job
	var notes []string
	for _, s := range shapes {
		for _, r := range rungs {
			if why := Skip(r, s); why != "" {
				notes = append(notes, why)
				continue
			}
			for _, d := range dtypes {
				jobs = append(jobs, job{r, s, d})
			}
		}
	}
	ms := make([]Measurement, 0, len(jobs))
	for i, j := range jobs {
		if progress != nil {
			progress(i, len(jobs), fmt.Sprintf("%s %s %s", j.r.Name, j.s, j.dtype))
		}
		ms = append(ms, Measure(j.r, j.s, j.dtype, opt))
	}
	if progress != nil {
		progress(len(jobs), len(jobs), "done")
	}
	return ms, notes
}

// Speedup returns m's speedup over the triple loop ("naive") on the same
// shape and dtype among ms, and false when the triple loop was not
// measured there.
func Speedup(ms []Measurement, m Measurement) (float64, bool) {
	for _, x := range ms {
		if x.Impl == "naive" && x.M == m.M && x.K == m.K && x.N == m.N && x.Dtype == m.Dtype {
			return x.Seconds / m.Seconds, true
		}
	}
	return 0, false
}
