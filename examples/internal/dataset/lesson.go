package dataset

import (
	"bytes"
	_ "embed"
)

//go:embed lesson12_blobs.csv
var lessonBlobs []byte

// LessonName is the Source of the table Lesson returns.
const LessonName = "lesson12_blobs.csv (the lesson's data, embedded)"

// Lesson returns the lesson's 1500 points: 6 Gaussian blobs of 250 points
// in 2-D (x, y), with the true blob of each point (0–5) as the label column
// "cluster" when label is "cluster" (or "3"), or as a third feature when
// label is "". The data are fast.ai's lesson 12 notebook's, exactly.
func Lesson(label string) (*Table, error) {
	return ReadCSV(bytes.NewReader(lessonBlobs), LessonName, label)
}
