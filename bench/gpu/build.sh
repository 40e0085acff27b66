#!/usr/bin/env bash
# Builds, on a machine with Go (no GPU needed), what bench/gpu/run.sh runs
# on a GPU machine (which has CUDA, PyTorch and CuPy but no Go): the cuda
# test binary of cudaops (tests and benchmarks) and the gpu example, into
# bench/gpu/bin (ignored by git; carry it to the GPU machine).
#
#   bash bench/gpu/build.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
eval "$(bash .ci/cuda-toolchain.sh)"
bin=bench/gpu/bin
mkdir -p "$bin"
go test -c -tags cuda -o "$bin/cudaops.test" ./cudaops/
go build -tags cuda -o "$bin/gpu-example" ./examples/gpu
git rev-parse HEAD >"$bin/commit" 2>/dev/null || echo unknown >"$bin/commit"
# A smoke run against the stub driver: the binary starts and reports no GPU.
LD_LIBRARY_PATH="$EPSILON_CUDA_STUBS" "$bin/cudaops.test" -test.run TestNewReportsNoGPU -test.v | grep -E 'New without|^(ok|PASS|FAIL)'
ls -la "$bin"
