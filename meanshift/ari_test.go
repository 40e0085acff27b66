package meanshift

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// TestARIClosedForm checks small cases worked by hand from Hubert and
// Arabie's formula (index, expected index, maximum index).
func TestARIClosedForm(t *testing.T) {
	cases := []struct {
		name        string
		truth, pred []int
		want        float64
	}{
		// n_ij: 2,1,1 → index 1; a = (2,2) → 2; b = (2,1,1) → 1;
		// expected 2·1/6 = 1/3; max 3/2; ARI = (2/3)/(7/6) = 4/7.
		{"split one cluster", []int{0, 0, 1, 1}, []int{0, 0, 1, 2}, 4.0 / 7},
		// n_ij all 1 → index 0; Σ C(a) = 2, Σ C(b) = 2; expected 4/6;
		// max 2; ARI = (−2/3)/(4/3) = −1/2, the minimum.
		{"crossed", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
		// index 0, Σ C(a) = 0, so expected 0 and ARI = 0/(max) = 0.
		{"singletons vs one", []int{0, 1, 2, 3}, []int{9, 9, 9, 9}, 0},
		{"renamed", []int{0, 0, 1, 1, 2}, []int{7, 7, -1, -1, 3}, 1},
		{"one cluster each", []int{4, 4, 4}, []int{0, 0, 0}, 1},
		{"one point", []int{1}, []int{2}, 1},
		{"empty", nil, nil, 1},
	}
	for _, c := range cases {
		got, err := ARI(c.truth, c.pred)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: ARI = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestARIMatchesScikitLearn compares with sklearn.metrics.adjusted_rand_score
// on the labelings of testdata/ari_sklearn.json (written by ari_sklearn.py).
func TestARIMatchesScikitLearn(t *testing.T) {
	raw, err := os.ReadFile("testdata/ari_sklearn.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Source string
		Cases  []struct {
			Truth, Pred []int
			ARI         float64
		}
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Cases) < 10 {
		t.Fatalf("only %d cases in the reference file", len(ref.Cases))
	}
	for i, c := range ref.Cases {
		got, err := ARI(c.Truth, c.Pred)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.ARI) > 1e-12 {
			t.Errorf("case %d (n=%d): ARI = %.17g, %s gives %.17g", i, len(c.Truth), got, ref.Source, c.ARI)
		}
	}
}

// TestARIProperties: symmetric in its arguments, blind to label names, and
// near 0 for independent random labels.
func TestARIProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 50; trial++ {
		n := 1 + r.IntN(300)
		a, b := make([]int, n), make([]int, n)
		for i := range a {
			a[i] = r.IntN(1 + trial%7)
			b[i] = r.IntN(1 + trial%5)
			if r.IntN(2) == 0 {
				b[i] = a[i]
			}
		}
		ab, _ := ARI(a, b)
		ba, _ := ARI(b, a)
		if math.Abs(ab-ba) > 1e-12 {
			t.Fatalf("not symmetric: %v vs %v", ab, ba)
		}
		renamed := make([]int, n)
		for i, v := range b {
			renamed[i] = 1000 - 3*v
		}
		ar, _ := ARI(a, renamed)
		if math.Abs(ab-ar) > 1e-12 {
			t.Fatalf("renaming labels changed ARI: %v vs %v", ab, ar)
		}
		if ab < -0.5-1e-12 || ab > 1+1e-12 {
			t.Fatalf("ARI %v outside [−1/2, 1]", ab)
		}
	}
	n := 20000
	a, b := make([]int, n), make([]int, n)
	for i := range a {
		a[i], b[i] = r.IntN(4), r.IntN(4)
	}
	if v, _ := ARI(a, b); math.Abs(v) > 0.01 {
		t.Errorf("independent labels: ARI = %v, want about 0", v)
	}
}

func TestARILengthMismatch(t *testing.T) {
	if _, err := ARI([]int{0, 1}, []int{0}); err == nil {
		t.Fatal("no error for labelings of different lengths")
	}
}
