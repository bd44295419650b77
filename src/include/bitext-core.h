/*
 * bitext-core.h: the public interface of libbitext-core.
 *
 * bitext-core is the pure part of bitext: decoding, normalization,
 * segmentation, sentence alignment, glossaries and name keys. It needs ICU,
 * iconv and libxml2 only (no SQLite): it reads what it is handed and keeps
 * no state between calls beyond the objects it returns, which is what a
 * mapper on a cluster links (bitext.h adds the corpus on top of it).
 *
 * Conventions used throughout (this header is the manual):
 *   - Every function that can fail returns int: 0 (BT_OK) or a negative BT_E*
 *     code. The detail (message, file, line, byte offset) is kept per thread
 *     and read with bt_error_last(); it is set once, where the problem is
 *     found, and passed up unchanged.
 *   - Parameters come in one order: out-parameters first (what the call
 *     gives back: a new object, a result struct, a buffer to fill), then the
 *     object the call acts on, then its inputs, then its options. An object
 *     changed in place (a bt_buf appended to, bt_links pushed to) is the
 *     object acted on. A function named *_free accepts NULL; *_dispose
 *     empties a caller-owned struct and leaves it as its *_INIT.
 *   - Options are a struct whose first field is `version`, started from
 *     its *_INIT macro (designated initializers: a field added later is 0);
 *     a function given options of another version answers BT_EUSAGE, so a
 *     program built against another header is never read wrongly. NULL
 *     options mean the defaults.
 *   - A side is BT_SIDE_SRC (0) or BT_SIDE_TGT (1) everywhere; a set of
 *     sides is a mask of 1 << side.
 *   - Strings handed to the caller go into a caller-owned bt_buf; a returned
 *     `const char *` is borrowed, and its lifetime is stated beside it.
 *   - Lengths (`len`) are in bytes; counts (`n`) are numbers of items.
 *   - Text inside the library is UTF-8 in Unicode NFC.
 *   - The library never prints, exits or aborts.
 *   - Every function of the public headers is marked BT_EXPORT
 *     (bitext-export.h): the shared libraries export those and nothing else.
 *
 * Threads: an object (bt_segmenter, bt_aligner, bt_lexicon, bt_namer,
 * bt_dict-backed glossaries, bt_names_table while it is built; bt_corpus in
 * bitext.h) is used by one thread at a time; different objects may be used
 * by different threads at once, and an object may pass from one thread to
 * another between calls. Read-only calls on a finished object taking it
 * `const` (bt_names_each, bt_names_write, bt_lexicon_save) may run in
 * several threads at once. The error detail is per thread. Caches the
 * library keeps per thread (bt_name_key's rules, the concordance's) are
 * released with bt_name_cache_release / bt_concord_cache_release before a
 * thread ends. bt_data_set_path is called before any other thread uses
 * the library.
 */
#ifndef BITEXT_CORE_H
#define BITEXT_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "bitext-export.h"
#include "bitext-version.h" /* BT_VERSION, made from CMakeLists.txt */

/* ---- Errors ---------------------------------------------------------- */

enum {
	BT_OK = 0,
	BT_EINPUT = -1,    /* bad input: encoding, format, content */
	BT_EUSAGE = -2,    /* bad arguments or options */
	BT_EIO = -3,       /* file-system error (open, read, write, rename) */
	BT_EDB = -4,       /* database error, or a file that is not a corpus */
	BT_ENOMEM = -5,    /* out of memory */
	BT_ENOTFOUND = -6, /* the named pair, document or entry does not exist */
	BT_ELIMIT = -7,    /* input larger than a documented limit */
	BT_ECONFLICT = -8, /* the data changed since the caller read it (reload) */
	BT_EINTERNAL = -9, /* a broken invariant inside bitext: a bug, not the input */
	BT_ITEROVER = -100 /* not an error: an iterator has no more items */
};

/* The detail of the last error on this thread. `file` is empty and `line`
 * and `byte` are -1 when unknown. Valid until the next failing call. */
typedef struct bt_error {
	int code;
	char file[1024];
	long line;      /* 1-based line of the problem in `file`, or -1 */
	long long byte; /* 0-based byte offset of the problem in `file`, or -1 */
	char msg[1024];
} bt_error;

BT_EXPORT const bt_error *bt_error_last(void);
BT_EXPORT void bt_error_clear(void);

/* ---- Memory ---------------------------------------------------------- */

/* The allocator every part of bitext uses (as SQLite's sqlite3_malloc):
 * they behave as malloc, calloc, realloc, strdup and free, except that a
 * size of 0 allocates one byte (NULL always means out of memory) and
 * bt_calloc checks n * size for overflow. A test build's fault sweep fails
 * each allocation made through them in turn, so a program over the
 * library (the bitext command does) allocates through them too to have its
 * own failure paths tried. bt_strndup copies the first len bytes of s and
 * adds a NUL. Memory from them is released with bt_free. */
BT_EXPORT void *bt_malloc(size_t size);
BT_EXPORT void *bt_calloc(size_t n, size_t size);
BT_EXPORT void *bt_realloc(void *p, size_t size);
BT_EXPORT char *bt_strdup(const char *s);
BT_EXPORT char *bt_strndup(const char *s, size_t len);
BT_EXPORT void bt_free(void *p);

/* Limits (README "Limits"): a document file of more than BT_MAX_DOCUMENT
 * bytes, and a document with a segment longer than BT_MAX_SEGMENT bytes
 * (text without sentence punctuation: a table, a dump), are BT_ELIMIT
 * naming the file (and the segment's line). TMX import holds
 * each <seg> to BT_MAX_SEGMENT too, and a glossary file is held to
 * BT_MAX_DOCUMENT. */
#define BT_MAX_DOCUMENT (256L << 20)
#define BT_MAX_SEGMENT 65536

/* A side of a bitext is one of these everywhere in the API (a pair's
 * documents, a hit, a link edit, a lexicon lookup); a set of sides is a
 * mask of 1 << side (BT_CONCORD_SRC, BT_CONCORD_TGT, BT_CONCORD_BOTH). */
enum { BT_SIDE_SRC = 0, BT_SIDE_TGT = 1 };

/* ---- Buffers --------------------------------------------------------- */

/* A growable byte buffer owned by the caller: initialise with BT_BUF_INIT,
 * release with bt_buf_dispose(). `ptr` is always NUL-terminated once
 * anything has been written. */
typedef struct bt_buf {
	char *ptr;
	size_t len;
	size_t cap;
} bt_buf;
#define BT_BUF_INIT {0}

BT_EXPORT int bt_buf_put(bt_buf *b, const char *data, size_t len);
BT_EXPORT int bt_buf_puts(bt_buf *b, const char *s);
BT_EXPORT int bt_buf_printf(bt_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
BT_EXPORT int bt_buf_grow(bt_buf *b, size_t need); /* ensure room for len+need+1 */
BT_EXPORT void bt_buf_clear(bt_buf *b);            /* len = 0, keeps memory */
BT_EXPORT void bt_buf_dispose(bt_buf *b);          /* frees memory, back to INIT */

/* ---- Rule data ------------------------------------------------------- */

/* The rule data (segmentation rules, name transforms, glossaries, TMX
 * language tags) is built into the library. bt_data_set_path() names
 * folders, separated by ':', that are searched first for each data file
 * (by its path below data/, e.g. DIR/names/nl.rules), so that a rule author
 * can edit rules without rebuilding; the bitext command passes
 * $BITEXT_DATA. NULL or "" goes back to the built-in data alone. The
 * setting is process-wide: make it before other threads use the library.
 * Objects that already compiled their rules keep them. */
BT_EXPORT int bt_data_set_path(const char *dirs);

/* Appends s[0, len) to `out` fit for one line of a terminal or a log:
 * control characters (C0, DEL, C1), U+2028/U+2029, the explicit
 * bidirectional formatting characters (U+202A-202E, U+2066-2069) and
 * bytes that are not UTF-8 become escapes (\n \t \r, \xHH, \uXXXX), so
 * that a file name, an id or a sentence can neither forge a line, send
 * the terminal a control sequence, nor reverse the text after it. A
 * backslash is kept as it is. */
BT_EXPORT int bt_text_escape(bt_buf *out, const char *s, size_t len);

/* ---- Decoding -------------------------------------------------------- */

/* Turns the raw bytes of a file into clean text: the encoding is taken
 * from a BOM (UTF-8, UTF-16LE/BE), from opts->encoding (any iconv name),
 * or UTF-8 is assumed and validated. Invalid UTF-8 is an error naming its
 * byte offset (with a hint when the bytes look like Windows-1252); NUL
 * bytes mark a binary file and are an error. The text is then NFC
 * normalized, CRLF/CR become LF, and control characters other than tab
 * and LF are removed. */
typedef struct bt_decode_opts {
	unsigned version; /* BT_DECODE_OPTS_VERSION: the layout the caller was built with */
	const char *encoding; /* NULL: detect (BOM or UTF-8) */
	const char *name;     /* file name for error messages, or NULL */
} bt_decode_opts;
#define BT_DECODE_OPTS_VERSION 1
#define BT_DECODE_OPTS_INIT {.version = BT_DECODE_OPTS_VERSION}

typedef struct bt_decode_info {
	char encoding[64]; /* what was used: "UTF-8", "UTF-8 (BOM)", "UTF-16LE" ... */
	int had_bom;
	size_t removed_controls; /* control characters dropped */
} bt_decode_info;

BT_EXPORT int bt_decode(bt_buf *out, bt_decode_info *info, const char *data, size_t len,
			const bt_decode_opts *opts);

/* Reads a whole file (or standard input for "-") into `out`. */
BT_EXPORT int bt_read_file(bt_buf *out, const char *path);
/* The same for a file of at most `max` bytes: a regular file's size is
 * checked before anything is read, standard input as it comes; beyond it
 * BT_ELIMIT ("the file has N bytes: the most ... is MAX"). */
BT_EXPORT int bt_read_file_max(bt_buf *out, const char *path, size_t max);

/* Document metadata carried in the text itself: the seeds open with
 * " date YYYY-MM" before the first sentence. bt_meta_strip() finds it,
 * stores the date in `date` ("" when none) and returns in *body_off the
 * byte offset where the body text starts. */
BT_EXPORT int bt_meta_strip(char date[16], size_t *body_off, const char *text, size_t len);

/* ---- Language tags ---------------------------------------------------- */

/* The canonical BCP 47 form of `tag` into out (NUL-terminated, at most
 * size - 1 bytes), as ICU canonicalises it: '_' read as '-', case fixed,
 * ISO 639-2 codes that have a two-letter form mapped to it (nl_NL ->
 * nl-NL, NL -> nl, eng -> en, nld -> nl, zh-hant -> zh-Hant). BT_EUSAGE
 * when the tag is not BCP 47 or ICU knows no such language; when the tag
 * is a language's English name ("dutch"), the message suggests its code. */
BT_EXPORT int bt_lang_canonical(char *out, size_t size, const char *tag);
/* The primary language subtag of `tag` into out, lower case (nl-BE -> nl):
 * what rules, glossaries and folders fall back to. */
BT_EXPORT void bt_lang_primary(char *out, size_t size, const char *tag);

/* ---- Segmentation ---------------------------------------------------- */

enum { BT_SEG_SENTENCE = 0, BT_SEG_HEADING = 1 };

/* One segment: the half-open byte range [start, end) of the text that was
 * segmented, already trimmed of surrounding white space. */
typedef struct bt_span {
	size_t start, end;
	int kind;          /* BT_SEG_SENTENCE or BT_SEG_HEADING */
	unsigned para;     /* 0-based paragraph number */
} bt_span;

typedef struct bt_spans {
	bt_span *v;
	size_t n, cap;
} bt_spans;
#define BT_SPANS_INIT {0}
BT_EXPORT void bt_spans_dispose(bt_spans *s);

typedef struct bt_segmenter bt_segmenter;

/* How line breaks inside a paragraph are read (a blank line always ends
 * a paragraph):
 *   AUTO:  a line break is a space, except after a heading (a short line
 *          without final punctuation that starts a sentence) and between
 *          list lines; such a line is a segment of kind BT_SEG_HEADING.
 *   BREAK: every line break ends a segment.
 *   JOIN:  every line break is a space; no headings. */
enum { BT_SEG_LINES_AUTO = 0, BT_SEG_LINES_BREAK = 1, BT_SEG_LINES_JOIN = 2 };

/* Languages with a rules file (segment/<lang>.rules: nl, en) get ICU's
 * sentence break iterator plus bitext's rules (abbreviations, initials,
 * numbers, ellipses, quotes, lists, URLs); any other language gets ICU
 * with ICU's own data. With srx_path the SRX file's rules for the language
 * replace bitext's (and ICU's breaks are added when the file asks for
 * them, as Okapi's useIcu4jBreakRules does). */
typedef struct bt_segmenter_opts {
	unsigned version; /* BT_SEGMENTER_OPTS_VERSION: the layout the caller was built with */
	const char *srx_path;  /* SRX 2.0 file to apply, or NULL */
	const char *data_dir;  /* folder with rule data, NULL: built-in default */
	int lines;             /* BT_SEG_LINES_* */
} bt_segmenter_opts;
#define BT_SEGMENTER_OPTS_VERSION 1
#define BT_SEGMENTER_OPTS_INIT {.version = BT_SEGMENTER_OPTS_VERSION, .lines = BT_SEG_LINES_AUTO}

BT_EXPORT int bt_segmenter_open(bt_segmenter **out, const char *lang,
				const bt_segmenter_opts *opts);
/* Appends the segments of text[0, len) to `out` (cleared first). The cost
 * is linear in len whatever the text; memory is about 2 bytes per byte of
 * the longest paragraph, kept in the segmenter for the next run (so use
 * one segmenter per thread). Bytes that are not UTF-8 are read as U+FFFD;
 * bt_decode() is the place that rejects them. */
BT_EXPORT int bt_segmenter_run(bt_spans *out, bt_segmenter *sg, const char *text, size_t len);
BT_EXPORT void bt_segmenter_free(bt_segmenter *sg);

/* ---- Sentence alignment --------------------------------------------- */

/* A link (a "bead"): src_n consecutive source sentences from src_first
 * translate tgt_n consecutive target sentences from tgt_first. A 1-0 link
 * (tgt_n 0) is a source sentence without translation, a 0-1 link the
 * reverse; their empty side's `first` is where they stand in that text.
 * Indexes are 0-based. `score` is the probability that the link is right,
 * in [0, 1] (calibrated on held-out data: of the links scored about 0.8,
 * about 80% are right); for a 1-0 or 0-1 link, that the sentence has no
 * translation in the other text.
 *
 * BT_LINK_MOVED marks a link whose target sentences stand elsewhere in
 * the target text than its place in the source order: a block of text
 * the translator moved (bt_aligner_opts.moves). */
enum { BT_LINK_MOVED = 1 };
typedef struct bt_link {
	size_t src_first, src_n, tgt_first, tgt_n;
	double score;
	unsigned flags; /* BT_LINK_MOVED or 0 */
} bt_link;

typedef struct bt_links {
	bt_link *v;
	size_t n, cap;
} bt_links;
#define BT_LINKS_INIT {0}
BT_EXPORT int bt_links_push(bt_links *l, const bt_link *k);
BT_EXPORT void bt_links_dispose(bt_links *l);

/* Puts links that cover n_src x n_tgt sentences, each sentence once, in
 * the order bt_align promises (below) and sets BT_LINK_MOVED on exactly
 * the links with both sides that are off the heaviest chain (counted in
 * sentences) that follows both texts; where a link without a side stands
 * is set anew. Flag bits other than BT_LINK_MOVED are the caller's and
 * travel with their link. Links made or changed by hand come in any order. */
BT_EXPORT int bt_links_order(bt_links *l, size_t n_src, size_t n_tgt);
/* Whether links keep bt_align's promises for n_src x n_tgt sentences
 * (where a link without sentences on a side stands is not looked at):
 * *why is NULL when they do, else what is wrong (static text) and *at the
 * link it was found at (l->n for a sentence in no link). 0, or BT_ENOMEM. */
BT_EXPORT int bt_links_check(const char **why, size_t *at, const bt_links *l, size_t n_src, size_t n_tgt);

/* Sentences to align: text[i] is len[i] bytes of UTF-8 (NFC). kind[] and
 * para[] may be NULL; when given, a heading is not linked with a sentence
 * and a link does not cross a paragraph break unless the text demands it. */
typedef struct bt_sentences {
	const char *const *text;
	const size_t *len;
	size_t n;
	const int *kind;       /* BT_SEG_SENTENCE or BT_SEG_HEADING, or NULL */
	const unsigned *para;  /* paragraph numbers, or NULL */
} bt_sentences;

/* The aligner: a dynamic program over links of up to four sentences a
 * side (1-1, 1-0, 0-1, 1-2, 2-1, 2-2, 1-3, 3-1, 2-3, 3-2, 1-4, 4-1) whose
 * score combines the character-length ratio (Gale–Church, estimated from
 * the pair), glossary translation pairs (stems, so that inflected forms
 * meet a dictionary's lemmas), tokens that survive translation (numbers,
 * names, ? and !, quotes), orthographic cognates, a lexicon when one is
 * given (bt_aligner_use_lexicon), and, in a second pass, word pairs the
 * document teaches (IBM Model 1 on the first pass's confident links). A
 * block of sentences left untranslated is priced as one event (each
 * sentence after the first costs far less than the first). The search
 * runs in a band around anchors, so time and memory grow linearly with
 * the number of sentences. An aligner is used by one thread at a time
 * (which may share the work with threads of the aligner's own:
 * bt_aligner_opts.threads).
 *
 * Glossaries: paths of TSV files (`source<TAB>target`, `#` comments) or of
 * FreeDict `.index` files (with the `.dict.dz` beside them). A FreeDict
 * file named freedict-XXX-YYY is turned round when XXX is the target
 * language. Unless no_default_glossary is set, bitext's own glossary for
 * the language pair is loaded too, where there is one (nl-en). */
typedef struct bt_aligner bt_aligner;

/* A line of the aligner's trace (phases, their times, the search bands),
 * for tuning; `line` is borrowed for the call. */
typedef void (*bt_align_trace_fn)(void *ud, const char *line);

/* Options of bt_aligner_open(). Start from BT_ALIGNER_OPTS_INIT (or
 * bt_aligner_opts_init()): `version` tells the library which fields a
 * caller built against an older header knows. */
typedef struct bt_aligner_opts {
	unsigned version;              /* BT_ALIGNER_OPTS_VERSION */
	const char *const *glossaries; /* paths, see above */
	size_t n_glossaries;
	int no_default_glossary;
	int passes;                    /* 1: no second pass; 0: the default (2) */
	/* Model parameters as "name=value" (align/align.h, al_params), for
	 * tuning and experiments; an unknown name is BT_EUSAGE. */
	const char *const *params;
	size_t n_params;
	bt_align_trace_fn trace;       /* NULL: no trace */
	void *trace_ud;
	/* 1 (the default since version 2): after the search in text order,
	 * blocks of sentences left alone on both sides, and links the search
	 * was unsure of, are matched with each other wherever they stand, and
	 * become links, BT_LINK_MOVED where they cross others (see bt_align);
	 * 0: the links follow both texts in order */
	int moves;
	/* Threads one bt_align may use (version 3): 0 or 1, the calling
	 * thread alone; n > 1, n - 1 more that the aligner starts and keeps
	 * until bt_aligner_free. The links are the same for any number. */
	int threads;
} bt_aligner_opts;
#define BT_ALIGNER_OPTS_VERSION 3
#define BT_ALIGNER_OPTS_INIT {.version = BT_ALIGNER_OPTS_VERSION, .moves = 1}
/* The most threads an aligner takes (bt_aligner_opts.threads). */
#define BT_ALIGNER_MAX_THREADS 64
/* Sets *opts to the defaults of `version` (BT_ALIGNER_OPTS_VERSION):
 * moves on from version 2, off in version 1; BT_EUSAGE for a version
 * this library does not know. */
BT_EXPORT int bt_aligner_opts_init(bt_aligner_opts *opts, unsigned version);

BT_EXPORT int bt_aligner_open(bt_aligner **out, const char *src_lang, const char *tgt_lang,
			      const bt_aligner_opts *opts);
BT_EXPORT void bt_aligner_free(bt_aligner *a);
/* The threads one bt_align of this aligner may use (bt_aligner_opts.threads
 * as it was granted; 1: the calling thread alone). */
BT_EXPORT int bt_aligner_threads(const bt_aligner *a);
/* Adds one glossary pair (e.g. from the corpus's glossary table). */
BT_EXPORT int bt_aligner_add_pair(bt_aligner *a, const char *src, size_t src_len, const char *tgt,
				  size_t tgt_len);
/* Number of glossary pairs loaded. */
BT_EXPORT size_t bt_aligner_glossary_size(const bt_aligner *a);
/* The language the aligner was opened with for `side` (BT_SIDE_*);
 * borrowed for the aligner's life. */
BT_EXPORT const char *bt_aligner_lang(const bt_aligner *a, int side);

/* Aligns two texts; `out` is cleared first and gets the links. Either
 * side may be empty. What holds for the links:
 *   - every sentence of both sides is in exactly one link;
 *   - the links are in source order: their source sides follow each other
 *     without gap or overlap (a 0-1 link's src_first is where it stands);
 *   - the links without BT_LINK_MOVED are also in target order: their
 *     target sides follow each other, skipping only the target sentences
 *     of moved links (a 1-0 link's tgt_first is where it stands);
 *   - a link with BT_LINK_MOVED has both sides; its target sentences
 *     stand elsewhere (it crosses other links). With opts.moves 0 there
 *     is none, and the links follow both texts in order. */
BT_EXPORT int bt_align(bt_links *out, bt_aligner *a, const bt_sentences *src, const bt_sentences *tgt);

/* Links as text in Vecalign's format: one link a line, `[i, j]:[k]`,
 * `[i]:[]` for 1-0 and `[]:[k]` for 0-1 (appended to out). */
BT_EXPORT int bt_links_write_vecalign(bt_buf *out, const bt_links *l);
/* Reads that format (blank lines skipped); errors name line and byte of
 * `name`. A side whose indexes are not consecutive is an error here (the
 * evaluation below reads such links). */
BT_EXPORT int bt_links_read_vecalign(bt_links *out, const char *text, size_t len, const char *name);

/* Strict and lax precision, recall and F1 as in the Text+Berg and
 * Vecalign evaluations: strict counts exact links; lax counts a link as
 * right when it overlaps a gold link on both sides; precision counts all
 * test links, recall leaves out 1-0 and 0-1 links on both sides; counts
 * are summed over every file added, and the figures computed from them. */
typedef struct bt_align_eval {
	long long p_strict, p_lax, p_all;  /* precision: right links, all test links */
	long long r_strict, r_lax, r_all;  /* recall: found links, all gold links */
	long long files;
	double precision_strict, recall_strict, f1_strict;
	double precision_lax, recall_lax, f1_lax;
} bt_align_eval;
#define BT_ALIGN_EVAL_INIT {0}
/* Adds one file pair, both in Vecalign's format (any index lists, as
 * gold files have them: `[227, 218]:[198]`); `gold_name` and `test_name`
 * are for error messages. */
BT_EXPORT int bt_align_eval_add(bt_align_eval *e, const char *gold, size_t gold_len, const char *gold_name,
				const char *test, size_t test_len, const char *test_name);

/* ---- Translation lexicon -------------------------------------------- */

/* A translation lexicon learned from the texts themselves: word pairs and
 * their probabilities, trained on sentence pairs (the confident links of
 * a first alignment) with IBM Model 1 in both directions and the diagonal
 * prior of fast_align (words tend to stay near the diagonal). Words are
 * compared by their flattened stems (case and diacritics folded, the
 * suffix rules of glossary/data/glossary/suffixes.tsv removed), so that
 * "Berge" and "Berg" are one word; numbers and punctuation are left to
 * the aligner's own keys. Words that share their first five letters, or
 * are spelled alike, start training as likelier translations (cognates
 * and names are the seeds).
 *
 * One lexicon serves both the sentence aligner (bt_aligner_use_lexicon:
 * word pairs it trusts become evidence, besides the glossaries) and the
 * concordance (bt_lexicon_align_words: the translation of a word inside
 * its aligned sentence; bt_lexicon_lookup: a word's equivalents).
 *
 * A corpus learns its lexicon like this: align every document pair, add
 * the links to one lexicon (bt_lexicon_add_links), train it, let the
 * aligner use it and align again. A lexicon read back with
 * bt_lexicon_load() keeps what it learned: training it on new pairs
 * counts its earlier expected counts as prior counts, so it improves with
 * every import without keeping the old sentences.
 *
 * Not safe to use from two threads at once (it keeps scratch buffers);
 * a trained lexicon may be shared by aligners of one thread. */
typedef struct bt_lexicon bt_lexicon;

typedef struct bt_lexicon_opts {
	unsigned version;   /* BT_LEXICON_OPTS_VERSION */
	int iterations;     /* EM iterations; 0: 5 */
	size_t max_pairs;   /* training pairs kept (evenly thinned beyond); 0: 10000.
			       Training takes about 12 bytes for each word pair
			       of each training pair (some 50 MB for 10000) */
	double min_score;   /* bt_lexicon_add_links takes links scoring at least this; 0: 0.5 */
} bt_lexicon_opts;
#define BT_LEXICON_OPTS_VERSION 1
#define BT_LEXICON_OPTS_INIT {.version = BT_LEXICON_OPTS_VERSION}

/* An empty lexicon for the language pair (codes as for bt_aligner_open). */
BT_EXPORT int bt_lexicon_new(bt_lexicon **out, const char *src_lang, const char *tgt_lang, const bt_lexicon_opts *opts);
BT_EXPORT void bt_lexicon_free(bt_lexicon *lx);

/* Adds one training pair: a source text and its translation (a sentence,
 * or the sentences of one link joined). */
BT_EXPORT int bt_lexicon_add_pair(bt_lexicon *lx, const char *src, size_t src_len, const char *tgt, size_t tgt_len);
/* Adds the links of an alignment of src and tgt that have both sides, at
 * most three sentences, and a score of at least opts.min_score. */
BT_EXPORT int bt_lexicon_add_links(bt_lexicon *lx, const bt_sentences *src, const bt_sentences *tgt, const bt_links *links);
/* Number of training pairs waiting for bt_lexicon_train(). */
BT_EXPORT size_t bt_lexicon_pending(const bt_lexicon *lx);

/* Trains on the pairs added since the last training (the model trained
 * before, or loaded, is the prior) and empties the list of pairs. */
BT_EXPORT int bt_lexicon_train(bt_lexicon *lx);
/* Number of word pairs in the model. */
BT_EXPORT size_t bt_lexicon_size(const bt_lexicon *lx);
/* Threads bt_lexicon_train may use (default 1): with 2 or more, the two
 * directions of the model train side by side on two threads, from some
 * thousand training pairs on. The model is the same for any number. */
BT_EXPORT void bt_lexicon_set_threads(bt_lexicon *lx, int threads);

/* The model as bytes, appended to `out`: a versioned little-endian format
 * ("BTLX", format 1) that ends with a checksum, for the corpus to store.
 * Pairs added but not yet trained are not part of the model. */
BT_EXPORT int bt_lexicon_save(bt_buf *out, const bt_lexicon *lx);
/* Reads bytes written by bt_lexicon_save(). A wrong magic, an unknown
 * format version, a truncated or altered buffer (checksum) or values out
 * of range are BT_EINPUT naming `name` and the byte offset. */
BT_EXPORT int bt_lexicon_load(bt_lexicon **out, const void *data, size_t len, const char *name);

/* One equivalent of a word. `word` is the other side's form as the
 * lexicon keeps it (folded and stemmed), borrowed until the lexicon is
 * trained again or freed. */
typedef struct bt_lexicon_entry {
	const char *word;
	size_t len;
	double p_fwd;  /* P(target word | source word) */
	double p_bwd;  /* P(source word | target word) */
	double count;  /* expected number of training pairs that link the two */
} bt_lexicon_entry;
enum { BT_LEX_SRC = 0, BT_LEX_TGT = 1 };
/* The equivalents of `word` (as written in a text of `side`), most
 * frequent first: up to `max` in out[], their number in *n (0 when the
 * word is unknown). */
BT_EXPORT int bt_lexicon_lookup(bt_lexicon_entry *out, size_t *n, bt_lexicon *lx, int side, const char *word, size_t len,
		      size_t max);

/* Word alignment of one sentence pair: each source word (or run of
 * words that translate as one) with its translation in the target
 * sentence (one word or a run of words: phrases are allowed), as byte
 * ranges of the two texts, in source order. A source word without a
 * likely translation has no link. Numbers match their digits, and words
 * spelled alike match each other, also when the lexicon does not know
 * them. */
typedef struct bt_word_link {
	size_t src_start, src_end; /* bytes [start, end) of src */
	size_t tgt_start, tgt_end; /* bytes [start, end) of tgt */
	double score;              /* probability of the link, in (0, 1] */
} bt_word_link;
typedef struct bt_word_links {
	bt_word_link *v;
	size_t n, cap;
} bt_word_links;
#define BT_WORD_LINKS_INIT {0}
BT_EXPORT void bt_word_links_dispose(bt_word_links *l);
BT_EXPORT int bt_lexicon_align_words(bt_word_links *out, bt_lexicon *lx, const char *src, size_t src_len, const char *tgt,
			   size_t tgt_len);

/* A model kept elsewhere. A program that stores the model as rows of its
 * own (a corpus keeps one, see bitext.h "Concordance") builds the part of
 * it that some sentences need: bt_lexicon_forms() gives the forms of their
 * words, bt_lexicon_put() adds the stored entries of those forms, and
 * bt_lexicon_align_words() then links the words exactly as the whole
 * model would, given every entry of each source word in the sentence.
 * bt_lexicon_each() lists a trained model's entries to store them. */

/* The lexicon's forms (folded and stemmed) of the words of `text` as
 * written on `side` (BT_LEX_SRC or BT_LEX_TGT), each followed by a NUL,
 * appended to `out`; numbers are left out (they match by their digits). */
BT_EXPORT int bt_lexicon_forms(bt_buf *out, bt_lexicon *lx, int side, const char *text, size_t len);
/* The words of a text as bt_lexicon_align_words() sees them, to find
 * which entries the links of some of its words depend on. A source word's
 * links depend on its own entries with the target words, and on the
 * entries of every source word with each target word it could link to:
 * one it has an entry with, or one spelled alike
 * (bt_lexicon_words_alike()). */
typedef struct bt_lexicon_word {
	size_t start, end;         /* bytes [start, end) of the text */
	int num;                   /* a number: no form, it matches by its digits */
	size_t form_at, form_len;  /* its lexicon form in `chars` ("" for a number) */
	size_t spell_at, spell_len; /* its spelling compared: flattened, or the digits */
} bt_lexicon_word;
typedef struct bt_lexicon_words {
	bt_lexicon_word *v;
	size_t n, cap;
	bt_buf chars; /* the forms and spellings, each followed by a NUL */
} bt_lexicon_words;
#define BT_LEXICON_WORDS_INIT {NULL, 0, 0, BT_BUF_INIT}
/* The words of `text` on `side` into *out (replacing what it had). */
BT_EXPORT int bt_lexicon_words_of(bt_lexicon_words *out, bt_lexicon *lx, int side, const char *text, size_t len);
BT_EXPORT void bt_lexicon_words_dispose(bt_lexicon_words *w);
/* Are word i of a and word j of b spelled alike (the same digits, the
 * same flattened word, or the same first five letters)? */
BT_EXPORT int bt_lexicon_words_alike(const bt_lexicon_words *a, size_t i, const bt_lexicon_words *b, size_t j);
/* Adds the entry of a source and a target form (as bt_lexicon_forms() or
 * bt_lexicon_each() give them). Probabilities outside [0, 1] are
 * BT_EUSAGE. A pair put twice is kept once. The entries are sorted at the
 * next align, lookup or training; bt_lexicon_save() and bt_lexicon_each()
 * refuse (BT_EUSAGE) until then. */
BT_EXPORT int bt_lexicon_put(bt_lexicon *lx, const char *src, size_t src_len, const char *tgt, size_t tgt_len,
			     double p_fwd, double p_bwd, double count);
/* Forgets every word, entry and waiting pair, keeping the languages and
 * the folder and stemmers (dear to open): the lexicon is then as new, to
 * take the entries the next sentences need. */
BT_EXPORT int bt_lexicon_clear(bt_lexicon *lx);
/* Calls fn for every entry, by source word; a non-zero return stops and
 * is returned. */
typedef int (*bt_lexicon_each_fn)(void *ud, const char *src, size_t src_len, const bt_lexicon_entry *e);
BT_EXPORT int bt_lexicon_each(const bt_lexicon *lx, bt_lexicon_each_fn fn, void *ud);

/* The aligner uses `lx` (borrowed: it must outlive its use; NULL stops
 * it) besides its glossaries: word pairs of the lexicon it trusts become
 * evidence. The lexicon's languages must be the aligner's (BT_EUSAGE). */
BT_EXPORT int bt_aligner_use_lexicon(bt_aligner *a, const bt_lexicon *lx);
/* The lexicon the aligner uses (bt_aligner_use_lexicon), or NULL. */
BT_EXPORT const bt_lexicon *bt_aligner_lexicon(const bt_aligner *a);

/* ---- Name keys ------------------------------------------------------ */

/* Name keys: one canonical key per personal or place name, shared by its
 * transliteration variants across languages and scripts.
 *
 * Loekasjenko (nl), Lukashenko (en), Lukaschenko (de), Loukachenko (fr),
 * Łukaszenko (pl) and Лукашенко all get the key "lukashenko"; Poetin,
 * Putin, Poutine and Путин get "putin". The key is a coarse phonetic hash:
 * a lower-case ASCII string, readable but not a spelling to show anyone.
 *
 * How a key is made (the rules are data: glossary/data/names/, described
 * in glossary/data/names/FORMAT.md):
 *   1. The name is split into words: runs of letters, marks and digits,
 *      with apostrophes inside or at the end of a word kept with it.
 *      Hyphens, spaces and other punctuation separate words.
 *   2. Each word is keyed on its own. A Cyrillic word goes through
 *      names/cyrl.rules (one table for Russian, Ukrainian and Belarusian:
 *      the letters on which they differ are tied in the key anyway), a
 *      Latin word through names/<lang>.rules, which first strips the
 *      possessive and genitive endings of that language (Poetins,
 *      Loekasjenko's, Lukashenko's) and then spells the word in the common
 *      pivot alphabet; names/key.rules then folds the pivot into the key.
 *   3. The words' keys are joined with one space, or with a hyphen where
 *      a hyphen joined the words (Wit-Rusland: "vit-rusland").
 *
 * Different people must not merge, so the key folds only what
 * transliteration systems disagree on (Ukrainian г as g or h, и as i or y,
 * the j-glides, ш/ж, з/с); a Belarusian form such as Lukashenka keeps a
 * key one edit away from Lukashenko: bt_name_key_relate() reports such
 * pairs as BT_NAMEREL_CLOSE, for a person to review.
 *
 * Languages: nl, en, de, fr, pl for Latin-script names; ru, uk, be name
 * Cyrillic input (a Latin word under ru/uk/be is read as English). Words
 * in other scripts, a word mixing Latin and Cyrillic letters, a name with
 * no letters or digits, and invalid UTF-8 are BT_EINPUT errors naming the
 * byte offset; an unknown language is BT_EUSAGE. A name longer than 4096
 * bytes, or with a word longer than 256 bytes, is BT_ELIMIT.
 *
 * Speed: a word's key is cached (per keyer, 6144 words, emptied when
 * full), so a repeated name costs a hash lookup; a new word runs three ICU
 * passes. tests/bench/bench_names prints both rates.
 */

/* Writes the key of name[0, len) in language `lang` to `out` (cleared
 * first). Compiled rules are cached per thread, per language, for the life
 * of the thread; bt_name_cache_release() frees this thread's cache. */
BT_EXPORT int bt_name_key(bt_buf *out, const char *name, size_t len, const char *lang);
BT_EXPORT void bt_name_cache_release(void);

/* A keyer that owns its compiled rules and a cache of recent words, for
 * callers that key many names (the aligner, the concordance). Not to be
 * shared between threads without a lock. */
typedef struct bt_namer bt_namer;

enum {
	/* Key the words as written: no possessive or genitive stripping. */
	BT_NAME_EXACT = 1
};

BT_EXPORT int bt_namer_open(bt_namer **out);
BT_EXPORT void bt_namer_free(bt_namer *nm);
/* As bt_name_key(); flags is 0 or BT_NAME_EXACT. */
BT_EXPORT int bt_namer_key(bt_buf *out, bt_namer *nm, const char *name, size_t len, const char *lang,
			   unsigned flags);

/* Is `lang` one bt_name_key() knows? 1 or 0. */
BT_EXPORT int bt_name_lang_known(const char *lang);

/* How two keys relate. */
enum {
	BT_NAMEREL_NONE = 0,
	BT_NAMEREL_SAME = 1,    /* equal: the same name */
	BT_NAMEREL_SURNAME = 2, /* one is a single word equal to the other's last
				   word: "naev" and "sergi naev" (a full name and the
				   surname alone: likely the same person in one text) */
	BT_NAMEREL_CLOSE = 3    /* one edit apart (a letter inserted, deleted or
				   replaced), both at least 5 letters: suggest for
				   review, never merge (lukashenko / lukashenka) */
};
BT_EXPORT int bt_name_key_relate(const char *a, size_t alen, const char *b, size_t blen);

/* ---- Glossary entries ------------------------------------------------ */

/* A glossary entry: a source term, its target term, an optional note and
 * the file it came from (origin). Glossary files are read and written by
 * bitext-core; the corpus keeps entries (bitext.h, "Glossary"). */
typedef struct bt_glossary_entry {
	const char *src, *tgt, *note, *origin; /* borrowed for the callback */
} bt_glossary_entry;

typedef struct bt_glossary_import_opts {
	unsigned version; /* BT_GLOSSARY_IMPORT_OPTS_VERSION: the layout the caller was built with */
	const char *format;   /* "tsv", "csv", "tbx", "freedict"; NULL: from the name */
	const char *encoding; /* TSV/CSV encoding for iconv; NULL: detect */
	int reverse;          /* the file lists target first */
} bt_glossary_import_opts;
#define BT_GLOSSARY_IMPORT_OPTS_VERSION 1
#define BT_GLOSSARY_IMPORT_OPTS_INIT {.version = BT_GLOSSARY_IMPORT_OPTS_VERSION}

/* Called for each entry; a non-zero return stops and is returned. */
typedef int (*bt_glossary_fn)(void *ud, const bt_glossary_entry *e);

/* ---- Name tables ---------------------------------------------------- */

/* The name-normalization table: the proper names of a corpus, with their
 * spelling variants in both languages grouped into clusters, one cluster a
 * name. glossary/data/names/TABLE.md gives every rule; in short:
 *
 * Which words are names: capitalized words that are not acronyms, function
 * words, titles, months or days, nationality adjectives or demonyms
 * (Russische, Oekraïners, Russian, Belarusians: names/<lang>.words lists
 * and ending rules), nor common words at the start of a sentence (their
 * lower-case form occurs in the corpus, or the dictionary has them). A word
 * that starts a sentence and has no such evidence either way is a name
 * when the aligned translation has the same name. Consecutive name words
 * form one name (Vladimir Poetin, Tony van der Togt, with particles), and
 * so do exonym phrases (Zwarte Zee); a hyphenated compound gives its
 * capitalized part (Kremlin-woordvoerder: Kremlin; Noord-Oekraïne:
 * Oekraïne); Dutch closed compounds likewise (Ruslandkenner: Rusland).
 * Inflected forms (Poetins, Loekasjenko's, Lukashenko's) count for their
 * name.
 *
 * What merges: variants with the same name key (bitext-core.h, "Name keys") in
 * either language's rules; a Dutch and an English name that co-occur in
 * aligned segments and match an exonym line (names/exonyms.SRC-TGT.tsv)
 * or a corpus glossary entry; multi-word names that co-occur in aligned
 * segments with the same surname and first names one letter apart
 * (Sergej Najev / Serhiy Nayev); and a surname alone with the full name it
 * ends in the same document pair (Loekasjenko, Alexander Loekasjenko).
 * Two full names that cannot be one person (Joe Biden, Hunter Biden) are
 * never put in one cluster. Keys only one letter apart (Lukashenko /
 * Lukashenka) are not merged: each such variant names the other's cluster
 * under `review`. */
typedef struct bt_names_opts {
	unsigned version; /* BT_NAMES_OPTS_VERSION: the layout the caller was built with */
	const char *pair_id; /* names of this pair only (the whole corpus is
				still read for evidence); NULL: all pairs */
	size_t min_count;    /* leave out clusters seen fewer times (0, 1: none) */
} bt_names_opts;
#define BT_NAMES_OPTS_VERSION 1
#define BT_NAMES_OPTS_INIT {.version = BT_NAMES_OPTS_VERSION}

typedef struct bt_names_result {
	size_t pairs;       /* document pairs read */
	size_t unaligned;   /* of which have no links (run bitext align) */
	size_t occurrences; /* names found in the text */
	size_t variants;    /* distinct spellings, per language */
	size_t clusters;    /* clusters in the table (after min_count) */
	size_t review;      /* clusters with a review suggestion */
} bt_names_result;

typedef struct bt_names_table bt_names_table;

BT_EXPORT void bt_names_table_free(bt_names_table *t);

/* One row of the table: a variant of a cluster. Strings are borrowed from
 * the table. Clusters are numbered from 1, most occurrences first; within
 * a cluster the source language comes first, then the target, each with
 * its preferred form first (the most frequent uninflected form). */
typedef struct bt_names_row {
	size_t cluster;
	const char *lang;
	const char *variant;   /* the uninflected form, as written */
	int preferred;         /* 1 for the preferred form of its language */
	size_t count;          /* occurrences, inflected ones included */
	const char *inflected; /* the inflected forms seen, ", " between; "" */
	const char *docs;      /* pair ids where it occurs, "," between; after
				  20 ids "+N" says how many more */
	const char *key;       /* its name key (bt_name_key, exact) */
	const char *review;    /* numbers of clusters one letter away, ","
				  between, for a person to check; "" */
	/* of the whole cluster, the same on each of its rows: */
	const char *type;       /* person, place, organisation or other
				   (TABLE.md, "Types") */
	const char *example[2]; /* the source and target text of an aligned
				   link where it occurs (the first); "" */
} bt_names_row;

typedef int (*bt_names_fn)(void *ud, const bt_names_row *r);
/* Calls fn for each row in order; a non-zero return stops and is returned. */
BT_EXPORT int bt_names_each(const bt_names_table *t, bt_names_fn fn, void *ud);

/* Writes the table to `path` ("-": standard output), whole or not at all:
 *   "tsv"  a header row `cluster lang variant preferred count inflected
 *          docs key review`, then one row per variant (preferred is 1 or
 *          0); a tab, line break or backslash inside a field is written
 *          \t, \n, \r or \\ (as PostgreSQL's text COPY)
 *   "csv"  the same columns, RFC 4180
 *   "tbx"  TBX-Basic: one concept per cluster (id "name-N"), a language
 *          section per language, each variant a term (preferred or
 *          admitted) with a note "count N; inflected: ...; documents:
 *          ..."; a cluster with review suggestions has a concept note
 *          naming them. */
BT_EXPORT int bt_names_write(const bt_names_table *t, const char *path, const char *format);

/* How bt_names_write_ex writes the table. */
typedef struct bt_names_write_opts {
	unsigned version;   /* BT_NAMES_WRITE_OPTS_VERSION */
	const char *format; /* "tsv", "csv" or "tbx" ("xlsx": bt_names_write_xlsx
			       of libbitext, bitext.h) */
	int concept;        /* tsv, csv: 1 one row per cluster (the concept
			       layout), 0 one row per variant (as above) */
	char csv_sep;       /* csv: the field separator, ',' or ';' */
	int bom;            /* csv: begin with a UTF-8 byte order mark, so that
			       spreadsheets read the file as UTF-8 */
} bt_names_write_opts;
#define BT_NAMES_WRITE_OPTS_VERSION 1
#define BT_NAMES_WRITE_OPTS_INIT {.version = BT_NAMES_WRITE_OPTS_VERSION, .format = "tsv", .csv_sep = ','}

/* bt_names_write with options. The concept layout has a header row, then
 * one row per cluster: concept (its number), type, count (all its
 * occurrences), for the source language SRC and the target TGT (their
 * codes, e.g. nl and en): SRC (the preferred form), SRC_variants (the
 * other forms, "; " between), SRC_inflected ("form: inflected, ..." per
 * form, "; " between), the same three for TGT, other (forms of other
 * languages or scripts, "form (tag)", "; " between), review (clusters one
 * letter away), docs (pairs, "," between, 20 at most then +N), first and
 * last (the earliest and latest date of those pairs, as the corpus keeps
 * dates: YYYY, YYYY-MM or YYYY-MM-DD; empty when none is dated),
 * example_SRC and example_TGT (an aligned link where it occurs). TBX gives
 * the dates in the concept's note. */
BT_EXPORT int bt_names_write_ex(const bt_names_table *t, const char *path, const bt_names_write_opts *o);

/* The table's rows as TSV into `out` (cleared first): the header row, then
 * the concept layout (concept 1) or the variant layout (0), exactly the rows
 * bt_names_write_ex writes as "tsv". For writers of other formats
 * (bt_names_write_xlsx), with the same escapes. */
BT_EXPORT int bt_names_rows_tsv(bt_buf *out, const bt_names_table *t, int concept);

#ifdef __cplusplus
}
#endif


#endif /* BITEXT_CORE_H */
