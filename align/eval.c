/* eval.c: links in Vecalign's text format, and the strict/lax scores of
 * the Text+Berg and Vecalign evaluations. */
#include "align.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

/* ---- the format ---- */

static int put_range(bt_buf *out, size_t first, size_t n)
{
	int rc = bt_buf_put(out, "[", 1);
	for (size_t i = 0; i < n && !rc; i++)
		rc = bt_buf_printf(out, i ? ", %zu" : "%zu", first + i);
	return rc ? rc : bt_buf_put(out, "]", 1);
}

int bt_links_write_vecalign(bt_buf *out, const bt_links *l)
{
	int rc = 0;
	for (size_t x = 0; x < l->n && !rc; x++) {
		const bt_link *k = &l->v[x];
		if ((rc = put_range(out, k->src_first, k->src_n)) == 0 && (rc = bt_buf_put(out, ":", 1)) == 0 &&
		    (rc = put_range(out, k->tgt_first, k->tgt_n)) == 0)
			rc = bt_buf_put(out, "\n", 1);
	}
	return rc;
}

static void skip_space(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r'))
		(*p)++;
}

/* Reads "[i, j, ...]", handing each index to `each` (which may refuse it
 * with an error); one reader for both the consecutive form of stored links
 * and the free lists of gold files. */
typedef int (*index_fn)(void *ud, size_t v, const char *name, long line, long long at);

static int read_bracketed(const char **pp, const char *end, index_fn each, void *ud, const char *name, long line,
			  const char *text)
{
	const char *p = *pp;
	int rc;
	skip_space(&p, end);
	if (p >= end || *p != '[')
		return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "expected '[' (a link is [i, ...]:[k, ...])");
	p++;
	skip_space(&p, end);
	while (p < end && *p != ']') {
		size_t v = 0;
		int digits = 0;
		while (p < end && *p >= '0' && *p <= '9') {
			if (v > (SIZE_MAX - 9) / 10)
				return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "index too large");
			v = v * 10 + (size_t)(*p++ - '0');
			digits++;
		}
		if (!digits)
			return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "expected a sentence index");
		if ((rc = each(ud, v, name, line, (long long)(p - text))) != 0)
			return rc;
		skip_space(&p, end);
		if (p < end && *p == ',') {
			p++;
			skip_space(&p, end);
			if (p < end && *p == ']')
				return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "expected a sentence index");
		} else if (p < end && *p != ']') {
			return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "expected ',' or ']'");
		}
	}
	if (p >= end)
		return bt_fail(BT_EINPUT, name, line, (long long)(p - text), "expected ']'");
	*pp = p + 1;
	return 0;
}

typedef struct range_acc {
	size_t first, n;
} range_acc;

static int range_index(void *ud, size_t v, const char *name, long line, long long at)
{
	range_acc *r = ud;
	if (r->n == 0)
		r->first = v;
	else if (v != r->first + r->n)
		return bt_fail(BT_EINPUT, name, line, at, "the indexes of one side of a link must be consecutive");
	r->n++;
	return 0;
}

/* Reads "[i, j, ...]" of consecutive indexes into first/n. */
static int read_range(const char **pp, const char *end, size_t *first, size_t *n, const char *name, long line,
		      const char *text)
{
	range_acc r = {0, 0};
	int rc = read_bracketed(pp, end, range_index, &r, name, line, text);
	if (rc)
		return rc;
	*first = r.first;
	*n = r.n;
	return 0;
}

int bt_links_read_vecalign(bt_links *out, const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	size_t next_s = 0, next_t = 0;
	long line = 0;
	int rc;
	out->n = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
		bt_link k = {0, 0, 0, 0, 1.0, 0};
		if (!eol)
			eol = end;
		line++;
		skip_space(&q, eol);
		if (q == eol) {
			p = eol + 1;
			continue;
		}
		if ((rc = read_range(&q, eol, &k.src_first, &k.src_n, name, line, text)) != 0)
			return rc;
		skip_space(&q, eol);
		if (q >= eol || *q != ':')
			return bt_fail(BT_EINPUT, name, line, (long long)(q - text), "expected ':' between the two sides");
		q++;
		if ((rc = read_range(&q, eol, &k.tgt_first, &k.tgt_n, name, line, text)) != 0)
			return rc;
		skip_space(&q, eol);
		if (q != eol)
			return bt_fail(BT_EINPUT, name, line, (long long)(q - text), "unexpected text after the link");
		/* an empty side stands where the text has got to */
		if (!k.src_n)
			k.src_first = next_s;
		if (!k.tgt_n)
			k.tgt_first = next_t;
		next_s = k.src_n ? k.src_first + k.src_n : next_s;
		next_t = k.tgt_n ? k.tgt_first + k.tgt_n : next_t;
		if (k.src_n || k.tgt_n)
			if ((rc = bt_links_push(out, &k)) != 0)
				return rc;
		p = eol + 1;
	}
	return 0;
}

/* ---- the scores ---- */

/* A link as the metric sees it: two index lists, in the order written
 * (Vecalign compares tuples). While parsing, s and t are offsets in the
 * ids array; once it stops moving, sp and tp point into it. */
typedef struct lk {
	size_t s, sn, t, tn;
	const size_t *sp, *tp;
} lk;

typedef struct lks {
	lk *v;
	size_t n, cap;
	size_t *ids;
	size_t nids, idcap;
} lks;

static void lks_dispose(lks *l)
{
	bt_free(l->v);
	bt_free(l->ids);
	memset(l, 0, sizeof *l);
}

static int push_id(lks *l, size_t id)
{
	if (l->nids == l->idcap) {
		size_t cap = l->idcap ? l->idcap * 2 : 256;
		size_t *v = bt_realloc(l->ids, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		l->ids = v;
		l->idcap = cap;
	}
	l->ids[l->nids++] = id;
	return 0;
}

typedef struct list_acc {
	lks *l;
	size_t n;
} list_acc;

static int list_index(void *ud, size_t v, const char *name, long line, long long at)
{
	list_acc *a = ud;
	int rc;
	(void)name, (void)line, (void)at;
	if ((rc = push_id(a->l, v)) != 0)
		return rc;
	a->n++;
	return 0;
}

static int read_list(lks *l, const char **pp, const char *end, size_t *n, const char *name, long line,
		     const char *text)
{
	list_acc a = {l, 0};
	int rc = read_bracketed(pp, end, list_index, &a, name, line, text);
	*n = a.n;
	return rc;
}

static int parse_lks(lks *l, const char *text, size_t len, const char *name)
{
	const char *p = text, *end = text + len;
	long line = 0;
	int rc;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
		lk k = {0, 0, 0, 0, NULL, NULL};
		if (!eol)
			eol = end;
		line++;
		skip_space(&q, eol);
		if (q == eol) {
			p = eol + 1;
			continue;
		}
		k.s = l->nids;
		if ((rc = read_list(l, &q, eol, &k.sn, name, line, text)) != 0)
			return rc;
		skip_space(&q, eol);
		if (q >= eol || *q != ':')
			return bt_fail(BT_EINPUT, name, line, (long long)(q - text), "expected ':' between the two sides");
		q++;
		k.t = l->nids;
		if ((rc = read_list(l, &q, eol, &k.tn, name, line, text)) != 0)
			return rc;
		skip_space(&q, eol);
		if (q != eol)
			return bt_fail(BT_EINPUT, name, line, (long long)(q - text), "unexpected text after the link");
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 256;
			lk *v = bt_realloc(l->v, cap * sizeof *v);
			if (!v)
				return bt_fail_nomem();
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = k;
		p = eol + 1;
	}
	return 0;
}

static int cmp_list(const size_t *a, size_t an, const size_t *b, size_t bn)
{
	if (an != bn)
		return an < bn ? -1 : 1;
	for (size_t i = 0; i < an; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int lk_cmp(const void *a, const void *b)
{
	const lk *x = a, *y = b;
	int c = cmp_list(x->sp, x->sn, y->sp, y->sn);
	return c ? c : cmp_list(x->tp, x->tn, y->tp, y->tn);
}

/* Distinct links (sorted), optionally only those with both sides. */
static int collect(lk **out, size_t *n, const lks *l, int both_sides)
{
	size_t u = 0;
	lk *v = bt_malloc((l->n ? l->n : 1) * sizeof *v);
	if (!v)
		return bt_fail_nomem();
	for (size_t x = 0; x < l->n; x++) {
		const lk *k = &l->v[x];
		if (both_sides ? (k->sn && k->tn) : (k->sn || k->tn)) {
			v[u] = *k;
			v[u].sp = l->ids + k->s;
			v[u].tp = l->ids + k->t;
			u++;
		}
	}
	qsort(v, u, sizeof *v, lk_cmp);
	*n = 0;
	for (size_t x = 0; x < u; x++)
		if (*n == 0 || lk_cmp(&v[*n - 1], &v[x]) != 0)
			v[(*n)++] = v[x];
	*out = v;
	return 0;
}

static int find(const lk *gold, size_t ng, const lk *t)
{
	size_t lo = 0, hi = ng;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = lk_cmp(&gold[mid], t);
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* Vecalign's _precision(gold, test): counts test links that equal a gold
 * link (strict) or share a source and a target sentence with one (lax). */
static int precision(const lk *gold, size_t ng, const lk *test, size_t nt, long long *strict, long long *lax)
{
	size_t maxs = 0, *off = NULL, *idx = NULL, *fill = NULL;
	int rc = 0;
	*strict = *lax = 0;
	for (size_t g = 0; g < ng; g++)
		for (size_t s = 0; s < gold[g].sn; s++)
			if (gold[g].sp[s] + 1 > maxs)
				maxs = gold[g].sp[s] + 1;
	/* source sentence -> gold links holding it */
	if (!(off = bt_calloc(maxs + 2, sizeof *off)) || !(fill = bt_calloc(maxs + 1, sizeof *fill))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t g = 0; g < ng; g++)
		for (size_t s = 0; s < gold[g].sn; s++)
			off[gold[g].sp[s] + 1]++;
	for (size_t s = 0; s < maxs; s++)
		off[s + 1] += off[s];
	if (!(idx = bt_malloc((off[maxs] ? off[maxs] : 1) * sizeof *idx))) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t g = 0; g < ng; g++)
		for (size_t s = 0; s < gold[g].sn; s++) {
			size_t id = gold[g].sp[s];
			idx[off[id] + fill[id]++] = g;
		}
	for (size_t x = 0; x < nt; x++) {
		const lk *t = &test[x];
		int hit = 0;
		if (find(gold, ng, t)) {
			(*strict)++;
			(*lax)++;
			continue;
		}
		for (size_t s = 0; s < t->sn && !hit; s++) {
			size_t id = t->sp[s];
			if (id >= maxs)
				continue;
			for (size_t y = off[id]; y < off[id + 1] && !hit; y++) {
				const lk *g = &gold[idx[y]];
				for (size_t a = 0; a < g->tn && !hit; a++)
					for (size_t b = 0; b < t->tn && !hit; b++)
						hit = g->tp[a] == t->tp[b];
			}
		}
		*lax += hit;
	}
done:
	bt_free(off);
	bt_free(idx);
	bt_free(fill);
	return rc;
}

static double ratio(long long a, long long b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

int bt_align_eval_add(bt_align_eval *e, const char *gold, size_t gold_len, const char *gold_name, const char *test,
		      size_t test_len, const char *test_name)
{
	lks gl, tl;
	lk *g = NULL, *t = NULL, *g2 = NULL, *t2 = NULL;
	size_t ng, nt, ng2, nt2;
	long long s, l;
	int rc;
	memset(&gl, 0, sizeof gl);
	memset(&tl, 0, sizeof tl);
	if ((rc = parse_lks(&gl, gold, gold_len, gold_name)) != 0 || (rc = parse_lks(&tl, test, test_len, test_name)) != 0)
		goto done;
	if ((rc = collect(&g, &ng, &gl, 0)) != 0 || (rc = collect(&t, &nt, &tl, 0)) != 0 ||
	    (rc = collect(&g2, &ng2, &gl, 1)) != 0 || (rc = collect(&t2, &nt2, &tl, 1)) != 0)
		goto done;
	if ((rc = precision(g, ng, t, nt, &s, &l)) != 0)
		goto done;
	e->p_strict += s;
	e->p_lax += l;
	e->p_all += (long long)nt;
	/* recall: gold links without 1-0 / 0-1 against the test links without */
	if ((rc = precision(t2, nt2, g2, ng2, &s, &l)) != 0)
		goto done;
	e->r_strict += s;
	e->r_lax += l;
	e->r_all += (long long)ng2;
	e->files++;
	e->precision_strict = ratio(e->p_strict, e->p_all);
	e->precision_lax = ratio(e->p_lax, e->p_all);
	e->recall_strict = ratio(e->r_strict, e->r_all);
	e->recall_lax = ratio(e->r_lax, e->r_all);
	e->f1_strict = f1(e->precision_strict, e->recall_strict);
	e->f1_lax = f1(e->precision_lax, e->recall_lax);
done:
	bt_free(g);
	bt_free(t);
	bt_free(g2);
	bt_free(t2);
	lks_dispose(&gl);
	lks_dispose(&tl);
	return rc;
}
