// Package meanshift clusters points by mean shift: every point climbs the
// kernel density estimate of the data to a mode, and points that reach the
// same mode form a cluster. The number of clusters is not given; it comes
// from the bandwidth h, which Cluster can estimate.
//
// (A first version: the full documentation — standard and blurring mean
// shift, the neighbour grid and its truncation bound, the bandwidth rules,
// MeanShift++ — follows.)
package meanshift
