/* links_edit.c: manual corrections of a pair's alignment links.
 *
 * An edit reads all links of the pair, changes their sentence counts in
 * memory and writes them back renumbered, all in one BEGIN IMMEDIATE
 * transaction: a pair has hundreds of links at most, and rewriting them
 * keeps the invariant that the links cover both texts in order, each
 * sentence once, which the concordance and the TMX export rely on. The
 * `first` fields are recomputed from the counts, so an edit can only move
 * boundaries, never reorder text. */
#include "error.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

typedef struct elink {
	long long sn, tn;
	double score;
	int manual;
} elink;

typedef struct elinks {
	elink *v;
	size_t n, cap;
} elinks;

static int push(elinks *l, long long sn, long long tn, double score, int manual)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		elink *v = bt_realloc(l->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (elink){sn, tn, score, manual};
	return 0;
}

/* Reading the links: each must start where the one before ended (a side
 * without sentences excepted) and the edited one must be as it was read. */
typedef struct reader {
	bt_corpus *c;
	const char *pair_id;
	const bt_link_edit *e;
	elinks *l;
	long long sp, tp;
	size_t i;
} reader;

static int link_cb(void *ud, const bt_store_link *k)
{
	reader *r = ud;
	const bt_link_edit *e = r->e;
	/* the stored values: a negative one comes as a huge size */
	long long sf = (long long)k->l.src_first, sn = (long long)k->l.src_n;
	long long tf = (long long)k->l.tgt_first, tn = (long long)k->l.tgt_n;
	int rc;
	if (sn < 0 || tn < 0 || (sn > 0 && sf != r->sp) || (tn > 0 && tf != r->tp) || sn + tn == 0)
		return bt_fail(BT_EDB, bt_store_path(r->c), -1, -1,
			       "the links of pair '%s' do not follow its sentences in order (link %zu);"
			       " run `bitext align --pair %s`",
			       r->pair_id, r->i, r->pair_id);
	if (e->check && r->i == e->ordinal &&
	    ((size_t)sf != e->seen.src_first || (size_t)sn != e->seen.src_n || (size_t)tf != e->seen.tgt_first ||
	     (size_t)tn != e->seen.tgt_n))
		return bt_fail(BT_ECONFLICT, NULL, -1, -1, "link %zu of pair '%s' has changed since it was read; reload",
			       e->ordinal, r->pair_id);
	if ((rc = push(r->l, sn, tn, k->l.score, k->manual)) != 0)
		return rc;
	r->sp += sn;
	r->tp += tn;
	r->i++;
	return 0;
}

/* Reads the pair's links in order and checks that they tile both texts. */
static int read_links(bt_corpus *c, const char *pair_id, elinks *l, const bt_link_edit *e)
{
	reader r = {c, pair_id, e, l, 0, 0, 0};
	long long src_total = 0, tgt_total = 0;
	int rc, exists = 0;

	if ((rc = bt_store_pair_exists(c, pair_id, &exists)) != 0)
		return rc;
	if (!exists)
		return bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no pair '%s' in the corpus", pair_id);
	if ((rc = bt_store_seg_count(c, pair_id, 0, &src_total)) != 0 ||
	    (rc = bt_store_seg_count(c, pair_id, 1, &tgt_total)) != 0 ||
	    (rc = bt_store_links_read(c, pair_id, 0, link_cb, &r)) != 0)
		return rc;
	if (l->n == 0)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "pair '%s' is not aligned yet; run `bitext align`", pair_id);
	if (r.sp != src_total || r.tp != tgt_total)
		return bt_fail(BT_EDB, bt_store_path(c), -1, -1,
			       "the links of pair '%s' cover %lld of %lld source and %lld of %lld target sentences;"
			       " run `bitext align --pair %s`",
			       pair_id, r.sp, src_total, r.tp, tgt_total, pair_id);
	return 0;
}

/* Applies e to the counts. A link that ends up with no sentence goes. */
static int apply(elinks *l, const bt_link_edit *e, elinks *out)
{
	size_t i = e->ordinal;
	elink *k = &l->v[i];
	int rc = 0;

	switch (e->op) {
	case BT_LINK_MERGE:
		if (i + 1 >= l->n)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu is the last one: nothing follows to merge with", i);
		l->v[i + 1].sn += k->sn;
		l->v[i + 1].tn += k->tn;
		l->v[i + 1].manual = 1;
		k->sn = k->tn = 0;
		break;
	case BT_LINK_SPLIT:
		if (e->src_k > (size_t)k->sn || e->tgt_k > (size_t)k->tn)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has %lld-%lld sentences: cannot keep %zu-%zu", i,
				       k->sn, k->tn, e->src_k, e->tgt_k);
		if (e->src_k + e->tgt_k == 0 || e->src_k + e->tgt_k == (size_t)(k->sn + k->tn))
			return bt_fail(BT_EINPUT, NULL, -1, -1,
				       "a split of link %zu must leave sentences in both parts", i);
		break;
	case BT_LINK_MOVE_PREV:
	case BT_LINK_MOVE_NEXT: {
		int prev = e->op == BT_LINK_MOVE_PREV;
		elink *to;
		long long *from_n, *to_n;
		if (e->side != 0 && e->side != 1)
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "side must be 0 (source) or 1 (target)");
		if (prev ? i == 0 : i + 1 >= l->n)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has no %s link", i, prev ? "previous" : "next");
		to = &l->v[prev ? i - 1 : i + 1];
		from_n = e->side ? &k->tn : &k->sn;
		to_n = e->side ? &to->tn : &to->sn;
		if (*from_n == 0)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has no %s sentence to move", i,
				       e->side ? "target" : "source");
		(*from_n)--;
		(*to_n)++;
		to->manual = 1;
		break;
	}
	case BT_LINK_UNALIGN:
	case BT_LINK_CONFIRM:
		break;
	default:
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown link edit %d", e->op);
	}
	k->manual = 1;

	for (size_t x = 0; x < l->n && !rc; x++) {
		elink *y = &l->v[x];
		if (y->manual)
			y->score = 1.0; /* a person vouched for it */
		if (x == i && e->op == BT_LINK_SPLIT) {
			rc = push(out, (long long)e->src_k, (long long)e->tgt_k, 1.0, 1);
			if (!rc)
				rc = push(out, y->sn - (long long)e->src_k, y->tn - (long long)e->tgt_k, 1.0, 1);
		} else if (x == i && e->op == BT_LINK_UNALIGN) {
			for (long long s = 0; s < y->sn && !rc; s++)
				rc = push(out, 1, 0, 1.0, 1);
			for (long long t = 0; t < y->tn && !rc; t++)
				rc = push(out, 0, 1, 1.0, 1);
		} else if (y->sn + y->tn > 0) {
			rc = push(out, y->sn, y->tn, y->score, y->manual);
		}
	}
	return rc;
}

/* The links renumbered, their `first` fields from the counts. */
static int write_links(bt_corpus *c, const char *pair_id, const elinks *l)
{
	bt_link *v = bt_malloc((l->n ? l->n : 1) * sizeof *v);
	unsigned char *manual = bt_malloc(l->n ? l->n : 1);
	size_t sp = 0, tp = 0;
	int rc;
	if (!v || !manual) {
		bt_free(v);
		bt_free(manual);
		return bt_fail_nomem();
	}
	for (size_t x = 0; x < l->n; x++) {
		v[x] = (bt_link){sp, (size_t)l->v[x].sn, tp, (size_t)l->v[x].tn, l->v[x].score, 0};
		manual[x] = (unsigned char)l->v[x].manual;
		sp += (size_t)l->v[x].sn;
		tp += (size_t)l->v[x].tn;
	}
	rc = bt_store_links_replace(c, pair_id, v, manual, l->n);
	bt_free(v);
	bt_free(manual);
	return rc;
}

int bt_links_edit(size_t *n_links, bt_corpus *c, const char *pair_id, const bt_link_edit *e)
{
	elinks l = {NULL, 0, 0}, out = {NULL, 0, 0};
	bt_store_hist h = BT_STORE_HIST_INIT;
	int rc;

	if (!pair_id || !e)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "a link edit needs a pair and an edit");
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = read_links(c, pair_id, &l, e)) != 0)
		goto done;
	if (e->ordinal >= l.n) {
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "pair '%s' has %zu links: no link %zu", pair_id, l.n, e->ordinal);
		goto done;
	}
	if ((rc = bt_store_history_snap(c, pair_id, &h)) != 0 || (rc = apply(&l, e, &out)) != 0 ||
	    (rc = write_links(c, pair_id, &out)) != 0 || (rc = bt_store_history_record(c, &h, "links edit")) != 0)
		goto done;
	rc = bt_store_commit(c);
	if (!rc && n_links)
		*n_links = out.n;
done:
	if (rc)
		bt_store_rollback(c);
	bt_free(l.v);
	bt_free(out.v);
	bt_store_hist_dispose(&h);
	return rc;
}
