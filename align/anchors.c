/* anchors.c: the centre line of the search band.
 *
 * An anchor is a key that occurs in exactly one source and one target
 * sentence (a year, a name, a rare word and its translation), or as
 * rarely on both sides, its occurrences paired in order. The anchors
 * that form the heaviest chain increasing on both sides, with a cost for
 * straying from the document's slope, are taken as points of the path,
 * and the first band is drawn through them from (0,0) to (n,m). Without
 * anchors it is a strip along the diagonal. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct anchor {
	uint32_t i, j;
	double w;
	double best;
	long prev;
} anchor;

static int by_i_j(const void *a, const void *b)
{
	const anchor *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Anchors an anchor may follow in the chain. */
#define CHAIN_LOOKBACK 64
/* Three anchors in a row agree when the middle one lies this close to the
 * line between the others (a step of di source sentences). */
#define TOL_BASE 2.0
#define TOL_RATE 0.3
/* The strip between distant anchors widens by slack_per_row a row, up to
 * this many target sentences each side: without the cap a text with no
 * anchors (100k identical sentences, tests/limits/) gets a band as wide as
 * a quarter of the text, quadratic in cells, and runs out of memory. The
 * search widens the band again where the path meets its edge. */
#define MAX_SLACK 32.0

static int push_anchor(anchor **v, size_t *na, size_t *cap, anchor an)
{
	if (*na == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		anchor *nv = bt_realloc(*v, nc * sizeof *nv);
		if (!nv)
			return bt_fail_nomem();
		*v = nv;
		*cap = nc;
	}
	(*v)[(*na)++] = an;
	return 0;
}

/* The candidate anchors. A key as frequent on both sides, and rare, pairs
 * its occurrences in order: the r-th source sentence holding it with the
 * r-th target one. Unique keys are the common case; a text repeated (a
 * long book quoting itself, or concatenated documents) still gets
 * anchors. One anchor per sentence pair, its weights summed, sorted by
 * (i, j). */
static int collect_anchors(anchor **out, size_t *nout, const al_doc *d)
{
	const al_keys *k = &d->keys;
	const al_side *S = &d->side[0], *T = &d->side[1];
	size_t n = S->n, m = T->n, na = 0, cap = 0, u = 0;
	uint32_t max_df = (uint32_t)((n < m ? n : m) / 20);
	anchor *v = NULL;
	int rc;
	if (max_df < 1)
		max_df = 1;
	*out = NULL;
	*nout = 0;
	for (size_t key = 0; key < k->df_n; key++) {
		uint32_t df = k->df[0][key];
		char kind;
		double w;
		if (df == 0 || df != k->df[1][key] || df > max_df)
			continue;
		kind = k->arena.ptr[k->off[key]];
		if (kind == 'P')
			continue;
		/* pairing by order is less sure the more occurrences there are */
		w = (kind == 'N' ? (k->len[key] >= 3 ? 2.0 : 1.0) : 1.0) / (double)df;
		for (uint32_t r = 0; r < df; r++) {
			anchor an = {S->post[S->post_off[key] + r], T->post[T->post_off[key] + r], w, 0, -1};
			if ((rc = push_anchor(&v, &na, &cap, an)) != 0) {
				bt_free(v);
				return rc;
			}
		}
	}
	if (na) {
		qsort(v, na, sizeof *v, by_i_j);
		for (size_t x = 0; x < na; x++) {
			if (u && v[u - 1].i == v[x].i && v[u - 1].j == v[x].j)
				v[u - 1].w += v[x].w;
			else
				v[u++] = v[x];
		}
	}
	*out = v;
	*nout = u;
	return 0;
}

/* The heaviest chain increasing on both sides, written backwards into
 * chain[] (its length returned). Each anchor looks back at most
 * CHAIN_LOOKBACK anchors, so the cost is linear. */
static long heaviest_chain(anchor *v, size_t na, long *chain)
{
	double top = 0;
	long arg = -1, nchain = 0;
	for (size_t x = 0; x < na; x++) {
		double best = v[x].w;
		long bi = -1;
		for (size_t y = x > CHAIN_LOOKBACK ? x - CHAIN_LOOKBACK : 0; y < x; y++)
			if (v[y].i < v[x].i && v[y].j < v[x].j && v[y].best + v[x].w > best) {
				best = v[y].best + v[x].w;
				bi = (long)y;
			}
		v[x].best = best;
		v[x].prev = bi;
		if (best > top) {
			top = best;
			arg = (long)x;
		}
	}
	for (long x = arg; x >= 0; x = v[x].prev)
		chain[nchain++] = x;
	return nchain;
}

/* Drops spikes: an anchor off the line between two neighbours that agree
 * with each other (a word that happens to be rare on both sides in
 * unrelated places). Returns the new length. */
static long drop_spikes(const anchor *v, long *chain, long nchain, double slope)
{
	long u = 0;
	for (long c = 0; c < nchain; c++) {
		const anchor *a0, *a1, *a2;
		double di, dj, t, dev;
		if (c == 0 || c == nchain - 1) {
			chain[u++] = chain[c];
			continue;
		}
		a0 = &v[chain[c + 1]]; /* the chain runs backwards */
		a1 = &v[chain[c]];
		a2 = &v[chain[c - 1]];
		di = (double)a2->i - a0->i;
		dj = (double)a2->j - a0->j;
		if (fabs(dj - slope * di) > TOL_BASE + TOL_RATE * slope * di) {
			chain[u++] = chain[c];
			continue;
		}
		t = di > 0 ? ((double)a1->i - a0->i) / di : 0;
		dev = fabs((double)a1->j - (a0->j + t * dj));
		if (dev <= TOL_BASE + TOL_RATE * slope * di)
			chain[u++] = chain[c];
	}
	return u;
}

/* The band's extent in rows [r0, r1] between the chain points (pi, pj)
 * and (ni, nj): the box they span when it is small (it holds every
 * monotone path between them, a block of 1-0 or 0-1 links included),
 * else a strip along the line that widens away from the points. */
static void draw_segment(double *from, double *to, size_t n, double pi, double pj, double ni, double nj,
			 double slack_per_row, double box_area)
{
	double di = ni - pi, dj = nj - pj;
	size_t r0 = (size_t)floor(pi), r1 = (size_t)ceil(ni);
	if (r1 > n)
		r1 = n;
	for (size_t r = r0; r <= r1; r++) {
		double lo, hi;
		if (di * dj <= box_area * (di + 1)) {
			lo = floor(pj);
			hi = ceil(nj);
		} else {
			double t = di > 0 ? ((double)r - pi) / di : 1, x = pj + t * dj;
			double dist = (double)r - pi < ni - (double)r ? (double)r - pi : ni - (double)r;
			double sl = slack_per_row * (dist > 0 ? dist : 0);
			if (sl > MAX_SLACK)
				sl = MAX_SLACK;
			lo = x - sl;
			hi = x + sl;
		}
		if (lo < from[r])
			from[r] = lo;
		if (hi > to[r])
			to[r] = hi;
	}
}

int bt_al_anchor_band(double *from, double *to, const al_doc *d, double slack_per_row, double box_area)
{
	size_t n = d->side[0].n, m = d->side[1].n, na = 0;
	anchor *v = NULL;
	long *chain = NULL, nchain = 0;
	double slope = n ? (double)m / (double)n : 1.0, pi = 0, pj = 0;
	int rc;

	if ((rc = collect_anchors(&v, &na, d)) != 0)
		return rc;
	if (na) {
		if (!(chain = bt_malloc(na * sizeof *chain))) {
			bt_free(v);
			return bt_fail_nomem();
		}
		nchain = drop_spikes(v, chain, heaviest_chain(v, na, chain), slope);
	}
	for (size_t r = 0; r <= n; r++) {
		from[r] = (double)m;
		to[r] = 0;
	}
	/* from (0,0) through the chain to (n,m) */
	for (long c = nchain; c >= 0; c--) {
		double ni = c > 0 ? v[chain[c - 1]].i + 0.5 : (double)n, nj = c > 0 ? v[chain[c - 1]].j + 0.5 : (double)m;
		draw_segment(from, to, n, pi, pj, ni, nj, slack_per_row, box_area);
		pi = ni;
		pj = nj;
	}
	bt_free(v);
	bt_free(chain);
	return 0;
}
