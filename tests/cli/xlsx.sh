# xlsx.sh: --format xlsx of bitext names, read back with openpyxl (an
# independent reader): exact cell text, text cells only (a value a
# spreadsheet would turn into a date or a number stays as written), the
# header row frozen, Cyrillic kept.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
PY=/usr/bin/python3
TAB=$(printf '\t')
$PY -c 'import openpyxl' 2>/dev/null || { echo "skip: python3-openpyxl is not installed"; exit 77; }

mkdir -p c/nl c/en
printf 'President Лукашенко sprak op 1-2 in Minsk.\n\nЛукашенко belde 0049 vanuit Minsk.\n' >c/nl/a.txt
printf 'President Лукашенко spoke on 1-2 in Minsk.\n\nЛукашенко called 0049 from Minsk.\n' >c/en/a.txt
export BITEXT_DB=$T/c.db
$B init --src nl --tgt en >/dev/null
$B import c >/dev/null
$B align >/dev/null

# cells: one line a row, cells joined by a tab, each as column:type:value
# (type s is a string; n or d would be a number or a date)
dump='import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print("freeze", ws.freeze_panes, "sheet", ws.title)
for row in ws.iter_rows():
    print("\t".join("%d:%s:%s" % (c.column, c.data_type, c.value) for c in row if c.value is not None))'

$B names --format xlsx -o names.xlsx
check "names xlsx: written" test -s names.xlsx
$PY -c "$dump" names.xlsx >got.txt 2>err.txt
check "names xlsx: openpyxl reads it" test ! -s err.txt
check "names xlsx: header frozen, sheet named" test "$(head -1 got.txt)" = "freeze A2 sheet names"
# the rows are the TSV's, concept layout (the default for xlsx)
$B names --layout concept >names.tsv
want=$(awk -F'\t' '{ s = ""; for (i = 1; i <= NF; i++) if ($i != "") s = s (s == "" ? "" : "\t") i ":s:" $i; print s }' names.tsv)
check "names xlsx: every cell the TSV's, as text" test "$(tail -n +2 got.txt)" = "$want"
check "names xlsx: the Cyrillic name" grep -q ":s:Лукашенко (und-Cyrl)" got.txt
check "names xlsx: 1-2 stays text" grep -q ":s:President Лукашенко sprak op 1-2 in Minsk." got.txt
check "names xlsx: a count is a text cell" grep -q "^1:s:1	" got.txt
check "names xlsx: no other type" test "$(grep -c ':[nd]:' got.txt)" = 0
# variant layout too
$B names --format xlsx --layout variant -o var.xlsx
$PY -c "$dump" var.xlsx >var.txt
$B names --layout variant >var.tsv
want=$(awk -F'\t' '{ s = ""; for (i = 1; i <= NF; i++) if ($i != "") s = s (s == "" ? "" : "\t") i ":s:" $i; print s }' var.tsv)
check "names xlsx variant: the TSV's cells" test "$(tail -n +2 var.txt)" = "$want"

# nothing silent: a tab and a backslash inside a sentence. The TSV escapes
# them (\t, \\), the CSV keeps them (a tab needs no quotes with ','), the
# xlsx cell holds the real text.
mkdir -p e/nl e/en
printf 'President Лукашенко\tsprak in Minsk over C:\\pad.\n' >e/nl/a.txt
printf 'President Лукашенко spoke\tin Minsk.\n' >e/en/a.txt
BITEXT_DB=$T/e.db $B init --src nl --tgt en >/dev/null
BITEXT_DB=$T/e.db $B import e >/dev/null
BITEXT_DB=$T/e.db $B align >/dev/null
BITEXT_DB=$T/e.db $B names --layout concept >e.tsv
check "names tsv: tab and backslash escaped" test "$(sed -n 2p e.tsv)" = \
	'1	place	2	Minsk			Minsk					a			President Лукашенко\tsprak in Minsk over C:\\pad.	President Лукашенко spoke\tin Minsk.'
check "names tsv: every row 16 fields" test "$(awk -F'\t' 'NF != 16' e.tsv | wc -l)" = 0
BITEXT_DB=$T/e.db $B names --format csv >e.csv
check "names csv: the real tab and backslash" test "$(sed -n 2p e.csv)" = \
	"1,place,2,Minsk,,,Minsk,,,,,a,,,President Лукашенко${TAB}sprak in Minsk over C:\\pad.,President Лукашенко spoke${TAB}in Minsk."
BITEXT_DB=$T/e.db $B names --format xlsx -o e.xlsx
$PY -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(repr(ws.cell(2, 15).value)); print(repr(ws.cell(2, 16).value))' e.xlsx >e.txt
check "names xlsx: cells hold the real tab and backslash" test "$(cat e.txt)" = \
	"'President Лукашенко\\tsprak in Minsk over C:\\\\pad.'
'President Лукашенко spoke\\tin Minsk.'"

# errors: no file to stdout, a directory that is not there, nothing left behind
$B names --format xlsx >out.bin 2>err.txt
check "names xlsx to stdout: usage error" test $? = 2
check "names xlsx to stdout: says why" grep -q 'names: --format xlsx needs -o FILE' err.txt
check "names xlsx to stdout: nothing written" test ! -s out.bin
$B names --format xlsx -o nodir/n.xlsx 2>err.txt
check "names xlsx: unwritable path exits 3" test $? = 3
check "names xlsx: no temporary left" test -z "$(ls | grep tmp-xlsx)"
finish
