package meanshift

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMeanShift times the cases of bench/meanshift_peers.py, which
// times the lesson's PyTorch code and scikit-learn on the same data:
//
//	lesson/exact-5-iterations-float32  the lesson's computation: 5 blurring
//	                                   all-pairs Gaussian iterations, h = 2.5
//	lesson/exact-5-iterations-float64  the same through Backend.MeanShiftStep
//	blobs100k/auto-bins                100,000 points in 20 blobs, full
//	                                   clustering, bandwidth estimated, bin
//	                                   seeding (as scikit-learn's fast mode)
//	blobs1M/auto-bins                  the same on 1,000,000 points
//
// The blobs cases report the ARI against the true blobs, the clusters
// found and the peak heap (sampled every millisecond) as metrics; the
// process's peak resident memory is what /usr/bin/time -v reports for
// a test binary running only blobs1M (see bench/meanshift_peers.py).
func BenchmarkMeanShift(b *testing.B) {
	x, _, _ := lessonData(b)
	lesson := func(float32 bool) func(b *testing.B) {
		return func(b *testing.B) {
			opt := Options{Bandwidth: 2.5, Blurring: true, Exact: true, Float32: float32, MaxIter: 5, Tol: 1e-300}
			for b.Loop() {
				if _, err := Cluster(context.Background(), x, opt); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("lesson/exact-5-iterations-float32", lesson(true))
	b.Run("lesson/exact-5-iterations-float64", lesson(false))
	b.Run("lesson/exact-5-iterations-float32/peer=torch-lesson-code-1-thread", peer("lesson-torch", "--threads", "1"))
	b.Run("lesson/exact-5-iterations-float32/peer=torch-lesson-code-2-threads", peer("lesson-torch", "--threads", "2"))
	b.Run("lesson/h=2.5/peer=sklearn", peer("lesson-sklearn"))
	for _, c := range []struct {
		name string
		n    int
	}{{"blobs100k/auto-bins", 100_000}, {"blobs1M/auto-bins", 1_000_000}} {
		b.Run(c.name, func(b *testing.B) {
			if testing.Short() && c.n > 100_000 {
				b.Skip("-short")
			}
			x, truth := blobs(c.n)
			runtime.GC()
			var res *Result
			peak := peakHeap(func() {
				for b.Loop() {
					var err error
					if res, err = Cluster(context.Background(), x, Options{Seeding: BinSeeding, Float32: true}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(adjustedRand(res.Labels, truth), "ARI")
			b.ReportMetric(float64(len(res.Sizes)), "clusters")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
	b.Run("blobs100k/peer=sklearn-bins-h4", peer("blobs100k-sklearn"))
}

// peer returns a benchmark that runs one case of bench/meanshift_peers.py
// b.N times (after a warm-up, in one Python process) and reports its time
// per run as ns/op, with the ARI and clusters it found. It is skipped with
// -short, and when Python, PyTorch or scikit-learn is missing.
func peer(name string, args ...string) func(b *testing.B) {
	return func(b *testing.B) {
		if testing.Short() {
			b.Skip("-short: the Python peers are skipped")
		}
		cmd := exec.Command("/usr/bin/python3", append([]string{"../bench/meanshift_peers.py", "--case", name, "--reps", strconv.Itoa(b.N)}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Skipf("peer %s: %v: %s", name, err, out)
		}
		var sec, ari float64
		var reps, clusters int
		line := strings.TrimSpace(string(out))
		line = line[strings.LastIndex(line, "\n")+1:]
		if _, err := fmt.Sscanf(line, "seconds=%g reps=%d ari=%g clusters=%d", &sec, &reps, &ari, &clusters); err != nil || reps != b.N {
			b.Fatalf("peer %s: cannot read %q: %v", name, line, err)
		}
		b.ReportMetric(sec*1e9/float64(b.N), "ns/op")
		if clusters > 0 {
			b.ReportMetric(ari, "ARI")
			b.ReportMetric(float64(clusters), "clusters")
		}
	}
}

// peakHeap runs f and returns the largest heap seen while it ran (live
// and not yet swept objects, runtime/metrics' /memory/classes/heap/objects,
// data included), sampled every millisecond without stopping the world.
func peakHeap(f func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}
