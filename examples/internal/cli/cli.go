// Package cli is what the example programs share at start-up: an -out
// folder flag, a run function that writes to standard output, and an exit
// status of 1 with the program's name on an error.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
)

// Main parses the -out flag (default "out", described by outUsage), calls
// run with it and standard output, and exits with status 1 after printing
// "name: error" on standard error if run fails.
func Main(name, outUsage string, run func(out string, w io.Writer) error) {
	out := flag.String("out", "out", outUsage)
	flag.Parse()
	if err := run(*out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
