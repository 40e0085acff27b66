#!/usr/bin/env bash
# Fetches the parts of the CUDA 11.8 toolchain that epsilon's cuda build
# needs, from Debian bookworm's contrib/non-free sections, into a cache
# folder, and prints the environment that points at them:
#
#   eval "$(bash .ci/cuda-toolchain.sh)"
#
# sets EPSILON_CUDA_ROOT, NVCC, PTXAS, CGO_CFLAGS, CGO_LDFLAGS and
# EPSILON_CUDA_STUBS (a folder holding libcuda.so.1 -> the stub driver, for
# LD_LIBRARY_PATH when a cuda test binary is started on a machine without a
# driver: the stub's cuInit fails, which cudaops turns into an error).
#
# What is taken from which package (nothing is installed; the .debs are
# unpacked with dpkg-deb into the cache):
#   nvidia-cuda-dev      usr/include (cuda.h, cuda_runtime.h, crt/...) and
#                        the stub usr/lib/x86_64-linux-gnu/stubs/libcuda.so
#                        (the .deb is 774 MB; only these ~13 MB are kept)
#   nvidia-cuda-toolkit  nvcc, cicc, cudafe++, ptxas, libdevice
#   libnvvm4             libnvvm.so (cicc's NVVM library)
#
# nvcc 11.8 wants gcc ≤ 11; bookworm's gcc is 12, so the generator passes
# -allow-unsupported-compiler (for -ptx nvcc only preprocesses host code).
# Debian's nvcc.profile is a link to /etc/nvcc.profile with absolute paths;
# a profile relative to nvcc's own folder replaces it.
#
# The cache folder is $EPSILON_CUDA_CACHE, else ~/.cache/epsilon-cuda; a
# second run finds the unpacked tree and prints the environment at once.
set -euo pipefail

cache="${EPSILON_CUDA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/epsilon-cuda}"
version="11.8.89~11.8.0-5~deb12u1"
root="$cache/root-$version"

if [[ ! -e "$root/.complete" ]]; then
	mkdir -p "$cache/debs" "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial"
	# The mirror of the machine's own Debian sources, with the sections
	# the CUDA packages live in.
	mirror="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '{print $2}' | head -n1 || true)"
	mirror="${mirror:-http://deb.debian.org/debian}"
	echo "deb $mirror bookworm contrib non-free" >"$cache/apt/sources.list"
	apt_opts=(-o "Dir::Etc::SourceList=$cache/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$cache/apt/lists" -o "Dir::Cache=$cache/apt/cache" -o APT::Get::List-Cleanup=0)
	need=()
	for p in nvidia-cuda-dev nvidia-cuda-toolkit libnvvm4; do
		compgen -G "$cache/debs/${p}_${version//\~/?}_amd64.deb" >/dev/null || need+=("$p=$version")
	done
	if ((${#need[@]})); then
		echo "cuda-toolchain: downloading ${need[*]} (about 870 MB) into $cache/debs" >&2
		apt-get -qq "${apt_opts[@]}" update >&2
		(cd "$cache/debs" && apt-get -qq "${apt_opts[@]}" download "${need[@]}" >&2)
	fi
	echo "cuda-toolchain: unpacking into $root" >&2
	rm -rf "$root.tmp" && mkdir -p "$root.tmp"
	(
		cd "$root.tmp"
		dpkg-deb --fsys-tarfile "$cache"/debs/nvidia-cuda-dev_*.deb |
			tar -x --wildcards './usr/include/*' './usr/lib/x86_64-linux-gnu/stubs/libcuda.so'
		dpkg-deb -x "$cache"/debs/nvidia-cuda-toolkit_*.deb .
		dpkg-deb -x "$cache"/debs/libnvvm4_*.deb .
		# Debian's gcc/g++ wrappers in nvcc's folder demand gcc ≤ 11; the generator names
		# the host compiler itself (-ccbin).
		rm -rf usr/share usr/lib/nvidia-cuda-toolkit/compute-sanitizer usr/bin/nvdisasm usr/bin/compute-sanitizer \
			usr/lib/nvidia-cuda-toolkit/bin/gcc usr/lib/nvidia-cuda-toolkit/bin/g++
		bin=usr/lib/nvidia-cuda-toolkit/bin
		rm -f "$bin/nvcc.profile"
		cat >"$bin/nvcc.profile" <<'EOF'
NVVMIR_LIBRARY_DIR = $(_HERE_)/../libdevice
PATH += $(_HERE_):$(_HERE_)/../../../bin:
INCLUDES += "-I$(_HERE_)/../../../include" $(_SPACE_)
LIBRARIES =+ $(_SPACE_) "-L$(_HERE_)/../../x86_64-linux-gnu/stubs"
EOF
		mkdir -p stubs-so1
		ln -s ../usr/lib/x86_64-linux-gnu/stubs/libcuda.so stubs-so1/libcuda.so.1
		touch .complete
	)
	rm -rf "$root"
	mv "$root.tmp" "$root"
fi

cat <<EOF
export EPSILON_CUDA_ROOT='$root'
export NVCC='$root/usr/lib/nvidia-cuda-toolkit/bin/nvcc'
export PTXAS='$root/usr/bin/ptxas'
export CGO_CFLAGS='-I$root/usr/include'
export CGO_LDFLAGS='-L$root/usr/lib/x86_64-linux-gnu/stubs'
export EPSILON_CUDA_STUBS='$root/stubs-so1'
EOF
