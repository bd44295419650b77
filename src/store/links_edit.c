/* links_edit.c: manual corrections of a pair's alignment links.
 *
 * An edit reads all links of the pair, changes them in memory and writes
 * them back renumbered, all in one BEGIN IMMEDIATE transaction: a pair has
 * hundreds of links at most. The links keep what bt_align promises (each
 * sentence in one link, source order, target order but for links marked
 * moved), which the concordance and the TMX export rely on: after every
 * edit bt_links_order() puts them in that order and marks as moved the
 * links off the heaviest chain that follows both texts, and
 * bt_links_check() refuses a result that breaks a promise. Only PAIR
 * makes links that cross; the other edits move boundaries between
 * neighbours. */
#include "error.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* made or confirmed by hand: carried in the flags through bt_links_order */
#define EDIT_MANUAL (1u << 16)
/* the link a PAIR made */
#define EDIT_NEW (1u << 17)
/* moved before bt_links_order looked again */
#define EDIT_WAS_MOVED (1u << 18)

/* " (link N)" in b for a fault found at link N, "" for one past the end. */
static const char *at_link(char b[static 40], size_t at, size_t n)
{
	b[0] = '\0';
	if (at < n)
		snprintf(b, 40, " (link %zu)", at);
	return b;
}

/* Reading the links: the edited one must be as the caller read it. */
typedef struct reader {
	const char *pair_id;
	const bt_link_edit *e;
	bt_links *l;
} reader;

static int link_cb(void *ud, const bt_store_link *k)
{
	reader *r = ud;
	const bt_link_edit *e = r->e;
	bt_link v = k->l;
	if (e->check && e->op != BT_LINK_PAIR && r->l->n == e->ordinal &&
	    (v.src_first != e->seen.src_first || v.src_n != e->seen.src_n || v.tgt_first != e->seen.tgt_first ||
	     v.tgt_n != e->seen.tgt_n))
		return bt_fail(BT_ECONFLICT, NULL, -1, -1, "link %zu of pair '%s' has changed since it was read; reload",
			       e->ordinal, r->pair_id);
	v.flags = (v.flags & BT_LINK_MOVED) | (k->manual ? EDIT_MANUAL : 0);
	return bt_links_push(r->l, &v);
}

/* Reads the pair's links in order and checks that they keep the promises. */
static int read_links(bt_corpus *c, const char *pair_id, bt_links *l, size_t *ns, size_t *nt, const bt_link_edit *e)
{
	reader r = {pair_id, e, l};
	long long src_total = 0, tgt_total = 0;
	const char *why;
	char where[40];
	size_t at;
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
	*ns = (size_t)src_total;
	*nt = (size_t)tgt_total;
	if ((rc = bt_links_check(&why, &at, l, *ns, *nt)) != 0)
		return rc;
	if (why)
		return bt_fail(BT_EDB, bt_store_path(c), -1, -1,
			       "the links of pair '%s' do not cover its %zu source and %zu target sentences as alignment"
			       " links must: %s%s; run `bitext align --pair %s`",
			       pair_id, *ns, *nt, why, at_link(where, at, l->n), pair_id);
	return 0;
}

static int push(bt_links *out, size_t sf, size_t sn, size_t tf, size_t tn, double score, unsigned flags)
{
	bt_link k = {sf, sn, tf, tn, score, flags};
	return bt_links_push(out, &k);
}

/* Each sentence of [sf, sf+sn) x [tf, tf+tn) a link of its own. */
static int singles(bt_links *out, size_t sf, size_t sn, size_t tf, size_t tn, double score, unsigned flags)
{
	int rc = 0;
	for (size_t s = 0; s < sn && !rc; s++)
		rc = push(out, sf + s, 1, tf, 0, score, flags);
	for (size_t t = 0; t < tn && !rc; t++)
		rc = push(out, sf, 0, tf + t, 1, score, flags);
	return rc;
}

/* What is left of range [f, f+n) without [pf, pf+pn): in *rf, *rn when it
 * is one range; 0 when it falls in two. */
static int range_rest(size_t f, size_t n, size_t pf, size_t pn, size_t *rf, size_t *rn)
{
	size_t lo = f > pf ? f : pf, hi = f + n < pf + pn ? f + n : pf + pn;
	*rf = f;
	*rn = n;
	if (lo >= hi || n == 0)
		return 1;
	*rn = n - (hi - lo);
	if (lo > f && hi < f + n)
		return 0;
	*rf = lo > f ? f : hi;
	return 1;
}

/* PAIR: the sentences chosen become one link made by hand, wherever they
 * stand; each link they are taken from keeps what is left, as one link if
 * that is one range a side with sentences on both, else sentence by
 * sentence. What is left was not looked at by anyone: it is not manual
 * and scores 0, so that "low confidence first" shows it. */
static int apply_pair(const bt_links *l, const bt_link *p, size_t ns, size_t nt, bt_links *out)
{
	bt_link made;
	size_t pos;
	int rc = 0;
	if (!p->src_n || !p->tgt_n)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "a pair needs sentences on both sides (%zu source, %zu target)",
			       p->src_n, p->tgt_n);
	if (p->src_first > ns || p->src_n > ns - p->src_first || p->tgt_first > nt || p->tgt_n > nt - p->tgt_first)
		return bt_fail(BT_ENOTFOUND, NULL, -1, -1,
			       "the pair has %zu source and %zu target sentences: no sentences %zu-%zu and %zu-%zu", ns, nt,
			       p->src_first + 1, p->src_first + p->src_n, p->tgt_first + 1, p->tgt_first + p->tgt_n);
	for (size_t x = 0; x < l->n && !rc; x++) {
		const bt_link *k = &l->v[x];
		size_t sf, sn, tf, tn;
		int s_one = range_rest(k->src_first, k->src_n, p->src_first, p->src_n, &sf, &sn);
		int t_one = range_rest(k->tgt_first, k->tgt_n, p->tgt_first, p->tgt_n, &tf, &tn);
		if (sn == k->src_n && tn == k->tgt_n) {
			rc = bt_links_push(out, k);
			continue;
		}
		if (s_one && t_one && sn && tn) {
			rc = push(out, sf, sn, tf, tn, 0.0, 0);
			continue;
		}
		for (size_t s = k->src_first; s < k->src_first + k->src_n && !rc; s++)
			if (s < p->src_first || s >= p->src_first + p->src_n)
				rc = push(out, s, 1, 0, 0, 0.0, 0);
		for (size_t t = k->tgt_first; t < k->tgt_first + k->tgt_n && !rc; t++)
			if (t < p->tgt_first || t >= p->tgt_first + p->tgt_n)
				rc = push(out, 0, 0, t, 1, 0.0, 0);
	}
	if (rc)
		return rc;
	/* in source order: before the first link with source sentences after
	 * it, and the sentences without source there whose target follows */
	if ((rc = push(out, p->src_first, p->src_n, p->tgt_first, p->tgt_n, 1.0, EDIT_MANUAL | EDIT_NEW)) != 0)
		return rc;
	pos = 0;
	while (pos < out->n - 1 && (!out->v[pos].src_n || out->v[pos].src_first < p->src_first))
		pos++;
	while (pos > 0 && !out->v[pos - 1].src_n && out->v[pos - 1].tgt_first > p->tgt_first)
		pos--;
	made = out->v[out->n - 1];
	memmove(out->v + pos + 1, out->v + pos, (out->n - 1 - pos) * sizeof *out->v);
	out->v[pos] = made;
	return 0;
}

/* MOVE_PREV, MOVE_NEXT: one sentence of `side` from link k to its
 * neighbour `to`, which must hold the sentence beside it on that side (on
 * the target side a moved link's sentences may stand between). */
static int apply_move(bt_link *k, bt_link *to, size_t i, int prev, int side)
{
	size_t *kf = side ? &k->tgt_first : &k->src_first, *kn = side ? &k->tgt_n : &k->src_n;
	size_t *tf = side ? &to->tgt_first : &to->src_first, *tn = side ? &to->tgt_n : &to->src_n;
	size_t moving;
	if (*kn == 0)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has no %s sentence to move", i, side ? "target" : "source");
	moving = prev ? *kf : *kf + *kn - 1;
	if (*tn && (prev ? *tf + *tn != moving : *tf != moving + 1))
		return bt_fail(BT_EINPUT, NULL, -1, -1,
			       "the %s link does not hold the %s sentence beside link %zu's (a moved block stands between):"
			       " pair the sentences instead",
			       prev ? "previous" : "next", side ? "target" : "source", i);
	if (!*tn || !prev)
		*tf = moving;
	(*tn)++;
	(*kn)--;
	if (prev)
		(*kf)++;
	to->flags |= EDIT_MANUAL;
	return 0;
}

/* Applies e to the links l of a pair of ns x nt sentences, into out. */
static int apply(bt_links *l, const bt_link_edit *e, size_t ns, size_t nt, bt_links *out)
{
	size_t i = e->ordinal;
	bt_link *k = &l->v[i];
	int rc = 0;

	if (e->op == BT_LINK_PAIR)
		return apply_pair(l, &e->pair, ns, nt, out);
	switch (e->op) {
	case BT_LINK_MERGE: {
		bt_link *j;
		if (i + 1 >= l->n)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu is the last one: nothing follows to merge with", i);
		j = &l->v[i + 1];
		if ((k->flags | j->flags) & BT_LINK_MOVED)
			return bt_fail(BT_EINPUT, NULL, -1, -1,
				       "link %zu or the next crosses other links (a moved block): unalign it or pair its"
				       " sentences instead",
				       i);
		if (k->tgt_n && j->tgt_n && k->tgt_first + k->tgt_n != j->tgt_first)
			return bt_fail(BT_EINPUT, NULL, -1, -1,
				       "a moved block's target sentences stand between link %zu and the next: they cannot"
				       " merge",
				       i);
		/* in source order k's sentences come first (or k stands there) */
		j->src_first = k->src_first;
		if (k->tgt_n)
			j->tgt_first = k->tgt_first;
		j->src_n += k->src_n;
		j->tgt_n += k->tgt_n;
		j->flags |= EDIT_MANUAL;
		k->src_n = k->tgt_n = 0;
		break;
	}
	case BT_LINK_SPLIT:
		if (e->src_k > k->src_n || e->tgt_k > k->tgt_n)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has %zu-%zu sentences: cannot keep %zu-%zu", i,
				       k->src_n, k->tgt_n, e->src_k, e->tgt_k);
		if (e->src_k + e->tgt_k == 0 || e->src_k + e->tgt_k == k->src_n + k->tgt_n)
			return bt_fail(BT_EINPUT, NULL, -1, -1,
				       "a split of link %zu must leave sentences in both parts", i);
		break;
	case BT_LINK_MOVE_PREV:
	case BT_LINK_MOVE_NEXT: {
		int prev = e->op == BT_LINK_MOVE_PREV;
		if (e->side != 0 && e->side != 1)
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "side must be 0 (source) or 1 (target)");
		if (prev ? i == 0 : i + 1 >= l->n)
			return bt_fail(BT_EINPUT, NULL, -1, -1, "link %zu has no %s link", i, prev ? "previous" : "next");
		if ((rc = apply_move(k, &l->v[prev ? i - 1 : i + 1], i, prev, e->side)) != 0)
			return rc;
		break;
	}
	case BT_LINK_UNALIGN:
	case BT_LINK_CONFIRM:
		break;
	default:
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown link edit %d", e->op);
	}
	k->flags |= EDIT_MANUAL;

	for (size_t x = 0; x < l->n && !rc; x++) {
		bt_link *y = &l->v[x];
		if (y->flags & EDIT_MANUAL)
			y->score = 1.0; /* a person vouched for it */
		if (x == i && e->op == BT_LINK_SPLIT) {
			rc = push(out, y->src_first, e->src_k, y->tgt_first, e->tgt_k, 1.0, EDIT_MANUAL);
			if (!rc)
				rc = push(out, y->src_first + e->src_k, y->src_n - e->src_k, y->tgt_first + e->tgt_k,
					  y->tgt_n - e->tgt_k, 1.0, EDIT_MANUAL);
		} else if (x == i && e->op == BT_LINK_UNALIGN) {
			rc = singles(out, y->src_first, y->src_n, y->tgt_first, y->tgt_n, 1.0, EDIT_MANUAL);
		} else if (y->src_n + y->tgt_n > 0) {
			rc = bt_links_push(out, y);
		}
	}
	return rc;
}

/* Where each link without sentences on a side stands: after the links
 * before it (the moved ones not counted on the target side). */
void bt_store_links_restand(bt_links *l)
{
	size_t src = 0, tgt = 0;
	for (size_t x = 0; x < l->n; x++) {
		bt_link *k = &l->v[x];
		if (!k->src_n)
			k->src_first = src;
		else
			src = k->src_first + k->src_n;
		if (k->flags & BT_LINK_MOVED)
			continue;
		if (!k->tgt_n)
			k->tgt_first = tgt;
		else
			tgt = k->tgt_first + k->tgt_n;
	}
}

/* Whether links made by bt_links_order (from l) will do: no link that was
 * in order before is moved now, not even the PAIR's (they would jump). */
static int order_kept(const bt_links *l)
{
	for (size_t x = 0; x < l->n; x++)
		if ((l->v[x].flags & BT_LINK_MOVED) && !(l->v[x].flags & EDIT_WAS_MOVED))
			return 0;
	return 1;
}

/* The links in order, renumbered, checked, written. They stay in the
 * order the edit left them where that keeps the promises (the reviewer
 * sees them where they were); else in bt_links_order's order if that
 * leaves every link that was in order in order; else the PAIR's link is
 * the one that crosses, the rest where it was; else bt_links_order's
 * order, whichever links it moves. */
static int write_links(bt_corpus *c, const char *pair_id, bt_links *l, size_t ns, size_t nt)
{
	bt_links ordered = BT_LINKS_INIT;
	unsigned char *manual;
	const char *why, *why_ordered;
	char where[40];
	size_t at, at_ordered;
	int rc, use_ordered;
	bt_store_links_restand(l);
	if ((rc = bt_links_check(&why, &at, l, ns, nt)) != 0)
		return rc;
	if (why) {
		for (size_t x = 0; x < l->n && !rc; x++) {
			l->v[x].flags &= ~(unsigned)EDIT_WAS_MOVED;
			if (l->v[x].flags & BT_LINK_MOVED)
				l->v[x].flags |= EDIT_WAS_MOVED;
			rc = bt_links_push(&ordered, &l->v[x]);
		}
		if (rc || (rc = bt_links_order(&ordered, ns, nt)) != 0 ||
		    (rc = bt_links_check(&why_ordered, &at_ordered, &ordered, ns, nt)) != 0)
			goto done;
		if (!why_ordered && order_kept(&ordered)) {
			use_ordered = 1;
		} else {
			for (size_t x = 0; x < l->n; x++)
				if (l->v[x].flags & EDIT_NEW)
					l->v[x].flags |= BT_LINK_MOVED;
			bt_store_links_restand(l);
			if ((rc = bt_links_check(&why, &at, l, ns, nt)) != 0)
				goto done;
			use_ordered = why && !why_ordered;
		}
		if (use_ordered) {
			bt_links t = *l;
			*l = ordered;
			ordered = t;
			why = NULL;
		}
	}
	if (why) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "that edit would leave pair '%s' with %s%s; nothing changed", pair_id,
			     why, at_link(where, at, l->n));
		goto done;
	}
	if (!(manual = bt_malloc(l->n ? l->n : 1))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t x = 0; x < l->n; x++) {
		manual[x] = (l->v[x].flags & EDIT_MANUAL) != 0;
		l->v[x].flags &= BT_LINK_MOVED;
	}
	rc = bt_store_links_replace(c, pair_id, l->v, manual, l->n);
	bt_free(manual);
done:
	bt_links_dispose(&ordered);
	return rc;
}

int bt_links_edit(size_t *n_links, bt_corpus *c, const char *pair_id, const bt_link_edit *e)
{
	bt_links l = BT_LINKS_INIT, out = BT_LINKS_INIT;
	bt_store_hist h = BT_STORE_HIST_INIT;
	size_t ns = 0, nt = 0;
	int rc;

	if (!pair_id || !e)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "a link edit needs a pair and an edit");
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = read_links(c, pair_id, &l, &ns, &nt, e)) != 0)
		goto done;
	if (e->op != BT_LINK_PAIR && e->ordinal >= l.n) {
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "pair '%s' has %zu links: no link %zu", pair_id, l.n, e->ordinal);
		goto done;
	}
	if ((rc = bt_store_history_snap(c, pair_id, &h)) != 0 || (rc = apply(&l, e, ns, nt, &out)) != 0 ||
	    (rc = write_links(c, pair_id, &out, ns, nt)) != 0 || (rc = bt_store_history_record(c, &h, "links edit")) != 0)
		goto done;
	rc = bt_store_commit(c);
	if (!rc && n_links)
		*n_links = out.n;
done:
	if (rc)
		bt_store_rollback(c);
	bt_links_dispose(&l);
	bt_links_dispose(&out);
	bt_store_hist_dispose(&h);
	return rc;
}
