/* store_history.c: the history of link changes, undo and redo
 * (bt_corpus_history(), bt_corpus_undo(): bitext.h; store.h, "history").
 *
 * An entry holds a pair's links before and after one change, packed as
 * text, and a hash of the pair's segments before and after: links point
 * at segments by ordinal, so links are only put back on the segments they
 * were made for. `undone` is 0, or the order in which entries were undone
 * (1, 2, ...): redo takes the one undone last, as an editor's redo does;
 * within a pair that is always its oldest undone one.
 *
 * A change that replaced the pair's rows (a re-add) also keeps, in
 * `changes`, an SQLite changeset of the rows it wrote (the session
 * extension: bt_store_history_watch()); undo applies it inverted and redo
 * as it is, so documents, paragraphs and segments come back exactly, ids
 * and all. Links are not in it (they are the packed lists, as for every
 * entry): undoing the re-alignment that followed a re-add renumbers them.
 * Any row that differs from what the changeset expects (the pair marked
 * reviewed since, say) refuses the undo rather than overwrite it. */
/* the session extension's declarations (Debian's libsqlite3 has it) */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include "error.h"
#include "hash.h"
#include "store_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- snapshots ---- */

static int pack_cb(void *ud, const bt_store_link *l)
{
	bt_store_hist *h = ud;
	h->n++;
	/* the last field: 1 made by hand, 2 moved (entries older than moved
	 * links have 0 or 1) */
	return bt_buf_printf(&h->links, "%zu %zu %zu %zu %.17g %d\n", l->l.src_first, l->l.src_n, l->l.tgt_first,
			     l->l.tgt_n, l->l.score, (l->manual != 0) | ((l->l.flags & BT_LINK_MOVED) ? 2 : 0));
}

static int segs_hash(bt_corpus *c, const char *pair, uint64_t *out)
{
	sqlite3_stmt *st;
	uint64_t h = BT_HASH_INIT;
	int rc, r;
	if ((rc = bt_st_take(c,
			     "SELECT d.side, s.ordinal, s.text FROM segments s JOIN documents d ON d.id = s.doc_id"
			     " WHERE d.pair_id = ? ORDER BY d.side, s.ordinal",
			     &st)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *side = (const char *)sqlite3_column_text(st, 0);
		long long ord = sqlite3_column_int64(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 2);
		h = bt_hash_more(h, side ? side : "", 3);
		h = bt_hash_more(h, &ord, sizeof ord);
		h = bt_hash_more(h, &len, sizeof len);
		h = bt_hash_more(h, sqlite3_column_text(st, 2), len);
	}
	bt_st_give(c, st);
	if (r != SQLITE_DONE)
		return bt_store_fail(c, "read segments");
	*out = h;
	return 0;
}

int bt_store_history_snap(bt_corpus *c, const char *pair, bt_store_hist *h)
{
	int rc;
	bt_buf_clear(&h->links);
	h->n = 0;
	if (!h->pair && !(h->pair = bt_strdup(pair)))
		return bt_fail_nomem();
	if ((rc = bt_buf_puts(&h->links, "")) != 0 || (rc = bt_store_links_read(c, pair, 0, pack_cb, h)) != 0)
		return rc;
	return segs_hash(c, pair, &h->segs);
}

void bt_store_hist_dispose(bt_store_hist *h)
{
	if (h->session)
		sqlite3session_delete(h->session);
	h->session = NULL;
	bt_free(h->pair);
	bt_buf_dispose(&h->links);
	h->pair = NULL;
}

/* ---- the keep setting ---- */

static int get_keep(bt_corpus *c, long long *keep)
{
	bt_buf v = BT_BUF_INIT;
	int rc = bt_store_get_setting(c, "history_keep", &v);
	*keep = BT_HISTORY_KEEP;
	if (rc == BT_ENOTFOUND)
		rc = 0;
	else if (!rc)
		*keep = strtoll(v.ptr, NULL, 10);
	bt_buf_dispose(&v);
	return rc;
}

/* The pair's entries beyond the last `keep` dropped. */
static int trim(bt_corpus *c, const char *pair, long long keep)
{
	sqlite3_stmt *st;
	int rc = bt_st_take(c,
			    pair ? "DELETE FROM history WHERE pair_id = ?1 AND id NOT IN"
				   " (SELECT id FROM history WHERE pair_id = ?1 ORDER BY id DESC LIMIT ?2)"
				 : "DELETE FROM history WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER"
				   " (PARTITION BY pair_id ORDER BY id DESC) AS k FROM history) WHERE k > ?2)",
			    &st);
	if (rc)
		return rc;
	if (pair)
		sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, keep);
	return bt_st_run(c, st, "trim the history");
}

int bt_corpus_history_keep(long long *keep, bt_corpus *c, long long set)
{
	char v[32];
	int rc;
	long long dummy;
	if (!keep)
		keep = &dummy;
	if (set < 0)
		return get_keep(c, keep);
	snprintf(v, sizeof v, "%lld", set);
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = bt_store_set_setting(c, "history_keep", v)) != 0 || (rc = trim(c, NULL, set)) != 0) {
		bt_store_rollback(c);
		return rc;
	}
	*keep = set;
	return bt_store_commit(c);
}

/* ---- recording ---- */

/* The tables of a pair's rows, children first: an inverted changeset
 * then deletes a document's segments before the document. Links are
 * the packed lists' (see above); tmx_units hang on links. A correction
 * (corrections.c) is recorded the same way, its corrections row with it. */
static const char *const watched[] = {"tmx_segments", "paragraphs", "segments", "documents", "pairs", "corrections"};

int bt_store_history_watch(bt_corpus *c, bt_store_hist *h)
{
	sqlite3_session *s = NULL;
	int r = sqlite3session_create(c->db, "main", &s);
	for (size_t i = 0; r == SQLITE_OK && i < sizeof watched / sizeof *watched; i++)
		r = sqlite3session_attach(s, watched[i]);
	if (r != SQLITE_OK) {
		if (s)
			sqlite3session_delete(s);
		return r == SQLITE_NOMEM ? bt_fail_nomem() : bt_store_fail(c, "record the pair's rows");
	}
	h->session = s;
	return 0;
}

/* The watched rows' changeset bound to parameter i of st (NULL without a
 * session); *mem to sqlite3_free(). */
static int bind_changes(bt_corpus *c, bt_store_hist *h, sqlite3_stmt *st, int i, void **mem)
{
	int n = 0, r;
	*mem = NULL;
	if (!h->session)
		return sqlite3_bind_null(st, i), 0;
	r = sqlite3session_changeset(h->session, &n, mem);
	sqlite3session_delete(h->session); /* what follows (a re-alignment) is its own entry */
	h->session = NULL;
	if (r != SQLITE_OK)
		return r == SQLITE_NOMEM ? bt_fail_nomem() : bt_store_fail(c, "record the pair's rows");
	sqlite3_bind_blob(st, i, *mem, n, SQLITE_STATIC);
	return 0;
}

int bt_store_history_record(bt_corpus *c, bt_store_hist *h, const char *what)
{
	bt_store_hist now = BT_STORE_HIST_INIT;
	sqlite3_stmt *st;
	long long keep;
	void *mem = NULL;
	int rc;
	if ((rc = get_keep(c, &keep)) != 0 || keep <= 0)
		return rc;
	if ((rc = bt_store_history_snap(c, h->pair, &now)) != 0)
		goto done;
	if (now.segs == h->segs && now.links.len == h->links.len &&
	    memcmp(now.links.ptr, h->links.ptr, h->links.len) == 0)
		goto done; /* nothing changed */
	/* a new change ends what could be redone of the pair */
	if ((rc = bt_st_take(c, "DELETE FROM history WHERE pair_id = ? AND undone", &st)) != 0)
		goto done;
	sqlite3_bind_text(st, 1, h->pair, -1, SQLITE_STATIC);
	if ((rc = bt_st_run(c, st, "write the history")) != 0)
		goto done;
	if ((rc = bt_st_take(c,
			     "INSERT INTO history(pair_id, what, segs_before, segs, links_before, links_after,"
			     " n_before, n_after, changes) VALUES (?,?,?,?,?,?,?,?,?)",
			     &st)) != 0)
		goto done;
	if ((rc = bind_changes(c, h, st, 9, &mem)) != 0) {
		bt_st_give(c, st);
		goto done;
	}
	sqlite3_bind_text(st, 1, h->pair, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)h->segs);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now.segs);
	sqlite3_bind_text(st, 5, h->links.ptr, (int)h->links.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now.links.ptr, (int)now.links.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, h->n);
	sqlite3_bind_int64(st, 8, now.n);
	if ((rc = bt_st_run(c, st, "write the history")) == 0)
		rc = trim(c, h->pair, keep);
done:
	sqlite3_free(mem);
	bt_store_hist_dispose(&now);
	return rc;
}

/* ---- reading ---- */

#define ENTRY_COLS                                                                                                    \
	"SELECT id, pair_id, what, at, n_before, n_after, undone, segs_before <> segs, segs_before, segs,"           \
	" links_before, links_after, changes FROM history"

static void entry_from(sqlite3_stmt *st, bt_history_entry *e)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	snprintf(e->pair, sizeof e->pair, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(e->what, sizeof e->what, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(e->at, sizeof e->at, "%s", (const char *)sqlite3_column_text(st, 3));
	e->links_before = sqlite3_column_int64(st, 4);
	e->links_after = sqlite3_column_int64(st, 5);
	e->undone = sqlite3_column_int(st, 6) != 0;
	e->segments_changed = sqlite3_column_int(st, 7) != 0;
}

int bt_corpus_history(bt_corpus *c, const char *pair, bt_history_fn fn, void *ud)
{
	sqlite3_stmt *st;
	bt_history_entry e;
	int rc, r, exists = 1;
	size_t n = 0;
	if ((rc = bt_st_take(c, ENTRY_COLS " WHERE ?1 IS NULL OR pair_id = ?1 ORDER BY id DESC", &st)) != 0)
		return rc;
	if (pair)
		sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		entry_from(st, &e);
		n++;
		if ((rc = fn(ud, &e)) != 0)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read the history");
	bt_st_give(c, st);
	/* a pair id with no history: a typo is said, not answered with nothing
	 * (a removed pair's history stays, so only an unknown id gets here) */
	if (!rc && pair && !n && (rc = bt_store_pair_exists(c, pair, &exists)) == 0 && !exists)
		rc = bt_fail(BT_ENOTFOUND, bt_store_path(c), -1, -1, "no pair '%s' in this corpus", pair);
	return rc;
}

/* ---- undo, redo ---- */

/* Packed links (pack_cb) back into v and manual; *n their number. */
static int unpack(const char *p, bt_link **v, unsigned char **manual, size_t *n)
{
	size_t cap = 1;
	*n = 0;
	for (const char *q = p; *q; q++)
		cap += *q == '\n';
	if (!(*v = bt_malloc(cap * sizeof **v)) || !(*manual = bt_malloc(cap)))
		return bt_fail_nomem();
	while (*p) {
		bt_link *l = &(*v)[*n];
		int m = 0, used = 0;
		if (sscanf(p, "%zu %zu %zu %zu %lf %d\n%n", &l->src_first, &l->src_n, &l->tgt_first, &l->tgt_n, &l->score,
			   &m, &used) != 6 || used <= 0)
			return bt_fail(BT_EDB, NULL, -1, -1, "a history entry is damaged (link %zu)", *n);
		if (m < 0 || m > 3)
			return bt_fail(BT_EDB, NULL, -1, -1, "a history entry is damaged (link %zu)", *n);
		l->flags = (m & 2) ? BT_LINK_MOVED : 0;
		(*manual)[(*n)++] = (unsigned char)(m & 1);
		p += used;
	}
	return 0;
}

/* Why the entry cannot be undone (redone) now, or 0. */
static int check_now(bt_corpus *c, sqlite3_stmt *st, const bt_history_entry *e, int redo)
{
	bt_store_hist now = BT_STORE_HIST_INIT;
	const char *verb = redo ? "redo" : "undo", *links;
	uint64_t segs = (uint64_t)sqlite3_column_int64(st, redo ? 8 : 9);
	int rc, exists = 0;
	if (e->segments_changed && sqlite3_column_type(st, 12) == SQLITE_NULL)
		return bt_fail(BT_ECONFLICT, NULL, -1, -1,
			       "cannot %s '%s' on pair '%s' of %.10s %.5s: it changed the pair's sentences, which undo "
			       "cannot put back (add the earlier files again)",
			       verb, e->what, e->pair, e->at, e->at + 11);
	if ((rc = bt_store_pair_exists(c, e->pair, &exists)) != 0)
		return rc;
	if (!exists)
		return bt_fail(BT_ECONFLICT, NULL, -1, -1, "cannot %s '%s' on pair '%s': the pair is no longer in the corpus",
			       verb, e->what, e->pair);
	if ((rc = bt_store_history_snap(c, e->pair, &now)) != 0)
		goto done;
	links = (const char *)sqlite3_column_text(st, redo ? 10 : 11);
	if (now.segs != segs)
		rc = bt_fail(BT_ECONFLICT, NULL, -1, -1,
			     "cannot %s '%s' on pair '%s' of %.10s %.5s: the pair's sentences changed since (added "
			     "again)",
			     verb, e->what, e->pair, e->at, e->at + 11);
	else if (strcmp(now.links.ptr, links ? links : "") != 0)
		rc = bt_fail(BT_ECONFLICT, NULL, -1, -1,
			     "cannot %s '%s' on pair '%s' of %.10s %.5s: its links changed since by a command the history "
			     "does not hold",
			     verb, e->what, e->pair, e->at, e->at + 11);
done:
	bt_store_hist_dispose(&now);
	return rc;
}

/* What the first conflicting row of a changeset was. */
typedef struct conflict {
	const char *table;
	int type;
} conflict;

static int on_conflict(void *ud, int type, sqlite3_changeset_iter *it)
{
	conflict *k = ud;
	const char *table = NULL;
	int ncol, op, indirect;
	if (!k->table && sqlite3changeset_op(it, &table, &ncol, &op, &indirect) == SQLITE_OK) {
		/* the name outlives the iterator: it is one of ours */
		for (size_t i = 0; i < sizeof watched / sizeof *watched; i++)
			if (table && strcmp(table, watched[i]) == 0)
				k->table = watched[i];
		k->type = type;
	}
	return SQLITE_CHANGESET_ABORT;
}

/* The entry's rows (a re-add's changeset, column 12) put back (undo: the
 * changeset inverted) or made again (redo). */
static int apply_rows(bt_corpus *c, sqlite3_stmt *st, const bt_history_entry *e, int redo)
{
	const void *cs = sqlite3_column_blob(st, 12);
	int n = sqlite3_column_bytes(st, 12), inv_n = 0, r;
	void *inv = NULL;
	conflict k = {NULL, 0};
	if (!cs || !n)
		return 0;
	if (!redo && (r = sqlite3changeset_invert(n, cs, &inv_n, &inv)) != SQLITE_OK)
		return r == SQLITE_NOMEM ? bt_fail_nomem() : bt_fail(BT_EDB, NULL, -1, -1, "history entry #%lld is damaged", e->id);
	r = sqlite3changeset_apply(c->db, redo ? n : inv_n, redo ? (void *)cs : inv, NULL, on_conflict, &k);
	sqlite3_free(inv);
	if (r == SQLITE_OK)
		return 0;
	if (r == SQLITE_ABORT)
		return bt_fail(BT_ECONFLICT, NULL, -1, -1,
			       "cannot %s '%s' on pair '%s' of %.10s %.5s: its rows in %s changed since (%s), which %s would"
			       " overwrite",
			       redo ? "redo" : "undo", e->what, e->pair, e->at, e->at + 11, k.table ? k.table : "stored",
			       k.type == SQLITE_CHANGESET_DATA       ? "other values"
			       : k.type == SQLITE_CHANGESET_NOTFOUND ? "a row gone"
			       : k.type == SQLITE_CHANGESET_CONFLICT ? "a row in the way"
								     : "a constraint",
			       redo ? "redo" : "undo");
	return r == SQLITE_NOMEM ? bt_fail_nomem() : bt_store_fail(c, redo ? "redo" : "undo");
}

/* The entry's other state written, and the entry marked. */
static int apply_entry(bt_corpus *c, sqlite3_stmt *st, const bt_history_entry *e, int redo)
{
	const char *packed = (const char *)sqlite3_column_text(st, redo ? 11 : 10);
	bt_link *v = NULL;
	unsigned char *manual = NULL;
	sqlite3_stmt *up;
	size_t n;
	int rc;
	if ((rc = unpack(packed ? packed : "", &v, &manual, &n)) == 0 && (rc = apply_rows(c, st, e, redo)) == 0 &&
	    (rc = bt_store_links_replace(c, e->pair, v, manual, n)) == 0 &&
	    (rc = bt_st_take(c,
			     "UPDATE history SET undone = CASE WHEN ?1 THEN (SELECT max(undone) + 1 FROM history) ELSE 0 END"
			     " WHERE id = ?2",
			     &up)) == 0) {
		sqlite3_bind_int(up, 1, !redo);
		sqlite3_bind_int64(up, 2, e->id);
		rc = bt_st_run(c, up, "write the history");
	}
	bt_free(v);
	bt_free(manual);
	return rc;
}

static int nothing(const bt_undo_opts *o)
{
	if (o->pair)
		return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "nothing to %s for pair '%s'", o->redo ? "redo" : "undo", o->pair);
	return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "nothing to %s", o->redo ? "redo" : "undo");
}

int bt_corpus_undo(bt_history_entry *out, bt_corpus *c, const bt_undo_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_UNDO_OPTS_VERSION, "bt_corpus_undo");
	static const bt_undo_opts defaults = BT_UNDO_OPTS_INIT;
	bt_history_entry e;
	sqlite3_stmt *st = NULL;
	int rc, r;
	if (!opts)
		opts = &defaults;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = bt_st_take(c,
			     opts->redo ? ENTRY_COLS " WHERE undone AND (?1 IS NULL OR pair_id = ?1) ORDER BY undone DESC LIMIT 1"
					: ENTRY_COLS " WHERE NOT undone AND (?1 IS NULL OR pair_id = ?1) ORDER BY id DESC LIMIT 1",
			     &st)) != 0)
		goto done;
	if (opts->pair)
		sqlite3_bind_text(st, 1, opts->pair, -1, SQLITE_STATIC);
	if ((r = sqlite3_step(st)) != SQLITE_ROW) {
		rc = r == SQLITE_DONE ? nothing(opts) : bt_store_fail(c, "read the history");
		goto done;
	}
	entry_from(st, &e);
	if (opts->expect > 0 && e.id != opts->expect) {
		rc = bt_fail(BT_ECONFLICT, NULL, -1, -1,
			     "the history changed since it was read (the change to %s is now #%lld, not #%lld); reload",
			     opts->redo ? "redo" : "undo", e.id, opts->expect);
		goto done;
	}
	if ((rc = check_now(c, st, &e, opts->redo)) != 0 || (rc = apply_entry(c, st, &e, opts->redo)) != 0)
		goto done;
	bt_st_give(c, st);
	st = NULL;
	if ((rc = bt_store_commit(c)) == 0 && out) {
		*out = e;
		out->undone = !opts->redo;
	}
	return rc;
done:
	bt_st_give(c, st);
	bt_store_rollback(c);
	return rc;
}
