package dual_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/epsilon-engine/epsilon/dual"
)

// TestPerturbationConfusion is Siskind and Pearlmutter's test: the
// derivative of x ↦ x·(d/dy (x + y)) is 1 at every x. An implementation that
// lets the inner and outer perturbations mix returns 2.
func TestPerturbationConfusion(t *testing.T) {
	for _, x0 := range []float64{-3, 0, 1, 2.5} {
		outer := func(x dual.Number) dual.Number {
			inner := dual.NestedDerivative(func(y dual.Hyper) dual.Hyper {
				return dual.Lift(x).Add(y)
			}, dual.Number{Real: 1})
			return x.Mul(inner)
		}
		if got := dual.Derivative(outer, x0); got != 1 {
			t.Errorf("d/dx [x·(d/dy (x+y))] at %v = %v, want 1", x0, got)
		}
	}
}

// TestDerivativeOfDerivative: a function that calls the derivative entry
// point inside is itself differentiated correctly.
func TestDerivativeOfDerivative(t *testing.T) {
	for _, x0 := range randomPoints(9, -3, 3, 20) {
		// g(x) = x·sin′(x) = x·cos x, so g′(x) = cos x − x·sin x.
		g := func(x dual.Number) dual.Number {
			return x.Mul(dual.NestedDerivative(dual.Hyper.Sin, x))
		}
		want := math.Cos(x0) - x0*math.Sin(x0)
		if got := dual.Derivative(g, x0); !close(got, want, 1e-14, 1e-15) {
			t.Errorf("(x·sin′x)′ at %v = %v, want %v", x0, got, want)
		}
		// The derivative of the derivative is the second derivative.
		f := func(x dual.Hyper) dual.Hyper { return x.Mul(x).Mul(x.Exp()).Add(x.Tanh()) }
		nested := dual.Derivative(func(x dual.Number) dual.Number { return dual.NestedDerivative(f, x) }, x0)
		if second := dual.SecondDerivative(f, x0); !close(nested, second, 1e-14, 1e-15) {
			t.Errorf("nested %v and hyper-dual %v second derivatives differ at %v", nested, second, x0)
		}
	}
}

func rosenbrock[T dual.Scalar[T]](x []T) T {
	sum := x[0].Const(0)
	for i := 0; i+1 < len(x); i++ {
		a := x[i+1].Sub(x[i].Mul(x[i]))
		b := x[i].Const(1).Sub(x[i])
		sum = sum.Add(a.Mul(a).Scale(100)).Add(b.Mul(b))
	}
	return sum
}

func rosenbrockGrad(x []float64) []float64 {
	g := make([]float64, len(x))
	for i := 0; i+1 < len(x); i++ {
		g[i] += -400*x[i]*(x[i+1]-x[i]*x[i]) - 2*(1-x[i])
		g[i+1] += 200 * (x[i+1] - x[i]*x[i])
	}
	return g
}

func rosenbrockHess(x []float64) [][]float64 {
	n := len(x)
	h := make([][]float64, n)
	for i := range h {
		h[i] = make([]float64, n)
	}
	for i := 0; i+1 < n; i++ {
		h[i][i] += 1200*x[i]*x[i] - 400*x[i+1] + 2
		h[i][i+1] += -400 * x[i]
		h[i+1][i] += -400 * x[i]
		h[i+1][i+1] += 200
	}
	return h
}

func TestGradientHessianJacobian(t *testing.T) {
	x := randomPoints(11, -2, 2, 6)
	grad := dual.Gradient(nil, rosenbrock[dual.Vec], x)
	for i, want := range rosenbrockGrad(x) {
		if !close(grad[i], want, 1e-14, 1e-12) {
			t.Errorf("∂f/∂x%d = %v, want %v", i, grad[i], want)
		}
		// Each component also equals a directional derivative along eᵢ.
		e := make([]float64, len(x))
		e[i] = 1
		if d := dual.DirectionalDerivative(rosenbrock[dual.Number], x, e); !close(d, want, 1e-14, 1e-12) {
			t.Errorf("directional derivative along e%d = %v, want %v", i, d, want)
		}
	}
	hess := dual.Hessian(rosenbrock[dual.Hyper], x)
	for i, row := range rosenbrockHess(x) {
		for j, want := range row {
			if !close(hess[i][j], want, 1e-14, 1e-12) {
				t.Errorf("H[%d][%d] = %v, want %v", i, j, hess[i][j], want)
			}
		}
	}
	// Polar to Cartesian: J = [[cos θ, −r sin θ], [sin θ, r cos θ]].
	polar := func(v []dual.Vec) []dual.Vec {
		return []dual.Vec{v[0].Mul(v[1].Cos()), v[0].Mul(v[1].Sin())}
	}
	r, th := 1.7, 0.6
	jac := dual.Jacobian(polar, []float64{r, th})
	want := [][]float64{{math.Cos(th), -r * math.Sin(th)}, {math.Sin(th), r * math.Cos(th)}}
	for i := range want {
		for j := range want[i] {
			if !close(jac[i][j], want[i][j], 1e-15, 1e-16) {
				t.Errorf("J[%d][%d] = %v, want %v", i, j, jac[i][j], want[i][j])
			}
		}
	}
	// JVP is J·v.
	polarN := func(v []dual.Number) []dual.Number {
		return []dual.Number{v[0].Mul(v[1].Cos()), v[0].Mul(v[1].Sin())}
	}
	dir := []float64{0.3, -1.1}
	y, jv := dual.JVP(polarN, []float64{r, th}, dir)
	for i := range want {
		wantJV := want[i][0]*dir[0] + want[i][1]*dir[1]
		if !close(jv[i], wantJV, 1e-15, 1e-16) {
			t.Errorf("JVP[%d] = %v, want %v", i, jv[i], wantJV)
		}
	}
	if !close(y[0], r*math.Cos(th), 1e-15, 0) {
		t.Errorf("JVP value %v", y)
	}
}

// TestGradientOfConstant: a function that ignores its inputs has a zero
// gradient, not a panic.
func TestGradientOfConstant(t *testing.T) {
	g := dual.Gradient(nil, func([]dual.Vec) dual.Vec { return dual.Vec{Real: 3} }, []float64{1, 2})
	if g[0] != 0 || g[1] != 0 {
		t.Errorf("gradient of a constant = %v", g)
	}
}

// TestVecConcurrent: parts of one many-partials evaluation may run on
// several goroutines (Vecs are plain values); run with -race.
func TestVecConcurrent(t *testing.T) {
	x := randomPoints(17, -1, 1, 8)
	want := dual.Gradient(nil, rosenbrock[dual.Vec], x)
	got := dual.Gradient(nil, func(v []dual.Vec) dual.Vec {
		parts := make([]dual.Vec, 4)
		done := make(chan int)
		for p := range parts {
			go func() {
				parts[p] = rosenbrock(v[2*p : 2*p+2]) // the four pairs' terms
				done <- p
			}()
		}
		for range parts {
			<-done
		}
		// The cross terms between pairs.
		sum := parts[0].Add(parts[1]).Add(parts[2]).Add(parts[3])
		for p := 0; p+1 < len(parts); p++ {
			sum = sum.Add(rosenbrock(v[2*p+1 : 2*p+3]))
		}
		return sum
	}, x)
	for i := range want {
		if !close(got[i], want[i], 1e-13, 1e-13) {
			t.Errorf("∂f/∂x%d = %v concurrently, %v serially", i, got[i], want[i])
		}
	}
}

// TestGradientConcurrentCalls: gradients computed at once on several
// goroutines (each call with its own pass, arenas taken from one pool) are
// each right; run with -race.
func TestGradientConcurrentCalls(t *testing.T) {
	done := make(chan error)
	for w := 0; w < 4; w++ {
		go func() {
			var err error
			for r := 0; r < 20 && err == nil; r++ {
				x := randomPoints(uint64(10*w+r), -1, 1, 2*dual.VecWidth+w)
				g := dual.Gradient(nil, rosenbrock[dual.Vec], x)
				for i, want := range rosenbrockGrad(x) {
					if !close(g[i], want, 1e-14, 1e-13) {
						err = fmt.Errorf("worker %d, round %d: ∂f/∂x%d = %v, want %v", w, r, i, g[i], want)
						break
					}
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestValueEntryPoints: the value-and-derivative forms return f(x) and the
// same derivatives as the entry points without the value, which are checked
// against closed forms above, and count their evaluations as documented.
func TestValueEntryPoints(t *testing.T) {
	sinExp := func(x dual.Number) dual.Number { return x.Sin().Mul(x.Exp()) }
	for _, x := range []float64{-2, 0, 0.7, 3} {
		v, d := dual.ValueDerivative(sinExp, x)
		if v != math.Sin(x)*math.Exp(x) || d != dual.Derivative(sinExp, x) {
			t.Errorf("ValueDerivative at %v = %v, %v", x, v, d)
		}
		if want := (math.Cos(x) + math.Sin(x)) * math.Exp(x); !close(d, want, 1e-15, 1e-300) {
			t.Errorf("ValueDerivative at %v: derivative %v, want %v", x, d, want)
		}
	}
	for _, n := range []int{0, 1, 2, 5, dual.VecWidth + 3} {
		x := randomPoints(uint64(n)+40, -1, 1, n)
		want := rosenbrockOr5(floats(x)).Value()
		calls := 0
		f := func(v []dual.Vec) dual.Vec { calls++; return rosenbrockOr5(v) }
		v, g := dual.ValueGradient(nil, f, x)
		if passes := max(1, (n+dual.VecWidth-1)/dual.VecWidth); calls != passes {
			t.Errorf("n=%d: ValueGradient evaluated f %d times, want %d", n, calls, passes)
		}
		if v != want {
			t.Errorf("n=%d: ValueGradient value %v, want %v", n, v, want)
		}
		for i, want := range rosenbrockGrad(x) { // the closed form, not Gradient (which shares its code)
			if !close(g[i], want, 1e-14, 1e-13) {
				t.Errorf("n=%d: ValueGradient ∂%d = %v, want %v", n, i, g[i], want)
			}
		}
		calls = 0
		hf := func(v []dual.Hyper) dual.Hyper { calls++; return rosenbrockOr5(v) }
		v2, g2, h := dual.ValueGradientHessian(hf, x)
		if want := max(1, n*(n+1)/2); calls != want {
			t.Errorf("n=%d: ValueGradientHessian evaluated f %d times, want %d", n, calls, want)
		}
		if v2 != want {
			t.Errorf("n=%d: ValueGradientHessian value %v, want %v", n, v2, want)
		}
		for i, want := range rosenbrockGrad(x) {
			if !close(g2[i], want, 1e-14, 1e-13) {
				t.Errorf("n=%d: ValueGradientHessian ∂%d = %v, want %v", n, i, g2[i], want)
			}
		}
		hess := rosenbrockHess(x) // the closed form, not Hessian (which calls this)
		if len(h) != n {
			t.Fatalf("n=%d: Hessian with %d rows", n, len(h))
		}
		for i := range hess {
			for j := range hess[i] {
				if !close(h[i][j], hess[i][j], 1e-14, 1e-13) {
					t.Errorf("n=%d: H[%d][%d] = %v, want %v", n, i, j, h[i][j], hess[i][j])
				}
			}
		}
	}
}

// rosenbrockOr5 is Rosenbrock's function, and 5 of no inputs.
func rosenbrockOr5[T dual.Scalar[T]](x []T) T {
	if len(x) == 0 {
		var zero T
		return zero.Const(5)
	}
	return rosenbrock(x)
}

// floats returns x as Float values.
func floats(x []float64) []dual.Float {
	out := make([]dual.Float, len(x))
	for i, v := range x {
		out[i] = dual.Float(v)
	}
	return out
}
