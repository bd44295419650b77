/* store_match.c: the segments a module's full-text table matches, with the
 * store's filters on pairs and sides (store.h, "Modules"): one statement,
 * so that SQLite walks the index in rowid order and stops at the page's
 * end. */
#include "error.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

struct bt_store_match {
	bt_corpus *c;
	sqlite3_stmt *st;
	const char *what, *fix;
	bt_buf sql;
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

int bt_store_match_open(bt_store_match **out, bt_corpus *c, const bt_store_match_opts *o)
{
	bt_store_match *m;
	int rc;
	*out = NULL;
	if ((rc = check_table(o->table)) != 0)
		return rc;
	if (!(m = bt_malloc(sizeof *m)))
		return bt_fail_nomem();
	memset(m, 0, sizeof *m);
	m->c = c, m->what = o->what, m->fix = o->fix;
	if ((rc = match_sql(&m->sql, o)) != 0 || (rc = bt_st_take(c, m->sql.ptr, &m->st)) != 0) {
		bt_store_match_free(m);
		return rc;
	}
	sqlite3_bind_text(m->st, 1, o->match, -1, SQLITE_STATIC);
	if (o->pair) {
		sqlite3_bind_int64(m->st, 2, o->lo);
		sqlite3_bind_int64(m->st, 3, o->hi);
		sqlite3_bind_text(m->st, 4, o->pair, -1, SQLITE_STATIC);
	}
	if (o->since)
		sqlite3_bind_text(m->st, 5, o->since, -1, SQLITE_STATIC);
	if (o->until)
		sqlite3_bind_text(m->st, 6, o->until, -1, SQLITE_STATIC);
	if (o->limit >= 0) {
		sqlite3_bind_int64(m->st, 7, o->limit);
		sqlite3_bind_int64(m->st, 8, o->offset);
	}
	*out = m;
	return 0;
}

int bt_store_match_next(bt_store_match *m, bt_store_hit *h)
{
	int step = sqlite3_step(m->st);
	if (step == SQLITE_ROW) {
		h->id = sqlite3_column_int64(m->st, 0);
		h->side = sqlite3_column_int(m->st, 1);
		h->pair = (const char *)sqlite3_column_text(m->st, 2);
		h->date = (const char *)sqlite3_column_text(m->st, 3);
		return 0;
	}
	if (step == SQLITE_DONE)
		return BT_ITEROVER;
	/* what the full-text table cannot run, as its owner puts it */
	if (m->what &&
	    (sqlite3_extended_errcode(m->c->db) == SQLITE_ERROR || sqlite3_errcode(m->c->db) == SQLITE_CORRUPT_VTAB))
		return bt_fail(BT_EDB, m->c->path, -1, -1, "%s cannot run this query (%s); %s", m->what,
			       sqlite3_errmsg(m->c->db), m->fix ? m->fix : "");
	return bt_store_fail(m->c, "search");
}

void bt_store_match_free(bt_store_match *m)
{
	if (!m)
		return;
	bt_st_give(m->c, m->st);
	bt_buf_dispose(&m->sql);
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
