package render_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/render"
	"github.com/epsilon-engine/epsilon/linalg"
)

func ExampleSVG() {
	g := autodiff.New()
	x := g.Input("x", 2)
	x.Set(linalg.New([]int{2}, []float64{1, 2}))
	y := x.Exp().Sum()
	g.Gradient(y, x) // so the picture shows gradients too

	var svg bytes.Buffer
	if err := render.SVG(&svg, g, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Count(svg.String(), `class="node"`), "nodes")
	// Output:
	// 3 nodes
}
