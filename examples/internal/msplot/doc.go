// Package msplot draws the pictures of mean shift clustering with
// gonum.org/v1/plot: the clustered points with their centres (Scatter), one
// frame per iteration as an animated GIF (Animate, as in the lesson's
// animation), and the kernel density estimate as contours with the paths
// of a few points climbing to its modes (Density). PCA projects data of
// more than two dimensions onto its first two principal components
// (gonum's stat.PC) so that it can be drawn.
//
// All points are 2-D here: n×2 tensors, row i a point (x, y). Labels are
// cluster numbers 0, 1, … (−1 for a point left out of every cluster,
// drawn grey). Pictures of more than MaxDrawn points draw an evenly spaced
// subset of them and say so in the title, since a plot of a million glyphs
// takes long and shows no more.
package msplot
