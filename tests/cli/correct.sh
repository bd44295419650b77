# correct.sh: bitext correct and bitext corrections (issue 18): each op,
# its bad inputs and exit codes, what the corpus then holds (segments,
# links), the TMX export read back by a real XML parser (xmllint), undo and
# redo, and a re-add that makes the corrections again or says which no
# longer apply.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
segs() { sqlite3 c.db "SELECT group_concat(text, ' | ') FROM (SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'a' AND d.side = '$1' ORDER BY s.ordinal)"; }
links() { sqlite3 c.db "SELECT group_concat(src_first||'+'||src_n||'/'||tgt_first||'+'||tgt_n, ' ') FROM (SELECT * FROM links WHERE pair_id = 'a' ORDER BY ordinal)"; }
# the TSV without its dates
list() { "$@" | sed -E 's/\t[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\t/\tD\t/'; }
DSED='s/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/D/g'
nodate() {
	"$@" >"$T/nd.out" 2>"$T/nd.err"
	local rc=$?
	sed -E "$DSED" "$T/nd.out"
	sed -E "$DSED" "$T/nd.err" >&2
	return $rc
}
# seg LANG TUID: the text of that <tuv>'s <seg> in a.tmx, by XPath
seg() { xmllint --xpath "string(//tu[@tuid='$2']/tuv[@xml:lang='$1']/seg)" a.tmx; }

mkdir -p nl en
printf 'Inleiding De kat slaapt. De hond blaft.\n\nHet regent vandag.\n' >nl/a.txt
printf 'Introduction The cat sleeps. The dog barks.\n\nIt rains today.\n' >en/a.txt
$B --db c.db init >/dev/null && $B --db c.db add --pair a nl/a.txt en/a.txt >/dev/null &&
	$B --db c.db align >/dev/null || exit 99
check "the segments as ingested" test "$(segs src)" = "Inleiding De kat slaapt. | De hond blaft. | Het regent vandag."
check "aligned 1-1" test "$(links)" = "0+1/0+1 1+1/1+1 2+1/2+1"

# ---- usage errors (exit 2) and corrections that cannot be made (exit 1)
U="(see \`bitext correct --help\`)"
expect 2 '' "bitext: correct needs --pair, --side and --segment $U" -- $B --db c.db correct --pair a --side src --join
expect 2 '' "bitext: --side is src or tgt, not 'nl' $U" -- $B --db c.db correct --pair a --side nl --segment 0 --join
expect 2 '' "bitext: --segment takes a segment number from 0, not '-1' $U" -- $B --db c.db correct --pair a --side src --segment -1 --join
expect 2 '' "bitext: give one of --text, --split-at and --join $U" -- $B --db c.db correct --pair a --side src --segment 0
expect 2 '' "bitext: give one of --text, --split-at and --join $U" -- $B --db c.db correct --pair a --side src --segment 0 --join --text x
expect 2 '' "bitext: --split-at takes a byte offset from 0, not 'x' $U" -- $B --db c.db correct --pair a --side src --segment 0 --split-at x
expect 2 '' "bitext: correct takes no arguments $U" -- $B --db c.db correct --pair a --side src --segment 0 --join extra
expect 1 '' "bitext: no pair 'b' in the corpus" -- $B --db c.db correct --pair b --side src --segment 0 --join
expect 1 '' "bitext: pair 'a' has 3 src segments: no segment 9" -- $B --db c.db correct --pair a --side src --segment 9 --text x
expect 1 '' "bitext: segment 2 (src) of pair 'a' has changed since it was read; reload" -- $B --db c.db correct --pair a --side src --segment 2 --text x --seen 'Het regent.'
expect 1 '' "bitext: segments 0 and 1 (src) are in different links: merge the links first, then join them" -- $B --db c.db correct --pair a --side src --segment 0 --join
expect 1 '' "bitext: segment 2 (src) is the last one: nothing follows to join" -- $B --db c.db correct --pair a --side src --segment 2 --join
expect 1 '' "bitext: segment 0 has 24 bytes: a split at byte 0 leaves a part empty" -- $B --db c.db correct --pair a --side src --segment 0 --split-at 0
expect 1 '' "bitext: the text has a line break at byte 3: a segment is one line (split it instead)" -- $B --db c.db correct --pair a --side src --segment 2 --text "$(printf 'Het\nregent.')"
expect 1 '' "bitext: the text has invalid UTF-8 at byte 4" -- $B --db c.db correct --pair a --side src --segment 2 --text "$(printf 'Het \377')"
expect 1 '' "bitext: an edit needs a text that is not empty (to remove a segment, join it)" -- $B --db c.db correct --pair a --side src --segment 2 --text ''
check "nothing changed" test "$(segs src)" = "Inleiding De kat slaapt. | De hond blaft. | Het regent vandag."
expect 0 'id	made	pair	side	op	segment	at	before	after	applied' '' -- $B --db c.db corrections

# ---- a heading glued to the first sentence, on both sides; a typo
expect 0 "correction 1: split of src segment 0 of pair a" '' -- $B --db c.db correct --pair a --side src --segment 0 --split-at 10
expect 0 "correction 2: split of tgt segment 0 of pair a" '' -- $B --db c.db correct --pair a --side tgt --segment 0 --split-at 12
expect 0 "correction 3: edit of src segment 3 of pair a" '' -- $B --db c.db correct --pair a --side src --segment 3 --text 'Het regent vandaag.' --seen 'Het regent vandag.'
check "src split and edited" test "$(segs src)" = "Inleiding | De kat slaapt. | De hond blaft. | Het regent vandaag."
check "tgt split" test "$(segs tgt)" = "Introduction | The cat sleeps. | The dog barks. | It rains today."
check "the links hold both parts" test "$(links)" = "0+2/0+2 2+1/2+1 3+1/3+1"
check "the document's text one byte longer" test "$(sqlite3 c.db "SELECT text_bytes FROM documents WHERE side = 'src'")" = 61
expect 0 'id	made	pair	side	op	segment	at	before	after	applied
1	D	a	src	split	0	10	Inleiding De kat slaapt.	Inleiding | De kat slaapt.	yes
2	D	a	tgt	split	0	12	Introduction The cat sleeps.	Introduction | The cat sleeps.	yes
3	D	a	src	edit	3		Het regent vandag.	Het regent vandaag.	yes' '' -- list $B --db c.db corrections --pair a
expect 1 'id	made	pair	side	op	segment	at	before	after	applied' "bitext: c.db: no pair 'b' in this corpus" -- $B --db c.db corrections --pair b

# ---- the concordance finds the corrected text, at the segment's new place
check "concord: the edit" test "$($B --db c.db concord vandaag --format tsv | cut -f3,4,6 | tail -n +2)" = "src	3	Het regent vandaag."
check "concord: not the typo" test "$($B --db c.db concord vandag --format tsv | tail -n +2)" = ""

# ---- the TMX export carries the corrected text
$B --db c.db export tmx -o a.tmx >/dev/null || exit 99
check "TMX: the edit" test "$(seg nl-NL a:2)" = "Het regent vandaag."
check "TMX: the split parts in one unit" test "$(seg en-GB a:0)" = "Introduction The cat sleeps."
check "TMX: no old text" test "$(grep -c vandag\< a.tmx)" = 0

# ---- undo and redo, each a command of its own (a process each: durable)
expect 0 "undid 'correct edit' on pair a of D: 3 links restored, with the sentences it corrected" '' -- nodate $B --db c.db undo
check "the typo back" test "$(segs src)" = "Inleiding | De kat slaapt. | De hond blaft. | Het regent vandag."
check "its record gone" test "$(sqlite3 c.db 'SELECT count(*) FROM corrections')" = 2
expect 0 "undid 'correct split' on pair a of D: 3 links restored, with the sentences it corrected" '' -- nodate $B --db c.db undo
check "tgt whole again" test "$(segs tgt)" = "Introduction The cat sleeps. | The dog barks. | It rains today."
check "its links too" test "$(links)" = "0+2/0+1 2+1/1+1 3+1/2+1"
expect 0 "redid 'correct split' on pair a of D: 3 links restored, with the sentences it corrected" '' -- nodate $B --db c.db redo
expect 0 "redid 'correct edit' on pair a of D: 3 links restored, with the sentences it corrected" '' -- nodate $B --db c.db redo
check "all three again" test "$(segs src) / $(segs tgt)" = "Inleiding | De kat slaapt. | De hond blaft. | Het regent vandaag. / Introduction | The cat sleeps. | The dog barks. | It rains today."
check "links again" test "$(links)" = "0+2/0+2 2+1/2+1 3+1/3+1"

# ---- a join inside one link, with the space between kept
expect 0 "correction 4: join of tgt segment 0 of pair a" '' -- $B --db c.db correct --pair a --side tgt --segment 0 --join --seen Introduction
check "tgt joined" test "$(segs tgt)" = "Introduction The cat sleeps. | The dog barks. | It rains today."
check "link counts" test "$(links)" = "0+2/0+1 2+1/1+1 3+1/2+1"

# ---- added again from changed files: made again where the text still is
printf 'Introduction The cat sleeps. The dog barks!\n\nIt rains today.\n' >en/a.txt
expect 0 "replaced a
unchanged segments: nl 4 of 4, en 2 of 3
re-aligned pair a: 3 links
with the corpus's word model: 9 word pairs learned from 15 links
made again 4 of 4 corrections of segments" '' -- $B --db c.db add --pair a nl/a.txt en/a.txt
check "src corrected still" test "$(segs src)" = "Inleiding | De kat slaapt. | De hond blaft. | Het regent vandaag."
check "tgt split and joined again" test "$(segs tgt)" = "Introduction The cat sleeps. | The dog barks! | It rains today."
# the typo fixed in the file: the edit no longer applies, and that is said
printf 'Inleiding De kat slaapt. De hond blaft.\n\nHet regent vandaag.\n' >nl/a.txt
expect 0 "replaced a
unchanged segments: nl 4 of 4, en 3 of 3
re-aligned pair a: 3 links
with the corpus's word model: 9 word pairs learned from 18 links
made again 3 of 4 corrections of segments" "bitext: pair a: 1 correction no longer applies: the new files lack the text it corrected there (\`bitext corrections --pair a\` lists it with applied \"no\")" -- $B --db c.db add --pair a nl/a.txt en/a.txt
check "listed as not applied" test "$(list $B --db c.db corrections | cut -f1,5,10 | tr '\t\n' ',,')" = "id,op,applied,1,split,yes,2,split,yes,3,edit,no,4,join,yes,"
# bitext import replaces it too: the typo back in the file, so the edit applies again
printf 'Inleiding De kat slaapt. De hond blaft.\n\nHet regent vandag.\n' >nl/a.txt
expect 0 "imported 1 pairs: 0 added, 1 replaced, 0 unchanged, 0 unpaired files
made again 4 of 4 corrections of segments" '' -- $B --db c.db import .
check "all applied again" test "$(sqlite3 c.db 'SELECT group_concat(applied) FROM corrections')" = "1,1,1,1"
check "the edit again" test "$(segs src)" = "Inleiding | De kat slaapt. | De hond blaft. | Het regent vandaag."
# a merge of corpora carries the corrections with their pairs
$B --db m.db init >/dev/null
expect 0 'merged 1 pair (7 segments, 0 links) from 1 corpus' '' -- $B --db m.db merge c.db
check "merged: the corrections with their pair" \
	test "$(sqlite3 m.db "SELECT group_concat(op || applied, ',') FROM corrections")" = "split1,split1,edit1,join1"
# a TMX import that replaces the pair takes the TMX's text as it came:
# the corrections no longer apply, and that is said
$B --db c.db align >/dev/null && $B --db c.db export tmx -o a.tmx 2>/dev/null
expect 0 "imported 3 units into 1 pair from a.tmx (1 replaced)" \
	"bitext: 4 corrections of segments in the replaced pair no longer apply: the TMX's text is taken as it came (\`bitext corrections\` lists them with applied \"no\")" \
	-- $B --db c.db import-tmx --replace a.tmx
check "import-tmx: listed as not applied" test "$(sqlite3 c.db 'SELECT group_concat(applied) FROM corrections')" = "0,0,0,0"
check "correct --help" test "$($B correct --help | head -1)" = "usage: bitext [--db PATH] correct --pair ID --side src|tgt --segment N"
finish
