// Package linalg is epsilon's dense float64 tensor and the Backend through
// which the autodiff graph runs its heavy operations: the matmul family,
// reductions, norms, pairwise distances, Gaussian kernel weights and the fused
// Gaussian mean shift update. The CPU backend lives here; a GPU backend
// (package cudaops) implements the same Backend interface.
//
// # Layout and strides
//
// A Tensor is a shape and one flat []float64 in row-major (C) order: the last
// index varies fastest. The element at index (i₀, …, i_{r−1}) sits at
//
//	offset = Σ_a i_a · stride_a,  stride_{r−1} = 1,  stride_a = stride_{a+1} · shape_{a+1}
//
// so a 2×3 matrix has strides (3, 1) and its element (1, 2) is data[1·3+2] =
// data[5]. Because every tensor is contiguous, a reshape only changes the
// shape (Reshape returns a view sharing the data) and row i of a matrix is
// the slice data[i·cols:(i+1)·cols] (Row). A rank-0 tensor has shape [] and
// one element; a tensor with a zero in its shape is empty and every
// operation accepts it and returns an empty (or, for sums, zero) result.
//
// # Broadcasting
//
// The binary elementwise operations (Add, Sub, Mul, Div, Map2) follow NumPy's
// broadcasting rules. Align the two shapes on the right and pad the shorter
// one with leading 1s; then, axis by axis, the dimensions must be equal or one
// of them must be 1, and a 1 is stretched to the other size (reading the same
// element again, which is a stride of 0). Worked example, a column plus a row:
//
//	a: shape [3 1]   (1, 2, 3) as a column
//	b: shape   [4]   (10, 20, 30, 40) → padded to [1 4]
//	result:  [3 4]   r_ij = a_i0 + b_0j
//
//	[[11 21 31 41]
//	 [12 22 32 42]
//	 [13 23 33 43]]
//
// Shapes [2 3] and [4] do not broadcast (3 ≠ 4 and neither is 1): that is a
// programmer error, and the operation panics with a message naming itself
// and both shapes. SumTo is the reverse of broadcasting and the gradient of
// it: it sums over the stretched axes, so SumTo(g, []int{3, 1}) of a 3×4
// gradient g is its row sums.
//
// # Pairwise squared distances
//
// PairwiseSqDist computes ‖x_i − y_j‖² as Σ_k (x_ik − y_jk)². The faster
// expansion ‖x_i‖² + ‖y_j‖² − 2 x_i·y_j (one matrix product) cancels
// catastrophically: for points near 1e8 the three terms are near 1e16, whose
// rounding error is about 1, so the difference of nearly equal points can come
// out negative. A negative squared distance is NaN under a square root and a
// kernel weight above 1, so any implementation that uses the expansion must
// clamp at 0 (and still cannot give an exact 0 on the diagonal); computing the
// differences first is never negative and exactly 0 for equal rows.
//
// # Log-sum-exp and softmax
//
// exp overflows above about 709, so log Σ exp(t_j) and exp(t_j)/Σ exp(t_k) are
// computed after subtracting the maximum m:
//
//	log Σ_j exp(t_j) = m + log Σ_j exp(t_j − m)
//	softmax_j        = exp(t_j − m) / Σ_k exp(t_k − m)
//
// Every exponent is then ≤ 0 and the largest term is exactly 1, so the sum is
// in [1, n]: nothing overflows and the log never sees 0. LogSumExp(1000, 1000)
// is 1000 + log 2. A line of all −Inf has no finite maximum; LogSumExp returns
// −Inf (the log of an empty sum) rather than NaN.
//
// # Gaussian mean shift
//
// Mean shift moves a query point y to the kernel-weighted mean of the data
// x₁…x_n around it:
//
//	y ← Σ_i w_i x_i / Σ_i w_i,  w_i = exp(−‖y − x_i‖² / 2h²)
//
// With the Gaussian kernel the step is a gradient ascent step on the kernel
// density estimate p̂(y) = Σ_i exp(−‖y − x_i‖²/2h²): m(y) − y = h² ∇ log p̂(y),
// and repeating it climbs to a mode. The weights are a softmax of
// −‖y − x_i‖²/2h² over i, and Backend.MeanShiftStep stabilises them the same
// way, subtracting the smallest squared distance of the row: for a query 1000
// bandwidths away every raw weight underflows to 0 and the update would be
// 0/0, while the stabilised weights give the nearest point weight 1.
//
// # Errors
//
// Shapes that cannot match are programmer errors and panic with a message
// that names the operation and both shapes, like gonum. Values from data are
// never a reason to panic: NaN and Inf propagate as IEEE 754 says, and a bad
// bandwidth gives NaN results (documented on each function). FromRows, which
// reads user data, returns an error for ragged rows.
package linalg
