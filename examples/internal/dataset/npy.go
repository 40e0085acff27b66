package dataset

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"

	"codeberg.org/sbinet/npyio"
)

// ReadNPY reads a NumPy .npy array of points from r (through
// codeberg.org/sbinet/npyio); source names it in errors. The array is n×d,
// or n for one feature, of any float or integer dtype. label, when not
// empty, names the ground-truth column: c1, c2, … or a 1-based index.
// Rows and columns in errors are 1-based array indices.
func ReadNPY(r io.Reader, source, label string) (*Table, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	if len(raw) == 0 {
		return nil, &Error{File: source, Msg: "the file is empty"}
	}
	vals, shape, err := decodeNPY(raw)
	if err != nil {
		return nil, &Error{File: source, Msg: "not a .npy array of numbers: " + err.Error()}
	}
	var n, width int
	switch len(shape) {
	case 1:
		n, width = shape[0], 1
	case 2:
		n, width = shape[0], shape[1]
	default:
		return nil, &Error{File: source, Msg: fmt.Sprintf("array of shape %v, want n×d (or n)", shape)}
	}
	if n == 0 || width == 0 {
		return nil, &Error{File: source, Msg: fmt.Sprintf("no points: the array's shape is %v", shape)}
	}

	t := &Table{Source: source, N: n, columns: make([]string, width), labelCol: -1}
	for j := range t.columns {
		t.columns[j] = "c" + strconv.Itoa(j+1)
	}
	if err := t.splitColumns(source, label); err != nil {
		return nil, err
	}
	t.X = make([]float64, 0, n*t.D)
	var labelText []string
	for i := range n {
		for j := range width {
			v := vals[i*width+j]
			if j == t.labelCol {
				labelText = append(labelText, strconv.FormatFloat(v, 'g', -1, 64))
				continue
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &Error{File: source, Row: i + 1, Col: j + 1, Column: t.columns[j],
					Msg: fmt.Sprintf("%v is not allowed (want finite numbers)", v)}
			}
			t.X = append(t.X, v)
		}
	}
	if t.labelCol >= 0 {
		t.Labels, t.Classes = classes(labelText)
	}
	return t, nil
}

// decodeNPY returns the array in raw as float64 values in C (row-major)
// order, and its shape. A malformed file is an error, never a panic or an
// allocation beyond the file's size.
func decodeNPY(raw []byte) (vals []float64, shape []int, err error) {
	defer func() {
		// npyio is not written for hostile input; whatever it trips over
		// in a malformed file is that file's error, not a crash.
		if p := recover(); p != nil {
			vals, shape, err = nil, nil, fmt.Errorf("malformed file (%v)", p)
		}
	}()
	rd, err := npyio.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, err
	}
	h := rd.Header.Descr
	shape = h.Shape
	typ := npyio.TypeFrom(h.Type)
	if typ == nil {
		return nil, nil, fmt.Errorf("unsupported dtype %q", h.Type)
	}
	switch typ.Kind() {
	case reflect.Float32, reflect.Float64,
		reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return nil, nil, fmt.Errorf("dtype %q is not a float or integer type", h.Type)
	}
	count := 1
	for _, s := range shape {
		if s < 0 || (s > 0 && count > len(raw)/s) {
			return nil, nil, fmt.Errorf("shape %v does not fit in a file of %d bytes", shape, len(raw))
		}
		count *= s
	}
	if need, have := int64(count)*int64(typ.Size()), int64(len(raw)-dataOffset(raw)); need != have {
		return nil, nil, fmt.Errorf("shape %v of %s needs %d bytes of data, the file has %d", shape, h.Type, need, have)
	}
	if count == 0 {
		return nil, shape, nil
	}
	ptr := reflect.New(reflect.SliceOf(typ))
	if err := rd.Read(ptr.Interface()); err != nil && err != io.EOF {
		return nil, nil, err
	}
	s := ptr.Elem()
	if s.Len() != count {
		return nil, nil, fmt.Errorf("read %d values, the shape %v has %d", s.Len(), shape, count)
	}
	vals = make([]float64, count)
	for i := range vals {
		switch e := s.Index(i); e.Kind() {
		case reflect.Float32, reflect.Float64:
			vals[i] = e.Float()
		case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			vals[i] = float64(e.Int())
		default:
			vals[i] = float64(e.Uint())
		}
	}
	if h.Fortran && len(shape) == 2 {
		n, d := shape[0], shape[1]
		c := make([]float64, count)
		for j := range d {
			for i := range n {
				c[i*d+j] = vals[j*n+i]
			}
		}
		vals = c
	}
	return vals, shape, nil
}

// dataOffset returns where the data of a .npy file start, after the magic
// string, the version, the header's length (2 bytes in version 1, 4 after)
// and the header. NewReader has checked that much of the file is there.
func dataOffset(raw []byte) int {
	if raw[6] == 1 {
		return 10 + int(binary.LittleEndian.Uint16(raw[8:10]))
	}
	return 12 + int(binary.LittleEndian.Uint32(raw[8:12]))
}
