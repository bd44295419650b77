/* corpus_readd.c: re-adding a changed pair keeps what still holds
 * (bt_readd_result, bitext.h): the manual links whose sentences did not
 * change, moved to their new ordinals. */
#include "error.h"
#include "hash.h"
#include "readd.h"
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

void bt_readd_dispose(bt_readd *r)
{
	for (int s = 0; s < 2; s++)
		bt_free(r->old[s]);
	bt_free(r->manual);
	memset(r, 0, sizeof *r);
}

uint64_t bt_readd_key(const char *text, size_t len)
{
	return bt_hash_more(bt_hash(text, len), &len, sizeof len);
}

typedef struct old_side {
	uint64_t *v;
	size_t n, cap;
} old_side;

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;
	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 256;
	if (!(p = bt_realloc(*v, c * size)))
		return bt_fail_nomem();
	*v = p, *cap = c;
	return 0;
}

static int keep_manual(void *ud, const bt_store_link *l)
{
	bt_readd *r = ud;
	int rc = grow((void **)&r->manual, &r->manual_cap, r->n_manual, sizeof *r->manual);
	if (!rc)
		r->manual[r->n_manual++] = l->l;
	return rc;
}

static int count_link(void *ud, const bt_store_link *l)
{
	(void)l;
	((bt_readd *)ud)->links_before++;
	return 0;
}

int bt_readd_save(bt_readd *r, bt_corpus *c, const char *pair)
{
	int rc = 0;
	memset(r, 0, sizeof *r);
	for (int side = 0; side < 2 && !rc; side++) {
		bt_store_segs *it = NULL;
		bt_store_seg sg;
		old_side o = {NULL, 0, 0};
		if ((rc = bt_store_segs_open(&it, c, pair, side, 0, (size_t)-1)) != 0)
			break;
		while ((rc = bt_store_segs_next(it, &sg)) == 0) {
			if ((rc = grow((void **)&o.v, &o.cap, o.n, sizeof *o.v)) != 0)
				break;
			o.v[o.n++] = bt_readd_key(sg.text, sg.len);
		}
		bt_store_segs_free(it);
		if (rc == BT_ITEROVER)
			rc = 0;
		r->old[side] = o.v, r->n_old[side] = o.n;
	}
	if (!rc)
		rc = bt_store_links_read(c, pair, 1, keep_manual, r);
	if (!rc)
		rc = bt_store_links_read(c, pair, 0, count_link, r);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* How many times k is in the sorted s[0, n). */
static size_t count_in(const uint64_t *s, size_t n, uint64_t k)
{
	const uint64_t *p = bsearch(&k, s, n, sizeof *s, cmp_u64);
	size_t c = 0;
	if (!p)
		return 0;
	while (p > s && p[-1] == k)
		p--;
	for (; p < s + n && *p == k; p++)
		c++;
	return c;
}

/* map[i]: the new ordinal of old segment i, or (size_t)-1. The unchanged
 * start and end match; in between, a text found once in each; a match
 * out of order with the ones before it is dropped. */
static int map_side(size_t *map, const uint64_t *old, size_t no, const uint64_t *nw, size_t nn)
{
	size_t pre = 0, suf = 0, last = 0;
	uint64_t *so = NULL, *sn = NULL;
	int have_last = 0;
	for (size_t i = 0; i < no; i++)
		map[i] = (size_t)-1;
	while (pre < no && pre < nn && old[pre] == nw[pre])
		map[pre] = pre, pre++;
	while (suf < no - pre && suf < nn - pre && old[no - 1 - suf] == nw[nn - 1 - suf])
		map[no - 1 - suf] = nn - 1 - suf, suf++;
	if (!(so = bt_malloc((no + 1) * sizeof *so)) || !(sn = bt_malloc((nn + 1) * sizeof *sn))) {
		bt_free(so);
		return bt_fail_nomem();
	}
	if (no)
		memcpy(so, old, no * sizeof *so);
	if (nn)
		memcpy(sn, nw, nn * sizeof *sn);
	qsort(so, no, sizeof *so, cmp_u64), qsort(sn, nn, sizeof *sn, cmp_u64);
	for (size_t i = pre; i < no - suf; i++) {
		if (count_in(so, no, old[i]) != 1 || count_in(sn, nn, old[i]) != 1)
			continue;
		for (size_t j = pre; j < nn - suf; j++)
			if (nw[j] == old[i]) {
				if (!have_last || j > last)
					map[i] = j, last = j, have_last = 1;
				break;
			}
	}
	bt_free(so), bt_free(sn);
	return 0;
}

/* One side of a manual link in new ordinals: its sentences matched and
 * still consecutive; an empty side (1-0, 0-1) by its place. */
static int move_side(size_t *first, size_t n, const size_t *map, size_t no, size_t nn)
{
	if (n == 0) {
		if (*first >= no)
			return *first = nn, 1;
		return map[*first] != (size_t)-1 ? (*first = map[*first], 1) : 0;
	}
	if (*first + n > no)
		return 0;
	for (size_t k = 0; k < n; k++)
		if (map[*first + k] == (size_t)-1 || map[*first + k] != map[*first] + k)
			return 0;
	*first = map[*first];
	return 1;
}

int bt_readd_apply(bt_readd *r, bt_corpus *c, const char *pair, const uint64_t *const nw[2], const size_t nn[2],
		   bt_readd_result *res)
{
	size_t *map[2] = {NULL, NULL}, kept = 0;
	unsigned char *manual = NULL;
	int rc = 0;
	memset(res, 0, sizeof *res);
	res->links_before = r->links_before;
	for (int s = 0; s < 2 && !rc; s++) {
		if (!(map[s] = bt_malloc((r->n_old[s] + 1) * sizeof *map[s])))
			rc = bt_fail_nomem();
		else
			rc = map_side(map[s], r->old[s], r->n_old[s], nw[s], nn[s]);
		for (size_t i = 0; !rc && i < r->n_old[s]; i++)
			res->segs_kept[s] += map[s][i] != (size_t)-1;
		res->segs[s] = nn[s];
	}
	for (size_t i = 0; !rc && i < r->n_manual; i++) {
		bt_link l = r->manual[i];
		if (move_side(&l.src_first, l.src_n, map[0], r->n_old[0], nn[0]) &&
		    move_side(&l.tgt_first, l.tgt_n, map[1], r->n_old[1], nn[1]) &&
		    (kept == 0 || (l.src_first >= r->manual[kept - 1].src_first + r->manual[kept - 1].src_n &&
				   l.tgt_first >= r->manual[kept - 1].tgt_first + r->manual[kept - 1].tgt_n)))
			r->manual[kept++] = l; /* in order: links are read in ordinal order */
	}
	res->manual_kept = kept;
	res->manual_dropped = r->n_manual - kept;
	if (!rc && kept) {
		if (!(manual = bt_malloc(kept)))
			rc = bt_fail_nomem();
		else
			memset(manual, 1, kept), rc = bt_store_links_replace(c, pair, r->manual, manual, kept);
	}
	bt_free(manual);
	bt_free(map[0]), bt_free(map[1]);
	return rc;
}
