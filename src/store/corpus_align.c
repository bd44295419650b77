/* corpus_align.c: aligning the pairs of a corpus and storing their links.
 *
 * Everything one call writes is one transaction (BEGIN IMMEDIATE): the
 * segments are read, aligned and the links replaced inside it, so a
 * concurrent `bitext add` can neither change a pair under the aligner nor
 * see half of the new links; any error rolls all of it back. Manual links
 * (corrections made on the review page of `bitext serve`) are kept: only
 * the sentences between them are aligned again. */
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
	bt_free(s->off);
	bt_free(s->len);
	bt_free(s->ptr);
	bt_free(s->kind);
	bt_free(s->para);
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

static int read_side(bt_corpus *c, const char *pair_id, int side, side_in *s)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc;
	if ((rc = bt_store_segs_open(&it, c, pair_id, side, 0, (size_t)-1)) != 0)
		return rc;
	while ((rc = bt_store_segs_next(it, &g)) == 0) {
		if (s->n == s->cap && (rc = side_grow(s)) != 0)
			goto done;
		s->off[s->n] = s->text.len;
		s->len[s->n] = g.len;
		s->kind[s->n] = g.heading ? BT_SEG_HEADING : BT_SEG_SENTENCE;
		s->para[s->n] = g.para;
		if ((rc = bt_buf_put(&s->text, g.text, g.len)) != 0 || (rc = bt_buf_put(&s->text, "", 1)) != 0)
			goto done;
		s->n++;
	}
	if (rc != BT_ITEROVER)
		goto done;
	rc = 0;
	/* the text buffer has stopped moving: pointers now */
	if (!(s->ptr = bt_malloc((s->n ? s->n : 1) * sizeof *s->ptr))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t i = 0; i < s->n; i++)
		s->ptr[i] = s->text.ptr + s->off[i];
done:
	bt_store_segs_free(it);
	return rc;
}

/* The pair's manual links (made on the review page, bitext serve) that
 * still fit its sentences, in order: each must start at or after the end
 * of the one before and lie inside the texts; one that does not (the
 * texts were edited by hand, say) is left out and the aligner decides
 * there. */
typedef struct manual_in {
	size_t ns, nt, ps, pt;
	bt_links *out;
} manual_in;

static int manual_cb(void *ud, const bt_store_link *sl)
{
	manual_in *m = ud;
	/* back to the stored values: a negative one comes as a huge size */
	long long v[4] = {(long long)sl->l.src_first, (long long)sl->l.src_n, (long long)sl->l.tgt_first,
			  (long long)sl->l.tgt_n};
	bt_link k;
	int rc;
	if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[1] + v[3] == 0 || (size_t)v[0] < m->ps ||
	    (size_t)v[2] < m->pt || (size_t)(v[0] + v[1]) > m->ns || (size_t)(v[2] + v[3]) > m->nt)
		return 0;
	k = (bt_link){(size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3], sl->l.score, 0};
	if ((rc = bt_links_push(m->out, &k)) != 0)
		return rc;
	m->ps = k.src_first + k.src_n;
	m->pt = k.tgt_first + k.tgt_n;
	return 0;
}

static int read_manual(bt_corpus *c, const char *pair_id, size_t ns, size_t nt, bt_links *out)
{
	manual_in m = {ns, nt, 0, 0, out};
	out->n = 0;
	return bt_store_links_read(c, pair_id, 1, manual_cb, &m);
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
	if ((rc = bt_align(gap, a, &ss, &ts)) != 0)
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
	bt_sentences ss, ts;
	bt_links manual = BT_LINKS_INIT, gap = BT_LINKS_INIT;
	unsigned char *is_manual = NULL;
	bt_store_hist h = BT_STORE_HIST_INIT;
	int rc;
	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	if ((rc = read_side(c, pair_id, 0, &s)) != 0 || (rc = read_side(c, pair_id, 1, &t)) != 0)
		goto done;
	ss = (bt_sentences){s.ptr, s.len, s.n, s.kind, s.para};
	ts = (bt_sentences){t.ptr, t.len, t.n, t.kind, t.para};
	if ((rc = read_manual(c, pair_id, s.n, t.n, &manual)) != 0)
		goto done;
	if (manual.n == 0) {
		if ((rc = bt_align(links, a, &ss, &ts)) != 0)
			goto done;
	} else {
		/* keep what a person decided; align only the stretches between */
		size_t ps = 0, pt = 0;
		links->n = 0;
		if (!(is_manual = bt_calloc(s.n + t.n + 1, 1))) {
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
	if ((rc = bt_store_history_snap(c, pair_id, &h)) != 0 ||
	    (rc = bt_store_links_replace(c, pair_id, links->v, is_manual, links->n)) != 0 ||
	    (rc = bt_store_history_record(c, &h, "align")) != 0)
		goto done;
	res->pairs++;
	res->links += links->n;
	res->src_segments += s.n;
	res->tgt_segments += t.n;
done:
	side_dispose(&s);
	side_dispose(&t);
	bt_links_dispose(&manual);
	bt_links_dispose(&gap);
	bt_free(is_manual);
	bt_store_hist_dispose(&h);
	return rc;
}

/* The corpus's own glossary entries for its language pair join the
 * aligner's glossaries (entries written the other way round, reversed). */
static int gloss_cb(void *ud, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	return bt_aligner_add_pair(ud, src, src_len, tgt, tgt_len);
}

static int add_corpus_glossary(bt_corpus *c, bt_aligner *a)
{
	return bt_store_glossary_pairs(c, gloss_cb, a);
}

static int same_lang(const char *x, const char *y)
{
	for (; *x && *y; x++, y++)
		if ((*x | 32) != (*y | 32))
			return 0;
	return *x == *y;
}

/* The pair ids, copied: the list is read before any pair is written. */
typedef struct id_list {
	char **v;
	size_t n, cap;
} id_list;

static int id_cb(void *ud, const char *id, const char *date)
{
	id_list *l = ud;
	(void)date;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = bt_realloc(l->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		l->v = v, l->cap = cap;
	}
	if (!(l->v[l->n] = bt_strdup(id ? id : "")))
		return bt_fail_nomem();
	l->n++;
	return 0;
}

/* The aligner for the corpus's languages, or BT_EUSAGE. */
static int check_aligner(bt_corpus *c, bt_aligner *a)
{
	const char *sl = bt_corpus_src_lang(c), *tl = bt_corpus_tgt_lang(c);
	if (!same_lang(bt_aligner_lang(a, BT_SIDE_SRC), sl) || !same_lang(bt_aligner_lang(a, BT_SIDE_TGT), tl))
		return bt_fail(BT_EUSAGE, bt_store_path(c), -1, -1, "the aligner is for %s-%s but the corpus is %s-%s",
			       bt_aligner_lang(a, BT_SIDE_SRC), bt_aligner_lang(a, BT_SIDE_TGT), sl, tl);
	return 0;
}

int bt_store_align_one(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const char *pair)
{
	bt_links links = BT_LINKS_INIT;
	int rc;
	memset(res, 0, sizeof *res);
	if ((rc = check_aligner(c, a)) == 0 && (rc = add_corpus_glossary(c, a)) == 0)
		rc = align_pair(c, a, pair, &links, res);
	bt_links_dispose(&links);
	return rc;
}

/* 1 in *keep when the pair's links came from an XLIFF file. */
static int from_file(bt_corpus *c, const char *pair, int *keep)
{
	char fmt[16];
	int found, rc = bt_store_doc_format(c, pair, BT_SIDE_SRC, fmt, sizeof fmt, &found);
	*keep = !rc && found && strcmp(fmt, "xliff") == 0;
	return rc;
}

int bt_corpus_align(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const bt_corpus_align_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_CORPUS_ALIGN_OPTS_VERSION, "bt_corpus_align");
	static const bt_corpus_align_opts defaults = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result dummy;
	bt_links links = BT_LINKS_INIT;
	id_list ids = {NULL, 0, 0};
	int rc;

	if (!opts)
		opts = &defaults;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	if ((rc = check_aligner(c, a)) != 0)
		return rc;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = add_corpus_glossary(c, a)) != 0 || (rc = bt_store_pairs_each(c, opts->pair_id, id_cb, &ids)) != 0)
		goto done;
	if (opts->pair_id && ids.n == 0) {
		rc = bt_fail(BT_ENOTFOUND, bt_store_path(c), -1, -1, "no pair '%s' in this corpus", opts->pair_id);
		goto done;
	}
	for (size_t i = 0; i < ids.n; i++) {
		int keep = 0;
		if (!opts->pair_id && (rc = from_file(c, ids.v[i], &keep)) != 0)
			goto done;
		res->from_file += keep;
		if (!keep && (rc = align_pair(c, a, ids.v[i], &links, res)) != 0)
			goto done;
		if (opts->progress)
			opts->progress(opts->progress_ud, i + 1, ids.n, "pairs aligned");
	}
	rc = bt_store_commit(c);
done:
	if (rc) {
		bt_store_rollback(c);
		memset(res, 0, sizeof *res);
	}
	for (size_t i = 0; i < ids.n; i++)
		bt_free(ids.v[i]);
	bt_free(ids.v);
	bt_links_dispose(&links);
	return rc;
}
