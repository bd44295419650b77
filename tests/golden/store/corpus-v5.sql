-- corpus-v5.sql: a corpus written by bitext at schema 5 (commit b1447e1,
-- before each text was kept once), as `sqlite3 .dump` gives it with the
-- two PRAGMA lines put on top. Made with that bitext from:
--   c/nl/a.txt  ' date 2023-02\nOorlog in het oosten\n\nLoekasjenko sprak  met de BBC. Hij dreigde met kernwapens.\t\nPoetin zweeg.\n\n\nDat zei hij gisteren.   \n'
--   c/en/a.txt  'War in the east\n\nLukashenko spoke  to the BBC. He threatened nuclear weapons.\nPutin kept silent.\n\n\nThat is what he said yesterday.\n'
--   c/nl/b.txt  'Zelensky kwam aan in Kyiv. Hij sprak.\n'
--   c/en/b.txt  'Zelensky arrived in Kyiv. He spoke.\n'
--   bitext init; bitext import c; bitext align
--   bitext import-tmx m.tmx; bitext import-tmx --append --pair a m.tmx
--     (m.tmx: two units, "Een eenheid uit een geheugen." / "A unit from a
--     memory.", "Nog een." / "One more.")
--   sqlite3: UPDATE segments SET text = 'Zelensky kwam in Kyiv aan.' for
--     b's first source segment (a corpus edited by hand: its document's
--     text is no longer its segments')
-- tests/cli/store_v5.sh opens it with today's bitext.
PRAGMA application_id = 1651078264;
PRAGMA user_version = 5;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO settings VALUES('src_lang','nl');
INSERT INTO settings VALUES('tgt_lang','en');
INSERT INTO settings VALUES('created_by','bitext 0.1.0');
INSERT INTO settings VALUES('concord_keys','names-70bbd0d76ce397b3');
CREATE TABLE pairs(  id TEXT PRIMARY KEY,  date TEXT,  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
INSERT INTO pairs VALUES('a','2023-02','2026-12-04T11:50:16Z');
INSERT INTO pairs VALUES('b',NULL,'2026-12-04T11:50:16Z');
INSERT INTO pairs VALUES('m',NULL,'2026-12-04T11:50:16Z');
CREATE TABLE documents(  id INTEGER PRIMARY KEY,  pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,  side TEXT NOT NULL CHECK (side IN ('src','tgt')),  lang TEXT NOT NULL,  path TEXT NOT NULL,  hash TEXT NOT NULL,  encoding TEXT NOT NULL,  date TEXT,  bytes INTEGER NOT NULL,  body INTEGER NOT NULL DEFAULT 0,  text TEXT NOT NULL,  UNIQUE (pair_id, side));
INSERT INTO documents VALUES(1,'a','src','nl','c/nl/a.txt','54ca971f09f76be8','UTF-8','2023-02',178,14,replace(' date 2023-02\nOorlog in het oosten\n\nLoekasjenko sprak  met de BBC. Hij dreigde met kernwapens.	\nPoetin zweeg.\n\n\nDat zei hij gisteren.   \n','\n',char(10)));
INSERT INTO documents VALUES(2,'a','tgt','en','c/en/a.txt','9393db6f5194a882','UTF-8',NULL,165,0,replace('War in the east\n\nLukashenko spoke  to the BBC. He threatened nuclear weapons.\nPutin kept silent.\n\n\nThat is what he said yesterday.\n','\n',char(10)));
INSERT INTO documents VALUES(3,'b','src','nl','c/nl/b.txt','2d623fb6beedd93e','UTF-8',NULL,38,0,replace('Zelensky kwam aan in Kyiv. Hij sprak.\n','\n',char(10)));
INSERT INTO documents VALUES(4,'b','tgt','en','c/en/b.txt','560d434eeb8ec318','UTF-8',NULL,36,0,replace('Zelensky arrived in Kyiv. He spoke.\n','\n',char(10)));
INSERT INTO documents VALUES(5,'m','src','nl','m.tmx','tmx','UTF-8',NULL,39,0,'');
INSERT INTO documents VALUES(6,'m','tgt','en','m.tmx','tmx','UTF-8',NULL,32,0,'');
CREATE TABLE paragraphs(  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  ordinal INTEGER NOT NULL,  start INTEGER NOT NULL,  end INTEGER NOT NULL,  PRIMARY KEY (doc_id, ordinal)) WITHOUT ROWID;
INSERT INTO paragraphs VALUES(1,0,14,34);
INSERT INTO paragraphs VALUES(1,1,36,109);
INSERT INTO paragraphs VALUES(1,2,112,133);
INSERT INTO paragraphs VALUES(2,0,0,15);
INSERT INTO paragraphs VALUES(2,1,17,96);
INSERT INTO paragraphs VALUES(2,2,99,130);
INSERT INTO paragraphs VALUES(3,0,0,37);
INSERT INTO paragraphs VALUES(4,0,0,35);
CREATE TABLE segments(  id INTEGER PRIMARY KEY,  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,  ordinal INTEGER NOT NULL,  para INTEGER NOT NULL,  start INTEGER NOT NULL,  end INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('sentence','heading')),  text TEXT NOT NULL,  UNIQUE (doc_id, ordinal));
INSERT INTO segments VALUES(1,1,0,0,14,34,'heading','Oorlog in het oosten');
INSERT INTO segments VALUES(2,1,1,1,36,66,'sentence','Loekasjenko sprak  met de BBC.');
INSERT INTO segments VALUES(3,1,2,1,67,94,'sentence','Hij dreigde met kernwapens.');
INSERT INTO segments VALUES(4,1,3,1,96,109,'sentence','Poetin zweeg.');
INSERT INTO segments VALUES(5,1,4,2,112,133,'sentence','Dat zei hij gisteren.');
INSERT INTO segments VALUES(6,2,0,0,0,15,'heading','War in the east');
INSERT INTO segments VALUES(7,2,1,1,17,46,'sentence','Lukashenko spoke  to the BBC.');
INSERT INTO segments VALUES(8,2,2,1,47,77,'sentence','He threatened nuclear weapons.');
INSERT INTO segments VALUES(9,2,3,1,78,96,'sentence','Putin kept silent.');
INSERT INTO segments VALUES(10,2,4,2,99,130,'sentence','That is what he said yesterday.');
INSERT INTO segments VALUES(11,3,0,0,0,26,'sentence','Zelensky kwam in Kyiv aan.');
INSERT INTO segments VALUES(12,3,1,0,27,37,'sentence','Hij sprak.');
INSERT INTO segments VALUES(13,4,0,0,0,25,'sentence','Zelensky arrived in Kyiv.');
INSERT INTO segments VALUES(14,4,1,0,26,35,'sentence','He spoke.');
INSERT INTO segments VALUES(15,5,0,0,0,29,'sentence','Een eenheid uit een geheugen.');
INSERT INTO segments VALUES(16,6,0,0,0,21,'sentence','A unit from a memory.');
INSERT INTO segments VALUES(17,5,1,1,31,39,'sentence','Nog een.');
INSERT INTO segments VALUES(18,6,1,1,23,32,'sentence','One more.');
INSERT INTO segments VALUES(19,1,5,3,139,168,'sentence','Een eenheid uit een geheugen.');
INSERT INTO segments VALUES(20,2,5,3,133,154,'sentence','A unit from a memory.');
INSERT INTO segments VALUES(21,1,6,4,170,178,'sentence','Nog een.');
INSERT INTO segments VALUES(22,2,6,4,156,165,'sentence','One more.');
CREATE TABLE links(  id INTEGER PRIMARY KEY,  pair_id TEXT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,  ordinal INTEGER NOT NULL,  src_first INTEGER NOT NULL, src_n INTEGER NOT NULL,  tgt_first INTEGER NOT NULL, tgt_n INTEGER NOT NULL,  score REAL NOT NULL,  manual INTEGER NOT NULL DEFAULT 0,  UNIQUE (pair_id, ordinal));
INSERT INTO links VALUES(1,'a',0,0,1,0,1,0.92491649854181756662,0);
INSERT INTO links VALUES(2,'a',1,1,1,1,1,0.71977540253812610782,0);
INSERT INTO links VALUES(3,'a',2,2,1,2,1,0.54818733985573087075,0);
INSERT INTO links VALUES(4,'a',3,3,1,3,1,0.62466272135707889834,0);
INSERT INTO links VALUES(5,'a',4,4,1,4,1,0.84484729453139817412,0);
INSERT INTO links VALUES(6,'b',0,0,1,0,1,0.68263442581209021753,0);
INSERT INTO links VALUES(7,'b',1,1,1,1,1,0.68556208819295305634,0);
INSERT INTO links VALUES(8,'m',0,0,1,0,1,1.0,0);
INSERT INTO links VALUES(9,'m',1,1,1,1,1,1.0,0);
INSERT INTO links VALUES(10,'a',5,5,1,5,1,1.0,0);
INSERT INTO links VALUES(11,'a',6,6,1,6,1,1.0,0);
CREATE TABLE glossary(  id INTEGER PRIMARY KEY,  src_lang TEXT NOT NULL, tgt_lang TEXT NOT NULL,  src TEXT NOT NULL, tgt TEXT NOT NULL,  note TEXT,  origin TEXT NOT NULL,  added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),  UNIQUE (src_lang, tgt_lang, src, tgt));
CREATE TABLE concord_names(id INTEGER PRIMARY KEY, keys TEXT NOT NULL);
INSERT INTO concord_names VALUES(1,'orlog');
INSERT INTO concord_names VALUES(2,'lukashenko bk');
INSERT INTO concord_names VALUES(3,'gi');
INSERT INTO concord_names VALUES(4,'putin');
INSERT INTO concord_names VALUES(5,'dat');
INSERT INTO concord_names VALUES(6,'var');
INSERT INTO concord_names VALUES(7,'lukashenko bk');
INSERT INTO concord_names VALUES(8,'ge');
INSERT INTO concord_names VALUES(9,'putin');
INSERT INTO concord_names VALUES(10,'tgat');
INSERT INTO concord_names VALUES(12,'gi');
INSERT INTO concord_names VALUES(13,'selenski kiv');
INSERT INTO concord_names VALUES(14,'ge');
INSERT INTO concord_names VALUES(15,'en');
INSERT INTO concord_names VALUES(16,'a');
INSERT INTO concord_names VALUES(17,'nog');
INSERT INTO concord_names VALUES(18,'one');
INSERT INTO concord_names VALUES(19,'en');
INSERT INTO concord_names VALUES(20,'a');
INSERT INTO concord_names VALUES(21,'nog');
INSERT INTO concord_names VALUES(22,'one');
CREATE TABLE concord_pending(id INTEGER PRIMARY KEY);
INSERT INTO concord_pending VALUES(11);
CREATE TABLE concord_keys(key TEXT PRIMARY KEY, rkey TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO concord_keys VALUES('a','a');
INSERT INTO concord_keys VALUES('ge','eg');
INSERT INTO concord_keys VALUES('one','eno');
INSERT INTO concord_keys VALUES('orlog','golro');
INSERT INTO concord_keys VALUES('nog','gon');
INSERT INTO concord_keys VALUES('gi','ig');
INSERT INTO concord_keys VALUES('selenski','iksneles');
INSERT INTO concord_keys VALUES('bk','kb');
INSERT INTO concord_keys VALUES('en','ne');
INSERT INTO concord_keys VALUES('putin','nitup');
INSERT INTO concord_keys VALUES('lukashenko','oknehsakul');
INSERT INTO concord_keys VALUES('var','rav');
INSERT INTO concord_keys VALUES('dat','tad');
INSERT INTO concord_keys VALUES('tgat','tagt');
INSERT INTO concord_keys VALUES('kiv','vik');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','concord_fts','concord_fts',0,'CREATE VIRTUAL TABLE concord_fts USING fts5(text, name, content='''', columnsize=0,  tokenize=''unicode61 remove_diacritics 2'', prefix=''3'')');
CREATE TABLE IF NOT EXISTS 'concord_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO concord_fts_data VALUES(1,X'154d18');
INSERT INTO concord_fts_data VALUES(10,X'000000010104040004010101020101030101040101');
INSERT INTO concord_fts_data VALUES(137438953473,X'00000384043061616e0b020402067272697665640d0203010362626302020605020602016b0206010103050601010301036461740508020101020201650202050206726569676465030203010465617374060205010267650806010102060601010202016903060101020906010102030673746572656e050205010268650802020202050402020301740102040202696a0302020202040702020102696e0102030502030502050202040201730a020301046b6570740902030308726e776170656e73030205020269760b060101030206010103020377616d0b020302037969760b0206020205010b6c6f656b61736a656e6b6f0202020209756b617368656e6b6f020601010205080201010201036d657402020401020401076e75636c65617208020401066f6f726c6f6701020203047374656e0102050204726c6f6701060101020106706f6574696e04020202047574696e04060101020508020101020104736169640a02060207656c656e736b690b0601010202060101020205696c656e740902040204706f6b65070203070203030372616b0202030a02030104746761740a0601010202036861740a0202030165060204010205030872656174656e656408020302016f07020401037661720606010102010377617206020202066561706f6e7308020502036861740a020401097965737465726461790a020701037a656905020303066c656e736b790b020202020202047765656704020300043161616e0b0204020272720d020301036262630202060502060103646174050802010102020272650302030103656173060205010367697305020501036865740102040202696a03020202020407020201036b6570090203030172030205020269760b060101030206010103020277610b0203020279690b020602020501036c6f650202020202756b020601010205080201010201036d657402020401020401036e756308020401036f6f720102020301730102050202726c01060101020103706f6504020202027574040601010205080201010201037361690a02060202656c0b0601010202060101020202696c0902040202706f0702030702030301720202030a020301037467610a06010102020268610a020203016506020401020503017208020301037661720606010102010377617206020202026561080205020268610a020401037965730a020701037a656905020303016c0b02020202020202776504020304080b0b0d0b060b090e0d0b0d060d1006090d0e080b10160b0c0b090b0b1109130a0c0b0b08090d060a080b080e080e0909070b0b070808080d08060e070a080f0b08080609080f080e070a090a0709060a080707080809');
INSERT INTO concord_fts_data VALUES(274877906945,X'000000cc023061100a0205010102010365656e0f0402050202030404686569640f020302016e0f06010102010466726f6d1002040108676568657567656e0f020601066d656d6f727910020602036f726512020301036e6f6711080201010201036f6e6512080201010201037569740f020402036e697410020300043165656e0f06020304020203010366726f10020401036765680f020601036d656d10020602026f7212020301036e6f6711080201010201036f6e6512080201010201037569740f020402026e69100203040a0c0908090d0b080b0b08080e080808070b0b08');
INSERT INTO concord_fts_data VALUES(412316860417,X'000000cc023061140a0205010102010365656e1304020502020304046865696413020302016e1306010102010466726f6d1402040108676568657567656e13020601066d656d6f727914020602036f726516020301036e6f6715080201010201036f6e65160802010102010375697413020402036e697414020300043165656e1306020304020203010366726f140204010367656813020601036d656d14020602026f7216020301036e6f6715080201010201036f6e65160802010102010375697413020402026e69140203040a0c0908090d0b080b0b08080e080808070b0b08');
INSERT INTO concord_fts_data VALUES(549755813889,X'00000067043061616e0b010102696e0b0101036b69760b01020377616d0b0102037969760b01010873656c656e736b690b0101087a656c656e736b790b0100043161616e0b0101036b69760b01020277610b01020279690b01010373656c0b0101037a656c0b010407060707070c0c0807060607');
CREATE TABLE IF NOT EXISTS 'concord_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO concord_fts_idx VALUES(1,X'',2);
INSERT INTO concord_fts_idx VALUES(2,X'',2);
INSERT INTO concord_fts_idx VALUES(3,X'',2);
INSERT INTO concord_fts_idx VALUES(4,X'',2);
CREATE TABLE IF NOT EXISTS 'concord_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO concord_fts_config VALUES('hashsize',134217728);
INSERT INTO concord_fts_config VALUES('version',4);
CREATE INDEX documents_pair ON documents(pair_id);
CREATE INDEX concord_keys_rkey ON concord_keys(rkey);
CREATE TRIGGER concord_seg_delete AFTER DELETE ON segments BEGIN  INSERT INTO concord_fts(concord_fts, rowid, text, name)    SELECT 'delete', old.id, old.text, keys FROM concord_names WHERE id = old.id;  DELETE FROM concord_names WHERE id = old.id;  DELETE FROM concord_pending WHERE id = old.id;END;
CREATE TRIGGER concord_seg_update AFTER UPDATE OF id, text ON segments BEGIN  INSERT INTO concord_fts(concord_fts, rowid, text, name)    SELECT 'delete', old.id, old.text, keys FROM concord_names WHERE id = old.id;  DELETE FROM concord_names WHERE id = old.id;  DELETE FROM concord_pending WHERE id = old.id;  INSERT OR IGNORE INTO concord_pending(id) VALUES (new.id);END;
CREATE INDEX links_src ON links(pair_id, src_first);
CREATE INDEX links_tgt ON links(pair_id, tgt_first);
CREATE TRIGGER concord_seg_insert AFTER INSERT ON segments BEGIN  INSERT OR IGNORE INTO concord_pending(id) VALUES (new.id);END;
PRAGMA writable_schema=OFF;
COMMIT;
