package linalg

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// EinsumPlan is how an einsum is computed for operands of given shapes, as
// numpy.einsum_path shows it: first each operand alone (a diagonal, a sum
// over an index no other operand has), then the operands two at a time in
// a greedy order, each pair by the kernel that suits it, then a final
// transpose if the result's axes are not yet in the output's order. Make
// one with EinsumPath or EinsumSpec.Plan; Eval runs it. A spec keeps its
// last plan and hands the same one out again, so treat a plan as read-only.
type EinsumPlan struct {
	// Subscripts are the spec's subscripts.
	Subscripts string
	// Shapes are the operands' shapes, and Shape the result's.
	Shapes [][]int
	Shape  []int
	// Steps in order. Each removes its operands from the current list of
	// operands and appends its result at the end (NumPy's convention).
	Steps []EinsumStep
	// Flops counts the multiply-adds of the steps; NaiveFlops those of a
	// single loop nest over every index (Π sizes × (operands − 1), at
	// least Π sizes), the cost the plan is compared against.
	Flops, NaiveFlops int

	spec  *EinsumSpec
	bound *einsumBound
	exec  []planStep
	// regroups: more than one step computes (a loop or a product), so the
	// plan sums in another grouping than the naive loop (see naiveInf).
	regroups bool
}

// EinsumStep is one step of an EinsumPlan.
type EinsumStep struct {
	// Operands are positions in the current list of operands.
	Operands []int
	// Subscripts are the step's own einsum, e.g. "ik,kj->ij" (letters of
	// the spec; the axes under "..." get unused letters).
	Subscripts string
	// Kernel is what computes it:
	//
	//	"matmul"          one matrix product (MatMulTInto), transposes as flags
	//	"batched matmul"  one matrix product per batch index
	//	"loop"            the generic loop nest (diagonals, sums, small or
	//	                  elementwise products)
	//	"transpose"       a copy with the axes permuted
	//	"view"            a reshape, no copy (dropping size-1 axes)
	//
	// A matrix product whose operands' axes are not already grouped as
	// (batch, rows, inner) or (batch, inner, rows) says "+ transpose A"
	// or "+ transpose B": that operand is copied into that order first.
	Kernel string
	// Flops counts the step's multiply-adds (the product of the sizes of
	// every index it touches).
	Flops int
	// Shape is the shape of the step's result.
	Shape []int
}

type kernelKind int

const (
	kView kernelKind = iota
	kTranspose
	kLoop
	kMatMul
)

// planStep is a step with what it takes to run it.
type planStep struct {
	ops    []int   // positions in the current list
	in     [][]int // labels of the inputs' axes (−1: broadcast axis of size 1)
	out    []int   // labels of the result's axes
	kind   kernelKind
	perm   []int // kTranspose: the permutation of the (squeezed) input
	left   int   // kMatMul: which input is the left factor (0 or 1)
	permL  []int // kMatMul: transpose of the left factor first (nil: none)
	permR  []int
	tL, tR bool
	bt     int // batch size
	m, n   int
	k      int
}

// planCache keeps a spec's last plan, so that a graph op running the same
// shapes again and again plans once.
type planCache struct {
	mu     sync.Mutex
	shapes [][]int
	plan   *EinsumPlan
}

// EinsumPath parses subscripts and plans them for operands of the given
// shapes, like numpy.einsum_path with optimize="greedy". A bad string
// returns an *EinsumSyntaxError; shapes that contradict a valid string
// panic with a *ShapeError, as in Einsum.
func EinsumPath(subscripts string, shapes ...[]int) (*EinsumPlan, error) {
	s, err := cachedSpec(subscripts)
	if err != nil {
		return nil, err
	}
	return s.Plan(shapes...), nil
}

// Plan returns the plan of the spec for operands of the given shapes (see
// EinsumPlan). It panics with a *ShapeError (op "Einsum") if the shapes
// contradict the subscripts.
func (s *EinsumSpec) Plan(shapes ...[]int) *EinsumPlan {
	if s == nil {
		panic(shapeErrorf("Einsum", "nil spec"))
	}
	s.plans.mu.Lock()
	if p := s.plans.plan; p != nil && sameShapes(s.plans.shapes, shapes) {
		s.plans.mu.Unlock()
		return p
	}
	s.plans.mu.Unlock()
	own := make([][]int, len(shapes))
	for k, sh := range shapes {
		own[k] = append([]int{}, sh...)
	}
	p := newPlan(s, s.bind("Einsum", own))
	s.plans.mu.Lock()
	s.plans.shapes, s.plans.plan = own, p
	s.plans.mu.Unlock()
	return p
}

func sameShapes(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !SameShape(a[k], b[k]) {
			return false
		}
	}
	return true
}

// term is an operand of the plan: the labels of its axes (−1 for an axis
// of size 1 broadcast against a larger size).
type term []int

// labels returns the term's labels without the broadcast axes.
func (t term) labels() []int {
	var r []int
	for _, l := range t {
		if l >= 0 {
			r = append(r, l)
		}
	}
	return r
}

// loopMatMulBelow is the size of a per-batch matrix product m·n·k below
// which a pairwise contraction runs as a loop nest: for a tiny product
// (a batch of dot products, an elementwise product) a call per batch
// index costs more than the work.
const loopMatMulBelow = 512

func newPlan(s *EinsumSpec, b *einsumBound) *EinsumPlan {
	p := &EinsumPlan{Subscripts: s.src, Shapes: b.shapes, Shape: b.outShape(), spec: s, bound: b}
	naive := 1
	for _, d := range b.size {
		naive *= d
	}
	p.NaiveFlops = naive * max(1, len(b.in)-1)

	terms := make([]term, len(b.in))
	for k, ls := range b.in {
		terms[k] = make(term, len(ls))
		for a, l := range ls {
			if b.shapes[k][a] == 1 && b.size[l] != 1 {
				terms[k][a] = -1 // broadcast: read at index 0 for every l
			} else {
				terms[k][a] = l
			}
		}
	}
	isOut := map[int]bool{}
	for _, l := range b.out {
		isOut[l] = true
	}
	defer func() {
		computes := 0
		for i, st := range p.Steps {
			p.Flops += st.Flops
			if k := p.exec[i].kind; k == kLoop || k == kMatMul {
				computes++
			}
		}
		p.regroups = computes > 1
	}()
	if len(terms) == 1 {
		p.addUnary(0, terms[0], b.out, true)
		return p
	}
	// Each operand alone: diagonals and sums over indices only it has.
	for k := 0; k < len(terms); k++ {
		t := terms[k]
		ls := t.labels()
		var keep []int
		repeated := false
		for _, l := range ls {
			if slices.Contains(keep, l) {
				repeated = true
				continue
			}
			if isOut[l] || inOthers(terms, k, l) {
				keep = append(keep, l)
			}
		}
		if !repeated && len(keep) == len(ls) {
			continue
		}
		p.addUnary(k, t, keep, false)
		terms = append(slices.Delete(terms, k, k+1), term(keep))
		k-- // the term at k is the next one; the moved one needs nothing more
	}
	// Then pairs, greedily.
	g := newGreedy(terms, b, isOut)
	for len(terms) > 1 {
		i, j := g.next()
		final := len(terms) == 2
		var keep []int
		for _, l := range append(terms[i].labels(), terms[j].labels()...) {
			if slices.Contains(keep, l) {
				continue
			}
			if isOut[l] || inOthers2(terms, i, j, l) {
				keep = append(keep, l)
			}
		}
		out := p.addPair(i, j, terms[i], terms[j], keep, final)
		terms = slices.Delete(terms, j, j+1)
		terms = slices.Delete(terms, i, i+1)
		terms = append(terms, out)
		g.contracted(i, j, out)
	}
	if !slices.Equal([]int(terms[0]), b.out) {
		p.addUnary(0, terms[0], b.out, true)
	}
	return p
}

// inOthers reports whether a term other than k has label l.
func inOthers(terms []term, k, l int) bool {
	for j, t := range terms {
		if j != k && slices.Contains(t, l) {
			return true
		}
	}
	return false
}

// inOthers2 reports whether a term other than i and j has label l.
func inOthers2(terms []term, i, j, l int) bool {
	for k, t := range terms {
		if k != i && k != j && slices.Contains(t, l) {
			return true
		}
	}
	return false
}

// addUnary adds the step that turns the term at position k into the
// labels out: a view, a transpose or a loop.
func (p *EinsumPlan) addUnary(k int, t term, out []int, final bool) {
	b := p.bound
	st := planStep{ops: []int{k}, in: [][]int{t}, out: out}
	ls := t.labels()
	kernel := "loop"
	switch {
	case slices.Equal(ls, out):
		st.kind, kernel = kView, "view"
	case len(ls) == len(out) && sameSet(ls, out):
		st.kind, kernel = kTranspose, "transpose"
		st.perm = make([]int, len(out))
		for a, l := range out {
			st.perm[a] = slices.Index(ls, l)
		}
	default:
		st.kind = kLoop
	}
	flops := 0
	if st.kind == kLoop {
		flops = 1
		for _, l := range unique(ls) {
			flops *= b.size[l]
		}
	}
	p.add(st, EinsumStep{Operands: []int{k}, Subscripts: b.subscripts([][]int{ls}, out), Kernel: kernel, Flops: flops, Shape: p.shapeOf(out)})
}

// sameSet reports whether a and b (without repeats) hold the same labels.
func sameSet(a, b []int) bool {
	if len(unique(a)) != len(a) || len(unique(b)) != len(b) {
		return false
	}
	for _, l := range a {
		if !slices.Contains(b, l) {
			return false
		}
	}
	return true
}

func unique(ls []int) []int {
	var u []int
	for _, l := range ls {
		if !slices.Contains(u, l) {
			u = append(u, l)
		}
	}
	return u
}

func (p *EinsumPlan) shapeOf(labels []int) []int {
	s := make([]int, len(labels))
	for a, l := range labels {
		s[a] = p.bound.size[l]
	}
	return s
}

func (p *EinsumPlan) add(st planStep, es EinsumStep) {
	p.exec = append(p.exec, st)
	p.Steps = append(p.Steps, es)
}

// addPair adds the contraction of terms ti (at i) and tj (at j) into the
// labels keep (in some order, which it returns) and returns the result's
// term. Both have no repeated labels (the unary steps removed them).
func (p *EinsumPlan) addPair(i, j int, ti, tj term, keep []int, final bool) term {
	b := p.bound
	la, lb := ti.labels(), tj.labels()
	var batch, contr, left, right []int
	for _, l := range la {
		switch {
		case !slices.Contains(lb, l):
			left = append(left, l)
		case slices.Contains(keep, l):
			batch = append(batch, l)
		default:
			contr = append(contr, l)
		}
	}
	for _, l := range lb {
		if !slices.Contains(la, l) {
			right = append(right, l)
		}
	}
	size := func(ls []int) int {
		n := 1
		for _, l := range ls {
			n *= b.size[l]
		}
		return n
	}
	bt, m, n, k := size(batch), size(left), size(right), size(contr)
	flops := bt * m * n * k
	subs := func(out []int) string { return b.subscripts([][]int{la, lb}, out) }
	st := planStep{ops: []int{i, j}, in: [][]int{ti, tj}}
	if m*n*k < loopMatMulBelow || (k == 1 && (m == 1 || n == 1)) {
		out := keep
		if final {
			out = b.out
		}
		st.kind, st.out = kLoop, out
		p.add(st, EinsumStep{Operands: []int{i, j}, Subscripts: subs(out), Kernel: "loop", Flops: flops, Shape: p.shapeOf(out)})
		return term(out)
	}
	// A matrix product per batch index: choose the roles and the orders
	// of the groups that copy the fewest elements.
	var outOrder []int
	if final {
		outOrder = b.out
	}
	inOrder := func(group, order []int) []int {
		var r []int
		for _, l := range order {
			if slices.Contains(group, l) {
				r = append(r, l)
			}
		}
		return r
	}
	type choice struct {
		cost                     int
		left                     int
		batch, rows, cols, contr []int
		permL, permR             []int
		tL, tR                   bool
		out                      []int
	}
	var best *choice
	for role := 0; role < 2; role++ {
		lt, rt, rows, cols := la, lb, left, right
		if role == 1 {
			lt, rt, rows, cols = lb, la, right, left
		}
		batchOrders := [][]int{inOrder(batch, lt), inOrder(batch, rt)}
		rowOrders := [][]int{inOrder(rows, lt)}
		colOrders := [][]int{inOrder(cols, rt)}
		if final {
			batchOrders = append(batchOrders, inOrder(batch, outOrder))
			rowOrders = append(rowOrders, inOrder(rows, outOrder))
			colOrders = append(colOrders, inOrder(cols, outOrder))
		}
		contrOrders := [][]int{inOrder(contr, lt), inOrder(contr, rt)}
		for _, bo := range batchOrders {
			for _, ro := range rowOrders {
				for _, co := range colOrders {
					for _, ko := range contrOrders {
						c := choice{left: role, batch: bo, rows: ro, cols: co, contr: ko}
						c.permL, c.tL = layout(lt, bo, ro, ko)
						// The right factor is read as (batch, inner, cols),
						// or transposed as (batch, cols, inner).
						c.permR, c.tR = layout(rt, bo, co, ko)
						c.tR = c.permR != nil || !c.tR
						if c.permL != nil {
							c.cost += size(lt)
						}
						if c.permR != nil {
							c.cost += size(rt)
						}
						c.out = slices.Concat(bo, ro, co)
						if final && !slices.Equal(c.out, outOrder) {
							c.cost += size(c.out)
						}
						if best == nil || c.cost < best.cost {
							cc := c
							best = &cc
						}
					}
				}
			}
		}
	}
	c := best
	st.kind, st.out, st.left = kMatMul, c.out, c.left
	st.permL, st.permR, st.tL, st.tR = c.permL, c.permR, c.tL, c.tR
	st.bt, st.m, st.n, st.k = bt, size(c.rows), size(c.cols), k
	kernel := "matmul"
	if bt > 1 {
		kernel = "batched matmul"
	}
	var copies []string
	if c.permL != nil {
		copies = append(copies, "transpose "+[]string{"A", "B"}[c.left])
	}
	if c.permR != nil {
		copies = append(copies, "transpose "+[]string{"B", "A"}[c.left])
	}
	if len(copies) > 0 {
		kernel += " + " + strings.Join(copies, ", ")
	}
	p.add(st, EinsumStep{Operands: []int{i, j}, Subscripts: subs(c.out), Kernel: kernel, Flops: flops, Shape: p.shapeOf(c.out)})
	return term(c.out)
}

// layout says how a factor with axes ls is read as a batch of matrices
// with the given group orders: as (batch, rows, inner) (perm nil, trans
// false), as (batch, inner, rows) (perm nil, trans true), or only after a
// transpose into (batch, rows, inner), whose permutation perm is.
func layout(ls, batch, rows, inner []int) (perm []int, trans bool) {
	if slices.Equal(ls, slices.Concat(batch, rows, inner)) {
		return nil, false
	}
	if slices.Equal(ls, slices.Concat(batch, inner, rows)) {
		return nil, true
	}
	want := slices.Concat(batch, rows, inner)
	perm = make([]int, len(want))
	for a, l := range want {
		perm[a] = slices.Index(ls, l)
	}
	return perm, false
}

// String prints the plan as numpy.einsum_path does: the whole contraction,
// the naive and planned flop counts, and one line per step.
func (p *EinsumPlan) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "  Complete contraction:  %s\n", p.bound.subscripts(p.bound.in, p.bound.out))
	fmt.Fprintf(&b, "         Naive flops:  %d\n", p.NaiveFlops)
	fmt.Fprintf(&b, "     Optimized flops:  %d\n", p.Flops)
	fmt.Fprintf(&b, "  %-10s %-24s %-32s %10s  %s\n", "operands", "subscripts", "kernel", "flops", "shape")
	for _, st := range p.Steps {
		fmt.Fprintf(&b, "  %-10s %-24s %-32s %10d  %v\n", fmt.Sprint(st.Operands), st.Subscripts, st.Kernel, st.Flops, st.Shape)
	}
	return b.String()
}
