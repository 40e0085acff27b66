// Package meanshift clusters points by mean shift: every point climbs the
// kernel density estimate of the data to a mode, and points that reach the
// same mode form a cluster. The number of clusters is not given; it follows
// from the bandwidth h, which Cluster can estimate.
//
//	res, err := meanshift.Cluster(ctx, x, meanshift.Options{}) // x: n×d
//	res.Centers, res.Labels, res.Sizes, res.Bandwidth
//
// # The update
//
// For a kernel K and bandwidth h, one mean shift step moves a point y to the
// kernel-weighted mean of the data x₁…x_n around it:
//
//	m(y) = Σ_i w_i x_i / Σ_i w_i,   w_i = K(‖y − x_i‖ / h).
//
// With the Gaussian K(r) = exp(−r²/2) the step is a gradient step on the
// log of the density estimate p̂(y) = Σ_i exp(−‖y − x_i‖²/2h²):
//
//	m(y) − y = h²·∇ log p̂(y),
//
// an ascent with a step size that adapts to the density (long where it is
// flat, short near a mode), so repeating it climbs to a mode without a
// learning rate. For the flat kernel (w = 1 within h, scikit-learn's
// MeanShift) the climb is on the Epanechnikov density; Triangular and
// Epanechnikov weights are offered too. The weights are a softmax of
// −‖y − x_i‖²/2h² over i, which is how linalg's MeanShiftStep stabilises
// them (the row's smallest squared distance subtracted: the nearest point
// has weight 1, so a point far from all data moves instead of dividing
// 0 by 0).
//
// # Standard and blurring mean shift
//
// Standard mean shift keeps the data fixed and moves climbers: one per
// point (AllPoints), per occupied bin of side h (BinSeeding, scikit-learn's
// bin_seeding) or given seeds. Each climber stops when its step is at most
// Tol; each climbs the same, fixed density p̂, and a point's cluster is the
// mode its own climber reached (for AllPoints) or its nearest centre.
//
// Blurring mean shift moves the data itself: every iteration updates all
// points against the points as they now are, x_i ← m(x_i; x₁…x_n), so the
// density sharpens as the points contract (Cheng 1995). It converges in a
// few iterations (for Gaussian clusters, about cubically) but to a
// flattened picture of the data: the density it climbs is not p̂. The
// lesson's loop, which overwrites X in place batch by batch (X[s] = …), is
// blurring mean shift; Options.Blurring gives it, updating all points from
// the same iteration's positions (a Jacobi sweep, where the lesson's batches
// are a Gauss–Seidel one).
//
// # The exact update: fused, tiled, parallel
//
// The all-pairs update never forms the n×n weight matrix (linalg's
// MeanShiftRows, behind the CPU backend's MeanShiftStep): each climber makes
// one pass over the data for its smallest squared distance and one for the
// weighted sums, so memory is the data, the climbers and O(d) per goroutine.
// Climbers are split into chunks fixed by the shapes alone and spread over
// up to GOMAXPROCS goroutines; each climber's sums run in the same order
// whichever goroutine takes it, so results are bitwise the same for every
// GOMAXPROCS. On amd64 with AVX-512, 2-D data is processed 16 float32 or 8
// float64 points per instruction, the exponential a polynomial after range
// reduction (relative error below 3e-7 in float32, two ulps in float64).
// With Float32 false the Gaussian update runs through Options.Backend's
// MeanShiftStep (the CPU backend, or a GPU's), the same op the autodiff
// graph differentiates.
//
// # The neighbour grid and its truncation bound
//
// In 1 to 3 dimensions the update visits only the points near each climber
// (the lesson's homework: "pick only the closest points"). The data is
// sorted into a grid of cells of side c (a cell list); a climber visits the
// 3^d cells around its own, and every point outside them is farther than
// c. For a kernel of finite support c = h, and nothing of positive weight
// is missed: the update is exact.
//
// The Gaussian has no finite support; the grid truncates it. Say a climber
// y's nearest visited point is at squared distance D₀ and the visited
// points have total weight W relative to it (W ≥ 1, since the nearest has
// weight 1 after the softmax shift). Each of the N_out points not visited
// is farther than c, so its relative weight is below exp(−(c² − D₀)/2h²),
// and the neglected weight is bounded:
//
//	neglected / kept ≤ N_out·exp(−(c² − D₀)/2h²) / W.
//
// The grid is used for a climber only when this bound is at most the
// truncation τ (Options.Truncation, default 1e-8); otherwise that climber
// is updated against all the data. The cell side is
//
//	c = h·√(2 ln(n/τ) + 4),
//
// so that with N_out ≤ n and W ≥ 1 the bound holds whenever D₀ ≤ (2h)²: a
// climber within two bandwidths of its nearest data point (climbers of
// standard mean shift start on data and move into its convex hull) never
// falls back. The update is a ratio, so a relative error τ in the weights
// moves a climber by at most τ times the largest distance from its update
// to a neglected point: τ·diam(data). TestGridMatchesExact checks that
// bound against the all-pairs update.
//
// The grid pays when the climbers' stencils hold few of the points: about
// 9·c² of the data's area per climber in 2-D. It is used when a sample of
// climbers visits at most half the pairs of the exact update, and the
// number of cells is capped at 4n (cells grow beyond c if the data is very
// spread out, which only adds points to the stencils).
//
// # Compared with MeanShift++
//
// MeanShift++ (Jang and Jiang, CVPR 2021) also puts the data on a grid, of
// side h, and replaces each point's update by the mean of the 3^d cells
// around it, computed from per-cell counts and sums: O(n·3^d) per
// iteration, independent of the number of points per cell, hundreds of
// times faster than scikit-learn. What it gives up is the kernel: its
// update is a flat kernel on cells (the weight of a point depends on which
// cell it is in, not on its distance), so its modes are those of a
// histogram-like density, not of the Gaussian KDE, and it carries no bound
// on its difference from any exact update. This package keeps the exact
// Gaussian density to a stated relative tolerance (and the exact finite
// kernels with none), at the cost of visiting every point of a stencil
// of 3^d cells of side ≈ 8h (for n = 10⁶, τ = 1e-8) instead of
// summarising cells.
//
// Two more savings keep standard mean shift fast on large data. With bin
// seeding, a few thousand climbers stand for a million points (each
// carrying its bin's count as its weight in the merge): BenchmarkMeanShift's
// 10⁶ points in 20 blobs cluster in about a second that way (BinSeeding,
// Float32), where the default AllPoints, one climber per point, took
// minutes (228 s on the shared 2-core machine). And climbers that
// come within a cell of side MergeRadius/4 of a stopped climber, or of
// each other, join it: from then on they are not updated and end where
// their leader ends (Options.Exact turns this off, with the grid).
//
// # Bandwidth
//
// EstimateBandwidth offers scikit-learn's nearest-neighbour estimate (the
// mean distance to the k-th nearest point, k = quantile·n, on samples so
// that it costs at most 10⁷ distances, not n²) and Scott's and Silverman's
// normal reference rules. The default quantile, 1/√n (k = √n, capped at
// n = 20,000), keeps the neighbourhood inside a cluster as n grows; on the
// lesson's six blobs it gives h ≈ 2.07 and six clusters, where
// scikit-learn's quantile 0.3 gives h ≈ 22 and three. The estimates are
// Gaussian bandwidths; for a kernel of finite support Cluster scales the
// estimate by KernelScale to the radius of equal variance (√(d+2)·h for
// the flat kernel in d dimensions).
//
// # Merging and labels
//
// Climbers that converged are pooled by cell of side MergeRadius/4 (default
// radius h, scikit-learn's); pools are taken heaviest first, and each joins
// the nearest centre within MergeRadius or becomes a centre. A mode with
// fewer than MinClusterSize points (default 2: an outlier whose own kernel
// makes a bump) is not a cluster; its points are orphans. Orphans,
// and points farther than h from every centre, join the nearest cluster
// (scikit-learn's cluster_all) or, with Options.Orphans, get label −1.
// Clusters are numbered by size, largest first.
//
// # Differentiating through mean shift
//
// The Gaussian update is the autodiff graph's MeanShiftStep op, with JVP
// and VJP rules, so a centre can be differentiated with respect to the
// data or the bandwidth by unrolling the climb in a graph (see the
// bandwidth-derivative example, checked against finite differences, and
// TestUpdateGradients, which runs the gradient check on the update).
//
// # Errors
//
// Empty data is ErrEmpty; a NaN or Inf is a *DataError naming its row and
// column; a bandwidth that is not positive and finite is a
// *BandwidthError; a cancelled context returns ctx.Err() within
// milliseconds. A tensor that is not a matrix is a programmer error and
// panics with a *linalg.ShapeError.
package meanshift
