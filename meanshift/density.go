package meanshift

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg"
)

// LogDensity returns the logarithm of the kernel density estimate of the
// data (n×d) at the points at (m×d),
//
//	p̂(y) = 1/(n·h^d) Σ_i K(‖y − x_i‖/h) / C_K,
//
// normalised to integrate to 1 over R^d: C_K = (2π)^(d/2) for the
// Gaussian, V_d for the flat kernel, V_d/(d+1) for the triangular and
// 2V_d/(d+2) for Epanechnikov's, V_d = π^(d/2)/Γ(d/2+1) the volume of the
// unit ball. The Gaussian sum is a log-sum-exp (the largest term
// factored out), with each difference divided by h before it is squared,
// so it is finite however far y is from the data (where the density
// itself underflows to 0) until log p̂ itself is below −1.8e308, where it
// is −Inf (a query 1e200 bandwidths away), and finite at a data point for
// any h > 0 (h = 1e-160 too); outside a finite kernel's support it is
// −Inf.
//
// Errors: as Step.
func LogDensity(data, at *linalg.Tensor, h float64, k Kernel) ([]float64, error) {
	x, n, d, y, m, err := dataAndQueries("LogDensity", "points", data, at)
	if err != nil {
		return nil, err
	}
	if m == 0 {
		return []float64{}, nil
	}
	if err := checkBandwidth(h); err != nil {
		return nil, err
	}
	if k < Gaussian || k > Epanechnikov {
		return nil, fmt.Errorf("meanshift: unknown kernel %d", int(k))
	}
	fd := float64(d)
	lgam, _ := math.Lgamma(fd/2 + 1)
	logV := fd/2*math.Log(math.Pi) - lgam
	var logC float64
	switch k {
	case Gaussian:
		logC = fd / 2 * math.Log(2*math.Pi)
	case Flat:
		logC = logV
	case Triangular:
		logC = logV - math.Log(fd+1)
	case Epanechnikov:
		logC = logV + math.Log(2/(fd+2))
	}
	norm := -math.Log(float64(n)) - fd*math.Log(h) - logC
	out := make([]float64, m)
	// t_i = ‖y − x_i‖²/h², each difference divided by h before it is
	// squared, so that t is 0 at a data point however small h is, and
	// +Inf only where the density is below e^−(10³⁰⁸): log p̂ = −Inf.
	scaled := func(yj, xi []float64) float64 {
		var t float64
		for c, v := range xi {
			e := (yj[c] - v) / h
			t += e * e
		}
		return t
	}
	linalg.ParallelRows(m, 64, func(a, b int) {
		for j := a; j < b; j++ {
			yj := y[j*d : (j+1)*d]
			if k == Gaussian {
				lo := math.Inf(1)
				for i := range n {
					lo = min(lo, scaled(yj, x[i*d:(i+1)*d]))
				}
				if math.IsInf(lo, 1) {
					out[j] = math.Inf(-1)
					continue
				}
				var s float64
				for i := range n {
					s += math.Exp(-0.5 * (scaled(yj, x[i*d:(i+1)*d]) - lo))
				}
				out[j] = norm - 0.5*lo + math.Log(s)
				continue
			}
			var s float64
			for i := range n {
				s += k.weight(scaled(yj, x[i*d:(i+1)*d]))
			}
			out[j] = norm + math.Log(s)
		}
	})
	return out, nil
}
