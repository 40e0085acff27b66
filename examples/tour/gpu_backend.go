package main

import (
	"errors"

	"github.com/epsilon-engine/epsilon/linalg"
)

// openGPU returns the GPU backend and how to release it, or why there is
// none.
func openGPU() (linalg.Backend, func(), error) {
	return nil, nil, errors.New("this build has no GPU backend (package cudaops is not part of it yet)")
}
