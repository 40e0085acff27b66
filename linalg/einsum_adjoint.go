package linalg

// The adjoint of an einsum in one operand
//
// An einsum is linear in each operand with the others fixed:
//
//	y[o] = Σ_{indices not in o} Π_j A_j[l_j],
//
// so its VJP for operand k, Ā_k[x] = Σ_o ȳ[o] ∂y[o]/∂A_k[x], is again an
// einsum: of the cotangent ȳ (with the output's labels) and the other
// operands, into operand k's labels. Three things make the labels of A_k
// more than a plain output list:
//
//   - A repeated index (A_k[i,i], a diagonal): y reads A_k on its diagonal
//     only, so Ā_k is zero off it. The second axis gets a fresh label i′
//     and the einsum an identity operand δ[i,i′] (the adjoint of taking a
//     diagonal writes onto the diagonal).
//   - An axis of size 1 broadcast against a larger size n: A_k's element
//     is read for every i < n, so Ā_k sums over i. The axis gets a fresh
//     label, carried by a ones vector of length 1, and i, no longer an
//     output label, is summed.
//   - An index of A_k that no other operand and not the output has (summed
//     out of A_k alone, like j in "ij->i"): Ā_k is constant along it. A
//     ones vector of its size carries it into the output (a broadcast
//     back). The same ones vector supplies the size of an index whose
//     other operands have it only as a broadcast axis of size 1.
//
// Everything is an einsum, so the adjoint's own derivatives are einsums
// too, and second derivatives need nothing more.

// Adjoint returns the einsum that computes the VJP of the spec, for
// operands of the given shapes, with respect to operand k: its operands
// are the cotangent (of the result's shape), then the other operands in
// their order, then the returned constants (identity matrices and ones
// vectors, see above), and its result has operand k's shape. It panics
// with a *ShapeError if the shapes contradict the spec or k is out of
// range.
func (s *EinsumSpec) Adjoint(k int, shapes ...[]int) (*EinsumSpec, []*Tensor) {
	b := s.bind("Einsum", shapes)
	if k < 0 || k >= len(shapes) {
		panic(shapeErrorf("Einsum", "adjoint for operand %d of %d", k, len(shapes)))
	}
	names := append([]string{}, b.name...)
	used := map[string]bool{}
	for _, n := range names {
		used[n] = true
	}
	fresh := func() int {
		l := len(names)
		name := letterOf(1000 + l)
		for c := 0; c < 52; c++ {
			if !used[letterOf(c)] {
				name = letterOf(c)
				break
			}
		}
		used[name] = true
		names = append(names, name)
		return l
	}
	var out []int
	var consts []*Tensor
	var constLabels [][]int
	seen := map[int]bool{}
	for a, l := range b.in[k] {
		d := shapes[k][a]
		switch {
		case d == 1 && b.size[l] != 1:
			f := fresh()
			out = append(out, f)
			consts = append(consts, Full(1, 1))
			constLabels = append(constLabels, []int{f})
		case seen[l]:
			f := fresh()
			out = append(out, f)
			consts = append(consts, identity(d))
			constLabels = append(constLabels, []int{l, f})
		default:
			seen[l] = true
			out = append(out, l)
		}
	}
	inputs := [][]int{b.out}
	full := map[int]bool{} // labels some input carries at their full size
	for _, l := range b.out {
		full[l] = true
	}
	for j, ls := range b.in {
		if j == k {
			continue
		}
		inputs = append(inputs, ls)
		for a, l := range ls {
			if shapes[j][a] == b.size[l] {
				full[l] = true
			}
		}
	}
	for _, ls := range constLabels {
		full[ls[0]] = true
	}
	for _, l := range out {
		if l < len(b.size) && !full[l] {
			consts = append(consts, Full(1, b.size[l]))
			constLabels = append(constLabels, []int{l})
			full[l] = true
		}
	}
	inputs = append(inputs, constLabels...)
	spec, err := NewEinsumSpec(inputs, out)
	if err != nil {
		panic(err) // cannot happen: every output label is in an input
	}
	spec.src = spec.renderNames(names)
	return spec, consts
}

// identity returns the n×n identity matrix.
func identity(n int) *Tensor {
	t := Zeros(n, n)
	for i := 0; i < n; i++ {
		t.data[i*n+i] = 1
	}
	return t
}

// renderNames writes the spec with the given name for each label.
func (s *EinsumSpec) renderNames(names []string) string {
	list := func(ls []int) string {
		r := ""
		for _, l := range ls {
			r += names[l]
		}
		return r
	}
	r := ""
	for k, op := range s.in {
		if k > 0 {
			r += ","
		}
		r += list(op)
	}
	return r + "->" + list(s.out)
}
