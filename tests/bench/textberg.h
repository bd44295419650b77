/* textberg.h: the Text+Berg gold sets for the alignment benchmarks
 * (bench_align, bench_perturb): documents read from
 * ../shared/bench/textberg, split, perturbed, aligned one by one or as one
 * corpus (with a lexicon learned from all of them), and scored: strict and
 * lax F1, F1 per document, the share of sentences left unaligned that the
 * gold leaves unaligned, a reliability table of the link scores, and
 * where the errors are. */
#ifndef BT_TEXTBERG_H
#define BT_TEXTBERG_H

#include "bitext-core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TB_MAXL 8 /* sentences of one side of a gold link */

/* The dictionaries the "with FreeDict" runs load: both directions of
 * FreeDict's German-French pair when installed (deu-fra is needed,
 * fra-deu adds what deu-fra lacks), or the --dict files given. */
#define TB_DICT_DEFAULT "/usr/share/dictd/freedict-deu-fra.index"
#define TB_DICT_REVERSE "/usr/share/dictd/freedict-fra-deu.index"
typedef struct tb_dicts {
	const char *v[8];
	size_t n;
	int given; /* --dict was used: the defaults are dropped */
} tb_dicts;

static void tb_dicts_default(tb_dicts *d)
{
	d->n = 0;
	d->given = 0;
	d->v[d->n++] = TB_DICT_DEFAULT;
	if (access(TB_DICT_REVERSE, R_OK) == 0)
		d->v[d->n++] = TB_DICT_REVERSE;
}

/* --dict PATH: the first replaces the defaults. 0, or -1 when too many. */
static int tb_dicts_add(tb_dicts *d, const char *path)
{
	if (!d->given)
		d->n = 0;
	d->given = 1;
	if (d->n == sizeof d->v / sizeof d->v[0])
		return -1;
	d->v[d->n++] = path;
	return 0;
}

/* The first dictionary that cannot be read, or NULL. */
static const char *tb_dicts_missing(const tb_dicts *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (access(d->v[i], R_OK) != 0)
			return d->v[i];
	return NULL;
}

/* "deu-fra + fra-deu": the file names, for the figures' titles. */
static void tb_dicts_name(char *out, size_t cap, const tb_dicts *d)
{
	size_t k = 0;
	out[0] = 0;
	for (size_t i = 0; i < d->n && k < cap; i++) {
		const char *b = strrchr(d->v[i], '/');
		int w = snprintf(out + k, cap - k, "%s%s", i ? " + " : "", b ? b + 1 : d->v[i]);
		k += w > 0 ? (size_t)w : 0;
	}
}

typedef struct tb_link {
	size_t s[TB_MAXL], t[TB_MAXL];
	size_t ns, nt;
	int mark; /* perturbation: 1 inside a swapped block, 2 orphaned by a deletion */
} tb_link;

typedef struct tb_doc {
	char name[80];
	const char **s, **t; /* sentences (borrowed from the set's files) */
	size_t *sl, *tl;
	size_t n, m;
	tb_link *gold;
	size_t ngold;
	bt_links out; /* the aligner's links */
} tb_doc;

typedef struct tb_set {
	tb_doc *v;
	size_t n;
	bt_buf *files; /* file texts the sentences point into */
	size_t nfiles;
} tb_set;

static void tb_doc_dispose(tb_doc *d)
{
	free(d->s);
	free(d->t);
	free(d->sl);
	free(d->tl);
	free(d->gold);
	bt_links_dispose(&d->out);
	memset(d, 0, sizeof *d);
}

static void tb_set_dispose(tb_set *st)
{
	for (size_t i = 0; i < st->n; i++)
		tb_doc_dispose(&st->v[i]);
	for (size_t i = 0; i < st->nfiles; i++)
		bt_buf_dispose(&st->files[i]);
	free(st->v);
	free(st->files);
	memset(st, 0, sizeof *st);
}

static void *tb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "out of memory\n");
		exit(3);
	}
	return q;
}

static tb_doc *tb_add_doc(tb_set *st)
{
	st->v = tb_xrealloc(st->v, (st->n + 1) * sizeof *st->v);
	memset(&st->v[st->n], 0, sizeof st->v[0]);
	return &st->v[st->n++];
}

/* Reads a file into the set; its lines (a final newline ends the last). */
static int tb_read_lines(tb_set *st, const char *path, const char ***v, size_t **len, size_t *n)
{
	bt_buf *b;
	char *p, *end;
	st->files = tb_xrealloc(st->files, (st->nfiles + 1) * sizeof *st->files);
	b = &st->files[st->nfiles++];
	*b = (bt_buf)BT_BUF_INIT;
	*v = NULL;
	*len = NULL;
	*n = 0;
	if (bt_read_file(b, path) != 0) {
		fprintf(stderr, "%s: %s\n", path, bt_error_last()->msg);
		return -1;
	}
	p = b->ptr;
	end = p ? p + b->len : p;
	while (p && p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		*eol = '\0';
		*v = tb_xrealloc(*v, (*n + 1) * sizeof **v);
		*len = tb_xrealloc(*len, (*n + 1) * sizeof **len);
		(*v)[*n] = p;
		(*len)[*n] = (size_t)(eol - p);
		(*n)++;
		p = eol + 1;
	}
	return 0;
}

/* "[1, 2]" -> ids */
static const char *tb_parse_list(const char *p, size_t *ids, size_t *n)
{
	*n = 0;
	if (*p++ != '[')
		return NULL;
	while (*p && *p != ']') {
		char *e;
		size_t v = strtoul(p, &e, 10);
		if (e == p || *n == TB_MAXL)
			return NULL;
		ids[(*n)++] = v;
		p = e;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return *p == ']' ? p + 1 : NULL;
}

static int tb_read_gold(tb_doc *d, const char *path)
{
	bt_buf g = BT_BUF_INIT;
	const char *p;
	if (bt_read_file(&g, path) != 0) {
		fprintf(stderr, "%s: %s\n", path, bt_error_last()->msg);
		return -1;
	}
	for (p = g.ptr; p && *p;) {
		tb_link k;
		memset(&k, 0, sizeof k);
		if (*p == '\n') {
			p++;
			continue;
		}
		if (!(p = tb_parse_list(p, k.s, &k.ns)) || *p++ != ':' || !(p = tb_parse_list(p, k.t, &k.nt))) {
			fprintf(stderr, "%s: bad gold line\n", path);
			bt_buf_dispose(&g);
			return -1;
		}
		d->gold = tb_xrealloc(d->gold, (d->ngold + 1) * sizeof *d->gold);
		d->gold[d->ngold++] = k;
		while (*p && *p != '\n')
			p++;
	}
	bt_buf_dispose(&g);
	return 0;
}

/* Loads dev (one document) or test (test0 .. test6). */
static int tb_load(tb_set *st, const char *dir, const char *which)
{
	int ndocs = strcmp(which, "dev") == 0 ? 1 : 7;
	char p[8300];
	for (int k = 0; k < ndocs; k++) {
		tb_doc *d = tb_add_doc(st);
		char base[64];
		snprintf(base, sizeof base, ndocs == 1 ? "%s" : "%s%d", which, k);
		snprintf(d->name, sizeof d->name, "%s", base);
		snprintf(p, sizeof p, "%s/%s.de", dir, base);
		if (tb_read_lines(st, p, &d->s, &d->sl, &d->n))
			return -1;
		snprintf(p, sizeof p, "%s/%s.fr", dir, base);
		if (tb_read_lines(st, p, &d->t, &d->tl, &d->m))
			return -1;
		snprintf(p, sizeof p, "%s/%s.defr", dir, base);
		if (tb_read_gold(d, p))
			return -1;
	}
	return 0;
}

/* ---- reshaping documents ---- */

/* Where gold link k starts on each side (the first index of its side, or
 * where the side has got to). */
static void tb_link_start(const tb_doc *d, size_t k, size_t *s0, size_t *t0)
{
	size_t s = 0, t = 0;
	for (size_t x = 0; x < k; x++) {
		for (size_t i = 0; i < d->gold[x].ns; i++)
			s = d->gold[x].s[i] + 1 > s ? d->gold[x].s[i] + 1 : s;
		for (size_t i = 0; i < d->gold[x].nt; i++)
			t = d->gold[x].t[i] + 1 > t ? d->gold[x].t[i] + 1 : t;
	}
	*s0 = s;
	*t0 = t;
}

/* Can the document be cut before gold link k: every link before holds
 * only sentences before the cut, every link from k only after? */
static int tb_cut_ok(const tb_doc *d, size_t k, size_t *s0, size_t *t0)
{
	tb_link_start(d, k, s0, t0);
	for (size_t x = k; x < d->ngold; x++) {
		for (size_t i = 0; i < d->gold[x].ns; i++)
			if (d->gold[x].s[i] < *s0)
				return 0;
		for (size_t i = 0; i < d->gold[x].nt; i++)
			if (d->gold[x].t[i] < *t0)
				return 0;
	}
	return 1;
}

/* A new document from sentences [s0, s1) x [t0, t1) of d and its gold
 * links [g0, g1), renumbered. */
static void tb_sub(tb_set *st, const tb_doc *d, size_t s0, size_t s1, size_t t0, size_t t1, size_t g0, size_t g1,
		   const char *name)
{
	tb_doc *x = tb_add_doc(st);
	snprintf(x->name, sizeof x->name, "%s", name);
	x->n = s1 - s0;
	x->m = t1 - t0;
	x->s = tb_xrealloc(NULL, x->n * sizeof *x->s);
	x->sl = tb_xrealloc(NULL, x->n * sizeof *x->sl);
	x->t = tb_xrealloc(NULL, x->m * sizeof *x->t);
	x->tl = tb_xrealloc(NULL, x->m * sizeof *x->tl);
	memcpy(x->s, d->s + s0, x->n * sizeof *x->s);
	memcpy(x->sl, d->sl + s0, x->n * sizeof *x->sl);
	memcpy(x->t, d->t + t0, x->m * sizeof *x->t);
	memcpy(x->tl, d->tl + t0, x->m * sizeof *x->tl);
	x->ngold = g1 - g0;
	x->gold = tb_xrealloc(NULL, x->ngold * sizeof *x->gold);
	for (size_t k = g0; k < g1; k++) {
		tb_link l = d->gold[k];
		for (size_t i = 0; i < l.ns; i++)
			l.s[i] -= s0;
		for (size_t i = 0; i < l.nt; i++)
			l.t[i] -= t0;
		x->gold[k - g0] = l;
	}
}

/* Splits d into `parts` documents of about equal size, cut between gold
 * links (a corpus made of one long document, to tune what a corpus does
 * on dev). */
static void tb_split(tb_set *out, const tb_doc *d, int parts)
{
	size_t g0 = 0, s0 = 0, t0 = 0;
	for (int p = 1; p <= parts; p++) {
		size_t g1 = d->ngold, s1 = d->n, t1 = d->m;
		char name[80];
		if (p < parts)
			for (g1 = d->ngold * (size_t)p / (size_t)parts; g1 < d->ngold && !tb_cut_ok(d, g1, &s1, &t1); g1++)
				;
		snprintf(name, sizeof name, "%.60s.%d", d->name, p);
		tb_sub(out, d, s0, s1, t0, t1, g0, g1, name);
		g0 = g1;
		s0 = s1;
		t0 = t1;
	}
}

/* ---- aligning ---- */

static bt_sentences tb_side(const tb_doc *d, int side)
{
	bt_sentences s = {side ? d->t : d->s, side ? d->tl : d->sl, side ? d->m : d->n, NULL, NULL};
	return s;
}

/* Aligns every document; with a lexicon, as one corpus: every document,
 * then a lexicon trained on all their links, then every document again
 * with it. */
/* CPU seconds of the corpus flow's steps (set by tb_align with a
 * lexicon): 0 the first alignment, 1 adding its links to the lexicon,
 * 2 training, 3 the second alignment (with the lexicon). */
static double tb_cpu[4];

static double tb_clock(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* Aligns every document; with a lexicon, as one corpus: every document,
 * then a lexicon trained on all their links, then every document again
 * with it. */
static int tb_align(tb_set *st, bt_aligner *a, bt_lexicon *lx)
{
	int rounds = lx ? 2 : 1;
	memset(tb_cpu, 0, sizeof tb_cpu);
	for (int round = 0; round < rounds; round++) {
		int learn = lx && round + 1 < rounds;
		for (size_t i = 0; i < st->n; i++) {
			tb_doc *d = &st->v[i];
			bt_sentences s = tb_side(d, 0), t = tb_side(d, 1);
			double t0 = tb_clock(), t1;
			int rc = bt_align(&d->out, a, &s, &t);
			t1 = tb_clock();
			tb_cpu[round ? 3 : 0] += t1 - t0;
			if (!rc && learn)
				rc = bt_lexicon_add_links(lx, &s, &t, &d->out);
			tb_cpu[1] += learn ? tb_clock() - t1 : 0;
			if (rc) {
				fprintf(stderr, "align %s: %s\n", d->name, bt_error_last()->msg);
				return -1;
			}
		}
		if (learn) {
			double t0 = tb_clock();
			if (bt_lexicon_train(lx) != 0 || bt_aligner_use_lexicon(a, lx) != 0) {
				fprintf(stderr, "lexicon: %s\n", bt_error_last()->msg);
				return -1;
			}
			tb_cpu[2] = tb_clock() - t0;
		}
	}
	if (lx)
		bt_aligner_use_lexicon(a, NULL);
	return 0;
}

/* ---- scoring ---- */

static void tb_put_list(bt_buf *b, const size_t *v, size_t n)
{
	bt_buf_puts(b, "[");
	for (size_t i = 0; i < n; i++)
		bt_buf_printf(b, i ? ", %zu" : "%zu", v[i]);
	bt_buf_puts(b, "]");
}

static void tb_gold_text(bt_buf *b, const tb_doc *d)
{
	for (size_t k = 0; k < d->ngold; k++) {
		tb_put_list(b, d->gold[k].s, d->gold[k].ns);
		bt_buf_puts(b, ":");
		tb_put_list(b, d->gold[k].t, d->gold[k].nt);
		bt_buf_puts(b, "\n");
	}
}

static int tb_eval_doc(bt_align_eval *e, const tb_doc *d)
{
	bt_buf g = BT_BUF_INIT, o = BT_BUF_INIT;
	int rc;
	tb_gold_text(&g, d);
	rc = bt_links_write_vecalign(&o, &d->out);
	if (!rc)
		rc = bt_align_eval_add(e, g.ptr ? g.ptr : "", g.len, d->name, o.ptr ? o.ptr : "", o.len, "test");
	bt_buf_dispose(&g);
	bt_buf_dispose(&o);
	return rc;
}

/* Strict and lax over the set; per document strict F1 into f1[] (or
 * NULL). */
static int tb_eval(bt_align_eval *e, double *f1, const tb_set *st)
{
	for (size_t i = 0; i < st->n; i++) {
		bt_align_eval one = BT_ALIGN_EVAL_INIT;
		if (tb_eval_doc(e, &st->v[i]) || tb_eval_doc(&one, &st->v[i]))
			return -1;
		if (f1)
			f1[i] = one.f1_strict;
	}
	return 0;
}

/* Is link l of the aligner exactly a gold link? */
/* Are gold link g and the aligner's link l the same sentences? */
static int tb_same(const tb_link *g, const bt_link *l)
{
	int ok = g->ns == l->src_n && g->nt == l->tgt_n;
	for (size_t i = 0; ok && i < g->ns; i++)
		ok = g->s[i] == l->src_first + i;
	for (size_t i = 0; ok && i < g->nt; i++)
		ok = g->t[i] == l->tgt_first + i;
	return ok;
}

static int tb_link_right(const tb_doc *d, const bt_link *l)
{
	for (size_t k = 0; k < d->ngold; k++)
		if ((d->gold[k].ns || d->gold[k].nt) && tb_same(&d->gold[k], l))
			return 1;
	return 0;
}

/* ---- where the errors are (--errors) ---- */

static size_t tb_find(size_t *up, size_t x)
{
	while (up[x] != x)
		x = up[x] = up[up[x]];
	return x;
}

static void tb_join(size_t *up, size_t a, size_t b)
{
	a = tb_find(up, a), b = tb_find(up, b);
	if (a != b)
		up[a > b ? a : b] = a < b ? a : b;
}

/* Is gold link g among the aligner's links? */
static int tb_gold_found(const tb_doc *d, const tb_link *g)
{
	for (size_t x = 0; x < d->out.n; x++)
		if (tb_same(g, &d->out.v[x]))
			return 1;
	return 0;
}

static int tb_contiguous(const size_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i] != v[0] + i)
			return 0;
	return 1;
}

/* Shape classes of a link: 1-1, 1-2 or 2-1, 1-0 or 0-1, the rest. */
static int tb_shape(size_t ns, size_t nt)
{
	return ns == 1 && nt == 1 ? 0 : (ns == 1 && nt == 2) || (ns == 2 && nt == 1) ? 1 : !ns || !nt ? 2 : 3;
}

/* The gold links the aligner missed and the links it made that are not in
 * the gold, by shape; and where the missed ones are. The sentences that
 * gold links and the aligner's links join (both sets of links, sentences
 * of either side) make groups; a missed gold link is either not
 * contiguous (no link of consecutive sentences can be it), or in a group
 * of at most TB_LOCAL sentences a side (the same few sentences split or
 * joined otherwise than the gold: granularity), or in a longer group
 * (a stretch the order went wrong over). */
#define TB_LOCAL 4
typedef struct tb_error_counts {
	size_t gold, made;       /* gold links, the aligner's links */
	size_t missed[4];        /* gold links missed, by shape (tb_shape) */
	size_t wrong[4];         /* links not in the gold, by shape */
	size_t where[3];         /* missed: not contiguous, local, longer */
} tb_error_counts;

/* 0, or -1 when out of memory. */
static int tb_error_count(const tb_set *st, tb_error_counts *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < st->n; i++) {
		const tb_doc *d = &st->v[i];
		size_t n = d->n + d->m, *up = malloc((n + 1) * sizeof *up), *span = calloc(2 * (n + 1), sizeof *span);
		if (!up || !span) {
			free(up);
			free(span);
			return -1;
		}
		for (size_t x = 0; x <= n; x++)
			up[x] = x;
		for (size_t k = 0; k < d->ngold; k++) {
			const tb_link *g = &d->gold[k];
			size_t first = g->ns ? g->s[0] : d->n + g->t[0];
			for (size_t a = 0; a < g->ns; a++)
				tb_join(up, first, g->s[a]);
			for (size_t b = 0; b < g->nt; b++)
				tb_join(up, first, d->n + g->t[b]);
		}
		for (size_t x = 0; x < d->out.n; x++) {
			const bt_link *l = &d->out.v[x];
			size_t first = l->src_n ? l->src_first : d->n + l->tgt_first;
			for (size_t a = 0; a < l->src_n; a++)
				tb_join(up, first, l->src_first + a);
			for (size_t b = 0; b < l->tgt_n; b++)
				tb_join(up, first, d->n + l->tgt_first + b);
			c->made++;
			if (!tb_link_right(d, l))
				c->wrong[tb_shape(l->src_n, l->tgt_n)]++;
		}
		/* sentences of each side per group */
		for (size_t x = 0; x < n; x++)
			span[2 * tb_find(up, x) + (x >= d->n)]++;
		for (size_t k = 0; k < d->ngold; k++) {
			const tb_link *g = &d->gold[k];
			size_t r = tb_find(up, g->ns ? g->s[0] : d->n + g->t[0]);
			c->gold++;
			if (tb_gold_found(d, g))
				continue;
			c->missed[tb_shape(g->ns, g->nt)]++;
			if (!tb_contiguous(g->s, g->ns) || !tb_contiguous(g->t, g->nt))
				c->where[0]++;
			else
				c->where[span[2 * r] <= TB_LOCAL && span[2 * r + 1] <= TB_LOCAL ? 1 : 2]++;
		}
		free(up);
		free(span);
	}
	return 0;
}

static void tb_errors(const tb_set *st, const char *title)
{
	static const char *const shape[4] = {"1-1", "1-2/2-1", "1-0/0-1", "other"};
	tb_error_counts c;
	if (tb_error_count(st, &c) != 0) {
		fprintf(stderr, "textberg: out of memory\n");
		return;
	}
	printf("errors, %s: %zu of %zu gold links missed, %zu of %zu links not in the gold\n", title,
	       c.missed[0] + c.missed[1] + c.missed[2] + c.missed[3], c.gold, c.wrong[0] + c.wrong[1] + c.wrong[2] + c.wrong[3],
	       c.made);
	printf("  by shape, missed / not in the gold:");
	for (int k = 0; k < 4; k++)
		printf(" %s %zu / %zu%s", shape[k], c.missed[k], c.wrong[k], k < 3 ? "," : "\n");
	printf("  missed: %zu not contiguous in the gold, %zu in groups of at most %d sentences a side (split or "
	       "joined otherwise), %zu in larger groups\n",
	       c.where[0], c.where[1], TB_LOCAL, c.where[2]);
}

/* Reliability of the scores: links in 10 bins of score, with their mean
 * score and the share that is exactly a gold link; the expected
 * calibration error (the bins' gaps weighted by their links). `which`:
 * 0 all links, 1 only 1-0 and 0-1 links. */
static double tb_reliability(const tb_set *st, int which, int print, const char *title)
{
	double sum[10] = {0}, right[10] = {0}, nb[10] = {0}, all = 0, ece = 0;
	for (size_t i = 0; i < st->n; i++) {
		const tb_doc *d = &st->v[i];
		for (size_t x = 0; x < d->out.n; x++) {
			const bt_link *l = &d->out.v[x];
			int b = (int)(l->score * 10);
			if (which == 1 && l->src_n && l->tgt_n)
				continue;
			b = b > 9 ? 9 : b < 0 ? 0 : b;
			sum[b] += l->score;
			right[b] += tb_link_right(d, l);
			nb[b] += 1;
			all += 1;
		}
	}
	for (int b = 0; b < 10; b++)
		if (nb[b])
			ece += nb[b] / all * (sum[b] / nb[b] > right[b] / nb[b] ? sum[b] / nb[b] - right[b] / nb[b]
										: right[b] / nb[b] - sum[b] / nb[b]);
	if (print) {
		printf("reliability, %s (%s): score bin, links, mean score, right\n", title,
		       which ? "1-0 and 0-1 links" : "all links");
		for (int b = 0; b < 10; b++)
			if (nb[b])
				printf("  %.1f-%.1f %6.0f   %.3f   %.3f\n", b / 10.0, (b + 1) / 10.0, nb[b], sum[b] / nb[b],
				       right[b] / nb[b]);
		printf("  expected calibration error %.3f over %.0f links\n", ece, all);
	}
	return ece;
}

#endif
