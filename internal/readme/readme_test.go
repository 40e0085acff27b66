package readme

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

const root = "../.."

// block is a fenced block of the README with the marker before it.
type block struct {
	kind, arg string // "code" or "output", and what the marker names
	line      int    // where the marker is (1-based)
	text      string // the block's lines, without the fences
}

var marker = regexp.MustCompile(`^<!-- (code|example-output|output): (.+?) -->$`)

func readmeBlocks(t *testing.T) []block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var blocks []block
	for i := 0; i < len(lines); i++ {
		m := marker.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			t.Fatalf("README.md:%d: a marker must be followed by a fenced block", i+1)
		}
		end := i + 2
		for end < len(lines) && !strings.HasPrefix(lines[end], "```") {
			end++
		}
		blocks = append(blocks, block{kind: m[1], arg: m[2], line: i + 1, text: strings.Join(lines[i+2:end], "\n")})
		i = end
	}
	return blocks
}

func TestREADMEHasMarkedBlocks(t *testing.T) {
	kinds := map[string]int{}
	for _, b := range readmeBlocks(t) {
		kinds[b.kind]++
	}
	if kinds["code"] < 2 || kinds["output"] < 2 {
		t.Errorf("README has %d code and %d output blocks marked; want the examples' code and output checked", kinds["code"], kinds["output"])
	}
}

// markedFunction reads the function a code or example-output marker names
// ("file function"): its body and its Output comment. A bad marker or a
// missing function is reported as the block's error, and ok is false.
func markedFunction(t *testing.T, b block) (file, name, body, output string, ok bool) {
	t.Helper()
	file, name, ok = strings.Cut(b.arg, " ")
	if !ok {
		t.Errorf("README.md:%d: %s marker %q: want a file and a function", b.line, b.kind, b.arg)
		return
	}
	body, output, err := functionBody(filepath.Join(root, file), name)
	if err != nil {
		t.Errorf("README.md:%d: %v", b.line, err)
		return file, name, "", "", false
	}
	return file, name, body, output, true
}

// TestREADMECode: a marked Go block is the body of the Example it names,
// without the Output comment.
func TestREADMECode(t *testing.T) {
	for _, b := range readmeBlocks(t) {
		if b.kind != "code" {
			continue
		}
		file, name, body, _, ok := markedFunction(t, b)
		if !ok {
			continue
		}
		if strings.TrimSpace(b.text) != strings.TrimSpace(body) {
			t.Errorf("README.md:%d: the block differs from %s in %s; it should read:\n%s", b.line, name, file, body)
		}
	}
}

// TestREADMEExampleOutput: a text block marked with an Example is that
// Example's Output comment, which go test checks against what it prints.
func TestREADMEExampleOutput(t *testing.T) {
	for _, b := range readmeBlocks(t) {
		if b.kind != "example-output" {
			continue
		}
		file, name, _, output, ok := markedFunction(t, b)
		if !ok {
			continue
		}
		if output == "" {
			t.Errorf("README.md:%d: %s in %s has no Output comment to check the block against", b.line, name, file)
			continue
		}
		if strings.TrimSpace(b.text) != strings.TrimSpace(output) {
			t.Errorf("README.md:%d: the block differs from the Output of %s in %s; it should read:\n%s", b.line, name, file, output)
		}
	}
}

// functionBody returns the statements of the named function as gofmt
// prints them, dedented by one tab, with the trailing Output comment cut,
// and the text of that Output comment (empty if there is none).
func functionBody(path, name string) (body, output string, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return "", "", err
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name {
			continue
		}
		var buf bytes.Buffer
		cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
		if err := cfg.Fprint(&buf, fset, &printer.CommentedNode{Node: fn, Comments: f.Comments}); err != nil {
			return "", "", err
		}
		src := buf.String()
		src = src[strings.Index(src, "{\n")+2 : strings.LastIndex(src, "}")]
		if i := strings.Index(src, "\t// Output:"); i >= 0 {
			var lines []string
			for j, l := range strings.Split(strings.TrimRight(src[i:], "\n"), "\n") {
				if j == 0 { // "// Output:" and what may follow it on its line
					l = strings.TrimSpace(strings.TrimPrefix(l, "\t// Output:"))
					if l == "" {
						continue
					}
				} else {
					l = strings.TrimPrefix(strings.TrimPrefix(l, "\t//"), " ")
				}
				lines = append(lines, l)
			}
			output = strings.Join(lines, "\n")
			src = src[:i]
		}
		var out []string
		for _, l := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
			out = append(out, strings.TrimPrefix(l, "\t"))
		}
		return strings.Join(out, "\n"), output, nil
	}
	return "", "", fmt.Errorf("%s: no function %s: %w", path, name, os.ErrNotExist)
}

// exactDigits reports whether this machine computes the README's sample
// output digit for digit. The samples were made on x86-64 with AVX2 and FMA,
// where Go's math.Exp runs its assembly with fused multiply-adds; without
// them (older x86, or GODEBUG=cpu.fma=off) and on arm64 (where the compiler
// fuses x*y+z) the last bits of such values differ, and the
// roundoff-dominated digits the samples show on purpose (a finite difference
// at h = 1e-11, an error estimate of 1e-13) differ with them.
func exactDigits() bool {
	return runtime.GOARCH == "amd64" && cpu.X86.HasAVX2 && cpu.X86.HasFMA
}

// number matches a decimal number as the examples print it (1.5, -3e-05,
// 1e-11, +Inf is words); maskNumbers replaces each by # and runs of blanks by
// one, so that what is left is the words and the layout of the rows.
var number = regexp.MustCompile(`[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`)

func maskNumbers(s string) string {
	s = number.ReplaceAllString(s, "#")
	return strings.Join(strings.Fields(s), " ")
}

// TestREADMEOutput: every paragraph of a marked text block appears in the
// named program's output, in order; digit for digit where exactDigits, and
// with the numbers masked elsewhere.
func TestREADMEOutput(t *testing.T) {
	exact := exactDigits()
	if !exact {
		t.Logf("this CPU rounds math's functions differently from the machine that made the README's samples (%s without AVX2+FMA): comparing words and layout, not digits", runtime.GOARCH)
	}
	outputs := map[string]string{}
	for _, b := range readmeBlocks(t) {
		if b.kind != "output" {
			continue
		}
		out, ok := outputs[b.arg]
		if !ok {
			fields := strings.Fields(b.arg)
			args := append([]string{"run", "./" + fields[0]}, fields[1:]...)
			cmd := exec.Command("go", append(args, "-out", t.TempDir())...)
			cmd.Dir = root
			data, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go run ./%s: %v\n%s", b.arg, err, data)
			}
			out = string(data)
			outputs[b.arg] = out
		}
		rest := out
		if !exact {
			rest = maskNumbers(out)
		}
		for _, para := range strings.Split(b.text, "\n\n") {
			para = strings.Trim(para, "\n")
			want := para
			if !exact {
				want = maskNumbers(para)
			}
			i := strings.Index(rest, want)
			if i < 0 {
				t.Errorf("README.md:%d: this paragraph is not in the output of %s (after the ones before it):\n%s", b.line, b.arg, para)
				continue
			}
			rest = rest[i+len(want):]
		}
	}
}

// TestREADMEImages: every picture the README shows is a file in the
// repository.
func TestREADMEImages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`).FindAllStringSubmatch(string(data), -1) {
		if strings.Contains(m[1], "://") {
			t.Errorf("README.md shows %s: pictures must be files in the repository", m[1])
			continue
		}
		if st, err := os.Stat(filepath.Join(root, filepath.FromSlash(m[1]))); err != nil || st.Size() == 0 {
			t.Errorf("README.md shows %s, which is missing or empty", m[1])
		}
	}
}

// TestREADMEBlocksAreChecked: every Go block and every text block of the
// README is marked (so one of the tests above checks it), and every command
// in a shell block names a folder of the repository that exists.
func TestREADMEBlocksAreChecked(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	pkgPath := regexp.MustCompile(`(?:^|\s)\./([\w./-]*)`)
	inside, lang := false, ""
	for i, l := range lines {
		if !strings.HasPrefix(l, "```") {
			if inside && lang == "sh" {
				cmd, _, _ := strings.Cut(l, "#")
				for _, m := range pkgPath.FindAllStringSubmatch(cmd, -1) {
					dir := strings.TrimSuffix(strings.TrimSuffix(m[1], "..."), "/")
					if _, err := os.Stat(filepath.Join(root, dir)); err != nil {
						t.Errorf("README.md:%d: the command names ./%s, which does not exist", i+1, m[1])
					}
				}
			}
			continue
		}
		if inside {
			inside = false
			continue
		}
		inside, lang = true, strings.TrimPrefix(l, "```")
		if (lang == "go" || lang == "text") && (i == 0 || !marker.MatchString(lines[i-1])) {
			t.Errorf("README.md:%d: a %s block without a marker: nothing checks it", i+1, lang)
		}
	}
}

// TestMaskNumbers: the comparison used on other CPUs keeps words and row
// layout and forgets only the digits, so it still catches a changed word.
func TestMaskNumbers(t *testing.T) {
	a := "  worst: ∂y[0]/∂W1[14]: reverse 0.1083077429 ± 6.9e-14\n  status   passed"
	b := "  worst: ∂y[0]/∂W1[14]: reverse 0.10830774 ± 7e-14\n  status  passed"
	if maskNumbers(a) != maskNumbers(b) {
		t.Errorf("digits and spacing alone differ, but the masks do: %q vs %q", maskNumbers(a), maskNumbers(b))
	}
	if c := strings.Replace(b, "passed", "MISMATCH", 1); maskNumbers(a) == maskNumbers(c) {
		t.Errorf("a changed word is masked away: %q", maskNumbers(c))
	}
	if got, want := maskNumbers("h 1e-11 gives -3.2e-05, 34 evaluations"), "h # gives #, # evaluations"; got != want {
		t.Errorf("maskNumbers = %q, want %q", got, want)
	}
}
