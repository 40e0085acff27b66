package linalg

import "fmt"

// ShapeError is the panic value of an operation given shapes, axes,
// permutations or indices that cannot work together, or otherwise misused
// (an out-of-range index, NormLp's order p ≤ 0, Item of a nil tensor): a
// programmer error, as gonum's mat.ErrShape is, never a value that depends
// on the numbers in the data. Index errors share the type rather than
// having one of their own: callers tell programmer errors from other panics,
// and the message says which kind it is. A caller or a test tells it from other panics with errors.As or a
// type assertion on recover()'s value:
//
//	defer func() {
//		if e, ok := recover().(*linalg.ShapeError); ok {
//			fmt.Println(e.Op) // "MatMul"
//		}
//	}()
//
// Its message names the package, the operation and the shapes involved, e.g.
// "linalg: MatMul: shapes [2 3] and [4 5] do not match for a matrix product".
// Package autodiff panics with the same type for graphs that cannot be built.
type ShapeError struct {
	// Op is the operation that refused its operands ("MatMul", "Reshape").
	Op string
	// Msg is the whole message, package and op included.
	Msg string
}

func (e *ShapeError) Error() string { return e.Msg }

// ShapeErrorf returns a *ShapeError for op whose message is
// "pkg: op: " followed by the formatted detail, which should name the
// shapes. It is exported so that packages built on linalg (autodiff, a
// device backend) panic with the same type.
func ShapeErrorf(pkg, op, format string, args ...any) *ShapeError {
	return &ShapeError{Op: op, Msg: pkg + ": " + op + ": " + fmt.Sprintf(format, args...)}
}

// shapeErrorf is ShapeErrorf for this package.
func shapeErrorf(op, format string, args ...any) *ShapeError {
	return ShapeErrorf("linalg", op, format, args...)
}
