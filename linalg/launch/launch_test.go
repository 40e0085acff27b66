package launch

import (
	"math"
	"strings"
	"testing"
)

// naive returns a (m×k) · b (k×n), row-major, as the reference.
func naive(a, b []float64, m, k, n int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				s += a[i*k+p] * b[p*n+j]
			}
			c[i*n+j] = s
		}
	}
	return c
}

func fill(n int, seed float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = math.Sin(seed + float64(i)*0.7)
	}
	return x
}

// simpleMatMul is the lesson's kernel: one thread per output element.
func simpleMatMul(a, b, c []float64, m, k, n int) func(t *Thread) {
	return func(t *Thread) {
		r := t.BlockIdx.Y*t.BlockDim.Y + t.ThreadIdx.Y
		col := t.BlockIdx.X*t.BlockDim.X + t.ThreadIdx.X
		if r < m && col < n {
			var s float64
			for p := range k {
				s += a[r*k+p] * b[p*n+col]
			}
			c[r*n+col] = s
		}
	}
}

// tiledMatMul is the shared-memory tiled kernel; the mutations switch off
// one barrier or shift a bound, as a kernel author's slip would.
type mutation int

const (
	none mutation = iota
	noFirstBarrier
	noSecondBarrier
	offByOneBound
)

func tiledMatMul(a, b, c []float64, m, k, n, tile int, mut mutation) func(t *Thread) {
	return func(t *Thread) {
		as := Shared[float64](t, "as", tile*tile)
		bs := Shared[float64](t, "bs", tile*tile)
		tx, ty := t.ThreadIdx.X, t.ThreadIdx.Y
		r := t.BlockIdx.Y*tile + ty
		col := t.BlockIdx.X*tile + tx
		var s float64
		for p0 := 0; p0 < k; p0 += tile {
			limit := k
			if mut == offByOneBound {
				limit = k + 1
			}
			as[ty*tile+tx], bs[ty*tile+tx] = 0, 0
			if r < m && p0+tx < limit {
				as[ty*tile+tx] = a[r*k+p0+tx]
			}
			if col < n && p0+ty < k {
				bs[ty*tile+tx] = b[(p0+ty)*n+col]
			}
			if mut != noFirstBarrier {
				t.SyncThreads()
			}
			for q := range tile {
				s += as[ty*tile+q] * bs[q*tile+tx]
			}
			if mut != noSecondBarrier {
				t.SyncThreads()
			}
		}
		if r < m && col < n {
			c[r*n+col] = s
		}
	}
}

func maxDiff(x, y []float64) float64 {
	var d float64
	for i := range x {
		if v := math.Abs(x[i] - y[i]); !(v <= d) {
			d = v
		}
	}
	return d
}

func TestMatMulKernelsAgree(t *testing.T) {
	shapes := [][3]int{{1, 1, 1}, {5, 7, 3}, {16, 16, 16}, {17, 31, 13}, {33, 5, 40}, {2, 0, 3}}
	for _, sh := range shapes {
		m, k, n := sh[0], sh[1], sh[2]
		a, b := fill(m*k, 1), fill(k*n, 2)
		want := naive(a, b, m, k, n)
		for _, order := range Orders {
			c := make([]float64, m*n)
			grid, block := Grid2D(m, n, 16)
			if err := Run(Config{Grid: grid, Block: block, Order: order}, simpleMatMul(a, b, c, m, k, n)); err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(c, want); d > 1e-12 {
				t.Errorf("simple %v %v: max diff %g", sh, order, d)
			}
			c = make([]float64, m*n)
			grid, block = Grid2D(m, n, 8)
			if err := Run(Config{Grid: grid, Block: block, Order: order, Seed: 3}, tiledMatMul(a, b, c, m, k, n, 8, none)); err != nil {
				t.Fatal(err)
			}
			if d := maxDiff(c, want); d > 1e-12 {
				t.Errorf("tiled %v %v: max diff %g", sh, order, d)
			}
		}
	}
}

// TestMutantsFail shows that the emulator catches the slips it exists for:
// each mutant fails (wrong result or an error) under at least one order.
func TestMutantsFail(t *testing.T) {
	m, k, n := 19, 21, 23
	a, b := fill(m*k, 1), fill(k*n, 2)
	want := naive(a, b, m, k, n)
	for _, mut := range []mutation{noFirstBarrier, noSecondBarrier, offByOneBound} {
		caught := false
		for _, order := range Orders {
			c := make([]float64, m*n)
			grid, block := Grid2D(m, n, 8)
			err := Run(Config{Grid: grid, Block: block, Order: order, Seed: 1}, tiledMatMul(a, b, c, m, k, n, 8, mut))
			if err != nil || !(maxDiff(c, want) <= 1e-12) {
				caught = true
			}
		}
		if !caught {
			t.Errorf("mutant %d passed under every order", mut)
		}
	}
}

func TestBarrierDivergence(t *testing.T) {
	err := Run(Config{Grid: Dim3{X: 2}, Block: Dim3{X: 4}}, func(th *Thread) {
		if th.ThreadIdx.X < 2 {
			th.SyncThreads()
		}
	})
	if err == nil || !strings.Contains(err.Error(), "barrier divergence") {
		t.Fatalf("got %v, want a barrier divergence error", err)
	}
}

func TestKernelPanicNamesThread(t *testing.T) {
	out := make([]float64, 10)
	err := Run(Config{Grid: Dim3{X: 2}, Block: Dim3{X: 8}}, func(th *Thread) {
		i := th.BlockIdx.X*th.BlockDim.X + th.ThreadIdx.X
		out[i] = 1 // no bound check: threads 10..15 fall off the end
	})
	if err == nil || !strings.Contains(err.Error(), "block {1 0 0} thread {2 0 0}") || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("got %v", err)
	}
}

func TestConfigLimits(t *testing.T) {
	bad := []Config{
		{Grid: Dim3{X: 1}, Block: Dim3{X: 0}},
		{Grid: Dim3{X: 1}, Block: Dim3{X: 1025}},
		{Grid: Dim3{X: 1}, Block: Dim3{X: 64, Y: 32}},
		{Grid: Dim3{X: 1}, Block: Dim3{X: 1, Y: 1, Z: 65}},
		{Grid: Dim3{X: 1, Y: 65536}, Block: Dim3{X: 1}},
		{Grid: Dim3{X: -1}, Block: Dim3{X: 1}},
		{Grid: Dim3{X: 1}, Block: Dim3{X: 1}, Order: 7},
	}
	for _, c := range bad {
		ran := false
		if err := Run(c, func(*Thread) { ran = true }); err == nil || ran {
			t.Errorf("%+v: err %v, ran %t; want an error and nothing run", c, err, ran)
		}
	}
	ran := false
	if err := Run(Config{Grid: Dim3{X: 0}, Block: Dim3{X: 32}}, func(*Thread) { ran = true }); err != nil || ran {
		t.Errorf("empty grid: err %v, ran %t", err, ran)
	}
}

func TestSharedMemory(t *testing.T) {
	var firstRead float64
	err := Run(Config{Grid: Dim3{X: 2}, Block: Dim3{X: 4}}, func(th *Thread) {
		s := Shared[float64](th, "s", 4)
		if th.BlockIdx.X == 1 && th.ThreadIdx.X == 0 {
			firstRead = s[3] // nobody wrote it yet in this block
		}
		s[th.ThreadIdx.X] = float64(th.ThreadIdx.X)
		th.SyncThreads()
		if got := s[3-th.ThreadIdx.X]; got != float64(3-th.ThreadIdx.X) {
			panic("shared array not shared")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(firstRead) {
		t.Errorf("unwritten shared value read as %v, want NaN (each block's array is fresh and poisoned)", firstRead)
	}
	err = Run(Config{Grid: Dim3{X: 1}, Block: Dim3{X: 1}}, func(th *Thread) {
		Shared[float64](th, "big", 7000) // 56 KB
	})
	if err == nil || !strings.Contains(err.Error(), "48") && !strings.Contains(err.Error(), "49152") {
		t.Errorf("over-limit shared memory: got %v", err)
	}
	err = Run(Config{Grid: Dim3{X: 1}, Block: Dim3{X: 1}}, func(th *Thread) {
		Shared[float64](th, "a", 4)
		Shared[float32](th, "a", 4)
	})
	if err == nil {
		t.Error("same name, another type: no error")
	}
	ints := make([]int32, 1)
	_ = Run(Config{Grid: Dim3{X: 1}, Block: Dim3{X: 1}}, func(th *Thread) { ints[0] = Shared[int32](th, "i", 1)[0] })
	if ints[0] != math.MinInt32 {
		t.Errorf("int32 poison %d", ints[0])
	}
}

func TestIndicesCover3D(t *testing.T) {
	g, b := Dim3{X: 2, Y: 3, Z: 2}, Dim3{X: 3, Y: 2, Z: 2}
	seen := map[[6]int]int{}
	err := Run(Config{Grid: g, Block: b, Order: Shuffled, Seed: 9}, func(th *Thread) {
		if th.GridDim != g || th.BlockDim != b {
			panic("dims")
		}
		seen[[6]int{th.BlockIdx.X, th.BlockIdx.Y, th.BlockIdx.Z, th.ThreadIdx.X, th.ThreadIdx.Y, th.ThreadIdx.Z}]++
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != g.Size()*b.Size() {
		t.Fatalf("%d distinct threads, want %d", len(seen), g.Size()*b.Size())
	}
	for k, v := range seen {
		if v != 1 {
			t.Fatalf("thread %v ran %d times", k, v)
		}
	}
}

func TestGrid2D(t *testing.T) {
	g, b := Grid2D(50000, 10, 16)
	if g != (Dim3{1, 3125, 1}) || b != (Dim3{16, 16, 1}) {
		t.Errorf("Grid2D(50000, 10, 16) = %v, %v", g, b)
	}
}

// BenchmarkLaunchThreads: 64 blocks of 256 threads through the emulator,
// beside its peer, the lesson's plain loop over grid and block indices
// (no shared memory, no barriers): the price of running threads as
// coroutines.
func BenchmarkLaunchThreads(b *testing.B) {
	const blocks, threads = 64, 256
	out := make([]float64, blocks*threads)
	b.Run("emulator", func(b *testing.B) {
		for b.Loop() {
			_ = Run(Config{Grid: Dim3{X: blocks}, Block: Dim3{X: threads}}, func(t *Thread) {
				out[t.BlockIdx.X*threads+t.ThreadIdx.X]++
			})
		}
	})
	b.Run("plain-loop", func(b *testing.B) {
		for b.Loop() {
			for bx := range blocks {
				for tx := range threads {
					out[bx*threads+tx]++
				}
			}
		}
	})
}
