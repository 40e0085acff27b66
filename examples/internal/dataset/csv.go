package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadCSV reads a CSV table of points from r; source names it in errors.
// label, when not empty, names the ground-truth column (by header name or
// 1-based index) that is kept out of the features. See the package
// documentation for the format. Every problem with the data is returned as
// an *Error naming the row and column.
func ReadCSV(r io.Reader, source, label string) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // widths are checked below, with a clearer message
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	var recs [][]string
	var lines []int // each record's line in the file
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{File: source, Row: pe.Line, Col: pe.Column, Msg: "bad CSV: " + pe.Err.Error()}
			}
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
	if len(recs) == 0 {
		return nil, &Error{File: source, Msg: "the file is empty (no rows)"}
	}

	t := &Table{Source: source, labelCol: -1}
	width, first := len(recs[0]), lines[0]
	t.hadHeader = isHeader(recs[0])
	if t.hadHeader {
		t.columns = recs[0]
		recs, lines = recs[1:], lines[1:]
	} else {
		t.columns = make([]string, width)
		for j := range t.columns {
			t.columns[j] = "c" + strconv.Itoa(j+1)
		}
	}
	if len(recs) == 0 {
		return nil, &Error{File: source, Msg: "no data rows, only a header"}
	}
	if err := t.splitColumns(source, label); err != nil {
		return nil, err
	}

	t.N = len(recs)
	t.X = make([]float64, 0, t.N*t.D)
	var labelText []string
	for i, rec := range recs {
		if len(rec) != width {
			return nil, &Error{File: source, Row: lines[i],
				Msg: fmt.Sprintf("%d cells, but row %d has %d: every row must have as many", len(rec), first, width)}
		}
		for j, cell := range rec {
			if j == t.labelCol {
				labelText = append(labelText, cell)
				continue
			}
			v, msg := parseNumber(cell)
			if msg != "" {
				if strings.HasSuffix(msg, "is not a number") {
					msg += " (every column but the -label one must be numeric)"
				}
				return nil, &Error{File: source, Row: lines[i], Col: j + 1, Column: t.columns[j], Msg: msg}
			}
			t.X = append(t.X, v)
		}
	}
	t.cells = recs
	if t.labelCol >= 0 {
		t.Labels, t.Classes = classes(labelText)
	}
	return t, nil
}

// isHeader reports whether the first row is a header: none of its cells is
// a number.
func isHeader(rec []string) bool {
	for _, c := range rec {
		if _, err := strconv.ParseFloat(c, 64); err == nil {
			return false
		}
	}
	return true
}

// splitColumns finds the label column among t.columns (by name or 1-based
// index, see findLabel) and names the numeric ones: it sets labelCol,
// LabelName, D and Names. A table whose only column is the label has no
// points to cluster: an *Error naming source.
func (t *Table) splitColumns(source, label string) error {
	var err error
	if t.labelCol, err = findLabel(source, label, t.columns); err != nil {
		return err
	}
	t.D = len(t.columns)
	if t.labelCol >= 0 {
		t.D--
		t.LabelName = t.columns[t.labelCol]
	}
	if t.D == 0 {
		return &Error{File: source, Msg: "no numeric columns: the only column is the label column " + strconv.Quote(t.LabelName)}
	}
	for j, c := range t.columns {
		if j != t.labelCol {
			t.Names = append(t.Names, c)
		}
	}
	return nil
}
