//go:build cuda

package cudaops

import (
	"errors"
	"sync"
	"testing"
	"time"
)

// TestCloseDuringAllocs: Close racing with allocations and the scratch
// pool from several goroutines. Every allocation either fails because the
// backend is closed or returns a buffer that Close then frees: afterwards
// no buffer is live, the pool is empty, and every buffer handed out is
// released (each freed once: Release and recycle after Close do nothing).
// Before alloc registered its buffer inside the driver call, a Close
// between the two left the buffer in the closed backend's live set.
func TestCloseDuringAllocs(t *testing.T) {
	gpu(t) // skip without a GPU
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		got  []*buffer
		wg   sync.WaitGroup
		errc = make(chan error, 8)
	)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				var x *buffer
				var err error
				if w%2 == 0 {
					x, err = b.alloc(1+i%7, 4)
				} else {
					x, err = b.scratch(1+i%3, 8)
				}
				if err != nil {
					var e *Error
					if !errors.As(err, &e) || !errors.Is(err, errClosed) {
						errc <- err
					}
					return
				}
				mu.Lock()
				got = append(got, x)
				mu.Unlock()
				if w%2 == 1 {
					b.recycle(x) // back to the pool (or freed), maybe after Close
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Errorf("an allocation failed other than by Close: %v", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.live) != 0 || len(b.idle) != 0 {
		t.Errorf("after Close: %d buffers live, %d sizes in the pool", len(b.live), len(b.idle))
	}
	for _, x := range got {
		if !x.released {
			t.Fatalf("a buffer of %d values was handed out and never freed", x.n)
		}
	}
	t.Logf("%d buffers handed out before Close", len(got))
}
