// Command derivatives compares three ways of taking a derivative — dual
// numbers, the closed form, and finite differences — on a few functions,
// prints the numbers side by side, and draws them.
//
// Dual numbers give f′ and f″ exactly (to rounding of the final result);
// finite differences trade truncation error against rounding error and are
// never better than about 1e-8 (forward) or 1e-11 (central). The table shows
// this at a few steps, and error-vs-step.png shows the whole V-shaped curve.
//
// Usage:
//
//	go run ./examples/derivatives [-out folder]
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

func main() { cli.Main("derivatives", "folder for the PNG pictures (created if missing)", run) }

// run is the whole program: tables to w, pictures into the folder out.
// It is separate from main so that the test can run it into a temporary folder.
func run(out string, w io.Writer) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("cannot create output folder: %w", err)
	}
	pw := &stickyWriter{w: w}
	exs := examples()
	printDualTable(pw, exs)
	printFiniteDifferences(pw, exs)
	printBestSteps(pw)

	paths, err := writePictures(out, exs)
	if err != nil {
		return err
	}
	fmt.Fprintln(pw, "\nPictures written:")
	for _, p := range paths {
		fmt.Fprintln(pw, " ", p)
	}
	return pw.err
}

// stickyWriter remembers the first write error, so the printing code can stay
// a plain sequence of Fprintf calls and run still reports a broken stdout.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
