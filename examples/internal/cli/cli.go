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
// "name: error" on standard error if run fails. An argument that is not a
// flag is an error (exit status 2), since every flag after it would be
// ignored.
func Main(name, outUsage string, run func(out string, w io.Writer) error) {
	out := flag.String("out", "out", outUsage)
	flag.Parse()
	if flag.NArg() > 0 {
		// flag stops at the first argument that is not a flag, so anything
		// after it (say "-out dir") would be silently ignored.
		fmt.Fprintf(os.Stderr, "%s: unexpected argument %q (flags come first; see -h)\n", name, flag.Arg(0))
		os.Exit(2)
	}
	if err := run(*out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
