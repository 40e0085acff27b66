#!/usr/bin/env bash
# Compiles kernels/*.cu to ptx/*.ptx with nvcc 11.8 (run by `go generate`
# in package cudaops; see doc.go). The PTX is committed and embedded, so a
# build needs no nvcc; this script only regenerates it.
#
# nvcc is $NVCC, else the one .ci/cuda-toolchain.sh unpacked into its cache,
# else `nvcc` on PATH. Any nvcc but 11.8 is refused: newer ones write a
# newer PTX ISA that drivers older than theirs cannot load (error 222), and
# the committed PTX must not depend on whose machine regenerated it. With no
# nvcc 11.8 the script says so and leaves the committed PTX alone, so
# `go generate ./...` works (and changes nothing) on any machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

cache="${EPSILON_CUDA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/epsilon-cuda}"
nvcc="${NVCC:-}"
if [[ -z "$nvcc" ]]; then
	for c in "$cache"/root-*/usr/lib/nvidia-cuda-toolkit/bin/nvcc "$(command -v nvcc || true)"; do
		[[ -n "$c" && -x "$c" ]] && { nvcc="$c"; break; }
	done
fi
if [[ -z "$nvcc" ]]; then
	echo "cudaops: no nvcc found; the committed PTX is kept (run 'eval \"\$(bash .ci/cuda-toolchain.sh)\"' to fetch nvcc 11.8)" >&2
	exit 0
fi
if ! "$nvcc" --version 2>/dev/null | grep -q 'release 11\.8'; then
	echo "cudaops: $nvcc is not nvcc 11.8; the committed PTX is kept" >&2
	exit 0
fi

# The target: compute_52 PTX, ISA 7.8, which every driver from 520 on
# JIT-compiles for its GPU. nvcc 11.8 wants gcc ≤ 11; for PTX it only runs
# the host preprocessor, so a newer gcc is allowed.
for cu in *.cu; do
	out="../ptx/${cu%.cu}.ptx"
	"$nvcc" -ccbin "$(command -v g++)" -allow-unsupported-compiler \
		-ptx -arch=compute_52 -std=c++14 -o "$out.tmp" "$cu"
	mv "$out.tmp" "$out"
done
