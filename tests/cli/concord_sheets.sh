# concord_sheets.sh: `bitext concord --format csv|xlsx`, hits and --stats:
# CSV checked byte for byte (BOM, RFC 4180 quoting, CRLF, ';' with a decimal
# comma), xlsx read back with openpyxl (an independent reader).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
H="(see \`bitext concord --help\`)"

mkdir -p c/nl c/en
printf 'De oorlog, zei hij, "duurde" lang; te lang.\n\nNa de oorlog kwam vrede.\n' >c/nl/a.txt
printf 'The war, he said, "lasted" long; too long.\n\nAfter the war came peace.\n' >c/en/a.txt
export BITEXT_DB=$T/c.db
$B init --src nl --tgt en >/dev/null
$B import c >/dev/null
$B align >/dev/null
# the scores are the aligner's; the test takes them from the TSV
s1=$($B concord --format tsv oorlog | sed -n 2p | cut -f12)
s2=$($B concord --format tsv oorlog | sed -n 3p | cut -f12)
check "two aligned hits" test -n "$s1" -a -n "$s2"

$B concord --format csv oorlog >hits.csv
printf '\357\273\277doc,date,side,left,match,right,translation,link,score\r\n' >want.csv
printf 'a,,src,De ,oorlog,", zei hij, ""duurde"" lang; te lang.","The war, he said, ""lasted"" long; too long.",1-1,%s\r\n' "$s1" >>want.csv
printf 'a,,src,Na de ,oorlog, kwam vrede.,After the war came peace.,1-1,%s\r\n' "$s2" >>want.csv
check "csv: exact bytes" cmp hits.csv want.csv

$B concord --format csv --csv-sep ';' oorlog >semi.csv
printf '\357\273\277doc;date;side;left;match;right;translation;link;score\r\n' >want.csv
printf 'a;;src;De ;oorlog;", zei hij, ""duurde"" lang; te lang.";"The war, he said, ""lasted"" long; too long.";1-1;%s\r\n' "$(echo "$s1" | tr . ,)" >>want.csv
printf 'a;;src;Na de ;oorlog; kwam vrede.;After the war came peace.;1-1;%s\r\n' "$(echo "$s2" | tr . ,)" >>want.csv
check "csv ';': exact bytes, decimal comma" cmp semi.csv want.csv

# --stats: the TSV's rows, as CSV
$B concord --stats --format tsv oorlog >stats.tsv
$B concord --stats --format csv oorlog >stats.csv
check "stats csv: BOM" test "$(head -c 3 stats.csv | od -An -tx1 | tr -d ' ')" = efbbbf
check "stats csv: the TSV's rows with commas and CRLF" \
	test "$(tail -c +4 stats.csv | tr -d '\r')" = "$(tr '\t' , <stats.tsv)"
check "stats csv: an equivalent" grep -q '^equiv,war,2,' stats.csv

# bad options: usage errors, nothing written
expect 2 '' "bitext: --csv-sep is ',' or ';', not ':' $H" -- $B concord --format csv --csv-sep : oorlog
expect 2 '' "bitext: --format xlsx needs -o FILE $H" -- $B concord --format xlsx oorlog
expect 2 '' "bitext: --format xlsx needs -o FILE $H" -- $B concord --format xlsx -o - oorlog
expect 2 '' "bitext: -o is for --format xlsx; other formats go to standard output $H" -- $B concord -o x.txt oorlog
check "no file from a usage error" test ! -e x.txt

PY=/usr/bin/python3
if ! $PY -c 'import openpyxl' 2>/dev/null; then
	echo "skip xlsx: python3-openpyxl is not installed"
	finish
	exit
fi
dump='import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print("freeze", ws.freeze_panes, "sheet", ws.title)
for row in ws.iter_rows():
    print("\t".join("%d:%s:%s" % (c.column, c.data_type, c.value) for c in row if c.value is not None))'
$B concord --format xlsx -o hits.xlsx oorlog
check "xlsx: written" test $? = 0 -a -s hits.xlsx
$PY -c "$dump" hits.xlsx >got.txt
printf 'freeze A2 sheet Concordance\n1:s:doc\t2:s:date\t3:s:side\t4:s:left\t5:s:match\t6:s:right\t7:s:translation\t8:s:link\t9:s:score\n' >want.txt
printf '1:s:a\t3:s:src\t4:s:De \t5:s:oorlog\t6:s:, zei hij, "duurde" lang; te lang.\t7:s:The war, he said, "lasted" long; too long.\t8:s:1-1\t9:s:%s\n' "$s1" >>want.txt
printf '1:s:a\t3:s:src\t4:s:Na de \t5:s:oorlog\t6:s: kwam vrede.\t7:s:After the war came peace.\t8:s:1-1\t9:s:%s\n' "$s2" >>want.txt
check "xlsx: every cell, as text" cmp got.txt want.txt
$B concord --stats --format xlsx -o stats.xlsx oorlog
$PY -c "$dump" stats.xlsx >sgot.txt
want=$(awk -F'\t' '{ s = ""; for (i = 1; i <= NF; i++) if ($i != "") s = s (s == "" ? "" : "\t") i ":s:" $i; print s }' stats.tsv)
check "stats xlsx: sheet named, header frozen" test "$(head -1 sgot.txt)" = "freeze A2 sheet Statistics"
check "stats xlsx: the TSV's cells" test "$(tail -n +2 sgot.txt)" = "$want"
$B concord --format xlsx -o nodir/h.xlsx oorlog 2>err.txt
check "xlsx: unwritable path exits 3" test $? = 3
check "xlsx: no temporary left" test -z "$(ls | grep tmp-xlsx)"
finish
