package dual

import (
	"sync"
	"sync/atomic"
)

// The memory of Vec's partials. A pass of Gradient or Jacobian takes a chunk
// of VecWidth float64s for each perturbed result from an arena: slabs of
// slabLen chunks, handed out in order by an atomic counter, so goroutines
// may share a pass and no operation allocates. When the pass ends the
// counter goes back to 0 and the next pass writes over the same chunks,
// which therefore stay in cache; the pass is marked as ended, and every
// read of a chunk checks that mark (Vec.chunk), so a Vec kept beyond its
// pass panics rather than reading another Vec's partials. Arenas are pooled
// between calls; a fresh pass object per pass keeps the marks apart.

const (
	// slabLen is the number of chunks a slab holds (32 KiB at VecWidth 16).
	slabLen = 256
	// maxSlabs bounds an arena (2 MiB at VecWidth 16): a pass that needs
	// more chunks than maxSlabs·slabLen takes the others from the heap.
	maxSlabs = 64
)

type slab [slabLen][VecWidth]float64

type arena struct {
	next  atomic.Int64 // chunks handed out in the current pass
	slabs [maxSlabs]atomic.Pointer[slab]
}

// pass is one evaluation of f by Gradient or Jacobian: the arena it takes
// chunks from, and whether it has ended. A nil *pass stands for the heap.
type pass struct {
	ar    *arena
	ended atomic.Bool
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// newPass starts a pass on ar, reusing every chunk of the pass before.
func newPass(ar *arena) *pass {
	ar.next.Store(0)
	return &pass{ar: ar}
}

// end marks p as ended: its Vecs' partials may be overwritten from now on.
func (p *pass) end() { p.ended.Store(true) }

// alloc returns a chunk that no Vec of this pass holds; a nil pass takes it
// from the heap.
func (p *pass) alloc() *[VecWidth]float64 {
	if p == nil {
		return new([VecWidth]float64)
	}
	i := p.ar.next.Add(1) - 1
	s, k := i/slabLen, i%slabLen
	if s >= maxSlabs {
		return new([VecWidth]float64)
	}
	sl := p.ar.slabs[s].Load()
	if sl == nil {
		sl = p.ar.grow(s)
	}
	return &sl[k]
}

// grow installs slab s, or returns the one another goroutine installed.
func (ar *arena) grow(s int64) *slab {
	ar.slabs[s].CompareAndSwap(nil, new(slab))
	return ar.slabs[s].Load()
}

// units holds the unit vectors that seed a pass: units[k] has partial k
// equal to 1. Every seeded input shares them, read-only as all chunks are.
var units = func() (u [VecWidth][VecWidth]float64) {
	for k := range u {
		u[k][k] = 1
	}
	return u
}()
