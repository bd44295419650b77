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
#include <stdio.h>
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

int al_anchor_band(double *from, double *to, const al_doc *d, double slack_per_row, double box_area)
{
	const al_keys *k = &d->keys;
	size_t n = d->side[0].n, m = d->side[1].n, na = 0, cap = 0, u = 0;
	anchor *v = NULL;
	long *chain = NULL, nchain = 0;
	uint32_t max_df = (uint32_t)((n < m ? n : m) / 20);
	double slope = n ? (double)m / (double)n : 1.0;
	int rc = 0;

	if (max_df < 1)
		max_df = 1;

	/* A key as frequent on both sides, and rare, pairs its occurrences
	 * in order: the r-th source sentence holding it with the r-th target
	 * one. Unique keys are the common case; a text repeated (a long book
	 * quoting itself, or concatenated documents) still gets anchors. */
	for (size_t key = 0; key < k->df_n; key++) {
		const al_side *S = &d->side[0], *T = &d->side[1];
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
			if (na == cap) {
				anchor *nv;
				cap = cap ? cap * 2 : 256;
				if (!(nv = realloc(v, cap * sizeof *nv))) {
					rc = bt_fail_nomem();
					goto done;
				}
				v = nv;
			}
			v[na++] = (anchor){S->post[S->post_off[key] + r], T->post[T->post_off[key] + r], w, 0, -1};
		}
	}
	/* one anchor per sentence pair, its weights summed */
	if (na) {
		qsort(v, na, sizeof *v, by_i_j);
		for (size_t x = 0; x < na; x++) {
			if (u && v[u - 1].i == v[x].i && v[u - 1].j == v[x].j)
				v[u - 1].w += v[x].w;
			else
				v[u++] = v[x];
		}
		na = u;
		qsort(v, na, sizeof *v, by_i_j);
		if (!(chain = malloc(na * sizeof *chain))) {
			rc = bt_fail_nomem();
			goto done;
		}
		/* The heaviest chain increasing on both sides. Each anchor looks
		 * back at most CHAIN_LOOKBACK anchors, so the cost is linear;
		 * lone anchors that stray from their neighbours are dropped
		 * afterwards. */
		{
			double top = 0;
			long arg = -1;
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
			/* drop spikes: an anchor off the line between two
			 * neighbours that agree with each other (a word that
			 * happens to be rare on both sides in unrelated places) */
			{
				long u2 = 0;
				for (long c = 0; c < nchain; c++) {
					const anchor *a0, *a1, *a2;
					double di, dj, t, dev;
					if (c == 0 || c == nchain - 1) {
						chain[u2++] = chain[c];
						continue;
					}
					a0 = &v[chain[c + 1]]; /* the chain runs backwards */
					a1 = &v[chain[c]];
					a2 = &v[chain[c - 1]];
					di = (double)a2->i - a0->i;
					dj = (double)a2->j - a0->j;
					if (fabs(dj - slope * di) > TOL_BASE + TOL_RATE * slope * di) {
						chain[u2++] = chain[c];
						continue;
					}
					t = di > 0 ? ((double)a1->i - a0->i) / di : 0;
					dev = fabs((double)a1->j - (a0->j + t * dj));
					if (dev <= TOL_BASE + TOL_RATE * slope * di)
						chain[u2++] = chain[c];
				}
				nchain = u2;
			}
			if (getenv("BITEXT_ALIGN_DEBUG") && getenv("BITEXT_ALIGN_DEBUG")[0] == '4')
				for (long c = nchain; c-- > 0;)
					fprintf(stderr, "  anchor (%u, %u) w %.2f\n", v[chain[c]].i, v[chain[c]].j, v[chain[c]].w);
		}
	}
	/* Between consecutive points of the chain, from (0,0) to (n,m): the
	 * box they span when it is small (it holds every monotone path
	 * between them, a block of 1-0 or 0-1 links included), else a strip
	 * along the line that widens away from the anchors. */
	for (size_t r = 0; r <= n; r++) {
		from[r] = (double)m;
		to[r] = 0;
	}
	{
		double pi = 0, pj = 0;
		for (long c = nchain; c >= 0; c--) {
			double ni, nj, di, dj;
			size_t r0, r1;
			if (c > 0) {
				const anchor *an = &v[chain[c - 1]];
				ni = an->i + 0.5;
				nj = an->j + 0.5;
			} else {
				ni = (double)n;
				nj = (double)m;
			}
			di = ni - pi;
			dj = nj - pj;
			r0 = (size_t)floor(pi);
			r1 = (size_t)ceil(ni);
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
			pi = ni;
			pj = nj;
		}
	}
done:
	free(v);
	free(chain);
	return rc;
}
