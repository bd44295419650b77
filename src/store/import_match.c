/* import_match.c: pairing documents by content (import_match.h). */
#include "import_match.h"

#include "dict.h"
#include "error.h"
#include "hash.h"
#include "store_int.h"
#include "token.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A document's features: sorted, unique hashes. */
typedef struct im_doc {
	uint64_t *f;
	size_t n;
	size_t len; /* bytes of text */
	double norm;
} im_doc;

typedef struct im_side {
	im_doc *v;
	size_t n, cap;
	char lang[16]; /* the name rules' language */
	bt_imatch_doc *res;
} im_side;

/* A feature's document frequency on each side and weight. */
typedef struct im_feat {
	uint64_t h;
	uint32_t df[2];
	double w;
} im_feat;

struct bt_imatch {
	im_side side[2];
	bt_dict *dict;
	uint64_t *trans;    /* per dict entry: offsets into tr */
	uint64_t *tr;       /* folded one-word translations' hashes */
	uint64_t *tr_sorted; /* every one, sorted: is a target word one? */
	size_t n_tr;
	bt_namer *namer;
	bt_buf tmp;
	im_feat *feat;
	size_t n_feat;
	float *score; /* src-major matrix */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t tagged(char tag, const char *s, size_t len)
{
	return bt_hash_more(bt_hash(&tag, 1), s, len);
}

static int add_term(void *ud, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	return bt_dict_add(ud, src, src_len, tgt, tgt_len);
}

/* The hashes of each entry's folded translations of one word. */
static int index_translations(bt_imatch *m)
{
	size_t n = bt_dict_n(m->dict), cap = 0;
	int rc = 0;
	if (!(m->trans = bt_calloc(n + 1, sizeof *m->trans)))
		return bt_fail_nomem();
	for (size_t i = 0; i < n && !rc; i++) {
		uint32_t it = 0;
		size_t tl;
		const char *t;
		m->trans[i] = m->n_tr;
		while (!rc && (t = bt_dict_next(m->dict, i, &it, &tl)) != NULL) {
			if (memchr(t, ' ', tl))
				continue;
			bt_buf_clear(&m->tmp);
			if ((rc = bt_dict_fold(&m->tmp, t, tl)) != 0)
				break;
			if (m->n_tr == cap) {
				uint64_t *v = bt_realloc(m->tr, (cap = cap ? cap * 2 : 1024) * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				m->tr = v;
			}
			m->tr[m->n_tr++] = tagged('g', m->tmp.ptr, m->tmp.len);
		}
	}
	m->trans[n] = m->n_tr;
	if (rc || !(m->tr_sorted = bt_malloc((m->n_tr + 1) * sizeof *m->tr_sorted)))
		return rc ? rc : bt_fail_nomem();
	if (m->n_tr)
		memcpy(m->tr_sorted, m->tr, m->n_tr * sizeof *m->tr);
	qsort(m->tr_sorted, m->n_tr, sizeof *m->tr_sorted, cmp_u64);
	return 0;
}

static void name_lang(char out[16], const char *lang)
{
	bt_lang_primary(out, 16, lang);
	if (!bt_name_lang_known(out))
		snprintf(out, 16, "en"); /* a Latin name read as English, as the concordance does */
}

int bt_imatch_open(bt_imatch **out, bt_corpus *c, const char *src_lang, const char *tgt_lang)
{
	bt_imatch *m = bt_calloc(1, sizeof *m);
	int rc;
	*out = NULL;
	if (!m)
		return bt_fail_nomem();
	m->tmp = (bt_buf)BT_BUF_INIT;
	name_lang(m->side[0].lang, src_lang);
	name_lang(m->side[1].lang, tgt_lang);
	if ((rc = bt_dict_new(&m->dict)) == 0 && (rc = bt_dict_load_default(m->dict, src_lang, tgt_lang)) == BT_ENOTFOUND) {
		bt_error_clear(); /* no shipped glossary: the corpus's alone */
		rc = 0;
	}
	if (!rc && c)
		rc = bt_store_glossary_pairs(c, add_term, m->dict);
	if (!rc)
		rc = index_translations(m);
	if (!rc)
		rc = bt_namer_open(&m->namer);
	if (rc) {
		bt_imatch_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void bt_imatch_free(bt_imatch *m)
{
	if (!m)
		return;
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < m->side[s].n; i++)
			bt_free(m->side[s].v[i].f);
		bt_free(m->side[s].v);
		bt_free(m->side[s].res);
	}
	bt_dict_free(m->dict);
	bt_free(m->trans), bt_free(m->tr), bt_free(m->tr_sorted);
	bt_namer_free(m->namer);
	bt_buf_dispose(&m->tmp);
	bt_free(m->feat);
	bt_free(m->score);
	bt_free(m);
}

/* ---- features ---- */

typedef struct fset {
	uint64_t *v;
	size_t n, cap;
} fset;

static int fpush(fset *s, uint64_t h)
{
	if (s->n == s->cap) {
		uint64_t *v = bt_realloc(s->v, (s->cap = s->cap ? s->cap * 2 : 256) * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		s->v = v;
	}
	s->v[s->n++] = h;
	return 0;
}

/* A number's digits alone, two or more. */
static int number_feature(fset *s, const char *p, size_t len)
{
	char d[64];
	size_t n = 0;
	for (size_t i = 0; i < len && n < sizeof d; i++)
		if (p[i] >= '0' && p[i] <= '9')
			d[n++] = p[i];
	return n >= 2 ? fpush(s, tagged('n', d, n)) : 0;
}

/* A word's glossary features: on the source side the translations of
 * its entry, on the target side the word itself if it is one. */
static int word_features(bt_imatch *m, fset *s, int side, const char *p, size_t len)
{
	long e;
	int rc;
	bt_buf_clear(&m->tmp);
	if ((rc = bt_dict_fold(&m->tmp, p, len)) != 0)
		return rc;
	if (side == BT_SIDE_TGT) {
		uint64_t h = tagged('g', m->tmp.ptr, m->tmp.len);
		return bsearch(&h, m->tr_sorted, m->n_tr, sizeof h, cmp_u64) ? fpush(s, h) : 0;
	}
	if ((e = bt_dict_find_folded(m->dict, m->tmp.ptr, m->tmp.len)) < 0)
		return e == -2 ? BT_ENOMEM : 0;
	for (uint64_t k = m->trans[e]; k < m->trans[e + 1]; k++)
		if ((rc = fpush(s, m->tr[k])) != 0)
			return rc;
	return 0;
}

static int name_feature(bt_imatch *m, fset *s, int side, const char *p, size_t len)
{
	bt_buf_clear(&m->tmp);
	if (bt_namer_key(&m->tmp, m->namer, p, len, m->side[side].lang, 0) != 0 || m->tmp.len == 0) {
		bt_error_clear(); /* a word the name rules cannot key (another script) */
		return 0;
	}
	return fpush(s, tagged('k', m->tmp.ptr, m->tmp.len));
}

static int collect(bt_imatch *m, fset *s, int side, const char *text, size_t len)
{
	bt_token t;
	size_t pos = 0;
	int rc = 0;
	while (!rc && bt_token_next(&t, &pos, text, len, BT_TOKEN_SPACED) == 0) {
		const char *p = text + t.start;
		size_t n = t.end - t.start;
		if (t.kind == BT_TOK_NUMBER)
			rc = number_feature(s, p, n);
		else if (t.kind == BT_TOK_WORD && (t.flags & BT_TOK_LETTERS)) {
			rc = word_features(m, s, side, p, n);
			if (!rc && (t.flags & BT_TOK_CAP))
				rc = name_feature(m, s, side, p, n);
		}
	}
	return rc;
}

int bt_imatch_add(bt_imatch *m, int side, const char *text, size_t len)
{
	im_side *sd = &m->side[side];
	fset s = {NULL, 0, 0};
	size_t u = 0;
	int rc;
	if (sd->n == sd->cap) {
		im_doc *v = bt_realloc(sd->v, (sd->cap = sd->cap ? sd->cap * 2 : 64) * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		sd->v = v;
	}
	if ((rc = collect(m, &s, side, text, len)) != 0) {
		bt_free(s.v);
		return rc;
	}
	if (s.n > 1)
		qsort(s.v, s.n, sizeof *s.v, cmp_u64);
	for (size_t i = 0; i < s.n; i++)
		if (u == 0 || s.v[u - 1] != s.v[i])
			s.v[u++] = s.v[i];
	sd->v[sd->n++] = (im_doc){s.v, u, len, 0};
	return 0;
}

/* ---- scores ---- */

static int cmp_feat(const void *a, const void *b)
{
	return cmp_u64(&((const im_feat *)a)->h, &((const im_feat *)b)->h);
}

static im_feat *feat_find(bt_imatch *m, uint64_t h)
{
	im_feat key = {h, {0, 0}, 0};
	return bsearch(&key, m->feat, m->n_feat, sizeof *m->feat, cmp_feat);
}

/* Every feature with its document frequencies and weight; each
 * document's norm over the features both sides have. */
static int weigh(bt_imatch *m)
{
	size_t total = 0, u = 0;
	double docs = (double)(m->side[0].n + m->side[1].n + 1);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < m->side[s].n; i++)
			total += m->side[s].v[i].n;
	if (!(m->feat = bt_malloc((total + 1) * sizeof *m->feat)))
		return bt_fail_nomem();
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < m->side[s].n; i++)
			for (size_t k = 0; k < m->side[s].v[i].n; k++)
				m->feat[u++] = (im_feat){m->side[s].v[i].f[k], {s == 0, s == 1}, 0};
	qsort(m->feat, total, sizeof *m->feat, cmp_feat);
	u = 0;
	for (size_t i = 0; i < total; i++) {
		if (u && m->feat[u - 1].h == m->feat[i].h) {
			m->feat[u - 1].df[0] += m->feat[i].df[0], m->feat[u - 1].df[1] += m->feat[i].df[1];
			continue;
		}
		m->feat[u++] = m->feat[i];
	}
	m->n_feat = u;
	for (size_t i = 0; i < u; i++) {
		im_feat *f = &m->feat[i];
		f->w = log(1 + docs / (f->df[0] + f->df[1]));
	}
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < m->side[s].n; i++) {
			im_doc *d = &m->side[s].v[i];
			d->norm = 0;
			for (size_t k = 0; k < d->n; k++)
				d->norm += feat_find(m, d->f[k])->w;
		}
	return 0;
}

/* Postings: for each feature (m->feat order) the target documents. */
typedef struct postings {
	size_t *start; /* n_feat + 1 */
	uint32_t *doc;
} postings;

static int build_postings(bt_imatch *m, postings *p)
{
	im_side *t = &m->side[1];
	size_t *fill;
	p->start = bt_calloc(m->n_feat + 2, sizeof *p->start);
	fill = bt_calloc(m->n_feat + 1, sizeof *fill);
	p->doc = NULL;
	if (!p->start || !fill) {
		bt_free(fill);
		return bt_fail_nomem();
	}
	for (size_t i = 0; i < m->n_feat; i++)
		p->start[i + 1] = p->start[i] + m->feat[i].df[1];
	if (!(p->doc = bt_malloc((p->start[m->n_feat] + 1) * sizeof *p->doc))) {
		bt_free(fill);
		return bt_fail_nomem();
	}
	for (size_t j = 0; j < t->n; j++)
		for (size_t k = 0; k < t->v[j].n; k++) {
			size_t f = (size_t)(feat_find(m, t->v[j].f[k]) - m->feat);
			p->doc[p->start[f] + fill[f]++] = (uint32_t)j;
		}
	bt_free(fill);
	return 0;
}

static double length_agreement(const im_doc *s, const im_doc *t, double expect)
{
	double r = ((double)s->len / (double)(t->len ? t->len : 1)) / expect;
	return r > 1 ? 1 / r : r;
}

/* The score matrix, by accumulating each source document's features over
 * the target documents that have them. */
static int score_all(bt_imatch *m)
{
	im_side *s = &m->side[0], *t = &m->side[1];
	double src_len = 0, tgt_len = 0, expect, *acc;
	uint32_t *cnt = NULL;
	postings p;
	int rc;
	for (size_t i = 0; i < s->n; i++)
		src_len += (double)s->v[i].len;
	for (size_t j = 0; j < t->n; j++)
		tgt_len += (double)t->v[j].len;
	expect = src_len > 0 && tgt_len > 0 ? src_len / tgt_len : 1;
	if ((rc = build_postings(m, &p)) != 0)
		goto done;
	if (!(acc = bt_malloc((t->n + 1) * sizeof *acc)) || !(cnt = bt_malloc((t->n + 1) * sizeof *cnt))) {
		bt_free(acc);
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t i = 0; i < s->n; i++) {
		const im_doc *d = &s->v[i];
		memset(acc, 0, t->n * sizeof *acc);
		memset(cnt, 0, t->n * sizeof *cnt);
		for (size_t k = 0; k < d->n; k++) {
			size_t f = (size_t)(feat_find(m, d->f[k]) - m->feat);
			for (size_t q = p.start[f]; q < p.start[f + 1]; q++)
				acc[p.doc[q]] += m->feat[f].w, cnt[p.doc[q]]++;
		}
		for (size_t j = 0; j < t->n; j++) {
			double den = sqrt(d->norm * t->v[j].norm);
			/* too little in common is no evidence (a year alone) */
			m->score[i * t->n + j] =
				den > 0 && cnt[j] >= BT_IMATCH_MIN_SHARED
					? (float)(acc[j] / den * (0.6 + 0.4 * length_agreement(d, &t->v[j], expect)))
					: 0.0f;
		}
	}
	bt_free(acc);
	bt_free(cnt);
done:
	bt_free(p.start), bt_free(p.doc);
	return rc;
}

/* ---- assignment ---- */

typedef struct cand {
	float score;
	uint32_t i, j;
} cand;

static int cmp_cand(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

/* The best score of document `i` of `side` against the free documents of
 * the other side but `skip`: *at its index. */
static double best_other(const bt_imatch *m, int side, size_t i, size_t skip, size_t *at)
{
	size_t ns = m->side[0].n, nt = m->side[1].n, n = side ? ns : nt;
	const bt_imatch_doc *other = m->side[!side].res;
	double best = 0;
	*at = (size_t)-1;
	for (size_t k = 0; k < n; k++) {
		double v = side ? m->score[k * nt + i] : m->score[i * nt + k];
		if (k != skip && other[k].why != BT_IMATCH_PAIRED && v > best)
			best = v, *at = k;
	}
	return best;
}

static void decide(bt_imatch *m, const cand *c, double margin)
{
	bt_imatch_doc *s = &m->side[0].res[c->i], *t = &m->side[1].res[c->j];
	size_t si, ti;
	double ss = best_other(m, 0, c->i, c->j, &si), ts = best_other(m, 1, c->j, c->i, &ti);
	int close = c->score - ss < margin * c->score || c->score - ts < margin * c->score;
	s->why = t->why = close ? BT_IMATCH_CLOSE : BT_IMATCH_PAIRED;
	s->best = c->j, t->best = c->i;
	s->score = t->score = c->score;
	s->second = si, s->second_score = ss;
	t->second = ti, t->second_score = ts;
}

/* A document left free: its best candidate among the ones not paired;
 * one over the threshold is an uncertain one, so this one is uncertain
 * too. */
static void explain(bt_imatch *m, int side, size_t i, double threshold)
{
	bt_imatch_doc *d = &m->side[side].res[i];
	size_t at, n = m->side[!side].n, nt = m->side[1].n;
	int any = 0;
	if (d->why)
		return;
	for (size_t k = 0; k < n && !any; k++)
		any = (side ? m->score[k * nt + i] : m->score[i * nt + k]) > 0;
	d->score = best_other(m, side, i, (size_t)-1, &at);
	d->best = at, d->second = (size_t)-1;
	d->why = !any ? BT_IMATCH_NONE : d->score >= threshold ? BT_IMATCH_CLOSE : BT_IMATCH_LOW;
}

static int assign(bt_imatch *m, double threshold, double margin)
{
	size_t ns = m->side[0].n, nt = m->side[1].n, nc = 0, cap = 0;
	cand *cv = NULL;
	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < nt; j++) {
			float v = m->score[i * nt + j];
			if (v <= 0 || v < threshold)
				continue;
			if (nc == cap) {
				cand *x = bt_realloc(cv, (cap = cap ? cap * 2 : 256) * sizeof *x);
				if (!x) {
					bt_free(cv);
					return bt_fail_nomem();
				}
				cv = x;
			}
			cv[nc++] = (cand){v, (uint32_t)i, (uint32_t)j};
		}
	if (nc > 1)
		qsort(cv, nc, sizeof *cv, cmp_cand);
	for (size_t k = 0; k < nc; k++)
		if (!m->side[0].res[cv[k].i].why && !m->side[1].res[cv[k].j].why)
			decide(m, &cv[k], margin);
	bt_free(cv);
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < m->side[s].n; i++)
			explain(m, s, i, threshold);
	return 0;
}

int bt_imatch_run(bt_imatch *m, double threshold, double margin)
{
	size_t ns = m->side[0].n, nt = m->side[1].n;
	int rc;
	if (nt && ns > BT_IMATCH_MAX_CELLS / nt)
		return bt_fail(BT_ELIMIT, NULL, -1, -1,
			       "%zu source and %zu target files left to pair by content: at most %zu candidates; pair"
			       " some by name or list them with --pairs LIST",
			       ns, nt, BT_IMATCH_MAX_CELLS);
	for (int s = 0; s < 2; s++)
		if (!(m->side[s].res = bt_calloc(m->side[s].n + 1, sizeof *m->side[s].res)))
			return bt_fail_nomem();
	if (!(m->score = bt_calloc(ns * nt + 1, sizeof *m->score)))
		return bt_fail_nomem();
	if ((rc = weigh(m)) != 0 || (rc = score_all(m)) != 0)
		return rc;
	return assign(m, threshold, margin);
}

const bt_imatch_doc *bt_imatch_result(const bt_imatch *m, int side, size_t i)
{
	return &m->side[side].res[i];
}
