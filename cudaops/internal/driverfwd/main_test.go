package main

import (
	"slices"
	"testing"
)

// A piece of preprocessed cuda.h: a struct (whose fields end in ';'),
// declarations over several lines, a deprecated one, an array parameter,
// one without parameters and a function that returns no CUresult.
const preprocessed = `typedef struct CUDA_MEMCPY2D_st {
    size_t srcXInBytes;
    size_t srcY;
} CUDA_MEMCPY2D_v2;
CUresult cuMemAlloc_v2(CUdeviceptr *dptr,
                       size_t bytesize);
__attribute__((deprecated)) CUresult cuCtxDetach(CUcontext ctx);
CUresult cuTexRefSetBorderColor(CUtexref hTexRef, float pBorderColor[4]);
CUresult cuCtxSynchronize(void);
int notADriverCall(int x);
`

func TestParseDeclarations(t *testing.T) {
	decls := parseDeclarations(preprocessed)
	want := map[string][]string{
		"cuMemAlloc_v2":          {"dptr", "bytesize"},
		"cuCtxDetach":            {"ctx"},
		"cuTexRefSetBorderColor": {"hTexRef", "pBorderColor"},
		"cuCtxSynchronize":       nil,
	}
	if len(decls) != len(want) {
		t.Errorf("read %d declarations, want %d: %v", len(decls), len(want), decls)
	}
	for name, args := range want {
		d, ok := decls[name]
		if !ok {
			t.Errorf("%s was not read", name)
			continue
		}
		if !slices.Equal(d.args, args) {
			t.Errorf("%s: parameters %q, want %q", name, d.args, args)
		}
	}
	if got := decls["cuMemAlloc_v2"].params; got != "CUdeviceptr *dptr, size_t bytesize" {
		t.Errorf("cuMemAlloc_v2's parameter list %q", got)
	}
}
