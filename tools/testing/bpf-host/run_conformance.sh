#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Runs bpf-run (or any bpf_conformance plugin) on each DIR/*.data case and
# compares R0 with "-- result", or expects a failure whose stderr contains
# the "-- error" text.  The "-- raw" section (little-endian 64-bit words,
# one instruction a line) is what runs; "-- asm" documents it.  KTAP output.
#
#   run_conformance.sh PLUGIN DIR
#
# CONFORMANCE_PREFIX in the environment goes before each case name.

plugin=$1
dir=$2
if [ -z "$plugin" ] || [ -z "$dir" ]; then
	echo "usage: $0 PLUGIN DIR" >&2
	exit 2
fi

cases=("$dir"/*.data)
echo "KTAP version 1"
echo "1..${#cases[@]}"
n=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

for f in "${cases[@]}"; do
	n=$((n + 1))
	name=${CONFORMANCE_PREFIX:-}$(basename "$f" .data)
	section=
	prog=
	mem=
	result=
	error=
	have_error=0
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in
		"-- "*)
			section=${line#-- }
			[ "$section" = error ] && have_error=1
			continue ;;
		"#"*|"")
			continue ;;
		esac
		case "$section" in
		raw)
			v=$((line))
			for ((i = 0; i < 8; i++)); do
				prog+=$(printf '%02x ' $(((v >> (8 * i)) & 0xff)))
			done ;;
		mem)
			mem+="$line " ;;
		result)
			result=$line ;;
		error)
			error=$line ;;
		esac
	done < "$f"

	out=$(printf '%s\n' "$prog" | "$plugin" "$mem" 2>"$tmp")
	rc=$?
	msg=
	if [ "$have_error" = 1 ]; then
		if [ $rc -eq 0 ]; then
			msg="ran (r0 $out), expected an error"
		elif ! grep -qF -- "$error" "$tmp"; then
			msg="error '$(head -n1 "$tmp")', expected '$error'"
		fi
	elif [ $rc -ne 0 ]; then
		msg="exit $rc: $(head -n1 "$tmp")"
	elif [ -z "$result" ]; then
		msg="no -- result section"
	elif ! [[ "$out" =~ ^[0-9a-fA-F]+$ ]]; then
		msg="output '$out' is not hex"
	elif [ $((0x$out)) -ne $((result)) ]; then
		msg="r0 0x$out, expected $result"
	fi
	if [ -n "$msg" ]; then
		failed=$((failed + 1))
		echo "not ok $n $name # $msg"
	else
		echo "ok $n $name"
	fi
done
echo "# conformance: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
