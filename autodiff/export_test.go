package autodiff

// Hooks for the external tests: the internal ops of the derivative rules of
// distances and Gaussian weights, so that their own rules are checked like
// every other op's.

// DiffDotForTest is pairwise-diff-dot: (n_i − b_j)·(u_i − v_j).
func (n *Node) DiffDotForTest(b, u, v *Node) *Node { return n.g.Apply(pairwiseDiffDot{}, n, b, u, v) }

// DiffSumForTest is pairwise-diff-sum: c·Σ_j g_ij (n_i − b_j), g_ji if trans.
func (n *Node) DiffSumForTest(c float64, b, g *Node, trans bool) *Node {
	return scaledDiffSum(c, n, b, g, trans)
}

// GaussianMomentForTest is (n/h²)^k·exp(−n/(2h²)).
func (n *Node) GaussianMomentForTest(h *Node, k int) *Node {
	return n.g.Apply(gaussianWeight{k}, n, h)
}
