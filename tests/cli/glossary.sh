# glossary.sh: glossary import (TSV, CSV, TBX 2008 and 2019), export,
# round trips, and every bad input named with file and line.
. "$(dirname "$0")/lib.sh"
G=${BITEXT_SOURCE:?}/tests/golden/glossary
cd "$T" || exit 99
B=$BITEXT
$B --db g.db init >/dev/null || exit 99

expect 0 'imported 4 entries from '"$G"'/terms.tsv: 4 new, 0 already there' '' -- $B --db g.db glossary import "$G/terms.tsv"
expect 0 'imported 4 entries from '"$G"'/terms.tsv: 0 new, 4 already there' '' -- $B --db g.db glossary import "$G/terms.tsv"
# the header "en,nl" turns the columns around
expect 0 'imported 3 entries from '"$G"'/reverse.csv: 3 new, 0 already there' '' -- $B --db g.db glossary import "$G/reverse.csv"
expect 0 'imported 2 entries from '"$G"'/martif.tbx: 2 new, 0 already there, 1 concepts without both languages skipped' '' -- $B --db g.db glossary import "$G/martif.tbx"
expect 0 'imported 1 entries from '"$G"'/tbx2019.tbx: 1 new, 0 already there' '' -- $B --db g.db glossary import "$G/tbx2019.tbx"
expect 0 "kernwapen	nuclear weapon	[terms.tsv]
Kiev	Kiev	(old spelling)	[terms.tsv]
Kiev	Kyiv	(current English spelling)	[terms.tsv]
Krim, de	Crimea, the	[reverse.csv]
Moskou	Moscow	[reverse.csv]
Oekraïne	the Ukraine	(dated)	[martif.tbx]
Oekraïne	Ukraine	[martif.tbx]
Warschau	Warsaw	[tbx2019.tbx]
Wit-Rusland	Belarus	[terms.tsv]
zeg hoi	say \"hi\"	[reverse.csv]" '' -- $B --db g.db glossary list
expect 0 "kernwapen	nuclear weapon	[terms.tsv]
Kiev	Kiev	(old spelling)	[terms.tsv]" '' -- $B --db g.db glossary list --limit 2

# export and re-import: the same entries in every format
for f in tsv csv tbx; do
	expect 0 '' '' -- $B --db g.db glossary export --format $f -o out.$f
	$B --db r_$f.db init >/dev/null
	expect 0 "imported 10 entries from out.$f: 10 new, 0 already there" '' -- $B --db r_$f.db glossary import out.$f
	# the same entries and notes; only the origin (the file) differs
	check "round trip $f" test "$($B --db r_$f.db glossary list | sed 's/\t\[[^]]*\]$//')" = "$($B --db g.db glossary list | sed 's/\t\[[^]]*\]$//')"
done
check "an export has the mode of an ordinary new file" test "$(stat -c %a out.tsv)" = "$(printf '%o' $((0666 & ~$(umask))))"
check "TSV header names the languages" test "$(head -1 out.tsv)" = "nl	en	note"
check "CSV quotes what needs quoting" grep -qx '"Krim, de","Crimea, the",' out.csv
check "CSV doubles quotes" grep -qx 'zeg hoi,"say ""hi""",' out.csv
check "TBX is well-formed" xmllint --noout out.tbx
check "TBX groups targets under one concept" test "$(grep -c '<termEntry' out.tbx)" = 8
if /usr/bin/python3 -c 'import translate.storage.tbx' 2>/dev/null; then
	check "translate-toolkit reads the TBX" test "$(/usr/bin/python3 -c '
import sys
from translate.storage import tbx
s = tbx.tbxfile.parsefile(sys.argv[1])
print(len([u for u in s.units if u.source]))' out.tbx)" = 8
fi
expect 0 "nl	en	note" '' -- sh -c "$B --db g.db glossary export | head -1"

# bad input: file and line named, exit 1, nothing imported
before=$($B --db g.db glossary list | wc -l)
expect 1 '' "bitext: $G/bad-notab.tsv:2: no separator between source and target term" -- $B --db g.db glossary import "$G/bad-notab.tsv"
expect 1 '' "bitext: $G/bad-columns.tsv:1: more than 3 columns; expected source, target and an optional note" -- $B --db g.db glossary import "$G/bad-columns.tsv"
expect 1 '' "bitext: $G/bad-quote.csv:2: unterminated quoted field" -- $B --db g.db glossary import "$G/bad-quote.csv"
expect 1 '' "bitext: $G/bad-nolang.tbx:5: <langSet> without xml:lang" -- $B --db g.db glossary import "$G/bad-nolang.tbx"
expect 1 '' "bitext: $G/bad-emptyterm.tbx:4: empty <term>" -- $B --db g.db glossary import "$G/bad-emptyterm.tbx"
expect 1 '' "bitext: $G/bad-notxml.tbx:4: not well-formed XML: EntityRef: expecting ';'" -- $B --db g.db glossary import "$G/bad-notxml.tbx"
expect 1 '' "bitext: $G/bad-root.tbx:2: not a TBX file: the root element is <tmx>, not <martif> or <tbx>" -- $B --db g.db glossary import "$G/bad-root.tbx"
printf 'a\t\n' >empty-target.tsv
expect 1 '' "bitext: empty-target.tsv:1: empty target term" -- $B --db g.db glossary import empty-target.tsv
printf '# nothing\n' >nothing.tsv
expect 1 '' "bitext: nothing.tsv: no glossary entries for nl -> en" -- $B --db g.db glossary import nothing.tsv
head -c 1200 /dev/zero | tr '\0' x >long.tsv && printf '\tx\n' >>long.tsv
expect 1 '' "bitext: long.tsv:1: source term longer than 1000 bytes" -- $B --db g.db glossary import long.tsv
expect 3 '' "bitext: nowhere.tbx: cannot open" -- $B --db g.db glossary import nowhere.tbx
expect 2 '' "bitext: unknown glossary format 'xls' (tsv, csv, tbx, freedict)" -- $B --db g.db glossary import --format xls "$G/terms.tsv"
expect 2 '' "bitext: unknown glossary format 'pdf' (tsv, csv, tbx)" -- $B --db g.db glossary export --format pdf
expect 2 '' "bitext: glossary needs a subcommand: import, export or list (see \`bitext glossary --help\`)" -- $B --db g.db glossary
check "nothing half-imported" test "$($B --db g.db glossary list | wc -l)" = "$before"

# a failed export leaves no file under its name
expect 3 '' "bitext: full.tsv: write failed: No space left on device (injected)" -- env BITEXT_FAULT=enospc $B --db g.db glossary export -o full.tsv
check "no partial export" test ! -e full.tsv
check "no temporary left" test -z "$(ls | grep full.tsv)"

# FreeDict straight from Debian's files
FD=/usr/share/dictd/freedict-nld-eng.index
if [ -f "$FD" ] && [ -z "$UNDER_VALGRIND" ]; then
	$B --db f.db init >/dev/null
	$B --db f.db glossary import "$FD" >fd.out 2>&1
	check "FreeDict nld-eng imports" grep -q '^imported [0-9]* entries from' fd.out
	check "FreeDict entries listed" test "$($B --db f.db glossary list | grep -c .)" -gt 10000
fi
finish
