package gemm

import (
	"math/bits"
	"sync"
	"sync/atomic"
	"unsafe"
)

// The goroutines of the parallel rungs are started once and kept: a
// product hands them its job over a channel, so a call allocates nothing
// (a go statement with a closure would), which matters to the engine's
// allocation-free training step.

// tasker is a job the workers can help with.
type tasker interface {
	task(t int)
	state() *tasking
}

// tasking is the shared state of one parallel phase: the next task to take
// and the helpers still working.
type tasking struct {
	next  atomic.Int64
	total int
	wg    sync.WaitGroup
}

func (s *tasking) state() *tasking { return s }

// run calls j.task(0), …, j.task(tasks−1) on the calling goroutine and up
// to workers−1 helpers, each taking the next task as it finishes one.
func (s *tasking) run(j tasker, tasks, workers int) {
	s.next.Store(0)
	s.total = tasks
	helpers := min(workers, tasks) - 1
	if helpers > 0 {
		startWorkers(helpers)
		s.wg.Add(helpers)
		for range helpers {
			work <- j
		}
	}
	drain(j, s)
	s.wg.Wait()
}

func drain(j tasker, s *tasking) {
	for t := int(s.next.Add(1) - 1); t < s.total; t = int(s.next.Add(1) - 1) {
		j.task(t)
	}
}

var (
	work       = make(chan tasker)
	workersMu  sync.Mutex
	numWorkers int
)

// startWorkers makes sure at least n helper goroutines are running.
func startWorkers(n int) {
	workersMu.Lock()
	defer workersMu.Unlock()
	for ; numWorkers < n; numWorkers++ {
		go func() {
			for j := range work {
				s := j.state()
				drain(j, s)
				s.wg.Done()
			}
		}()
	}
}

// Jobs and packing buffers are reused, one free list per element size,
// and for buffers one per power of two of the length, so that a buffer
// taken from a list is always long enough. The lists are not emptied by the
// garbage collector (as a sync.Pool is), so a steady stream of products of
// the same shapes allocates nothing at all; each list keeps at most
// maxFree buffers, so what stays allocated is bounded by the biggest
// products run and how many ran at once.
const maxFree = 8

type freeList struct {
	mu   sync.Mutex
	free []any
}

func (f *freeList) get() any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.free) == 0 {
		return nil
	}
	v := f.free[len(f.free)-1]
	f.free[len(f.free)-1] = nil
	f.free = f.free[:len(f.free)-1]
	return v
}

func (f *freeList) put(v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.free) < maxFree {
		f.free = append(f.free, v)
	}
}

var (
	jobLists [2]freeList
	bufLists [2][64]freeList
)

func sizeIndex[T Float]() int {
	var z T
	return int(unsafe.Sizeof(z) / 8)
}

func getJob[T Float]() *job[T] {
	if j, ok := jobLists[sizeIndex[T]()].get().(*job[T]); ok {
		return j
	}
	return new(job[T])
}

func putJob[T Float](j *job[T]) { jobLists[sizeIndex[T]()].put(j) }

// getBuf returns a buffer of length n (not zeroed) from the list of its
// class, ⌈log₂ n⌉.
func getBuf[T Float](n int) *[]T {
	class := bits.Len(uint(max(n, 1) - 1))
	if v, ok := bufLists[sizeIndex[T]()][class].get().(*[]T); ok {
		*v = (*v)[:n]
		return v
	}
	s := make([]T, n, 1<<class)
	return &s
}

func putBuf[T Float](s *[]T) {
	bufLists[sizeIndex[T]()][bits.Len(uint(cap(*s)-1))].put(s)
}
