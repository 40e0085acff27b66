package linalg

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestBroadcastShapes(t *testing.T) {
	cases := []struct {
		a, b, want []int
	}{
		{[]int{3, 1}, []int{1, 4}, []int{3, 4}},
		{[]int{2, 3}, []int{3}, []int{2, 3}},
		{[]int{}, []int{2, 3}, []int{2, 3}},
		{[]int{2, 3}, []int{}, []int{2, 3}},
		{[]int{}, []int{}, []int{}},
		{[]int{0, 3}, []int{3}, []int{0, 3}},
		{[]int{0, 1}, []int{1, 5}, []int{0, 5}},
		{[]int{1}, []int{0}, []int{0}},
		{[]int{4, 1, 2}, []int{3, 1}, []int{4, 3, 2}},
		{[]int{1, 1}, []int{1}, []int{1, 1}},
	}
	for _, c := range cases {
		if got := BroadcastShapes("Test", c.a, c.b); !SameShape(got, c.want) {
			t.Errorf("BroadcastShapes(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestBroadcastPanicNamesOpAndShapes(t *testing.T) {
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"Add", func() { Add(Zeros(2, 3), Zeros(4)) }, "linalg: Add: shapes [2 3] and [4] do not broadcast"},
		{"Sub", func() { Sub(Zeros(2), Zeros(3)) }, "linalg: Sub: shapes [2] and [3] do not broadcast"},
		{"Mul", func() { Mul(Zeros(0), Zeros(2)) }, "linalg: Mul: shapes [0] and [2] do not broadcast"},
		{"Map2", func() {
			Map2("Pow", Zeros(3, 2), Zeros(2, 2), math.Pow)
		}, "linalg: Pow: shapes [3 2] and [2 2] do not broadcast"},
	}
	for _, c := range cases {
		if got := panicMessage(c.f); got != c.want {
			t.Errorf("%s: panic %q, want %q", c.name, got, c.want)
		}
	}
	wantPanic(t, "BroadcastTo", func() { BroadcastTo(Zeros(3), []int{1}) }, "BroadcastTo", "[3]", "[1]")
	wantPanic(t, "BroadcastTo incompatible", func() { BroadcastTo(Zeros(3), []int{2, 4}) }, "BroadcastTo", "[3]", "[2 4]")
	wantPanic(t, "SumTo", func() { SumTo(Zeros(2, 3), []int{2}) }, "SumTo", "[2]", "[2 3]")
	wantPanic(t, "SumTo bigger", func() { SumTo(Zeros(3), []int{2, 3}) }, "SumTo", "[2 3]", "[3]")
}

func TestBinaryOpsBroadcast(t *testing.T) {
	col := New([]int{3, 1}, []float64{1, 2, 3})
	row := New([]int{1, 4}, []float64{10, 20, 30, 40})
	m23 := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	v3 := New([]int{3}, []float64{10, 20, 30})
	nan := math.NaN()
	cases := []struct {
		name  string
		got   *Tensor
		shape []int
		want  []float64
	}{
		{"[3,1]+[1,4]", Add(col, row), []int{3, 4}, []float64{11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43}},
		{"[1,4]-[3,1]", Sub(row, col), []int{3, 4}, []float64{9, 19, 29, 39, 8, 18, 28, 38, 7, 17, 27, 37}},
		{"scalar+matrix", Add(Scalar(100), m23), []int{2, 3}, []float64{101, 102, 103, 104, 105, 106}},
		{"matrix*scalar", Mul(m23, Scalar(2)), []int{2, 3}, []float64{2, 4, 6, 8, 10, 12}},
		{"[2,3]+[3]", Add(m23, v3), []int{2, 3}, []float64{11, 22, 33, 14, 25, 36}},
		{"[3]/[2,3]", Div(v3, m23), []int{2, 3}, []float64{10, 10, 10, 2.5, 4, 5}},
		{"rank0+rank0", Add(Scalar(1), Scalar(2)), []int{}, []float64{3}},
		{"[1]+rank0", Add(New([]int{1}, []float64{1}), Scalar(2)), []int{1}, []float64{3}},
		{"[0,3]+[3]", Add(Zeros(0, 3), v3), []int{0, 3}, []float64{}},
		{"[0,1]*[1,5]", Mul(Zeros(0, 1), Zeros(1, 5)), []int{0, 5}, []float64{}},
		{"[1]+[0]", Add(Scalar(1).Reshape(1), Zeros(0)), []int{0}, []float64{}},
		{"same shape", Sub(m23, m23), []int{2, 3}, []float64{0, 0, 0, 0, 0, 0}},
		{"[2,1,2]*[3,1]", Mul(New([]int{2, 1, 2}, []float64{1, 2, 3, 4}), New([]int{3, 1}, []float64{1, 10, 100})),
			[]int{2, 3, 2}, []float64{1, 2, 10, 20, 100, 200, 3, 4, 30, 40, 300, 400}},
		{"IEEE", Div(New([]int{3}, []float64{1, 0, nan}), Scalar(0)), []int{3}, []float64{math.Inf(1), nan, nan}},
	}
	for _, c := range cases {
		checkTensor(t, c.name, c.got, c.shape, c.want, 0)
	}
}

func TestBroadcastToAndSumTo(t *testing.T) {
	cases := []struct {
		name      string
		in        *Tensor
		to        []int
		want      []float64
		sumToWant []float64 // SumTo(BroadcastTo(in, to), in.Shape())
	}{
		{"column", New([]int{3, 1}, []float64{1, 2, 3}), []int{3, 4},
			[]float64{1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, []float64{4, 8, 12}},
		{"vector to matrix", New([]int{3}, []float64{1, 2, 3}), []int{2, 3},
			[]float64{1, 2, 3, 1, 2, 3}, []float64{2, 4, 6}},
		{"scalar", Scalar(5), []int{2, 2}, []float64{5, 5, 5, 5}, []float64{20}},
		{"middle axis", New([]int{2, 1, 2}, []float64{1, 2, 3, 4}), []int{2, 3, 2},
			[]float64{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, []float64{3, 6, 9, 12}},
		{"same", New([]int{2}, []float64{1, 2}), []int{2}, []float64{1, 2}, []float64{1, 2}},
		{"to empty", New([]int{1, 3}, []float64{1, 2, 3}), []int{0, 3}, []float64{}, []float64{0, 0, 0}},
	}
	for _, c := range cases {
		b := BroadcastTo(c.in, c.to)
		checkTensor(t, c.name+" BroadcastTo", b, c.to, c.want, 0)
		s := SumTo(b, c.in.Shape())
		checkTensor(t, c.name+" SumTo", s, c.in.Shape(), c.sumToWant, 0)
	}
	// SumTo of a general tensor: sums over the broadcast axes only.
	g := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	checkTensor(t, "SumTo [2,3]→[3]", SumTo(g, []int{3}), []int{3}, []float64{5, 7, 9}, 0)
	checkTensor(t, "SumTo [2,3]→[1,3]", SumTo(g, []int{1, 3}), []int{1, 3}, []float64{5, 7, 9}, 0)
	checkTensor(t, "SumTo [2,3]→[2,1]", SumTo(g, []int{2, 1}), []int{2, 1}, []float64{6, 15}, 0)
	checkTensor(t, "SumTo [2,3]→[]", SumTo(g, []int{}), []int{}, []float64{21}, 0)
	checkTensor(t, "SumTo [2,3]→[1,1]", SumTo(g, []int{1, 1}), []int{1, 1}, []float64{21}, 0)
	// SumTo is the adjoint of BroadcastTo: <BroadcastTo(x), y> = <x, SumTo(y)>.
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sh := range [][2][]int{{{3, 1}, {2, 3, 4}}, {{4}, {3, 4}}, {{1, 2, 1}, {3, 2, 5}}} {
		x, y := RandNormal(rng, sh[0]...), RandNormal(rng, sh[1]...)
		l, r := Dot(BroadcastTo(x, sh[1]), y), Dot(x, SumTo(y, sh[0]))
		if !approx(l, r, 1e-12) {
			t.Errorf("adjoint %v→%v: %v != %v", sh[0], sh[1], l, r)
		}
	}
}

func TestElementwise(t *testing.T) {
	x := New([]int{2, 2}, []float64{1, -2, 3, -4})
	checkTensor(t, "Map", Map(x, math.Abs), []int{2, 2}, []float64{1, 2, 3, 4}, 0)
	checkTensor(t, "Scale", Scale(-2, x), []int{2, 2}, []float64{-2, 4, -6, 8}, 0)
	if got := Dot(x, New([]int{4}, []float64{1, 1, 1, 1})); got != -2 {
		t.Errorf("Dot = %v, want -2", got)
	}
	wantPanic(t, "Dot lengths", func() { Dot(Zeros(2), Zeros(3)) }, "Dot", "[2]", "[3]")
	if got := Dot(Zeros(0), Zeros(2, 0)); got != 0 {
		t.Errorf("Dot of empty = %v", got)
	}
	e := Zeros(3, 0)
	for name, r := range map[string]*Tensor{"Map": Map(e, math.Exp), "Scale": Scale(2, e)} {
		checkTensor(t, name+" empty", r, []int{3, 0}, []float64{}, 0)
	}
}
