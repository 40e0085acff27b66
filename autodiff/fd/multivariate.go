package fd

import (
	"fmt"
	"math"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Gradient returns the gradient of f at x, one Formula per coordinate, with
// the absolute step RelStep(x[i], s.Step, s.Scale) along coordinate i. A
// coordinate that is 0 or next to the edge of f's domain gets Derivative's
// adaptive step (an entry with no estimate is NaN); elsewhere one stencil
// per coordinate is all, without the half-step check that Derivative makes
// with its default step, so a gradient costs what the stencils cost. The
// formula must be a first-derivative formula (nil settings: Central). dst
// may be nil; else it must have len(x) and must not overlap x. x is left
// unchanged.
func Gradient(dst []float64, f func([]float64) float64, x []float64, s *Settings) []float64 {
	formula, rel := s.resolve(Central)
	floor := s.scale()
	needDerivative(formula, 1, "Gradient")
	dst = prepare(dst, x, "Gradient")

	xc := append([]float64(nil), x...)
	var fx float64
	haveFx := formula.usesOrigin()
	if haveFx {
		fx = f(xc)
	}
	for i := range x {
		g := coordinate(f, xc, x, i)
		dst[i], _ = derivative(g, x[i], formula, RelStep(x[i], rel, floor), fx, haveFx, false)
	}
	return dst
}

// GradientRichardson returns, per coordinate, the Richardson estimate of
// ∂f/∂xᵢ with its error estimate. x is left unchanged.
func GradientRichardson(f func([]float64) float64, x []float64, s *RichardsonSettings) []Estimate {
	formula, step, shrink, maxIter := s.resolve()
	needDerivative(formula, 1, "GradientRichardson")
	xc := append([]float64(nil), x...)
	out := make([]Estimate, len(x))
	for i := range x {
		g := coordinate(f, xc, x, i)
		out[i] = richardsonAt(g, x[i], formula, step, shrink, maxIter, scaleAt(x[i], s.scale()), s.descents())
	}
	return out
}

// coordinate returns t ↦ f(x with xᵢ = t), evaluated on the scratch copy xc,
// which it leaves equal to x afterwards.
func coordinate(f func([]float64) float64, xc, x []float64, i int) func(float64) float64 {
	return func(t float64) float64 {
		xc[i] = t
		v := f(xc)
		xc[i] = x[i]
		return v
	}
}

// Jacobian returns the m×len(x) Jacobian of f at x, where f(y, x) writes the
// m outputs into y. Column j comes from the formula along coordinate j, with
// step StepAt(x[j], s.Step). dst may be nil; else it must be m×len(x) and
// must not share memory with x. x is left unchanged.
func Jacobian(dst *mat.Dense, f func(y, x []float64), m int, x []float64, s *Settings) *mat.Dense {
	formula, rel := s.resolve(Central)
	needDerivative(formula, 1, "Jacobian")
	n := len(x)
	if m <= 0 || n == 0 {
		panic(linalg.ShapeErrorf("fd", "Jacobian", "needs m > 0 outputs and len(x) > 0, got m = %d, len(x) = %d", m, n))
	}
	if dst == nil {
		dst = mat.NewDense(m, n, nil)
	} else {
		if r, c := dst.Dims(); r != m || c != n {
			panic(linalg.ShapeErrorf("fd", "Jacobian", "dst is %d×%d, want %d×%d (m × len(x))", r, c, m, n))
		}
		if overlap(dst.RawMatrix().Data, x) {
			panic("fd: Jacobian dst and x share memory")
		}
	}

	xc := append([]float64(nil), x...)
	y := make([]float64, m)
	col := make([]float64, m)
	var y0 []float64
	if formula.usesOrigin() {
		y0 = make([]float64, m)
		f(y0, xc)
	}
	for j := range n {
		h := StepAt(x[j], rel)
		clear(col)
		for _, p := range formula.Stencil {
			if p.Coeff == 0 {
				continue
			}
			src := y0
			if p.Loc != 0 || y0 == nil {
				xc[j] = x[j] + p.Loc*h
				f(y, xc)
				xc[j] = x[j]
				src = y
			}
			for i := range col {
				col[i] += p.Coeff * src[i]
			}
		}
		for i := range col {
			dst.Set(i, j, col[i]/h)
		}
	}
	return dst
}

// Hessian returns the Hessian of f at x. It applies a first-derivative
// formula (nil settings: Central) along both axes of each pair i ≤ j:
//
//	Hᵢⱼ ≈ Σₐ Σ_b cₐ c_b f(x + Lₐhᵢeᵢ + L_b hⱼeⱼ) / (hᵢhⱼ),
//
// which for Central is the familiar four-point cross difference, and on the
// diagonal the three-point second difference with step 2h. The result is
// symmetric by construction. Rounding is now divided by h², so the default
// relative step is ε^(1/(p+2)) (1.2e-4 for Central), not Formula.Step; a
// nonzero s.Step is used as is. dst may be nil; else it must be
// len(x)×len(x) and must not share memory with x. x is left unchanged.
func Hessian(dst *mat.SymDense, f func([]float64) float64, x []float64, s *Settings) *mat.SymDense {
	var explicit bool
	if s != nil && s.Step != 0 {
		explicit = true
	}
	formula, rel := s.resolve(Central)
	needDerivative(formula, 1, "Hessian")
	if !explicit {
		rel = optimalStep(formula.Order + 2)
	}
	n := len(x)
	dst = hessianDst("Hessian", dst, x)

	xc := append([]float64(nil), x...)
	// f(x) is needed wherever the two offsets cancel; evaluate it once.
	fx, haveFx := 0.0, false
	origin := func() float64 {
		if !haveFx {
			fx, haveFx = f(xc), true
		}
		return fx
	}
	h := make([]float64, n)
	for i := range n {
		h[i] = StepAt(x[i], rel)
	}
	for i := range n {
		for j := i; j < n; j++ {
			var sum float64
			for _, a := range formula.Stencil {
				for _, b := range formula.Stencil {
					c := a.Coeff * b.Coeff
					if c == 0 {
						continue
					}
					var v float64
					switch {
					case i == j && a.Loc+b.Loc == 0, i != j && a.Loc == 0 && b.Loc == 0:
						v = origin()
					default:
						xc[i] += a.Loc * h[i]
						xc[j] += b.Loc * h[j]
						v = f(xc)
						xc[i], xc[j] = x[i], x[j]
					}
					sum += c * v
				}
			}
			dst.SetSym(i, j, sum/(h[i]*h[j]))
		}
	}
	return dst
}

// HessianRichardson returns the Hessian of f at x by Richardson
// extrapolation, with an estimate of each entry's absolute error in errs
// (symmetric like the Hessian). It is the Hessian counterpart of
// GradientRichardson: where Hessian applies one stencil at one step, this
// extrapolates to step 0 and says how far off the result may be.
//
// With λᵢ the length scale of coordinate i (|xᵢ|, or s.Scale (default 1)
// where xᵢ = 0, as RelStep), the diagonal entry Hᵢᵢ is Richardson with
// Central2nd along coordinate i, and the off-diagonal entry Hᵢⱼ extrapolates
// the cross difference
//
//	A(t) = [f(x+hᵢeᵢ+hⱼeⱼ) − f(x+hᵢeᵢ−hⱼeⱼ) − f(x−hᵢeᵢ+hⱼeⱼ) + f(x−hᵢeᵢ−hⱼeⱼ)] / (4hᵢhⱼ),
//
// hᵢ = t·λᵢ, hⱼ = t·λⱼ, whose error is a series in t², from t = s.Step
// (default 0.1) down by s.Shrink, in two tableaux as Richardson does, and
// from smaller starts where those have not converged. s.Formula must be
// the zero Formula or Central. An entry whose stencil leaves f's domain at
// every step is NaN with Err +Inf. dst may be nil; else it must be
// len(x)×len(x) and must not share memory with x. x is left unchanged.
// Each entry costs the evaluations of one or more Richardson tableaux.
func HessianRichardson(dst *mat.SymDense, f func([]float64) float64, x []float64, s *RichardsonSettings) (hess, errs *mat.SymDense) {
	formula, step, shrink, maxIter := s.resolve()
	if formula.Name != Central.Name || formula.Derivative != 1 || formula.Order != 2 {
		panic(fmt.Sprintf("fd: HessianRichardson needs the zero Formula or Central, got %v", formula))
	}
	n := len(x)
	dst = hessianDst("HessianRichardson", dst, x)
	errs = mat.NewSymDense(n, nil)
	floor := s.scale()
	xc := append([]float64(nil), x...)
	lam := make([]float64, n)
	for i := range x {
		lam[i] = scaleAt(x[i], floor)
	}
	for i := range n {
		g := coordinate(f, xc, x, i)
		e := richardsonAt(g, x[i], Central2nd, step, shrink, maxIter, lam[i], s.descents())
		dst.SetSym(i, i, e.Value)
		errs.SetSym(i, i, e.Err)
		for j := i + 1; j < n; j++ {
			e := crossRichardson(f, xc, x, i, j, lam[i], lam[j], step, shrink, maxIter, s.descents())
			dst.SetSym(i, j, e.Value)
			errs.SetSym(i, j, e.Err)
		}
	}
	return dst, errs
}

// crossRichardson extrapolates the cross difference of HessianRichardson
// for the entry (i, j) to t = 0. xc is a scratch copy of x, left equal to x.
func crossRichardson(f func([]float64) float64, xc, x []float64, i, j int, li, lj, step, shrink float64, maxIter, levels int) Estimate {
	var evals int
	cross := func(t float64) (v, noise float64, bad side, still bool) {
		hi, hj := roundStep(x[i], t*li), roundStep(x[j], t*lj)
		var sum, abs float64
		for _, p := range [4][3]float64{{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}} {
			xc[i], xc[j] = x[i]+p[0]*hi, x[j]+p[1]*hj
			y := f(xc)
			evals++
			if !finite(y) {
				bad |= badBelow | badAbove
			}
			sum += p[2] * y
			abs += math.Abs(y)
		}
		xc[i], xc[j] = x[i], x[j]
		d := 4 * hi * hj
		return sum / d, eps * abs / math.Abs(d), bad, false
	}
	run := func(t float64) (Estimate, runInfo) { return tableau(cross, t, shrink, 2, 2, maxIter) }
	t := step
	e, info := twice(run, t, 1)
	// Near the edge of f's domain: shrink the start until the stencil fits.
	for k := 0; info.bad != 0 && k < maxDecades; k++ {
		t /= 10
		e, info = twice(run, t, 1)
	}
	if info.bad != 0 || !finite(e.Value) {
		return Estimate{Value: math.NaN(), Err: math.Inf(1), Evals: evals, Status: LeftDomain}
	}
	e = descend(run, e, info, 0, t, 1, levels)
	e.Evals = evals
	return e
}

// DirectionalDerivative returns d/dt f(x + t·v) at t = 0 by Richardson
// extrapolation. The step runs along the unit vector v/‖v‖, starting at
// s.Step·λ, where λ is the largest |xᵢ| among the coordinates v moves
// (s.Scale, default 1, if those are all 0), and the result is scaled back by ‖v‖, so the step
// does not depend on how v is scaled. A zero v gives 0. x and v are left
// unchanged.
func DirectionalDerivative(f func([]float64) float64, x, v []float64, s *RichardsonSettings) Estimate {
	if len(v) != len(x) {
		panic(linalg.ShapeErrorf("fd", "DirectionalDerivative", "len(x) = %d, len(v) = %d, want equal", len(x), len(v)))
	}
	formula, step, shrink, maxIter := s.resolve()
	needDerivative(formula, 1, "DirectionalDerivative")
	var norm, scale float64
	for i := range v {
		norm = math.Hypot(norm, v[i])
		if v[i] != 0 { // only the coordinates that move set the step's scale
			scale = math.Max(scale, math.Abs(x[i]))
		}
	}
	if norm == 0 {
		return Estimate{}
	}
	xc := make([]float64, len(x))
	g := func(t float64) float64 {
		for i := range xc {
			xc[i] = x[i] + t*(v[i]/norm)
		}
		return f(xc)
	}
	if scale == 0 {
		scale = scaleAt(0, s.scale())
	}
	e := richardsonAt(g, 0, formula, step, shrink, maxIter, scale, s.descents())
	e.Value *= norm
	e.Err *= norm
	return e
}

// needDerivative panics unless formula computes the d-th derivative.
func needDerivative(formula Formula, d int, fn string) {
	if formula.Derivative != d {
		panic(fmt.Sprintf("fd: %s needs a formula for derivative %d, %v is for derivative %d", fn, d, formula, formula.Derivative))
	}
}

// prepare returns dst (allocated if nil) after checking its length and that
// it does not share memory with x.
func prepare(dst, x []float64, fn string) []float64 {
	if dst == nil {
		return make([]float64, len(x))
	}
	if len(dst) != len(x) {
		panic(linalg.ShapeErrorf("fd", fn, "len(dst) = %d, len(x) = %d, want equal", len(dst), len(x)))
	}
	if overlap(dst, x) {
		panic(fmt.Sprintf("fd: %s dst and x share memory", fn))
	}
	return dst
}

// overlap reports whether a and b share any element of memory.
func overlap(a, b []float64) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	const size = unsafe.Sizeof(float64(0))
	a0 := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	b0 := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(len(b))*size && b0 < a0+uintptr(len(a))*size
}

// hessianDst checks the destination of a Hessian of f at x, panicking
// (naming fn) on an empty x, a dst of the wrong size or one sharing memory
// with x, and returns dst or a new len(x)×len(x) matrix when it is nil.
func hessianDst(fn string, dst *mat.SymDense, x []float64) *mat.SymDense {
	n := len(x)
	if n == 0 {
		panic(linalg.ShapeErrorf("fd", fn, "needs len(x) > 0"))
	}
	if dst == nil {
		return mat.NewSymDense(n, nil)
	}
	if r := dst.SymmetricDim(); r != n {
		panic(linalg.ShapeErrorf("fd", fn, "dst is %d×%d, want %d×%d (len(x) × len(x))", r, r, n, n))
	}
	if overlap(dst.RawSymmetric().Data, x) {
		panic(fmt.Sprintf("fd: %s dst and x share memory", fn))
	}
	return dst
}
