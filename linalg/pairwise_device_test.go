package linalg_test

import (
	"math/rand/v2"
	"testing"

	"github.com/epsilon-engine/epsilon/internal/fakedevice"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestPairwiseDiffOnDevice: the difference kernels run on a device backend
// that has them, keep their results there, upload each operand once and a
// nil direction not at all, and equal the CPU's bit for bit; a backend
// without them falls back to the CPU.
func TestPairwiseDiffOnDevice(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	a, b, u := randT(rng, 3, 2), randT(rng, 4, 2), randT(rng, 3, 2)
	fd := fakedevice.New()
	defer fd.Close()
	pd := linalg.PairwiseDifferOf(fd)
	if pd != linalg.PairwiseDiffer(fd) {
		t.Fatal("PairwiseDifferOf did not return the fake's own")
	}
	p := pd.PairwiseDiffDot(a, b, u, nil)  // uploads a, b, u
	r := pd.PairwiseDiffSum(b, a, p, true) // p stays; uploads b, a
	wantCounts(t, "difference kernels", fd, 5, 0)
	if p.Device() == nil || r.Device() == nil {
		t.Fatal("the results are not on the device")
	}
	var cpu linalg.CPU
	pc := cpu.PairwiseDiffDot(a, b, u, nil)
	sameValues(t, "PairwiseDiffDot", p, pc)
	sameValues(t, "PairwiseDiffSum", r, cpu.PairwiseDiffSum(b, a, pc, true))
	if _, ok := linalg.PairwiseDifferOf(bareBackend{}).(linalg.CPU); !ok {
		t.Error("PairwiseDifferOf a backend without it is not the CPU")
	}
}
