package cudaops_test

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/cudaops"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The GPU when there is one, the CPU otherwise: the same code runs on
// either backend, and the result is read on the host either way.
func ExampleNew() {
	var b linalg.Backend = linalg.CPU{}
	if g, err := cudaops.New(); err == nil {
		defer g.Close()
		b = g
	}
	x := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	fmt.Println(b.MatMul(x, x, false, false).Values())
	// Output: [7 10 15 22]
}
