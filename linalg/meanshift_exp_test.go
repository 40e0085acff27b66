package linalg

import (
	"math"
	"testing"
)

// TestMeanShiftExpWholeRange: the weight exp(−D) of GaussianSums2, with
// the vector kernel and with the portable loop (hasAVX512 off), against
// math.Exp over the whole range down to underflow: float64 within 2 ulps
// where e^−D is normal and 1 ulp of the subnormal spacing below (to
// e^−745); float32 within 3e-7 relative where e^−D is normal (down to
// ln 2⁻¹²⁶ ≈ −87.3365, where exp32 used to return 0 from −87.3 on) and
// below it within 2⁻¹⁴⁸ absolute (vector: subnormal results, rounded twice) or 2⁻¹²⁶
// (portable: flushed to 0, as exp32 documents).
func TestMeanShiftExpWholeRange(t *testing.T) {
	vector := hasAVX512
	defer func() { hasAVX512 = vector }()
	for _, avx := range []bool{false, true} {
		if avx && !vector {
			continue
		}
		hasAVX512 = avx
		var worstN, worstS float64
		for D := 0.0; D <= 745.2; D += 0.00071 {
			x := math.Sqrt(D)
			d2 := x * x
			w, _, _ := GaussianSums2([]float64{x}, []float64{0}, 0, 0, 0, -1)
			want := math.Exp(-d2)
			u := math.Abs(float64(int64(math.Float64bits(w)) - int64(math.Float64bits(want))))
			if want >= 0x1p-1022 {
				worstN = max(worstN, u)
			} else {
				worstS = max(worstS, u)
			}
		}
		var worst32, worstAbs float64
		absBound := 0x1p-126
		if avx {
			absBound = 0x1p-148
		}
		for D := 0.0; D <= 104; D += 0.00031 {
			x := float32(math.Sqrt(D))
			w, _, _ := GaussianSums2([]float32{x}, []float32{0}, 0, 0, 0, -1)
			want := math.Exp(-float64(x * x))
			if want >= 0x1p-126 {
				worst32 = max(worst32, math.Abs(float64(w)-want)/want)
			} else {
				worstAbs = max(worstAbs, math.Abs(float64(w)-want))
			}
		}
		t.Logf("vector %v: float64 %.0f ulps (normal), %.0f (subnormal); float32 %.3g relative (normal), %.3g absolute below", avx, worstN, worstS, worst32, worstAbs)
		if worstN > 2 || worstS > 1 || worst32 > 3e-7 || worstAbs > absBound {
			t.Errorf("vector %v: float64 %.0f ulps (want ≤ 2), subnormal %.0f (want ≤ 1); float32 %.3g relative (want ≤ 3e-7), %.3g absolute (want ≤ %.3g)", avx, worstN, worstS, worst32, worstAbs, absBound)
		}
	}
}
