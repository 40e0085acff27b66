package autodiff

import "fmt"

// UsageError is the panic value when a program misuses a graph in a way
// that is not about shapes (those panic with a *linalg.ShapeError): a nil
// op, input or tensor, a node of another graph, Set on an op, a Func
// without its rules, a node given twice, an unknown Mode. Like a shape
// error it is a bug in the calling program, found while the graph is built
// or called, never a fault of the data:
//
//	defer func() {
//		if e, ok := recover().(*autodiff.UsageError); ok {
//			fmt.Println(e.Op) // "Apply"
//		}
//	}()
type UsageError struct {
	// Op is the call or op that was misused ("Apply", "Set", "JVP", an
	// op's name).
	Op string
	// Msg is the whole message, "autodiff: " and Op included.
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

// usageErrorf returns a *UsageError for op whose message is
// "autodiff: op: " followed by the formatted detail.
func usageErrorf(op, format string, args ...any) *UsageError {
	return &UsageError{Op: op, Msg: "autodiff: " + op + ": " + fmt.Sprintf(format, args...)}
}
