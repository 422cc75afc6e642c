#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# checkpatch.pl from the 6.1 tree on every C file of the series, one KTAP
# result per file: no errors and no warnings allowed.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KSRC=$1
cd "$ROOT" || exit 1
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'kernel/*.[ch]' 'arch/*.[ch]' 'samples/bpf/*.[ch]' \
	'tools/testing/selftests/bpf/*.[ch]' \
	'tools/testing/bpf-host/*jit*.[ch]' 'tools/testing/bpf-host/bench_progs.c' \
	'tools/testing/bpf-host/bpf2c.c' 'tools/testing/bpf-host/bench_native.h' 'tools/testing/bpf-host/bench.h' \
	'tools/testing/bpf-host/include/linux/moduleloader.h' \
	'tools/testing/bpf-host/include/linux/set_memory.h' \
	'tools/testing/bpf-host/include/linux/printk.h' \
	'tools/testing/bpf-host/include/linux/preempt.h' \
	'tools/testing/bpf-host/include/linux/processor.h' \
	'tools/testing/bpf-host/include/linux/llist.h' \
	'tools/testing/bpf-host/include/linux/irq_work.h' \
	'tools/testing/bpf-host/include/linux/bitmap.h' \
	'tools/testing/bpf-host/include/linux/mutex.h' \
	'tools/testing/bpf-host/include/asm/text-patching.h' | sort)
echo "KTAP version 1"
echo "1..${#files[@]}"
n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	out=$(perl "$KSRC/scripts/checkpatch.pl" --no-tree --terse --show-types \
		-f "$f" 2>&1 | grep -E ': (ERROR|WARNING):')
	if [ -z "$out" ]; then
		echo "ok $n $f"
	else
		echo "not ok $n $f"
		echo "$out" | sed 's/^/# /'
	fi
done
