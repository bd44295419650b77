/* concord_tr.c: the index of each segment's aligned translation, for
 * --tgt-has and --tgt-lacks (issue 17).
 *
 * concord_tr is a full-text table keyed by segment id, as concord_fts is,
 * whose row for a segment holds the text of the segments it is linked with
 * on the other side (none when it is unaligned or linked with nothing).
 * A filter on the translation is then a second MATCH read beside the hits
 * in rowid order (bt_store_match_opts.filter) instead of a read of each
 * hit's link and text: with a common word, 55k hits read one by one cost
 * 0.6 s on 1M pairs. A hit lacks the words when it has a row that they
 * do not match: an unaligned hit passes neither filter, as when each hit
 * was read.
 *
 * The table keeps its content (the text it indexed), so that a row is
 * deleted by its id whatever has changed since; a pair's rows are made
 * again when its links change (triggers queue the pair in
 * concord_tr_pending) or a segment of it is written or deleted (the
 * module's feed), by the precommit. */
#include "concord.h"
#include "error.h"
#include "strtab.h"

#include <stdlib.h>
#include <string.h>

struct tr_seg {
	long long id;
	size_t ordinal, at, len; /* text at `at` in the side's buffer */
	int linked;              /* in a link with both sides (links that overlap:
				    the first), whose other side is: */
	size_t ofirst, on;
};

struct tr_side {
	struct tr_seg *v;
	size_t n, cap;
	bt_buf text;
};

static void side_dispose(struct tr_side *s)
{
	bt_free(s->v);
	bt_buf_dispose(&s->text);
	memset(s, 0, sizeof *s);
}

static int side_read(bt_corpus *c, const char *pair, int side, struct tr_side *out)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc;
	out->n = 0;
	bt_buf_clear(&out->text);
	if ((rc = bt_store_segs_open(&it, c, pair, side, 0, (size_t)-1)) != 0)
		return rc;
	while ((rc = bt_store_segs_next(it, &g)) == 0) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? out->cap * 2 : 256;
			struct tr_seg *v = bt_realloc(out->v, cap * sizeof *v);
			if (!v) {
				rc = bt_fail_nomem();
				break;
			}
			out->v = v, out->cap = cap;
		}
		out->v[out->n++] = (struct tr_seg){g.id, g.ordinal, out->text.len, g.len, 0, 0, 0};
		if ((rc = bt_buf_put(&out->text, g.text, g.len)) != 0)
			break;
	}
	bt_store_segs_free(it);
	return rc == BT_ITEROVER ? 0 : rc;
}

/* The first segment at or after `ordinal` (segments are read in order). */
static size_t side_find(const struct tr_side *s, size_t ordinal)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].ordinal < ordinal)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The texts of a side's segments [first, first + n), joined by spaces
 * (as a hit shows them), into *out; empty when there are none. */
static int joined_text(const struct tr_side *s, size_t first, size_t n, bt_buf *out)
{
	int rc = 0;
	bt_buf_clear(out);
	for (size_t i = side_find(s, first); !rc && i < s->n && s->v[i].ordinal < first + n; i++) {
		if (out->len)
			rc = bt_buf_put(out, " ", 1);
		if (!rc)
			rc = bt_buf_put(out, s->text.ptr + s->v[i].at, s->v[i].len);
	}
	return rc;
}

struct tr_row {
	long long id;
	int side;
	size_t at; /* in side[side].v */
};

/* A row the index holds: its text at `at` in tr_build.old_text. */
struct tr_old {
	long long id;
	size_t at, len;
};

/* Ids further apart than this are read in two ranges (old_rows()). */
#define OLD_ROWS_GAP 64

struct tr_build {
	bt_corpus *c;
	sqlite3_stmt *ins, *del, *old;
	struct tr_side side[2];
	struct tr_row *rows;
	size_t n_rows, cap_rows;
	bt_buf other; /* the other side of the last row written: */
	int other_side;
	size_t other_first, other_n;
	long long written;
	long long *ids; /* the pair's segments, both sides, by id */
	size_t n_ids, cap_ids;
	struct tr_old *olds; /* the rows the index holds of them, by id */
	size_t n_olds, cap_olds;
	bt_buf old_text;
};

/* The segments [first, first + n) of `side` are linked with [ofirst,
 * ofirst + on) of the other. */
static void mark_linked(struct tr_side *s, size_t first, size_t n, size_t ofirst, size_t on)
{
	for (size_t i = side_find(s, first); i < s->n && s->v[i].ordinal < first + n; i++)
		if (!s->v[i].linked)
			s->v[i].linked = 1, s->v[i].ofirst = ofirst, s->v[i].on = on;
}

static int link_rows(void *ud, const bt_store_link *k)
{
	struct tr_build *b = ud;
	const bt_link *l = &k->l;
	if (l->src_n && l->tgt_n) {
		mark_linked(&b->side[0], l->src_first, l->src_n, l->tgt_first, l->tgt_n);
		mark_linked(&b->side[1], l->tgt_first, l->tgt_n, l->src_first, l->src_n);
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	long long x = ((const struct tr_row *)a)->id, y = ((const struct tr_row *)b)->id;
	return (x > y) - (x < y);
}

static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static int row_delete(struct tr_build *b, long long id)
{
	int rc = 0;
	sqlite3_bind_int64(b->del, 1, id);
	if (sqlite3_step(b->del) != SQLITE_DONE)
		rc = bt_store_fail(b->c, "index the aligned translations");
	sqlite3_reset(b->del);
	return rc;
}

/* The rows the index holds for the pair's segments (b->olds, by id):
 * a row whose text stays is not written again. A realignment changes few
 * links, and a row written costs FTS5 its tokens twice (the old ones
 * deleted, the new added) where a row read costs a lookup. */
static int old_rows(struct tr_build *b)
{
	size_t n = b->side[0].n + b->side[1].n;
	long long *ids;
	int rc = 0, step;
	b->n_ids = b->n_olds = 0;
	bt_buf_clear(&b->old_text);
	if (!n)
		return 0;
	if (!(ids = bt_grow(b->ids, &b->cap_ids, n, sizeof *ids)))
		return bt_fail_nomem();
	b->ids = ids;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < b->side[side].n; i++)
			b->ids[b->n_ids++] = b->side[side].v[i].id;
	qsort(b->ids, b->n_ids, sizeof *b->ids, id_cmp);
	/* A range of ids a run of them: a pair's segments are mostly
	 * neighbours, but a segment split later (bitext correct) has an id
	 * past every other pair's, and one range to it would read them all.
	 * Rows of other pairs in a short gap are read and passed over. */
	for (size_t i = 0, j; !rc && i < b->n_ids; i = j) {
		for (j = i + 1; j < b->n_ids && b->ids[j] - b->ids[j - 1] <= OLD_ROWS_GAP; j++)
			;
		sqlite3_bind_int64(b->old, 1, b->ids[i]);
		sqlite3_bind_int64(b->old, 2, b->ids[j - 1]);
		while (!rc && (step = sqlite3_step(b->old)) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(b->old, 0);
			const char *t = (const char *)sqlite3_column_text(b->old, 1);
			size_t len = (size_t)sqlite3_column_bytes(b->old, 1);
			struct tr_old *v;
			if (!bsearch(&id, b->ids + i, j - i, sizeof *b->ids, id_cmp))
				continue;
			if (!(v = bt_grow(b->olds, &b->cap_olds, b->n_olds + 1, sizeof *v))) {
				rc = bt_fail_nomem();
				break;
			}
			b->olds = v;
			b->olds[b->n_olds++] = (struct tr_old){id, b->old_text.len, len};
			rc = bt_buf_put(&b->old_text, t ? t : "", len);
		}
		if (!rc && step != SQLITE_DONE)
			rc = bt_store_fail(b->c, "read the index of the aligned translations");
		sqlite3_reset(b->old);
	}
	return rc;
}

/* The pair's rows, in the order of their ids: FTS5 writes out what it
 * holds in memory when an id is smaller than the last one (sides written
 * in turn cost two and a half times the CPU of the whole index build). */
static int put_rows(struct tr_build *b)
{
	int rc = 0;
	b->n_rows = 0;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < b->side[side].n; i++) {
			if (!b->side[side].v[i].linked)
				continue;
			if (b->n_rows == b->cap_rows) {
				size_t cap = b->cap_rows ? b->cap_rows * 2 : 512;
				struct tr_row *v = bt_realloc(b->rows, cap * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				b->rows = v, b->cap_rows = cap;
			}
			b->rows[b->n_rows++] = (struct tr_row){b->side[side].v[i].id, side, i};
		}
	if (b->n_rows > 1)
		qsort(b->rows, b->n_rows, sizeof *b->rows, row_cmp);
	for (size_t r = 0, o = 0; !rc && (r < b->n_rows || o < b->n_olds); r++) {
		const struct tr_seg *g = NULL;
		const struct tr_old *old;
		if (r < b->n_rows) {
			int other = !b->rows[r].side;
			g = &b->side[!other].v[b->rows[r].at];
			/* the segments of one link are neighbours in id order: one join */
			if (r == 0 || other != b->other_side || g->ofirst != b->other_first || g->on != b->other_n) {
				if ((rc = joined_text(&b->side[other], g->ofirst, g->on, &b->other)) != 0)
					break;
				b->other_side = other, b->other_first = g->ofirst, b->other_n = g->on;
			}
		}
		/* the rows held before this one that it does not replace go */
		while (!rc && o < b->n_olds && (!g || b->olds[o].id < g->id))
			rc = row_delete(b, b->olds[o++].id);
		if (rc || !g)
			break;
		old = o < b->n_olds && b->olds[o].id == g->id ? &b->olds[o++] : NULL;
		if (old && old->len == b->other.len && memcmp(b->old_text.ptr + old->at, b->other.ptr, old->len) == 0)
			continue; /* as it was */
		if (old && (rc = row_delete(b, old->id)) != 0)
			break;
		if (!b->other.len)
			continue;
		sqlite3_bind_int64(b->ins, 1, g->id);
		sqlite3_bind_text(b->ins, 2, b->other.ptr, (int)b->other.len, SQLITE_STATIC);
		if (sqlite3_step(b->ins) != SQLITE_DONE)
			rc = bt_store_fail(b->c, "index the aligned translations");
		sqlite3_reset(b->ins);
		b->written++;
	}
	return rc;
}

/* The pairs queued, read before their rows are written: ids 0, 1, ...
 * of *out in the order to index them. */
static int queued_pairs(bt_corpus *c, bt_strtab *out)
{
	sqlite3_stmt *st = NULL;
	uint32_t id;
	/* in the order of their segments' ids (put_rows()) */
	int rc = bt_store_prepare(c, &st,
				  "SELECT q.pair_id FROM concord_tr_pending q ORDER BY (SELECT min(s.id) FROM documents d"
				  " JOIN segments s ON s.doc_id = d.id WHERE d.pair_id = q.pair_id)"),
	    step;
	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		if ((rc = bt_strtab_intern(out, &id, p ? p : "", p ? strlen(p) : 0)) < 0)
			break;
		rc = 0;
	}
	if (!rc && step != SQLITE_DONE)
		rc = bt_store_fail(c, "read the queue of the translation index");
	sqlite3_finalize(st);
	return rc;
}

int bt_concord_tr_build(bt_corpus *c)
{
	struct tr_build b;
	bt_strtab pairs = BT_STRTAB_INIT;
	size_t n = 0;
	int rc;
	memset(&b, 0, sizeof b);
	b.c = c;
	if ((rc = queued_pairs(c, &pairs)) != 0 || !(n = bt_strtab_count(&pairs)))
		goto done;
	bt_store_upgrade_note(c, 0, n, "indexing the aligned translations of %zu pairs", n);
	if ((rc = bt_store_prepare(c, &b.old, "SELECT rowid, other FROM concord_tr WHERE rowid >= ?1 AND rowid <= ?2"
					      " ORDER BY rowid")) != 0 ||
	    (rc = bt_store_prepare(c, &b.del, "DELETE FROM concord_tr WHERE rowid = ?1")) != 0 ||
	    (rc = bt_store_prepare(c, &b.ins, "INSERT INTO concord_tr(rowid, other) VALUES (?1, ?2)")) != 0)
		goto done;
	for (uint32_t i = 0; !rc && i < n; i++) {
		const char *pair = bt_strtab_str(&pairs, i, NULL);
		if ((rc = side_read(c, pair, 0, &b.side[0])) != 0 || (rc = side_read(c, pair, 1, &b.side[1])) != 0 ||
		    (rc = old_rows(&b)) != 0)
			break;
		if (b.side[0].n && b.side[1].n && (rc = bt_store_links_read(c, pair, 0, link_rows, &b)) != 0)
			break;
		rc = put_rows(&b);
	}
	if (!rc)
		rc = bt_store_exec(c, "DELETE FROM concord_tr_pending");
	if (!rc)
		bt_store_upgrade_note(c, n, n, "aligned translations: %lld segments indexed", b.written);
done:
	sqlite3_finalize(b.old);
	sqlite3_finalize(b.del);
	sqlite3_finalize(b.ins);
	side_dispose(&b.side[0]);
	side_dispose(&b.side[1]);
	bt_free(b.rows);
	bt_buf_dispose(&b.other);
	bt_free(b.ids);
	bt_free(b.olds);
	bt_buf_dispose(&b.old_text);
	bt_strtab_dispose(&pairs);
	return rc;
}

int bt_concord_tr_ready(bt_corpus *c, int *ready)
{
	sqlite3_stmt *st = NULL;
	int step;
	*ready = 0;
	/* a corpus opened read-only before its upgrade has no such tables */
	if (sqlite3_prepare_v2(bt_store_db(c),
			       "SELECT NOT EXISTS (SELECT 1 FROM concord_tr_pending)"
			       " AND EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'concord_tr')",
			       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		*ready = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return step == SQLITE_ROW ? 0 : bt_store_fail(c, "read the queue of the translation index");
}
