package wasmcache

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUsable(t *testing.T) {
	dir := t.TempDir()
	if !usable(filepath.Join(dir, "missing")) {
		t.Error("a missing cache folder is usable (go-graphviz makes it)")
	}
	sub := filepath.Join(dir, "wazero-v1-amd64-linux")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if !usable(dir) {
		t.Error("a cache of this user's own is usable")
	}
	if os.Getuid() == 0 {
		t.Skip("root writes into any folder: the unwritable case needs another user (checked by hand with setpriv, see the commit)")
	}
	if err := os.Chmod(sub, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(sub, 0o700)
	if usable(dir) {
		t.Error("a cache with a folder this user cannot write is usable")
	}
}

func TestRestore(t *testing.T) {
	t.Setenv("TMPDIR", "/somewhere")
	redirected, oldTMPDIR, hadTMPDIR = true, "/before", true
	defer func() { redirected = false }()
	Restore()
	if got := os.Getenv("TMPDIR"); got != "/before" {
		t.Errorf("TMPDIR = %q after Restore, want /before", got)
	}
}
