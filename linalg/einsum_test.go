package linalg_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// numpyCase is one case of testdata/einsum_numpy.json (written by
// testdata/einsum_numpy.py with NumPy's einsum).
type numpyCase struct {
	Subscripts string
	Operands   []struct {
		Shape []int
		Data  []float64
	}
	Want struct {
		Shape []int
		Data  []float64
	}
	Scale []float64
}

func loadNumPyCases(t testing.TB) []numpyCase {
	raw, err := os.ReadFile("testdata/einsum_numpy.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		NumPy string
		Cases []numpyCase
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 50 {
		t.Fatalf("only %d cases in testdata/einsum_numpy.json", len(file.Cases))
	}
	return file.Cases
}

// TestEinsumNumPy: every case of the NumPy table agrees with NumPy's
// einsum to rounding (relative to the einsum of the absolute values, the
// size of the terms summed), and the table exercises every kernel.
func TestEinsumNumPy(t *testing.T) {
	kernels := map[string]int{}
	for _, c := range loadNumPyCases(t) {
		ops := make([]*linalg.Tensor, len(c.Operands))
		shapes := make([][]int, len(c.Operands))
		for k, o := range c.Operands {
			ops[k] = linalg.New(o.Shape, slices.Clone(o.Data))
			shapes[k] = o.Shape
		}
		got, err := linalg.Einsum(c.Subscripts, ops...)
		if err != nil {
			t.Errorf("%q: %v", c.Subscripts, err)
			continue
		}
		if !linalg.SameShape(got.Shape(), c.Want.Shape) {
			t.Errorf("%q %v: shape %v, NumPy %v", c.Subscripts, shapes, got.Shape(), c.Want.Shape)
			continue
		}
		for i, w := range c.Want.Data {
			if d := math.Abs(got.Values()[i] - w); !(d <= 1e-14*c.Scale[i]+1e-300) {
				t.Errorf("%q %v: element %d = %v, NumPy %v", c.Subscripts, shapes, i, got.Values()[i], w)
				break
			}
		}
		// The operands are untouched.
		for k, o := range c.Operands {
			if !slices.Equal(ops[k].Values(), o.Data) {
				t.Errorf("%q: operand %d changed", c.Subscripts, k)
			}
		}
		p, err := linalg.EinsumPath(c.Subscripts, shapes...)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range p.Steps {
			kernels[strings.Fields(st.Kernel)[0]]++
		}
	}
	for _, k := range []string{"matmul", "batched", "loop", "transpose", "view"} {
		if kernels[k] == 0 {
			t.Errorf("no case of the table runs the kernel %q (%v)", k, kernels)
		}
	}
}

// naiveEinsum evaluates an explicit einsum without ellipsis straight from
// the definition: one loop over every assignment of the letters. It shares
// no code with linalg's parser or kernels.
func naiveEinsum(inputs []string, output string, ops []*linalg.Tensor) *linalg.Tensor {
	size := map[byte]int{}
	var letters []byte
	for k, in := range inputs {
		for a := 0; a < len(in); a++ {
			d := ops[k].Shape()[a]
			if old, ok := size[in[a]]; !ok || old == 1 {
				if !ok {
					letters = append(letters, in[a])
				}
				size[in[a]] = d
			}
		}
	}
	outShape := make([]int, len(output))
	for a := range output {
		outShape[a] = size[output[a]]
	}
	out := linalg.Zeros(outShape...)
	val := map[byte]int{}
	var rec func(i int)
	rec = func(i int) {
		if i == len(letters) {
			p := 1.0
			for k, in := range inputs {
				idx := make([]int, len(in))
				for a := 0; a < len(in); a++ {
					if ops[k].Shape()[a] != 1 {
						idx[a] = val[in[a]]
					}
				}
				p *= ops[k].At(idx...)
			}
			oi := make([]int, len(output))
			for a := range output {
				oi[a] = val[output[a]]
			}
			out.Set(out.At(oi...)+p, oi...)
			return
		}
		for v := 0; v < size[letters[i]]; v++ {
			val[letters[i]] = v
			rec(i + 1)
		}
	}
	rec(0)
	return out
}

// randomEinsum draws an explicit einsum of 1 to 5 operands over the
// letters a–f (repeats within an operand allowed), sizes up to 3 (a size-1
// axis now and then, broadcast), and its operands; big asks for sizes 6
// to 12 over a–d, which reach the matrix-product kernels.
func randomEinsum(rng *rand.Rand, big bool) (inputs []string, output string, ops []*linalg.Tensor) {
	letters := "abcdef"
	if big {
		letters = "abcd"
	}
	size := map[byte]int{}
	for i := range letters {
		size[letters[i]] = 1 + rng.IntN(3)
		if big {
			size[letters[i]] = 6 + rng.IntN(7)
		}
	}
	n := 1 + rng.IntN(5)
	used := map[byte]bool{}
	for range n {
		r := rng.IntN(4)
		var b strings.Builder
		var shape []int
		for range r {
			l := letters[rng.IntN(len(letters))]
			if strings.IndexByte(b.String(), l) >= 0 && rng.IntN(2) == 0 {
				continue // fewer repeats
			}
			b.WriteByte(l)
			used[l] = true
			d := size[l]
			if rng.IntN(8) == 0 && strings.IndexByte(b.String()[:b.Len()-1], l) < 0 {
				d = 1 // broadcast
			}
			if j := strings.IndexByte(b.String()[:b.Len()-1], l); j >= 0 {
				d = shape[j] // a repeat has the first axis's size
			}
			shape = append(shape, d)
		}
		inputs = append(inputs, b.String())
		t := linalg.Zeros(shape...)
		for i := range t.Data() {
			t.Data()[i] = rng.NormFloat64()
		}
		ops = append(ops, t)
	}
	for i := range letters {
		if used[letters[i]] && rng.IntN(2) == 0 {
			output += string(letters[i])
		}
	}
	o := []byte(output)
	rng.Shuffle(len(o), func(i, j int) { o[i], o[j] = o[j], o[i] })
	return inputs, string(o), ops
}

// TestEinsumAgainstNaiveLoop: random einsums (1 to 5 operands, diagonals,
// sums, broadcasting, sizes that reach the matrix-product kernels) agree
// with the naive loop over the definition.
func TestEinsumAgainstNaiveLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	kernels := map[string]int{}
	for trial := range 400 {
		inputs, output, ops := randomEinsum(rng, trial%3 == 0)
		subs := strings.Join(inputs, ",") + "->" + output
		want := naiveEinsum(inputs, output, ops)
		for _, st := range mustPath(subs, ops).Steps {
			kernels[strings.Fields(st.Kernel)[0]]++
		}
		got, err := linalg.Einsum(subs, ops...)
		if err != nil {
			t.Fatalf("%q: %v", subs, err)
		}
		abs := make([]*linalg.Tensor, len(ops))
		for k, o := range ops {
			abs[k] = linalg.Map(o, math.Abs)
		}
		scale := naiveEinsum(inputs, output, abs)
		if !linalg.SameShape(got.Shape(), want.Shape()) {
			t.Fatalf("%q: shape %v, want %v", subs, got.Shape(), want.Shape())
		}
		for i, w := range want.Values() {
			if d := math.Abs(got.Values()[i] - w); !(d <= 1e-13*scale.Values()[i]+1e-300) {
				t.Fatalf("%q %v: element %d = %v, naive loop %v\n%v", subs, shapesOf(ops), i, got.Values()[i], w, mustPath(subs, ops))
			}
		}
	}
	if kernels["matmul"]+kernels["batched"] < 20 {
		t.Errorf("too few matrix products among the random cases: %v", kernels)
	}
}

func shapesOf(ops []*linalg.Tensor) [][]int {
	s := make([][]int, len(ops))
	for k, o := range ops {
		s[k] = o.Shape()
	}
	return s
}

func mustPath(subs string, ops []*linalg.Tensor) *linalg.EinsumPlan {
	p, err := linalg.EinsumPath(subs, shapesOf(ops)...)
	if err != nil {
		panic(err)
	}
	return p
}

// TestEinsumSyntaxErrors: bad subscripts return an *EinsumSyntaxError that
// says what is wrong and where.
func TestEinsumSyntaxErrors(t *testing.T) {
	for _, tt := range []struct {
		subs string
		pos  int
		what string
	}{
		{"ik,kj->ix", 8, "output index x is not in the inputs"},
		{"ij,jk->ii", 8, "output index i repeated (first at position 7)"},
		{"i1,jk", 1, `invalid character '1'`},
		{"ij,jé", 4, `invalid character 'é'`},
		{"ij..,j", 2, "'.' not part of an ellipsis"},
		{"...i...", 4, "a second ellipsis in operand 0"},
		{"i->...i...", 7, "a second ellipsis in the output"},
		{"ij-jk", 2, "'-' not followed by '>'"},
		{"ij>jk", 2, "'>' not preceded by '-'"},
		{"i->i->i", 4, "a second '->'"},
		{"i,j->i,j", 6, "',' in the output"},
		{"ij-", 2, "'-' not followed by '>'"},
	} {
		_, err := linalg.Einsum(tt.subs, linalg.Zeros(2, 2))
		var se *linalg.EinsumSyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want an *EinsumSyntaxError", tt.subs, err)
			continue
		}
		if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.what) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.subs)) {
			t.Errorf("%q: %v (position %d), want %q at position %d", tt.subs, err, se.Pos, tt.what, tt.pos)
		}
		if _, err := linalg.ParseEinsum(tt.subs); err == nil {
			t.Errorf("%q: ParseEinsum accepted it", tt.subs)
		}
		if msg := recoverMessage(func() { linalg.MustEinsum(tt.subs, linalg.Zeros(2, 2)) }); !strings.Contains(msg, tt.what) {
			t.Errorf("%q: MustEinsum panicked with %q", tt.subs, msg)
		}
	}
}

func recoverMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestEinsumShapeErrors: shapes that contradict valid subscripts panic
// with a *ShapeError naming the op, the subscripts and the shapes.
func TestEinsumShapeErrors(t *testing.T) {
	for _, tt := range []struct {
		subs   string
		shapes [][]int
		what   string
	}{
		{"ij,jk->ik", [][]int{{2, 3}, {4, 5}}, "index j has size 4 in operand 1 (axis 0) and 3 elsewhere"},
		{"ij,jk->ik", [][]int{{2, 3}}, "the subscripts name 2 operands, 1 given"},
		{"ij", [][]int{{2, 3, 4}}, "operand 0 has 3 axes for 2 indices"},
		{"ij...", [][]int{{2}}, "operand 0 has 1 axes for 2 indices and an ellipsis"},
		{"ii->i", [][]int{{2, 3}}, "index i repeats in operand 0 over axes 0 and 1 of sizes 2 and 3"},
		{"...i->i", [][]int{{2, 3}}, "the output has no '...'"},
		{"...i,...i", [][]int{{2, 3}, {4, 3}}, "index of ellipsis axis 0 has size 4"},
	} {
		ops := make([]*linalg.Tensor, len(tt.shapes))
		for k, s := range tt.shapes {
			ops[k] = linalg.Zeros(s...)
		}
		func() {
			defer func() {
				e, ok := recover().(*linalg.ShapeError)
				if !ok || e.Op != "Einsum" || !strings.Contains(e.Msg, tt.what) || !strings.Contains(e.Msg, fmt.Sprint(tt.shapes)) {
					t.Errorf("%q %v: panic %v, want a *ShapeError of Einsum saying %q", tt.subs, tt.shapes, e, tt.what)
				}
			}()
			linalg.Einsum(tt.subs, ops...)
		}()
	}
}

// TestEinsumIEEE: NaN and ±Inf propagate as in the naive loop, through the
// matrix-product kernel (which routes them to MatMulT's exact path) and
// the loop alike; EinsumChain has the strong zero instead.
func TestEinsumIEEE(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, tt := range []struct {
		in     []string
		out    string
		shapes [][]int
	}{
		{[]string{"ik", "kj"}, "ij", [][]int{{12, 16}, {16, 10}}},
		{[]string{"bik", "bkj"}, "bij", [][]int{{2, 12, 16}, {2, 16, 10}}},
		{[]string{"ij", "jk", "kl"}, "il", [][]int{{3, 4}, {4, 5}, {5, 2}}},
		{[]string{"ii", "ij"}, "j", [][]int{{3, 3}, {3, 4}}},
	} {
		ops := make([]*linalg.Tensor, len(tt.shapes))
		for k, s := range tt.shapes {
			ops[k] = linalg.Zeros(s...)
			for i := range ops[k].Data() {
				ops[k].Data()[i] = float64(rng.IntN(3)) // zeros among them
			}
		}
		ops[0].Data()[0] = math.Inf(1)
		ops[1].Data()[1] = math.NaN()
		subs := strings.Join(tt.in, ",") + "->" + tt.out
		got := linalg.MustEinsum(subs, ops...)
		want := naiveEinsum(tt.in, tt.out, ops)
		for i, w := range want.Values() {
			g := got.Values()[i]
			if math.IsNaN(w) != math.IsNaN(g) || (!math.IsNaN(w) && math.IsInf(w, 0) && g != w) {
				t.Errorf("%q: element %d = %v, naive loop %v", subs, i, g, w)
			}
		}
	}
	// The strong zero: 0 times Inf is 0 in a chain-rule product.
	s := linalg.MustParseEinsum("ik,kj->ij")
	a := linalg.New([]int{1, 2}, []float64{0, 1})
	b := linalg.New([]int{2, 1}, []float64{math.Inf(1), 2})
	if got := linalg.EinsumChain(nil, s, a, b).Item(); got != 2 {
		t.Errorf("EinsumChain(0·Inf + 1·2) = %v, want 2", got)
	}
	if got := s.Eval(a, b).Item(); !math.IsNaN(got) {
		t.Errorf("Einsum(0·Inf + 1·2) = %v, want NaN", got)
	}
}

// TestEinsumPath: the plan of a plain matrix product is one call of the
// matrix product with no copy; of a batched one, the batched kernel; a
// chain is contracted in the greedy order NumPy's einsum_path(…,
// optimize="greedy") chooses; a transposed result is obtained by swapping
// the factors, not by copying.
func TestEinsumPath(t *testing.T) {
	for _, tt := range []struct {
		subs    string
		shapes  [][]int
		ops     [][]int
		kernels []string
	}{
		{"ik,kj->ij", [][]int{{64, 64}, {64, 64}}, [][]int{{0, 1}}, []string{"matmul"}},
		{"ki,kj->ij", [][]int{{64, 64}, {64, 64}}, [][]int{{0, 1}}, []string{"matmul"}},
		{"ik,kj->ji", [][]int{{64, 64}, {64, 64}}, [][]int{{0, 1}}, []string{"matmul"}},
		{"bik,bkj->bij", [][]int{{4, 16, 16}, {4, 16, 16}}, [][]int{{0, 1}}, []string{"batched matmul"}},
		{"ibk,bkj->bij", [][]int{{16, 4, 16}, {4, 16, 16}}, [][]int{{0, 1}}, []string{"batched matmul + transpose A"}},
		// NumPy 1.24: einsum_path('ij,jk,kl->il', (2,3),(3,4),(4,5), optimize='greedy')
		// contracts kl,jk first, then ij with the result.
		{"ij,jk,kl->il", [][]int{{2, 3}, {3, 4}, {4, 5}}, [][]int{{1, 2}, {0, 1}}, []string{"loop", "loop"}},
		{"ij,jk,kl->il", [][]int{{100, 2}, {2, 100}, {100, 100}}, [][]int{{1, 2}, {0, 1}}, []string{"matmul", "matmul"}},
		{"ii->", [][]int{{5, 5}}, [][]int{{0}}, []string{"loop"}},
		{"ij->ji", [][]int{{5, 4}}, [][]int{{0}}, []string{"transpose"}},
	} {
		p, err := linalg.EinsumPath(tt.subs, tt.shapes...)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Steps) != len(tt.ops) {
			t.Errorf("%q: %d steps, want %d:\n%v", tt.subs, len(p.Steps), len(tt.ops), p)
			continue
		}
		for i, st := range p.Steps {
			if !slices.Equal(st.Operands, tt.ops[i]) || st.Kernel != tt.kernels[i] {
				t.Errorf("%q step %d: operands %v kernel %q, want %v %q:\n%v", tt.subs, i, st.Operands, st.Kernel, tt.ops[i], tt.kernels[i], p)
			}
		}
	}
	// The cheaper order: (100×2)·((2×100)·(100×100)) costs 2·100·100 +
	// 100·2·100 flops, the other order 100·2·100 + 100·100·100.
	p, _ := linalg.EinsumPath("ij,jk,kl->il", []int{100, 2}, []int{2, 100}, []int{100, 100})
	if p.Flops != 40000 || p.NaiveFlops != 2*100*2*100*100 {
		t.Errorf("flops %d (naive %d), want 40000 (%d)", p.Flops, p.NaiveFlops, 2*100*2*100*100)
	}
}

// TestEinsumOwnResult: a result that is an operand's values (an identity
// einsum, a reshape dropping size-1 axes) is a copy, not a view.
func TestEinsumOwnResult(t *testing.T) {
	a := linalg.New([]int{2, 2}, []float64{1, 2, 3, 4})
	for _, subs := range []string{"ij->ij", "ij", "..."} {
		r := linalg.MustEinsum(subs, a)
		r.Data()[0] = 100
		if a.At(0, 0) != 1 {
			t.Errorf("%q: the result shares the operand's data", subs)
		}
	}
}

// TestEinsumSpecReuse: a spec serves operands of different shapes, and
// NewEinsumSpec (integer labels) agrees with the string form.
func TestEinsumSpecReuse(t *testing.T) {
	s := linalg.MustParseEinsum("...ij,...jk->...ik")
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sh := range [][2][]int{{{2, 3}, {3, 4}}, {{5, 2, 3}, {3, 1}}, {{2, 3}, {3, 4}}} {
		a, b := rnd(rng, sh[0]...), rnd(rng, sh[1]...)
		got, want := s.Eval(a, b), linalg.MustEinsum("...ij,...jk->...ik", a, b)
		if !slices.Equal(got.Values(), want.Values()) {
			t.Errorf("%v: the reused spec gave %v, a fresh one %v", sh, got, want)
		}
	}
	n, err := linalg.NewEinsumSpec([][]int{{0, 100}, {100, 7}}, []int{7, 0})
	if err != nil {
		t.Fatal(err)
	}
	a, b := rnd(rng, 2, 3), rnd(rng, 3, 4)
	if got, want := n.Eval(a, b), linalg.MustEinsum("ij,jk->ki", a, b); !slices.Equal(got.Values(), want.Values()) {
		t.Errorf("NewEinsumSpec %v gave %v, want %v", n, got, want)
	}
	for _, bad := range []struct {
		in  [][]int
		out []int
	}{{[][]int{{-1}}, nil}, {[][]int{{0}}, []int{0, 0}}, {[][]int{{0}}, []int{1}}, {nil, nil}} {
		if _, err := linalg.NewEinsumSpec(bad.in, bad.out); err == nil {
			t.Errorf("NewEinsumSpec(%v, %v) accepted", bad.in, bad.out)
		}
	}
}

func rnd(rng *rand.Rand, shape ...int) *linalg.Tensor {
	t := linalg.Zeros(shape...)
	for i := range t.Data() {
		t.Data()[i] = rng.NormFloat64()
	}
	return t
}

// TestEinsumAdjoint: the adjoint einsum of operand k is the transpose of
// the linear map A_k ↦ einsum(…, A_k, …): ⟨ȳ, f(A_k)⟩ = ⟨Adjoint(ȳ), A_k⟩
// for random einsums with diagonals, sums, broadcast axes and ellipses,
// and it has operand k's shape.
func TestEinsumAdjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	check := func(subs string, ops []*linalg.Tensor) {
		t.Helper()
		s := linalg.MustParseEinsum(subs)
		y := s.Eval(ops...)
		ybar := rnd(rng, y.Shape()...)
		lhs := linalg.Dot(ybar, y)
		for k := range ops {
			adj, consts := s.Adjoint(k, shapesOf(ops)...)
			args := []*linalg.Tensor{ybar}
			for j, o := range ops {
				if j != k {
					args = append(args, o)
				}
			}
			g := adj.Eval(append(args, consts...)...)
			if !linalg.SameShape(g.Shape(), ops[k].Shape()) {
				t.Fatalf("%q: adjoint %v of operand %d has shape %v, want %v", subs, adj, k, g.Shape(), ops[k].Shape())
			}
			if rhs := linalg.Dot(g, ops[k]); math.Abs(lhs-rhs) > 1e-11*(1+math.Abs(lhs)) {
				t.Fatalf("%q %v: operand %d: ⟨ȳ, y⟩ = %v but ⟨adjoint %v, A⟩ = %v", subs, shapesOf(ops), k, lhs, adj, rhs)
			}
		}
	}
	for range 300 {
		inputs, output, ops := randomEinsum(rng, false)
		check(strings.Join(inputs, ",")+"->"+output, ops)
	}
	for _, c := range []struct {
		subs   string
		shapes [][]int
	}{
		{"...ij,...jk->...ik", [][]int{{2, 1, 3, 4}, {5, 4, 2}}},
		{"...i,...i", [][]int{{4, 1, 3}, {5, 3}}},
		{"i,i", [][]int{{3}, {1}}},
		{"ij,j->i", [][]int{{3, 4}, {1}}},
		{"ii->", [][]int{{1, 1}}},
		{"ii,j->j", [][]int{{1, 1}, {3}}},
		{"iij,kjj->ik", [][]int{{3, 3, 4}, {2, 4, 4}}},
	} {
		ops := make([]*linalg.Tensor, len(c.shapes))
		for k, sh := range c.shapes {
			ops[k] = rnd(rng, sh...)
		}
		check(c.subs, ops)
	}
}

// TestEinsumInto: EinsumInto and EinsumChain with a destination compute
// what Eval computes, bit for bit, into the destination, whatever the
// plan's last step (a product, the loop, a transpose, a view).
func TestEinsumInto(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, c := range loadNumPyCases(t) {
		ops := make([]*linalg.Tensor, len(c.Operands))
		for k, o := range c.Operands {
			ops[k] = linalg.New(o.Shape, slices.Clone(o.Data))
		}
		s := linalg.MustParseEinsum(c.Subscripts)
		want := s.Eval(ops...)
		dst := rnd(rng, want.Shape()...)
		if got := linalg.EinsumInto(dst, s, ops...); got != dst || !slices.Equal(dst.Values(), want.Values()) {
			t.Errorf("%q: EinsumInto wrote %v, Eval gave %v", c.Subscripts, dst.Values(), want.Values())
		}
		dst = rnd(rng, want.Shape()...)
		if got := linalg.EinsumChain(dst, s, ops...); got != dst || !slices.Equal(dst.Values(), want.Values()) {
			t.Errorf("%q: EinsumChain into dst wrote %v, Eval gave %v", c.Subscripts, dst.Values(), want.Values())
		}
	}
	defer func() {
		if _, ok := recover().(*linalg.ShapeError); !ok {
			t.Error("a destination of the wrong shape did not panic with a *ShapeError")
		}
	}()
	linalg.EinsumInto(linalg.Zeros(3), linalg.MustParseEinsum("ij->"), linalg.Zeros(2, 2))
}

// TestEinsumGOMAXPROCS: results do not depend on GOMAXPROCS (the matrix
// products split their work in fixed blocks; the loop is sequential).
func TestEinsumGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	a, b, c := rnd(rng, 4, 100, 80), rnd(rng, 4, 80, 120), rnd(rng, 120, 30)
	run := func(p int) *linalg.Tensor {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
		return linalg.MustEinsum("bik,bkj,jl->bil", a, b, c)
	}
	if one, many := run(1), run(8); !slices.Equal(one.Values(), many.Values()) {
		t.Error("the einsum differs between GOMAXPROCS=1 and 8")
	}
}

// TestEinsumLayouts: batched products with the groups' axes in every
// order — in each operand and in the output — agree with the naive loop,
// whatever the plan chose (the roles of the factors, in-place transposes,
// copies, a final transpose).
func TestEinsumLayouts(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	perm := func(s string) string {
		b := []byte(s)
		rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
		return string(b)
	}
	kernels := map[string]bool{}
	for range 60 {
		size := map[byte]int{'b': 1 + rng.IntN(3), 'c': 1 + rng.IntN(2), 'i': 8 + rng.IntN(3), 'j': 8 + rng.IntN(3), 'k': 8 + rng.IntN(3)}
		in := []string{perm("bcik"), perm("bckj")}
		out := perm("bcij")
		ops := make([]*linalg.Tensor, 2)
		for n, s := range in {
			shape := make([]int, len(s))
			for a := range s {
				shape[a] = size[s[a]]
			}
			ops[n] = rnd(rng, shape...)
		}
		subs := in[0] + "," + in[1] + "->" + out
		got, want := linalg.MustEinsum(subs, ops...), naiveEinsum(in, out, ops)
		for i, w := range want.Values() {
			if math.Abs(got.Values()[i]-w) > 1e-12*(1+math.Abs(w)) {
				t.Fatalf("%q: element %d = %v, naive loop %v\n%v", subs, i, got.Values()[i], w, mustPath(subs, ops))
			}
		}
		for _, st := range mustPath(subs, ops).Steps {
			kernels[st.Kernel] = true
		}
	}
	if !kernels["transpose"] || len(kernels) < 5 {
		t.Errorf("the layouts reached only the kernels %v", kernels)
	}
}

// TestEinsumConcurrent: one spec evaluated from several goroutines, on
// operands of different shapes (so its cached plan changes under them),
// gives each the result it gives alone (run with -race).
func TestEinsumConcurrent(t *testing.T) {
	s := linalg.MustParseEinsum("...ij,...jk->...ik")
	rng := rand.New(rand.NewPCG(11, 11))
	type job struct{ a, b, want *linalg.Tensor }
	var jobs []job
	for n := range 8 {
		a, b := rnd(rng, n%3+1, 4, 5+n), rnd(rng, 5+n, 3)
		jobs = append(jobs, job{a, b, s.Eval(a, b)})
	}
	done := make(chan string)
	for _, j := range jobs {
		go func() {
			msg := ""
			for range 20 {
				if got := s.Eval(j.a, j.b); !slices.Equal(got.Values(), j.want.Values()) {
					msg = fmt.Sprintf("shapes %v %v: a concurrent Eval differs", j.a.Shape(), j.b.Shape())
				}
			}
			done <- msg
		}()
	}
	for range jobs {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}
