package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// config is the parsed and checked flags.
type config struct {
	in, label   string
	standardize bool
	bandwidth   float64 // 0: estimate
	estimate    meanshift.Method
	kernel      meanshift.Kernel
	blurring    bool
	seeding     meanshift.Seeding
	autoSeeding bool // -seeding auto: bins for big data (binSeedingFrom)
	iters       int
	out         string
	plot        string
	pca         bool
	animate     string
	density     string
	quiet       bool
	sweep       []float64 // bandwidths to try, from -sweep
}

// parseFlags parses and checks the flags, before any data is read: every
// error here is a *usageError (or flag.ErrHelp).
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("meanshift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.in, "in", "", "points `file`: CSV (header optional) or .npy; none: the lesson's 1500 points")
	fs.StringVar(&c.label, "label", "", "ground-truth `column` (name or 1-based index), scored with the adjusted Rand index")
	fs.BoolVar(&c.standardize, "standardize", false, "scale each feature to mean 0, standard deviation 1 before clustering")
	bw := fs.String("bandwidth", "auto", "kernel bandwidth `h` in the data's units, or auto to estimate it")
	est := fs.String("estimate", "nn", "bandwidth `rule` for auto: nn, scott or silverman")
	kern := fs.String("kernel", "gaussian", "`kernel`: gaussian, flat, triangular or epanechnikov")
	fs.BoolVar(&c.blurring, "blurring", false, "blurring mean shift (the lesson's in-place update)")
	seed := fs.String("seeding", "auto", "where climbers start: all (every point), bins (grid cells of side h), or auto (bins from 20,000 points on)")
	fs.IntVar(&c.iters, "iters", 0, "most `iterations` (0: the package default)")
	fs.StringVar(&c.out, "out", "", "write the input rows plus a cluster column to this CSV `file`")
	fs.StringVar(&c.plot, "plot", "", "write a PNG `file` of the clusters")
	fs.BoolVar(&c.pca, "pca", false, "plot the first two principal components (for more than 2 features)")
	fs.StringVar(&c.animate, "animate", "", "write a GIF `file`, one frame per iteration")
	fs.StringVar(&c.density, "density", "", "write a PNG `file` of the density's contours and climbing paths (2-D data)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	sweep := fs.String("sweep", "", "cluster with each bandwidth `lo:hi:step` and print clusters and ARI for each (needs -label)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, err
		}
		return nil, &usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (flags only; the data file goes after -in)", fs.Arg(0))
	}
	if c.in == "" && c.label == "" {
		c.label = "cluster" // the lesson's data carries its true clusters
	}
	if *bw != "auto" {
		h, err := strconv.ParseFloat(*bw, 64)
		if err != nil || !(h > 0) || math.IsInf(h, 0) {
			return nil, usagef("-bandwidth %s: want a positive number in the data's units, or auto", *bw)
		}
		c.bandwidth = h
	}
	var err error
	switch *est {
	case "nn":
		c.estimate = meanshift.NearestNeighbors
	case "scott":
		c.estimate = meanshift.Scott
	case "silverman":
		c.estimate = meanshift.Silverman
	default:
		return nil, usagef("-estimate %s: want nn, scott or silverman", *est)
	}
	if c.kernel, err = meanshift.ParseKernel(strings.ToLower(*kern)); err != nil {
		return nil, usagef("-kernel %s: want gaussian, flat, triangular or epanechnikov", *kern)
	}
	switch *seed {
	case "auto":
		c.seeding, c.autoSeeding = meanshift.AllPoints, true
	case "all":
		c.seeding = meanshift.AllPoints
	case "bins":
		c.seeding = meanshift.BinSeeding
	default:
		return nil, usagef("-seeding %s: want auto, all or bins", *seed)
	}
	if c.iters < 0 {
		return nil, usagef("-iters %d: want a positive number, or 0 for the default", c.iters)
	}
	if *sweep != "" {
		if c.sweep, err = parseSweep(*sweep); err != nil {
			return nil, err
		}
		if c.out != "" || c.plot != "" || c.animate != "" || c.density != "" || *bw != "auto" {
			return nil, usagef("-sweep prints a table only: leave out -bandwidth, -out, -plot, -animate and -density")
		}
	}
	if c.plot != "" && strings.ToLower(filepath.Ext(c.plot)) != ".png" {
		return nil, usagef("-plot %s: the picture is a PNG; name it .png", c.plot)
	}
	if c.density != "" && strings.ToLower(filepath.Ext(c.density)) != ".png" {
		return nil, usagef("-density %s: the picture is a PNG; name it .png", c.density)
	}
	if c.animate != "" && strings.ToLower(filepath.Ext(c.animate)) != ".gif" {
		return nil, usagef("-animate %s: the animation is a GIF; name it .gif", c.animate)
	}
	return c, nil
}

// parseSweep parses lo:hi:step into the bandwidths lo, lo+step, … ≤ hi
// (at most 1000 of them).
func parseSweep(s string) ([]float64, error) {
	bad := usagef("-sweep %s: want lo:hi:step, three positive numbers with lo ≤ hi (e.g. 0.5:4:0.1)", s)
	f := strings.Split(s, ":")
	if len(f) != 3 {
		return nil, bad
	}
	var v [3]float64
	for i, t := range f {
		x, err := strconv.ParseFloat(t, 64)
		if err != nil || !(x > 0) || math.IsInf(x, 0) {
			return nil, bad
		}
		v[i] = x
	}
	lo, hi, step := v[0], v[1], v[2]
	if lo > hi || (hi-lo)/step > 999 {
		return nil, bad
	}
	var hs []float64
	for i := 0; ; i++ {
		h := lo + float64(i)*step
		if h > hi*(1+1e-12) {
			break
		}
		hs = append(hs, math.Round(h*1e9)/1e9) // 0.1 steps print as 0.3, not 0.30000000000000004
	}
	return hs, nil
}

// checkData checks the flags that depend on the data's shape, before any
// work is done.
func (c *config) checkData(tb *dataset.Table) error {
	src := tb.Source
	if (c.plot != "" || c.animate != "") && tb.D > 2 && !c.pca {
		return fmt.Errorf("%s has %d features (%s); -plot and -animate draw 2: add -pca to draw the first two principal components",
			src, tb.D, strings.Join(tb.Names, ", "))
	}
	if (c.plot != "" || c.animate != "") && tb.D < 2 {
		return fmt.Errorf("%s has 1 feature (%s); -plot and -animate need 2", src, tb.Names[0])
	}
	if c.pca && tb.N < 2 {
		return fmt.Errorf("%s: -pca needs at least 2 points, it has %d", src, tb.N)
	}
	if c.sweep != nil && tb.Labels == nil {
		return fmt.Errorf("%s: -sweep scores each bandwidth against the true classes: name their column with -label", src)
	}
	if c.density != "" && tb.D != 2 {
		return fmt.Errorf("%s has %d features; -density draws the density of 2-D data only (a projection's density is not the data's)", src, tb.D)
	}
	return nil
}
