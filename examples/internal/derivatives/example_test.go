package derivatives_test

import (
	"fmt"
	"os"

	"github.com/epsilon-engine/epsilon/examples/internal/derivatives"
)

// Run prints the tables of the lesson and writes its pictures into a
// folder; it returns their paths, the grid of functions and the
// error-versus-step picture last.
func ExampleRun() {
	dir, err := os.MkdirTemp("", "derivatives")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	paths, err := derivatives.Run(dir, os.Stdout)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(paths), "pictures")
}
