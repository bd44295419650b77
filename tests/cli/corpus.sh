# corpus.sh: init, add, import, stats: outputs, errors and exit codes.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
mkdir -p c/nl c/en
printf ' date 2023-02 Loekasjenko sprak met BBC. Hij dreigde.\n' >c/nl/a.txt
printf 'Lukashenko spoke to the BBC. He made threats.\n' >c/en/a.txt
printf 'Poetin zweeg.\n' >c/nl/b.txt
printf 'Putin kept silent.\n' >c/en/b.txt
printf 'Alleen Nederlands.\n' >c/nl/only-nl.txt
printf 'caf\351 au lait.\n' >cp1252.txt
printf 'ok\n\000\001binary' >bin.txt
: >empty.txt
printf '\357\273\277UTF-8 with BOM.\n' >bom.txt
printf '\377\376H\000i\000.\000' >utf16.txt

$B >/dev/null 2>usage.txt
check "no command: exit 2" test $? = 2
check "no command: usage on stderr" test "$(head -1 usage.txt)" = "usage: bitext [--db PATH] COMMAND [OPTIONS] [ARGS]"
expect 2 '' "bitext: unknown command 'frobnicate' (see \`bitext --help\`)" -- $B frobnicate
expect 0 "bitext 0.1.0" '' -- $B --version
expect 3 '' "bitext: x.db: no corpus here; create one with \`bitext init\`" -- $B --db x.db stats
check "no file created by a failed open" test ! -e x.db

expect 0 'created c.db (nl -> en)' '' -- $B --db c.db init
expect 2 '' 'bitext: c.db: a file already exists here; choose another --db or remove it' -- $B --db c.db init
expect 2 '' "bitext: unknown language tag 'n l' (not BCP 47): use a BCP 47 tag such as nl, en-GB or zh-Hant" -- $B --db d.db init --src 'n l'
expect 2 '' "bitext: add needs --pair ID (see \`bitext add --help\`)" -- $B --db c.db add a b
expect 3 '' "bitext: b: cannot open: No such file or directory" -- $B --db c.db add --pair a b
expect 2 '' "bitext: add needs two files, SRC_FILE and TGT_FILE (or one XLIFF file) (see \`bitext add --help\`)" -- $B --db c.db add --pair a b c d
expect 2 '' "bitext: add: unknown option or missing value '--bogus' (see \`bitext add --help\`)" -- $B --db c.db add --bogus

# bad inputs: message with file, line, byte; exit 1; nothing written
expect 1 '' 'bitext: cp1252.txt:1:3: invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B --db c.db add --pair x cp1252.txt c/en/a.txt
expect 1 '' 'bitext: bin.txt:2:3: NUL byte: this looks like a binary file (or UTF-16 without a BOM: try --encoding UTF-16LE)' -- $B --db c.db add --pair x c/nl/a.txt bin.txt
expect 1 '' 'bitext: empty.txt: empty file' -- $B --db c.db add --pair x empty.txt c/en/a.txt
expect 3 '' 'bitext: missing.txt: cannot open: No such file or directory' -- $B --db c.db add --pair x missing.txt c/en/a.txt
expect 3 '' 'bitext: c: is a directory, not a file' -- $B --db c.db add --pair x c c/en/a.txt
expect 2 '' "bitext: cp1252.txt: unknown encoding 'NOPE' (see \`iconv -l\`)" -- $B --db c.db add --encoding NOPE --pair x cp1252.txt c/en/a.txt
if [ "$(id -u)" != 0 ]; then
	printf 'x.\n' >unreadable.txt && chmod 000 unreadable.txt
	expect 3 '' 'bitext: unreadable.txt: cannot open: Permission denied' -- $B --db c.db add --pair x unreadable.txt c/en/a.txt
fi
expect 0 "languages   nl -> en
pairs       0
documents   0
paragraphs  0
segments    0 (nl 0, en 0; 0 headings)
text bytes  0 (nl 0, en 0)
links       0" '' -- $B --db c.db stats

# good inputs in every encoding
expect 0 'added x' '' -- $B --db c.db add --encoding WINDOWS-1252 --pair x cp1252.txt cp1252.txt
expect 0 'added y' '' -- $B --db c.db add --pair y bom.txt utf16.txt
check "UTF-16 decoded" test "$(sqlite3 c.db "SELECT s.text || '|' || hex(d.gaps) || '|' || d.text_bytes FROM documents d JOIN segments s ON s.doc_id = d.id WHERE pair_id='y' AND side='tgt'")" = "Hi.||3"
check "BOM noted" test "$(sqlite3 c.db "SELECT encoding FROM documents WHERE pair_id='y' ORDER BY side")" = "UTF-8 (BOM)
UTF-16LE (BOM)"
check "Windows-1252 decoded" test "$(sqlite3 c.db "SELECT text FROM segments WHERE doc_id=1")" = "café au lait."

# import: pairs, reports the unpaired file, then is idempotent
expect 0 'imported 2 pairs: 2 added, 0 replaced, 0 unchanged, 1 unpaired files' \
	'bitext: c/nl/only-nl.txt: no partner file on the other side; skipped' -- $B --db c.db import c
expect 0 'imported 2 pairs: 0 added, 0 replaced, 2 unchanged, 1 unpaired files' \
	'bitext: c/nl/only-nl.txt: no partner file on the other side; skipped' -- $B --db c.db import c
printf 'Putin said nothing.\n' >c/en/b.txt
expect 0 'imported 2 pairs: 0 added, 1 replaced, 1 unchanged, 1 unpaired files' \
	'bitext: c/nl/only-nl.txt: no partner file on the other side; skipped' -- $B --db c.db import c
check "replaced text" test "$(sqlite3 c.db "SELECT s.text FROM segments s JOIN documents d ON d.id=s.doc_id WHERE pair_id='b' AND side='tgt'")" = "Putin said nothing."
check "date metadata" test "$(sqlite3 c.db "SELECT date FROM pairs WHERE id='a'")" = "2023-02"

# a bad file anywhere in an import writes nothing at all
before=$(sqlite3 c.db "SELECT count(*), total(length(text)) FROM segments")
printf 'Nieuw.\n' >c/nl/c.txt
printf 'bad \201 byte\n' >c/en/c.txt
printf 'Changed.\n' >c/en/a.txt
# files are paired (and the unpaired reported) before any is read
expect 1 '' 'bitext: c/nl/only-nl.txt: no partner file on the other side; skipped
bitext: c/en/c.txt:1:4: invalid UTF-8 (byte 0x81); name the encoding with --encoding' -- $B --db c.db import c
check "import rolled back" test "$(sqlite3 c.db "SELECT count(*), total(length(text)) FROM segments")" = "$before"
expect 3 '' 'bitext: nowhere: cannot open folder: No such file or directory' -- $B --db c.db import nowhere

# BITEXT_DB chooses the corpus; stats output
expect 0 "languages   nl -> en
pairs       4
documents   8
paragraphs  8
segments    10 (nl 5, en 5; 0 headings)
text bytes  169 (nl 85, en 84)
links       0" '' -- env BITEXT_DB=c.db $B stats

# not a corpus
printf 'hello\n' >notdb.db
expect 3 '' 'bitext: notdb.db: not a bitext corpus (not an SQLite database)' -- $B --db notdb.db stats
sqlite3 other.db 'CREATE TABLE t(x)'
expect 3 '' 'bitext: other.db: not a bitext corpus (an SQLite database of another application)' -- $B --db other.db stats
cp c.db newer.db && sqlite3 newer.db 'PRAGMA user_version=99'
v=$(sqlite3 c.db 'PRAGMA user_version')
expect 3 '' "bitext: newer.db: corpus schema version 99 is newer than this bitext supports ($v); upgrade bitext" -- $B --db newer.db stats

# a corpus written by bitext 0.1's first schema is upgraded on open, data kept
sqlite3 old.db <"${BITEXT_SOURCE:?}/tests/golden/store/corpus-v1.sql"
expect 0 "languages   nl -> en
pairs       1
documents   2
paragraphs  2
segments    4 (nl 2, en 2; 0 headings)
text bytes  69 (nl 33, en 36)
links       0" "bitext: old.db: upgrading the corpus from layout 1 to $v
bitext: old.db: setting up the concord tables (version 6)" -- $B --db old.db stats
check "upgraded to the current schema" test "$(sqlite3 old.db 'PRAGMA user_version')" = "$v"
check "upgraded once: the next open says nothing" test "$($B --db old.db stats 2>&1 >/dev/null)" = ""
check "old text kept" test "$(sqlite3 old.db "SELECT group_concat(text, '|') FROM segments")" = "Poetin sprak.|Loekasjenko zweeg.|Putin spoke.|Lukashenko was silent."

# a failed commit (injected) leaves the corpus as it was
before=$(sqlite3 c.db "SELECT count(*) FROM pairs")
expect 3 '' 'bitext: c.db: commit: disk I/O error (injected)' -- env BITEXT_FAULT=commit $B --db c.db add --pair z c/nl/a.txt c/en/a.txt
check "commit fault rolled back" test "$(sqlite3 c.db "SELECT count(*) FROM pairs")" = "$before"
check "integrity" test "$(sqlite3 c.db 'PRAGMA integrity_check')" = ok

# progress: on a terminal only (script(1) gives the command a pty)
if command -v script >/dev/null; then
	mkdir -p prog/nl prog/en
	for x in a b; do printf 'Zin %s.\n' $x >prog/nl/$x.txt; printf 'Sentence %s.\n' $x >prog/en/$x.txt; done
	"$BITEXT" --db p.db init >/dev/null
	script -qec "$BITEXT --db p.db import prog" /dev/null >tty.txt 2>&1 </dev/null
	check "progress on a terminal" grep -q "$(printf '\r\033\\[K1/2 a')" tty.txt
	rm p.db
	"$BITEXT" --db p.db init >/dev/null
	"$BITEXT" --db p.db import prog >notty.txt 2>&1
	check "no progress when stderr is not a terminal" test "$(grep -c '/2 ' notty.txt)" = 0
fi

# help goes to stdout, exit 0
expect 0 "usage: bitext [--db PATH] stats

Print the corpus languages and counts." '' -- $B stats --help
finish
