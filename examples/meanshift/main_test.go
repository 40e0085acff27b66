package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"image/gif"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"github.com/epsilon-engine/epsilon/meanshift"
)

// runCmd runs the command in-process with args and returns its stdout,
// stderr and error.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// readLabels reads the -out file: the true and the found cluster of each row.
func readLabels(t *testing.T, path string) (truth, found []int) {
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
	if h := strings.Join(recs[0], ","); h != "x,y,cluster,meanshift_cluster" {
		t.Fatalf("header %q", h)
	}
	for _, r := range recs[1:] {
		a, err1 := strconv.Atoi(r[2])
		b, err2 := strconv.Atoi(r[3])
		if err1 != nil || err2 != nil {
			t.Fatalf("row %q", r)
		}
		truth, found = append(truth, a), append(found, b)
	}
	return truth, found
}

// centroids reads the lesson's true centres.
func centroids(t *testing.T) [][2]float64 {
	raw, err := os.ReadFile("testdata/lesson12_centroids.csv")
	if err != nil {
		t.Fatal(err)
	}
	var cs [][2]float64
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n")[1:] {
		f := strings.Split(line, ",")
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		cs = append(cs, [2]float64{x, y})
	}
	return cs
}

var centreLine = regexp.MustCompile(`(?m)^\s+\d+\s+(\d+)\s+(\S+), (\S+)$`)

// TestLessonData: the lesson's data, embedded, with the automatic bandwidth
// and with h = 2.5: 6 clusters, ARI ≥ 0.99 (computed here from the -out
// file), every printed centre within 0.5 of a true centroid, and every
// picture a valid image.
func TestLessonData(t *testing.T) {
	for _, bw := range []string{"auto", "2.5"} {
		dir := t.TempDir()
		out := filepath.Join(dir, "labels.csv")
		args := []string{"-bandwidth", bw, "-out", out}
		if bw == "auto" {
			args = append(args, "-plot", filepath.Join(dir, "c.png"), "-animate", filepath.Join(dir, "a.gif"), "-density", filepath.Join(dir, "d.png"))
		}
		stdout, _, err := runCmd(t, args...)
		if err != nil {
			t.Fatalf("h=%s: %v\n%s", bw, err, stdout)
		}
		if !strings.Contains(stdout, "clusters    6\n") {
			t.Errorf("h=%s: not 6 clusters:\n%s", bw, stdout)
		}
		truth, found := readLabels(t, out)
		if len(truth) != 1500 {
			t.Fatalf("%d rows written", len(truth))
		}
		ari, err := meanshift.ARI(truth, found)
		if err != nil || ari < 0.99 {
			t.Errorf("h=%s: ARI %v (%v), want ≥ 0.99", bw, ari, err)
		}
		if !strings.Contains(stdout, "ARI         "+strconv.FormatFloat(ari, 'f', 4, 64)) {
			t.Errorf("h=%s: the printed ARI is not %.4f:\n%s", bw, ari, stdout)
		}
		ms := centreLine.FindAllStringSubmatch(stdout, -1)
		if len(ms) != 6 {
			t.Fatalf("h=%s: %d centre lines:\n%s", bw, len(ms), stdout)
		}
		for _, m := range ms {
			x, _ := strconv.ParseFloat(m[2], 64)
			y, _ := strconv.ParseFloat(m[3], 64)
			best := math.Inf(1)
			for _, c := range centroids(t) {
				best = min(best, math.Hypot(x-c[0], y-c[1]))
			}
			if best > 0.5 {
				t.Errorf("h=%s: centre (%v, %v) is %.2f from the nearest true centroid", bw, x, y, best)
			}
		}
		if bw != "auto" {
			continue
		}
		for _, p := range []string{"c.png", "d.png"} {
			checkPNG(t, filepath.Join(dir, p))
		}
		f, err := os.Open(filepath.Join(dir, "a.gif"))
		if err != nil {
			t.Fatal(err)
		}
		g, err := gif.DecodeAll(f)
		f.Close()
		if err != nil || len(g.Image) < 2 {
			t.Errorf("animation: %v, %d frames", err, len(g.Image))
		}
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("%s is only %v", path, b)
	}
}

// TestBadInput: each bad input is an error naming the file and, where
// there is one, the row and column; and leaves no -out file.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	three := write("three.csv", "a,b,c\n1,2,3\n4,5,6\n")
	cases := []struct {
		name string
		args []string
		want []string // substrings of the error
	}{
		{"empty file", []string{"-in", write("empty.csv", "")}, []string{"empty.csv", "empty"}},
		{"header only", []string{"-in", write("header.csv", "x,y\n")}, []string{"header.csv", "no data rows"}},
		{"no numeric columns", []string{"-in", write("labels.csv", "kind\na\nb\n"), "-label", "kind"}, []string{"labels.csv", "no numeric columns"}},
		{"ragged rows", []string{"-in", write("ragged.csv", "x,y\n1,2\n3,4,5\n")}, []string{"ragged.csv", "row 3", "3 cells", "row 1 has 2"}},
		{"NaN", []string{"-in", write("nan.csv", "x,y\n1,2\n3,NaN\n")}, []string{"nan.csv", "row 3, column 2 (y)", "NaN"}},
		{"Inf", []string{"-in", write("inf.csv", "x,y\n1,2\n+Inf,4\n")}, []string{"inf.csv", "row 3, column 1 (x)", "infinite"}},
		{"text", []string{"-in", write("text.csv", "x,y\n1,2\n3,four\n")}, []string{"text.csv", "row 3, column 2 (y)", `"four" is not a number`}},
		{"bandwidth negative", []string{"-in", three, "-bandwidth", "-1"}, []string{"-bandwidth -1", "positive"}},
		{"bandwidth zero", []string{"-in", three, "-bandwidth", "0"}, []string{"-bandwidth 0", "positive"}},
		{"bandwidth NaN", []string{"-in", three, "-bandwidth", "NaN"}, []string{"-bandwidth NaN", "positive"}},
		{"bandwidth text", []string{"-in", three, "-bandwidth", "wide"}, []string{"-bandwidth wide"}},
		{"label missing", []string{"-in", three, "-label", "species"}, []string{"three.csv", `label column "species" not found`, "a, b, c"}},
		{"plot 3-D", []string{"-in", three, "-plot", filepath.Join(dir, "p.png")}, []string{"three.csv", "3 features", "-pca"}},
		{"animate 3-D", []string{"-in", three, "-animate", filepath.Join(dir, "p.gif")}, []string{"three.csv", "-pca"}},
		{"density 3-D", []string{"-in", three, "-density", filepath.Join(dir, "p.png"), "-pca"}, []string{"three.csv", "-density", "2-D"}},
		{"kernel", []string{"-in", three, "-kernel", "cosine"}, []string{"-kernel cosine"}},
		{"missing file", []string{"-in", filepath.Join(dir, "nope.csv")}, []string{"nope.csv"}},
		{"stray argument", []string{"points.csv"}, []string{"unexpected argument"}},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-")+".csv")
		_, _, err := runCmd(t, append(c.args, "-out", out)...)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
		if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
			t.Errorf("%s: the -out file exists after the error", c.name)
		}
	}
	// Nothing else was left in the folder (no temporary files either).
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "out-") || strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "p.") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestDegenerate: all points identical, or one point, give one cluster,
// with the automatic bandwidth (meanshift takes h = 1 there: any h gives
// the same answer) and with a given one.
func TestDegenerate(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"same.csv": "x,y\n3,4\n3,4\n3,4\n3,4\n",
		"one.csv":  "x,y\n3,4\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out-"+name)
		if stdout, _, err := runCmd(t, "-in", p); err != nil || !strings.Contains(stdout, "clusters    1\n") {
			t.Errorf("%s, automatic bandwidth: error %v, want one cluster:\n%s", name, err, stdout)
		}
		stdout, _, err := runCmd(t, "-in", p, "-out", out, "-bandwidth", "1")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(stdout, "clusters    1\n") {
			t.Errorf("%s: not one cluster:\n%s", name, stdout)
		}
		raw, _ := os.ReadFile(out)
		if n := strings.Count(string(raw), ",0\n"); n != strings.Count(content, "\n")-1 {
			t.Errorf("%s: labels written:\n%s", name, raw)
		}
	}
}

// TestNPYAndPCA: a 3-D .npy file with a class column, standardised,
// clustered and drawn through its principal components.
func TestNPYAndPCA(t *testing.T) {
	dir := t.TempDir()
	// Two well-separated 3-D Gaussian blobs of 100 points, class in column 4.
	r := rand.New(rand.NewPCG(7, 8))
	var v []float64
	for i := range 200 {
		k := float64(i / 100)
		v = append(v, 10*k+r.NormFloat64(), -8*k+r.NormFloat64(), 6*k+r.NormFloat64(), k)
	}
	p := filepath.Join(dir, "pts.npy")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := npyio.Write(f, mat.NewDense(200, 4, v)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	png := filepath.Join(dir, "pca.png")
	stdout, _, err := runCmd(t, "-in", p, "-label", "4", "-standardize", "-plot", png, "-pca", "-out", filepath.Join(dir, "o.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "clusters    2\n") || !strings.Contains(stdout, "ARI         1.0000") {
		t.Errorf("want 2 clusters, ARI 1:\n%s", stdout)
	}
	checkPNG(t, png)
}

// TestProgressBar: 20,000 points or more show a progress bar on stderr;
// -quiet hides it.
func TestProgressBar(t *testing.T) {
	if testing.Short() {
		t.Skip("clusters 20,000 points")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("x,y\n")
	for i := range progressFrom {
		b.WriteString(strconv.Itoa(i%100) + "," + strconv.Itoa((i/100)%7*50) + "\n")
	}
	p := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCmd(t, "-in", p, "-seeding", "bins", "-bandwidth", "3")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "mean shift") {
		t.Errorf("no progress bar on stderr: %q", stderr)
	}
	_, stderr, err = runCmd(t, "-in", p, "-seeding", "bins", "-bandwidth", "3", "-quiet")
	if err != nil || stderr != "" {
		t.Errorf("-quiet: %v, stderr %q", err, stderr)
	}
}

// TestExitStatus builds the command and checks its exit status: 0 on
// success, 1 for bad data, 2 for a bad flag.
func TestExitStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "meanshift")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("x,y\n1,oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{nil, 0},
		{[]string{"-in", bad}, 1},
		{[]string{"-kernel", "cosine"}, 2},
		{[]string{"-nosuchflag"}, 2},
	} {
		cmd := exec.Command(bin, c.args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code {
			t.Errorf("%v: exit status %d, want %d (stderr %q)", c.args, code, c.code, stderr.String())
		}
		if code == 1 && !strings.Contains(stderr.String(), "meanshift: "+bad+": row 2, column 2 (y)") {
			t.Errorf("%v: stderr %q", c.args, stderr.String())
		}
	}
}
