package meanshift

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/epsilon-engine/epsilon/linalg"
)

// readCSV reads a CSV with a header row of numbers into rows.
func readCSV(t testing.TB, path string) [][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	for _, r := range recs[1:] {
		row := make([]float64, len(r))
		for i, s := range r {
			if row[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// lessonData returns the lesson's 1500 points and their true clusters,
// and its six centroids.
func lessonData(t testing.TB) (x *linalg.Tensor, truth []int, centroids [][]float64) {
	rows := readCSV(t, "testdata/lesson12_blobs.csv")
	pts := make([][]float64, len(rows))
	truth = make([]int, len(rows))
	for i, r := range rows {
		pts[i], truth[i] = r[:2], int(r[2])
	}
	x, err := linalg.FromRows(pts)
	if err != nil {
		t.Fatal(err)
	}
	return x, truth, readCSV(t, "testdata/lesson12_centroids.csv")
}

// adjustedRand is the adjusted Rand index of two labelings (Hubert and
// Arabie 1985), from the contingency table: a direct, independent
// implementation for the tests.
func adjustedRand(a, b []int) float64 {
	type pair struct{ x, y int }
	nij := map[pair]int{}
	ai, bj := map[int]int{}, map[int]int{}
	for i := range a {
		nij[pair{a[i], b[i]}]++
		ai[a[i]]++
		bj[b[i]]++
	}
	c2 := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var sij, sa, sb float64
	for _, v := range nij {
		sij += c2(v)
	}
	for _, v := range ai {
		sa += c2(v)
	}
	for _, v := range bj {
		sb += c2(v)
	}
	expected := sa * sb / c2(len(a))
	maxIdx := (sa + sb) / 2
	if maxIdx == expected {
		return 1
	}
	return (sij - expected) / (maxIdx - expected)
}

// matchCentres reports the largest distance from each true centroid to the
// nearest found centre.
func matchCentres(found *linalg.Tensor, truth [][]float64) float64 {
	worst := 0.0
	for _, c := range truth {
		best := math.Inf(1)
		for j := range found.Shape()[0] {
			best = min(best, math.Hypot(found.At(j, 0)-c[0], found.At(j, 1)-c[1]))
		}
		worst = max(worst, best)
	}
	return worst
}

// blobs returns n points in 2-D in 20 Gaussian blobs and each point's
// blob, by the recipe of bench/meanshift_peers.py (which makes the same
// numbers, up to the last bit of sin and cos): SplitMix64 seeded with 12,
// uniforms (z >> 11)·2⁻⁵³; 20 centroids uniform in [−50, 50)², drawn
// first; point i in blob i mod 20, its centroid plus √5·(r cos θ, r sin θ),
// r = √(−2 ln(1 − u₁)), θ = 2π·u₂.
func blobs(n int) (*linalg.Tensor, []int) {
	const k, L = 20, 50.0
	state := uint64(12)
	next := func() float64 {
		state += 0x9E3779B97F4A7C15
		z := state
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		z ^= z >> 31
		return float64(z>>11) * 0x1p-53
	}
	cent := make([]float64, 2*k)
	for i := range cent {
		cent[i] = -L + 2*L*next()
	}
	x := make([]float64, 2*n)
	label := make([]int, n)
	s := math.Sqrt(5)
	for i := range n {
		u1, u2 := next(), next()
		r, th := math.Sqrt(-2*math.Log1p(-u1)), 2*math.Pi*u2
		c := i % k
		label[i] = c
		x[2*i] = cent[2*c] + s*r*math.Cos(th)
		x[2*i+1] = cent[2*c+1] + s*r*math.Sin(th)
	}
	return linalg.New([]int{n, 2}, x), label
}
