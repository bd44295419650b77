# names.sh: bitext names key: outputs, errors and exit codes.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT

expect 0 'lukashenko
lukashenko
lukashenko
lukashenko' '' -- $B names key --lang nl Loekasjenko "Loekasjenko's" Lukashenko Лукашенко
expect 0 'selenski
selenski
vladimir putin' '' -- $B names key --lang en Zelenskyy "Zelensky's" "Vladimir Putin"
expect 0 'putins' '' -- $B names key --lang nl --exact Poetins
expect 0 'putin' '' -- $B names key --exact --lang=nl Poetin

# standard input, one name a line; CRLF line ends are fine
printf 'Poetin\r\nJanoekovytsj\nSerhij Najev\n' >in.txt
STDIN=in.txt expect 0 'putin
janukovich
sergi naev' '' -- $B names key --lang nl -
printf 'Poetin\n\nZelenski\n' >empty-line.txt
STDIN=empty-line.txt expect 1 'putin' 'bitext: -:2: empty name: no letters or digits' -- $B names key --lang nl -
printf 'Poetin\nPut\377in\n' >bad.txt
STDIN=bad.txt expect 1 'putin' 'bitext: -:2: invalid UTF-8 at byte 3' -- $B names key --lang nl -

# bad names: exit 1, the name's position and the byte offset
expect 1 'putin' 'bitext: name 2: byte 6: a word mixes Latin and Cyrillic letters' -- $B names key --lang en Putin "Путin"
expect 1 '' 'bitext: name 1: byte 0: Greek script has no name rules (Latin and Cyrillic only)' -- $B names key --lang en "Σωκράτης"
expect 1 '' 'bitext: name 1: empty name: no letters or digits' -- $B names key --lang en ""
expect 1 '' 'bitext: name 1: empty name: no letters or digits' -- $B names key --lang en " - "

# usage
expect 2 '' "bitext: names key needs --lang LANG (see \`bitext names key --help\`)" -- $B names key Putin
expect 2 '' "bitext: names key: no name rules for language 'xx' (known: nl en de fr pl ru uk be) (see \`bitext names key --help\`)" -- $B names key --lang xx Putin
expect 2 '' "bitext: names key needs at least one NAME, or - for standard input (see \`bitext names key --help\`)" -- $B names key --lang en
expect 2 '' "bitext: names key: unknown option or missing value '--bogus' (see \`bitext names key --help\`)" -- $B names key --bogus
# `bitext names` alone builds the name table (tests/cli/names_table.sh)
expect 2 '' "bitext: names: unknown subcommand 'bogus' (see \`bitext names --help\`)" -- $B names bogus

# help: stdout, exit 0
$B names --help >help.txt 2>&1
check "names --help exits 0" test $? = 0
check "names --help lists key" grep -q '^  key ' help.txt
$B names key --help >help.txt 2>&1
check "names key --help exits 0" test $? = 0
check "names key --help: usage line" test "$(head -1 help.txt)" = "usage: bitext names key --lang LANG [--exact] NAME..."
$B --help >help.txt
check "bitext --help lists names" grep -q '^  names ' help.txt

# a closed stdout is an I/O error, not a crash
if [ -w /dev/full ]; then
	$B names key --lang en Putin >/dev/full 2>err.txt
	check "write error: exit 3" test $? = 3
	check "write error: message" grep -q 'error writing standard output' err.txt
fi

# BITEXT_DATA: a rule author's folder is read before the built-in rules
mkdir -p data/names
printf '# broken\na > b;\n[unclosed > c;\n' >data/names/pl.rules
expect 1 '' 'bitext: name 1: bad transform rule (U_MALFORMED_SET) after " broken a > b; "' -- env BITEXT_DATA=data $B names key --lang pl Putin
expect 0 'putin' '' -- env BITEXT_DATA=data $B names key --lang nl Poetin

# a fault the test hooks do not know is a usage error, not ignored
expect 2 '' "bitext: BITEXT_FAULT: unknown fault 'alloc' (alloc:N, write:N, enospc, commit, dbwrite:N, dbfull:N, sqlalloc:N)" -- env BITEXT_FAULT=alloc $B names key --lang nl Poetin

# every allocation bitext counts may fail: a clean error, never a crash
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
	BITEXT_FAULT=alloc:$n $B names key --lang nl Loekasjenko "Vladimir Poetin" >out.txt 2>err.txt
	code=$?
	if [ $code = 0 ]; then
		check "alloc:$n ok output" test "$(cat out.txt)" = "$(printf 'lukashenko\nvladimir putin')"
	else
		check "alloc:$n exit 3 with a message (got $code)" test $code = 3 -a -s err.txt
	fi
done

finish
