package autodiff

import (
	"math/rand/v2"

	"github.com/epsilon-engine/epsilon/linalg"
)

// along returns y's data at wrt[k] + t·dir (other inputs unchanged),
// leaving the graph as it found it.
func (g *Graph) along(y *Node, x *Node, dir *linalg.Tensor) func(t float64) []float64 {
	return func(t float64) []float64 {
		saved := x.value
		x.value = linalg.Add(saved, linalg.Scale(t, dir))
		err := g.Run(y)
		out := append([]float64(nil), y.value.Data()...)
		x.value = saved
		if err == nil {
			err = g.Run(y)
		}
		if err != nil {
			panic(err) // Check ran y before probing, so every input has a value
		}
		return out
	}
}

// compareElements fills the full Jacobian three ways: reverse mode a row at
// a time, forward mode a column at a time, and finite differences along
// each input element, every output element extrapolated separately from
// shared evaluations.
func (g *Graph) compareElements(y *Node, wrt []*Node, s CheckSettings) ([]Comparison, error) {
	var rows []Comparison
	m := product(y.shape)
	for _, x := range wrt {
		jr, err := g.Jacobian(y, x, Reverse)
		if err != nil {
			return nil, err
		}
		jf, err := g.Jacobian(y, x, Forward)
		if err != nil {
			return nil, err
		}
		n := product(x.shape)
		for j := 0; j < n; j++ {
			e := linalg.Zeros(x.shape...)
			e.Data()[j] = 1
			eval := memo(g.along(y, x, e))
			for i := 0; i < m; i++ {
				probe := func(t float64) float64 { return eval(t)[i] }
				c := Comparison{Input: x.Label(), Index: j, Output: i,
					Reverse: jr.Data()[i*n+j], Forward: jf.Data()[i*n+j], probe: probe}
				s.compare(&c)
				rows = append(rows, c)
			}
		}
	}
	return rows, nil
}

// compareProjections compares vᵀJu for random u over the inputs and v over
// the output: forward mode gives v·(Ju), reverse mode (vᵀJ)·u, finite
// differences d/dt v·y(x + t·u).
func (g *Graph) compareProjections(y *Node, wrt []*Node, s CheckSettings, rng *rand.Rand) ([]Comparison, error) {
	var rows []Comparison
	for p := 0; p < s.Projections; p++ {
		u := make(map[*Node]*linalg.Tensor, len(wrt))
		for _, x := range wrt {
			u[x] = randNormal(rng, x.shape)
		}
		v := randNormal(rng, y.shape)
		ju, err := g.JVP(u, y)
		if err != nil {
			return nil, err
		}
		vj, err := g.VJP(y, v, wrt...)
		if err != nil {
			return nil, err
		}
		rev := 0.0
		for k, x := range wrt {
			rev += linalg.Dot(vj[k], u[x])
		}
		probe := func(t float64) float64 {
			saved := make([]*linalg.Tensor, len(wrt))
			for k, x := range wrt {
				saved[k] = x.value
				x.value = linalg.Add(saved[k], linalg.Scale(t, u[x]))
			}
			g.Run(y)
			out := linalg.Dot(v, y.value)
			for k, x := range wrt {
				x.value = saved[k]
			}
			g.Run(y)
			return out
		}
		c := Comparison{Input: "all", Index: -1, Output: -1, Reverse: rev, Forward: linalg.Dot(v, ju[0]), probe: probe}
		s.compare(&c)
		rows = append(rows, c)
	}
	return rows, nil
}

// memo caches a function's results by argument: the finite differences of
// all output elements along one direction share their evaluations.
func memo(f func(float64) []float64) func(float64) []float64 {
	cache := map[float64][]float64{}
	return func(t float64) []float64 {
		v, ok := cache[t]
		if !ok {
			v = f(t)
			cache[t] = v
		}
		return v
	}
}
