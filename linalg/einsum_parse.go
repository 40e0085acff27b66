package linalg

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// EinsumSpec is a parsed einsum expression: the index labels of each
// operand and of the output, not yet bound to shapes. Make one with
// ParseEinsum (NumPy's subscripts grammar) or NewEinsumSpec (integer
// labels, like NumPy's sublist form); it is immutable and safe for
// concurrent use, and one spec serves operands of any shapes that fit it.
type EinsumSpec struct {
	in       [][]int // labels of each operand; ellipsis marks "..."
	out      []int   // output labels, ellipsis included; nil when implicit
	explicit bool    // the output was given ("->")
	src      string  // the subscripts as written, or as rendered

	plans planCache // the last plan made for this spec
}

// ellipsis marks the position of "..." in a list of labels.
const ellipsis = -1

// EinsumSyntaxError is the error of ParseEinsum and Einsum for subscripts
// that do not follow the grammar: bad subscripts are user data (a string
// read from a file, typed at a prompt), so they are an error, never a
// panic. Pos is the byte offset in Subscripts of the offending character
// (len(Subscripts) for a problem at the end).
type EinsumSyntaxError struct {
	Subscripts string
	Pos        int
	Msg        string
}

func (e *EinsumSyntaxError) Error() string {
	return fmt.Sprintf("linalg: einsum %q: %s (position %d)", e.Subscripts, e.Msg, e.Pos)
}

// labelOf maps a subscript letter to its label the way NumPy's sublists
// number them: 'A'–'Z' are 0–25 and 'a'–'z' are 26–51, so that sorting
// labels sorts letters in ASCII order (the implicit output's order).
func labelOf(c byte) (int, bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A'), true
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 26, true
	}
	return 0, false
}

// letterOf is the inverse of labelOf for labels 0–51.
func letterOf(l int) string {
	switch {
	case 0 <= l && l < 26:
		return string(rune('A' + l))
	case 26 <= l && l < 52:
		return string(rune('a' + l - 26))
	}
	return fmt.Sprintf("{%d}", l)
}

// ParseEinsum parses einsum subscripts in NumPy's grammar:
//
//	subscripts = operand { "," operand } [ "->" output ]
//	operand    = { letter | "..." }   (at most one "...")
//	output     = { letter | "..." }   (at most one "...", no letter twice)
//
// Letters are a–z and A–Z; spaces are ignored anywhere. An index repeated
// within an operand reads its diagonal ("ii->i"), or sums it ("ii->", the
// trace). Without "->" the output is implicit: the ellipsis dimensions,
// then, in alphabetical order (capitals first), the letters that appear
// exactly once in the inputs, so "ij,jk" is the matrix product and "ii" the
// trace. Every output letter must appear in the inputs. "" is one scalar
// operand.
//
// ParseEinsum returns an *EinsumSyntaxError saying what is wrong and where,
// e.g. `linalg: einsum "ik,kj->ix": output index x is not in the inputs
// (position 8)`. It never panics.
func ParseEinsum(subscripts string) (*EinsumSpec, error) {
	s := &EinsumSpec{src: subscripts}
	fail := func(pos int, format string, args ...any) (*EinsumSpec, error) {
		return nil, &EinsumSyntaxError{Subscripts: subscripts, Pos: pos, Msg: fmt.Sprintf(format, args...)}
	}
	cur := []int{}
	inOutput := false
	seenEll := false
	outPos := map[int]int{} // output label → position, for repeats
	for i := 0; i < len(subscripts); i++ {
		c := subscripts[i]
		where := "operand " + fmt.Sprint(len(s.in))
		if inOutput {
			where = "the output"
		}
		switch {
		case c == ' ':
		case c == ',':
			if inOutput {
				return fail(i, "',' in the output (the output is one list of indices)")
			}
			s.in = append(s.in, cur)
			cur, seenEll = []int{}, false
		case c == '-':
			if i+1 >= len(subscripts) || subscripts[i+1] != '>' {
				return fail(i, "'-' not followed by '>'")
			}
			if inOutput {
				return fail(i, "a second '->'")
			}
			s.in = append(s.in, cur)
			cur, seenEll, inOutput = []int{}, false, true
			i++
		case c == '>':
			return fail(i, "'>' not preceded by '-'")
		case c == '.':
			if i+2 >= len(subscripts) || subscripts[i+1] != '.' || subscripts[i+2] != '.' {
				return fail(i, "'.' not part of an ellipsis '...'")
			}
			if seenEll {
				return fail(i, "a second ellipsis in %s", where)
			}
			seenEll = true
			cur = append(cur, ellipsis)
			i += 2
		default:
			l, ok := labelOf(c)
			if !ok {
				r, _ := utf8.DecodeRuneInString(subscripts[i:])
				return fail(i, "invalid character %q (indices are letters a-z, A-Z)", r)
			}
			if inOutput {
				if p, dup := outPos[l]; dup {
					return fail(i, "output index %c repeated (first at position %d)", c, p)
				}
				outPos[l] = i
			}
			cur = append(cur, l)
		}
	}
	if inOutput {
		s.out, s.explicit = cur, true
	} else {
		s.in = append(s.in, cur)
	}
	if s.explicit {
		// Every output letter must be an input letter.
		have := map[int]bool{}
		for _, op := range s.in {
			for _, l := range op {
				have[l] = true
			}
		}
		for i := 0; i < len(subscripts); i++ {
			if l, ok := labelOf(subscripts[i]); ok && i > strings.Index(subscripts, "->") && !have[l] {
				return fail(i, "output index %c is not in the inputs", subscripts[i])
			}
		}
	}
	return s, nil
}

// MustParseEinsum is ParseEinsum for subscripts written in the program: it
// panics with the *EinsumSyntaxError where ParseEinsum returns it.
func MustParseEinsum(subscripts string) *EinsumSpec {
	s, err := ParseEinsum(subscripts)
	if err != nil {
		panic(err)
	}
	return s
}

// NewEinsumSpec returns the spec whose operand k carries the labels
// inputs[k] and whose output carries output, labels being any
// non-negative integers (0–51 print as 'A'–'Z', 'a'–'z', as in NumPy's
// sublist form einsum(a, [0, 1], b, [1, 2], [0, 2])). The output is always
// explicit (nil means a scalar). It returns an error for a negative label,
// a label repeated in the output or an output label in no input.
func NewEinsumSpec(inputs [][]int, output []int) (*EinsumSpec, error) {
	s := &EinsumSpec{explicit: true, out: append([]int{}, output...)}
	have := map[int]bool{}
	for k, op := range inputs {
		for _, l := range op {
			if l < 0 {
				return nil, fmt.Errorf("linalg: NewEinsumSpec: operand %d has the negative label %d", k, l)
			}
			have[l] = true
		}
		s.in = append(s.in, append([]int{}, op...))
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("linalg: NewEinsumSpec: no operands")
	}
	seen := map[int]bool{}
	for _, l := range output {
		switch {
		case l < 0:
			return nil, fmt.Errorf("linalg: NewEinsumSpec: the output has the negative label %d", l)
		case seen[l]:
			return nil, fmt.Errorf("linalg: NewEinsumSpec: output label %d repeated", l)
		case !have[l]:
			return nil, fmt.Errorf("linalg: NewEinsumSpec: output label %d is in no input", l)
		}
		seen[l] = true
	}
	s.src = s.render()
	return s, nil
}

// render writes the spec in subscript notation.
func (s *EinsumSpec) render() string {
	list := func(ls []int) string {
		var b strings.Builder
		for _, l := range ls {
			if l == ellipsis {
				b.WriteString("...")
			} else {
				b.WriteString(letterOf(l))
			}
		}
		return b.String()
	}
	parts := make([]string, len(s.in))
	for k, op := range s.in {
		parts[k] = list(op)
	}
	r := strings.Join(parts, ",")
	if s.explicit {
		r += "->" + list(s.out)
	}
	return r
}

// String returns the subscripts as given to ParseEinsum, or rendered in
// letters for a spec from NewEinsumSpec.
func (s *EinsumSpec) String() string { return s.src }

// NumOperands returns the number of operands the spec takes.
func (s *EinsumSpec) NumOperands() int { return len(s.in) }
