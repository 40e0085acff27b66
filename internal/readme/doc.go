// Package readme checks that the README shows what the code does: every
// Go block marked with the Example function it comes from is that
// function's body; every text block marked with an Example is that
// Example's checked output (its // Output: comment, which go test
// verifies); and every text block marked with the program that prints it
// appears, paragraph by paragraph and in order, in that program's output.
//
// The markers are HTML comments on the line before a fenced block:
//
//	<!-- code: autodiff/example_test.go Example_training -->
//	<!-- example-output: autodiff/example_test.go ExampleGraph_Grad -->
//	<!-- output: examples/gradcheck -->
//	<!-- output: examples/tour -chapter derivatives -->
//
// A program's marker may carry flags after its folder; the program runs
// with them and with -out set to a temporary folder.
package readme
