package derivatives

import (
	"fmt"
	"io"
	"os"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

// Run is the whole lesson: the tables to w, the pictures into the folder
// out (created if missing). It returns the paths of the pictures it wrote,
// the grid of every function first and the error-vs-step picture last; on
// an error it returns those written so far.
func Run(out string, w io.Writer) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output folder: %w", err)
	}
	pw := &cli.StickyWriter{W: w}
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
	return paths, pw.Err
}
