/* store_links.c: alignment links and glossary entries (store.h). */
#include "error.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- links ---- */

int bt_store_links_read(bt_corpus *c, const char *pair, int manual_only, bt_store_link_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     manual_only ? "SELECT ordinal, src_first, src_n, tgt_first, tgt_n, score, manual, moved FROM links"
					   " WHERE pair_id = ? AND manual ORDER BY ordinal"
					 : "SELECT ordinal, src_first, src_n, tgt_first, tgt_n, score, manual, moved FROM links"
					   " WHERE pair_id = ? ORDER BY ordinal",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 v[4];
		bt_store_link l;
		for (int i = 0; i < 4; i++)
			v[i] = sqlite3_column_int64(st, 1 + i);
		/* a negative count or position (a corpus edited by hand) is
		 * handed on as one too large to fit, for the caller to refuse */
		l.pair = pair;
		l.date = NULL;
		l.ordinal = sqlite3_column_int64(st, 0);
		l.l = (bt_link){(size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3], sqlite3_column_double(st, 5),
				sqlite3_column_int(st, 7) ? BT_LINK_MOVED : 0};
		l.manual = sqlite3_column_int(st, 6) != 0;
		if ((rc = fn(ud, &l)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, manual_only ? "read manual links" : "read links");
	bt_st_give(c, st);
	return rc;
}

/* Runs sql with ?1 = pair; *changes: the rows it wrote. */
static int run_pair(bt_corpus *c, const char *sql, const char *pair, long long *changes)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "keep TMX units")) == 0 && changes)
		*changes = sqlite3_changes(c->db);
	return rc;
}

/* What a TMX import kept of the pair's units (tmx_units) is held, by the
 * link's spans, while its links are replaced; *held: how many. */
static int tmx_hold(bt_corpus *c, const char *pair, long long *held)
{
	int rc = bt_store_exec(c, "CREATE TEMP TABLE IF NOT EXISTS bt_tmx_held(src_first, src_n, tgt_first, tgt_n,"
				  " tuid, attrs, body, others); DELETE FROM temp.bt_tmx_held");
	if (!rc)
		rc = run_pair(c,
			      "INSERT INTO temp.bt_tmx_held SELECT l.src_first, l.src_n, l.tgt_first, l.tgt_n, t.tuid,"
			      " t.attrs, t.body, t.others FROM tmx_units t JOIN links l ON l.id = t.link WHERE l.pair_id = ?1",
			      pair, held);
	/* as ON DELETE CASCADE would, with foreign keys off too (bulk) */
	if (!rc && *held)
		rc = run_pair(c, "DELETE FROM tmx_units WHERE link IN (SELECT id FROM links WHERE pair_id = ?1)", pair,
			      NULL);
	return rc;
}

/* Gives the held rows to the new links of the same spans. A link that
 * changed would lose its unit's tuid, props and notes without a word, so
 * the replacement is refused instead (the caller's transaction rolls back). */
static int tmx_restore(bt_corpus *c, const char *pair, long long held)
{
	long long kept = 0;
	int rc = run_pair(c,
			  "INSERT INTO tmx_units(link, tuid, attrs, body, others) SELECT l.id, h.tuid, h.attrs, h.body,"
			  " h.others FROM temp.bt_tmx_held h JOIN links l ON l.pair_id = ?1 AND l.src_first = h.src_first"
			  " AND l.src_n = h.src_n AND l.tgt_first = h.tgt_first AND l.tgt_n = h.tgt_n",
			  pair, &kept);
	if (!rc && kept < held)
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1,
			     "%s: %lld of its %lld units imported from a TMX would lose their TMX metadata (tuid, props,"
			     " notes, other languages): their links change; export the pair first, or delete and re-import it",
			     pair, held - kept, held);
	return rc;
}

int bt_store_links_replace(bt_corpus *c, const char *pair, const bt_link *v, const unsigned char *manual, size_t n)
{
	sqlite3_stmt *st;
	long long held = 0;
	int rc;
	if ((rc = tmx_hold(c, pair, &held)) != 0)
		return rc;
	if ((rc = bt_st_take(c, "DELETE FROM links WHERE pair_id = ?", &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "replace links")) != 0)
		return rc;
	if ((rc = bt_st_take(c, BT_SQL_INSERT_LINK, &st)) != 0)
		return rc;
	for (size_t x = 0; x < n; x++) {
		const bt_link *l = &v[x];
		sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)x);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)l->src_first);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)l->src_n);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)l->tgt_first);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)l->tgt_n);
		sqlite3_bind_double(st, 7, l->score);
		sqlite3_bind_int(st, 8, manual && manual[x]);
		sqlite3_bind_int(st, 9, (l->flags & BT_LINK_MOVED) != 0);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = bt_store_fail(c, "write link");
			break;
		}
		sqlite3_reset(st);
	}
	bt_st_give(c, st);
	if (!rc && held)
		rc = tmx_restore(c, pair, held);
	return rc;
}

int bt_store_link_at(bt_corpus *c, const char *pair, int side, unsigned ordinal, bt_link *out, int *found)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     side ? "SELECT src_first, src_n, tgt_first, tgt_n, score FROM links"
				    " WHERE pair_id = ?1 AND tgt_first <= ?2 AND tgt_n > 0"
				    " ORDER BY tgt_first DESC LIMIT 1"
				  : "SELECT src_first, src_n, tgt_first, tgt_n, score FROM links"
				    " WHERE pair_id = ?1 AND src_first <= ?2 AND src_n > 0"
				    " ORDER BY src_first DESC LIMIT 1",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ordinal);
	*found = 0;
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		*out = (bt_link){(size_t)sqlite3_column_int64(st, 0), (size_t)sqlite3_column_int64(st, 1),
				 (size_t)sqlite3_column_int64(st, 2), (size_t)sqlite3_column_int64(st, 3),
				 sqlite3_column_double(st, 4), 0};
		*found = 1;
	} else if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read links");
	}
	bt_st_give(c, st);
	return rc;
}

int bt_store_link_others(bt_corpus *c, const char *pair, size_t src_first, size_t tgt_first, bt_buf *out)
{
	sqlite3_stmt *st;
	int rc, r;
	bt_buf_clear(out);
	if ((rc = bt_st_take(c,
			     "SELECT u.others FROM links l JOIN tmx_units u ON u.link = l.id"
			     " WHERE l.pair_id = ?1 AND l.src_first = ?2 AND l.tgt_first = ?3",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)src_first);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)tgt_first);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (v)
			rc = bt_buf_puts(out, v);
	} else if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read links");
	}
	bt_st_give(c, st);
	return rc;
}

int bt_store_link_types_sql(bt_buf *sql, const unsigned char (*types)[2], size_t n)
{
	int rc = bt_buf_puts(sql, " AND (");
	for (size_t i = 0; !rc && i < n; i++)
		rc = bt_buf_printf(sql, "%s(l.src_n = %u AND l.tgt_n = %u)", i ? " OR " : "", (unsigned)types[i][0],
				   (unsigned)types[i][1]);
	return rc ? rc : bt_buf_puts(sql, ")");
}

/* The export's links query (or its count) with every filter. */
static int links_sql(bt_buf *sql, const bt_store_link_filter *f, int count)
{
	int rc = bt_buf_puts(sql, count ? "SELECT count(*)"
					: "SELECT l.pair_id, p.date, l.ordinal, l.src_first, l.src_n,"
					  " l.tgt_first, l.tgt_n, l.score, l.manual, x.tuid, x.attrs, x.body, x.others, l.moved");
	if (!rc)
		rc = bt_buf_puts(sql, count ? " FROM links l JOIN pairs p ON p.id = l.pair_id WHERE 1"
					    : " FROM links l JOIN pairs p ON p.id = l.pair_id"
					      " LEFT JOIN tmx_units x ON x.link = l.id WHERE 1");
	if (!rc)
		rc = bt_store_pair_where(sql, &f->pairs);
	if (!rc && f->use_min_score)
		rc = bt_buf_puts(sql, " AND l.score >= :min");
	if (!rc && f->manual_only)
		rc = bt_buf_puts(sql, " AND l.manual");
	if (!rc && f->n_types)
		rc = bt_store_link_types_sql(sql, f->types, f->n_types);
	if (!rc && !count)
		rc = bt_buf_puts(sql, " ORDER BY l.pair_id, l.ordinal");
	return rc;
}

static void bind_filter(sqlite3_stmt *st, const bt_store_link_filter *f)
{
	int i;
	bt_store_bind_pair_where(st, &f->pairs);
	if ((i = sqlite3_bind_parameter_index(st, ":min")) > 0)
		sqlite3_bind_double(st, i, f->min_score);
}

struct bt_store_links {
	bt_corpus *c;
	sqlite3_stmt *st;
	bt_buf sql;
};

int bt_store_links_open(bt_store_links **out, bt_corpus *c, const bt_store_link_filter *f)
{
	bt_store_links *it = bt_malloc(sizeof *it);
	int rc;
	*out = NULL;
	if (!it)
		return bt_fail_nomem();
	memset(it, 0, sizeof *it);
	it->c = c;
	if ((rc = links_sql(&it->sql, f, 0)) != 0 || (rc = bt_st_take(c, it->sql.ptr, &it->st)) != 0) {
		bt_store_links_free(it);
		return rc;
	}
	bind_filter(it->st, f);
	*out = it;
	return 0;
}

int bt_store_links_next(bt_store_links *it, bt_store_link *l)
{
	sqlite3_stmt *st = it->st;
	int r = sqlite3_step(st);
	if (r == SQLITE_DONE)
		return BT_ITEROVER;
	if (r != SQLITE_ROW)
		return bt_store_fail(it->c, "read links");
	l->pair = (const char *)sqlite3_column_text(st, 0);
	l->date = (const char *)sqlite3_column_text(st, 1);
	l->ordinal = sqlite3_column_int64(st, 2);
	/* counts below 0 (a corpus edited by hand) come as 0: no text */
	l->l.src_first = (size_t)sqlite3_column_int64(st, 3);
	l->l.src_n = sqlite3_column_int64(st, 4) > 0 ? (size_t)sqlite3_column_int64(st, 4) : 0;
	l->l.tgt_first = (size_t)sqlite3_column_int64(st, 5);
	l->l.tgt_n = sqlite3_column_int64(st, 6) > 0 ? (size_t)sqlite3_column_int64(st, 6) : 0;
	l->l.score = sqlite3_column_double(st, 7);
	l->l.flags = sqlite3_column_int(st, 13) ? BT_LINK_MOVED : 0;
	l->manual = sqlite3_column_int(st, 8) != 0;
	memset(&l->tmx, 0, sizeof l->tmx);
	l->tmx.tuid = (const char *)sqlite3_column_text(st, 9);
	l->tmx.attrs = (const char *)sqlite3_column_text(st, 10);
	l->tmx.body = (const char *)sqlite3_column_text(st, 11);
	l->tmx.others = (const char *)sqlite3_column_text(st, 12);
	return 0;
}

void bt_store_links_free(bt_store_links *it)
{
	if (!it)
		return;
	bt_st_give(it->c, it->st);
	bt_buf_dispose(&it->sql);
	bt_free(it);
}

int bt_store_links_count(bt_corpus *c, const bt_store_link_filter *f, long long *n)
{
	bt_buf sql = BT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;
	*n = 0;
	if ((rc = links_sql(&sql, f, 1)) == 0 && (rc = bt_st_take(c, sql.ptr, &st)) == 0) {
		bind_filter(st, f);
		if (sqlite3_step(st) == SQLITE_ROW)
			*n = sqlite3_column_int64(st, 0);
		bt_st_give(c, st);
	}
	bt_buf_dispose(&sql);
	return rc;
}

/* ---- glossary ---- */

int bt_store_glossary_add(bt_corpus *c, const char *src_lang, const char *tgt_lang, const bt_glossary_entry *e,
			  int *added)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    "INSERT OR IGNORE INTO glossary(src_lang, tgt_lang, src, tgt, note, origin)"
			    " VALUES (?,?,?,?,?,?)",
			    &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tgt_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->src, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->tgt, -1, SQLITE_STATIC);
	if (e->note)
		sqlite3_bind_text(st, 5, e->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->origin, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = bt_store_fail(c, "write glossary");
	else
		*added = sqlite3_changes(c->db) != 0;
	bt_st_give(c, st);
	return rc;
}

int bt_store_glossary_each(bt_corpus *c, bt_glossary_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int r, rc = bt_st_take(c,
			       "SELECT src, tgt, note, origin FROM glossary WHERE src_lang = ? AND tgt_lang = ?"
			       " ORDER BY src COLLATE NOCASE, src, tgt COLLATE NOCASE, tgt",
			       &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->tgt_lang, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		bt_glossary_entry e = {(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
				       (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3)};
		if ((rc = fn(ud, &e)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read glossary");
	bt_st_give(c, st);
	return rc;
}

int bt_store_glossary_pairs(bt_corpus *c, bt_store_term_pair_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     "SELECT src, tgt, src_lang = ?1 FROM glossary"
			     " WHERE (src_lang = ?1 AND tgt_lang = ?2) OR (src_lang = ?2 AND tgt_lang = ?1)",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, c->src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->tgt_lang, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *x = (const char *)sqlite3_column_text(st, 0), *y = (const char *)sqlite3_column_text(st, 1);
		size_t xl = (size_t)sqlite3_column_bytes(st, 0), yl = (size_t)sqlite3_column_bytes(st, 1);
		if (!x || !y)
			continue;
		if ((rc = sqlite3_column_int(st, 2) ? fn(ud, x, xl, y, yl) : fn(ud, y, yl, x, xl)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read glossary");
	bt_st_give(c, st);
	return rc;
}

int bt_store_glossary_lookup(bt_corpus *c, int side, const char *term, size_t len, const char *lower,
			     size_t lower_len, bt_store_term_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc, r;
	if ((rc = bt_st_take(c,
			     side ? "SELECT src FROM glossary WHERE src_lang = ?1 AND tgt_lang = ?2"
				    " AND (tgt = ?3 OR tgt = ?4) LIMIT 50"
				  : "SELECT tgt FROM glossary WHERE src_lang = ?1 AND tgt_lang = ?2 AND src IN (?3, ?4)"
				    " LIMIT 50",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, c->src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->tgt_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, term, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, lower, (int)lower_len, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0);
		if (e && (rc = fn(ud, e)) != 0)
			break;
	}
	/* the concordance asked no more of its lookups than this: a failed
	 * step ends the list */
	bt_st_give(c, st);
	return rc;
}

/* ---- a module's queue of pairs (the concordance's word model) ---- */

int bt_store_queued_links(bt_corpus *c, const char *queue, unsigned max_n, double min_score,
			  bt_store_link_text_fn fn, void *ud, long long *n)
{
	bt_buf sql = BT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, step;
	*n = 0;
	if (!fn)
		rc = bt_buf_printf(&sql, "SELECT count(*) FROM %s q JOIN links l ON l.pair_id = q.pair_id"
					 " AND l.src_n > 0 AND l.tgt_n > 0", queue);
	else
		/* each side's segments by their (document, ordinal) key */
		rc = bt_buf_printf(
			&sql,
			"SELECT (SELECT group_concat(text, ' ') FROM (SELECT text FROM segments WHERE doc_id = ds.id"
			"    AND ordinal >= l.src_first AND ordinal < l.src_first + l.src_n ORDER BY ordinal)),"
			"  (SELECT group_concat(text, ' ') FROM (SELECT text FROM segments WHERE doc_id = dt.id"
			"    AND ordinal >= l.tgt_first AND ordinal < l.tgt_first + l.tgt_n ORDER BY ordinal))"
			" FROM %s q JOIN links l ON l.pair_id = q.pair_id"
			" JOIN documents ds ON ds.pair_id = q.pair_id AND ds.side = 'src'"
			" JOIN documents dt ON dt.pair_id = q.pair_id AND dt.side = 'tgt'"
			" WHERE l.src_n BETWEEN 1 AND ?1 AND l.tgt_n BETWEEN 1 AND ?1 AND l.score >= ?2"
			" ORDER BY q.pair_id, l.ordinal",
			queue);
	if (rc || (rc = bt_store_prepare(c, &st, sql.ptr)) != 0)
		goto done;
	if (fn) {
		sqlite3_bind_int(st, 1, (int)max_n);
		sqlite3_bind_double(st, 2, min_score);
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0), *t = (const char *)sqlite3_column_text(st, 1);
		if (!fn) {
			*n = sqlite3_column_int64(st, 0);
			continue;
		}
		++*n;
		if (s && t &&
		    (rc = fn(ud, s, (size_t)sqlite3_column_bytes(st, 0), t, (size_t)sqlite3_column_bytes(st, 1))) != 0)
			goto done;
	}
	if (step != SQLITE_DONE)
		rc = bt_store_fail(c, "read the queued pairs' links");
done:
	sqlite3_finalize(st);
	bt_buf_dispose(&sql);
	return rc;
}

int bt_store_queue_linked_pairs(bt_corpus *c, const char *queue)
{
	bt_buf sql = BT_BUF_INIT;
	int rc = bt_buf_printf(&sql, "INSERT OR IGNORE INTO %s(pair_id) SELECT DISTINCT pair_id FROM links", queue);
	if (!rc)
		rc = bt_store_exec(c, sql.ptr);
	bt_buf_dispose(&sql);
	return rc;
}
