package dataset

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	in := "x, y ,kind\n# a comment\n1.5,2,a\n-3,4e1,b\n5,  6,a\n"
	tb, err := ReadCSV(strings.NewReader(in), "p.csv", "kind")
	if err != nil {
		t.Fatal(err)
	}
	if tb.N != 3 || tb.D != 2 {
		t.Fatalf("N, D = %d, %d, want 3, 2", tb.N, tb.D)
	}
	if want := []float64{1.5, 2, -3, 40, 5, 6}; !slices.Equal(tb.X, want) {
		t.Errorf("X = %v, want %v", tb.X, want)
	}
	if !slices.Equal(tb.Names, []string{"x", "y"}) || tb.LabelName != "kind" {
		t.Errorf("names %q, label %q", tb.Names, tb.LabelName)
	}
	if !slices.Equal(tb.Labels, []int{0, 1, 0}) || !slices.Equal(tb.Classes, []string{"a", "b"}) {
		t.Errorf("labels %v, classes %q", tb.Labels, tb.Classes)
	}
	if s := tb.Tensor().Shape(); !slices.Equal(s, []int{3, 2}) {
		t.Errorf("tensor shape %v", s)
	}

	// No header; the label column by index; no label.
	tb, err = ReadCSV(strings.NewReader("1,2,7\n3,4,9\n"), "p.csv", "3")
	if err != nil {
		t.Fatal(err)
	}
	if tb.D != 2 || !slices.Equal(tb.Names, []string{"c1", "c2"}) || !slices.Equal(tb.Labels, []int{0, 1}) {
		t.Errorf("headerless: D %d names %q labels %v", tb.D, tb.Names, tb.Labels)
	}
	tb, err = ReadCSV(strings.NewReader("1,2,7\n"), "p.csv", "")
	if err != nil || tb.D != 3 || tb.Labels != nil {
		t.Errorf("no label: %v, %+v", err, tb)
	}
}

// TestReadCSVErrors: each kind of bad input gives an *Error naming what and
// where (the file, and the row and column where there is one).
func TestReadCSVErrors(t *testing.T) {
	cases := []struct {
		name, in, label string
		row, col        int
		msg             string
	}{
		{"empty", "", "", 0, 0, "empty"},
		{"blank lines", "\n\n", "", 0, 0, "empty"},
		{"header only", "x,y\n", "", 0, 0, "no data rows"},
		{"only label", "y\n1\n", "y", 0, 0, "no numeric columns"},
		{"ragged", "x,y\n1,2\n3\n", "", 3, 0, "1 cells, but row 1 has 2"},
		{"ragged no header", "1,2\n3,4\n5,6,7\n", "", 3, 0, "3 cells, but row 1 has 2"},
		{"text", "x,y\n1,2\n3,abc\n", "", 3, 2, `"abc" is not a number`},
		{"text names column", "x,y\n1,2\n3,abc\n", "", 3, 2, "(y)"},
		{"nan", "x,y\n1,NaN\n", "", 2, 2, "NaN is not allowed"},
		{"inf", "x,y\n1,2\n-inf,2\n", "", 3, 1, "infinite"},
		{"overflow", "x,y\n1,1e400\n", "", 2, 2, "outside float64's range"},
		{"empty cell", "x,y\n1,\n", "", 2, 2, "empty cell"},
		{"label missing", "x,y\n1,2\n", "class", 0, 0, `label column "class" not found: the columns are x, y`},
		{"label index out of range", "1,2\n", "3", 0, 0, "not found"},
		{"bad quote", "x,y\n1,\"2\n", "", 2, 0, "bad CSV"},
		{"comment line counted", "x,y\n#c\n1,2\nz,3\n", "", 4, 1, `"z"`},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in), "pts.csv", c.label)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an *Error", c.name, err)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "pts.csv") || !strings.Contains(msg, c.msg) {
			t.Errorf("%s: error %q, want one starting with the file and containing %q", c.name, msg, c.msg)
		}
		if e.Row != c.row || (c.col != 0 && e.Col != c.col) {
			t.Errorf("%s: error at row %d column %d, want row %d column %d (%q)", c.name, e.Row, e.Col, c.row, c.col, msg)
		}
	}
}

func TestReadNPY(t *testing.T) {
	want := []float64{1.5, -2, 3.25, 4, -5, 6.5}
	for _, f := range []string{"points_f64.npy", "points_f32.npy", "points_fortran.npy", "points_bigendian.npy"} {
		tb, err := Read(filepath.Join("testdata", f), "3")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if tb.N != 3 || tb.D != 2 || !slices.Equal(tb.X, want) {
			t.Errorf("%s: %d×%d %v, want 3×2 %v", f, tb.N, tb.D, tb.X, want)
		}
		if !slices.Equal(tb.Labels, []int{0, 1, 1}) || !slices.Equal(tb.Classes, []string{"0", "1"}) {
			t.Errorf("%s: labels %v classes %q", f, tb.Labels, tb.Classes)
		}
	}
	for _, f := range []string{"points_i64.npy", "points_u8.npy"} {
		tb, err := Read(filepath.Join("testdata", f), "")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !slices.Equal(tb.X, []float64{1, 2, 3, 4, 5, 6}) || tb.D != 2 {
			t.Errorf("%s: %v", f, tb.X)
		}
	}
	tb, err := Read("testdata/points_1d.npy", "")
	if err != nil || tb.N != 3 || tb.D != 1 {
		t.Errorf("1-D: %v %+v", err, tb)
	}
	bad := map[string]string{
		"points_3d.npy":  "want n×d",
		"points_nan.npy": "row 2, column 1: NaN is not allowed",
		"points_str.npy": "not a float or integer",
	}
	for f, msg := range bad {
		_, err := Read(filepath.Join("testdata", f), "")
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: error %v, want one containing %q", f, err, msg)
		}
	}
	if _, err := ReadNPY(strings.NewReader("not numpy"), "x.npy", ""); err == nil {
		t.Error("no error for a file that is not .npy")
	}
	if _, err := Read("testdata/points_f64.npy", "c9"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("missing label column: %v", err)
	}
}

// TestReadNPYTruncated: every prefix of a valid file is an error, not a
// panic or a huge allocation.
func TestReadNPYTruncated(t *testing.T) {
	raw, err := os.ReadFile("testdata/points_f64.npy")
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(raw); n++ {
		if _, err := ReadNPY(bytes.NewReader(raw[:n]), "x.npy", ""); err == nil {
			t.Fatalf("no error for the first %d of %d bytes", n, len(raw))
		}
	}
}

func TestWriteFile(t *testing.T) {
	tb, err := ReadCSV(strings.NewReader("x,y,cluster\n1.50,2,a\n3,4,b\n"), "p.csv", "cluster")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := tb.WriteFile(path, []int{0, -1}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "x,y,cluster,meanshift_cluster\n1.50,2,a,0\n3,4,b,-1\n"; string(got) != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the folder holds %d files, want only out.csv", len(ents))
	}

	tb, err = Read("testdata/points_f32.npy", "")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tb.Write(&b, []int{2, 2, 0}); err != nil {
		t.Fatal(err)
	}
	if want := "c1,c2,c3,cluster\n1.5,-2,0,2\n3.25,4,1,2\n-5,6.5,1,0\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}

	// A folder that does not exist: an error, and nothing written.
	if err := tb.WriteFile(filepath.Join(dir, "no", "such.csv"), []int{0, 0, 0}); err == nil {
		t.Error("no error writing into a missing folder")
	}
}

// FuzzReadCSV: whatever the bytes, ReadCSV returns a table or an error, never
// panics, and a table it returns is consistent.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"x,y\n1,2\n", "1,2,3\n4,5,6\n", "", "a\n", "x,y\n1,NaN\n", "\"1\",2\n3,\"4\n", "1;2\n", "#\n1\n", "x,y,l\n1,2,a\n"} {
		f.Add([]byte(s), "")
		f.Add([]byte(s), "l")
		f.Add([]byte(s), "2")
	}
	f.Fuzz(func(t *testing.T, data []byte, label string) {
		tb, err := ReadCSV(bytes.NewReader(data), "f.csv", label)
		if err != nil {
			if tb != nil {
				t.Fatal("a table and an error")
			}
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if tb.N < 1 || tb.D < 1 || len(tb.X) != tb.N*tb.D || len(tb.Names) != tb.D {
			t.Fatalf("inconsistent table: N %d D %d len(X) %d names %d", tb.N, tb.D, len(tb.X), len(tb.Names))
		}
		if label != "" && len(tb.Labels) != tb.N {
			t.Fatalf("%d labels for %d rows", len(tb.Labels), tb.N)
		}
		var b bytes.Buffer
		if err := tb.Write(&b, make([]int, tb.N)); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzReadNPY: whatever the bytes, ReadNPY returns a table or an error.
func FuzzReadNPY(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.npy")
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadNPY(bytes.NewReader(data), "f.npy", "")
		if err == nil && (tb.N < 1 || len(tb.X) != tb.N*tb.D) {
			t.Fatalf("inconsistent table: N %d D %d len(X) %d", tb.N, tb.D, len(tb.X))
		}
	})
}

// TestLesson checks the embedded lesson data against the facts of
// LESSON12.md: 1500 points, 6 clusters of 250, column means 9.222 and
// 11.604, first point (26.204, 26.349).
func TestLesson(t *testing.T) {
	tb, err := Lesson("cluster")
	if err != nil {
		t.Fatal(err)
	}
	if tb.N != 1500 || tb.D != 2 || len(tb.Classes) != 6 {
		t.Fatalf("%d×%d, %d classes", tb.N, tb.D, len(tb.Classes))
	}
	var sx, sy float64
	count := map[int]int{}
	for i := range tb.N {
		sx += tb.X[2*i]
		sy += tb.X[2*i+1]
		count[tb.Labels[i]]++
	}
	if math.Abs(sx/1500-9.222) > 5e-4 || math.Abs(sy/1500-11.604) > 5e-4 {
		t.Errorf("column means %.4f, %.4f, want 9.222, 11.604", sx/1500, sy/1500)
	}
	if math.Abs(tb.X[0]-26.204) > 5e-4 || math.Abs(tb.X[1]-26.349) > 5e-4 {
		t.Errorf("first point %v, %v", tb.X[0], tb.X[1])
	}
	for k, c := range count {
		if c != 250 {
			t.Errorf("cluster %d has %d points", k, c)
		}
	}
}
