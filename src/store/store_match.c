/* store_match.c: the segments a module's full-text table matches, with the
 * store's filters on pairs and sides (store.h, "Modules"): one statement,
 * so that SQLite walks the index in rowid order and stops at the page's
 * end. */
#include "error.h"
#include "store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct bt_store_match {
	bt_corpus *c;
	sqlite3_stmt *st;
	const char *what, *fix;
	bt_buf sql;
	/* with runs: the filters the statement leaves to next(), the page
	 * (skip, left: -1 no limit), the run the last hit was in, and the
	 * documents of the last two runs read (a run may alternate between
	 * two) */
	bt_store_match_opts o;
	long long skip, left;
	sqlite3_stmt *run_st, *doc_st, *one_st;
	bt_buf run_sql;
	struct {
		long long lo, hi, doc, alt; /* lo > hi: none; alt -1: no other */
	} run;
	struct match_doc {
		long long doc; /* -1: empty */
		int side, dated;
		bt_buf pair, date;
	} docs[2], *cur;
	int older; /* the slot to fill next */
	/* with a filter (o.filter): its statement, the id it is at, whether
	 * it is done, and how many hits in a row it has turned away */
	sqlite3_stmt *flt_st, *row_st; /* row_st: filter_not's "has a row" */
	bt_buf flt_sql, row_sql;
	long long flt_at;
	int flt_done, misses;
};

/* A module's table name goes into SQL: letters, digits and _ only. */
static int check_table(const char *t)
{
	if (!t || !*t || strspn(t, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(t))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad module table name '%s'", t ? t : "");
	return 0;
}

static int match_sql(bt_buf *s, const bt_store_match_opts *o)
{
	int rc = bt_buf_printf(s,
			       "SELECT f.rowid, d.side = 'tgt', d.pair_id, p.date FROM %1$s f"
			       " CROSS JOIN segments s ON s.id = f.rowid"
			       " CROSS JOIN documents d ON d.id = s.doc_id"
			       " CROSS JOIN pairs p ON p.id = d.pair_id"
			       " WHERE %1$s MATCH ?1",
			       o->table);
	if (!rc && o->side >= 0)
		rc = bt_buf_puts(s, o->side ? " AND d.side = 'tgt'" : " AND d.side = 'src'");
	if (!rc && o->pair)
		rc = bt_buf_puts(s, " AND f.rowid BETWEEN ?2 AND ?3 AND d.pair_id = ?4");
	if (!rc && o->filter)
		rc = bt_buf_printf(s,
				   o->filter_not ? " AND EXISTS (SELECT 1 FROM %1$s WHERE rowid = f.rowid)"
						   " AND f.rowid NOT IN (SELECT rowid FROM %1$s WHERE %1$s MATCH ?9)"
						 : " AND f.rowid IN (SELECT rowid FROM %1$s WHERE %1$s MATCH ?9)",
				   o->filter);
	/* dates compare at the shorter of the two precisions */
	if (!rc && o->since)
		rc = bt_buf_puts(s, " AND p.date IS NOT NULL AND substr(p.date, 1, min(length(p.date), length(?5)))"
				    " >= substr(?5, 1, min(length(p.date), length(?5)))");
	if (!rc && o->until)
		rc = bt_buf_puts(s, " AND p.date IS NOT NULL AND substr(p.date, 1, min(length(p.date), length(?6)))"
				    " <= substr(?6, 1, min(length(p.date), length(?6)))");
	if (!rc)
		rc = bt_buf_puts(s, o->by_date ? " ORDER BY p.date IS NULL, p.date, f.rowid" : " ORDER BY f.rowid");
	if (!rc && o->limit >= 0)
		rc = bt_buf_puts(s, " LIMIT ?7 OFFSET ?8");
	return rc;
}

/* 1 when the corpus has table `t` (a module's table that a corpus opened
 * read-only before its module's upgrade lacks: searched without it). */
static int has_table(bt_corpus *c, const char *t)
{
	sqlite3_stmt *st;
	int yes = 0;
	if (bt_st_take(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", &st) != 0) {
		bt_error_clear();
		return 0;
	}
	sqlite3_bind_text(st, 1, t, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	bt_st_give(c, st);
	return yes;
}

/* The MATCH expression (?1) and a pair's range of ids (?2, ?3). */
static void bind_match(sqlite3_stmt *st, const bt_store_match_opts *o)
{
	sqlite3_bind_text(st, 1, o->match, -1, SQLITE_STATIC);
	if (o->pair) {
		sqlite3_bind_int64(st, 2, o->lo);
		sqlite3_bind_int64(st, 3, o->hi);
	}
}

/* A failed step: what the full-text table cannot run, as its owner puts
 * it, or the database's error. */
static int match_fail(bt_store_match *m)
{
	if (m->what &&
	    (sqlite3_extended_errcode(m->c->db) == SQLITE_ERROR || sqlite3_errcode(m->c->db) == SQLITE_CORRUPT_VTAB))
		return bt_fail(BT_EDB, m->c->path, -1, -1, "%s cannot run this query (%s); %s", m->what,
			       sqlite3_errmsg(m->c->db), m->fix ? m->fix : "");
	return bt_store_fail(m->c, "search");
}

/* ---- hits read with the module's runs ----
 * The statement reads the full-text table alone; each hit's document
 * (side, pair, date) comes from the run of ids it is in, read once a run.
 * Joining every hit to its segment read a page of segment text per hit:
 * most of what counting a page's total cost a new process (1M pairs,
 * measured with perf). The filters and the page are applied here. */

static int runs_open(bt_store_match *m, bt_store_match **out, const bt_store_match_opts *o)
{
	bt_corpus *c = m->c;
	int rc;
	m->o = *o;
	m->skip = o->limit >= 0 ? o->offset : 0;
	m->left = o->limit;
	if ((rc = check_table(o->runs)) != 0 ||
	    (rc = bt_buf_printf(&m->sql, "SELECT rowid FROM %1$s WHERE %1$s MATCH ?1%2$s ORDER BY rowid", o->table,
				o->pair || o->filter ? " AND rowid BETWEEN ?2 AND ?3" : "")) != 0 ||
	    (rc = bt_buf_printf(&m->run_sql, "SELECT lo, hi, doc, alt FROM %s WHERE lo <= ?1 ORDER BY lo DESC LIMIT 1",
				o->runs)) != 0 ||
	    (rc = bt_st_take(c, m->sql.ptr, &m->st)) != 0 || (rc = bt_st_take(c, m->run_sql.ptr, &m->run_st)) != 0 ||
	    (rc = bt_st_take(c,
			     "SELECT d.side = 'tgt', d.pair_id, p.date FROM documents d JOIN pairs p ON p.id = d.pair_id"
			     " WHERE d.id = ?1",
			     &m->doc_st)) != 0 ||
	    (rc = bt_st_take(c, "SELECT doc_id FROM segments WHERE id = ?1", &m->one_st)) != 0) {
		bt_store_match_free(m);
		return rc;
	}
	bind_match(m->st, o);
	if (o->filter) {
		sqlite3_bind_int64(m->st, 2, o->pair ? o->lo : INT64_MIN);
		sqlite3_bind_int64(m->st, 3, o->pair ? o->hi : INT64_MAX);
		if ((rc = bt_buf_printf(&m->flt_sql,
					"SELECT rowid FROM %1$s WHERE %1$s MATCH ?1 AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid",
					o->filter)) != 0 ||
		    (rc = bt_st_take(c, m->flt_sql.ptr, &m->flt_st)) != 0 ||
		    (o->filter_not &&
		     ((rc = bt_buf_printf(&m->row_sql, "SELECT 1 FROM %s WHERE rowid = ?1", o->filter)) != 0 ||
		      (rc = bt_st_take(c, m->row_sql.ptr, &m->row_st)) != 0))) {
			bt_store_match_free(m);
			return rc;
		}
		sqlite3_bind_text(m->flt_st, 1, o->filter_match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(m->flt_st, 3, o->pair ? o->hi : INT64_MAX);
		m->flt_at = INT64_MIN;
	}
	*out = m;
	return 0;
}

/* ---- the filter, read beside the hits ----
 * Both are in rowid order. The one behind steps to the other, and after
 * a few steps starts again from the other's id (FTS5 then seeks each
 * word's list of rows): a rare word filtered by a common one reads few
 * rows of either. */
enum { FLT_STEPS = 8 };

static int flt_step(bt_store_match *m)
{
	int step = sqlite3_step(m->flt_st);
	if (step == SQLITE_ROW) {
		m->flt_at = sqlite3_column_int64(m->flt_st, 0);
		return 0;
	}
	m->flt_done = 1;
	return step == SQLITE_DONE ? 0 : match_fail(m);
}

static int flt_seek(bt_store_match *m, long long from)
{
	sqlite3_reset(m->flt_st);
	sqlite3_bind_int64(m->flt_st, 2, from);
	return flt_step(m);
}

/* The filter at id or past it (or done); its first read seeks. */
static int flt_reach(bt_store_match *m, long long id)
{
	int rc = 0;
	for (int k = 0; !rc && !m->flt_done && m->flt_at < id; k++)
		rc = k < FLT_STEPS && m->flt_at != INT64_MIN ? flt_step(m) : flt_seek(m, id);
	return rc;
}

/* filter_not: does the filter's table have a row for id? */
static int flt_has_row(bt_store_match *m, long long id, int *yes)
{
	int step;
	sqlite3_bind_int64(m->row_st, 1, id);
	step = sqlite3_step(m->row_st);
	sqlite3_reset(m->row_st);
	*yes = step == SQLITE_ROW;
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : match_fail(m);
}

/* The hits from id `from` on. */
static void hits_seek(bt_store_match *m, long long from)
{
	sqlite3_reset(m->st);
	sqlite3_bind_int64(m->st, 2, m->o.pair && m->o.lo > from ? m->o.lo : from);
	m->misses = 0;
}

/* Document `doc`'s side, pair and date into m->cur, from the two kept
 * or read. 1 when the document is gone. */
static int runs_doc(bt_store_match *m, long long doc)
{
	struct match_doc *d;
	int step, rc = 0;
	for (int i = 0; i < 2; i++)
		if (m->docs[i].doc == doc) {
			m->cur = &m->docs[i];
			return 0;
		}
	d = &m->docs[m->older];
	m->older ^= 1;
	d->doc = -1;
	sqlite3_bind_int64(m->doc_st, 1, doc);
	step = sqlite3_step(m->doc_st);
	if (step == SQLITE_ROW) {
		const char *pair = (const char *)sqlite3_column_text(m->doc_st, 1);
		const char *date = (const char *)sqlite3_column_text(m->doc_st, 2);
		d->side = sqlite3_column_int(m->doc_st, 0);
		d->dated = date != NULL;
		bt_buf_clear(&d->pair);
		bt_buf_clear(&d->date);
		if ((rc = bt_buf_puts(&d->pair, pair ? pair : "")) == 0)
			rc = bt_buf_puts(&d->date, date ? date : "");
		d->doc = rc ? -1 : doc;
	}
	sqlite3_reset(m->doc_st);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? 1 : bt_store_fail(m->c, "search");
	m->cur = d;
	return rc;
}

/* The run that `id` is in (or, where no run holds it, the one segment).
 * 1 when the segment is gone. */
static int runs_find(bt_store_match *m, long long id)
{
	int step;
	m->run.lo = m->run.hi = id, m->run.doc = m->run.alt = -1;
	sqlite3_bind_int64(m->run_st, 1, id);
	if ((step = sqlite3_step(m->run_st)) == SQLITE_ROW && sqlite3_column_int64(m->run_st, 1) >= id) {
		m->run.lo = sqlite3_column_int64(m->run_st, 0);
		m->run.hi = sqlite3_column_int64(m->run_st, 1);
		m->run.doc = sqlite3_column_int64(m->run_st, 2);
		if (sqlite3_column_type(m->run_st, 3) != SQLITE_NULL)
			m->run.alt = sqlite3_column_int64(m->run_st, 3);
	}
	sqlite3_reset(m->run_st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return bt_store_fail(m->c, "search");
	if (m->run.doc < 0) {
		sqlite3_bind_int64(m->one_st, 1, id);
		step = sqlite3_step(m->one_st);
		if (step == SQLITE_ROW)
			m->run.doc = sqlite3_column_int64(m->one_st, 0);
		sqlite3_reset(m->one_st);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return bt_store_fail(m->c, "search");
		if (m->run.doc < 0)
			return 1;
	}
	return 0;
}

/* A date against since or until, at the shorter of the two precisions. */
static int date_cmp(const char *date, const char *bound)
{
	size_t a = strlen(date), b = strlen(bound);
	return strncmp(date, bound, a < b ? a : b);
}

static int runs_keep(const bt_store_match *m)
{
	const bt_store_match_opts *o = &m->o;
	const struct match_doc *d = m->cur;
	const char *date = d->date.ptr ? d->date.ptr : "";
	if (o->side >= 0 && d->side != o->side)
		return 0;
	if (o->pair && strcmp(d->pair.ptr ? d->pair.ptr : "", o->pair) != 0)
		return 0;
	if ((o->since || o->until) && !d->dated)
		return 0;
	return (!o->since || date_cmp(date, o->since) >= 0) && (!o->until || date_cmp(date, o->until) <= 0);
}

static int runs_next(bt_store_match *m, bt_store_hit *h)
{
	int step = SQLITE_DONE, rc;
	while (m->left != 0 && (step = sqlite3_step(m->st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(m->st, 0);
		if (m->flt_st && !m->o.filter_not) { /* the hits it matches */
			if ((rc = flt_reach(m, id)) != 0)
				return rc;
			if (m->flt_done)
				break;
			if (m->flt_at != id) {
				if (++m->misses >= FLT_STEPS)
					hits_seek(m, m->flt_at);
				continue;
			}
			m->misses = 0;
		} else if (m->flt_st) { /* those it does not, that it has a row for */
			int row = 0;
			if ((rc = flt_reach(m, id)) != 0)
				return rc;
			if (!m->flt_done && m->flt_at == id)
				continue;
			if ((rc = flt_has_row(m, id, &row)) != 0)
				return rc;
			if (!row)
				continue;
		}
		if ((id < m->run.lo || id > m->run.hi) && (rc = runs_find(m, id)) != 0) {
			if (rc < 0)
				return rc;
			m->run.lo = 1, m->run.hi = 0; /* a segment gone meanwhile */
			continue;
		}
		/* in a run of two documents, every other id is the other's */
		rc = runs_doc(m, m->run.alt >= 0 && (id - m->run.lo) % 2 ? m->run.alt : m->run.doc);
		if (rc < 0)
			return rc;
		if (rc > 0 || !runs_keep(m))
			continue;
		if (m->skip > 0) {
			m->skip--;
			continue;
		}
		if (m->left > 0)
			m->left--;
		h->id = id;
		h->side = m->cur->side;
		h->pair = m->cur->pair.ptr ? m->cur->pair.ptr : "";
		h->date = m->cur->dated ? m->cur->date.ptr : NULL;
		return 0;
	}
	if (m->left == 0 || step == SQLITE_DONE || step == SQLITE_ROW /* the filter is done */)
		return BT_ITEROVER;
	return match_fail(m);
}

int bt_store_match_open(bt_store_match **out, bt_corpus *c, const bt_store_match_opts *o)
{
	bt_store_match *m;
	int rc;
	*out = NULL;
	if ((rc = check_table(o->table)) != 0 || (o->filter && (rc = check_table(o->filter)) != 0))
		return rc;
	if (!(m = bt_malloc(sizeof *m)))
		return bt_fail_nomem();
	memset(m, 0, sizeof *m);
	m->c = c, m->what = o->what, m->fix = o->fix;
	m->run.lo = 1, m->run.hi = 0, m->run.doc = m->run.alt = -1;
	m->docs[0].doc = m->docs[1].doc = -1;
	if (o->runs && !o->by_date && has_table(c, o->runs))
		return runs_open(m, out, o);
	if ((rc = match_sql(&m->sql, o)) != 0 || (rc = bt_st_take(c, m->sql.ptr, &m->st)) != 0) {
		bt_store_match_free(m);
		return rc;
	}
	bind_match(m->st, o);
	if (o->pair)
		sqlite3_bind_text(m->st, 4, o->pair, -1, SQLITE_STATIC);
	if (o->since)
		sqlite3_bind_text(m->st, 5, o->since, -1, SQLITE_STATIC);
	if (o->until)
		sqlite3_bind_text(m->st, 6, o->until, -1, SQLITE_STATIC);
	if (o->filter)
		sqlite3_bind_text(m->st, 9, o->filter_match, -1, SQLITE_STATIC);
	if (o->limit >= 0) {
		sqlite3_bind_int64(m->st, 7, o->limit);
		sqlite3_bind_int64(m->st, 8, o->offset);
	}
	*out = m;
	return 0;
}

int bt_store_match_next(bt_store_match *m, bt_store_hit *h)
{
	int step;
	if (m->run_st)
		return runs_next(m, h);
	step = sqlite3_step(m->st);
	if (step == SQLITE_ROW) {
		h->id = sqlite3_column_int64(m->st, 0);
		h->side = sqlite3_column_int(m->st, 1);
		h->pair = (const char *)sqlite3_column_text(m->st, 2);
		h->date = (const char *)sqlite3_column_text(m->st, 3);
		return 0;
	}
	if (step == SQLITE_DONE)
		return BT_ITEROVER;
	return match_fail(m);
}

void bt_store_match_free(bt_store_match *m)
{
	if (!m)
		return;
	bt_st_give(m->c, m->st);
	bt_st_give(m->c, m->run_st);
	bt_st_give(m->c, m->doc_st);
	bt_st_give(m->c, m->one_st);
	bt_st_give(m->c, m->flt_st);
	bt_st_give(m->c, m->row_st);
	bt_buf_dispose(&m->flt_sql);
	bt_buf_dispose(&m->row_sql);
	bt_buf_dispose(&m->sql);
	bt_buf_dispose(&m->run_sql);
	for (int i = 0; i < 2; i++) {
		bt_buf_dispose(&m->docs[i].pair);
		bt_buf_dispose(&m->docs[i].date);
	}
	bt_free(m);
}

int bt_store_match_count(bt_corpus *c, const char *table, const char *match, int side, long long cap, long long *n)
{
	bt_buf sql = BT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;
	if ((rc = check_table(table)) != 0)
		return rc;
	if ((rc = bt_buf_printf(&sql,
				"SELECT count(*) FROM (SELECT f.rowid FROM %1$s f"
				" CROSS JOIN segments s ON s.id = f.rowid CROSS JOIN documents d ON d.id = s.doc_id"
				" WHERE %1$s MATCH ?1 AND (?3 IS NULL OR d.side = ?3) LIMIT ?2)",
				table)) != 0 ||
	    (rc = bt_st_take(c, sql.ptr, &st)) != 0)
		goto done;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cap);
	if (side >= 0)
		sqlite3_bind_text(st, 3, bt_st_side(side), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "count");
	bt_st_give(c, st);
done:
	bt_buf_dispose(&sql);
	return rc;
}
