package autodiff_test

import (
	"math"
	"testing"
)

// TestMLPAgainstGorgonia checks epsilon's loss and reverse-mode gradients of
// a two-layer perceptron against gorgonia v0.9.18 on the same float64 data:
//
//	loss = Σ (tanh(X·W1 + b1)·W2 + b2 − T)²
//
// Both engines multiply with gonum's pure-Go Gemm and compute the same
// formulas, so they agree to a few ulps; the bound is 1e-12 relative.
func TestMLPAgainstGorgonia(t *testing.T) {
	d := newMLPData(1, 8, 784, 100, 10)

	// Each graph is run twice, as the benchmark reruns it, so the values
	// compared are those of a reused graph (a rewound tape for gorgonia).
	eps := newEpsilonMLP(d)
	gor, err := newGorgoniaMLP(d)
	if err != nil {
		t.Fatalf("gorgonia: build: %v", err)
	}
	for range 2 {
		if err := eps.run(); err != nil {
			t.Fatalf("epsilon: %v", err)
		}
		if err := gor.run(); err != nil {
			t.Fatalf("gorgonia: run: %v", err)
		}
	}

	el, gl := eps.loss.Value().Item(), gorgoniaData(t, gor.loss)
	if len(gl) != 1 {
		t.Fatalf("gorgonia: loss has %d elements", len(gl))
	}
	if !mlpClose(el, gl[0]) {
		t.Errorf("loss: epsilon %.17g, gorgonia %.17g", el, gl[0])
	}
	t.Logf("loss %.17g (epsilon) %.17g (gorgonia)", el, gl[0])

	names := []string{"W1", "b1", "W2", "b2"}
	for i, name := range names {
		e := eps.grads[i].Value().Data()
		g := gorgoniaData(t, gor.grads[i])
		if len(e) != len(g) {
			t.Errorf("∂loss/∂%s: epsilon has %d elements, gorgonia %d", name, len(e), len(g))
			continue
		}
		// The gradients are compared norm-wise, ‖e−g‖₂/‖g‖₂ ≤ 1e-12 per
		// tensor, because the strict elementwise bound fails on a handful of
		// ∂W1 elements (7 of 78400 at this seed, up to 3.6e-12 relative):
		// each ∂W1[i][j] = Σ_b X[b][i]·δ[b][j] sums terms of both signs, and
		// where they nearly cancel (elements ~1e-6 where the largest is ~0.18)
		// the two Gemm calls' different summation orders leave a few ulps of
		// the summands, which are many ulps of the small result. Elementwise
		// differences are still checked against the largest element:
		// |e−g| ≤ 1e-12·max|g| for every element.
		var diff2, ref2, scale, worst float64
		for k := range e {
			diff2 += (e[k] - g[k]) * (e[k] - g[k])
			ref2 += g[k] * g[k]
			scale = math.Max(scale, math.Abs(g[k]))
			if s := math.Max(math.Abs(e[k]), math.Abs(g[k])); s > 0 {
				worst = math.Max(worst, math.Abs(e[k]-g[k])/s)
			}
		}
		if rel := math.Sqrt(diff2) / math.Max(math.Sqrt(ref2), 1e-300); rel > 1e-12 {
			t.Errorf("∂loss/∂%s: norm-wise relative difference %.3g > 1e-12", name, rel)
		}
		bad := 0
		for k := range e {
			if math.Abs(e[k]-g[k]) > 1e-12*scale+1e-300 {
				if bad < 5 {
					t.Errorf("∂loss/∂%s[%d]: epsilon %.17g, gorgonia %.17g (largest element %.3g)", name, k, e[k], g[k], scale)
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("∂loss/∂%s: %d of %d elements differ by more than 1e-12·max|g|", name, bad, len(e))
		}
		t.Logf("∂loss/∂%s: %d elements up to %.3g, norm-wise relative difference %.3g, worst elementwise relative %.3g",
			name, len(e), scale, math.Sqrt(diff2)/math.Max(math.Sqrt(ref2), 1e-300), worst)
	}
}

// mlpClose reports |a−b| ≤ 1e-12·max(|a|,|b|), with a floor of 1e-300 so that
// two zeros (or two subnormal-sized values) compare equal.
func mlpClose(a, b float64) bool {
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))+1e-300
}

// BenchmarkGradVsGorgonia times the loss of TestMLPAgainstGorgonia and its
// gradient wrt W1, b1, W2, b2 for a batch of 64 and a 784→100→10 network.
//
// Each engine builds its graph (forward and symbolic gradient) and binds the
// same float64 data once, outside the timer. One iteration then:
//   - epsilon: g.Run(loss, ∂W1, ∂b1, ∂W2, ∂b2), one forward pass over every
//     node of the loss and the gradient subgraph; the inputs stay Set.
//   - gorgonia: vm.RunAll() on the tape machine, which runs the same forward
//     and gradient nodes, then vm.Reset() to rewind the tape; the inputs stay
//     bound by WithValue.
//
// Both multiply matrices with gonum's pure-Go Gemm (gonum.Implementation), so
// the comparison is of the graph engines, not of BLAS libraries.
func BenchmarkGradVsGorgonia(b *testing.B) {
	d := newMLPData(2, 64, 784, 100, 10)

	b.Run("epsilon", func(b *testing.B) { benchSteps(b, newEpsilonMLP(d).run) })

	b.Run("gorgonia", func(b *testing.B) {
		m, err := newGorgoniaMLP(d)
		if err != nil {
			b.Fatal(err)
		}
		benchSteps(b, m.run)
	})
}

// benchSteps times one forward+gradient step per iteration, after a warm-up
// step (which also checks that it runs, and lets gorgonia's tape allocate).
func benchSteps(b *testing.B, step func() error) {
	if err := step(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := step(); err != nil {
			b.Fatal(err)
		}
	}
}
