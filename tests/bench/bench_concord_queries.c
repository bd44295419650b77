/* bench_concord_queries.c: concordance query kinds on a real corpus.
 *
 *   bench_concord_queries CORPUS.db [RUNS] [QUERY...]
 *
 * Opens an existing corpus (for instance Debian's catalogues:
 *   bitext --db d.db init --src en --tgt nl
 *   bitext --db d.db import-tmx /work/material/debian-nl/debian-nl.tmx)
 * and prints, for each query (default: a set of every kind: plain words,
 * a phrase, a prefix, wildcard words, a name, exact spelling, and the
 * translation filters), the median time over RUNS runs (default 11, after
 * one warm-up) to the first page of 20 hits with their translations,
 * totals included, and the total it reports. Options of a query are
 * written before it, separated by a tab: "--tgt-has\tbestand\tfile". */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* "OPT\tVALUE\tQUERY" or "OPT\tQUERY" or "QUERY" into opts and the query. */
static const char *setup(char *spec, bt_concord_opts *o)
{
	char *tab;
	while (spec[0] == '-' && (tab = strchr(spec, '\t'))) {
		*tab = '\0';
		if (strcmp(spec, "--exact-spelling") == 0) {
			o->exact_spelling = 1;
			spec = tab + 1;
			continue;
		}
		if (strcmp(spec, "--match-case") == 0) {
			o->match_case = 1;
			spec = tab + 1;
			continue;
		}
		{
			char *v = tab + 1, *t2 = strchr(v, '\t');
			if (!t2)
				break;
			*t2 = '\0';
			if (strcmp(spec, "--tgt-has") == 0)
				o->tgt_has = v;
			else if (strcmp(spec, "--tgt-lacks") == 0)
				o->tgt_lacks = v;
			spec = t2 + 1;
		}
	}
	return spec;
}

int main(int argc, char **argv)
{
	static const char *const defaults[] = {
		"file", "the", "configuration", "\"file name\"", "conf*", "*name", "*config*", "fil?", "Debian",
		"--exact-spelling\tfile", "--tgt-has\tbestand\tfile", "--tgt-lacks\tbestand\tfile", NULL};
	bt_corpus *c = NULL;
	int runs = argc > 2 ? atoi(argv[2]) : 11, nq = 0;
	char *specs[64];
	if (argc < 2 || runs < 1 || runs > 1000) {
		fprintf(stderr, "usage: bench_concord_queries CORPUS.db [RUNS] [QUERY...]\n");
		return 2;
	}
	for (int i = 3; i < argc && nq < 64; i++)
		specs[nq++] = argv[i];
	for (int i = 0; argc <= 3 && defaults[i]; i++)
		specs[nq++] = (char *)defaults[i];
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	/* read-write, as `bitext concord` opens it: the concordance may bring
	 * its own tables up to date (the index's word list for wildcards) */
	if (bt_corpus_open(&c, argv[1], &co) != 0) {
		fprintf(stderr, "bench_concord_queries: cannot open %s: %s\n", argv[1], bt_error_last()->msg);
		return 3;
	}
	printf("%-40s %10s %10s %8s\n", "query", "median ms", "min ms", "total");
	for (int k = 0; k < nq; k++) {
		char buf[512];
		bt_concord_opts o = BT_CONCORD_OPTS_INIT;
		const char *q;
		double t[1001];
		size_t total = 0;
		int capped = 0, bad = 0;
		snprintf(buf, sizeof buf, "%s", specs[k]);
		q = setup(buf, &o);
		for (int r = 0; r <= runs && !bad; r++) {
			bt_concord_page p = BT_CONCORD_PAGE_INIT;
			bt_buf out = BT_BUF_INIT;
			bt_concord_fmt f = BT_CONCORD_FMT_INIT;
			double t0 = now();
			bad = bt_concord_search(&p, c, q, &o) != 0 || bt_concord_write(&out, &p, &f) != 0;
			t[r] = (now() - t0) * 1000;
			total = p.total, capped = p.capped;
			bt_concord_page_dispose(&p);
			bt_buf_dispose(&out);
		}
		if (bad) {
			printf("%-40s failed: %s\n", specs[k], bt_error_last()->msg);
			continue;
		}
		qsort(t + 1, (size_t)runs, sizeof *t, dcmp);
		{
			char label[64];
			snprintf(label, sizeof label, "%s", specs[k]);
			for (char *s = label; *s; s++)
				if (*s == '\t')
					*s = ' ';
			printf("%-40s %10.2f %10.2f %s%zu\n", label, t[1 + runs / 2], t[1], capped ? ">" : "", total);
		}
	}
	bt_corpus_free(c);
	bt_concord_cache_release();
	return 0;
}
