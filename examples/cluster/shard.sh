#!/usr/bin/env bash
# shard.sh N IN.jsonl DIR: cuts a JSON Lines corpus into N shards of whole
# lines, DIR/shard-000.jsonl ... (GNU split: N pieces of about equal size,
# never a line cut in two). Shards may be empty when N exceeds the lines.
set -euo pipefail
[ $# = 3 ] || { echo "usage: shard.sh N IN.jsonl DIR" >&2; exit 2; }
n=$1 in=$2 dir=$3
mkdir -p "$dir"
split -n "l/$n" -d -a 3 --additional-suffix=.jsonl "$in" "$dir/shard-"
