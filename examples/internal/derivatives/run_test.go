package derivatives

import (
	"bytes"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder") // Run must create it
	var out bytes.Buffer
	paths, err := Run(dir, &out)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	table := out.String()

	// f′ of sin(x)·eˣ at 1 is e(sin 1 + cos 1) = 3.7560492270947…; the
	// dual number and the closed form must both print it on the row of x = 1.
	if n := strings.Count(rowOf(table, "sin(x)·eˣ"), "3.75604922709473"); n != 2 {
		t.Errorf("sin(x)·eˣ row shows f′ = 3.75604922709473 %d times, want 2 (dual and closed form):\n%s", n, table)
	}
	for _, want := range []string{
		"kink: f′ does not exist; left slope -1",
		"right slope 1",
		"dual gives the convention f′(0) = 0",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("output lacks %q; got:\n%s", want, table)
		}
	}

	for _, name := range []string{
		"fn-poly.png", "fn-sinexp.png", "fn-sigmoid.png", "fn-xpowx.png", "fn-abs.png",
		"functions.png", "error-vs-step.png",
	} {
		path := filepath.Join(dir, name)
		if !slices.Contains(paths, path) {
			t.Errorf("Run does not return %s", path)
		}
		if !strings.Contains(table, path) {
			t.Errorf("output does not list %s", path)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		cfg, format, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || format != "png" || cfg.Width < 100 || cfg.Height < 100 {
			t.Errorf("%s: not a sensible PNG: format %q, %dx%d, err %v", name, format, cfg.Width, cfg.Height, err)
		}
	}
}

// rowOf returns the first line of the dual-number table for the function name.
func rowOf(table, name string) string {
	for _, line := range strings.Split(table, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), name+" ") {
			return line
		}
	}
	return ""
}

func TestRunBadOut(t *testing.T) {
	// A file where the folder should be: Run must return an error, not panic.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(filepath.Join(file, "sub"), &bytes.Buffer{}); err == nil {
		t.Error("run into a path below a regular file: got nil error")
	}
}

// The error picture's premise: the dual number's f′ equals the closed form
// exactly here, so its error really is zero and clamped to the floor.
func TestDualExactAtSweepPoint(t *testing.T) {
	e := sweepExample()
	if d, c := e.deriv(sweepX), e.exact(sweepX); d != c {
		t.Errorf("dual f′(%g) = %v, closed form %v", sweepX, d, c)
	}
}
