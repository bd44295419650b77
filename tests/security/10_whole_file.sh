#!/usr/bin/env bash
# 10_whole_file.sh (issue 20, item 10): `segment` and `glossary import`
# read a whole file before checking it: a 2 GB sparse file cost 2.1 GB and
# 4-10 s before "NUL byte". Now a file's size is checked before it is read
# (256 MiB at most, as for `add`), and standard input stops at that size.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
truncate -s 2G sparse.txt || { echo "skipped: no sparse file here"; exit 77; }
ln -s sparse.txt sparse.tsv
too_big='the file has 2147483648 bytes: the most a file may have here is 268435456 (256 MiB)'
"$B" --db c.db init >/dev/null

measure "$B" segment --lang nl sparse.txt
[ "$M_CODE" = 1 ] && ok || bad "segment: exit $M_CODE, want 1"
match "segment" "bitext: sparse.txt: $too_big" "$T/m.err" && ok
limits "segment" 2 100

measure "$B" --db c.db glossary import sparse.tsv
[ "$M_CODE" = 1 ] && ok || bad "glossary import: exit $M_CODE, want 1"
match "glossary import" "bitext: sparse.tsv: $too_big" "$T/m.err" && ok
limits "glossary import" 2 100

measure "$B" --db c.db add --pair p sparse.txt sparse.txt
[ "$M_CODE" = 1 ] && ok || bad "add: exit $M_CODE, want 1"
match "add" "bitext: sparse.txt: the file has 2147483648 bytes: the most a document may have is 268435456 (256 MiB)" "$T/m.err" && ok
limits "add" 2 100

# standard input has no size: it is read up to the limit, no further (2 GB
# offered; the bound on memory leaves room for a sanitizer's copies)
mkfifo in.fifo
head -c 2G /dev/zero >in.fifo 2>/dev/null &
STDIN=in.fifo measure "$B" segment --lang nl -
kill $! 2>/dev/null
wait $! 2>/dev/null
[ "$M_CODE" = 1 ] && ok || bad "segment -: exit $M_CODE, want 1"
match "segment -" "bitext: <stdin>: more than 268435456 bytes: the most a file may have here is 268435456 (256 MiB)" "$T/m.err" && ok
limits "segment -" 20 1200
finish
