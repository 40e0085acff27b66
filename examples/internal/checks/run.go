package checks

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/gradcheck"
	"github.com/epsilon-engine/epsilon/autodiff/render"
)

// A Scenario is one graph to check.
type Scenario struct {
	File  string // the picture's file name
	Title string // a numbered heading, as printed
	build func() (y *autodiff.Node, wrt []*autodiff.Node)
}

// Scenarios are the graphs Run checks, in order: a small network with every
// rule right, the same network with a wrong custom op, |x| at its kink, a
// function rounded to float32, and a NaN in a gradient.
var Scenarios = []Scenario{
	{"gradcheck-network.svg", "1. A small network, every rule right", func() (*autodiff.Node, []*autodiff.Node) { return network(false) }},
	{"gradcheck-wrong-op.svg", "2. The same network with a custom op whose VJP is wrong", func() (*autodiff.Node, []*autodiff.Node) { return network(true) }},
	{"gradcheck-kink.svg", "3. |x| at x = 0", kink},
	{"gradcheck-float32.svg", "4. A function rounded to float32", float32Function},
	{"gradcheck-nan.svg", "5. √x − √x at x = 0: a NaN in the gradient", nanGradient},
}

// Run checks each scenario, prints its title and report to w, and writes
// its graph, coloured by the check, as SVG into the folder out (created if
// missing). It returns the pictures' paths in the order of Scenarios; on an
// error, those written so far.
func Run(out string, w io.Writer, scenarios []Scenario) ([]string, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create output folder: %w", err)
	}
	var paths []string
	for _, sc := range scenarios {
		y, wrt := sc.build()
		report, err := gradcheck.Check(y, wrt, nil)
		if err != nil {
			return paths, err
		}
		if _, err := fmt.Fprintf(w, "%s\n%s\n", sc.Title, report); err != nil {
			return paths, err
		}
		path := filepath.Join(out, sc.File)
		if err := writeSVG(path, y.Graph(), report); err != nil {
			return paths, err
		}
		paths = append(paths, path)
		if _, err := fmt.Fprintf(w, "  picture: %s\n\n", path); err != nil {
			return paths, err
		}
	}
	return paths, nil
}

func writeSVG(path string, g *autodiff.Graph, r *gradcheck.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := render.SVG(f, g, r.DOTOptions()); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
