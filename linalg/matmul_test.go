package linalg

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveMatMul is the triple loop c_ij = Σ_k a_ik b_kj on m×k and k×n matrices.
func naiveMatMul(a, b *Tensor) *Tensor {
	m, k, n := a.Shape()[0], a.Shape()[1], b.Shape()[1]
	c := Zeros(m, n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += a.At(i, p) * b.At(p, j)
			}
			c.Set(s, i, j)
		}
	}
	return c
}

func TestMatMulAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dims := [][3]int{
		{1, 1, 1}, {1, 5, 1}, {1, 7, 4}, {4, 7, 1}, {5, 1, 6}, {3, 4, 5}, {17, 9, 13},
		{64, 33, 20}, {2, 0, 3}, {0, 3, 2}, {3, 2, 0}, {0, 0, 0},
	}
	for _, d := range dims {
		m, k, n := d[0], d[1], d[2]
		a, b := RandNormal(rng, m, k), RandNormal(rng, k, n)
		want := naiveMatMul(a, b).Data()
		name := fmt.Sprintf("%dx%dx%d", m, k, n)
		checkTensor(t, name, MatMul(a, b), []int{m, n}, want, 1e-13)
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			aa, bb := a, b
			if tr[0] {
				aa = Transpose(a)
			}
			if tr[1] {
				bb = Transpose(b)
			}
			got := MatMulT(aa, bb, tr[0], tr[1])
			checkTensor(t, fmt.Sprintf("%s trans %v", name, tr), got, []int{m, n}, want, 1e-13)
			got = CPU{}.MatMul(aa, bb, tr[0], tr[1])
			checkTensor(t, fmt.Sprintf("%s CPU trans %v", name, tr), got, []int{m, n}, want, 1e-13)
		}
	}
}

func TestMatMulVectors(t *testing.T) {
	a := New([]int{2, 3}, []float64{1, 2, 3, 4, 5, 6})
	v3 := New([]int{3}, []float64{1, 0, -1})
	v2 := New([]int{2}, []float64{1, 10})
	cases := []struct {
		name  string
		got   *Tensor
		shape []int
		want  []float64
	}{
		{"matrix·vector", MatMul(a, v3), []int{2}, []float64{-2, -2}},
		{"vector·matrix", MatMul(v2, a), []int{3}, []float64{41, 52, 63}},
		{"vector·vector", MatMul(v3, v3), []int{}, []float64{2}},
		{"aᵀ·vector", MatMulT(a, v2, true, false), []int{3}, []float64{41, 52, 63}},
		{"vector·aᵀ", MatMulT(v3, a, false, true), []int{2}, []float64{-2, -2}},
		{"empty vectors", MatMul(Zeros(0), Zeros(0)), []int{}, []float64{0}},
		{"empty matrix·vector", MatMul(Zeros(0, 3), v3), []int{0}, []float64{}},
		{"k=0 matrix·vector", MatMul(Zeros(2, 0), Zeros(0)), []int{2}, []float64{0, 0}},
	}
	for _, c := range cases {
		checkTensor(t, c.name, c.got, c.shape, c.want, 0)
	}
}

func TestMatMulIEEE(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	rng := rand.New(rand.NewPCG(13, 14))
	cases := []struct {
		name string
		a, b *Tensor
	}{
		{"0·Inf", New([]int{1, 1}, []float64{0}), New([]int{1, 1}, []float64{inf})},
		{"0·NaN row", New([]int{2, 2}, []float64{1, 0, 0, 2}), New([]int{2, 2}, []float64{1, 2, nan, 3})},
		{"Inf in a", New([]int{2, 2}, []float64{inf, 1, 2, 3}), New([]int{2, 2}, []float64{0, 1, 1, 0})},
		{"random with Inf", RandNormal(rng, 5, 4), New([]int{4, 3}, []float64{0, 1, 2, inf, 0, -1, 1, 1, 1, 2, 0, 0})},
	}
	for _, c := range cases {
		want := naiveMatMul(c.a, c.b).Data()
		checkTensor(t, c.name, MatMul(c.a, c.b), []int{c.a.Shape()[0], c.b.Shape()[1]}, want, 1e-13)
		checkTensor(t, c.name+" trans", MatMulT(Transpose(c.a), Transpose(c.b), true, true),
			[]int{c.a.Shape()[0], c.b.Shape()[1]}, want, 1e-13)
		checkTensor(t, c.name+" transA", MatMulT(Transpose(c.a), c.b, true, false),
			[]int{c.a.Shape()[0], c.b.Shape()[1]}, want, 1e-13)
	}
	if got := MatMul(New([]int{1, 1}, []float64{0}), New([]int{1, 1}, []float64{inf})).Item(); !math.IsNaN(got) {
		t.Errorf("0·Inf = %v, want NaN", got)
	}
	if got := MatMul(New([]int{2}, []float64{0, 1}), New([]int{2}, []float64{nan, 1})).Item(); !math.IsNaN(got) {
		t.Errorf("(0,1)·(NaN,1) = %v, want NaN", got)
	}
}

func TestMatMulPanics(t *testing.T) {
	cases := []struct {
		name  string
		f     func()
		parts []string
	}{
		{"inner", func() { MatMul(Zeros(2, 3), Zeros(2, 3)) }, []string{"MatMul", "[2 3]", "[2 3]"}},
		{"vector", func() { MatMul(Zeros(3), Zeros(2)) }, []string{"MatMul", "[3]", "[2]"}},
		{"rank0", func() { MatMul(Scalar(1), Zeros(2)) }, []string{"MatMul", "[]", "[2]"}},
		{"rank3", func() { MatMul(Zeros(2, 2, 2), Zeros(2, 2)) }, []string{"MatMul", "[2 2 2]", "[2 2]"}},
		{"trans", func() { MatMulT(Zeros(2, 3), Zeros(3, 2), false, true) }, []string{"MatMulT", "[2 3]", "[3 2]", "transB=true"}},
		{"trans ok shape wrong flag", func() { MatMulT(Zeros(3, 2), Zeros(3, 4), false, false) }, []string{"MatMulT", "[3 2]", "[3 4]"}},
	}
	for _, c := range cases {
		wantPanic(t, c.name, c.f, c.parts...)
	}
	// The same shapes are fine with the right flag.
	if got := MatMulT(Zeros(3, 2), Zeros(3, 4), true, false).Shape(); !SameShape(got, []int{2, 4}) {
		t.Errorf("MatMulT(3×2ᵀ, 3×4) shape %v", got)
	}
}
