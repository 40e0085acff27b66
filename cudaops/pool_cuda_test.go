//go:build cuda

package cudaops

import (
	"testing"

	"gorgonia.org/cu"
)

// idleState returns the idle scratch buffers' count and bytes, and the
// count of live buffers.
func idleState(b *Backend) (count int, bytes int64, live int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.idle {
		for _, x := range l {
			count++
			bytes += x.bytes()
		}
	}
	return count, bytes, len(b.live)
}

// TestScratchPoolBounded: scratch buffers of 40 distinct sizes (8 MiB
// each, 320 MiB in all) handed back to the pool leave at most
// maxIdleBytes idle (the rest freed), the pool's count of its bytes is
// right, a scratch of a kept size allocates nothing, and dropIdle frees
// every idle buffer. Before the bound, all 40 stayed on the device until
// Close.
func TestScratchPoolBounded(t *testing.T) {
	b := gpu(t)
	b.dropIdle()
	_, _, live0 := idleState(b)
	var bufs []*buffer
	for i := range 40 {
		x, err := b.scratch(2<<20+i, 4)
		if err != nil {
			t.Fatal(err)
		}
		bufs = append(bufs, x)
	}
	for _, x := range bufs {
		b.recycle(x)
	}
	count, bytes, live := idleState(b)
	if bytes > maxIdleBytes || count == 0 || count == len(bufs) {
		t.Errorf("%d idle buffers of %d bytes after recycling %d of 8 MiB, want some kept and at most %d bytes", count, bytes, len(bufs), maxIdleBytes)
	}
	if b.idleBytes != bytes || live-live0 != count {
		t.Errorf("the pool counts %d idle bytes and %d live buffers beside the test's; want %d and %d", b.idleBytes, live-live0, bytes, count)
	}
	before := b.driverCounts()
	x, err := b.scratch(2<<20, 4) // the first size, kept
	if err != nil {
		t.Fatal(err)
	}
	if n := b.driverCounts().Sub(before).Allocs; n != 0 {
		t.Errorf("a scratch of a kept size made %d allocations, want 0", n)
	}
	b.recycle(x)
	if n := b.dropIdle(); n != count {
		t.Errorf("dropIdle freed %d buffers, want %d", n, count)
	}
	if count, bytes, live := idleState(b); count != 0 || bytes != 0 || b.idleBytes != 0 || live != live0 {
		t.Errorf("after dropIdle: %d idle buffers, %d bytes (pool says %d), %d live beside the test's; want none", count, bytes, b.idleBytes, live-live0)
	}
}

// TestAllocDropsIdleWhenOutOfMemory: with the device nearly full (a
// buffer holding all but 64 MiB of the free memory) and 256 MiB of idle
// scratch buffers, an allocation of 192 MiB succeeds, because alloc frees
// the idle buffers when the driver says out of memory and tries again.
// Before, it failed with cuMemAlloc: out of memory while the backend held
// the memory it needed.
func TestAllocDropsIdleWhenOutOfMemory(t *testing.T) {
	b := gpu(t)
	b.dropIdle()
	var kept []*buffer
	for i := range 32 { // 32 × 8 MiB = maxIdleBytes
		x, err := b.scratch(1<<20+i, 8)
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, x)
	}
	for _, x := range kept {
		b.recycle(x)
	}
	if _, bytes, _ := idleState(b); bytes < 200<<20 {
		t.Fatalf("the pool kept %d bytes, want about %d", bytes, maxIdleBytes)
	}
	var free int64
	if err := b.do(func() (err error) { free, _, err = cu.MemInfo(); return err }); err != nil {
		t.Fatal(err)
	}
	hog, err := b.allocOnce(int(free-64<<20), 1)
	if err != nil {
		b.dropIdle()
		t.Skipf("could not fill the device (%d bytes free): %v", free, err)
	}
	defer hog.Release()
	x, err := b.alloc(192<<20, 1)
	if err != nil {
		t.Fatalf("alloc of 192 MiB with %d bytes free and the idle pool holding the rest: %v", free, err)
	}
	x.Release()
	if count, _, _ := idleState(b); count != 0 {
		t.Errorf("%d idle buffers left after the out-of-memory retry, want 0", count)
	}
}
