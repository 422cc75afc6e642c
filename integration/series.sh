#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make series: the work as a git format-patch series against the pristine
# Linux 6.1 tree of the Debian package, generated from this repository
# (never edited by hand): out/series/0000-cover-letter.patch, 0001-...
#
# Each step copies files from the repository at their kernel paths and
# applies the hunks of integration/hunks/ that belong to it, then commits
# with the subject and message below.  kernel/bpf/Makefile is cut down at
# each step to the objects whose sources exist by then.  checkpatch.pl of
# the tree checks every patch; errors make this script fail.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INTEG=$ROOT/integration
OUT=${OUT:-$ROOT/out}
TREE=$OUT/series-tree
SERIES=$OUT/series
TARBALL=/usr/src/linux-source-6.1.tar.xz
VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.1)

export GIT_AUTHOR_NAME="eBPF series" GIT_AUTHOR_EMAIL="bpf@vger.kernel.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
SIGNOFF="Signed-off-by: $GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL>"

put() {
	local f
	for f in "$@"; do
		mkdir -p "$TREE/$(dirname "$f")"
		cp "$ROOT/$f" "$TREE/$f"
	done
}

hunk() {
	patch -d "$TREE" -p1 --forward --quiet <"$INTEG/hunks/$1"
}

# kernel/bpf/Makefile with only the objects whose .c is in the tree
bpf_makefile() {
	awk -v dir="$TREE/kernel/bpf" '
		/^obj-/ {
			line = $1 " " $2
			n = 0
			for (i = 3; i <= NF; i++) {
				src = $i
				sub(/\.o$/, ".c", src)
				if ((getline tmp < (dir "/" src)) >= 0) {
					close(dir "/" src)
					line = line " " $i
					n++
				}
			}
			if (n)
				print line
			next
		}
		{ print }' "$ROOT/kernel/bpf/Makefile" >"$TREE/kernel/bpf/Makefile"
}

commit() {
	local subject=$1 body=$2
	git -C "$TREE" add -A -f
	printf '%s\n\n%s\n\n%s\n' "$subject" "$body" "$SIGNOFF" |
		git -C "$TREE" commit -q -F -
}

echo "# series: unpacking $TARBALL"
rm -rf "$TREE" "$SERIES" "$OUT/linux-source-6.1"
mkdir -p "$SERIES"
tar -C "$OUT" -xJf "$TARBALL"
mv "$OUT/linux-source-6.1" "$TREE"
git -C "$TREE" init -q
git -C "$TREE" add -A -f
git -C "$TREE" commit -q -m "Linux 6.1 from Debian linux-source-6.1 $VERSION"
BASE=$(git -C "$TREE" rev-parse HEAD)

find "$TREE/kernel/bpf" -maxdepth 1 -type f \
	\( -name '*.c' -o -name '*.h' -o -name Makefile \) -delete
rm -rf "$TREE/kernel/bpf/preload"
hunk 0001-kconfig-ebpf-syscall.patch
put kernel/bpf/core.c kernel/bpf/interp.c kernel/bpf/interp.h kernel/bpf/helpers.c \
	kernel/bpf/gen_interp_pairs.c kernel/bpf/.gitignore
bpf_makefile
commit "bpf: replace the core with an interpreter of our own" \
"Take out upstream's eBPF implementation (kernel/bpf) and add
CONFIG_EBPF_SYSCALL (which needs BPF_SYSCALL off) and CONFIG_EBPF_JIT.
core.c gives what the rest of 6.1 links against: program allocation,
reallocation and freeing (from a workqueue), runtime selection,
__bpf_call_base and the negative-offset packet loads; interp.c runs every
instruction of the original eBPF ISA with threaded dispatch over slots
decoded at load, pairs of simple ALU64 instructions on one register sharing
one handler (written out by the host program gen_interp_pairs).  Classic
socket filters, converted by net/core/filter.c, run on it."

put kernel/bpf/map.c kernel/bpf/map.h kernel/bpf/hashtab.c kernel/bpf/arraymap.c
bpf_makefile
commit "bpf: map core with hash and array maps" \
"The map core (creation checks, references, the map helpers programs
call) and two map types: BPF_MAP_TYPE_HASH, a chained table with a lock per
bucket and RCU readers, whose writers never rewrite a value in place and
fail with EBUSY when re-entered on their CPU inside the lock; and
BPF_MAP_TYPE_ARRAY, preallocated and zeroed."

put kernel/bpf/verifier.c kernel/bpf/verifier.h kernel/bpf/disasm.c \
	kernel/bpf/prog_types.c kernel/bpf/prog_types.h
bpf_makefile
commit "bpf: the verifier" \
"Proves a program safe before it can run: encodings, control flow (no
loops, nothing unreachable), then a walk of every path with a type for
each register and stack byte, pruned at jump targets, then the rewrite
for the runtime.  It knows nothing of fds or user memory, so it also
builds on the host.  prog_types.c says what socket filter and kprobe
programs may call and read."

put kernel/bpf/syscall.c
hunk 0003-bpf-h-ebpf-prog-references.patch
bpf_makefile
commit "bpf: the bpf() system call" \
"Map commands (create, lookup, update with BPF_ANY/NOEXIST/EXIST, delete,
get-next-key), BPF_PROG_LOAD with the license, the log and kern_version,
BPF_PROG_TEST_RUN for socket filters, map and program fds freed on close,
and the program references linux/bpf.h declares for SO_ATTACH_BPF and
PERF_EVENT_IOC_SET_BPF.  Unknown fields, flags and sizes get a clear errno
and leave nothing behind."

rm -f "$TREE/arch/x86/net/bpf_jit_comp.c"
put arch/x86/net/bpf_jit_comp.c
hunk 0006-ebpf-jit-build-and-sysctl.patch
commit "x86: bpf: a JIT compiler of our own" \
"Compiles every instruction the interpreter runs to x86-64 with the same
results: BPF R1-R5 in the C argument registers so helper calls are direct,
one epilogue, sizing passes with short jumps where they fit.  Images are
copied with text_poke_copy() into packs of module memory made read-only
and executable once, at a random offset in their first chunk, and turned
back into int3 when freed, so no program changes page permissions.
net.core.bpf_jit_enable chooses it; what it cannot compile stays on the
interpreter."

rm -f "$TREE/kernel/trace/bpf_trace.c" "$TREE/kernel/trace/bpf_trace.h"
put kernel/trace/bpf_trace.c
hunk 0004-bpf-events-for-ebpf-syscall.patch
hunk 0005-perf-event-prog-for-ebpf-syscall.patch
commit "bpf: kprobe programs and the tracing helpers" \
"PERF_EVENT_IOC_SET_BPF on kprobe events attaches kprobe programs, which
run on every hit with pt_regs (never in NMI, never nested on a CPU), and
may call probe_read, ktime_get_ns and trace_printk."

(cd "$ROOT" && git ls-files samples/bpf) | while read -r f; do put "$f"; done
commit "samples: bpf: socket and kprobe samples" \
"sock_example, sockex1, sockex2 (socket filters on lo) and tracex1-4
(kprobe programs), each making its own traffic and checking its maps."

(cd "$ROOT" && git ls-files tools/testing/selftests/bpf tools/testing/bpf-host) |
	while read -r f; do put "$f"; done
commit "selftests: bpf: tests of the syscall, verifier, JIT and attach points" \
"Static guest programs for maps, the verifier (427 cases), socket filters,
kprobe programs and conformance, and a host build of the core against a
shim of kernel headers for unit tests, fuzzing and benchmarks."

(cd "$ROOT" && git ls-files Documentation/bpf) | while read -r f; do put "$f"; done
hunk 0007-documentation-bpf-index.patch
commit "Documentation: bpf: the eBPF subsystem" \
"A how-to from a C program through clang, loading and attaching to reading
its results; the bpf() ABI with every errno; the verifier's rules and log;
the interpreter and the JIT; how the fuzzers are run.  ebpf-index.rst
lists them in the toctree of Documentation/bpf."

hunk 0002-maintainers-ebpf.patch
commit "MAINTAINERS: add the eBPF subsystem" \
"List the files of the series."

git -C "$TREE" format-patch -q --cover-letter -o "$SERIES" "$BASE"..HEAD
cover=$(ls "$SERIES"/0000-*.patch)
awk -v version="$VERSION" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, "an eBPF subsystem written from scratch for Linux 6.1") }
	/\*\*\* BLURB HERE \*\*\*/ {
		print "This series replaces the eBPF implementation of Linux 6.1 (Debian"
		print "linux-source-6.1 " version ") with one written from scratch, with the"
		print "same ABI (include/uapi/linux/bpf.h): the bpf() system call with hash"
		print "and array maps, a verifier, an interpreter and an x86-64 JIT, socket"
		print "filters through SO_ATTACH_BPF and kprobe programs through"
		print "PERF_EVENT_IOC_SET_BPF, with samples, selftests and documentation."
		print ""
		print "It is ordered for reading: the core and interpreter, maps, the"
		print "verifier, the system call, the JIT, kprobe programs, then samples,"
		print "tests, documentation and MAINTAINERS.  Small hunks wire it into the"
		print "hooks 6.1 already has."
		next
	}
	{ print }' "$cover" >"$cover.new"
mv "$cover.new" "$cover"

# KTAP: one result per patch, no checkpatch errors (warnings are listed).
# checkpatch runs on the patches in parallel, a job per CPU.
mapfile -t patches < <(ls "$SERIES"/*.patch)
checks=$(mktemp -d)
trap 'rm -rf "$checks"' EXIT
for p in "${patches[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do
		wait -n || true
	done
	(cd "$TREE" && perl scripts/checkpatch.pl --no-tree --terse -q "$p" \
		>"$checks/$(basename "$p")" 2>/dev/null) &
done
wait
echo "KTAP version 1"
echo "1..$((${#patches[@]} + 1))"
errors=0
n=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	out=$(grep -E ': (ERROR|WARNING):' "$checks/$(basename "$p")" || true)
	if echo "$out" | grep -q ': ERROR:'; then
		echo "not ok $n checkpatch $(basename "$p")"
		errors=$((errors + 1))
	else
		echo "ok $n checkpatch $(basename "$p")"
	fi
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
done

# Every file of ours is in the series as it is in the repository.
n=$((n + 1))
missing=$(cd "$ROOT" && git ls-files -co --exclude-standard kernel arch samples/bpf \
	tools/testing/selftests/bpf tools/testing/bpf-host Documentation/bpf |
	while read -r f; do
		cmp -s "$f" "$TREE/$f" || echo "$f"
	done)
if [ -z "$missing" ]; then
	echo "ok $n the series holds every file of the repository"
else
	echo "not ok $n the series holds every file of the repository"
	echo "$missing" | sed 's/^/# missing or different: /'
	errors=$((errors + 1))
fi
echo "# series: ${#patches[@]} patches in $SERIES, $errors errors"
[ "$errors" = 0 ]
