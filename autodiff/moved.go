package autodiff

import "github.com/epsilon-engine/epsilon/linalg"

// Transfers is what one evaluation of a graph copied between the host and
// its backend's device, in bytes.
type Transfers struct {
	ToDevice, ToHost int64
}

// transferCount measures the bytes one evaluation moves: the outermost
// public call (Run, or a derivative that runs the graph) starts it and
// keeps the result; the runs nested in it add nothing of their own.
type transferCount struct {
	depth            int
	toDevice, toHost int64 // the backend's totals when the outermost call began
	last             Transfers
}

// startTransfers begins a measurement; pair it with a deferred endTransfers.
func (g *Graph) startTransfers() {
	if g.moved.depth == 0 {
		g.moved.toDevice, g.moved.toHost = linalg.BytesMoved(g.backend)
	}
	g.moved.depth++
}

func (g *Graph) endTransfers() {
	g.moved.depth--
	if g.moved.depth == 0 {
		d, h := linalg.BytesMoved(g.backend)
		g.moved.last = Transfers{ToDevice: d - g.moved.toDevice, ToHost: h - g.moved.toHost}
	}
}

// Moved returns the bytes that the graph's last evaluation copied to its
// backend's device and back: the last Run, or the last derivative
// (Gradient, ValueAndGrad, VJP, JVP, JVPAt, HVP, Jacobian, Hessian) with
// every run it made, including the copies of the results it returns to the
// host. On the CPU, or on a backend that moves nothing (not a linalg.Mover),
// it is zero. It reads the backend's counters (linalg.BytesMoved) before
// and after, so another graph using the same backend at the same time adds
// its own copies.
func (g *Graph) Moved() Transfers { return g.moved.last }
