package render_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/render"
	"github.com/epsilon-engine/epsilon/linalg"
)

// TestSVG: the picture is well-formed SVG with a shape and a label per node
// and an edge per input.
func TestSVG(t *testing.T) {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{0.5, -1}))
	y := x.Tanh().Sum()
	if _, err := g.Gradient(y, x); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.SVG(&b, g, nil); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	dec := xml.NewDecoder(strings.NewReader(svg))
	nodes, edges := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "g" {
			for _, a := range se.Attr {
				if a.Name.Local == "class" && a.Value == "node" {
					nodes++
				}
				if a.Name.Local == "class" && a.Value == "edge" {
					edges++
				}
			}
		}
	}
	if nodes != 3 || edges != 2 {
		t.Errorf("SVG has %d nodes and %d edges, want 3 and 2", nodes, edges)
	}
	for _, want := range []string{"tanh", "sum", "grad"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestBadDOT(t *testing.T) {
	if err := render.DOTToSVG(&bytes.Buffer{}, []byte("digraph {")); err == nil {
		t.Error("malformed DOT rendered without error")
	}
}
