package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// Limits of the printed table of clusters.
const (
	maxRows   = 20 // clusters listed one by one
	maxCoords = 6  // coordinates of a centre printed
)

// report prints what the clustering found.
func report(w io.Writer, cfg *config, tb *dataset.Table, r *outcome) error {
	fmt.Fprintf(w, "data        %s: %d points, %d features (%s)\n", tb.Source, tb.N, tb.D, names(tb.Names))
	if tb.Labels != nil {
		fmt.Fprintf(w, "truth       column %q, %d classes\n", tb.LabelName, len(tb.Classes))
	}
	kind := "standard"
	if cfg.blurring {
		kind = "blurring"
	}
	seeds := map[meanshift.Seeding]string{meanshift.AllPoints: "every point", meanshift.BinSeeding: "grid cells of side h"}[cfg.seeding]
	fmt.Fprintf(w, "method      %s mean shift, %s kernel, climbers start at %s\n", kind, cfg.kernel, seeds)
	units := "the data's units"
	if cfg.standardize {
		units = "standardised units"
	}
	how := "given"
	if cfg.bandwidth == 0 {
		how = "estimated, rule " + cfg.estimate.String()
	}
	fmt.Fprintf(w, "bandwidth   %.6g (%s; %s)\n", r.Bandwidth, how, units)
	conv := "converged"
	if !r.Converged {
		conv = "stopped at the cap, not converged: raise -iters"
	}
	fmt.Fprintf(w, "iterations  %d (%s)\n", r.Iterations, conv)
	fmt.Fprintf(w, "time        %s\n", roundDuration(r.elapsed))
	k := len(r.Sizes)
	fmt.Fprintf(w, "clusters    %d\n", k)

	d := tb.D
	centres := r.scale.undo(r.Centers.Values())
	head := "centre (" + names(tb.Names) + ")"
	if cfg.standardize {
		head += " in the data's units"
	}
	fmt.Fprintf(w, "  %7s  %7s  %s\n", "cluster", "size", head)
	for c := range min(k, maxRows) {
		row := centres[c*d : (c+1)*d]
		var cs []string
		for _, v := range row[:min(d, maxCoords)] {
			cs = append(cs, strconv.FormatFloat(v, 'g', 5, 64))
		}
		if d > maxCoords {
			cs = append(cs, "…")
		}
		fmt.Fprintf(w, "  %7d  %7d  %s\n", c, r.Sizes[c], strings.Join(cs, ", "))
	}
	if k > maxRows {
		rest := 0
		for _, s := range r.Sizes[maxRows:] {
			rest += s
		}
		fmt.Fprintf(w, "  … %d more clusters with %d points in all\n", k-maxRows, rest)
	}
	if tb.Labels != nil {
		ari, err := meanshift.ARI(tb.Labels, r.Labels)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "ARI         %.4f (adjusted Rand index against %q; 1 is a perfect match, 0 chance)\n", ari, tb.LabelName)
	}
	return nil
}

// names lists column names, shortened past maxCoords.
func names(ns []string) string {
	if len(ns) > maxCoords {
		return strings.Join(ns[:maxCoords], ", ") + ", …"
	}
	return strings.Join(ns, ", ")
}

// roundDuration keeps three or four significant digits: 1.234s, 41.2ms.
func roundDuration(d time.Duration) time.Duration {
	for unit := time.Second; unit >= time.Nanosecond; unit /= 10 {
		if d >= 100*unit {
			return d.Round(unit)
		}
	}
	return d
}
