// Package linalg is epsilon's dense float64 tensor and the Backend through
// which the autodiff graph runs its heavy operations: the matmul family, einsum,
// reductions, norms, pairwise distances, Gaussian kernel weights and the fused
// Gaussian mean shift update. The CPU backend lives here; a device backend
// (a GPU's) plugs in through the same Backend interface, as described under
// "Backends, capabilities and device tensors" below.
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
// The derivatives of a distance are as stable as the distance only if they
// too are written from differences: ∂D_ij/∂x_i = 2(x_i − y_j), not 2x_i −
// 2y_j. PairwiseDiffDot, (a_i − b_j)·(u_i − v_j), is the JVP of
// PairwiseSqDist, and its transpose PairwiseDiffSum, Σ_j g_ij (a_i − b_j),
// the VJP; the expansion X·rowsum(D̄) − D̄·Y of the same VJP loses eight
// digits for points near 1e9 (see pairwise.go).
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
// 0/0, while the stabilised weights give the nearest point weight 1. The
// differences are divided by a power of two (MeanShiftScale) before they are
// squared, so that data near ±1e155 and bandwidths near 1e-170 neither
// overflow nor underflow, and the update is centred, y + Σ w_i (x_i − y)/Σ w_i,
// so that it is as accurate far from the origin as near it; the doc comment
// of CPU.MeanShiftStep states the range over which it is finite and accurate.
//
// # Einsum
//
// Einsum("ik,kj->ij", a, b) names each axis of each operand with a letter
// and computes, for every assignment of the output's letters, the sum over
// the other letters of the product of the elements they pick:
//
//	c_ij = Σ_k a_ik b_kj
//
// A letter repeated within an operand reads its diagonal ("ii->i"; summed,
// "ii->", the trace); "..." stands for any number of axes (aligned on the
// right across operands), which broadcast as in NumPy; without "->" the
// output is the "..." axes, then the letters seen once, in ASCII order
// (capitals first: "Ba,aC" gives BC). Subscripts are parsed into an EinsumSpec
// (ParseEinsum; a bad string is an error saying what and where), and a
// spec bound to shapes is planned (EinsumPlan, shown by EinsumPath like
// numpy.einsum_path): each operand alone first loses its diagonals and the
// letters only it has (summed); then operands are contracted two at a
// time in opt_einsum's greedy order, the pair whose result is smallest
// against its inputs first. A pair's letters fall into four groups —
// batch (in both and kept), contracted (in both, summed), left-only and
// right-only — so every pairwise contraction is a batch of matrix products
//
//	C[b, m, n] = Σ_k A[b, m, k] · B[b, k, n],
//
// with m the left-only letters flattened, n the right-only ones and k the
// contracted ones. Where the operands' axes are already grouped that way
// (or transposed, which MatMulT reads in place) no copy is made, and
// "ik,kj->ij" costs one MatMulTInto; otherwise one operand is transposed
// into place first. Products too small for a matrix-product call (a batch
// of dot products, an elementwise product) run as one loop nest over the
// letters, with strides that read diagonals and broadcasts in place. The
// VJP of an einsum is an einsum (EinsumSpec.Adjoint), which is how package
// autodiff differentiates it.
//
// # Backends, capabilities and device tensors
//
// A Backend runs the heavy primitives that every backend must have: MatMul
// with transpose flags, PairwiseSqDist and MeanShiftStep. Anything more is
// an optional capability, an interface of its own that a backend may
// implement and a caller finds with a type assertion:
//
//	Elementwiser    Add, Sub, Mul, Div (broadcasting) and Scale
//	Reducer         Sum along an axis
//	PairwiseDiffer  PairwiseDiffDot and PairwiseDiffSum (derivatives of distances)
//	Indexer         Gather, ScatterAdd and Concat
//	MatMulIntoer    MatMulInto: a matrix product written into a destination
//	Einsumer        Einsum: an einsum given its parsed spec
//	Mover           BytesMoved: the bytes copied to the device and back
//
// ElementwiserOf, ReducerOf, PairwiseDifferOf, IndexerOf and EinsumerOf return the
// backend's own implementation or, when it has none, the CPU's, so an
// operation always runs somewhere and adding a capability never breaks a
// backend. CPU has every capability but
// Mover (it moves nothing; BytesMoved reports 0 for it).
//
// A tensor's values live where they were made. A device backend returns its
// results with OnDevice(shape, buf), where buf is a DeviceBuffer: the
// backend's handle to device memory, which can say which backend owns it
// (Owner), copy itself to the host (CopyToHost) and free itself (Release).
// Given a tensor, the backend asks t.Device() for its device copy: a buffer
// of its own is used in place; nil (a host tensor, a stale copy, a Row view)
// or another backend's buffer means the values are read with t.CopyTo and
// uploaded, and t.CacheDevice(upload) keeps the upload on t when that is
// safe, so the next op need not upload again. Consecutive device ops thus
// never round-trip through the host.
//
// Reading a device tensor on the host (Data, At, Item, String, CopyTo, any
// CPU operation) copies it down once and keeps the host copy; the device
// copy stays valid. Writing it on the host makes the device copy stale,
// which is then released: Set writes one element; Data hands out the host
// slice for reading and writing, so it counts as a write, and the tensor
// never keeps a device copy again (every later device op uploads it). Host
// tensors never keep a device copy at all, since a write through their
// slice or a view of it could not mark one stale; Stage(t) wraps one for a
// span in which it is not written (a graph run), so that the span's device
// ops upload it once. Reshape views share a
// device tensor's storage, device copy included; Row views share its host
// copy and are read on the host. The lazy download is guarded by a lock, so
// a tensor may be read from several goroutines at once; writes need
// exclusive access. Host tensors pay for none of this but a nil check.
//
// Device memory is freed explicitly, never by a finalizer: a tensor
// releases its buffer when a host write makes it stale, t.Release frees it
// at once (for a tensor no longer needed), and a backend's Close frees what
// it still holds. A device tensor released before it was read on the host
// has lost its values. A backend method that has no error result panics
// with a DeviceFailure when the device fails (out of memory); callers that
// return errors recover it (RecoverDeviceFailure). The package's tests run all of this against a fake
// device (internal/fakedevice) that keeps device memory on the host and
// counts every transfer.
//
// # Errors
//
// Shapes that cannot match are programmer errors and panic with a
// *ShapeError whose message names the operation and both shapes, like
// gonum's mat.ErrShape. Out-of-range indices and axes, a bad permutation, a
// non-positive NormLp order and the misuse of a tensor (Item of a nil one, a
// released device tensor read) panic with the same type: one type for every
// programmer error, told from other panics with errors.As. Values from data
// are never a reason to panic: NaN and Inf propagate as IEEE 754 says, and a
// bad bandwidth gives NaN results (documented on each function). FromRows,
// which reads user data, returns an error for ragged rows.
package linalg
