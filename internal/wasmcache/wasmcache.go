// Package wasmcache keeps go-graphviz's start-up from panicking on a
// machine shared by several users.
//
// github.com/goccy/go-graphviz (v0.2.10) compiles its WebAssembly build of
// Graphviz in a package init and caches the machine code under
// $TMPDIR/go-graphviz, in a folder that wazero makes readable by its owner
// only; the init panics when that folder belongs to another user
// ("permission denied"), before main runs. This package, imported by
// autodiff/render, is initialised before go-graphviz: Go initialises
// packages in import-path order among those whose imports are ready
// (Go spec, "Package initialization"), and
// github.com/epsilon-engine/… sorts before github.com/goccy/…, while this
// package needs only the standard library. When the shared cache is not
// writable, it points TMPDIR at a folder of this user's own for the
// duration of go-graphviz's init; Restore puts TMPDIR back (render calls it
// from its own init, which runs after go-graphviz's).
package wasmcache

import (
	"os"
	"path/filepath"
	"strconv"
)

var (
	redirected bool
	oldTMPDIR  string
	hadTMPDIR  bool
)

func init() {
	shared := filepath.Join(os.TempDir(), "go-graphviz")
	if usable(shared) {
		return
	}
	own := filepath.Join(os.TempDir(), "go-graphviz-uid"+strconv.Itoa(os.Getuid()))
	if err := os.MkdirAll(own, 0o700); err != nil || !usable(filepath.Join(own, "go-graphviz")) {
		return // go-graphviz then runs without a cache, or fails as before
	}
	oldTMPDIR, hadTMPDIR = os.LookupEnv("TMPDIR")
	if os.Setenv("TMPDIR", own) == nil {
		redirected = true
	}
}

// usable reports whether dir is missing (go-graphviz will make it) or is a
// folder whose entries this user can all write into.
func usable(dir string) bool {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return true
	}
	if err != nil || !writable(dir) {
		return false
	}
	for _, e := range entries {
		if e.IsDir() && !writable(filepath.Join(dir, e.Name())) {
			return false
		}
	}
	return true
}

func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return true
}

// Redirected reports whether go-graphviz's cache was moved to this user's
// own folder.
func Redirected() bool { return redirected }

// Restore puts TMPDIR back as it was before this package's init.
func Restore() {
	if !redirected {
		return
	}
	if hadTMPDIR {
		os.Setenv("TMPDIR", oldTMPDIR)
	} else {
		os.Unsetenv("TMPDIR")
	}
}
