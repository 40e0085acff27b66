package main

import (
	"bytes"
	"image"
	_ "image/gif"
	_ "image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// imgSrc finds the pictures a page links to.
var imgSrc = regexp.MustCompile(`<img src="([^"]*)"`)

// checkPage checks that the page in dir links at least min pictures and
// that every link is a relative path to a picture inside dir that decodes
// (PNG, GIF) or is an SVG document.
func checkPage(t *testing.T, dir string, min int) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	links := imgSrc.FindAllStringSubmatch(string(page), -1)
	if len(links) < min {
		t.Errorf("index.html links %d pictures, want at least %d", len(links), min)
	}
	for _, l := range links {
		src := l[1]
		if filepath.IsAbs(src) || strings.Contains(src, "..") || strings.Contains(src, ":") {
			t.Errorf("link %q is not a relative path inside the folder", src)
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(src))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("link %q does not resolve: %v", src, err)
			continue
		}
		if strings.HasSuffix(src, ".svg") {
			if !bytes.Contains(data, []byte("<svg")) {
				t.Errorf("%s is not an SVG document", src)
			}
			continue
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width < 200 || cfg.Height < 200 {
			t.Errorf("%s: not a sensible picture: %dx%d, %v", src, cfg.Width, cfg.Height, err)
		}
	}
}

// TestTourChapters runs the chapters that need no benchmark, quickly, and
// checks their text, pictures and page.
func TestTourChapters(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(dir, &out, options{chapters: "derivatives,gradcheck,inverse,gpu", quick: true, html: true}); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"1. Derivatives", "f(x)                -0.625 + 1.75ε", // ε² = 0 by hand, then on dual.Number
		"2. Gradient checks", "blame: #7 swish (wrong VJP)", "kink",
		"5. An inverse problem", "12 of 12 starts found an input",
		"6. The GPU",
		"The whole tour on one page: " + filepath.Join(dir, "index.html"),
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Every picture is printed with its path, and exists.
	for _, line := range strings.Split(text, "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "picture: "); ok {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("printed picture %s: %v", p, err)
			}
		}
	}
	checkPage(t, dir, 8)
}

func TestUnknownChapter(t *testing.T) {
	err := run(t.TempDir(), &bytes.Buffer{}, options{chapters: "derivatives,nosuch"})
	if err == nil || !strings.Contains(err.Error(), `no chapter "nosuch"`) {
		t.Errorf("run with an unknown chapter: error %v, want one naming it", err)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aaa bbb ccc  ddd", 7)
	if got != "aaa bbb\nccc ddd" {
		t.Errorf("wrap = %q", got)
	}
}

// TestTableAlignment: a column of words is aligned left and a column of
// numbers right, in the terminal and on the page.
func TestTableAlignment(t *testing.T) {
	var out bytes.Buffer
	c := &chapter{w: &out}
	c.Table([]string{"rung", "what it does", "median"}, [][]string{
		{"naive", "1: triple loop i, j, k", "54 µs"},
		{"fast", "8: assembly micro-kernels", "6.5 µs"},
	})
	want := "" +
		"    rung   what it does               median\n" +
		"    naive  1: triple loop i, j, k      54 µs\n" +
		"    fast   8: assembly micro-kernels  6.5 µs\n\n"
	if out.String() != want {
		t.Errorf("table printed as\n%s\nwant\n%s", out.String(), want)
	}
	if got := c.blocks[0].left; len(got) != 3 || !got[0] || !got[1] || got[2] {
		t.Errorf("columns of words = %v, want [true true false]", got)
	}
	dir := t.TempDir()
	if err := writeHTML(filepath.Join(dir, "index.html"), []*chapter{c}, true); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<td class="text">1: triple loop i, j, k</td>`, `<td>54 µs</td>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// TestBadOut: an -out that is a file is one clear error naming it, before
// any chapter runs.
func TestBadOut(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(file, &out, options{chapters: "derivatives", quick: true, html: true})
	if err == nil || !strings.Contains(err.Error(), "-out "+file) {
		t.Errorf("run with -out a file: error %v, want one naming -out %s", err, file)
	}
	if out.Len() > 0 {
		t.Errorf("run with a bad -out printed %q before failing", out.String())
	}
}
