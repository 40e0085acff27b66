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
