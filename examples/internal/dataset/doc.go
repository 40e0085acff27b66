// Package dataset reads a table of points — a CSV or a NumPy .npy file — into
// the n×d feature matrix that clustering works on, with an optional
// ground-truth label column taken out of the features, and writes the table
// back with one more column (the cluster of each row), atomically.
//
// A CSV file has one point per row and one feature per column. The first row
// is a header when none of its cells is a number (so "x,y,cluster" is a
// header, and a first row with one mistyped number is reported as an error,
// not silently taken for names). Cells may be surrounded by spaces; lines
// starting with # are comments. Every cell of a feature column must be a
// finite number: an empty cell, text, NaN or ±Inf is an error that names the
// file, the row and the column. Rows are counted as a spreadsheet shows them,
// 1-based and including the header, so "row 3" is the file's third line
// (for a file without quoted line breaks).
//
// A .npy file holds a 2-D array (n×d) or a 1-D one (n points of one
// feature) of any float or integer dtype, in C or Fortran order; its columns
// are named c1, c2, … . The -label column of a .npy file is one of its
// columns, whose values are the classes.
//
// The label column (named by its header name, or by its 1-based index) may
// hold any text; each distinct value is one class, numbered in order of
// first appearance.
package dataset
