#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs the eBPF samples that lie beside this script (all, or those named)
# and reports each in KTAP: a sample's exit status 0 is ok, 77 is a SKIP
# (the kernel lacks what it needs; its "SKIP: reason" line says what),
# anything else is not ok.  The samples' own output becomes "# " lines.
#
#   run_samples [-t SECONDS] [SAMPLE...]

dir=$(cd "$(dirname "$0")" && pwd)
limit=60
if [ "$1" = -t ]; then
	limit=$2
	shift 2
fi
samples=${*:-sock_example sockex1 sockex2 tracex1 tracex2 tracex3 tracex4}

# shellcheck disable=SC2086 # a word per sample
set -- $samples
echo "KTAP version 1"
echo "1..$#"
n=0
failed=0
for s in "$@"; do
	n=$((n + 1))
	out=$(timeout "$limit" "$dir/$s" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
	case $rc in
	0)
		echo "ok $n $s"
		;;
	77)
		why=$(printf '%s\n' "$out" | sed -n 's/^SKIP: //p' | head -n 1)
		echo "ok $n $s # SKIP ${why:-not supported}"
		;;
	*)
		case $rc in 124 | 143) echo "# $s: timed out after ${limit}s" ;; esac
		echo "not ok $n $s"
		failed=$((failed + 1))
		;;
	esac
done
[ $failed = 0 ]
