/* bench_words.c: the concordance's word alignment (issue 17) against the
 * hand word-aligned gold of corpus/gold/words (216 nl-en pairs).
 *
 *   bench_words GOLD_DIR [TRAIN.tsv [MAX]]
 *
 * Trains a lexicon (bt_lexicon, IBM Model 1 with cognates and names as
 * seeds, as `bitext align` trains a corpus's) on the gold's own sentence
 * pairs, as an unsupervised word aligner is run over the text it aligns,
 * plus, when given, the first MAX (all) rows of TRAIN.tsv: Debian's nl
 * catalogues as /work/material/debian-nl/debian-nl.tsv has them (columns
 * msgid, msgstr found by name in its header). Then aligns each gold pair
 * with bt_lexicon_align_words(), the call that highlights a hit's
 * translation, maps its byte ranges to the gold's tokens (nl.tok, en.tok,
 * found in order in the raw sentences) and prints:
 *   - precision, recall and AER (Och & Ney 2003) of the links, as
 *     corpus/gold/words/aer.py computes them;
 *   - the precision of the highlight: a source word's highlighted target
 *     span is right when every token pair of the two spans is a sure or
 *     possible gold link.
 * Also writes the test alignment, fast_align's i-j format, to
 * words.align in the current folder (aer.py nl-en.align words.align
 * gives the same figures).
 *
 *   bench_words GOLD_DIR --corpus DB
 *
 * aligns the gold pairs with the word model a corpus learned from its own
 * links (bt_corpus_align_words(), what the concordance marks): the
 * figures a user gets. A corpus holding the gold's sentences, made with
 * the commands (docs/bench.md):
 *   bitext --db DB init --src nl --tgt en && bitext --db DB import corpus
 *   bitext --db DB align
 *   bitext --db DB import-tmx /work/material/debian-nl/debian-nl.tmx */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXTOK 512

typedef struct {
	char *nl, *en;           /* raw sentences */
	char *nl_tok, *en_tok;   /* token lines */
	char *gold;              /* gold links line */
	int debian;              /* from Debian's catalogues, else the sample corpus */
} gold_pair;

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		exit(2);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* Lines of a file, without their newlines. */
static char **read_lines(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **v = NULL;
	size_t cap = 0, vc = 0;
	ssize_t len;
	*n = 0;
	if (!f) {
		fprintf(stderr, "bench_words: cannot open %s\n", path);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (*n == vc && !(v = realloc(v, (vc = vc ? 2 * vc : 256) * sizeof *v)))
			exit(2);
		v[(*n)++] = dup_n(line, (size_t)len);
	}
	free(line);
	fclose(f);
	return v;
}

/* Field k (0-based) of a tab-separated line, copied. */
static char *field(const char *line, int k)
{
	const char *p = line, *e;
	for (int i = 0; i < k && p; i++)
		p = (p = strchr(p, '\t')) ? p + 1 : NULL;
	if (!p)
		return dup_n("", 0);
	e = strchr(p, '\t');
	return dup_n(p, e ? (size_t)(e - p) : strlen(p));
}

/* Byte ranges of the tokens of `toks` (space-separated) in `raw`, found in
 * order. Returns the number of tokens; -1 when one is not found. */
static int locate(const char *raw, const char *toks, size_t start[MAXTOK], size_t end[MAXTOK])
{
	const char *p = raw, *t = toks;
	int n = 0;
	while (*t && n < MAXTOK) {
		size_t k = strcspn(t, " ");
		const char *at = NULL;
		for (const char *q = p; *q; q++)
			if (strncmp(q, t, k) == 0) {
				at = q;
				break;
			}
		if (!at)
			return -1;
		start[n] = (size_t)(at - raw);
		end[n] = start[n] + k;
		p = at + k;
		n++;
		t += k;
		while (*t == ' ')
			t++;
	}
	return n;
}

/* gold[i][j]: 0 none, 1 possible, 2 sure */
static unsigned char gold[MAXTOK][MAXTOK];

static void read_gold(const char *line, int ns, int nt)
{
	for (int i = 0; i < ns; i++)
		memset(gold[i], 0, (size_t)nt);
	for (const char *p = line; *p;) {
		int i, j, used = 0;
		char c;
		if (sscanf(p, "%d%c%d%n", &i, &c, &j, &used) == 3 && i >= 0 && i < ns && j >= 0 && j < nt)
			gold[i][j] = c == '-' ? 2 : gold[i][j] ? gold[i][j] : 1;
		p += used ? used : 1;
		while (*p == ' ')
			p++;
	}
}

static void train(bt_lexicon *lx, gold_pair *g, size_t n, const char *tsv, long max)
{
	size_t nl;
	for (size_t k = 0; k < n; k++)
		bt_lexicon_add_pair(lx, g[k].nl, strlen(g[k].nl), g[k].en, strlen(g[k].en));
	if (tsv) {
		char **rows = read_lines(tsv, &nl);
		int cid = -1, cstr = -1;
		for (int k = 0; k < 16; k++) {
			char *h = field(rows[0], k);
			if (strcmp(h, "msgid") == 0)
				cid = k;
			if (strcmp(h, "msgstr") == 0)
				cstr = k;
			free(h);
		}
		if (cid < 0 || cstr < 0) {
			fprintf(stderr, "bench_words: %s has no msgid and msgstr columns\n", tsv);
			exit(2);
		}
		for (size_t r = 1; r < nl && (max < 0 || (long)r <= max); r++) {
			char *en = field(rows[r], cid), *nlt = field(rows[r], cstr);
			if (*en && *nlt)
				bt_lexicon_add_pair(lx, nlt, strlen(nlt), en, strlen(en));
			free(en), free(nlt);
		}
		for (size_t r = 0; r < nl; r++)
			free(rows[r]);
		free(rows);
	}
	if (bt_lexicon_train(lx) != 0) {
		fprintf(stderr, "bench_words: training failed\n");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	char path[4096];
	size_t np, nt1, nt2, na;
	char **pairs, **nlt, **ent, **al;
	long max = argc > 3 ? atol(argv[3]) : -1;
	gold_pair *g;
	bt_lexicon *lx = NULL;
	bt_corpus *corpus = NULL;
	long long trained = 0, waiting = 0, wpairs = 0;
	bt_lexicon_opts lo = BT_LEXICON_OPTS_INIT;
	long a_n = 0, s_n = 0, a_s = 0, a_p = 0, hl = 0, hl_ok = 0, by_hl[2] = {0, 0}, by_ok[2] = {0, 0};
	FILE *out;
	if (argc < 2) {
		fprintf(stderr, "usage: bench_words GOLD_DIR [TRAIN.tsv [MAX]]\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/pairs.tsv", argv[1]);
	pairs = read_lines(path, &np);
	snprintf(path, sizeof path, "%s/nl.tok", argv[1]);
	nlt = read_lines(path, &nt1);
	snprintf(path, sizeof path, "%s/en.tok", argv[1]);
	ent = read_lines(path, &nt2);
	snprintf(path, sizeof path, "%s/nl-en.align", argv[1]);
	al = read_lines(path, &na);
	if (np < 2 || nt1 != np - 1 || nt2 != np - 1 || na != np - 1) {
		fprintf(stderr, "bench_words: the gold's files do not agree in length\n");
		return 2;
	}
	g = calloc(np - 1, sizeof *g);
	for (size_t k = 0; k + 1 < np; k++)
		g[k] = (gold_pair){field(pairs[k + 1], 4), field(pairs[k + 1], 5), nlt[k], ent[k], al[k],
				   strcmp(field(pairs[k + 1], 1), "debian") == 0};
	if (argc > 3 && strcmp(argv[2], "--corpus") == 0) {
		if (bt_corpus_open(&corpus, argv[3], NULL) != 0 ||
		    bt_corpus_word_model(corpus, &trained, &waiting, &wpairs) != 0) {
			fprintf(stderr, "bench_words: %s: %s\n", argv[3], bt_error_last()->msg);
			return 2;
		}
	} else {
		lo.max_pairs = 200000;
		if (bt_lexicon_new(&lx, "nl", "en", &lo) != 0)
			return 2;
		train(lx, g, np - 1, argc > 2 ? argv[2] : NULL, max);
	}
	if (!(out = fopen("words.align", "w")))
		return 2;
	for (size_t k = 0; k + 1 < np; k++) {
		static size_t ss[MAXTOK], se[MAXTOK], ts[MAXTOK], te[MAXTOK];
		static unsigned char test[MAXTOK][MAXTOK];
		bt_word_links wl = BT_WORD_LINKS_INIT;
		int ns = locate(g[k].nl, g[k].nl_tok, ss, se), nt = locate(g[k].en, g[k].en_tok, ts, te), first = 1;
		if (ns < 0 || nt < 0) {
			fprintf(stderr, "bench_words: pair %zu: a token is not in its sentence\n", k);
			return 2;
		}
		read_gold(g[k].gold, ns, nt);
		for (int i = 0; i < ns; i++)
			memset(test[i], 0, (size_t)nt);
		if (corpus) {
			int has = 0;
			if (bt_corpus_align_words(&wl, &has, corpus, g[k].nl, strlen(g[k].nl), g[k].en, strlen(g[k].en)) != 0 ||
			    !has) {
				fprintf(stderr, "bench_words: %s: %s\n", argv[3], has ? bt_error_last()->msg : "no word model");
				return 2;
			}
		} else if (bt_lexicon_align_words(&wl, lx, g[k].nl, strlen(g[k].nl), g[k].en, strlen(g[k].en)) != 0)
			return 2;
		for (size_t w = 0; w < wl.n; w++) {
			const bt_word_link *l = &wl.v[w];
			int ok = 1, any = 0;
			for (int i = 0; i < ns; i++) {
				if (se[i] <= l->src_start || ss[i] >= l->src_end)
					continue;
				for (int j = 0; j < nt; j++) {
					if (te[j] <= l->tgt_start || ts[j] >= l->tgt_end)
						continue;
					test[i][j] = 1;
					any = 1;
					ok &= gold[i][j] != 0;
				}
			}
			hl += any;
			hl_ok += any && ok;
			by_hl[g[k].debian] += any;
			by_ok[g[k].debian] += any && ok;
		}
		for (int i = 0; i < ns; i++)
			for (int j = 0; j < nt; j++) {
				s_n += gold[i][j] == 2;
				if (!test[i][j])
					continue;
				a_n++;
				a_s += gold[i][j] == 2;
				a_p += gold[i][j] != 0;
				fprintf(out, "%s%d-%d", first ? "" : " ", i, j);
				first = 0;
			}
		fputc('\n', out);
		bt_word_links_dispose(&wl);
	}
	fclose(out);
	if (corpus)
		printf("word alignment of %zu gold pairs (the word model of %s: %lld word pairs, learned from %lld links;"
		       " %lld waiting)\n", np - 1, argv[3], wpairs, trained, waiting);
	else
		printf("word alignment of %zu gold pairs (lexicon: %zu word pairs, trained on the gold's pairs%s%s)\n",
		       np - 1, bt_lexicon_size(lx), argc > 2 ? " and " : "", argc > 2 ? argv[2] : "");
	printf("links %ld: precision %.3f recall %.3f AER %.3f\n", a_n, a_n ? (double)a_p / a_n : 0.0,
	       s_n ? (double)a_s / s_n : 0.0, a_n + s_n ? 1.0 - (double)(a_s + a_p) / (double)(a_n + s_n) : 0.0);
	printf("highlights %ld: precision %.3f (every token pair of the two spans a gold link)\n", hl,
	       hl ? (double)hl_ok / hl : 0.0);
	printf("  on the sample corpus's pairs %ld: precision %.3f; on Debian's %ld: precision %.3f\n", by_hl[0],
	       by_hl[0] ? (double)by_ok[0] / by_hl[0] : 0.0, by_hl[1], by_hl[1] ? (double)by_ok[1] / by_hl[1] : 0.0);
	bt_lexicon_free(lx);
	if (corpus)
		bt_corpus_free(corpus);
	return 0;
}
