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

static int lex_read(bt_corpus *c, bt_lexicon **lx)
{
	sqlite3_stmt *st = NULL;
	int rc, step;
	*lx = NULL;
	if ((rc = bt_store_prepare(c, &st, "SELECT model FROM concord_lex_model WHERE id = 1")) != 0)
		return rc;
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		rc = bt_lexicon_load(lx, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
				     "concord_lex_model");
	else if (step != SQLITE_DONE)
		rc = bt_store_fail(c, "read the word model");
	sqlite3_finalize(st);
	if (!rc && !*lx) {
		bt_lexicon_opts o = BT_LEXICON_OPTS_INIT;
		bt_buf lang[2] = {BT_BUF_INIT, BT_BUF_INIT};
		o.max_pairs = LEX_BATCH;
		if ((rc = corpus_langs(c, lang)) == 0)
			rc = bt_lexicon_new(lx, lang[0].ptr, lang[1].ptr, &o);
		bt_buf_dispose(&lang[0]);
		bt_buf_dispose(&lang[1]);
	}
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

struct row_writer {
	sqlite3_stmt *st;
	bt_buf src, words, tgts;
	struct row_pair *v;
	size_t n, cap;
	long long pairs;
	size_t keep;  /* pairs kept a form */
	double min;   /* a pair kept has P(t|s) or P(s|t) this high */
};

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
		    (rc = put_f32le(&w->tgts, r->p_fwd)) == 0)
			rc = put_f32le(&w->tgts, r->p_bwd);
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

static int lex_write(bt_corpus *c, const bt_lexicon *lx, long long links)
{
	sqlite3_stmt *st = NULL;
	struct row_writer w = {NULL, BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT, NULL, 0, 0, 0, LEX_ROW_KEEP, LEX_ROW_MIN};
	bt_buf b = BT_BUF_INIT;
	int rc;
	if ((rc = bt_store_exec(c, "DELETE FROM concord_lex")) != 0 ||
	    (rc = bt_store_prepare(c, &w.st, "INSERT INTO concord_lex(src, tgts) VALUES (?, ?)")) != 0)
		goto done;
	if ((rc = bt_lexicon_each(lx, put_row, &w)) == 0)
		rc = flush_row(&w);
	if (rc == BT_EDB)
		rc = bt_store_fail(c, "write the word model's rows");
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
	bt_buf_dispose(&b);
	return rc;
}

int bt_concord_lex_train(bt_corpus *c, int force)
{
	struct lex_count n;
	bt_lexicon *lx = NULL;
	long long fed = 0;
	int rc;
	if ((rc = lex_counts(c, &n)) != 0)
		return rc;
	if (!n.pending)
		return 0;
	if (!force && n.has_model && n.pending < LEX_BATCH && n.pending * LEX_WAIT_SHARE < n.trained)
		return 0;
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

/* A word pair of a source form read, by the target form's id. */
struct lex_row {
	uint32_t tgt;
	float p_fwd, p_bwd;
};

/* A source form's word pairs read: rows[at, at + n). */
struct form_rows {
	uint32_t at, n;
};

/* A search aligns a batch of pairs (a page's hits, --stats's sample):
 * bt_concord_lex_prefetch() reads the rows of all their source forms in
 * one statement and keeps, of each, only the word pairs whose target form
 * is in one of the batch's translations: a common word has hundreds, a
 * pair needs a few (keeping them all took 7 ms of a 20-hit page). To
 * align one pair, the lexicon is cleared and given the rows of its source
 * forms whose target form is in its translation.
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
	bt_strtab src, tgt;     /* the batch's source and target forms */
	struct form_rows *of;   /* by source form id: its rows */
	size_t of_cap;
	struct lex_row *rows;
	size_t nrows, rows_cap;
	uint32_t *mark;         /* target form id: the pair it was last seen in */
	size_t mark_cap;
	uint32_t pair;
	bt_buf forms;
};

/* One per thread, kept between searches (the server's): opening the
 * lexicon's folder and stemmers costs more than a page's rows do. */
static _Thread_local concord_lex *thread_lex;

static void lex_drop(concord_lex *l)
{
	if (!l)
		return;
	bt_free(l->path);
	bt_lexicon_free(l->lx);
	bt_strtab_dispose(&l->src);
	bt_strtab_dispose(&l->tgt);
	bt_free(l->of);
	bt_free(l->rows);
	bt_free(l->mark);
	bt_buf_dispose(&l->forms);
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

static float get_f32le(const unsigned char *p)
{
	uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	float f;
	memcpy(&f, &u, 4);
	return f;
}

/* The word pairs of source form f (id `id`) from its row's tgts, those
 * whose target form is one of the batch's. */
static int parse_row(concord_lex *l, uint32_t id, const char *f, const unsigned char *p, size_t len)
{
	l->of[id] = (struct form_rows){(uint32_t)l->nrows, 0};
	for (size_t at = 0; at < len;) {
		const unsigned char *nul = memchr(p + at, 0, len - at);
		size_t tl = nul ? (size_t)(nul - (p + at)) : 0;
		uint32_t t;
		float pf, pb;
		if (!nul || !tl || len - at - tl < LEX_PAIR_TAIL)
			return bt_fail(BT_EDB, bt_store_path(l->c), -1, -1,
				       "concord_lex: the row of '%s' is damaged at byte %zu (run `concord --reindex`)", f, at);
		pf = get_f32le(nul + 1);
		pb = get_f32le(nul + 5);
		if (!(pf >= 0 && pf <= 1 && pb >= 0 && pb <= 1))
			return bt_fail(BT_EDB, bt_store_path(l->c), -1, -1,
				       "concord_lex: the row of '%s' has a probability out of range at byte %zu", f, at + tl + 1);
		if (bt_strtab_find(&l->tgt, &t, (const char *)p + at, tl)) {
			if (l->nrows == l->rows_cap) {
				size_t ncap = l->rows_cap ? 2 * l->rows_cap : 1024;
				struct lex_row *v = bt_realloc(l->rows, ncap * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				l->rows = v;
				l->rows_cap = ncap;
			}
			l->rows[l->nrows++] = (struct lex_row){t, pf, pb};
			l->of[id].n++;
		}
		at += tl + LEX_PAIR_TAIL;
	}
	return 0;
}

/* s as a JSON string. */
static int put_json_str(bt_buf *b, const char *s, size_t n)
{
	int rc = bt_buf_put(b, "\"", 1);
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

/* Every form of texts[0, n) on `side` into t; with `json`, each new one
 * appended to it as a JSON string (after a comma but for the first). */
static int batch_forms(concord_lex *l, bt_strtab *t, int side, const char *const *texts, size_t n, bt_buf *json)
{
	int rc = 0;
	for (size_t k = 0; !rc && k < n; k++) {
		bt_buf_clear(&l->forms);
		if ((rc = bt_lexicon_forms(&l->forms, l->lx, side, texts[k], strlen(texts[k]))) != 0)
			break;
		for (size_t at = 0; !rc && at < l->forms.len;) {
			const char *f = l->forms.ptr + at;
			size_t fl = strlen(f);
			uint32_t id;
			int added = bt_strtab_intern(t, &id, f, fl);
			at += fl + 1;
			if (added < 0)
				rc = added;
			else if (added && json && (json->len == 1 || (rc = bt_buf_put(json, ",", 1)) == 0))
				rc = put_json_str(json, f, fl);
		}
	}
	return rc;
}

int bt_concord_lex_prefetch(concord_lex *l, const char *const *src, const char *const *tgt, size_t n)
{
	bt_buf json = BT_BUF_INIT;
	sqlite3_stmt *st = NULL;
	void *of = l->of, *mark = l->mark;
	int rc, step;
	bt_strtab_clear(&l->src);
	bt_strtab_clear(&l->tgt);
	l->nrows = 0;
	if ((rc = bt_buf_put(&json, "[", 1)) != 0 || (rc = batch_forms(l, &l->tgt, BT_LEX_TGT, tgt, n, NULL)) != 0 ||
	    (rc = batch_forms(l, &l->src, BT_LEX_SRC, src, n, &json)) != 0 || (rc = bt_buf_put(&json, "]", 1)) != 0)
		goto done;
	rc = grow_zeroed(&of, &l->of_cap, bt_strtab_count(&l->src) + 1, sizeof *l->of);
	l->of = of;
	if (!rc)
		rc = grow_zeroed(&mark, &l->mark_cap, bt_strtab_count(&l->tgt) + 1, sizeof *l->mark);
	l->mark = mark;
	if (rc)
		goto done;
	memset(l->of, 0, l->of_cap * sizeof *l->of); /* a form with no row has no pairs */
	if (json.len < 3)
		goto done;
	/* one statement for all: SQLite looks the forms up in sorted order */
	if ((rc = bt_store_prepare(l->c, &st, "SELECT src, tgts FROM concord_lex WHERE src IN"
					      " (SELECT value FROM json_each(?))")) != 0)
		goto done;
	sqlite3_bind_text(st, 1, json.ptr, (int)json.len, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		uint32_t id;
		if (f && bt_strtab_find(&l->src, &id, f, (size_t)sqlite3_column_bytes(st, 0)))
			rc = parse_row(l, id, f, sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	}
	if (!rc && step != SQLITE_DONE)
		rc = bt_store_fail(l->c, "read the word model's rows");
done:
	sqlite3_finalize(st);
	bt_buf_dispose(&json);
	if (rc) { /* nothing half read stays */
		bt_strtab_clear(&l->src);
		bt_strtab_clear(&l->tgt);
		l->nrows = 0;
	}
	return rc;
}

/* The lexicon cleared and given the batch's rows of src's forms whose
 * target form is one of tgt's. */
static int lex_load(concord_lex *l, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	size_t nsrc;
	int rc;
	bt_buf_clear(&l->forms);
	if ((rc = bt_lexicon_forms(&l->forms, l->lx, BT_LEX_SRC, src, src_len)) != 0)
		return rc;
	nsrc = l->forms.len;
	if ((rc = bt_lexicon_forms(&l->forms, l->lx, BT_LEX_TGT, tgt, tgt_len)) != 0)
		return rc;
	if (++l->pair == 0) { /* wrapped: no mark may look current */
		memset(l->mark, 0, l->mark_cap * sizeof *l->mark);
		l->pair = 1;
	}
	for (size_t at = nsrc; at < l->forms.len; at += strlen(l->forms.ptr + at) + 1) {
		uint32_t t;
		if (bt_strtab_find(&l->tgt, &t, l->forms.ptr + at, strlen(l->forms.ptr + at)) && t < l->mark_cap)
			l->mark[t] = l->pair;
	}
	if ((rc = bt_lexicon_clear(l->lx)) != 0)
		return rc;
	for (size_t at = 0; at < nsrc && !rc;) {
		const char *f = l->forms.ptr + at;
		size_t fl = strlen(f);
		uint32_t id;
		at += fl + 1;
		if (!bt_strtab_find(&l->src, &id, f, fl) || id >= l->of_cap)
			continue;
		for (uint32_t k = l->of[id].at; k < l->of[id].at + l->of[id].n && !rc; k++) {
			const struct lex_row *r = &l->rows[k];
			size_t tl;
			const char *t;
			if (l->mark[r->tgt] != l->pair)
				continue;
			t = bt_strtab_str(&l->tgt, r->tgt, &tl);
			rc = bt_lexicon_put(l->lx, f, fl, t, tl, r->p_fwd, r->p_bwd, 0);
		}
	}
	return rc;
}

int bt_concord_lex_align(concord_lex *l, bt_word_links *out, const char *src, size_t src_len, const char *tgt,
			 size_t tgt_len)
{
	int rc = lex_load(l, src, src_len, tgt, tgt_len);
	return rc ? rc : bt_lexicon_align_words(out, l->lx, src, src_len, tgt, tgt_len);
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
		const char *ss = s, *tt = t;
		if (!s || !t)
			rc = bt_fail_nomem();
		else if ((rc = bt_concord_lex_prefetch(l, &ss, &tt, 1)) == 0)
			rc = bt_concord_lex_align(l, out, s, src_len, t, tgt_len);
		bt_free(s);
		bt_free(t);
	}
	return rc;
}

int bt_corpus_word_model(bt_corpus *c, long long *trained, long long *waiting, long long *pairs)
{
	return bt_concord_lex_status(c, trained, waiting, pairs);
}
