/* corrections.c: edits, splits and joins of a document's segments
 * (bt_corpus_correct(), bitext.h; store.h, "corrections").
 *
 * A correction changes rows in place rather than re-segmenting: the
 * segment keeps its id (the concordance re-reads it through its feed
 * trigger), later segments move by one ordinal, and the pair's links are
 * moved by UPDATEs on their counts and firsts, so that whatever else a
 * link row holds stays. A split or a join leaves the document's text as it
 * was (the white space between the two parts moves between the segment
 * text and the document's gaps); an edit changes it and moves the offsets
 * after it. All of it is recorded by the history's session
 * (bt_store_history_watch()), the corrections row too, so undo puts every
 * row back exactly. */
#include "error.h"
#include "store_int.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {NULL, "edit", "split", "join"};

const char *bt_correct_op_name(int op)
{
	return op >= BT_CORRECT_EDIT && op <= BT_CORRECT_JOIN ? op_names[op] : NULL;
}

int bt_correct_op_parse(const char *name)
{
	for (int op = BT_CORRECT_EDIT; name && op <= BT_CORRECT_JOIN; op++)
		if (strcmp(name, op_names[op]) == 0)
			return op;
	return 0;
}

/* One correction as apply_one() makes it. */
typedef struct corr {
	int op, side;
	long long ordinal, at;
	const char *text; /* EDIT: the new text, checked and normalized */
	size_t text_len;
} corr;

/* A segment row. */
typedef struct seg_row {
	long long id, start, end, para;
	char kind[16];
	bt_buf text;
} seg_row;

/* The document of (pair, side): its id, text length and gaps. */
typedef struct doc_row {
	long long id, text_bytes, copy_len;
	bt_buf gaps;
} doc_row;

static int read_doc(bt_corpus *c, const char *pair, int side, doc_row *d)
{
	sqlite3_stmt *st;
	int rc, r, exists = 0;
	if ((rc = bt_st_take(c,
			     "SELECT id, text_bytes, length(CAST(text AS BLOB)), gaps FROM documents"
			     " WHERE pair_id = ? AND side = ?",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		d->id = sqlite3_column_int64(st, 0);
		d->text_bytes = sqlite3_column_int64(st, 1);
		d->copy_len = sqlite3_column_int64(st, 2);
		rc = bt_buf_put(&d->gaps, sqlite3_column_blob(st, 3) ? sqlite3_column_blob(st, 3) : "",
				(size_t)sqlite3_column_bytes(st, 3));
	} else if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read documents");
	}
	bt_st_give(c, st);
	if (rc || r == SQLITE_ROW)
		return rc;
	if ((rc = bt_store_pair_exists(c, pair, &exists)) != 0)
		return rc;
	if (!exists)
		return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no pair '%s' in the corpus", pair);
	return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "pair '%s' has no %s document", pair, bt_st_side(side));
}

/* Segment `ordinal` of document `doc`; *found 0 when there is none. */
static int read_seg(bt_corpus *c, long long doc, long long ordinal, seg_row *s, int *found)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c, "SELECT id, start, end, para, kind, text FROM segments WHERE doc_id = ? AND ordinal = ?",
			     &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_int64(st, 2, ordinal);
	*found = 0;
	bt_buf_clear(&s->text);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		s->id = sqlite3_column_int64(st, 0);
		s->start = sqlite3_column_int64(st, 1);
		s->end = sqlite3_column_int64(st, 2);
		s->para = sqlite3_column_int64(st, 3);
		snprintf(s->kind, sizeof s->kind, "%s", (const char *)sqlite3_column_text(st, 4));
		rc = bt_buf_put(&s->text, (const char *)sqlite3_column_text(st, 5), (size_t)sqlite3_column_bytes(st, 5));
	} else if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read segments");
	}
	bt_st_give(c, st);
	return rc;
}

/* One integer from a query with up to three integer parameters after a
 * text one (the pair or nothing). */
static int query_int(bt_corpus *c, const char *sql, const char *text, long long a, long long b, long long *out)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int64(st, 3, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read corrections");
	bt_st_give(c, st);
	return rc;
}

/* Runs a statement with (text, int, int, int) parameters. */
static int run4(bt_corpus *c, const char *sql, const char *text, long long a, long long b, long long d, const char *what)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int64(st, 3, b);
	sqlite3_bind_int64(st, 4, d);
	return bt_st_run(c, st, what);
}

/* Segments after `ordinal` move by `by` (+1, -1). Two steps, through
 * negative ordinals, as UNIQUE (doc_id, ordinal) holds after each row. */
static int shift_ordinals(bt_corpus *c, long long doc, long long ordinal, long long by)
{
	int rc = run4(c, "UPDATE segments SET ordinal = -1 - ordinal WHERE doc_id = ?2 AND ordinal > ?3", NULL, doc,
		      ordinal, 0, "move segments");
	return rc ? rc
		  : run4(c, "UPDATE segments SET ordinal = -1 - ordinal + ?4 WHERE doc_id = ?2 AND ordinal < 0", NULL, doc,
			 0, by, "move segments");
}

/* The pair's links and the corrections after `ordinal` on `side` move by
 * `by`; the link that holds segment `ordinal` (and, joining, the next)
 * gets `by` more sentences. A link without a sentence on the side stands
 * at its `first`: past `ordinal` it moves with the sentences. */
static int shift_links(bt_corpus *c, const char *pair, int side, long long ordinal, long long by)
{
	static const char *const sql[2][3] = {
		{"UPDATE links SET src_n = src_n + ?4 WHERE pair_id = ?1 AND src_n > 0 AND src_first <= ?2 AND src_first + src_n > ?3",
		 "UPDATE links SET src_first = src_first + ?4 WHERE pair_id = ?1 AND src_first > ?2",
		 "UPDATE corrections SET ordinal = max(?2, ordinal + ?4) WHERE pair_id = ?1 AND side = 'src' AND ordinal > ?2"
		 " AND applied"},
		{"UPDATE links SET tgt_n = tgt_n + ?4 WHERE pair_id = ?1 AND tgt_n > 0 AND tgt_first <= ?2 AND tgt_first + tgt_n > ?3",
		 "UPDATE links SET tgt_first = tgt_first + ?4 WHERE pair_id = ?1 AND tgt_first > ?2",
		 "UPDATE corrections SET ordinal = max(?2, ordinal + ?4) WHERE pair_id = ?1 AND side = 'tgt' AND ordinal > ?2"
		 " AND applied"},
	};
	long long last = by > 0 ? ordinal : ordinal + 1; /* the holder holds both of a join */
	int rc = 0;
	for (int i = 0; i < 3 && !rc; i++)
		rc = run4(c, sql[side][i], pair, ordinal, last, by, "move links");
	return rc;
}

/* The document's paragraphs again from its segments (as ingestion makes them). */
static int remake_paragraphs(bt_corpus *c, long long doc)
{
	int rc = run4(c, "DELETE FROM paragraphs WHERE doc_id = ?2", NULL, doc, 0, 0, "write paragraphs");
	return rc ? rc
		  : run4(c,
			 "INSERT INTO paragraphs(doc_id, ordinal, start, end) SELECT doc_id, para, min(start), max(end)"
			 " FROM segments WHERE doc_id = ?2 GROUP BY para",
			 NULL, doc, 0, 0, "write paragraphs");
}

static int write_gaps(bt_corpus *c, long long doc, const bt_buf *gaps)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "UPDATE documents SET gaps = ? WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, gaps->ptr ? gaps->ptr : "", (int)gaps->len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, doc);
	return bt_st_run(c, st, "write document");
}

/* A segment's text and end. */
static int set_seg(bt_corpus *c, long long id, const char *text, size_t len, long long end)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "UPDATE segments SET text = ?, end = ? WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, end);
	sqlite3_bind_int64(st, 3, id);
	return bt_st_run(c, st, "write segment");
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Where the gap after segment s (ordinal `ordinal`) starts in the
 * document's gaps: its text before it less the segments' bytes before it. */
static int gap_at(bt_corpus *c, long long doc, long long ordinal, const seg_row *s, size_t *off)
{
	long long segbytes = 0;
	int rc = query_int(c, "SELECT ifnull(sum(end - start), 0) FROM segments WHERE doc_id = ?2 AND ordinal < ?3", NULL,
			   doc, ordinal, &segbytes);
	*off = (size_t)(s->start - segbytes);
	return rc;
}

/* A split or join only where the document's text is kept as segments and
 * gaps, and no TMX originals would go stale. */
static int refuse_resegment(bt_corpus *c, const char *pair, const corr *k, const doc_row *d, const seg_row *s)
{
	long long tmx = 0;
	int rc = query_int(c,
			   "SELECT count(*) FROM tmx_segments t JOIN segments s ON s.id = t.segment WHERE s.doc_id = ?2",
			   NULL, d->id, 0, &tmx);
	if (rc)
		return rc;
	if (tmx || s->end > d->text_bytes)
		return bt_fail(BT_EINPUT, NULL, -1, -1,
			       "%s (%s) was imported from a TMX: a %s would drop the unit or its TMX data the segments"
			       " keep; edit the text instead",
			       pair, bt_st_side(k->side), bt_correct_op_name(k->op));
	return 0;
}

static int do_edit(bt_corpus *c, const corr *k, const doc_row *d, const seg_row *s)
{
	long long delta = (long long)k->text_len - (long long)s->text.len;
	int rc = set_seg(c, s->id, k->text, k->text_len, s->end + delta);
	if (rc || !delta)
		return rc;
	if ((rc = run4(c, "UPDATE segments SET start = start + ?4, end = end + ?4 WHERE doc_id = ?2 AND ordinal > ?3", NULL,
		       d->id, k->ordinal, delta, "move segments")) != 0)
		return rc;
	/* a TMX unit appended past the document's text is no part of it */
	if (s->end <= d->text_bytes)
		rc = run4(c, "UPDATE documents SET text_bytes = text_bytes + ?4 WHERE id = ?2", NULL, d->id, 0, delta,
			  "write document");
	return rc;
}

static int do_split(bt_corpus *c, const char *pair, const corr *k, doc_row *d, const seg_row *s)
{
	const char *t = s->text.ptr;
	size_t len = s->text.len, at = (size_t)k->at, le = at, rs = at, go;
	bt_buf gaps = BT_BUF_INIT;
	sqlite3_stmt *st;
	int rc;
	if (k->at <= 0 || at >= len)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "segment %lld has %zu bytes: a split at byte %lld leaves a part empty",
			       k->ordinal, len, k->at);
	if (((unsigned char)t[at] & 0xC0) == 0x80)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "byte %zu of segment %lld is inside a UTF-8 character", at,
			       k->ordinal);
	while (le > 0 && is_space(t[le - 1]))
		le--;
	while (rs < len && is_space(t[rs]))
		rs++;
	if (le == 0 || rs == len)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "a split of segment %lld at byte %zu leaves a part with only white space",
			       k->ordinal, at);
	/* the white space at the split goes between the parts: the text stays */
	if ((rc = gap_at(c, d->id, k->ordinal, s, &go)) != 0)
		return rc;
	if (go > d->gaps.len)
		return bt_fail(BT_EDB, bt_store_path(c), -1, -1, "the text of document %lld cannot be rebuilt from its segments",
			       d->id);
	if ((rc = bt_buf_put(&gaps, d->gaps.ptr, go)) != 0 || (rc = bt_buf_put(&gaps, t + le, rs - le)) != 0 ||
	    (rc = bt_buf_put(&gaps, d->gaps.ptr + go, d->gaps.len - go)) != 0)
		goto done;
	if ((rc = shift_ordinals(c, d->id, k->ordinal, 1)) != 0 || (rc = write_gaps(c, d->id, &gaps)) != 0 ||
	    (rc = bt_st_take(c, BT_SQL_INSERT_SEGMENT, &st)) != 0)
		goto done;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, k->ordinal + 1);
	sqlite3_bind_int64(st, 3, s->para);
	sqlite3_bind_int64(st, 4, s->start + (long long)rs);
	sqlite3_bind_int64(st, 5, s->end);
	sqlite3_bind_text(st, 6, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, t + rs, (int)(len - rs), SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "write segment")) != 0 ||
	    (rc = set_seg(c, s->id, t, le, s->start + (long long)le)) != 0)
		goto done;
	rc = shift_links(c, pair, k->side, k->ordinal, 1);
done:
	bt_buf_dispose(&gaps);
	return rc;
}

static int do_join(bt_corpus *c, const char *pair, const corr *k, doc_row *d, const seg_row *s, const seg_row *n)
{
	bt_buf gaps = BT_BUF_INIT, text = BT_BUF_INIT;
	long long touching = 0;
	size_t go, glen;
	int rc;
	static const char *const touch[2] = {
		"SELECT count(*) FROM links WHERE pair_id = ?1 AND src_n > 0 AND src_first <= ?2 + 1 AND src_first + src_n > ?2",
		"SELECT count(*) FROM links WHERE pair_id = ?1 AND tgt_n > 0 AND tgt_first <= ?2 + 1 AND tgt_first + tgt_n > ?2"};
	if (n->end > d->text_bytes) {
		rc = refuse_resegment(c, pair, k, d, n);
		goto done;
	}
	if ((rc = query_int(c, touch[k->side], pair, k->ordinal, 0, &touching)) != 0)
		goto done;
	if (touching > 1) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1,
			     "segments %lld and %lld (%s) are in different links: merge the links first, then join them",
			     k->ordinal, k->ordinal + 1, bt_st_side(k->side));
		goto done;
	}
	if (n->para != s->para) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "segments %lld and %lld are in different paragraphs: not joined",
			     k->ordinal, k->ordinal + 1);
		goto done;
	}
	if ((rc = gap_at(c, d->id, k->ordinal + 1, n, &go)) != 0)
		goto done;
	glen = (size_t)(n->start - s->end);
	if (n->start < s->end || glen > go || go > d->gaps.len) {
		rc = bt_fail(BT_EDB, bt_store_path(c), -1, -1,
			     "the text of document %lld cannot be rebuilt from its segments", d->id);
		goto done;
	}
	go -= glen; /* gap_at gives where the gap before n ends */
	if (memchr(d->gaps.ptr + go, '\n', glen) || memchr(d->gaps.ptr + go, '\r', glen)) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "a line break lies between segments %lld and %lld: not joined",
			     k->ordinal, k->ordinal + 1);
		goto done;
	}
	/* what lay between them goes into the joined segment */
	if ((rc = bt_buf_put(&text, s->text.ptr, s->text.len)) != 0 || (rc = bt_buf_put(&text, d->gaps.ptr + go, glen)) != 0 ||
	    (rc = bt_buf_put(&text, n->text.ptr, n->text.len)) != 0 || (rc = bt_buf_put(&gaps, d->gaps.ptr, go)) != 0 ||
	    (rc = bt_buf_put(&gaps, d->gaps.ptr + go + glen, d->gaps.len - go - glen)) != 0)
		goto done;
	if ((rc = run4(c, "DELETE FROM segments WHERE id = ?2", NULL, n->id, 0, 0, "write segment")) != 0 ||
	    (rc = set_seg(c, s->id, text.ptr, text.len, n->end)) != 0 ||
	    (rc = shift_ordinals(c, d->id, k->ordinal + 1, -1)) != 0 || (rc = write_gaps(c, d->id, &gaps)) != 0)
		goto done;
	rc = shift_links(c, pair, k->side, k->ordinal, -1);
done:
	bt_buf_dispose(&gaps);
	bt_buf_dispose(&text);
	return rc;
}

/* The corrections row of what apply_one() just made. */
static int insert_row(bt_corpus *c, const char *pair, const corr *k, const seg_row *s, const bt_buf *next_before,
		      long long *id)
{
	static const char *const sql =
		"INSERT INTO corrections(pair_id, side, op, ordinal, at, before, before_next, after, after_next)"
		" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, a.text, b.text FROM documents d JOIN segments a ON a.doc_id = d.id"
		" AND a.ordinal = ?4 LEFT JOIN segments b ON b.doc_id = d.id AND b.ordinal = ?4 + 1 AND ?3 = 'split'"
		" WHERE d.pair_id = ?1 AND d.side = ?2";
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(k->side), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, bt_correct_op_name(k->op), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, k->ordinal);
	if (k->op == BT_CORRECT_SPLIT)
		sqlite3_bind_int64(st, 5, k->at);
	sqlite3_bind_text(st, 6, s->text.ptr, (int)s->text.len, SQLITE_STATIC);
	if (k->op == BT_CORRECT_JOIN)
		sqlite3_bind_text(st, 7, next_before->ptr, (int)next_before->len, SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "write corrections")) == 0 && id)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

/* One correction, inside the caller's transaction; `seen`: the stale
 * check; `id` non-NULL: a new corrections row (a re-add makes again one
 * that has its row). */
static int apply_one(bt_corpus *c, const char *pair, const corr *k, const char *seen, long long *id)
{
	doc_row d = {0, 0, 0, BT_BUF_INIT};
	seg_row s = {0}, n = {0};
	long long total = 0, tmx_kept = 0;
	int rc, found = 0;
	if ((rc = read_doc(c, pair, k->side, &d)) != 0 || (rc = read_seg(c, d.id, k->ordinal, &s, &found)) != 0)
		goto done;
	if (!found) {
		if ((rc = bt_store_seg_count(c, pair, k->side, &total)) == 0)
			rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "pair '%s' has %lld %s segments: no segment %lld", pair,
				     total, bt_st_side(k->side), k->ordinal);
		goto done;
	}
	if (seen && (strlen(seen) != s.text.len || memcmp(seen, s.text.ptr, s.text.len) != 0)) {
		rc = bt_fail(BT_ECONFLICT, NULL, -1, -1, "segment %lld (%s) of pair '%s' has changed since it was read; reload",
			     k->ordinal, bt_st_side(k->side), pair);
		goto done;
	}
	if (d.copy_len) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1,
			     "the text of %s (%s) is not kept as its segments (a corpus edited outside bitext): add the"
			     " pair again before correcting it",
			     pair, bt_st_side(k->side));
		goto done;
	}
	switch (k->op) {
	case BT_CORRECT_EDIT:
		if ((rc = query_int(c, "SELECT count(*) FROM tmx_segments WHERE segment = ?2 AND seg IS NOT NULL",
				    NULL, s.id, 0, &tmx_kept)) != 0)
			break;
		if (tmx_kept) {
			rc = bt_fail(BT_EINPUT, NULL, -1, -1,
				     "segment %lld (%s) of pair '%s' came from a TMX <seg> with inline codes or white space"
				     " kept as written: an edit would lose them",
				     k->ordinal, bt_st_side(k->side), pair);
			break;
		}
		if (k->text_len == s.text.len && memcmp(k->text, s.text.ptr, s.text.len) == 0) {
			rc = bt_fail(BT_EINPUT, NULL, -1, -1, "segment %lld (%s) already has that text", k->ordinal,
				     bt_st_side(k->side));
			break;
		}
		rc = do_edit(c, k, &d, &s);
		break;
	case BT_CORRECT_SPLIT:
		if ((rc = refuse_resegment(c, pair, k, &d, &s)) == 0)
			rc = do_split(c, pair, k, &d, &s);
		break;
	case BT_CORRECT_JOIN:
		if ((rc = refuse_resegment(c, pair, k, &d, &s)) != 0 ||
		    (rc = read_seg(c, d.id, k->ordinal + 1, &n, &found)) != 0)
			break;
		if (!found)
			rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "segment %lld (%s) is the last one: nothing follows to join",
				     k->ordinal, bt_st_side(k->side));
		else
			rc = do_join(c, pair, k, &d, &s, &n);
		break;
	default:
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown correction %d", k->op);
	}
	if (!rc)
		rc = remake_paragraphs(c, d.id);
	if (!rc && id)
		rc = insert_row(c, pair, k, &s, &n.text, id);
done:
	bt_buf_dispose(&d.gaps);
	bt_buf_dispose(&s.text);
	bt_buf_dispose(&n.text);
	return rc;
}

/* An edit's text as the corpus keeps text, into out: refused with its
 * byte offset where it is not what a segment can hold. */
static int edit_text(bt_buf *out, const char *text)
{
	static const bt_decode_opts utf8 = {.version = BT_DECODE_OPTS_VERSION, .encoding = "UTF-8", .name = "the text"};
	size_t len = text ? strlen(text) : 0, bad;
	if (!len)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "an edit needs a text that is not empty (to remove a segment, join it)");
	if ((bad = bt_utf8_check(text, len)) < len)
		return bt_fail(BT_EINPUT, NULL, -1, (long long)bad, "the text has invalid UTF-8 at byte %zu", bad);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n' || ch == '\r')
			return bt_fail(BT_EINPUT, NULL, -1, (long long)i,
				       "the text has a line break at byte %zu: a segment is one line (split it instead)", i);
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return bt_fail(BT_EINPUT, NULL, -1, (long long)i, "the text has control character 0x%02x at byte %zu", ch, i);
	}
	if (is_space(text[0]) || is_space(text[len - 1]))
		return bt_fail(BT_EINPUT, NULL, -1, (long long)(is_space(text[0]) ? 0 : len - 1),
			       "the text has white space at an end: that lies between segments, not in them");
	return bt_decode(out, NULL, text, len, &utf8); /* NFC, as ingestion */
}

int bt_corpus_correct(long long *id, bt_corpus *c, const char *pair_id, const bt_correction *k)
{
	BT_OPTS_CHECK(k, BT_CORRECTION_VERSION, "bt_corpus_correct");
	bt_store_hist h = BT_STORE_HIST_INIT;
	bt_buf text = BT_BUF_INIT;
	char what[32];
	long long dummy;
	corr x;
	int rc;
	if (!pair_id || !k)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "a correction needs a pair and a correction");
	if (!bt_correct_op_name(k->op))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown correction %d (edit, split or join)", k->op);
	if (k->side != 0 && k->side != 1)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "side must be 0 (source) or 1 (target)");
	if (k->ordinal > (size_t)1 << 40 || k->at > (size_t)1 << 40)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "segment %zu or byte %zu is out of range", k->ordinal, k->at);
	x = (corr){k->op, k->side, (long long)k->ordinal, (long long)k->at, NULL, 0};
	if (k->op == BT_CORRECT_EDIT) {
		if ((rc = edit_text(&text, k->text)) != 0)
			goto out;
		x.text = text.ptr, x.text_len = text.len;
	}
	if ((rc = bt_store_begin(c)) != 0)
		goto out;
	snprintf(what, sizeof what, "correct %s", bt_correct_op_name(k->op));
	if ((rc = bt_store_history_snap(c, pair_id, &h)) != 0 || (rc = bt_store_history_watch(c, &h)) != 0 ||
	    (rc = apply_one(c, pair_id, &x, k->seen, id ? id : &dummy)) != 0 ||
	    (rc = bt_store_history_record(c, &h, what)) != 0) {
		bt_store_rollback(c);
		goto out;
	}
	rc = bt_store_commit(c);
out:
	bt_store_hist_dispose(&h);
	bt_buf_dispose(&text);
	return rc;
}

/* ---- listing ---- */

#define CORR_COLS                                                                                                     \
	"SELECT id, pair_id, side, op, ordinal, ifnull(at, -1), before, before_next, after, after_next, made, applied" \
	" FROM corrections"

static void entry_from(sqlite3_stmt *st, bt_correction_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	e->pair = (const char *)sqlite3_column_text(st, 1);
	e->side = strcmp((const char *)sqlite3_column_text(st, 2), "tgt") == 0;
	e->op = bt_correct_op_parse((const char *)sqlite3_column_text(st, 3));
	e->ordinal = sqlite3_column_int64(st, 4);
	e->at = sqlite3_column_int64(st, 5);
	e->before = (const char *)sqlite3_column_text(st, 6);
	e->before_next = (const char *)sqlite3_column_text(st, 7);
	e->after = (const char *)sqlite3_column_text(st, 8);
	e->after_next = (const char *)sqlite3_column_text(st, 9);
	e->made = (const char *)sqlite3_column_text(st, 10);
	e->applied = sqlite3_column_int(st, 11) != 0;
}

int bt_corpus_corrections(bt_corpus *c, const char *pair, bt_correction_fn fn, void *ud)
{
	sqlite3_stmt *st;
	bt_correction_entry e;
	size_t n = 0;
	int rc, r, exists = 1;
	if ((rc = bt_st_take(c, CORR_COLS " WHERE ?1 IS NULL OR pair_id = ?1 ORDER BY id", &st)) != 0)
		return rc;
	if (pair)
		sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		entry_from(st, &e);
		n++;
		if ((rc = fn(ud, &e)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = bt_store_fail(c, "read corrections");
	bt_st_give(c, st);
	if (!rc && pair && !n && (rc = bt_store_pair_exists(c, pair, &exists)) == 0 && !exists)
		rc = bt_fail(BT_ENOTFOUND, bt_store_path(c), -1, -1, "no pair '%s' in this corpus", pair);
	return rc;
}

int bt_store_corrected_each(bt_corpus *c, const char *pair, int side, bt_store_corrected_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	/* only where the segment still has the corrected text: a TMX import
	 * that replaced the pair does not make its corrections again. The
	 * two parts of a split each by its own text, so that a later edit of
	 * one leaves the other marked */
	if ((rc = bt_st_take(c,
			     "SELECT k.ordinal, ifnull(s.text = k.after, 0), k.op = 'split' AND EXISTS (SELECT 1 FROM"
			     " segments s2 WHERE s2.doc_id = d.id AND s2.ordinal = k.ordinal + 1 AND s2.text ="
			     " k.after_next) FROM corrections k JOIN documents d ON d.pair_id = k.pair_id AND"
			     " d.side = k.side LEFT JOIN segments s ON s.doc_id = d.id AND s.ordinal = k.ordinal"
			     " WHERE k.pair_id = ?1 AND k.side = ?2 AND k.applied ORDER BY k.ordinal, k.id",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		long long ord = sqlite3_column_int64(st, 0);
		if ((sqlite3_column_int(st, 1) && (rc = fn(ud, ord)) != 0) ||
		    (sqlite3_column_int(st, 2) && (rc = fn(ud, ord + 1)) != 0))
			break;
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = bt_store_fail(c, "read corrections");
	bt_st_give(c, st);
	return rc;
}

/* ---- made again after a re-add ---- */

typedef struct kept {
	long long id, ordinal, at;
	int side, op;
	char *before, *before_next, *after;
} kept;

typedef struct kept_list {
	kept *v;
	size_t n, cap;
} kept_list;

static char *dup_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? bt_strdup(s) : NULL;
}

/* Segment whose text is `before` (and, for a join, whose next one's is
 * `before_next`) nearest `ordinal`; *found 0 when there is none. */
static int find_again(bt_corpus *c, const char *pair, const kept *k, long long *ordinal, int *found)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT s.ordinal FROM segments s JOIN documents d ON d.id = s.doc_id"
			    " WHERE d.pair_id = ?1 AND d.side = ?2 AND s.text = ?3 AND (?4 IS NULL OR EXISTS (SELECT 1"
			    " FROM segments t WHERE t.doc_id = s.doc_id AND t.ordinal = s.ordinal + 1 AND t.text = ?4))"
			    " ORDER BY abs(s.ordinal - ?5), s.ordinal LIMIT 1",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(k->side), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, k->before, -1, SQLITE_STATIC);
	if (k->op == BT_CORRECT_JOIN)
		sqlite3_bind_text(st, 4, k->before_next ? k->before_next : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, k->ordinal);
	*found = 0;
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*found = 1;
		*ordinal = sqlite3_column_int64(st, 0);
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = bt_store_fail(c, "read segments");
	}
	bt_st_give(c, st);
	return rc;
}

static int read_kept(bt_corpus *c, const char *pair, kept_list *l)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c, CORR_COLS " WHERE pair_id = ? ORDER BY id", &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		kept *k;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 16;
			kept *v = bt_realloc(l->v, cap * sizeof *v);
			if (!v) {
				rc = bt_fail_nomem();
				break;
			}
			l->v = v, l->cap = cap;
		}
		k = &l->v[l->n++];
		memset(k, 0, sizeof *k);
		k->id = sqlite3_column_int64(st, 0);
		k->side = strcmp((const char *)sqlite3_column_text(st, 2), "tgt") == 0;
		k->op = bt_correct_op_parse((const char *)sqlite3_column_text(st, 3));
		k->ordinal = sqlite3_column_int64(st, 4);
		k->at = sqlite3_column_int64(st, 5);
		k->before = dup_col(st, 6);
		k->before_next = dup_col(st, 7);
		k->after = dup_col(st, 8);
		if (!k->before || !k->after || (k->op == BT_CORRECT_JOIN && !k->before_next)) {
			rc = bt_fail_nomem();
			break;
		}
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read corrections");
	bt_st_give(c, st);
	return rc;
}

int bt_store_corrections_unapply(bt_corpus *c, const char *pair, size_t *n)
{
	int rc = run4(c, "UPDATE corrections SET applied = 0 WHERE pair_id = ?1 AND applied", pair, 0, 0, 0,
		      "write corrections");
	*n = rc ? 0 : (size_t)sqlite3_changes(c->db);
	return rc;
}

int bt_store_corrections_reapply(bt_corpus *c, const char *pair, size_t *n_kept, size_t *n_lost)
{
	kept_list l = {NULL, 0, 0};
	int rc;
	*n_kept = *n_lost = 0;
	if ((rc = read_kept(c, pair, &l)) != 0)
		goto done;
	for (size_t i = 0; i < l.n && !rc; i++) {
		const kept *k = &l.v[i];
		corr x = {k->op, k->side, 0, k->at, k->after, strlen(k->after)};
		int found = 0, applied = 0;
		if ((rc = find_again(c, pair, k, &x.ordinal, &found)) != 0)
			break;
		if (found) {
			/* one that cannot be made here (a join across what are now
			 * two paragraphs) counts as no longer applying */
			rc = apply_one(c, pair, &x, NULL, NULL);
			applied = !rc;
			if (rc == BT_EINPUT || rc == BT_EUSAGE || rc == BT_ENOTFOUND)
				rc = 0;
		}
		if (!rc)
			rc = run4(c, "UPDATE corrections SET ordinal = CASE WHEN ?3 THEN ?4 ELSE ordinal END, applied = ?3"
				     " WHERE id = ?2",
				  NULL, k->id, applied, x.ordinal, "write corrections");
		if (applied)
			(*n_kept)++;
		else
			(*n_lost)++;
	}
done:
	for (size_t i = 0; i < l.n; i++) {
		bt_free(l.v[i].before);
		bt_free(l.v[i].before_next);
		bt_free(l.v[i].after);
	}
	bt_free(l.v);
	return rc;
}
