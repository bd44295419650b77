/* concord_lex.c: the corpus's word model (issue 17): a bt_lexicon trained on
 * the corpus's own aligned sentences, kept in the corpus, read by the
 * concordance to mark a hit's translation and to count equivalents.
 *
 * Kept twice, for two readers (concord.h says when each is written):
 *   concord_lex_model  the model as bt_lexicon_save() writes it: what the
 *                      next training starts from (its expected counts are
 *                      the prior), so that the old sentences need not be
 *                      read again;
 *   concord_lex        one row per source form, its word pairs packed
 *                      (LEX_ROW below): a search reads the rows of the
 *                      words of the hits it shows (a few hundred) instead
 *                      of the whole model, whose loading costs 40-70 ms
 *                      for 160k pairs.
 * Links that are added queue their pair in concord_lex_pending (a
 * trigger); the store's precommit trains on them. */
#include "concord.h"
#include "error.h"
#include "strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Pairs trained at a time: bt_lexicon's default sample, so that none is
 * thinned; the model learned so far is the prior of the next batch. */
#define LEX_BATCH 10000
/* At most this many links of one write are trained on (taken evenly);
 * about 5 s on 2 cores. */
#define LEX_TRAIN_MAX 200000
/* The model is trained again when the links waiting reach a tenth of the
 * links it was trained on, or LEX_BATCH: one link edited in a reviewed
 * corpus waits for more, a second document's links do not. */
#define LEX_WAIT_SHARE 10

/* A concord_lex row's tgts: for each word pair of the source form, the
 * target form and a NUL, then P(t|s) and P(s|t) as little-endian 32-bit
 * floats. */
#define LEX_PAIR_TAIL 9 /* NUL and two floats */
/* Every pair is kept: the rows give what the whole model would. (Keeping
 * the 16 strongest of a form, and none under 0.05, made the table a
 * quarter and cost 0.006 of the highlight's precision, 0.920 -> 0.914, on
 * corpus/gold/words with Debian's catalogues; it saved 4 of a 20-hit
 * page's 7 ms in a new process.) */
#define LEX_ROW_KEEP ((size_t)-1)
#define LEX_ROW_MIN 0.0

/* ---- training (precommit) ---- */

struct lex_count {
	long long pending, trained, pairs;
	int has_model;
};

/* concord_lex_model's counts: the links the model learned from and the
 * word pairs its rows keep; has_model 0 while there is none. */
static int model_counts(bt_corpus *c, struct lex_count *n)
{
	sqlite3_stmt *st = NULL;
	int rc, step;
	n->trained = n->pairs = 0;
	n->has_model = 0;
	if ((rc = bt_store_prepare(c, &st, "SELECT links, pairs FROM concord_lex_model WHERE id = 1")) != 0)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		n->trained = sqlite3_column_int64(st, 0);
		n->pairs = sqlite3_column_int64(st, 1);
		n->has_model = 1;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return bt_store_fail(c, "read the word model");
	return 0;
}

/* The model's counts and the links waiting for it. */
static int lex_counts(bt_corpus *c, struct lex_count *n)
{
	int rc;
	memset(n, 0, sizeof *n);
	if ((rc = bt_store_queued_links(c, "concord_lex_pending", 0, 0, NULL, NULL, &n->pending)) != 0)
		return rc;
	return model_counts(c, n);
}

/* The corpus's languages, as its settings have them: also while the
 * corpus is being opened (a migration's commit trains). */
static int corpus_langs(bt_corpus *c, bt_buf lang[2])
{
	int rc;
	if ((rc = bt_store_get_setting(c, "src_lang", &lang[0])) != 0 ||
	    (rc = bt_store_get_setting(c, "tgt_lang", &lang[1])) != 0) {
		if (rc != BT_ENOTFOUND)
			return rc;
	}
	if (rc || !lang[0].len || !lang[1].len)
		return bt_fail(BT_EDB, NULL, -1, -1, "the corpus names no languages (settings src_lang, tgt_lang)");
	return 0;
}

int bt_corpus_word_lexicon(bt_lexicon **out, bt_corpus *c)
{
	sqlite3_stmt *st = NULL;
	int rc, step;
	*out = NULL;
	if ((rc = bt_store_prepare(c, &st, "SELECT model FROM concord_lex_model WHERE id = 1")) != 0)
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = bt_lexicon_load(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
				     "concord_lex_model");
	else if (step != SQLITE_DONE)
		rc = bt_store_fail(c, "read the word model");
	sqlite3_finalize(st);
	return rc;
}

/* The model kept, or a new one for the corpus's languages. */
static int lex_read(bt_corpus *c, bt_lexicon **lx)
{
	int rc = bt_corpus_word_lexicon(lx, c);
	if (!rc && !*lx) {
		bt_lexicon_opts o = BT_LEXICON_OPTS_INIT;
		bt_buf lang[2] = {BT_BUF_INIT, BT_BUF_INIT};
		o.max_pairs = LEX_BATCH;
		if ((rc = corpus_langs(c, lang)) == 0)
			rc = bt_lexicon_new(lx, lang[0].ptr, lang[1].ptr, &o);
		bt_buf_dispose(&lang[0]);
		bt_buf_dispose(&lang[1]);
	}
	if (!rc)
		bt_lexicon_set_threads(*lx, bt_store_threads(c));
	return rc;
}

/* Feeding the lexicon every `stride`-th waiting link; a batch is
 * trained whenever it is full. */
struct feed {
	bt_lexicon *lx;
	double stride, next;
	long long k, fed;
};

static int feed_link(void *ud, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	struct feed *f = ud;
	int rc;
	if ((double)f->k++ < f->next)
		return 0;
	f->next += f->stride;
	if ((rc = bt_lexicon_add_pair(f->lx, src, src_len, tgt, tgt_len)) != 0)
		return rc;
	f->fed++;
	return bt_lexicon_pending(f->lx) >= LEX_BATCH ? bt_lexicon_train(f->lx) : 0;
}

/* The waiting links into the lexicon, trained. Links of at most three
 * sentences a side, as bt_lexicon_add_links takes them: a longer one is
 * mostly a misalignment. */
static int lex_feed(bt_corpus *c, bt_lexicon *lx, long long total, long long *fed)
{
	struct feed f = {lx, total > LEX_TRAIN_MAX ? (double)total / LEX_TRAIN_MAX : 1, 0, 0, 0};
	long long n = 0;
	int rc = bt_store_queued_links(c, "concord_lex_pending", 3, 0.5, feed_link, &f, &n);
	*fed = f.fed;
	return rc ? rc : bt_lexicon_train(lx);
}

/* Writing the rows: bt_lexicon_each() gives a source form's pairs in a
 * row; each form's are gathered, the strongest kept, packed and written
 * when the next form starts. */
struct row_pair {
	size_t at, len; /* the target form in `words` */
	float p_fwd, p_bwd;
};

/* A pair kept, for the rows by target form: its two forms in `all`. */
struct kept_pair {
	size_t src_at, src_len, tgt_at, tgt_len;
	float p_fwd, p_bwd;
};

struct row_writer {
	sqlite3_stmt *st;
	bt_buf src, words, tgts;
	struct row_pair *v;
	size_t n, cap;
	long long pairs;
	size_t keep;  /* pairs kept a form */
	double min;   /* a pair kept has P(t|s) or P(s|t) this high */
	bt_buf all;   /* every pair kept, by target form when written */
	struct kept_pair *kept;
	size_t nkept, kept_cap;
};

static int keep_pair(struct row_writer *w, const struct row_pair *r)
{
	int rc;
	if (w->nkept == w->kept_cap) {
		size_t cap = w->kept_cap ? 2 * w->kept_cap : 4096;
		struct kept_pair *v = bt_realloc(w->kept, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		w->kept = v;
		w->kept_cap = cap;
	}
	w->kept[w->nkept] = (struct kept_pair){w->all.len, w->src.len, w->all.len + w->src.len, r->len, r->p_fwd,
					       r->p_bwd};
	if ((rc = bt_buf_put(&w->all, w->src.ptr, w->src.len)) != 0 ||
	    (rc = bt_buf_put(&w->all, w->words.ptr + r->at, r->len)) != 0)
		return rc;
	w->nkept++;
	return 0;
}

static int put_f32le(bt_buf *b, double v)
{
	float f = (float)v;
	uint32_t u;
	unsigned char x[4];
	memcpy(&u, &f, 4);
	for (int k = 0; k < 4; k++)
		x[k] = (unsigned char)(u >> (8 * k));
	return bt_buf_put(b, (const char *)x, 4);
}

static int by_strength(const void *a, const void *b)
{
	const struct row_pair *x = a, *y = b;
	float sx = x->p_fwd > x->p_bwd ? x->p_fwd : x->p_bwd, sy = y->p_fwd > y->p_bwd ? y->p_fwd : y->p_bwd;
	return sx > sy ? -1 : sx < sy;
}

static int flush_row(struct row_writer *w)
{
	int rc = 0, step;
	size_t kept = 0;
	if (!w->n)
		return 0;
	qsort(w->v, w->n, sizeof *w->v, by_strength);
	bt_buf_clear(&w->tgts);
	for (size_t k = 0; !rc && k < w->n && kept < w->keep; k++) {
		const struct row_pair *r = &w->v[k];
		if (r->p_fwd < w->min && r->p_bwd < w->min)
			break;
		if ((rc = bt_buf_put(&w->tgts, w->words.ptr + r->at, r->len)) == 0 && (rc = bt_buf_put(&w->tgts, "", 1)) == 0 &&
		    (rc = put_f32le(&w->tgts, r->p_fwd)) == 0 && (rc = put_f32le(&w->tgts, r->p_bwd)) == 0)
			rc = keep_pair(w, r);
		kept++;
	}
	w->n = 0;
	bt_buf_clear(&w->words);
	if (rc || !kept)
		return rc;
	w->pairs += (long long)kept;
	sqlite3_bind_text(w->st, 1, w->src.ptr, (int)w->src.len, SQLITE_STATIC);
	sqlite3_bind_blob(w->st, 2, w->tgts.ptr, (int)w->tgts.len, SQLITE_STATIC);
	step = sqlite3_step(w->st);
	sqlite3_reset(w->st);
	return step == SQLITE_DONE ? 0 : BT_EDB;
}

static int put_row(void *ud, const char *src, size_t src_len, const bt_lexicon_entry *e)
{
	struct row_writer *w = ud;
	int rc;
	if (w->src.len != src_len || memcmp(w->src.ptr, src, src_len) != 0) {
		if ((rc = flush_row(w)) != 0)
			return rc;
		bt_buf_clear(&w->src);
		if ((rc = bt_buf_put(&w->src, src, src_len)) != 0)
			return rc;
	}
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 256;
		struct row_pair *v = bt_realloc(w->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		w->v = v;
		w->cap = cap;
	}
	w->v[w->n++] = (struct row_pair){w->words.len, e->len, (float)e->p_fwd, (float)e->p_bwd};
	return bt_buf_put(&w->words, e->word, e->len);
}

static _Thread_local const char *sort_all; /* kept pairs' forms, while they are sorted */

static int by_target(const void *a, const void *b)
{
	const struct kept_pair *x = a, *y = b;
	size_t n = x->tgt_len < y->tgt_len ? x->tgt_len : y->tgt_len;
	int c = memcmp(sort_all + x->tgt_at, sort_all + y->tgt_at, n);
	return c ? c : (x->tgt_len > y->tgt_len) - (x->tgt_len < y->tgt_len);
}

/* concord_lex_tgt: the pairs kept, a row per target form. */
static int write_columns(bt_corpus *c, struct row_writer *w)
{
	sqlite3_stmt *st = NULL;
	bt_buf b = BT_BUF_INIT;
	int rc;
	if ((rc = bt_store_exec(c, "DELETE FROM concord_lex_tgt")) != 0 ||
	    (rc = bt_store_prepare(c, &st, "INSERT INTO concord_lex_tgt(tgt, srcs) VALUES (?, ?)")) != 0)
		return rc;
	sort_all = w->all.ptr;
	if (w->nkept)
		qsort(w->kept, w->nkept, sizeof *w->kept, by_target);
	for (size_t i = 0, j; !rc && i < w->nkept; i = j) {
		const struct kept_pair *t = &w->kept[i];
		bt_buf_clear(&b);
		for (j = i; !rc && j < w->nkept && by_target(t, &w->kept[j]) == 0; j++) {
			const struct kept_pair *k = &w->kept[j];
			if ((rc = bt_buf_put(&b, w->all.ptr + k->src_at, k->src_len)) == 0 && (rc = bt_buf_put(&b, "", 1)) == 0 &&
			    (rc = put_f32le(&b, k->p_fwd)) == 0)
				rc = put_f32le(&b, k->p_bwd);
		}
		if (rc)
			break;
		sqlite3_bind_text(st, 1, w->all.ptr + t->tgt_at, (int)t->tgt_len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, b.ptr, (int)b.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = bt_store_fail(c, "write the word model's rows by target form");
		sqlite3_reset(st);
	}
	sort_all = NULL;
	sqlite3_finalize(st);
	bt_buf_dispose(&b);
	return rc;
}

static int lex_write(bt_corpus *c, const bt_lexicon *lx, long long links)
{
	sqlite3_stmt *st = NULL;
	struct row_writer w = {NULL, BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT, NULL, 0, 0, 0, LEX_ROW_KEEP, LEX_ROW_MIN,
			       BT_BUF_INIT, NULL, 0, 0};
	bt_buf b = BT_BUF_INIT;
	int rc;
	if ((rc = bt_store_exec(c, "DELETE FROM concord_lex")) != 0 ||
	    (rc = bt_store_prepare(c, &w.st, "INSERT INTO concord_lex(src, tgts) VALUES (?, ?)")) != 0)
		goto done;
	if ((rc = bt_lexicon_each(lx, put_row, &w)) == 0)
		rc = flush_row(&w);
	if (rc == BT_EDB)
		rc = bt_store_fail(c, "write the word model's rows");
	if (!rc)
		rc = write_columns(c, &w);
	if (rc || (rc = bt_lexicon_save(&b, lx)) != 0 ||
	    (rc = bt_store_prepare(c, &st, "INSERT OR REPLACE INTO concord_lex_model(id, links, pairs, model)"
					   " VALUES (1, ?, ?, ?)")) != 0)
		goto done;
	sqlite3_bind_int64(st, 1, links);
	sqlite3_bind_int64(st, 2, w.pairs);
	sqlite3_bind_blob(st, 3, b.ptr, (int)b.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = bt_store_fail(c, "write the word model");
done:
	sqlite3_finalize(st);
	sqlite3_finalize(w.st);
	bt_buf_dispose(&w.src);
	bt_buf_dispose(&w.words);
	bt_buf_dispose(&w.tgts);
	bt_free(w.v);
	bt_buf_dispose(&w.all);
	bt_free(w.kept);
	bt_buf_dispose(&b);
	return rc;
}

/* A model kept without its rows by target form (a corpus of concordance
 * version 4): they are made from it. */
static int columns_missing(bt_corpus *c, int *missing)
{
	sqlite3_stmt *st = NULL;
	int rc = bt_store_prepare(c, &st, "SELECT NOT EXISTS (SELECT 1 FROM concord_lex_tgt)"
					  " AND EXISTS (SELECT 1 FROM concord_lex)"),
	    step;
	if (rc)
		return rc;
	/* a failed step (out of memory) may have rolled the transaction
	 * back: it must not pass for "not missing" */
	step = sqlite3_step(st);
	*missing = step == SQLITE_ROW && sqlite3_column_int(st, 0);
	if (step != SQLITE_ROW)
		rc = bt_store_fail(c, "read the word model");
	sqlite3_finalize(st);
	return rc;
}

int bt_concord_lex_train(bt_corpus *c, int force)
{
	struct lex_count n;
	bt_lexicon *lx = NULL;
	long long fed = 0;
	int rc, missing = 0;
	if ((rc = lex_counts(c, &n)) != 0 || (n.has_model && (rc = columns_missing(c, &missing)) != 0))
		return rc;
	if (!n.pending || (!force && n.has_model && n.pending < LEX_BATCH && n.pending * LEX_WAIT_SHARE < n.trained)) {
		if (!missing)
			return 0;
		bt_store_upgrade_note(c, 0, 0, "writing the word model's rows by target form");
		if ((rc = lex_read(c, &lx)) == 0)
			rc = lex_write(c, lx, n.trained);
		bt_lexicon_free(lx);
		return rc;
	}
	/* an older corpus learns its model while it is upgraded: seconds */
	bt_store_upgrade_note(c, 0, (size_t)n.pending, "learning the word model from %lld links", n.pending);
	if ((rc = lex_read(c, &lx)) == 0 && (rc = lex_feed(c, lx, n.pending, &fed)) == 0 &&
	    (rc = lex_write(c, lx, n.trained + n.pending)) == 0)
		rc = bt_store_exec(c, "DELETE FROM concord_lex_pending");
	if (!rc && (rc = model_counts(c, &n)) == 0)
		bt_store_upgrade_note(c, (size_t)n.trained, (size_t)n.trained,
				      "word model: %lld word pairs learned from %lld links", n.pairs, n.trained);
	bt_lexicon_free(lx);
	return rc;
}

int bt_concord_lex_status(bt_corpus *c, long long *trained, long long *waiting, long long *pairs)
{
	struct lex_count n;
	int rc = lex_counts(c, &n);
	*trained = n.trained;
	*waiting = n.pending;
	*pairs = n.pairs;
	return rc;
}

/* ---- reading (the concordance) ---- */

/* A word pair read: the other form's id (a target form's in a source
 * form's row, a source form's in a target form's), its probabilities. */
struct lex_row {
	uint32_t other;
	float p_fwd, p_bwd;
};

/* A form's word pairs read: rows[at, at + n). */
struct form_rows {
	uint32_t at, n;
};

/* The rows of one table read for a batch: the forms asked for, and of
 * each the pairs whose other form is in the batch. */
struct lex_rows {
	bt_strtab forms;
	struct form_rows *of;
	size_t of_cap;
	struct lex_row *v;
	size_t n, cap;
};

/* A search aligns a batch of pairs (a page's hits, --stats's sample).
 * bt_concord_lex_prefetch() reads, in one statement a table, what they
 * need: a pair aligned whole needs the rows of all its source forms; a
 * pair whose match is on the source side needs only the links of the
 * matched words, and those depend on the matched words' rows and on the
 * columns (concord_lex_tgt) of the target words they could link to (see
 * bt_lexicon_words in bitext-core.h): a page reads some 30 rows instead of
 * 200 (each a B-tree page that a new process reads from the file). Of a
 * row only the pairs whose other form is in the batch are kept. To align
 * a pair, the lexicon is cleared and given the pairs whose two forms are
 * in it.
 *
 * Only the lexicon (its folder and stemmers) is kept between searches: no
 * statement, as the corpus may be closed before the thread's cache is
 * released, so the cache is known by the corpus, its file and its model's
 * counts. */
struct concord_lex {
	bt_corpus *c;
	char *path;
	long long stamp;        /* concord_lex_model's links and pairs when read */
	bt_lexicon *lx;         /* the entries of the pair being aligned */
	concord_lex_pair *pairs; /* the batch */
	bt_lexicon_words *words; /* its words: 2k source, 2k + 1 target */
	size_t npairs, pairs_cap;
	bt_strtab src, tgt;     /* every source and target form of the batch */
	struct lex_rows rows;   /* source forms' rows (concord_lex), by tgt id */
	struct lex_rows cols;   /* target forms' rows (concord_lex_tgt), by src id */
	uint32_t *mark, *smark; /* by tgt id, by src id: the tag it was last seen with */
	size_t mark_cap, smark_cap;
	uint32_t tag;
	bt_buf json;
};

/* One per thread, kept between searches (the server's): opening the
 * lexicon's folder and stemmers costs more than a page's rows do. */
static _Thread_local concord_lex *thread_lex;

static void rows_dispose(struct lex_rows *r)
{
	bt_strtab_dispose(&r->forms);
	bt_free(r->of);
	bt_free(r->v);
}

static void lex_drop(concord_lex *l)
{
	if (!l)
		return;
	bt_free(l->path);
	bt_lexicon_free(l->lx);
	bt_free(l->pairs);
	for (size_t k = 0; k < 2 * l->pairs_cap; k++)
		bt_lexicon_words_dispose(&l->words[k]);
	bt_free(l->words);
	bt_strtab_dispose(&l->src);
	bt_strtab_dispose(&l->tgt);
	rows_dispose(&l->rows);
	rows_dispose(&l->cols);
	bt_free(l->mark);
	bt_free(l->smark);
	bt_buf_dispose(&l->json);
	bt_free(l);
}

void bt_concord_lex_release(void)
{
	lex_drop(thread_lex);
	thread_lex = NULL;
}

int bt_concord_lex_open(concord_lex **out, bt_corpus *c)
{
	struct lex_count n;
	long long stamp;
	concord_lex *l = thread_lex;
	int rc;
	*out = NULL;
	if ((rc = model_counts(c, &n)) != 0)
		return rc;
	if (!n.has_model)
		return 0; /* no model (yet) */
	stamp = n.trained * 1000003 + n.pairs;
	if (l && (l->c != c || l->stamp != stamp || strcmp(l->path, bt_store_path(c)) != 0)) {
		bt_concord_lex_release();
		l = NULL;
	}
	if (!l) {
		if (!(l = bt_calloc(1, sizeof *l)))
			return bt_fail_nomem();
		l->c = c;
		l->stamp = stamp;
		if (!(l->path = bt_strdup(bt_store_path(c))))
			rc = bt_fail_nomem();
		else
			rc = bt_lexicon_new(&l->lx, bt_corpus_src_lang(c), bt_corpus_tgt_lang(c), NULL);
		if (rc) {
			lex_drop(l);
			return rc;
		}
		thread_lex = l;
	}
	*out = l;
	return 0;
}

/* *v, of *cap items of `size` bytes, made room for `need`; new items
 * zeroed. */
static int grow_zeroed(void **v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 1024;
	char *p;
	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (!(p = bt_realloc(*v, n * size)))
		return bt_fail_nomem();
	memset(p + *cap * size, 0, (n - *cap) * size);
	*v = p;
	*cap = n;
	return 0;
}

static int grow_u32(uint32_t **v, size_t *cap, size_t need)
{
	void *p = *v;
	int rc = grow_zeroed(&p, cap, need, sizeof **v);
	*v = p;
	return rc;
}

static float get_f32le(const unsigned char *p)
{
	uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	float f;
	memcpy(&f, &u, 4);
	return f;
}

/* The word pairs of form f (id `id` in r->forms), from its row's packed
 * pairs, those whose other form is one of `others`. */
static int parse_row(concord_lex *l, struct lex_rows *r, const char *table, const bt_strtab *others, uint32_t id,
		     const char *f, const unsigned char *p, size_t len)
{
	r->of[id] = (struct form_rows){(uint32_t)r->n, 0};
	for (size_t at = 0; at < len;) {
		const unsigned char *nul = memchr(p + at, 0, len - at);
		size_t tl = nul ? (size_t)(nul - (p + at)) : 0;
		uint32_t t;
		float pf, pb;
		if (!nul || !tl || len - at - tl < LEX_PAIR_TAIL)
			return bt_fail(BT_EDB, bt_store_path(l->c), -1, -1,
				       "%s: the row of '%s' is damaged at byte %zu (run `concord --reindex`)", table, f, at);
		pf = get_f32le(nul + 1);
		pb = get_f32le(nul + 5);
		if (!(pf >= 0 && pf <= 1 && pb >= 0 && pb <= 1))
			return bt_fail(BT_EDB, bt_store_path(l->c), -1, -1,
				       "%s: the row of '%s' has a probability out of range at byte %zu", table, f,
				       at + tl + 1);
		if (bt_strtab_find(others, &t, (const char *)p + at, tl)) {
			if (r->n == r->cap) {
				size_t ncap = r->cap ? 2 * r->cap : 1024;
				struct lex_row *v = bt_realloc(r->v, ncap * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				r->v = v;
				r->cap = ncap;
			}
			r->v[r->n++] = (struct lex_row){t, pf, pb};
			r->of[id].n++;
		}
		at += tl + LEX_PAIR_TAIL;
	}
	return 0;
}

/* s as a JSON string, after a comma unless it is the first in `b`. */
static int put_json_str(bt_buf *b, const char *s, size_t n)
{
	int rc = b->len > 1 ? bt_buf_put(b, ",", 1) : 0;
	if (!rc)
		rc = bt_buf_put(b, "\"", 1);
	for (size_t i = 0; !rc && i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			rc = bt_buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			rc = bt_buf_printf(b, "\\u%04x", ch);
		else
			rc = bt_buf_put(b, s + i, 1);
	}
	return rc ? rc : bt_buf_put(b, "\"", 1);
}

/* Form `f` asked of r's table: a JSON string in l->json the first time. */
static int want_form(concord_lex *l, struct lex_rows *r, const char *f, size_t fl)
{
	uint32_t id;
	int added = bt_strtab_intern(&r->forms, &id, f, fl);
	return added < 0 ? added : added ? put_json_str(&l->json, f, fl) : 0;
}

/* The rows of the forms in l->json, from `table` (keyed by `key`, pairs
 * in `val`), into r, keeping the pairs whose other form is in `others`. */
static int read_rows(concord_lex *l, struct lex_rows *r, const char *table, const char *key, const char *val,
		     const bt_strtab *others)
{
	char sql[160];
	sqlite3_stmt *st = NULL;
	void *of = r->of;
	int rc, step;
	rc = grow_zeroed(&of, &r->of_cap, bt_strtab_count(&r->forms) + 1, sizeof *r->of);
	r->of = of;
	if (rc)
		return rc;
	memset(r->of, 0, r->of_cap * sizeof *r->of); /* a form with no row has no pairs */
	if ((rc = bt_buf_put(&l->json, "]", 1)) != 0 || l->json.len < 3)
		return rc;
	/* one statement for all: SQLite looks the forms up in sorted order */
	snprintf(sql, sizeof sql, "SELECT %s, %s FROM %s WHERE %s IN (SELECT value FROM json_each(?))", key, val, table,
		 key);
	if ((rc = bt_store_prepare(l->c, &st, sql)) != 0)
		return rc;
	sqlite3_bind_text(st, 1, l->json.ptr, (int)l->json.len, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		uint32_t id;
		if (f && bt_strtab_find(&r->forms, &id, f, (size_t)sqlite3_column_bytes(st, 0)))
			rc = parse_row(l, r, table, others, id, f, sqlite3_column_blob(st, 1),
				       (size_t)sqlite3_column_bytes(st, 1));
	}
	if (!rc && step != SQLITE_DONE)
		rc = bt_store_fail(l->c, "read the word model's rows");
	sqlite3_finalize(st);
	return rc;
}

static const char *word_form(const bt_lexicon_words *w, size_t i)
{
	return w->chars.ptr + w->v[i].form_at;
}

/* Does word i of pair p lie in one of its marks? */
static int word_marked(const concord_lex_pair *p, const bt_lexicon_word *w)
{
	for (size_t k = 0; k < p->n_marks; k++)
		if (w->start < p->offset + p->marks[k].end && p->offset + p->marks[k].start < w->end)
			return 1;
	return 0;
}

/* A tag no mark holds yet. */
static uint32_t next_tag(concord_lex *l)
{
	if (++l->tag == 0) { /* wrapped: no mark may look current */
		memset(l->mark, 0, l->mark_cap * sizeof *l->mark);
		memset(l->smark, 0, l->smark_cap * sizeof *l->smark);
		l->tag = 1;
	}
	return l->tag;
}

/* The target forms that the marked words of pair k could link to: those
 * a marked word's row has, and those spelled like one. */
static int want_columns(concord_lex *l, size_t k)
{
	const concord_lex_pair *p = &l->pairs[k];
	const bt_lexicon_words *S = &l->words[2 * k], *T = &l->words[2 * k + 1];
	uint32_t tag = next_tag(l), id;
	int rc = 0;
	for (size_t i = 0; i < S->n; i++) {
		if (S->v[i].num || !word_marked(p, &S->v[i]) ||
		    !bt_strtab_find(&l->rows.forms, &id, word_form(S, i), S->v[i].form_len))
			continue;
		for (uint32_t r = l->rows.of[id].at; r < l->rows.of[id].at + l->rows.of[id].n; r++)
			l->mark[l->rows.v[r].other] = tag;
	}
	for (size_t j = 0; !rc && j < T->n; j++) {
		uint32_t t;
		int cand;
		/* a number has no entries: its column is no row */
		if (T->v[j].num || !bt_strtab_find(&l->tgt, &t, word_form(T, j), T->v[j].form_len))
			continue;
		cand = l->mark[t] == tag;
		for (size_t i = 0; !cand && i < S->n; i++)
			cand = word_marked(p, &S->v[i]) && bt_lexicon_words_alike(S, i, T, j);
		if (cand)
			rc = want_form(l, &l->cols, word_form(T, j), T->v[j].form_len);
	}
	return rc;
}

static int batch_room(concord_lex *l, size_t n)
{
	if (n > l->pairs_cap) {
		concord_lex_pair *p = bt_realloc(l->pairs, n * sizeof *p);
		bt_lexicon_words *w;
		if (!p)
			return bt_fail_nomem();
		l->pairs = p;
		if (!(w = bt_realloc(l->words, 2 * n * sizeof *w)))
			return bt_fail_nomem();
		for (size_t k = 2 * l->pairs_cap; k < 2 * n; k++)
			w[k] = (bt_lexicon_words)BT_LEXICON_WORDS_INIT;
		l->words = w;
		l->pairs_cap = n;
	}
	return 0;
}

int bt_concord_lex_prefetch(concord_lex *l, const concord_lex_pair *p, size_t n)
{
	int rc, some_marked = 0;
	bt_strtab_clear(&l->src);
	bt_strtab_clear(&l->tgt);
	bt_strtab_clear(&l->rows.forms);
	bt_strtab_clear(&l->cols.forms);
	l->rows.n = l->cols.n = 0;
	l->npairs = 0;
	bt_buf_clear(&l->json);
	if ((rc = batch_room(l, n)) != 0 || (rc = bt_buf_put(&l->json, "[", 1)) != 0)
		goto done;
	if (n)
		memcpy(l->pairs, p, n * sizeof *p);
	l->npairs = n;
	for (size_t k = 0; !rc && k < n; k++) {
		bt_lexicon_words *S = &l->words[2 * k], *T = &l->words[2 * k + 1];
		uint32_t id;
		some_marked |= p[k].marks != NULL;
		if ((rc = bt_lexicon_words_of(S, l->lx, BT_LEX_SRC, p[k].src, strlen(p[k].src))) != 0 ||
		    (rc = bt_lexicon_words_of(T, l->lx, BT_LEX_TGT, p[k].tgt, strlen(p[k].tgt))) != 0)
			break;
		for (size_t j = 0; !rc && j < T->n; j++)
			if (!T->v[j].num && (rc = bt_strtab_intern(&l->tgt, &id, word_form(T, j), T->v[j].form_len)) > 0)
				rc = 0;
		for (size_t i = 0; !rc && i < S->n; i++) {
			if (S->v[i].num)
				continue;
			if ((rc = bt_strtab_intern(&l->src, &id, word_form(S, i), S->v[i].form_len)) > 0)
				rc = 0;
			if (!rc && (!p[k].marks || word_marked(&p[k], &S->v[i])))
				rc = want_form(l, &l->rows, word_form(S, i), S->v[i].form_len);
		}
	}
	if (rc || (rc = grow_u32(&l->mark, &l->mark_cap, bt_strtab_count(&l->tgt) + 1)) != 0 ||
	    (rc = grow_u32(&l->smark, &l->smark_cap, bt_strtab_count(&l->src) + 1)) != 0 ||
	    (rc = read_rows(l, &l->rows, "concord_lex", "src", "tgts", &l->tgt)) != 0 || !some_marked)
		goto done;
	bt_buf_clear(&l->json);
	if ((rc = bt_buf_put(&l->json, "[", 1)) != 0)
		goto done;
	for (size_t k = 0; !rc && k < n; k++)
		if (p[k].marks)
			rc = want_columns(l, k);
	if (!rc)
		rc = read_rows(l, &l->cols, "concord_lex_tgt", "tgt", "srcs", &l->src);
done:
	if (rc) { /* nothing half read stays */
		bt_strtab_clear(&l->rows.forms);
		bt_strtab_clear(&l->cols.forms);
		l->rows.n = l->cols.n = 0;
		l->npairs = 0;
	}
	return rc;
}

/* Marks with `tag` the ids in t of the forms of words W. */
static void mark_words(uint32_t *mark, size_t cap, const bt_strtab *t, const bt_lexicon_words *W, uint32_t tag)
{
	uint32_t id;
	for (size_t i = 0; i < W->n; i++)
		if (!W->v[i].num && bt_strtab_find(t, &id, word_form(W, i), W->v[i].form_len) && id < cap)
			mark[id] = tag;
}

/* Gives the lexicon the pairs read in `rows` for the forms of words W
 * whose other form (in `others`) is marked with `tag`; W are the source
 * words (rows by source form) or, with !w_src, the target words. */
static int put_rows(concord_lex *l, const struct lex_rows *rows, const bt_lexicon_words *W, int w_src,
		    const bt_strtab *others, const uint32_t *mark, uint32_t tag)
{
	uint32_t id;
	int rc = 0;
	for (size_t i = 0; i < W->n && !rc; i++) {
		const char *f = word_form(W, i);
		size_t fl = W->v[i].form_len;
		if (W->v[i].num || !bt_strtab_find(&rows->forms, &id, f, fl) || id >= rows->of_cap)
			continue;
		for (uint32_t r = rows->of[id].at; r < rows->of[id].at + rows->of[id].n && !rc; r++) {
			const struct lex_row *x = &rows->v[r];
			size_t ol;
			const char *o;
			if (mark[x->other] != tag)
				continue;
			o = bt_strtab_str(others, x->other, &ol);
			rc = w_src ? bt_lexicon_put(l->lx, f, fl, o, ol, x->p_fwd, x->p_bwd, 0)
				   : bt_lexicon_put(l->lx, o, ol, f, fl, x->p_fwd, x->p_bwd, 0);
		}
	}
	return rc;
}

/* The lexicon cleared and given the batch's pairs of forms that are both
 * in pair k. */
static int lex_load(concord_lex *l, size_t k)
{
	const bt_lexicon_words *S = &l->words[2 * k], *T = &l->words[2 * k + 1];
	uint32_t tag = next_tag(l);
	int rc;
	mark_words(l->mark, l->mark_cap, &l->tgt, T, tag);
	mark_words(l->smark, l->smark_cap, &l->src, S, tag);
	if ((rc = bt_lexicon_clear(l->lx)) != 0 || (rc = put_rows(l, &l->rows, S, 1, &l->tgt, l->mark, tag)) != 0)
		return rc;
	return put_rows(l, &l->cols, T, 0, &l->src, l->smark, tag);
}

int bt_concord_lex_align(concord_lex *l, bt_word_links *out, size_t k)
{
	int rc;
	out->n = 0;
	if (k >= l->npairs)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "pair %zu of a batch of %zu", k, l->npairs);
	rc = lex_load(l, k);
	return rc ? rc
		  : bt_lexicon_align_words(out, l->lx, l->pairs[k].src, strlen(l->pairs[k].src), l->pairs[k].tgt,
					   strlen(l->pairs[k].tgt));
}

int bt_corpus_align_words(bt_word_links *out, int *has_model, bt_corpus *c, const char *src, size_t src_len,
			  const char *tgt, size_t tgt_len)
{
	concord_lex *l = NULL;
	int rc;
	out->n = 0;
	*has_model = 0;
	if ((rc = bt_concord_lex_open(&l, c)) != 0 || !l)
		return rc;
	*has_model = 1;
	{
		/* the batch reads NUL-terminated texts */
		char *s = bt_strndup(src, src_len), *t = bt_strndup(tgt, tgt_len);
		if (!s || !t)
			rc = bt_fail_nomem();
		else {
			concord_lex_pair p = {s, t, NULL, 0, 0};
			if ((rc = bt_concord_lex_prefetch(l, &p, 1)) == 0)
				rc = bt_concord_lex_align(l, out, 0);
		}
		bt_free(s);
		bt_free(t);
	}
	return rc;
}

int bt_corpus_word_model(bt_corpus *c, long long *trained, long long *waiting, long long *pairs)
{
	return bt_concord_lex_status(c, trained, waiting, pairs);
}

int bt_concord_word_lexicon(bt_lexicon **out, long long *links, long long *pairs, bt_corpus *c)
{
	long long waiting;
	int rc;
	*links = *pairs = 0;
	if ((rc = bt_corpus_word_lexicon(out, c)) != 0 || !*out)
		return rc;
	if ((rc = bt_concord_lex_status(c, links, &waiting, pairs)) != 0) {
		bt_lexicon_free(*out);
		*out = NULL;
	}
	return rc;
}
