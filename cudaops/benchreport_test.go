package cudaops

import (
	"flag"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// TestGPURunScriptSelectsBenchmarks: the -test.bench patterns of
// bench/gpu/run.sh, matched as the test binary matches them (each level of
// a sub-benchmark name unanchored), run every benchmark of peers.py's rows
// in exactly one command: the first all but the 1,000,000-point mean
// shift, which the second runs alone (it takes a second or more per iteration, so
// a default benchtime and three counts of it in the first command waste
// device time, and its samples would be counted twice). The benchmarks
// here are stand-ins named as peers.py names the rows (the real ones need
// a GPU); each row's function must exist in bench_cuda_test.go.
func TestGPURunScriptSelectsBenchmarks(t *testing.T) {
	script, err := os.ReadFile("../bench/gpu/run.sh")
	if err != nil {
		t.Fatal(err)
	}
	peers, err := os.ReadFile("../bench/gpu/peers.py")
	if err != nil {
		t.Fatal(err)
	}
	cuda, err := os.ReadFile("bench_cuda_test.go")
	if err != nil {
		t.Fatal(err)
	}
	pats := regexp.MustCompile(`-test\.bench '([^']*)'`).FindAllStringSubmatch(string(script), -1)
	rows := regexp.MustCompile(`(?m)^\s*\("(GPU[^"]*)", "`).FindAllStringSubmatch(string(peers), -1)
	if len(pats) != 2 || len(rows) < 7 {
		t.Fatalf("found %d -test.bench patterns in run.sh and %d rows in peers.py; want 2 and at least 7", len(pats), len(rows))
	}
	// The stand-ins: one benchmark function per top-level name, with the
	// rows' sub-benchmarks, recording what runs.
	ran := map[string]bool{}
	subs := map[string][]string{}
	var order []string
	for _, r := range rows {
		top, sub, _ := strings.Cut(r[1], "/")
		if !strings.Contains(string(cuda), "func Benchmark"+top+"(") {
			t.Errorf("peers.py's row %s: bench_cuda_test.go has no Benchmark%s", r[1], top)
		}
		if _, ok := subs[top]; !ok {
			order = append(order, top)
		}
		subs[top] = append(subs[top], sub)
	}
	var benchmarks []testing.InternalBenchmark
	for _, top := range order {
		benchmarks = append(benchmarks, testing.InternalBenchmark{Name: "Benchmark" + top, F: func(b *testing.B) {
			for _, sub := range subs[top] {
				b.Run(sub, func(b *testing.B) {
					ran[top+"/"+sub] = true
					for b.Loop() {
					}
				})
			}
		}})
	}
	saved := map[string]string{}
	for _, f := range []string{"test.bench", "test.benchtime", "test.count"} {
		saved[f] = flag.Lookup(f).Value.String()
	}
	defer func() {
		for f, v := range saved {
			_ = flag.Set(f, v)
		}
	}()
	_ = flag.Set("test.benchtime", "1x")
	_ = flag.Set("test.count", "1")
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	run := func(pat string) map[string]bool {
		clear(ran)
		_ = flag.Set("test.bench", pat)
		stdout := os.Stdout
		os.Stdout = devNull // the stand-ins' benchmark lines
		defer func() { os.Stdout = stdout }()
		testing.RunBenchmarks(regexp.MatchString, benchmarks)
		return maps.Clone(ran)
	}
	first, second := run(pats[0][1]), run(pats[1][1])
	for _, r := range rows {
		name := r[1]
		want1, want2 := true, false
		if strings.Contains(name, "n=1000000/") {
			want1, want2 = false, true
		}
		if first[name] != want1 || second[name] != want2 {
			t.Errorf("%s runs in the first command ('%s'): %t, in the second ('%s'): %t; want %t and %t",
				name, pats[0][1], first[name], pats[1][1], second[name], want1, want2)
		}
	}
}
