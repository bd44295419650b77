#!/usr/bin/env bash
# collect.sh OUT_DIR RESULT.jsonl: the parts of an array job as one file
# sorted by pair id (every output line starts with {"id":...; byte order,
# LC_ALL=C). Sorting makes the result independent of how the input was
# cut, so it can be compared byte for byte with one process's output
# (sorted the same way). Refuses to run while a part is missing.
set -euo pipefail
[ $# = 2 ] || { echo "usage: collect.sh OUT_DIR RESULT.jsonl" >&2; exit 2; }
dir=$1 result=$2
if compgen -G "$dir/part-*.jsonl.tmp" >/dev/null; then
	echo "collect.sh: unfinished parts in $dir:" $(cd "$dir" && ls part-*.jsonl.tmp) >&2
	exit 1
fi
LC_ALL=C sort -S 25% "$dir"/part-*.jsonl >"$result.tmp"
mv "$result.tmp" "$result"
