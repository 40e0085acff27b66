package linalg_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// TestEinsumIEEEPlanned: NaN and ±Inf propagate as in the naive loop over
// the definition also where the plan regroups the sum — an index summed
// within one operand before the product ("ceb,e->": a zero of the first
// operand summed with −3 before it meets Inf), a chain contracted two at a
// time, factors pulled out of a sum ("i,j->": Inf·2 + Inf·(−1) is NaN,
// Inf·(2 − 1) is not). Random einsums with values among 0, ±1, 2, −3 and
// an Inf, −Inf or NaN in about half the operands.
func TestEinsumIEEEPlanned(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	for _, tt := range []struct {
		subs string
		ops  []*linalg.Tensor
	}{
		{"ceb,e->", []*linalg.Tensor{linalg.New([]int{2, 3, 1}, []float64{2, 0, 0, 0, -3, 0}), linalg.New([]int{3}, []float64{1, inf, 0})}},
		{"i,j->", []*linalg.Tensor{linalg.New([]int{1}, []float64{inf}), linalg.New([]int{2}, []float64{2, -1})}},
		{"ij,jk,kl->il", []*linalg.Tensor{linalg.New([]int{1, 2}, []float64{0, 1}), linalg.New([]int{2, 1}, []float64{1, 1}), linalg.New([]int{1, 1}, []float64{inf})}},
	} {
		in, out, _ := strings.Cut(tt.subs, "->")
		got, want := linalg.MustEinsum(tt.subs, tt.ops...).Item(), naiveEinsum(strings.Split(in, ","), out, tt.ops).Item()
		if !math.IsNaN(want) || !math.IsNaN(got) {
			t.Errorf("%q %v: %v, the naive loop %v (want NaN)\n%v", tt.subs, tt.ops, got, want, mustPath(tt.subs, tt.ops))
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	vals := []float64{0, 1, -1, 2, -3}
	bad := 0
	for trial := range 3000 {
		inputs, output, ops := randomEinsum(rng, trial%5 == 0)
		for _, o := range ops {
			for i := range o.Data() {
				o.Data()[i] = vals[rng.IntN(len(vals))]
			}
			if len(o.Data()) > 0 && rng.IntN(2) == 0 {
				o.Data()[rng.IntN(len(o.Data()))] = []float64{inf, -inf, nan}[rng.IntN(3)]
			}
		}
		subs := strings.Join(inputs, ",") + "->" + output
		want := naiveEinsum(inputs, output, ops)
		got := linalg.MustEinsum(subs, ops...)
		for i, w := range want.Values() {
			g := got.Values()[i]
			if math.IsNaN(w) != math.IsNaN(g) || (math.IsInf(w, 0) || math.IsInf(g, 0)) && g != w {
				if bad++; bad <= 5 {
					t.Errorf("%q %v: element %d = %v, naive loop %v\n%v", subs, shapesOf(ops), i, g, w, mustPath(subs, ops))
				}
				break
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of 3000 random einsums differ from the naive loop", bad)
	}
}

// TestEinsumZeroSizeNaN: an index of size 0 makes every sum empty, so the
// result is 0 (NumPy: einsum("i,j->", [nan], []) = 0.0) even where another
// operand holds NaN or Inf that the plan would sum on its own first.
func TestEinsumZeroSizeNaN(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tt := range []struct {
		subs string
		ops  []*linalg.Tensor
	}{
		{"i,j->", []*linalg.Tensor{linalg.New([]int{1}, []float64{nan}), linalg.Zeros(0)}},
		{"i,j->i", []*linalg.Tensor{linalg.New([]int{2}, []float64{nan, inf}), linalg.Zeros(0)}},
		{"ij,jk,kl->il", []*linalg.Tensor{linalg.New([]int{1, 1}, []float64{inf}), linalg.Zeros(1, 0), linalg.Zeros(0, 1)}},
	} {
		for _, strong := range []bool{false, true} {
			s := linalg.MustParseEinsum(tt.subs)
			var got *linalg.Tensor
			if strong {
				got = linalg.EinsumChain(nil, s, tt.ops...)
			} else {
				got = s.Eval(tt.ops...)
			}
			for i, v := range got.Values() {
				if v != 0 {
					t.Errorf("%q (chain %v): element %d = %v, want 0 (an empty sum)", tt.subs, strong, i, v)
				}
			}
		}
	}
}

// TestEinsumChainIEEEPlanned: EinsumChain keeps the naive loop's NaN where
// the plan pulls a factor out of a sum and no factor is zero: Inf·2 +
// Inf·(−1) is NaN, Inf·(2 − 1) is not.
func TestEinsumChainIEEEPlanned(t *testing.T) {
	s := linalg.MustParseEinsum("i,j->")
	a, b := linalg.New([]int{1}, []float64{math.Inf(1)}), linalg.New([]int{2}, []float64{2, -1})
	if got := linalg.EinsumChain(nil, s, a, b).Item(); !math.IsNaN(got) {
		t.Errorf("EinsumChain(%q, [Inf], [2 -1]) = %v, the naive loop NaN", s, got)
	}
	// The strong zero still holds: 0·Inf terms are 0.
	b = linalg.New([]int{2}, []float64{0, 3})
	if got := linalg.EinsumChain(nil, s, a, b).Item(); !math.IsInf(got, 1) {
		t.Errorf("EinsumChain(%q, [Inf], [0 3]) = %v, want +Inf", s, got)
	}
}

// TestEinsumNilSpec: a nil spec or plan is a programmer error like a
// contradicting shape: a *ShapeError of Einsum, not a nil dereference.
func TestEinsumNilSpec(t *testing.T) {
	a := linalg.Zeros(2, 3)
	var s *linalg.EinsumSpec
	var p *linalg.EinsumPlan
	for name, f := range map[string]func(){
		"EinsumInto":  func() { linalg.EinsumInto(nil, nil, a) },
		"EinsumChain": func() { linalg.EinsumChain(nil, nil, a) },
		"Eval":        func() { s.Eval(a) },
		"Shape":       func() { s.Shape([]int{2, 3}) },
		"Adjoint":     func() { s.Adjoint(0, []int{2, 3}) },
		"Plan.Eval":   func() { p.Eval(a) },
	} {
		func() {
			defer func() {
				if e, ok := recover().(*linalg.ShapeError); !ok || e.Op != "Einsum" {
					t.Errorf("%s with a nil spec: panic %v, want a *ShapeError of Einsum", name, e)
				}
			}()
			f()
		}()
	}
}
