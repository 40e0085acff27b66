package meanshift

import (
	"fmt"
	"time"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Kernel is the weight a data point at distance r from the query gets in
// the mean: w = K(r/h). The zero value is Gaussian.
type Kernel int

const (
	// Gaussian: w = exp(−(r/h)²/2), infinite support. Its mean shift is
	// gradient ascent on a Gaussian kernel density estimate.
	Gaussian Kernel = iota
	// Flat: w = 1 for r ≤ h, else 0 (scikit-learn's MeanShift). Its mean
	// shift climbs the Epanechnikov density estimate.
	Flat
	// Triangular: w = max(0, 1 − r/h) (the lesson's tri(d, c) with c = h).
	Triangular
	// Epanechnikov: w = max(0, 1 − (r/h)²).
	Epanechnikov
)

// String returns the kernel's name in lower case ("gaussian", "flat", …).
func (k Kernel) String() string {
	switch k {
	case Gaussian:
		return "gaussian"
	case Flat:
		return "flat"
	case Triangular:
		return "triangular"
	case Epanechnikov:
		return "epanechnikov"
	}
	return fmt.Sprintf("Kernel(%d)", int(k))
}

// ParseKernel returns the kernel named s, as String spells it.
func ParseKernel(s string) (Kernel, error) {
	for k := Gaussian; k <= Epanechnikov; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("meanshift: unknown kernel %q (want gaussian, flat, triangular or epanechnikov)", s)
}

// finite reports whether the kernel is 0 beyond r = h.
func (k Kernel) finite() bool { return k != Gaussian }

// Seeding says where the climbing points start.
type Seeding int

const (
	// AllPoints starts one climber at every data point (the default); each
	// point's label is the cluster its own climber ends in.
	AllPoints Seeding = iota
	// BinSeeding starts one climber at the centre of every cell of a grid
	// of side h (the bandwidth) holding at least MinBinFreq points, as
	// scikit-learn's bin_seeding does; points are labelled by their
	// nearest centre. Far fewer climbers, for large data.
	BinSeeding
	// GivenSeeds starts the climbers at Options.Seeds; points are
	// labelled by their nearest centre.
	GivenSeeds
)

// String returns the seeding's name ("all", "bins", "given").
func (s Seeding) String() string {
	switch s {
	case AllPoints:
		return "all"
	case BinSeeding:
		return "bins"
	case GivenSeeds:
		return "given"
	}
	return fmt.Sprintf("Seeding(%d)", int(s))
}

// Method is a rule for choosing the bandwidth from the data.
type Method int

const (
	// NearestNeighbors is the mean, over a sample of points, of the
	// distance to their k-th nearest neighbour, k = Quantile·n, as
	// scikit-learn's estimate_bandwidth (the default).
	NearestNeighbors Method = iota
	// Scott is Scott's rule for a Gaussian KDE: h = σ̄·n^(−1/(d+4)).
	Scott
	// Silverman is Silverman's rule: h = σ̄·(4/(d+2))^(1/(d+4))·n^(−1/(d+4)).
	Silverman
)

// String returns the method's name ("nn", "scott", "silverman").
func (m Method) String() string {
	switch m {
	case NearestNeighbors:
		return "nn"
	case Scott:
		return "scott"
	case Silverman:
		return "silverman"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Defaults of Options' zero values.
const (
	// DefaultMaxIter is scikit-learn's max_iter.
	DefaultMaxIter = 300
	// DefaultTolFactor times the bandwidth is the default tolerance
	// (scikit-learn's 1e-3·bandwidth).
	DefaultTolFactor = 1e-3
	// DefaultMinClusterSize is the smallest cluster when
	// Options.MinClusterSize is 0: a mode reached from one point alone (an
	// outlier far from the rest, whose own kernel makes a bump of the
	// density) is not a cluster.
	DefaultMinClusterSize = 2
	// DefaultTruncation is the default bound on the weight the grid
	// update neglects, relative to the weight it keeps (doc.go).
	DefaultTruncation = 1e-8
)

// Options configures Cluster. The zero value clusters with the Gaussian
// kernel, a bandwidth estimated from the data, standard (non-blurring)
// mean shift from every point, and scikit-learn's defaults otherwise.
type Options struct {
	// Bandwidth is h, in the units of the data. 0 estimates it with
	// BandwidthMethod (times KernelScale for a finite kernel); a
	// negative, NaN or infinite value is an error.
	Bandwidth float64
	// BandwidthMethod is the rule used when Bandwidth is 0.
	BandwidthMethod Method
	// Quantile is the NearestNeighbors quantile in (0, 1]: the k-th
	// neighbour is k = Quantile·n. 0 means 1/√n (k = √n, the rule of thumb
	// of k-nearest-neighbour density estimation); scikit-learn's default,
	// 0.3, suits a few large clusters (on the lesson's six blobs it gives
	// h ≈ 22 and 3 clusters).
	Quantile float64
	// Kernel is the weight function; the zero value is Gaussian.
	Kernel Kernel
	// Blurring moves the data itself: every iteration measures distances
	// to the already-moved points (the lesson's in-place update). The
	// default is standard mean shift on the fixed data.
	Blurring bool
	// MaxIter caps the iterations; 0 means DefaultMaxIter.
	MaxIter int
	// Tol: a climber whose step is at most Tol (a distance) has
	// converged. 0 means DefaultTolFactor·h.
	Tol float64
	// Seeding says where climbers start (standard mean shift only;
	// blurring always moves every point).
	Seeding Seeding
	// Seeds are the starting points for GivenSeeds, k×d.
	Seeds *linalg.Tensor
	// MinBinFreq is the fewest points a bin needs to seed (BinSeeding);
	// 0 means 1.
	MinBinFreq int
	// MergeRadius: converged climbers closer than this to a cluster's
	// centre join it. 0 means h (scikit-learn merges within the
	// bandwidth).
	MergeRadius float64
	// MinClusterSize: a mode with fewer points is not a cluster; its
	// points are orphans (they join the nearest cluster, or get −1 with
	// Orphans). A mode's points are those whose climbers reached it
	// (AllPoints, blurring) or those nearest to it (bin or given seeds).
	// 0 means DefaultMinClusterSize; 1 keeps every mode.
	MinClusterSize int
	// Orphans gives label −1 to points farther than h from every centre
	// and to the points of modes below MinClusterSize (scikit-learn's
	// cluster_all=False). The zero value, false, gives every point a
	// cluster, its own or the nearest (cluster_all=True).
	Orphans bool
	// Exact forces the all-pairs update and keeps every climber climbing
	// on its own. By default the update uses the neighbour grid (grid.go)
	// when the data has at most 3 dimensions and the grid visits at most
	// half the pairs, its result then within the stated truncation of the
	// exact one (doc.go); and climbers of standard mean shift that meet
	// within MergeRadius/4 join (doc.go).
	Exact bool
	// Truncation bounds the Gaussian weight the grid neglects relative to
	// the weight it keeps, in (0, 1); 0 means DefaultTruncation. Kernels
	// of finite support neglect nothing.
	Truncation float64
	// Float32 computes the Gaussian update in float32, as the lesson and
	// GPUs do (about twice as fast as float64 in the vector kernels, to
	// about 1e-6 relative); bandwidth estimation, merging and labels stay
	// in float64. The finite kernels always compute in float64.
	Float32 bool
	// Backend runs the exact (all-pairs) Gaussian update, its
	// MeanShiftStep, when Float32 is false; nil means linalg.Default. The
	// grid's update runs on the CPU, so a backend other than linalg.CPU (a
	// GPU's) gets every Gaussian update, all-pairs, as if Exact were set
	// for the update (climbers still join unless Exact is set). There the
	// data crosses the bus once per Cluster (blurring: once per
	// iteration), the climbers once per iteration in calls of about 4·10⁹
	// pairs, and Cluster frees the device memory it used before returning.
	Backend linalg.Backend
	// Record keeps every iteration's climber positions in Result.History.
	Record bool
	// Progress, if not nil, is called after every iteration.
	Progress func(Progress)
}

// Progress reports one finished iteration to Options.Progress.
type Progress struct {
	Iteration int           // 1, 2, …
	MaxIter   int           // the cap on iterations
	Moved     int           // climbers that moved more than Tol in this iteration
	Climbers  int           // climbers in all
	Shift     float64       // the largest step of this iteration
	Elapsed   time.Duration // since Cluster started
}
