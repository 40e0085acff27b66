// Package autodiff is epsilon's computation graph: the engine in which a
// derivative, a matrix product and a mean shift step are all the same kind of
// thing, an op.
//
// # The graph
//
// A Graph holds inputs, constants and ops applied to earlier nodes. Build it
// once, Set the inputs, Run it; change the inputs and Run again.
//
//	g := autodiff.New()
//	x := g.Input("x", 64, 784)
//	w := g.Input("w", 784, 10)
//	loss := x.MatMul(w).Tanh().Square().Sum()
//	grads := g.Grad(loss, w) // reverse mode: new nodes computing ∂loss/∂w
//	x.Set(batch); w.Set(weights)
//	g.Run(grads...)          // loss and its gradient in one pass
//
// Nodes are numbered as they are made and refer only to earlier nodes, so
// creation order is a topological order and every pass is one loop: Run
// (forward values), pushTangents (forward mode) and backward (reverse mode)
// each fit on a screen.
//
// # Three ways to differentiate
//
// Forward mode (JVP) pushes a tangent — an ε part per element, as in package
// dual — from the inputs to the outputs: one pass gives J·v. Reverse mode
// (Grad, VJP) pulls a gradient from the output back to the inputs: one pass
// gives uᵀ·J, the whole gradient of a scalar. Jacobian assembles either.
//
// Reverse mode here does not compute numbers directly: each op's VJP rule
// adds ordinary ops to the graph that compute the input gradients (as JAX
// and PyTorch's create_graph do). The gradient is therefore itself a graph,
// and forward mode through it gives the derivative of the gradient along v,
// which is the Hessian-vector product H·v (HVP, "forward-over-reverse"), at a
// small multiple of the cost of a gradient.
//
// # One convention for the entry points
//
// A method that returns nodes builds graph and computes nothing: Grad
// (the gradient of a scalar) and VJPNodes (the reverse-mode graph of a
// tensor output). A method that returns tensors runs the graph and returns
// numbers: Gradient, JVP, VJP, HVP, Jacobian. Their arguments come in one
// order — the output, the nodes to differentiate with respect to, then the
// direction:
//
//	g.Grad(y, x, w)                    // []*Node
//	g.Gradient(y, x, w)                // []*linalg.Tensor: ∂y/∂x, ∂y/∂w
//	g.JVP(y, []*Node{x, w}, v)         // J·v, of y's shape (v one tensor per node)
//	g.VJP(y, []*Node{x, w}, u)         // uᵀJ, one tensor per node (u of y's shape)
//	g.HVP(y, []*Node{x, w}, v)         // H·v, one tensor per node
//	g.Jacobian(y, x, autodiff.Reverse) // of shape y.Shape() ++ x.Shape()
//	g.Hessian(y, x)                    // of shape x.Shape() ++ x.Shape()
//	g.ValueAndGrad(y, x, w)            // y's value, then ∂y/∂x, ∂y/∂w
//
// The tensors these return are the caller's own: a later Run does not
// change them.
//
// # Jacobians and Hessians
//
// A Jacobian in epsilon is a *linalg.Tensor of shape out ++ in: the element
// at (i…, j…) is ∂y[i…]/∂x[j…], so for a vector function of a vector it is
// the m×n matrix whose row i is the gradient of y[i], and a Hessian is the
// Jacobian of the gradient, of shape in ++ in. The other packages' forms
// convert to it: package fd's *mat.Dense with linalg.FromDense, package
// dual's rows of float64 (dual imports nothing of ours) with
// linalg.FromRows; Tensor.Matrix and Tensor.Rows convert back.
//
// # Running without allocating
//
// Inputs keep the tensor given to Set (SetCopy copies into a buffer of the
// input's own), so a training loop updates its weights in place and the
// next Run sees them. Run gives each op that can write into a destination
// (IntoOp: matrix products, elementwise functions, broadcasting, sums) a
// buffer of its own, made on the first run and overwritten by every run
// after; Node.Value returns that buffer. A training step —
//
//	for range steps {
//		x.SetCopy(nextBatch())   // or x.Set, if the batch tensor is refilled in place
//		g.Run(grads...)
//		for i, w := range weights {
//			wd, gd := w.Value().Data(), grads[i].Value().Values()
//			for k := range wd {
//				wd[k] -= lr * gd[k]
//			}
//		}
//	}
//
// — then allocates next to nothing after the first, and computes bit for
// bit what an allocating run computes. On a device backend, or for an op
// without ForwardInto, values are made afresh on every run.
//
// # Ops
//
// An Op owns one forward rule, one JVP rule and one VJP rule, as a JAX
// primitive does, and nothing else knows how to differentiate it. The
// elementwise functions (Sin, Exp, ReLU, Pow, Maximum, …) take their
// derivative rules from package dual, where each is written once, so the
// graph and the dual numbers cannot disagree; their Node methods are
// generated from dual's table of functions (elementwise_gen.go). Tensor
// ops — reductions,
// MatMul, Einsum, Transpose, Reshape, norms, PairwiseSqDist, LogSumExp, Softmax,
// GaussianWeight and MeanShiftStep — carry their own rules.
//
// Indexing (index.go: Slice, Index, Gather, ScatterAdd, Concat, Stack,
// Split, Cumsum) is linear, on three kernels of linalg.Indexer; its indices
// are []int fixed when the graph is built, so a bad one panics there (index
// data enters through linalg.Indices, which returns an error). Selection
// (select.go: the comparisons, Where, Clamp) uses 0/1 masks with derivative
// zero; Where is a·m + b·(1−m) with the strong zero, so the branch not taken
// gets gradient exactly 0 even where it is infinite. PowConst, Dot and Outer
// are in power.go; reductions over several axes, Min, Prod (a tree of
// products: no division, exact with zeros), Var, Std and ArgMax in
// reduce_axes.go.
//
// Linear ops (reshape, transpose, broadcast, sum-to) and bilinear ones
// (matmul) are declared as such (linear.go): their JVP comes from their
// forward rule, and only their transpose rule — the VJP — is written by
// hand; the transpose of a matrix product is again a matrix product.
// MeanShiftStep runs a fused kernel forward and takes its derivatives from
// the same update spelled in primitives: the normalised Gaussian weights are
// softmax(−D/(2h²)), and the update is centred, m_j = y_j + Σ_i A_ji (x_i − y_j).
//
// Every derivative rule is as stable as its op's forward pass. Distances
// are computed from differences, and so are their JVP, 2(x_i − y_j)·(ẋ_i −
// ẏ_j), and VJP, 2Σ_j D̄_ij (x_i − y_j) — not the expansion X·rowsum(D̄) −
// D̄·Y, which loses eight digits for points near 1e9; the VJP is itself an op
// (on linalg's PairwiseDiffSum kernel) whose rules use the same kernels, so
// second derivatives are as stable. The Gaussian weight's rules are written
// in units of h, and mean shift's expansion scales the points by a power of
// two before squaring and caps its logits where exp is already 0, so its
// derivatives stay finite from h = 1e-170 to data near 1e155 (the doc
// comment of Node.MeanShiftStep gives the range).
//
// Einsum (einsum.go) is multilinear, linear in each operand with the
// others fixed, and declared so: its JVP is Σ_i einsum(A_1, …, Ȧ_i, …, A_n),
// one term per moving operand, and its VJP for operand i is again an
// einsum, of the cotangent ȳ and the other operands into A_i's subscripts:
//
//	y = einsum("ik,kj->ij", A, B):  Ā = einsum("ij,kj->ik", ȳ, B),  B̄ = einsum("ij,ik->kj", ȳ, A)
//
// Three cases make A_i's subscripts more than an output list
// (linalg.EinsumSpec.Adjoint): a repeated index ("ii->", the trace) is read
// on the diagonal only, so its gradient is written onto the diagonal
// through an identity operand (∇ tr A = I); an index only A_i has ("ij->i")
// is summed in the forward pass, so its gradient is broadcast back along it
// through a ones vector; and an axis of size 1 broadcast against a larger
// size (under "...", say) is summed back to size 1. Gradients are einsum
// nodes, so they are differentiated again (Hessians of bilinear forms).
// Subscripts are user data: Graph.Einsum returns the parser's
// *linalg.EinsumSyntaxError (what and where) and adds nothing; parse once
// with linalg.ParseEinsum and build with Graph.EinsumSpec to keep the
// error apart from building. Operand shapes that contradict valid
// subscripts panic with a *linalg.ShapeError, as for every op.
//
// A user adds an op by implementing Op, or more simply with a Func given
// numeric Forward, JVP and VJP rules (Graph.ApplyFunc).
//
// # Heavy work
//
// MatMul, PairwiseSqDist and MeanShiftStep run on the graph's
// linalg.Backend: the CPU by default, a GPU backend where there is one
// (and Einsum where the backend is a linalg.Einsumer); the
// derivatives of distances run on it too where it is a
// linalg.PairwiseDiffer. The bandwidth scale of mean shift's derivatives
// (linalg.MeanShiftScale) and the softmax read their operands on the host.
//
// On a device backend the values stay on the device from op to op, and the
// graph manages their device memory: a run uploads each host input once
// (however many device ops read it), frees the device memory of the values
// it replaces, and Graph.Release frees the rest; the tensors Gradient and
// ValueAndGrad return are host copies of the caller's own. A failure of
// the device (out of memory) comes back as Run's error.
//
// # Checking derivatives
//
// Package gradcheck compares reverse mode, forward mode and finite
// differences on a graph and explains a disagreement (which op, which rule,
// a kink, rounding, a NaN's origin). It is a separate package built on this
// one's public API, so that autodiff never links package testing.
//
// # Where to add things
//
//   - An elementwise function (sinc, say): its rule (f, f′, f″) in
//     dual/rules.go, one row in the table of dual/internal/gen, and its
//     tests; go generate writes the number types' methods, the Scalar
//     interface, the rule registry and the Node method here.
//   - A tensor op: a type with Name, Shape, Forward, JVP and VJP in a file of
//     its family (reduce.go, shape.go, …) and a Node method that applies it;
//     a linear or bilinear op writes Transpose instead of JVP and VJP and is
//     wrapped in linear{} or bilinear{}. Where its kernel can write into a
//     destination, give it ForwardInto too (IntoOp, into.go), so that Run
//     reuses its buffer. Add it to the op table
//     (internal/optable), which the tests check against finite differences
//     and gradcheck against its own rules.
//   - Heavy work on a device: a method of linalg.Backend if every backend
//     must have it, otherwise an optional capability interface in linalg
//     that the op type-asserts, with the CPU as fallback.
//   - A gradient-check diagnosis: one function and one list entry in
//     package gradcheck (see its documentation).
//
// # Zeros against infinities
//
// Every chain-rule product, in both modes, has package dual's strong zero
// (dual.ChainProduct): a partial or a perturbation that is exactly 0
// contributes 0 even against an infinite or NaN other factor, so
// max(2x+1, √x) has derivative 2 at 0 in forward mode, reverse mode and
// the dual numbers alike; the product rule and the contractions of the
// chain rule (chain.go, matmul.go) are no exception, and a product the user
// wrote keeps IEEE semantics. LogSumExp and Softmax over a line of all −Inf have gradient
// 0 (linalg.LogSumExpGrad). Every built-in op's VJP is built from ops with
// VJPs of their own, so gradients can be differentiated again in either
// mode; the elementwise functions stop at their second derivative (a third
// panics with a SecondOrderError), and so does a user Func's gradient.
//
// # Errors
//
// Shapes that cannot combine are programmer errors: the op panics while the
// graph is built with a *linalg.ShapeError whose message names the op and
// the shapes. Other misuse (a nil op or input, a node of another graph,
// Set on an op, a Func without its rules) panics with a *UsageError naming
// the call. Running with an input that has no value returns an error, and
// so does a failure of a device (out of its memory). Numbers flow as IEEE
// says: NaN and ±Inf propagate, never panic.
package autodiff
