#!/usr/bin/env bash
# Prints the highest glibc symbol version each binary needs and fails if it
# is above the target (the argument of -max, default 2.17), if it needs
# GLIBC_PRIVATE, or if it has text relocations:
#
#   bash .ci/glibc-check.sh [-max 2.17] BINARY...
#
# The dynamic loader refuses to start a program that names a symbol version
# (GLIBC_2.34, say) its glibc does not define ("version `GLIBC_2.34' not
# found"); the versions a binary names are in its .gnu.version_r section,
# which readelf -V lists. A binary needing at most GLIBC_2.17 starts on
# glibc 2.17 and later (RHEL/CentOS 7, Ubuntu 14.04 on). On failure the
# symbols above the target are listed: each names the call to drop or the
# target to raise (2.28 is the floor the GPU machines must meet: Ubuntu
# 20.04 has 2.31, RHEL 8 2.28).
set -euo pipefail
max=2.17
if [[ "${1:-}" == -max ]]; then
	max="$2"
	shift 2
fi
(($#)) || { echo "usage: glibc-check.sh [-max VERSION] BINARY..." >&2; exit 2; }
rc=0
for b in "$@"; do
	vers="$(readelf -V -W "$b" | grep -oE 'Name: GLIBC_[0-9A-Z_.]+' | sed 's/^Name: GLIBC_//' | sort -uV)"
	if [[ -z "$vers" ]]; then
		echo "$b: needs no glibc symbol version (static, or not a glibc binary)"
		continue
	fi
	# A PIE with text relocations: the go linker's probe of the C compiler
	# failed and it left out -no-pie (some systems refuse to load such a binary).
	if readelf -d "$b" | grep -q TEXTREL; then
		echo "$b: has text relocations (DT_TEXTREL): the go linker did not pass -no-pie to the C compiler" >&2
		rc=1
	fi
	if grep -qx PRIVATE <<<"$vers"; then
		echo "$b: needs GLIBC_PRIVATE (glibc's internal symbols): it starts only with the glibc it was linked against" >&2
		rc=1
	fi
	top="$(grep -v PRIVATE <<<"$vers" | tail -n1)"
	if [[ "$(printf '%s\n%s\n' "$top" "$max" | sort -V | tail -n1)" != "$max" ]]; then
		echo "$b: needs GLIBC_$top, above the target $max; the symbols above it:" >&2
		objdump -T "$b" | grep -oE 'GLIBC_[0-9.]+\)? +[^ ]+$' | tr -d ')' | while read -r v s; do
			if [[ "$(printf '%s\n%s\n' "${v#GLIBC_}" "$max" | sort -V | tail -n1)" != "$max" ]]; then
				echo "  $s@$v" >&2
			fi
		done
		rc=1
	else
		echo "$b: needs GLIBC_$top at most (target ≤ $max)"
	fi
done
exit "$rc"
