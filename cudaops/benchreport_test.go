package cudaops

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGPUReportNeedsPassingTests: bench/gpu/peers.py's report, given
// timings that meet every goal of the issue, says "(met)" only when the
// cuda tests passed; when they failed, or their status is not given, it
// says the timings are not a valid result and meets no goal (a kernel that
// computes the wrong thing, or nothing, can be fast).
func TestGPUReportNeedsPassingTests(t *testing.T) {
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skipf("no %s: %v", py, err)
	}
	dir := t.TempDir()
	goBench := filepath.Join(dir, "go-bench.txt")
	torch := filepath.Join(dir, "torch.tsv")
	env := filepath.Join(dir, "env.txt")
	var lines []string
	for range 3 {
		lines = append(lines,
			"BenchmarkGPUMatMul4096/tiled-16   \t     100\t   3000000 ns/op\t     45812 GFLOP/s",
			"BenchmarkGPUMeanShift/n=1500/iters=5-16\t   10000\t    100000 ns/op",
			"BenchmarkGPUMeanShift/n=100000/iters=1-16\t     100\t  10000000 ns/op")
	}
	files := map[string]string{
		goBench: strings.Join(lines, "\n") + "\n",
		// torch twice as slow at 4096², 10× at n = 100,000
		torch: "# torch 2.x, CUDA 12, a GPU\nmatmul/4096\t0.006\t22.9\tGFLOP/s\t20\nmeanshift/n=100000/iters=1\t0.1\t100\tGpairs/s\t3\n",
		env:   "GPU: a GPU\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	report := func(rc ...string) string {
		args := append([]string{"../bench/gpu/peers.py", "report", goBench, torch, env}, rc...)
		out, err := exec.Command(py, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("peers.py report %v: %v\n%s", rc, err, out)
		}
		return string(out)
	}
	if r := report("0"); strings.Count(r, "(met)") != 3 || strings.Contains(r, "not valid") {
		t.Errorf("tests passed: want the three goals met and no warning:\n%s", r)
	}
	for _, rc := range [][]string{{"1"}, nil} {
		r := report(rc...)
		if strings.Contains(r, "(met)") || strings.Count(r, "(not valid") != 3 || !strings.Contains(r, "not a valid result") {
			t.Errorf("tests status %v: want no goal met and the report marked invalid:\n%s", rc, r)
		}
	}
}
