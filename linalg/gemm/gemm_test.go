package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// shapes are the awkward cases every rung must agree on: empty, 1×1,
// primes, k = 0, tall-skinny like the lesson's n = 10, and sizes that are
// not multiples of any micro-tile or block.
var shapes = [][3]int{ // m, n, k
	{0, 0, 0}, {0, 5, 3}, {4, 0, 3}, {3, 4, 0}, {1, 1, 1}, {1, 1, 7},
	{2, 3, 5}, {7, 11, 13}, {13, 7, 1}, {17, 1, 19}, {1, 23, 29},
	{31, 10, 37}, {100, 10, 784}, {5, 10, 784}, {65, 33, 257},
	{129, 130, 300}, {9, 49, 600}, {300, 17, 5},
}

// matrices returns op(A) m×k and op(B) k×n stored with the given transposes
// and leading dimensions padded by pad (filled with NaN, which must never be
// read), and a C of m×n with leading dimension n+pad, its padding NaN too.
type problem[T Float] struct {
	transA, transB bool
	m, n, k        int
	a, b, c        []T
	lda, ldb, ldc  int
}

func newProblem[T Float](rng *rand.Rand, m, n, k int, transA, transB bool, pad int) problem[T] {
	p := problem[T]{transA: transA, transB: transB, m: m, n: n, k: k}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	fill := func(rows, cols, ld int) []T {
		x := make([]T, rows*ld)
		for i := range x {
			if i%ld < cols {
				x[i] = T(2*rng.Float64() - 1)
			} else {
				x[i] = T(math.NaN())
			}
		}
		return x
	}
	p.lda, p.ldb, p.ldc = max(1, ac+pad), max(1, bc+pad), max(1, n+pad)
	p.a, p.b = fill(ar, ac, p.lda), fill(br, bc, p.ldb)
	p.c = make([]T, m*p.ldc)
	for i := range p.c {
		p.c[i] = T(math.NaN()) // a rung must overwrite every element of the window
	}
	return p
}

func (p problem[T]) run(f Func[T]) []T {
	c := append([]T(nil), p.c...)
	f(p.transA, p.transB, p.m, p.n, p.k, p.a, p.lda, p.b, p.ldb, c, p.ldc)
	return c
}

// reference returns C in float64 and the bound Σ_p |a_ip||b_pj| per element.
func (p problem[T]) reference() (c, abs []float64) {
	c, abs = make([]float64, p.m*p.n), make([]float64, p.m*p.n)
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			var s, t float64
			for q := 0; q < p.k; q++ {
				x, y := float64(at(p.transA, p.a, p.lda, i, q)), float64(at(p.transB, p.b, p.ldb, q, j))
				s += x * y
				t += math.Abs(x * y)
			}
			c[i*p.n+j], abs[i*p.n+j] = s, t
		}
	}
	return c, abs
}

func eps[T Float]() float64 {
	var z T
	if any(z) == any(float32(0)) {
		return 0x1p-24
	}
	return 0x1p-53
}

// checkAgainst compares got with the float64 reference: each element within
// 2·k·eps·Σ|a||b| (the worst-case bound of any summation order) and the
// padding of C untouched (still NaN).
func checkAgainst[T Float](t *testing.T, name string, p problem[T], got []T) {
	t.Helper()
	want, abs := p.reference()
	checkRef(t, name, p, got, want, abs)
}

func checkRef[T Float](t *testing.T, name string, p problem[T], got []T, want, abs []float64) {
	t.Helper()
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.ldc; j++ {
			g := float64(got[i*p.ldc+j])
			if j >= p.n {
				if !math.IsNaN(g) {
					t.Fatalf("%s: wrote C's padding at (%d,%d)", name, i, j)
				}
				continue
			}
			w, tol := want[i*p.n+j], 2*float64(p.k+1)*eps[T]()*abs[i*p.n+j]
			if !(math.Abs(g-w) <= tol) {
				t.Fatalf("%s: C[%d,%d] = %v, want %v ± %.3g", name, i, j, g, w, tol)
			}
		}
	}
}

func testAgree[T Float](t *testing.T, pick func(Rung) Func[T]) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range shapes {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			for _, pad := range []int{0, 3} {
				p := newProblem[T](rng, s[0], s[1], s[2], tr[0], tr[1], pad)
				want, abs := p.reference()
				for _, r := range Rungs() {
					name := fmt.Sprintf("%s %T m=%d n=%d k=%d transA=%t transB=%t pad=%d", r.Name, T(0), s[0], s[1], s[2], tr[0], tr[1], pad)
					checkRef(t, name, p, p.run(pick(r)), want, abs)
				}
			}
		}
	}
}

func TestRungsAgree(t *testing.T) {
	t.Run("float64", func(t *testing.T) { testAgree(t, func(r Rung) Func[float64] { return r.F64 }) })
	t.Run("float32", func(t *testing.T) { testAgree(t, func(r Rung) Func[float32] { return r.F32 }) })
}

// TestKernelsAgree runs every micro-kernel this machine has (not only the
// one Fast picks for a width) through the loop nest on shapes around its
// tile and block sizes.
func TestKernelsAgree(t *testing.T) {
	testKernels[float64](t)
	testKernels[float32](t)
}

func testKernels[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ks := append(allSIMDKernels[T](), portableKernel[T]())
	for _, kr := range ks {
		for _, s := range [][3]int{{kr.mr, kr.nr, 1}, {kr.mr + 1, kr.nr - 1, kr.kc + 1}, {kr.mc + kr.mr + 3, 2*kr.nr + 5, 2*kr.kc + 7}, {2*kr.mr + 1, (directPanels+1)*kr.nr + 3, kr.kc + 5}, {kr.mr + 5, kr.nr, 7}, {1, 1, 3}} {
			for _, tr := range [][2]bool{{false, false}, {true, true}} {
				p := newProblem[T](rng, s[0], s[1], s[2], tr[0], tr[1], 2)
				c := append([]T(nil), p.c...)
				drive(kr, 2, p.transA, p.transB, p.m, p.n, p.k, p.a, p.lda, p.b, p.ldb, c, p.ldc)
				checkAgainst(t, fmt.Sprintf("kernel %s %v trans=%v", kr.name, s, tr), p, c)
			}
		}
	}
}

// TestIEEE: a 0 times an Inf is NaN in every rung but gonum's (BLAS skips
// zero factors of A), and an Inf otherwise propagates.
func TestIEEE(t *testing.T) {
	for _, r := range Rungs() {
		if r.Name == "gonum" {
			continue
		}
		// A = [0 1], B = [Inf; 2] → 0·Inf + 2 = NaN; A = [1 1] → Inf.
		a := []float64{0, 1, 1, 1}
		b := []float64{math.Inf(1), 2}
		c := make([]float64, 2)
		r.F64(false, false, 2, 1, 2, a, 2, b, 1, c, 1)
		if !math.IsNaN(c[0]) || !math.IsInf(c[1], 1) {
			t.Errorf("%s: [0 1; 1 1]·[Inf; 2] = %v, want [NaN; +Inf]", r.Name, c)
		}
		a32, b32, c32 := []float32{0, 1, 1, 1}, []float32{float32(math.Inf(1)), 2}, make([]float32, 2)
		r.F32(false, false, 2, 1, 2, a32, 2, b32, 1, c32, 1)
		if !math.IsNaN(float64(c32[0])) || !math.IsInf(float64(c32[1]), 1) {
			t.Errorf("%s float32: got %v, want [NaN; +Inf]", r.Name, c32)
		}
	}
}

// TestGOMAXPROCS: the parallel rungs give the same bits at every
// GOMAXPROCS, on shapes big enough to be cut into many tasks.
func TestGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(5, 6))
	for _, s := range [][3]int{{300, 10, 784}, {257, 259, 600}, {64, 100, 784}} {
		p := newProblem[float64](rng, s[0], s[1], s[2], false, true, 0)
		p32 := newProblem[float32](rng, s[0], s[1], s[2], true, false, 0)
		for _, f := range []struct {
			name string
			f64  Func[float64]
			f32  Func[float32]
		}{{"parallel", Parallel[float64], Parallel[float32]}, {"fast", Fast[float64], Fast[float32]}} {
			runtime.GOMAXPROCS(1)
			want, want32 := p.run(f.f64), p32.run(f.f32)
			for _, procs := range []int{2, 3, 8} {
				runtime.GOMAXPROCS(procs)
				got, got32 := p.run(f.f64), p32.run(f.f32)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s %v: GOMAXPROCS=%d changed C[%d]: %v vs %v", f.name, s, procs, i, got[i], want[i])
					}
				}
				for i := range want32 {
					if math.Float32bits(got32[i]) != math.Float32bits(want32[i]) {
						t.Fatalf("%s float32 %v: GOMAXPROCS=%d changed C[%d]", f.name, s, procs, i)
					}
				}
			}
		}
	}
}

func TestArgErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"negative m", func() { Fast[float64](false, false, -1, 1, 1, nil, 1, nil, 1, nil, 1) }},
		{"short lda", func() {
			Naive(false, false, 2, 2, 3, make([]float64, 6), 2, make([]float64, 6), 2, make([]float64, 4), 2)
		}},
		{"short A", func() {
			Blocked(false, false, 2, 2, 3, make([]float32, 5), 3, make([]float32, 6), 2, make([]float32, 4), 2)
		}},
		{"short C", func() { Fast(true, true, 2, 2, 3, make([]float64, 6), 2, make([]float64, 6), 3, make([]float64, 3), 2) }},
	} {
		func() {
			defer func() {
				if _, ok := recover().(*ArgError); !ok {
					t.Errorf("%s: did not panic with *ArgError", tc.name)
				}
			}()
			tc.f()
		}()
	}
}

// TestLaunchGridLimit: more rows than CUDA's grid can cover is refused
// before anything runs.
func TestLaunchGridLimit(t *testing.T) {
	defer func() {
		if _, ok := recover().(*ArgError); !ok {
			t.Error("Launch with 16·65536 rows did not panic with *ArgError")
		}
	}()
	m := LaunchTile * 65536
	Launch(false, false, m, 1, 0, nil, 1, nil, 1, make([]float32, m), 1)
}

// TestConcurrentCalls: products started from several goroutines at once
// share the worker pool and the buffer lists, and each still gets its own
// result, bit for bit the one it gets alone.
func TestConcurrentCalls(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	shapes := [][3]int{{300, 10, 784}, {64, 100, 784}, {129, 130, 300}, {7, 300, 50}}
	probs := make([]problem[float64], len(shapes))
	want := make([][]float64, len(shapes))
	for i, s := range shapes {
		probs[i] = newProblem[float64](rng, s[0], s[1], s[2], i%2 == 1, i%3 == 1, 1)
		want[i] = probs[i].run(Fast[float64])
	}
	done := make(chan error, 4*len(shapes))
	for g := 0; g < 4; g++ {
		for i := range shapes {
			go func() {
				got := probs[i].run(Fast[float64])
				for q := range got {
					if math.Float64bits(got[q]) != math.Float64bits(want[i][q]) && !(math.IsNaN(got[q]) && math.IsNaN(want[i][q])) {
						done <- fmt.Errorf("shape %v: C[%d] = %v concurrently, %v alone", shapes[i], q, got[q], want[i][q])
						return
					}
				}
				done <- nil
			}()
		}
	}
	for range 4 * len(shapes) {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
