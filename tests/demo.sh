# demo.sh: the main job on corpus/, run by `cmake --workflow --preset demo`.
# A fresh corpus database, then every step bitext has, each shown.
set -eu
: "${BITEXT:?}" "${SRC:?}" "${OUT:?}"
mkdir -p "$OUT"
DB=$OUT/bitext.db
rm -f "$DB" "$DB-wal" "$DB-shm"
run() {
	printf '\n$ bitext %s\n' "$*"
	"$BITEXT" --db "$DB" "$@"
}
cd "$SRC"
run init --src nl --tgt en
run import corpus
run align
# The name table: each name's spellings in both languages (the frequent ones
# here; all of them as TBX for a termbase).
run names --min-count 6
run names --format tbx -o "$OUT/names.tbx"
printf '\nThe name table as a termbase (TBX-Basic) is %s\n' "$OUT/names.tbx"
run stats
run export tmx -o "$OUT/corpus.tmx"
printf '\nThe translation memory (TMX 1.4b) is %s\n' "$OUT/corpus.tmx"
# The concordance: a name across spellings, a Dutch word, how it was translated.
run concord --limit 4 Lukashenko
run concord --limit 3 --context 30 oorlog
run concord --stats oorlog
run concord --format html --limit 50 Lukashenko >"$OUT/concordance.html"
printf '\nA concordance page to open or share is %s\n' "$OUT/concordance.html"
printf '\nThe corpus database is %s\n' "$DB"
