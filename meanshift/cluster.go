package meanshift

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Result is what Cluster found.
type Result struct {
	// Centers holds the cluster centres, k×d, ordered by size, largest
	// first (ties by position in the data).
	Centers *linalg.Tensor
	// Labels gives each data point's cluster, an index into Centers, or −1
	// for an orphan (only with Options.Orphans).
	Labels []int
	// Sizes counts the points labelled with each cluster.
	Sizes []int
	// Iterations is the number of iterations run.
	Iterations int
	// Converged reports whether every climber's last step was at most Tol
	// before MaxIter.
	Converged bool
	// Bandwidth is the h used (the estimate, if Options.Bandwidth was 0).
	Bandwidth float64
	// History holds, with Options.Record, the climbers' positions (k×d)
	// before the first iteration and after each one: Iterations+1 tensors.
	History []*linalg.Tensor
}

// ClusterRows is Cluster for data given as rows; rows of different lengths
// are an error naming the row.
func ClusterRows(ctx context.Context, rows [][]float64, opt Options) (*Result, error) {
	for i, r := range rows {
		if len(r) != len(rows[0]) {
			return nil, fmt.Errorf("meanshift: row %d has %d values, row 0 has %d", i, len(r), len(rows[0]))
		}
	}
	x, err := linalg.FromRows(rows)
	if err != nil {
		return nil, err
	}
	return Cluster(ctx, x, opt)
}

// Cluster runs mean shift on the points x (n×d): every climber repeatedly
// moves to the kernel-weighted mean of the data around it until it moves
// less than Tol (or MaxIter iterations have run); climbers that end within
// MergeRadius of each other form one cluster. See the package
// documentation for the algorithms and Options for the choices.
//
// Errors: ErrEmpty for no rows or columns; a *DataError naming the row and
// column of a NaN or Inf (in x or in the seeds); a *BandwidthError for a
// bandwidth (given or estimated) that is not positive and finite; an error
// for bad options (a negative tolerance, GivenSeeds without seeds of d
// columns, no bin with MinBinFreq points); ctx.Err() if ctx is cancelled,
// seen within milliseconds. All points equal give one cluster; so does one
// point (with Bandwidth 0 the bandwidth is then 1: any gives the same).
// It panics (a *linalg.ShapeError) if x is not a matrix.
func Cluster(ctx context.Context, x *linalg.Tensor, opt Options) (*Result, error) {
	start := time.Now()
	data, _, d, err := points("Cluster", "data", x)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h := opt.Bandwidth
	if h == 0 {
		if h, err = EstimateBandwidth(x, opt.BandwidthMethod, opt.Quantile); err != nil {
			if !allEqual(data, d) {
				return nil, err
			}
			// All points equal (or one point): every bandwidth gives the
			// one cluster; 1 is as good as any.
			h, err = 1, nil
		}
		h *= KernelScale(opt.Kernel, d)
	} else if err := checkBandwidth(h); err != nil {
		return nil, err
	}
	cfg, err := resolve(opt, h)
	if err != nil {
		return nil, err
	}
	st := standardise(data, d, h)
	z := st.to(data)
	hz := h / st.scale

	seedsZ, weights, origin, err := climbers(opt, data, z, d, h, hz, cfg, st)
	if err != nil {
		return nil, err
	}

	u := &updater{kernel: opt.Kernel, h: hz, d: d, trunc: cfg.trunc, exact: opt.Exact,
		float32: opt.Float32, backend: opt.Backend}
	defer u.close()
	run := &climb{u: u, d: d, tol: cfg.tol / st.scale, maxIter: cfg.maxIter, opt: &opt, st: st, start: start}
	if !opt.Exact {
		run.join = cfg.merge / st.scale / joinFraction
	}
	run.origin = origin
	res := &Result{Bandwidth: h}
	var final []float64
	if opt.Blurring {
		final, err = run.blurring(ctx, seedsZ, res)
	} else {
		final, err = run.standard(ctx, seedsZ, z, res)
	}
	if err != nil {
		return nil, err
	}
	own := opt.Blurring || opt.Seeding == AllPoints
	centres, labels := label(final, weights, z, d, cfg.merge/st.scale, cfg.minSize, own, opt.Orphans)
	if opt.Orphans {
		markOrphans(labels, z, centres, d, hz)
	}
	centres, labels, sizes := orderBySize(centres, labels, d)
	res.Centers = linalg.New([]int{len(centres) / d, d}, st.from(centres))
	res.Labels, res.Sizes = labels, sizes
	return res, nil
}

// climbers returns the climbers' starting points in standardised units,
// how many points each stands for (nil: one each), and their start in
// data units for History[0] (nil: none exact).
func climbers(opt Options, data, z []float64, d int, h, hz float64, cfg config, st standard) (seedsZ, weights, origin []float64, err error) {
	switch {
	case opt.Blurring, opt.Seeding == AllPoints:
		return append([]float64(nil), z...), nil, data, nil
	case opt.Seeding == BinSeeding:
		seedsZ, weights = binSeeds(z, d, hz, cfg.minBinFreq)
		if len(seedsZ) == 0 {
			return nil, nil, nil, fmt.Errorf("meanshift: no bin of side %g holds %d points; lower MinBinFreq", h, cfg.minBinFreq)
		}
		return seedsZ, weights, nil, nil
	case opt.Seeding == GivenSeeds:
		if opt.Seeds == nil {
			return nil, nil, nil, fmt.Errorf("meanshift: GivenSeeds without Options.Seeds")
		}
		if opt.Seeds.Rank() != 2 || opt.Seeds.Shape()[1] != d {
			return nil, nil, nil, fmt.Errorf("meanshift: seeds have shape %v, want k×%d", opt.Seeds.Shape(), d)
		}
		s, _, _, err := points("Cluster", "seeds", opt.Seeds)
		if err != nil {
			return nil, nil, nil, err
		}
		return st.to(s), nil, s, nil
	}
	return nil, nil, nil, fmt.Errorf("meanshift: unknown seeding %d", int(opt.Seeding))
}

// label merges the converged climbers into centres and labels the points
// z: by their own climber's mode when own (AllPoints, blurring), else by
// the nearest centre. Modes with fewer than minSize points are dropped;
// their points join the nearest centre, or get −1 with orphans.
func label(final, weights, z []float64, d int, merge, minSize float64, own, orphans bool) (centres []float64, labels []int) {
	if weights == nil {
		weights = make([]float64, len(final)/d)
		for i := range weights {
			weights[i] = 1
		}
	}
	centres, labels = mergeModes(final, weights, d, merge)
	if !own {
		labels = nearest(z, centres, d)
		weights = make([]float64, len(labels))
		for i := range weights {
			weights[i] = 1
		}
	}
	centres, labels, dropped := dropSmall(centres, labels, weights, d, minSize)
	if dropped && !orphans {
		near := nearest(z, centres, d)
		for i, l := range labels {
			if l < 0 {
				labels[i] = near[i]
			}
		}
	}
	return centres, labels
}

// config is Options with the defaults filled in, in data units.
type config struct {
	tol, merge, trunc float64
	maxIter           int
	minBinFreq        int
	minSize           float64
}

func resolve(opt Options, h float64) (config, error) {
	c := config{tol: opt.Tol, merge: opt.MergeRadius, trunc: opt.Truncation, maxIter: opt.MaxIter, minBinFreq: opt.MinBinFreq}
	if c.tol == 0 {
		c.tol = DefaultTolFactor * h
	}
	if c.merge == 0 {
		c.merge = h
	}
	if c.trunc == 0 {
		c.trunc = DefaultTruncation
	}
	if c.maxIter == 0 {
		c.maxIter = DefaultMaxIter
	}
	if c.minBinFreq == 0 {
		c.minBinFreq = 1
	}
	c.minSize = float64(opt.MinClusterSize)
	if opt.MinClusterSize == 0 {
		c.minSize = DefaultMinClusterSize
	}
	switch {
	case !(c.tol > 0) || math.IsInf(c.tol, 0):
		return c, fmt.Errorf("meanshift: tolerance %v: want a positive finite number", opt.Tol)
	case !(c.merge > 0) || math.IsInf(c.merge, 0):
		return c, fmt.Errorf("meanshift: merge radius %v: want a positive finite number", opt.MergeRadius)
	case !(c.trunc > 0 && c.trunc < 1):
		return c, fmt.Errorf("meanshift: truncation %v: want a number in (0, 1)", opt.Truncation)
	case c.maxIter < 0:
		return c, fmt.Errorf("meanshift: MaxIter %d is negative", opt.MaxIter)
	case opt.MinClusterSize < 0:
		return c, fmt.Errorf("meanshift: MinClusterSize %d is negative", opt.MinClusterSize)
	case c.minBinFreq < 0:
		return c, fmt.Errorf("meanshift: MinBinFreq %d is negative", opt.MinBinFreq)
	case opt.Kernel < Gaussian || opt.Kernel > Epanechnikov:
		return c, fmt.Errorf("meanshift: unknown kernel %d", int(opt.Kernel))
	}
	return c, nil
}

// climb runs the iterations.
type climb struct {
	u       *updater
	d       int
	tol     float64
	maxIter int
	opt     *Options
	st      standard
	start   time.Time
	// join is the side of the cells in which climbers join (0: never).
	join float64
	// origin is the climbers' start in data units, for History[0] (nil:
	// converted from the standardised units).
	origin []float64
}

// joinFraction: climbers of standard mean shift that come within a cell
// of side MergeRadius/joinFraction of each other join (see Options.Exact).
const joinFraction = 4

// record appends the climbers' positions to the history.
func (c *climb) record(res *Result, y []float64) {
	if !c.opt.Record {
		return
	}
	p := c.st.from(y)
	if len(res.History) == 0 && c.origin != nil {
		p = append([]float64(nil), c.origin...)
	}
	res.History = append(res.History, linalg.New([]int{len(y) / c.d, c.d}, p))
}

func (c *climb) report(it, moved, climbers int, shift float64) {
	if c.opt.Progress != nil {
		c.opt.Progress(Progress{Iteration: it, MaxIter: c.maxIter, Moved: moved, Climbers: climbers,
			Shift: shift * c.st.scale, Elapsed: time.Since(c.start)})
	}
}

// standard is standard mean shift: the climbers y move on the density of
// the fixed data x; a climber that moved at most tol stops.
func (c *climb) standard(ctx context.Context, y, x []float64, res *Result) ([]float64, error) {
	d := c.d
	m := len(y) / d
	c.u.fixedData = true
	leader := make([]int, m) // leader[j] = j, or the climber j follows
	for i := range leader {
		leader[i] = i
	}
	c.recordFollowing(res, y, leader)
	active := make([]int, m)
	for i := range active {
		active[i] = i
	}
	stopped := []int{}
	buf, next := make([]float64, len(y)), make([]float64, len(y))
	for it := 1; it <= c.maxIter && len(active) > 0; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		q := buf[:len(active)*d]
		for a, j := range active {
			copy(q[a*d:(a+1)*d], y[j*d:(j+1)*d])
		}
		o := next[:len(q)]
		if err := c.u.step(ctx, o, q, x); err != nil {
			return nil, err
		}
		still := active[:0]
		var shift float64
		for a, j := range active {
			s := dist(o[a*d:(a+1)*d], q[a*d:(a+1)*d])
			shift = max(shift, s)
			copy(y[j*d:(j+1)*d], o[a*d:(a+1)*d])
			if s > c.tol {
				still = append(still, j)
			} else {
				stopped = append(stopped, j)
			}
		}
		if c.join > 0 {
			still = c.joinClimbers(y, still, stopped, leader)
		}
		res.Iterations = it
		c.recordFollowing(res, y, leader)
		c.report(it, len(still), m, shift)
		active = still
	}
	res.Converged = len(active) == 0
	followLeaders(y, leader, d)
	return y, nil
}

// joinClimbers makes every active climber that shares a cell of side
// c.join with a stopped climber, or with an earlier active one, follow
// it: from then on it is not updated and ends where its leader ends. It
// returns the active climbers that still lead.
func (c *climb) joinClimbers(y []float64, active, stopped, leader []int) []int {
	d := c.d
	cells := newCellMap(d, len(active)+len(stopped))
	owner := make([]int, 0, len(active)+len(stopped))
	key := make([]int64, d)
	cellOf := func(j int) []int64 {
		for k, v := range y[j*d : (j+1)*d] {
			key[k] = int64(math.Floor(v / c.join))
		}
		return key
	}
	for _, j := range stopped {
		if leader[j] != j {
			continue
		}
		if _, added := cells.id(cellOf(j)); added {
			owner = append(owner, j)
		}
	}
	lead := active[:0]
	for _, j := range active {
		id, added := cells.id(cellOf(j))
		if added {
			owner = append(owner, j)
			lead = append(lead, j)
			continue
		}
		leader[j] = owner[id]
	}
	return lead
}

// followLeaders moves every follower to its leader's position (leaders may
// follow others in turn).
func followLeaders(y []float64, leader []int, d int) {
	for j := range leader {
		l := j
		for leader[l] != l {
			l = leader[l]
		}
		if l != j {
			copy(y[j*d:(j+1)*d], y[l*d:(l+1)*d])
		}
	}
}

// recordFollowing records the climbers' positions, followers at their
// leaders'.
func (c *climb) recordFollowing(res *Result, y []float64, leader []int) {
	if !c.opt.Record {
		return
	}
	p := append([]float64(nil), y...)
	followLeaders(p, leader, c.d)
	c.record(res, p)
}

// blurring is blurring mean shift: all points move together, each
// iteration against the moved points, until none moves more than tol.
func (c *climb) blurring(ctx context.Context, y []float64, res *Result) ([]float64, error) {
	d := c.d
	m := len(y) / d
	c.record(res, y)
	next := make([]float64, len(y))
	for it := 1; it <= c.maxIter; it++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := c.u.step(ctx, next, y, y); err != nil {
			return nil, err
		}
		var shift float64
		moved := 0
		for j := range m {
			s := dist(next[j*d:(j+1)*d], y[j*d:(j+1)*d])
			shift = max(shift, s)
			if s > c.tol {
				moved++
			}
		}
		y, next = next, y
		res.Iterations = it
		c.record(res, y)
		c.report(it, moved, m, shift)
		if moved == 0 {
			res.Converged = true
			break
		}
	}
	return y, nil
}

func dist(a, b []float64) float64 {
	var s float64
	for k := range a {
		e := a[k] - b[k]
		s += e * e
	}
	return math.Sqrt(s)
}

// standard is the change of units Cluster works in: z = (x − centre)/scale,
// the centre the midpoint of the data's bounding box and the scale a power
// of two near its largest side (or near h, for data of one point), so that
// every coordinate is below 1 in magnitude and exact to rescale.
type standard struct {
	centre []float64
	scale  float64
}

func standardise(x []float64, d int, h float64) standard {
	lo, hi := make([]float64, d), make([]float64, d)
	for k := range d {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for i := 0; i < len(x); i += d {
		for k, v := range x[i : i+d] {
			lo[k], hi[k] = min(lo[k], v), max(hi[k], v)
		}
	}
	st := standard{centre: make([]float64, d)}
	ext := 0.0
	for k := range d {
		st.centre[k] = lo[k]/2 + hi[k]/2
		ext = max(ext, hi[k]/2-lo[k]/2)
	}
	if !(ext > 0) {
		ext = h
	}
	_, e := math.Frexp(ext)
	st.scale = math.Ldexp(1, e)
	return st
}

func (s standard) to(x []float64) []float64 {
	d := len(s.centre)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - s.centre[i%d]) / s.scale
	}
	return out
}

func (s standard) from(z []float64) []float64 {
	d := len(s.centre)
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = v*s.scale + s.centre[i%d]
	}
	return out
}

// allEqual reports whether the points x (rows of d) are all the same.
func allEqual(x []float64, d int) bool {
	for i := d; i < len(x); i++ {
		if x[i] != x[i%d] {
			return false
		}
	}
	return true
}
