//go:build cuda

package cudaops

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// TestPairwiseDifferMatchesCPU: the JVP and VJP kernels of pairwise
// distances against linalg's, float64 to 1e-12 of the terms' scale, with
// nil directions and transposed weights.
func TestPairwiseDifferMatchesCPU(t *testing.T) {
	b := gpu(t)
	for _, s := range [][3]int{{1, 1, 1}, {17, 1, 2}, {13, 19, 16}, {40, 33, 37}, {300, 301, 2}} {
		n, m, d := s[0], s[1], s[2]
		x, y := randT(uint64(n), n, d, 1), randT(uint64(m+1), m, d, 1)
		u, v := randT(uint64(n+2), n, d, 1), randT(uint64(m+3), m, d, 1)
		for _, dir := range [][2]*linalg.Tensor{{u, v}, {u, nil}, {nil, v}} {
			got := b.PairwiseDiffDot(x, y, dir[0], dir[1]).Values()
			want := linalg.PairwiseDiffDot(x, y, dir[0], dir[1]).Values()
			closeTo(t, fmt.Sprintf("diffdot %v", s), got, want, ones(len(want), 16*float64(d)), 1e-12)
		}
		for _, tr := range []bool{false, true} {
			g := randT(uint64(n*m), n, m, 1)
			if tr {
				g = randT(uint64(n*m), m, n, 1)
			}
			got := b.PairwiseDiffSum(x, y, g, tr).Values()
			want := linalg.PairwiseDiffSum(x, y, g, tr).Values()
			closeTo(t, fmt.Sprintf("diffsum %v transG=%t", s, tr), got, want, ones(len(want), 4*float64(m)), 1e-12)
		}
	}
}

// TestEinsumOnGPU: an einsum that is a matrix product runs on the GPU (a
// device result), in every orientation, equal to the CPU's to 1e-12; any
// other einsum runs on the CPU.
func TestEinsumOnGPU(t *testing.T) {
	b := gpu(t)
	a, c := randT(1, 30, 40, 1), randT(2, 40, 50, 1)
	for _, s := range []string{"ik,kj->ij", "ik,kj->ji", "ij,jk"} {
		spec, err := linalg.ParseEinsum(s)
		if err != nil {
			t.Fatal(err)
		}
		got := b.Einsum(spec, a, c)
		if got.Device() == nil {
			t.Errorf("%s: not computed on the GPU", s)
		}
		want := spec.Eval(a, c)
		closeTo(t, s, got.Values(), want.Values(), ones(want.Len(), 40), 1e-12)
	}
	spec, _ := linalg.ParseEinsum("ij,ij->i")
	if got := b.Einsum(spec, a, a); got.Device() != nil {
		t.Error("a row-wise dot product ran on the GPU, which has no kernel for it")
	}
}

// liveBuffers is the number of device buffers b holds for tensors and
// callers: the allocated ones but for the idle scratch buffers it keeps
// for reuse.
func liveBuffers(b *Backend) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.live)
	for _, l := range b.idle {
		for _, x := range l {
			if b.live[x] {
				n--
			}
		}
	}
	return n
}

// TestClusterOnGPU: meanshift.Cluster given the GPU backend runs its exact
// Gaussian updates on the GPU and finds the same clusters as on the CPU:
// the same labels, centres within 1e-9.
func TestClusterOnGPU(t *testing.T) {
	b := gpu(t)
	rng := rand.New(rand.NewPCG(6, 250))
	rows := make([][]float64, 0, 1500)
	for c := range 6 {
		cx, cy := 70*rng.Float64()-35, 70*rng.Float64()-35
		for range 250 {
			rows = append(rows, []float64{cx + math.Sqrt(5)*rng.NormFloat64(), cy + math.Sqrt(5)*rng.NormFloat64()})
		}
		_ = c
	}
	x, err := linalg.FromRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	up0, _ := b.BytesMoved()
	live0 := liveBuffers(b)
	gpuRes, err := meanshift.Cluster(context.Background(), x, meanshift.Options{Bandwidth: 2.5, Exact: true, Backend: b})
	if err != nil {
		t.Fatal(err)
	}
	if up, _ := b.BytesMoved(); up == up0 || up-up0 > int64(8*x.Len()*(1+gpuRes.Iterations)) {
		t.Fatalf("Cluster with the GPU backend moved %d bytes to the GPU; want some, and at most the data once plus the climbers once per iteration (%d)", up-up0, 8*x.Len()*(1+gpuRes.Iterations))
	}
	if n := liveBuffers(b); n != live0 {
		t.Errorf("Cluster left %d device buffers allocated", n-live0)
	}
	cpuRes, err := meanshift.Cluster(context.Background(), x, meanshift.Options{Bandwidth: 2.5, Exact: true, Backend: linalg.CPU{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(gpuRes.Sizes) != len(cpuRes.Sizes) {
		t.Fatalf("%d clusters on the GPU, %d on the CPU", len(gpuRes.Sizes), len(cpuRes.Sizes))
	}
	for i, l := range cpuRes.Labels {
		if gpuRes.Labels[i] != l {
			t.Fatalf("point %d: label %d on the GPU, %d on the CPU", i, gpuRes.Labels[i], l)
		}
	}
	closeTo(t, "centres", gpuRes.Centers.Values(), cpuRes.Centers.Values(), ones(cpuRes.Centers.Len(), 35), 1e-9)
}
