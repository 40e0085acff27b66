//go:build !cuda

package cudaops

import (
	"errors"
	"strings"
	"testing"
)

// TestNewWithoutTag: a binary built without the cuda tag has no GPU
// backend, and says how to get one.
func TestNewWithoutTag(t *testing.T) {
	b, err := New()
	if b != nil || !errors.Is(err, ErrNotBuilt) || !strings.Contains(err.Error(), "-tags cuda") {
		t.Fatalf("New() = %v, %v; want nil and ErrNotBuilt naming -tags cuda", b, err)
	}
	if Built() {
		t.Fatal("Built() is true without the cuda tag")
	}
}
