/* lexicon.c: a translation lexicon learned from sentence pairs.
 *
 * Training is IBM Model 1 in both directions (P(t|s) and P(s|t)), each
 * with an empty word and with fast_align's diagonal prior: the chance
 * that target word j aligns with source word i falls with the distance
 * between i/n and j/m. Words seen once in the training pairs share one
 * id (RARE), so that they do not soak up probability (Model 1's
 * "garbage collectors"). Words that share their first five letters start
 * as likelier translations (cognates, names). The expected counts of the
 * last round are the model's counts; a model trained again counts them
 * as prior counts.
 *
 * Memory: the training pairs' word ids and, while training, one entry
 * index per word pair of every training pair and 8 bytes more for
 * sorting them (about 12 bytes x 20 x 20 a pair); max_pairs bounds
 * both. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEX_MAX_WORDS 128  /* words of one side of a training pair */
#define LEX_TENSION 4.0    /* fast_align's diagonal tension */
#define LEX_P_NULL 0.08    /* the chance of the empty word */
#define LEX_SEED 10.0      /* a cognate's head start */
#define LEX_KEEP 0.3       /* expected count an entry needs to be kept */
#define LEX_SIDE_BY_SIDE 2000 /* training pairs from which both directions train side by side */

/* ---- forms ---- */

int bt_al_lex_form(al_folder *f, const al_stemmer *st, bt_buf *out, const char *w, size_t len)
{
	bt_buf fl = BT_BUF_INIT;
	int rc;
	bt_buf_clear(out);
	if ((rc = bt_al_flatten(f, &fl, w, len)) == 0)
		rc = bt_al_stem(st, out, fl.ptr ? fl.ptr : "", fl.len);
	bt_buf_dispose(&fl);
	return rc;
}

long bt_al_lex_word(const bt_lexicon *lx, int side, const char *form, size_t len)
{
	long id = bt_al_strtab_find(&lx->words[side], form, len);
	/* a word added after the model was indexed has no entries yet */
	return id > AL_LEX_RARE && (size_t)id < lx->nrow[side] ? id : -1;
}

static size_t cp_len(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- the object ---- */

static int lang_ok(const char *l)
{
	size_t n = l ? strlen(l) : 0;
	return n >= 2 && n <= 31 && strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") == n;
}

/* The folder and the stemmers, opened on first use (a lexicon trained on
 * word ids needs neither, and opening ICU's transliterator is dear). */
static int tools(bt_lexicon *lx)
{
	int rc;
	if (lx->folder)
		return 0;
	if ((rc = bt_al_stemmer_open(&lx->stem[0], lx->lang[0])) != 0 ||
	    (rc = bt_al_stemmer_open(&lx->stem[1], lx->lang[1])) != 0 || (rc = bt_al_folder_open(&lx->folder)) != 0)
		return rc;
	return 0;
}

int bt_al_lex_tools(bt_lexicon *lx)
{
	return tools(lx);
}

int bt_al_lex_open_tools(bt_lexicon *lx)
{
	uint32_t id;
	int rc;
	for (int s = 0; s < 2; s++)
		if (lx->words[s].n == 0 && ((rc = bt_al_strtab_add(&lx->words[s], "", 0, &id)) != 0 ||
					    (rc = bt_al_strtab_add(&lx->words[s], "\x01", 1, &id)) != 0))
			return rc;
	lx->stride = 1;
	return 0;
}

int bt_al_lex_alloc(bt_lexicon **out, const char *src_lang, const char *tgt_lang)
{
	bt_lexicon *lx;
	*out = NULL;
	if (!lang_ok(src_lang) || !lang_ok(tgt_lang))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s' (use a BCP 47 tag such as nl or en-GB)",
			       lang_ok(src_lang) ? tgt_lang ? tgt_lang : "" : src_lang ? src_lang : "");
	if (!(lx = bt_calloc(1, sizeof *lx)))
		return bt_fail_nomem();
	snprintf(lx->lang[0], sizeof lx->lang[0], "%s", src_lang);
	snprintf(lx->lang[1], sizeof lx->lang[1], "%s", tgt_lang);
	for (int s = 0; s < 2; s++)
		for (char *p = lx->lang[s]; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	lx->iterations = 5;
	lx->max_pairs = 10000;
	lx->min_score = 0.5;
	*out = lx;
	return 0;
}

int bt_lexicon_new(bt_lexicon **out, const char *src_lang, const char *tgt_lang, const bt_lexicon_opts *opts)
{
	bt_lexicon *lx;
	int rc;
	*out = NULL;
	if (opts && (opts->version < 1 || opts->version > BT_LEXICON_OPTS_VERSION))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "lexicon options version %u unknown (start from BT_LEXICON_OPTS_INIT)",
			       opts->version);
	if ((rc = bt_al_lex_alloc(&lx, src_lang, tgt_lang)) != 0)
		return rc;
	if (opts && opts->iterations > 0)
		lx->iterations = opts->iterations;
	if (opts && opts->max_pairs > 0)
		lx->max_pairs = opts->max_pairs;
	if (opts && opts->min_score > 0)
		lx->min_score = opts->min_score;
	if ((rc = bt_al_lex_open_tools(lx)) != 0) {
		bt_lexicon_free(lx);
		return rc;
	}
	*out = lx;
	return 0;
}

void bt_lexicon_set_threads(bt_lexicon *lx, int threads)
{
	lx->threads = threads;
}

static void drop_model(bt_lexicon *lx)
{
	bt_free(lx->e);
	bt_free(lx->row_s);
	bt_free(lx->by_t);
	bt_free(lx->row_t);
	lx->e = NULL;
	lx->row_s = lx->by_t = lx->row_t = NULL;
	lx->ne = lx->ecap = 0;
	lx->nrow[0] = lx->nrow[1] = 0;
	lx->unsorted = 0;
}

void bt_lexicon_free(bt_lexicon *lx)
{
	if (!lx)
		return;
	drop_model(lx);
	for (int s = 0; s < 2; s++) {
		bt_al_strtab_dispose(&lx->words[s]);
		bt_free(lx->freq[s]);
	}
	bt_al_folder_free(lx->folder);
	bt_al_stemmer_free(lx->stem[0]);
	bt_al_stemmer_free(lx->stem[1]);
	bt_free(lx->toks);
	bt_free(lx->po);
	bt_al_rawtoks_dispose(&lx->rt);
	bt_buf_dispose(&lx->fl);
	bt_buf_dispose(&lx->st);
	bt_free(lx);
}

size_t bt_lexicon_size(const bt_lexicon *lx)
{
	return lx->ne;
}

size_t bt_lexicon_pending(const bt_lexicon *lx)
{
	return lx->npairs;
}

/* ---- training pairs ---- */

static int push_tok(bt_lexicon *lx, uint32_t id)
{
	if (lx->ntoks == lx->toks_cap) {
		size_t cap = lx->toks_cap ? lx->toks_cap * 2 : 4096;
		uint32_t *v = bt_realloc(lx->toks, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		lx->toks = v;
		lx->toks_cap = cap;
	}
	lx->toks[lx->ntoks++] = id;
	return 0;
}

/* The words of one side of a pair appended to toks (at most
 * LEX_MAX_WORDS; single letters carry nothing). */
static int side_words(bt_lexicon *lx, int side, const char *text, size_t len, size_t *added)
{
	int rc;
	*added = 0;
	if ((rc = tools(lx)) != 0 || (rc = bt_al_tokenize(&lx->rt, text, len)) != 0)
		return rc;
	for (size_t k = 0; k < lx->rt.n && *added < LEX_MAX_WORDS; k++) {
		const al_rawtok *r = &lx->rt.v[k];
		uint32_t id;
		if (r->kind != AL_T_WORD || cp_len(text + r->start, r->end - r->start) < 2)
			continue;
		if ((rc = bt_al_lex_form(lx->folder, lx->stem[side], &lx->st, text + r->start, r->end - r->start)) != 0 ||
		    (rc = bt_al_strtab_add(&lx->words[side], lx->st.ptr ? lx->st.ptr : "", lx->st.len, &id)) != 0 ||
		    (rc = push_tok(lx, id)) != 0)
			return rc;
		(*added)++;
	}
	return 0;
}

/* Keeps every second pair: the sample stays spread evenly. */
static void thin_pairs(bt_lexicon *lx)
{
	size_t w = 0, np = 0;
	for (size_t p = 0; p < lx->npairs; p += 2) {
		size_t a = lx->po[2 * p], b = lx->po[2 * p + 1], c = lx->po[2 * p + 2];
		memmove(lx->toks + w, lx->toks + a, (c - a) * sizeof *lx->toks);
		lx->po[2 * np] = w;
		lx->po[2 * np + 1] = w + (b - a);
		w += c - a;
		np++;
	}
	lx->po[2 * np] = w;
	lx->ntoks = w;
	lx->npairs = np;
}

/* Room for one more pair, after thinning when full; 0 when this pair is
 * one the thinning skips (*take 0). */
static int pair_slot(bt_lexicon *lx, int *take)
{
	*take = 0;
	if (lx->offered++ % lx->stride)
		return 0;
	if (lx->npairs >= lx->max_pairs) {
		thin_pairs(lx);
		lx->stride *= 2;
		if ((lx->offered - 1) % lx->stride)
			return 0;
	}
	if (2 * lx->npairs + 3 > lx->po_cap) {
		size_t cap = lx->po_cap ? lx->po_cap * 2 : 1024;
		size_t *v = bt_realloc(lx->po, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		lx->po = v;
		lx->po_cap = cap;
	}
	*take = 1;
	lx->po[2 * lx->npairs] = lx->ntoks;
	return 0;
}

/* Ends the pair started by pair_slot: kept when both sides have words. */
static void pair_end(bt_lexicon *lx, size_t ns, size_t nt)
{
	if (ns == 0 || nt == 0) { /* nothing to learn from */
		lx->ntoks = lx->po[2 * lx->npairs];
		return;
	}
	lx->npairs++;
	lx->po[2 * lx->npairs] = lx->ntoks;
}

int bt_lexicon_add_pair(bt_lexicon *lx, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	size_t ns, nt;
	int rc, take;
	if ((rc = pair_slot(lx, &take)) != 0 || !take)
		return rc;
	if ((rc = side_words(lx, 0, src, src_len, &ns)) != 0)
		return rc;
	lx->po[2 * lx->npairs + 1] = lx->ntoks;
	if ((rc = side_words(lx, 1, tgt, tgt_len, &nt)) != 0)
		return rc;
	pair_end(lx, ns, nt);
	return 0;
}

int bt_al_lex_add_ids(bt_lexicon *lx, const uint32_t *src, size_t ns, const uint32_t *tgt, size_t nt)
{
	size_t k[2] = {0, 0};
	int rc, take;
	if ((rc = pair_slot(lx, &take)) != 0 || !take)
		return rc;
	for (int side = 0; side < 2; side++) {
		const uint32_t *v = side ? tgt : src;
		size_t n = side ? nt : ns;
		if (side)
			lx->po[2 * lx->npairs + 1] = lx->ntoks;
		for (size_t i = 0; i < n && k[side] < LEX_MAX_WORDS; i++) {
			if (v[i] <= AL_LEX_RARE)
				continue;
			if ((rc = push_tok(lx, v[i])) != 0)
				return rc;
			k[side]++;
		}
	}
	pair_end(lx, k[0], k[1]);
	return 0;
}

/* The text of sentences [first, first+n) joined by spaces, into b. */
static int join(bt_buf *b, const bt_sentences *s, size_t first, size_t n)
{
	int rc = 0;
	bt_buf_clear(b);
	for (size_t i = first; i < first + n && !rc; i++)
		if ((i > first && (rc = bt_buf_put(b, " ", 1)) != 0) || (rc = bt_buf_put(b, s->text[i], s->len[i])) != 0)
			return rc;
	return rc;
}

int bt_lexicon_add_links(bt_lexicon *lx, const bt_sentences *src, const bt_sentences *tgt, const bt_links *links)
{
	bt_buf a = BT_BUF_INIT, b = BT_BUF_INIT;
	int rc = 0;
	for (size_t x = 0; x < links->n && !rc; x++) {
		const bt_link *l = &links->v[x];
		if (!l->src_n || !l->tgt_n || l->src_n + l->tgt_n > 3 || l->score < lx->min_score)
			continue;
		if (l->src_first + l->src_n > src->n || l->tgt_first + l->tgt_n > tgt->n) {
			rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "link %zu lies outside the sentences", x);
			break;
		}
		if ((rc = join(&a, src, l->src_first, l->src_n)) == 0 && (rc = join(&b, tgt, l->tgt_first, l->tgt_n)) == 0)
			rc = bt_lexicon_add_pair(lx, a.ptr ? a.ptr : "", a.len, b.ptr ? b.ptr : "", b.len);
	}
	bt_buf_dispose(&a);
	bt_buf_dispose(&b);
	return rc;
}

/* ---- training ---- */

/* What one training round works on. */
typedef struct trainer {
	bt_lexicon *lx;
	uint32_t *es, *et;       /* the pair of each entry */
	float *pf, *pb;          /* P(t|s), P(s|t) */
	float *cf, *cb;          /* expected counts of this round */
	float *prior;            /* counts of the model before */
	size_t ne, ecap;
	uint32_t *cls[2];        /* word -> its class (itself, NULL or RARE) */
	uint32_t *cell;          /* entry of each (i, j) of each pair */
	size_t *cell_off;        /* first cell of each pair */
	float diag[1025];        /* exp(-tension x), x in [0, 1] */
} trainer;

static void trainer_dispose(trainer *tr)
{
	bt_free(tr->es);
	bt_free(tr->et);
	bt_free(tr->pf);
	bt_free(tr->pb);
	bt_free(tr->cf);
	bt_free(tr->cb);
	bt_free(tr->prior);
	bt_free(tr->cls[0]);
	bt_free(tr->cls[1]);
	bt_free(tr->cell);
	bt_free(tr->cell_off);
}

/* Do two forms look alike (a cognate or a name): equal, or the same first
 * five letters? */
static int alike(const bt_lexicon *lx, uint32_t s, uint32_t t)
{
	size_t ls, lt, n = 0;
	const char *a = bt_al_strtab_get(&lx->words[0], s, &ls), *b = bt_al_strtab_get(&lx->words[1], t, &lt);
	if (s <= AL_LEX_RARE || t <= AL_LEX_RARE)
		return 0;
	if (ls == lt && memcmp(a, b, ls) == 0)
		return ls >= 2;
	while (n < ls && n < lt && a[n] == b[n])
		n++;
	return cp_len(a, n) >= 5;
}

static int grow_freq(bt_lexicon *lx)
{
	for (int s = 0; s < 2; s++)
		if (lx->freq_cap[s] < lx->words[s].n) {
			float *f = bt_realloc(lx->freq[s], lx->words[s].n * sizeof *f);
			if (!f)
				return bt_fail_nomem();
			memset(f + lx->freq_cap[s], 0, (lx->words[s].n - lx->freq_cap[s]) * sizeof *f);
			lx->freq[s] = f;
			lx->freq_cap[s] = lx->words[s].n;
		}
	return 0;
}

/* Counts the pairs holding each word (once a pair) and maps the words
 * seen once, in all training so far, to RARE. */
static int word_classes(trainer *tr)
{
	bt_lexicon *lx = tr->lx;
	uint32_t *stamp;
	int rc;
	if ((rc = grow_freq(lx)) != 0)
		return rc;
	for (int s = 0; s < 2; s++) {
		size_t nw = lx->words[s].n;
		if (!(stamp = bt_calloc(nw, sizeof *stamp)) || !(tr->cls[s] = bt_malloc(nw * sizeof *tr->cls[s]))) {
			bt_free(stamp);
			return bt_fail_nomem();
		}
		for (size_t p = 0; p < lx->npairs; p++)
			for (size_t k = lx->po[2 * p + s]; k < lx->po[2 * p + s + 1]; k++)
				if (stamp[lx->toks[k]] != p + 1) {
					stamp[lx->toks[k]] = (uint32_t)p + 1;
					lx->freq[s][lx->toks[k]] += 1;
				}
		for (size_t w = 0; w < nw; w++)
			tr->cls[s][w] = w <= AL_LEX_RARE || lx->freq[s][w] >= 2 ? (uint32_t)w : AL_LEX_RARE;
		bt_free(stamp);
	}
	return 0;
}

/* Where each pair's cells start, and the cells' count. */
static int cell_layout(trainer *tr, size_t *ncell)
{
	bt_lexicon *lx = tr->lx;
	*ncell = 0;
	if (!(tr->cell_off = bt_malloc((lx->npairs + 1) * sizeof *tr->cell_off)))
		return bt_fail_nomem();
	for (size_t p = 0; p < lx->npairs; p++) {
		size_t n = lx->po[2 * p + 1] - lx->po[2 * p], m = lx->po[2 * p + 2] - lx->po[2 * p + 1];
		tr->cell_off[p] = *ncell;
		*ncell += (n + 1) * (m + 1);
	}
	tr->cell_off[lx->npairs] = *ncell;
	if (*ncell + lx->ne >= UINT32_MAX)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "too many word pairs to train a lexicon");
	return (tr->cell = bt_malloc((*ncell ? *ncell : 1) * sizeof *tr->cell)) ? 0 : bt_fail_nomem();
}

/* Calls each(ud, s, t, item) for every cell of the pairs (item: the cell)
 * and every entry of the model before (item: ncell + its index). */
typedef void (*cell_fn)(void *ud, uint32_t s, uint32_t t, uint32_t item);

static void each_cell(const trainer *tr, size_t ncell, cell_fn each, void *ud)
{
	const bt_lexicon *lx = tr->lx;
	for (size_t x = 0; x < lx->ne; x++)
		each(ud, lx->e[x].s, lx->e[x].t, (uint32_t)(ncell + x));
	for (size_t p = 0; p < lx->npairs; p++) {
		const uint32_t *S = lx->toks + lx->po[2 * p], *T = lx->toks + lx->po[2 * p + 1];
		size_t n = (size_t)(T - S), m = lx->po[2 * p + 2] - lx->po[2 * p + 1], c = tr->cell_off[p];
		for (size_t i = 0; i <= n; i++) {
			uint32_t s = i ? tr->cls[0][S[i - 1]] : AL_LEX_NULL;
			for (size_t j = 0; j <= m; j++)
				if (i || j)
					each(ud, s, j ? tr->cls[1][T[j - 1]] : AL_LEX_NULL, (uint32_t)(c + i * (m + 1) + j));
		}
	}
}

/* Bucketing the cells by source word: a count, then a fill. */
typedef struct buckets {
	size_t *off;   /* per source word */
	uint64_t *item; /* t << 32 | item */
} buckets;

static void count_cell(void *ud, uint32_t s, uint32_t t, uint32_t item)
{
	(void)t, (void)item;
	((buckets *)ud)->off[s + 1]++;
}

static void fill_cell(void *ud, uint32_t s, uint32_t t, uint32_t item)
{
	buckets *b = ud;
	b->item[b->off[s]++] = (uint64_t)t << 32 | item;
}

static int push_entry(trainer *tr, uint32_t s, uint32_t t)
{
	if (tr->ne == tr->ecap) {
		size_t cap = tr->ecap ? tr->ecap * 2 : 4096;
		uint32_t *a = bt_realloc(tr->es, cap * sizeof *a), *b;
		float *c;
		if (!a)
			return bt_fail_nomem();
		tr->es = a;
		if (!(b = bt_realloc(tr->et, cap * sizeof *b)))
			return bt_fail_nomem();
		tr->et = b;
		if (!(c = bt_realloc(tr->prior, cap * sizeof *c)))
			return bt_fail_nomem();
		tr->prior = c;
		tr->ecap = cap;
	}
	tr->es[tr->ne] = s;
	tr->et[tr->ne] = t;
	tr->prior[tr->ne] = 0;
	tr->ne++;
	return 0;
}

/* The entries of one source word's bucket: one per target word met,
 * each cell pointed at its entry, the old model's counts as prior. */
static int bucket_entries(trainer *tr, uint32_t s, const uint64_t *v, size_t n, size_t ncell, uint32_t *stamp,
			  uint32_t *id)
{
	int rc;
	for (size_t k = 0; k < n; k++) {
		uint32_t t = (uint32_t)(v[k] >> 32), item = (uint32_t)v[k];
		if (stamp[t] != s + 1) {
			if ((rc = push_entry(tr, s, t)) != 0)
				return rc;
			stamp[t] = s + 1;
			id[t] = (uint32_t)tr->ne - 1;
		}
		if (item < ncell)
			tr->cell[item] = id[t];
		else
			tr->prior[id[t]] = tr->lx->e[item - ncell].count;
	}
	return 0;
}

/* The entries: the model before (its counts the prior) and every (i, j)
 * of the pairs, the empty word included; cell[] maps each pair's (i, j)
 * to its entry. Linear: the cells are bucketed by source word, and a
 * bucket's target words told apart by stamps. */
static int build_entries(trainer *tr)
{
	size_t ns = tr->lx->words[0].n, nt = tr->lx->words[1].n, ncell;
	buckets b = {NULL, NULL};
	uint32_t *stamp = NULL, *id = NULL;
	int rc;
	if ((rc = cell_layout(tr, &ncell)) != 0)
		return rc;
	if (!(b.off = bt_calloc(ns + 2, sizeof *b.off)) || !(stamp = bt_calloc(nt, sizeof *stamp)) ||
	    !(id = bt_malloc(nt * sizeof *id)) || !(b.item = bt_malloc((ncell + tr->lx->ne + 1) * sizeof *b.item))) {
		rc = bt_fail_nomem();
		goto done;
	}
	each_cell(tr, ncell, count_cell, &b);
	for (size_t w = 0; w < ns; w++)
		b.off[w + 1] += b.off[w];
	each_cell(tr, ncell, fill_cell, &b); /* off[w] ends where w+1 starts */
	for (size_t w = 0, start = 0; w < ns && !rc; w++) {
		rc = bucket_entries(tr, (uint32_t)w, b.item + start, b.off[w] - start, ncell, stamp, id);
		start = b.off[w];
	}
done:
	bt_free(b.off);
	bt_free(b.item);
	bt_free(stamp);
	bt_free(id);
	return rc;
}

/* P(t|s) = weight / the weights of s's row, and P(s|t) by t's column. */
static int normalise(trainer *tr, const float *wf, const float *wb)
{
	size_t ns = tr->lx->words[0].n, nt = tr->lx->words[1].n;
	double *ts = bt_calloc(ns, sizeof *ts), *tt = bt_calloc(nt, sizeof *tt);
	if (!ts || !tt) {
		bt_free(ts);
		bt_free(tt);
		return bt_fail_nomem();
	}
	for (size_t e = 0; e < tr->ne; e++) {
		ts[tr->es[e]] += wf[e];
		tt[tr->et[e]] += wb[e];
	}
	for (size_t e = 0; e < tr->ne; e++) {
		tr->pf[e] = ts[tr->es[e]] > 0 ? (float)(wf[e] / ts[tr->es[e]]) : 0;
		tr->pb[e] = tt[tr->et[e]] > 0 ? (float)(wb[e] / tt[tr->et[e]]) : 0;
	}
	bt_free(ts);
	bt_free(tt);
	return 0;
}

/* The start: uniform, cognates ahead, the prior counts added. */
static int initial_model(trainer *tr)
{
	size_t ne = tr->ne ? tr->ne : 1;
	int rc;
	if (!(tr->pf = bt_malloc(ne * sizeof *tr->pf)) || !(tr->pb = bt_malloc(ne * sizeof *tr->pb)) ||
	    !(tr->cf = bt_malloc(ne * sizeof *tr->cf)) || !(tr->cb = bt_malloc(ne * sizeof *tr->cb)))
		return bt_fail_nomem();
	for (size_t e = 0; e < tr->ne; e++)
		tr->cf[e] = (float)((alike(tr->lx, tr->es[e], tr->et[e]) ? LEX_SEED : 1.0) + tr->prior[e]);
	if ((rc = normalise(tr, tr->cf, tr->cf)) != 0)
		return rc;
	for (int k = 0; k <= 1024; k++)
		tr->diag[k] = (float)exp(-LEX_TENSION * k / 1024.0);
	return 0;
}

/* The diagonal weight of source word i (1-based, of n) for target word j
 * (of m). */
static float diag_w(const trainer *tr, size_t i, size_t n, size_t j, size_t m)
{
	double x = fabs(((double)i - 0.5) / (double)n - ((double)j - 0.5) / (double)m);
	return tr->diag[(int)(x * 1024.0 + 0.5)];
}

/* The E-step on one pair in one direction: 0 explains each target word
 * j by the source words i and the empty word (P(t_j | s), counts into
 * cf), 1 each source word by the target words (P(s_i | t), into cb).
 * Cell (i, j) of the pair is c[i * (m + 1) + j], row and column 0 the
 * empty word's. The directions write apart: the two may run on two
 * threads, each adding its pairs in the order one thread would. w[] holds
 * one word's unnormalised weights. */
static void expect_dir(trainer *tr, size_t p, int dir)
{
	const bt_lexicon *lx = tr->lx;
	size_t n = lx->po[2 * p + 1] - lx->po[2 * p], m = lx->po[2 * p + 2] - lx->po[2 * p + 1];
	const uint32_t *c = tr->cell + tr->cell_off[p];
	const float *pr = dir ? tr->pb : tr->pf;
	float *cnt = dir ? tr->cb : tr->cf;
	/* the words explained (o), the words that explain them (k), and the
	 * strides of each in the cells */
	size_t no = dir ? n : m, nk = dir ? m : n, so = dir ? m + 1 : 1, sk = dir ? 1 : m + 1;
	float w[LEX_MAX_WORDS + 1];
	for (size_t o = 1; o <= no; o++) {
		const uint32_t *row = c + o * so;
		double zd = 0, z;
		for (size_t k = 1; k <= nk; k++) {
			w[k] = diag_w(tr, k, nk, o, no);
			zd += w[k];
		}
		z = LEX_P_NULL * pr[row[0]];
		for (size_t k = 1; k <= nk; k++) {
			w[k] = (float)((1 - LEX_P_NULL) * w[k] / zd * pr[row[k * sk]]);
			z += w[k];
		}
		if (z <= 0)
			continue;
		cnt[row[0]] += (float)(LEX_P_NULL * pr[row[0]] / z);
		for (size_t k = 1; k <= nk; k++)
			cnt[row[k * sk]] += (float)(w[k] / z);
	}
}

/* A pool job: part 0 the forward direction, part 1 the backward (one
 * part: both). */
static void expect_part(void *arg, int part, int nparts)
{
	trainer *tr = arg;
	for (size_t p = 0; p < tr->lx->npairs; p++) {
		if (part == 0)
			expect_dir(tr, p, 0);
		if (part == 1 || nparts == 1)
			expect_dir(tr, p, 1);
	}
}

static int em(trainer *tr)
{
	al_pool *pool = NULL;
	int rc = 0;
	/* below some thousand pairs a round takes less than starting a
	 * thread; without the thread (no memory for it) the caller's does
	 * both directions */
	if (tr->lx->threads > 1 && tr->lx->npairs >= LEX_SIDE_BY_SIDE && bt_al_pool_new(&pool, 2) != 0)
		pool = NULL;
	for (int it = 0; it < tr->lx->iterations; it++) {
		for (size_t e = 0; e < tr->ne; e++)
			tr->cf[e] = tr->cb[e] = 0;
		bt_al_pool_run(pool, expect_part, tr);
		if (it + 1 == tr->lx->iterations)
			break; /* cf, cb: the counts of the final model */
		for (size_t e = 0; e < tr->ne; e++) {
			tr->cf[e] += tr->prior[e];
			tr->cb[e] += tr->prior[e];
		}
		if ((rc = normalise(tr, tr->cf, tr->cb)) != 0)
			break;
	}
	bt_al_pool_free(pool);
	return rc;
}

static int by_s_t(const void *a, const void *b)
{
	const al_lex_entry *x = a, *y = b;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return x->t < y->t ? -1 : x->t > y->t;
}

typedef struct ts_idx {
	uint32_t t, s, idx;
} ts_idx;

static int by_t_s(const void *a, const void *b)
{
	const ts_idx *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->s < y->s ? -1 : x->s > y->s;
}

/* Rows by source and by target over the sorted entries. */
int bt_al_lex_index(bt_lexicon *lx)
{
	size_t ns = lx->words[0].n, nt = lx->words[1].n;
	ts_idx *tmp;
	bt_free(lx->row_s);
	bt_free(lx->by_t);
	bt_free(lx->row_t);
	lx->row_s = bt_calloc(ns + 1, sizeof *lx->row_s);
	lx->row_t = bt_calloc(nt + 1, sizeof *lx->row_t);
	lx->by_t = bt_malloc((lx->ne ? lx->ne : 1) * sizeof *lx->by_t);
	if (!lx->row_s || !lx->row_t || !lx->by_t)
		return bt_fail_nomem();
	lx->nrow[0] = ns;
	lx->nrow[1] = nt;
	qsort(lx->e, lx->ne, sizeof *lx->e, by_s_t);
	if (!(tmp = bt_malloc((lx->ne ? lx->ne : 1) * sizeof *tmp)))
		return bt_fail_nomem();
	for (size_t x = 0; x < lx->ne; x++) {
		lx->row_s[lx->e[x].s + 1]++;
		lx->row_t[lx->e[x].t + 1]++;
		tmp[x] = (ts_idx){lx->e[x].t, lx->e[x].s, (uint32_t)x};
	}
	for (size_t w = 0; w < ns; w++)
		lx->row_s[w + 1] += lx->row_s[w];
	for (size_t w = 0; w < nt; w++)
		lx->row_t[w + 1] += lx->row_t[w];
	qsort(tmp, lx->ne, sizeof *tmp, by_t_s);
	for (size_t x = 0; x < lx->ne; x++)
		lx->by_t[x] = tmp[x].idx;
	bt_free(tmp);
	return 0;
}

/* The model: the entries between real words whose expected count reaches
 * LEX_KEEP. */
static int keep_model(bt_lexicon *lx, const trainer *tr)
{
	size_t k = 0;
	al_lex_entry *e = bt_malloc((tr->ne ? tr->ne : 1) * sizeof *e);
	if (!e)
		return bt_fail_nomem();
	for (size_t x = 0; x < tr->ne; x++) {
		double count = (tr->cf[x] + tr->cb[x]) / 2 + tr->prior[x];
		if (tr->es[x] <= AL_LEX_RARE || tr->et[x] <= AL_LEX_RARE || count < LEX_KEEP)
			continue;
		e[k++] = (al_lex_entry){tr->es[x], tr->et[x], tr->pf[x], tr->pb[x], (float)count};
	}
	drop_model(lx);
	lx->e = e;
	lx->ne = k;
	return bt_al_lex_index(lx);
}

int bt_lexicon_train(bt_lexicon *lx)
{
	trainer tr;
	int rc;
	memset(&tr, 0, sizeof tr);
	tr.lx = lx;
	if (lx->npairs == 0)
		return 0;
	if ((rc = bt_al_lex_settle(lx)) != 0)
		return rc;
	if ((rc = word_classes(&tr)) != 0 || (rc = build_entries(&tr)) != 0 || (rc = initial_model(&tr)) != 0 ||
	    (rc = em(&tr)) != 0 || (rc = keep_model(lx, &tr)) != 0)
		goto done;
	lx->pairs_trained += (double)lx->npairs;
	lx->npairs = lx->ntoks = 0;
	lx->offered = 0;
	lx->stride = 1;
done:
	trainer_dispose(&tr);
	return rc;
}

/* ---- reading the model ---- */

/* Does the aligner trust pair e: seen often enough, and together far
 * more often than apart? */
static int trusted(const bt_lexicon *lx, const al_lex_entry *e, const al_params *p)
{
	double fs = lx->freq[0][e->s], ft = lx->freq[1][e->t];
	return e->count >= p->lex_min_count && 2.0 * e->count / (fs + ft) >= p->lex_min_dice;
}

size_t bt_al_lex_best(const al_lex_entry *best[8], const bt_lexicon *lx, int side, long id, const al_params *p)
{
	size_t nb = 0, maxb = p->lex_max < 8 ? (size_t)(p->lex_max > 0 ? p->lex_max : 0) : 8;
	if (id < 0 || !lx->ne || (size_t)id >= lx->nrow[side])
		return 0;
	for (uint32_t r = side ? lx->row_t[id] : lx->row_s[id]; r < (side ? lx->row_t[id + 1] : lx->row_s[id + 1]); r++) {
		const al_lex_entry *e = &lx->e[side ? lx->by_t[r] : r];
		size_t k;
		if (!trusted(lx, e, p))
			continue;
		for (k = nb; k > 0 && best[k - 1]->count < e->count; k--)
			if (k < maxb)
				best[k] = best[k - 1];
		if (k < maxb) {
			best[k] = e;
			nb += nb < maxb;
		}
	}
	return nb;
}

int bt_lexicon_lookup(bt_lexicon_entry *out, size_t *n, bt_lexicon *lx, int side, const char *word, size_t len,
		      size_t max)
{
	bt_lexicon *w = lx;
	long id;
	int rc;
	*n = 0;
	if (side != BT_LEX_SRC && side != BT_LEX_TGT)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "lexicon side must be BT_LEX_SRC or BT_LEX_TGT");
	if ((rc = tools(w)) != 0 || (rc = bt_al_lex_form(w->folder, w->stem[side], &w->st, word, len)) != 0)
		return rc;
	if ((rc = bt_al_lex_settle(lx)) != 0)
		return rc;
	if ((id = bt_al_lex_word(lx, side, w->st.ptr ? w->st.ptr : "", w->st.len)) < 0 || !lx->ne ||
	    (size_t)id >= lx->nrow[side])
		return 0;
	for (uint32_t r = side ? lx->row_t[id] : lx->row_s[id]; r < (side ? lx->row_t[id + 1] : lx->row_s[id + 1]); r++) {
		const al_lex_entry *e = &lx->e[side ? lx->by_t[r] : r];
		bt_lexicon_entry x;
		size_t k;
		x.word = bt_al_strtab_get(&lx->words[1 - side], side ? e->s : e->t, &x.len);
		x.p_fwd = e->p_fwd;
		x.p_bwd = e->p_bwd;
		x.count = e->count;
		/* insertion into the best `max`, by count */
		for (k = *n; k > 0 && out[k - 1].count < x.count; k--)
			if (k < max)
				out[k] = out[k - 1];
		if (k < max) {
			out[k] = x;
			if (*n < max)
				(*n)++;
		}
	}
	return 0;
}

/* ---- a model kept elsewhere ---- */

int bt_lexicon_clear(bt_lexicon *lx)
{
	drop_model(lx);
	for (int s = 0; s < 2; s++) {
		bt_al_strtab_dispose(&lx->words[s]);
		memset(&lx->words[s], 0, sizeof lx->words[s]);
		bt_free(lx->freq[s]);
		lx->freq[s] = NULL;
		lx->freq_cap[s] = 0;
	}
	lx->npairs = lx->ntoks = 0;
	lx->offered = 0;
	lx->pairs_trained = 0;
	return bt_al_lex_open_tools(lx);
}

int bt_lexicon_put(bt_lexicon *lx, const char *src, size_t src_len, const char *tgt, size_t tgt_len, double p_fwd,
		   double p_bwd, double count)
{
	uint32_t s, t;
	int rc;
	if (!(p_fwd >= 0 && p_fwd <= 1) || !(p_bwd >= 0 && p_bwd <= 1) || !(count >= 0 && count <= 1e12))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "lexicon entry: probabilities must be in [0, 1], the count >= 0");
	if (!src_len || !tgt_len || (src_len == 1 && src[0] == 1) || (tgt_len == 1 && tgt[0] == 1))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "lexicon entry: the empty word and the rare class have no entries");
	if ((rc = bt_al_strtab_add(&lx->words[0], src, src_len, &s)) != 0 ||
	    (rc = bt_al_strtab_add(&lx->words[1], tgt, tgt_len, &t)) != 0)
		return rc;
	if (lx->ne >= lx->ecap) {
		size_t cap = lx->ne >= 32 ? lx->ne * 2 : 64;
		al_lex_entry *e = bt_realloc(lx->e, cap * sizeof *e);
		if (!e)
			return bt_fail_nomem();
		lx->e = e;
		lx->ecap = cap;
	}
	lx->e[lx->ne++] = (al_lex_entry){s, t, (float)p_fwd, (float)p_bwd, (float)count};
	lx->unsorted = 1;
	return 0;
}

int bt_al_lex_settle(bt_lexicon *lx)
{
	size_t k = 0;
	int rc;
	if (!lx->unsorted)
		return 0;
	qsort(lx->e, lx->ne, sizeof *lx->e, by_s_t);
	for (size_t x = 0; x < lx->ne; x++)
		if (!k || lx->e[k - 1].s != lx->e[x].s || lx->e[k - 1].t != lx->e[x].t)
			lx->e[k++] = lx->e[x];
	lx->ne = k;
	if ((rc = bt_al_lex_index(lx)) != 0)
		return rc;
	lx->unsorted = 0;
	return 0;
}

int bt_lexicon_each(const bt_lexicon *lx, bt_lexicon_each_fn fn, void *ud)
{
	int rc;
	if (lx->unsorted)
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "bt_lexicon_each: entries put since the last use; align, look up or train first");
	for (size_t x = 0; x < lx->ne; x++) {
		const al_lex_entry *e = &lx->e[x];
		bt_lexicon_entry out;
		size_t sl;
		const char *s = bt_al_strtab_get(&lx->words[0], e->s, &sl);
		out.word = bt_al_strtab_get(&lx->words[1], e->t, &out.len);
		out.p_fwd = e->p_fwd;
		out.p_bwd = e->p_bwd;
		out.count = e->count;
		if ((rc = fn(ud, s, sl, &out)) != 0)
			return rc;
	}
	return 0;
}
