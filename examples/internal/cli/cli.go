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

// StickyWriter remembers the first write error, so that a report can be a
// plain sequence of Fprintf calls and still return a broken writer's error
// (Err) at the end; every write after the first error fails with it.
type StickyWriter struct {
	W   io.Writer
	Err error
}

func (s *StickyWriter) Write(p []byte) (int, error) {
	if s.Err != nil {
		return 0, s.Err
	}
	n, err := s.W.Write(p)
	s.Err = err
	return n, err
}
