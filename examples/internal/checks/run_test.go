package checks

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRun: every scenario gets its verdict, the wrong op is blamed by name,
// and each picture is well-formed SVG coloured by status.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	paths, err := Run(dir, &out, Scenarios)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"1. A small network, every rule right\ngradient check of #11 mean with respect to W1, b1, W2, b2: passed",
		"with respect to W1, b1, W2, b2: MISMATCH",
		"blame: #7 swish (wrong VJP) — its VJP rule is wrong",
		"with respect to x: kink",
		"slope from the left -1 ± ",
		"from the right 1 ± ",
		"with respect to x: rounding",
		"with respect to x: NaN",
		"the infinity comes from #8 sqrt′",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if len(paths) != len(Scenarios) {
		t.Fatalf("Run returned %d paths for %d scenarios", len(paths), len(Scenarios))
	}
	for i, sc := range Scenarios {
		if paths[i] != filepath.Join(dir, sc.File) {
			t.Errorf("path %d is %s, want %s", i, paths[i], filepath.Join(dir, sc.File))
		}
		data, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: not well-formed: %v", sc.File, err)
				}
				break
			}
		}
	}
	wrong, _ := os.ReadFile(filepath.Join(dir, "gradcheck-wrong-op.svg"))
	if !strings.Contains(string(wrong), "#ef9a9a") || !strings.Contains(string(wrong), "#c8e6c9") {
		t.Errorf("the wrong-op picture lacks the blamed (red) or passed (green) colour")
	}
}
