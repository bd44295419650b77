# cluster_corpus.sh: a corpus built as a cluster builds it (bitext-map over
# shards, import-jsonl into shard corpora, merge) is the corpus one machine
# builds (bitext import + bitext align): the same `sqlite3 .dump` of its
# tables once the two columns that name where a pair came from are
# blanked (documents.path: a file or the JSONL; pairs.added: the time), the
# same TMX export and the same concordance output. Shards are cut round
# robin and their lines reversed, and merged in another order, so that the
# ids show any dependence on order. Then every refusal of import-jsonl and
# merge, with its exact message, and nothing written after any of them.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
: "${BITEXT_MAP:?BITEXT_MAP must name the bitext-map binary}" "${BITEXT_SOURCE:?}"
M=$BITEXT_MAP
export SOURCE_DATE_EPOCH=0 # the TMX header's date

# ---- the material: the sample corpus's five articles and small pairs with
# a date line, a heading, paragraphs and a sentence without counterpart
mkdir -p docs/nl docs/en
cp "$BITEXT_SOURCE"/corpus/nl/*.txt docs/nl/
cp "$BITEXT_SOURCE"/corpus/en/*.txt docs/en/
printf ' date 2024-03-05\nDe raad vergaderde gisteren. Er werd niets besloten.\n\nVolgende week meer.\n' >docs/nl/a-raad.txt
printf 'The council met yesterday. Nothing was decided.\n\nMore next week.\n' >docs/en/a-raad.txt
printf 'Verslag\n\nPoetin sprak in Moskou. Hij zei niets over Oekraïne. Dat viel op.\n' >docs/nl/zz-verslag.txt
printf 'Report\n\nPutin spoke in Moscow. He said nothing about Ukraine.\n' >docs/en/zz-verslag.txt
# a file as a JSON string (perl-base is in every Debian system)
jstr() { perl -0777 -ne 's/\\/\\\\/g; s/"/\\"/g; s/\n/\\n/g; s/\t/\\t/g; s/\r/\\r/g; s/([\x00-\x1f])/sprintf("\\u%04x",ord($1))/ge; print' "$1"; }
for f in docs/nl/*.txt; do
	id=$(basename "$f" .txt)
	printf '{"id":"%s","src_lang":"nl","tgt_lang":"en","src":"%s","tgt":"%s"}\n' "$id" "$(jstr "$f")" "$(jstr "docs/en/$id.txt")"
done >pairs.jsonl
check "7 pairs of material" test "$(wc -l <pairs.jsonl)" = 7

# ---- one machine
$B --db one.db init --src nl --tgt en >/dev/null && $B --db one.db import docs >/dev/null && $B --db one.db align >/dev/null
check "one machine: built" test $? = 0

# ---- the cluster: map, 3 shards round robin, each reversed, imported
# into its corpus, merged in the order 2 0 1
$M --with-text pairs.jsonl >mapped.jsonl 2>map.log
check "mapped: 7 lines" test "$(wc -l <mapped.jsonl)" = 7
for i in 0 1 2; do
	awk -v i=$i 'NR % 3 == i' mapped.jsonl | tac >shard$i.jsonl
	$B --db shard$i.db init --src nl --tgt en >/dev/null
done
expect 0 'imported 2 pairs (77 segments, 38 links) from shard0.jsonl' '' -- $B --db shard0.db import-jsonl shard0.jsonl
expect 0 'imported 3 pairs (129 segments, 63 links) from shard1.jsonl' '' -- $B --db shard1.db import-jsonl shard1.jsonl
expect 0 'imported 2 pairs (148 segments, 74 links) from shard2.jsonl' '' -- $B --db shard2.db import-jsonl shard2.jsonl
$B --db merged.db init --src nl --tgt en >/dev/null
expect 0 'merged 7 pairs (354 segments, 175 links) from 3 corpora' '' -- $B --db merged.db merge shard2.db shard0.db shard1.db
# and the shards imported together, in another order, from standard input
$B --db piped.db init --src nl --tgt en >/dev/null
cat shard1.jsonl shard2.jsonl shard0.jsonl >all.jsonl
STDIN=all.jsonl expect 0 'imported 7 pairs (354 segments, 175 links) from -' '' -- $B --db piped.db import-jsonl -

# The dump, provenance blanked (on a copy), of the corpus's own tables (the
# concordance's are an index of them, compared through its output below).
dump() {
	cp "$1" dump.db
	sqlite3 dump.db "UPDATE documents SET path = ''; UPDATE pairs SET added = ''"
	sqlite3 dump.db '.dump settings pairs documents paragraphs segments links glossary'
	rm -f dump.db
}
dump one.db >one.sql
check "the dump has the rows" test "$(grep -c '^INSERT INTO segments' one.sql)" = 354
for db in merged piped; do
	dump $db.db >$db.sql
	check "$db: the same sqlite3 .dump as one machine" cmp -s one.sql $db.sql || diff one.sql $db.sql | head -5
done
$B --db one.db export tmx -o one.tmx >/dev/null
$B --db merged.db export tmx -o merged.tmx >/dev/null
check "merged: the same TMX export" cmp -s one.tmx merged.tmx
for q in Lukashenko Poetin 'Oekraïne' raad '"said nothing"'; do
	$B --db one.db concord --limit 50 "$q" >one.kwic
	$B --db merged.db concord --limit 50 "$q" >merged.kwic
	check "merged: concord $q: the same output" cmp -s one.kwic merged.kwic
done
$B --db merged.db concord --limit 500 Poetin >merged.kwic
check "concord finds in the small pairs" grep -q '^zz-verslag:1 ' merged.kwic
check "stats equal" test "$($B --db one.db stats)" = "$($B --db merged.db stats)"

# ---- without --with-text: the texts are rebuilt, segments and links the same
$M pairs.jsonl >bare.jsonl 2>/dev/null
$B --db bare.db init --src nl --tgt en >/dev/null
expect 0 'imported 7 pairs (354 segments, 175 links) from bare.jsonl
14 documents without their text (mapped without --with-text): rebuilt from the segments, white space between them' '' -- $B --db bare.db import-jsonl bare.jsonl
$B --db bare.db export tmx -o bare.tmx >/dev/null
check "no text: the same TMX export" cmp -s one.tmx bare.tmx
check "no text: the same segments" test "$(sqlite3 one.db 'SELECT * FROM segments' | md5sum)" = "$(sqlite3 bare.db 'SELECT * FROM segments' | md5sum)"
# the file's gaps are 0A0A200A (a blank line, a space, the final LF); rebuilt:
# the blank line between paragraphs and the space, the text ends with its
# last segment
check "no text: a rebuilt text" test "$(sqlite3 bare.db "SELECT hex(gaps) FROM documents WHERE pair_id = 'zz-verslag' AND side = 'tgt'")" = 0A0A20

# ---- import-jsonl: error objects, bad lines, refusals
LINE=$(grep '"id":"zz-verslag"' mapped.jsonl)
printf '%s\n\n{"id":"x1","error":{"kind":"lang","message":"src_lang: unknown language '"'"'xx'"'"'"}}\n{"id":null,"error":{"kind":"json","message":"malformed JSON","byte":3}}\n' "$LINE" >errs.jsonl
$B --db e.db init --src nl --tgt en >/dev/null
expect 0 'imported 1 pair (7 segments, 3 links) from errs.jsonl
left out 2 pairs the mapper could not map (error objects, listed on stderr)
skipped 1 empty line' "bitext: errs.jsonl:3: pair 'x1' was not mapped: lang: src_lang: unknown language 'xx'
bitext: errs.jsonl:4: pair (no id) was not mapped: json: malformed JSON" -- $B --db e.db import-jsonl errs.jsonl
$B --db s.db init --src nl --tgt en >/dev/null
expect 1 '' "bitext: errs.jsonl:3: pair 'x1' was not mapped: lang: src_lang: unknown language 'xx'
bitext: errs.jsonl:4: pair (no id) was not mapped: json: malformed JSON
bitext: errs.jsonl: 2 lines are error objects of pairs the mapper could not map (--strict): nothing imported" -- $B --db s.db import-jsonl --strict errs.jsonl
empty() { test "$($B --db "$1" stats | head -1)" = "$($B --db fresh.db stats | head -1)"; }
$B --db fresh.db init --src nl --tgt en >/dev/null
check "--strict: nothing imported" empty s.db

bad() { # NAME LINE2 MESSAGE: a good line, then LINE2: refused, nothing written
	printf '%s\n%s\n' "$LINE" "$2" >bad.jsonl
	rm -f b.db
	$B --db b.db init --src nl --tgt en >/dev/null
	expect 1 '' "$3" -- $B --db b.db import-jsonl bad.jsonl
	check "$1: nothing imported" empty b.db
}
bad "malformed" '{"id":"q",' "bitext: bad.jsonl:2:10: not a JSON line: string or '}' expected near end of file"
bad "not an object" '[1]' "bitext: bad.jsonl:2: a JSON object was expected"
bad "no id" '{"src_lang":"nl"}' 'bitext: bad.jsonl:2: no "id" string of 1 to 200 bytes'
bad "other languages" "${LINE/\"src_lang\":\"nl\"/\"src_lang\":\"de\"}" "bitext: bad.jsonl:2: pair 'zz-verslag' is de -> en; the corpus is nl -> en"
bad "a pair twice" "$LINE" "bitext: bad.jsonl:2: pair 'zz-verslag' is on line 1 too"
bad "a segment off its text" "$(sed 's/"text":"Report"/"text":"Rapor"/' <<<"${LINE/zz-verslag/zz2}")" "bitext: bad.jsonl:2: pair 'zz2': tgt segment 0: its offsets do not follow the segment before or do not fit its text"
bad "links short" "$(sed 's/,{"src_first":[^}]*}\]}$/]}/' <<<"${LINE/zz-verslag/zz2}")" "bitext: bad.jsonl:2: pair 'zz2': the links cover 2 of 4 source and 2 of 3 target segments"
bad "a score out of range" "$(sed 's/"score":[0-9.e-]*}\]}$/"score":2}]}/' <<<"${LINE/zz-verslag/zz2}")" "bitext: bad.jsonl:2: pair 'zz2': link 2 is empty, goes past the segments or has a score outside [0, 1]"
# links that cross: taken when the crossing one says "moved" (as the
# mapper writes a block the translator moved), refused when not
HEAD=${LINE%%,\"links\":*}
CROSS='{"src_first":0,"src_n":1,"tgt_first":0,"tgt_n":1,"score":0.9},{"src_first":1,"src_n":1,"tgt_first":2,"tgt_n":1,"score":0.5'
bad "links that cross unmarked" "${HEAD/zz-verslag/zz2},\"links\":[$CROSS},{\"src_first\":2,\"src_n\":2,\"tgt_first\":1,\"tgt_n\":1,\"score\":0.5}]}" "bitext: bad.jsonl:2: pair 'zz2': link 1: links out of target order"
bad "moved not a boolean" "${HEAD/zz-verslag/zz2},\"links\":[$CROSS,\"moved\":1},{\"src_first\":2,\"src_n\":2,\"tgt_first\":1,\"tgt_n\":1,\"score\":0.5}]}" "bitext: bad.jsonl:2: pair 'zz2': link 1: src_first, src_n, tgt_first, tgt_n, score expected (and moved, when given, true or false)"
printf '%s\n' "${HEAD/zz-verslag/zz3},\"links\":[$CROSS,\"moved\":true},{\"src_first\":2,\"src_n\":2,\"tgt_first\":1,\"tgt_n\":1,\"score\":0.5}]}" >moved.jsonl
$B --db mv.db init --src nl --tgt en >/dev/null
expect 0 'imported 1 pair (7 segments, 3 links) from moved.jsonl' '' -- $B --db mv.db import-jsonl moved.jsonl
check "import-jsonl: a moved link stored as moved" \
	test "$(sqlite3 mv.db "SELECT group_concat(src_first || ':' || tgt_first || ':' || moved, ' ') FROM (SELECT * FROM links ORDER BY ordinal)")" = "0:0:0 1:2:1 2:1:0"
printf '%s\n' "$LINE" >one.jsonl
expect 1 '' "bitext: one.jsonl:1: pair 'zz-verslag' is in the corpus already" -- $B --db merged.db import-jsonl one.jsonl
expect 3 '' "bitext: nope.jsonl: cannot open: No such file or directory" -- $B --db e.db import-jsonl nope.jsonl
expect 2 '' "bitext: import-jsonl needs one file, FILE or - (see \`bitext import-jsonl --help\`)" -- $B --db e.db import-jsonl
$B import-jsonl --help >help.txt
check "import-jsonl --help" test "$(head -1 help.txt)" = "usage: bitext [--db PATH] import-jsonl [--strict] FILE|-"

# ---- merge: refusals, nothing written
cp merged.db before.db
expect 1 '' "bitext: pair '000_94da7f26282f7cdf' is in merged.db and in shard1.db
bitext: pair '003_862f0dab74190d4b' is in merged.db and in shard1.db
bitext: pair 'zz-verslag' is in merged.db and in shard1.db
bitext: 3 pair ids are in more than one corpus: nothing merged (rename the pairs of one)" -- $B --db merged.db merge shard1.db
$B --db de.db init --src de --tgt en >/dev/null
expect 1 '' "bitext: de.db: a de -> en corpus; fresh.db is nl -> en" -- $B --db fresh.db merge shard0.db de.db
check "merge refused: nothing written" empty fresh.db
echo 'not a corpus' >text.db
expect 1 '' "bitext: text.db: not a bitext corpus (not an SQLite file)" -- $B --db fresh.db merge text.db
cp shard0.db old.db && sqlite3 old.db 'PRAGMA user_version = 6'
expect 1 '' "bitext: old.db: a corpus of schema 6, this one is of schema 14: open it once with this bitext (bitext --db old.db stats) to bring it up to date" -- $B --db fresh.db merge old.db
expect 3 '' "bitext: nope.db: no such corpus file" -- $B --db fresh.db merge nope.db
expect 2 '' "bitext: fresh.db: is the corpus merged into (give other corpora)" -- $B --db fresh.db merge fresh.db
expect 2 '' "bitext: shard0.db: given twice (also as ./shard0.db)" -- $B --db fresh.db merge ./shard0.db shard0.db
expect 2 '' "bitext: merge needs at least one corpus file (see \`bitext merge --help\`)" -- $B --db fresh.db merge
check "merge refused: nothing written" empty fresh.db
check "the corpus refused into is as it was" test "$(dump before.db | md5sum)" = "$(dump merged.db | md5sum)"
finish
