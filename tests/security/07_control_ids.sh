#!/usr/bin/env bash
# 07_control_ids.sh (issue 20, item 7): control characters from file
# names and ids. A file name with a line feed made a two-line error; pair
# ids kept raw terminal escapes and printed them; a line feed in an id
# became a space after a TMX round trip. Now every line bitext writes to a
# terminal shows control and bidi formatting characters as escapes, and a
# pair id must be printable text: `add --pair`, `import` (the file's name)
# and `import-tmx` (x-document) refuse any other, naming the character.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
NL=$'\n'
ESC=$'\033'
RLO=$(printf '\xe2\x80\xae')
why='a control or bidi formatting character (an id is printable text)'

# ---- file names in errors: one line
printf 'caf\xe9\n' >"a${NL}b.txt"
printf 'caf\xe9\n' >"e${ESC}[31mred.txt"
hint='invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252'
run "file name with a line feed" 1 '' "bitext: a\\nb.txt:1:3: $hint" "$B" segment --lang nl "a${NL}b.txt"
run "file name with an escape" 1 '' "bitext: e\\x1b[31mred.txt:1:3: $hint" "$B" segment --lang nl "e${ESC}[31mred.txt"
"$B" segment --lang nl "no${NL}such.txt" 2>"$T/err"
[ "$(wc -l <"$T/err")" = 1 ] && match "missing file" 'bitext: no\nsuch.txt: cannot open: No such file or directory' "$T/err" && ok ||
	bad "missing file: $(cat -A "$T/err")"

# ---- pair ids are printable
"$B" --db c.db init >/dev/null
echo "Een zin." >nl.txt
echo "A sentence." >en.txt
run "add: line feed" 2 '' "bitext: bad pair id 'a\\nb': byte 1 is U+000A, $why" "$B" --db c.db add --pair "a${NL}b" nl.txt en.txt
run "add: escape" 2 '' "bitext: bad pair id 'x\\x1b[31m': byte 1 is U+001B, $why" "$B" --db c.db add --pair "x${ESC}[31m" nl.txt en.txt
run "add: override" 2 '' "bitext: bad pair id 'x\\u202ey': byte 1 is U+202E, $why" "$B" --db c.db add --pair "x${RLO}y" nl.txt en.txt
run "add: tab" 2 '' "bitext: bad pair id 'a\\tb': byte 1 is U+0009, $why" "$B" --db c.db add --pair $'a\tb' nl.txt en.txt
run "add: not UTF-8" 2 '' "bitext: bad pair id 'a\\xe9': byte 1 (0xE9) is not UTF-8" "$B" --db c.db add --pair $'a\xe9' nl.txt en.txt
mkdir -p d/nl d/en
cp nl.txt "d/nl/x${NL}y.txt"
cp en.txt "d/en/x${NL}y.txt"
run "import: a file name with a line feed" 2 '' "bitext: bad pair id 'x\\ny': byte 1 is U+000A, $why" "$B" --db c.db import d
run "nothing was added" 0 '~pairs       0' '' "$B" --db c.db stats
run "add: printable" 0 'added naïve één' '' "$B" --db c.db add --pair "naïve één" nl.txt en.txt

# ---- TMX: a line feed in x-document is refused, not turned into a space
tmx() {
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="nl" datatype="plaintext"/>\n<body>\n'
	printf '<tu><prop type="x-document">%s</prop><tuv xml:lang="nl"><seg>Een zin.</seg></tuv><tuv xml:lang="en"><seg>A sentence.</seg></tuv></tu>\n</body></tmx>\n' "$1"
}
tmx 'a&#10;b' >lf.tmx
tmx "r${RLO}o" >rlo.tmx
run "import-tmx: line feed" 1 '' "bitext: lf.tmx:4: bad pair id 'a\\nb': byte 1 is U+000A, $why" "$B" --db c.db import-tmx lf.tmx
run "import-tmx: override" 1 '' "bitext: rlo.tmx:4: bad pair id 'r\\u202eo': byte 1 is U+202E, $why" "$B" --db c.db import-tmx rlo.tmx
run "import-tmx: --pair" 2 '' "bitext: bad pair id 'p\\nq': byte 1 is U+000A, $why" "$B" --db c.db import-tmx --pair "p${NL}q" lf.tmx
# a printable id comes back as it went: export, import, export
"$B" --db c.db align >/dev/null
"$B" --db c.db export tmx -o a.tmx >/dev/null
"$B" --db d.db init >/dev/null
"$B" --db d.db import-tmx a.tmx >/dev/null
"$B" --db d.db export tmx -o b.tmx >/dev/null
[ "$(grep x-document a.tmx)" = "$(grep x-document b.tmx)" ] && grep -qF '<prop type="x-document">naïve één</prop>' b.tmx && ok ||
	bad "round trip: $(grep x-document a.tmx b.tmx)"

# ---- ids named in errors, and an id of an older corpus, escaped
run "error naming an id" 1 '' "bitext: no pair 'x\\x1b[31m' in the corpus" "$B" --db c.db export tmx --pair "x${ESC}[31m"
if command -v sqlite3 >/dev/null; then
	old="x${ESC}[31mred"
	sqlite3 c.db "PRAGMA foreign_keys=OFF; UPDATE pairs SET id='$old'; UPDATE documents SET pair_id='$old'; UPDATE links SET pair_id='$old';"
	run "an old id in the concordance" 0 'x\x1b[31mred:0                                      Een zin.
                en: A sentence.
hits 1-1 of 1 in 1 document' '' "$B" --db c.db concord --color never zin
else
	echo "note: sqlite3 is missing: the older corpus is not made"
fi
finish
