package cudaops

import "strings"

// matmulEinsum reports whether the einsum subscripts describe one matrix
// product of two matrices, and which: the result is op(X)·op(Y) with X the
// first operand (or the second, when swap is set) and op a transpose where
// the flag says. It accepts NumPy's grammar restricted to that case: two
// operands of two distinct letters each, sharing exactly one letter, which
// is summed (absent from the output), and an output made of the two other
// letters in either order, or no output (then NumPy's implicit one, the
// letters in ASCII order). "ik,kj->ij" is A·B, "ki,kj->ij" Aᵀ·B, "ik,jk"
// A·Bᵀ, and "ik,kj->ji" (A·B)ᵀ = Bᵀ·Aᵀ.
func matmulEinsum(subscripts string) (swap, transX, transY, ok bool) {
	s := strings.ReplaceAll(subscripts, " ", "")
	lhs, out, explicit := strings.Cut(s, "->")
	a, b, two := strings.Cut(lhs, ",")
	if !two || strings.Contains(b, ",") || !letters(a) || !letters(b) || len(a) != 2 || len(b) != 2 || a[0] == a[1] || b[0] == b[1] {
		return false, false, false, false
	}
	var c byte // the contracted letter
	for _, x := range []byte(a) {
		if strings.IndexByte(b, x) >= 0 {
			if c != 0 {
				return false, false, false, false // two shared letters: not a product
			}
			c = x
		}
	}
	if c == 0 {
		return false, false, false, false
	}
	p, q := other(a, c), other(b, c)
	if !explicit {
		out = string([]byte{min(p, q), max(p, q)})
	}
	if !letters(out) || len(out) != 2 {
		return false, false, false, false
	}
	tA, tB := a[0] == c, b[1] == c // A stored (c, p): Aᵀ; B stored (q, c): Bᵀ
	switch out {
	case string([]byte{p, q}):
		return false, tA, tB, true
	case string([]byte{q, p}):
		return true, !tB, !tA, true // (op(A)·op(B))ᵀ = op(B)ᵀ·op(A)ᵀ
	}
	return false, false, false, false
}

func letters(s string) bool {
	for i := range len(s) {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// other returns the letter of the two-letter s that is not c.
func other(s string, c byte) byte {
	if s[0] == c {
		return s[1]
	}
	return s[0]
}
