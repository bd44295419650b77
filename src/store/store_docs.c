/* store_docs.c: pairs, documents and segments (store.h).
 *
 * A document's text is kept once. Its segments hold their text (what is
 * read: the aligner, the concordance, exports); the document holds its
 * length in bytes (text_bytes) and `gaps`, the bytes its segments leave
 * out, in order: the text before the first segment (a metadata line),
 * between each two (a space, a paragraph break), after the last. With the
 * segments' offsets (start, end) that rebuilds the text exactly: gap i is
 * start(i) - end(i-1) bytes long. The column `text` is '' then. It holds
 * the whole text only for a document whose segments do not tile it, which
 * ingestion never makes: one written by other SQL (a test's fixture), or
 * edited by hand before the corpus was upgraded. Segments past text_bytes
 * are units a TMX import appended to the document (--append): part of the
 * pair, not of its text. */
#include "error.h"
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pairs ---- */

int bt_store_pair_exists(bt_corpus *c, const char *id, int *exists)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "SELECT 1 FROM pairs WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : bt_store_fail(c, "read pairs");
	bt_st_give(c, st);
	return rc;
}

int bt_store_pair_date(bt_corpus *c, const char *id, bt_buf *date, int *exists)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "SELECT coalesce(date, '') FROM pairs WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	bt_buf_clear(date);
	rc = sqlite3_step(st);
	*exists = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		rc = bt_buf_puts(date, (const char *)sqlite3_column_text(st, 0));
	else
		rc = rc == SQLITE_DONE ? bt_buf_puts(date, "") : bt_store_fail(c, "read pair");
	bt_st_give(c, st);
	return rc;
}

int bt_store_pair_reviewed_set(bt_corpus *c, const char *id, int reviewed, int was)
{
	sqlite3_stmt *st;
	int rc, exists;
	/* one statement: the check of what the caller read and the change */
	if ((rc = bt_st_take(c, "UPDATE pairs SET reviewed = ?2 WHERE id = ?1 AND reviewed = ?3", &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, reviewed != 0);
	sqlite3_bind_int(st, 3, was != 0);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : bt_store_fail(c, "mark pair reviewed");
	bt_st_give(c, st);
	if (rc || sqlite3_changes(bt_store_db(c)) == 1)
		return rc;
	if ((rc = bt_store_pair_exists(c, id, &exists)) != 0)
		return rc;
	if (!exists)
		return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no pair '%s' in the corpus", id);
	return bt_fail(BT_ECONFLICT, NULL, -1, -1, "pair '%s' was marked %s since it was read; reload", id,
		       was ? "not reviewed" : "reviewed");
}

int bt_store_pair_add(bt_corpus *c, const char *id, const char *date)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "INSERT INTO pairs(id, date) VALUES (?, ?)", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (date && *date)
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	return bt_st_run(c, st, "write pair");
}

int bt_store_pair_delete(bt_corpus *c, const char *id)
{
	/* as ON DELETE CASCADE would, so that it holds with foreign keys off
	 * (a bulk write); triggers still run, so modules forget the segments */
	static const char *const sql[] = {
		"DELETE FROM tmx_units WHERE link IN (SELECT id FROM links WHERE pair_id = ?1)",
		"DELETE FROM tmx_segments WHERE segment IN (SELECT s.id FROM documents d"
		" JOIN segments s ON s.doc_id = d.id WHERE d.pair_id = ?1)",
		"DELETE FROM links WHERE pair_id = ?1",
		"DELETE FROM paragraphs WHERE doc_id IN (SELECT id FROM documents WHERE pair_id = ?1)",
		"DELETE FROM segments WHERE doc_id IN (SELECT id FROM documents WHERE pair_id = ?1)",
		"DELETE FROM documents WHERE pair_id = ?1",
		"DELETE FROM pairs WHERE id = ?1",
	};
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		sqlite3_stmt *st;
		int rc = bt_st_take(c, sql[i], &st);
		if (rc)
			return rc;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if ((rc = bt_st_run(c, st, "replace pair")) != 0)
			return rc;
	}
	return 0;
}

int bt_store_pairs_each(bt_corpus *c, const char *only, bt_store_pair_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c, only ? "SELECT id, date FROM pairs WHERE id = ?" : "SELECT id, date FROM pairs ORDER BY id",
			     &st)) != 0)
		return rc;
	if (only)
		sqlite3_bind_text(st, 1, only, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fn(ud, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1))) != 0)
			break;
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read pairs");
	bt_st_give(c, st);
	return rc;
}

int bt_store_pair_summaries(bt_corpus *c, double low, bt_store_summary_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     "SELECT p.id, p.date,"
			     " (SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id"
			     "   WHERE d.pair_id = p.id AND d.side = 'src'),"
			     " (SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id"
			     "   WHERE d.pair_id = p.id AND d.side = 'tgt'),"
			     " (SELECT count(*) FROM links l WHERE l.pair_id = p.id),"
			     " (SELECT count(*) FROM links l WHERE l.pair_id = p.id AND l.manual),"
			     " (SELECT count(*) FROM links l WHERE l.pair_id = p.id AND NOT l.manual AND l.score < ?1),"
			     " (SELECT min(score) FROM links l WHERE l.pair_id = p.id AND NOT l.manual),"
			     " p.reviewed"
			     " FROM pairs p ORDER BY p.id",
			     &st)) != 0)
		return rc;
	sqlite3_bind_double(st, 1, low);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		bt_store_pair_summary s = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
					   sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
					   sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5),
					   sqlite3_column_int64(st, 6), sqlite3_column_type(st, 7) != SQLITE_NULL,
					   sqlite3_column_double(st, 7), sqlite3_column_int(st, 8) != 0};
		if ((rc = fn(ud, &s)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read pairs");
	bt_st_give(c, st);
	return rc;
}

int bt_store_counts(bt_corpus *c, long long *pairs, long long *links, long long *manual)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT (SELECT count(*) FROM pairs), (SELECT count(*) FROM links),"
			    " (SELECT count(*) FROM links WHERE manual)",
			    &st);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*pairs = sqlite3_column_int64(st, 0);
		*links = sqlite3_column_int64(st, 1);
		*manual = sqlite3_column_int64(st, 2);
	} else {
		rc = bt_store_fail(c, "read counts");
	}
	bt_st_give(c, st);
	return rc;
}

/* ---- documents ---- */

/* Do the spans tile text[0, len) in order (each within it, none before the
 * end of the one before)? */
static int spans_tile(const bt_span *v, size_t n, size_t len)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].start < at || v[i].end < v[i].start || v[i].end > len)
			return 0;
		at = v[i].end;
	}
	return 1;
}

/* What the spans leave out of text, in order (they tile it). */
static int make_gaps(bt_buf *gaps, const char *text, size_t len, const bt_span *v, size_t n)
{
	size_t at = 0;
	int rc = 0;
	bt_buf_clear(gaps);
	for (size_t i = 0; i < n && !rc; i++) {
		rc = bt_buf_put(gaps, text + at, v[i].start - at);
		at = v[i].end;
	}
	return rc ? rc : bt_buf_put(gaps, text + at, len - at);
}

/* How document text[0, len) is kept with segments `v`: its gaps and no
 * copy, or (they do not tile it) the copy and no gaps. */
static int keep_text(bt_buf *gaps, const char **copy, size_t *copy_len, const char *text, size_t len, const bt_span *v,
		     size_t n)
{
	bt_buf_clear(gaps);
	if (spans_tile(v, n, len)) {
		*copy = "", *copy_len = 0;
		return make_gaps(gaps, text, len, v, n);
	}
	*copy = text, *copy_len = len;
	return 0;
}

/* The segments of document `doc_id` from spans over text, then its
 * paragraphs. */
static int write_segments(bt_corpus *c, long long doc_id, const char *text, const bt_span *v, size_t n)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bt_st_take(c, BT_SQL_INSERT_SEGMENT, &st)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bt_span *s = &v[i];
		sqlite3_bind_int64(st, 1, doc_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 3, s->para);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)s->start);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)s->end);
		sqlite3_bind_text(st, 6, s->kind == BT_SEG_HEADING ? "heading" : "sentence", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, text + s->start, (int)(s->end - s->start), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = bt_store_fail(c, "write segment");
			break;
		}
		sqlite3_reset(st);
	}
	bt_st_give(c, st);
	if (rc)
		return rc;
	/* Paragraphs span their segments. */
	if ((rc = bt_st_take(c,
			     "INSERT INTO paragraphs(doc_id, ordinal, start, end)"
			     " SELECT doc_id, para, min(start), max(end) FROM segments"
			     " WHERE doc_id = ? GROUP BY para",
			     &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, doc_id);
	return bt_st_run(c, st, "write paragraphs");
}

int bt_store_doc_add(bt_corpus *c, const bt_store_doc *d)
{
	sqlite3_stmt *st;
	bt_buf gaps = BT_BUF_INIT;
	const char *copy;
	size_t copy_len;
	int rc;

	if ((rc = keep_text(&gaps, &copy, &copy_len, d->text, d->len, d->spans, d->n_spans)) != 0 ||
	    (rc = bt_st_take(c, BT_SQL_INSERT_DOCUMENT, &st)) != 0)
		goto done;
	sqlite3_bind_text(st, 1, d->pair_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(d->side), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d->encoding, -1, SQLITE_STATIC);
	if (d->date && d->date[0])
		sqlite3_bind_text(st, 7, d->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)d->bytes);
	sqlite3_bind_int64(st, 9, (sqlite3_int64)d->body);
	sqlite3_bind_int64(st, 10, (sqlite3_int64)d->len);
	sqlite3_bind_blob(st, 11, gaps.ptr ? gaps.ptr : "", (int)gaps.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, copy, (int)copy_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, d->format ? d->format : "text", -1, SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "write document")) != 0)
		goto done;
	rc = write_segments(c, sqlite3_last_insert_rowid(c->db), d->text, d->spans, d->n_spans);
done:
	bt_buf_dispose(&gaps);
	return rc;
}

static int doc_column(bt_corpus *c, const char *sql, const char *pair, int side, char *hash, size_t size,
		      int *found);

int bt_store_doc_hash(bt_corpus *c, const char *pair, int side, char *hash, size_t size, int *found)
{
	return doc_column(c, "SELECT hash FROM documents WHERE pair_id = ? AND side = ?", pair, side, hash, size,
			  found);
}

int bt_store_doc_format(bt_corpus *c, const char *pair, int side, char *out, size_t size, int *found)
{
	return doc_column(c, "SELECT format FROM documents WHERE pair_id = ? AND side = ?", pair, side, out, size,
			  found);
}

/* One text column of the pair's document on `side`. */
static int doc_column(bt_corpus *c, const char *sql, const char *pair, int side, char *hash, size_t size, int *found)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	*found = 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 0);
		snprintf(hash, size, "%s", h ? h : "");
		*found = 1;
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : bt_store_fail(c, "read documents");
	}
	bt_st_give(c, st);
	return rc;
}

/* A document as kept: see the top of this file. */
typedef struct doc_kept {
	long long id, text_bytes;
	size_t body;
	bt_buf gaps, copy;
} doc_kept;

/* The rebuilt text of a document into out. */
static int rebuild(bt_corpus *c, const doc_kept *k, bt_buf *out)
{
	const char *gaps = k->gaps.ptr ? k->gaps.ptr : "";
	size_t ngaps = k->gaps.len, g = 0;
	sqlite3_stmt *st;
	long long at = 0;
	int rc, r;
	bt_buf_clear(out);
	if (k->copy.len)
		return bt_buf_put(out, k->copy.ptr, k->copy.len);
	if ((rc = bt_st_take(c, "SELECT start, end, text FROM segments WHERE doc_id = ? AND end <= ? ORDER BY ordinal",
			     &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, k->id);
	sqlite3_bind_int64(st, 2, k->text_bytes);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		long long s = sqlite3_column_int64(st, 0), e = sqlite3_column_int64(st, 1);
		const char *t = (const char *)sqlite3_column_text(st, 2);
		size_t tl = (size_t)sqlite3_column_bytes(st, 2);
		if (s < at || (long long)tl != e - s || g + (size_t)(s - at) > ngaps) {
			r = SQLITE_MISMATCH;
			break;
		}
		if ((rc = bt_buf_put(out, gaps + g, (size_t)(s - at))) != 0 || (rc = bt_buf_put(out, t ? t : "", tl)) != 0)
			break;
		g += (size_t)(s - at);
		at = e;
	}
	bt_st_give(c, st);
	if (rc)
		return rc;
	if (r != SQLITE_DONE && r != SQLITE_MISMATCH)
		return bt_store_fail(c, "read segments");
	if (r == SQLITE_MISMATCH || (size_t)(k->text_bytes - at) != ngaps - g)
		return bt_fail(BT_EDB, c->path, -1, -1,
			       "the text of document %lld cannot be rebuilt from its segments"
			       " (were they edited outside bitext?)",
			       k->id);
	return bt_buf_put(out, gaps + g, ngaps - g);
}

/* The document of (pair, side) as kept. BT_ENOTFOUND, recorded, when
 * there is none. */
static int doc_row(bt_corpus *c, const char *pair, int side, doc_kept *k)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT id, body, text_bytes, gaps, CAST(text AS BLOB) FROM documents"
			    " WHERE pair_id = ? AND side = ?",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		k->id = sqlite3_column_int64(st, 0);
		k->body = (size_t)sqlite3_column_int64(st, 1);
		k->text_bytes = sqlite3_column_int64(st, 2);
		if ((rc = bt_buf_put(&k->gaps, sqlite3_column_blob(st, 3) ? sqlite3_column_blob(st, 3) : "",
				     (size_t)sqlite3_column_bytes(st, 3))) == 0)
			rc = bt_buf_put(&k->copy, sqlite3_column_blob(st, 4) ? sqlite3_column_blob(st, 4) : "",
					(size_t)sqlite3_column_bytes(st, 4));
		break;
	case SQLITE_DONE:
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "pair '%s' has no %s document", pair, bt_st_side(side));
		break;
	default:
		rc = bt_store_fail(c, "read documents");
	}
	bt_st_give(c, st);
	return rc;
}

int bt_store_doc_text(bt_corpus *c, const char *pair, int side, bt_buf *text, size_t *body)
{
	doc_kept k = {0, 0, 0, BT_BUF_INIT, BT_BUF_INIT};
	int rc = doc_row(c, pair, side, &k);
	if (!rc)
		rc = rebuild(c, &k, text);
	if (!rc && body)
		*body = k.body;
	bt_buf_dispose(&k.gaps);
	bt_buf_dispose(&k.copy);
	return rc;
}

/* A document imported from a TMX keeps, per segment, the <seg> as written
 * (inline codes, white space) and its tuv's metadata (tmx_segments): new
 * segments would drop them without a word, so that is refused. */
static int tmx_kept_refuse(bt_corpus *c, const char *pair, int side, long long doc)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc = bt_st_take(c, "SELECT count(*) FROM tmx_segments t JOIN segments s ON s.id = t.segment WHERE s.doc_id = ?",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, doc);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read TMX segments");
	bt_st_give(c, st);
	if (!rc && n)
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1,
			     "%s (%s) was imported from a TMX: re-segmenting would drop the inline codes or TMX metadata"
			     " its %lld segments keep; export the pair first, or delete and re-import it",
			     pair, bt_st_side(side), n);
	return rc;
}

int bt_store_doc_resegment(bt_corpus *c, const char *pair, int side, const bt_span *spans, size_t n)
{
	static const char *const del[] = {"DELETE FROM segments WHERE doc_id = ?", "DELETE FROM paragraphs WHERE doc_id = ?"};
	doc_kept k = {0, 0, 0, BT_BUF_INIT, BT_BUF_INIT};
	sqlite3_stmt *st;
	bt_buf text = BT_BUF_INIT, gaps = BT_BUF_INIT;
	const char *copy;
	size_t copy_len;
	int rc;
	if ((rc = doc_row(c, pair, side, &k)) != 0 || (rc = tmx_kept_refuse(c, pair, side, k.id)) != 0 ||
	    (rc = rebuild(c, &k, &text)) != 0)
		goto done;
	if (!spans_tile(spans, n, text.len)) {
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "the new segments of %s (%s) do not follow its text in order", pair,
			     bt_st_side(side));
		goto done;
	}
	for (size_t i = 0; i < 2; i++) {
		if ((rc = bt_st_take(c, del[i], &st)) != 0)
			goto done;
		sqlite3_bind_int64(st, 1, k.id);
		if ((rc = bt_st_run(c, st, "replace segments")) != 0)
			goto done;
	}
	if ((rc = keep_text(&gaps, &copy, &copy_len, text.ptr ? text.ptr : "", text.len, spans, n)) != 0 ||
	    (rc = bt_st_take(c, "UPDATE documents SET text_bytes = ?, gaps = ?, text = ? WHERE id = ?", &st)) != 0)
		goto done;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)text.len);
	sqlite3_bind_blob(st, 2, gaps.ptr ? gaps.ptr : "", (int)gaps.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, copy, (int)copy_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, k.id);
	if ((rc = bt_st_run(c, st, "replace segments")) != 0)
		goto done;
	rc = write_segments(c, k.id, text.ptr ? text.ptr : "", spans, n);
done:
	bt_buf_dispose(&k.gaps);
	bt_buf_dispose(&k.copy);
	bt_buf_dispose(&text);
	bt_buf_dispose(&gaps);
	return rc;
}

/* The segments of document `id` that lie in its text[0, len), as spans
 * into `sp`; *tile 0 when one of them is not the text at its offsets. */
static int doc_spans(bt_corpus *c, sqlite3_stmt *segs, long long id, const char *text, size_t len, bt_spans *sp,
		     int *tile)
{
	int r;
	sp->n = 0;
	*tile = 1;
	sqlite3_bind_int64(segs, 1, id);
	while ((r = sqlite3_step(segs)) == SQLITE_ROW) {
		long long s = sqlite3_column_int64(segs, 0), e = sqlite3_column_int64(segs, 1);
		const void *t = sqlite3_column_blob(segs, 2);
		size_t tl = (size_t)sqlite3_column_bytes(segs, 2);
		if (s < 0 || e < s || (size_t)e > len)
			continue; /* a unit appended from a TMX, past the text */
		if ((size_t)(e - s) != tl || (tl && memcmp(text + s, t, tl) != 0)) {
			*tile = 0;
			break;
		}
		if (sp->n == sp->cap) {
			size_t cap = sp->cap ? sp->cap * 2 : 64;
			bt_span *v = bt_realloc(sp->v, cap * sizeof *v);
			if (!v) {
				sqlite3_reset(segs);
				return bt_fail_nomem();
			}
			sp->v = v, sp->cap = cap;
		}
		sp->v[sp->n++] = (bt_span){(size_t)s, (size_t)e, 0, 0};
	}
	sqlite3_reset(segs);
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : bt_store_fail(c, "upgrade documents");
}

/* 5 -> 6: each document's text into text_bytes and gaps, and no copy,
 * where its segments tile it (store_docs.c's top says why not always). */
int bt_store_docs_to_gaps(bt_corpus *c)
{
	sqlite3_stmt *ids = NULL, *doc = NULL, *segs = NULL, *put = NULL;
	bt_buf gaps = BT_BUF_INIT, text = BT_BUF_INIT;
	bt_spans sp = BT_SPANS_INIT;
	long long *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, r, tile;
	/* the ids first: the documents are rewritten one by one after */
	if ((rc = bt_store_prepare(c, &ids, "SELECT id FROM documents ORDER BY id")) != 0)
		goto done;
	while ((r = sqlite3_step(ids)) == SQLITE_ROW) {
		if (n == cap) {
			long long *w = bt_realloc(v, (cap = cap ? cap * 2 : 256) * sizeof *w);
			if (!w) {
				rc = bt_fail_nomem();
				goto done;
			}
			v = w;
		}
		v[n++] = sqlite3_column_int64(ids, 0);
	}
	if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "upgrade documents");
		goto done;
	}
	if ((rc = bt_store_prepare(c, &doc, "SELECT CAST(text AS BLOB) FROM documents WHERE id = ?")) != 0 ||
	    (rc = bt_store_prepare(c, &segs,
				   "SELECT start, end, CAST(text AS BLOB) FROM segments WHERE doc_id = ? ORDER BY ordinal")) != 0 ||
	    (rc = bt_store_prepare(c, &put, "UPDATE documents SET text_bytes = ?, gaps = ?, text = ? WHERE id = ?")) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		bt_buf_clear(&text);
		sqlite3_bind_int64(doc, 1, v[i]);
		if ((r = sqlite3_step(doc)) == SQLITE_ROW)
			rc = bt_buf_put(&text, sqlite3_column_blob(doc, 0) ? sqlite3_column_blob(doc, 0) : "",
					(size_t)sqlite3_column_bytes(doc, 0));
		sqlite3_reset(doc);
		if (rc || (r != SQLITE_ROW && (rc = bt_store_fail(c, "upgrade documents")) != 0) ||
		    (rc = doc_spans(c, segs, v[i], text.ptr ? text.ptr : "", text.len, &sp, &tile)) != 0)
			goto done;
		bt_buf_clear(&gaps);
		if (tile && (rc = make_gaps(&gaps, text.ptr ? text.ptr : "", text.len, sp.v, sp.n)) != 0)
			goto done;
		sqlite3_bind_int64(put, 1, (sqlite3_int64)text.len);
		sqlite3_bind_blob(put, 2, gaps.ptr ? gaps.ptr : "", (int)gaps.len, SQLITE_STATIC);
		sqlite3_bind_text(put, 3, tile || !text.ptr ? "" : text.ptr, tile ? 0 : (int)text.len, SQLITE_STATIC);
		sqlite3_bind_int64(put, 4, v[i]);
		r = sqlite3_step(put);
		sqlite3_reset(put);
		if (r != SQLITE_DONE) {
			rc = bt_store_fail(c, "upgrade documents");
			goto done;
		}
	}
done:
	sqlite3_finalize(ids);
	sqlite3_finalize(doc);
	sqlite3_finalize(segs);
	sqlite3_finalize(put);
	bt_free(v);
	bt_buf_dispose(&gaps);
	bt_buf_dispose(&text);
	bt_spans_dispose(&sp);
	return rc;
}

/* ---- segments ---- */

struct bt_store_segs {
	bt_corpus *c;
	sqlite3_stmt *st;
	int kind;       /* 0: a pair's side, 1: the corpus's side, 2: a queue */
	int side;
	const char *pair;
	/* the queue's language, looked up once per document (segments come
	 * in id order, so a document's come together) */
	sqlite3_stmt *lang_st;
	long long lang_doc;
	bt_buf lang;
	bt_buf sql;
};

static int segs_new(bt_store_segs **out, bt_corpus *c, int kind, int side)
{
	bt_store_segs *it = bt_malloc(sizeof *it);
	*out = NULL;
	if (!it)
		return bt_fail_nomem();
	memset(it, 0, sizeof *it);
	it->c = c, it->kind = kind, it->side = side, it->lang_doc = -1;
	*out = it;
	return 0;
}

/* What a segment's TMX <tuv> had (columns 6-9 of a segment read). */
#define TMX_COLS "coalesce(x.lang, d.tmx_lang), x.attrs, x.body, x.seg"
#define TMX_JOIN "LEFT JOIN tmx_segments x ON x.segment = s.id"

int bt_store_segs_open(bt_store_segs **out, bt_corpus *c, const char *pair, int side, size_t first, size_t n)
{
	bt_store_segs *it;
	int rc = segs_new(&it, c, 0, side);
	if (rc)
		return rc;
	it->pair = pair;
	if ((rc = bt_st_take(c,
			     "SELECT s.id, s.ordinal, s.para, s.kind = 'heading', s.text, NULL, " TMX_COLS
			     " FROM documents d JOIN segments s ON s.doc_id = d.id " TMX_JOIN
			     " WHERE d.pair_id = ?1 AND d.side = ?2 AND s.ordinal >= ?3 AND s.ordinal < ?4"
			     " ORDER BY s.ordinal",
			     &it->st)) != 0) {
		bt_store_segs_free(it);
		return rc;
	}
	sqlite3_bind_text(it->st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(it->st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	sqlite3_bind_int64(it->st, 3, (sqlite3_int64)first);
	sqlite3_bind_int64(it->st, 4, n == (size_t)-1 || first + n < first ? INT64_MAX : (sqlite3_int64)(first + n));
	*out = it;
	return 0;
}

/* The pair conditions of a corpus-wide read (p = pairs), appended. */
int bt_store_pair_where(bt_buf *sql, const bt_store_pair_filter *f)
{
	int rc = 0;
	if (f && f->pair)
		rc = bt_buf_puts(sql, " AND p.id = :pair");
	for (size_t i = 0; !rc && f && !f->pair && i < f->n_pairs; i++) /* bound as ?1000... */
		rc = bt_buf_printf(sql, "%s?%zu", i ? ", " : " AND p.id IN (", 1000 + i);
	if (!rc && f && !f->pair && f->n_pairs)
		rc = bt_buf_puts(sql, ")");
	if (!rc && f && f->since)
		rc = bt_buf_puts(sql, " AND p.date IS NOT NULL AND substr(p.date, 1, length(:since)) >= :since");
	if (!rc && f && f->until)
		rc = bt_buf_puts(sql, " AND p.date IS NOT NULL AND substr(p.date, 1, length(:until)) <= :until");
	return rc;
}

void bt_store_bind_pair_where(sqlite3_stmt *st, const bt_store_pair_filter *f)
{
	int i;
	if (!f)
		return;
	if ((i = sqlite3_bind_parameter_index(st, ":pair")) > 0)
		sqlite3_bind_text(st, i, f->pair, -1, SQLITE_STATIC);
	for (size_t k = 0; !f->pair && k < f->n_pairs; k++)
		sqlite3_bind_text(st, (int)(1000 + k), f->pairs[k], -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":since")) > 0)
		sqlite3_bind_text(st, i, f->since, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":until")) > 0)
		sqlite3_bind_text(st, i, f->until, -1, SQLITE_STATIC);
}

int bt_store_tmx_header(bt_corpus *c, const bt_store_pair_filter *f, bt_buf *out, size_t *with)
{
	bt_buf sql = BT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t kinds = 0;
	int rc, step, any_without = 0;
	bt_buf_clear(out);
	*with = 0;
	if ((rc = bt_buf_puts(&sql, "SELECT d.tmx_header, count(*) FROM documents d JOIN pairs p ON p.id = d.pair_id"
				    " WHERE d.side = 'src'")) != 0 ||
	    (rc = bt_store_pair_where(&sql, f)) != 0 || (rc = bt_buf_puts(&sql, " GROUP BY d.tmx_header")) != 0 ||
	    (rc = bt_store_prepare(c, &st, sql.ptr)) != 0)
		goto done;
	bt_store_bind_pair_where(st, f);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 0);
		if (!h) {
			any_without = 1;
			continue;
		}
		*with += (size_t)sqlite3_column_int64(st, 1);
		if (kinds++ == 0 && (rc = bt_buf_puts(out, h)) != 0)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = bt_store_fail(c, "read TMX headers");
	else if (kinds != 1 || any_without)
		bt_buf_clear(out);
done:
	sqlite3_finalize(st);
	bt_buf_dispose(&sql);
	return rc;
}

int bt_store_segs_corpus(bt_store_segs **out, bt_corpus *c, int side, const bt_store_pair_filter *f)
{
	bt_store_segs *it;
	int rc = segs_new(&it, c, 1, side);
	if (rc)
		return rc;
	if ((rc = bt_buf_printf(&it->sql,
				"SELECT s.id, s.ordinal, s.para, s.kind = 'heading', s.text, d.pair_id, " TMX_COLS
				" FROM documents d JOIN pairs p ON p.id = d.pair_id JOIN segments s ON s.doc_id = d.id "
				TMX_JOIN " WHERE d.side = '%s'",
				bt_st_side(side))) != 0 ||
	    (rc = bt_store_pair_where(&it->sql, f)) != 0 || (rc = bt_buf_puts(&it->sql, " ORDER BY d.pair_id, s.ordinal")) != 0 ||
	    (rc = bt_st_take(c, it->sql.ptr, &it->st)) != 0) {
		bt_store_segs_free(it);
		return rc;
	}
	bt_store_bind_pair_where(it->st, f);
	*out = it;
	return 0;
}

int bt_store_queued_open(bt_store_segs **out, bt_corpus *c, const char *queue)
{
	bt_store_segs *it;
	int rc = segs_new(&it, c, 2, 0);
	if (rc)
		return rc;
	/* The join costs what a range scan of segments would (measured):
	 * looked up in id order, each row is the one after the last. */
	if ((rc = bt_buf_printf(&it->sql,
				"SELECT q.id, s.ordinal, s.para, s.kind = 'heading', s.text, s.doc_id FROM %s q"
				" JOIN segments s ON s.id = q.id ORDER BY q.id",
				queue)) != 0 ||
	    (rc = bt_st_take(c, it->sql.ptr, &it->st)) != 0 ||
	    (rc = bt_st_take(c, "SELECT lang, side FROM documents WHERE id = ?", &it->lang_st)) != 0) {
		bt_store_segs_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

/* The language (and side) of document `doc`, once per document. */
static int queued_lang(bt_store_segs *it, long long doc)
{
	int r, rc;
	if (doc == it->lang_doc)
		return 0;
	sqlite3_bind_int64(it->lang_st, 1, doc);
	r = sqlite3_step(it->lang_st);
	bt_buf_clear(&it->lang);
	if (r == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(it->lang_st, 0);
		const char *s = (const char *)sqlite3_column_text(it->lang_st, 1);
		rc = bt_buf_puts(&it->lang, l ? l : "");
		it->side = s && strcmp(s, "tgt") == 0;
	} else {
		rc = r == SQLITE_DONE ? bt_buf_puts(&it->lang, "") : bt_store_fail(it->c, "read documents");
	}
	sqlite3_reset(it->lang_st);
	if (!rc)
		it->lang_doc = doc;
	return rc;
}

int bt_store_segs_next(bt_store_segs *it, bt_store_seg *s)
{
	int r = sqlite3_step(it->st), rc;
	if (r == SQLITE_DONE)
		return BT_ITEROVER;
	if (r != SQLITE_ROW)
		return bt_store_fail(it->c, "read segments");
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(it->st, 0);
	s->ordinal = (unsigned)sqlite3_column_int64(it->st, 1);
	s->para = (unsigned)sqlite3_column_int64(it->st, 2);
	s->heading = sqlite3_column_int(it->st, 3);
	s->text = (const char *)sqlite3_column_text(it->st, 4);
	s->len = (size_t)sqlite3_column_bytes(it->st, 4);
	if (!s->text)
		s->text = "";
	s->side = it->side;
	s->pair = it->kind == 1 ? (const char *)sqlite3_column_text(it->st, 5) : it->pair;
	if (it->kind != 2) {
		s->tmx.lang = (const char *)sqlite3_column_text(it->st, 6);
		s->tmx.attrs = (const char *)sqlite3_column_text(it->st, 7);
		s->tmx.body = (const char *)sqlite3_column_text(it->st, 8);
		s->tmx.seg = (const char *)sqlite3_column_text(it->st, 9);
	}
	if (it->kind == 2) {
		s->doc = sqlite3_column_int64(it->st, 5);
		if ((rc = queued_lang(it, s->doc)) != 0)
			return rc;
		s->lang = it->lang.ptr ? it->lang.ptr : "";
		s->side = it->side;
	}
	return 0;
}

void bt_store_segs_free(bt_store_segs *it)
{
	if (!it)
		return;
	bt_st_give(it->c, it->st);
	bt_st_give(it->c, it->lang_st);
	bt_buf_dispose(&it->lang);
	bt_buf_dispose(&it->sql);
	bt_free(it);
}

int bt_store_seg_get(bt_corpus *c, long long id, bt_store_seg_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     "SELECT s.ordinal, s.para, s.kind = 'heading', s.text, d.side = 'tgt', d.lang, d.pair_id,"
			     " coalesce(p.date, '')"
			     " FROM segments s JOIN documents d ON d.id = s.doc_id JOIN pairs p ON p.id = d.pair_id"
			     " WHERE s.id = ?",
			     &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		bt_store_seg s = {id,
				  (const char *)sqlite3_column_text(st, 6),
				  sqlite3_column_int(st, 4),
				  (unsigned)sqlite3_column_int64(st, 0),
				  (unsigned)sqlite3_column_int64(st, 1),
				  sqlite3_column_int(st, 2),
				  (const char *)sqlite3_column_text(st, 3),
				  (size_t)sqlite3_column_bytes(st, 3),
				  (const char *)sqlite3_column_text(st, 5),
				  (const char *)sqlite3_column_text(st, 7),
				  {NULL, NULL, NULL, NULL},
				  -1};
		if (!s.text)
			s.text = "";
		rc = fn(ud, &s);
	} else {
		rc = r == SQLITE_DONE ? BT_ENOTFOUND : bt_store_fail(c, "read segment");
	}
	bt_st_give(c, st);
	return rc;
}

int bt_store_seg_count(bt_corpus *c, const char *pair, int side, long long *n)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id"
			    " WHERE d.pair_id = ? AND d.side = ?",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "count segments");
	bt_st_give(c, st);
	return rc;
}

int bt_store_seg_id_max(bt_corpus *c, long long *max)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, "SELECT ifnull(max(id), 0) FROM segments", &st);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*max = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read the segments");
	bt_st_give(c, st);
	return rc;
}

int bt_store_side_seg_count(bt_corpus *c, int side, long long *n)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id"
			    " WHERE ?1 IS NULL OR d.side = ?1",
			    &st);
	if (rc)
		return rc;
	if (side >= 0)
		sqlite3_bind_text(st, 1, bt_st_side(side), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "count segments");
	bt_st_give(c, st);
	return rc;
}

int bt_store_pair_seg_range(bt_corpus *c, const char *pair, long long *lo, long long *hi, int *exists)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "SELECT min(s.id), max(s.id), count(DISTINCT d.id) FROM documents d"
			    " LEFT JOIN segments s ON s.doc_id = d.id WHERE d.pair_id = ?",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = bt_store_fail(c, "read documents");
	} else {
		*exists = sqlite3_column_int(st, 2) != 0;
		*lo = sqlite3_column_int64(st, 0);
		*hi = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
	}
	bt_st_give(c, st);
	return rc;
}

/* ---- statistics ---- */

static int count(bt_corpus *c, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read statistics");
	bt_st_give(c, st);
	return rc;
}

/* A document's text in bytes: after its metadata lines; a document made
 * from a TMX keeps no text of its own (its segments are the text) and
 * counts the bytes of its units, a blank line apart. */
#define DOC_BYTES                                                                                                     \
	"CASE WHEN hash = 'tmx' THEN bytes ELSE max(text_bytes, length(CAST(text AS BLOB))) - body END"

int bt_corpus_stats(bt_stats *s, bt_corpus *c)
{
	int rc;
	memset(s, 0, sizeof *s);
	if ((rc = count(c, "SELECT count(*) FROM pairs", &s->pairs)) ||
	    (rc = count(c, "SELECT count(*) FROM documents", &s->documents)) ||
	    (rc = count(c, "SELECT count(*) FROM paragraphs", &s->paragraphs)) ||
	    (rc = count(c, "SELECT count(*) FROM segments", &s->segments)) ||
	    (rc = count(c, "SELECT count(*) FROM segments WHERE kind = 'heading'", &s->headings)) ||
	    (rc = count(c, "SELECT count(*) FROM links", &s->links)) ||
	    (rc = count(c, "SELECT count(*) FROM segments JOIN documents d ON d.id = doc_id WHERE side = 'src'",
			&s->src_segments)) ||
	    (rc = count(c, "SELECT count(*) FROM segments JOIN documents d ON d.id = doc_id WHERE side = 'tgt'",
			&s->tgt_segments)) ||
	    (rc = count(c, "SELECT coalesce(sum(" DOC_BYTES "), 0) FROM documents WHERE side = 'src'", &s->src_bytes)) ||
	    (rc = count(c, "SELECT coalesce(sum(" DOC_BYTES "), 0) FROM documents WHERE side = 'tgt'", &s->tgt_bytes)))
		return rc;
	return 0;
}
