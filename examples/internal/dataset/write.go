package dataset

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Read reads the table in the file at path: a NumPy array when the name ends
// in .npy (in any case), CSV otherwise. label is as for ReadCSV and ReadNPY.
func Read(path, label string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		return ReadNPY(f, path, label)
	}
	return ReadCSV(f, path, label)
}

// ClusterColumn returns the name of the column Write adds: "cluster", or
// "meanshift_cluster" when the input already has a column named cluster.
func (t *Table) ClusterColumn() string {
	if slices.Contains(t.columns, "cluster") {
		return "meanshift_cluster"
	}
	return "cluster"
}

// Write writes the table as CSV to w with one more column, ClusterColumn,
// holding clusters[i] for row i. The first line is a header: the input's
// own, or the generated names c1, c2, … . Rows read from CSV are written as
// they were read (cells trimmed); rows of a .npy array in Go's shortest
// round-tripping form. It panics unless len(clusters) is t.N.
func (t *Table) Write(w io.Writer, clusters []int) error {
	if len(clusters) != t.N {
		panic(fmt.Sprintf("dataset: Write: %d cluster labels for %d rows", len(clusters), t.N))
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(append(slices.Clone(t.columns), t.ClusterColumn())); err != nil {
		return err
	}
	width := len(t.columns)
	row := make([]string, width+1)
	for i := range t.N {
		if t.cells != nil {
			copy(row, t.cells[i])
		} else {
			k := 0
			for j := range width {
				if j == t.labelCol {
					row[j] = t.Classes[t.Labels[i]]
					continue
				}
				row[j] = strconv.FormatFloat(t.X[i*t.D+k], 'g', -1, 64)
				k++
			}
		}
		row[width] = strconv.Itoa(clusters[i])
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteFile writes the table with its clusters (see Write) to the file at
// path atomically: into a temporary file in the same folder, renamed to
// path only when everything is written, so that an error leaves no
// half-written file (and an older file at path untouched).
func (t *Table) WriteFile(path string, clusters []int) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = t.Write(f, clusters); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}
