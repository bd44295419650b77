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
run stats
run export tmx -o "$OUT/corpus.tmx"
printf '\nThe translation memory (TMX 1.4b) is %s\n' "$OUT/corpus.tmx"
printf '\nThe corpus database is %s\n' "$DB"
