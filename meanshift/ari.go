package meanshift

import "fmt"

// ARI returns the adjusted Rand index of the partition pred against the
// partition truth (Hubert and Arabie, "Comparing partitions", Journal of
// Classification 2, 1985): the Rand index — the share of pairs of points on
// which the two partitions agree (both together or both apart) — corrected
// for chance, so that 1 means the same partition up to renaming the
// labels, about 0 means no better than random labels with the same cluster
// sizes, and negative values mean worse than that (its minimum is −1/2).
//
// With n_ij the number of points labelled i in truth and j in pred, a_i and
// b_j the row and column sums of that contingency table, and C(m) = m(m−1)/2
// the number of pairs among m points,
//
//	index    = Σ_ij C(n_ij)
//	expected = Σ_i C(a_i) · Σ_j C(b_j) / C(n)
//	max      = (Σ_i C(a_i) + Σ_j C(b_j)) / 2
//	ARI      = (index − expected) / (max − expected).
//
// It is computed in scikit-learn's equivalent form from the pair confusion
// counts (pairs together in both, apart in both, together in one only),
// ARI = 2(tp·tn − fn·fp) / ((tp+fn)(fn+tn) + (tp+fp)(fp+tn)), which is the
// same number and agrees with sklearn.metrics.adjusted_rand_score to
// rounding. The pair counts are float64, exact while n² < 2⁵³ (n below
// about 9·10⁷ points); the products of the last line are rounded as usual.
//
// Labels are any ints; they only name groups, so −1 (an orphan) is one more
// group, as in scikit-learn. Special cases: when no pair is split one way
// and joined the other (the partitions are equal up to renaming — this
// includes n ≤ 1, one cluster each, and all singletons each) the ARI is 1.
// It returns an error if truth and pred differ in length.
func ARI(truth, pred []int) (float64, error) {
	if len(truth) != len(pred) {
		return 0, fmt.Errorf("meanshift: ARI: %d true labels but %d predicted", len(truth), len(pred))
	}
	n := float64(len(truth))
	type cell struct{ t, p int }
	joint := make(map[cell]float64)
	rows := make(map[int]float64) // a_i, the sizes of truth's groups
	cols := make(map[int]float64) // b_j, the sizes of pred's groups
	for i, t := range truth {
		joint[cell{t, pred[i]}]++
		rows[t]++
		cols[pred[i]]++
	}
	// Sums of squares: Σ n_ij², Σ a_i², Σ b_j². Each ordered pair of distinct
	// points counts twice below; the factor cancels in the ratio.
	var sij, si, sj float64
	for _, v := range joint {
		sij += v * v
	}
	for _, v := range rows {
		si += v * v
	}
	for _, v := range cols {
		sj += v * v
	}
	tp := sij - n                // together in both
	fp := sj - sij               // together in pred only
	fn := si - sij               // together in truth only
	tn := n*n - n - tp - fp - fn // apart in both (n² − n ordered pairs in all)
	if fn == 0 && fp == 0 {
		return 1, nil
	}
	return 2 * (tp*tn - fn*fp) / ((tp+fn)*(fn+tn) + (tp+fp)*(fp+tn)), nil
}
