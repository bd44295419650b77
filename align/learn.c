/* learn.c: what a pass learns from the one before: the spread of
 * lengths, the length ratio and variance, the match rates, and a lexicon
 * of the document's own word pairs. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- estimation between the passes ---- */

/* Variance of the length deviation between unrelated sentences. */
void bt_al_random_spread(al_doc *d)
{
	size_t n = d->side[0].n, m = d->side[1].n, N = 1000;
	double sum = 0;
	uint64_t x = 88172645463325252ULL;
	d->rand_var = 25;
	if (n < 2 || m < 2)
		return;
	for (size_t k = 0; k < N; k++) {
		size_t i, j;
		double ls, lt, mean, dev;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		i = (size_t)(x % n);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		j = (size_t)(x % m);
		ls = d->side[0].s[i].chars;
		lt = d->side[1].s[j].chars;
		mean = (ls + lt / d->c) / 2;
		dev = lt / d->c - ls;
		/* capped: a giant sentence would make every pair look fine */
		dev = dev * dev / (d->len_var * mean + 1);
		sum += dev < 400 ? dev : 400;
	}
	d->rand_var = sum / (double)N;
}

static int is_confident(const al_path *p, size_t x, const al_params *prm)
{
	const bt_link *l = &p->links.v[x];
	return l->src_n == 1 && l->tgt_n == 1 && p->ev[x] >= prm->confident;
}

/* Length ratio and variance from the confident 1-1 links. */
void bt_al_estimate_length(al_doc *d, const al_path *p, const al_params *prm)
{
	double ss = 0, st = 0, v = 0;
	size_t n = 0;
	for (size_t x = 0; x < p->links.n; x++)
		if (is_confident(p, x, prm)) {
			ss += d->side[0].s[p->links.v[x].src_first].chars;
			st += d->side[1].s[p->links.v[x].tgt_first].chars;
			n++;
		}
	if (n < 10 || ss <= 0 || st <= 0)
		return;
	d->c = st / ss;
	for (size_t x = 0; x < p->links.n; x++)
		if (is_confident(p, x, prm)) {
			double ls = d->side[0].s[p->links.v[x].src_first].chars;
			double lt = d->side[1].s[p->links.v[x].tgt_first].chars;
			double mean = (ls + lt / d->c) / 2, dev = lt / d->c - ls;
			v += dev * dev / (mean + 1);
		}
	v /= (double)n;
	/* shrink towards the prior with few links */
	d->len_var = (v * (double)n + prm->len_var * 20) / ((double)n + 20);
	if (d->len_var < 1)
		d->len_var = 1;
}

void bt_al_estimate_weak(al_doc *d, const al_path *p, const al_params *prm)
{
	/* per side: [weak or not][joined with the next or not] */
	double c[2][2][2] = {{{0}}};
	for (size_t x = 0; x < p->links.n; x++) {
		const bt_link *k = &p->links.v[x];
		for (size_t i = 0; i < k->src_n; i++)
			c[0][d->side[0].s[k->src_first + i].weak_end != 0][i + 1 < k->src_n]++;
		for (size_t j = 0; j < k->tgt_n; j++)
			c[1][d->side[1].s[k->tgt_first + j].weak_end != 0][j + 1 < k->tgt_n]++;
	}
	for (int s = 0; s < 2; s++) {
		/* the log odds ratio, each count smoothed by one */
		double lor = log((c[s][1][1] + 1) / (c[s][1][0] + 1)) - log((c[s][0][1] + 1) / (c[s][0][0] + 1));
		d->weak_gain[s] = c[s][1][0] + c[s][1][1] >= 5 && lor > 0 ? prm->w_weak * lor : 0;
	}
}

/* Per side and class, how often a token is matched in a confident link. */
int bt_al_estimate_p1(al_doc *d, const al_path *p, const al_params *prm, double p1[2][AL_NCLASS])
{
	double hit[2][AL_NCLASS] = {{0}}, all[2][AL_NCLASS] = {{0}};
	uint32_t *stamp = bt_calloc(d->keys.n ? d->keys.n : 1, sizeof *stamp), mark = 0;
	if (!stamp)
		return bt_fail_nomem();
	for (size_t x = 0; x < p->links.n; x++) {
		size_t ij[2];
		if (!is_confident(p, x, prm))
			continue;
		ij[0] = p->links.v[x].src_first;
		ij[1] = p->links.v[x].tgt_first;
		for (int s = 0; s < 2; s++) {
			al_side *X = &d->side[s];
			const al_side *Y = &d->side[1 - s];
			const al_sent *se = &X->s[ij[s]], *ot = &Y->s[ij[1 - s]];
			mark++;
			for (uint32_t k = 0; k < ot->nkey; k++)
				stamp[Y->skeys[ot->key_off + k]] = mark;
			for (uint32_t k = 0; k < se->ntok; k++) {
				al_type *ty = &X->types[X->toks[se->tok_off + k]];
				int h = 0;
				for (uint32_t q = 0; q < ty->nkey && !h; q++)
					h = stamp[X->keys[ty->key_off + q]] == mark;
				hit[s][ty->cls] += h;
				all[s][ty->cls] += 1;
				ty->p1_hits += (float)h;
				ty->p1_seen += 1;
			}
		}
	}
	bt_free(stamp);
	for (int s = 0; s < 2; s++)
		for (int c = 0; c < AL_NCLASS; c++) {
			p1[s][c] = (hit[s][c] + prm->p1_smooth * prm->p1[s][c]) / (all[s][c] + prm->p1_smooth);
			if (p1[s][c] < 0.02)
				p1[s][c] = 0.02;
			if (p1[s][c] > 0.98)
				p1[s][c] = 0.98;
		}
	return 0;
}

typedef struct cand {
	uint32_t s, t;
	double dice;
} cand;

static int by_src_dice(const void *a, const void *b)
{
	const cand *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->dice > y->dice ? -1 : x->dice < y->dice;
}

/* Co-occurrence counts of (source type, target type), open addressing. */
typedef struct pairtab {
	uint64_t *slots; /* (s << 32 | t) + 1, 0 empty */
	uint32_t *counts;
	size_t nslots, n;
} pairtab;

static size_t pair_hash(uint64_t key, size_t nslots)
{
	return (size_t)(key * 0x9E3779B97F4A7C15ULL >> 20) & (nslots - 1);
}

static int pairtab_grow(pairtab *pt)
{
	size_t nn = pt->nslots ? pt->nslots * 2 : 1u << 16;
	uint64_t *ns = bt_calloc(nn, sizeof *ns);
	uint32_t *nc = bt_calloc(nn, sizeof *nc);
	if (!ns || !nc) {
		bt_free(ns);
		bt_free(nc);
		return bt_fail_nomem();
	}
	for (size_t q = 0; q < pt->nslots; q++)
		if (pt->slots[q]) {
			size_t h = pair_hash(pt->slots[q], nn);
			while (ns[h])
				h = (h + 1) & (nn - 1);
			ns[h] = pt->slots[q];
			nc[h] = pt->counts[q];
		}
	bt_free(pt->slots);
	bt_free(pt->counts);
	pt->slots = ns;
	pt->counts = nc;
	pt->nslots = nn;
	return 0;
}

static int pairtab_add(pairtab *pt, uint32_t s, uint32_t t)
{
	uint64_t key = ((uint64_t)s << 32 | t) + 1;
	size_t h;
	int rc;
	if (pt->n + 1 > pt->nslots / 2 && (rc = pairtab_grow(pt)) != 0)
		return rc;
	h = pair_hash(key, pt->nslots);
	while (pt->slots[h] && pt->slots[h] != key)
		h = (h + 1) & (pt->nslots - 1);
	if (!pt->slots[h]) {
		pt->slots[h] = key;
		pt->n++;
	}
	pt->counts[h]++;
	return 0;
}

static void pairtab_dispose(pairtab *pt)
{
	bt_free(pt->slots);
	bt_free(pt->counts);
	memset(pt, 0, sizeof *pt);
}

/* Counts for the lexicon: fs[s] and ft[t] the links holding each word
 * type, the table the links holding both. */
typedef struct cooc {
	pairtab pt;
	uint32_t *fs, *ft, *seen_s, *seen_t;
	uint64_t *seen_t2;
} cooc;

static void cooc_dispose(cooc *c)
{
	pairtab_dispose(&c->pt);
	bt_free(c->fs);
	bt_free(c->ft);
	bt_free(c->seen_s);
	bt_free(c->seen_t);
	bt_free(c->seen_t2);
}

/* Counts one confident link (its `mark` is distinct from every other's). */
static int count_link(cooc *c, const al_doc *d, const bt_link *l, uint32_t mark)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	const al_sent *a = &S->s[l->src_first], *b = &T->s[l->tgt_first];
	int rc;
	for (uint32_t j = 0; j < b->all_n; j++) {
		uint32_t tt = T->all[b->all_off + j];
		if (c->seen_t[tt] != mark) {
			c->seen_t[tt] = mark;
			c->ft[tt]++;
		}
	}
	for (uint32_t i = 0; i < a->all_n; i++) {
		uint32_t ts = S->all[a->all_off + i];
		if (S->types[ts].kind != AL_T_WORD || S->types[ts].count < 2 || c->seen_s[ts] == mark)
			continue;
		c->seen_s[ts] = mark;
		c->fs[ts]++;
		for (uint32_t j = 0; j < b->all_n && j < 64; j++) {
			uint32_t tt = T->all[b->all_off + j];
			uint64_t stamp = (uint64_t)mark * 1000003u + i; /* each target type once per link */
			if (T->types[tt].kind != AL_T_WORD || T->types[tt].count < 2 || c->seen_t2[tt] == stamp)
				continue;
			c->seen_t2[tt] = stamp;
			if ((rc = pairtab_add(&c->pt, ts, tt)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The pairs that pass the thresholds, sorted by source type and Dice. */
static int dice_candidates(cand **out, size_t *nout, const cooc *c, const al_params *prm)
{
	cand *cv = NULL;
	size_t nc = 0;
	for (size_t q = 0; q < c->pt.nslots; q++) {
		uint32_t ts, tt, cnt;
		double dice;
		if (!c->pt.slots[q])
			continue;
		ts = (uint32_t)((c->pt.slots[q] - 1) >> 32);
		tt = (uint32_t)(c->pt.slots[q] - 1);
		cnt = c->pt.counts[q];
		dice = 2.0 * (double)cnt / (double)(c->fs[ts] + c->ft[tt]);
		if ((int)cnt < prm->learn_min_count || dice < prm->learn_min_dice)
			continue;
		if (nc % 1024 == 0) {
			cand *ncv = bt_realloc(cv, (nc + 1024) * sizeof *ncv);
			if (!ncv) {
				bt_free(cv);
				return bt_fail_nomem();
			}
			cv = ncv;
		}
		cv[nc++] = (cand){ts, tt, dice};
	}
	if (nc)
		qsort(cv, nc, sizeof *cv, by_src_dice);
	*out = cv;
	*nout = nc;
	return 0;
}

static int push_learned(al_doc *d, uint32_t s, uint32_t t)
{
	if (d->nlearned == d->learned_cap) {
		size_t ncap = d->learned_cap ? d->learned_cap * 2 : 256;
		uint32_t *nl = bt_realloc(d->learned, ncap * 2 * sizeof *nl);
		if (!nl)
			return bt_fail_nomem();
		d->learned = nl;
		d->learned_cap = ncap;
	}
	d->learned[2 * d->nlearned] = s;
	d->learned[2 * d->nlearned + 1] = t;
	d->nlearned++;
	return 0;
}

/* A lexicon learned from the confident 1-1 links: word pairs that occur
 * together far more often than apart (Dice), at most two per source
 * word. At most 2000 links are read, evenly spread, so that the cost
 * stays linear. */
int bt_al_learn_dice(al_doc *d, const al_path *p, const al_params *prm)
{
	size_t nconf = 0, step, used = 0, nc = 0;
	const al_side *S = &d->side[0], *T = &d->side[1];
	cooc c;
	cand *cv = NULL;
	int rc = 0;

	memset(&c, 0, sizeof c);
	d->nlearned = 0;
	for (size_t x = 0; x < p->links.n; x++)
		nconf += is_confident(p, x, prm);
	if (nconf < 10)
		return 0;
	step = nconf > 2000 ? nconf / 2000 : 1;
	c.fs = bt_calloc(S->ntypes + 1, sizeof *c.fs);
	c.ft = bt_calloc(T->ntypes + 1, sizeof *c.ft);
	c.seen_s = bt_calloc(S->ntypes + 1, sizeof *c.seen_s);
	c.seen_t = bt_calloc(T->ntypes + 1, sizeof *c.seen_t);
	c.seen_t2 = bt_calloc(T->ntypes + 1, sizeof *c.seen_t2);
	if (!c.fs || !c.ft || !c.seen_s || !c.seen_t || !c.seen_t2 || (rc = pairtab_grow(&c.pt)) != 0) {
		rc = rc ? rc : bt_fail_nomem();
		goto done;
	}
	for (size_t x = 0, k = 0; x < p->links.n; x++) {
		if (!is_confident(p, x, prm) || k++ % step)
			continue;
		if ((rc = count_link(&c, d, &p->links.v[x], (uint32_t)++used)) != 0)
			goto done;
	}
	if ((rc = dice_candidates(&cv, &nc, &c, prm)) != 0)
		goto done;
	for (size_t x = 0, run = 0; x < nc && !rc; x++) {
		run = (x > 0 && cv[x].s == cv[x - 1].s) ? run + 1 : 0;
		if (run < 2)
			rc = push_learned(d, cv[x].s, cv[x].t);
	}
done:
	cooc_dispose(&c);
	bt_free(cv);
	return rc;
}


/* ---- a lexicon of the document ---- */

typedef struct type_word {
	long word; /* lexicon word id */
	uint32_t type;
} type_word;

static int by_word(const void *a, const void *b)
{
	const type_word *x = a, *y = b;
	return x->word != y->word ? (x->word < y->word ? -1 : 1) : (x->type > y->type) - (x->type < y->type);
}

/* The lexicon word of every word type of side s (-1: none); with `add`,
 * the words the lexicon does not know yet are added. Single letters are
 * no words here. */
static int type_words(long *out, al_doc *d, bt_aligner *a, bt_lexicon *lx, int s, int add)
{
	const al_side *sd = &d->side[s];
	bt_buf f = BT_BUF_INIT;
	int rc = 0;
	for (size_t t = 0; t < sd->ntypes && !rc; t++) {
		const al_type *ty = &sd->types[t];
		uint32_t id;
		out[t] = -1;
		if (ty->kind != AL_T_WORD || ty->str_len < 2)
			continue;
		if ((rc = bt_al_lex_form(a->folder, a->stem[s], &f, sd->arena.ptr + ty->str_off, ty->str_len)) != 0)
			break;
		if (!add)
			out[t] = bt_al_lex_word(lx, s, f.ptr ? f.ptr : "", f.len);
		else if ((rc = bt_al_strtab_add(&lx->words[s], f.ptr ? f.ptr : "", f.len, &id)) == 0)
			out[t] = id;
	}
	bt_buf_dispose(&f);
	return rc;
}

/* The target types of lexicon word w: [*lo, *hi) of tw (sorted by word). */
static void types_of(const type_word *tw, size_t n, long w, size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (tw[mid].word < w)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < n && tw[a].word == w)
		a++;
	*hi = a;
}

/* The document's learned pairs from the pairs of lexicon lx the aligner
 * trusts (bt_al_lex_best), given the lexicon word of each type. */
static int pairs_from_words(al_doc *d, bt_aligner *a, const bt_lexicon *lx, const long *sw, const long *tw0)
{
	size_t ns = d->side[0].ntypes, nt = d->side[1].ntypes, ntw = 0;
	type_word *tw = bt_malloc((nt ? nt : 1) * sizeof *tw);
	int rc = 0;
	d->nlearned = 0;
	if (!tw)
		return bt_fail_nomem();
	for (size_t t = 0; t < nt; t++)
		if (tw0[t] >= 0)
			tw[ntw++] = (type_word){tw0[t], (uint32_t)t};
	qsort(tw, ntw, sizeof *tw, by_word);
	for (size_t s = 0; s < ns && !rc; s++) {
		const al_lex_entry *best[8];
		size_t nb = bt_al_lex_best(best, lx, 0, sw[s], &a->prm);
		for (size_t k = 0; k < nb && !rc; k++) {
			size_t lo, hi;
			types_of(tw, ntw, (long)best[k]->t, &lo, &hi);
			for (size_t x = lo; x < hi && !rc; x++)
				rc = push_learned(d, (uint32_t)s, tw[x].type);
		}
	}
	bt_free(tw);
	return rc;
}

int bt_al_learn_from_lexicon(al_doc *d, bt_aligner *a, const bt_lexicon *lx)
{
	size_t ns = d->side[0].ntypes, nt = d->side[1].ntypes;
	long *sw = bt_malloc((ns ? ns : 1) * sizeof *sw), *tw = bt_malloc((nt ? nt : 1) * sizeof *tw);
	int rc;
	if (!sw || !tw)
		rc = bt_fail_nomem();
	else if ((rc = type_words(sw, d, a, (bt_lexicon *)lx, 0, 0)) == 0 &&
		 (rc = type_words(tw, d, a, (bt_lexicon *)lx, 1, 0)) == 0)
		rc = pairs_from_words(d, a, lx, sw, tw);
	bt_free(sw);
	bt_free(tw);
	return rc;
}

/* One side of a sentence as lexicon words, into ids[] (grown). */
static int sentence_words(uint32_t **ids, size_t *cap, size_t *n, const al_side *sd, size_t i, const long *w)
{
	const al_sent *se = &sd->s[i];
	*n = 0;
	if (se->all_n > *cap) {
		uint32_t *v = bt_realloc(*ids, se->all_n * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		*ids = v;
		*cap = se->all_n;
	}
	for (uint32_t k = 0; k < se->all_n; k++) {
		long x = w[sd->all[se->all_off + k]];
		if (x >= 0)
			(*ids)[(*n)++] = (uint32_t)x;
	}
	return 0;
}

/* The document's learned pairs from IBM Model 1 trained on its confident
 * 1-1 links (at most doc_lex_pairs, evenly spread). The training pairs are made
 * of the types' lexicon words, each type's form computed once. */
int bt_al_learn_doc_lexicon(al_doc *d, bt_aligner *a, const al_path *p, const bt_sentences *src, const bt_sentences *tgt)
{
	bt_lexicon_opts o = BT_LEXICON_OPTS_INIT;
	bt_lexicon *lx = NULL;
	size_t nconf = 0, step, ns = d->side[0].ntypes, nt = d->side[1].ntypes, cap[2] = {0, 0}, n[2];
	long *w[2] = {bt_malloc((ns ? ns : 1) * sizeof(long)), bt_malloc((nt ? nt : 1) * sizeof(long))};
	uint32_t *ids[2] = {NULL, NULL};
	int rc = 0;
	(void)src, (void)tgt;
	d->nlearned = 0;
	for (size_t x = 0; x < p->links.n; x++)
		nconf += is_confident(p, x, &a->prm);
	if (!w[0] || !w[1] || nconf < 10) {
		rc = !w[0] || !w[1] ? bt_fail_nomem() : 0;
		goto done;
	}
	step = nconf > (size_t)a->prm.doc_lex_pairs ? nconf / (size_t)a->prm.doc_lex_pairs : 1;
	o.max_pairs = (size_t)a->prm.doc_lex_pairs;
	o.iterations = a->prm.doc_lex_iterations;
	if ((rc = bt_lexicon_new(&lx, a->lang[0], a->lang[1], &o)) != 0 || (rc = type_words(w[0], d, a, lx, 0, 1)) != 0 ||
	    (rc = type_words(w[1], d, a, lx, 1, 1)) != 0)
		goto done;
	for (size_t x = 0, k = 0; x < p->links.n && !rc; x++) {
		const bt_link *l = &p->links.v[x];
		if (!is_confident(p, x, &a->prm) || k++ % step)
			continue;
		if ((rc = sentence_words(&ids[0], &cap[0], &n[0], &d->side[0], l->src_first, w[0])) == 0 &&
		    (rc = sentence_words(&ids[1], &cap[1], &n[1], &d->side[1], l->tgt_first, w[1])) == 0)
			rc = bt_al_lex_add_ids(lx, ids[0], n[0], ids[1], n[1]);
	}
	if (!rc && (rc = bt_lexicon_train(lx)) == 0)
		rc = pairs_from_words(d, a, lx, w[0], w[1]);
done:
	bt_lexicon_free(lx);
	bt_free(w[0]);
	bt_free(w[1]);
	bt_free(ids[0]);
	bt_free(ids[1]);
	return rc;
}

/* ---- calibration ---- */

static double logit(double p)
{
	p = p < 1e-4 ? 1e-4 : p > 1 - 1e-4 ? 1 - 1e-4 : p;
	return log(p / (1 - p));
}

/* Is link x a sentence alone next to one alone on the other side? */
static int alone_beside(const bt_links *l, size_t x)
{
	const bt_link *k = &l->v[x];
	if (k->src_n && k->tgt_n)
		return 0;
	for (int dx = -1; dx <= 1; dx += 2) {
		const bt_link *o;
		if ((dx < 0 && x == 0) || x + (size_t)dx >= l->n)
			continue;
		o = &l->v[x + (size_t)dx];
		if ((k->src_n && !o->src_n) || (k->tgt_n && !o->tgt_n))
			return 1;
	}
	return 0;
}

/* How many 1-0 (or 0-1) links stand in a row with link x, itself
 * included; 0 when x has sentences on both sides. */
static size_t alone_run(const bt_links *l, size_t x)
{
	const bt_link *k = &l->v[x];
	size_t a = x, b = x + 1;
	if (k->src_n && k->tgt_n)
		return 0;
	while (a > 0 && !l->v[a - 1].src_n == !k->src_n && !l->v[a - 1].tgt_n == !k->tgt_n)
		a--;
	while (b < l->n && !l->v[b].src_n == !k->src_n && !l->v[b].tgt_n == !k->tgt_n)
		b++;
	return b - a;
}

/* The calibration's term for a run of that many: one alone, two or
 * three, or none (a link with both sides, or a block). */
static double run_term(const al_params *p, size_t run)
{
	return run == 1 ? p->cal_run1 : run == 2 || run == 3 ? p->cal_run23 : 0;
}

void bt_al_calibrate(bt_links *l, const al_params *p, int nodict)
{
	double *z = bt_malloc((l->n ? l->n : 1) * sizeof *z);
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		double lg = logit(k->score), v;
		int null = !k->src_n || !k->tgt_n;
		v = run_term(p, alone_run(l, x)) + p->cal_bias + p->cal_logit * lg +
		    (null ? p->cal_null + p->cal_null_logit * lg : 0) +
		    (alone_beside(l, x) ? p->cal_opp : 0) + (k->flags & BT_LINK_MOVED ? p->cal_moved : 0) +
		    (!null && k->src_n + k->tgt_n > 2 ? p->cal_big : 0) + (nodict ? p->cal_nodict + p->cal_nodict_logit * lg : 0);
		if (z)
			z[x] = v;
		else /* without memory, in place: the neighbours' test reads shapes only */
			l->v[x].score = 1.0 / (1.0 + exp(-v));
	}
	for (size_t x = 0; z && x < l->n; x++)
		l->v[x].score = 1.0 / (1.0 + exp(-z[x]));
	bt_free(z);
}
