package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/linalg"
	"github.com/epsilon-engine/epsilon/meanshift"
)

// progressFrom is the number of points from which a progress bar is shown.
const progressFrom = 20000

// binSeedingFrom is the size from which -seeding auto starts climbers on
// grid cells rather than on every point: a climber per point costs minutes
// on a million points, bin seeding (scikit-learn's bin_seeding) under ten
// seconds, with the same clusters on blob-like data.
const binSeedingFrom = 20000

// outcome is a clustering and what it was run on.
type outcome struct {
	*meanshift.Result
	x       *linalg.Tensor // the points clustered (standardised with -standardize), n×d
	scale   scaling
	elapsed time.Duration
}

// cluster runs mean shift on tb's features as cfg says, with a progress bar
// on stderr for big data.
func cluster(ctx context.Context, cfg *config, tb *dataset.Table, stderr io.Writer) (*outcome, error) {
	x, sc := standardize(tb, cfg.standardize)
	if cfg.autoSeeding && tb.N >= binSeedingFrom {
		cfg.seeding = meanshift.BinSeeding
	}
	opt := meanshift.Options{
		Bandwidth:       cfg.bandwidth,
		BandwidthMethod: cfg.estimate,
		Kernel:          cfg.kernel,
		Blurring:        cfg.blurring,
		Seeding:         cfg.seeding,
		MaxIter:         cfg.iters,
		Record:          cfg.animate != "" || cfg.density != "",
	}
	var bar *progressbar.ProgressBar
	if !cfg.quiet && tb.N >= progressFrom {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("mean shift"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opt.Progress = func(p meanshift.Progress) {
			if bar.GetMax() != p.MaxIter {
				bar.ChangeMax(p.MaxIter)
			}
			bar.Describe(fmt.Sprintf("mean shift: %d of %d climbers still moving", p.Moved, p.Climbers))
			_ = bar.Set(p.Iteration)
		}
	}
	start := time.Now()
	res, err := meanshift.Cluster(ctx, x, opt)
	elapsed := time.Since(start)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		var be *meanshift.BandwidthError
		if errors.As(err, &be) && cfg.bandwidth == 0 {
			return nil, fmt.Errorf("%s: the estimated bandwidth is %v (%w); give one with -bandwidth", tb.Source, be.Value, err)
		}
		return nil, fmt.Errorf("%s: %w", tb.Source, err)
	}
	return &outcome{Result: res, x: x, scale: sc, elapsed: elapsed}, nil
}
