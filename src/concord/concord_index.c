/* concord_index.c: the concordance index: tokens, name keys, and keeping
 * concord_fts current (concord.h says how). */
#include "hash.h"
#include "concord.h"
#include "data.h"
#include "error.h"

#include <pthread.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

/* ---- the unicode61 tokenizer ---- */

struct concord_tokenizer {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int bt_concord_tokenizer_open(concord_tokenizer **out, sqlite3 *db)
{
	static const char *args[] = {"remove_diacritics", "2"};
	fts5_api *api = fts5_of(db);
	void *ud = NULL;
	concord_tokenizer *t;
	*out = NULL;
	if (!api)
		return bt_fail(BT_EDB, NULL, -1, -1, "this SQLite has no FTS5 (needed for the concordance)");
	if (!(t = bt_calloc(1, sizeof *t)))
		return bt_fail_nomem();
	if (api->xFindTokenizer(api, "unicode61", &ud, &t->api) != SQLITE_OK ||
	    t->api.xCreate(ud, args, 2, &t->tok) != SQLITE_OK) {
		bt_free(t);
		return bt_fail(BT_EDB, NULL, -1, -1, "cannot create the FTS5 unicode61 tokenizer");
	}
	*out = t;
	return 0;
}

void bt_concord_tokenizer_free(concord_tokenizer *t)
{
	if (!t)
		return;
	t->api.xDelete(t->tok);
	bt_free(t);
}

int bt_concord_is_cap(const char *s, size_t len)
{
	int32_t i = 0;
	UChar32 c;
	if (!len)
		return 0;
	if ((unsigned char)s[0] < 0x80)
		return s[0] >= 'A' && s[0] <= 'Z';
	U8_NEXT(s, i, (int32_t)(len > 8 ? 8 : len), c);
	return c >= 0 && (u_isupper(c) || u_istitle(c));
}

struct tok_ctx {
	concord_tokens *out;
	const char *text;
	int rc;
};

static int on_token(void *ud, int flags, const char *tok, int ntok, int start, int end)
{
	struct tok_ctx *x = ud;
	concord_tokens *o = x->out;
	(void)flags;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		concord_token *v = bt_realloc(o->v, cap * sizeof *v);
		if (!v) {
			x->rc = bt_fail_nomem();
			return SQLITE_NOMEM;
		}
		o->v = v;
		o->cap = cap;
	}
	o->v[o->n].start = (size_t)start;
	o->v[o->n].end = (size_t)end;
	o->v[o->n].fold = o->fold.len;
	o->v[o->n].nfold = (size_t)ntok;
	o->v[o->n].cap = bt_concord_is_cap(x->text + start, (size_t)(end - start));
	if ((x->rc = bt_buf_put(&o->fold, tok, (size_t)ntok)) != 0 || (x->rc = bt_buf_put(&o->fold, "", 1)) != 0)
		return SQLITE_NOMEM;
	o->n++;
	return SQLITE_OK;
}

int bt_concord_tokenize(concord_tokenizer *t, const char *text, size_t len, concord_tokens *out)
{
	struct tok_ctx x = {out, text, 0};
	int rc;
	out->n = 0;
	bt_buf_clear(&out->fold);
	if (len > 0x7fffffff)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "segment too long to index (%zu bytes)", len);
	rc = t->api.xTokenize(t->tok, &x, FTS5_TOKENIZE_DOCUMENT, text, (int)len, on_token);
	if (x.rc)
		return x.rc;
	if (rc != SQLITE_OK)
		return bt_fail(BT_EDB, NULL, -1, -1, "tokenizer failed (%s)", sqlite3_errstr(rc));
	return 0;
}

void bt_concord_tokens_dispose(concord_tokens *t)
{
	bt_free(t->v);
	bt_buf_dispose(&t->fold);
	t->v = NULL;
	t->n = t->cap = 0;
}

/* ---- name keys ---- */

/* The key of a word is bt_namer_key()'s (bitext-core.h, "Name keys"). The index
 * stores keys, so when the rules change it must be rebuilt: the version
 * is a hash of the rule files, checked at every write. */
/* Up to 2^18 slots (8 MB): the cache is emptied when 3/4 full, and a
 * large news import meets more distinct capitalized words than the 49k
 * that 2^16 slots held; a miss runs the ICU rules (8% of an index build
 * on 100k generated pairs with every word new). bench_concord's generated
 * corpus has fewer (34k keys at 1M pairs), so it does not show this. It
 * starts at 2^12 and doubles: a search keys a few dozen words, and each
 * slot it touched in 8 MB was a page the process had to fault in. */
#define CACHE_MIN (1u << 12)
#define CACHE_MAX (1u << 18)

struct cache_slot {
	uint64_t hash;
	uint32_t word, nword; /* offsets into the keyer's store */
	uint32_t key, nkey;
	uint32_t lang;
	uint32_t stored; /* the index build that stored the key in concord_keys */
	int used;
};

struct concord_keyer {
	bt_namer *namer;
	struct cache_slot *slots;
	size_t nslots; /* a power of two */
	size_t used;
	bt_buf store;
	uint32_t build; /* index builds so far, for cache_slot.stored */
	sqlite3_stmt *known; /* bt_concord_keyer_known(), or NULL */
};

static char key_version[40];
static pthread_mutex_t key_version_lock = PTHREAD_MUTEX_INITIALIZER;

/* Leaves key_version empty when a rules file cannot be read (out of
 * memory): a version made without it would name rules not in use and make
 * the next run index everything again (tests/fault/ found this). */
static void make_key_version(void)
{
	static const char *const files[] = {"names/key.rules", "names/cyrl.rules", "names/nl.rules", "names/nl.infl",
					    "names/en.rules", "names/en.infl", "names/de.rules", "names/de.infl",
					    "names/fr.rules", "names/fr.infl", "names/pl.rules", "names/pl.infl"};
	uint64_t h = BT_HASH_INIT;
	bt_buf b = BT_BUF_INIT;
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		int rc = bt_data_load(&b, files[f]);
		if (rc == BT_ENOTFOUND) {
			bt_buf_clear(&b); /* a language without such a file */
		} else if (rc) {
			bt_buf_dispose(&b);
			return;
		}
		h = bt_hash_more(h, b.ptr, b.len);
		h = bt_hash_more(h, "\xff", 1);
	}
	bt_buf_dispose(&b);
	snprintf(key_version, sizeof key_version, "names-%016llx", (unsigned long long)h);
}

const char *bt_concord_key_version(void)
{
	pthread_mutex_lock(&key_version_lock);
	if (!key_version[0])
		make_key_version();
	pthread_mutex_unlock(&key_version_lock);
	return key_version;
}

int bt_concord_keyer_open(concord_keyer **out)
{
	int rc;
	concord_keyer *k = bt_calloc(1, sizeof *k);
	*out = NULL;
	if (!k || !(k->slots = bt_calloc(CACHE_MIN, sizeof *k->slots))) {
		bt_free(k);
		return bt_fail_nomem();
	}
	k->nslots = CACHE_MIN;
	if ((rc = bt_namer_open(&k->namer)) != 0) {
		bt_concord_keyer_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

void bt_concord_keyer_free(concord_keyer *k)
{
	if (!k)
		return;
	bt_namer_free(k->namer);
	bt_free(k->slots);
	bt_buf_dispose(&k->store);
	bt_free(k);
}

/* One keyer per thread, kept: compiling the name rules costs more than a
 * search does. */
static _Thread_local concord_keyer *thread_keyer;

int bt_concord_keyer_shared(concord_keyer **out)
{
	int rc;
	if (!thread_keyer && (rc = bt_concord_keyer_open(&thread_keyer)) != 0) {
		*out = NULL;
		return rc;
	}
	*out = thread_keyer;
	return 0;
}

void bt_concord_keyer_release(void)
{
	bt_concord_keyer_free(thread_keyer);
	thread_keyer = NULL;
}

/* The key, or "" for a word that has none (no letters, another script). */
static int word_key(concord_keyer *k, bt_buf *out, const char *word, size_t len, const char *lang)
{
	int rc;
	if (len > 200) { /* no name is that long */
		bt_buf_clear(out);
		return 0;
	}
	rc = bt_namer_key(out, k->namer, word, len, bt_name_lang_known(lang) ? lang : "en", 0);
	if (rc == BT_EINPUT || rc == BT_EUSAGE) {
		bt_buf_clear(out);
		return 0;
	}
	return rc;
}

static uint64_t hash_word(const char *s, size_t n, const char *lang)
{
	return bt_hash_more(bt_hash(s, n), lang, strlen(lang)) | 1;
}

void bt_concord_keyer_known(concord_keyer *k, sqlite3_stmt *known)
{
	k->known = known;
}

/* The key the index build stored for the word: 1 and the key in out, or 0
 * (not stored, or no table of words in an older corpus opened read-only). */
static int stored_key(concord_keyer *k, bt_buf *out, const char *word, size_t len, const char *lang)
{
	int found = 0;
	sqlite3_bind_text(k->known, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(k->known, 2, word, (int)len, SQLITE_STATIC);
	if (sqlite3_step(k->known) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(k->known, 0);
		bt_buf_clear(out);
		found = bt_buf_put(out, key ? key : "", (size_t)sqlite3_column_bytes(k->known, 0)) == 0;
	}
	sqlite3_reset(k->known);
	sqlite3_clear_bindings(k->known);
	return found;
}

/* Twice the slots, the keys kept; 0 when memory is short (the cache is
 * then emptied instead). */
static int cache_grow(concord_keyer *k)
{
	size_t n = k->nslots * 2;
	struct cache_slot *v = bt_calloc(n, sizeof *v);
	if (!v)
		return 0;
	for (size_t i = 0; i < k->nslots; i++) {
		size_t j;
		if (!k->slots[i].used)
			continue;
		for (j = k->slots[i].hash & (n - 1); v[j].used; j = (j + 1) & (n - 1))
			;
		v[j] = k->slots[i];
	}
	bt_free(k->slots);
	k->slots = v, k->nslots = n;
	return 1;
}

/* bt_concord_key(), and the word's cache slot (valid until the next call). */
static int key_slot(concord_keyer *k, bt_buf *out, const char *word, size_t len, const char *lang,
		    struct cache_slot **slot)
{
	uint64_t h = hash_word(word, len, lang);
	size_t mask = k->nslots - 1, i = h & mask;
	int rc;
	struct cache_slot *s;
	for (;; i = (i + 1) & mask) {
		s = &k->slots[i];
		if (!s->used)
			break;
		if (s->hash == h && s->nword == len && memcmp(k->store.ptr + s->word, word, len) == 0 &&
		    strcmp(k->store.ptr + s->lang, lang) == 0) {
			*slot = s;
			bt_buf_clear(out);
			return bt_buf_put(out, k->store.ptr + s->key, s->nkey);
		}
	}
	if (k->known && len <= 200 && stored_key(k, out, word, len, lang)) {
		/* as stored: already one token */
	} else if ((rc = word_key(k, out, word, len, lang)) != 0) {
		return rc;
	} else {
		/* A key goes into the index as one token: no spaces or punctuation. */
		size_t w = 0;
		for (size_t r = 0; r < out->len; r++) {
			unsigned char ch = (unsigned char)out->ptr[r];
			if (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
				out->ptr[w++] = (char)ch;
		}
		out->len = w;
		if (out->ptr)
			out->ptr[w] = '\0';
	}
	if (k->used * 4 >= k->nslots * 3 || k->store.len > (1u << 30)) {
		if (k->store.len > (1u << 30) || k->nslots >= CACHE_MAX || !cache_grow(k)) {
			memset(k->slots, 0, k->nslots * sizeof *k->slots);
			k->used = 0;
			bt_buf_clear(&k->store);
		}
		mask = k->nslots - 1;
		for (i = h & mask; k->slots[i].used; i = (i + 1) & mask)
			;
		s = &k->slots[i];
	}
	s->hash = h;
	s->word = (uint32_t)k->store.len;
	s->nword = (uint32_t)len;
	if ((rc = bt_buf_put(&k->store, word, len)) != 0)
		return rc;
	s->key = (uint32_t)k->store.len;
	s->nkey = (uint32_t)out->len;
	if ((rc = bt_buf_put(&k->store, out->ptr ? out->ptr : "", out->len)) != 0)
		return rc;
	s->lang = (uint32_t)k->store.len;
	if ((rc = bt_buf_put(&k->store, lang, strlen(lang) + 1)) != 0)
		return rc;
	s->stored = 0;
	s->used = 1;
	k->used++;
	*slot = s;
	return 0;
}

int bt_concord_key(concord_keyer *k, bt_buf *out, const char *word, size_t len, const char *lang)
{
	struct cache_slot *slot;
	return key_slot(k, out, word, len, lang, &slot);
}

/* ---- keeping the index current ---- */

/* A word as unicode61 sees one: letters, digits, private use. */
static int word_char(UChar32 c)
{
	return c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_CO_MASK)) != 0;
}

/* The next word from *at that starts with a capital: [*ws, *we). A scan of
 * our own, as the tokenizer's folding is not needed here and the index
 * build is where time goes. */
static int next_cap_word(const char *s, size_t len, size_t *at, size_t *ws, size_t *we)
{
	size_t i = *at;
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		int32_t j = (int32_t)i;
		UChar32 c;
		int cap;
		if (b < 0x80) {
			if (!((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && !(b >= '0' && b <= '9')) {
				i++;
				continue;
			}
			cap = b >= 'A' && b <= 'Z';
			j++;
		} else {
			U8_NEXT(s, j, (int32_t)len, c);
			if (!word_char(c)) {
				i = (size_t)j;
				continue;
			}
			cap = u_isupper(c) || u_istitle(c);
		}
		*ws = i;
		i = (size_t)j;
		while (i < len) { /* the rest of the word */
			b = (unsigned char)s[i];
			if (b < 0x80) {
				if (!((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && !(b >= '0' && b <= '9'))
					break;
				i++;
			} else {
				j = (int32_t)i;
				U8_NEXT(s, j, (int32_t)len, c);
				if (!word_char(c))
					break;
				i = (size_t)j;
			}
		}
		if (cap) {
			*we = i;
			*at = i;
			return 1;
		}
	}
	*at = len;
	return 0;
}

int bt_concord_pending(bt_corpus *c, long long *n)
{
	sqlite3_stmt *st;
	int rc = bt_store_prepare(c, &st, "SELECT count(*) FROM concord_pending");
	if (rc)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		rc = bt_store_fail(c, "read the concordance queue");
	sqlite3_finalize(st);
	return rc;
}

/* The index emptied, to be built again from the segments. */
#define FORGET_ALL                                                                                                    \
	"INSERT INTO concord_fts(concord_fts) VALUES ('delete-all');"                                                  \
	"DELETE FROM concord_names; DELETE FROM concord_keys; DELETE FROM concord_words; DELETE FROM concord_runs;"

/* When the key rules changed, every segment is indexed again. */
static int check_key_version(bt_corpus *c)
{
	bt_buf v = BT_BUF_INIT;
	int rc;
	if (!bt_concord_key_version()[0])
		return bt_fail_nomem();
	rc = bt_store_get_setting(c, "concord_keys", &v);
	if (rc == 0 && strcmp(v.ptr, bt_concord_key_version()) == 0)
		goto done;
	if (rc && rc != BT_ENOTFOUND)
		goto done;
	if ((rc = bt_store_exec(c, FORGET_ALL)) != 0 || (rc = bt_store_queue_all(c, "concord_pending")) != 0)
		goto done;
	rc = bt_store_set_setting(c, "concord_keys", bt_concord_key_version());
done:
	bt_buf_dispose(&v);
	return rc;
}

static int store_key(bt_corpus *c, sqlite3_stmt *st, const char *key, size_t len)
{
	char rkey[256];
	if (len >= sizeof rkey)
		return 0;
	for (size_t i = 0; i < len; i++)
		rkey[i] = key[len - 1 - i];
	sqlite3_bind_text(st, 1, key, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rkey, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return bt_store_fail(c, "index name keys");
	sqlite3_reset(st);
	return 0;
}

/* The key of a word as the index build made it, for searches to read
 * (KNOWN_KEY_SQL); an empty key too, so that they need not make it. */
static int store_word(bt_corpus *c, sqlite3_stmt *st, const char *lang, const char *word, size_t len, const bt_buf *key)
{
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, word, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key->ptr ? key->ptr : "", (int)key->len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return bt_store_fail(c, "index the keys of words");
	sqlite3_reset(st);
	return 0;
}

/* Indexes one segment: its name keys (new ones into concord_keys, and
 * each new word's key into concord_words), its row in concord_fts and in
 * concord_names. */
static int index_one(bt_corpus *c, concord_keyer *keyer, sqlite3_stmt *const st[4], const bt_store_seg *g,
		     bt_buf *keys, bt_buf *key)
{
	sqlite3_stmt *ins = st[0], *names = st[1], *keyst = st[2], *wordst = st[3];
	const char *lang = g->lang ? g->lang : "";
	int rc;
	bt_buf_clear(keys);
	for (size_t at = 0, ws, we; next_cap_word(g->text, g->len, &at, &ws, &we);) {
		struct cache_slot *slot;
		if ((rc = key_slot(keyer, key, g->text + ws, we - ws, lang, &slot)) != 0)
			return rc;
		if (slot->stored != keyer->build) {
			if ((key->len && (rc = store_key(c, keyst, key->ptr, key->len)) != 0) ||
			    (we - ws <= 200 && (rc = store_word(c, wordst, lang, g->text + ws, we - ws, key)) != 0))
				return rc;
			slot->stored = keyer->build;
		}
		if (!key->len)
			continue;
		if ((keys->len && (rc = bt_buf_put(keys, " ", 1)) != 0) || (rc = bt_buf_put(keys, key->ptr, key->len)) != 0)
			return rc;
	}
	/* A row per statement, here and below: a multi-row INSERT opens a
	 * statement savepoint, at which FTS5 writes out all it holds in
	 * memory (measured on 200k pairs, 32 rows a statement: 3.6 times the
	 * CPU; 2.8 times with only concord_names batched). */
	sqlite3_bind_int64(ins, 1, g->id);
	sqlite3_bind_text(ins, 2, g->text, (int)g->len, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, keys->ptr ? keys->ptr : "", (int)keys->len, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE)
		return bt_store_fail(c, "index segment");
	sqlite3_reset(ins);
	sqlite3_bind_int64(names, 1, g->id);
	sqlite3_bind_text(names, 2, keys->ptr ? keys->ptr : "", (int)keys->len, SQLITE_STATIC);
	if (sqlite3_step(names) != SQLITE_DONE)
		return bt_store_fail(c, "index segment names");
	sqlite3_reset(names);
	return 0;
}

/* ---- runs: which document each indexed id is in ----
 * concord_runs holds runs of segment ids [lo, hi] that belong to one
 * document, or to two in turn (alt: a TMX import writes a unit's two
 * sides one after the other), as the build indexes them (an import writes
 * a document's segments in a row, so a run is usually a document or a
 * pair). A search reads a
 * hit's document once a run (bt_store_match_opts.runs). A segment that
 * goes leaves its id in a run: the index has no row for it, so no hit
 * reads it; an id written again, after the last rows were deleted, is
 * taken out of the run it was in. */
enum { RUN_BEFORE, RUN_LAST_IN, RUN_DEL, RUN_SET_HI, RUN_INS, N_RUN_ST };

struct run {
	long long lo, hi, doc; /* lo > hi: none */
	long long alt;         /* -1, or the document of every other id from lo + 1 */
};

/* A run from `lo` of what run `r` holds there. */
static struct run run_from(const struct run *r, long long lo)
{
	int odd = r->alt >= 0 && (lo - r->lo) % 2;
	return (struct run){lo, r->hi, odd ? r->alt : r->doc, odd ? r->doc : r->alt};
}

/* Whether segment (id, doc) continues run `r`: the next id, of its
 * document, or of the other when the two alternate (a TMX unit's two
 * sides are written in turn). */
static int run_takes(struct run *r, long long id, long long doc)
{
	if (r->lo > r->hi || id != r->hi + 1)
		return 0;
	if (r->alt < 0 && doc == r->doc) {
		r->hi = id;
		return 1;
	}
	if (r->alt < 0 && r->lo == r->hi) {
		r->alt = doc, r->hi = id;
		return 1;
	}
	if (r->alt >= 0 && doc == ((id - r->lo) % 2 ? r->alt : r->doc)) {
		r->hi = id;
		return 1;
	}
	return 0;
}

static int run_step(bt_corpus *c, sqlite3_stmt *st)
{
	int step = sqlite3_step(st);
	sqlite3_reset(st);
	return step == SQLITE_DONE || step == SQLITE_ROW ? 0 : bt_store_fail(c, "index the runs of segments");
}

/* The run (lo, hi, doc, alt) of the row `st` reads; none (lo > hi) when
 * it reads no row. */
static int run_read(bt_corpus *c, sqlite3_stmt *st, struct run *r)
{
	int step = sqlite3_step(st);
	r->lo = 1, r->hi = 0, r->doc = r->alt = -1;
	if (step == SQLITE_ROW) {
		r->lo = sqlite3_column_int64(st, 0);
		r->hi = sqlite3_column_int64(st, 1);
		r->doc = sqlite3_column_int64(st, 2);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			r->alt = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE || step == SQLITE_ROW ? 0 : bt_store_fail(c, "index the runs of segments");
}

static int run_put(bt_corpus *c, sqlite3_stmt *ins, const struct run *r)
{
	if (r->lo > r->hi)
		return 0;
	sqlite3_bind_int64(ins, 1, r->lo);
	sqlite3_bind_int64(ins, 2, r->hi);
	sqlite3_bind_int64(ins, 3, r->doc);
	if (r->alt >= 0)
		sqlite3_bind_int64(ins, 4, r->alt);
	else
		sqlite3_bind_null(ins, 4);
	return run_step(c, ins);
}

/* Run `r` into the table, over whatever runs held its ids; the ids after
 * it that an older run held stay that run's. */
static int run_flush(bt_corpus *c, sqlite3_stmt *const st[N_RUN_ST], const struct run *r)
{
	struct run before, last, tail = {1, 0, -1, -1};
	int rc;
	if (r->lo > r->hi)
		return 0;
	sqlite3_bind_int64(st[RUN_BEFORE], 1, r->lo);
	if ((rc = run_read(c, st[RUN_BEFORE], &before)) != 0)
		return rc;
	sqlite3_bind_int64(st[RUN_LAST_IN], 1, r->lo);
	sqlite3_bind_int64(st[RUN_LAST_IN], 2, r->hi);
	if ((rc = run_read(c, st[RUN_LAST_IN], &last)) != 0)
		return rc;
	if (before.lo <= before.hi && before.hi > r->hi)
		tail = run_from(&before, r->hi + 1);
	else if (last.lo <= last.hi && last.hi > r->hi)
		tail = run_from(&last, r->hi + 1);
	sqlite3_bind_int64(st[RUN_DEL], 1, r->lo);
	sqlite3_bind_int64(st[RUN_DEL], 2, r->hi);
	if ((rc = run_step(c, st[RUN_DEL])) != 0)
		return rc;
	if (before.lo <= before.hi && before.hi >= r->lo - 1) {
		/* the run before ends where this one starts: cut, or joined
		 * when both are one and the same document's */
		int same = before.doc == r->doc && before.alt < 0 && r->alt < 0;
		sqlite3_bind_int64(st[RUN_SET_HI], 1, before.lo);
		sqlite3_bind_int64(st[RUN_SET_HI], 2, same ? r->hi : r->lo - 1);
		if ((rc = run_step(c, st[RUN_SET_HI])) != 0)
			return rc;
		if (same)
			return run_put(c, st[RUN_INS], &tail);
	}
	if ((rc = run_put(c, st[RUN_INS], r)) != 0)
		return rc;
	return run_put(c, st[RUN_INS], &tail);
}

static int runs_prepare(bt_corpus *c, sqlite3_stmt *st[N_RUN_ST])
{
	static const char *const sql[N_RUN_ST] = {
		"SELECT lo, hi, doc, alt FROM concord_runs WHERE lo < ?1 ORDER BY lo DESC LIMIT 1",
		"SELECT lo, hi, doc, alt FROM concord_runs WHERE lo BETWEEN ?1 AND ?2 ORDER BY lo DESC LIMIT 1",
		"DELETE FROM concord_runs WHERE lo BETWEEN ?1 AND ?2",
		"UPDATE concord_runs SET hi = ?2 WHERE lo = ?1",
		"INSERT INTO concord_runs(lo, hi, doc, alt) VALUES (?1, ?2, ?3, ?4)",
	};
	int rc = 0;
	for (int i = 0; !rc && i < N_RUN_ST; i++)
		rc = bt_store_prepare(c, &st[i], sql[i]);
	return rc;
}

int bt_concord_index_pending(bt_corpus *c)
{
	sqlite3_stmt *st[4] = {NULL, NULL, NULL, NULL}, *any = NULL, *run_st[N_RUN_ST] = {NULL};
	struct run run = {1, 0, -1, -1};
	bt_store_segs *it = NULL;
	bt_store_seg g;
	concord_keyer *keyer = NULL;
	bt_buf keys = BT_BUF_INIT, key = BT_BUF_INIT;
	long long cache = 0;
	int rc, step;

	if ((rc = check_key_version(c)) != 0)
		return rc;
	if ((rc = bt_store_prepare(c, &any, "SELECT 1 FROM concord_pending LIMIT 1")) != 0)
		return rc;
	step = sqlite3_step(any);
	sqlite3_finalize(any);
	if (step == SQLITE_DONE)
		return 0;
	if (step != SQLITE_ROW)
		return bt_store_fail(c, "read the concordance queue");

	/* FTS5 merges its segments as it goes: a bigger page cache keeps
	 * them from being read back from disk during a large build (and the
	 * connection's own is put back after it) */
	bt_store_cache_grow(c, 131072, &cache);
	if ((rc = bt_concord_keyer_shared(&keyer)) != 0)
		goto done;
	if ((rc = bt_store_queued_open(&it, c, "concord_pending")) != 0 ||
	    (rc = bt_store_prepare(c, &st[0], "INSERT INTO concord_fts(rowid, text, name) VALUES (?, ?, ?)")) != 0 ||
	    (rc = bt_store_prepare(c, &st[1], "INSERT INTO concord_names(id, keys) VALUES (?, ?)")) != 0 ||
	    (rc = bt_store_prepare(c, &st[2], "INSERT OR IGNORE INTO concord_keys(key, rkey) VALUES (?, ?)")) != 0 ||
	    (rc = bt_store_prepare(c, &st[3], "INSERT OR IGNORE INTO concord_words(lang, word, key) VALUES (?, ?, ?)")) !=
		    0 ||
	    (rc = runs_prepare(c, run_st)) != 0)
		goto done;
	/* A key is stored once a build: its word's cache slot keeps the
	 * build's number (two words with one key cost an IGNOREd insert). */
	if (++keyer->build == 0)
		keyer->build = 1;
	while ((rc = bt_store_segs_next(it, &g)) == 0) {
		if ((rc = index_one(c, keyer, st, &g, &keys, &key)) != 0)
			goto done;
		if (run_takes(&run, g.id, g.doc))
			continue;
		if ((rc = run_flush(c, run_st, &run)) != 0)
			goto done;
		run = (struct run){g.id, g.id, g.doc, -1};
	}
	if (rc != BT_ITEROVER || (rc = run_flush(c, run_st, &run)) != 0)
		goto done;
	bt_store_segs_free(it);
	it = NULL;
	rc = bt_store_exec(c, "DELETE FROM concord_pending");
done:
	bt_store_segs_free(it);
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(st[i]);
	for (int i = 0; i < N_RUN_ST; i++)
		sqlite3_finalize(run_st[i]);
	bt_store_cache_restore(c, cache);
	bt_buf_dispose(&keys);
	bt_buf_dispose(&key);
	return rc;
}

/* The module's precommit: the segments written, the word model, the
 * aligned translations. */
static int concord_precommit(bt_corpus *c)
{
	int rc = bt_concord_index_pending(c);
	if (!rc)
		rc = bt_concord_lex_train(c, 0);
	return rc ? rc : bt_concord_tr_build(c);
}

/* A reindex also learns the word model again, from every link. */
#define FORGET_MODEL "DELETE FROM concord_lex; DELETE FROM concord_lex_tgt; DELETE FROM concord_lex_model;"
/* and indexes the aligned translations again */
#define FORGET_TR                                                                                                     \
	"DELETE FROM concord_tr;"                                                                                      \
	"INSERT OR IGNORE INTO concord_tr_pending(pair_id) SELECT DISTINCT pair_id FROM links;"

int bt_concord_reindex(long long *n, bt_corpus *c)
{
	int rc;
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	if ((rc = bt_store_exec(c, FORGET_ALL)) != 0 || (rc = bt_store_queue_all(c, "concord_pending")) != 0 ||
	    (rc = bt_store_exec(c, FORGET_MODEL)) != 0 || (rc = bt_store_exec(c, FORGET_TR)) != 0 ||
	    (rc = bt_store_queue_linked_pairs(c, "concord_lex_pending")) != 0 || (rc = bt_concord_pending(c, n)) != 0) {
		bt_store_rollback(c);
		return rc;
	}
	return bt_store_commit(c); /* indexes the queue */
}

/* ---- the module ---- */

/* The concordance's tables. Version 1 is what a corpus of schema 5 (before
 * modules had versions of their own) already has: made where missing,
 * kept where there. */
static const char *const migrations[] = {
	/* 0 -> 1: concord_fts is contentless: the text stays in segments;
	 * concord_names holds what each segment was indexed with, which a
	 * contentless table needs to delete it, and marks it indexed. No
	 * ranking is done, so no column sizes are kept. The index buffers
	 * 128 MB of new entries before it writes them (measured: a quarter
	 * less CPU for a large import than with 16 MB); memory is taken only
	 * as entries come. A prefix index for 3 letters only: a 2-letter one
	 * cost a quarter of the index build (measured on 200k generated
	 * pairs), and a prefix needs 3 letters, as in other concordancers;
	 * longer prefixes are found from the terms themselves. concord_keys
	 * holds every name key in the index, and reversed, to find the keys
	 * one letter apart (Loeksjenko, Lukashenka) by prefix and by suffix. */
	"CREATE VIRTUAL TABLE IF NOT EXISTS concord_fts USING fts5(text, name, content='', columnsize=0,"
	"  tokenize='unicode61 remove_diacritics 2', prefix='3');"
	"INSERT INTO concord_fts(concord_fts, rank) VALUES ('hashsize', 134217728);"
	"CREATE TABLE IF NOT EXISTS concord_names(id INTEGER PRIMARY KEY, keys TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS concord_pending(id INTEGER PRIMARY KEY);"
	"CREATE TABLE IF NOT EXISTS concord_keys(key TEXT PRIMARY KEY, rkey TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS concord_keys_rkey ON concord_keys(rkey);",
	/* 1 -> 2: the key of every word the build keyed, by language and
	 * word as written (bt_concord_keyer_known(): a search reads it
	 * rather than running ICU's rules). An index built before has none:
	 * its searches make keys as before until `concord --reindex`, or
	 * until new segments are indexed. */
	"CREATE TABLE IF NOT EXISTS concord_words(lang TEXT NOT NULL, word TEXT NOT NULL, key TEXT NOT NULL,"
	"  PRIMARY KEY(lang, word)) WITHOUT ROWID;",
	/* 2 -> 3: the runs of ids of one document, or of two in turn
	 * (run_flush()), made here for what is already indexed: a run is a
	 * document's ids in a row, found as the ids whose distance to their
	 * rank in the document is the same (1.8 s for 2M segments); the ids
	 * of a TMX import, two documents in turn, are a run each until the
	 * index is built again */
	"CREATE TABLE IF NOT EXISTS concord_runs(lo INTEGER PRIMARY KEY, hi INTEGER NOT NULL, doc INTEGER NOT NULL,"
	"  alt INTEGER);"
	"INSERT INTO concord_runs(lo, hi, doc)"
	"  SELECT min(id), max(id), doc_id FROM"
	"  (SELECT s.id, s.doc_id, s.id - row_number() OVER (PARTITION BY s.doc_id ORDER BY s.id) AS g"
	"   FROM segments s JOIN concord_names n ON n.id = s.id)"
	"  GROUP BY doc_id, g;",
	/* 3 -> 4: the word model (concord_lex.c): as bt_lexicon_save()
	 * writes it, after the number of links it learned from and of its
	 * word pairs (a column after a blob is read through the blob's
	 * overflow pages: 6 ms for a model of 3 MB); its word pairs, one row per source form (a search
	 * reads a row per word: 2 us where a row per pair took 8.5); the
	 * pairs whose links were added since. A
	 * corpus aligned before learns from all its links at its next
	 * write (or `concord --reindex`). */
	"CREATE TABLE IF NOT EXISTS concord_lex_model(id INTEGER PRIMARY KEY CHECK (id = 1), links INTEGER NOT NULL,"
	"  pairs INTEGER NOT NULL, model BLOB NOT NULL);"
	"CREATE TABLE IF NOT EXISTS concord_lex(src TEXT PRIMARY KEY, tgts BLOB NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS concord_lex_pending(pair_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS concord_lex_links AFTER INSERT ON links BEGIN"
	"  INSERT OR IGNORE INTO concord_lex_pending(pair_id) VALUES (new.pair_id); END;"
	"INSERT OR IGNORE INTO concord_lex_pending(pair_id) SELECT DISTINCT pair_id FROM links;",
	/* 4 -> 5: the word model's pairs also a row per target form, for a
	 * search that needs only the links of the words it matched
	 * (concord_lex.c); the next write makes them from the model kept,
	 * without training again (bt_concord_lex_train()) */
	"CREATE TABLE IF NOT EXISTS concord_lex_tgt(tgt TEXT PRIMARY KEY, srcs BLOB NOT NULL) WITHOUT ROWID;",
	/* 5 -> 6: each segment's aligned translation, indexed by the
	 * segment's id (concord_tr.c), for filters on the translation; a
	 * pair's rows are made again when its links change. Positions are
	 * kept, for phrases; no prefixes: a filter is words. The table keeps
	 * the text it indexed (about as much as the segments' own) so that a
	 * row is deleted by its id alone; made here for every pair with
	 * links, by the next write. */
	"CREATE VIRTUAL TABLE IF NOT EXISTS concord_tr USING fts5(other, columnsize=0,"
	"  tokenize='unicode61 remove_diacritics 2');"
	"INSERT INTO concord_tr(concord_tr, rank) VALUES ('hashsize', 134217728);"
	"CREATE TABLE IF NOT EXISTS concord_tr_pending(pair_id TEXT PRIMARY KEY) WITHOUT ROWID;"
	"CREATE TRIGGER IF NOT EXISTS concord_tr_link_insert AFTER INSERT ON links BEGIN"
	"  INSERT OR IGNORE INTO concord_tr_pending(pair_id) VALUES (new.pair_id); END;"
	"CREATE TRIGGER IF NOT EXISTS concord_tr_link_delete AFTER DELETE ON links BEGIN"
	"  INSERT OR IGNORE INTO concord_tr_pending(pair_id) VALUES (old.pair_id); END;"
	"CREATE TRIGGER IF NOT EXISTS concord_tr_link_update AFTER UPDATE ON links BEGIN"
	"  INSERT OR IGNORE INTO concord_tr_pending(pair_id) VALUES (old.pair_id);"
	"  INSERT OR IGNORE INTO concord_tr_pending(pair_id) VALUES (new.pair_id); END;"
	"INSERT OR IGNORE INTO concord_tr_pending(pair_id) SELECT DISTINCT pair_id FROM links;",
};

const bt_store_module bt_concord_module = {
	"concord",
	migrations,
	(int)(sizeof migrations / sizeof *migrations),
	"concord_pending",
	/* a segment that goes (or changes) leaves the index: a contentless
	 * table deletes a row given what it was indexed with; its pair's
	 * translations are indexed again (its partners held its text) */
	"INSERT INTO concord_fts(concord_fts, rowid, text, name)"
	"  SELECT 'delete', old.id, old.text, keys FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_names WHERE id = old.id;"
	"  DELETE FROM concord_tr WHERE rowid = old.id;"
	"  INSERT OR IGNORE INTO concord_tr_pending(pair_id) SELECT pair_id FROM documents WHERE id = old.doc_id;",
	concord_precommit,
	bt_concord_word_lexicon,
};
