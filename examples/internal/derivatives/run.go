package derivatives

import (
	"fmt"
	"io"
	"os"
)

// Run is the whole lesson: the tables to w, the pictures into the folder
// out (created if missing). It returns the paths of the pictures it wrote,
// the grid of every function first and the error-vs-step picture last; on
// an error it returns those written so far.
func Run(out string, w io.Writer) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output folder: %w", err)
	}
	pw := &stickyWriter{w: w}
	exs := examples()
	printDualTable(pw, exs)
	printFiniteDifferences(pw, exs)
	printBestSteps(pw)

	paths, err := writePictures(out, exs)
	if err != nil {
		return paths, err
	}
	fmt.Fprintln(pw, "\nPictures written:")
	for _, p := range paths {
		fmt.Fprintln(pw, " ", p)
	}
	return paths, pw.err
}

// stickyWriter remembers the first write error, so the printing code can stay
// a plain sequence of Fprintf calls and Run still reports a broken writer.
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
