package meanshift

import (
	"context"
	"testing"
)

// BenchmarkMeanShift times the cases of bench/meanshift_peers.py, which
// times the lesson's PyTorch code and scikit-learn on the same data.
func BenchmarkMeanShift(b *testing.B) {
	x, _, _ := lessonData(b)
	b.Run("lesson/exact-5-iterations-float32", func(b *testing.B) {
		opt := Options{Bandwidth: 2.5, Blurring: true, Exact: true, Float32: true, MaxIter: 5, Tol: 1e-300}
		for b.Loop() {
			if _, err := Cluster(context.Background(), x, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lesson/exact-5-iterations-float64", func(b *testing.B) {
		opt := Options{Bandwidth: 2.5, Blurring: true, Exact: true, MaxIter: 5, Tol: 1e-300}
		for b.Loop() {
			if _, err := Cluster(context.Background(), x, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
}
