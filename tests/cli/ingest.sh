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

finish
