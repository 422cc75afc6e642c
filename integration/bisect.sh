#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The series is bisectable: apply out/series/*.patch (from make series) one
# at a time with git am to pristine Linux 6.1 and build the kernel after
# each, with the configuration of the test pipeline.  One tree is built
# incrementally (git am touches only the files a patch changes, ccache
# keeps what other builds compiled), so the whole check costs about one
# kernel build plus what each patch makes kbuild redo.
#
# Output is KTAP: one result per patch ("it applies and the kernel
# builds") and a last one comparing the final tree with the one make
# series committed.  Build logs: out/logs/bisect-NNNN.log.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
INTEG=$ROOT/integration
OUT=${OUT:-$ROOT/out}
SERIES=$OUT/series
SERIES_TREE=$OUT/series-tree
TREE=$OUT/bisect-tree
LOGS=$OUT/logs
FRAG=$INTEG/config/ebpf.config
JOBS=${JOBS:-$(nproc)}

export GIT_AUTHOR_NAME="eBPF series" GIT_AUTHOR_EMAIL="bpf@vger.kernel.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
# paths under the tree hash as relative ones, so objects built in the
# pipeline's own tree are found again here
export CCACHE_BASEDIR=$TREE

mkdir -p "$LOGS"
mapfile -t patches < <(ls "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null |
	grep -v '/0000-')
if [ ${#patches[@]} -eq 0 ] || [ ! -d "$SERIES_TREE/.git" ]; then
	echo "bisect: no series in $SERIES (run make series first)" >&2
	exit 2
fi

# The tree make series started from: its first commit, pristine 6.1.
base=$(git -C "$SERIES_TREE" rev-list --max-parents=0 HEAD)
rm -rf "$TREE"
git clone -q --no-checkout "$SERIES_TREE" "$TREE" &&
	git -C "$TREE" checkout -q "$base" || exit 2

# The pipeline's configuration: tinyconfig and the fragment.  Symbols a
# patch has not added yet are dropped by olddefconfig and come back with
# the patch that adds them; kbuild then rebuilds only what reads them.
configure() {
	make -C "$TREE" tinyconfig &&
		(cd "$TREE" && scripts/kconfig/merge_config.sh -m .config "$FRAG") &&
		make -C "$TREE" olddefconfig
}

kmake() {
	make -C "$TREE" -j"$JOBS" CC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP="2026-01-01" KBUILD_BUILD_USER=ebpf \
		KBUILD_BUILD_HOST=ebpf "$@"
}

echo "KTAP version 1"
echo "1..$((${#patches[@]} + 1))"
n=0
failed=0
for p in "${patches[@]}"; do
	n=$((n + 1))
	name=$(basename "$p" .patch)
	log=$LOGS/bisect-${name%%-*}.log
	start=$(date +%s)
	why=
	if ! git -C "$TREE" am -q "$p" >"$log" 2>&1; then
		why="git am failed"
	elif ! configure >>"$log" 2>&1; then
		why="configuration failed"
	elif ! kmake bzImage >>"$log" 2>&1; then
		why="bzImage failed"
	elif grep -q '=m$' "$TREE/.config" && ! kmake modules >>"$log" 2>&1; then
		why="modules failed"
	elif grep -E '^(kernel/bpf|arch/x86/net|kernel/trace/bpf_trace)[^ ]*: .*warning' "$log"; then
		why="warnings in our files"
	fi
	if [ -n "$why" ]; then
		echo "not ok $n $name"
		echo "# $why after $name (log: $log)"
		grep -E 'error|undefined|warning' "$log" | head -10 | sed 's/^/# /'
		failed=1
		# later patches cannot be judged on a broken base
		break
	fi
	echo "ok $n $name"
	echo "# $name: applied and built in $(($(date +%s) - start)) s"
done

n=$((n + 1))
if [ $failed = 0 ] &&
	[ "$(git -C "$TREE" rev-parse 'HEAD^{tree}')" = \
	  "$(git -C "$SERIES_TREE" rev-parse 'HEAD^{tree}')" ]; then
	echo "ok $n git am of the series gives the tree make series committed"
else
	echo "not ok $n git am of the series gives the tree make series committed"
fi
[ $failed = 0 ]
