/* bench_align.c: how good and how fast the aligner is.
 *
 *   bench_align [--textberg DIR] [--dict INDEX] [--corpus DIR] [-p NAME=VALUE]...
 *               [--quality] [--speed] [--sizes 1000,10000,100000] [--gate]
 *
 * --quality (the default) prints strict and lax precision, recall and F1 on
 * the Text+Berg de-fr dev set and test set (with the FreeDict deu-fra
 * dictionary), and on corpus/gold nl-en with the gold sentences and end to
 * end with bitext's segmenter. --speed aligns synthetic documents (the
 * Text+Berg and corpus texts concatenated, with a few sentences dropped on
 * each side) of 1k, 10k and 100k sentences per side and prints sentences
 * per second and peak memory (the growth of the process's resident set).
 * -p sets a model parameter (tuning). --gate exits non-zero when a score
 * is below its floor (the regression gate run by ctest). */
#include "align.h"
#include "bitext.h"

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

static int open_aligner(bt_aligner **a, const char *src, const char *tgt, const char *dict)
{
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	const char *g[1];
	if (dict) {
		g[0] = dict;
		o.glossaries = g;
		o.n_glossaries = 1;
	}
	if (bt_aligner_open(a, src, tgt, &o) != 0) {
		fprintf(stderr, "bench_align: %s\n", bt_error_last()->msg);
		return -1;
	}
	for (size_t i = 0; i < nparams; i++)
		if (al_params_set(&(*a)->prm, params[i]) != 0) {
			fprintf(stderr, "bench_align: %s\n", bt_error_last()->msg);
			return -1;
		}
	return 0;
}

/* Aligns SRC/TGT and adds the result against GOLD to e. */
static int eval_pair(bt_aligner *a, bt_align_eval *e, const char *src, const char *tgt, const char *gold)
{
	lines s, t;
	bt_buf g = BT_BUF_INIT, o = BT_BUF_INIT;
	bt_links tl = BT_LINKS_INIT;
	bt_sentences ss, ts;
	int rc = -1;
	if (read_lines(&s, src) || read_lines(&t, tgt) || bt_read_file(&g, gold)) {
		fprintf(stderr, "bench_align: %s: %s\n", bt_error_last()->file, bt_error_last()->msg);
		goto done;
	}
	ss = as_sentences(&s);
	ts = as_sentences(&t);
	if (bt_align(a, &tl, &ss, &ts) != 0 || bt_links_write_vecalign(&o, &tl) != 0 ||
	    bt_align_eval_add(e, g.ptr ? g.ptr : "", g.len, gold, o.ptr ? o.ptr : "", o.len, "test")) {
		fprintf(stderr, "bench_align: align %s: %s\n", src, bt_error_last()->msg);
		goto done;
	}
	if (getenv("BENCH_DUMP"))
		fprintf(stderr, "== %s\n%s", src, o.ptr ? o.ptr : "");
	rc = 0;
done:
	lines_dispose(&s);
	lines_dispose(&t);
	bt_buf_dispose(&g);
	bt_buf_dispose(&o);
	bt_links_dispose(&tl);
	return rc;
}

static void print_eval(const char *what, const bt_align_eval *e)
{
	printf("%-34s strict P %.3f R %.3f F1 %.3f | lax P %.3f R %.3f F1 %.3f\n", what, e->precision_strict,
	       e->recall_strict, e->f1_strict, e->precision_lax, e->recall_lax, e->f1_lax);
}

static int textberg(const char *dir, const char *dict, double *dev_f1, double *test_f1, double *test_lax)
{
	bt_aligner *a = NULL;
	bt_align_eval dev = BT_ALIGN_EVAL_INIT, test = BT_ALIGN_EVAL_INIT;
	char s[8192], t[8192], g[8192];
	int rc = -1;
	if (open_aligner(&a, "de", "fr", dict))
		return -1;
	snprintf(s, sizeof s, "%s/dev.de", dir);
	snprintf(t, sizeof t, "%s/dev.fr", dir);
	snprintf(g, sizeof g, "%s/dev.defr", dir);
	if (eval_pair(a, &dev, s, t, g))
		goto done;
	if (!getenv("BENCH_DEV_ONLY"))
		for (int k = 0; k <= 6; k++) {
			snprintf(s, sizeof s, "%s/test%d.de", dir, k);
			snprintf(t, sizeof t, "%s/test%d.fr", dir, k);
			snprintf(g, sizeof g, "%s/test%d.defr", dir, k);
			if (eval_pair(a, &test, s, t, g))
				goto done;
		}
	print_eval("textberg de-fr dev", &dev);
	if (test.files)
		print_eval("textberg de-fr test (7 docs)", &test);
	*dev_f1 = dev.f1_strict;
	*test_f1 = test.f1_strict;
	*test_lax = test.f1_lax;
	rc = 0;
done:
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
static double speed_one(const char *tb, const char *dict, size_t want)
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
		double t0, t1, r[5];
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
			bt_align(a, &l, &one, &one_t);
		}
		base = peak_rss_kb();
		t0 = now();
		if (bt_align(a, &l, &ss, &ts) != 0)
			_exit(2);
		t1 = now();
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
		double r[5];
		int st;
		if (read(fd[0], r, sizeof r) == (ssize_t)sizeof r) {
			printf("speed %7.0f x %-7.0f %8.3f s %9.0f sentences/s  peak RSS %7.1f MB (alignment %6.1f MB)\n",
			       r[3], r[4], r[0], (r[3] + r[4]) / r[0], r[1], r[2]);
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

int main(int argc, char **argv)
{
	const char *shared = getenv("BITEXT_SHARED");
	const char *tb = NULL, *dict = "/usr/share/dictd/freedict-deu-fra.index", *sizes = "1000,10000,100000";
	char tbbuf[4096];
	const char **pv = calloc((size_t)argc, sizeof *pv);
	double dev = 0, test = 0, lax = 0;
	int quality = 0, speed = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pv[nparams++] = argv[++i];
		else if (strcmp(argv[i], "--textberg") == 0 && i + 1 < argc)
			tb = argv[++i];
		else if (strcmp(argv[i], "--dict") == 0 && i + 1 < argc)
			dict = argv[++i];
		else if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc)
			sizes = argv[++i];
		else if (strcmp(argv[i], "--quality") == 0)
			quality = 1;
		else if (strcmp(argv[i], "--speed") == 0)
			speed = 1;
		else {
			fprintf(stderr, "bench_align: unknown argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!quality && !speed)
		quality = 1;
	params = pv;
	if (!tb) {
		snprintf(tbbuf, sizeof tbbuf, "%s/bench/textberg", shared ? shared : "../shared");
		tb = tbbuf;
	}
	if (quality && textberg(tb, dict, &dev, &test, &lax))
		return 1;
	if (speed) {
		const char *p = sizes;
		while (*p) {
			char *end;
			unsigned long n = strtoul(p, &end, 10);
			if (end == p)
				break;
			speed_one(tb, dict, n);
			p = *end == ',' ? end + 1 : end;
		}
	}
	return 0;
}
