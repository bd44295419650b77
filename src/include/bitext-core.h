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
 *   - Out-parameters come first. A function named *_free accepts NULL.
 *   - Strings handed to the caller go into a caller-owned bt_buf; a returned
 *     `const char *` is borrowed, and its lifetime is stated beside it.
 *   - Lengths (`len`) are in bytes; counts (`n`) are numbers of items.
 *   - Text inside the library is UTF-8 in Unicode NFC.
 *   - The library never prints, exits or aborts.
 */
#ifndef BITEXT_CORE_H
#define BITEXT_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BT_VERSION "0.1.0"

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

const bt_error *bt_error_last(void);
void bt_error_clear(void);

/* ---- Buffers --------------------------------------------------------- */

/* A growable byte buffer owned by the caller: initialise with BT_BUF_INIT,
 * release with bt_buf_dispose(). `ptr` is always NUL-terminated once
 * anything has been written. */
typedef struct bt_buf {
	char *ptr;
	size_t len;
	size_t cap;
} bt_buf;
#define BT_BUF_INIT {NULL, 0, 0}

int bt_buf_put(bt_buf *b, const char *data, size_t len);
int bt_buf_puts(bt_buf *b, const char *s);
int bt_buf_printf(bt_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
int bt_buf_grow(bt_buf *b, size_t need); /* ensure room for len+need+1 */
void bt_buf_clear(bt_buf *b);            /* len = 0, keeps memory */
void bt_buf_dispose(bt_buf *b);          /* frees memory, back to INIT */

/* ---- Decoding -------------------------------------------------------- */

/* Turns the raw bytes of a file into clean text: the encoding is taken
 * from a BOM (UTF-8, UTF-16LE/BE), from opts->encoding (any iconv name),
 * or UTF-8 is assumed and validated. Invalid UTF-8 is an error naming its
 * byte offset (with a hint when the bytes look like Windows-1252); NUL
 * bytes mark a binary file and are an error. The text is then NFC
 * normalized, CRLF/CR become LF, and control characters other than tab
 * and LF are removed. */
typedef struct bt_decode_opts {
	const char *encoding; /* NULL: detect (BOM or UTF-8) */
	const char *name;     /* file name for error messages, or NULL */
} bt_decode_opts;
#define BT_DECODE_OPTS_INIT {NULL, NULL}

typedef struct bt_decode_info {
	char encoding[64]; /* what was used: "UTF-8", "UTF-8 (BOM)", "UTF-16LE" ... */
	int had_bom;
	size_t removed_controls; /* control characters dropped */
} bt_decode_info;

int bt_decode(bt_buf *out, bt_decode_info *info, const char *data, size_t len,
	      const bt_decode_opts *opts);

/* Reads a whole file (or standard input for "-") into `out`. */
int bt_read_file(bt_buf *out, const char *path);

/* Document metadata carried in the text itself: the seeds open with
 * " date YYYY-MM" before the first sentence. bt_meta_strip() finds it,
 * stores the date in `date` ("" when none) and returns in *body_off the
 * byte offset where the body text starts. */
int bt_meta_strip(const char *text, size_t len, char date[16], size_t *body_off);

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
#define BT_SPANS_INIT {NULL, 0, 0}
void bt_spans_dispose(bt_spans *s);

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
	const char *srx_path;  /* SRX 2.0 file to apply, or NULL */
	const char *data_dir;  /* folder with rule data, NULL: built-in default */
	int lines;             /* BT_SEG_LINES_* */
} bt_segmenter_opts;
#define BT_SEGMENTER_OPTS_INIT {NULL, NULL, BT_SEG_LINES_AUTO}

int bt_segmenter_open(bt_segmenter **out, const char *lang,
		      const bt_segmenter_opts *opts);
/* Appends the segments of text[0, len) to `out` (cleared first). The cost
 * is linear in len whatever the text; memory is about 2 bytes per byte of
 * the longest paragraph, kept in the segmenter for the next run (so use
 * one segmenter per thread). Bytes that are not UTF-8 are read as U+FFFD;
 * bt_decode() is the place that rejects them. */
int bt_segmenter_run(bt_segmenter *sg, const char *text, size_t len, bt_spans *out);
void bt_segmenter_free(bt_segmenter *sg);

/* ---- Sentence alignment --------------------------------------------- */

/* A link (a "bead"): src_n consecutive source sentences from src_first
 * translate tgt_n consecutive target sentences from tgt_first. A 1-0 link
 * (tgt_n 0) is a source sentence without translation, a 0-1 link the
 * reverse; their empty side's `first` is where they stand in that text.
 * Indexes are 0-based. `score` is the confidence, in [0, 1]: the link's
 * posterior probability over all alignments the search considered,
 * calibrated on held-out data (of the links scored about 0.85, about 85%
 * are right). */
typedef struct bt_link {
	size_t src_first, src_n, tgt_first, tgt_n;
	double score;
} bt_link;

typedef struct bt_links {
	bt_link *v;
	size_t n, cap;
} bt_links;
#define BT_LINKS_INIT {NULL, 0, 0}
int bt_links_push(bt_links *l, const bt_link *k);
void bt_links_dispose(bt_links *l);

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

/* The aligner: a dynamic program over 1-1, 1-0, 0-1, 1-2, 2-1, 2-2, 1-3
 * and 3-1 links whose score combines the character-length ratio
 * (Gale–Church, estimated from the pair), glossary translation pairs
 * (stems, so that inflected forms meet a dictionary's lemmas), tokens that
 * survive translation (numbers, names, ? and !, quotes), orthographic
 * cognates, and, in a second pass, a lexicon learned from the first pass's
 * confident links. The search runs in a band around anchors, so time and
 * memory grow linearly with the number of sentences.
 *
 * Glossaries: paths of TSV files (`source<TAB>target`, `#` comments) or of
 * FreeDict `.index` files (with the `.dict.dz` beside them). A FreeDict
 * file named freedict-XXX-YYY is turned round when XXX is the target
 * language. Unless no_default_glossary is set, bitext's own glossary for
 * the language pair is loaded too, where there is one (nl-en). */
typedef struct bt_aligner bt_aligner;

typedef struct bt_aligner_opts {
	const char *const *glossaries;
	size_t n_glossaries;
	int no_default_glossary;
	int passes;  /* 1: no second pass; 0: the default (2) */
} bt_aligner_opts;
#define BT_ALIGNER_OPTS_INIT {NULL, 0, 0, 0}

int bt_aligner_open(bt_aligner **out, const char *src_lang, const char *tgt_lang,
		    const bt_aligner_opts *opts);
void bt_aligner_free(bt_aligner *a);
/* Adds one glossary pair (e.g. from the corpus's glossary table). */
int bt_aligner_add_pair(bt_aligner *a, const char *src, size_t src_len, const char *tgt,
			size_t tgt_len);
/* Number of glossary pairs loaded. */
size_t bt_aligner_glossary_size(const bt_aligner *a);

/* Aligns two texts; `out` is cleared first and gets the links in order,
 * covering every sentence of both sides exactly once. Either side may be
 * empty. */
int bt_align(bt_aligner *a, bt_links *out, const bt_sentences *src, const bt_sentences *tgt);

/* Links as text in Vecalign's format: one link a line, `[i, j]:[k]`,
 * `[i]:[]` for 1-0 and `[]:[k]` for 0-1 (appended to out). */
int bt_links_write_vecalign(bt_buf *out, const bt_links *l);
/* Reads that format (blank lines skipped); errors name line and byte of
 * `name`. A side whose indexes are not consecutive is an error here (the
 * evaluation below reads such links). */
int bt_links_read_vecalign(bt_links *out, const char *text, size_t len, const char *name);

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
#define BT_ALIGN_EVAL_INIT {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
/* Adds one file pair, both in Vecalign's format (any index lists, as
 * gold files have them: `[227, 218]:[198]`); `gold_name` and `test_name`
 * are for error messages. */
int bt_align_eval_add(bt_align_eval *e, const char *gold, size_t gold_len, const char *gold_name,
		      const char *test, size_t test_len, const char *test_name);

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
int bt_name_key(bt_buf *out, const char *name, size_t len, const char *lang);
void bt_name_cache_release(void);

/* A keyer that owns its compiled rules and a cache of recent words, for
 * callers that key many names (the aligner, the concordance). Not to be
 * shared between threads without a lock. */
typedef struct bt_namer bt_namer;

enum {
	/* Key the words as written: no possessive or genitive stripping. */
	BT_NAME_EXACT = 1
};

int bt_namer_open(bt_namer **out);
void bt_namer_free(bt_namer *nm);
/* As bt_name_key(); flags is 0 or BT_NAME_EXACT. */
int bt_namer_key(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang,
		 unsigned flags);

/* Is `lang` one bt_name_key() knows? 1 or 0. */
int bt_name_lang_known(const char *lang);

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
int bt_name_key_relate(const char *a, size_t alen, const char *b, size_t blen);

#ifdef __cplusplus
}
#endif

/* Documents: DOCX, ODT, HTML, XLIFF ... read into plain text. */
#include "bitext-doc.h"

#endif /* BITEXT_CORE_H */
