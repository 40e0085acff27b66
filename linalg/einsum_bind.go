package linalg

import (
	"fmt"
	"slices"
)

// einsumBound is a spec bound to operand shapes: every axis of every
// operand and of the output carries a label numbered 0…L−1 (the dimensions
// under "..." get labels of their own), and every label a size.
type einsumBound struct {
	in     [][]int  // labels of each operand's axes
	out    []int    // labels of the output's axes
	size   []int    // size of each label
	name   []string // each label as a letter, for plans and messages
	shapes [][]int  // the operands' shapes
}

// bind checks the operand shapes against the spec and labels their axes.
// Shapes that contradict the subscripts panic with a *ShapeError naming op,
// the subscripts and the shapes: a wrong number of operands, a rank that
// does not fit the operand's indices, an index whose sizes differ (sizes
// broadcast as in NumPy: a 1 stretches to the other size), or a repeated
// index within one operand whose axes differ.
func (s *EinsumSpec) bind(op string, shapes [][]int) *einsumBound {
	if s == nil {
		panic(shapeErrorf(op, "nil spec"))
	}
	fail := func(format string, args ...any) {
		panic(shapeErrorf(op, "subscripts %q, shapes %v: %s", s.src, shapes, fmt.Sprintf(format, args...)))
	}
	if len(shapes) != len(s.in) {
		fail("the subscripts name %d operands, %d given", len(s.in), len(shapes))
	}
	// How many axes each operand's "..." covers; they broadcast on the right.
	nell := make([]int, len(s.in))
	maxEll := 0
	for k, labels := range s.in {
		named := len(labels)
		hasEll := slices.Contains(labels, ellipsis)
		if hasEll {
			named--
		}
		switch r := len(shapes[k]); {
		case !hasEll && r != named:
			fail("operand %d has %d axes for %d indices", k, r, named)
		case hasEll && r < named:
			fail("operand %d has %d axes for %d indices and an ellipsis", k, r, named)
		case hasEll:
			nell[k] = r - named
			maxEll = max(maxEll, nell[k])
		}
	}
	// Raw labels: the spec's (≥ 0), and −2−j for the j-th ellipsis axis
	// counted from the left of the broadcast ellipsis.
	ellLabel := func(j int) int { return -2 - j }
	expand := func(labels []int, n int) []int {
		var r []int
		for _, l := range labels {
			if l != ellipsis {
				r = append(r, l)
				continue
			}
			for j := maxEll - n; j < maxEll; j++ {
				r = append(r, ellLabel(j))
			}
		}
		return r
	}
	raw := make([][]int, len(s.in))
	size := map[int]int{}
	count := map[int]int{}
	for k, labels := range s.in {
		raw[k] = expand(labels, nell[k])
		within := map[int]int{}
		for a, l := range raw[k] {
			d := shapes[k][a]
			if d < 0 {
				fail("operand %d has a negative dimension", k)
			}
			if prev, ok := within[l]; ok && shapes[k][prev] != d {
				fail("index %s repeats in operand %d over axes %d and %d of sizes %d and %d", s.rawName(l), k, prev, a, shapes[k][prev], d)
			}
			if _, ok := within[l]; !ok {
				within[l] = a
			}
			count[l]++
			switch old, ok := size[l]; {
			case !ok || old == 1:
				size[l] = d
			case d != old && d != 1:
				fail("index %s has size %d in operand %d (axis %d) and %d elsewhere", s.rawName(l), d, k, a, old)
			}
		}
	}
	// The output's raw labels.
	var out []int
	if s.explicit {
		hasEll := slices.Contains(s.out, ellipsis)
		out = expand(s.out, maxEll)
		if !hasEll && maxEll > 0 {
			// NumPy: the ellipsis axes must appear in an explicit output.
			fail("the inputs' ellipsis covers %d axes but the output has no '...'", maxEll)
		}
	} else {
		for j := 0; j < maxEll; j++ {
			out = append(out, ellLabel(j))
		}
		var once []int
		for l, c := range count {
			if c == 1 && l >= 0 {
				once = append(once, l)
			}
		}
		slices.Sort(once)
		out = append(out, once...)
	}
	// Number the labels densely, in order of first appearance.
	dense := map[int]int{}
	b := &einsumBound{shapes: shapes}
	used := map[int]bool{}
	for l := range size {
		used[l] = true
	}
	free := 0 // the next letter not used by the spec, to name ellipsis axes
	id := func(l int) int {
		if d, ok := dense[l]; ok {
			return d
		}
		d := len(b.size)
		dense[l] = d
		b.size = append(b.size, size[l])
		name := ""
		if l >= 0 {
			name = letterOf(l)
		} else {
			for free < 52 && used[free] {
				free++
			}
			if free < 52 {
				name = letterOf(free)
				free++
			} else {
				name = fmt.Sprintf("{…%d}", -2-l) // every letter is taken
			}
		}
		b.name = append(b.name, name)
		return d
	}
	b.in = make([][]int, len(raw))
	for k, labels := range raw {
		b.in[k] = make([]int, len(labels))
		for a, l := range labels {
			b.in[k][a] = id(l)
		}
	}
	b.out = make([]int, len(out))
	for a, l := range out {
		b.out[a] = id(l)
	}
	return b
}

// rawName names a raw label in a message.
func (s *EinsumSpec) rawName(l int) string {
	if l >= 0 {
		return letterOf(l)
	}
	return fmt.Sprintf("of ellipsis axis %d", -2-l)
}

// outShape is the output's shape.
func (b *einsumBound) outShape() []int {
	shape := make([]int, len(b.out))
	for a, l := range b.out {
		shape[a] = b.size[l]
	}
	return shape
}

// Shape returns the shape of the result of the spec applied to operands of
// the given shapes. It panics with a *ShapeError (op "Einsum") if the shapes
// contradict the subscripts; see Einsum.
func (s *EinsumSpec) Shape(shapes ...[]int) []int {
	return s.bind("Einsum", shapes).outShape()
}

// subscripts renders labels as letters.
func (b *einsumBound) subscripts(in [][]int, out []int) string {
	str := ""
	for k, ls := range in {
		if k > 0 {
			str += ","
		}
		for _, l := range ls {
			str += b.name[l]
		}
	}
	str += "->"
	for _, l := range out {
		str += b.name[l]
	}
	return str
}
