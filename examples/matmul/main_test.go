package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/examples/matmul/ladder"
	"github.com/epsilon-engine/epsilon/linalg/gemm"
)

// TestQuickJSON runs the -quick -json -plot path: one JSON object per
// rung, shape and dtype with the peers' keys and sane values, and a PNG.
func TestQuickJSON(t *testing.T) {
	var out, status bytes.Buffer
	png := filepath.Join(t.TempDir(), "sub", "matmul.png")
	if err := run(&out, &status, true, true, png); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		for _, key := range []string{"impl", "m", "k", "n", "dtype", "seconds", "gflops"} {
			if _, ok := m[key]; !ok {
				t.Errorf("line %q lacks key %q", sc.Text(), key)
			}
		}
		s, g := m["seconds"].(float64), m["gflops"].(float64)
		flops := 2 * m["m"].(float64) * m["k"].(float64) * m["n"].(float64)
		if !(s > 0) || !(g > 0) || abs(flops/s/1e9-g) > 1e-6*g {
			t.Errorf("line %q: seconds and gflops disagree with 2mnk", sc.Text())
		}
		seen[m["impl"].(string)+" "+m["dtype"].(string)] = true
	}
	want := len(gemm.Rungs()) * len(ladder.QuickShapes) * len(ladder.Dtypes)
	if got := strings.Count(text, "\n"); got != want {
		t.Errorf("%d JSON lines, want %d (every rung, quick shape and dtype)", got, want)
	}
	for _, r := range gemm.Rungs() {
		if !seen[r.Name+" float32"] || !seen[r.Name+" float64"] {
			t.Errorf("rung %s missing from the JSON", r.Name)
		}
	}
	if fi, err := os.Stat(png); err != nil || fi.Size() < 1000 {
		t.Errorf("plot not written: %v", err)
	}
}

// TestTable: the table has a header and a row per measurement, and the
// triple loop's speedup over itself is 1×.
func TestTable(t *testing.T) {
	ms := []ladder.Measurement{
		{Impl: "naive", M: 5, K: 784, N: 10, Dtype: "float32", Seconds: 4e-3, GFLOPS: 0.0196},
		{Impl: "fast", M: 5, K: 784, N: 10, Dtype: "float32", Seconds: 1e-5, GFLOPS: 7.84},
		{Impl: "fast", M: 1024, K: 1024, N: 1024, Dtype: "float32", Seconds: 1e-2, GFLOPS: 214.7},
	}
	var b bytes.Buffer
	if err := printTable(&b, ms, false); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"vs triple loop", "1×", "400×", "≥ 1.1e+04×", "4 ms", "10 µs"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
