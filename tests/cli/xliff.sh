# xliff.sh: `bitext add --pair ID FILE.xlf`, one bilingual XLIFF file as a
# pair. The file is a Debian catalogue as a translator gets it after an
# upstream update (findutils' Dutch messages with 9 strings untranslated,
# made by gettext and translate-toolkit's po2xliff: make_fixtures.sh
# debian_catalogue); the CAT tools' dialects are the samples of
# tests/formats/fixtures/xliff. Checked: exact output and exit code, the
# segments and links stored (against tests/golden/xliff/findutils.tsv),
# the states in a TMX export, and that a refused file changes nothing.
. "$(dirname "$0")/lib.sh"
FX=${BITEXT_SOURCE:?}/tests/formats/fixtures
G=$BITEXT_SOURCE/tests/golden/xliff
cd "$T" || exit 99
B=$BITEXT
cp "$FX/debian/findutils-nl.xlf" "$FX"/xliff/*.xlf "$FX"/xliff/*.*xliff .
$B --db c.db init --src en --tgt nl >/dev/null
$B --db d.db init >/dev/null
# the pair's links in order: source and target text, breaks as \n
links() {
	sqlite3 -separator "$(printf '\t')" "$1" "SELECT l.ordinal, l.src_n, l.tgt_n, l.score, l.manual,
	 replace(s.text, char(10), '\\n'), replace(t.text, char(10), '\\n')
	 FROM links l JOIN documents ds ON ds.pair_id = l.pair_id AND ds.side = 'src'
	 JOIN documents dt ON dt.pair_id = l.pair_id AND dt.side = 'tgt'
	 JOIN segments s ON s.doc_id = ds.id AND s.ordinal = l.src_first
	 JOIN segments t ON t.doc_id = dt.id AND t.ordinal = l.tgt_first
	 WHERE l.pair_id = '$2' ORDER BY l.ordinal"
}

# a partly translated catalogue: the translated strings stored, the
# untranslated ones and the PO header skipped and counted
expect 0 "skipped 9 untranslated segments (no target text), the first unit '4' at line 38: the source document lacks them
stored 4 segments whose target is the source word for word, the first unit '32' at line 191: a name or a number may be so, an untranslated segment is so in OmegaT's files
skipped 1 PO header (catalogue metadata, not text)
added findutils: 194 links from the file" '' -- $B --db c.db add --pair findutils findutils-nl.xlf
links c.db findutils >findutils.tsv
check "links and segments stored" cmp findutils.tsv "$G/findutils.tsv"
check "every translated unit, in file order" test "$(cut -f1 findutils.tsv | tr '\n' ' ')" = "$(seq 0 193 | tr '\n' ' ')"
# 197 targets marked translated: 194 stored, the PO header, and units 4 and
# 106 whose targets are line breaks only (counted as untranslated)
check "targets marked translated" test "$(grep -c '<target state="translated">' findutils-nl.xlf)" = 197
check "line breaks only: not stored" test "$(sqlite3 c.db "SELECT count(*) FROM segments WHERE text GLOB '*-D help*' OR text GLOB 'Try ''%s --help'' for more*'")" = 0
check "format and language tags recorded" test "$(sqlite3 c.db "SELECT side || ':' || format || ':' || ifnull(tmx_lang, '') FROM documents ORDER BY side")" = "src:xliff:en-US
tgt:xliff:"
$B --db c.db export tmx -o out.tmx >/dev/null
check "states in the TMX export" test "$(grep -c '<prop type="x-xliff-state">translated</prop>' out.tmx)" = 194
expect 0 "findutils-nl.xlf: xliff 1.1 (xliff), en-US -> (undeclared); states: 194 translated
skipped 9 untranslated segments (no target text), the first unit '4' at line 38: the source document lacks them
stored 4 segments whose target is the source word for word, the first unit '32' at line 191: a name or a number may be so, an untranslated segment is so in OmegaT's files
skipped 1 PO header (catalogue metadata, not text)
replaced findutils: 194 links from the file" '' -- $B --db c.db add --verbose --pair findutils findutils-nl.xlf
check "replaced, not doubled" test "$(sqlite3 c.db "SELECT count(*) FROM links")" = 194

# `bitext align` of all pairs leaves the file's links (and states) as they are
expect 0 'aligned 0 pairs: 0 links between 0 en and 0 nl segments
left 1 pair as its XLIFF file linked it (align one with --pair ID)' '' -- $B --db c.db align
links c.db findutils >after-align.tsv
check "links kept by align" cmp after-align.tsv "$G/findutils.tsv"
check "states kept by align" test "$(sqlite3 c.db "SELECT count(*) FROM tmx_units")" = 194

# translate-toolkit's sample: a fuzzy entry (needs-translation) is
# translated text and stored; its state and the unit's note go to TMX
expect 0 "skipped 1 untranslated segment (no target text), the first unit '5' at line 30: the source document lacks them
skipped 1 PO header (catalogue metadata, not text)
added msgs: 2 links from the file" '' -- $B --db c.db add --pair msgs ttk-po2xliff.xlf
SOURCE_DATE_EPOCH=1700000000 $B --db c.db export tmx --pair msgs -o msgs.tmx >/dev/null
check "state and note in the TMX" test "$(sed -n '/<body>/,$p' msgs.tmx)" = '  <body>
    <tu tuid="msgs:0">
      <prop type="x-xliff-state">translated</prop>
      <note>Shown on the start page</note>
      <prop type="x-document">msgs</prop>
      <prop type="x-link-type">1-1</prop>
      <prop type="x-score">1.0000</prop>
      <tuv xml:lang="en-US"><seg>Open the file.</seg></tuv>
      <tuv xml:lang="nl-NL"><seg>Open het bestand.</seg></tuv>
    </tu>
    <tu tuid="msgs:1">
      <prop type="x-xliff-state">needs-translation</prop>
      <prop type="x-document">msgs</prop>
      <prop type="x-link-type">1-1</prop>
      <prop type="x-score">1.0000</prop>
      <tuv xml:lang="en-US"><seg>Save &lt;b&gt;all&lt;/b&gt; changes?</seg></tuv>
      <tuv xml:lang="nl-NL"><seg>Alle wijzigingen &lt;b&gt;opslaan&lt;/b&gt;?</seg></tuv>
    </tu>
  </body>
</tmx>'

# refused: one line, exit 1, the corpus unchanged
sqlite3 c.db .dump >before.sql
expect 1 '' "bitext: findutils-nl.xlf:38: 9 of 204 segments have no translation, the first unit '4' (--all-translated)" -- $B --db c.db add --all-translated --pair f2 findutils-nl.xlf
expect 1 '' "bitext: findutils-nl.xlf: the file's source language is en-US, the corpus's is nl: this is not a translation of this corpus" -- $B --db d.db add --pair f findutils-nl.xlf
printf '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="a" source-language="en" target-language="nl" datatype="plaintext"><body>\n<trans-unit id="a"><source>One.</source></trans-unit>\n<trans-unit id="b"><source>Two.</source><target/></trans-unit>\n</body></file></xliff>\n' >new.xlf
expect 1 '' "bitext: new.xlf:4: 2 of 2 segments have no translation, the first unit 'a': nothing to add" -- $B --db c.db add --pair n new.xlf
printf '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="a" source-language="en" target-language="nl" datatype="plaintext"><body>\n<trans-unit id="a"><source>One.\n' >cut.xlf
expect 1 '' "bitext: cut.xlf:5: not well-formed XML: Premature end of data in tag source line 4" -- $B --db c.db add --pair n cut.xlf
expect 1 '' "bitext: findutils.tsv: a text file, not XLIFF: \`bitext add\` takes one XLIFF file or two documents (SRC_FILE TGT_FILE)" -- $B --db c.db add --pair n findutils.tsv
sqlite3 c.db .dump >after.sql
check "refused files change nothing" cmp before.sql after.sql

# usage errors
expect 2 '' "bitext: --all-translated is for one XLIFF file (see \`bitext add --help\`)" -- $B --db c.db add --all-translated --pair n findutils-nl.xlf findutils-nl.xlf
expect 2 '' "bitext: an XLIFF file is UTF-8 XML with its own segments: --encoding, --src-encoding, --tgt-encoding, --force-encoding, --no-headers and --alt-text do not apply (see \`bitext add --help\`)" -- $B --db c.db add --encoding latin1 --pair n findutils-nl.xlf
expect 2 '' "bitext: one file is an XLIFF file: --format can only be xliff then (see \`bitext add --help\`)" -- $B --db c.db add --format docx --pair n findutils-nl.xlf

# the CAT tools' dialects (nl -> en samples): untranslated segments counted
expect 0 "kept 8 inline codes in 6 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
skipped 2 untranslated segments (no target text), the first unit 'a1b2c3d4-0003' at line 31: the source document lacks them
added trados: 3 links from the file" '' -- $B --db d.db add --pair trados trados.sdlxliff
expect 0 "kept 8 inline codes in 4 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
skipped 1 untranslated segment (no target text), the first unit '3' at line 17: the source document lacks them
added memoq: 2 links from the file" '' -- $B --db d.db add --pair memoq memoq.mqxliff
expect 0 "kept 6 inline codes in 2 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
added okapi: 3 links from the file" '' -- $B --db d.db add --pair okapi okapi.xlf
expect 0 'added omegat: 2 links from the file' '' -- $B --db d.db add --pair omegat omegat.xlf
expect 0 "kept 10 inline codes in 4 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
skipped 1 untranslated segment (no target text), the first unit 'u2' at line 20: the source document lacks them
added v2: 2 links from the file" '' -- $B --db d.db add --pair v2 v2.xlf
links d.db trados >trados.tsv
links d.db memoq >memoq.tsv
check "dialects' links" cmp <(cat trados.tsv memoq.tsv) "$G/dialects.tsv"
check "dialects' states kept" test "$(sqlite3 d.db "SELECT group_concat(substr(body, 28, length(body) - 34), ' ') FROM (SELECT u.body FROM tmx_units u JOIN links l ON l.id = u.link WHERE l.pair_id IN ('trados', 'memoq') ORDER BY l.pair_id DESC, l.ordinal)")" = "Translated ApprovedTranslation Draft ManuallyConfirmed PartiallyEdited"

# inline codes kept: each XLIFF code a TMX 1.4b inline element (bpt/ept
# for a span, ph alone; the native code as content where XLIFF 1.2 has
# one, else the XLIFF element), exactly as in the golden file; the export
# valid against the TMX DTD; the corpus text with the words inside spans,
# a space for a break, U+FFFC for a code alone
SOURCE_DATE_EPOCH=1700000000 $B --db d.db export tmx -o codes.tmx >/dev/null
grep '<seg>' codes.tmx >codes.segs
check "codes in the TMX export" cmp codes.segs "$G/dialects-codes.segs"
if [ -n "${BITEXT_SHARED:-}" ] && [ -f "$BITEXT_SHARED/tmx/tmx14.dtd" ]; then
	check "export valid against the TMX 1.4b DTD" xmllint --noout --nonet --nowarning --dtdvalid "$BITEXT_SHARED/tmx/tmx14.dtd" codes.tmx
else
	echo "skipped: the TMX DTD (../shared/tmx) is not here"
fi
check "a code alone as U+FFFC in the corpus text" test "$(sqlite3 d.db "SELECT text FROM segments WHERE text LIKE 'The committee met%twice.'")" = "$(printf 'The committee met\357\277\274 twice.')"
check "a break as a space, spans' words kept" test "$(sqlite3 d.db "SELECT group_concat(text, '|') FROM (SELECT text FROM segments WHERE text LIKE 'See the%' OR text LIKE 'Line one%' ORDER BY text)")" = "Line one column two line three.|Line one line two, Brussels.|See the appendix. Thank you."
# and back: the exported TMX into a new corpus and out again gives the
# same <seg>s
$B --db r.db init >/dev/null
$B --db r.db import-tmx codes.tmx >/dev/null
SOURCE_DATE_EPOCH=1700000000 $B --db r.db export tmx -o again.tmx >/dev/null
check "TMX round trip keeps the codes" cmp <(grep '<seg>' again.tmx) codes.segs
# `bitext import DIR` with XLIFF files mixed in: one in DIR itself, one in
# each language folder, beside a pair of text files; each XLIFF file a pair
# named after it, in the one transaction, reported once it has committed
mkdir -p mix/nl mix/en
printf 'Het weer is goed.\n' >mix/nl/weer.txt
printf 'The weather is fine.\n' >mix/en/weer.txt
cp okapi.xlf mix/
cp trados.sdlxliff mix/nl/
cp v2.xlf mix/en/
$B --db m.db init >/dev/null
expect 0 "kept 6 inline codes in 2 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
added okapi: 3 links from the file
kept 8 inline codes in 6 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
skipped 2 untranslated segments (no target text), the first unit 'a1b2c3d4-0003' at line 31: the source document lacks them
added trados: 3 links from the file
kept 10 inline codes in 4 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
skipped 1 untranslated segment (no target text), the first unit 'u2' at line 20: the source document lacks them
added v2: 2 links from the file
imported 4 pairs: 4 added, 0 replaced, 0 unchanged, 0 unpaired files
from bilingual XLIFF files: 3" '' -- $B --db m.db import mix
check "pairs and their formats" test "$(sqlite3 m.db "SELECT group_concat(pair_id || ':' || format, ' ') FROM (SELECT pair_id, format FROM documents WHERE side = 'src' ORDER BY pair_id)")" = "okapi:xliff trados:xliff v2:xliff weer:text"
check "XLIFF links as the files link them" test "$(sqlite3 m.db "SELECT count(*) FROM links WHERE pair_id IN ('okapi', 'trados', 'v2')")" = 8
# refused: one XLIFF file with untranslated segments under
# --all-translated, or an XLIFF file and a document making one pair id;
# the corpus unchanged, nothing reported as added
sqlite3 m.db .dump >m-before.sql
expect 1 '' "bitext: mix/nl/trados.sdlxliff:31: 2 of 5 segments have no translation, the first unit 'a1b2c3d4-0003' (--all-translated)" -- $B --db m.db import --all-translated mix
cp okapi.xlf mix/en/weer.xlf
expect 1 '' "bitext: mix: mix/en/weer.xlf and mix/nl/weer.txt would make the same pair weer: rename one of them" -- $B --db m.db import mix
rm mix/en/weer.xlf
sqlite3 m.db .dump >m-after.sql
check "refused imports change nothing" cmp m-before.sql m-after.sql
# a folder of XLIFF files alone, without language folders
mkdir -p only
cp omegat.xlf only/
$B --db o.db init >/dev/null
expect 0 "added omegat: 2 links from the file
imported 1 pairs: 1 added, 0 replaced, 0 unchanged, 0 unpaired files
from bilingual XLIFF files: 1" '' -- $B --db o.db import only
# the XLIFF OmegaT 3.6 wrote when it translated a file (make_fixtures.sh
# omegat): three units translated from its TM, with a <g> and an <x/>,
# the fourth left with its source as target, which is said
cp "$FX/xliff/omegat-3.6.xlf" .
$B --db om.db init >/dev/null
expect 0 "kept 6 inline codes in 4 segments: the corpus text has the words inside them, a break as a space, a code alone as the mark U+FFFC; TMX export writes them back
stored 1 segment whose target is the source word for word, the first unit '4' at line 8: a name or a number may be so, an untranslated segment is so in OmegaT's files
added om: 4 links from the file" '' -- $B --db om.db add --pair om omegat-3.6.xlf
SOURCE_DATE_EPOCH=1700000000 $B --db om.db export tmx -o om.tmx >/dev/null
check "OmegaT's XLIFF: text and codes in the TMX" test "$(grep '<seg>' om.tmx)" = '      <tuv xml:lang="nl-NL"><seg>De commissie vergaderde twee keer.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>The committee met twice.</seg></tuv>
      <tuv xml:lang="nl-NL"><seg>Het werk werd <bpt i="1">&lt;g id="1"&gt;</bpt>zorgvuldig<ept i="1">&lt;/g&gt;</ept> nagekeken.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>The work was <bpt i="1">&lt;g id="1"&gt;</bpt>carefully<ept i="1">&lt;/g&gt;</ept> reviewed.</seg></tuv>
      <tuv xml:lang="nl-NL"><seg>Zie pagina<ph>&lt;x id="2"/&gt;</ph>12 van het verslag.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>See page<ph>&lt;x id="2"/&gt;</ph>12 of the report.</seg></tuv>
      <tuv xml:lang="nl-NL"><seg>Deze zin heeft nog geen vertaling.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Deze zin heeft nog geen vertaling.</seg></tuv>'
check "the words beside a code alone stay apart" test "$(sqlite3 om.db "SELECT count(*) FROM segments WHERE text = 'See page' || char(65532) || '12 of the report.'")" = 1
finish
