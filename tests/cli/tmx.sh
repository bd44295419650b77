# tmx.sh: `bitext export tmx` and `bitext import-tmx`: outputs, errors, exit
# codes, filters, split files, stdin/stdout, and that a failed write leaves
# no file and a failed import writes nothing. The corpus is the golden
# fixture (tests/golden/tmx/fixture.sql), built with $TMX_FIXTURE.
. "$(dirname "$0")/lib.sh"
: "${TMX_FIXTURE:?TMX_FIXTURE must name test_tmx_fixture}"
fixture=$(cd "$(dirname "$0")/../golden/tmx" && pwd)/fixture.sql
cd "$T" || exit 99
B=$BITEXT
export SOURCE_DATE_EPOCH=1700000000
"$B" --db f.db init >/dev/null && "$TMX_FIXTURE" sql f.db "$fixture" || { echo "fixture failed"; exit 1; }

# tuids of a TMX, one line
tuids() { grep -o 'tuid="[^"]*"' "$1" | sed 's/tuid="//; s/"$//' | tr '\n' ' '; }
# no file but the ones named, in this folder
# (out and err are lib.sh's; -wal and -shm SQLite's)
only() { test "$(ls | grep -v -- '^out$\|^err$\|-wal$\|-shm$' | tr '\n' ' ')" = "$* "; }

# ---- usage
expect 0 'usage: bitext [--db PATH] export FORMAT [OPTIONS]

Write the aligned corpus in another format. Formats:
  tmx    TMX 1.4b translation memory for CAT tools (see `bitext export tmx --help`)
  xliff  XLIFF 1.2, the links of pairs for review in a CAT tool (see
         `bitext export xliff --help`)' '' -- "$B" export --help
check "export tmx --help" sh -c "'$B' export tmx --help | head -1 | grep -q '^usage: bitext \[--db PATH\] export tmx \[-o FILE|-\]'"
check "import-tmx --help" sh -c "'$B' import-tmx --help | head -1 | grep -q '^usage: bitext \[--db PATH\] import-tmx \[--pair ID\] \[--replace|--append\]$'"
check "commands listed" sh -c "'$B' --help | grep -q '^  export  ' && '$B' --help | grep -q '^  import-tmx  '"
expect 2 '' "bitext: export needs a format: tmx or xliff (see \`bitext export --help\`)" -- "$B" --db f.db export
expect 2 '' "bitext: unknown export format 'tsv' (known: tmx, xliff) (see \`bitext export --help\`)" -- "$B" --db f.db export tsv
expect 2 '' "bitext: export tmx: unknown option or missing value '--bogus' (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx --bogus
expect 2 '' "bitext: export tmx: unknown option or missing value '--pair' (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx --pair
expect 2 '' "bitext: export tmx takes no arguments (the file is given with -o) (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx out.tmx
expect 2 '' "bitext: bad --min-score 'high' (a number, e.g. 0.5) (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx --min-score high
expect 2 '' "bitext: bad --split-every '0' (a number of units, at least 1) (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx --split-every 0 -o x.tmx
expect 2 '' "bitext: bad --split-every '-5' (a number of units, at least 1) (see \`bitext export tmx --help\`)" -- "$B" --db f.db export tmx --split-every -5 -o x.tmx
expect 2 '' 'bitext: link type 1-0 has no text on one side; a TMX unit needs both sides' -- "$B" --db f.db export tmx --types 1-1,1-0
expect 2 '' "bitext: bad link types '1:1' (e.g. 1-1,2-1)" -- "$B" --db f.db export tmx --types 1:1
expect 2 '' "bitext: bad date 'May 2023' (use YYYY, YYYY-MM or YYYY-MM-DD)" -- "$B" --db f.db export tmx --since 'May 2023'
expect 2 '' "bitext: bad language tag 'nl_NL' (use a BCP 47 tag with hyphens, e.g. nl-NL or en-GB)" -- "$B" --db f.db export tmx --src-tag nl_NL
expect 2 '' "bitext: --split-every needs an output file, not standard output" -- "$B" --db f.db export tmx --split-every 3
expect 2 '' "bitext: SOURCE_DATE_EPOCH must be seconds since 1970, not 'today' (see \`bitext export tmx --help\`)" -- env SOURCE_DATE_EPOCH=today "$B" --db f.db export tmx
expect 1 '' "bitext: no pair 'nope' in the corpus" -- "$B" --db f.db export tmx --pair nope -o x.tmx
expect 3 '' "bitext: none.db: no corpus here; create one with \`bitext init\`" -- "$B" --db none.db export tmx
check "no output after the errors" only f.db
expect 2 '' "bitext: import-tmx needs one file, FILE or - (see \`bitext import-tmx --help\`)" -- "$B" --db f.db import-tmx
expect 2 '' "bitext: import-tmx: unknown option or missing value '--bogus' (see \`bitext import-tmx --help\`)" -- "$B" --db f.db import-tmx --bogus x.tmx

# ---- export: filters choose units, split files (not under valgrind: many
# runs of the same code paths)
if [ -z "$UNDER_VALGRIND" ]; then
# messages on stdout, or on stderr when stdout is the TMX
expect 0 'wrote c.tmx: 2 units' '' -- "$B" --db f.db export tmx --pair c-003 -o c.tmx
check "--pair" test "$(tuids c.tmx)" = "c-003:0 c-003:1 "
expect 0 'wrote t.tmx: 8 units
skipped 1 link with an empty side
removed 6 characters that XML 1.0 cannot carry' '' -- "$B" --db f.db export tmx --types 1-1 -o t.tmx
check "--types 1-1" test "$(tuids t.tmx)" = "a-001:0 a-001:1 a-001:2 a-001:3 a-001:4 b&amp;&quot;&lt;x&gt;&quot;:0 b&amp;&quot;&lt;x&gt;&quot;:1 c-003:1 "
"$B" --db f.db export tmx --min-score 0.5 -o m.tmx >/dev/null
check "--min-score 0.5" test "$(tuids m.tmx)" = "a-001:0 a-001:1 a-001:2 a-001:3 a-001:5 b&amp;&quot;&lt;x&gt;&quot;:0 b&amp;&quot;&lt;x&gt;&quot;:1 "
"$B" --db f.db export tmx --since 2023 -o s.tmx >/dev/null
check "--since 2023" test "$(tuids s.tmx)" = "a-001:0 a-001:1 a-001:2 a-001:3 a-001:4 a-001:5 "
"$B" --db f.db export tmx --until 2022-10-05 -o u.tmx >/dev/null
check "--until 2022-10-05" test "$(tuids u.tmx)" = "c-003:0 c-003:1 "
"$B" --db f.db export tmx --since 2022-10-06 --until 2023-01 -o e.tmx >/dev/null
check "an empty range: a valid TMX without units" grep -q '^  <body>$' e.tmx
expect 0 '' 'bitext: exported 0 units' -- sh -c "'$B' --db f.db export tmx --since 2030 >/dev/null"
check "the default tags" grep -q '<tuv xml:lang="en-GB"><seg>Two sentences.</seg></tuv>' m.tmx
check "tag options" sh -c "'$B' --db f.db export tmx --src-tag nl-BE --tgt-tag en-US 2>/dev/null | grep -c 'xml:lang=\"nl-BE\"\\|xml:lang=\"en-US\"' | grep -qx 20"

# ---- split: whole TMX files of N units, each one importable
expect 0 'wrote p-0001.tmx: 4 units
wrote p-0002.tmx: 4 units
wrote p-0003.tmx: 2 units
skipped 2 links with text on one side only (1-0, 0-1)
skipped 1 link with an empty side
removed 6 characters that XML 1.0 cannot carry' '' -- "$B" --db f.db export tmx --split-every 4 -o p.tmx
check "no p.tmx itself" test ! -e p.tmx
"$B" --db parts.db init >/dev/null
expect 0 'imported 4 units into 1 pair from p-0001.tmx' '' -- "$B" --db parts.db import-tmx p-0001.tmx
expect 1 '' "bitext: p-0002.tmx:9: pair 'a-001' is already in the corpus (use --append to add to it, --replace to replace it, or --pair to import under another id)" -- "$B" --db parts.db import-tmx p-0002.tmx
expect 0 'imported 4 units into 2 pairs from p-0002.tmx (1 existing)' '' -- "$B" --db parts.db import-tmx --append p-0002.tmx
expect 0 'imported 2 units into 1 pair from p-0003.tmx' '' -- "$B" --db parts.db import-tmx --append p-0003.tmx
expect 2 '' 'bitext: --append and --replace exclude each other' -- "$B" --db parts.db import-tmx --append --replace p-0003.tmx
"$B" --db parts.db export tmx -o whole.tmx >/dev/null
"$B" --db f.db export tmx -o orig.tmx >/dev/null
check "the parts, imported, export as the whole" test "$(diff orig.tmx whole.tmx | grep '^[<>]' | grep -vc 'x-link-type')" = 0
check "a block per unit, no paragraphs, offsets of units a blank line apart" test "$(sqlite3 parts.db "SELECT count(*) + (SELECT count(*) FROM paragraphs) FROM segments WHERE para = ordinal; SELECT count(*) FROM segments s JOIN segments n ON n.doc_id = s.doc_id AND n.ordinal = s.ordinal + 1 WHERE n.start = s.end + 2 AND s.end - s.start = length(CAST(s.text AS BLOB)); SELECT sum(bytes) FROM documents")" = "20
$(sqlite3 parts.db "SELECT (SELECT count(*) FROM segments) - count(*) FROM documents")
$(sqlite3 parts.db "SELECT sum(length(CAST(text AS BLOB)) + 2) - 2 * (SELECT count(*) FROM documents) FROM segments")"
expect 0 'wrote q-0001.tmx: 10 units
skipped 1 link with an empty side
removed 6 characters that XML 1.0 cannot carry' '' -- "$B" --db f.db export tmx --split-every 10 --types 1-1,2-1,1-2 -o q.tmx
rm -f ./*.tmx parts.db*

fi

# ---- a failed write leaves nothing under the name, nor a temporary
expect 3 '' 'bitext: w.tmx: write failed: No space left on device (injected)' -- env BITEXT_FAULT=write:1 "$B" --db f.db export tmx -o w.tmx
expect 3 '' 'bitext: w.tmx: write failed: No space left on device (injected)' -- env BITEXT_FAULT=enospc "$B" --db f.db export tmx -o w.tmx
check "no file" only f.db
printf 'old\n' >w-0001.tmx
expect 3 '' 'bitext: w-0001.tmx: write failed: No space left on device (injected)' -- env BITEXT_FAULT=write:1 "$B" --db f.db export tmx --split-every 5 -o w.tmx
check "an old file stays as it was" test "$(cat w-0001.tmx)" = old
rm -f w-0001.tmx
expect 3 '' "bitext: no/such/x.tmx: cannot create: No such file or directory" -- "$B" --db f.db export tmx -o no/such/x.tmx
check "no file" only f.db

# ---- import
"$B" --db f.db export tmx -o full.tmx >/dev/null
"$B" --db i.db init >/dev/null
expect 0 'imported 10 units into 3 pairs from full.tmx' '' -- "$B" --db i.db import-tmx full.tmx
expect 1 '' "bitext: full.tmx:8: pair 'a-001' is already in the corpus (use --append to add to it, --replace to replace it, or --pair to import under another id)" -- "$B" --db i.db import-tmx full.tmx
expect 0 'imported 10 units into 3 pairs from full.tmx (3 replaced)' '' -- "$B" --db i.db import-tmx --replace full.tmx
expect 0 'imported 10 units into 1 pair from -' '' -- env STDIN=full.tmx sh -c "'$B' --db i.db import-tmx --pair all - <full.tmx"
check "the pair 'all'" test "$(sqlite3 i.db "SELECT count(*) FROM links WHERE pair_id = 'all'")" = 10
sed '/<prop type="x-document">/d' full.tmx >nodoc.tmx
expect 2 '' 'bitext: -:8: this unit names no document (x-document) and standard input has no file name: give --pair ID' -- sh -c "'$B' --db i.db import-tmx - <nodoc.tmx"
expect 0 'imported 10 units into 1 pair from nodoc.tmx
kept the metadata of 10 units (tuid, dates, ids, attributes, props, notes)' '' -- "$B" --db i.db import-tmx nodoc.tmx
check "the pair named by the file" test "$(sqlite3 i.db "SELECT count(*) FROM links WHERE pair_id = 'nodoc'")" = 10
before=$(sqlite3 i.db 'SELECT count(*) FROM pairs; SELECT count(*) FROM segments; SELECT count(*) FROM links')
{ head -n 60 full.tmx; printf ' '; } >cut.tmx # ends after a </prop>, inside the <tu>
expect 1 '' 'bitext: cut.tmx:61: not well-formed XML: the file ends inside <tu> (truncated?)' -- "$B" --db i.db import-tmx --pair cut cut.tmx
sed 's/<tuv xml:lang="en-GB">/<tuv>/' full.tmx >nolang.tmx
expect 1 '' 'bitext: nolang.tmx:15: <tuv> without xml:lang' -- "$B" --db i.db import-tmx --pair nolang nolang.tmx
printf 'not xml\n' >text.tmx
expect 1 '' 'bitext: text.tmx:1: not well-formed XML: Document is empty' -- "$B" --db i.db import-tmx text.tmx
: >empty.tmx
expect 1 '' 'bitext: empty.tmx: empty file' -- "$B" --db i.db import-tmx empty.tmx
expect 3 '' 'bitext: missing.tmx: cannot open: No such file or directory' -- "$B" --db i.db import-tmx missing.tmx
mkdir adir
expect 3 '' 'bitext: adir: is a directory, not a file' -- "$B" --db i.db import-tmx adir
check "a failed import writes nothing" test "$(sqlite3 i.db 'SELECT count(*) FROM pairs; SELECT count(*) FROM segments; SELECT count(*) FROM links')" = "$before"
expect 3 '' 'bitext: i.db: commit: disk I/O error (injected)' -- env BITEXT_FAULT=commit "$B" --db i.db import-tmx --pair late full.tmx
check "nor a failed commit" test "$(sqlite3 i.db 'SELECT count(*) FROM pairs; SELECT count(*) FROM segments; SELECT count(*) FROM links')" = "$before"
# every counted allocation failing in turn: a clean error (exit 3), no
# temporary left, nothing half imported (not under valgrind: slow)
if [ -z "$UNDER_VALGRIND" ]; then
	alloc_bad=0
	for n in $(seq 1 40); do
		BITEXT_FAULT=alloc:$n "$B" --db f.db export tmx --split-every 3 -o a.tmx >/dev/null 2>&1
		rc=$?
		{ [ $rc = 0 ] || [ $rc = 3 ]; } && ! ls | grep -q '\.tmp' || { alloc_bad=1; echo "export alloc:$n: exit $rc"; }
		rm -f a-*.tmx
		BITEXT_FAULT=alloc:$n "$B" --db i.db import-tmx --pair alloc full.tmx >/dev/null 2>&1
		rc=$?
		n_alloc=$(sqlite3 i.db "SELECT count(*) FROM pairs WHERE id = 'alloc'")
		{ [ $rc = 0 ] && [ "$n_alloc" = 1 ]; } || { [ $rc = 3 ] && [ "$n_alloc" = 0 ]; } ||
			{ alloc_bad=1; echo "import alloc:$n: exit $rc, $n_alloc pairs"; }
		sqlite3 i.db "PRAGMA foreign_keys = ON; DELETE FROM pairs WHERE id = 'alloc'"
	done
	check "allocation failures" test $alloc_bad = 0
fi
# a TMX whose header names the other language: its units say theirs
sed 's/srclang="nl-NL"/srclang="en-GB"/' full.tmx >en.tmx
expect 0 "imported 10 units into 1 pair from en.tmx
note: the header's srclang is 'en-GB', not nl: units were read by their own languages" '' -- "$B" --db i.db import-tmx --pair en en.tmx
# no unit at all: a failure that says why
sed 's/xml:lang="en-GB"/xml:lang="de-DE"/' full.tmx >de.tmx
expect 1 '' "bitext: de.tmx: no unit to import: 10 had no nl and en <tuv>, 0 an empty side; languages seen: de-DE (name the file's source and target languages with --src-lang and --tgt-lang)" -- "$B" --db i.db import-tmx --pair de de.tmx
# languages the file names otherwise (ISO 639-2 nld/eng): named with
# --src-lang/--tgt-lang, compared case-insensitively, the tags kept
sed 's/xml:lang="nl-NL"/xml:lang="NLD"/; s/xml:lang="en-GB"/xml:lang="eng"/' full.tmx >iso.tmx
expect 1 '' "bitext: iso.tmx: no unit to import: 10 had no nl and en <tuv>, 0 an empty side; languages seen: NLD, eng (name the file's source and target languages with --src-lang and --tgt-lang)" -- "$B" --db i.db import-tmx --pair iso iso.tmx
expect 0 "imported 10 units into 1 pair from iso.tmx
note: the header's srclang is 'nl-NL', not nld: units were read by their own languages" '' -- "$B" --db i.db import-tmx --pair iso --src-lang nld --tgt-lang ENG iso.tmx
"$B" --db i.db export tmx --pair iso -o iso-out.tmx >/dev/null
check "--src-lang: the tags as the file wrote them" test "$(grep -c '<tuv xml:lang="NLD">' iso-out.tmx) $(grep -c '<tuv xml:lang="eng">' iso-out.tmx)" = "10 10"
expect 2 '' "bitext: 'n_l!' is not a language tag (such as nl, nld, nl-BE)" -- "$B" --db i.db import-tmx --pair iso2 --src-lang 'n_l!' iso.tmx

# the header kept: its attributes, props and notes written again when the
# pairs exported all came from its file; not when they did not (and said)
printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
	'<tmx version="1.4"><header creationtool="Tool" creationtoolversion="2.1" segtype="sentence" o-tmf="ToolTM" adminlang="en-US" srclang="nl-NL" datatype="plaintext" creationid="ANNA"><prop type="x-project">Demo &amp; co</prop><note>From the tool</note></header>' \
	'<body><tu><tuv xml:lang="nl-NL"><seg>Een zin.</seg></tuv><tuv xml:lang="en-GB"><seg>A sentence.</seg></tuv></tu></body></tmx>' >hdr.tmx
"$B" --db h.db init >/dev/null
"$B" --db h.db import-tmx hdr.tmx >/dev/null
expect 0 "wrote hdr-out.tmx: 1 unit
wrote the <header> of the TMX the pairs were read from (its tool, props and notes)" '' -- "$B" --db h.db export tmx -o hdr-out.tmx
check "header kept" test "$(sed -n '4,6p' hdr-out.tmx)" = '  <header creationtool="Tool" creationtoolversion="2.1" segtype="sentence" o-tmf="ToolTM" adminlang="en-US" srclang="nl-NL" datatype="plaintext" creationid="ANNA">
    <prop type="x-project">Demo &amp; co</prop><note>From the tool</note>
  </header>'
"$B" --db h.db import-tmx --pair other full.tmx >/dev/null
expect 0 "wrote mixed.tmx: 11 units
wrote bitext's own <header>: the kept <header>s of 2 pairs read from TMX files differ or not every pair has one (export one file's pairs to get its header back)" '' -- "$B" --db h.db export tmx -o mixed.tmx
check "bitext's header when they differ" grep -q 'creationtool="bitext"' mixed.tmx

# export xliff takes the options of export tmx but a TMX's own
expect 2 '' "bitext: --split-every is for export tmx (see \`bitext export xliff --help\`)" -- "$B" --db i.db export xliff --split-every 3 -o x.xlf
expect 2 '' "bitext: --codes-as-text is for export tmx (see \`bitext export xliff --help\`)" -- "$B" --db i.db export xliff --codes-as-text -o x.xlf
check "nothing written" test ! -e x.xlf

# several --pair at once, and the links made by hand only
"$B" --db i.db export tmx --pair a-001 --pair en -o two.tmx >/dev/null
check "--pair twice: both pairs" test "$(grep -c '<prop type="x-document">' two.tmx)" = \
	"$(sqlite3 i.db "SELECT count(*) FROM links WHERE pair_id IN ('a-001', 'en') AND src_n > 0 AND tgt_n > 0")"
check "--pair twice: in the header" grep -q '<prop type="x-filter">pairs=a-001,en</prop>' two.tmx
expect 1 '' "bitext: no pair 'nope' in the corpus" -- "$B" --db i.db export tmx --pair a-001 --pair nope -o x.tmx
sqlite3 i.db "UPDATE links SET manual = 1 WHERE pair_id = 'en' AND ordinal IN (1, 3)"
"$B" --db i.db export tmx --manual-only -o manual.tmx >/dev/null
check "--manual-only: the manual links" test "$(grep -c '<tu ' manual.tmx)" = \
	"$(sqlite3 i.db "SELECT count(*) FROM links WHERE manual AND src_n > 0 AND tgt_n > 0")"
check "--manual-only: none other" test "$(grep -c '<tu ' manual.tmx)" = "$(grep -c 'x-manual' manual.tmx)"
finish
