// Command meanshift clusters the points of a CSV or .npy file by mean shift
// and reports what it found: the bandwidth, the clusters with their sizes
// and centres, the iterations and the time, and, given a ground-truth
// column, the adjusted Rand index against it. It can write the labels
// (the input rows plus a cluster column), a picture of the clusters, an
// animation of the points climbing to the modes, and the density the
// points climb.
//
// Usage:
//
//	go run ./examples/meanshift [flags]
//
// With no -in it clusters the lesson's 1500 points (6 blobs, embedded), so
//
//	go run ./examples/meanshift -plot clusters.png -animate steps.gif -density density.png
//
// works out of the box. On your own data:
//
//	go run ./examples/meanshift -in points.csv -label species -standardize -out labels.csv -plot clusters.png -pca
//
// Flags:
//
//	-in FILE          points: CSV (header optional, numeric columns) or .npy (n×d)
//	-label COL        ground-truth column (name or 1-based index): left out of the
//	                  features, scored against with the adjusted Rand index
//	-standardize      scale every feature to mean 0 and standard deviation 1 first
//	-bandwidth H      the kernel's bandwidth, in the data's units (after -standardize);
//	                  "auto" (the default) estimates it with -estimate
//	-estimate RULE    bandwidth rule: nn (nearest neighbours, as scikit-learn), scott, silverman
//	-kernel K         gaussian (default), flat, triangular, epanechnikov
//	-blurring         blurring mean shift (the lesson's in-place update) instead of standard
//	-seeding S        auto (default: all below 20,000 points, bins from there), all (a climber per point) or bins (a climber per grid cell)
//	-iters N          the most iterations (0: the package default)
//	-out FILE         write the input rows plus a cluster column (CSV), atomically
//	-plot FILE        PNG of the clusters and centres (2-D data, or -pca)
//	-pca              draw the first two principal components of data of more than 2 dimensions
//	-animate FILE     GIF with one frame per iteration
//	-density FILE     PNG of the density estimate's contours and the paths of a few points (2-D data)
//	-quiet            no progress bar (it is shown on stderr for 20,000 points or more)
//	-sweep LO:HI:STEP cluster with each of these bandwidths and print the clusters and the
//	                  ARI of each (needs -label): how the result depends on h
//
// Bad input is an error naming the file, row and column; no -out file is
// written then. The exit status is 1 on any error, 2 for a bad flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, new(*usageError)):
		fmt.Fprintln(os.Stderr, "meanshift:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "meanshift:", err)
		os.Exit(1)
	}
}

// usageError is a bad flag or combination of flags.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// run is the whole command: args are its flags (without the program name),
// the report goes to stdout, the progress bar and flag help to stderr. It is
// separate from main so that the tests can run it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	tb, err := readInput(cfg)
	if err != nil {
		return err
	}
	if err := cfg.checkData(tb); err != nil {
		return err
	}
	if cfg.sweep != nil {
		return sweep(ctx, cfg, tb, stdout)
	}
	res, err := cluster(ctx, cfg, tb, stderr)
	if err != nil {
		return err
	}
	w := &cli.StickyWriter{W: stdout}
	if err := report(w, cfg, tb, res); err != nil {
		return err
	}
	if cfg.out != "" {
		if err := tb.WriteFile(cfg.out, res.Labels); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s (%d rows, column %q)\n", cfg.out, tb.N, tb.ClusterColumn())
	}
	paths, err := pictures(cfg, tb, res)
	for _, p := range paths {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
	if err != nil {
		return err
	}
	return w.Err
}
