# ingest.sh: what a translator's files meet on the way in (issue 16):
# language tags, an encoding per side, pairing files by name or by list,
# and re-adding a changed file without losing manual links.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT

# ---- language tags: BCP 47, canonical, refused when unknown or twice
expect 0 "created a.db (nl-NL -> en-GB)
source language 'nl_NL' stored as nl-NL
target language 'en-gb' stored as en-GB" '' -- $B --db a.db init --src nl_NL --tgt en-gb
expect 0 "created b.db (nl -> en)
source language 'NL' stored as nl
target language 'eng' stored as en" '' -- $B --db b.db init --src NL --tgt eng
expect 0 "created z.db (zh-Hant -> en)
source language 'zh-hant' stored as zh-Hant" '' -- $B --db z.db init --src zh-hant --tgt en
expect 0 "created r.db (nl-BE -> en-GB)" '' -- $B --db r.db init --src nl-BE --tgt en-GB
expect 2 '' "bitext: unknown language tag 'dutch': use its BCP 47 code, nl" -- $B --db x.db init --src dutch
expect 2 '' "bitext: unknown language tag 'english': use its BCP 47 code, en" -- $B --db x.db init --tgt english
expect 2 '' "bitext: unknown language tag 'xx' (no such language): use a BCP 47 tag such as nl, en-GB or zh-Hant" -- $B --db x.db init --src xx
expect 2 '' "bitext: the source and target languages are both nl: give the translation's language with --tgt" -- $B --db x.db init --src nl --tgt NLD
check "no corpus left by a refused init" test ! -e x.db

# ---- encodings per side: a Windows-1252 original, its UTF-8 translation
printf 'Caf\351 Zelensky\222s r\351sum\351 is goed.\n' >nl1252.txt
printf 'Caf\303\251 Zelensky\342\200\231s r\303\251sum\303\251 is good.\n' >en8.txt
printf 'Plain ASCII only.\n' >ascii.txt
B1=b.db
expect 1 '' "bitext: en8.txt:1:3: the file is valid UTF-8 with non-ASCII characters ('é'): decoding it as WINDOWS-1252 would garble them; give each side its own encoding (--src-encoding, --tgt-encoding), or --force-encoding if it really is WINDOWS-1252" -- $B --db $B1 add --pair p --encoding WINDOWS-1252 nl1252.txt en8.txt
expect 0 '' '' -- sqlite3 $B1 "SELECT * FROM documents"
expect 1 '' "bitext: en8.txt:1:3: the file is valid UTF-8 with non-ASCII characters ('é'): decoding it as ISO-8859-1 would garble them; give each side its own encoding (--src-encoding, --tgt-encoding), or --force-encoding if it really is ISO-8859-1" -- $B --db $B1 add --pair p --src-encoding WINDOWS-1252 --tgt-encoding ISO-8859-1 nl1252.txt en8.txt
expect 0 'added p' '' -- $B --db $B1 add --pair p --src-encoding WINDOWS-1252 nl1252.txt en8.txt
expect 0 'src|WINDOWS-1252|Café Zelensky’s résumé is goed.
tgt|UTF-8|Café Zelensky’s résumé is good.' '' -- sqlite3 $B1 "SELECT d.side, d.encoding, s.text FROM documents d JOIN segments s ON s.doc_id = d.id WHERE pair_id = 'p' ORDER BY d.side"
# --tgt-encoding UTF-8 over --encoding: the same
expect 0 'added q' '' -- $B --db $B1 add --pair q --encoding WINDOWS-1252 --tgt-encoding UTF-8 nl1252.txt en8.txt
# ASCII reads the same in any legacy encoding: not refused
expect 0 'added r' '' -- $B --db $B1 add --pair r --encoding WINDOWS-1252 nl1252.txt ascii.txt
# asked for: decoded as told (the user says it is Windows-1252)
expect 0 'added s' '' -- $B --db $B1 add --pair s --encoding WINDOWS-1252 --force-encoding nl1252.txt en8.txt
expect 0 'WINDOWS-1252|CafÃ© Zelenskyâ€™s rÃ©sumÃ© is good.' '' -- sqlite3 $B1 "SELECT d.encoding, s.text FROM documents d JOIN segments s ON s.doc_id = d.id WHERE pair_id = 's' AND side = 'tgt'"
# import: the same per side
mkdir -p imp/nl imp/en
cp nl1252.txt imp/nl/a.txt && cp en8.txt imp/en/a.txt
expect 1 '' "bitext: imp/en/a.txt:1:3: the file is valid UTF-8 with non-ASCII characters ('é'): decoding it as WINDOWS-1252 would garble them; give each side its own encoding (--src-encoding, --tgt-encoding), or --force-encoding if it really is WINDOWS-1252" -- $B --db $B1 import --encoding WINDOWS-1252 imp
expect 0 'imported 1 pairs: 1 added, 0 replaced, 0 unchanged, 0 unpaired files' '' -- $B --db $B1 import --src-encoding WINDOWS-1252 imp
expect 0 'WINDOWS-1252
UTF-8' '' -- sqlite3 $B1 "SELECT encoding FROM documents WHERE pair_id = 'a' ORDER BY side"

# a regional corpus reads DIR/nl and DIR/en when it has no DIR/nl-BE, and says whose rules apply
mkdir -p reg/nl reg/en
printf 'De minister sprak. Hij zweeg daarna.\n' >reg/nl/a.txt
printf 'The minister spoke. He fell silent afterwards.\n' >reg/en/a.txt
expect 0 'imported 1 pairs: 1 added, 0 replaced, 0 unchanged, 0 unpaired files' '' -- $B --db r.db import reg
expect 0 'languages   nl-BE -> en-GB
rules       nl -> en (sentence rules, names and glossary by language)
pairs       1
documents   2
paragraphs  2
segments    4 (nl-BE 2, en-GB 2; 0 headings)
text bytes  84 (nl-BE 37, en-GB 47)
links       0' '' -- $B --db r.db stats

# ---- pairing by name: identical ids, then names without a language tag
mkdir -p pd/nl pd/en
for f in nl/artikel_NL.txt nl/report.nl.txt "nl/Brief (NL).txt" nl/NL-memo.txt nl/same.txt nl/x_nl.txt nl/x-nl.txt nl/alone.txt; do
	printf 'Dit is een zin.\n' >"pd/$f"
done
for f in en/artikel_EN.txt en/report.en.txt "en/Brief (EN).txt" en/EN-memo.txt en/same.txt en/x_en.txt en/lonely.txt; do
	printf 'This is a sentence.\n' >"pd/$f"
done
$B --db p.db init >/dev/null
expect 0 'imported 5 pairs: 5 added, 0 replaced, 0 unchanged, 2 unpaired files, 3 ambiguous
paired by names without language tags: 4' "bitext: pd/nl/x-nl.txt: 2 source and 1 target files are named 'x' without language tag; skipped (pair them with --pairs LIST)
bitext: pd/nl/x_nl.txt: 2 source and 1 target files are named 'x' without language tag; skipped (pair them with --pairs LIST)
bitext: pd/en/x_en.txt: 2 source and 1 target files are named 'x' without language tag; skipped (pair them with --pairs LIST)
bitext: pd/nl/alone.txt: no partner file on the other side; skipped
bitext: pd/en/lonely.txt: no partner file on the other side; skipped" -- $B --db p.db import pd
expect 0 'Brief|pd/nl/Brief (NL).txt|pd/en/Brief (EN).txt
artikel|pd/nl/artikel_NL.txt|pd/en/artikel_EN.txt
memo|pd/nl/NL-memo.txt|pd/en/EN-memo.txt
report|pd/nl/report.nl.txt|pd/en/report.en.txt
same|pd/nl/same.txt|pd/en/same.txt' '' -- sqlite3 p.db "SELECT s.pair_id, s.path, t.path FROM documents s JOIN documents t ON t.pair_id = s.pair_id AND t.side = 'tgt' WHERE s.side = 'src' ORDER BY 1"
# a folder that pairs nothing is an error (and writes nothing)
mkdir -p e/nl e/en
printf 'Een.\n' >e/nl/a.txt
printf 'One.\n' >e/en/b.txt
expect 1 'imported 0 pairs: 0 added, 0 replaced, 0 unchanged, 2 unpaired files' 'bitext: e/nl/a.txt: no partner file on the other side; skipped
bitext: e/en/b.txt: no partner file on the other side; skipped
bitext: e: no pairs to import (list them with --pairs LIST)' -- $B --db p.db import e
# two files that would make one pair: refused, nothing written
mkdir -p dup/nl dup/en
printf 'Een.\n' >dup/nl/a.txt; printf 'One.\n' >dup/en/a.txt
printf 'Een.\n' >dup/nl/a_nl.txt; printf 'One.\n' >dup/en/a_en.txt
expect 1 '' 'bitext: dup: dup/nl/a.txt and dup/nl/a_nl.txt would make the same pair a: rename one of them' -- $B --db p.db import dup

# ---- pairing by list
printf '# the ambiguous ones, by hand\npd/nl/x_nl.txt\tpd/en/x_en.txt\n\npd/nl/x-nl.txt\tpd/en/lonely.txt\tx2\r\n' >list.tsv
expect 0 'imported 2 pairs: 2 added, 0 replaced, 0 unchanged, 0 unpaired files' '' -- $B --db p.db import --pairs list.tsv
expect 0 'x|pd/nl/x_nl.txt|pd/en/x_en.txt
x2|pd/nl/x-nl.txt|pd/en/lonely.txt' '' -- sqlite3 p.db "SELECT s.pair_id, s.path, t.path FROM documents s JOIN documents t ON t.pair_id = s.pair_id AND t.side = 'tgt' WHERE s.side = 'src' AND s.pair_id LIKE 'x%' ORDER BY 1"
printf 'pd/nl/x_nl.txt\tpd/en/x_en.txt\tx\npd/nl/x-nl.txt\n' >bad.tsv
expect 1 '' 'bitext: bad.tsv:2: expected SOURCE<TAB>TARGET or SOURCE<TAB>TARGET<TAB>ID, found 1 field' -- $B --db p.db import --pairs bad.tsv
printf 'pd/nl/x_nl.txt\tpd/en/x_en.txt\tx\npd/nl/same.txt\tpd/en/same.txt\tx\n' >twice.tsv
expect 1 '' 'bitext: twice.tsv: pd/nl/x_nl.txt and pd/nl/same.txt would make the same pair x: rename one of them' -- $B --db p.db import --pairs twice.tsv
printf 'pd/nl/x_nl.txt\tpd/en/none.txt\n' >missing.tsv
expect 3 '' 'bitext: pd/en/none.txt: cannot open: No such file or directory' -- $B --db p.db import --pairs missing.tsv
: >empty.tsv
expect 1 'imported 0 pairs: 0 added, 0 replaced, 0 unchanged, 0 unpaired files' 'bitext: empty.tsv: no pairs to import' -- $B --db p.db import --pairs empty.tsv
expect 2 '' "bitext: import --pairs LIST takes no folder (see \`bitext import --help\`)" -- $B --db p.db import --pairs list.tsv pd
expect 0 '7' '' -- sqlite3 p.db "SELECT count(*) FROM pairs"

# ---- re-adding a changed file keeps the manual links that still hold
$B --db m.db init >/dev/null
printf 'De minister sprak gisteren. Hij was boos. Het regende. De zon scheen later. Iedereen ging naar huis.\n' >m.nl
printf 'The minister spoke yesterday. He was angry. It rained. The sun shone later. Everyone went home.\n' >m.en
$B --db m.db add --pair p m.nl m.en >/dev/null
$B --db m.db align >/dev/null
# links 0, 2, 4 as a person confirmed them (what bitext serve's review does)
sqlite3 m.db "UPDATE links SET manual = 1, score = 1 WHERE ordinal IN (0, 2, 4)"
# sentence 2 changed (its manual link goes), a sentence inserted before the last (the last link moves)
printf 'De minister sprak gisteren. Hij was boos. Het regende hard. De zon scheen later. Toen kwam de wind. Iedereen ging naar huis.\n' >m.nl
expect 0 'replaced p
unchanged segments: nl 4 of 6, en 5 of 5
kept 2 of 3 manual links; 1 dropped because their sentences changed
re-aligned pair p: 5 links
with the corpus'"'"'s word model: 1 word pair learned from 5 links' '' -- $B --db m.db add --pair p m.nl m.en
# the kept ones moved to their new ordinals (the last: source 4 -> 5), the rest aligned around them
expect 0 '0|1|0|1|1
1|1|1|1|0
2|1|2|1|0
3|2|3|1|0
5|1|4|1|1' '' -- sqlite3 m.db "SELECT src_first, src_n, tgt_first, tgt_n, manual FROM links ORDER BY ordinal"
expect 0 '2' '' -- sqlite3 m.db "SELECT count(*) FROM links WHERE manual = 1"
# unchanged again: nothing said, nothing changed
expect 0 'unchanged p' '' -- $B --db m.db add --pair p m.nl m.en
# a pair never aligned is replaced without aligning
printf 'Een zin.\n' >n.nl; printf 'A sentence.\n' >n.en
$B --db m.db add --pair q n.nl n.en >/dev/null
printf 'Een andere zin.\n' >n.nl
expect 0 'replaced q' '' -- $B --db m.db add --pair q n.nl n.en

finish
