#!/usr/bin/env bash
# The one script a GPU machine runs (it has CUDA, nvcc, PyTorch and CuPy but
# no Go): the prebuilt cuda test binary of cudaops (bench/gpu/build.sh makes
# it), the gpu example, then epsilon's GPU benchmarks and PyTorch's
# (bench/gpu/peers.py) on the same GPU, and a Markdown report of them side
# by side with ratios, in $OUT (default bench/gpu/out):
#
#   bash bench/gpu/run.sh            # about 3 minutes on an H200
#
# From a session with the device tool: run `bash bench/gpu/build.sh` here,
# then on the device `OUT=$OUT EPSILON_GPU_BUDGET=360 bash bench/gpu/run.sh`
# carrying bench/gpu/bin, with timeout_s 420 (a session has 15 minutes of
# device time including the machine's start: one run, no rerun; about 3–4
# minutes are expected on an H200, reviewer's estimate), and commit
# $OUT/report.md as bench/results/gpu-<date>.md. The binaries need
# glibc ≥ 2.17 there (build.sh links them against glibc 2.31 and checks the
# symbol versions) and, to use the GPU, the driver's libcuda.so.1 (driver
# 520 or later), which cudaops opens with dlopen when New runs.
#
# Every step runs even if an earlier one failed; the report says which
# failed. The whole run keeps within EPSILON_GPU_BUDGET seconds (default
# 420): each step gets at most its own cap and what is left of the budget,
# and a step cut short leaves what it measured (rows print as they finish).
# Exit status: that of the tests.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=bench/gpu/bin
out="${OUT:-bench/gpu/out}"
mkdir -p "$out"
py="${PYTHON:-$(command -v python3)}" # the python3 that has torch
step() { echo "== $1 ($(left)s of the budget left)" >&2; }
deadline=$((SECONDS + ${EPSILON_GPU_BUDGET:-420}))
left() { echo $((deadline - SECONDS)); }
# cap N: the seconds a step may take, at most N and what the budget has left.
cap() {
	local l
	l=$(left)
	((l < 5)) && l=5
	echo $(($1 < l ? $1 : l))
}

step environment
{
	echo "epsilon commit: $(cat "$bin/commit" 2>/dev/null || echo unknown)"
	nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | sed 's/^/GPU: /'
	nvidia-smi 2>/dev/null | grep -o 'CUDA Version: [0-9.]*' | head -n1
	echo "host: $(uname -srm), $(nproc) CPUs, $(ldd --version 2>&1 | head -n1)"
	# The binaries are cgo builds linked against glibc 2.31 needing at most
	# GLIBC_2.17 (bench/gpu/build.sh); a missing library or glibc symbol
	# version shows here as "not found". libcuda.so.1 is not in ldd's list:
	# cudaops opens it with dlopen.
	ldd "$bin/cudaops.test" 2>&1 | grep -E 'not found|libcuda|libc\.so' | sed 's/^[[:space:]]*/ldd: /'
} >"$out/env.txt"
cat "$out/env.txt" >&2

step "tests (cuda build, GPU required)"
(cd cudaops && EPSILON_EXPECT_GPU=1 timeout "$(cap 150)" "../$bin/cudaops.test" -test.v -test.count=1) >"$out/tests.txt" 2>&1
tests_rc=$?
grep -E '^(--- |ok|PASS|FAIL)' "$out/tests.txt" >&2

step "example"
timeout "$(cap 60)" "$bin/gpu-example" >"$out/example.txt" 2>&1
example_rc=$?

step "epsilon benchmarks"
{
	# Each level of a -test.bench pattern matches unanchored: n=100000
	# would also select n=1000000, hence ^…$ (cudaops's
	# TestGPURunScriptSelectsBenchmarks checks these patterns).
	timeout "$(cap 120)" "$bin/cudaops.test" -test.run '^$' -test.bench 'GPUMatMul|GPUMeanShift/^n=(1500|100000)$/' -test.count 3
	timeout "$(cap 60)" "$bin/cudaops.test" -test.run '^$' -test.bench 'GPUMeanShift/^n=1000000$/' -test.benchtime 1x -test.count 3
} >"$out/go-bench.txt" 2>&1
bench_rc=$?

step "PyTorch benchmarks"
# EPSILON_PEERS_SMOKE=1 runs the peer at tiny sizes (a dry run of this script).
timeout "$(cap 200)" "$py" bench/gpu/peers.py torch ${EPSILON_PEERS_SMOKE:+--smoke} >"$out/torch.tsv" 2>"$out/torch.err"
torch_rc=$?

step report
{
	"$py" bench/gpu/peers.py report "$out/go-bench.txt" "$out/torch.tsv" "$out/env.txt" "$tests_rc"
	echo
	echo "Exit statuses: tests $tests_rc, example $example_rc, epsilon benchmarks $bench_rc, torch $torch_rc."
	echo
	echo "## Tests"
	echo
	echo '```'
	grep -E '^(--- |ok|PASS|FAIL|panic)|_test.go:[0-9]+:' "$out/tests.txt" | grep -v 'resources: ' | head -n 80
	echo '```'
	echo
	echo "## Kernels as this driver compiled them (TestKernelResources)"
	echo
	echo '```'
	grep -o 'resources: .*' "$out/tests.txt" | sed 's/^resources: //'
	echo '```'
	echo
	echo "## Example (examples/gpu)"
	echo
	echo '```'
	cat "$out/example.txt"
	echo '```'
	echo
	echo "## Raw epsilon benchmark output"
	echo
	echo '```'
	cat "$out/go-bench.txt"
	echo '```'
	if [[ -s "$out/torch.err" ]]; then
		echo
		echo "## PyTorch stderr"
		echo
		echo '```'
		tail -n 40 "$out/torch.err"
		echo '```'
	fi
} >"$out/report.md"
cat "$out/report.md"
exit "$tests_rc"
