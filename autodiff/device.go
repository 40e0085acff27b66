package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// Device memory. On a device backend (a GPU's: any backend but the CPU)
// the ops' values are device tensors (linalg.OnDevice), whose memory lives
// until released: nothing frees it behind the user's back, not even a
// finalizer. The graph owns the values its ops compute and frees them
// itself:
//
//   - Run frees the device memory of each value it replaces (the previous
//     run's), unless the value is still in use: set as an input (the
//     lesson's loop x.Set(step.Value())), or a constant. Such a value is
//     freed by a later Run once nothing holds it any more.
//   - Release frees the device memory of every value now; values read on
//     the host before keep their numbers.
//   - Values of inputs and constants are the user's, and so is any op value
//     that shares their storage (a reshape of an input): never freed.
//   - The tensors the entry points return (Gradient, ValueAndGrad, VJP) are
//     host copies on a device backend (the caller then has nothing to
//     free); JVP's result is a device tensor of the caller's own.
//   - A rule that computes device temporaries and combines them on the
//     host (f(ȧ, b) + f(a, ḃ) on a backend without elementwise kernels)
//     frees them (dropTemps), and forward mode frees the tangents of
//     intermediate nodes once the outputs' are known.
//
// And a host input read by several device ops is uploaded once per run:
// Run hands the ops linalg.Stage of it, which keeps the upload, and
// releases that copy when the run ends.

// stager holds the staged input values of one run, so that each is
// uploaded at most once, and releases their device copies at the end.
type stager struct{ staged []*Node }

// operand returns x's value as an op of this run reads it: on a device
// backend, an input's or constant's host value is staged (once per run).
func (g *Graph) operand(x *Node, st *stager) *linalg.Tensor {
	if !g.device || x.op != nil {
		return x.value
	}
	if x.stage == nil || x.stageOf != x.value {
		x.stage, x.stageOf = linalg.Stage(x.value), x.value
		st.staged = append(st.staged, x)
	}
	return x.stage
}

// release frees the staged copies' device memory; their values stay.
func (st *stager) release() {
	for _, x := range st.staged {
		if x.stage != x.stageOf {
			x.stage.Release()
		}
		x.stage, x.stageOf = nil, nil
	}
	st.staged = st.staged[:0]
}

// borrows reports whether n's value shares storage with an input value it
// was given that the graph does not own (an input's, a constant's, or a
// borrowed op's).
func borrows(n *Node, in []*linalg.Tensor) bool {
	for i, x := range n.inputs {
		if (x.op == nil || x.borrowed) && linalg.Overlap(n.value, in[i]) {
			return true
		}
	}
	return false
}

// viewsStaged reports whether n's value shares storage with a staged
// input value (an op such as a reshape returns a view of its input); if so
// it sets n.in to the inputs' own values, to compute n again from, so that
// no staged tensor outlives its run as a node's value (a later device op
// would cache an upload in it that nothing frees).
func viewsStaged(n *Node) bool {
	views := false
	for i, x := range n.inputs {
		if n.in[i] != x.value && linalg.Overlap(n.value, n.in[i]) {
			views = true
		}
	}
	if views {
		for i, x := range n.inputs {
			n.in[i] = x.value
		}
	}
	return views
}

// retire queues old, a device value a run has replaced, for release.
func (g *Graph) retire(old *linalg.Tensor) {
	if old.Device() != nil {
		g.retired = append(g.retired, old)
	}
}

// releaseRetired frees the retired values that no node holds any more.
func (g *Graph) releaseRetired() {
	kept := g.retired[:0]
	for _, t := range g.retired {
		if g.inUse(t) {
			kept = append(kept, t)
		} else {
			t.Release()
		}
	}
	clear(g.retired[len(kept):])
	g.retired = kept
}

// inUse reports whether t shares storage with the value of a node or with
// one of keep.
func (g *Graph) inUse(t *linalg.Tensor, keep ...*linalg.Tensor) bool {
	for _, n := range g.nodes {
		if linalg.Overlap(t, n.value) {
			return true
		}
	}
	for _, k := range keep {
		if linalg.Overlap(t, k) {
			return true
		}
	}
	return false
}

// Release frees the device memory of every value the graph's ops hold, and
// of earlier runs' values it still kept; on the CPU it does nothing. Values
// read on the host before keep their numbers; the others lose them (reading
// one panics), until the next Run computes them again. A loop that runs a
// graph on a GPU and is done with it calls Release (or the backend's Close,
// which frees everything the backend made). Values of inputs and constants,
// the user's, are not touched, nor are op values that share their storage.
func (g *Graph) Release() { g.releaseExcept() }

// releaseExcept is Release sparing whatever shares storage with keep.
func (g *Graph) releaseExcept(keep ...*linalg.Tensor) {
	if !g.device {
		return
	}
	for _, n := range g.nodes {
		if n.op != nil && !n.borrowed && n.value != nil && n.value.Device() != nil && !g.heldByUser(n.value, keep) {
			n.value.Release()
		}
	}
	for _, t := range g.retired {
		if !g.heldByUser(t, keep) {
			t.Release()
		}
	}
	clear(g.retired)
	g.retired = g.retired[:0]
}

// heldByUser reports whether t shares storage with an input's or a
// constant's value, or with one of keep.
func (g *Graph) heldByUser(t *linalg.Tensor, keep []*linalg.Tensor) bool {
	for _, n := range g.nodes {
		if n.op == nil && linalg.Overlap(t, n.value) {
			return true
		}
	}
	for _, k := range keep {
		if linalg.Overlap(t, k) {
			return true
		}
	}
	return false
}

// dropTemps frees the device memory of temporaries that a rule computed
// and has combined into its result (terms it added or scaled), unless a
// temporary shares storage with one of keep (the result, the rule's
// inputs and tangents).
func dropTemps(keep []*linalg.Tensor, temps ...*linalg.Tensor) {
	for _, t := range temps {
		if t == nil || t.Device() == nil {
			continue
		}
		shared := false
		for _, k := range keep {
			shared = shared || linalg.Overlap(t, k)
		}
		if !shared {
			t.Release()
		}
	}
}

// releaseTangents frees the device memory of the tangents forward mode
// computed for intermediate nodes, keeping the outputs' and the seeds' (and
// whatever shares storage with them or with a node's value).
func (g *Graph) releaseTangents(tan []*linalg.Tensor, seeds map[*Node]*linalg.Tensor, outputs []*linalg.Tensor) {
	if !g.device {
		return
	}
	keep := append([]*linalg.Tensor(nil), outputs...)
	for _, s := range seeds {
		keep = append(keep, s)
	}
	for id, t := range tan {
		if t == nil || t.Device() == nil || seeds[g.nodes[id]] == t || g.inUse(t, keep...) {
			continue
		}
		t.Release()
	}
}
