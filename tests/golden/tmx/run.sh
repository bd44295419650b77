#!/usr/bin/env bash
# run.sh: byte-exact TMX of the fixed corpus in fixture.sql, through the CLI.
#   full.tmx        `export tmx` of everything (and the same bytes on stdout)
#   filtered.tmx    every filter and both tag options at once
#   roundtrip.tmx   full.tmx imported into a fresh corpus and exported again:
#                   the same units; the n-m links come back 1-1 (their
#                   sentences are one segment after the import)
#   *.out           what the commands print
# The creation date is fixed with SOURCE_DATE_EPOCH. UPDATE=1 rewrites the
# expected files from the current output (then read the diff before
# committing).
set -u
: "${BITEXT:?BITEXT must name the bitext binary}" "${TMX_FIXTURE:?TMX_FIXTURE must name test_tmx_fixture}"
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/bt_golden_tmx_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
export SOURCE_DATE_EPOCH=1700000000
pass=0
fail=0

# same NAME: ./NAME must equal $here/NAME byte for byte
same() {
	if [ "${UPDATE:-0}" = 1 ]; then cp "$1" "$here/$1"; fi
	if cmp -s "$1" "$here/$1"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1 differs from the golden file"
		diff -u "$here/$1" "$1" | head -40
	fi
}

"$BITEXT" --db f.db init >/dev/null && "$TMX_FIXTURE" sql f.db "$here/fixture.sql" || { echo "fixture failed"; exit 1; }

"$BITEXT" --db f.db export tmx -o full.tmx >full.out 2>&1
same full.tmx
same full.out
# standard output: the same TMX, the notes on stderr
"$BITEXT" --db f.db export tmx >stdout.tmx 2>stdout.err
if cmp -s stdout.tmx full.tmx; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: stdout export differs"; fi
same stdout.err

"$BITEXT" --db f.db export tmx -o filtered.tmx --min-score 0.3 --types 1-1,1-2 --until 2023-02 \
	--src-tag nl-BE --tgt-tag en-US >filtered.out 2>&1
same filtered.tmx
same filtered.out

"$BITEXT" --db r.db init >/dev/null
"$BITEXT" --db r.db import-tmx full.tmx >roundtrip.out 2>&1
"$BITEXT" --db r.db export tmx -o roundtrip.tmx >>roundtrip.out 2>&1
same roundtrip.tmx
same roundtrip.out
# the only difference: x-link-type of the two n-m links
if [ "$(diff full.tmx roundtrip.tmx | grep -c '^[<>]')" = 4 ] &&
	[ -z "$(diff full.tmx roundtrip.tmx | grep '^[<>]' | grep -v 'x-link-type')" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: the round trip changed more than the n-m link types"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
