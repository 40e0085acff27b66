#!/usr/bin/env bash
# Fetches Debian bullseye's glibc 2.31 (libc6, libc6-dev, linux-libc-dev)
# into a cache folder as a sysroot for gcc, and prints the environment that
# builds cgo binaries against it:
#
#   eval "$(bash .ci/glibc-sysroot.sh)"
#
# sets EPSILON_SYSROOT (the unpacked tree), EPSILON_SYSROOT_GLIBC (2.31) and
# CC to ".ci/sysroot-gcc --sysroot=$EPSILON_SYSROOT" (gcc with the flags
# that keep the host's C library out; that script says which and why),
# after checking that a test program built so reads every C header (gcc -H)
# and links every C library file (ld --trace) from the sysroot. Why: a cgo binary records, for each
# glibc function it calls, the symbol version of the glibc it was linked
# against. Linked on bookworm (glibc 2.36) the Go runtime's calls bind to
# the GLIBC_2.34 versions (the release that merged libpthread and libdl into
# libc), so the binary does not start on glibc < 2.34 (Ubuntu 20.04, RHEL 8).
# Linked against 2.31's libraries the same calls bind to their original
# versions (GLIBC_2.2.5 for most), and the binary starts on any glibc that
# has the highest version it names: bench/gpu/build.sh prints and checks it.
#
# Only the compiler's view of the C library changes: gcc 12, its own
# headers and libgcc, binutils and the Go toolchain stay the host's; the
# sysroot supplies the C headers, crt1.o/crti.o/crtn.o, libc.so (a linker
# script naming /lib/x86_64-linux-gnu/libc.so.6, which ld looks up inside
# the sysroot), and libpthread, libdl, librt, libm, still separate libraries
# in 2.31 (so -lpthread and -ldl link against them; the Go runtime's cgo
# adds -lpthread itself). The packages ship absolute symlinks
# (usr/lib/x86_64-linux-gnu/libpthread.so -> /lib/x86_64-linux-gnu/...),
# which would resolve to the host's glibc; they are made relative.
#
# The .debs are the last of bullseye (Debian 11.11, frozen), fetched by
# their pool paths from the machine's Debian mirror and checked against the
# SHA-256 sums below (from bullseye's main/binary-amd64/Packages, whose
# hash is in the InRelease file signed with the bullseye release key): about
# 7 MB, a few seconds. Buster (glibc 2.28) is no longer on the mirror; when
# bullseye leaves it too (moved to the archive), the download fails with an
# HTTP error naming the file, a filled cache keeps working, and the pins
# need another source. Not chosen: zig cc (npm's @ziglang/cli fetches zig
# from ziglang.org when installed, which is not reachable here) and building
# inside a debootstrapped bullseye (about 100 MB with gcc, root and bind
# mounts for the Go toolchain and caches, for the same result).
#
# The cache folder is $EPSILON_SYSROOT_CACHE, else ~/.cache/epsilon-glibc; a
# second run finds the unpacked tree, repeats the self-test (0.3 s) and
# prints the environment.
set -euo pipefail

cache="${EPSILON_SYSROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/epsilon-glibc}"
glibc=2.31
debs=(
	"pool/main/g/glibc/libc6_2.31-13+deb11u11_amd64.deb 05f7264da867b37f4c5ce49266b558ea1e81e05a9464f623152fca70f3550282"
	"pool/main/g/glibc/libc6-dev_2.31-13+deb11u11_amd64.deb e7f7b45d9c5cfcf37609f0b6efd3c645272c812144703af89dfd32218fcb0fd3"
	"pool/main/l/linux/linux-libc-dev_5.10.223-1_amd64.deb e3be603bd12377bb90fcfb0f2048ca3a81c886e49d6f09945b82159d1c54f7b2"
)
root="$cache/sysroot-2.31-13+deb11u11"

if [[ ! -e "$root/.complete" ]]; then
	mkdir -p "$cache/debs"
	# The mirror of the machine's own Debian sources.
	mirror="$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '{print $2}' | head -n1 || true)"
	mirror="${mirror:-http://deb.debian.org/debian}"
	mirror="${mirror%/}"
	rm -rf "$root.tmp" && mkdir -p "$root.tmp"
	for d in "${debs[@]}"; do
		path="${d% *}" sum="${d#* }"
		f="$cache/debs/${path##*/}"
		if [[ ! -e "$f" ]] || ! echo "$sum  $f" | sha256sum -c --quiet - >/dev/null 2>&1; then
			echo "glibc-sysroot: downloading $mirror/$path" >&2
			curl -fsS --retry 3 -o "$f.part" "$mirror/$path"
			mv "$f.part" "$f"
		fi
		echo "$sum  $f" | sha256sum -c --quiet - >&2 || {
			echo "glibc-sysroot: $f does not have the pinned SHA-256 $sum" >&2
			exit 1
		}
		dpkg-deb -x "$f" "$root.tmp"
	done
	(
		cd "$root.tmp"
		rm -rf usr/share etc usr/bin usr/sbin sbin
		# Absolute symlinks point into the host; make each relative to the sysroot.
		find . -type l -lname '/*' -print0 | while IFS= read -r -d '' l; do
			t="$(readlink "$l")"
			dir="$(dirname "${l#./}")"
			up="$(echo "$dir" | sed -E 's#[^/]+#..#g')"
			ln -sfn "$up$t" "$l"
		done
		# Any link still leaving the tree is an error.
		if bad="$(find . -type l -exec sh -c '! test -e "$1"' _ {} \; -print)" && [[ -n "$bad" ]]; then
			echo "glibc-sysroot: dangling links: $bad" >&2
			exit 1
		fi
		touch .complete
	)
	rm -rf "$root"
	mv "$root.tmp" "$root"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cc="$here/sysroot-gcc --sysroot=$root"

# Self-test: a C program built with $cc, given the host folders that cu's
# cgo flags name and the libraries the cuda build links, reads every C
# header from the sysroot or gcc's own folder (gcc -H lists them) and links
# every C library file from the sysroot, with nothing else but gcc's own
# runtime (crtbegin/crtend, libgcc; ld --trace lists them). A host file in
# either list would mean the binaries carry parts of glibc 2.36.
t="$(mktemp -d)"
trap 'rm -rf "$t"' EXIT
printf '#include <stdio.h>\n#include <pthread.h>\n#include <dlfcn.h>\nint main(void) { puts("ok"); return 0; }\n' >"$t/t.c"
gcclib='/usr/lib/gcc/x86_64-linux-gnu/[0-9]+'
re() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|]/\\&/g'; }
# $cc is a command with its arguments, split as the go command splits CC.
EPSILON_SYSROOT="$root" $cc -H -c -o "$t/t.o" "$t/t.c" -I/usr/include 2>"$t/headers" ||
	{ echo "glibc-sysroot: compiling a test program failed:" >&2; cat "$t/headers" >&2; exit 1; }
if host="$(grep -E '^\.+ ' "$t/headers" | sed -E 's/^\.+ //' | grep -vE "^($(re "$root")/|$gcclib/include/)")"; then
	echo "glibc-sysroot: the test program read headers from outside the sysroot:" >&2
	echo "$host" >&2
	exit 1
fi
EPSILON_SYSROOT="$root" $cc -o "$t/t" "$t/t.o" -L/usr/lib/x86_64-linux-gnu/ -lpthread -ldl -lresolv -lm -Wl,--trace >"$t/trace" 2>&1 ||
	{ echo "glibc-sysroot: linking a test program failed:" >&2; cat "$t/trace" >&2; exit 1; }
allowed="^($(re "$root")/|$(re "$t")/|$gcclib/(crt[a-zA-Z]*\.o|libgcc\.a|libgcc_s\.so)\$|$gcclib/\.\./\.\./\.\./x86_64-linux-gnu/libgcc_s\.so\.1\$)"
if host="$(grep -vE "$allowed" "$t/trace")"; then
	echo "glibc-sysroot: the test program linked files from outside the sysroot:" >&2
	echo "$host" >&2
	exit 1
fi
if readelf -d "$t/t" | grep -q 'NEEDED.*libgcc_s'; then
	echo "glibc-sysroot: the test program needs the host's libgcc_s" >&2
	exit 1
fi

cat <<EOF
export EPSILON_SYSROOT='$root'
export EPSILON_SYSROOT_GLIBC='$glibc'
export CC='$cc'
EOF
