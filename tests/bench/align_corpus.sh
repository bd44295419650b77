#!/usr/bin/env bash
# align_corpus.sh: what the corpus's own lexicon costs `bitext align` of a
# whole corpus, through the command. The corpus is Text+Berg's dev and 7
# test documents (de-fr) COPIES times over (80 pairs, 28k segments at 10),
# imported once; each variant then aligns a fresh copy of it, RUNS times,
# and the median wall and CPU time (user + system) and peak RSS are printed:
#   one pass, no word model      --passes 1 --no-word-model
#   two passes, no word model    --passes 2 --no-word-model (a lexicon per document)
#   default, first align         the corpus has no word model yet: two passes,
#                                the links written teach it one, and (there is
#                                no glossary here) it aligns again with it
#   default, with the model      a second align: the corpus's model replaces
#                                each document's own lexicon
# Every write of links also trains the word model (the concordance's), in
# all four. Prints figures; asserts nothing.
#   BITEXT=build/default/bitext bash tests/bench/align_corpus.sh [COPIES [RUNS]]
set -eu
: "${BITEXT:?the bitext command to run}"
case $BITEXT in /*) ;; *) BITEXT=$PWD/$BITEXT ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tb=${BITEXT_SHARED:-$here/../../../shared}/bench/textberg
[ -f "$tb/test0.de" ] || { echo "align_corpus: no Text+Berg at $tb (set BITEXT_SHARED)" >&2; exit 1; }
copies=${1:-10}
runs=${2:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

mkdir -p "$T/in/de" "$T/in/fr"
for f in dev test0 test1 test2 test3 test4 test5 test6; do
	for k in $(seq "$copies"); do
		cp "$tb/$f.de" "$T/in/de/$f-$k.txt"
		cp "$tb/$f.fr" "$T/in/fr/$f-$k.txt"
	done
done
"$BITEXT" --db "$T/base.db" init --src de --tgt fr >/dev/null
(cd "$T/in" && "$BITEXT" --db "$T/base.db" import . >/dev/null)
cp "$T/base.db" "$T/model.db"
"$BITEXT" --db "$T/model.db" align >/dev/null
echo "corpus  $("$BITEXT" --db "$T/base.db" stats | sed -n 's/^segments *//p'), $((8 * copies)) pairs"

# median FILE COLUMN
median() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2)'
}

# one K DB [ALIGN-OPTIONS...]: one run of variant K, its times added to $T/times.K
one() {
	local k=$1 db=$2
	shift 2
	rm -f "$T/r.db" "$T/r.db-wal" "$T/r.db-shm"
	cp "$db" "$T/r.db"
	/usr/bin/time -f '%e %U %S %M' -o "$T/time" "$BITEXT" --db "$T/r.db" align "$@" >"$T/out.$k"
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$T/time" >>"$T/times.$k"
}

# the variants in turn, run after run: the machine's drift falls on all alike
for _ in $(seq "$runs"); do
	one 1 "$T/base.db" --passes 1 --no-word-model
	one 2 "$T/base.db" --passes 2 --no-word-model
	one 3 "$T/base.db"
	one 4 "$T/model.db"
done
echo "bitext align, median of $runs runs (the variants in turn)"
k=0
for name in "one pass, no word model" "two passes, no word model" "default, first align" "default, with the model"; do
	k=$((k + 1))
	printf '  %-28s wall %5.2f s  cpu %5.2f s  peak %4d MB  (%s)\n' "$name" "$(median "$T/times.$k" 1)" \
		"$(median "$T/times.$k" 2)" $(($(median "$T/times.$k" 3) / 1024)) "$(tail -n 1 "$T/out.$k")"
done
