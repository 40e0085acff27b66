package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

// A lesson is one chapter of the tour.
type lesson struct {
	name, title string
	run         func(c *chapter) error
}

// lessons are the chapters in the order the tour runs them.
var lessons = []lesson{
	{"derivatives", "Derivatives: dual numbers as infinitesimals", derivativesChapter},
	{"gradcheck", "Gradient checks that explain themselves", gradcheckChapter},
	{"matmul", "Matrix multiplication: the lesson's ladder", matmulChapter},
	{"meanshift", "Mean shift clustering", meanshiftChapter},
	{"inverse", "An inverse problem: from an output back to an input", inverseChapter},
	{"gpu", "The GPU", gpuChapter},
}

// options are the tour's flags.
type options struct {
	chapters string // comma-separated names; empty means all
	quick    bool
	html     bool
}

var (
	chapterFlag = flag.String("chapter", "", "run only these chapters (comma-separated): "+names())
	quickFlag   = flag.Bool("quick", false, "a fast pass: smaller cases, fewer repetitions")
	htmlFlag    = flag.Bool("html", true, "also write index.html, every chapter on one page")
)

func main() {
	cli.Main("tour", "folder for the pictures and index.html (created if missing)", func(out string, w io.Writer) error {
		if flag.NArg() > 0 {
			// Go's flag package stops at the first argument that is not a
			// flag, so the flags after it would be silently ignored.
			return fmt.Errorf("unexpected argument %q: the tour takes only flags (-chapter, -quick, -out, -html), and they go before any other argument", flag.Arg(0))
		}
		return run(out, w, options{chapters: *chapterFlag, quick: *quickFlag, html: *htmlFlag})
	})
}

func names() string {
	var ns []string
	for _, l := range lessons {
		ns = append(ns, l.name)
	}
	return strings.Join(ns, ", ")
}

// selected returns the lessons named in list (all of them for ""), in the
// tour's order, or an error naming an unknown one.
func selected(list string) ([]lesson, error) {
	if strings.TrimSpace(list) == "" {
		return lessons, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		found := false
		for _, l := range lessons {
			found = found || l.name == n
		}
		if !found {
			return nil, fmt.Errorf("-chapter: no chapter %q (the chapters are %s)", n, names())
		}
		want[n] = true
	}
	var ls []lesson
	for _, l := range lessons {
		if want[l.name] {
			ls = append(ls, l)
		}
	}
	return ls, nil
}

// run runs the chosen chapters, each into its own folder under out, and
// writes the page. A failing chapter does not stop the others; run returns
// every chapter's error.
func run(out string, w io.Writer, opt options) error {
	ls, err := selected(opt.chapters)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("-out %s: cannot create the output folder: %w", out, err)
	}
	// One clear error for a folder the tour cannot write in, rather than
	// every chapter failing on its own.
	probe, err := os.CreateTemp(out, ".tour-write-test-*")
	if err != nil {
		return fmt.Errorf("-out %s: cannot write in the output folder: %w", out, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	start := time.Now()
	var done []*chapter
	var errs []error
	for _, l := range ls {
		num := chapterNumber(l.name)
		c := &chapter{name: l.name, title: fmt.Sprintf("%d. %s", num, l.title), dir: filepath.Join(out, l.name), out: out, quick: opt.quick, w: w}
		c.print(fmt.Sprintf("\n%s\n%s\n\n", c.title, strings.Repeat("=", len([]rune(c.title)))))
		t0 := time.Now()
		err := os.MkdirAll(c.dir, 0o755)
		if err == nil {
			err = l.run(c)
		}
		if err == nil {
			err = c.err
		}
		if err != nil {
			err = fmt.Errorf("chapter %s: %w", l.name, err)
			errs = append(errs, err)
			c.Para("This chapter failed: %v", err)
		}
		c.print(fmt.Sprintf("(chapter %s: %.1f s)\n", l.name, time.Since(t0).Seconds()))
		done = append(done, c)
	}
	if opt.html {
		page := filepath.Join(out, "index.html")
		if err := writeHTML(page, done, opt.quick); err != nil {
			errs = append(errs, err)
		} else {
			fmt.Fprintf(w, "\nThe whole tour on one page: %s\n", page)
		}
	}
	fmt.Fprintf(w, "Tour finished in %.1f s.\n", time.Since(start).Seconds())
	return errors.Join(errs...)
}

func chapterNumber(name string) int {
	for i, l := range lessons {
		if l.name == name {
			return i + 1
		}
	}
	return 0
}
