package dataset_test

import (
	"fmt"
	"strings"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
)

// A CSV table with a header and a class column: the features become an n×d
// matrix, the classes numbers in order of first appearance.
func ExampleReadCSV() {
	in := "length,width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n4.9,3.0,setosa\n"
	tb, err := dataset.ReadCSV(strings.NewReader(in), "flowers.csv", "species")
	if err != nil {
		panic(err)
	}
	fmt.Println(tb.N, "points of", tb.Names, "classes", tb.Classes, "labels", tb.Labels)
	fmt.Println(tb.Tensor())

	// A bad cell is an error naming the file, the row and the column.
	_, err = dataset.ReadCSV(strings.NewReader("x,y\n1,2\n3,abc\n"), "points.csv", "")
	fmt.Println(err)
	// Output:
	// 3 points of [length width] classes [setosa versicolor] labels [0 1 0]
	// [[5.1 3.5]
	//  [7 3.2]
	//  [4.9 3]]
	// points.csv: row 3, column 2 (y): "abc" is not a number (every column but the -label one must be numeric)
}
