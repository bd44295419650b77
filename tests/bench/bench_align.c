/* bench_align.c: how good and how fast the aligner is.
 *
 *   bench_align [--textberg DIR] [--dict INDEX... | --no-dict] [--corpus DIR] [-p NAME=VALUE]...
 *               [--quality] [--speed] [--sizes 1000,10000,100000] [--gate] [--trace]
 *               [--corpus-lexicon] [--split-dev N] [--per-doc] [--reliability] [--errors] [--no-moves]
 *               [--threads N]
 *
 * --quality (the default) prints strict and lax precision, recall and F1 on
 * the Text+Berg de-fr dev set and test set (with FreeDict: deu-fra, and
 * fra-deu read the other way when installed; --dict, repeatable, names
 * other dictionaries), and on corpus/gold nl-en with the gold sentences and end to
 * end with bitext's segmenter. --speed aligns synthetic documents (the
 * Text+Berg and corpus texts concatenated, with a few sentences dropped on
 * each side) of 1k, 10k and 100k sentences per side and prints sentences
 * per second and peak memory (the growth of the process's resident set);
 * with BITEXT=path also through `bitext align-files --presegmented` on the
 * same pair written to files (time and peak RSS of the whole command).
 * --corpus-lexicon aligns each set as one corpus: every document, then a
 * lexicon learned from all their links, then every document again with
 * it (dev, one document, is cut into --split-dev parts, 7 by default, to
 * stand for a corpus). --per-doc adds each document's strict F1,
 * --reliability the reliability tables of the scores (10 bins), --errors
 * the links missed and made wrongly, by shape, and where the missed ones
 * are (tb_errors: gold links no contiguous link can be, few sentences
 * split or joined otherwise, longer stretches). The
 * aligner matches moved blocks (bt_aligner_opts.moves, the default, as
 * for users) unless --no-moves; --moves is taken too.
 * -p sets a model parameter (tuning); --trace prints the aligner's trace
 * (phases and their times, bands) on stderr. --threads gives the aligner
 * that many threads (bt_aligner_opts.threads; 1 by default). --gate exits non-zero when a score
 * is below its floor (the regression gate run by ctest), and 77 (skipped)
 * when the Text+Berg data or the FreeDict deu-fra dictionary is missing. */
#include "align.h"
#include "bitext.h"
#include "textberg.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct lines {
	bt_buf text;
	char **v;
	size_t *len;
	size_t n;
} lines;

static void lines_dispose(lines *l)
{
	bt_buf_dispose(&l->text);
	free(l->v);
	free(l->len);
	memset(l, 0, sizeof *l);
}

/* One sentence per line; a final newline does not make an empty one. */
static int read_lines(lines *l, const char *path)
{
	size_t cap = 0;
	char *p, *end;
	memset(l, 0, sizeof *l);
	if (bt_read_file(&l->text, path) != 0)
		return -1;
	if (!l->text.ptr)
		return 0;
	p = l->text.ptr;
	end = p + l->text.len;
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 256;
			l->v = realloc(l->v, cap * sizeof *l->v);
			l->len = realloc(l->len, cap * sizeof *l->len);
			if (!l->v || !l->len)
				return -1;
		}
		*eol = '\0';
		l->v[l->n] = p;
		l->len[l->n] = (size_t)(eol - p);
		l->n++;
		p = eol + 1;
	}
	return 0;
}

static bt_sentences as_sentences(const lines *l)
{
	bt_sentences s = {(const char *const *)l->v, l->len, l->n, NULL, NULL};
	return s;
}

static const char *const *params;
static size_t nparams;
static int trace, moves = 1, threads = 1;

static void trace_line(void *ud, const char *line)
{
	(void)ud;
	fprintf(stderr, "%s\n", line);
}

/* An aligner with the dictionary (NULL: none) and the -p parameters. */
static int open_aligner(bt_aligner **a, const char *src, const char *tgt, const tb_dicts *dict)
{
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	if (dict) {
		o.glossaries = dict->v;
		o.n_glossaries = dict->n;
	}
	o.params = params;
	o.n_params = nparams;
	o.moves = moves;
	o.threads = threads;
	if (trace)
		o.trace = trace_line;
	if (bt_aligner_open(a, src, tgt, &o) != 0) {
		fprintf(stderr, "bench_align: %s\n", bt_error_last()->msg);
		return -1;
	}
	return 0;
}

static int corpus_lexicon, per_doc, reliability, errors, dev_parts = -1;

static void print_eval(const char *what, const bt_align_eval *e)
{
	printf("%-34s strict P %.3f R %.3f F1 %.3f | lax P %.3f R %.3f F1 %.3f\n", what, e->precision_strict,
	       e->recall_strict, e->f1_strict, e->precision_lax, e->recall_lax, e->f1_lax);
}

/* BENCH_DUMP: each document's links and scores on stderr. */
static void dump(const tb_set *st, const char *dir)
{
	for (size_t i = 0; i < st->n; i++) {
		const tb_doc *d = &st->v[i];
		bt_buf o = BT_BUF_INIT;
		fprintf(stderr, "== %s/%s.de\n", dir, d->name);
		for (size_t x = 0; x < d->out.n; x++) {
			bt_links one = {&d->out.v[x], 1, 1};
			bt_buf_clear(&o);
			bt_links_write_vecalign(&o, &one);
			fprintf(stderr, "%.*s # %.3f\n", (int)o.len - 1, o.ptr, d->out.v[x].score);
		}
		bt_buf_dispose(&o);
	}
}

/* One Text+Berg set (dev or test): aligned document by document, or as
 * one corpus with a learned lexicon (--corpus-lexicon; dev is then cut
 * into --split-dev parts, 7 by default, as test has 7 documents). */
static int textberg_set(const char *dir, const tb_dicts *dict, const char *which, bt_align_eval *e, double *worst)
{
	tb_set raw, split, *st = &raw;
	bt_aligner *a = NULL;
	bt_lexicon *lx = NULL;
	double *f1 = NULL;
	char title[64];
	int rc = -1;
	memset(&raw, 0, sizeof raw);
	memset(&split, 0, sizeof split);
	if (tb_load(&raw, dir, which) || open_aligner(&a, "de", "fr", dict))
		goto done;
	if (strcmp(which, "dev") == 0 && dev_parts > 1) {
		tb_split(&split, &raw.v[0], dev_parts);
		st = &split;
	}
	if (corpus_lexicon && bt_lexicon_new(&lx, "de", "fr", NULL) != 0) {
		fprintf(stderr, "bench_align: %s\n", bt_error_last()->msg);
		goto done;
	}
	f1 = calloc(st->n, sizeof *f1);
	if (tb_align(st, a, lx) || tb_eval(e, f1, st))
		goto done;
	snprintf(title, sizeof title, "textberg de-fr %s%s", which, st->n > 1 ? " (7 docs)" : "");
	if (st->n > 1 && strcmp(which, "dev") == 0)
		snprintf(title, sizeof title, "textberg de-fr dev (%zu parts)", st->n);
	print_eval(title, e);
	for (size_t i = 0; per_doc && i < st->n; i++)
		printf("  %-12s %4zu x %-4zu strict F1 %.3f\n", st->v[i].name, st->v[i].n, st->v[i].m, f1[i]);
	for (size_t i = 0; worst && i < st->n; i++)
		if (f1[i] < *worst)
			*worst = f1[i];
	if (lx) {
		/* a corpus that keeps its lexicon aligns with the one learned
		 * before and learns it anew from the links: align with it, add
		 * the links, train; against aligning without one */
		double with = tb_cpu[3] + tb_cpu[1] + tb_cpu[2];
		printf("  lexicon: %zu word pairs; cpu: align %.3f s, add links %.3f s, train %.3f s, align with it "
		       "%.3f s; a run with a kept lexicon %.3f s, %+.0f%% against none\n",
		       bt_lexicon_size(lx), tb_cpu[0], tb_cpu[1], tb_cpu[2], tb_cpu[3], with,
		       100 * (with - tb_cpu[0]) / (tb_cpu[0] > 0 ? tb_cpu[0] : 1));
	}
	if (reliability) {
		tb_reliability(st, 0, 1, title);
		tb_reliability(st, 1, 1, title);
	}
	if (errors)
		tb_errors(st, title);
	if (getenv("BENCH_DUMP"))
		dump(st, dir);
	rc = 0;
done:
	free(f1);
	bt_lexicon_free(lx);
	bt_aligner_free(a);
	tb_set_dispose(&raw);
	tb_set_dispose(&split);
	return rc;
}

static int textberg(const char *dir, const tb_dicts *dict, double *dev_f1, double *test_f1, double *test_lax)
{
	bt_align_eval dev = BT_ALIGN_EVAL_INIT, test = BT_ALIGN_EVAL_INIT;
	if (textberg_set(dir, dict, "dev", &dev, NULL))
		return -1;
	if (!getenv("BENCH_DEV_ONLY") && textberg_set(dir, dict, "test", &test, NULL))
		return -1;
	*dev_f1 = dev.f1_strict;
	*test_f1 = test.f1_strict;
	*test_lax = test.f1_lax;
	return 0;
}

/* ---- corpus/ nl-en ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids X of corpus/gold/X.nlen, sorted. */
static size_t corpus_ids(const char *corpus, char ***ids)
{
	char path[8192];
	DIR *dir;
	struct dirent *de;
	size_t n = 0, cap = 0;
	snprintf(path, sizeof path, "%s/gold", corpus);
	*ids = NULL;
	if (!(dir = opendir(path)))
		return 0;
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".nlen") == 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				*ids = realloc(*ids, cap * sizeof **ids);
			}
			(*ids)[n] = strndup(de->d_name, l - 5);
			n++;
		}
	}
	closedir(dir);
	qsort(*ids, n, sizeof **ids, by_name);
	return n;
}

/* A document body as bitext stores it: decoded, metadata stripped. */
static int read_body(bt_buf *text, size_t *body, const char *path)
{
	bt_buf raw = BT_BUF_INIT;
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	char date[16];
	int rc;
	o.name = path;
	rc = bt_read_file(&raw, path);
	if (!rc)
		rc = bt_decode(text, &info, raw.ptr ? raw.ptr : "", raw.len, &o);
	if (!rc)
		rc = bt_meta_strip(date, body, text->ptr ? text->ptr : "", text->len);
	bt_buf_dispose(&raw);
	return rc;
}

/* Byte ranges of the gold segments in the body (each line of the gold
 * file is a substring of the body, in order). */
static int locate(const lines *gold, const char *body, size_t len, size_t *start, size_t *end)
{
	size_t pos = 0;
	for (size_t i = 0; i < gold->n; i++) {
		const char *hit = NULL;
		for (size_t k = pos; k + gold->len[i] <= len; k++)
			if (memcmp(body + k, gold->v[i], gold->len[i]) == 0) {
				hit = body + k;
				break;
			}
		if (!hit)
			return -1;
		start[i] = (size_t)(hit - body);
		end[i] = start[i] + gold->len[i];
		pos = end[i];
	}
	return 0;
}

/* For each gold segment, the link that holds most of its bytes. */
static void project(size_t *link_of, size_t ng, const size_t *gs, const size_t *ge, const bt_spans *sp,
		    const size_t *span_link)
{
	for (size_t g = 0; g < ng; g++) {
		size_t best = 0, arg = (size_t)-1;
		for (size_t k = 0; k < sp->n; k++) {
			size_t a = sp->v[k].start > gs[g] ? sp->v[k].start : gs[g];
			size_t b = sp->v[k].end < ge[g] ? sp->v[k].end : ge[g];
			if (b > a && b - a > best) {
				best = b - a;
				arg = span_link[k];
			}
		}
		link_of[g] = arg;
	}
}

/* One corpus document pair: with the gold sentences (presegmented), or
 * end to end: bitext's segmenter on the documents, then the links
 * projected onto the gold sentences (a gold sentence goes with the link
 * that holds most of its bytes), so that both are scored alike. */
static int corpus_pair(bt_aligner *a, const char *corpus, const char *id, int end_to_end, bt_align_eval *e)
{
	char p[8192];
	lines gs, gt;
	bt_buf g = BT_BUF_INIT, out = BT_BUF_INIT, st = BT_BUF_INIT, tt = BT_BUF_INIT;
	bt_links l = BT_LINKS_INIT;
	int rc = -1;
	memset(&gs, 0, sizeof gs);
	memset(&gt, 0, sizeof gt);
	snprintf(p, sizeof p, "%s/gold/%s.nl", corpus, id);
	if (read_lines(&gs, p))
		goto done;
	snprintf(p, sizeof p, "%s/gold/%s.en", corpus, id);
	if (read_lines(&gt, p))
		goto done;
	snprintf(p, sizeof p, "%s/gold/%s.nlen", corpus, id);
	if (bt_read_file(&g, p))
		goto done;
	if (!end_to_end) {
		bt_sentences ss = as_sentences(&gs), ts = as_sentences(&gt);
		if (bt_align(&l, a, &ss, &ts) || bt_links_write_vecalign(&out, &l))
			goto done;
	} else {
		size_t sb, tb, *gss, *gse, *gts, *gte, *lks, *lkt, *ls_of, *lt_of;
		bt_spans sps = BT_SPANS_INIT, spt = BT_SPANS_INIT;
		bt_segmenter *sgs = NULL, *sgt = NULL;
		const char **sp, **tp;
		size_t *sl, *tl;
		int *sk, *tk;
		unsigned *sq, *tq;
		snprintf(p, sizeof p, "%s/nl/%s.txt", corpus, id);
		if (read_body(&st, &sb, p))
			goto done;
		snprintf(p, sizeof p, "%s/en/%s.txt", corpus, id);
		if (read_body(&tt, &tb, p))
			goto done;
		if (bt_segmenter_open(&sgs, "nl", NULL) || bt_segmenter_open(&sgt, "en", NULL) ||
		    bt_segmenter_run(&sps, sgs, st.ptr + sb, st.len - sb) || bt_segmenter_run(&spt, sgt, tt.ptr + tb, tt.len - tb))
			goto done;
		bt_segmenter_free(sgs);
		bt_segmenter_free(sgt);
		sp = malloc(sps.n * sizeof *sp);
		sl = malloc(sps.n * sizeof *sl);
		sk = malloc(sps.n * sizeof *sk);
		sq = malloc(sps.n * sizeof *sq);
		tp = malloc(spt.n * sizeof *tp);
		tl = malloc(spt.n * sizeof *tl);
		tk = malloc(spt.n * sizeof *tk);
		tq = malloc(spt.n * sizeof *tq);
		for (size_t k = 0; k < sps.n; k++) {
			sp[k] = st.ptr + sb + sps.v[k].start;
			sl[k] = sps.v[k].end - sps.v[k].start;
			sk[k] = sps.v[k].kind;
			sq[k] = sps.v[k].para;
		}
		for (size_t k = 0; k < spt.n; k++) {
			tp[k] = tt.ptr + tb + spt.v[k].start;
			tl[k] = spt.v[k].end - spt.v[k].start;
			tk[k] = spt.v[k].kind;
			tq[k] = spt.v[k].para;
		}
		{
			bt_sentences ss = {sp, sl, sps.n, sk, sq}, ts = {tp, tl, spt.n, tk, tq};
			if (bt_align(&l, a, &ss, &ts))
				goto done;
		}
		/* each of our segments -> its link; gold segments -> links */
		lks = calloc(sps.n + 1, sizeof *lks);
		lkt = calloc(spt.n + 1, sizeof *lkt);
		for (size_t x = 0; x < l.n; x++) {
			for (size_t k = 0; k < l.v[x].src_n; k++)
				lks[l.v[x].src_first + k] = x;
			for (size_t k = 0; k < l.v[x].tgt_n; k++)
				lkt[l.v[x].tgt_first + k] = x;
		}
		gss = malloc(gs.n * sizeof *gss);
		gse = malloc(gs.n * sizeof *gse);
		gts = malloc(gt.n * sizeof *gts);
		gte = malloc(gt.n * sizeof *gte);
		ls_of = malloc(gs.n * sizeof *ls_of);
		lt_of = malloc(gt.n * sizeof *lt_of);
		if (locate(&gs, st.ptr + sb, st.len - sb, gss, gse) || locate(&gt, tt.ptr + tb, tt.len - tb, gts, gte)) {
			fprintf(stderr, "bench_align: %s: gold segments not found in the documents\n", id);
			goto done;
		}
		project(ls_of, gs.n, gss, gse, &sps, lks);
		project(lt_of, gt.n, gts, gte, &spt, lkt);
		/* the projected links, in Vecalign format */
		for (size_t x = 0; x < l.n; x++) {
			int any = 0, first;
			for (size_t k = 0; k < gs.n; k++)
				any |= ls_of[k] == x;
			for (size_t k = 0; k < gt.n; k++)
				any |= lt_of[k] == x;
			if (!any)
				continue;
			bt_buf_puts(&out, "[");
			first = 1;
			for (size_t k = 0; k < gs.n; k++)
				if (ls_of[k] == x) {
					bt_buf_printf(&out, first ? "%zu" : ", %zu", k);
					first = 0;
				}
			bt_buf_puts(&out, "]:[");
			first = 1;
			for (size_t k = 0; k < gt.n; k++)
				if (lt_of[k] == x) {
					bt_buf_printf(&out, first ? "%zu" : ", %zu", k);
					first = 0;
				}
			bt_buf_puts(&out, "]\n");
		}
		free(sp), free(sl), free(sk), free(sq), free(tp), free(tl), free(tk), free(tq);
		free(lks), free(lkt), free(gss), free(gse), free(gts), free(gte), free(ls_of), free(lt_of);
		bt_spans_dispose(&sps);
		bt_spans_dispose(&spt);
	}
	if (bt_align_eval_add(e, g.ptr ? g.ptr : "", g.len, id, out.ptr ? out.ptr : "", out.len, "test"))
		goto done;
	if (getenv("BENCH_DUMP"))
		fprintf(stderr, "== %s%s\n%s", id, end_to_end ? " (end to end)" : "", out.ptr ? out.ptr : "");
	rc = 0;
done:
	if (rc)
		fprintf(stderr, "bench_align: %s: %s\n", id, bt_error_last()->msg);
	lines_dispose(&gs);
	lines_dispose(&gt);
	bt_buf_dispose(&g);
	bt_buf_dispose(&out);
	bt_buf_dispose(&st);
	bt_buf_dispose(&tt);
	bt_links_dispose(&l);
	return rc;
}

static int corpus_nlen(const char *corpus, double *gold_f1, double *e2e_f1)
{
	bt_aligner *a = NULL;
	bt_align_eval gold = BT_ALIGN_EVAL_INIT, e2e = BT_ALIGN_EVAL_INIT;
	char **ids;
	size_t n = corpus_ids(corpus, &ids);
	int rc = -1;
	if (n == 0) {
		fprintf(stderr, "bench_align: no gold alignments in %s/gold\n", corpus);
		return -1;
	}
	if (open_aligner(&a, "nl", "en", NULL))
		goto done;
	for (size_t i = 0; i < n; i++)
		if (corpus_pair(a, corpus, ids[i], 0, &gold) || corpus_pair(a, corpus, ids[i], 1, &e2e))
			goto done;
	print_eval("corpus nl-en, gold sentences", &gold);
	print_eval("corpus nl-en, end to end", &e2e);
	*gold_f1 = gold.f1_strict;
	*e2e_f1 = e2e.f1_strict;
	rc = 0;
done:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	bt_aligner_free(a);
	return rc;
}

/* ---- speed ---- */

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* CPU seconds (user + system) of this process: what the work costs,
 * whatever else the machine is doing. */
static double cpu_now(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A synthetic pair of about `want` sentences a side: copies of the
 * Text+Berg dev document pair (468 German and 554 French sentences), one
 * after the other, as a long book would be. Copies are whole, so the
 * pair stays parallel; no key is unique, so there are no anchors. */
static void synth(const lines *src, const lines *tgt, size_t want, bt_sentences *s, bt_sentences *t,
		  const char ***sp, size_t **sl, const char ***tp, size_t **tl)
{
	size_t copies = (want + src->n / 2) / src->n, n, m;
	if (copies == 0)
		copies = 1;
	n = copies * src->n;
	m = copies * tgt->n;
	*sp = malloc(n * sizeof **sp);
	*sl = malloc(n * sizeof **sl);
	*tp = malloc(m * sizeof **tp);
	*tl = malloc(m * sizeof **tl);
	for (size_t i = 0; i < n; i++) {
		(*sp)[i] = src->v[i % src->n];
		(*sl)[i] = src->len[i % src->n];
	}
	for (size_t j = 0; j < m; j++) {
		(*tp)[j] = tgt->v[j % tgt->n];
		(*tl)[j] = tgt->len[j % tgt->n];
	}
	*s = (bt_sentences){*sp, *sl, n, NULL, NULL};
	*t = (bt_sentences){*tp, *tl, m, NULL, NULL};
}

/* Aligns one size in a child process, so that each size's peak memory is
 * its own. Prints a line; returns the seconds taken (or -1). */
static double speed_one(const char *tb, const tb_dicts *dict, size_t want)
{
	int fd[2];
	pid_t pid;
	double secs = -1;
	if (pipe(fd) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		lines s, t;
		char sp[8192], tp[8192];
		bt_aligner *a = NULL;
		bt_links l = BT_LINKS_INIT;
		bt_sentences ss, ts;
		const char **xp, **yp;
		size_t *xl, *yl;
		double t0, t1, c0, r[6];
		long base;
		close(fd[0]);
		snprintf(sp, sizeof sp, "%s/dev.de", tb);
		snprintf(tp, sizeof tp, "%s/dev.fr", tb);
		if (read_lines(&s, sp) || read_lines(&t, tp) || open_aligner(&a, "de", "fr", dict))
			_exit(1);
		synth(&s, &t, want, &ss, &ts, &xp, &xl, &yp, &yl);
		/* the glossary's own index is built on first use: not timed */
		{
			bt_sentences one = {xp, xl, 1, NULL, NULL}, one_t = {yp, yl, 1, NULL, NULL};
			bt_align(&l, a, &one, &one_t);
		}
		base = peak_rss_kb();
		t0 = now();
		c0 = cpu_now();
		if (bt_align(&l, a, &ss, &ts) != 0)
			_exit(2);
		t1 = now();
		r[5] = cpu_now() - c0;
		r[0] = t1 - t0;
		r[1] = (double)peak_rss_kb() / 1024.0;
		r[2] = (double)(peak_rss_kb() - base) / 1024.0;
		r[3] = (double)ss.n;
		r[4] = (double)ts.n;
		if (write(fd[1], r, sizeof r) != (ssize_t)sizeof r)
			_exit(3);
		_exit(0);
	}
	close(fd[1]);
	{
		double r[6];
		int st;
		if (read(fd[0], r, sizeof r) == (ssize_t)sizeof r) {
			printf("speed %7.0f x %-7.0f %7.3f s (cpu %7.3f s) %9.0f sentences/s  peak RSS %6.1f MB (alignment %6.1f MB)\n",
			       r[3], r[4], r[0], r[5], (r[3] + r[4]) / r[0], r[1], r[2]);
			secs = r[0];
		} else {
			printf("speed %zu: failed\n", want);
		}
		close(fd[0]);
		waitpid(pid, &st, 0);
	}
	fflush(stdout);
	return secs;
}

/* The same pair as speed_one() aligns, written one sentence a line and
 * aligned by `bitext align-files --presegmented` (the binary `bitext`
 * names): what a user gets, reading, glossary and output included, with
 * the command's default threads (the processors it may run on, at most
 * 8; the line prints the processors online).
 * Prints a line. */
static void speed_cli(const char *tb, const tb_dicts *dict, size_t want, const char *bitext)
{
	char sp[8192], tp[8192], dir[] = "/tmp/bt_bench_align_XXXXXX", a[8300], b[8300];
	lines s, t;
	size_t copies, n = 0, m = 0;
	FILE *fa, *fb;
	struct rusage ru;
	double t0;
	pid_t pid;
	int st;
	snprintf(sp, sizeof sp, "%s/dev.de", tb);
	snprintf(tp, sizeof tp, "%s/dev.fr", tb);
	if (read_lines(&s, sp) || read_lines(&t, tp) || !s.n || !mkdtemp(dir)) {
		printf("speed through bitext %zu: failed\n", want);
		return;
	}
	copies = (want + s.n / 2) / s.n ? (want + s.n / 2) / s.n : 1;
	snprintf(a, sizeof a, "%s/src.txt", dir);
	snprintf(b, sizeof b, "%s/tgt.txt", dir);
	fa = fopen(a, "w");
	fb = fopen(b, "w");
	for (size_t c = 0; fa && fb && c < copies; c++) {
		for (size_t i = 0; i < s.n; i++, n++)
			fprintf(fa, "%.*s\n", (int)s.len[i], s.v[i]);
		for (size_t j = 0; j < t.n; j++, m++)
			fprintf(fb, "%.*s\n", (int)t.len[j], t.v[j]);
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	t0 = now();
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		const char *av[32];
		int k = 0;
		av[k++] = bitext;
		av[k++] = "align-files";
		av[k++] = "--presegmented";
		av[k++] = "--src-lang";
		av[k++] = "de";
		av[k++] = "--tgt-lang";
		av[k++] = "fr";
		for (size_t i = 0; dict && i < dict->n; i++) {
			av[k++] = "--glossary";
			av[k++] = dict->v[i];
		}
		av[k++] = a;
		av[k++] = b;
		av[k] = NULL;
		execv(bitext, (char *const *)av);
		_exit(127);
	}
	if (pid > 0 && wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
		printf("speed %7zu x %-7zu %7.3f s through `bitext align-files` (cpu %7.3f s)  peak RSS %6.1f MB  (%ld "
		       "processors online)\n",
		       n, m, now() - t0,
		       (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
			       (double)ru.ru_stime.tv_usec / 1e6,
		       (double)ru.ru_maxrss / 1024.0, sysconf(_SC_NPROCESSORS_ONLN));
	else
		printf("speed through bitext %zu: failed\n", want);
	fflush(stdout);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	const char *shared = getenv("BITEXT_SHARED");
	const char *tb = NULL, *sizes = "1000,10000,100000";
	tb_dicts dicts, *dict = &dicts;
	const char *corpus = NULL;
	char cbuf[4096];
	double cgold = 0, ce2e = 0;
	char tbbuf[4096];
	const char **pv = calloc((size_t)argc, sizeof *pv);
	double dev = 0, test = 0, lax = 0;
	int quality = 0, speed = 0, gate = 0;
	tb_dicts_default(&dicts);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pv[nparams++] = argv[++i];
		else if (strcmp(argv[i], "--textberg") == 0 && i + 1 < argc)
			tb = argv[++i];
		else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc) {
			if (tb_dicts_add(&dicts, argv[++i]) != 0) {
				fprintf(stderr, "bench_align: too many --dict\n");
				return 2;
			}
			dict = &dicts;
		}
		else if (strcmp(argv[i], "--no-dict") == 0)
			dict = NULL;
		else if (strcmp(argv[i], "--trace") == 0)
			trace = 1;
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (strcmp(argv[i], "--corpus-lexicon") == 0)
			corpus_lexicon = 1;
		else if (strcmp(argv[i], "--moves") == 0)
			moves = 1;
		else if (strcmp(argv[i], "--no-moves") == 0)
			moves = 0;
		else if (strcmp(argv[i], "--per-doc") == 0)
			per_doc = 1;
		else if (strcmp(argv[i], "--reliability") == 0)
			reliability = 1;
		else if (strcmp(argv[i], "--errors") == 0)
			errors = 1;
		else if (strcmp(argv[i], "--split-dev") == 0 && i + 1 < argc)
			dev_parts = atoi(argv[++i]);
		else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc)
			corpus = argv[++i];
		else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc)
			sizes = argv[++i];
		else if (strcmp(argv[i], "--quality") == 0)
			quality = 1;
		else if (strcmp(argv[i], "--speed") == 0)
			speed = 1;
		else if (strcmp(argv[i], "--gate") == 0)
			gate = quality = 1;
		else {
			fprintf(stderr, "bench_align: unknown argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!quality && !speed)
		quality = 1;
	if (dev_parts < 1)
		dev_parts = corpus_lexicon ? 7 : 1;
	params = pv;
	if (!tb) {
		snprintf(tbbuf, sizeof tbbuf, "%s/bench/textberg", shared ? shared : "../shared");
		tb = tbbuf;
	}
	if (!corpus) {
		const char *src = getenv("BITEXT_SOURCE");
		snprintf(cbuf, sizeof cbuf, "%s/corpus", src ? src : ".");
		corpus = cbuf;
	}
	if (gate) {
		char probe[8192];
		snprintf(probe, sizeof probe, "%s/test0.defr", tb);
		if (access(probe, R_OK) != 0 || (dict && tb_dicts_missing(dict))) {
			printf("bench_align: skipped: needs %s and %s (apt-get install dict-freedict-deu-fra)\n", tb,
			       dict && tb_dicts_missing(dict) ? tb_dicts_missing(dict) : "");
			return 77;
		}
	}
	if (quality) {
		char names[512] = "none";
		if (dict)
			tb_dicts_name(names, sizeof names, dict);
		printf("dictionaries: %s\n", names);
	}
	if (quality && textberg(tb, dict, &dev, &test, &lax))
		return 1;
	if (quality && !getenv("BENCH_DEV_ONLY") && corpus_nlen(corpus, &cgold, &ce2e))
		return 1;
	if (gate) {
		/* floors a little under the scores measured when the gate was
		 * set (both FreeDict directions, moves: dev 0.913, test 0.917 /
		 * 0.981; nl-en 1.000 and 0.991; without a dictionary, test as
		 * one corpus 0.895, no document under 0.806; without moves,
		 * dev 0.913, test 0.909 / 0.972). Since the weak-boundary term
		 * (w_weak) and the calibration refitted with it: as one corpus
		 * 0.903, and the worst document, test4 (36 sentences), 0.758:
		 * one 2-3 link where the gold has a 1-2 and a 1-1 */
		static const struct {
			const char *what;
			double floor;
		} floors[] = {{"textberg dev strict F1", 0.905},
			      {"textberg test strict F1", 0.91},
			      {"textberg test lax F1", 0.975},
			      {"nl-en gold sentences strict F1", 0.98},
			      {"nl-en end to end strict F1", 0.95},
			      {"no dictionary, test as a corpus, strict F1", 0.895},
			      {"no dictionary, test as a corpus, worst document", 0.74},
			      {"without moves, textberg dev strict F1", 0.90},
			      {"without moves, textberg test strict F1", 0.90},
			      {"without moves, textberg test lax F1", 0.967}};
		bt_align_eval nd = BT_ALIGN_EVAL_INIT;
		double worst = 1;
		corpus_lexicon = 1;
		if (textberg_set(tb, NULL, "test", &nd, &worst))
			return 1;
		/* with moves (above) a move must not take a confident link's
		 * sentences for a far sentence with a few dictionary words in
		 * common (dev 0.901 when it did, with both FreeDict directions);
		 * without, the links in text order */
		bt_align_eval mdev = BT_ALIGN_EVAL_INIT, mtest = BT_ALIGN_EVAL_INIT;
		corpus_lexicon = 0;
		moves = 0;
		dev_parts = 1;
		if (textberg_set(tb, dict, "dev", &mdev, NULL) || textberg_set(tb, dict, "test", &mtest, NULL))
			return 1;
		double got[] = {dev, test, lax, cgold, ce2e, nd.f1_strict, worst, mdev.f1_strict, mtest.f1_strict,
				mtest.f1_lax};
		int bad = 0;
		for (size_t k = 0; k < sizeof got / sizeof got[0]; k++)
			if (got[k] < floors[k].floor) {
				printf("gate: %s %.3f is below %.3f\n", floors[k].what, got[k], floors[k].floor);
				bad = 1;
			}
		printf("gate: %s\n", bad ? "FAILED" : "ok");
		if (bad)
			return 1;
	}
	if (speed) {
		const char *p = sizes;
		while (*p) {
			char *end;
			unsigned long n = strtoul(p, &end, 10);
			if (end == p)
				break;
			speed_one(tb, dict, n);
			if (getenv("BITEXT"))
				speed_cli(tb, dict, n, getenv("BITEXT"));
			p = *end == ',' ? end + 1 : end;
		}
	}
	return 0;
}
