#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build, boot and test pipeline of the eBPF series on Linux 6.1.
#
#   pipeline.sh run      build everything, boot, run the main job, power off
#   pipeline.sh shell    same, but leave a shell on the console
#   pipeline.sh test     build, run every host test, boot, run every guest
#                        test, again (but lib/test_bpf.c) on a debug
#                        kernel, then make series and its bisect check;
#                        closing line "N passed, M failed"
#   pipeline.sh bench    host and guest benchmarks, "bench: NAME VALUE UNIT"
#   pipeline.sh debug-test  the guest tests again on a kernel with KASAN,
#                        lockdep and might_sleep() checks (its own tree,
#                        out/linux-6.1-debug); closing line as for test
#   pipeline.sh host-test | kernel | stock | initramfs | deps
#   (stock: Linux 6.1 with its own BPF, which make bench compares with)
#
# Everything it makes lives under out/ (git ignores it).  Each stage prints
# one progress line with its time; long logs go to out/logs/.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INTEG=$ROOT/integration
OUT=${OUT:-$ROOT/out}
KSRC=$OUT/linux-6.1
LOGS=$OUT/logs
GUEST_BIN=$OUT/guest-bin
SAMPLES_OUT=$OUT/samples
INITRAMFS=$OUT/initramfs.cpio.gz
CONSOLE_LOG=$LOGS/guest-console.log
RESULTS=$OUT/results.txt

# The Debian package this pipeline was made against, and what it unpacks to.
LINUX_SOURCE_PKG=linux-source-6.1
LINUX_SOURCE_VERSION=6.1.192-2
LINUX_TARBALL=/usr/src/linux-source-6.1.tar.xz

# Upstream files our hunks edit, with their checksums in that version.
UPSTREAM_SUMS=$INTEG/upstream.sha256

APT_PACKAGES="linux-source-6.1 build-essential flex bison bc libelf-dev
	libssl-dev cpio xz-utils rsync ccache qemu-system-x86 busybox-static
	clang llvm libbpf-dev zlib1g-dev liburcu-dev gawk"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200}
JOBS=${JOBS:-$(nproc)}

mkdir -p "$OUT" "$LOGS"

stage_start=0
stage() {
	stage_name=$1
	stage_start=$(date +%s.%N)
}

stage_done() {
	local now
	now=$(date +%s.%N)
	printf '[%-9s] %6.1fs  %s\n' "$stage_name" \
		"$(echo "$now - $stage_start" | bc)" "$*"
}

die() {
	printf '[%-9s] FAILED: %s\n' "${stage_name:-pipeline}" "$*" >&2
	exit 1
}

hash_of() {
	cat "$@" | sha256sum | cut -c1-16
}

# --- deps ------------------------------------------------------------------
do_deps() {
	local missing=() p
	stage deps
	for p in $APT_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them"
		DEBIAN_FRONTEND=noninteractive apt-get update -q >"$LOGS/apt.log" 2>&1 ||
			die "apt-get update failed, see $LOGS/apt.log"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
			>>"$LOGS/apt.log" 2>&1 ||
			die "apt-get install ${missing[*]} failed, see $LOGS/apt.log"
		stage_done "installed ${missing[*]}"
	else
		stage_done "all packages present"
	fi
	local have
	have=$(dpkg-query -W -f='${Version}' $LINUX_SOURCE_PKG)
	if [ "$have" != "$LINUX_SOURCE_VERSION" ]; then
		echo "NOTE: $LINUX_SOURCE_PKG is $have; this pipeline was made against $LINUX_SOURCE_VERSION." \
			"The hunk check below says whether it still fits."
	fi
}

# --- unpack: pristine tree, upstream BPF taken out, hunks applied ----------
# Upstream implementation files that ours replaces (removed from the tree).
remove_upstream_bpf() {
	find "$KSRC/kernel/bpf" -maxdepth 1 -type f \
		\( -name '*.c' -o -name '*.h' -o -name Makefile \) -delete
	rm -rf "$KSRC/kernel/bpf/preload"
	rm -f "$KSRC/kernel/trace/bpf_trace.c" "$KSRC/kernel/trace/bpf_trace.h"
	rm -f "$KSRC/arch/x86/net/bpf_jit_comp.c"
}

do_unpack() {
	local want stamp=$KSRC/.ebpf-unpacked
	stage unpack
	want="$(dpkg-query -W -f='${Version}' $LINUX_SOURCE_PKG) $(hash_of "$INTEG"/hunks/*.patch)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		stage_done "tree up to date ($KSRC)"
		return
	fi
	rm -rf "$KSRC" "$OUT/linux-source-6.1"
	tar -C "$OUT" -xJf "$LINUX_TARBALL" || die "cannot unpack $LINUX_TARBALL"
	mv "$OUT/linux-source-6.1" "$KSRC"
	(cd "$KSRC" && sha256sum --quiet -c "$UPSTREAM_SUMS" >"$LOGS/upstream-check.log" 2>&1) ||
		echo "NOTE: upstream files our hunks edit differ from $LINUX_SOURCE_VERSION:" \
			"$(grep -c FAILED "$LOGS/upstream-check.log" || true) file(s), see $LOGS/upstream-check.log"
	remove_upstream_bpf
	local p
	for p in "$INTEG"/hunks/*.patch; do
		patch -d "$KSRC" -p1 --forward --quiet <"$p" >>"$LOGS/hunks.log" 2>&1 ||
			die "hunk $(basename "$p") no longer applies to this tree (see $LOGS/hunks.log)"
	done
	echo "$want" >"$stamp"
	stage_done "unpacked $LINUX_SOURCE_PKG, removed upstream BPF, applied $(ls "$INTEG"/hunks/*.patch | wc -l) hunks"
}

# Copy our kernel paths over the tree.  --checksum keeps the mtime of files
# whose content did not change, so kbuild recompiles only what changed.
overlay() {
	local d
	for d in kernel/bpf kernel/trace arch/x86/net; do
		rsync -r --checksum "$ROOT/$d/" "$KSRC/$d/"
	done
}

# --- configure ---------------------------------------------------------------
do_configure() {
	local want stamp=$KSRC/.ebpf-configured frag=$INTEG/config/ebpf.config
	stage configure
	overlay
	want=$(hash_of "$frag" ${EXTRA_FRAG:+"$EXTRA_FRAG"} "$INTEG"/hunks/*.patch)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$KSRC/.config" ]; then
		stage_done "config up to date"
		return
	fi
	(
		cd "$KSRC" &&
			make tinyconfig &&
			scripts/kconfig/merge_config.sh -m .config "$frag" \
				${EXTRA_FRAG:+"$EXTRA_FRAG"} &&
			make olddefconfig
	) >"$LOGS/configure.log" 2>&1 || die "configuration failed, see $LOGS/configure.log"
	# Every line of the fragment must survive olddefconfig as written.
	local line sym lost=()
	while read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$KSRC/.config" || lost+=("$line") ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$KSRC/.config" && lost+=("$line")
			;;
		esac
	done < <(cat "$frag" ${EXTRA_FRAG:+"$EXTRA_FRAG"})
	[ ${#lost[@]} -eq 0 ] || die "config fragment lines not honoured: ${lost[*]}"
	echo "$want" >"$stamp"
	stage_done "tinyconfig + integration/config/ebpf.config${EXTRA_FRAG:+ + $(basename "$EXTRA_FRAG")}"
}

kmake() {
	make -C "$KSRC" -j"$JOBS" CC="ccache gcc" KBUILD_BUILD_TIMESTAMP="2026-01-01" \
		KBUILD_BUILD_USER=ebpf KBUILD_BUILD_HOST=ebpf "$@"
}

# --- build ---------------------------------------------------------------
do_build() {
	stage build
	overlay
	export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
	kmake bzImage >"$LOGS/kernel-build.log" 2>&1 ||
		{
			grep -E 'error|undefined' "$LOGS/kernel-build.log" | head -20 >&2
			die "kernel build failed, see $LOGS/kernel-build.log"
		}
	if grep -q '=m$' "$KSRC/.config"; then
		kmake modules >>"$LOGS/kernel-build.log" 2>&1 ||
			die "module build failed, see $LOGS/kernel-build.log"
	fi
	# our files build without compiler or objtool warnings (files that
	# did not need rebuilding are not seen again: a clean build sees all)
	if grep -E '^(kernel/bpf|arch/x86/net|kernel/trace/bpf_trace)[^ ]*: .*warning' \
		"$LOGS/kernel-build.log" >&2; then
		die "warnings in our files, see $LOGS/kernel-build.log"
	fi
	stage_done "bzImage $(stat -c %s "$KSRC/arch/x86/boot/bzImage") bytes (log: $LOGS/kernel-build.log)"
}

# --- guest programs and initramfs -----------------------------------------
do_guest_programs() {
	make -s -C "$ROOT/tools/testing/selftests/bpf" O="$GUEST_BIN" \
		>"$LOGS/guest-programs.log" 2>&1 ||
		die "guest programs failed to build, see $LOGS/guest-programs.log"
	# samples/bpf: clang -target bpf objects, static libbpf loaders; the
	# tracing ones read kernel structures at offsets from the tree in KSRC
	make -s -C "$ROOT/samples/bpf" O="$SAMPLES_OUT" KSRC="$KSRC" \
		>>"$LOGS/guest-programs.log" 2>&1 ||
		die "samples/bpf failed to build, see $LOGS/guest-programs.log"
}

do_initramfs() {
	local dir=${INITRAMFS%.cpio.gz}
	stage initramfs
	do_guest_programs
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,sbin,proc,sys,dev,tmp,tests,etc}
	cp /bin/busybox "$dir/bin/busybox"
	cp "$INTEG/guest/init" "$dir/init"
	if [ -n "${TESTS_SKIP:-}" ]; then
		grep -Ev "^($TESTS_SKIP)[[:space:]]" "$INTEG/guest/tests.list" >"$dir/tests/list"
	else
		cp "$INTEG/guest/tests.list" "$dir/tests/list"
	fi
	cp "$INTEG/guest/main_job" "$INTEG/guest/test_bpf_ktap" "$INTEG/guest/with_jit" \
		"$INTEG/guest/test_bpf.later-isa" "$dir/tests/"
	mkdir -p "$dir/lib/modules"
	find "$KSRC/lib" -maxdepth 1 -name '*.ko' -exec cp {} "$dir/lib/modules/" \;
	cp "$GUEST_BIN"/* "$dir/tests/"
	# the samples with their BPF objects beside them (not the build's gen/)
	mkdir -p "$dir/tests/samples"
	find "$SAMPLES_OUT" -maxdepth 1 -type f -exec cp {} "$dir/tests/samples/" \;
	# the interpreter's conformance cases, for test_conformance
	cp -r "$ROOT/tools/testing/bpf-host/conformance" "$dir/tests/"
	chmod +x "$dir/init"
	(cd "$dir" && find . -print0 | cpio --null -o -H newc --owner 0:0 --quiet) |
		gzip -1 >"$INITRAMFS"
	stage_done "$(stat -c %s "$INITRAMFS") bytes, $(ls "$GUEST_BIN" | wc -l) programs, $(ls "$dir/tests/samples" | wc -l) sample files"
}

# --- boot ----------------------------------------------------------------
# boot MODE: run the guest with ebpf.mode=MODE, console to $CONSOLE_LOG.
# Returns non-zero (after showing the console's tail) when the guest timed
# out, did not finish or the kernel reported a problem.
boot() {
	local mode=$1 st
	local qemu=(qemu-system-x86_64 -cpu max -smp 2 -m "${GUEST_MEM:-512}" -no-reboot
		-display none -monitor none -serial stdio
		-kernel "${BOOT_KERNEL:-$KSRC/arch/x86/boot/bzImage}" -initrd "$INITRAMFS"
		-append "console=ttyS0 panic=-1 oops=panic loglevel=5 ebpf.mode=$mode")
	stage boot
	if [ "$mode" = shell ]; then
		"${qemu[@]}"
		return
	fi
	set +e +o pipefail
	timeout --foreground -k 5 "$BOOT_TIMEOUT" "${qemu[@]}" </dev/null 2>&1 |
		tr -d '\r' | tee "$CONSOLE_LOG" | guest_filter "$mode"
	st=${PIPESTATUS[0]}
	set -e -o pipefail
	if [ "$st" = 124 ]; then
		guest_problem "guest timed out after ${BOOT_TIMEOUT}s"
	elif ! grep -q '^@@@ GUEST DONE' "$CONSOLE_LOG"; then
		guest_problem "guest did not finish"
	elif grep -qE "$KERNEL_TROUBLE" "$CONSOLE_LOG"; then
		guest_problem "kernel reported: $(grep -m1 -E "$KERNEL_TROUBLE" "$CONSOLE_LOG")"
	else
		stage_done "guest finished ($mode, console: $CONSOLE_LOG)"
	fi
}

KERNEL_TROUBLE='Kernel panic|Oops|BUG:|WARNING:|general protection|Call Trace:|UBSAN:|KASAN:'

# Show the main job's output; in test mode the console only goes to the log.
guest_filter() {
	if [ "$1" = test ]; then
		cat >/dev/null
	else
		sed -u -n '/^@@@ BEGIN/,/^@@@ GUEST DONE/p' | grep --line-buffered -v '^@@@'
	fi
}

guest_problem() {
	echo "---- tail of the guest console ($CONSOLE_LOG) ----" >&2
	tail -n 40 "$CONSOLE_LOG" >&2
	printf '[%-9s] FAILED: %s\n' boot "$*" >&2
	echo "FAIL ${SUITE_PREFIX:-}guest/$*" >>"$RESULTS"
	return 1
}

# --- test results ----------------------------------------------------------
# KTAP lines of every suite are collected into $RESULTS as "PASS|FAIL suite/name".

ktap_collect() {
	local suite=$1 log=$2 rc=$3
	awk -v suite="$suite" -v rc="$rc" '
		/^ *ok [0-9]+.*# *SKIP/ { sub(/^ *ok [0-9]+ (- )?/, ""); print "SKIP " suite "/" $0; n++; next }
		/^ *ok [0-9]+/ { sub(/^ *ok [0-9]+ (- )?/, ""); print "PASS " suite "/" $0; n++ }
		/^ *not ok [0-9]+/ { sub(/^ *not ok [0-9]+ (- )?/, ""); print "FAIL " suite "/" $0; n++; f++ }
		END {
			if (n == 0) print "FAIL " suite "/(no test ran)"
			else if (rc != 0 && f == 0) print "FAIL " suite "/(exited " rc ")"
		}' "$log" >>"$RESULTS"
}

run_host_tests() {
	local rc=0
	stage host-test
	make -s -C "$ROOT/tools/testing/bpf-host" test O="$OUT/host" \
		>"$LOGS/host-test.log" 2>&1 || rc=$?
	ktap_collect host "$LOGS/host-test.log" $rc
	rc=0
	"$INTEG/checkpatch.sh" "$KSRC" >"$LOGS/checkpatch.log" 2>&1 || rc=$?
	ktap_collect checkpatch "$LOGS/checkpatch.log" $rc
	stage_done "host unit tests and checkpatch"
}

# make series, with checkpatch on every patch, then the bisect check: the
# series applies with git am and the kernel builds after every patch.
run_series_tests() {
	local rc=0
	stage series
	"$INTEG/series.sh" >"$LOGS/series.log" 2>&1 || rc=$?
	ktap_collect series "$LOGS/series.log" $rc
	if [ $rc = 0 ]; then
		rc=0
		"$INTEG/bisect.sh" >"$LOGS/bisect.log" 2>&1 || rc=$?
		ktap_collect bisect "$LOGS/bisect.log" $rc
	fi
	stage_done "series and bisect check (logs: $LOGS/series.log, $LOGS/bisect.log)"
}

# Split the guest console into one log per suite and collect each.
collect_guest_tests() {
	local name rc
	while read -r _ _ name rc; do
		rc=${rc#rc=}
		sed -n "/^@@@ BEGIN $name\$/,/^@@@ END $name /p" "$CONSOLE_LOG" \
			>"$LOGS/guest-${SUITE_PREFIX:-}$name.log"
		ktap_collect "${SUITE_PREFIX:-}$name" "$LOGS/guest-${SUITE_PREFIX:-}$name.log" "$rc"
	done < <(grep '^@@@ END ' "$CONSOLE_LOG")
}

# Skipped tests (KTAP "# SKIP") are listed and counted apart: neither
# passed nor failed.
report() {
	local pass fail skip
	pass=$(grep -c '^PASS ' "$RESULTS" || true)
	fail=$(grep -c '^FAIL ' "$RESULTS" || true)
	skip=$(grep -c '^SKIP ' "$RESULTS" || true)
	stage_done "$(awk '$1 != "SKIP" { split($2, s, "/"); n[s[1]]++ } END { for (k in n) printf "%s:%d ", k, n[k] }' "$RESULTS")($skip skipped)"
	sed 's/^/  /' "$RESULTS"
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# --- stock Linux 6.1 with upstream's BPF: what make bench compares with -----
STOCK=$OUT/stock-linux-6.1

do_stock_kernel() {
	local frag=$OUT/stock.config stamp=$STOCK/.ebpf-stock-config want
	stage stock
	if [ ! -d "$STOCK" ]; then
		rm -rf "$OUT/linux-source-6.1"
		tar -C "$OUT" -xJf "$LINUX_TARBALL" || die "cannot unpack $LINUX_TARBALL"
		mv "$OUT/linux-source-6.1" "$STOCK"
	fi
	# the same fragment, with upstream's BPF (its interpreter) in place of ours
	sed -e '/EBPF_SYSCALL/d' -e '/EBPF_JIT/d' -e '/BPF_EVENTS/d' \
		-e 's/^# CONFIG_BPF_SYSCALL is not set/CONFIG_BPF_SYSCALL=y/' \
		"$INTEG/config/ebpf.config" >"$frag"
	want=$(hash_of "$frag")
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		(cd "$STOCK" && make tinyconfig &&
			scripts/kconfig/merge_config.sh -m .config "$frag" &&
			make olddefconfig) >"$LOGS/stock-configure.log" 2>&1 ||
			die "stock configuration failed, see $LOGS/stock-configure.log"
		echo "$want" >"$stamp"
	fi
	export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
	make -C "$STOCK" -j"$JOBS" CC="ccache gcc" KBUILD_BUILD_TIMESTAMP="2026-01-01" \
		KBUILD_BUILD_USER=ebpf KBUILD_BUILD_HOST=ebpf bzImage \
		>"$LOGS/stock-build.log" 2>&1 ||
		die "stock kernel build failed, see $LOGS/stock-build.log"
	stage_done "stock 6.1 with CONFIG_BPF_SYSCALL=y (log: $LOGS/stock-build.log)"
}

# "bench: ratio_NAME" of our guest's figure to the stock kernel's.
attach_ratios() {
	local ours=$1 stock=$2
	awk '
		FNR == NR && /^bench: guest_/ { v[substr($2, 7)] = $3; next }
		/^bench: stock_/ {
			n = substr($2, 7)
			if ((n in v) && $3 > 0)
				printf "bench: ratio_%s %.2f ours/stock\n", n, v[n] / $3
		}' "$ours" "$stock"
}

# The guest tests (those of the list not matching $1, an extended regular
# expression) on a debug kernel of its own tree, as suites "debug-NAME"; a
# report of KASAN, lockdep or might_sleep() fails the run (guest_problem).
run_debug_tests() {
	local skip=${1:-}
	(
		KSRC=$OUT/linux-6.1-debug
		INITRAMFS=$OUT/initramfs-debug.cpio.gz
		CONSOLE_LOG=$LOGS/debug-console.log
		LOGS=$LOGS/debug
		GUEST_BIN=$OUT/guest-bin-debug
		SAMPLES_OUT=$OUT/samples-debug
		EXTRA_FRAG=$INTEG/config/debug.config
		TESTS_SKIP=$skip
		mkdir -p "$LOGS"
		do_unpack
		do_configure
		do_build
		do_initramfs
		SUITE_PREFIX=debug- GUEST_MEM=1024 BOOT_TIMEOUT=2400 boot test || true
		SUITE_PREFIX=debug- collect_guest_tests
	)
}

build_all() {
	do_deps
	do_unpack
	do_configure
	do_build
	do_initramfs
}

cmd=${1:-test}
case "$cmd" in
deps) do_deps ;;
kernel) do_deps; do_unpack; do_configure; do_build ;;
stock) do_deps; do_stock_kernel ;;
initramfs) do_initramfs ;;
host-test)
	: >"$RESULTS"
	do_deps; do_unpack
	run_host_tests
	report
	;;
run) : >"$RESULTS"; build_all; boot run ;;
shell) build_all; boot shell ;;
test)
	: >"$RESULTS"
	build_all
	run_host_tests
	boot test || true
	collect_guest_tests
	# lib/test_bpf.c takes ten minutes under KASAN: make debug-test runs it
	run_debug_tests 'test_bpf|test_bpf_jit' ||
		echo "FAIL debug-kernel/build (see $LOGS/debug)" >>"$RESULTS"
	run_series_tests
	stage tests
	report
	;;
debug-test)
	: >"$RESULTS"
	do_deps
	run_debug_tests ||
		echo "FAIL debug-kernel/build (see $LOGS/debug)" >>"$RESULTS"
	stage tests
	report
	;;
bench)
	build_all
	: >"$RESULTS"
	make -s -C "$ROOT/tools/testing/bpf-host" bench O="$OUT/host-bench"
	boot bench
	ours_log=$CONSOLE_LOG
	do_stock_kernel
	CONSOLE_LOG=$LOGS/stock-console.log BOOT_KERNEL=$STOCK/arch/x86/boot/bzImage \
		boot bench-attach
	attach_ratios "$ours_log" "$LOGS/stock-console.log"
	;;
*) echo "usage: $0 run|shell|test|debug-test|bench|host-test|kernel|stock|initramfs|deps" >&2; exit 2 ;;
esac
