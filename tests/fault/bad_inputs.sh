# bad_inputs.sh: the fuzz corpora (tests/fuzz/corpus/, inputs that reach
# the readers' odd corners) fed to the bitext command itself: documents to
# `add` and `segment`, SRX files to `segment --srx`, TMX to `import-tmx`,
# TBX, TSV and CSV to `glossary import`, queries to `concord`. Every run
# must end with exit 0, 1, 2 or 3 (never a signal), a failure with one
# line `bitext: ...` on stderr, and the corpus must pass its integrity
# check. BAD_INPUTS_MAX files per reader (default 120; 0: all).
. "$(dirname "$0")/../cli/lib.sh"
: "${BITEXT_SOURCE:?}"
FUZZ=$BITEXT_SOURCE/tests/fuzz/corpus
MAX=${BAD_INPUTS_MAX:-120}
B=$BITEXT
cd "$T" || exit 99
"$B" --db c.db init >/dev/null || exit 99
printf 'Een zin. Nog een zin.\n' >nl.txt
printf 'A sentence. Another one.\n' >en.txt
"$B" --db c.db add --pair base nl.txt en.txt >/dev/null && "$B" --db c.db align >/dev/null || exit 99

runs=0 bad=0 failed=0
# one NAME COMMAND...: a run, checked.
one() {
	local name=$1 rc err
	shift
	"$@" >out 2>err </dev/null
	rc=$?
	runs=$((runs + 1))
	err=$(head -c 2000 err)
	if [ "$rc" -gt 3 ]; then
		echo "FAIL: $name: exit $rc: $err"
		bad=$((bad + 1))
	elif [ "$rc" != 0 ]; then
		failed=$((failed + 1))
		case $err in
		"bitext: "*) [ "$(wc -l <err)" = 1 ] || { echo "FAIL: $name: several lines on stderr: $err"; bad=$((bad + 1)); } ;;
		*) echo "FAIL: $name: exit $rc without a 'bitext: ' message: $err"; bad=$((bad + 1)) ;;
		esac
	fi
}
# inputs TARGET: the files of a corpus, sorted, at most MAX
inputs() { ls "$FUZZ/$1" | sort | if [ "$MAX" = 0 ]; then cat; else head -n "$MAX"; fi; }
# body FILE OUT: the file without its first byte (the targets' option byte)
body() { tail -c +2 "$1" >"$2"; }

for f in $(inputs fuzz_decode) $(inputs fuzz_segment); do
	d=$FUZZ/fuzz_decode/$f
	[ -f "$d" ] || d=$FUZZ/fuzz_segment/$f
	body "$d" doc.txt
	one "add $f" "$B" --db c.db add --pair fz doc.txt en.txt
	one "segment $f" "$B" segment --lang nl --lines break doc.txt
done
for f in $(inputs fuzz_srx); do
	body "$FUZZ/fuzz_srx/$f" rules.srx
	one "segment --srx $f" "$B" segment --lang nl --srx rules.srx nl.txt
done
for f in $(inputs fuzz_tmx); do
	body "$FUZZ/fuzz_tmx/$f" in.tmx
	one "import-tmx $f" "$B" --db c.db import-tmx --replace in.tmx
done
for f in $(inputs fuzz_tbx); do
	cp "$FUZZ/fuzz_tbx/$f" in.tbx
	one "glossary import $f (tbx)" "$B" --db c.db glossary import in.tbx
done
for f in $(inputs fuzz_glossary); do
	body "$FUZZ/fuzz_glossary/$f" in.tsv
	cp in.tsv in.csv
	one "glossary import $f (tsv)" "$B" --db c.db glossary import in.tsv
	one "glossary import $f (csv)" "$B" --db c.db glossary import in.csv
done
for f in $(inputs fuzz_concord); do
	q=$(tail -c +2 "$FUZZ/fuzz_concord/$f" | tr -d '\000')
	one "concord $f" "$B" --db c.db concord -- "$q"
done
# XML whose bytes its declared encoding cannot convert: libxml2 reports
# that on stderr itself unless it is told not to (src/base/xml_quiet.h)
for enc in UCS-4 ISO-2022-JP EBCDIC-US UTF-32; do
	printf '<?xml version="1.0" encoding="%s"?>\n<x>\377\376\000\000abc</x>\n' "$enc" >enc.xml
	cp enc.xml enc.srx && cp enc.xml enc.tbx && cp enc.xml enc.tmx
	one "segment --srx in $enc" "$B" segment --lang nl --srx enc.srx nl.txt
	one "glossary import of TBX in $enc" "$B" --db c.db glossary import enc.tbx
	one "import-tmx in $enc" "$B" --db c.db import-tmx enc.tmx
	check "XML in $enc: refused" test "$failed" -ge 3
done
# bytes that are not UTF-8 in a document that says it is: libxml2's
# message holds a line break ("... indicate encoding !\nBytes: 0xFF ..")
printf '<?xml version="1.0"?>\n<x>\377\377</x>\n' >bytes.xml
cp bytes.xml bytes.srx && cp bytes.xml bytes.tbx && cp bytes.xml bytes.tmx
one "segment --srx, bytes not UTF-8" "$B" segment --lang nl --srx bytes.srx nl.txt
one "glossary import of TBX, bytes not UTF-8" "$B" --db c.db glossary import bytes.tbx
one "import-tmx, bytes not UTF-8" "$B" --db c.db import-tmx bytes.tmx
# entities that expand without end (a billion laughs) in each XML reader
ents='<!ENTITY a0 "lollollollollollollollollollol">'
for i in 1 2 3 4 5 6 7 8 9; do
	ents="$ents<!ENTITY a$i \"$(for j in 1 2 3 4 5 6 7 8 9 10; do printf '&a%d;' $((i - 1)); done)\">"
done
printf '<?xml version="1.0"?><!DOCTYPE martif [%s]><martif><text><body><termEntry id="1"><langSet xml:lang="nl"><tig><term>&a9;</term></tig></langSet><langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>\n' "$ents" >laughs.tbx
printf '<?xml version="1.0"?><!DOCTYPE srx [%s]><srx><body><languagerules><languagerule languagerulename="x"><rule><beforebreak>&a9;</beforebreak></rule></languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>\n' "$ents" >laughs.srx
printf '<?xml version="1.0"?><!DOCTYPE tmx [%s]><tmx version="1.4"><header srclang="nl" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body><tu><tuv xml:lang="nl"><seg>&a9;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>\n' "$ents" >laughs.tmx
before_laughs=$failed
one "a billion laughs in TBX" "$B" --db c.db glossary import laughs.tbx
one "a billion laughs in SRX" "$B" segment --lang nl --srx laughs.srx nl.txt
one "a billion laughs in TMX" "$B" --db c.db import-tmx --pair laughs laughs.tmx
check "a billion laughs: refused three times" test "$((failed - before_laughs))" = 3
# a damaged corpus file: cut in half, pages zeroed, bytes overwritten;
# and files that are no corpus
sqlite3 c.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
size=$(wc -c <c.db)
for damage in half zero garbage; do
	cp c.db d.db
	case $damage in
	half) head -c $((size / 2)) c.db >d.db ;;
	zero) dd if=/dev/zero of=d.db bs=4096 seek=1 count=3 conv=notrunc 2>/dev/null ;;
	garbage) awk 'BEGIN { srand(7); for (i = 0; i < 12000; i++) printf "%c", 33 + int(rand() * 90) }' |
		dd of=d.db bs=1 seek=4096 conv=notrunc 2>/dev/null ;;
	esac
	for cmd in stats align "concord zin" "export tmx -o d.tmx" "glossary export -o d.tsv"; do
		# shellcheck disable=SC2086
		one "$cmd on a corpus $damage" "$B" --db d.db $cmd
	done
	rm -f d.db d.db-wal d.db-shm
done
printf 'not a database\n' >text.db
: >empty.db
mkdir -p dir.db
for f in text.db empty.db dir.db; do
	one "stats of $f" "$B" --db "$f" stats
done
check "the corpus passes its check" test "$(sqlite3 c.db 'PRAGMA integrity_check')" = ok
check "every run ended with an exit code and a message" test "$bad" = 0
echo "$runs runs of bad or odd input: $failed refused with a message, $((runs - failed)) accepted, $bad bad endings"
finish
