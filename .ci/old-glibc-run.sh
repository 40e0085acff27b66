#!/usr/bin/env bash
# Runs a binary on the old glibc of .ci/glibc-sysroot.sh (Debian bullseye's
# 2.31), with the stub libcuda.so.1 of .ci/cuda-toolchain.sh, in a chroot
# that holds nothing but that glibc's runtime (lib/, lib64/ of libc6), the
# stub and the binary, so no library of the host can be picked up:
#
#   bash .ci/old-glibc-run.sh BINARY [ARGS...]
#
# It proves that the binary starts on a glibc older than the host's, not
# only that its symbol versions say so (.ci/glibc-check.sh). Needs root, or
# unprivileged user namespaces (then it runs under unshare -r). The binary
# runs with the chroot's / as its working folder and an empty environment but PATH,
# HOME, TMPDIR and LD_LIBRARY_PATH (the stub's folder); its exit status is
# returned.
set -euo pipefail
(($#)) || { echo "usage: old-glibc-run.sh BINARY [ARGS...]" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$(bash "$here/glibc-sysroot.sh")"
eval "$(bash "$here/cuda-toolchain.sh")"
bin="$1"
shift
root="$(mktemp -d "${TMPDIR:-/tmp}/old-glibc.XXXXXX")"
trap 'rm -rf "$root"' EXIT
cp -a "$EPSILON_SYSROOT/lib" "$EPSILON_SYSROOT/lib64" "$root/"
mkdir -p "$root/stubs" "$root/bin" "$root/tmp"
cp -L "$EPSILON_CUDA_STUBS/libcuda.so.1" "$root/stubs/"
cp "$bin" "$root/bin/"
run=("$(command -v chroot)" "$root")
((EUID == 0)) || run=("$(command -v unshare)" -r "${run[@]}")
# libc.so.6 run as a program prints its version.
echo "old-glibc-run: $("${run[@]}" /lib/x86_64-linux-gnu/libc.so.6 | head -n1)" >&2
rc=0
env -i PATH=/bin HOME=/tmp TMPDIR=/tmp LD_LIBRARY_PATH=/stubs "${run[@]}" "/bin/$(basename "$bin")" "$@" || rc=$?
exit "$rc"
