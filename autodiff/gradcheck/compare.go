package gradcheck

import (
	"math"
	"sort"

	"github.com/epsilon-engine/epsilon/autodiff"
	"github.com/epsilon-engine/epsilon/autodiff/fd"
	"github.com/epsilon-engine/epsilon/linalg"
)

// along returns y's data at x + t·dir (other inputs unchanged), leaving the
// graph as it found it.
func (c *checker) along(x *autodiff.Node, dir *linalg.Tensor) func(t float64) []float64 {
	return func(t float64) []float64 {
		return moved(c, []*autodiff.Node{x}, []*linalg.Tensor{dir}, t, func(y *linalg.Tensor) []float64 {
			return append([]float64(nil), y.Data()...)
		})
	}
}

// moved runs y with each of xs moved to x + t·dir, reads the output with
// read, and puts the inputs and the graph's values back.
func moved[T any](c *checker, xs []*autodiff.Node, dirs []*linalg.Tensor, t float64, read func(*linalg.Tensor) T) T {
	saved := make([]*linalg.Tensor, len(xs))
	for k, x := range xs {
		saved[k] = x.Replace(linalg.Add(x.Value(), linalg.Scale(t, dirs[k])))
	}
	err := c.g.Run(c.y)
	out := read(c.y.Value())
	for k, x := range xs {
		x.Replace(saved[k])
	}
	if err == nil {
		err = c.g.Run(c.y)
	}
	if err != nil {
		panic(err) // Check ran y before probing, so every input has a value
	}
	return out
}

// compareElements compares derivatives element by element: for each input
// element j (every one, or the indices picked for a large input), forward
// mode gives the column J·eⱼ, reverse mode the rows, and finite differences
// move xⱼ alone, every output element extrapolated separately from shared
// evaluations. An output larger than s.MaxElements is projected onto a
// random w, so each element j costs one column and one difference:
// ∂(w·y)/∂xⱼ, with Output −1.
func (c *checker) compareElements(wrt []*autodiff.Node, picks map[*autodiff.Node][]int) ([]Comparison, error) {
	var rows []Comparison
	y := c.y
	m := numel(y.Shape())
	var w *linalg.Tensor // the output projection, when the output is large
	if m > c.s.MaxElements {
		w = randNormal(c.rng, y.Shape())
	}
	for _, x := range wrt {
		n := numel(x.Shape())
		var rev []float64 // reverse mode: m×n rows, or one row wᵀJ
		if w == nil {
			jr, err := c.g.Jacobian(y, x, autodiff.Reverse)
			if err != nil {
				return nil, err
			}
			rev = jr.Data()
		} else {
			vj, err := c.g.VJP(y, []*autodiff.Node{x}, w)
			if err != nil {
				return nil, err
			}
			rev = vj[0].Data()
		}
		js, ok := picks[x]
		if !ok {
			js = make([]int, n)
			for j := range js {
				js[j] = j
			}
		}
		for _, j := range js {
			e := linalg.Zeros(x.Shape()...)
			e.Data()[j] = 1
			col, err := c.g.JVPAt(y, []*autodiff.Node{x}, []*linalg.Tensor{e})
			if err != nil {
				return nil, err
			}
			eval := memo(c.along(x, e))
			if w != nil {
				probe := func(t float64) float64 { return linalg.Dot(w, linalg.New(w.Shape(), eval(t))) }
				cmp := Comparison{Input: x.Label(), Index: j, Output: -1,
					Reverse: rev[j], Forward: linalg.Dot(w, col), probe: probe}
				c.s.compare(&cmp)
				rows = append(rows, cmp)
				continue
			}
			for i := 0; i < m; i++ {
				probe := func(t float64) float64 { return eval(t)[i] }
				cmp := Comparison{Input: x.Label(), Index: j, Output: i,
					Reverse: rev[i*n+j], Forward: col.Data()[i], probe: probe}
				c.s.compare(&cmp)
				rows = append(rows, cmp)
			}
		}
	}
	return rows, nil
}

// compareProjections compares vᵀJu for random u over the inputs and v over
// the output: forward mode gives v·(Ju), reverse mode (vᵀJ)·u, finite
// differences d/dt v·y(x + t·u).
func (c *checker) compareProjections(wrt []*autodiff.Node) ([]Comparison, error) {
	var rows []Comparison
	for p := 0; p < c.s.Projections; p++ {
		u := make([]*linalg.Tensor, len(wrt))
		for k, x := range wrt {
			u[k] = randNormal(c.rng, x.Shape())
		}
		v := randNormal(c.rng, c.y.Shape())
		ju, err := c.g.JVP(c.y, wrt, u)
		if err != nil {
			return nil, err
		}
		vj, err := c.g.VJP(c.y, wrt, v)
		if err != nil {
			return nil, err
		}
		rev := 0.0
		for k := range wrt {
			rev += linalg.Dot(vj[k], u[k])
		}
		probe := memo(func(t float64) float64 {
			return moved(c, wrt, u, t, func(y *linalg.Tensor) float64 { return linalg.Dot(v, y) })
		})
		cmp := Comparison{Input: "all", Index: -1, Output: -1, Reverse: rev, Forward: linalg.Dot(v, ju), probe: probe}
		c.s.compare(&cmp)
		rows = append(rows, cmp)
	}
	return rows, nil
}

// compare fills in the finite difference of c.probe at 0 and judges the
// three values. Richardson starts from a step of 0.1; where that is too
// large for f here (a singularity or a kink within reach, a fast wiggle) the
// comparison fails, and it is tried again from 1e-2, 1e-3 and 1e-4: a right
// rule agrees at some step, a wrong one at none. The estimate kept is the
// one that agreed, or else the one with the smallest error estimate.
func (s Settings) compare(c *Comparison) {
	// The absolute floor scales with the function's values near the point,
	// so tiny functions are judged as strictly as large ones.
	// (Values that are not finite, outside f's domain, say nothing of its size.)
	var size float64
	for _, t := range []float64{0, 0.1, -0.1} {
		if v := math.Abs(c.probe(t)); !math.IsInf(v, 0) && !math.IsNaN(v) {
			size = math.Max(size, v)
		}
	}
	floor := s.AbsTol * size
	var best *Comparison
	for _, h0 := range []float64{0.1, 1e-2, 1e-3, 1e-4} {
		est := fd.Richardson(c.probe, 0, &fd.RichardsonSettings{Step: h0})
		try := *c
		try.FD, try.FDErr = est.Value, est.Err
		s.judge(&try, floor)
		if best == nil || try.Status == Passed || !(try.FDErr >= best.FDErr) {
			best = &try
		}
		if try.Status == Passed {
			break
		}
	}
	*c = *best
}

// judge compares the three values of one derivative.
func (s Settings) judge(c *Comparison, floor float64) {
	scale := math.Max(math.Abs(c.Reverse), math.Max(math.Abs(c.Forward), math.Abs(c.FD)))
	tol := s.RelTol*scale + floor
	dr, df, drf := math.Abs(c.Reverse-c.FD), math.Abs(c.Forward-c.FD), math.Abs(c.Reverse-c.Forward)
	c.AbsErr = math.Max(dr, math.Max(df, drf))
	c.RelErr = c.AbsErr / math.Max(scale, math.SmallestNonzeroFloat64)
	c.Disagrees = Agree
	revOK, fwdOK := dr <= tol+c.FDErr, df <= tol+c.FDErr
	switch {
	case revOK && fwdOK && drf <= tol && c.FDErr <= tol:
		c.Status = Passed
		return
	case !revOK && fwdOK:
		c.Disagrees = ReverseDisagrees
	case revOK && !fwdOK:
		c.Disagrees = ForwardDisagrees
	case drf > tol:
		c.Disagrees = ModesDisagree
	default:
		c.Disagrees = FiniteDifferencesDisagree
	}
	if math.IsNaN(c.AbsErr) {
		c.AbsErr, c.RelErr = math.Inf(1), math.Inf(1)
	}
	c.Status = Mismatch
}

// worst returns the failed comparison with the largest relative error.
func worst(rows []Comparison) *Comparison {
	var w *Comparison
	for i := range rows {
		if c := &rows[i]; c.Status != Passed && (w == nil || c.RelErr > w.RelErr) {
			w = c
		}
	}
	return w
}

// sample picks the elements to compare of each input larger than s.Sample.
func (c *checker) sample(inputs []*autodiff.Node) map[*autodiff.Node][]int {
	picks := map[*autodiff.Node][]int{}
	for _, x := range inputs {
		if n := numel(x.Shape()); n > c.s.Sample {
			js := c.rng.Perm(n)[:c.s.Sample]
			sort.Ints(js)
			picks[x] = js
		}
	}
	return picks
}

// memo caches a function's results by argument: the finite differences of
// all output elements along one direction share their evaluations, and the
// retried Richardson starts and the size probes of compare reuse them.
func memo[T any](f func(float64) T) func(float64) T {
	cache := map[float64]T{}
	return func(t float64) T {
		v, ok := cache[t]
		if !ok {
			v = f(t)
			cache[t] = v
		}
		return v
	}
}
