# formats.sh: documents other than plain text through the command: add,
# import (mixed formats, --verbose), segment, align-files; every refused
# or damaged file is one line naming it (and the part and line inside),
# exit 1, and the corpus stays as it was.
. "$(dirname "$0")/lib.sh"
FX=${BITEXT_SOURCE:?}/tests/formats/fixtures
cd "$T" || exit 99
B=$BITEXT
$B --db c.db init >/dev/null
mkdir -p m/nl m/en bad
cp "$FX/corpus/pandoc/nl/000_94da7f26282f7cdf.docx" m/nl/a.docx
cp "$FX/corpus/soffice-html/en/000_94da7f26282f7cdf.odt" m/en/a.odt
cp "$FX/corpus/soffice-txt/nl/001_19a1ca94bf150f5d.html" m/nl/b.html
cp "$BITEXT_SOURCE/corpus/en/001_19a1ca94bf150f5d.txt" m/en/b.txt
cp "$FX"/bad/* "$FX/html/undeclared.html" "$FX/html/mislabeled.html" "$FX/xliff/omegat.xlf" bad/
cp "$FX/features/word-features.docx" "$FX/features/features-lo.odt" .
printf '{\\rtf1\\ansi Hallo}\n' >bad/x.rtf
printf '%%PDF-1.4\n%%\342\343\n1 0 obj\n' >bad/x.pdf
printf '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>\n' >bad/t.tmx
printf '<?xml version="1.0"?>\n<foo xmlns="urn:x"/>\n' >bad/f.xml
printf 'Plain text.\n' >plain.txt

# mixed formats in one folder, paired by name without extension
expect 0 'm/nl/a.docx: docx, UTF-8, lang nl, 9 blocks: 7 paragraph, 2 heading
m/en/a.odt: odt, UTF-8, lang en-US, 9 blocks: 7 paragraph, 2 heading
m/nl/b.html: html, UTF-8, 11 blocks: 11 paragraph; changed or left out: 1 scripts, styles and other non-text elements left out
m/en/b.txt: text, UTF-8
imported 2 pairs: 2 added, 0 replaced, 0 unchanged, 0 unpaired files' '' -- $B --db c.db import --verbose m
check "formats recorded" test "$(sqlite3 c.db "SELECT pair_id || side || ':' || format FROM documents ORDER BY 1")" = "asrc:docx
atgt:odt
bsrc:html
btgt:text"
check "headings from the formats" test "$(sqlite3 c.db "SELECT count(*) FROM segments WHERE kind = 'heading'")" = 7
check "stored text is plain text" test "$(sqlite3 c.db "SELECT count(*) FROM documents WHERE text LIKE '%<%' OR text LIKE '%w:t%'")" = 0
check "the same segments as the plain text" test "$(sqlite3 c.db "SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE pair_id = 'a' AND side = 'src' ORDER BY ordinal")" = "$($B segment --lang nl "$BITEXT_SOURCE/corpus/nl/000_94da7f26282f7cdf.txt")"
check "the date metadata from a DOCX" test "$(sqlite3 c.db "SELECT date FROM pairs WHERE id = 'a'")" = 2023-02
expect 0 'imported 2 pairs: 0 added, 0 replaced, 2 unchanged, 0 unpaired files' '' -- $B --db c.db import m
expect 0 'replaced a' '' -- $B --db c.db add --no-headers --pair a m/nl/a.docx m/en/a.odt

# add: one file's features, with and without headers and alt texts
expect 0 'word-features.docx: docx, UTF-8, lang nl-NL, 30 blocks: 13 paragraph, 4 heading, 1 title, 3 list item, 3 table cell, 1 caption, 2 footnote, 1 endnote, 1 text box, 1 alt text; changed or left out: 1 tracked insertions accepted, 1 tracked deletions dropped, 1 moved-from passages dropped, 3 hidden passages dropped, 5 field codes dropped (their results kept), 1 comments left out, 2 headers and footers left out, 1 soft hyphens removed, 1 symbol characters left out
features-lo.odt: odt, UTF-8, lang en-GB, 22 blocks: 6 paragraph, 2 heading, 1 title, 3 list item, 4 table cell, 1 caption, 1 footnote, 1 endnote, 1 text box, 2 alt text; changed or left out: 1 tracked insertions accepted, 1 tracked deletions dropped, 1 hidden passages dropped, 1 comments left out, 2 headers and footers left out, 1 soft hyphens removed
added f' '' -- $B --db c.db add --verbose --alt-text --pair f --no-headers word-features.docx features-lo.odt
check "tracked deletion not stored" test "$(sqlite3 c.db "SELECT count(*) FROM documents WHERE pair_id = 'f' AND (text GLOB '*onnodig*' OR text GLOB '*geheime*' OR text GLOB '*AUTHOR*')")" = 0
check "a heading block is one heading segment" test "$(sqlite3 c.db "SELECT group_concat(s.text, '|') FROM segments s JOIN documents d ON d.id = s.doc_id WHERE pair_id = 'f' AND side = 'src' AND kind = 'heading'")" = "Jaarverslag vertaling|Inleiding|Eigen kopstijl|Rubriek zonder naam|Direct niveau vier"

# refused and damaged files: one line each, exit 1, the corpus unchanged
sqlite3 c.db .dump >before.sql
expect 1 '' 'bitext: bad/x.rtf: an RTF document: bitext does not read RTF; save it as DOCX or plain text' -- $B --db c.db add --pair z bad/x.rtf plain.txt
expect 1 '' 'bitext: bad/x.pdf: a PDF document: bitext does not read PDF (its paragraphs cannot be told reliably); save the original as DOCX or plain text' -- $B --db c.db add --pair z bad/x.pdf plain.txt
expect 1 '' 'bitext: bad/legacy.doc: a Word 97-2003 document (.doc): bitext does not read it; save it as DOCX or plain text' -- $B --db c.db add --pair z bad/legacy.doc plain.txt
expect 1 '' 'bitext: bad/encrypted.docx: an encrypted (password-protected) Office document: save it without a password' -- $B --db c.db add --pair z plain.txt bad/encrypted.docx
expect 1 '' "bitext: bad/password.docx: the zip's entries are encrypted (a password-protected document): save it without a password" -- $B --db c.db add --pair z bad/password.docx plain.txt
expect 1 '' 'bitext: bad/encrypted.odt: an encrypted (password-protected) ODT: save it without a password' -- $B --db c.db add --pair z bad/encrypted.odt plain.txt
expect 1 '' 'bitext: bad/truncated.docx: not a zip archive (damaged or truncated?)' -- $B --db c.db add --pair z bad/truncated.docx plain.txt
expect 1 '' 'bitext: bad/no-document.docx: no word/document.xml (the main part of a DOCX): a damaged DOCX' -- $B --db c.db add --pair z bad/no-document.docx plain.txt
expect 1 '' 'bitext: bad/huge-entry.docx: word/document.xml: the entry inflates to more than 268435456 bytes (256 MiB), the most a part may have (a zip bomb?)' -- $B --db c.db add --pair z bad/huge-entry.docx plain.txt
expect 1 '' 'bitext: bad/bomb.docx: word/document.xml: the entry inflates to more than 268435456 bytes (256 MiB), the most a part may have (a zip bomb?)' -- $B --db c.db add --pair z bad/bomb.docx plain.txt
expect 1 '' 'bitext: bad/bad-xml.docx: word/document.xml:3: not well-formed XML: Opening and ending tag mismatch: t line 3 and r' -- $B --db c.db add --pair z bad/bad-xml.docx plain.txt
expect 1 '' 'bitext: bad/entity.docx: word/document.xml:2: the DTD declares an entity (&a;): bitext expands no entities' -- $B --db c.db add --pair z bad/entity.docx plain.txt
expect 1 '' 'bitext: bad/undeclared.html:5:93: the page declares no charset (so UTF-8 is read): invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B --db c.db add --pair z bad/undeclared.html plain.txt
expect 1 '' 'bitext: bad/mislabeled.html:7:116: the page declares utf-8 in <meta charset>, but: invalid UTF-8 (byte 0xE9); the file looks like Windows-1252: try --encoding WINDOWS-1252' -- $B --db c.db add --pair z bad/mislabeled.html plain.txt
expect 1 '' 'bitext: bad/omegat.xlf: an XLIFF file holds both sides of a translation, not one document: add it alone (`bitext add --pair ID FILE.xlf`)' -- $B --db c.db add --pair z bad/omegat.xlf plain.txt
expect 1 '' 'bitext: bad/t.tmx: a TMX translation memory, not a document: read it with `bitext import-tmx`' -- $B --db c.db add --pair z bad/t.tmx plain.txt
expect 1 '' 'bitext: bad/f.xml: XML with the root element <foo> (namespace urn:x): not a document format bitext reads (DOCX, ODT, FODT, HTML, XHTML or plain text)' -- $B --db c.db add --pair z bad/f.xml plain.txt
expect 2 '' "bitext: unknown format 'bogus' (there are: text, docx, odt, fodt, html, xhtml, xliff) (see \`bitext add --help\`)" -- $B --db c.db add --format bogus --pair z plain.txt plain.txt
expect 1 '' 'bitext: m/nl/a.docx:1:5: NUL byte: this looks like a binary file (or UTF-16 without a BOM: try --encoding UTF-16LE)' -- $B --db c.db add --format text --pair z m/nl/a.docx plain.txt
# a bad file in an import: nothing is imported
mkdir -p m2/nl m2/en
cp m/nl/a.docx m2/nl/good.docx && cp m/en/a.odt m2/en/good.odt
cp bad/bad-xml.docx m2/nl/worse.docx && cp plain.txt m2/en/worse.txt
expect 1 '' 'bitext: m2/nl/worse.docx: word/document.xml:3: not well-formed XML: Opening and ending tag mismatch: t line 3 and r' -- $B --db c.db import m2
cp m/nl/b.html m2/nl/good.txt
expect 1 '' 'bitext: m2/nl: good.docx and good.txt would make the same pair good: keep one of them' -- $B --db c.db import m2
sqlite3 c.db .dump >after.sql
check "corpus unchanged by the refused files" cmp -s before.sql after.sql

# segment and align-files read documents too (stdin as well)
$B segment --lang nl "$BITEXT_SOURCE/corpus/nl/000_94da7f26282f7cdf.txt" >want.txt
expect 0 "$(cat want.txt)" '' -- $B segment --lang nl m/nl/a.docx
STDIN=m/nl/a.docx expect 0 "$(cat want.txt)" '' -- $B segment --lang nl -
expect 0 "$($B segment --lang nl --kinds "$BITEXT_SOURCE/corpus/nl/000_94da7f26282f7cdf.txt")" '' -- $B segment --lang nl --kinds m/nl/a.docx
expect 0 'heading	Annual report on translation
heading	Introduction' '' -- sh -c "$B segment --lang en --kinds --no-headers features-lo.odt | grep ^heading | head -2"
expect 0 "$($B align-files --src-lang nl --tgt-lang en "$BITEXT_SOURCE/corpus/nl/000_94da7f26282f7cdf.txt" "$BITEXT_SOURCE/corpus/en/000_94da7f26282f7cdf.txt")" '' -- $B align-files --src-lang nl --tgt-lang en m/nl/a.docx m/en/a.odt
expect 0 "$($B align-files --presegmented --src-lang nl --tgt-lang en "$FX/corpus/soffice-txt/nl/000_94da7f26282f7cdf.html" "$FX/corpus/soffice-txt/en/000_94da7f26282f7cdf.html" | head -3)" '' -- sh -c "$B align-files --presegmented --src-lang nl --tgt-lang en --input-format html $FX/corpus/soffice-txt/nl/000_94da7f26282f7cdf.html $FX/corpus/soffice-txt/en/000_94da7f26282f7cdf.html | head -3"
expect 2 '' "bitext: unknown format 'pdf' (there are: text, docx, odt, fodt, html, xhtml, xliff) (see \`bitext align-files --help\`)" -- $B align-files --src-lang nl --tgt-lang en --input-format pdf a b
expect 1 '' 'bitext: bad/x.rtf: an RTF document: bitext does not read RTF; save it as DOCX or plain text' -- $B segment --lang nl bad/x.rtf
expect 0 'Café au lait €.' '' -- sh -c "$B segment --lang nl --encoding ISO-8859-15 bad/undeclared.html | tail -1"
finish
