/* store_bulk.c: units written in bulk (store.h, "bulk writing"): what a
 * TMX import stores, as fast as SQLite takes it.
 *
 * Per unit: a source and a target segment and their 1-1 link. Units are
 * held until MROWS of the current pair are there and then written by one
 * statement for the segments and one for the links (a statement's own
 * cost is a fifth of an insert's); fewer are written one by one at a
 * pair's end or a flush. A TMX may interleave units of several documents:
 * the temporary table bt_bulk_seen keeps where each pair this write has
 * touched stands (per side: its document, next ordinal, byte offset,
 * paragraph, first segment of this write, bytes added; the next link). */
#include "error.h"
#include "store_int.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MROWS 32

struct bt_store_bulk {
	bt_corpus *c;
	const char *origin, *format;
	long long cache_saved;
	int fk_off, committed;
	int nested; /* inside the caller's transaction: it commits or rolls back */
	unsigned paused; /* the modules whose feeds were taken off */
	sqlite3_stmt *st_ins_doc, *st_ins_seg, *st_ins_link;
	sqlite3_stmt *st_seen_get, *st_seen_add, *st_seen_put, *st_doc_end, *st_link_end;
	sqlite3_stmt *st_ins_segs, *st_ins_links;
	sqlite3_stmt *st_tmx_seg, *st_tmx_unit; /* what a TMX unit had besides its text */
	bt_buf pair, rows_sql;
	const char *tags[2]; /* bt_store_bulk_tags() */
	const char *header;  /* bt_store_bulk_header() */
	int have_pair;
	long long doc[2], ord[2], off[2], para[2], first[2], added[2], link_next;
	struct pending {
		long long ord[2], para[2], off[2], ordinal;
		const char *text[2];
		int len[2], manual;
		double score;
		bt_store_tmx_unit tmx;
		int has_tmx;
		long long seg_id[2], link_id; /* SQLite's, once written */
	} pend[MROWS];
	int npend;
	int staging; /* temp.bt_bulk_stage made */
	/* existing pairs this write appends to or replaces, as they were:
	 * recorded in the history at the end (store_history.c) */
	bt_store_hist *hist;
	size_t n_hist;
	size_t corrections_unapplied; /* of the pairs replaced */
};

static int step_reset(bt_store_bulk *b, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : bt_store_fail(b->c, what);
}

/* INSERTs of MROWS units: 2 * MROWS segments, MROWS links. */
static int prepare_rows(bt_store_bulk *b)
{
	bt_buf *sql = &b->rows_sql;
	int rc = bt_buf_puts(sql, "INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) VALUES ");
	for (int i = 0; !rc && i < 2 * MROWS; i++)
		rc = bt_buf_puts(sql, i ? ", (?, ?, ?, ?, ?, 'sentence', ?)" : "(?, ?, ?, ?, ?, 'sentence', ?)");
	if (!rc)
		rc = bt_st_take(b->c, sql->ptr, &b->st_ins_segs);
	bt_buf_clear(sql);
	if (!rc)
		rc = bt_buf_puts(sql, "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual)"
				      " VALUES ");
	for (int i = 0; !rc && i < MROWS; i++)
		rc = bt_buf_puts(sql, i ? ", (?1, ?, ?, 1, ?, 1, ?, ?)" : "(?1, ?, ?, 1, ?, 1, ?, ?)");
	if (!rc)
		rc = bt_st_take(b->c, sql->ptr, &b->st_ins_links);
	return rc;
}

static int prepare(bt_store_bulk *b)
{
	static const struct {
		size_t off;
		const char *sql;
	} stmts[] = {
		{offsetof(bt_store_bulk, st_ins_doc), BT_SQL_INSERT_DOCUMENT},
		{offsetof(bt_store_bulk, st_ins_seg), BT_SQL_INSERT_SEGMENT},
		{offsetof(bt_store_bulk, st_ins_link), BT_SQL_INSERT_LINK},
		{offsetof(bt_store_bulk, st_seen_get),
		 "SELECT src_doc, tgt_doc, src_ord, tgt_ord, src_off, tgt_off, src_para, tgt_para, src_first, tgt_first,"
		 " src_added, tgt_added, link_next FROM temp.bt_bulk_seen WHERE id = ?"},
		{offsetof(bt_store_bulk, st_seen_add),
		 "INSERT INTO temp.bt_bulk_seen(id, src_doc, tgt_doc, src_ord, tgt_ord, src_off, tgt_off, src_para, tgt_para,"
		 " src_first, tgt_first, src_added, tgt_added, link_next) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)"},
		{offsetof(bt_store_bulk, st_seen_put),
		 "UPDATE temp.bt_bulk_seen SET src_ord = ?, tgt_ord = ?, src_off = ?, tgt_off = ?, src_para = ?, tgt_para = ?,"
		 " src_added = ?, tgt_added = ?, link_next = ? WHERE id = ?"},
		/* where a document's content ends: its text (a document added
		 * from a file) or its last segment (one made from a TMX) */
		{offsetof(bt_store_bulk, st_doc_end),
		 "SELECT d.id, max(d.text_bytes, length(CAST(d.text AS BLOB)),"
		 "  (SELECT ifnull(max(end), 0) FROM segments WHERE doc_id = d.id)),"
		 " (SELECT ifnull(max(ordinal) + 1, 0) FROM segments WHERE doc_id = d.id),"
		 " (SELECT ifnull(max(para) + 1, 0) FROM segments WHERE doc_id = d.id)"
		 " FROM documents d WHERE d.pair_id = ? AND d.side = ?"},
		{offsetof(bt_store_bulk, st_link_end), "SELECT ifnull(max(ordinal) + 1, 0) FROM links WHERE pair_id = ?"},
		/* by the ids the segment and link rows were given (write_pending) */
		{offsetof(bt_store_bulk, st_tmx_seg),
		 "INSERT INTO tmx_segments(segment, lang, attrs, body, seg) VALUES (?1, ?3, ?4, ?5, ?6)"},
		{offsetof(bt_store_bulk, st_tmx_unit),
		 "INSERT INTO tmx_units(link, tuid, attrs, body, others) VALUES (?1, ?3, ?4, ?5, ?6)"},
	};
	int rc;
	if ((rc = bt_store_exec(b->c, "CREATE TEMP TABLE IF NOT EXISTS bt_bulk_seen(id TEXT PRIMARY KEY,"
				      " src_doc, tgt_doc, src_ord, tgt_ord, src_off, tgt_off, src_para, tgt_para,"
				      " src_first, tgt_first, src_added, tgt_added, link_next);"
				      "DELETE FROM temp.bt_bulk_seen")) != 0 ||
	    (rc = bt_store_feeds_pause(b->c, &b->paused)) != 0)
		return rc;
	for (size_t i = 0; i < sizeof stmts / sizeof *stmts; i++)
		if ((rc = bt_st_take(b->c, stmts[i].sql, (sqlite3_stmt **)((char *)b + stmts[i].off))) != 0)
			return rc;
	return prepare_rows(b);
}

int bt_store_bulk_begin(bt_store_bulk **out, bt_corpus *c, const char *origin)
{
	bt_store_bulk *b = bt_malloc(sizeof *b);
	int rc;
	*out = NULL;
	if (!b)
		return bt_fail_nomem();
	memset(b, 0, sizeof *b);
	b->c = c, b->origin = origin;
	*out = b;
	/* A bigger page cache while the units go in: the B-trees' hot pages
	 * stay in memory instead of spilling to the WAL and being read back
	 * (about 8% less time, 16 MB more memory); the corpus's own size is
	 * put back after. */
	bt_store_cache_grow(c, 16384, &b->cache_saved);
	/* Inside a transaction of the caller's (an import of a folder that
	 * holds XLIFF files): the write is part of it, foreign keys stay on
	 * (the setting cannot change inside a transaction). */
	if ((b->nested = c->in_tx != 0) != 0)
		return prepare(b);
	/* Foreign keys off while the units go in: every segment and link
	 * would look up its document or pair, which this write has just
	 * written or checked (8% of an import). A replaced pair is deleted
	 * with what it has by bt_store_pair_delete(). The setting applies
	 * outside a transaction only, so it is put back after the commit. */
	if (sqlite3_exec(c->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL) != SQLITE_OK)
		return bt_store_fail(c, "import");
	b->fk_off = 1;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	return prepare(b);
}

/* A document of a TMX: no text of its own (its units are its text). */
static int insert_doc(bt_store_bulk *b, int side, const char *date, const char *encoding, long long *id)
{
	sqlite3_stmt *st = b->st_ins_doc;
	int rc;
	sqlite3_bind_text(st, 1, b->pair.ptr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, bt_st_side(side), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, side ? b->c->tgt_lang : b->c->src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, b->origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, "tmx", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, encoding, -1, SQLITE_STATIC);
	if (date)
		sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 7);
	for (int i = 8; i <= 10; i++)
		sqlite3_bind_int(st, i, 0); /* bytes (counted at the end), body, text_bytes */
	sqlite3_bind_blob(st, 11, "", 0, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, "", 0, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, b->format ? b->format : "tmx", -1, SQLITE_STATIC);
	if ((rc = step_reset(b, st, "write document")) != 0)
		return rc;
	*id = sqlite3_last_insert_rowid(b->c->db);
	if (side == 0 && b->header) {
		if ((rc = bt_st_take(b->c, "UPDATE documents SET tmx_header = ?2 WHERE id = ?1", &st)) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, b->header, -1, SQLITE_STATIC);
		if ((rc = bt_st_run(b->c, st, "write document")) != 0)
			return rc;
	}
	if (!b->tags[side])
		return 0;
	if ((rc = bt_st_take(b->c, "UPDATE documents SET tmx_lang = ?2 WHERE id = ?1", &st)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_text(st, 2, b->tags[side], -1, SQLITE_STATIC);
	return bt_st_run(b->c, st, "write document");
}

void bt_store_bulk_set_format(bt_store_bulk *b, const char *format)
{
	b->format = format;
}

/* Keeps where the current pair stands, for when its units come back. */
static int save_pair(bt_store_bulk *b)
{
	sqlite3_stmt *st = b->st_seen_put;
	for (int s = 0; s < 2; s++) {
		sqlite3_bind_int64(st, 1 + s, b->ord[s]);
		sqlite3_bind_int64(st, 3 + s, b->off[s]);
		sqlite3_bind_int64(st, 5 + s, b->para[s]);
		sqlite3_bind_int64(st, 7 + s, b->added[s]);
	}
	sqlite3_bind_int64(st, 9, b->link_next);
	sqlite3_bind_text(st, 10, b->pair.ptr, -1, SQLITE_STATIC);
	return step_reset(b, st, "import");
}

/* Where the existing pair b->pair ends: its documents, next ordinals,
 * offsets and paragraphs, and next link (to append to it). */
static int pair_end(bt_store_bulk *b)
{
	sqlite3_stmt *st = b->st_doc_end;
	int rc;
	for (int s = 0; s < 2; s++) {
		long long len;
		sqlite3_bind_text(st, 1, b->pair.ptr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, bt_st_side(s), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return rc == SQLITE_DONE ? bt_fail(BT_EDB, b->c->path, -1, -1, "pair '%s' has no %s document",
							   b->pair.ptr, bt_st_side(s))
						 : bt_store_fail(b->c, "read documents");
		}
		b->doc[s] = sqlite3_column_int64(st, 0);
		len = sqlite3_column_int64(st, 1);
		b->off[s] = len ? len + 2 : 0; /* after a blank line */
		b->added[s] = 0;
		b->ord[s] = b->first[s] = sqlite3_column_int64(st, 2);
		b->para[s] = sqlite3_column_int64(st, 3);
		sqlite3_reset(st);
	}
	st = b->st_link_end;
	sqlite3_bind_text(st, 1, b->pair.ptr, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	b->link_next = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : bt_store_fail(b->c, "read links");
}

/* The pair b->pair as this write left it, if it has been here; 1 when found. */
static int resume(bt_store_bulk *b, int *found)
{
	sqlite3_stmt *st = b->st_seen_get;
	int rc;
	sqlite3_bind_text(st, 1, b->pair.ptr, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		for (int s = 0; s < 2; s++) {
			b->doc[s] = sqlite3_column_int64(st, 0 + s);
			b->ord[s] = sqlite3_column_int64(st, 2 + s);
			b->off[s] = sqlite3_column_int64(st, 4 + s);
			b->para[s] = sqlite3_column_int64(st, 6 + s);
			b->first[s] = sqlite3_column_int64(st, 8 + s);
			b->added[s] = sqlite3_column_int64(st, 10 + s);
		}
		b->link_next = sqlite3_column_int64(st, 12);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : bt_store_fail(b->c, "import");
}

/* A new pair b->pair with its two (empty) documents. */
static int make_pair(bt_store_bulk *b, const char *date, const char *encoding)
{
	int rc;
	if ((rc = bt_store_pair_add(b->c, b->pair.ptr, date)) != 0 ||
	    (rc = insert_doc(b, 0, date, encoding, &b->doc[0])) != 0 ||
	    (rc = insert_doc(b, 1, date, encoding, &b->doc[1])) != 0)
		return rc;
	for (int s = 0; s < 2; s++)
		b->ord[s] = b->off[s] = b->para[s] = b->first[s] = b->added[s] = 0;
	b->link_next = 0;
	return 0;
}

static int write_pending(bt_store_bulk *b);

/* The current pair, existing, as it is before this write changes it. */
static int hist_snap(bt_store_bulk *b)
{
	bt_store_hist *v = bt_realloc(b->hist, (b->n_hist + 1) * sizeof *v);
	if (!v)
		return bt_fail_nomem();
	b->hist = v;
	v[b->n_hist] = (bt_store_hist)BT_STORE_HIST_INIT;
	return bt_store_history_snap(b->c, b->pair.ptr, &v[b->n_hist++]);
}

int bt_store_bulk_pair(bt_store_bulk *b, const char *id, const char *date, const char *encoding, int mode, int *what)
{
	sqlite3_stmt *st;
	int rc, found;

	if ((rc = write_pending(b)) != 0 || (b->have_pair && (rc = save_pair(b)) != 0))
		return rc;
	bt_buf_clear(&b->pair);
	if ((rc = bt_buf_puts(&b->pair, id)) != 0)
		return rc;
	b->have_pair = 1;
	if ((rc = resume(b, &found)) != 0)
		return rc;
	if (found) {
		*what = BT_BULK_RESUMED;
		return 0;
	}
	if ((rc = bt_store_pair_exists(b->c, b->pair.ptr, &found)) != 0)
		return rc;
	if (found && mode != BT_BULK_REFUSE && (rc = hist_snap(b)) != 0)
		return rc;
	if (found && mode == BT_BULK_APPEND) {
		if ((rc = pair_end(b)) != 0)
			return rc;
		*what = BT_BULK_APPENDED;
	} else {
		if (found && mode != BT_BULK_REPLACE) {
			b->have_pair = 0;
			*what = BT_BULK_EXISTS;
			return 0;
		}
		/* the TMX's text is taken as it is: the pair's corrections are
		 * not made on it, and listed as not applied */
		size_t unapplied = 0;
		if (found && ((rc = bt_store_pair_delete(b->c, b->pair.ptr)) != 0 ||
			      (rc = bt_store_corrections_unapply(b->c, b->pair.ptr, &unapplied)) != 0))
			return rc;
		b->corrections_unapplied += unapplied;
		if ((rc = make_pair(b, date, encoding)) != 0)
			return rc;
		*what = found ? BT_BULK_REPLACED : BT_BULK_NEW;
	}
	st = b->st_seen_add;
	sqlite3_bind_text(st, 1, b->pair.ptr, -1, SQLITE_STATIC);
	for (int s = 0; s < 2; s++) {
		sqlite3_bind_int64(st, 2 + s, b->doc[s]);
		sqlite3_bind_int64(st, 4 + s, b->ord[s]);
		sqlite3_bind_int64(st, 6 + s, b->off[s]);
		sqlite3_bind_int64(st, 8 + s, b->para[s]);
		sqlite3_bind_int64(st, 10 + s, b->first[s]);
	}
	sqlite3_bind_int64(st, 12, b->link_next);
	return step_reset(b, st, "import");
}

size_t bt_store_bulk_corrections_unapplied(const bt_store_bulk *b)
{
	return b->corrections_unapplied;
}

void bt_store_bulk_tags(bt_store_bulk *b, const char *src, const char *tgt)
{
	b->tags[0] = src, b->tags[1] = tgt;
}

void bt_store_bulk_header(bt_store_bulk *b, const char *header)
{
	b->header = header;
}

long long bt_store_bulk_next_link(const bt_store_bulk *b)
{
	return b->link_next;
}

/* Binds segment j (0-based) of the statement of MROWS units. */
static void bind_segment(bt_store_bulk *b, sqlite3_stmt *st, int j, const struct pending *p, int s)
{
	int k = 6 * j;
	sqlite3_bind_int64(st, k + 1, b->doc[s]);
	sqlite3_bind_int64(st, k + 2, p->ord[s]);
	sqlite3_bind_int64(st, k + 3, p->para[s]);
	sqlite3_bind_int64(st, k + 4, p->off[s]);
	sqlite3_bind_int64(st, k + 5, p->off[s] + p->len[s]);
	sqlite3_bind_text(st, k + 6, p->text[s], p->len[s], SQLITE_STATIC);
}

static void bind_link(bt_store_bulk *b, sqlite3_stmt *st, int j, const struct pending *p)
{
	int k = 1 + 5 * j;
	sqlite3_bind_text(st, 1, b->pair.ptr, (int)b->pair.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, k + 1, p->ordinal);
	sqlite3_bind_int64(st, k + 2, p->ord[0]);
	sqlite3_bind_int64(st, k + 3, p->ord[1]);
	sqlite3_bind_double(st, k + 4, p->score);
	sqlite3_bind_int(st, k + 5, p->manual);
}

/* One unit by the single-row statements the rest of the store uses. */
static int write_one(bt_store_bulk *b, struct pending *p)
{
	sqlite3_stmt *st = b->st_ins_seg;
	int rc;
	for (int s = 0; s < 2; s++) {
		sqlite3_bind_int64(st, 1, b->doc[s]);
		sqlite3_bind_int64(st, 2, p->ord[s]);
		sqlite3_bind_int64(st, 3, p->para[s]);
		sqlite3_bind_int64(st, 4, p->off[s]);
		sqlite3_bind_int64(st, 5, p->off[s] + p->len[s]);
		sqlite3_bind_text(st, 6, "sentence", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, p->text[s], p->len[s], SQLITE_STATIC);
		if ((rc = step_reset(b, st, "write segment")) != 0)
			return rc;
		p->seg_id[s] = sqlite3_last_insert_rowid(b->c->db);
	}
	st = b->st_ins_link;
	sqlite3_bind_text(st, 1, b->pair.ptr, (int)b->pair.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->ordinal);
	sqlite3_bind_int64(st, 3, p->ord[0]);
	sqlite3_bind_int(st, 4, 1);
	sqlite3_bind_int64(st, 5, p->ord[1]);
	sqlite3_bind_int(st, 6, 1);
	sqlite3_bind_double(st, 7, p->score);
	sqlite3_bind_int(st, 8, p->manual);
	sqlite3_bind_int(st, 9, 0); /* a TMX unit is one 1-1 link in order */
	if ((rc = step_reset(b, st, "write link")) == 0)
		p->link_id = sqlite3_last_insert_rowid(b->c->db);
	return rc;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* What the unit's TMX had besides its text: a row per side that kept
 * anything, and one for the unit. */
static int write_tmx(bt_store_bulk *b, const struct pending *p)
{
	const bt_store_tmx_unit *x = &p->tmx;
	sqlite3_stmt *st = b->st_tmx_seg;
	int rc;
	for (int s = 0; s < 2; s++) {
		const bt_store_tmx_tuv *v = &x->tuv[s];
		if (!v->lang && !v->seg && !(v->attrs && *v->attrs) && !(v->body && *v->body))
			continue;
		sqlite3_bind_int64(st, 1, p->seg_id[s]);
		bind_opt(st, 3, v->lang);
		sqlite3_bind_text(st, 4, v->attrs ? v->attrs : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, v->body ? v->body : "", -1, SQLITE_STATIC);
		bind_opt(st, 6, v->seg);
		if ((rc = step_reset(b, st, "write segment")) != 0)
			return rc;
	}
	if (!x->tuid && !(x->attrs && *x->attrs) && !(x->body && *x->body) && !(x->others && *x->others))
		return 0;
	st = b->st_tmx_unit;
	sqlite3_bind_int64(st, 1, p->link_id);
	bind_opt(st, 3, x->tuid);
	sqlite3_bind_text(st, 4, x->attrs ? x->attrs : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, x->body ? x->body : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, x->others ? x->others : "", -1, SQLITE_STATIC);
	return step_reset(b, st, "write link");
}

/* The ids the rows of one multi-row INSERT got: SQLite gives each new
 * row of a rowid table the largest id plus one, row after row, so they are
 * consecutive and end at the last one inserted. Spares the TMX rows a
 * lookup by key each. last_seg and last_link: the statements' last ids. */
static void number_rows(bt_store_bulk *b, int n, long long last_seg, long long last_link)
{
	for (int i = 0; i < n; i++) {
		struct pending *p = &b->pend[i];
		p->seg_id[0] = last_seg - 2 * (n - 1 - i) - 1;
		p->seg_id[1] = last_seg - 2 * (n - 1 - i);
		p->link_id = last_link - (n - 1 - i);
	}
}

/* Writes the held units of the current pair: MROWS at once, fewer one by
 * one; then what their TMX had besides the text. */
static int write_pending(bt_store_bulk *b)
{
	int rc = 0, n = b->npend;
	b->npend = 0;
	if (n == MROWS) {
		for (int i = 0; i < n; i++) {
			bind_segment(b, b->st_ins_segs, 2 * i, &b->pend[i], 0);
			bind_segment(b, b->st_ins_segs, 2 * i + 1, &b->pend[i], 1);
			bind_link(b, b->st_ins_links, i, &b->pend[i]);
		}
		long long last_seg = 0;
		if ((rc = step_reset(b, b->st_ins_segs, "write segment")) == 0) {
			last_seg = sqlite3_last_insert_rowid(b->c->db);
			rc = step_reset(b, b->st_ins_links, "write link");
		}
		if (!rc)
			number_rows(b, n, last_seg, sqlite3_last_insert_rowid(b->c->db));
	} else {
		for (int i = 0; i < n && !rc; i++)
			rc = write_one(b, &b->pend[i]);
	}
	for (int i = 0; i < n && !rc; i++)
		if (b->pend[i].has_tmx)
			rc = write_tmx(b, &b->pend[i]);
	return rc;
}

int bt_store_bulk_unit(bt_store_bulk *b, const char *src, size_t src_len, const char *tgt, size_t tgt_len,
		       long long ordinal, double score, int manual, const bt_store_tmx_unit *tmx)
{
	struct pending *p = &b->pend[b->npend++];
	const char *text[2] = {src, tgt};
	size_t len[2] = {src_len, tgt_len};
	for (int s = 0; s < 2; s++) {
		p->ord[s] = b->ord[s];
		p->para[s] = b->para[s];
		p->off[s] = b->off[s];
		p->text[s] = text[s];
		p->len[s] = (int)len[s];
	}
	p->ordinal = ordinal;
	p->score = score;
	p->manual = manual;
	if ((p->has_tmx = tmx != NULL) != 0)
		p->tmx = *tmx;
	for (int s = 0; s < 2; s++) {
		/* units are blocks of their own, a blank line apart */
		b->added[s] += (long long)len[s] + (b->off[s] ? 2 : 0);
		b->off[s] += (long long)len[s] + 2;
		b->ord[s]++;
		b->para[s]++;
	}
	b->link_next = ordinal + 1;
	return b->npend == MROWS ? write_pending(b) : 0;
}

int bt_store_bulk_flush(bt_store_bulk *b)
{
	return write_pending(b);
}

/* Once all units are in: the documents' sizes, in one statement, and the
 * modules' feeds given this write's segments. A document made this way
 * has no rows in paragraphs: its units are the sentences of a memory, not
 * paragraphs of a text (each is a block of its own in segments.para, for
 * the aligner). Writing a row per unit cost a sixth of an import. */
static int finish(bt_store_bulk *b)
{
	int rc;
	if ((rc = write_pending(b)) != 0 || (b->have_pair && (rc = save_pair(b)) != 0))
		return rc;
/* the documents this write wrote to, each with its first new segment */
#define SEEN_DOCS                                                                                                     \
	"(SELECT src_doc AS doc, src_first AS first, src_added AS added FROM temp.bt_bulk_seen"                        \
	" UNION ALL SELECT tgt_doc, tgt_first, tgt_added FROM temp.bt_bulk_seen) t"
	if ((rc = bt_store_exec(b->c, "UPDATE documents SET bytes = bytes + t.added FROM " SEEN_DOCS
				      " WHERE documents.id = t.doc")) != 0)
		return rc;
	rc = bt_store_feeds_resume(b->c, b->paused,
				   "SELECT s.id FROM " SEEN_DOCS " JOIN segments s ON s.doc_id = t.doc AND s.ordinal >= t.first");
	b->paused = 0;
	for (size_t i = 0; i < b->n_hist && !rc; i++)
		rc = bt_store_history_record(b->c, &b->hist[i], "import-tmx");
	return rc;
#undef SEEN_DOCS
}

int bt_store_bulk_commit(bt_store_bulk *b)
{
	int rc;
	if ((rc = finish(b)) != 0) {
		if (!b->nested)
			bt_store_rollback(b->c);
		return rc;
	}
	if (b->nested) {
		b->committed = 1; /* the caller's commit makes it stand */
		return 0;
	}
	if ((rc = bt_store_commit(b->c)) != 0)
		return rc;
	b->committed = 1;
	/* The import stands (it committed), so it is not reported as failed;
	 * but a connection left without foreign keys must not write again:
	 * its next write transaction is refused (bt_store_begin). Only out of
	 * memory makes this fail. */
	if (b->fk_off) {
		b->fk_off = 0;
		if (sqlite3_exec(b->c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
			b->c->no_fk = 1;
	}
	return 0;
}

void bt_store_bulk_free(bt_store_bulk *b)
{
	if (!b)
		return;
	{
		sqlite3_stmt *sts[] = {b->st_ins_segs, b->st_ins_links, b->st_ins_doc,	b->st_ins_seg,
				       b->st_ins_link, b->st_seen_get,	b->st_seen_add, b->st_seen_put,
				       b->st_doc_end,  b->st_link_end,	b->st_tmx_seg,	b->st_tmx_unit};
		for (size_t i = 0; i < sizeof sts / sizeof *sts; i++)
			bt_st_give(b->c, sts[i]);
	}
	if (!b->committed && !b->nested)
		bt_store_rollback(b->c);
	for (size_t i = 0; i < b->n_hist; i++)
		bt_store_hist_dispose(&b->hist[i]);
	bt_free(b->hist);
	if (b->staging) /* its rows would stay in the temp file until the corpus closes */
		sqlite3_exec(b->c->db, "DROP TABLE IF EXISTS temp.bt_bulk_stage", NULL, NULL, NULL);
	/* (only running out of memory can make these fail; the write has
	 * committed or rolled back by then, and its result stands) */
	if (b->fk_off)
		sqlite3_exec(b->c->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	bt_store_cache_restore(b->c, b->cache_saved);
	bt_buf_dispose(&b->pair);
	bt_buf_dispose(&b->rows_sql);
	bt_free(b);
}

/* ---- whole pairs (import-jsonl) ---- */

/* The pair `id` just written into bt_bulk_seen, from its first segment on,
 * so that finish() feeds the modules its segments. */
static int seen_whole(bt_store_bulk *b, const char *id)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(b->c,
			    "INSERT INTO temp.bt_bulk_seen(id, src_doc, tgt_doc, src_first, tgt_first, src_added, tgt_added)"
			    " SELECT ?1, (SELECT id FROM documents WHERE pair_id = ?1 AND side = 'src'),"
			    " (SELECT id FROM documents WHERE pair_id = ?1 AND side = 'tgt'), 0, 0, 0, 0",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return bt_st_run(b->c, st, "import");
}

int bt_store_bulk_doc_pair(bt_store_bulk *b, const char *id, const char *date, bt_store_doc d[2], const bt_link *links,
			   size_t n, int *what)
{
	int rc, found;
	if ((rc = write_pending(b)) != 0 || (b->have_pair && (rc = save_pair(b)) != 0))
		return rc;
	b->have_pair = 0;
	if ((rc = bt_store_pair_exists(b->c, id, &found)) != 0)
		return rc;
	if (found) {
		*what = BT_BULK_EXISTS;
		return 0;
	}
	if ((rc = bt_store_pair_add(b->c, id, date)) != 0)
		return rc;
	for (int s = 0; s < 2; s++) {
		d[s].pair_id = id;
		d[s].side = s;
		if ((rc = bt_store_doc_add(b->c, &d[s])) != 0)
			return rc;
	}
	if (n && (rc = bt_store_links_replace(b->c, id, links, NULL, n)) != 0)
		return rc;
	*what = BT_BULK_NEW;
	return seen_whole(b, id);
}

/* ---- staging ---- */

int bt_store_bulk_stage(bt_store_bulk *b, const char *key, const void *data, size_t len, long long tag,
			long long *dup_tag)
{
	sqlite3_stmt *st;
	int rc;
	*dup_tag = 0;
	if (!b->staging) {
		if ((rc = bt_store_exec(b->c, "CREATE TEMP TABLE IF NOT EXISTS bt_bulk_stage(key TEXT PRIMARY KEY,"
					      " tag INTEGER NOT NULL, data BLOB NOT NULL);"
					      "DELETE FROM temp.bt_bulk_stage")) != 0)
			return rc;
		b->staging = 1;
	}
	if ((rc = bt_st_take(b->c, "INSERT INTO temp.bt_bulk_stage(key, tag, data) VALUES (?, ?, ?)"
				   " ON CONFLICT(key) DO NOTHING",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, tag);
	sqlite3_bind_blob64(st, 3, len ? data : "", (sqlite3_uint64)len, SQLITE_STATIC);
	if ((rc = bt_st_run(b->c, st, "stage")) != 0 || sqlite3_changes(b->c->db) > 0)
		return rc;
	if ((rc = bt_st_take(b->c, "SELECT tag FROM temp.bt_bulk_stage WHERE key = ?", &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*dup_tag = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(b->c, "stage");
	bt_st_give(b->c, st);
	return rc;
}

int bt_store_bulk_staged_each(bt_store_bulk *b, bt_store_staged_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if (!b->staging)
		return 0;
	/* prepared apart from the statement cache: the callback's writes take
	 * statements of their own */
	if ((rc = bt_store_prepare(b->c, &st, "SELECT key, data, tag FROM temp.bt_bulk_stage ORDER BY key")) != 0)
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if ((rc = fn(ud, (const char *)sqlite3_column_text(st, 0), data ? data : "", len,
			     sqlite3_column_int64(st, 2))) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(b->c, "read staged");
	sqlite3_finalize(st);
	return rc ? rc : bt_store_exec(b->c, "DELETE FROM temp.bt_bulk_stage");
}
