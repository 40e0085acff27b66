package linalg

import (
	"math"
	"slices"
	"sync"
)

// Einsum evaluates the Einstein summation given by subscripts (NumPy's
// grammar, see ParseEinsum) on the operands: each output element is the
// sum, over every index not in the output, of the product of the operands'
// elements the indices pick out:
//
//	Einsum("ik,kj->ij", a, b)   matrix product, a·b
//	Einsum("bik,bkj->bij", a, b) batched matrix product
//	Einsum("ii->", a)           trace
//	Einsum("ii->i", a)          diagonal
//	Einsum("ij->ji", a)         transpose
//	Einsum("i,j->ij", u, v)     outer product
//	Einsum("i,ij,j->", u, a, v) bilinear form uᵀ·a·v
//	Einsum("...ij,...jk", a, b) matrix product broadcast over leading axes
//
// Sizes broadcast as in NumPy: an index of size 1 in one operand stretches
// to its size elsewhere (most useful under "...", whose axes are aligned on
// the right). Three or more operands are contracted two at a time in the
// greedy order of opt_einsum, and each pair whose pattern is a (batched)
// matrix product runs as MatMulTInto; EinsumPath shows the plan.
//
// Bad subscripts are user data: Einsum returns an *EinsumSyntaxError saying
// what is wrong and where. Operands whose shapes contradict valid
// subscripts (their number, a rank, sizes that differ and are not 1) are a
// programmer error: Einsum panics with a *ShapeError naming the subscripts
// and the shapes. NaN and ±Inf propagate as in a naive loop over the
// definition (0·Inf = NaN: products of operands that hold one take the
// exact path of MatMulT; where the plan regroups the sum, which under IEEE
// 754 can turn the naive loop's NaN into ±Inf, the elements it makes ±Inf
// are recomputed by the naive loop, unless that would cost more than 16
// times the plan, as with operands full of Inf; an index of size 0 gives
// zeros).
func Einsum(subscripts string, operands ...*Tensor) (*Tensor, error) {
	s, err := cachedSpec(subscripts)
	if err != nil {
		return nil, err
	}
	return s.Eval(operands...), nil
}

// MustEinsum is Einsum for subscripts written in the program: it panics with
// the *EinsumSyntaxError where Einsum returns it.
func MustEinsum(subscripts string, operands ...*Tensor) *Tensor {
	s, err := cachedSpec(subscripts)
	if err != nil {
		panic(err)
	}
	return s.Eval(operands...)
}

// specs keeps the specs of the last subscripts given to Einsum, so that an
// einsum called in a loop parses and plans once (the spec keeps its plan).
var specs struct {
	sync.Mutex
	m map[string]*EinsumSpec
}

// maxCachedSpecs bounds the cache: subscripts may come from users.
const maxCachedSpecs = 64

// cachedSpec returns the spec of subscripts, parsing them on first use.
func cachedSpec(subscripts string) (*EinsumSpec, error) {
	specs.Lock()
	s, ok := specs.m[subscripts]
	specs.Unlock()
	if ok {
		return s, nil
	}
	s, err := ParseEinsum(subscripts)
	if err != nil {
		return nil, err
	}
	specs.Lock()
	if specs.m == nil || len(specs.m) >= maxCachedSpecs {
		specs.m = map[string]*EinsumSpec{}
	}
	specs.m[subscripts] = s
	specs.Unlock()
	return s, nil
}

// Eval evaluates the spec on the operands; see Einsum. It panics with a
// *ShapeError if their shapes contradict the spec.
func (s *EinsumSpec) Eval(operands ...*Tensor) *Tensor {
	return s.Plan(shapesOf(operands)...).run(nil, operands, false)
}

// EinsumInto is the spec's Eval writing into dst (see Into): the last step
// of the plan (a matrix product, the loop) writes straight into it.
func EinsumInto(dst *Tensor, s *EinsumSpec, operands ...*Tensor) *Tensor {
	return s.Plan(shapesOf(operands)...).run(dst, operands, false)
}

// EinsumChain is Einsum as a product of the chain rule (a tangent or a
// gradient times the other operands), as MatMulTChain is MatMulT: a term
// with an exact zero factor contributes exactly 0, even against ±Inf or
// NaN. With finite operands it equals the spec's Eval. dst is as for
// EinsumInto (nil allocates). Elements the plan makes ±Inf are recomputed
// by the naive loop as in Einsum, but a partial sum of the plan that
// cancels to exactly 0 before it meets an Inf counts as a zero factor
// (EinsumChain("ij,i->") of [[1, −1]] and [Inf] is 0, the naive loop NaN).
func EinsumChain(dst *Tensor, s *EinsumSpec, operands ...*Tensor) *Tensor {
	return s.Plan(shapesOf(operands)...).run(dst, operands, true)
}

// Eval runs the plan on operands of the shapes it was made for; it panics
// with a *ShapeError for other shapes.
func (p *EinsumPlan) Eval(operands ...*Tensor) *Tensor {
	if p == nil {
		panic(shapeErrorf("Einsum", "nil plan"))
	}
	if !sameShapes(p.Shapes, shapesOf(operands)) {
		panic(shapeErrorf("Einsum", "plan for %q made for shapes %v, given %v", p.Subscripts, p.Shapes, shapesOf(operands)))
	}
	return p.run(nil, operands, false)
}

func shapesOf(ts []*Tensor) [][]int {
	shapes := make([][]int, len(ts))
	for k, t := range ts {
		if t == nil {
			panic(shapeErrorf("Einsum", "operand %d is nil", k))
		}
		shapes[k] = t.shape
	}
	return shapes
}

// run executes the plan's steps on the operands, the last into dst (nil:
// a new tensor).
func (p *EinsumPlan) run(dst *Tensor, operands []*Tensor, strong bool) *Tensor {
	if slices.Contains(p.bound.size, 0) {
		// Every sum is empty (or the result is): zeros, whatever NaN or
		// Inf the other operands hold, as in the naive loop.
		d := Into("Einsum", dst, p.Shape)
		clear(d.data)
		return d
	}
	host := make([]*Tensor, len(operands))
	for k, t := range operands {
		host[k] = t.hostView()
	}
	out := p.runSteps(dst, host, strong)
	if p.regroups && !operandsFinite(host) {
		p.naiveInf(out, host, strong)
	}
	return out
}

// runSteps runs the plan's steps on the operands' host views; see run.
func (p *EinsumPlan) runSteps(dst *Tensor, operands []*Tensor, strong bool) *Tensor {
	cur := slices.Clone(operands)
	for i, st := range p.exec {
		in := make([]*Tensor, len(st.ops))
		for a, k := range st.ops {
			in[a] = cur[k]
		}
		for a := len(st.ops) - 1; a >= 0; a-- {
			cur = slices.Delete(cur, st.ops[a], st.ops[a]+1)
		}
		var into *Tensor
		if i == len(p.exec)-1 && (st.kind == kLoop || st.kind == kMatMul) {
			into = Into("Einsum", dst, p.Shape)
		}
		cur = append(cur, p.step(st, in, strong, into))
	}
	out := cur[0]
	if dst != nil && out != dst {
		// A view or a transpose: copy into dst.
		d := Into("Einsum", dst, p.Shape)
		copy(d.data, out.data)
		return d
	}
	for _, t := range operands {
		if Overlap(out, t) {
			return out.Clone() // a view of an operand: the result is the caller's own
		}
	}
	return out
}

// naiveInfBudget bounds the work of naiveInf, as a multiple of the plan's.
const naiveInfBudget = 16

// operandsFinite reports whether no operand holds a NaN or ±Inf.
func operandsFinite(operands []*Tensor) bool {
	for _, t := range operands {
		if !allFinite(t.data) {
			return false
		}
	}
	return true
}

// naiveInf recomputes, in one loop nest over every index as the definition
// reads, each element of out that the plan made ±Inf. A plan regroups the
// sum (an index summed within one operand first, a chain two at a time,
// factors pulled out of sums), and under IEEE 754 that moves NaN: Inf·2 +
// Inf·(−1) is NaN, Inf·(2 − 1) is not; a 0 summed with −3 before it meets
// an Inf no longer makes 0·Inf = NaN. An element the plan makes finite is
// finite in the naive loop too, and one it makes NaN is NaN there (an Inf
// it sums with −Inf, or multiplies by a sum that is 0, comes in terms of
// both signs or times 0 there; empty sums were handled before), so only
// the ±Inf elements can differ, and only they are recomputed — unless
// that would cost more than naiveInfBudget times the plan (operands full
// of Inf, a long chain): the plan's ±Inf then stand, so that a diverged
// computation stays as fast as a finite one.
//
// With strong set (EinsumChain) the naive loop has the strong zero too.
// There a plan's finite element may differ as well — a partial sum that
// cancels to exactly 0 before it meets an Inf counts as a zero factor —
// and stays as the plan made it.
func (p *EinsumPlan) naiveInf(out *Tensor, operands []*Tensor, strong bool) {
	b := p.bound
	labels := append([]int{}, b.out...) // the output's labels, then the summed ones
	for _, ls := range b.in {
		for _, l := range ls {
			if !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
	}
	pos := make([]int, len(b.size))
	dims := make([]int, len(labels))
	for a, l := range labels {
		pos[l], dims[a] = a, b.size[l]
	}
	nOut := len(b.out)
	per := float64(len(operands)) // the naive loop's cost of one element
	for _, d := range dims[nOut:] {
		per *= float64(d)
	}
	nInf := 0
	for _, v := range out.data {
		if math.IsInf(v, 0) {
			nInf++
		}
	}
	if float64(nInf)*per > naiveInfBudget*float64(p.Flops+len(out.data))+1<<16 {
		return
	}
	terms := make([]loopTerm, len(operands))
	for k, t := range operands {
		ls := make([]int, len(b.in[k]))
		for a, l := range b.in[k] {
			ls[a] = l
			if b.shapes[k][a] == 1 && b.size[l] != 1 {
				ls[a] = -1 // broadcast
			}
		}
		terms[k] = newLoopTerm(t.data, b.shapes[k], ls, pos, len(labels))
	}
	sub := make([]loopTerm, len(terms))
	idx := make([]int, nOut)
	var one [1]float64
	for o, v := range out.data {
		if math.IsInf(v, 0) {
			for k, t := range terms {
				off := 0
				for a, i := range idx {
					off += i * t.stride[a]
				}
				sub[k] = loopTerm{data: t.data[off:], stride: t.stride[nOut:]}
			}
			einsumLoop(one[:], dims[nOut:], 0, sub, strong)
			out.data[o] = one[0]
		}
		for a := nOut - 1; a >= 0; a-- { // the next output element, row-major
			if idx[a]++; idx[a] < dims[a] {
				break
			}
			idx[a] = 0
		}
	}
}

// squeezed returns t without its broadcast axes (labels −1), a view.
func squeezed(t *Tensor, labels []int) *Tensor {
	if !slices.Contains(labels, -1) {
		return t
	}
	var shape []int
	for a, l := range labels {
		if l >= 0 {
			shape = append(shape, t.shape[a])
		}
	}
	return &Tensor{shape: shape, data: t.data}
}

// step runs one step, a loop or a product into out if it is not nil.
func (p *EinsumPlan) step(st planStep, in []*Tensor, strong bool, out *Tensor) *Tensor {
	switch st.kind {
	case kView:
		return squeezed(in[0], st.in[0])
	case kTranspose:
		return Transpose(squeezed(in[0], st.in[0]), st.perm...)
	case kLoop:
		return p.loop(st, in, strong, out)
	}
	return p.matmul(st, in, strong, out)
}

// loop runs a step on the generic loop nest.
func (p *EinsumPlan) loop(st planStep, in []*Tensor, strong bool, out *Tensor) *Tensor {
	size := p.bound.size
	// The loop's labels: the output's, then the summed ones.
	labels := append([]int{}, st.out...)
	for _, ls := range st.in {
		for _, l := range ls {
			if l >= 0 && !slices.Contains(labels, l) {
				labels = append(labels, l)
			}
		}
	}
	pos := make([]int, len(size))
	dims := make([]int, len(labels))
	for a, l := range labels {
		pos[l], dims[a] = a, size[l]
	}
	terms := make([]loopTerm, len(in))
	for k, t := range in {
		terms[k] = newLoopTerm(t.data, t.shape, st.in[k], pos, len(labels))
	}
	if out == nil {
		out = New(p.shapeOf(st.out), nil)
	}
	einsumLoop(out.data, dims, len(st.out), terms, strong)
	return out
}

// matmul runs a step as a (batched) matrix product.
func (p *EinsumPlan) matmul(st planStep, in []*Tensor, strong bool, out *Tensor) *Tensor {
	l, r := squeezed(in[st.left], st.in[st.left]), squeezed(in[1-st.left], st.in[1-st.left])
	if st.permL != nil {
		l = Transpose(l, st.permL...)
	}
	if st.permR != nil {
		r = Transpose(r, st.permR...)
	}
	if out == nil {
		out = New(p.shapeOf(st.out), nil)
	}
	m, n, k := st.m, st.n, st.k
	lShape, rShape := []int{m, k}, []int{k, n}
	if st.tL {
		lShape = []int{k, m}
	}
	if st.tR {
		rShape = []int{n, k}
	}
	if st.bt == 1 {
		lv := &Tensor{shape: lShape, data: l.data}
		rv := &Tensor{shape: rShape, data: r.data}
		dst := &Tensor{shape: []int{m, n}, data: out.data}
		if strong {
			MatMulTChain(dst, lv, rv, st.tL, st.tR)
		} else {
			MatMulTInto(dst, lv, rv, st.tL, st.tR)
		}
		return out
	}
	lv, rv, dst := &Tensor{shape: lShape}, &Tensor{shape: rShape}, &Tensor{shape: []int{m, n}}
	for b := 0; b < st.bt; b++ {
		lv.data = l.data[b*m*k : (b+1)*m*k]
		rv.data = r.data[b*k*n : (b+1)*k*n]
		dst.data = out.data[b*m*n : (b+1)*m*n]
		if strong {
			MatMulTChain(dst, lv, rv, st.tL, st.tR)
		} else {
			MatMulTInto(dst, lv, rv, st.tL, st.tR)
		}
	}
	return out
}

// Einsumer is the capability of evaluating einsums on the backend's
// device. Einsum does what the spec's Eval does (see the function
// Einsum), to rounding.
type Einsumer interface {
	Einsum(spec *EinsumSpec, operands ...*Tensor) *Tensor
}

// EinsumerOf returns b's Einsumer, or the CPU if b has none.
func EinsumerOf(b Backend) Einsumer {
	if e, ok := b.(Einsumer); ok {
		return e
	}
	return CPU{}
}

// Einsum evaluates spec on the operands; see the function Einsum.
func (CPU) Einsum(spec *EinsumSpec, operands ...*Tensor) *Tensor { return spec.Eval(operands...) }
