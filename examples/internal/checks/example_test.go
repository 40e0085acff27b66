package checks_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/epsilon-engine/epsilon/examples/internal/checks"
)

// Run checks one scenario — here |x| at its kink — prints the report and
// writes the graph's picture, coloured by the check.
func ExampleRun() {
	dir, err := os.MkdirTemp("", "checks")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	paths, err := checks.Run(dir, io.Discard, checks.Scenarios[2:3])
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(checks.Scenarios[2].Title, "→", filepath.Base(paths[0]))
	// Output: 3. |x| at x = 0 → gradcheck-kink.svg
}
