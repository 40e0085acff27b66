// Command gradcheck shows what gradcheck.Check tells a learner: a correct
// network passes, a network with a wrong custom op gets that op blamed by
// name, |x| at 0 is reported as a kink, a float32-rounded function as
// rounding, and a NaN in a gradient is traced to the node that made it.
// Each graph's picture, coloured by check status, is written as SVG.
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/autodiff/render"
	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

func main() { cli.Main("gradcheck", "folder for the graph pictures (SVG)", run) }

// scenario is one graph to check.
type scenario struct {
	file, title string
	build       func() (y *autodiff.Node, wrt []*autodiff.Node)
}

var scenarios = []scenario{
	{"gradcheck-network.svg", "1. A small network, every rule right", func() (*autodiff.Node, []*autodiff.Node) { return network(false) }},
	{"gradcheck-wrong-op.svg", "2. The same network with a custom op whose VJP is wrong", func() (*autodiff.Node, []*autodiff.Node) { return network(true) }},
	{"gradcheck-kink.svg", "3. |x| at x = 0", kink},
	{"gradcheck-float32.svg", "4. A function rounded to float32", float32Function},
	{"gradcheck-nan.svg", "5. √x − √x at x = 0: a NaN in the gradient", nanGradient},
}

func run(out string, w io.Writer) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("cannot create output folder: %w", err)
	}
	for _, sc := range scenarios {
		y, wrt := sc.build()
		report, err := gradcheck.Check(y, wrt, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\n%s\n", sc.title, report)
		path := filepath.Join(out, sc.file)
		if err := writeSVG(path, y.Graph(), report); err != nil {
			return err
		}
		fmt.Fprintf(w, "  picture: %s\n\n", path)
	}
	return nil
}

func writeSVG(path string, g *autodiff.Graph, r *gradcheck.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := render.SVG(f, g, r.DOTOptions()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
