/* moves.c: blocks of text the translator moved, and the order of the
 * final links.
 *
 * The search keeps both texts in order, so a paragraph moved elsewhere in
 * the translation comes out as a block of source sentences left alone
 * (1-0) and, elsewhere, a block of target sentences left alone (0-1).
 * After the search every pair of such blocks that shares rare keys (a
 * number, a name, a rare word and its translation) is aligned on its own,
 * in the box the two blocks span; a pair whose alignment scores better
 * than leaving both blocks alone by at least move_gain becomes links. The
 * best pairs are taken first; what is left of a block may pair again, for
 * a few rounds. Then the links are put in order: the heaviest chain of
 * links that follows both texts stays in order, and the links off it are
 * marked BT_LINK_MOVED (bt_al_order_links). */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MOVE_MAX_DF 3     /* a key this rare on both sides points at a block */
#define MOVE_ROUNDS 4
#define MOVE_FULL_BOX 4096 /* boxes up to this many cells are searched whole */
#define MOVE_BAND 8
#define MOVE_NEAR 3        /* sentences apart that still count as here */
/* Blocks alike in size without rare keys in common are tried only with
 * the MOVE_BLIND_NEAR target blocks nearest to where the source block
 * stands, at most MOVE_BLIND_SPAN sentences away: a paragraph moved
 * within a document; and the matching stays linear in a text of a
 * million sentences (every pair of blocks is quadratic: 230 s of CPU at
 * 1M, against 40 for the rest) */
#define MOVE_BLIND_SPAN 2000
#define MOVE_BLIND_NEAR 16

typedef struct mrun {
	size_t first, n;
} mrun;

typedef struct mcand {
	size_t rs, rt; /* source run, target run */
	double keys;   /* rare keys shared, each 1/(df_s df_t) */
	double gain;
} mcand;

typedef struct mstate {
	const al_doc *d;
	const al_params *p;
	al_dpctx *c;
	bt_links *links;
	mrun *run[2];
	size_t nrun[2], cap[2];
	mcand *cand;
	size_t ncand, candcap;
	size_t *alone[2]; /* per sentence: is it alone (1-0 / 0-1)? */
	size_t *place;    /* per source sentence alone: the target position it stands at */
	/* per sentence: 1 + the index of the link break_weak took it from,
	 * or 0; and those links' bead scores, their sentences' alternative
	 * to a move */
	size_t *origin[2];
	const bt_links *weak;
	double *held;
	unsigned *seen; /* per weak link: last box that counted it */
	unsigned box;
} mstate;

static int push_run(mstate *st, int side, size_t first, size_t n)
{
	if (st->nrun[side] == st->cap[side]) {
		size_t cap = st->cap[side] ? st->cap[side] * 2 : 32;
		mrun *v = bt_realloc(st->run[side], cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		st->run[side] = v;
		st->cap[side] = cap;
	}
	st->run[side][st->nrun[side]++] = (mrun){first, n};
	return 0;
}

/* The runs of sentences alone on each side. */
static int alone_runs(mstate *st)
{
	size_t len[2] = {st->d->side[0].n, st->d->side[1].n};
	int rc;
	for (int s = 0; s < 2; s++) {
		memset(st->alone[s], 0, len[s] * sizeof *st->alone[s]);
		st->nrun[s] = 0;
	}
	for (size_t x = 0; x < st->links->n; x++) {
		const bt_link *l = &st->links->v[x];
		if (l->src_n && !l->tgt_n) {
			st->alone[0][l->src_first] = 1;
			st->place[l->src_first] = l->tgt_first;
		}
		if (l->tgt_n && !l->src_n)
			st->alone[1][l->tgt_first] = 1;
	}
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; i < len[s];) {
			size_t j = i;
			while (j < len[s] && st->alone[s][j])
				j++;
			if (j > i && (rc = push_run(st, s, i, j - i)) != 0)
				return rc;
			i = j > i ? j : i + 1;
		}
	return 0;
}

typedef struct keyrun {
	uint32_t key;
	uint32_t run;
} keyrun;

static int by_key(const void *a, const void *b)
{
	const keyrun *x = a, *y = b;
	return x->key != y->key ? (x->key < y->key ? -1 : 1) : (x->run > y->run) - (x->run < y->run);
}

static int push_cand(mstate *st, size_t rs, size_t rt, double keys)
{
	if (st->ncand == st->candcap) {
		size_t cap = st->candcap ? st->candcap * 2 : 64;
		mcand *v = bt_realloc(st->cand, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		st->cand = v;
		st->candcap = cap;
	}
	st->cand[st->ncand++] = (mcand){rs, rt, keys, 0};
	return 0;
}

static int is_rare(const al_doc *d, uint32_t key)
{
	return d->keys.df[0][key] <= MOVE_MAX_DF && d->keys.df[1][key] <= MOVE_MAX_DF && d->keys.arena.ptr[d->keys.off[key]] != 'P';
}

/* The rare keys of target runs, sorted by key. */
static int target_keys(keyrun **out, size_t *n, const mstate *st)
{
	const al_side *T = &st->d->side[1];
	keyrun *v = NULL;
	size_t k = 0, cap = 0;
	for (size_t r = 0; r < st->nrun[1]; r++)
		for (size_t t = st->run[1][r].first; t < st->run[1][r].first + st->run[1][r].n; t++)
			for (uint32_t q = 0; q < T->s[t].nkey; q++) {
				uint32_t key = T->skeys[T->s[t].key_off + q];
				if (!is_rare(st->d, key))
					continue;
				if (k == cap) {
					keyrun *nv;
					cap = cap ? cap * 2 : 256;
					if (!(nv = bt_realloc(v, cap * sizeof *nv))) {
						bt_free(v);
						return bt_fail_nomem();
					}
					v = nv;
				}
				v[k++] = (keyrun){key, (uint32_t)r};
			}
	if (k)
		qsort(v, k, sizeof *v, by_key);
	*out = v;
	*n = k;
	return 0;
}

/* Blocks of two sentences or more, the larger at most move_blind_ratio
 * times the smaller: tried even without rare keys in common (they must
 * then beat move_gain_blind); the box leaves what the other block lacks
 * alone. */
static int alike_blocks(const mrun *a, const mrun *b, double ratio)
{
	return a->n >= 2 && b->n >= 2 && (double)a->n <= ratio * (double)b->n && (double)b->n <= ratio * (double)a->n;
}

static size_t run_distance(const mrun *r, size_t p)
{
	return r->first > p ? r->first - p : r->first + r->n > p ? 0 : p - (r->first + r->n);
}

/* Blind pairs of source run r: the target runs alike in size nearest to
 * where it stands that share no rare key with it. */
static int blind_candidates(mstate *st, size_t r, const double *acc)
{
	const mrun *rs = &st->run[0][r], *T = st->run[1];
	size_t p = st->place[rs->first], lo = 0, hi = st->nrun[1], left, right, taken = 0;
	int rc = 0;
	while (lo < hi) { /* the first target run that ends after p */
		size_t mid = lo + (hi - lo) / 2;
		if (T[mid].first + T[mid].n <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* outwards from p, the nearer side first */
	left = lo, right = lo;
	while (taken < MOVE_BLIND_NEAR && !rc) {
		size_t dl = left > 0 ? run_distance(&T[left - 1], p) : SIZE_MAX;
		size_t dr = right < st->nrun[1] ? run_distance(&T[right], p) : SIZE_MAX;
		size_t t;
		if (dl == SIZE_MAX && dr == SIZE_MAX)
			break;
		t = dr <= dl ? right++ : --left;
		if ((dr <= dl ? dr : dl) > MOVE_BLIND_SPAN)
			break;
		if (acc[t] < st->p->move_min_keys && alike_blocks(rs, &T[t], st->p->move_blind_ratio)) {
			rc = push_cand(st, r, t, acc[t]);
			taken++;
		}
	}
	return rc;
}

/* Pairs of runs (source, target) that share rare keys, and, when blocks
 * alike in size may pair without them (no dictionary), those near. */
static int find_candidates(mstate *st)
{
	const al_side *S = &st->d->side[0];
	keyrun *kr = NULL;
	size_t nkr = 0, *hit = bt_malloc((st->nrun[1] + 1) * sizeof *hit), nhit = 0;
	double *acc = bt_calloc(st->nrun[1] + 1, sizeof *acc);
	int rc, blind = st->p->move_blind;
	st->ncand = 0;
	if (!acc || !hit) {
		bt_free(acc);
		bt_free(hit);
		return bt_fail_nomem();
	}
	if ((rc = target_keys(&kr, &nkr, st)) != 0)
		goto done;
	for (size_t r = 0; r < st->nrun[0] && !rc; r++) {
		/* only the target runs this one touched are reset: a memset
		 * of all per source run would be quadratic */
		for (size_t h = 0; h < nhit; h++)
			acc[hit[h]] = 0;
		nhit = 0;
		for (size_t s = st->run[0][r].first; s < st->run[0][r].first + st->run[0][r].n; s++)
			for (uint32_t q = 0; q < S->s[s].nkey; q++) {
				uint32_t key = S->skeys[S->s[s].key_off + q];
				size_t lo = 0, hi = nkr;
				if (!is_rare(st->d, key))
					continue;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (kr[mid].key < key)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < nkr && kr[lo].key == key; lo++) {
					if (acc[kr[lo].run] == 0)
						hit[nhit++] = kr[lo].run;
					acc[kr[lo].run] += 1.0 / (st->d->keys.df[0][key] * (double)st->d->keys.df[1][key]);
				}
			}
		for (size_t h = 0; h < nhit && !rc; h++)
			if (acc[hit[h]] >= st->p->move_min_keys)
				rc = push_cand(st, r, hit[h], acc[hit[h]]);
		if (!rc && blind)
			rc = blind_candidates(st, r, acc);
	}
done:
	bt_free(kr);
	bt_free(acc);
	bt_free(hit);
	return rc;
}

/* The cost of leaving k sentences of a side alone, as one block. */
static double alone_cost(const al_params *p, size_t k, int side)
{
	return k ? p->prior[side ? AL_B01 : AL_B10] + (double)(k - 1) * p->null_ext : 0;
}

/* What the box's sentences score without the move: sentences that were
 * alone stay alone; sentences taken from a link break_weak broke go back
 * to it. `whole` (a lone link): the box takes the whole link's score and
 * leaves its other sentences alone, as nothing else will pair them.
 * Otherwise the box takes the share of the link's score its sentences
 * are, so that two blocks that trade places (a swap: each takes half of
 * the links across the boundary) together weigh the links they undo.
 * Without this a confident link broken because its rare keys point
 * elsewhere was weighed against nothing, and any far sentences with a
 * few keys in common took its place. */
static double baseline(mstate *st, const mrun *rs, const mrun *rt, int whole)
{
	const mrun *r[2] = {rs, rt};
	size_t lone[2] = {0, 0}, left[2] = {0, 0};
	double v = 0;
	st->box++;
	for (int s = 0; s < 2; s++)
		for (size_t i = r[s]->first; i < r[s]->first + r[s]->n; i++) {
			size_t o = st->origin[s][i], out = 0;
			if (!o) {
				lone[s]++;
				continue;
			}
			if (st->seen[o - 1] == st->box)
				continue;
			st->seen[o - 1] = st->box;
			const bt_link *k = &st->weak->v[o - 1];
			size_t first[2] = {k->src_first, k->tgt_first}, n[2] = {k->src_n, k->tgt_n};
			for (int q = 0; q < 2; q++)
				for (size_t j = first[q]; j < first[q] + n[q]; j++)
					if (j < r[q]->first || j >= r[q]->first + r[q]->n) {
						left[q]++;
						out++;
					}
			v += whole ? st->held[o - 1]
				   : st->held[o - 1] * (double)(k->src_n + k->tgt_n - out) / (double)(k->src_n + k->tgt_n);
		}
	v += alone_cost(st->p, lone[0], 0) + alone_cost(st->p, lone[1], 1);
	/* the parts of broken links outside the box are left alone by it */
	if (whole)
		v -= alone_cost(st->p, left[0], 0) + alone_cost(st->p, left[1], 1);
	return v;
}

/* Aligns the box of source run rs and target run rt; *gain is its score
 * against leaving both alone. */
static int box_align(al_path *bp, double *gain, mstate *st, const mrun *rs, const mrun *rt, int posteriors)
{
	al_band b;
	size_t n = rs->n, m = rt->n, w = n * m <= MOVE_FULL_BOX ? (n > m ? n : m) : MOVE_BAND + (n > m ? n - m : m - n);
	double *centre = bt_malloc((n + 1) * sizeof *centre);
	int rc;
	memset(&b, 0, sizeof b);
	if (!centre)
		return bt_fail_nomem();
	for (size_t i = 0; i <= n; i++)
		centre[i] = (double)i * (double)m / (double)n;
	rc = bt_al_band_from_centre(&b, n, m, centre, w);
	if (!rc)
		rc = bt_al_dp_box(bp, st->c, st->p, &b, rs->first, rt->first, posteriors);
	if (!rc)
		*gain = bp->score - alone_cost(st->p, n, 0) - alone_cost(st->p, m, 1);
	bt_al_band_dispose(&b);
	bt_free(centre);
	return rc;
}

/* The links with both sides the box made. */
static size_t box_links(const al_path *bp)
{
	size_t n = 0;
	for (size_t x = 0; x < bp->links.n; x++)
		n += bp->links.v[x].src_n && bp->links.v[x].tgt_n;
	return n;
}

static int by_gain(const void *a, const void *b)
{
	const mcand *x = a, *y = b;
	return x->gain > y->gain ? -1 : x->gain < y->gain;
}

/* A broken link a box took from: what the box left of it stays alone. */
static void spend(mstate *st, size_t o)
{
	if (!o)
		return;
	const bt_link *k = &st->weak->v[o - 1];
	for (size_t i = 0; i < k->src_n; i++)
		st->origin[0][k->src_first + i] = 0;
	for (size_t j = 0; j < k->tgt_n; j++)
		st->origin[1][k->tgt_first + j] = 0;
}

/* Replaces the 1-0 and 0-1 links of the sentences the box links with
 * those links. */
static int apply_box(mstate *st, const al_path *bp)
{
	bt_links *l = st->links;
	size_t w = 0;
	int rc;
	for (size_t x = 0; x < bp->links.n; x++) {
		const bt_link *k = &bp->links.v[x];
		if (!k->src_n || !k->tgt_n)
			continue;
		for (size_t i = 0; i < k->src_n; i++) {
			st->alone[0][k->src_first + i] = 2;
			spend(st, st->origin[0][k->src_first + i]);
		}
		for (size_t j = 0; j < k->tgt_n; j++) {
			st->alone[1][k->tgt_first + j] = 2;
			spend(st, st->origin[1][k->tgt_first + j]);
		}
	}
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		if ((k->src_n && !k->tgt_n && st->alone[0][k->src_first] == 2) ||
		    (k->tgt_n && !k->src_n && st->alone[1][k->tgt_first] == 2))
			continue;
		l->v[w++] = *k;
	}
	l->n = w;
	for (size_t x = 0; x < bp->links.n; x++)
		if (bp->links.v[x].src_n && bp->links.v[x].tgt_n && (rc = bt_links_push(l, &bp->links.v[x])) != 0)
			return rc;
	return 0;
}

/* ---- growing a block linked into the unsure links beside it ----
 *
 * Two blocks that traded places (a swap) come out of the search as a
 * block of each side left alone at one place and, at the other, the
 * block the search paired wrongly with its neighbours' translations,
 * in links it was unsure of. Once the block alone is linked to sentences
 * there, the unsure links beside them are what stands between it and
 * the rest of its translation: it grows over them, one link at a time,
 * while that beats keeping the link (and leaving its other side alone,
 * free to pair in the next round). */
#define MOVE_GROW_MAX 8 /* sentences a side a block grows by */

/* The link with both sides that holds sentence q of `side`, or -1. */
static long link_holding(const bt_links *l, int side, size_t q)
{
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		size_t f = side ? k->tgt_first : k->src_first, n = side ? k->tgt_n : k->src_n;
		if (k->src_n && k->tgt_n && q >= f && q < f + n)
			return (long)x;
	}
	return -1;
}

/* Do sentences [f, f+n) meet the run? */
static int meets(size_t f, size_t n, const mrun *r)
{
	return n && f < r->first + r->n && f + n > r->first;
}

/* Drops the links with a sentence in r[0] (source) or r[1] (target). */
static void drop_touching(bt_links *l, const mrun r[2])
{
	size_t w = 0;
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		if (!meets(k->src_first, k->src_n, &r[0]) && !meets(k->tgt_first, k->tgt_n, &r[1]))
			l->v[w++] = *k;
	}
	l->n = w;
}

/* One step of growth of the box cur (scored *score) on `side`, before it
 * (dir 0) or after: over the link beside it, when that link is unsure,
 * its other side outside the box, and the box aligned over it beats
 * keeping it. 1 when the box grew (cur, *score and *grown updated), 0
 * when it stops there, or an error. */
static int grow_step(mstate *st, al_path *g, mrun cur[2], int side, int dir, double *score, size_t *grown)
{
	size_t len = st->d->side[side].n, f, n, of, on;
	mrun nx[2] = {cur[0], cur[1]};
	double gain, keep;
	bt_link k;
	long x;
	int rc;
	if (dir == 0 ? cur[side].first == 0 : cur[side].first + cur[side].n >= len)
		return 0;
	x = link_holding(st->links, side, dir == 0 ? cur[side].first - 1 : cur[side].first + cur[side].n);
	if (x < 0)
		return 0;
	k = st->links->v[x];
	f = side ? k.tgt_first : k.src_first, n = side ? k.tgt_n : k.src_n;
	of = side ? k.src_first : k.tgt_first, on = side ? k.src_n : k.tgt_n;
	if (k.score >= st->p->move_grow || *grown + n > MOVE_GROW_MAX || meets(of, on, &cur[1 - side]))
		return 0;
	if (dir == 0) {
		nx[side].n += nx[side].first - f;
		nx[side].first = f;
	} else {
		nx[side].n = f + n - nx[side].first;
	}
	if ((rc = box_align(g, &gain, st, &nx[0], &nx[1], 1)) != 0)
		return rc;
	keep = *score + bt_al_bead_score(st->d, st->p, k.src_first, (int)k.src_n, k.tgt_first, (int)k.tgt_n, NULL, NULL);
	if (g->score + alone_cost(st->p, on, 1 - side) - keep < st->p->move_grow_beat)
		return 0;
	/* grown: the box's links and the link go, the link's other side is
	 * left alone */
	drop_touching(st->links, nx);
	for (size_t i = 0; i < on; i++)
		if ((rc = bt_links_push(st->links, side ? &(bt_link){of + i, 1, k.tgt_first, 0, k.score, 0}
							: &(bt_link){k.src_first, 0, of + i, 1, k.score, 0})) != 0)
			return rc;
	for (size_t y = 0; y < g->links.n; y++)
		if ((rc = bt_links_push(st->links, &g->links.v[y])) != 0)
			return rc;
	cur[0] = nx[0], cur[1] = nx[1];
	*score = g->score;
	*grown += n;
	return 1;
}

/* The box just linked grows on the target side, then on the source side,
 * before and after, as long as it can. */
static int grow_box(mstate *st, const al_path *bp, const mrun *rs, const mrun *rt)
{
	al_path g = {BT_LINKS_INIT, NULL, 0, 0, 0, NULL, 0, 0};
	mrun cur[2] = {*rs, *rt};
	double score = bp->score;
	int rc = 0;
	for (int side = 1; side >= 0 && rc >= 0; side--) {
		size_t grown = 0;
		for (int dir = 0; dir < 2 && rc >= 0; dir++)
			while ((rc = grow_step(st, &g, cur, side, dir, &score, &grown)) == 1)
				;
	}
	bt_al_path_dispose(&g);
	return rc > 0 ? 0 : rc;
}

/* One round: every candidate's gain, then the best that do not share a
 * run. Returns how many boxes became links in *taken. */
static int round_of_moves(mstate *st, al_path *bp, size_t *taken)
{
	unsigned char *used[2];
	int rc = 0;
	*taken = 0;
	for (size_t x = 0; x < st->ncand && !rc; x++)
		rc = box_align(bp, &st->cand[x].gain, st, &st->run[0][st->cand[x].rs], &st->run[1][st->cand[x].rt], 0);
	if (rc || !st->ncand)
		return rc;
	qsort(st->cand, st->ncand, sizeof *st->cand, by_gain);
	used[0] = bt_calloc(st->nrun[0], 1);
	used[1] = bt_calloc(st->nrun[1], 1);
	if (!used[0] || !used[1]) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t x = 0; x < st->ncand && !rc; x++) {
		const mcand *c = &st->cand[x];
		double gain;
		if (c->gain < st->p->move_gain)
			break;
		if (used[0][c->rs] || used[1][c->rt])
			continue;
		if ((rc = box_align(bp, &gain, st, &st->run[0][c->rs], &st->run[1][c->rt], 1)) != 0)
			break;
		/* one lone link found far away is as often chance as a move, and
		 * must beat the links its sentences came from; two blocks that
		 * share no rare key need more */
		if ((box_links(bp) < 2 &&
		     bp->score - baseline(st, &st->run[0][c->rs], &st->run[1][c->rt], 1) < st->p->move_gain1) ||
		    (box_links(bp) >= 2 &&
		     bp->score - baseline(st, &st->run[0][c->rs], &st->run[1][c->rt], 0) < st->p->move_beat) ||
		    (c->keys < st->p->move_min_keys && gain < st->p->move_gain_blind))
			continue;
		used[0][c->rs] = used[1][c->rt] = 1;
		if ((rc = apply_box(st, bp)) == 0 && st->p->move_grow > 0)
			rc = grow_box(st, bp, &st->run[0][c->rs], &st->run[1][c->rt]);
		if (!rc)
			(*taken)++;
	}
done:
	bt_free(used[0]);
	bt_free(used[1]);
	return rc;
}

/* Where the rare keys are: for each key, up to MOVE_MAX_DF sentences of
 * each side (+1, 0 for none). */
static int rare_places(uint32_t **out, const al_doc *d)
{
	size_t nk = d->keys.n;
	uint32_t *pl = bt_calloc(nk * 2 * MOVE_MAX_DF + 1, sizeof *pl);
	*out = pl;
	if (!pl)
		return bt_fail_nomem();
	for (int s = 0; s < 2; s++) {
		const al_side *sd = &d->side[s];
		for (size_t i = 0; i < sd->n; i++)
			for (uint32_t q = 0; q < sd->s[i].nkey; q++) {
				uint32_t key = sd->skeys[sd->s[i].key_off + q], *v = pl + (key * 2 + (size_t)s) * MOVE_MAX_DF;
				if (!is_rare(d, key))
					continue;
				for (int r = 0; r < MOVE_MAX_DF; r++)
					if (!v[r] || v[r] == i + 1) {
						v[r] = (uint32_t)i + 1;
						break;
					}
			}
	}
	return 0;
}

/* Is link k contested: do its sentences share more rare keys with
 * sentences of the other side far from it than with each other? */
static int contested(const al_doc *d, const uint32_t *pl, const bt_link *k)
{
	size_t first[2] = {k->src_first, k->tgt_first}, n[2] = {k->src_n, k->tgt_n}, own = 0, far = 0;
	for (int s = 0; s < 2; s++) {
		const al_side *sd = &d->side[s];
		for (size_t i = first[s]; i < first[s] + n[s]; i++)
			for (uint32_t q = 0; q < sd->s[i].nkey; q++) {
				uint32_t key = sd->skeys[sd->s[i].key_off + q];
				const uint32_t *v = pl + (key * 2 + (size_t)(1 - s)) * MOVE_MAX_DF;
				int in = 0, out = 0;
				if (!is_rare(d, key))
					continue;
				for (int r = 0; r < MOVE_MAX_DF && v[r]; r++) {
					size_t j = v[r] - 1, o = first[1 - s], on = n[1 - s];
					if (j >= o && j < o + on)
						in = 1;
					else if (j + MOVE_NEAR < o || j >= o + on + MOVE_NEAR)
						out = 1;
				}
				own += in;
				far += !in && out;
			}
	}
	return far >= 2 && far > own;
}

/* Links with both sides the search was unsure of (score below
 * move_weak), or whose rare keys point elsewhere, are offered to the
 * block matching: taken apart into sentences alone, and kept in `weak`
 * to be put back. */
static int break_weak(bt_links *links, bt_links *weak, const al_doc *d, const al_params *p)
{
	size_t w = 0, n = links->n;
	uint32_t *pl = NULL;
	int rc;
	if ((rc = rare_places(&pl, d)) != 0)
		return rc;
	for (size_t x = 0; x < n; x++) {
		bt_link k = links->v[x];
		if (!k.src_n || !k.tgt_n || (k.score >= p->move_weak && !contested(d, pl, &k))) {
			links->v[w++] = k;
			continue;
		}
		if ((rc = bt_links_push(weak, &k)) != 0) {
			bt_free(pl);
			return rc;
		}
	}
	bt_free(pl);
	links->n = w;
	for (size_t x = 0; x < weak->n; x++) {
		const bt_link k = weak->v[x];
		for (size_t i = 0; i < k.src_n; i++)
			if ((rc = bt_links_push(links, &(bt_link){k.src_first + i, 1, k.tgt_first, 0, k.score, 0})) != 0)
				return rc;
		for (size_t j = 0; j < k.tgt_n; j++)
			if ((rc = bt_links_push(links, &(bt_link){k.src_first, 0, k.tgt_first + j, 1, k.score, 0})) != 0)
				return rc;
	}
	return 0;
}

/* Where each sentence of a broken link came from, and what the link
 * scored as a bead. A link the search was unsure of counts as what it
 * scored too, not as nothing: else a block left alone by a deletion
 * paired with a far block of unsure links as readily as with its own
 * (Text+Berg test, target deletions, no dictionary, seed 2: 0.794 of the
 * orphans left alone; with this 0.905). */
static int hold_weak(mstate *st, const bt_links *weak)
{
	const al_doc *d = st->d;
	st->weak = weak;
	if (!(st->origin[0] = bt_calloc(d->side[0].n + 1, sizeof *st->origin[0])) ||
	    !(st->origin[1] = bt_calloc(d->side[1].n + 1, sizeof *st->origin[1])) ||
	    !(st->held = bt_malloc((weak->n + 1) * sizeof *st->held)) ||
	    !(st->seen = bt_calloc(weak->n + 1, sizeof *st->seen)))
		return bt_fail_nomem();
	for (size_t x = 0; x < weak->n; x++) {
		const bt_link *k = &weak->v[x];
		st->held[x] = bt_al_bead_score(d, st->p, k->src_first, (int)k->src_n, k->tgt_first, (int)k->tgt_n, NULL, NULL);
		for (size_t i = 0; i < k->src_n; i++)
			st->origin[0][k->src_first + i] = x + 1;
		for (size_t j = 0; j < k->tgt_n; j++)
			st->origin[1][k->tgt_first + j] = x + 1;
	}
	return 0;
}

/* A weak link whose sentences no block claimed is put back. */
static int restore_weak(mstate *st, const bt_links *weak)
{
	bt_links *l = st->links;
	size_t w = 0;
	int rc;
	alone_runs(st); /* st->alone: 1 where a sentence is still alone */
	for (size_t x = 0; x < weak->n; x++) {
		const bt_link *k = &weak->v[x];
		int all = 1;
		for (size_t i = 0; i < k->src_n; i++)
			all &= st->alone[0][k->src_first + i] == 1;
		for (size_t j = 0; j < k->tgt_n; j++)
			all &= st->alone[1][k->tgt_first + j] == 1;
		if (!all)
			continue;
		for (size_t i = 0; i < k->src_n; i++)
			st->alone[0][k->src_first + i] = 3;
		for (size_t j = 0; j < k->tgt_n; j++)
			st->alone[1][k->tgt_first + j] = 3;
		if ((rc = bt_links_push(l, k)) != 0)
			return rc;
	}
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		if ((k->src_n && !k->tgt_n && st->alone[0][k->src_first] == 3) ||
		    (k->tgt_n && !k->src_n && st->alone[1][k->tgt_first] == 3))
			continue;
		l->v[w++] = *k;
	}
	l->n = w;
	return 0;
}

int bt_al_moves(bt_links *links, const al_doc *d, const al_params *p, al_move_stats *stats)
{
	bt_links weak = BT_LINKS_INIT;
	mstate st;
	al_path bp = {BT_LINKS_INIT, NULL, 0, 0, 0, NULL, 0, 0};
	int rc;
	memset(&st, 0, sizeof st);
	st.d = d;
	st.p = p;
	st.links = links;
	if (!(st.alone[0] = bt_malloc((d->side[0].n + 1) * sizeof *st.alone[0])) ||
	    !(st.alone[1] = bt_malloc((d->side[1].n + 1) * sizeof *st.alone[1])) ||
	    !(st.place = bt_calloc(d->side[0].n + 1, sizeof *st.place))) {
		rc = bt_fail_nomem();
		goto done;
	}
	if ((rc = bt_al_dpctx_new(&st.c, d, NULL)) != 0 || (rc = break_weak(links, &weak, d, p)) != 0 ||
	    (rc = hold_weak(&st, &weak)) != 0)
		goto done;
	for (int r = 0; r < MOVE_ROUNDS; r++) {
		size_t taken = 0;
		if ((rc = alone_runs(&st)) != 0 || (rc = find_candidates(&st)) != 0)
			break;
		if (stats && r == 0)
			stats->runs[0] = st.nrun[0], stats->runs[1] = st.nrun[1];
		if (stats)
			stats->tried += st.ncand;
		if ((rc = round_of_moves(&st, &bp, &taken)) != 0 || !taken)
			break;
		if (stats)
			stats->linked += taken;
	}
	if (!rc)
		rc = restore_weak(&st, &weak);
done:
	bt_links_dispose(&weak);
	bt_al_path_dispose(&bp);
	bt_al_dpctx_free(st.c);
	bt_free(st.alone[0]);
	bt_free(st.alone[1]);
	bt_free(st.place);
	bt_free(st.origin[0]);
	bt_free(st.origin[1]);
	bt_free(st.held);
	bt_free(st.seen);
	bt_free(st.run[0]);
	bt_free(st.run[1]);
	bt_free(st.cand);
	return rc;
}

/* ---- the order of the links ---- */

/* A Fenwick tree of prefix maxima over target positions: the heaviest
 * chain so far ending at or before a position, and its last link. */
typedef struct fenwick {
	double *w;
	size_t *arg;
	size_t n;
} fenwick;

static void fw_update(fenwick *f, size_t pos, double w, size_t arg)
{
	for (size_t i = pos + 1; i <= f->n; i += i & (~i + 1))
		if (w > f->w[i]) {
			f->w[i] = w;
			f->arg[i] = arg;
		}
}

static double fw_query(const fenwick *f, size_t pos, size_t *arg)
{
	double best = 0;
	*arg = SIZE_MAX;
	for (size_t i = pos + 1; i > 0; i -= i & (~i + 1))
		if (f->w[i] > best) {
			best = f->w[i];
			*arg = f->arg[i];
		}
	return best;
}

static int by_src(const void *a, const void *b)
{
	const bt_link *x = a, *y = b;
	if (x->src_first != y->src_first)
		return x->src_first < y->src_first ? -1 : 1;
	return (x->tgt_first > y->tgt_first) - (x->tgt_first < y->tgt_first);
}

/* Marks BT_LINK_MOVED on the links with both sides that are off the
 * heaviest chain (by sentences) that follows both texts. The links are
 * sorted by source first. */
static int mark_moved(bt_links *l, size_t m)
{
	fenwick f = {bt_calloc(m + 2, sizeof(double)), bt_malloc((m + 2) * sizeof(size_t)), m + 1};
	size_t *prev = bt_malloc((l->n ? l->n : 1) * sizeof *prev), best_end = SIZE_MAX;
	double *chain = bt_malloc((l->n ? l->n : 1) * sizeof *chain), best = 0;
	if (!f.w || !f.arg || !prev || !chain) {
		bt_free(f.w);
		bt_free(f.arg);
		bt_free(prev);
		bt_free(chain);
		return bt_fail_nomem();
	}
	for (size_t x = 0; x < l->n; x++) {
		bt_link *k = &l->v[x];
		k->flags |= BT_LINK_MOVED;
		if (!k->src_n || !k->tgt_n)
			continue;
		chain[x] = fw_query(&f, k->tgt_first, &prev[x]) + (double)(k->src_n + k->tgt_n);
		fw_update(&f, k->tgt_first + k->tgt_n, chain[x], x);
		if (chain[x] > best) {
			best = chain[x];
			best_end = x;
		}
	}
	for (size_t x = 0; x < l->n; x++)
		if (!l->v[x].src_n || !l->v[x].tgt_n)
			l->v[x].flags &= ~(unsigned)BT_LINK_MOVED;
	for (size_t x = best_end; x != SIZE_MAX; x = prev[x])
		l->v[x].flags &= ~(unsigned)BT_LINK_MOVED;
	bt_free(f.w);
	bt_free(f.arg);
	bt_free(prev);
	bt_free(chain);
	return 0;
}

static int by_tgt(const void *a, const void *b)
{
	const bt_link *x = a, *y = b;
	return (x->tgt_first > y->tgt_first) - (x->tgt_first < y->tgt_first);
}

int bt_al_order_links(bt_links *l, size_t n, size_t m)
{
	bt_link *ins = NULL, *out = NULL;
	size_t nins = 0, nout = 0, src = 0, tgt = 0, k = 0;
	int rc;
	(void)n;
	for (size_t x = 0; x < l->n; x++)
		l->v[x].flags &= ~(unsigned)BT_LINK_MOVED;
	/* 0-1 links apart, the others in source order */
	if (!(ins = bt_malloc((l->n ? l->n : 1) * sizeof *ins)) || !(out = bt_malloc((l->n ? l->n : 1) * sizeof *out))) {
		bt_free(ins);
		return bt_fail_nomem();
	}
	for (size_t x = 0; x < l->n; x++) {
		if (!l->v[x].src_n)
			ins[nins++] = l->v[x];
		else
			l->v[k++] = l->v[x];
	}
	l->n = k;
	k = 0;
	qsort(l->v, l->n, sizeof *l->v, by_src);
	qsort(ins, nins, sizeof *ins, by_tgt);
	if ((rc = mark_moved(l, m)) != 0)
		goto done;
	/* a 0-1 link goes before the first link in order whose target side
	 * comes after it; where each link without a side stands is set anew */
	for (size_t x = 0; x < l->n; x++) {
		bt_link v = l->v[x];
		if (!(v.flags & BT_LINK_MOVED))
			for (; k < nins && (!v.tgt_n ? 0 : ins[k].tgt_first < v.tgt_first); k++) {
				ins[k].src_first = src;
				out[nout++] = ins[k];
				tgt = ins[k].tgt_first + 1;
			}
		if (!v.tgt_n)
			v.tgt_first = tgt;
		else if (!(v.flags & BT_LINK_MOVED))
			tgt = v.tgt_first + v.tgt_n;
		src = v.src_first + v.src_n;
		out[nout++] = v;
	}
	for (; k < nins; k++) {
		ins[k].src_first = src;
		out[nout++] = ins[k];
	}
	memcpy(l->v, out, nout * sizeof *out);
	l->n = nout;
done:
	bt_free(ins);
	bt_free(out);
	return rc;
}

int bt_links_order(bt_links *l, size_t n_src, size_t n_tgt)
{
	return bt_al_order_links(l, n_src, n_tgt);
}

/* Source side: the links follow each other. Target side: the links not
 * moved follow each other over the sentences the moved ones leave, which
 * are marked first. Where a link without sentences on a side stands is
 * not checked: older writers of links set it in more than one way, and
 * it is set anew whenever links are written after an edit. */
int bt_links_check(const char **why, size_t *at, const bt_links *l, size_t n_src, size_t n_tgt)
{
	unsigned char *moved = bt_calloc(n_tgt + 1, 1);
	size_t src = 0, tgt = 0;
	*why = NULL;
	*at = 0;
	if (!moved)
		return bt_fail_nomem();
	for (size_t x = 0; x < l->n && !*why; x++) {
		const bt_link *k = &l->v[x];
		*at = x;
		if (k->src_n + k->tgt_n == 0)
			*why = "a link without sentences";
		else if (k->src_first > n_src || k->src_n > n_src - k->src_first || k->tgt_first > n_tgt ||
			 k->tgt_n > n_tgt - k->tgt_first)
			*why = "a link beyond the end of the text";
		else if ((k->flags & BT_LINK_MOVED) && (!k->src_n || !k->tgt_n))
			*why = "a moved link without sentences on one side";
		else if (k->flags & BT_LINK_MOVED)
			for (size_t t = k->tgt_first; t < k->tgt_first + k->tgt_n && !*why; t++)
				if (moved[t]++)
					*why = "a target sentence in two links";
	}
	for (size_t x = 0; x < l->n && !*why; x++) {
		const bt_link *k = &l->v[x];
		*at = x;
		if (k->src_n && k->src_first != src) {
			*why = "links out of source order";
			break;
		}
		src += k->src_n;
		if ((k->flags & BT_LINK_MOVED) || !k->tgt_n)
			continue;
		while (tgt < n_tgt && moved[tgt])
			tgt++;
		if (k->tgt_first != tgt) {
			*why = "links out of target order";
			break;
		}
		for (; tgt < k->tgt_first + k->tgt_n; tgt++)
			if (moved[tgt]) {
				*why = "a target sentence in two links";
				break;
			}
	}
	while (!*why && tgt < n_tgt && moved[tgt])
		tgt++;
	if (!*why && (src != n_src || tgt != n_tgt)) {
		*why = src != n_src ? "source sentences in no link" : "target sentences in no link";
		*at = l->n;
	}
	bt_free(moved);
	return 0;
}
