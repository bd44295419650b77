/* corpus_align.c: aligning the pairs of a corpus and storing their links.
 *
 * Everything one align writes is one transaction (BEGIN IMMEDIATE): the
 * segments are read, aligned and the links replaced inside it, so a
 * concurrent `bitext add` can neither change a pair under the aligner nor
 * see half of the new links; any error rolls all of it back. Manual links
 * (corrections made on the review page of `bitext serve`) are kept: only
 * the sentences between them are aligned again. The corpus's word model
 * (a module's, the concordance's) is the aligner's lexicon; a first
 * align that teaches it aligns a second time with it, in the same
 * transaction. */
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
 * still fit its sentences: those in order, each starting at or after the
 * end of the one before, and the moved ones (a block paired across
 * others), whose sentences no other manual link has. One that does not
 * fit (the texts were edited by hand, say) is left out and the aligner
 * decides there. */
typedef struct manual_in {
	size_t ns, nt, ps, pt;
	bt_links *order, *moved;
	size_t dropped;
} manual_in;

/* A manual link that does not fit: counted, left to the aligner. */
static int drop(manual_in *m)
{
	m->dropped++;
	return 0;
}

static int manual_cb(void *ud, const bt_store_link *sl)
{
	manual_in *m = ud;
	/* back to the stored values: a negative one comes as a huge size */
	long long v[4] = {(long long)sl->l.src_first, (long long)sl->l.src_n, (long long)sl->l.tgt_first,
			  (long long)sl->l.tgt_n};
	bt_link k;
	if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[1] + v[3] == 0 || (size_t)(v[0] + v[1]) > m->ns ||
	    (size_t)(v[2] + v[3]) > m->nt)
		return drop(m);
	k = (bt_link){(size_t)v[0], (size_t)v[1], (size_t)v[2], (size_t)v[3], sl->l.score, sl->l.flags & BT_LINK_MOVED};
	if (k.flags)
		return k.src_n && k.tgt_n ? bt_links_push(m->moved, &k) : drop(m);
	if (k.src_first < m->ps || k.tgt_first < m->pt)
		return drop(m);
	m->ps = k.src_first + k.src_n;
	m->pt = k.tgt_first + k.tgt_n;
	return bt_links_push(m->order, &k);
}

/* Marks [f, f+n) in used; 0 when one of them was marked already. */
static int take(unsigned char *used, size_t f, size_t n)
{
	for (size_t i = f; i < f + n; i++)
		if (used[i])
			return 0;
	memset(used + f, 1, n);
	return 1;
}

/* The manual links; hole[side][i] 1 for a sentence of a moved one; the
 * count of those that do not fit added to *dropped. */
static int read_manual(bt_corpus *c, const char *pair_id, size_t ns, size_t nt, bt_links *order, bt_links *moved,
		       unsigned char *hole[2], size_t *dropped)
{
	manual_in m = {ns, nt, 0, 0, order, moved, 0};
	size_t kept = 0;
	int rc;
	order->n = moved->n = 0;
	if ((rc = bt_store_links_read(c, pair_id, 1, manual_cb, &m)) != 0)
		return rc;
	for (size_t x = 0; x < order->n; x++) {
		take(hole[0], order->v[x].src_first, order->v[x].src_n);
		take(hole[1], order->v[x].tgt_first, order->v[x].tgt_n);
	}
	for (size_t x = 0; x < moved->n; x++) {
		bt_link *k = &moved->v[x];
		if (take(hole[0], k->src_first, k->src_n) && take(hole[1], k->tgt_first, k->tgt_n))
			moved->v[kept++] = *k;
	}
	*dropped += m.dropped + moved->n - kept;
	moved->n = kept;
	/* the holes: the moved links' sentences only */
	memset(hole[0], 0, ns);
	memset(hole[1], 0, nt);
	for (size_t x = 0; x < moved->n; x++) {
		memset(hole[0] + moved->v[x].src_first, 1, moved->v[x].src_n);
		memset(hole[1] + moved->v[x].tgt_first, 1, moved->v[x].tgt_n);
	}
	return 0;
}

/* One side without the sentences of moved manual links: at[i] is the
 * pair's number of its sentence i, rank[j] how many kept ones come
 * before the pair's sentence j. */
typedef struct kept_side {
	const char **ptr;
	size_t *len, *at, *rank, n;
	int *kind;
	unsigned *para;
} kept_side;

static void kept_dispose(kept_side *k)
{
	bt_free(k->ptr);
	bt_free(k->len);
	bt_free(k->at);
	bt_free(k->rank);
	bt_free(k->kind);
	bt_free(k->para);
}

static int kept_make(kept_side *k, const side_in *s, const unsigned char *hole)
{
	size_t m = s->n ? s->n : 1;
	memset(k, 0, sizeof *k);
	if (!(k->ptr = bt_malloc(m * sizeof *k->ptr)) || !(k->len = bt_malloc(m * sizeof *k->len)) ||
	    !(k->at = bt_malloc(m * sizeof *k->at)) || !(k->rank = bt_malloc((s->n + 1) * sizeof *k->rank)) ||
	    !(k->kind = bt_malloc(m * sizeof *k->kind)) || !(k->para = bt_malloc(m * sizeof *k->para)))
		return bt_fail_nomem();
	for (size_t i = 0; i < s->n; i++) {
		k->rank[i] = k->n;
		if (hole[i])
			continue;
		k->ptr[k->n] = s->ptr[i];
		k->len[k->n] = s->len[i];
		k->kind[k->n] = s->kind[i];
		k->para[k->n] = s->para[i];
		k->at[k->n++] = i;
	}
	k->rank[s->n] = k->n;
	return 0;
}

/* made or confirmed by hand, while links are put in order */
#define ALIGN_MANUAL (1u << 16)

/* Aligns the kept sentences [s0, s1) x [t0, t1) between two manual links
 * and appends the links, in kept numbering, to `out`. */
static int align_gap(bt_aligner *a, const kept_side *s, const kept_side *t, size_t s0, size_t s1, size_t t0, size_t t1,
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

/* A link in kept numbering back in the pair's. Where a moved block's
 * sentences stand inside it, it cannot be one link: each of its sentences
 * is left alone, scored 0 for a reviewer to see, and *cut counts it. */
static int unkeep(bt_links *out, const bt_link *k, const kept_side *s, const kept_side *t, size_t *cut)
{
	size_t sf = k->src_n ? s->at[k->src_first] : 0, tf = k->tgt_n ? t->at[k->tgt_first] : 0;
	bt_link v = *k;
	int rc = 0;
	if ((!k->src_n || s->at[k->src_first + k->src_n - 1] - sf == k->src_n - 1) &&
	    (!k->tgt_n || t->at[k->tgt_first + k->tgt_n - 1] - tf == k->tgt_n - 1)) {
		v.src_first = sf; /* where a side without sentences stands is set later */
		v.tgt_first = tf;
		return bt_links_push(out, &v);
	}
	(*cut)++;
	for (size_t i = 0; i < k->src_n && !rc; i++)
		rc = bt_links_push(out, &(bt_link){s->at[k->src_first + i], 1, 0, 0, 0.0, k->flags & ALIGN_MANUAL});
	for (size_t i = 0; i < k->tgt_n && !rc; i++)
		rc = bt_links_push(out, &(bt_link){0, 0, t->at[k->tgt_first + i], 1, 0.0, k->flags & ALIGN_MANUAL});
	return rc;
}

/* A moved manual link back among the others. */
static int push_moved(bt_links *links, const bt_link *m)
{
	bt_link k = *m;
	k.flags = BT_LINK_MOVED | ALIGN_MANUAL;
	return bt_links_push(links, &k);
}

/* Keeps what a person decided and aligns only the stretches between: the
 * manual links in order are anchors; the sentences of moved ones are taken
 * out before aligning, and the moved links go back in source order. */
static int align_around(bt_aligner *a, const side_in *s, const side_in *t, const bt_links *order,
			const bt_links *moved, unsigned char *hole[2], bt_links *links, size_t *cut)
{
	kept_side ks, kt;
	bt_links gap = BT_LINKS_INIT, kept = BT_LINKS_INIT;
	size_t ps = 0, pt = 0, mi = 0;
	int rc;
	/* both are disposed whichever kept_make fails */
	memset(&ks, 0, sizeof ks);
	memset(&kt, 0, sizeof kt);
	if ((rc = kept_make(&ks, s, hole[0])) != 0 || (rc = kept_make(&kt, t, hole[1])) != 0)
		goto done;
	for (size_t m = 0; m <= order->n; m++) {
		size_t s1 = m < order->n ? ks.rank[order->v[m].src_first] : ks.n;
		size_t t1 = m < order->n ? kt.rank[order->v[m].tgt_first] : kt.n;
		bt_link k;
		if ((rc = align_gap(a, &ks, &kt, ps, s1, pt, t1, &gap, &kept)) != 0)
			goto done;
		if (m == order->n)
			break;
		k = order->v[m];
		k.src_first = s1;
		k.tgt_first = t1;
		k.flags = ALIGN_MANUAL;
		if ((rc = bt_links_push(&kept, &k)) != 0)
			goto done;
		ps = s1 + k.src_n;
		pt = t1 + k.tgt_n;
	}
	links->n = 0;
	for (size_t x = 0; x < kept.n; x++) {
		/* a moved link before the first link whose source comes after it */
		for (; mi < moved->n && kept.v[x].src_n && moved->v[mi].src_first < ks.at[kept.v[x].src_first]; mi++)
			if ((rc = push_moved(links, &moved->v[mi])) != 0)
				goto done;
		if ((rc = unkeep(links, &kept.v[x], &ks, &kt, cut)) != 0)
			goto done;
	}
	for (; mi < moved->n && !rc; mi++)
		rc = push_moved(links, &moved->v[mi]);
done:
	kept_dispose(&ks);
	kept_dispose(&kt);
	bt_links_dispose(&gap);
	bt_links_dispose(&kept);
	return rc;
}

/* The links in the order bt_align promises: as they are if they keep it,
 * else as bt_links_order puts them. */
static int settle(bt_links *l, const char *pair_id, size_t ns, size_t nt)
{
	const char *why;
	size_t at;
	int rc;
	bt_store_links_restand(l);
	if ((rc = bt_links_check(&why, &at, l, ns, nt)) != 0)
		return rc;
	if (why && ((rc = bt_links_order(l, ns, nt)) != 0 || (rc = bt_links_check(&why, &at, l, ns, nt)) != 0))
		return rc;
	if (why)
		return bt_fail(BT_EINTERNAL, NULL, -1, -1, "pair '%s': the aligned links break a promise: %s (link %zu)",
			       pair_id, why, at);
	return 0;
}

static int align_pair(bt_corpus *c, bt_aligner *a, const char *pair_id, bt_links *links, bt_corpus_align_result *res)
{
	side_in s, t;
	bt_sentences ss, ts;
	bt_links order = BT_LINKS_INIT, moved = BT_LINKS_INIT;
	unsigned char *is_manual = NULL, *hole[2] = {NULL, NULL};
	bt_store_hist h = BT_STORE_HIST_INIT;
	int rc;
	memset(&s, 0, sizeof s);
	memset(&t, 0, sizeof t);
	if ((rc = read_side(c, pair_id, 0, &s)) != 0 || (rc = read_side(c, pair_id, 1, &t)) != 0)
		goto done;
	ss = (bt_sentences){s.ptr, s.len, s.n, s.kind, s.para};
	ts = (bt_sentences){t.ptr, t.len, t.n, t.kind, t.para};
	if (!(hole[0] = bt_calloc(s.n + 1, 1)) || !(hole[1] = bt_calloc(t.n + 1, 1))) {
		rc = bt_fail_nomem();
		goto done;
	}
	if ((rc = read_manual(c, pair_id, s.n, t.n, &order, &moved, hole, &res->manual_dropped)) != 0)
		goto done;
	res->manual_kept += order.n + moved.n;
	if (order.n == 0 && moved.n == 0) {
		if ((rc = bt_align(links, a, &ss, &ts)) != 0)
			goto done;
	} else {
		if ((rc = align_around(a, &s, &t, &order, &moved, hole, links, &res->links_cut)) != 0 ||
		    (rc = settle(links, pair_id, s.n, t.n)) != 0)
			goto done;
		if (!(is_manual = bt_calloc(links->n + 1, 1))) {
			rc = bt_fail_nomem();
			goto done;
		}
		for (size_t x = 0; x < links->n; x++) {
			is_manual[x] = (links->v[x].flags & ALIGN_MANUAL) != 0;
			links->v[x].flags &= BT_LINK_MOVED;
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
	bt_links_dispose(&order);
	bt_links_dispose(&moved);
	bt_free(is_manual);
	bt_free(hole[0]);
	bt_free(hole[1]);
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

/* The word model of the first module that keeps one; *out NULL if none. */
static int module_lexicon(bt_lexicon **out, long long *links, long long *pairs, bt_corpus *c)
{
	*out = NULL;
	*links = *pairs = 0;
	for (const bt_store_module *const *m = bt_store_modules; *m; m++)
		if ((*m)->word_lexicon)
			return (*m)->word_lexicon(out, links, pairs, c);
	return 0;
}

/* The corpus's word model as the aligner's lexicon for one call. */
typedef struct corpus_model {
	bt_lexicon *lx;         /* owned; NULL: the corpus has none (yet) */
	long long links, pairs; /* what it learned from, and its word pairs */
	int mine;               /* the aligner had no lexicon of the caller's */
} corpus_model;

/* Gives the aligner the corpus's model (`want`), unless the caller gave
 * it a lexicon of its own, which stays. */
static int model_take(corpus_model *m, bt_corpus *c, bt_aligner *a, int want)
{
	int rc;
	memset(m, 0, sizeof *m);
	m->mine = want && !bt_aligner_lexicon(a);
	if (!m->mine)
		return 0;
	if ((rc = module_lexicon(&m->lx, &m->links, &m->pairs, c)) != 0)
		return rc;
	return m->lx ? bt_aligner_use_lexicon(a, m->lx) : 0;
}

static void model_note(bt_corpus_align_result *res, const corpus_model *m)
{
	res->word_model = 1;
	res->model_links = m->links;
	res->model_pairs = m->pairs;
}

static void model_release(corpus_model *m, bt_aligner *a)
{
	if (m->mine)
		bt_aligner_use_lexicon(a, NULL);
	bt_lexicon_free(m->lx);
	m->lx = NULL;
}

int bt_store_align_one(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const char *pair)
{
	bt_links links = BT_LINKS_INIT;
	corpus_model m = {NULL, 0, 0, 0};
	int rc;
	memset(res, 0, sizeof *res);
	/* with the corpus's word model, as bt_corpus_align() would align the
	 * pair (a model is never learned here: the corpus has been aligned) */
	if ((rc = check_aligner(c, a)) == 0 && (rc = add_corpus_glossary(c, a)) == 0 &&
	    (rc = model_take(&m, c, a, 1)) == 0) {
		if ((rc = align_pair(c, a, pair, &links, res)) == 0 && m.lx)
			model_note(res, &m);
	}
	model_release(&m, a);
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

/* One align of the pairs, inside the caller's transaction, with the
 * corpus's glossary given to the aligner already. */
static int align_once(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const bt_corpus_align_opts *opts)
{
	bt_links links = BT_LINKS_INIT;
	id_list ids = {NULL, 0, 0};
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = bt_store_pairs_each(c, opts->pair_id, id_cb, &ids)) != 0)
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
done:
	for (size_t i = 0; i < ids.n; i++)
		bt_free(ids.v[i]);
	bt_free(ids.v);
	bt_links_dispose(&links);
	return rc;
}

/* The links a corpus's first word model must have learned from before the
 * first align aligns again with it: a document's own lexicon learns from
 * up to 500 (align/README.md), and a model from fewer knows less (12
 * links made a pair worse in tests/cli/align.sh). */
enum { RELEARN_MIN_LINKS = 500 };

int bt_corpus_align(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const bt_corpus_align_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_CORPUS_ALIGN_OPTS_VERSION, "bt_corpus_align");
	static const bt_corpus_align_opts defaults = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result dummy, first;
	corpus_model m = {NULL, 0, 0, 0};
	int rc, began = 0;

	if (!opts)
		opts = &defaults;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	if ((rc = check_aligner(c, a)) != 0)
		return rc;
	bt_store_set_threads(c, bt_aligner_threads(a));
	if ((rc = model_take(&m, c, a, opts->word_model)) != 0)
		goto done;
	/* one transaction, the second align too: a command is all or nothing */
	if ((rc = bt_store_begin(c)) != 0)
		goto done;
	began = 1;
	if ((rc = add_corpus_glossary(c, a)) != 0 || (rc = align_once(res, c, a, opts)) != 0)
		goto done;
	if (m.lx) {
		model_note(res, &m);
		goto done;
	}
	/* A corpus without a model: what a second align would do, now. (It
	 * was for aligners without a glossary only, until moves and both
	 * FreeDict directions made the model worth it with one too: dev in 7
	 * parts 0.889 -> 0.894, test 0.915 -> 0.921.) */
	if (!m.mine || !res->pairs)
		goto done;
	/* the model the links just written teach, as the commit would */
	if ((rc = bt_store_precommit(c)) != 0 || (rc = module_lexicon(&m.lx, &m.links, &m.pairs, c)) != 0 || !m.lx ||
	    m.links < RELEARN_MIN_LINKS)
		goto done;
	first = *res;
	if ((rc = bt_aligner_use_lexicon(a, m.lx)) != 0 || (rc = align_once(res, c, a, opts)) != 0)
		goto done;
	model_note(res, &m);
	res->relearned = 1;
	res->first_links = first.links;
	/* the manual links the first dropped the second no longer sees */
	res->manual_dropped += first.manual_dropped;
done:
	if (!rc && began)
		rc = bt_store_commit(c);
	if (rc) {
		bt_store_rollback(c);
		memset(res, 0, sizeof *res);
	}
	model_release(&m, a);
	bt_store_set_threads(c, 1);
	return rc;
}
