package launch

import (
	"fmt"
	"iter"
	"math/rand/v2"
)

// Dim3 is a grid or block size, or an index into one, as CUDA's dim3. In
// a size, Y and Z of 0 mean 1, so Dim3{X: 256} is a one-dimensional block.
type Dim3 struct{ X, Y, Z int }

// norm returns d with zero Y and Z replaced by 1.
func (d Dim3) norm() Dim3 {
	if d.Y == 0 {
		d.Y = 1
	}
	if d.Z == 0 {
		d.Z = 1
	}
	return d
}

// Size returns X·Y·Z, with zero Y and Z counted as 1.
func (d Dim3) Size() int {
	n := d.norm()
	return n.X * n.Y * n.Z
}

// Order is the order in which the threads of a block run between barriers.
type Order int

const (
	// InOrder runs threads by increasing linear index (x fastest).
	InOrder Order = iota
	// Reverse runs threads by decreasing linear index.
	Reverse
	// Shuffled runs threads in a fresh random order in every phase, drawn
	// from Config.Seed, so a launch is repeatable.
	Shuffled
)

// String returns the order's name.
func (o Order) String() string {
	switch o {
	case InOrder:
		return "in-order"
	case Reverse:
		return "reverse"
	case Shuffled:
		return "shuffled"
	}
	return fmt.Sprintf("Order(%d)", int(o))
}

// Orders lists every Order, for tests that run a kernel under each.
var Orders = []Order{InOrder, Reverse, Shuffled}

// Config is a launch configuration: CUDA's <<<grid, block>>>, plus the
// order in which threads of a block take turns.
type Config struct {
	Grid, Block Dim3
	Order       Order
	Seed        uint64 // for Shuffled
}

// CUDA's launch limits (compute capability 3.0 and later).
const (
	MaxThreadsPerBlock = 1024
	MaxBlockZ          = 64
	MaxGridYZ          = 65535
	MaxSharedBytes     = 48 << 10
)

// Grid2D returns the lesson's launch shape for a rows×cols output: blocks of
// tile×tile threads, ⌈cols/tile⌉ blocks along x (columns) and ⌈rows/tile⌉
// along y (rows). It panics if tile < 1.
func Grid2D(rows, cols, tile int) (grid, block Dim3) {
	if tile < 1 {
		panic(fmt.Sprintf("launch.Grid2D: tile %d < 1", tile))
	}
	return Dim3{X: ceilDiv(cols, tile), Y: ceilDiv(rows, tile), Z: 1}, Dim3{X: tile, Y: tile, Z: 1}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// check returns an error if c is outside CUDA's limits.
func (c Config) check() error {
	g, b := c.Grid.norm(), c.Block.norm()
	switch {
	case g.X < 0 || g.Y < 0 || g.Z < 0 || b.X < 1 || b.Y < 1 || b.Z < 1:
		return fmt.Errorf("launch: grid %v, block %v: sizes must be positive (a block needs X ≥ 1)", c.Grid, c.Block)
	case b.X > MaxThreadsPerBlock || b.Y > MaxThreadsPerBlock || b.Z > MaxBlockZ:
		return fmt.Errorf("launch: block %v exceeds CUDA's per-dimension limits (1024, 1024, 64)", c.Block)
	case b.X*b.Y*b.Z > MaxThreadsPerBlock:
		return fmt.Errorf("launch: block %v has %d threads, more than CUDA's %d", c.Block, b.X*b.Y*b.Z, MaxThreadsPerBlock)
	case g.Y > MaxGridYZ || g.Z > MaxGridYZ:
		return fmt.Errorf("launch: grid %v exceeds CUDA's limit of %d blocks along y and z", c.Grid, MaxGridYZ)
	case c.Order < InOrder || c.Order > Shuffled:
		return fmt.Errorf("launch: unknown order %v", c.Order)
	}
	return nil
}

// Thread is what a kernel sees of itself: CUDA's built-in index variables,
// and its block's shared memory and barrier.
type Thread struct {
	BlockIdx, ThreadIdx, BlockDim, GridDim Dim3

	blk   *block
	yield func(struct{}) bool
}

// block is the state the threads of one block share.
type block struct {
	shared      map[string]any
	sharedBytes int
}

// SyncThreads is CUDA's __syncthreads(): the thread waits until every
// thread of its block has reached the barrier.
func (t *Thread) SyncThreads() {
	if !t.yield(struct{}{}) {
		// The launch was abandoned (another thread failed); unwind quietly.
		panic(abandoned{})
	}
}

// abandoned unwinds a thread whose launch stopped.
type abandoned struct{}

// Run launches kernel over cfg's grid and returns when every thread has
// finished. It returns an error, and runs nothing, if cfg is outside CUDA's
// limits; and it stops at the first block whose threads diverge at a
// barrier or whose kernel panics, returning an error that names the block
// and thread. A grid with a zero dimension runs nothing.
func Run(cfg Config, kernel func(t *Thread)) error {
	if err := cfg.check(); err != nil {
		return err
	}
	g, b := cfg.Grid.norm(), cfg.Block.norm()
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	for z := 0; z < g.Z; z++ {
		for y := 0; y < g.Y; y++ {
			for x := 0; x < g.X; x++ {
				if err := runBlock(cfg.Order, rng, g, b, Dim3{x, y, z}, kernel); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// runBlock runs the threads of one block in phases separated by barriers.
func runBlock(order Order, rng *rand.Rand, g, b, idx Dim3, kernel func(t *Thread)) (err error) {
	n := b.X * b.Y * b.Z
	blk := &block{shared: map[string]any{}}
	threads := make([]*Thread, n)
	next := make([]func() (struct{}, bool), n)
	stops := make([]func(), n)
	defer func() {
		for _, stop := range stops {
			if stop != nil {
				stop()
			}
		}
	}()
	for i := range n {
		t := &Thread{
			BlockIdx:  idx,
			ThreadIdx: Dim3{i % b.X, i / b.X % b.Y, i / (b.X * b.Y)},
			BlockDim:  b, GridDim: g, blk: blk,
		}
		threads[i] = t
		next[i], stops[i] = iter.Pull(func(yield func(struct{}) bool) {
			t.yield = yield
			defer func() {
				// A thread unwound by an abandoned launch ends quietly.
				if r := recover(); r != nil {
					if _, ok := r.(abandoned); !ok {
						panic(r)
					}
				}
			}()
			kernel(t)
		})
	}
	live := make([]int, n)
	for i := range live {
		live[i] = i
	}
	for phase := 0; len(live) > 0; phase++ {
		turn := append([]int(nil), live...)
		switch order {
		case Reverse:
			for i, j := 0, len(turn)-1; i < j; i, j = i+1, j-1 {
				turn[i], turn[j] = turn[j], turn[i]
			}
		case Shuffled:
			rng.Shuffle(len(turn), func(i, j int) { turn[i], turn[j] = turn[j], turn[i] })
		}
		var waiting, done []int
		for _, i := range turn {
			ok, perr := step(next[i])
			if perr != nil {
				return fmt.Errorf("launch: block %v thread %v (phase %d): %v", idx, threads[i].ThreadIdx, phase, perr)
			}
			if ok {
				waiting = append(waiting, i)
			} else {
				done = append(done, i)
			}
		}
		if len(waiting) > 0 && len(done) > 0 {
			return fmt.Errorf("launch: block %v: barrier divergence after %d barriers: thread %v waits at a barrier that thread %v never reaches (it returned)",
				idx, phase, threads[waiting[0]].ThreadIdx, threads[done[0]].ThreadIdx)
		}
		live = waiting
	}
	return nil
}

// step resumes one thread, turning a panic in the kernel into an error.
func step(next func() (struct{}, bool)) (ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("kernel panicked: %v", r)
		}
	}()
	_, ok = next()
	return ok, nil
}
