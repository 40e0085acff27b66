package render

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/goccy/go-graphviz"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/internal/wasmcache"
)

// go-graphviz has compiled Graphviz by now (its init ran before this
// package's); TMPDIR goes back to what the user set (see wasmcache).
func init() { wasmcache.Restore() }

// SVG writes the graph's picture to w. opt chooses what is drawn and how
// nodes are coloured (see autodiff.DOTOptions); nil draws the user's graph.
func SVG(w io.Writer, g *autodiff.Graph, opt *autodiff.DOTOptions) error {
	var dot bytes.Buffer
	if err := g.WriteDOT(&dot, opt); err != nil {
		return err
	}
	return DOTToSVG(w, dot.Bytes())
}

// DOTToSVG lays out a graph written in the DOT language and writes it as SVG.
func DOTToSVG(w io.Writer, dot []byte) error {
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("render: starting graphviz: %w", err)
	}
	defer gv.Close()
	graph, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("render: parsing DOT: %w", err)
	}
	defer graph.Close()
	if err := gv.Render(ctx, graph, graphviz.SVG, w); err != nil {
		return fmt.Errorf("render: laying out: %w", err)
	}
	return nil
}
