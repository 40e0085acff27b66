package msplot

import (
	"flag"
	"image/gif"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/epsilon-engine/epsilon/linalg"
)

var outDir = flag.String("msplot.out", "", "folder to keep the test pictures in, to look at them")

// blobs returns three Gaussian blobs of m points each and their labels.
func blobs(m int) (*linalg.Tensor, []int) {
	r := rand.New(rand.NewPCG(3, 4))
	centres := [][2]float64{{-5, 0}, {4, 3}, {2, -6}}
	var v []float64
	var lab []int
	for k, c := range centres {
		for range m {
			v = append(v, c[0]+r.NormFloat64(), c[1]+r.NormFloat64())
			lab = append(lab, k)
		}
	}
	return linalg.New([]int{len(lab), 2}, v), lab
}

func dir(t *testing.T) string {
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			t.Fatal(err)
		}
		return *outDir
	}
	return t.TempDir()
}

// checkPNG decodes the file and checks its size and that it is not blank.
func checkPNG(t *testing.T, path string, w, h int) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("%s is %d×%d, want %d×%d", path, b.Dx(), b.Dy(), w, h)
	}
	colours := map[[4]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bb, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bb, a}] = true
		}
	}
	if len(colours) < 5 {
		t.Errorf("%s has %d colours: blank?", path, len(colours))
	}
}

func TestScatter(t *testing.T) {
	x, lab := blobs(200)
	lab[0] = -1
	p, err := Scatter(Clusters{Points: x, Labels: lab, Centers: linalg.New([]int{3, 2}, []float64{-5, 0, 4, 3, 2, -6}),
		Title: "three blobs", XLabel: "x₁", YLabel: "x₂"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir(t), "scatter.png")
	if err := SavePNG(p, path, 6*vg.Inch, 4.5*vg.Inch); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path, 576, 432)
}

func TestAnimate(t *testing.T) {
	x, lab := blobs(100)
	frames := []*linalg.Tensor{x}
	// Each frame moves every point halfway to its blob's centre.
	c := []float64{-5, 0, 4, 3, 2, -6}
	for range 3 {
		prev := frames[len(frames)-1].Values()
		next := make([]float64, len(prev))
		for i := range lab {
			for j := range 2 {
				next[2*i+j] = (prev[2*i+j] + c[2*lab[i]+j]) / 2
			}
		}
		frames = append(frames, linalg.New([]int{len(lab), 2}, next))
	}
	g, err := Animate(Animation{Frames: frames, Labels: lab, Centers: linalg.New([]int{3, 2}, c), Title: "test", Width: 4 * vg.Inch, Height: 3 * vg.Inch})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 4 || len(g.Delay) != 4 || g.Delay[3] != 200 {
		t.Fatalf("%d frames, delays %v", len(g.Image), g.Delay)
	}
	if b := g.Image[0].Bounds(); b.Dx() != 384 || b.Dy() != 288 {
		t.Errorf("frame of %v", b)
	}
	path := filepath.Join(dir(t), "animation.gif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := gif.EncodeAll(f, g); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if *outDir != "" { // the last frame as PNG, to look at
		out, _ := os.Create(filepath.Join(*outDir, "animation-last.png"))
		png.Encode(out, g.Image[3])
		out.Close()
	}
	if _, err := Animate(Animation{}); err == nil {
		t.Error("no error for no frames")
	}
}

func TestDensity(t *testing.T) {
	x, _ := blobs(150)
	h := 1.0
	v := x.Values()
	logDensity := func(at *linalg.Tensor) ([]float64, error) {
		a := at.Values()
		out := make([]float64, len(a)/2)
		for j := range out {
			var s float64
			for i := 0; i < len(v); i += 2 {
				dx, dy := a[2*j]-v[i], a[2*j+1]-v[i+1]
				s += math.Exp(-(dx*dx + dy*dy) / (2 * h * h))
			}
			out[j] = math.Log(s)
		}
		return out, nil
	}
	var paths [][]*linalg.Tensor
	for _, start := range [][2]float64{{-2, 2}, {0, -3}, {6, 6}} {
		q := linalg.New([]int{1, 2}, []float64{start[0], start[1]})
		path := []*linalg.Tensor{q}
		for range 15 {
			q = linalg.CPU{}.MeanShiftStep(q, x, h)
			path = append(path, q)
		}
		paths = append(paths, path)
	}
	p, err := Density(DensityPicture{Data: x, LogDensity: logDensity, Paths: paths, Title: "KDE, h = 1", Grid: 60})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir(t), "density.png")
	if err := SavePNG(p, path, 6*vg.Inch, 4.5*vg.Inch); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, path, 576, 432)
	bad := func(at *linalg.Tensor) ([]float64, error) { return make([]float64, 3), nil }
	if _, err := Density(DensityPicture{Data: x, LogDensity: bad}); err == nil {
		t.Error("no error for a log-density of the wrong length")
	}
}

// TestPCA compares with the eigenvectors of the covariance matrix
// (gonum's EigenSym, an independent route) on correlated 3-D data.
func TestPCA(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 500
	v := make([]float64, 0, 3*n)
	for range n {
		a, b, c := 3*r.NormFloat64(), r.NormFloat64(), 0.1*r.NormFloat64()
		v = append(v, 10+a+b, -2+a-b, 7+c)
	}
	x := linalg.New([]int{n, 3}, v)
	p, err := PCA(x)
	if err != nil {
		t.Fatal(err)
	}
	a := mat.NewDense(n, 3, append([]float64(nil), v...))
	var cov mat.SymDense
	covariance(&cov, a)
	var eig mat.EigenSym
	if !eig.Factorize(&cov, true) {
		t.Fatal("EigenSym failed")
	}
	vals := eig.Values(nil) // ascending
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	total := vals[0] + vals[1] + vals[2]
	for k, col := range []int{2, 1} {
		var dot float64
		for j := range 3 {
			dot += p.V.At(j, k) * vecs.At(j, col)
		}
		if math.Abs(math.Abs(dot)-1) > 1e-9 {
			t.Errorf("PC%d: |cos| with the covariance eigenvector = %v, want 1", k+1, math.Abs(dot))
		}
		if math.Abs(p.Explained[k]-vals[col]/total) > 1e-9 {
			t.Errorf("PC%d explains %v, eigenvalues say %v", k+1, p.Explained[k], vals[col]/total)
		}
	}
	proj := p.Apply(x)
	// The projection is centred, and its variances are the top eigenvalues.
	pv := proj.Values()
	for k := range 2 {
		var s, ss float64
		for i := range n {
			s += pv[2*i+k]
			ss += pv[2*i+k] * pv[2*i+k]
		}
		if math.Abs(s/float64(n)) > 1e-9 || math.Abs(ss/float64(n-1)-vals[2-k]) > 1e-8*vals[2-k] {
			t.Errorf("PC%d: mean %v, variance %v, want 0 and %v", k+1, s/float64(n), ss/float64(n-1), vals[2-k])
		}
	}
	if _, err := PCA(linalg.New([]int{1, 3}, []float64{1, 2, 3})); err == nil {
		t.Error("no error for one point")
	}
}

// covariance is the sample covariance of a's columns, written out.
func covariance(dst *mat.SymDense, a *mat.Dense) {
	n, d := a.Dims()
	mean := make([]float64, d)
	for j := range d {
		for i := range n {
			mean[j] += a.At(i, j) / float64(n)
		}
	}
	*dst = *mat.NewSymDense(d, nil)
	for j := range d {
		for k := j; k < d; k++ {
			var s float64
			for i := range n {
				s += (a.At(i, j) - mean[j]) * (a.At(i, k) - mean[k])
			}
			dst.SetSym(j, k, s/float64(n-1))
		}
	}
}
