// Command driverfwd writes cudaops/driver_fwd_cuda.c: one C function for
// each CUDA driver function that the cuda build calls (gorgonia's cu
// package and cudaops's own C code), with that function's name and exact
// prototype from CUDA 11.8's cuda.h, forwarding the call to the function of
// the same name in libcuda.so.1, which driver_cuda.c opens with dlopen. The
// binary then needs no libcuda.so.1 to start (see doc.go, "How the driver
// is loaded"). Run by go generate in cudaops:
//
//	go run ./internal/driverfwd
//
// Which functions: every cu… identifier that the Go files of cu and cudaops
// built with -tags cuda use as C.cu… or call in their cgo preambles, and
// that cu's C files call, after cuda.h's macros (cuMemAlloc is
// cuMemAlloc_v2 there, and that is the symbol an object file asks for),
// kept where cuda.h declares it a function (cu's own C helpers, such as
// cuLaunchAndSync, are not). cuInit is left out: driver_cuda.c defines it
// by hand, since it also records whether the library loaded.
//
// The prototypes come from preprocessing cuda.h with the C compiler (cc -E)
// and reading its function declarations. cuda.h is found as kernels/gen.sh
// finds nvcc: the -I folders of $CGO_CFLAGS (which .ci/cuda-toolchain.sh
// sets), then the toolchain's cache. Only CUDA 11.8's cuda.h is used (the
// prototypes are the ones cu is built against); without it the command
// says so and leaves the committed file alone, so go generate ./... works
// on any machine.
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

const out = "driver_fwd_cuda.c"

func main() {
	log.SetFlags(0)
	log.SetPrefix("driverfwd: ")
	inc, ok := cudaInclude()
	if !ok {
		log.Printf("no CUDA 11.8 cuda.h found (run 'eval \"$(bash .ci/cuda-toolchain.sh)\"'); the committed %s is kept", out)
		return
	}
	cuPkg := cuImport()
	cuVersion := strings.TrimSpace(run("go", "list", "-f", "{{.Module.Version}}", cuPkg))
	names := map[string]bool{}
	for _, pkg := range []string{cuPkg, "."} {
		for _, n := range referenced(pkg) {
			names[n] = true
		}
	}
	delete(names, "cuInit")
	symbols := expand(inc, slices.Sorted(mapKeys(names)))
	decls := declarations(inc)
	var fns []decl
	seen := map[string]bool{}
	for _, s := range symbols {
		if d, ok := decls[s]; ok && !seen[s] && s != "cuInit" {
			seen[s] = true
			fns = append(fns, d)
		}
	}
	slices.SortFunc(fns, func(a, b decl) int { return strings.Compare(a.name, b.name) })
	if err := os.WriteFile(out, render(fns, cuVersion), 0o644); err != nil {
		log.Fatal(err)
	}
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// run runs a command and returns its standard output, or exits.
func run(name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(b)
}

// cuImport returns the import path of gorgonia's cu package, as cudaops
// imports it in the cuda build.
func cuImport() string {
	for _, p := range strings.Fields(run("go", "list", "-tags", "cuda", "-f", "{{join .Imports \" \"}}", ".")) {
		if strings.HasPrefix(p, "gorgonia.org/") && path.Base(p) == "cu" {
			return p
		}
	}
	log.Fatal("cudaops does not import gorgonia's cu package")
	return ""
}

// cudaInclude returns the -I flags under which cuda.h is CUDA 11.8's.
func cudaInclude() ([]string, bool) {
	var dirs []string
	for _, f := range strings.Fields(os.Getenv("CGO_CFLAGS")) {
		if d, ok := strings.CutPrefix(f, "-I"); ok && d != "" {
			dirs = append(dirs, d)
		}
	}
	cache := os.Getenv("EPSILON_CUDA_CACHE")
	if cache == "" {
		if c, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(c, "epsilon-cuda")
		}
	}
	if cache != "" {
		m, _ := filepath.Glob(filepath.Join(cache, "root-*", "usr", "include"))
		dirs = append(dirs, m...)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "cuda.h")); err != nil {
			continue
		}
		inc := []string{"-I" + d}
		if strings.Contains(preprocess(inc, "#include <cuda.h>\nEPSILON_VERSION CUDA_VERSION\n"), "EPSILON_VERSION 11080") {
			return inc, true
		}
	}
	return nil, false
}

// preprocess runs the C preprocessor on src.
func preprocess(inc []string, src string) string {
	args := append([]string{"-E", "-P", "-x", "c"}, inc...)
	args = append(args, "-")
	cmd := exec.Command(cc(), args...)
	cmd.Stdin = strings.NewReader(src)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s -E: %v", cc(), err)
	}
	return string(b)
}

func cc() string {
	if c := strings.Fields(os.Getenv("CC")); len(c) > 0 {
		return c[0]
	}
	return "gcc"
}

var (
	cCall  = regexp.MustCompile(`\b(cu[A-Z]\w*)\s*\(`)
	isName = regexp.MustCompile(`^cu[A-Z]\w*$`)
)

// referenced returns the cu… names that package pkg's files in the cuda
// build use from C: C.cu… in its cgo Go files, calls in their preambles
// and in its C and header files. The generated file itself is left out.
func referenced(pkg string) []string {
	line := run("go", "list", "-tags", "cuda", "-f", "{{.Dir}}\t{{join .CgoFiles \" \"}}\t{{join .CFiles \" \"}} {{join .HFiles \" \"}}", pkg)
	parts := strings.Split(strings.TrimSpace(line), "\t")
	if len(parts) != 3 {
		log.Fatalf("go list %s: unexpected output %q", pkg, line)
	}
	dir := parts[0]
	var names []string
	fset := token.NewFileSet()
	for _, f := range strings.Fields(parts[1]) {
		file, err := parser.ParseFile(fset, filepath.Join(dir, f), nil, parser.ParseComments)
		if err != nil {
			log.Fatal(err)
		}
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT && g.Doc != nil {
				for _, s := range g.Specs {
					if s.(*ast.ImportSpec).Path.Value == `"C"` {
						for _, m := range cCall.FindAllStringSubmatch(g.Doc.Text(), -1) {
							names = append(names, m[1])
						}
					}
				}
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := s.X.(*ast.Ident); ok && x.Name == "C" && isName.MatchString(s.Sel.Name) {
					names = append(names, s.Sel.Name)
				}
			}
			return true
		})
	}
	for _, f := range strings.Fields(parts[2]) {
		if pkg == "." && f == out {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			log.Fatal(err)
		}
		for _, m := range cCall.FindAllSubmatch(b, -1) {
			names = append(names, string(m[1]))
		}
	}
	return names
}

// expand returns the symbols that the names become under cuda.h's macros
// (cuMemAlloc → cuMemAlloc_v2), in the order of names.
func expand(inc, names []string) []string {
	var src strings.Builder
	src.WriteString("#include <cuda.h>\n")
	for _, n := range names {
		fmt.Fprintf(&src, "EPSILON_SYMBOL %s\n", n)
	}
	var syms []string
	for _, l := range strings.Split(preprocess(inc, src.String()), "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(l), "EPSILON_SYMBOL "); ok {
			syms = append(syms, strings.TrimSpace(s))
		}
	}
	if len(syms) != len(names) {
		log.Fatalf("expanding %d names under cuda.h gave %d symbols", len(names), len(syms))
	}
	return syms
}

// decl is a function declared in cuda.h: its name, its parameter list as
// written there, and the parameters' names.
type decl struct {
	name, params string
	args         []string
}

var (
	space    = regexp.MustCompile(`\s+`)
	function = regexp.MustCompile(`^(?:extern )?(?:__attribute__\(\(deprecated\)\) )?CUresult (cu\w+) ?\((.*)\)$`)
	argName  = regexp.MustCompile(`(\w+)\s*(?:\[[^\]]*\]\s*)*$`)
)

// declarations reads the functions that cuda.h declares (as the compiler
// sees them, macros expanded), by name.
func declarations(inc []string) map[string]decl {
	decls := parseDeclarations(preprocess(inc, "#include <cuda.h>\n"))
	if len(decls) < 100 {
		log.Fatalf("read only %d function declarations from cuda.h", len(decls))
	}
	return decls
}

// parseDeclarations reads the declarations of functions returning
// CUresult in preprocessed C.
func parseDeclarations(text string) map[string]decl {
	decls := map[string]decl{}
	depth, start := 0, 0
	for i, c := range text {
		switch c {
		case '(', '{', '[':
			depth++
		case ')', '}', ']':
			depth--
		case ';':
			if depth == 0 {
				stmt := strings.TrimSpace(space.ReplaceAllString(text[start:i], " "))
				start = i + 1
				if m := function.FindStringSubmatch(stmt); m != nil {
					decls[m[1]] = decl{name: m[1], params: m[2], args: paramNames(m[1], m[2])}
				}
			}
		}
		if c == '}' && depth == 0 {
			start = i + 1
		}
	}
	return decls
}

// paramNames returns the names of the parameters in a parameter list.
func paramNames(fn, params string) []string {
	if strings.TrimSpace(params) == "void" {
		return nil
	}
	var names []string
	depth, start := 0, 0
	for i := 0; i <= len(params); i++ {
		if i < len(params) {
			switch params[i] {
			case '(', '[':
				depth++
			case ')', ']':
				depth--
			}
			if params[i] != ',' || depth != 0 {
				continue
			}
		}
		p := strings.TrimSpace(params[start:i])
		start = i + 1
		m := argName.FindStringSubmatch(p)
		if m == nil || strings.Contains(p, "(") {
			log.Fatalf("%s: cannot read the name of parameter %q", fn, p)
		}
		if m[1] == "driver" {
			log.Fatalf("%s: a parameter is named driver, the name the forwarder gives the driver's function", fn)
		}
		names = append(names, m[1])
	}
	return names
}

// render writes the C file.
func render(fns []decl, cuVersion string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `//go:build cuda

// Code generated by "go run ./internal/driverfwd"; DO NOT EDIT.

// The %d CUDA driver functions that gorgonia's cu package (%s) and
// cudaops call (cuInit aside, which driver_cuda.c defines), each with its
// prototype from CUDA 11.8's cuda.h, forwarding to the function of the same
// name in libcuda.so.1 (driver_cuda.c opens it on first use and looks the
// names below up in it). A function that cannot be reached returns
// epsilonDriverMissing(): CUDA_ERROR_NOT_INITIALIZED without the library,
// CUDA_ERROR_NOT_FOUND if the library lacks it.

#include "driver_cuda.h"

// The forwarders of deprecated functions (cu calls some) name them.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#pragma GCC visibility push(hidden)

const int epsilonDriverCount = %d;

const char *const epsilonDriverNames[%d] = {
`, len(fns), cuVersion, len(fns), len(fns))
	for _, f := range fns {
		fmt.Fprintf(&b, "\t%q,\n", f.name)
	}
	b.WriteString("};\n\nvoid *epsilonDriverFns[" + fmt.Sprint(len(fns)) + "];\n")
	for i, f := range fns {
		fmt.Fprintf(&b, "\nCUresult CUDAAPI %s(%s) {\n", f.name, f.params)
		fmt.Fprintf(&b, "\t__typeof__(&%s) driver = (__typeof__(&%s))epsilonDriverSymbol(%d);\n", f.name, f.name, i)
		fmt.Fprintf(&b, "\treturn driver ? driver(%s) : epsilonDriverMissing();\n}\n", strings.Join(f.args, ", "))
	}
	b.WriteString("\n#pragma GCC visibility pop\n")
	return b.Bytes()
}
