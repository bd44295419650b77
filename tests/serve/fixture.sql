-- fixture.sql: after test_tmx_fixture gold (score 1, manual), links as an
-- aligner leaves them: not manual, scores spread over [0.25, 0.95] so that
-- every colour and the low-confidence order show; and the pair xss, whose
-- text holds markup that the pages must show as text.
UPDATE links SET manual = 0, score = round(0.25 + (ordinal % 8) * 0.1, 4);
INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual)
  VALUES ('xss', 0, 0, 1, 0, 1, 0.9, 0), ('xss', 1, 1, 1, 1, 1, 0.3, 0);
