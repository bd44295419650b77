# concord.sh: `bitext concord`: bad input (a clear message, exit 1, nothing
# written, nothing changed), usage errors, and the sample corpus imported
# and aligned by bitext itself: names across spellings, formats, --stats.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
SRC=${BITEXT_SOURCE:?}
H="(see \`bitext concord --help\`)"

$B --db c.db init >/dev/null
$B --db c.db import "$SRC/corpus" >/dev/null
have_align=0
if $B align --help >/dev/null 2>&1; then
	$B --db c.db align >/dev/null && have_align=1
fi
segs() { sqlite3 c.db "SELECT count(*), total(length(text)) FROM segments; SELECT count(*) FROM concord_names"; }
before=$(segs)

# help and usage
$B concord --help >help.txt
check "help: exit 0" test $? = 0
check "help on stdout" grep -q '^usage: bitext \[--db PATH\] concord \[OPTIONS\] QUERY' help.txt
expect 2 '' "bitext: concord needs a QUERY $H" -- $B --db c.db concord
expect 2 '' "bitext: --lang is src, tgt or both, not 'nl' $H" -- $B --db c.db concord --lang nl oorlog
expect 2 '' "bitext: --format is text, tsv, jsonl, html, csv or xlsx, not 'xml' $H" -- $B --db c.db concord --format xml oorlog
expect 2 '' "bitext: --sort is doc, left, right, date or levels like 1R,2R,1L, not 'rank' $H" -- $B --db c.db concord --sort rank oorlog
expect 2 '' "bitext: --limit needs a whole number from 0 to 10000, not '-1' $H" -- $B --db c.db concord --limit -1 oorlog
expect 2 '' "bitext: --limit needs a whole number from 0 to 10000, not '10001' $H" -- $B --db c.db concord --limit 10001 oorlog
expect 2 '' "bitext: --limit needs at least 1 hit $H" -- $B --db c.db concord --limit 0 oorlog
expect 2 '' "bitext: --min-score needs a number, not 'high' $H" -- $B --db c.db concord --min-score high oorlog
expect 2 '' "bitext: concord: unknown option or missing value '--bogus' $H" -- $B --db c.db concord --bogus oorlog
expect 2 '' "bitext: bad since date '2023/01' (use YYYY, YYYY-MM or YYYY-MM-DD)" -- $B --db c.db concord --since 2023/01 oorlog
expect 3 '' "bitext: none.db: no corpus here; create one with \`bitext init\`" -- $B --db none.db concord oorlog
expect 1 '' "bitext: no pair 'zz' in the corpus" -- $B --db c.db concord --doc zz oorlog

# bad queries: our message, exit 1, nothing on stdout
expect 1 '' 'bitext: query: empty query' -- $B --db c.db concord ''
expect 1 '' 'bitext: query: empty query' -- $B --db c.db concord '  '
expect 1 '' 'bitext: query: unclosed quote: the " at character 1 has no partner' -- $B --db c.db concord '"Loekasjenko'
expect 1 '' "bitext: query: unclosed parenthesis: the ( at character 1 has no ')'" -- $B --db c.db concord '(oorlog OR vrede'
expect 1 '' 'bitext: query: AND at character 1 needs a term on its left' -- $B --db c.db concord AND
expect 1 '' 'bitext: query: OR at character 8 needs a term on its right' -- $B --db c.db concord oorlog OR
expect 1 '' 'bitext: query: NOT at character 1 needs a term on its left (write: a NOT b)' -- $B --db c.db concord NOT oorlog
expect 1 '' "bitext: query: prefix 'o*' at character 1 is too short (three letters at least before *)" -- $B --db c.db concord 'o*'
expect 1 '' "bitext: query: prefix 'ij*' at character 1 is too short (three letters at least before *)" -- $B --db c.db concord 'ij*'
expect 1 '' "bitext: query: NEAR(...) at character 1 needs two terms at least" -- $B --db c.db concord 'NEAR(oorlog)'
big=$(head -c 10240 /dev/zero | tr '\0' 'a')
expect 1 '' 'bitext: query: too long: 10240 bytes (at most 1024)' -- $B --db c.db concord "$big"
expect 1 '' "bitext: query: ')' at character 8 has no '('" -- $B --db c.db concord "Robert'); DROP TABLE segments;--"
expect 1 '' "bitext: query: nothing to search for in ''' at character 1 (a word needs a letter or digit)" -- $B --db c.db concord "' OR '1'='1"
expect 1 '' "bitext: query: nothing to search for in '--' at character 25 (a word needs a letter or digit)" -- $B --db c.db concord "1; DROP TABLE segments; --"
expect 1 '' 'bitext: query: not valid UTF-8 (byte 3)' -- $B --db c.db concord "$(printf 'caf\351')"
# SQL and FTS5 syntax in a query is only text to search for
expect 0 'no hits' '' -- $B --db c.db concord "x'; DELETE FROM segments; SELECT '1"
expect 0 'no hits' '' -- $B --db c.db concord 'text:oorlog'
expect 0 'no hits' '' -- $B --db c.db concord 'name:lukashenko OR {text}:x'
check "bad queries changed nothing" test "$(segs)" = "$before"

# the sample corpus: names across spellings and scripts
$B --db c.db concord --format tsv --limit 1000 Lukashenko >luk.tsv
check "Lukashenko: exit 0" test $? = 0
check "Lukashenko: TSV header" test "$(head -1 luk.tsv)" = "$(printf 'doc\tdate\tside\tsegment\tlang\tsrc\ttgt\tleft\tmatch\tright\tlink\tscore')"
check "Lukashenko finds Loekasjenko and the typo Loeksjenko" \
	test "$(tail -n +2 luk.tsv | cut -f9 | sort -u | tr '\n' ' ')" = "Loekasjenko Loeksjenko "
check "every Dutch Loekasjenko is found" \
	test "$(tail -n +2 luk.tsv | wc -l)" = "$(sqlite3 c.db "SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.side = 'src' AND (s.text LIKE '%Loekasjenko%' OR s.text LIKE '%Loeksjenko%')")"
$B --db c.db concord --format tsv --limit 1000 Лукашенко >cyr.tsv
check "Лукашенко finds the same" cmp luk.tsv cyr.tsv
$B --db c.db concord --format tsv --limit 1000 Zelensky | cut -f9 | tail -n +2 | sort -u >zel.txt
check "Zelensky finds Zelenski" grep -qx Zelenski zel.txt
expect 0 'no hits' '' -- $B --db c.db concord --exact-spelling Lukashenko
$B --db c.db concord --lang tgt --format tsv --limit 1000 Loekasjenko | tail -n +2 | cut -f9 | sort -u >tgt.txt
check "the English side: Loekasjenko finds Lukashenko" test "$(cat tgt.txt)" = "Lukashenko"
check "case and diacritics: oekraine finds Oekraïne" \
	test "$($B --db c.db concord --format tsv --limit 1 oekraine | tail -n +2 | cut -f9)" = "Oekraïne"

# formats
$B --db c.db concord --limit 3 --context 30 Loekasjenko >kwic.txt
check "text: 3 hits, 2 lines each, and a footer" test "$(wc -l <kwic.txt)" = 7
check "text: footer" test "$(tail -1 kwic.txt)" = "hits 1-3 of 46 in 5 documents; more with --offset 3"
check "--count-all: the same total" test "$($B --db c.db concord --count-all --limit 3 Loekasjenko | tail -1)" = "hits 1-3 of 46 in 5 documents; more with --offset 3"
check "text: no colours off a terminal" test "$(grep -c $'\033' kwic.txt)" = 0
$B --db c.db concord --limit 3 --color always Loekasjenko >color.txt
check "text: colours when asked" grep -q $'\033\[1;31mLoekasjenko' color.txt
$B --db c.db concord --format jsonl --limit 5 Loekasjenko >hits.jsonl
check "jsonl: 5 objects" test "$(wc -l <hits.jsonl)" = 5
for f in doc date src tgt left match right link score; do
	check "jsonl: field $f" grep -q "\"$f\":" hits.jsonl
done
$B --db c.db concord --format html --limit 5 Loekasjenko >page.html
check "html: one page" test "$(head -1 page.html)" = "<!DOCTYPE html>"
check "html: nothing fetched" test "$(grep -c -E 'http|src=|<script|<link' page.html)" = 0
check "html: closed" test "$(tail -1 page.html)" = "</html>"
$B --db c.db concord --limit 2 --offset 1000 Loekasjenko >end.txt
check "past the end" test "$(cat end.txt)" = "no more hits"
$B --db c.db concord --sort left --limit 100 Loekasjenko >left.txt
check "sort left: total shown" grep -q '^hits 1-[0-9]* of [0-9]* in [0-9]* documents$' left.txt

if [ "$have_align" = 1 ]; then
	$B --db c.db concord --format jsonl --limit 1000 Loekasjenko >al.jsonl
	check "aligned: every hit has its link" test "$(grep -c '"link":null' al.jsonl)" = 0
	check "aligned: the translation names Lukashenko" test "$(grep -c '"tgt":"[^"]*Lukashenko' al.jsonl)" = "$(wc -l <al.jsonl)"
	check "aligned: the equivalent is marked" grep -q '"equiv":\["Lukashenko"\]' al.jsonl
	$B --db c.db concord --stats Loekasjenko >stats.txt
	check "stats: Lukashenko is the first equivalent" grep -q '^  \*Lukashenko ' stats.txt
	check "stats: hits per document" test "$(sed -n '/^by document/,/^$/p' stats.txt | grep -c '^  0')" = 5
	$B --db c.db concord --stats --format jsonl oorlog >stats.json
	check "stats: oorlog is translated as war" grep -q '"equivalents":\[{"text":"war"' stats.json
	expect 0 'no hits' '' -- $B --db c.db concord --min-score 2 Loekasjenko
fi

# the index follows changes: a replaced pair, rows written by sqlite3
check "the typo Loeksjenko is in 004" \
	test "$($B --db c.db concord --exact-spelling --format tsv Loeksjenko | tail -n +2 | cut -f1)" = 004_9c51ce18bbab5b63
sqlite3 c.db "DELETE FROM pairs WHERE id = '004_9c51ce18bbab5b63'"
expect 0 'no hits' '' -- $B --db c.db concord --exact-spelling Loeksjenko
check "a deleted pair leaves no hits" test -z "$($B --db c.db concord --format tsv --limit 1000 Loekasjenko | cut -f1 | grep 004_)"
reindexed=$($B --db c.db concord --reindex)
# the model learned again from the links left (pair 004's are gone)
check "a reindex indexes every segment and learns the word model from every link" \
	test "$reindexed" = "indexed $(sqlite3 c.db 'SELECT count(*) FROM segments') segments
word model: $(sqlite3 c.db 'SELECT pairs FROM concord_lex_model') word pairs learned from $(sqlite3 c.db \
	'SELECT count(*) FROM links WHERE src_n > 0 AND tgt_n > 0') links"
check "index integrity" sqlite3 c.db "INSERT INTO concord_fts(concord_fts) VALUES ('integrity-check')"
# a damaged row of the word model: the search says which, and how to mend
# it, and writes nothing; a reindex mends it
if [ "$have_align" = 1 ]; then
	cp c.db lex.db
	# a match on the source side reads the matched word's row first
	sqlite3 lex.db "UPDATE concord_lex SET tgts = x'6f6f70'"
	expect 3 '' "bitext: lex.db: concord_lex: the row of 'de' is damaged at byte 0 (run \`concord --reindex\`)" \
		-- $B --db lex.db concord de
	sqlite3 lex.db "UPDATE concord_lex SET tgts = x'6f6f7000000000000000c07f'"
	expect 3 '' "bitext: lex.db: concord_lex: the row of 'de' has a probability out of range at byte 4" \
		-- $B --db lex.db concord --stats de
	# a match in the translation: its pair is aligned whole, every row read
	first=$(sqlite3 lex.db "SELECT min(src) FROM concord_lex")
	expect 3 '' "bitext: lex.db: concord_lex: the row of '$first' has a probability out of range at byte 4" \
		-- $B --db lex.db concord --lang tgt the
	$B --db lex.db concord --reindex >/dev/null
	check "a reindex mends the word model" test "$($B --db lex.db concord --format tsv --limit 3 de | wc -l)" = 4
	# the rows by target form, which a match on the source side reads next
	sqlite3 lex.db "UPDATE concord_lex_tgt SET srcs = x'6f6f70'"
	$B --db lex.db concord de >/dev/null 2>err; code=$?
	check "a damaged row by target form: exit 3, the table, the row and the byte named" \
		test "$code $(grep -c "^bitext: lex.db: concord_lex_tgt: the row of '[^']*' is damaged at byte 0 (run \`concord --reindex\`)\$" err)" = "3 1"
	$B --db lex.db concord --reindex >/dev/null
	check "a reindex mends it" test "$($B --db lex.db concord --format tsv --limit 3 de | wc -l)" = 4
fi
# the languages a TMX unit had besides the corpus's (import-tmx
# --keep-all-languages), under the hit or as "others", on request only
$B --db t.db init >/dev/null
$B --db t.db import-tmx --keep-all-languages "$SRC/tests/interop/keep/trados.tmx" >/dev/null
expect 0 "trados:0                                          Klik hier voor regel één$(printf '\357\277\274')Regel twee
          en: [Click] here for line one$(printf '\357\277\274')Line two
          de-DE: Klicken Sie hier
hits 1-1 of 1 in 1 document" '' -- $B --db t.db concord --color never --other-languages klik
check "other languages: not without the option" test "$($B --db t.db concord --color never klik | grep -c 'de-DE')" = 0
check "other languages in jsonl" test "$($B --db t.db concord --other-languages --format jsonl klik | grep -o '"others":{[^}]*}')" = '"others":{"de-DE":"Klicken Sie hier"}'
finish
