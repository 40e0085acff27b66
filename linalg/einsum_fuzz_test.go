package linalg_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// fuzzShapes reads up to 4 operand shapes from b: a count, then per
// operand a rank and its dimensions, each byte mod 4 (so dimensions 0–3),
// at most 8 axes in all, so that no result or intermediate is large.
func fuzzShapes(b []byte) [][]int {
	next := func() int {
		if len(b) == 0 {
			return 0
		}
		v := int(b[0] % 4)
		b = b[1:]
		return v
	}
	n := 1 + next()
	axes := 0
	shapes := make([][]int, n)
	for k := range shapes {
		r := min(next(), 8-axes)
		axes += r
		shapes[k] = make([]int, r)
		for a := range shapes[k] {
			shapes[k][a] = next()
		}
	}
	return shapes
}

// FuzzEinsum: for any subscripts and operand shapes, Einsum either returns
// an *EinsumSyntaxError (and then does not look at the operands), panics
// with a *ShapeError of op Einsum (shapes the valid subscripts contradict),
// or returns a result of the shape the spec and the plan promise.
func FuzzEinsum(f *testing.F) {
	for _, s := range []string{"ik,kj->ij", "ii", "ii->i", "...ij,...jk", "i,ij,j->", "->", "", ",", "a...b->...", "ij-", "i->...i...", "é", "AbC,bc", " i j , j k "} {
		f.Add(s, []byte{1, 2, 2, 3, 2, 3, 2})
	}
	f.Fuzz(func(t *testing.T, subs string, shapeBytes []byte) {
		shapes := fuzzShapes(shapeBytes)
		ops := make([]*linalg.Tensor, len(shapes))
		for k, s := range shapes {
			ops[k] = linalg.Zeros(s...)
			for i := range ops[k].Data() {
				ops[k].Data()[i] = float64(i%5) - 2
			}
		}
		_, parseErr := linalg.ParseEinsum(subs) // must not panic
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if e, ok := r.(*linalg.ShapeError); !ok || e.Op != "Einsum" || parseErr != nil {
				t.Fatalf("Einsum(%q, shapes %v) panicked with %v (parse error %v)", subs, shapes, r, parseErr)
			}
		}()
		out, err := linalg.Einsum(subs, ops...)
		var se *linalg.EinsumSyntaxError
		switch {
		case parseErr != nil:
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(subs) {
				t.Fatalf("Einsum(%q): error %v, want the *EinsumSyntaxError %v", subs, err, parseErr)
			}
			return
		case err != nil:
			t.Fatalf("Einsum(%q): error %v after ParseEinsum accepted it", subs, err)
		}
		p, _ := linalg.EinsumPath(subs, shapes...)
		if !linalg.SameShape(out.Shape(), p.Shape) || !linalg.SameShape(out.Shape(), linalg.MustParseEinsum(subs).Shape(shapes...)) {
			t.Fatalf("Einsum(%q, %v): shape %v, plan says %v", subs, shapes, out.Shape(), p.Shape)
		}
		// Explicit subscripts without "...": the values of the naive loop.
		compact := strings.ReplaceAll(subs, " ", "")
		if in, output, ok := strings.Cut(compact, "->"); ok && !strings.Contains(compact, ".") {
			want := naiveEinsum(strings.Split(in, ","), output, ops)
			for i, w := range want.Values() {
				if math.Abs(out.Values()[i]-w) > 1e-12*(1+math.Abs(w)) {
					t.Fatalf("Einsum(%q, %v): element %d = %v, naive loop %v", subs, shapes, i, out.Values()[i], w)
				}
			}
		}
	})
}
