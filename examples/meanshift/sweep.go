package main

import (
	"context"
	"fmt"
	"io"

	"github.com/epsilon-engine/epsilon/examples/internal/cli"
	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// sweep clusters tb with each bandwidth of cfg.sweep and prints the number
// of clusters and the ARI against the true classes for each, and the best.
// Choosing h by the best ARI uses the labels: it shows what a bandwidth can
// do, not what an unsupervised choice gives.
func sweep(ctx context.Context, cfg *config, tb *dataset.Table, stdout io.Writer) error {
	w := &cli.StickyWriter{W: stdout}
	units := ""
	if cfg.standardize {
		units = ", standardised units"
	}
	fmt.Fprintf(w, "data        %s: %d points, %d features; truth: column %q, %d classes\n", tb.Source, tb.N, tb.D, tb.LabelName, len(tb.Classes))
	fmt.Fprintf(w, "%10s  %8s  %7s\n", "h"+units, "clusters", "ARI")
	bestH, bestARI, bestK := 0.0, -1.0, 0
	q := *cfg
	q.quiet = true
	for _, h := range cfg.sweep {
		q.bandwidth = h
		r, err := cluster(ctx, &q, tb, io.Discard)
		if err != nil {
			return err
		}
		ari, err := meanshift.ARI(tb.Labels, r.Labels)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%10.4g  %8d  %7.4f\n", h, len(r.Sizes), ari)
		if ari > bestARI {
			bestH, bestARI, bestK = h, ari, len(r.Sizes)
		}
	}
	fmt.Fprintf(w, "best        h = %.4g: %d clusters, ARI %.4f (chosen with the labels)\n", bestH, bestK, bestARI)
	return w.Err
}
