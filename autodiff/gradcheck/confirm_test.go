package gradcheck

import "testing"

// TestJudgeConfirmBound: a rule passes when finite differences prove it
// within 3·tol (|rule − FD| + FDErr), and agree within tol + FDErr; the
// decision is monotone in that proof. The first case is the mean shift
// element that used to be a false alarm (blurring step of three blobs at
// h = 1.3, ∂y[9]/∂x[1], in the probe's units): the rules match an mpmath
// reference to 5e-22, finite differences are off by 4.4e-14, but their bar
// of 5.78e-12 was 2% over the tolerance 5.65e-12.
func TestJudgeConfirmBound(t *testing.T) {
	const (
		exact = -6.0395667516052e-06 // sⱼ·∂y/∂x, the rules' (and mpmath's) value
		floor = 5.049897774657316e-12
	)
	s := (*Settings)(nil).withDefaults()
	tol := s.RelTol*-exact + floor
	tests := []struct {
		name          string
		rule, fd, err float64
		want          Status
	}{
		{"mean shift false alarm: bar 1.02·tol, agreement 0.008·tol", exact, exact + 4.38e-14, 5.78e-12, Passed},
		{"precise estimate, rule off by 1.5·tol", exact + 1.5*tol, exact, 0.1 * tol, Mismatch},
		{"precise estimate, rule off by 0.9·tol", exact + 0.9*tol, exact, 0.1 * tol, Passed},
		{"bar tol, rule off by 2·tol (passed before too)", exact + 2*tol, exact, tol, Passed},
		{"bar 2·tol, rule off by 1.5·tol: proves only 3.5·tol", exact + 1.5*tol, exact, 2 * tol, Mismatch},
		{"bar 2.9·tol, agreement exact: proves 2.9·tol", exact, exact, 2.9 * tol, Passed},
		{"bar 3.1·tol, agreement exact: proves nothing within 3·tol", exact, exact, 3.1 * tol, Mismatch},
	}
	for _, tt := range tests {
		c := Comparison{Reverse: tt.rule, Forward: tt.rule, FD: tt.fd, FDErr: tt.err}
		s.judge(&c, floor)
		if c.Status != tt.want {
			t.Errorf("%s: %v, want %v (tol %.3g)", tt.name, c.Status, tt.want, tol)
		}
	}
}
