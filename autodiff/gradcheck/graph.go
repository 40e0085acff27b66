package gradcheck

import (
	"math"
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/linalg"
)

// ancestors marks, by node ID, the nodes that the targets depend on, the
// targets included. nodes is the graph's Nodes(), in creation order.
func ancestors(nodes []*autodiff.Node, targets []*autodiff.Node) []bool {
	need := make([]bool, len(nodes))
	for _, t := range targets {
		need[t.ID()] = true
	}
	for i := len(nodes) - 1; i >= 0; i-- {
		if need[i] {
			for _, in := range nodes[i].Inputs() {
				need[in.ID()] = true
			}
		}
	}
	return need
}

// dependents marks, by node ID, the nodes that depend on some node of wrt,
// wrt included.
func dependents(nodes []*autodiff.Node, wrt []*autodiff.Node) []bool {
	depends := make([]bool, len(nodes))
	for _, x := range wrt {
		depends[x.ID()] = true
	}
	for _, n := range nodes {
		for _, in := range n.Inputs() {
			depends[n.ID()] = depends[n.ID()] || depends[in.ID()]
		}
	}
	return depends
}

// numel is the number of elements of a shape.
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// randNormal returns a tensor of standard normal draws.
func randNormal(rng *rand.Rand, shape []int) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	for i := range t.Data() {
		t.Data()[i] = rng.NormFloat64()
	}
	return t
}

func isFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
