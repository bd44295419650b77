# limits.sh: pathological inputs and the documented limits (README
# "Limits"). Each case has a time budget far above what it takes here, so
# that only a blow-up (quadratic cost, a hang) fails it; the CPU seconds of
# each are printed as figures.
#
#   - a 20 MB line without punctuation: segmented (one segment, linear:
#     2 MB and 20 MB are compared), refused by import with the segment
#     limit's message;
#   - 100k identical sentences on both sides through align;
#   - a pair of 100k sentences and 10 through align;
#   - a concordance of an aligned pair of two segments at the limit;
#   - every documented limit, one byte past it: a clear error, exit 1;
#   - an SRX rule that backtracks without end: stopped, with a message.
. "$(dirname "$0")/../cli/lib.sh"
cd "$T" || exit 99
B=$BITEXT

# cpu NAME BUDGET COMMAND...: runs COMMAND (output to NAME.out/.err), sets
# $rc and $secs (user + system CPU seconds) and checks the budget.
TIMEFORMAT=%U+%S
cpu() {
	local name=$1 budget=$2 t
	shift 2
	t=$({ time "$@" >"$name.out" 2>"$name.err"; } 2>&1)
	rc=$?
	secs=$(echo "$t" | awk -F+ '{printf "%.2f", $1 + $2}')
	echo "$name: $secs s CPU"
	check "$name within $budget s" awk -v s="$secs" -v b="$budget" 'BEGIN { exit !(s <= b) }'
}

words() { # words N SEED: N bytes of lower-case words, no punctuation
	awk -v n="$1" -v seed="$2" 'BEGIN {
		srand(seed); split("woord huis straat tafel oekraine en de het loekasjenko lange zonder punt", w, " ")
		out = 0
		while (out < n) { s = w[int(rand() * 12) + 1] " "; printf "%s", s; out += length(s) }
		printf "\n" }'
}

# ---- a 20 MB line without punctuation
words 2000000 1 >line2.txt
words 20000000 2 >line20.txt
cpu segment_2mb 60 "$B" segment --lang nl line2.txt
s2=$secs
cpu segment_20mb 120 "$B" segment --lang nl line20.txt
s20=$secs
check "20 MB line: one segment" test "$(wc -l <segment_20mb.out)" = 1
# linear: ten times the text costs about ten times as much (quadratic
# would be a hundred); small runs are noisy, so the bound is loose
check "20 MB line: linear ($s2 s for 2 MB, $s20 s for 20 MB)" \
	awk -v a="$s2" -v b="$s20" 'BEGIN { exit !(b <= 25 * (a > 0.05 ? a : 0.05)) }'
"$B" --db c.db init >/dev/null || exit 99
mkdir -p dir/nl dir/en
cp line20.txt dir/nl/big.txt
words 20000 3 >dir/en/big.txt
printf 'Een zin.\n' >dir/nl/ok.txt
printf 'A sentence.\n' >dir/en/ok.txt
cpu import_20mb 120 "$B" --db c.db import dir
check "20 MB line: import refuses it (exit 1)" test "$rc" = 1
# (the line's last space and its line feed are not part of the segment)
check "20 MB line: the message" test "$(cat import_20mb.err)" = \
	"bitext: dir/nl/big.txt:1: a segment of $(($(wc -c <line20.txt) - 2)) bytes: the most a segment may have is 65536 (text without sentence punctuation? break it into sentences or lines)"
check "20 MB line: nothing imported" test "$(sqlite3 c.db 'SELECT count(*) FROM pairs')" = 0

# ---- 100k identical sentences
awk 'BEGIN { for (i = 0; i < 1000; i++) { for (j = 0; j < 100; j++) printf "Dit is dezelfde zin. "; printf "\n\n" } }' >same.nl
awk 'BEGIN { for (i = 0; i < 1000; i++) { for (j = 0; j < 100; j++) printf "This is the same sentence. "; printf "\n\n" } }' >same.en
awk 'BEGIN { for (i = 0; i < 10; i++) printf "Sentence number %d is here.\n", i }' >ten.en
"$B" --db c.db add --pair same same.nl same.en >/dev/null && "$B" --db c.db add --pair lopsided same.nl ten.en >/dev/null || exit 99
cpu align_100k_same 300 "$B" --db c.db align --pair same
# the corpus's first align: it learns the word model from its links and
# aligns again with it
check "100k identical: aligned" test "$(head -n 1 align_100k_same.out)" = "aligned 1 pair: 100000 links between 100000 nl and 100000 en segments"
check "100k identical: aligned again with the word model its links taught" \
	test "$(sed -n '2s/ (.*)//p' align_100k_same.out)" = "learned a word model from these links, and aligned again with it:"
check "100k identical: aligned again" test "$(sed -n '3p' align_100k_same.out)" = "aligned 1 pair: 100000 links between 100000 nl and 100000 en segments"
check "100k identical: all 1-1 in order" test "$(sqlite3 c.db "SELECT count(*) FROM links WHERE pair_id = 'same' AND src_n = 1 AND tgt_n = 1 AND src_first = ordinal AND tgt_first = ordinal")" = 100000

# ---- 100k sentences against 10
cpu align_100k_10 300 "$B" --db c.db align --pair lopsided
check "100k against 10: aligned" test "$(sqlite3 c.db "SELECT sum(src_n), sum(tgt_n) FROM links WHERE pair_id = 'lopsided'")" = "100000|10"

# ---- the documented limits, one past each
# document: 256 MiB (a sparse file: refused before it is read)
truncate -s $((256 * 1024 * 1024 + 1)) huge.txt
cpu document_limit 10 "$B" --db c.db add --pair huge huge.txt ten.en
expect 1 '' "bitext: huge.txt: the file has 268435457 bytes: the most a document may have is 268435456 (256 MiB)" -- "$B" --db c.db add --pair huge huge.txt ten.en
rm -f huge.txt
# segment: 65536 bytes; exactly that much is fine
awk 'BEGIN { for (i = 0; i < 8191; i++) printf "abcdefg "; printf "abcdefg.\n" }' >seg64k.txt
awk 'BEGIN { for (i = 0; i < 8191; i++) printf "abcdefg "; printf "abcdefgh.\n" }' >seg64k1.txt
check "a segment of 65536 bytes" test "$(wc -c <seg64k.txt)" = 65537
expect 0 'added s64' '' -- "$B" --db c.db add --pair s64 seg64k.txt ten.en
expect 1 '' "bitext: seg64k1.txt:1: a segment of 65537 bytes: the most a segment may have is 65536 (text without sentence punctuation? break it into sentences or lines)" -- "$B" --db c.db add --pair s64 seg64k1.txt ten.en
# a concordance at the segment limit: an aligned pair of two 64 KiB
# segments, a quarter of whose words match (its cost grows with the
# square of a segment's size; the limit keeps it to about a second)
seg64() { # seg64 SEED WORDS...: a segment of at most 65536 bytes
	awk -v seed="$1" -v words="$2" 'BEGIN {
		srand(seed); n = split(words, w, " "); out = 0
		while (1) { s = w[int(rand() * n) + 1]; if (out + length(s) + 2 > 65536) break
			printf "%s%s", out ? " " : "", s; out += length(s) + (out ? 1 : 0) }
		printf ".\n" }'
}
seg64 4 "woord huis Loekasjenko straat" >big64.nl
seg64 5 "word house Lukashenko street" >big64.en
"$B" --db c.db add --pair big64 big64.nl big64.en >/dev/null && "$B" --db c.db align --pair big64 >/dev/null || exit 99
cpu concord_64k 60 "$B" --db c.db concord --doc big64 Loekasjenko
check "a concordance at the segment limit: one hit" test "$(tail -n 1 concord_64k.out)" = "hits 1-1 of 1 in 1 document"
# TMX: a <seg> over the segment limit
{
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="nl-NL" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/><body>\n'
	printf '<tu><tuv xml:lang="nl-NL"><seg>%s</seg></tuv><tuv xml:lang="en-GB"><seg>Short.</seg></tuv></tu>\n' "$(cat seg64k1.txt)"
	printf '</body></tmx>\n'
} >long.tmx
expect 1 '' "bitext: long.tmx:3: a <seg> of 65537 bytes: the most a segment may have is 65536" -- "$B" --db c.db import-tmx --pair t long.tmx
# query: 1024 bytes, 64 terms
q1025=$(awk 'BEGIN { for (i = 0; i < 1025; i++) printf "a" }')
expect 1 '' 'bitext: query: too long: 1025 bytes (at most 1024)' -- "$B" --db c.db concord "$q1025"
q65=$(awk 'BEGIN { for (i = 0; i < 65; i++) printf "w%d ", i }')
expect 1 '' 'bitext: query: more than 64 terms (narrow it down)' -- "$B" --db c.db concord "$q65"
# glossary entry: 1000 bytes a term or note
awk 'BEGIN { printf "nl\ten\n"; for (i = 0; i < 1001; i++) printf "x"; printf "\ty\n" }' >long.tsv
expect 1 '' 'bitext: long.tsv:2: source term longer than 1000 bytes' -- "$B" --db c.db glossary import long.tsv
# an SRX rule that backtracks without end: (a+)+b on 28 a's is 2^28 tries
cat >redos.srx <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="yes"/>
<body>
<languagerules>
<languagerule languagerulename="x">
<rule break="yes"><beforebreak>(a+)+b</beforebreak><afterbreak></afterbreak></rule>
</languagerule>
</languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules>
</body>
</srx>
EOF
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa c\n' >aa.txt
cpu srx_backtracking 20 "$B" segment --lang nl --srx redos.srx aa.txt
expect 1 '' 'bitext: SRX rule 1 takes too long on this text (a regex that backtracks without end?)' -- "$B" segment --lang nl --srx redos.srx aa.txt
check "the corpus passes its check" test "$(sqlite3 c.db 'PRAGMA integrity_check')" = ok
finish
