package linalg

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The greedy order (einsum_greedy.go) keeps pair scores between steps
// instead of rescoring every pair at every step, as greedyPairReference
// below (the planner before) did. The two must choose the same pairs in
// the same order: the argument is in greedy's doc comment; these tests
// check it on many random operand lists.

// referenceOrder contracts terms pairwise as newPlan does, choosing each
// pair with greedyPairReference, and returns the positions chosen.
func referenceOrder(terms []term, b *einsumBound, isOut map[int]bool) [][2]int {
	var order [][2]int
	for len(terms) > 1 {
		i, j := greedyPairReference(terms, b, isOut)
		order = append(order, [2]int{i, j})
		terms = contractTerms(terms, i, j, isOut)
	}
	return order
}

// greedyOrder is referenceOrder with greedy.
func greedyOrder(terms []term, b *einsumBound, isOut map[int]bool) [][2]int {
	var order [][2]int
	g := newGreedy(terms, b, isOut)
	for len(terms) > 1 {
		i, j := g.next()
		order = append(order, [2]int{i, j})
		terms = contractTerms(terms, i, j, isOut)
		g.contracted(i, j, terms[len(terms)-1])
	}
	return order
}

// contractTerms replaces the terms at i < j by their result, as newPlan
// does: the labels of both that are outputs or appear in another term.
func contractTerms(terms []term, i, j int, isOut map[int]bool) []term {
	var keep term
	for _, l := range append(terms[i].labels(), terms[j].labels()...) {
		if !slices.Contains(keep, l) && (isOut[l] || inOthers2(terms, i, j, l)) {
			keep = append(keep, l)
		}
	}
	terms = slices.Delete(slices.Clone(terms), j, j+1)
	terms = slices.Delete(terms, i, i+1)
	return append(terms, keep)
}

// randomTerms makes n operands over a few labels of random sizes (1 among
// them, so that ties are common), a broadcast axis now and then.
func randomTerms(rng *rand.Rand, n int) ([]term, *einsumBound, map[int]bool) {
	nl := 1 + rng.IntN(8)
	b := &einsumBound{size: make([]int, nl)}
	for l := range b.size {
		b.size[l] = []int{1, 2, 2, 3, 5}[rng.IntN(5)]
	}
	terms := make([]term, n)
	for k := range terms {
		for range rng.IntN(4) {
			l := rng.IntN(nl)
			if !slices.Contains(terms[k], l) {
				terms[k] = append(terms[k], l)
			}
		}
		if rng.IntN(5) == 0 {
			terms[k] = append(terms[k], -1)
		}
	}
	isOut := map[int]bool{}
	for l := range nl {
		if rng.IntN(3) == 0 {
			isOut[l] = true
		}
	}
	return terms, b, isOut
}

func TestGreedyMatchesRescoring(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 3000 {
		terms, b, isOut := randomTerms(rng, 2+rng.IntN(12))
		want := referenceOrder(terms, b, isOut)
		got := greedyOrder(terms, b, isOut)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: terms %v sizes %v outputs %v: greedy chose %v, rescoring every step chose %v", trial, terms, b.size, isOut, got, want)
		}
	}
}

// greedyPairReference is the planner before greedy: it picks the next pair to contract as opt_einsum's greedy
// strategy does: among the pairs that share an index (all pairs if none
// do), the one whose result is smallest relative to its operands
// (size(result) − size(a) − size(b)), ties broken by fewer flops, then by
// position.
func greedyPairReference(terms []term, b *einsumBound, isOut map[int]bool) (int, int) {
	size := func(ls []int) int {
		n := 1
		for _, l := range ls {
			n *= b.size[l]
		}
		return n
	}
	// Each term's labels, once each, and how many terms have each label,
	// so that "in a term other than i and j" is a count, not a scan: the
	// search is O(n²·L) per step, not O(n³·L).
	labels := make([][]int, len(terms))
	count := make([]int, len(b.size))
	for k, t := range terms {
		labels[k] = unique(t.labels())
		for _, l := range labels[k] {
			count[l]++
		}
	}
	bi, bj, bestCost, bestFlops := -1, -1, 0, 0
	var union, keep []int
	for _, shared := range []bool{true, false} {
		for i := range terms {
			for j := i + 1; j < len(terms); j++ {
				li, lj := labels[i], labels[j]
				share := false
				for _, l := range li {
					share = share || slices.Contains(lj, l)
				}
				if shared && !share {
					continue
				}
				union, keep = union[:0], keep[:0]
				for _, ls := range [][]int{li, lj} {
					for _, l := range ls {
						if slices.Contains(union, l) {
							continue
						}
						union = append(union, l)
						in := 1
						if slices.Contains(li, l) && slices.Contains(lj, l) {
							in = 2
						}
						if isOut[l] || count[l] > in {
							keep = append(keep, l)
						}
					}
				}
				cost := size(keep) - size(li) - size(lj)
				flops := size(union)
				if bi < 0 || cost < bestCost || cost == bestCost && flops < bestFlops {
					bi, bj, bestCost, bestFlops = i, j, cost, flops
				}
			}
		}
		if bi >= 0 {
			break
		}
	}
	return bi, bj
}
