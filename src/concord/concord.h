/* concord.h: the bilingual concordance (internal).
 *
 * Four parts, one file each:
 *   concord_index.c  the concordance as a module of the store (store.h,
 *                    "Modules"): its tables and their migrations, and the
 *                    index kept current from the queue concord_pending,
 *                    which the store's feed fills with every segment
 *                    written; also name keys;
 *   concord.c        parses a user's query into an FTS5 expression, runs it
 *                    page by page in corpus order, finds each hit's match and
 *                    aligned translation, and gathers --stats;
 *   concord_lex.c    the corpus's word model: trained on the links the
 *                    precommit finds queued, read by a search a word at a time;
 *   concord_fmt.c    writes hits as KWIC text, TSV, JSON Lines or HTML.
 *
 * Its tables live in the corpus file beside the store's: concord_fts (the
 * full-text index), concord_names, concord_keys and concord_pending, and
 * the word model's concord_lex_model, concord_lex and concord_lex_pending
 * (a pair's id, queued by a trigger on links this module's migration
 * makes: the store's feed queues segments only). They
 * are made and upgraded by this module's own migrations (its version is
 * the store's row "concord" in store_modules); its SQL reads and writes
 * these tables only, and it asks the store for segments, links and
 * glossary entries.
 *
 * The index is contentless (the text lives in `segments` only) and has two
 * columns: `text`, the segment as unicode61 with remove_diacritics 2 reads it
 * (case- and diacritic-insensitive), and `name`, the name keys of its
 * capitalized words, so that Lukashenko finds Loekasjenko (bitext-core.h, "Name keys").
 * Why a queue and not triggers that index directly: name keys need C (ICU
 * rules), and a trigger calling a C function would make every other SQLite
 * client that writes segments (the sqlite3 shell, tests) fail. The queue is
 * drained by the module's precommit hook inside the writing transaction, so
 * everything bitext writes is indexed when it commits; rows written by
 * others are indexed at the next bitext write or concordance query. */
#ifndef BT_CONCORD_H
#define BT_CONCORD_H

#include "store.h"

#include <sqlite3.h>

/* The module (registered with the store by the build). */
extern const bt_store_module bt_concord_module;
/* The concordance's word model for the sentence aligner (the module's
 * word_lexicon hook). */
int bt_concord_word_lexicon(bt_lexicon **out, long long *links, long long *pairs, bt_corpus *c);

/* Indexes the segments queued in concord_pending (and re-indexes everything
 * when the name-key rules changed). Must run inside a write transaction;
 * it is the module's precommit hook. Cheap when the queue is empty. */
int bt_concord_index_pending(bt_corpus *c);

/* Number of segments waiting to be indexed. */
int bt_concord_pending(bt_corpus *c, long long *n);

/* ---- the index of aligned translations (concord_tr.c) ---- */


/* Makes the concord_tr rows of the pairs queued in concord_tr_pending
 * (their links or segments changed), in the write transaction. Part of
 * the module's precommit. */
int bt_concord_tr_build(bt_corpus *c);
/* 1 in *ready when concord_tr exists and nothing waits to be indexed (a
 * search filters by the translation with it; else it reads each hit). */
int bt_concord_tr_ready(bt_corpus *c, int *ready);

/* ---- the corpus's word model (concord_lex.c) ---- */

/* Trains the word model on the links of the pairs queued in
 * concord_lex_pending (links added since), in the write transaction: when
 * there is no model yet, when they reach a tenth of the links trained
 * before or 10,000, or with `force`. At most 200,000 links a time, taken
 * evenly. Part of the module's precommit. */
int bt_concord_lex_train(bt_corpus *c, int force);
/* Links the model was trained on, links waiting, word pairs it holds. */
int bt_concord_lex_status(bt_corpus *c, long long *trained, long long *waiting, long long *pairs);

/* The model as a search reads it: the rows of the words of the sentences
 * it aligns, kept for the thread (a server's next search reuses them) until
 * the model changes. *out is NULL when the corpus has no model; borrowed
 * (bt_concord_lex_release() frees it). */
typedef struct concord_lex concord_lex;
int bt_concord_lex_open(concord_lex **out, bt_corpus *c);
/* A pair of a batch (its texts NUL-terminated, borrowed until the next
 * batch). With marks (a match on the source side: spans of src from
 * `offset`), only the links of the marked words are wanted, and fewer
 * rows are read; without, the pair is aligned whole. */
typedef struct concord_lex_pair {
	const char *src, *tgt;
	const bt_concord_span *marks;
	size_t n_marks, offset;
} concord_lex_pair;
/* Reads what aligning the pairs p[0, n) needs of the model, a statement a
 * table: a page's hits, --stats's sample. Forgets what the last batch
 * read. */
int bt_concord_lex_prefetch(concord_lex *l, const concord_lex_pair *p, size_t n);
/* Word alignment of pair k of the batch read last: what
 * bt_lexicon_align_words() gives with the whole model (of a pair with
 * marks, the links of its marked words). */
int bt_concord_lex_align(concord_lex *l, bt_word_links *out, size_t k);
void bt_concord_lex_release(void);

/* ---- pieces shared by the three files ---- */

/* The FTS5 unicode61 tokenizer (remove_diacritics 2), so that the words we
 * look for in a hit are exactly the tokens the index holds. */
typedef struct concord_tokenizer concord_tokenizer;

typedef struct concord_token {
	size_t start, end;  /* bytes in the tokenized text */
	size_t fold, nfold; /* the folded form: offset and length in a side buffer */
	int cap;            /* starts with an upper-case letter */
} concord_token;

typedef struct concord_tokens {
	concord_token *v;
	size_t n, cap;
	bt_buf fold; /* folded forms, NUL-separated */
} concord_tokens;

int bt_concord_tokenizer_open(concord_tokenizer **out, sqlite3 *db);
void bt_concord_tokenizer_free(concord_tokenizer *t);
/* Tokenizes text[0, len) into `out` (cleared first). */
int bt_concord_tokenize(concord_tokenizer *t, const char *text, size_t len, concord_tokens *out);
void bt_concord_tokens_dispose(concord_tokens *t);
static inline const char *concord_tok_fold(const concord_tokens *t, size_t i)
{
	return t->fold.ptr + t->v[i].fold;
}

/* Name keys: the canonical key of one word in language `lang`, as one
 * index token (lower-case ASCII letters and digits). Empty when the word
 * has none (no letters, another script). Results are cached. */
typedef struct concord_keyer concord_keyer;
int bt_concord_keyer_open(concord_keyer **out);
void bt_concord_keyer_free(concord_keyer *k);
/* This thread's keyer, made once and kept (bt_concord_cache_release()). */
int bt_concord_keyer_shared(concord_keyer **out);
void bt_concord_keyer_release(void);
int bt_concord_key(concord_keyer *k, bt_buf *out, const char *word, size_t len, const char *lang);
/* While a search runs, the keyer first asks the corpus for a word's key:
 * `known` is its prepared KNOWN_KEY_SQL (the index build stored the key of
 * every word it keyed). Making a key runs ICU's transliterators, whose
 * registry alone took 11 ms to set up in each new process; a search
 * through `bitext concord` then spent half its time there (issue 17).
 * NULL stops it. The statement stays the caller's. */
#define KNOWN_KEY_SQL "SELECT key FROM concord_words WHERE lang = ?1 AND word = ?2"
void bt_concord_keyer_known(concord_keyer *k, struct sqlite3_stmt *known);
/* Which key rules are in use; stored in the corpus so that a change of
 * rules re-indexes the name keys. */
const char *bt_concord_key_version(void);

/* Is the code point at the start of s[0, len) an upper-case letter? */
int bt_concord_is_cap(const char *s, size_t len);

/* ---- the query compiler, exposed for unit tests ---- */

typedef struct concord_query concord_query;

enum { CONCORD_EXACT_SPELLING = 1, CONCORD_EXACT_CASE = 2 };

/* Parses `query` (see "Concordance" in bitext.h for the syntax) into an
 * FTS5 expression. `langs` are the languages whose name keys a word is
 * expanded to (NULL-terminated); `exact` (CONCORD_EXACT_*) turns expansion
 * off and makes bt_concord_query_marks() compare the words as typed. BT_EINPUT
 * or BT_ELIMIT with a message naming the problem. */
int bt_concord_query_parse(concord_query **out, const char *query, concord_tokenizer *tk,
			concord_keyer *keyer, const char *const *langs, int exact);
void bt_concord_query_free(concord_query *q);
/* Adds to every word's name keys the keys in c's index that are one letter
 * away from one (Loeksjenko, Lukashenka for Lukashenko), and compiles the
 * FTS5 expression again. */
int bt_concord_query_expand(concord_query *q, bt_corpus *c);
/* Looks up the words of c's index that the query's wildcard words (?, a
 * leading or inner *) match, at most BT_CONCORD_MAX_WILDCARD each (else
 * BT_ELIMIT), and compiles the FTS5 expression again. */
int bt_concord_query_patterns(concord_query *q, bt_corpus *c);
/* The FTS5 expression; borrowed while q lives. */
const char *bt_concord_query_fts(const concord_query *q);

/* The matches of q's positive terms (those not on the right of a NOT) in
 * `text`, whose tokens are `tokens`: every occurrence as a byte span, in
 * order, overlaps merged. *marks is allocated with bt_malloc (bt_free()). */
int bt_concord_query_marks(const concord_query *q, concord_keyer *keyer, const char *lang,
			const char *text, const concord_tokens *tokens, bt_concord_span **marks,
			size_t *n);

#endif
