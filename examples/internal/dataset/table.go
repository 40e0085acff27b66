package dataset

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/epsilon-engine/epsilon/linalg"
)

// Table is a table of points read from a file.
type Table struct {
	Source string    // the file's name, as given, for messages
	Names  []string  // the feature columns' names, d of them
	X      []float64 // the features, n×d row-major
	N, D   int       // number of points (rows) and of features (columns)

	LabelName string   // the label column's name; "" when there is none
	Labels    []int    // the class of each row, an index into Classes; nil without a label column
	Classes   []string // the distinct label values, in order of first appearance

	columns   []string   // every input column's name, the label column included
	hadHeader bool       // whether the CSV file had a header row
	cells     [][]string // the input rows as text (CSV), for Write; nil for .npy
	labelCol  int        // the label column's 0-based index among columns; −1 for none
}

// Tensor returns the features as an n×d tensor (a copy).
func (t *Table) Tensor() *linalg.Tensor {
	return linalg.New([]int{t.N, t.D}, append([]float64(nil), t.X...))
}

// Error is a problem with the data in a file, located as precisely as
// known: Row and Col are 1-based (0 when not known), Column is the
// column's name when there is one.
type Error struct {
	File     string
	Row, Col int
	Column   string
	Msg      string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Row > 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Col > 0 {
		sep := ","
		if e.Row == 0 {
			sep = ":"
		}
		fmt.Fprintf(&b, "%s column %d", sep, e.Col)
		if e.Column != "" && e.Column != "c"+strconv.Itoa(e.Col) {
			fmt.Fprintf(&b, " (%s)", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// findLabel returns the 0-based index of the column that label names among
// columns: a column whose name is label, or else the column whose 1-based
// index label is. An empty label gives −1, no label column.
func findLabel(source, label string, columns []string) (int, error) {
	if label == "" {
		return -1, nil
	}
	for i, c := range columns {
		if c == label {
			return i, nil
		}
	}
	if k, err := strconv.Atoi(label); err == nil && k >= 1 && k <= len(columns) {
		return k - 1, nil
	}
	return 0, &Error{File: source, Msg: fmt.Sprintf("label column %q not found: the columns are %s (give a name or a 1-based index)",
		label, strings.Join(columns, ", "))}
}

// parseNumber parses a feature cell: a finite float64, or a message saying
// what is wrong with the text.
func parseNumber(text string) (float64, string) {
	if text == "" {
		return 0, "empty cell, want a number"
	}
	v, err := strconv.ParseFloat(text, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("%q is outside float64's range", text)
	case err != nil:
		return 0, fmt.Sprintf("%q is not a number", text)
	case math.IsNaN(v):
		return 0, fmt.Sprintf("%q: NaN is not allowed", text)
	case math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q: an infinite value is not allowed", text)
	}
	return v, ""
}

// classes numbers the distinct values of vals in order of first appearance.
func classes(vals []string) (labels []int, names []string) {
	index := make(map[string]int)
	labels = make([]int, len(vals))
	for i, v := range vals {
		k, ok := index[v]
		if !ok {
			k = len(names)
			index[v] = k
			names = append(names, v)
		}
		labels[i] = k
	}
	return labels, names
}
