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
#include <stdlib.h>
#include <string.h>

const int al_bead_shape[AL_NBEAD][2] = {{1, 1}, {1, 0}, {0, 1}, {1, 2}, {2, 1}, {2, 2}, {1, 3}, {3, 1}};

void al_band_dispose(al_band *b)
{
	free(b->lo);
	free(b->hi);
	free(b->row);
	memset(b, 0, sizeof *b);
}

int al_band_from_centre(al_band *b, size_t n, size_t m, const double *centre, size_t w)
{
	al_band_dispose(b);
	b->n = n;
	b->m = m;
	b->lo = malloc((n + 1) * sizeof *b->lo);
	b->hi = malloc((n + 1) * sizeof *b->hi);
	b->row = malloc((n + 2) * sizeof *b->row);
	if (!b->lo || !b->hi || !b->row)
		return bt_fail_nomem();
	for (size_t i = 0; i <= n; i++) {
		double c = centre[i], l = floor(c - (double)w), h = ceil(c + (double)w);
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

typedef struct masks {
	size_t n, m;
	size_t *plo, *phi;      /* target range of each source row */
	size_t *rowbase;        /* first word of each source row */
	size_t *cw;             /* prefix sums of target mask words */
	uint64_t *pool;
	float *td[2][4];        /* delta of each evidence token, k = 1..3 */
} masks;

static size_t words_of(uint32_t ntok)
{
	return ((size_t)ntok + 63) / 64;
}

static void masks_dispose(masks *mk)
{
	free(mk->plo);
	free(mk->phi);
	free(mk->rowbase);
	free(mk->cw);
	free(mk->pool);
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < 4; k++)
			free(mk->td[s][k]);
	memset(mk, 0, sizeof *mk);
}

static int any_key(const uint32_t *keys, uint32_t n, const uint32_t *stamp, uint32_t mark)
{
	for (uint32_t i = 0; i < n; i++)
		if (stamp[keys[i]] == mark)
			return 1;
	return 0;
}

static int masks_build(masks *mk, const al_doc *d, const al_band *b)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	size_t n = S->n, m = T->n, words = 0;
	uint32_t *stS = NULL, *stT = NULL, markS = 0, markT = 0;
	int rc = 0;

	memset(mk, 0, sizeof *mk);
	mk->n = n;
	mk->m = m;
	if (!(mk->plo = calloc(n + 1, sizeof *mk->plo)) || !(mk->phi = calloc(n + 1, sizeof *mk->phi)) ||
	    !(mk->rowbase = calloc(n + 1, sizeof *mk->rowbase)) || !(mk->cw = calloc(m + 1, sizeof *mk->cw)))
		return bt_fail_nomem();
	for (int s = 0; s < 2; s++) {
		const al_side *sd = &d->side[s];
		for (int k = 1; k <= 3; k++) {
			if (!(mk->td[s][k] = malloc((sd->ntoks ? sd->ntoks : 1) * sizeof(float))))
				return bt_fail_nomem();
			for (size_t x = 0; x < sd->ntoks; x++)
				mk->td[s][k][x] = sd->types[sd->toks[x]].delta[k];
		}
	}
	for (size_t t = 0; t < m; t++)
		mk->cw[t + 1] = mk->cw[t] + words_of(T->s[t].ntok);
	if (m == 0 || n == 0)
		return 0;
	for (size_t s = 0; s < n; s++) {
		size_t r3 = s + 3 > n ? n : s + 3, lo = b->lo[s + 1], hi = b->hi[r3];
		mk->plo[s] = lo >= 3 ? lo - 3 : 0;
		mk->phi[s] = hi == 0 ? 0 : (hi - 1 >= m ? m - 1 : hi - 1);
		if (mk->phi[s] < mk->plo[s])
			mk->phi[s] = mk->plo[s];
		if (mk->plo[s] >= m)
			mk->plo[s] = mk->phi[s] = m - 1;
		mk->rowbase[s] = words;
		words += (mk->phi[s] - mk->plo[s] + 1) * words_of(S->s[s].ntok) + (mk->cw[mk->phi[s] + 1] - mk->cw[mk->plo[s]]);
	}
	mk->rowbase[n] = words;
	if (!(mk->pool = calloc(words ? words : 1, sizeof *mk->pool)) ||
	    !(stS = calloc(d->keys.n ? d->keys.n : 1, sizeof *stS)) || !(stT = calloc(d->keys.n ? d->keys.n : 1, sizeof *stT))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t s = 0; s < n; s++) {
		const al_sent *ss = &S->s[s];
		size_t ws = words_of(ss->ntok);
		uint64_t *p = mk->pool + mk->rowbase[s];
		markS++;
		for (uint32_t k = 0; k < ss->nkey; k++)
			stS[S->skeys[ss->key_off + k]] = markS;
		for (size_t t = mk->plo[s]; t <= mk->phi[s]; t++) {
			const al_sent *tt = &T->s[t];
			size_t wt = words_of(tt->ntok);
			markT++;
			for (uint32_t k = 0; k < tt->nkey; k++)
				stT[T->skeys[tt->key_off + k]] = markT;
			/* source tokens matched in t */
			for (uint32_t x = 0; x < ss->ntok; x++) {
				const al_type *ty = &S->types[S->toks[ss->tok_off + x]];
				if (any_key(S->keys + ty->key_off, ty->nkey, stT, markT))
					p[x / 64] |= (uint64_t)1 << (x % 64);
			}
			p += ws;
			/* target tokens matched in s */
			for (uint32_t x = 0; x < tt->ntok; x++) {
				const al_type *ty = &T->types[T->toks[tt->tok_off + x]];
				if (any_key(T->keys + ty->key_off, ty->nkey, stS, markS))
					p[x / 64] |= (uint64_t)1 << (x % 64);
			}
			p += wt;
		}
	}
done:
	free(stS);
	free(stT);
	return rc;
}

/* The masks of pair (s, t): source part and target part. */
static const uint64_t *mask_src(const masks *mk, const al_doc *d, size_t s, size_t t)
{
	size_t ws = words_of(d->side[0].s[s].ntok);
	return mk->pool + mk->rowbase[s] + (t - mk->plo[s]) * ws + (mk->cw[t] - mk->cw[mk->plo[s]]);
}

static const uint64_t *mask_tgt(const masks *mk, const al_doc *d, size_t s, size_t t)
{
	return mask_src(mk, d, s, t) + words_of(d->side[0].s[s].ntok);
}

static int pair_ok(const masks *mk, size_t s, size_t t)
{
	return s < mk->n && t < mk->m && t >= mk->plo[s] && t <= mk->phi[s];
}

/* ---- bead scores ---- */

static double len_score(const al_doc *d, const al_params *p, double ls, double lt)
{
	double mean = (ls + lt / d->c) / 2.0, dev = lt / d->c - ls, z2, r2 = d->rand_var, v;
	if (ls == 0 && lt == 0)
		return 0;
	z2 = dev * dev / (d->len_var * mean + 1.0);
	if (r2 < 1.5)
		r2 = 1.5;
	v = 0.5 * log(r2) - 0.5 * z2 * (1.0 - 1.0 / r2);
	if (v < -60)
		v = -60;
	return p->w_len * v;
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

/* Lexical part from masks (all pairs must be inside the mask band). */
static double lex_masks(const masks *mk, const al_doc *d, size_t s0, int a, size_t t0, int b)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	double sum = 0;
	for (int i = 0; i < a; i++) {
		size_t s = s0 + (size_t)i, ws = words_of(S->s[s].ntok);
		const float *td = mk->td[0][b] + S->s[s].tok_off;
		sum += S->s[s].base[b];
		for (size_t w = 0; w < ws; w++) {
			uint64_t x = 0;
			for (int j = 0; j < b; j++)
				x |= mask_src(mk, d, s, t0 + (size_t)j)[w];
			while (x) {
				sum += td[w * 64 + (size_t)__builtin_ctzll(x)];
				x &= x - 1;
			}
		}
	}
	for (int j = 0; j < b; j++) {
		size_t t = t0 + (size_t)j, wt = words_of(T->s[t].ntok);
		const float *td = mk->td[1][a] + T->s[t].tok_off;
		sum += T->s[t].base[a];
		for (size_t w = 0; w < wt; w++) {
			uint64_t x = 0;
			for (int i = 0; i < a; i++)
				x |= mask_tgt(mk, d, s0 + (size_t)i, t)[w];
			while (x) {
				sum += td[w * 64 + (size_t)__builtin_ctzll(x)];
				x &= x - 1;
			}
		}
	}
	return sum;
}

/* Lexical part without masks: keys looked up in the sorted sentence key
 * sets (for beads outside a band, after the search). */
static int has_key(const al_side *sd, const al_sent *se, uint32_t key)
{
	const uint32_t *v = sd->skeys + se->key_off;
	size_t lo = 0, hi = se->nkey;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid] < key)
			lo = mid + 1;
		else if (v[mid] > key)
			hi = mid;
		else
			return 1;
	}
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

static double chars_of(const al_side *sd, size_t first, int n)
{
	double c = 0;
	for (int i = 0; i < n; i++)
		c += sd->s[first + (size_t)i].chars;
	return c;
}

double al_bead_score(const al_doc *d, const al_params *p, size_t s0, int a, size_t t0, int b, double *lex,
		     double *len)
{
	double lx = 0, ln = 0;
	int bead;
	for (bead = 0; bead < AL_NBEAD; bead++)
		if (al_bead_shape[bead][0] == a && al_bead_shape[bead][1] == b)
			break;
	if (a && b) {
		lx = p->w_lex * lex_direct(d, s0, a, t0, b);
		ln = len_score(d, p, chars_of(&d->side[0], s0, a), chars_of(&d->side[1], t0, b));
	}
	if (lex)
		*lex = lx;
	if (len)
		*len = ln;
	return (bead < AL_NBEAD ? p->prior[bead] : -1e9) + lx + ln + structure_penalty(d, p, s0, a, t0, b);
}

/* ---- the dynamic program ---- */

void al_path_dispose(al_path *p)
{
	bt_links_dispose(&p->links);
	free(p->ev);
	p->ev = NULL;
	p->ev_cap = 0;
}

static double logistic(double x)
{
	return 1.0 / (1.0 + exp(-x));
}

int al_dp_run(al_path *out, const al_doc *d, const al_params *p, const al_band *b)
{
	const al_side *S = &d->side[0], *T = &d->side[1];
	size_t n = S->n, m = T->n, cells = b->row[n + 1];
	double *D = NULL, *cs = NULL, *ct = NULL;
	unsigned char *bk = NULL;
	masks mk;
	int rc = 0;

	memset(&mk, 0, sizeof mk);
	out->links.n = 0;
	out->touched = 0;
	if ((rc = masks_build(&mk, d, b)) != 0)
		goto done;
	D = malloc(cells * sizeof *D);
	bk = malloc(cells);
	cs = malloc((n + 1) * sizeof *cs);
	ct = malloc((m + 1) * sizeof *ct);
	if (!D || !bk || !cs || !ct) {
		rc = bt_fail_nomem();
		goto done;
	}
	cs[0] = ct[0] = 0;
	for (size_t i = 0; i < n; i++)
		cs[i + 1] = cs[i] + S->s[i].chars;
	for (size_t j = 0; j < m; j++)
		ct[j + 1] = ct[j] + T->s[j].chars;
	for (size_t i = 0; i <= n; i++) {
		for (size_t j = b->lo[i]; j <= b->hi[i]; j++) {
			size_t cell = b->row[i] + (j - b->lo[i]);
			double best = -INFINITY;
			int arg = -1;
			if (i == 0 && j == 0) {
				D[cell] = 0;
				bk[cell] = 255;
				continue;
			}
			for (int k = 0; k < AL_NBEAD; k++) {
				int a = al_bead_shape[k][0], bb = al_bead_shape[k][1];
				size_t pi, pj;
				double prev, sc;
				if ((size_t)a > i || (size_t)bb > j)
					continue;
				pi = i - (size_t)a;
				pj = j - (size_t)bb;
				if (pj < b->lo[pi] || pj > b->hi[pi])
					continue;
				prev = D[b->row[pi] + (pj - b->lo[pi])];
				if (prev == -INFINITY)
					continue;
				sc = prev + p->prior[k];
				if (a && bb) {
					sc += p->w_lex * lex_masks(&mk, d, pi, a, pj, bb);
					sc += len_score(d, p, cs[i] - cs[pi], ct[j] - ct[pj]);
				}
				sc += structure_penalty(d, p, pi, a, pj, bb);
				if (sc > best) {
					best = sc;
					arg = k;
				}
			}
			D[cell] = best;
			bk[cell] = (unsigned char)(arg < 0 ? 255 : arg);
		}
	}
	/* back from (n, m) */
	{
		size_t i = n, j = m, nl = 0;
		while (i > 0 || j > 0) {
			size_t cell = b->row[i] + (j - b->lo[i]);
			int k = bk[cell];
			if (k == 255) {
				rc = bt_fail(BT_EINPUT, NULL, -1, -1, "alignment search found no path (internal error)");
				goto done;
			}
			if ((b->lo[i] > 0 && j <= b->lo[i] + 1) || (b->hi[i] < m && j + 1 >= b->hi[i]))
				out->touched = 1;
			i -= (size_t)al_bead_shape[k][0];
			j -= (size_t)al_bead_shape[k][1];
			nl++;
		}
		if (nl > out->ev_cap) {
			double *ev = realloc(out->ev, nl * sizeof *ev);
			if (!ev) {
				rc = bt_fail_nomem();
				goto done;
			}
			out->ev = ev;
			out->ev_cap = nl;
		}
		for (size_t x = 0; x < nl; x++)
			if ((rc = bt_links_push(&out->links, &(bt_link){0, 0, 0, 0, 0})) != 0)
				goto done;
		i = n;
		j = m;
		for (size_t x = nl; x-- > 0;) {
			size_t cell = b->row[i] + (j - b->lo[i]);
			int k = bk[cell], a = al_bead_shape[k][0], bb = al_bead_shape[k][1];
			bt_link *l = &out->links.v[x];
			double ev;
			i -= (size_t)a;
			j -= (size_t)bb;
			l->src_first = i;
			l->src_n = (size_t)a;
			l->tgt_first = j;
			l->tgt_n = (size_t)bb;
			if (a && bb) {
				ev = p->w_lex * lex_masks(&mk, d, i, a, j, bb) +
				     len_score(d, p, cs[i + (size_t)a] - cs[i], ct[j + (size_t)bb] - ct[j]) + p->prior[k] -
				     a * p->prior[AL_B10] - bb * p->prior[AL_B01];
			} else {
				/* a sentence left alone: as sure as no neighbour
				 * would have made a good 1-1 link with it */
				double alt = -INFINITY;
				for (int dj = -1; dj <= 1; dj++) {
					size_t s = a ? i : i + (size_t)dj, t = a ? j + (size_t)dj : j;
					if ((a && dj < 0 && j == 0) || (!a && dj < 0 && i == 0))
						continue;
					if (!pair_ok(&mk, s, t))
						continue;
					double e = p->w_lex * lex_masks(&mk, d, s, 1, t, 1) +
						   len_score(d, p, S->s[s].chars, T->s[t].chars) + p->prior[AL_B11] -
						   p->prior[AL_B10] - p->prior[AL_B01];
					if (e > alt)
						alt = e;
				}
				ev = alt == -INFINITY ? 5.0 : -alt;
			}
			out->ev[x] = ev;
			l->score = logistic(ev * p->conf_scale);
		}
	}
done:
	masks_dispose(&mk);
	free(D);
	free(bk);
	free(cs);
	free(ct);
	return rc;
}
