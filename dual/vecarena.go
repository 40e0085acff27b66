package dual

import (
	"sync"
	"sync/atomic"
)

// The memory of Vec's partials. A pass of Gradient or Jacobian takes each
// chunk of VecWidth float64s that it writes (where two Vecs with different
// chunks meet, see Vec) from an arena: slabs of slabLen chunks, handed out
// in order by an atomic counter, so goroutines may share a pass and no
// operation allocates. When the pass ends the counter goes back to 0 and
// the next pass writes over the same chunks, which therefore stay in cache;
// the pass is marked as ended, and every read of a chunk checks that mark
// (Vec.chunk), so a Vec kept beyond its pass panics rather than reading
// another Vec's partials. Arenas are pooled between calls (sync.Pool, so an
// idle one goes with the next garbage collections), each keeping the slabs
// that its longest pass grew; a fresh pass object per pass keeps the marks
// apart.

const (
	// slabLen is the number of chunks a slab holds (32 KiB at VecWidth 32).
	slabLen = 128
	// maxSlabs bounds an arena (8 MiB at VecWidth 32, grown a slab at a
	// time as passes need): a pass that writes more than maxSlabs·slabLen
	// chunks takes the others from the heap.
	maxSlabs = 256
)

type slab [slabLen][VecWidth]float64

type arena struct {
	next  atomic.Int64 // chunks handed out in the current pass
	slabs [maxSlabs]atomic.Pointer[slab]
}

// pass is one evaluation of f by Gradient or Jacobian: the arena it takes
// chunks from, its width, and whether it has ended. A nil *pass stands for
// the heap.
//
// The width m ≤ VecWidth is the number of inputs the pass seeds (fewer than
// VecWidth in the last pass, or for a function of few inputs): every other
// partial of the pass's Vecs is zero, so a chunk's entries from m on are
// neither written nor read, and a function of two inputs costs two
// multiply-adds per chunk written, not VecWidth. They hold whatever an
// earlier pass left there.
//
// A pass has a wide twin (wide), for the results of its Vecs meeting a Vec
// from the heap (NewVec): their chunks come from the heap and hold every
// partial, but they carry the pass's partials, so they end with the pass.
// The twin's arena is nil (its chunks come from the heap) and its width
// VecWidth.
type pass struct {
	ar    *arena // nil: chunks from the heap
	m     int
	ended atomic.Bool
	wide  *pass // the wide twin; nil for the twin itself
}

// passes holds a pass and its wide twin, allocated together.
type passes struct{ narrow, wide pass }

// width returns the number of partials that p's chunks hold: VecWidth on
// the heap.
func (p *pass) width() int {
	if p == nil {
		return VecWidth
	}
	return p.m
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// newPass starts a pass of width m on ar, reusing every chunk of the pass
// before.
func newPass(ar *arena, m int) *pass {
	ar.next.Store(0)
	ps := &passes{narrow: pass{ar: ar, m: m}, wide: pass{m: VecWidth}}
	ps.narrow.wide = &ps.wide
	return &ps.narrow
}

// heap returns the pass that owns the heap chunks of results where p's Vecs
// meet Vecs of another origin: p's wide twin, p itself if it is one, nil
// (the heap, valid for ever) for a nil p.
func (p *pass) heap() *pass {
	if p == nil || p.wide == nil {
		return p
	}
	return p.wide
}

// end marks p as ended: its Vecs' partials may be overwritten from now on.
// Ending a nil pass (none started yet) does nothing.
func (p *pass) end() {
	if p != nil {
		p.ended.Store(true)
		p.wide.end()
	}
}

// alloc returns a chunk that no Vec of this pass holds; a nil pass, or a
// wide twin, takes it from the heap.
func (p *pass) alloc() *[VecWidth]float64 {
	if p == nil || p.ar == nil {
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
