// Command derivatives compares three ways of taking a derivative — dual
// numbers, the closed form, and finite differences — on a few functions,
// prints the numbers side by side, and draws them.
//
// Dual numbers give f′ and f″ exactly (to rounding of the final result);
// finite differences trade truncation error against rounding error and are
// never better than about 1e-8 (forward) or 1e-11 (central). The table shows
// this at a few steps, and error-vs-step.png shows the whole V-shaped curve.
// The lesson itself lives in examples/internal/derivatives, which the first
// chapter of examples/tour runs too.
//
// Usage:
//
//	go run ./examples/derivatives [-out folder]
package main

import (
	"io"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
	"github.com/epsilon-engine/epsilon/examples/internal/derivatives"
)

func main() { cli.Main("derivatives", "folder for the PNG pictures (created if missing)", run) }

func run(out string, w io.Writer) error {
	_, err := derivatives.Run(out, w)
	return err
}
