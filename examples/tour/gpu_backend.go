package main

import (
	"github.com/epsilon-engine/epsilon/cudaops"
	"github.com/epsilon-engine/epsilon/linalg"
)

// openGPU returns the GPU backend and how to release it, or why there is
// none: cudaops.New says the binary was built without -tags cuda, or which
// driver call failed.
func openGPU() (linalg.Backend, func(), error) {
	b, err := cudaops.New()
	if err != nil {
		return nil, nil, err
	}
	return b, func() { b.Close() }, nil
}
