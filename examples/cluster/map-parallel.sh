#!/usr/bin/env bash
# map-parallel.sh IN.jsonl OUT.jsonl [JOBS]: the same contract on one
# machine (or several, with --sshlogin) through GNU parallel: the input
# cut into blocks of whole lines, one bitext-map a block, the outputs in
# input order (--keep-order), so OUT has one line per line of IN.
# BITEXT_MAP names the mapper (default bitext-map), MAP_OPTS adds options,
# BLOCK the block size (default 1M: many blocks keep every job busy).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: map-parallel.sh IN.jsonl OUT.jsonl [JOBS]" >&2; exit 2; }
in=$1 out=$2 jobs=${3:-0}
# --halt now,fail=1: a mapper that fails (exit 3: I/O, memory) stops the
# run; a bad line does not fail it (it is an error object in OUT).
# shellcheck disable=SC2086
parallel --pipe --keep-order --halt now,fail=1 --block "${BLOCK:-1M}" -j "${jobs/#0/100%}" \
	"${BITEXT_MAP:-bitext-map}" ${MAP_OPTS:-} <"$in" >"$out.tmp"
mv "$out.tmp" "$out"
