/* anchors.c: the centre line of the search band.
 *
 * An anchor is a key that occurs in exactly one source and one target
 * sentence (a year, a name, a rare word and its translation). The anchors
 * that form the heaviest chain increasing on both sides (a weighted longest
 * increasing subsequence, O(A log A)) are taken as points of the path; the
 * centre line joins them, from (0,0) to (n,m). Without anchors it is the
 * diagonal. */
#include "align.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

typedef struct anchor {
	uint32_t i, j;
	double w;
	double best;
	long prev;
} anchor;

static int by_i_then_j_desc(const void *a, const void *b)
{
	const anchor *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j > y->j ? -1 : x->j < y->j;
}

static int by_i_j(const void *a, const void *b)
{
	const anchor *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Fenwick tree over target positions: prefix maximum of (best, index). */
static void fw_update(double *fv, long *fi, size_t n, size_t pos, double v, long idx)
{
	for (pos++; pos <= n; pos += pos & (~pos + 1))
		if (v > fv[pos]) {
			fv[pos] = v;
			fi[pos] = idx;
		}
}

static void fw_query(const double *fv, const long *fi, size_t pos, double *v, long *idx)
{
	*v = 0;
	*idx = -1;
	for (; pos > 0; pos -= pos & (~pos + 1))
		if (fv[pos] > *v) {
			*v = fv[pos];
			*idx = fi[pos];
		}
}

int al_anchor_centre(double *centre, const al_doc *d)
{
	const al_keys *k = &d->keys;
	size_t n = d->side[0].n, m = d->side[1].n, na = 0, cap = 0, u = 0;
	anchor *v = NULL;
	double *fv = NULL;
	long *fi = NULL, *chain = NULL, nchain = 0;
	int rc = 0;

	for (size_t key = 0; key < k->df_n; key++) {
		char kind;
		double w;
		if (k->df[0][key] != 1 || k->df[1][key] != 1)
			continue;
		kind = k->arena.ptr[k->off[key]];
		if (kind == 'P')
			continue;
		w = kind == 'N' ? (k->len[key] >= 3 ? 2.0 : 1.0) : 1.0;
		if (na == cap) {
			anchor *nv;
			cap = cap ? cap * 2 : 256;
			if (!(nv = realloc(v, cap * sizeof *nv))) {
				rc = bt_fail_nomem();
				goto done;
			}
			v = nv;
		}
		v[na++] = (anchor){k->where[0][key], k->where[1][key], w, 0, -1};
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
		qsort(v, na, sizeof *v, by_i_then_j_desc);
		fv = calloc(m + 2, sizeof *fv);
		fi = malloc((m + 2) * sizeof *fi);
		chain = malloc(na * sizeof *chain);
		if (!fv || !fi || !chain) {
			rc = bt_fail_nomem();
			goto done;
		}
		for (size_t x = 0; x < m + 2; x++)
			fi[x] = -1;
		{
			double top = 0;
			long arg = -1;
			for (size_t x = 0; x < na; x++) {
				double bv;
				long bi;
				/* strictly smaller j: query prefix [0, j) */
				fw_query(fv, fi, v[x].j, &bv, &bi);
				v[x].best = bv + v[x].w;
				v[x].prev = bi;
				fw_update(fv, fi, m + 1, v[x].j, v[x].best, (long)x);
				if (v[x].best > top) {
					top = v[x].best;
					arg = (long)x;
				}
			}
			for (long x = arg; x >= 0; x = v[x].prev)
				chain[nchain++] = x;
		}
	}
	/* centre line through (0,0), the chain (reversed) and (n,m) */
	{
		double pi = 0, pj = 0;
		size_t row = 0;
		for (long c = nchain; c >= 0; c--) {
			double ni, nj;
			if (c > 0) {
				const anchor *an = &v[chain[c - 1]];
				ni = an->i + 0.5;
				nj = an->j + 0.5;
			} else {
				ni = (double)n;
				nj = (double)m;
			}
			for (; row <= n && (double)row <= ni; row++)
				centre[row] = ni > pi ? pj + ((double)row - pi) * (nj - pj) / (ni - pi) : nj;
			pi = ni;
			pj = nj;
		}
		for (; row <= n; row++)
			centre[row] = (double)m;
	}
done:
	free(v);
	free(fv);
	free(fi);
	free(chain);
	return rc;
}
