package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/epsilon-engine/epsilon/examples/internal/dataset"
	"github.com/epsilon-engine/epsilon/linalg"
)

// The lesson's fixtures, shipped inside the program so that the tour runs
// from any folder: the mean shift data (6 clusters of 250 points in 2-D:
// x, y, true cluster) and its centroids; the matmul data (5 MNIST digits
// as raw pixel bytes, the 784×10 weights, and their product as the lesson
// prints it).
var (
	//go:embed data/lesson12_blobs.csv
	lessonBlobsCSV []byte
	//go:embed data/lesson12_centroids.csv
	lessonCentroidsCSV []byte
	//go:embed data/lesson12_mnist_valid5.csv
	lessonDigitsCSV []byte
	//go:embed data/lesson12_weights.csv
	lessonWeightsCSV []byte
	//go:embed data/lesson12_t1.csv
	lessonProductCSV []byte
)

// parseCSV reads rows of numbers, after a header line if header is set;
// the matmul fixtures are bare matrices, which need no more.
func parseCSV(data []byte, name string, header bool) ([][]float64, error) {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	first := 0
	if header {
		first = 1
	}
	var rows [][]float64
	for i, rec := range recs[first:] {
		var row []float64
		for j, f := range rec {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: line %d, column %d: %w", name, first+i+1, j+1, err)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// lessonData returns the mean shift points (1500×2), their true clusters
// and the centroids (6×2), read as examples/meanshift reads a CSV.
func lessonData() (points *linalg.Tensor, truth []int, centroids *linalg.Tensor, err error) {
	blobs, err := dataset.ReadCSV(bytes.NewReader(lessonBlobsCSV), "lesson12_blobs.csv", "cluster")
	if err != nil {
		return nil, nil, nil, err
	}
	cents, err := dataset.ReadCSV(bytes.NewReader(lessonCentroidsCSV), "lesson12_centroids.csv", "")
	if err != nil {
		return nil, nil, nil, err
	}
	// Labels index Classes ("0" … "5" in order of first appearance): map
	// them back to the true cluster numbers.
	for _, l := range blobs.Labels {
		k, err := strconv.Atoi(blobs.Classes[l])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("lesson12_blobs.csv: cluster %q is not a number", blobs.Classes[l])
		}
		truth = append(truth, k)
	}
	return linalg.New([]int{blobs.N, blobs.D}, blobs.X), truth, linalg.New([]int{cents.N, cents.D}, cents.X), nil
}

// lessonMatmul returns the lesson's 5 digits scaled by 1/256 (5×784), the
// weights (784×10) and the product the lesson printed (5×10, 6 decimals).
func lessonMatmul() (digits, weights, product *linalg.Tensor, err error) {
	var ts [3]*linalg.Tensor
	for i, f := range []struct {
		data []byte
		name string
	}{{lessonDigitsCSV, "lesson12_mnist_valid5.csv"}, {lessonWeightsCSV, "lesson12_weights.csv"}, {lessonProductCSV, "lesson12_t1.csv"}} {
		rows, err := parseCSV(f.data, f.name, false)
		if err != nil {
			return nil, nil, nil, err
		}
		if ts[i], err = linalg.FromRows(rows); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return linalg.Scale(1.0/256, ts[0]), ts[1], ts[2], nil
}
