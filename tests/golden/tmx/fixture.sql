-- fixture.sql: a small fixed corpus for the TMX golden tests, written into a
-- corpus made by `bitext init` (nl -> en). It holds what trips exporters up:
-- markup characters, quotes, line breaks and tabs inside a sentence, control
-- characters, U+FFFF, a byte that is not UTF-8, a pair id that needs escaping
-- in an attribute, n-m links, 1-0 and 0-1 links, a side that is empty once
-- cleaned, crossing links (out of order), undated pairs and scores of every
-- kind. The export reads only segments and links, so documents' text and the
-- segments' offsets are placeholders.
INSERT INTO pairs(id, date, added) VALUES
  ('a-001', '2023-02', '2024-01-01T00:00:00Z'),
  ('b&"<x>"', NULL, '2024-01-01T00:00:00Z'),
  ('c-003', '2022-10-05', '2024-01-01T00:00:00Z');
INSERT INTO documents(id, pair_id, side, lang, path, hash, encoding, date, bytes, body, text) VALUES
  (1, 'a-001', 'src', 'nl', 'a.nl', 'x', 'UTF-8', '2023-02', 0, 0, '(fixture)'),
  (2, 'a-001', 'tgt', 'en', 'a.en', 'x', 'UTF-8', NULL, 0, 0, '(fixture)'),
  (3, 'b&"<x>"', 'src', 'nl', 'b.nl', 'x', 'UTF-8', NULL, 0, 0, '(fixture)'),
  (4, 'b&"<x>"', 'tgt', 'en', 'b.en', 'x', 'UTF-8', NULL, 0, 0, '(fixture)'),
  (5, 'c-003', 'src', 'nl', 'c.nl', 'x', 'UTF-8', '2022-10-05', 0, 0, '(fixture)'),
  (6, 'c-003', 'tgt', 'en', 'c.en', 'x', 'UTF-8', NULL, 0, 0, '(fixture)');
INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) VALUES
  (1, 0, 0, 0, 0, 'heading', 'Tom & Jerry'),
  (1, 1, 1, 0, 0, 'sentence', 'Tom & Jerry zijn naar België geëmigreerd.'),
  (1, 2, 1, 0, 0, 'sentence', 'Hij zei: „Typ <enter> als 3 < 5.”'),
  (1, 3, 1, 0, 0, 'sentence', 'Een zin met een' || char(10) || 'regelbreuk, een	tab en  twee spaties.'),
  (1, 4, 2, 0, 0, 'sentence', 'Controle' || char(1) || 'teken en' || char(65535) || ' weg.'),
  (1, 5, 2, 0, 0, 'sentence', 'Twee.'),
  (1, 6, 2, 0, 0, 'sentence', 'Zinnen.'),
  (1, 7, 3, 0, 0, 'sentence', 'Alleen Nederlands.'),
  (1, 8, 3, 0, 0, 'sentence', char(2) || char(11)),
  (2, 0, 0, 0, 0, 'heading', 'Tom & Jerry'),
  (2, 1, 1, 0, 0, 'sentence', 'Tom & Jerry have emigrated to Belgium.'),
  (2, 2, 1, 0, 0, 'sentence', 'He said: "Type <enter> if 3 < 5."'),
  (2, 3, 1, 0, 0, 'sentence', 'A sentence with a' || char(13) || char(10) || 'line break, a	tab and  two spaces.'),
  (2, 4, 2, 0, 0, 'sentence', 'Control character and' || char(65534) || ' U+FFFE removed.'),
  (2, 5, 2, 0, 0, 'sentence', 'Two sentences.'),
  (2, 6, 3, 0, 0, 'sentence', 'Only English.'),
  (2, 7, 3, 0, 0, 'sentence', 'The Dutch side is empty.'),
  (3, 0, 0, 0, 0, 'sentence', 'Het café heeft ''s avonds "speciale" ideeën: ]]> & meer.'),
  (3, 1, 0, 0, 0, 'sentence', 'Fout byte: ' || CAST(X'FF' AS TEXT) || ' hier.'),
  (4, 0, 0, 0, 0, 'sentence', 'The café has "special" ideas in the evening: ]]> & more.'),
  (4, 1, 0, 0, 0, 'sentence', 'Bad byte: here.'),
  (5, 0, 0, 0, 0, 'sentence', 'Eerste zin.'),
  (5, 1, 0, 0, 0, 'sentence', 'Tweede zin, lang en ingewikkeld.'),
  (6, 0, 0, 0, 0, 'sentence', 'First sentence.'),
  (6, 1, 0, 0, 0, 'sentence', 'Second sentence,'),
  (6, 2, 0, 0, 0, 'sentence', 'long and complicated.');
-- c-003 links cross: link 0 takes the second sentences, link 1 the first.
INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual) VALUES
  ('a-001', 0, 0, 1, 0, 1, 1.0, 1),
  ('a-001', 1, 1, 1, 1, 1, 0.95, 0),
  ('a-001', 2, 2, 1, 2, 1, 0.8, 0),
  ('a-001', 3, 3, 1, 3, 1, 0.5, 0),
  ('a-001', 4, 4, 1, 4, 1, 0.333333, 0),
  ('a-001', 5, 5, 2, 5, 1, 0.7, 0),
  ('a-001', 6, 7, 1, 6, 0, 0.0, 0),
  ('a-001', 7, 8, 0, 6, 1, 0.0, 0),
  ('a-001', 8, 8, 1, 7, 1, 0.4, 0),
  ('b&"<x>"', 0, 0, 1, 0, 1, 0.9, 0),
  ('b&"<x>"', 1, 1, 1, 1, 1, 0.6, 0),
  ('c-003', 0, 1, 1, 1, 2, 0.25, 0),
  ('c-003', 1, 0, 1, 0, 1, -1.5, 0);
