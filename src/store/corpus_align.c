/* links.c: aligning the pairs of a corpus and storing their links.
 *
 * Everything one call writes is one transaction (BEGIN IMMEDIATE): the
 * segments are read, aligned and the links replaced inside it, so a
 * concurrent `bitext add` can neither change a pair under the aligner nor
 * see half of the new links; any error rolls all of it back. Manual links
 * (corrections made on the review page of `bitext serve`) are kept: only
 * the sentences between them are aligned again. */
#include "align.h"
#include "error.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

/* One side of a pair, read from the segments table. */
typedef struct side_in {
	bt_buf text;       /* all segment texts, NUL-separated */
	size_t *off, *len; /* per segment */
	const char **ptr;
	int *kind;
	unsigned *para;
	size_t n, cap;
} side_in;

static void side_dispose(side_in *s)
{
	bt_buf_dispose(&s->text);
	free(s->off);
	free(s->len);
	free(s->ptr);
	free(s->kind);
	free(s->para);
	memset(s, 0, sizeof *s);
}

static int side_grow(side_in *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	size_t *o = bt_realloc(s->off, cap * sizeof *o), *l;
	int *k;
	unsigned *p;
	if (!o)
		return bt_fail_nomem();
	s->off = o;
	if (!(l = bt_realloc(s->len, cap * sizeof *l)))
		return bt_fail_nomem();
	s->len = l;
	if (!(k = bt_realloc(s->kind, cap * sizeof *k)))
		return bt_fail_nomem();
	s->kind = k;
	if (!(p = bt_realloc(s->para, cap * sizeof *p)))
		return bt_fail_nomem();
	s->para = p;
	s->cap = cap;
	return 0;
}

static int read_side(bt_corpus *c, const char *pair_id, const char *side, side_in *s)
{
	sqlite3_stmt *st = NULL;
	int rc, r;
	if ((rc = bt_store_prepare(c, &st,
				   "SELECT s.text, s.kind, s.para FROM segments s JOIN documents d ON d.id = s.doc_id"
				   " WHERE d.pair_id = ? AND d.side = ? ORDER BY s.ordinal")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, side, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0), *k = (const char *)sqlite3_column_text(st, 1);
		size_t tl = (size_t)sqlite3_column_bytes(st, 0);
		if (s->n == s->cap && (rc = side_grow(s)) != 0)
			goto done;
		s->off[s->n] = s->text.len;
		s->len[s->n] = tl;
		s->kind[s->n] = k && strcmp(k, "heading") == 0 ? BT_SEG_HEADING : BT_SEG_SENTENCE;
		s->para[s->n] = (unsigned)sqlite3_column_int64(st, 2);
		if ((rc = bt_buf_put(&s->text, t ? t : "", tl)) != 0 || (rc = bt_buf_put(&s->text, "", 1)) != 0)
			goto done;
		s->n++;
	}
	if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read segments");
		goto done;
	}
	/* the text buffer has stopped moving: pointers now */
	if (!(s->ptr = bt_malloc((s->n ? s->n : 1) * sizeof *s->ptr))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t i = 0; i < s->n; i++)
		s->ptr[i] = s->text.ptr + s->off[i];
done:
	sqlite3_finalize(st);
	return rc;
}

/* The pair's manual links (made on the review page, bitext serve) that
 * still fit its sentences, in order: each must start at or after the end
 * of the one before and lie inside the texts; one that does not (the
 * texts were edited by hand, say) is left out and the aligner decides
 * there. */
static int read_manual(bt_corpus *c, const char *pair_id, size_t ns, size_t nt, bt_links *out)
{
	sqlite3_stmt *st = NULL;
	size_t ps = 0, pt = 0;
	int rc, r;
	out->n = 0;
	if ((rc = bt_store_prepare(c, &st,
				   "SELECT src_first, src_n, tgt_first, tgt_n, score FROM links"
				   " WHERE pair_id = ? AND manual ORDER BY ordinal")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, pair_id, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 v[4];
		bt_link k;
		for (int i = 0; i < 4; i++)
			v[i] = sqlite3_column_int64(st, i);
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[1] + v[3] == 0 || (size_t)v[0] < ps ||
		    (size_t)v[2] < pt || (size_t)(v[0] + v[1]) > ns || (size_t)(v[2] + v[3]) > nt)
			continue;
		k = (bt_link){(size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3], sqlite3_column_double(st, 4), 0};
		if ((rc = bt_links_push(out, &k)) != 0)
			break;
		ps = k.src_first + k.src_n;
		pt = k.tgt_first + k.tgt_n;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read manual links");
	sqlite3_finalize(st);
	return rc;
}

/* Aligns the sentences [s0, s1) x [t0, t1) between two manual links and
 * appends the links, shifted to the pair's numbering, to `out`. */
static int align_gap(bt_aligner *a, const side_in *s, const side_in *t, size_t s0, size_t s1, size_t t0, size_t t1,
		     bt_links *gap, bt_links *out)
{
	bt_sentences ss = {s->ptr + s0, s->len + s0, s1 - s0, s->kind + s0, s->para + s0};
	bt_sentences ts = {t->ptr + t0, t->len + t0, t1 - t0, t->kind + t0, t->para + t0};
	int rc;
	if (s1 == s0 && t1 == t0)
		return 0;
	if ((rc = bt_align(a, gap, &ss, &ts)) != 0)
		return rc;
	for (size_t i = 0; i < gap->n; i++) {
		bt_link k = gap->v[i];
		k.src_first += s0;
		k.tgt_first += t0;
		if ((rc = bt_links_push(out, &k)) != 0)
			return rc;
	}
	return 0;
}

static int align_pair(bt_corpus *c, bt_aligner *a, const char *pair_id, bt_links *links, bt_corpus_align_result *res)
{
	side_in s, t;
	sqlite3_stmt *st = NULL;
	bt_sentences ss, ts;
	bt_links manual = BT_LINKS_INIT, gap = BT_LINKS_INIT;
	unsigned char *is_manual = NULL;
	int rc;
	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	if ((rc = read_side(c, pair_id, "src", &s)) != 0 || (rc = read_side(c, pair_id, "tgt", &t)) != 0)
		goto done;
	ss = (bt_sentences){s.ptr, s.len, s.n, s.kind, s.para};
	ts = (bt_sentences){t.ptr, t.len, t.n, t.kind, t.para};
	if ((rc = read_manual(c, pair_id, s.n, t.n, &manual)) != 0)
		goto done;
	if (manual.n == 0) {
		if ((rc = bt_align(a, links, &ss, &ts)) != 0)
			goto done;
	} else {
		/* keep what a person decided; align only the stretches between */
		size_t ps = 0, pt = 0;
		links->n = 0;
		if (!(is_manual = calloc(s.n + t.n + 1, 1))) {
			rc = bt_fail_nomem();
			goto done;
		}
		for (size_t m = 0; m <= manual.n; m++) {
			size_t s1 = m < manual.n ? manual.v[m].src_first : s.n, t1 = m < manual.n ? manual.v[m].tgt_first : t.n;
			if ((rc = align_gap(a, &s, &t, ps, s1, pt, t1, &gap, links)) != 0)
				goto done;
			if (m == manual.n)
				break;
			is_manual[links->n] = 1;
			if ((rc = bt_links_push(links, &manual.v[m])) != 0)
				goto done;
			ps = manual.v[m].src_first + manual.v[m].src_n;
			pt = manual.v[m].tgt_first + manual.v[m].tgt_n;
		}
	}
	if ((rc = bt_store_prepare(c, &st, "DELETE FROM links WHERE pair_id = ?")) != 0)
		goto done;
	sqlite3_bind_text(st, 1, pair_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = bt_store_fail(c, "replace links");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = bt_store_prepare(c, &st,
				   "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual)"
				   " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		goto done;
	for (size_t x = 0; x < links->n; x++) {
		const bt_link *l = &links->v[x];
		sqlite3_bind_text(st, 1, pair_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)x);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)l->src_first);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)l->src_n);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)l->tgt_first);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)l->tgt_n);
		sqlite3_bind_double(st, 7, l->score);
		sqlite3_bind_int(st, 8, is_manual && is_manual[x]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = bt_store_fail(c, "write link");
			goto done;
		}
		sqlite3_reset(st);
	}
	res->pairs++;
	res->links += links->n;
	res->src_segments += s.n;
	res->tgt_segments += t.n;
done:
	sqlite3_finalize(st);
	side_dispose(&s);
	side_dispose(&t);
	bt_links_dispose(&manual);
	bt_links_dispose(&gap);
	free(is_manual);
	return rc;
}

/* The corpus's own glossary entries for its language pair join the
 * aligner's glossaries (entries written the other way round, reversed). */
static int add_corpus_glossary(bt_corpus *c, bt_aligner *a)
{
	sqlite3_stmt *st = NULL;
	int rc, r;
	if ((rc = bt_store_prepare(c, &st,
				   "SELECT src, tgt, src_lang = ?1 FROM glossary"
				   " WHERE (src_lang = ?1 AND tgt_lang = ?2) OR (src_lang = ?2 AND tgt_lang = ?1)")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, c->src_lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->tgt_lang, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *x = (const char *)sqlite3_column_text(st, 0), *y = (const char *)sqlite3_column_text(st, 1);
		size_t xl = (size_t)sqlite3_column_bytes(st, 0), yl = (size_t)sqlite3_column_bytes(st, 1);
		if (!x || !y)
			continue;
		rc = sqlite3_column_int(st, 2) ? bt_aligner_add_pair(a, x, xl, y, yl) : bt_aligner_add_pair(a, y, yl, x, xl);
		if (rc)
			break;
	}
	if (!rc && r != SQLITE_DONE)
		rc = bt_store_fail(c, "read glossary");
	sqlite3_finalize(st);
	return rc;
}

static int same_lang(const char *x, const char *y)
{
	for (; *x && *y; x++, y++)
		if ((*x | 32) != (*y | 32))
			return 0;
	return *x == *y;
}

int bt_corpus_align(bt_corpus *c, bt_aligner *a, const bt_corpus_align_opts *opts, bt_corpus_align_result *res)
{
	static const bt_corpus_align_opts defaults = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result dummy;
	sqlite3_stmt *st = NULL;
	bt_links links = BT_LINKS_INIT;
	char **ids = NULL;
	size_t n = 0, cap = 0;
	int rc, r;

	if (!opts)
		opts = &defaults;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	if (!same_lang(a->lang[0], c->src_lang) || !same_lang(a->lang[1], c->tgt_lang))
		return bt_fail(BT_EUSAGE, c->path, -1, -1, "the aligner is for %s-%s but the corpus is %s-%s", a->lang[0],
			       a->lang[1], c->src_lang, c->tgt_lang);
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = add_corpus_glossary(c, a)) != 0)
		goto done;
	if ((rc = bt_store_prepare(c, &st, opts->pair_id ? "SELECT id FROM pairs WHERE id = ?" : "SELECT id FROM pairs ORDER BY id")) != 0)
		goto done;
	if (opts->pair_id)
		sqlite3_bind_text(st, 1, opts->pair_id, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			char **v;
			cap = cap ? cap * 2 : 64;
			if (!(v = bt_realloc(ids, cap * sizeof *v))) {
				rc = bt_fail_nomem();
				goto done;
			}
			ids = v;
		}
		if (!(ids[n] = bt_strdup((const char *)sqlite3_column_text(st, 0)))) {
			rc = bt_fail_nomem();
			goto done;
		}
		n++;
	}
	if (r != SQLITE_DONE) {
		rc = bt_store_fail(c, "read pairs");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (opts->pair_id && n == 0) {
		rc = bt_fail(BT_ENOTFOUND, c->path, -1, -1, "no pair '%s' in this corpus", opts->pair_id);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if ((rc = align_pair(c, a, ids[i], &links, res)) != 0)
			goto done;
		if (opts->progress)
			opts->progress(opts->progress_ud, i + 1, n, "pairs aligned");
	}
	rc = bt_store_commit(c);
done:
	sqlite3_finalize(st);
	if (rc) {
		bt_store_rollback(c);
		memset(res, 0, sizeof *res);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	bt_links_dispose(&links);
	return rc;
}
