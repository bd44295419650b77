#!/usr/bin/env bash
# merge.sh OUT_DIR CORPUS.db: the shard corpora OUT_DIR/part-*.db merged
# into a new corpus, in rounds of at most 8 (SQLite attaches at most 10
# files as Debian builds it). Pairs are copied in id order within a merge,
# so a corpus of 8 parts or fewer has the ids one machine gives; with more,
# each round's pairs follow the last round's. Refuses to run while a part
# is unfinished, or when CORPUS.db exists. SRC and TGT name the languages
# (nl and en by default); merge refuses parts of other languages.
set -euo pipefail
[ $# = 2 ] || { echo "usage: merge.sh OUT_DIR CORPUS.db" >&2; exit 2; }
dir=$1 corpus=$2
if compgen -G "$dir/part-*.db.tmp" >/dev/null; then
	echo "merge.sh: unfinished parts in $dir:" $(cd "$dir" && ls part-*.db.tmp) >&2
	exit 1
fi
[ ! -e "$corpus" ] || { echo "merge.sh: $corpus exists" >&2; exit 1; }
parts=("$dir"/part-*.db)
"${BITEXT:-bitext}" --db "$corpus" init --src "${SRC:-nl}" --tgt "${TGT:-en}" >/dev/null
for ((i = 0; i < ${#parts[@]}; i += 8)); do
	"${BITEXT:-bitext}" --db "$corpus" merge "${parts[@]:i:8}"
done
