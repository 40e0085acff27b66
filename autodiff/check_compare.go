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

// compareElements compares derivatives element by element: for each input
// element j (every one, or the indices picked for a large input), forward
// mode gives the column J·eⱼ, reverse mode the rows, and finite differences
// move xⱼ alone, every output element extrapolated separately from shared
// evaluations. An output larger than s.MaxElements is projected onto a
// random w, so each element j costs one column and one difference:
// ∂(w·y)/∂xⱼ, with Output −1.
func (g *Graph) compareElements(y *Node, wrt []*Node, picks map[*Node][]int, s CheckSettings, rng *rand.Rand) ([]Comparison, error) {
	var rows []Comparison
	m := product(y.shape)
	var w *linalg.Tensor // the output projection, when the output is large
	if m > s.MaxElements {
		w = randNormal(rng, y.shape)
	}
	for _, x := range wrt {
		n := product(x.shape)
		var rev []float64 // reverse mode: m×n rows, or one row wᵀJ
		if w == nil {
			jr, err := g.Jacobian(y, x, Reverse)
			if err != nil {
				return nil, err
			}
			rev = jr.Data()
		} else {
			vj, err := g.VJP(y, w, x)
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
			e := linalg.Zeros(x.shape...)
			e.Data()[j] = 1
			col, err := g.pushTangents(map[*Node]*linalg.Tensor{x: e}, []*Node{y})
			if err != nil {
				return nil, err
			}
			eval := memo(g.along(y, x, e))
			if w != nil {
				probe := func(t float64) float64 { return linalg.Dot(w, linalg.New(w.Shape(), eval(t))) }
				c := Comparison{Input: x.Label(), Index: j, Output: -1,
					Reverse: rev[j], Forward: linalg.Dot(w, col[0]), probe: probe}
				s.compare(&c)
				rows = append(rows, c)
				continue
			}
			for i := 0; i < m; i++ {
				probe := func(t float64) float64 { return eval(t)[i] }
				c := Comparison{Input: x.Label(), Index: j, Output: i,
					Reverse: rev[i*n+j], Forward: col[0].Data()[i], probe: probe}
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
		probe := memo(func(t float64) float64 {
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
		})
		c := Comparison{Input: "all", Index: -1, Output: -1, Reverse: rev, Forward: linalg.Dot(v, ju[0]), probe: probe}
		s.compare(&c)
		rows = append(rows, c)
	}
	return rows, nil
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
