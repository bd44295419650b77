# segment.sh: `bitext segment`: output, options, bad input, exit codes.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
printf ' date 2023-02 Loekasjenko sprak met dhr. Jansen. Hij dreigde.\n\nUitnodiging\n\nDe band is sterk.  Dat blijft zo.\n' >nl.txt
printf 'Mr. Smith went to Washington, D.C. on Monday. He left at 6 p.m. It rained.\n' >en.txt
printf 'caf\351 au lait. Ja.\n' >cp1252.txt
printf 'Dit is goed. Dit \377 niet.\n' >bad.txt
: >empty.txt
printf '\n \n\t\n' >blank.txt
printf '<srx><body>\n<languagerules>\n' >broken.srx

expect 0 "$(printf 'Loekasjenko sprak met dhr. Jansen.\nHij dreigde.\nUitnodiging\nDe band is sterk.\nDat blijft zo.')" '' -- $B segment --lang nl nl.txt
expect 0 "$(printf 'Loekasjenko sprak met dhr. Jansen.\nHij dreigde.\n\nUitnodiging\n\nDe band is sterk.\nDat blijft zo.')" '' -- $B segment --lang nl --paragraphs nl.txt
expect 0 "$(printf 'sentence\tLoekasjenko sprak met dhr. Jansen.\nsentence\tHij dreigde.\nheading\tUitnodiging\nsentence\tDe band is sterk.\nsentence\tDat blijft zo.')" '' -- $B segment --lang nl --kinds nl.txt
expect 0 "$(printf 'Mr. Smith went to Washington, D.C. on Monday.\nHe left at 6 p.m.\nIt rained.')" '' -- $B segment --lang en en.txt
STDIN=en.txt expect 0 "$(printf 'Mr. Smith went to Washington, D.C. on Monday.\nHe left at 6 p.m.\nIt rained.')" '' -- $B segment --lang en -
STDIN=en.txt expect 0 "$(printf 'Mr. Smith went to Washington, D.C. on Monday.\nHe left at 6 p.m.\nIt rained.')" '' -- $B segment --lang en
# any other language: ICU
printf 'Das ist gut. Hier ist mehr.\n' >de.txt
expect 0 "$(printf 'Das ist gut.\nHier ist mehr.')" '' -- $B segment --lang de de.txt
# line modes
printf 'Eerste regel\nTweede regel.\n' >lines.txt
expect 0 "$(printf 'Eerste regel\nTweede regel.')" '' -- $B segment --lang nl lines.txt
expect 0 "$(printf 'Eerste regel\nTweede regel.')" '' -- $B segment --lang nl --lines join lines.txt
expect 0 "$(printf 'heading\tEerste regel\nsentence\tTweede regel.')" '' -- $B segment --lang nl --lines break --kinds lines.txt
# SRX rules from the shared files
if [ -d "${BITEXT_SHARED:-}/segmentation" ]; then
	expect 0 "$(printf 'Mr. Smith went to Washington, D.C. on Monday.\nHe left at 6 p.m.\nIt rained.')" '' -- $B segment --lang en --srx "$BITEXT_SHARED/segmentation/okapi_default_icu4j.srx" en.txt
fi

# empty input prints nothing
expect 0 '' '' -- $B segment --lang nl empty.txt
expect 0 '' '' -- $B segment --lang nl blank.txt
# bad input: byte offsets, exit 1
expect 1 '' 'bitext: cp1252.txt:1:3: invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B segment --lang nl cp1252.txt
expect 0 "$(printf 'café au lait.\nJa.')" '' -- $B segment --lang nl --encoding WINDOWS-1252 cp1252.txt
expect 1 '' 'bitext: bad.txt:1:17: invalid UTF-8 (byte 0xFF); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B segment --lang nl bad.txt
expect 1 '' 'bitext: broken.srx:3: not well-formed XML: Premature end of data in tag languagerules line 2' -- $B segment --lang nl --srx broken.srx nl.txt
expect 3 '' 'bitext: missing.txt: cannot open: No such file or directory' -- $B segment --lang nl missing.txt
# usage
expect 2 '' "bitext: segment needs --lang LANG (see \`bitext segment --help\`)" -- $B segment nl.txt
expect 2 '' "bitext: segment takes at most one FILE (see \`bitext segment --help\`)" -- $B segment --lang nl a b
expect 2 '' "bitext: --lines takes auto, break or join, not 'x' (see \`bitext segment --help\`)" -- $B segment --lang nl --lines x nl.txt
expect 2 '' "bitext: segment: unknown option or missing value '--bogus' (see \`bitext segment --help\`)" -- $B segment --bogus
expect 2 '' "bitext: bad language code 'n l'" -- $B segment --lang 'n l' nl.txt
$B segment --help >help.txt 2>&1
check "--help: exit 0" test $? = 0
check "--help: usage line" test "$(head -1 help.txt)" = "usage: bitext segment --lang LANG [--srx FILE] [--paragraphs] [--lines MODE] [FILE|-]"
# a closed pipe or full disk is an error
if [ -w /dev/full ]; then
	$B segment --lang nl nl.txt >/dev/full 2>full.txt
	check "full disk: exit 3" test $? = 3
fi
finish
