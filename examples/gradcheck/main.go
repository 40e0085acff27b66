// Command gradcheck shows what gradcheck.Check tells a learner: a correct
// network passes, a network with a wrong custom op gets that op blamed by
// name, |x| at 0 is reported as a kink, a float32-rounded function as
// rounding, and a NaN in a gradient is traced to the node that made it.
// Each graph's picture, coloured by check status, is written as SVG. The
// lesson lives in examples/internal/checks, which the second chapter of
// examples/tour runs too.
//
// Usage:
//
//	go run ./examples/gradcheck [-out folder]
package main

import (
	"io"

	"github.com/epsilon-engine/epsilon/examples/internal/checks"
	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

func main() { cli.Main("gradcheck", "folder for the graph pictures (SVG)", run) }

func run(out string, w io.Writer) error {
	_, err := checks.Run(out, w, checks.Scenarios)
	return err
}
