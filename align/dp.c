/* dp.c: bead scores and the banded dynamic program.
 *
 * Match masks: for every pair (source sentence s, target sentence t) that a
 * bead in the band can hold, one bit per evidence token of s says whether
 * it is matched in t, and one bit per token of t whether it is matched in
 * s. A bead's matches are then ORs of masks, so scoring a bead costs a few
 * word operations and one addition per matched token. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

const int bt_al_bead_shape[AL_NBEAD][2] = {{1, 1}, {1, 0}, {0, 1}, {1, 2}, {2, 1}, {2, 2},
					{1, 3}, {3, 1}, {2, 3}, {3, 2}, {1, 4}, {4, 1}};

void bt_al_band_dispose(al_band *b)
{
	bt_free(b->lo);
	bt_free(b->hi);
	bt_free(b->row);
	memset(b, 0, sizeof *b);
}

int bt_al_band_from_centre(al_band *b, size_t n, size_t m, const double *centre, size_t w)
{
	return bt_al_band_from_range(b, n, m, centre, centre, NULL, w);
}

int bt_al_band_from_range(al_band *b, size_t n, size_t m, const double *from, const double *to, const double *slack,
		       size_t w)
{
	bt_al_band_dispose(b);
	b->n = n;
	b->m = m;
	b->margin = w / 4 > 1 ? w / 4 : 1;
	b->lo = bt_malloc((n + 1) * sizeof *b->lo);
	b->hi = bt_malloc((n + 1) * sizeof *b->hi);
	b->row = bt_malloc((n + 2) * sizeof *b->row);
	if (!b->lo || !b->hi || !b->row)
		return bt_fail_nomem();
	for (size_t i = 0; i <= n; i++) {
		double ww = (double)w + (slack ? slack[i] : 0), l = floor(from[i] - ww), h = ceil(to[i] + ww);
		b->lo[i] = l <= 0 ? 0 : l >= (double)m ? m : (size_t)l;
		b->hi[i] = h <= 0 ? 0 : h >= (double)m ? m : (size_t)h;
	}
	b->lo[0] = 0;
	b->hi[n] = m;
	/* Rows overlap their neighbours and both edges never go back, so a
	 * path from (0,0) to (n,m) always exists. */
	for (size_t i = 1; i <= n; i++)
		if (b->hi[i] < b->hi[i - 1])
			b->hi[i] = b->hi[i - 1];
	for (size_t i = n; i > 0; i--)
		if (b->lo[i - 1] > b->lo[i])
			b->lo[i - 1] = b->lo[i];
	for (size_t i = 1; i <= n; i++)
		if (b->lo[i] > b->hi[i - 1])
			b->lo[i] = b->hi[i - 1];
	b->row[0] = 0;
	for (size_t i = 0; i <= n; i++)
		b->row[i + 1] = b->row[i] + (b->hi[i] - b->lo[i] + 1);
	return 0;
}

/* ---- match masks ---- */

/* A sentence pair inside the band: which evidence tokens of s are matched
 * in t (ms) and of t in s (mt), and the lexical sums of a 1-1 link. */
typedef struct pairrec {
	uint64_t ms, mt;
	float s1, t1;
} pairrec;

/* Threads that build match masks at most (each needs a rowkeys). */
#define AL_MASK_PARTS 4

/* The keys of the source row a thread is on: bits[key] holds the row's
 * tokens that have the key, valid where st[key] is mark. */
typedef struct rowkeys {
	uint32_t *st, mark;
	uint64_t *bits;
} rowkeys;

/* What every search of a document needs whatever its box: the tokens'
 * deltas by bead size, the target sentences' key bits, scratch space. */
struct al_dpctx {
	const al_doc *d;
	float *td[2][3];           /* delta[k] of each evidence token, k = 1, 2 (the
				      commonest links; 3 and 4 from the types) */
	uint64_t *kbT;             /* key_bits() of the target side */
	rowkeys *rk;               /* one per part building the masks */
	int nrk;
	al_pool *pool;
};

/* The pair records of a box of the document: source sentences
 * s0 .. s0+n-1 against target sentences t0 .. t0+m-1; rows and columns
 * are counted from the box's corner. */
typedef struct masks {
	const al_doc *d;
	size_t n, m, s0, t0;
	size_t *plo, *phi;      /* target range of each source row */
	size_t *rowbase;        /* first record of each source row */
	pairrec *pr;
	float *const (*td)[3];  /* the context's td */
} masks;

static void masks_dispose(masks *mk)
{
	bt_free(mk->plo);
	bt_free(mk->phi);
	bt_free(mk->rowbase);
	bt_free(mk->pr);
	memset(mk, 0, sizeof *mk);
}

static float bit_sum(uint64_t x, const float *td)
{
	float sum = 0;
	while (x) {
		sum += td[__builtin_ctzll(x)];
		x &= x - 1;
	}
	return sum;
}

/* The same for a link facing k sentences, from the tokens' types. */
static float bit_sum_k(uint64_t x, const al_side *sd, uint32_t tok_off, int k)
{
	float sum = 0;
	while (x) {
		sum += sd->types[sd->toks[tok_off + (uint32_t)__builtin_ctzll(x)]].delta[k];
		x &= x - 1;
	}
	return sum;
}

/* For every sentence of a side, the bits (evidence tokens) that hold each
 * of its keys, parallel to the sentence's key set. */
static int key_bits(uint64_t **out, const al_doc *d, int side)
{
	const al_side *sd = &d->side[side];
	uint64_t *bits = bt_calloc(sd->nskeys ? sd->nskeys : 1, sizeof *bits), *acc = NULL;
	uint32_t *stamp = NULL, mark = 0;
	size_t nk = d->keys.n ? d->keys.n : 1;
	*out = bits;
	if (!bits || !(acc = bt_malloc(nk * sizeof *acc)) || !(stamp = bt_calloc(nk, sizeof *stamp))) {
		bt_free(acc);
		return bt_fail_nomem();
	}
	for (size_t i = 0; i < sd->n; i++) {
		const al_sent *se = &sd->s[i];
		mark++;
		for (uint32_t x = 0; x < se->ntok; x++) {
			const al_type *ty = &sd->types[sd->toks[se->tok_off + x]];
			for (uint32_t q = 0; q < ty->nkey; q++) {
				uint32_t key = sd->keys[ty->key_off + q];
				if (stamp[key] != mark) {
					stamp[key] = mark;
					acc[key] = 0;
				}
				acc[key] |= (uint64_t)1 << x;
			}
		}
		for (uint32_t k = 0; k < se->nkey; k++) {
			uint32_t key = sd->skeys[se->key_off + k];
			bits[se->key_off + k] = stamp[key] == mark ? acc[key] : 0;
		}
	}
	bt_free(acc);
	bt_free(stamp);
	return 0;
}

void bt_al_dpctx_free(al_dpctx *c)
{
	if (!c)
		return;
	for (int s = 0; s < 2; s++)
		for (int k = 1; k <= 2; k++)
			bt_free(c->td[s][k]);
	bt_free(c->kbT);
	for (int k = 0; c->rk && k < c->nrk; k++) {
		bt_free(c->rk[k].st);
		bt_free(c->rk[k].bits);
	}
	bt_free(c->rk);
	bt_free(c);
}

int bt_al_dpctx_new(al_dpctx **out, const al_doc *d, al_pool *pool)
{
	size_t nk = d->keys.n ? d->keys.n : 1;
	al_dpctx *c = bt_calloc(1, sizeof *c);
	int rc;
	*out = NULL;
	if (!c)
		return bt_fail_nomem();
	c->d = d;
	c->pool = pool;
	for (int s = 0; s < 2; s++) {
		const al_side *sd = &d->side[s];
		for (int k = 1; k <= 2; k++) {
			if (!(c->td[s][k] = bt_malloc((sd->ntoks ? sd->ntoks : 1) * sizeof(float)))) {
				bt_al_dpctx_free(c);
				return bt_fail_nomem();
			}
			for (size_t x = 0; x < sd->ntoks; x++)
				c->td[s][k][x] = sd->types[sd->toks[x]].delta[k];
		}
	}
	/* a rowkeys is 12 bytes a key of the document: the masks are built
	 * by AL_MASK_PARTS threads at most */
	c->nrk = bt_al_pool_parts(pool) < AL_MASK_PARTS ? bt_al_pool_parts(pool) : AL_MASK_PARTS;
	if (!(c->rk = bt_calloc((size_t)c->nrk, sizeof *c->rk))) {
		bt_al_dpctx_free(c);
		return bt_fail_nomem();
	}
	for (int k = 0; k < c->nrk; k++)
		if (!(c->rk[k].st = bt_calloc(nk, sizeof *c->rk[k].st)) ||
		    !(c->rk[k].bits = bt_malloc(nk * sizeof *c->rk[k].bits))) {
			bt_al_dpctx_free(c);
			return bt_fail_nomem();
		}
	if ((rc = key_bits(&c->kbT, d, 1)) != 0) {
		bt_al_dpctx_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* The target range of each source row's pair records (every pair a bead
 * in the band can hold). */
static int masks_layout(masks *mk, const al_band *b, size_t *recs)
{
	size_t n = mk->n, m = mk->m;
	*recs = 0;
	if (!(mk->plo = bt_calloc(n + 1, sizeof *mk->plo)) || !(mk->phi = bt_calloc(n + 1, sizeof *mk->phi)) ||
	    !(mk->rowbase = bt_calloc(n + 1, sizeof *mk->rowbase)))
		return bt_fail_nomem();
	if (m == 0 || n == 0)
		return 0;
	for (size_t s = 0; s < n; s++) {
		size_t r3 = s + AL_MAXB > n ? n : s + AL_MAXB, lo = b->lo[s + 1], hi = b->hi[r3];
		mk->plo[s] = lo >= AL_MAXB ? lo - AL_MAXB : 0;
		mk->phi[s] = hi == 0 ? 0 : (hi - 1 >= m ? m - 1 : hi - 1);
		if (mk->phi[s] < mk->plo[s])
			mk->phi[s] = mk->plo[s];
		if (mk->plo[s] >= m)
			mk->plo[s] = mk->phi[s] = m - 1;
		mk->rowbase[s] = *recs;
		*recs += mk->phi[s] - mk->plo[s] + 1;
	}
	mk->rowbase[n] = *recs;
	return 0;
}

/* The pair records of source row s. A pair costs one walk over the target
 * sentence's keys: a key both hold marks the source tokens that have it
 * (rk) and the target ones (kbT). */
static void masks_row(masks *mk, const al_dpctx *c, const rowkeys *rk, size_t s)
{
	const al_side *S = &mk->d->side[0], *T = &mk->d->side[1];
	const al_sent *ss = &S->s[mk->s0 + s];
	pairrec *p = mk->pr + mk->rowbase[s];
	const float *tds = c->td[0][1] + ss->tok_off;
	for (size_t t = mk->plo[s]; t <= mk->phi[s]; t++, p++) {
		const al_sent *tt = &T->s[mk->t0 + t];
		const uint32_t *tk = T->skeys + tt->key_off;
		const uint64_t *tb = c->kbT + tt->key_off;
		uint64_t ms = 0, mt = 0;
		for (uint32_t k = 0; k < tt->nkey; k++)
			if (rk->st[tk[k]] == rk->mark) {
				ms |= rk->bits[tk[k]];
				mt |= tb[k];
			}
		p->ms = ms;
		p->mt = mt;
		p->s1 = bit_sum(ms, tds);
		p->t1 = bit_sum(mt, c->td[1][1] + tt->tok_off);
	}
}

/* The context's pool for a search of this band, NULL (the caller alone)
 * for a small one. */
static al_pool *pool_for(const al_dpctx *c, const al_band *b)
{
	return b->row[b->n + 1] >= AL_POOL_MIN_CELLS ? c->pool : NULL;
}

/* The widest row of the band, in cells. */
static size_t band_width(const al_band *b)
{
	size_t width = 1;
	for (size_t i = 0; i <= b->n; i++)
		if (b->hi[i] - b->lo[i] + 1 > width)
			width = b->hi[i] - b->lo[i] + 1;
	return width;
}

typedef struct masks_job {
	masks *mk;
	al_dpctx *c;
} masks_job;

/* The rows of part `part` of n, the parts past c->nrk idle. */
static void masks_rows(void *arg, int part, int n)
{
	masks_job *j = arg;
	masks *mk = j->mk;
	const al_side *S = &j->c->d->side[0];
	rowkeys *rk = &j->c->rk[part];
	size_t from, to;
	if (part >= j->c->nrk)
		return;
	n = n < j->c->nrk ? n : j->c->nrk;
	from = mk->n * (size_t)part / (size_t)n;
	to = mk->n * (size_t)(part + 1) / (size_t)n;
	for (size_t s = from; s < to; s++) {
		const al_sent *ss = &S->s[mk->s0 + s];
		/* the source sentence's keys, each with the bits of its tokens */
		rk->mark++;
		for (uint32_t x = 0; x < ss->ntok; x++) {
			const al_type *ty = &S->types[S->toks[ss->tok_off + x]];
			for (uint32_t q = 0; q < ty->nkey; q++) {
				uint32_t key = S->keys[ty->key_off + q];
				if (rk->st[key] != rk->mark) {
					rk->st[key] = rk->mark;
					rk->bits[key] = 0;
				}
				rk->bits[key] |= (uint64_t)1 << x;
			}
		}
		masks_row(mk, j->c, rk, s);
	}
}

static int masks_build(masks *mk, al_dpctx *c, const al_band *b, size_t s0, size_t t0)
{
	size_t recs = 0;
	masks_job job = {mk, c};
	int rc;

	memset(mk, 0, sizeof *mk);
	mk->d = c->d;
	mk->n = b->n;
	mk->m = b->m;
	mk->s0 = s0;
	mk->t0 = t0;
	mk->td = (float *const (*)[3])c->td;
	if ((rc = masks_layout(mk, b, &recs)) != 0 || mk->m == 0 || mk->n == 0)
		return rc;
	if (!(mk->pr = bt_malloc((recs ? recs : 1) * sizeof *mk->pr)))
		return bt_fail_nomem();
	bt_al_pool_run(pool_for(c, b), masks_rows, &job);
	return 0;
}

static const pairrec *pair_at(const masks *mk, size_t s, size_t t)
{
	return mk->pr + mk->rowbase[s] + (t - mk->plo[s]);
}

static int pair_ok(const masks *mk, size_t s, size_t t)
{
	return s < mk->n && t < mk->m && t >= mk->plo[s] && t <= mk->phi[s];
}

/* ---- bead scores ---- */

/* The length term's constants for one document. */
typedef struct lenc {
	double inv_c, var, a0, a1, w;
} lenc;

static lenc len_consts(const al_doc *d, const al_params *p)
{
	lenc L;
	double r2 = d->rand_var < 1.5 ? 1.5 : d->rand_var;
	L.inv_c = 1.0 / d->c;
	L.var = d->len_var;
	L.a0 = 0.5 * log(r2);
	L.a1 = 0.5 * (1.0 - 1.0 / r2);
	L.w = p->w_len;
	return L;
}

/* log N(z; 0, 1) - log N(z; 0, rand_var): the deviation from the
 * expected length, against what unrelated sentences show. */
static double len_term(const lenc *L, double ls, double lt)
{
	double lt2 = lt * L->inv_c, mean = (ls + lt2) * 0.5, dev = lt2 - ls, v;
	if (ls == 0 && lt == 0)
		return 0;
	v = L->a0 - L->a1 * dev * dev / (L->var * mean + 1.0);
	return L->w * (v < -60 ? -60 : v);
}

static double len_score(const al_doc *d, const al_params *p, double ls, double lt)
{
	lenc L = len_consts(d, p);
	return len_term(&L, ls, lt);
}

static double structure_penalty(const al_doc *d, const al_params *p, size_t s0, int a, size_t t0, int b)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	double pen = 0;
	if (S->has_kind && T->has_kind && a && b) {
		int k = S->s[s0].kind, mixed = 0;
		for (int i = 0; i < a; i++)
			mixed |= S->s[s0 + (size_t)i].kind != k;
		for (int j = 0; j < b; j++)
			mixed |= T->s[t0 + (size_t)j].kind != k;
		if (mixed)
			pen += p->kind_penalty;
	}
	if (S->has_para && a > 1 && S->s[s0].para != S->s[s0 + (size_t)a - 1].para)
		pen += p->para_penalty;
	if (T->has_para && b > 1 && T->s[t0].para != T->s[t0 + (size_t)b - 1].para)
		pen += p->para_penalty;
	return pen;
}

/* Lexical part from the pair records (all pairs inside the band); s0
 * and t0 count from the box's corner. */
static double lex_masks(const masks *mk, const al_doc *d, size_t s0, int a, size_t t0, int b)
{
	const al_sent *S = d->side[0].s + mk->s0, *T = d->side[1].s + mk->t0;
	double sum = 0;
	if (a == 1 && b == 1) {
		const pairrec *p = pair_at(mk, s0, t0);
		return S[s0].base[1] + T[t0].base[1] + p->s1 + p->t1;
	}
	/* a side facing a single sentence has its sum in the pair record */
	for (int i = 0; i < a; i++) {
		size_t s = s0 + (size_t)i;
		const pairrec *p = pair_at(mk, s, t0);
		uint64_t x = 0;
		if (b == 1) {
			sum += S[s].base[1] + p->s1;
			continue;
		}
		for (int j = 0; j < b; j++)
			x |= p[j].ms;
		sum += S[s].base[b] + (b == 2 ? bit_sum(x, mk->td[0][2] + S[s].tok_off) : bit_sum_k(x, &d->side[0], S[s].tok_off, b));
	}
	for (int j = 0; j < b; j++) {
		size_t t = t0 + (size_t)j;
		uint64_t x = 0;
		if (a == 1) {
			sum += T[t].base[1] + pair_at(mk, s0, t)->t1;
			continue;
		}
		for (int i = 0; i < a; i++)
			x |= pair_at(mk, s0 + (size_t)i, t)->mt;
		sum += T[t].base[a] + (a == 2 ? bit_sum(x, mk->td[1][2] + T[t].tok_off) : bit_sum_k(x, &d->side[1], T[t].tok_off, a));
	}
	return sum;
}

/* Lexical part without masks: keys looked up in the sentence key sets
 * (for a few beads after the search; a set has some dozens of keys). */
static int has_key(const al_side *sd, const al_sent *se, uint32_t key)
{
	const uint32_t *v = sd->skeys + se->key_off;
	for (uint32_t i = 0; i < se->nkey; i++)
		if (v[i] == key)
			return 1;
	return 0;
}

static double lex_direct(const al_doc *d, size_t s0, int a, size_t t0, int b)
{
	double sum = 0;
	for (int side = 0; side < 2; side++) {
		const al_side *X = &d->side[side], *Y = &d->side[1 - side];
		size_t x0 = side ? t0 : s0, y0 = side ? s0 : t0;
		int nx = side ? b : a, ny = side ? a : b;
		for (int i = 0; i < nx; i++) {
			const al_sent *se = &X->s[x0 + (size_t)i];
			for (uint32_t k = 0; k < se->ntok; k++) {
				const al_type *ty = &X->types[X->toks[se->tok_off + k]];
				int hit = 0;
				for (int j = 0; j < ny && !hit; j++)
					for (uint32_t q = 0; q < ty->nkey && !hit; q++)
						hit = has_key(Y, &Y->s[y0 + (size_t)j], X->keys[ty->key_off + q]);
				sum += ty->base[ny] + (hit ? ty->delta[ny] : 0);
			}
		}
	}
	return sum;
}

/* Sentences inside a link, not its last on their side, that end in a
 * colon or semicolon: each such boundary makes the link likelier than the
 * links that would cut it (w_weak). */
static double weak_inside(const al_doc *d, size_t s0, int a, size_t t0, int b)
{
	int n[2] = {0, 0};
	for (int i = 0; i + 1 < a; i++)
		n[0] += d->side[0].s[s0 + (size_t)i].weak_end;
	for (int j = 0; j + 1 < b; j++)
		n[1] += d->side[1].s[t0 + (size_t)j].weak_end;
	return d->weak_gain[0] * n[0] + d->weak_gain[1] * n[1];
}

static double chars_of(const al_side *sd, size_t first, int n)
{
	double c = 0;
	for (int i = 0; i < n; i++)
		c += sd->s[first + (size_t)i].chars;
	return c;
}

double bt_al_bead_score(const al_doc *d, const al_params *p, size_t s0, int a, size_t t0, int b, double *lex,
		     double *len)
{
	double lx = 0, ln = 0;
	int bead;
	for (bead = 0; bead < AL_NBEAD; bead++)
		if (bt_al_bead_shape[bead][0] == a && bt_al_bead_shape[bead][1] == b)
			break;
	if (a && b) {
		lx = p->w_lex * lex_direct(d, s0, a, t0, b);
		ln = len_score(d, p, chars_of(&d->side[0], s0, a), chars_of(&d->side[1], t0, b));
		if (a + b > 2)
			ln += weak_inside(d, s0, a, t0, b);
	}
	if (lex)
		*lex = lx;
	if (len)
		*len = ln;
	return (bead < AL_NBEAD ? p->prior[bead] : -1e9) + lx + ln + structure_penalty(d, p, s0, a, t0, b);
}

/* ---- the dynamic program ---- */

void bt_al_path_dispose(al_path *p)
{
	bt_links_dispose(&p->links);
	bt_free(p->ev);
	bt_free(p->touch);
	p->ev = NULL;
	p->touch = NULL;
	p->ev_cap = p->ntouch = p->touch_cap = 0;
}

static double logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

/* Everything a bead score needs, for the three sweeps. */
typedef struct sweep {
	const al_doc *d;
	const al_params *p;
	const masks *mk;
	const double *cs, *ct;
	lenc L;
	int structure;
	int weak; /* the document learned a gain for weak boundaries */
} sweep;

/* ---- states ----
 *
 * A path is in state M after a link with both sides (and at the start),
 * in X after a source sentence left alone (1-0) and in Y after a target
 * sentence left alone (0-1). A sentence left alone costs the prior of
 * its type after M; after one of its kind it costs null_ext (a block of
 * untranslated sentences is one event, not many), after one of the other
 * kind null_cross (sentences left alone on both sides next to each other
 * are more often a misalignment than two gaps). */
enum { ST_M, ST_X, ST_Y, NST };

static int state_after(int k)
{
	static const unsigned char after[AL_NBEAD] = {[AL_B10] = ST_X, [AL_B01] = ST_Y};
	return after[k];
}

/* The log prior of bead k taken in state `from`. */
static double trans(const al_params *p, int k, int from)
{
	if (k == AL_B10)
		return from == ST_X ? p->null_ext : from == ST_Y ? p->null_cross : p->prior[AL_B10];
	if (k == AL_B01)
		return from == ST_Y ? p->null_ext : from == ST_X ? p->null_cross : p->prior[AL_B01];
	return p->prior[k];
}

/* Spill: tokens of the bead's sentences matched in a sentence next to
 * the bead on the other side but not inside it (their delta summed). A
 * link that cuts a longer one in two leaves such tokens; a right link
 * seldom does. */
static double spill(const masks *mk, const al_doc *d, size_t pi, int a, size_t pj, int b)
{
	const al_sent *S = d->side[0].s + mk->s0, *T = d->side[1].s + mk->t0;
	double sum = 0;
	for (int i = 0; i < a; i++) {
		size_t s = pi + (size_t)i;
		uint64_t in = 0, out = 0;
		for (int j = 0; j < b; j++)
			in |= pair_at(mk, s, pj + (size_t)j)->ms;
		if (pj > 0 && pair_ok(mk, s, pj - 1))
			out |= pair_at(mk, s, pj - 1)->ms;
		if (pair_ok(mk, s, pj + (size_t)b))
			out |= pair_at(mk, s, pj + (size_t)b)->ms;
		sum += bit_sum(out & ~in, mk->td[0][1] + S[s].tok_off);
	}
	for (int j = 0; j < b; j++) {
		size_t t = pj + (size_t)j;
		uint64_t in = 0, out = 0;
		for (int i = 0; i < a; i++)
			in |= pair_at(mk, pi + (size_t)i, t)->mt;
		if (pi > 0 && pair_ok(mk, pi - 1, t))
			out |= pair_at(mk, pi - 1, t)->mt;
		if (pair_ok(mk, pi + (size_t)a, t))
			out |= pair_at(mk, pi + (size_t)a, t)->mt;
		sum += bit_sum(out & ~in, mk->td[1][1] + T[t].tok_off);
	}
	return sum;
}

/* The score of bead k from cell (pi, pj), without its prior. */
static double bead_sc(const sweep *w, size_t pi, size_t pj, int k)
{
	int a = bt_al_bead_shape[k][0], b = bt_al_bead_shape[k][1];
	double sc = 0;
	if (a && b) {
		double len = len_term(&w->L, w->cs[pi + (size_t)a] - w->cs[pi], w->ct[pj + (size_t)b] - w->ct[pj]);
		/* a link of three or more sentences whose lengths disagree this
		 * much is not worth its lexical part */
		if (a + b > 2 && len < w->p->len_prune)
			return -INFINITY;
		sc += w->p->w_lex * lex_masks(w->mk, w->d, pi, a, pj, b) + len;
	}
	if (w->p->w_spill > 0 && a && b)
		sc -= w->p->w_spill * w->p->w_lex * spill(w->mk, w->d, pi, a, pj, b);
	if (w->weak && a && b && a + b > 2)
		sc += weak_inside(w->d, w->mk->s0 + pi, a, w->mk->t0 + pj, b);
	if (w->structure)
		sc += structure_penalty(w->d, w->p, w->mk->s0 + pi, a, w->mk->t0 + pj, b);
	return sc;
}

/* log(sum(exp(v[k]))) over the finite v[k]. */
static double log_sum(const double *v, int n)
{
	double mx = -INFINITY, sum = 0;
	for (int k = 0; k < n; k++)
		if (v[k] > mx)
			mx = v[k];
	if (mx == -INFINITY)
		return mx;
	/* in float: the terms only need a few digits, and what is 20 below
	 * the largest adds nothing a posterior can show */
	for (int k = 0; k < n; k++)
		if (v[k] > mx - 20)
			sum += expf((float)(v[k] - mx));
	return mx + log(sum);
}

static size_t cell_at(const al_band *b, size_t i, size_t j)
{
	return b->row[i] + (j - b->lo[i]);
}

/* Does bead k end in (i, j) with its start inside the band? */
static int bead_fits(const al_band *b, size_t i, size_t j, int k, size_t *pi, size_t *pj)
{
	size_t a = (size_t)bt_al_bead_shape[k][0], bb = (size_t)bt_al_bead_shape[k][1];
	if (a > i || bb > j)
		return 0;
	*pi = i - a;
	*pj = j - bb;
	return *pj >= b->lo[*pi] && *pj <= b->hi[*pi];
}

/* Forward or backward sums of log probabilities, kept as floats relative
 * to each row's largest (off[row]), which keeps them exact enough where
 * the sums themselves run to millions. */
typedef struct sums {
	float *v;    /* v[cell * NST + s] */
	double *off; /* per row */
	double *row; /* one row being computed, in double */
} sums;

static double sum_at(const sums *S, const al_band *b, size_t i, size_t j, int s)
{
	return (double)S->v[cell_at(b, i, j) * NST + (size_t)s] + S->off[i];
}

/* Stores the row just computed (S->row) relative to its largest value. */
static void store_row(sums *S, const al_band *b, size_t i)
{
	size_t w = (b->hi[i] - b->lo[i] + 1) * NST, base = b->row[i] * NST;
	double mx = -INFINITY;
	for (size_t x = 0; x < w; x++)
		if (S->row[x] > mx)
			mx = S->row[x];
	S->off[i] = mx == -INFINITY ? 0 : mx;
	for (size_t x = 0; x < w; x++)
		S->v[base + x] = (float)(S->row[x] - S->off[i]);
}

/* log(sum(exp)) of the three states' sums at a cell. */
static double all_states(const double *v)
{
	return log_sum(v, NST);
}

/* The forward sums: over all paths from (0,0) in state M to the cell in
 * state s, each bead's score divided by the temperature. A link with
 * both sides costs its prior whatever the state before, so it needs the
 * sum over the states before only once. */
static void forward(const al_band *b, const al_params *p, const float *sc, double temp, sums *F)
{
	double v[NST][AL_NBEAD * NST];
	for (size_t i = 0; i <= b->n; i++) {
		for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
			size_t cell = cell_at(b, i, j), pi, pj;
			double *out = F->row + (j - b->lo[i]) * NST;
			int nv[NST] = {0};
			if (i == 0 && j == 0) {
				for (int s = 0; s < NST; s++)
					out[s] = s == ST_M ? 0 : -INFINITY;
				continue;
			}
			for (int k = 0; k < AL_NBEAD; k++) {
				float x = sc[cell * AL_NBEAD + (size_t)k];
				int to = state_after(k);
				double prev[NST];
				if (x == -INFINITY || !bead_fits(b, i, j, k, &pi, &pj))
					continue;
				for (int s = 0; s < NST; s++)
					prev[s] = pi == i ? F->row[(pj - b->lo[i]) * NST + (size_t)s] : sum_at(F, b, pi, pj, s);
				if (to == ST_M) {
					v[to][nv[to]++] = all_states(prev) + (p->prior[k] + x) / temp;
					continue;
				}
				for (int s = 0; s < NST; s++)
					v[to][nv[to]++] = prev[s] + (trans(p, k, s) + x) / temp;
			}
			for (int s = 0; s < NST; s++)
				out[s] = log_sum(v[s], nv[s]);
		}
		store_row(F, b, i);
	}
}

/* The backward sums: over all paths from the cell in state s to (n, m).
 * The links with both sides add the same to every state: summed once. */
static void backward(const al_band *b, const al_params *p, const float *sc, double temp, sums *B)
{
	double both[AL_NBEAD], v[3];
	for (size_t i = b->n + 1; i-- > 0;) {
		for (size_t j = b->hi[i] + 1; j-- > b->lo[i];) {
			double *out = B->row + (j - b->lo[i]) * NST, g, nul[2] = {-INFINITY, -INFINITY};
			int nb = 0;
			if (i == b->n && j == b->m) {
				for (int s = 0; s < NST; s++)
					out[s] = 0;
				continue;
			}
			for (int k = 0; k < AL_NBEAD; k++) {
				size_t ni = i + (size_t)bt_al_bead_shape[k][0], nj = j + (size_t)bt_al_bead_shape[k][1], nc;
				int to = state_after(k);
				double next;
				if (ni > b->n || nj > b->m || nj < b->lo[ni] || nj > b->hi[ni])
					continue;
				nc = cell_at(b, ni, nj);
				if (sc[nc * AL_NBEAD + (size_t)k] == -INFINITY)
					continue;
				next = ni == i ? B->row[(nj - b->lo[i]) * NST + (size_t)to] : sum_at(B, b, ni, nj, to);
				if (to == ST_M)
					both[nb++] = (p->prior[k] + sc[nc * AL_NBEAD + (size_t)k]) / temp + next;
				else /* a null bead: its score and what follows, prior aside */
					nul[k == AL_B01] = sc[nc * AL_NBEAD + (size_t)k] / temp + next;
			}
			g = log_sum(both, nb);
			for (int s = 0; s < NST; s++) {
				v[0] = g;
				v[1] = nul[0] == -INFINITY ? -INFINITY : nul[0] + trans(p, AL_B10, s) / temp;
				v[2] = nul[1] == -INFINITY ? -INFINITY : nul[1] + trans(p, AL_B01, s) / temp;
				out[s] = log_sum(v, 3);
			}
		}
		store_row(B, b, i);
	}
}

/* Bead scores depend on the sentences alone, not on the paths before:
 * they are computed for a block of rows ahead of the Viterbi decisions
 * there. blk[(cell - first cell of the block) * AL_NBEAD + k] is bead k's
 * score ending in the cell, -inf where it does not fit or is not
 * searched. */
#define AL_SCORE_BLOCK 2048 /* cells a block holds at least (but the last) */
#define AL_SCORE_CHUNK 4    /* rows a thread takes at a time */

static void score_range(const sweep *w, const al_band *b, size_t from, size_t to, size_t c0, double *blk)
{
	for (size_t i = from; i < to; i++)
		for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
			double *out = blk + (cell_at(b, i, j) - c0) * AL_NBEAD;
			for (int k = 0; k < AL_NBEAD; k++) {
				size_t pi, pj;
				out[k] = (w->p->beads >> k & 1) && bead_fits(b, i, j, k, &pi, &pj) ? bead_sc(w, pi, pj, k)
												      : -INFINITY;
			}
		}
}

/* The Viterbi decision in one cell (i, j): for each state s, the bead
 * that ends there in s with the best total, and the state before it
 * (bk: bead | state << 4, 255 when none reaches it). bsc: the beads'
 * scores there (score_range). Each bead's score is kept in sc (AL_NBEAD
 * floats, -inf where the bead does not fit or no path reaches its start)
 * for the posteriors when sc is not NULL. */
static void best_beads(const sweep *w, const al_band *b, double *D, unsigned char *bk, size_t i, size_t j,
		       const double *bsc, float *sc)
{
	size_t cell = cell_at(b, i, j);
	for (int s = 0; s < NST; s++) {
		D[cell * NST + (size_t)s] = -INFINITY;
		bk[cell * NST + (size_t)s] = 255;
	}
	for (int k = 0; k < AL_NBEAD; k++) {
		size_t pi, pj, prev;
		int to = state_after(k);
		double bs;
		if (sc)
			sc[k] = -INFINITY;
		if (!(w->p->beads >> k & 1) || !bead_fits(b, i, j, k, &pi, &pj))
			continue;
		prev = cell_at(b, pi, pj) * NST;
		if (D[prev + ST_M] == -INFINITY && D[prev + ST_X] == -INFINITY && D[prev + ST_Y] == -INFINITY)
			continue;
		bs = bsc[k];
		if (sc)
			sc[k] = (float)bs;
		if (bs == -INFINITY)
			continue;
		for (int s = 0; s < NST; s++) {
			double x = D[prev + (size_t)s] + trans(w->p, k, s) + bs;
			if (x > D[cell * NST + (size_t)to]) {
				D[cell * NST + (size_t)to] = x;
				bk[cell * NST + (size_t)to] = (unsigned char)(k | s << 4);
			}
		}
	}
}

/* One step of the forward sweep on the pool: the calling thread (part 0)
 * makes the decisions of one block, whose scores are ready, and every
 * thread scores the next block, taking AL_SCORE_CHUNK rows at a time, so
 * that the thread done first takes more. */
typedef struct sweep_job {
	const sweep *w;
	const al_band *b;
	double *D;
	unsigned char *bk;
	float *sc8;
	size_t d0, d1;      /* rows to decide (none when equal) */
	const double *dblk; /* their scores */
	size_t s0, s1;      /* rows to score */
	double *sblk;
	atomic_size_t next; /* the next row of [s0, s1) nobody took */
} sweep_job;

static void decide_rows(const sweep_job *job)
{
	const al_band *b = job->b;
	double *D = job->D;
	unsigned char *bk = job->bk;
	for (size_t i = job->d0; i < job->d1; i++)
		for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
			size_t cell = cell_at(b, i, j);
			if (i == 0 && j == 0) {
				for (int s = 0; s < NST; s++) {
					D[cell * NST + (size_t)s] = s == ST_M ? 0 : -INFINITY;
					bk[cell * NST + (size_t)s] = 255;
				}
				for (int k = 0; job->sc8 && k < AL_NBEAD; k++)
					job->sc8[k] = -INFINITY;
				continue;
			}
			best_beads(job->w, b, D, bk, i, j, job->dblk + (cell - b->row[job->d0]) * AL_NBEAD,
				   job->sc8 ? job->sc8 + cell * AL_NBEAD : NULL);
		}
}

static void sweep_part(void *arg, int part, int n)
{
	sweep_job *job = arg;
	(void)n;
	if (part == 0)
		decide_rows(job);
	for (;;) {
		size_t i = atomic_fetch_add(&job->next, AL_SCORE_CHUNK);
		if (i >= job->s1)
			break;
		score_range(job->w, job->b, i, i + AL_SCORE_CHUNK < job->s1 ? i + AL_SCORE_CHUNK : job->s1,
			    job->b->row[job->s0], job->sblk);
	}
}

/* The end of the block of rows starting at r0. */
static size_t block_end(const al_band *b, size_t r0)
{
	size_t r1 = r0;
	while (r1 <= b->n && b->row[r1] - b->row[r0] < AL_SCORE_BLOCK)
		r1++;
	return r1;
}

/* The forward sweep: D[cell * NST + s] the best score of a path from
 * (0,0) to the cell in state s; block by block, each block's bead scores
 * computed while the block before is decided. */
static int viterbi(const sweep *w, const al_band *b, double *D, unsigned char *bk, float *sc8, al_pool *pool)
{
	size_t width = band_width(b), r0 = 0, r1 = 0;
	double *blk[2];
	int cur = 0;
	blk[0] = bt_malloc(2 * (AL_SCORE_BLOCK + width) * AL_NBEAD * sizeof *blk[0]);
	if (!blk[0])
		return bt_fail_nomem();
	blk[1] = blk[0] + (AL_SCORE_BLOCK + width) * AL_NBEAD;
	/* step k decides block k-1 and scores block k */
	for (;;) {
		size_t r2 = block_end(b, r1);
		sweep_job job = {w, b, D, bk, sc8, r0, r1, blk[1 - cur], r1, r2, blk[cur], 0};
		atomic_init(&job.next, r1);
		bt_al_pool_run(pool, sweep_part, &job);
		if (r1 > b->n)
			break;
		r0 = r1;
		r1 = r2;
		cur = 1 - cur;
	}
	bt_free(blk[0]);
	return 0;
}

/* The forward and the backward sums, on two threads where the pool has
 * them. */
typedef struct sums_job {
	const al_band *b;
	const al_params *p;
	const float *sc8;
	sums *F, *B;
} sums_job;

static void both_sums(void *arg, int part, int n)
{
	const sums_job *job = arg;
	if (part == 0)
		forward(job->b, job->p, job->sc8, job->p->conf_temp, job->F);
	if (part == (n > 1 ? 1 : 0))
		backward(job->b, job->p, job->sc8, job->p->conf_temp, job->B);
}

static int push_touch(al_path *out, size_t row)
{
	if (out->ntouch == out->touch_cap) {
		size_t cap = out->touch_cap ? out->touch_cap * 2 : 64;
		size_t *v = bt_realloc(out->touch, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		out->touch = v;
		out->touch_cap = cap;
	}
	out->touch[out->ntouch++] = row;
	return 0;
}

/* The state the best path ends in. */
static int end_state(const al_band *b, const double *D)
{
	size_t end = cell_at(b, b->n, b->m) * NST;
	int best = ST_M;
	for (int s = 1; s < NST; s++)
		if (D[end + (size_t)s] > D[end + (size_t)best])
			best = s;
	return best;
}

/* Walks back from (n, m), counting the links into *nl and noting the rows
 * where the path comes near the band's edge (the best path may lie
 * beyond it). */
static int trace_back(al_path *out, const al_band *b, const double *D, const unsigned char *bk, size_t *nl)
{
	size_t i = b->n, j = b->m, margin = b->margin;
	int st = end_state(b, D), rc;
	*nl = 0;
	while (i > 0 || j > 0) {
		int x = bk[cell_at(b, i, j) * NST + (size_t)st], k = x & 15;
		if (x == 255)
			return bt_fail(BT_EINTERNAL, NULL, -1, -1, "alignment search found no path (a bug in bitext: please report it)");
		if ((b->lo[i] > 0 && j <= b->lo[i] + margin) || (b->hi[i] < b->m && j + margin >= b->hi[i])) {
			out->touched = 1;
			if ((rc = push_touch(out, i)) != 0)
				return rc;
		}
		i -= (size_t)bt_al_bead_shape[k][0];
		j -= (size_t)bt_al_bead_shape[k][1];
		st = x >> 4;
		(*nl)++;
	}
	return 0;
}

/* The evidence of a link: for a link with both sides, its score against
 * leaving its sentences alone; for a sentence left alone, as sure as no
 * neighbour would have made a good 1-1 link with it. */
static double link_evidence(const sweep *w, size_t i, int a, size_t j, int bb, int k)
{
	const al_doc *d = w->d;
	const al_params *p = w->p;
	double alt = -INFINITY;
	if (a && bb)
		return p->w_lex * lex_masks(w->mk, d, i, a, j, bb) +
		       len_score(d, p, w->cs[i + (size_t)a] - w->cs[i], w->ct[j + (size_t)bb] - w->ct[j]) + p->prior[k] -
		       a * p->prior[AL_B10] - bb * p->prior[AL_B01];
	for (int dj = -1; dj <= 1; dj++) {
		size_t s = a ? i : i + (size_t)dj, t = a ? j + (size_t)dj : j;
		double e;
		if ((a && dj < 0 && j == 0) || (!a && dj < 0 && i == 0))
			continue;
		if (!pair_ok(w->mk, s, t))
			continue;
		e = p->w_lex * lex_masks(w->mk, d, s, 1, t, 1) +
		    len_score(d, p, d->side[0].s[w->mk->s0 + s].chars, d->side[1].s[w->mk->t0 + t].chars) +
		    p->prior[AL_B11] - p->prior[AL_B10] - p->prior[AL_B01];
		if (e > alt)
			alt = e;
	}
	return alt == -INFINITY ? 5.0 : -alt;
}

/* The posterior of the link made by bead k ending in (i, j): the share
 * of all paths in the band that hold it, at the temperature conf_temp. */
static double link_posterior(const al_band *b, const al_params *p, const float *sc8, const sums *F, const sums *B,
			     size_t i, size_t j, int k)
{
	size_t cell = cell_at(b, i, j), pi, pj;
	double v[NST], lp;
	if (!bead_fits(b, i, j, k, &pi, &pj))
		return 0;
	for (int s = 0; s < NST; s++)
		v[s] = sum_at(F, b, pi, pj, s) + (trans(p, k, s) + sc8[cell * AL_NBEAD + (size_t)k]) / p->conf_temp;
	lp = log_sum(v, NST) + sum_at(B, b, i, j, state_after(k)) - sum_at(B, b, 0, 0, ST_M);
	return lp >= 0 ? 1.0 : exp(lp);
}

/* The links of the best path, in order, with their evidence and scores:
 * with posteriors (F, B and sc8 set) the share of all paths in the band
 * that hold the link; else a logistic of its evidence. */
static int collect_links(al_path *out, const sweep *w, const al_band *b, const double *D, const unsigned char *bk,
			 size_t nl, const float *sc8, const sums *F, const sums *B)
{
	const al_params *p = w->p;
	size_t i = b->n, j = b->m;
	int st = end_state(b, D), rc;
	if (nl > out->ev_cap) {
		double *ev = bt_realloc(out->ev, nl * sizeof *ev);
		if (!ev)
			return bt_fail_nomem();
		out->ev = ev;
		out->ev_cap = nl;
	}
	for (size_t x = 0; x < nl; x++)
		if ((rc = bt_links_push(&out->links, &(bt_link){0, 0, 0, 0, 0, 0})) != 0)
			return rc;
	for (size_t x = nl; x-- > 0;) {
		int y = bk[cell_at(b, i, j) * NST + (size_t)st], k = y & 15, a = bt_al_bead_shape[k][0],
		    bb = bt_al_bead_shape[k][1];
		bt_link *l = &out->links.v[x];
		double post = F ? link_posterior(b, p, sc8, F, B, i, j, k) : 0;
		i -= (size_t)a;
		j -= (size_t)bb;
		st = y >> 4;
		*l = (bt_link){i, (size_t)a, j, (size_t)bb, 0, 0};
		out->ev[x] = link_evidence(w, i, a, j, bb, k);
		l->score = F ? post : logistic(out->ev[x] * p->conf_scale);
	}
	return 0;
}

/* Prefix sums of the characters of the box's sentences, for the length
 * term. */
static int char_sums(double **cs, double **ct, const al_doc *d, const al_band *b, size_t s0, size_t t0)
{
	size_t n = b->n, m = b->m;
	*cs = bt_malloc((n + 1) * sizeof **cs);
	*ct = bt_malloc((m + 1) * sizeof **ct);
	if (!*cs || !*ct)
		return bt_fail_nomem();
	(*cs)[0] = (*ct)[0] = 0;
	for (size_t i = 0; i < n; i++)
		(*cs)[i + 1] = (*cs)[i] + d->side[0].s[s0 + i].chars;
	for (size_t j = 0; j < m; j++)
		(*ct)[j + 1] = (*ct)[j] + d->side[1].s[t0 + j].chars;
	return 0;
}

static void sums_dispose(sums *S)
{
	bt_free(S->v);
	bt_free(S->off);
	bt_free(S->row);
}

static int sums_alloc(sums *S, const al_band *b)
{
	size_t width = band_width(b);
	S->v = bt_malloc(b->row[b->n + 1] * NST * sizeof *S->v);
	S->off = bt_malloc((b->n + 1) * sizeof *S->off);
	S->row = bt_malloc(width * NST * sizeof *S->row);
	return S->v && S->off && S->row ? 0 : bt_fail_nomem();
}

int bt_al_dp_box(al_path *out, al_dpctx *c, const al_params *p, const al_band *b, size_t s0, size_t t0, int posteriors)
{
	const al_doc *d = c->d;
	const al_side *S = &d->side[0], *T = &d->side[1];
	size_t cells = b->row[b->n + 1], nl = 0;
	double *D = NULL, *cs = NULL, *ct = NULL;
	sums F = {NULL, NULL, NULL}, B = {NULL, NULL, NULL};
	float *sc8 = NULL; /* bead scores per cell, for the posteriors */
	unsigned char *bk = NULL;
	masks mk;
	sweep w;
	int rc = 0;

	memset(&mk, 0, sizeof mk);
	out->links.n = 0;
	out->touched = 0;
	out->ntouch = 0;
	if ((rc = masks_build(&mk, c, b, s0, t0)) != 0 || (rc = char_sums(&cs, &ct, d, b, s0, t0)) != 0)
		goto done;
	D = bt_malloc(cells * NST * sizeof *D);
	bk = bt_malloc(cells * NST);
	if (!D || !bk || (posteriors && !(sc8 = bt_malloc(cells * AL_NBEAD * sizeof *sc8)))) {
		rc = bt_fail_nomem();
		goto done;
	}
	w = (sweep){d, p, &mk, cs, ct, len_consts(d, p), S->has_kind || S->has_para || T->has_kind || T->has_para,
		    d->weak_gain[0] > 0 || d->weak_gain[1] > 0};
	if ((rc = viterbi(&w, b, D, bk, sc8, pool_for(c, b))) != 0)
		goto done;
	out->score = D[(cells - 1) * NST + (size_t)end_state(b, D)];
	if ((rc = trace_back(out, b, D, bk, &nl)) != 0)
		goto done;
	/* a path that touches the band's edge will be searched again in a
	 * wider band: its posteriors would be thrown away */
	if (posteriors == AL_POST_SETTLED && out->touched)
		posteriors = 0;
	if (posteriors) {
		if ((rc = sums_alloc(&F, b)) != 0 || (rc = sums_alloc(&B, b)) != 0)
			goto done;
		sums_job job = {b, p, sc8, &F, &B};
		bt_al_pool_run(pool_for(c, b), both_sums, &job);
	}
	rc = collect_links(out, &w, b, D, bk, nl, sc8, posteriors ? &F : NULL, posteriors ? &B : NULL);
	for (size_t x = 0; !rc && x < out->links.n; x++) {
		out->links.v[x].src_first += s0;
		out->links.v[x].tgt_first += t0;
	}
done:
	masks_dispose(&mk);
	sums_dispose(&F);
	sums_dispose(&B);
	bt_free(sc8);
	bt_free(D);
	bt_free(bk);
	bt_free(cs);
	bt_free(ct);
	return rc;
}

int bt_al_dp_run(al_path *out, const al_doc *d, const al_params *p, const al_band *b, int posteriors, al_pool *pool)
{
	al_dpctx *c = NULL;
	int rc = bt_al_dpctx_new(&c, d, pool);
	if (!rc)
		rc = bt_al_dp_box(out, c, p, b, 0, 0, posteriors);
	bt_al_dpctx_free(c);
	return rc;
}
