#!/usr/bin/env bash
# Builds, on a machine with Go (no GPU needed), what bench/gpu/run.sh runs
# on a GPU machine (which has CUDA, PyTorch and CuPy but no Go): the cuda
# test binary of cudaops (tests and benchmarks) and the gpu example, into
# bench/gpu/bin (ignored by git; carry it to the GPU machine).
#
#   bash bench/gpu/build.sh
#
# The GPU machine's Linux is unknown, so the binaries are linked against an
# old glibc: Debian bullseye's 2.31, fetched as a sysroot by
# .ci/glibc-sysroot.sh (7 MB, cached), instead of the host's (bookworm's
# 2.36, whose pthread and dl functions carry the GLIBC_2.34 version, so
# binaries linked against it do not start before glibc 2.34: not on Ubuntu
# 20.04 or RHEL 8). The script then
#   - prints the highest glibc symbol version each binary needs and fails
#     if it is above EPSILON_GLIBC_MAX (default 2.17: the binaries start on
#     glibc 2.17 and later; .ci/glibc-check.sh);
#   - runs the test binary against the stub driver here: it starts and
#     reports no GPU;
#   - runs the same test, and the example, in a chroot holding only
#     bullseye's glibc 2.31 and the stub (.ci/old-glibc-run.sh; needs root
#     or user namespaces), which proves the binaries start on an older glibc
#     than the host's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
eval "$(bash .ci/cuda-toolchain.sh)"
eval "$(bash .ci/glibc-sysroot.sh)" # sets CC to gcc on the glibc 2.31 sysroot
bin=bench/gpu/bin
mkdir -p "$bin"
go test -c -tags cuda -o "$bin/cudaops.test" ./cudaops/
go build -tags cuda -o "$bin/gpu-example" ./examples/gpu
git rev-parse HEAD >"$bin/commit" 2>/dev/null || echo unknown >"$bin/commit"
bash .ci/glibc-check.sh -max "${EPSILON_GLIBC_MAX:-2.17}" "$bin/cudaops.test" "$bin/gpu-example"
# A smoke run against the stub driver: the binary starts and reports no GPU.
smoke=(-test.run TestNewReportsNoGPU -test.v)
LD_LIBRARY_PATH="$EPSILON_CUDA_STUBS" "$bin/cudaops.test" "${smoke[@]}" | grep -E 'New without|^(ok|PASS|FAIL)'
# The same on glibc 2.31 with no host library in reach, and the example,
# which falls back to the CPU there (about 3 s).
bash .ci/old-glibc-run.sh "$bin/cudaops.test" "${smoke[@]}" | grep -E 'New without|^(ok|PASS|FAIL)'
bash .ci/old-glibc-run.sh "$bin/gpu-example" | grep 'running on the CPU: .*cuInit'
ls -la "$bin"
