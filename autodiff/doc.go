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
// # Ops
//
// An Op owns one forward rule, one JVP rule and one VJP rule. The
// elementwise functions (Sin, Exp, ReLU, Pow, Maximum, …) take their
// derivative rules from package dual, where each is written once, so the
// graph and the dual numbers cannot disagree; their Node methods are
// generated from dual's table of functions (elementwise_gen.go). Tensor ops — broadcasting arithmetic,
// reductions, MatMul, Transpose, Reshape, norms, PairwiseSqDist, LogSumExp,
// Softmax, GaussianWeight and MeanShiftStep — carry their own rules; the VJP
// of a matrix product is again a matrix product. MeanShiftStep runs a fused
// kernel forward and takes its derivatives from the same update spelled in
// primitives: the normalised Gaussian weights are softmax(−D/(2h²)).
//
// A user adds an op by implementing Op, or more simply with a Func given
// numeric forward, JVP and VJP functions.
//
// # Heavy work
//
// MatMul, PairwiseSqDist and MeanShiftStep run on the graph's
// linalg.Backend: the CPU by default, a GPU backend where there is one.
//
// # Errors
//
// Shapes that cannot combine are programmer errors: the op panics while the
// graph is built, naming itself and the shapes. Running with an input that
// has no value returns an error. Numbers flow as IEEE says: NaN and ±Inf
// propagate, never panic.
package autodiff
