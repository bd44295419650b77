# store_v5.sh: a corpus written at schema 5, which kept every text twice
# (tests/golden/store/corpus-v5.sql says how it was made), is upgraded when
# it is opened: each document's text kept once, the concordance's tables
# taken over as they are (not built again), and the commands answer as the
# bitext that wrote it did (the outputs below are that bitext's).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 99
B=$BITEXT
sqlite3 v5.db <"${BITEXT_SOURCE:?}/tests/golden/store/corpus-v5.sql"
# a row no index build would leave: it stays when the index is taken over
sqlite3 v5.db "INSERT INTO concord_keys(key, rkey) VALUES ('zzkeptzz', 'zztpekzz')"

expect 0 "languages   nl -> en
pairs       3
documents   6
paragraphs  8
segments    22 (nl 11, en 11; 2 headings)
text bytes  399 (nl 200, en 199)
links       11" "bitext: v5.db: upgrading the corpus from layout 5 to 14
bitext: v5.db: setting up the concord tables (version 6)
bitext: v5.db: learning the word model from 11 links
bitext: v5.db: word model: 11 word pairs learned from 11 links
bitext: v5.db: indexing the aligned translations of 3 pairs
bitext: v5.db: aligned translations: 22 segments indexed" -- $B --db v5.db stats
check "upgraded to schema 14, the concordance at its version 6" \
	test "$(sqlite3 v5.db "PRAGMA user_version; SELECT name || ' ' || version FROM store_modules")" = "14
concord 6"
# concordance 6: a row of the translations index for each segment of a
# link with two sides, holding the other side's text
check "each linked segment's translation indexed, none left waiting" \
	test "$(sqlite3 v5.db "SELECT count(*) FROM concord_tr WHERE other =
	  (SELECT s2.text FROM segments s JOIN documents d ON d.id = s.doc_id JOIN links l ON l.pair_id = d.pair_id
	   AND s.ordinal = CASE d.side WHEN 'src' THEN l.src_first ELSE l.tgt_first END
	   JOIN documents d2 ON d2.pair_id = d.pair_id AND d2.side <> d.side
	   JOIN segments s2 ON s2.doc_id = d2.id AND s2.ordinal = CASE d2.side WHEN 'src' THEN l.src_first ELSE l.tgt_first END
	   WHERE s.id = concord_tr.rowid AND l.src_n = 1 AND l.tgt_n = 1);
	  SELECT count(*) FROM concord_tr_pending")" = "22
0"
# concordance 4: the word model learned from the links the corpus had
check "the word model learned from every link with two sides, none left waiting" \
	test "$(sqlite3 v5.db "SELECT links = (SELECT count(*) FROM links WHERE src_n > 0 AND tgt_n > 0) AND links > 0
	  FROM concord_lex_model; SELECT count(*) > 0 FROM concord_lex; SELECT count(*) FROM concord_lex_pending")" = "1
1
0"
# schema 7: each document says the format it was read from; before, plain
# text, or a TMX for the documents a TMX import made
check "formats recorded" \
	test "$(sqlite3 v5.db "SELECT group_concat(pair_id || side || ' ' || format, ',') FROM (SELECT * FROM documents ORDER BY id)")" = "asrc text,atgt text,bsrc text,btgt text,msrc tmx,mtgt tmx"
# a's and b's target documents: the segments hold the text; b's source was
# edited by hand (its segment is not its text any more): its copy stays;
# m came from a TMX and has no text of its own
check "each text kept once" \
	test "$(sqlite3 v5.db "SELECT pair_id || side || ' ' || length(text) || ' ' || text_bytes || ' ' || hex(gaps) FROM documents ORDER BY id")" = "asrc 0 137 206461746520323032332D30320A0A0A20090A0A0A0A2020200A
atgt 0 131 0A0A200A0A0A0A0A
bsrc 38 38 
btgt 0 36 200A
msrc 0 0 
mtgt 0 0 "
check "the index taken over, the hand-edited segment indexed" \
	test "$(sqlite3 v5.db "SELECT count(*) FROM concord_keys WHERE key = 'zzkeptzz'; SELECT count(*) FROM concord_pending; SELECT count(*) FROM concord_names")" = "1
0
22"
expect 0 "a:1                                          Loekasjenko sprak  met de BBC.
     en: [Lukashenko] spoke  to the BBC.
a:1                                          Lukashenko spoke  to the BBC.
     nl: [Loekasjenko] sprak  met de BBC.
hits 1-2 of 2 in 1 document" '' -- $B --db v5.db concord --lang both Lukashenko
expect 0 "b:0                         Zelensky kwam in Kyiv aan.
     en: Zelensky arrived in [Kyiv].
b:0                      Zelensky arrived in Kyiv.
     nl: Zelensky kwam in [Kyiv] aan.
hits 1-2 of 2 in 1 document" '' -- $B --db v5.db concord --lang both Kyiv
expect 0 "doc	date	side	segment	lang	src	tgt	left	match	right	link	score
m		src	0	nl	Een eenheid uit een geheugen.	A unit from a memory.		Een	 eenheid uit een geheugen.	1-1	1.0000
m		src	1	nl	Nog een.	One more.	Nog 	een	.	1-1	1.0000
a	2023-02	src	5	nl	Een eenheid uit een geheugen.	A unit from a memory.		Een	 eenheid uit een geheugen.	1-1	1.0000
a	2023-02	src	6	nl	Nog een.	One more.	Nog 	een	.	1-1	1.0000" '' -- $B --db v5.db concord --format tsv --lang both een
expect 0 "cluster	lang	variant	preferred	count
1	nl	Kyiv	1	1
1	en	Kyiv	1	1
2	nl	Loekasjenko	1	1
2	en	Lukashenko	1	1
3	nl	Poetin	1	1
3	en	Putin	1	1
4	nl	Zelensky	1	1
4	en	Zelensky	1	1" '' -- sh -c "$B --db v5.db names | cut -f1-5"
expect 0 'wrote x.tmx: 7 units' '' -- $B --db v5.db export tmx --pair a -o x.tmx
# appending to a pair whose document has text: the units go after it, a
# blank line apart, as before the upgrade
printf '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="nl" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n<tu><tuv xml:lang="nl"><seg>Drie.</seg></tuv><tuv xml:lang="en"><seg>Three.</seg></tuv></tu>\n</body></tmx>\n' >more.tmx
expect 0 'imported 1 unit into 1 pair from more.tmx (1 existing)' '' -- $B --db v5.db import-tmx --append --pair b more.tmx
check "appended after the text" \
	test "$(sqlite3 v5.db "SELECT s.start || '-' || s.end FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'b' AND d.side = 'src' AND s.text = 'Drie.'")" = "40-45"
# a corpus whose concordance is at version 3 (before the word model):
# opening it learns the model from all its links, and says so first
drop_tr="DROP TABLE concord_tr; DROP TABLE concord_tr_pending; DROP TRIGGER concord_tr_link_insert;
  DROP TRIGGER concord_tr_link_delete; DROP TRIGGER concord_tr_link_update"
sqlite3 v5.db "DROP TRIGGER concord_lex_links; DROP TABLE concord_lex; DROP TABLE concord_lex_model;
  DROP TABLE concord_lex_pending; DROP TABLE concord_lex_tgt; $drop_tr; UPDATE store_modules SET version = 3 WHERE name = 'concord'"
expect 0 "12" "bitext: v5.db: upgrading the concord tables from version 3 to 6
bitext: v5.db: learning the word model from 12 links
bitext: v5.db: word model: 11 word pairs learned from 12 links
bitext: v5.db: indexing the aligned translations of 3 pairs
bitext: v5.db: aligned translations: 24 segments indexed" -- sh -c "$B --db v5.db stats | grep '^links' | tr -s ' ' | cut -d' ' -f2-3"
expect 0 "12" '' -- sh -c "$B --db v5.db stats | grep '^links' | tr -s ' ' | cut -d' ' -f2-3"
# at version 4 (the model without its rows by target form): they are
# written from the model kept, which is not trained again
model=$(sqlite3 v5.db "SELECT hex(model) FROM concord_lex_model")
sqlite3 v5.db "DROP TABLE concord_lex_tgt; $drop_tr; UPDATE store_modules SET version = 4 WHERE name = 'concord'"
expect 0 "12" "bitext: v5.db: upgrading the concord tables from version 4 to 6
bitext: v5.db: writing the word model's rows by target form
bitext: v5.db: indexing the aligned translations of 3 pairs
bitext: v5.db: aligned translations: 24 segments indexed" -- sh -c "$B --db v5.db stats | grep '^links' | tr -s ' ' | cut -d' ' -f2-3"
check "the same model, and its rows by target form written" \
	test "$(sqlite3 v5.db "SELECT hex(model) = '$model' FROM concord_lex_model; SELECT count(*) > 0 FROM concord_lex_tgt")" = "1
1"
finish
