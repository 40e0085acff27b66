package meanshift

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Sample sizes of the NearestNeighbors estimate.
const (
	// bandwidthQueries is how many points' k-th neighbour distances are
	// averaged (all points if fewer).
	bandwidthQueries = 500
	// bandwidthReference is how many points the neighbours are counted
	// among (all points if fewer).
	bandwidthReference = 20000
)

// EstimateBandwidth returns a bandwidth for the points x (n×d) by the
// method m; quantile (in (0, 1], 0 meaning 1/√n) is used by
// NearestNeighbors only.
//
// NearestNeighbors is scikit-learn's estimate_bandwidth: the mean, over
// query points, of the distance to the k-th nearest point (the point
// itself counting as the first, as in scikit-learn), k = ⌈quantile·n⌉.
// scikit-learn does this for all n points at O(n²) cost. Here the queries
// are a sample of 500 points and the neighbours are counted among a sample
// of N' = min(n, 20000) points with k' = ⌈quantile·N'⌉: a k-th neighbour
// distance in a random subsample of the data, with k scaled by the same
// fraction, estimates the same quantile of the distance distribution (the
// ball holding a fraction q of the data), with a relative standard error
// of about 1/√k'. The default quantile 1/√n makes k = √n, the rule of
// thumb of k-nearest-neighbour density estimation: the neighbourhood grows
// with the data but holds a shrinking fraction of it, so it stays inside
// a cluster as n grows (scikit-learn's fixed 0.3 spans several of the
// lesson's six blobs). On the lesson's data it gives h ≈ 2.07 (the lesson
// uses 2.5) and six clusters; on BenchmarkMeanShift's 100,000 points in
// 20 blobs, h ≈ 1.98 (about the same for 20,000 or 10⁶ of them). Where
// k would be 1 (the point itself, distance 0; at the default quantile,
// for n < 4), k is 2: the nearest other point.
// Both samples are drawn with a fixed seed, so the estimate is
// deterministic; for n ≤ 500 it is exactly scikit-learn's (where k ≥ 2).
// The cost is at most 10⁷ distances, whatever n.
//
// Every method returns a bandwidth for the Gaussian kernel (its standard
// deviation). Cluster, estimating h for a kernel of finite support,
// multiplies it by KernelScale, which gives that kernel the same
// variance.
//
// Scott's and Silverman's rules are the normal reference rules for a
// Gaussian KDE with one bandwidth for all axes: h = σ̄·n^(−1/(d+4)) and
// h = σ̄·(4/(d+2))^(1/(d+4))·n^(−1/(d+4)), σ̄ the root mean square of the
// per-axis standard deviations. They assume one normal bump and so
// oversmooth clustered data (on the lesson's data they give about 8,
// merging the blobs); they are here for density pictures.
//
// Errors: as Cluster for the data (ErrEmpty, *DataError); a quantile
// outside (0, 1]; an error wrapping a *BandwidthError if the estimate is 0 (all points
// equal, or more than a quantile of them at one place) — pass a bandwidth.
func EstimateBandwidth(x *linalg.Tensor, m Method, quantile float64) (float64, error) {
	data, n, d, err := points("EstimateBandwidth", "data", x)
	if err != nil {
		return 0, err
	}
	if quantile == 0 {
		quantile = defaultQuantile(n)
	}
	if !(quantile > 0 && quantile <= 1) {
		return 0, fmt.Errorf("meanshift: quantile %v: want a number in (0, 1]", quantile)
	}
	var h float64
	switch m {
	case NearestNeighbors:
		h = nnBandwidth(data, n, d, quantile)
	case Scott, Silverman:
		s := rmsStd(data, n, d)
		h = s * math.Pow(float64(n), -1/float64(d+4))
		if m == Silverman {
			h *= math.Pow(4/float64(d+2), 1/float64(d+4))
		}
	default:
		return 0, fmt.Errorf("meanshift: unknown bandwidth method %d", int(m))
	}
	if err := checkBandwidth(h); err != nil {
		return 0, fmt.Errorf("meanshift: the %v bandwidth estimate (are the points all equal?); give a bandwidth: %w", m, err)
	}
	return h, nil
}

// rmsStd is the root mean square of the per-axis standard deviations.
func rmsStd(x []float64, n, d int) float64 {
	var total float64
	for k := range d {
		var mean float64
		for i := range n {
			mean += x[i*d+k]
		}
		mean /= float64(n)
		var ss float64
		for i := range n {
			e := x[i*d+k] - mean
			ss += e * e
		}
		total += ss / float64(max(n-1, 1))
	}
	return math.Sqrt(total / float64(d))
}

// sample returns min(k, n) distinct indices of [0, n), drawn with a fixed
// seed, in increasing order (all of them when k ≥ n).
func sample(n, k int, seed uint64) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if k >= n {
		return idx
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := range k {
		j := i + rng.IntN(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	idx = idx[:k]
	slices.Sort(idx)
	return idx
}

// nnBandwidth is the NearestNeighbors estimate described at
// EstimateBandwidth.
func nnBandwidth(x []float64, n, d int, q float64) float64 {
	queries := sample(n, bandwidthQueries, 1)
	ref := sample(n, bandwidthReference, 2)
	k := max(1, int(math.Ceil(q*float64(len(ref)))))
	if n <= bandwidthQueries { // scikit-learn's own: int(q·n), at least 1
		k = max(1, int(q*float64(n)))
	}
	// The point itself is the first neighbour: k = 1 would make every
	// distance 0 (as scikit-learn's does for n < 4 at the default
	// quantile), so with two or more points k is at least 2, the nearest
	// other point.
	k = max(k, min(2, len(ref)))
	r := make([]float64, len(ref)*d)
	for a, i := range ref {
		copy(r[a*d:(a+1)*d], x[i*d:(i+1)*d])
	}
	kth := make([]float64, len(queries))
	linalg.ParallelRows(len(queries), 8, func(lo, hi int) {
		dd := make([]float64, len(ref))
		for a := lo; a < hi; a++ {
			qi := x[queries[a]*d : (queries[a]+1)*d]
			for b := range ref {
				dd[b] = sqDist(qi, r[b*d:(b+1)*d])
			}
			kth[a] = math.Sqrt(quickselect(dd, k-1))
		}
	})
	var sum float64
	for _, v := range kth {
		sum += v
	}
	return sum / float64(len(kth))
}

// quickselect returns the k-th smallest element (from 0) of v, reordering v.
func quickselect(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		p := v[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// defaultQuantile is the NearestNeighbors quantile when none is given:
// 1/√n, so that k = √n, the rule of thumb of k-nearest-neighbour density
// estimation, for n up to bandwidthReference (20,000) points, and
// 1/√20000 ≈ 0.7% beyond.
func defaultQuantile(n int) float64 { return 1 / math.Sqrt(float64(min(n, bandwidthReference))) }

// KernelScale is the factor that turns a Gaussian bandwidth σ into the
// bandwidth (support radius) h of the kernel k in d dimensions with the
// same variance per axis: the radial kernels on the unit ball have per-axis
// variances 1/(d+2) (Flat), (d+1)/((d+2)(d+3)) (Triangular) and 1/(d+4)
// (Epanechnikov), so h = σ·√(d+2), σ·√((d+2)(d+3)/(d+1)) and σ·√(d+4); it
// is 1 for the Gaussian. Cluster applies it to an estimated bandwidth (an
// estimate is a Gaussian's): without it a finite kernel given the
// Gaussian's h sees too small a neighbourhood and splits clusters (on the
// lesson's data, the flat kernel at the Gaussian's h ≈ 2.07 finds 8
// clusters, the Epanechnikov and triangular 10; scaled, each finds 6).
func KernelScale(k Kernel, d int) float64 {
	fd := float64(d)
	switch k {
	case Flat:
		return math.Sqrt(fd + 2)
	case Triangular:
		return math.Sqrt((fd + 2) * (fd + 3) / (fd + 1))
	case Epanechnikov:
		return math.Sqrt(fd + 4)
	}
	return 1
}
