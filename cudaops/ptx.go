package cudaops

import (
	_ "embed"
	"regexp"
	"strings"
)

//go:generate bash kernels/gen.sh

// The kernels' PTX, made from kernels/*.cu by nvcc 11.8 (kernels/gen.sh,
// run by go generate) for compute_52, and committed. The driver
// JIT-compiles it for the GPU it finds when the backend loads it.
var (
	//go:embed ptx/matmul.ptx
	matmulPTX string
	//go:embed ptx/meanshift.ptx
	meanshiftPTX string
	//go:embed ptx/pairwise.ptx
	pairwisePTX string
)

// modules lists the PTX modules and the kernels each must define.
var modules = []struct {
	name    string
	ptx     *string
	kernels []string
}{
	{"matmul", &matmulPTX, []string{
		"matmul_naive_f32", "matmul_naive_f64", "matmul_tiled_f32_nn", "matmul_tiled_f32_tn", "matmul_tiled_f32_nt",
		"matmul_tiled_f32_tt", "matmul_tiled_v1_f32", "matmul_tiled_f64",
	}},
	{"meanshift", &meanshiftPTX, []string{
		"meanshift_d2_f32", "meanshift_d2_f64", "meanshift_d4_f32", "meanshift_d4_f64", "meanshift_d16_f32", "meanshift_d16_f64",
		"meanshift_wide_f32", "meanshift_wide_f64", "meanshift_merge_f32", "meanshift_merge_f64", "sqdist_f32", "sqdist_f64", "colrange_f32", "colrange_f64",
	}},
	{"pairwise", &pairwisePTX, []string{"diffdot_f32", "diffdot_f64", "diffsum_f32", "diffsum_f64"}},
}

// ptxEntry matches a kernel's entry in PTX: its name and parameter list.
var ptxEntry = regexp.MustCompile(`(?s)\.visible \.entry (\w+)\((.*?)\)`)

// kernelParams returns the parameters of every kernel that ptx defines,
// by name, as written (".param .u64 matmul_naive_f32_param_0", …). The
// backend checks each launch's argument count against them, so that a
// launch that passes too few arguments (the driver would read past them)
// is an error instead.
func kernelParams(ptx string) map[string][]string {
	params := map[string][]string{}
	for _, e := range ptxEntry.FindAllStringSubmatch(ptx, -1) {
		var ps []string
		for _, p := range strings.Split(e[2], ",") {
			if p = strings.TrimSpace(p); p != "" {
				ps = append(ps, p)
			}
		}
		params[e[1]] = ps
	}
	return params
}
