/* store.h: the corpus database, as the other rooms see it (internal).
 *
 * One SQLite file, WAL mode, foreign keys on, schema versioned with
 * PRAGMA user_version and marked with PRAGMA application_id so that a
 * stranger's SQLite file is never taken for a corpus. The store owns every
 * SQL statement on the corpus's tables (settings, pairs, documents,
 * paragraphs, segments, links, glossary): the rest of bitext asks it for
 * the typed operations below, and a bt_corpus is opaque outside
 * src/store/.
 *
 * Transactions: every command's writes go inside bt_store_begin() ...
 * bt_store_commit(), and any error in between is followed by
 * bt_store_rollback(). Operations that write must run inside one.
 *
 * Sides are 0 (source) and 1 (target) throughout. Strings an operation
 * hands to a callback or an iterator are borrowed until the callback
 * returns or the iterator's next step. A callback that returns non-zero
 * stops the operation, which returns that value.
 *
 * Modules (the concordance) keep tables of their own in the same file:
 * see "Modules" at the end. */
#ifndef BT_STORE_H
#define BT_STORE_H

#include "bitext.h"

#include <stdint.h>

struct sqlite3;
struct sqlite3_stmt;

/* ---- transactions, errors, settings ---------------------------------- */

int bt_store_begin(bt_corpus *c); /* BEGIN IMMEDIATE */
/* Runs the modules' precommit hooks, then COMMIT; on any failure the
 * transaction is rolled back. */
int bt_store_commit(bt_corpus *c);
/* The modules' precommit hooks alone, inside a write transaction: what
 * the commit would take in so far (the word model trained from the links
 * written), for a write that reads it before it commits. */
int bt_store_precommit(bt_corpus *c);
void bt_store_rollback(bt_corpus *c); /* no-op outside a transaction */
/* A read transaction (BEGIN, deferred): reads that must agree with each
 * other (a pair's segments and its links). */
int bt_store_read_begin(bt_corpus *c);
void bt_store_read_end(bt_corpus *c);
/* The same, only when the connection is in no transaction: *began says
 * whether it began one, for bt_store_snapshot_end(). Many small reads in
 * one transaction do not take and give back SQLite's read lock each (a
 * fifth of a --stats on 1M pairs, measured with perf). */
int bt_store_snapshot_begin(bt_corpus *c, int *began);
void bt_store_snapshot_end(bt_corpus *c, int began);

/* Records an SQLite error as BT_EDB with the corpus path: "what: detail". */
int bt_store_fail(bt_corpus *c, const char *what);
/* The corpus file, for messages. */
const char *bt_store_path(const bt_corpus *c);
/* Threads the work of a commit may use: bt_corpus_align's aligner's while
 * it runs, else 1. */
int bt_store_threads(const bt_corpus *c);
void bt_store_set_threads(bt_corpus *c, int threads);

/* Reads a setting; BT_ENOTFOUND if absent. */
int bt_store_get_setting(bt_corpus *c, const char *key, bt_buf *out);
int bt_store_set_setting(bt_corpus *c, const char *key, const char *value);

/* ---- pairs ----------------------------------------------------------- */

int bt_store_pair_exists(bt_corpus *c, const char *id, int *exists);
/* The pair's date into `date` ("" when it has none); *exists 0 when there
 * is no such pair. */
int bt_store_pair_date(bt_corpus *c, const char *id, bt_buf *date, int *exists);
int bt_store_pair_add(bt_corpus *c, const char *id, const char *date);
/* Deletes the pair and everything it has (documents, paragraphs,
 * segments, links), with foreign keys on or off. */
int bt_store_pair_delete(bt_corpus *c, const char *id);
/* Marks pair `id` reviewed (1) or not (0), if it was `was` as the caller
 * read it: BT_ECONFLICT when it changed meanwhile, BT_ENOTFOUND when there
 * is no such pair. */
int bt_store_pair_reviewed_set(bt_corpus *c, const char *id, int reviewed, int was);

typedef int (*bt_store_pair_fn)(void *ud, const char *id, const char *date);
/* Every pair in id order (`only` non-NULL: that one, if it exists). */
int bt_store_pairs_each(bt_corpus *c, const char *only, bt_store_pair_fn fn, void *ud);

/* A pair as the review page lists it. */
typedef struct bt_store_pair_summary {
	const char *id, *date; /* date NULL when none */
	long long src_segments, tgt_segments, links, manual;
	long long low;   /* links not made by hand scored below `low` */
	int has_min;     /* 0 when no link was made by the aligner */
	double min_score;
	int reviewed;    /* marked reviewed as a whole */
} bt_store_pair_summary;
typedef int (*bt_store_summary_fn)(void *ud, const bt_store_pair_summary *s);
int bt_store_pair_summaries(bt_corpus *c, double low, bt_store_summary_fn fn, void *ud);
/* Pairs, links and manual links in the corpus. */
int bt_store_counts(bt_corpus *c, long long *pairs, long long *links, long long *manual);

/* ---- documents ------------------------------------------------------- */

/* One side of a pair as ingestion stores it: its decoded text and the
 * spans the segmenter found in it (in order, not overlapping). The text is
 * kept once: the segments hold it, and the document only what lies
 * between them (white space, paragraph breaks, a metadata line), from
 * which bt_store_doc_text() rebuilds it byte for byte. */
typedef struct bt_store_doc {
	const char *pair_id;
	int side;
	const char *lang, *path, *hash, *encoding;
	const char *date;     /* NULL or "" for none */
	long long bytes;      /* of the file */
	size_t body;          /* where the text follows the metadata */
	const char *text;     /* decoded */
	size_t len;
	const bt_span *spans; /* segments: byte ranges of text */
	size_t n_spans;
	const char *format;   /* what it was read from (bt_format_name) */
} bt_store_doc;

/* Writes the document, its segments and its paragraphs. */
int bt_store_doc_add(bt_corpus *c, const bt_store_doc *d);
/* The content hash of the pair's document on `side` into hash (NUL-
 * terminated, at most size - 1 bytes); *found 0 when there is none. */
int bt_store_doc_hash(bt_corpus *c, const char *pair, int side, char *hash, size_t size, int *found);
/* The format the pair's document on `side` was read from (documents.format:
 * "docx", "tmx", "xliff" ...) into out, as bt_store_doc_hash(). */
int bt_store_doc_format(bt_corpus *c, const char *pair, int side, char *out, size_t size, int *found);
/* The document's decoded text, rebuilt from its segments and what lies
 * between them, into `text` (cleared first); *body where its text follows
 * its metadata. A document made from a TMX has no text of its own: "".
 * BT_ENOTFOUND when the pair has no such document. */
int bt_store_doc_text(bt_corpus *c, const char *pair, int side, bt_buf *text, size_t *body);
/* Re-segmentation: the document's segments and paragraphs replaced by
 * `spans` over its text (as bt_store_doc_text() gives it). Links of the
 * pair are left as they are (the caller aligns again or writes them). */
int bt_store_doc_resegment(bt_corpus *c, const char *pair, int side, const bt_span *spans, size_t n);

/* ---- TMX originals ---------------------------------------------------- */

/* What a TMX <tuv> had besides the segment's text, kept so that an export
 * writes it back (tables tmx_segments, tmx_units). XML fragments as the
 * TMX reader serialises what it parsed; NULL or "" where there is none. */
typedef struct bt_store_tmx_tuv {
	const char *lang;  /* its language tag as written (nl-BE); NULL: the
			      document's (bt_store_bulk_tags()) */
	const char *attrs; /* its other attributes: ` name="value"`... */
	const char *body;  /* its <prop> and <note> elements */
	const char *seg;   /* the <seg>'s content when the segment's text is not
			      it escaped (inline codes, white space at the ends,
			      normalised characters); NULL otherwise */
} bt_store_tmx_tuv;

/* The same for the <tu>: its tuid, other attributes, <prop>/<note>
 * elements, and the <tuv>s in languages other than the corpus's. */
typedef struct bt_store_tmx_unit {
	const char *tuid, *attrs, *body, *others;
	bt_store_tmx_tuv tuv[2];
} bt_store_tmx_unit;

/* ---- segments -------------------------------------------------------- */

typedef struct bt_store_seg {
	long long id;        /* the row: stable while the segment exists */
	const char *pair;
	int side;
	unsigned ordinal, para;
	int heading;
	const char *text;
	size_t len;
	const char *lang;    /* bt_store_seg_get(), bt_store_queued_open() */
	const char *date;    /* the pair's, "" when none (bt_store_seg_get()) */
	/* what its TMX <tuv> had (bt_store_segs_open() and _corpus()); all
	 * NULL when nothing was kept */
	bt_store_tmx_tuv tmx;
	long long doc;       /* its document's row (bt_store_queued_open()) */
} bt_store_seg;

typedef struct bt_store_segs bt_store_segs;


/* The segments of one side of `pair` in order, ordinals [first, first+n)
 * (n (size_t)-1: to the end). */
int bt_store_segs_open(bt_store_segs **out, bt_corpus *c, const char *pair, int side, size_t first, size_t n);

/* Which pairs a corpus-wide read takes: `pair` (NULL: all), and dates: a
 * pair without one is left out when since or until is given; a date
 * compares with since/until at since/until's own length (YYYY, YYYY-MM,
 * YYYY-MM-DD). */
typedef struct bt_store_pair_filter {
	const char *pair, *since, *until;
	const char *const *pairs; /* several pairs (pair NULL then); n_pairs 0: all */
	size_t n_pairs;
} bt_store_pair_filter;
#define BT_STORE_PAIR_FILTER_INIT {NULL, NULL, NULL, NULL, 0}

/* The segments of one side of every pair the filter takes, in (pair id,
 * ordinal) order. */
int bt_store_segs_corpus(bt_store_segs **out, bt_corpus *c, int side, const bt_store_pair_filter *f);
/* The TMX <header>s kept (bt_store_bulk_header()) on the pairs the filter
 * takes: into `out` when they all have one and it is the same, else out
 * is left empty; *with gets the number of those pairs that have one. */
int bt_store_tmx_header(bt_corpus *c, const bt_store_pair_filter *f, bt_buf *out, size_t *with);
/* 0 with a row, BT_ITEROVER after the last, or an error. */
int bt_store_segs_next(bt_store_segs *it, bt_store_seg *s);
void bt_store_segs_free(bt_store_segs *it);

typedef int (*bt_store_seg_fn)(void *ud, const bt_store_seg *s);
/* Segment `id` with its pair, language and date; BT_ENOTFOUND when there
 * is no such segment (nothing is recorded: the caller says what it means). */
int bt_store_seg_get(bt_corpus *c, long long id, bt_store_seg_fn fn, void *ud);
int bt_store_seg_count(bt_corpus *c, const char *pair, int side, long long *n);
/* The largest segment id (0 with none): an upper bound of the number of
 * segments, read from the end of the table's b-tree. */
int bt_store_seg_id_max(bt_corpus *c, long long *max);
/* The number of segments of `side` in the corpus (-1: both sides). */
int bt_store_side_seg_count(bt_corpus *c, int side, long long *n);
/* The smallest and largest segment id of the pair (*hi -1 when it has no
 * segments: an empty range); *exists 0 when there is no such pair. */
int bt_store_pair_seg_range(bt_corpus *c, const char *pair, long long *lo, long long *hi, int *exists);

/* ---- links ----------------------------------------------------------- */

typedef struct bt_store_link {
	const char *pair, *date; /* bt_store_links_open() only */
	long long ordinal;
	bt_link l;
	int manual;
	/* what its TMX <tu> had (bt_store_links_open()): tuid, attrs, body,
	 * others; tuv unused; all NULL when nothing was kept */
	bt_store_tmx_unit tmx;
} bt_store_link;
typedef int (*bt_store_link_fn)(void *ud, const bt_store_link *l);

/* The pair's links in ordinal order; `manual_only`: those made by hand. */
int bt_store_links_read(bt_corpus *c, const char *pair, int manual_only, bt_store_link_fn fn, void *ud);
/* Sets where each link without sentences on a side stands: after the
 * links before it (on the target side, the moved ones not counted). */
void bt_store_links_restand(bt_links *l);
/* Replaces all the pair's links by v[0, n), ordinals 0..n-1; manual may be
 * NULL (none by hand). */
int bt_store_links_replace(bt_corpus *c, const char *pair, const bt_link *v, const unsigned char *manual, size_t n);
/* The link nearest before `ordinal` on `side` that has a segment there
 * (whether it covers `ordinal` is the caller's question); *found 0 when
 * there is none. */
int bt_store_link_at(bt_corpus *c, const char *pair, int side, unsigned ordinal, bt_link *out, int *found);
/* The <tuv>s in other languages that import-tmx --keep-all-languages kept
 * with the link of `pair` that starts at src_first and tgt_first, as
 * markup, into `out` (cleared; empty when there are none). */
int bt_store_link_others(bt_corpus *c, const char *pair, size_t src_first, size_t tgt_first, bt_buf *out);

/* Links for an export: the pair filter, a minimum score, link types
 * (src_n, tgt_n) to keep (none: all). */
typedef struct bt_store_link_filter {
	bt_store_pair_filter pairs;
	int use_min_score;
	double min_score;
	const unsigned char (*types)[2];
	size_t n_types;
	int manual_only; /* links made or confirmed by hand only */
} bt_store_link_filter;

typedef struct bt_store_links bt_store_links;
/* In (pair id, ordinal) order, with the pair's date. */
int bt_store_links_open(bt_store_links **out, bt_corpus *c, const bt_store_link_filter *f);
int bt_store_links_next(bt_store_links *it, bt_store_link *l); /* BT_ITEROVER at the end */
void bt_store_links_free(bt_store_links *it);
int bt_store_links_count(bt_corpus *c, const bt_store_link_filter *f, long long *n);
/* The SQL condition for link types, appended to `sql` (" AND (...)"): the
 * form bt_store_links_open() uses, shown to tests. */
int bt_store_link_types_sql(bt_buf *sql, const unsigned char (*types)[2], size_t n);

/* One pair aligned as bt_corpus_align() does, inside the caller's write
 * transaction (a re-add aligns the pair again in its own). */
int bt_store_align_one(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a, const char *pair);

/* ---- history (bt_corpus_history(), bt_corpus_undo(): bitext.h) -------- */

/* A pair's links and segments as a change found them: taken before the
 * change (bt_store_history_snap()), recorded after it with what it was
 * (bt_store_history_record(), inside the same transaction). A change
 * that leaves the links as they were records nothing. */
typedef struct bt_store_hist {
	char *pair;
	bt_buf links;  /* packed: "src_first src_n tgt_first tgt_n score manual\n" per link */
	long long n;   /* links */
	uint64_t segs; /* the pair's segments (side, ordinal, text) hashed */
	void *session; /* bt_store_history_watch(): an SQLite session, or NULL */
} bt_store_hist;
#define BT_STORE_HIST_INIT {NULL, BT_BUF_INIT, 0, 0, NULL}

int bt_store_history_snap(bt_corpus *c, const char *pair, bt_store_hist *h);
int bt_store_history_record(bt_corpus *c, bt_store_hist *h, const char *what);
/* For a change that replaces the pair's rows (a re-add): from now until
 * bt_store_history_record(), the writes to the pair's pairs, documents,
 * paragraphs, segments and tmx_segments rows are recorded too (SQLite's
 * session extension), so that undo puts those rows back as they were and
 * redo makes them again. */
int bt_store_history_watch(bt_corpus *c, bt_store_hist *h);
void bt_store_hist_dispose(bt_store_hist *h);

/* ---- corrections (bt_corpus_correct(): bitext.h; corrections.c) ------ */

/* The ordinals of `side` of the pair that a correction made (a split's
 * two) and that still have the text it gave them, in order, a segment
 * more than once when corrected more than once. */
typedef int (*bt_store_corrected_fn)(void *ud, long long ordinal);
int bt_store_corrected_each(bt_corpus *c, const char *pair, int side, bt_store_corrected_fn fn, void *ud);
/* The pair's corrections made again, in the order they were first made,
 * on its segments as a re-add has just written them: each where its
 * `before` text is (a join: both texts, one after the other), nearest
 * where it stood; one not found, or that cannot be made there, is marked
 * not applied (corrections.applied 0). Inside the caller's transaction. */
int bt_store_corrections_reapply(bt_corpus *c, const char *pair, size_t *kept, size_t *lost);
/* The pair's corrections marked not applied (its segments were replaced
 * by what a TMX import brought); *n gets how many were applied. */
int bt_store_corrections_unapply(bt_corpus *c, const char *pair, size_t *n);

/* ---- glossary -------------------------------------------------------- */

/* Adds an entry for src_lang -> tgt_lang; *added 0 when it was there. */
int bt_store_glossary_add(bt_corpus *c, const char *src_lang, const char *tgt_lang, const bt_glossary_entry *e,
			  int *added);
/* The entries for the corpus's languages, in the order an export lists
 * them (source, then target, case-insensitively). */
int bt_store_glossary_each(bt_corpus *c, bt_glossary_fn fn, void *ud);
/* Every entry between the corpus's two languages, as (source, target):
 * entries written the other way round are turned. */
typedef int (*bt_store_term_pair_fn)(void *ud, const char *src, size_t src_len, const char *tgt, size_t tgt_len);
int bt_store_glossary_pairs(bt_corpus *c, bt_store_term_pair_fn fn, void *ud);
/* The other side's terms of entries whose `side` term is `term` or
 * `lower` (at most 50). */
typedef int (*bt_store_term_fn)(void *ud, const char *term);
int bt_store_glossary_lookup(bt_corpus *c, int side, const char *term, size_t len, const char *lower,
			     size_t lower_len, bt_store_term_fn fn, void *ud);

/* ---- bulk writing (TMX import) ---------------------------------------- */

/* Units (a source and a target segment and the 1-1 link between them)
 * written into pairs, as fast as SQLite takes them: in one transaction of
 * its own, foreign keys off (what it deletes it deletes itself), a larger
 * page cache, the modules' feeds paused and fed at the end with the
 * segments written. A document made this way has no text of its own: its
 * units are blocks a blank line apart. */
typedef struct bt_store_bulk bt_store_bulk;

enum { BT_BULK_NEW, BT_BULK_APPENDED, BT_BULK_REPLACED, BT_BULK_RESUMED, BT_BULK_EXISTS };
enum { BT_BULK_REFUSE, BT_BULK_APPEND, BT_BULK_REPLACE }; /* when a pair exists */

/* Begins the transaction; `origin` is the documents' path. */
int bt_store_bulk_begin(bt_store_bulk **out, bt_corpus *c, const char *origin);
/* Makes `id` the pair units go to: one this bulk write has written to is
 * resumed; else a new one is made, or an existing one refused (nothing
 * changes: BT_BULK_EXISTS), continued or replaced, as `mode` says. New
 * documents get `date` (may be NULL) and `encoding`. *what gets BT_BULK_*. */
int bt_store_bulk_pair(bt_store_bulk *b, const char *id, const char *date, const char *encoding, int mode,
		       int *what);
/* The language tags of the TMX the documents made from now on come from
 * (NULL: none): a segment's bt_store_tmx_tuv.lang where its own is NULL. */
void bt_store_bulk_tags(bt_store_bulk *b, const char *src, const char *tgt);
/* The <header> of the TMX being read (its attributes as ` name="value"`,
 * a newline, then its children as markup), kept on the source document of
 * each pair this write makes (borrowed until then; NULL: none). */
void bt_store_bulk_header(bt_store_bulk *b, const char *header);
/* The format new documents record ("tmx" unless set; static storage). */
void bt_store_bulk_set_format(bt_store_bulk *b, const char *format);
/* Corrections of segments (bt_corpus_correct()) of the pairs this bulk
 * replaced, now marked not applied: the new text is taken as it came. */
size_t bt_store_bulk_corrections_unapplied(const bt_store_bulk *b);
/* The ordinal the next link of the current pair may take at least. */
long long bt_store_bulk_next_link(const bt_store_bulk *b);
/* A unit into the current pair: the texts (and `tmx`, may be NULL: what
 * the TMX unit had besides them, see "TMX originals") are borrowed until
 * the next bt_store_bulk_flush(). `ordinal` >= bt_store_bulk_next_link(). */
int bt_store_bulk_unit(bt_store_bulk *b, const char *src, size_t src_len, const char *tgt, size_t tgt_len,
		       long long ordinal, double score, int manual, const bt_store_tmx_unit *tmx);
/* Writes the units held (their texts may go after it). */
int bt_store_bulk_flush(bt_store_bulk *b);
/* Finishes (document sizes, the modules fed) and commits. */
int bt_store_bulk_commit(bt_store_bulk *b);
/* Rolls back unless committed; puts the connection's settings back. */
void bt_store_bulk_free(bt_store_bulk *b);

/* A whole pair as the mapper gives it (bitext import-jsonl): a new pair
 * `id` with its two documents (d[0] source, d[1] target: their text,
 * segments and paragraphs, as bt_store_doc_add() writes them; pair_id and
 * side are set here) and its links (n may be 0: none yet). An existing
 * pair is left as it is: *what BT_BULK_EXISTS, nothing written; else
 * BT_BULK_NEW. */
int bt_store_bulk_doc_pair(bt_store_bulk *b, const char *id, const char *date, bt_store_doc d[2], const bt_link *links,
			   size_t n, int *what);

/* Staging: rows held in a temporary table of this write (in SQLite's temp
 * file, not in memory) and given back in key order, so that what is
 * written does not depend on the order it came in. A key staged twice is
 * not staged again: *dup_tag gets the first one's tag (else 0). */
int bt_store_bulk_stage(bt_store_bulk *b, const char *key, const void *data, size_t len, long long tag,
			long long *dup_tag);
typedef int (*bt_store_staged_fn)(void *ud, const char *key, const void *data, size_t len, long long tag);
/* The staged rows in key order (byte order of the keys). */
int bt_store_bulk_staged_each(bt_store_bulk *b, bt_store_staged_fn fn, void *ud);

/* ---- merging corpora ---------------------------------------------------- */

/* bt_corpus_merge() (bitext.h) is the store's: store_merge.c. */

/* ---- statistics ------------------------------------------------------- */
/* bt_corpus_stats() (bitext.h) is the store's too. */

/* ---- modules ----------------------------------------------------------- */

/* A module keeps tables of its own in the corpus file (the concordance:
 * its full-text index). The store runs its migrations (its own version,
 * kept in the table store_modules), feeds it the segments that are
 * written, and calls it before every commit. The modules built into the
 * library are listed by the build (src/CMakeLists.txt, BITEXT_MODULES);
 * the store never names one.
 *
 * The feed: when `queue` is set, the store keeps triggers on `segments`
 * (named <name>_seg_insert, _delete and _update) that put the id of every
 * segment written into the module's table `queue` (id INTEGER PRIMARY
 * KEY), and run the module's SQL `forget` (which may use old.id and
 * old.text) for every segment deleted or changed. A bulk write takes the
 * insert trigger off and queues its segments at the end in one statement.
 * A feed set up on a corpus that has segments starts with all of them
 * queued. */
typedef struct bt_store_module {
	const char *name;
	const char *const *migrations; /* SQL on its own tables; N brings version N to N+1 */
	int n_migrations;
	const char *queue;  /* NULL: no feed */
	const char *forget;
	/* Inside every write transaction, before COMMIT (cheap when there is
	 * nothing to do); an error rolls the transaction back. */
	int (*precommit)(bt_corpus *c);
	/* May be NULL. A word model the module learned from the corpus's
	 * links, for the sentence aligner (bt_corpus_align): *out the
	 * caller's to free, NULL when there is none yet; *links, the links it
	 * learned from, *pairs the word pairs it holds. */
	int (*word_lexicon)(bt_lexicon **out, long long *links, long long *pairs, bt_corpus *c);
} bt_store_module;

/* NULL-terminated; defined by the build (bt_modules.c). */
extern const bt_store_module *const bt_store_modules[];

/* For modules, on their own tables only: the connection, preparing and
 * running SQL (failures are BT_EDB with SQLite's message). */
struct sqlite3 *bt_store_db(bt_corpus *c);
int bt_store_prepare(bt_corpus *c, struct sqlite3_stmt **st, const char *sql);
int bt_store_exec(bt_corpus *c, const char *sql);
/* Tells the caller of bt_corpus_open() what an upgrade of an older corpus
 * does (bt_corpus_opts.upgrade), if it asked; a no-op at any other time. */
void bt_store_upgrade_note(bt_corpus *c, size_t done, size_t total, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* 1 when the connection cannot write. */
int bt_store_readonly(bt_corpus *c);

/* A page cache of at least `kib` KiB for a large write; *saved gets what
 * to put back with bt_store_cache_restore(). */
void bt_store_cache_grow(bt_corpus *c, long long kib, long long *saved);
void bt_store_cache_restore(bt_corpus *c, long long saved);

/* The links of the pairs in a module's queue of pair ids (`queue`, a
 * table with a column pair_id) that have both sides, at most `max_n`
 * segments a side and a score of at least `min_score`, in pair and link
 * order: fn gets each side's segments joined by a space; a non-zero
 * return stops and is returned. With fn NULL, *n only counts the links of
 * the queued pairs that have both sides. */
typedef int (*bt_store_link_text_fn)(void *ud, const char *src, size_t src_len, const char *tgt, size_t tgt_len);
int bt_store_queued_links(bt_corpus *c, const char *queue, unsigned max_n, double min_score,
			  bt_store_link_text_fn fn, void *ud, long long *n);
/* Every pair with links into a module's queue of pair ids. */
int bt_store_queue_linked_pairs(bt_corpus *c, const char *queue);

/* Every segment into the module's queue (an index built again). */
int bt_store_queue_all(bt_corpus *c, const char *queue);
/* The queued segments in id order, with their text and language (a
 * queued id whose segment is gone is skipped). */
int bt_store_queued_open(bt_store_segs **out, bt_corpus *c, const char *queue);

/* Segments a module's full-text table (FTS5, rowid = segment id) matches,
 * with the pair filters of the store applied: the concordance's search. */
typedef struct bt_store_match_opts {
	const char *table;   /* the module's FTS5 table */
	const char *match;   /* its MATCH expression */
	int side;            /* 0, 1, or -1 for both */
	const char *pair;    /* NULL: all; else with lo, hi its segment ids */
	long long lo, hi;
	const char *since, *until;
	int by_date;         /* order by the pair's date (undated last), then corpus order */
	long long limit, offset; /* limit < 0: every hit */
	const char *what, *fix;  /* for a query the table cannot run: "<what> cannot run
				    this query (<SQLite's message>); <fix>" */
	/* NULL, or the module's table of runs of segment ids that belong to
	 * one document, (lo INTEGER PRIMARY KEY, hi, doc, alt): ids lo, lo+2,
	 * ... are doc's, and lo+1, lo+3, ... alt's unless alt is NULL. A
	 * hit's document is then read once a run, not joined to each hit;
	 * an id no run holds is joined. Not used with by_date. */
	const char *runs;
	/* NULL, or another full-text table of the module keyed by segment id:
	 * only the hits it matches with filter_match are returned. Read
	 * beside the hits in rowid order, each skipping ahead to the other
	 * (the filter costs what the smaller of the two costs); joined as a
	 * subquery when sorted by date or without runs. With filter_not,
	 * the hits it does not match but has a row for instead. */
	const char *filter, *filter_match;
	int filter_not;
} bt_store_match_opts;
typedef struct bt_store_hit {
	long long id;
	int side;
	const char *pair, *date; /* date NULL when none */
} bt_store_hit;
typedef struct bt_store_match bt_store_match;
int bt_store_match_open(bt_store_match **out, bt_corpus *c, const bt_store_match_opts *o);
int bt_store_match_next(bt_store_match *m, bt_store_hit *h); /* BT_ITEROVER at the end */
void bt_store_match_free(bt_store_match *m);
/* How many segments of `side` (-1: both) the table matches, counted up to `cap`. */
int bt_store_match_count(bt_corpus *c, const char *table, const char *match, int side, long long cap, long long *n);

#endif
