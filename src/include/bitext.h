/*
 * bitext.h: the public interface of libbitext.
 *
 * libbitext builds translation-aligned bilingual corpora: it decodes documents
 * in any common encoding, segments them into sentences, aligns source and
 * target sentences, normalizes name transliterations, and stores everything
 * in one SQLite corpus file from which TMX and concordances are produced.
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
#ifndef BITEXT_H
#define BITEXT_H

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

/* ---- The corpus ------------------------------------------------------ */

typedef struct bt_corpus bt_corpus;

typedef struct bt_corpus_opts {
	int create;            /* create the file if missing (bitext init) */
	const char *src_lang;  /* for create: default "nl" */
	const char *tgt_lang;  /* for create: default "en" */
	int readonly;
} bt_corpus_opts;
#define BT_CORPUS_OPTS_INIT {0, NULL, NULL, 0}

int bt_corpus_open(bt_corpus **out, const char *path, const bt_corpus_opts *opts);
void bt_corpus_free(bt_corpus *c);
/* Borrowed, valid while `c` is open. */
const char *bt_corpus_src_lang(const bt_corpus *c);
const char *bt_corpus_tgt_lang(const bt_corpus *c);

/* What an add did to one pair. */
enum { BT_ADD_NEW = 0, BT_ADD_UNCHANGED = 1, BT_ADD_REPLACED = 2 };

typedef struct bt_add_opts {
	const char *encoding;  /* iconv name for both files, NULL: detect */
} bt_add_opts;
#define BT_ADD_OPTS_INIT {NULL}

/* Adds (or replaces) the document pair `pair_id` from two files, decoded,
 * segmented and stored in one transaction. *result gets BT_ADD_*. */
int bt_corpus_add(bt_corpus *c, const char *pair_id, const char *src_path,
		  const char *tgt_path, const bt_add_opts *opts, int *result);

/* Progress callback for long work: done of total items. */
typedef void (*bt_progress_fn)(void *ud, size_t done, size_t total, const char *what);

typedef struct bt_import_opts {
	const char *encoding;
	bt_progress_fn progress; /* may be NULL */
	void *progress_ud;
	/* Called for each file that has no partner on the other side. */
	void (*unpaired)(void *ud, const char *path);
	void *unpaired_ud;
} bt_import_opts;
#define BT_IMPORT_OPTS_INIT {NULL, NULL, NULL, NULL, NULL}

typedef struct bt_import_result {
	size_t added, replaced, unchanged, unpaired;
} bt_import_result;

/* Imports DIR/<src>/X with DIR/<tgt>/X for every X, all in one transaction:
 * if any file is bad, nothing is written. */
int bt_corpus_import(bt_corpus *c, const char *dir, const bt_import_opts *opts,
		     bt_import_result *res);

typedef struct bt_stats {
	long long pairs, documents, paragraphs, segments, headings, links;
	long long src_segments, tgt_segments, src_bytes, tgt_bytes;
} bt_stats;
int bt_corpus_stats(bt_corpus *c, bt_stats *out);

/* ---- Sentence alignment --------------------------------------------- */

/* A link (a "bead"): src_n consecutive source sentences from src_first
 * translate tgt_n consecutive target sentences from tgt_first. A 1-0 link
 * (tgt_n 0) is a source sentence without translation, a 0-1 link the
 * reverse; their empty side's `first` is where they stand in that text.
 * Indexes are 0-based. `score` is the confidence, in [0, 1]. */
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

/* Aligns the pairs of a corpus (one, or all when pair_id is NULL) and
 * stores the links with their scores, replacing the pair's earlier links;
 * everything is one transaction. The corpus's glossary table (entries for
 * its language pair) is added to the aligner's glossaries. */
typedef struct bt_corpus_align_opts {
	const char *pair_id;
	bt_progress_fn progress;  /* may be NULL */
	void *progress_ud;
} bt_corpus_align_opts;
#define BT_CORPUS_ALIGN_OPTS_INIT {NULL, NULL, NULL}

typedef struct bt_corpus_align_result {
	size_t pairs, links;
	size_t src_segments, tgt_segments;
} bt_corpus_align_result;

int bt_corpus_align(bt_corpus *c, bt_aligner *a, const bt_corpus_align_opts *opts,
		    bt_corpus_align_result *res);

/* ---- TMX ------------------------------------------------------------- */

/* Export: the corpus as a TMX 1.4b translation memory that CAT tools load
 * (checked against OmegaT, translate-toolkit, tmexchange and the DTD).
 *
 * One <tu> per alignment link, in pair id and link order, with
 *   tuid="PAIR:ORDINAL" (unique: the link's pair and ordinal),
 *   <prop type="x-document">PAIR</prop>, x-date (the pair's date as stored,
 *   YYYY-MM or YYYY-MM-DD, when it has one), x-link-type ("2-1": source and
 *   target sentence counts) and x-score (4 decimals),
 *   the source <tuv> first, then the target <tuv>.
 * The <seg> is plain text: the link's sentences joined by one space, line
 * breaks inside a sentence written as a space, characters XML 1.0 forbids
 * removed, everything escaped, no indentation inside <seg>. A link with no
 * sentence on one side (1-0, 0-1) is skipped, since a <tu> needs both
 * sides, and so is one whose text is empty after cleaning; both are counted.
 * The header has every attribute TMX 1.4b requires (creationtool bitext,
 * creationtoolversion BT_VERSION, segtype sentence, o-tmf bitext, adminlang
 * en, srclang, datatype plaintext) and creationdate YYYYMMDDThhmmssZ, and a
 * <note> saying the above. UTF-8 without BOM, with the DOCTYPE of the
 * TMX 1.4 DTD ("tmx14.dtd").
 *
 * Language tags: src_tag/tgt_tag, else derived from the corpus languages
 * by the table src/data/tmx/langtags.tsv: nl nl-NL, en en-GB, de de-DE,
 * fr fr-FR, es es-ES, it it-IT, pt pt-PT, ru ru-RU, uk uk-UA, be be-BY,
 * pl pl-PL, cs cs-CZ, sv sv-SE, da da-DK, nb nb-NO, fi fi-FI, ja ja-JP,
 * zh zh-CN; a corpus language with a region (en-US, en_US) is written as
 * is with '-'; any other language stays bare (a valid tag too).
 *
 * Memory stays constant whatever the corpus size: rows are read in order
 * and written through a buffer. The file is written under a temporary
 * name beside `path` and renamed when complete (see outfile.h), so a
 * failure never leaves a truncated TMX; "-" writes to standard output. */
typedef struct bt_tmx_export_opts {
	const char *pair_id;   /* only this pair; NULL: all */
	int use_min_score;     /* non-zero: skip links with score < min_score */
	double min_score;
	const char *types;     /* "1-1,2-1": only these link types; NULL: all */
	const char *since;     /* pairs dated on or after (YYYY, YYYY-MM or */
	const char *until;     /* YYYY-MM-DD, compared at that precision);   */
			       /* a date filter leaves out undated pairs     */
	const char *src_tag;   /* xml:lang of the source; NULL: derived */
	const char *tgt_tag;
	unsigned long split_every; /* >0: a new file every N units, named by
				      bt_tmx_part_path (out-0001.tmx, ...);
				      each part is a whole TMX; not with "-" */
	long long creation_time;   /* header creationdate, seconds since 1970;
				      <0: now (the CLI passes SOURCE_DATE_EPOCH) */
	bt_progress_fn progress;   /* may be NULL */
	void *progress_ud;
	/* Called after each file is complete and in place. */
	void (*written)(void *ud, const char *path, unsigned long long units);
	void *written_ud;
} bt_tmx_export_opts;
#define BT_TMX_EXPORT_OPTS_INIT {NULL, 0, 0.0, NULL, NULL, NULL, NULL, NULL, 0, -1, NULL, NULL, NULL, NULL}

typedef struct bt_tmx_export_result {
	unsigned long long units;     /* <tu> written */
	unsigned long long unpaired;  /* 1-0 / 0-1 links skipped */
	unsigned long long empty;     /* links skipped: a side empty after cleaning */
	unsigned long long removed;   /* characters removed (XML 1.0 forbids them, or not UTF-8) */
	unsigned long long bytes;     /* TMX bytes written, all files */
	unsigned files;
} bt_tmx_export_result;

/* Writes the TMX to `path`. BT_EUSAGE for bad options, BT_ENOTFOUND when
 * opts->pair_id names no pair, BT_EIO when writing fails (nothing is left
 * under `path` then; parts already complete stay), BT_EDB for a corrupt
 * corpus (a link naming a segment that does not exist). */
int bt_tmx_export(bt_corpus *c, const char *path, const bt_tmx_export_opts *opts,
		  bt_tmx_export_result *res);

/* Import: a TMX file (any version the reader understands; UTF-8, UTF-16
 * or any encoding its XML declaration names) read with libxml2's
 * streaming reader into the corpus as aligned pairs, so that a translation
 * memory becomes part of the corpus.
 *
 * Each <tu> goes to the pair named by opts->pair_id, else by its
 * <prop type="x-document">, else by the file name without extension. A
 * new pair gets two documents (source and target, path = the TMX file)
 * whose text is its units' segments, one paragraph each, separated by a
 * blank line; each <tu> adds one source segment, one target segment and a
 * 1-1 link of score x-score (else 1), manual 0. The link ordinal follows
 * the tuid "PAIR:N" when it continues the pair's order, so that
 * export -> import -> export gives the same units (a 2-1 link comes back
 * as 1-1: its sentences are one segment after the round trip).
 * The source <tuv> is the one whose xml:lang has the corpus source
 * language as primary subtag (nl-NL, nl-BE, nl), the target likewise; a
 * <tu> lacking either is skipped and counted, and so is one with an empty
 * side. Text is NFC-normalized and trimmed; inline markup elements are
 * dropped with their content (bpt ept it ph ut sub), hi keeps its text.
 *
 * Everything is one transaction: a file that fails imports nothing.
 * Failures are BT_EINPUT with the file's line: not well-formed XML (with
 * libxml2's message: invalid characters, bad encoding; a truncated file
 * is named so), a root other than <tmx>, no <header> or no srclang, a
 * srclang of another language than the corpus source, a <tuv> without
 * xml:lang or <seg>, entity references, no <body>; and a pair that is
 * already in the corpus, unless opts->replace (it is replaced) or
 * opts->append (the units are added after its own, as the parts of a
 * split export need: segments, paragraphs and links continue its
 * numbering, and its documents' text grows). */
typedef struct bt_tmx_import_opts {
	const char *pair_id; /* all units into this pair; NULL: see above */
	int replace;         /* replace pairs that exist already */
	int append;          /* add to pairs that exist already */
	bt_progress_fn progress; /* may be NULL; called every 64k units, total 0 */
	void *progress_ud;
} bt_tmx_import_opts;
#define BT_TMX_IMPORT_OPTS_INIT {NULL, 0, 0, NULL, NULL}

typedef struct bt_tmx_import_result {
	unsigned long long units;    /* <tu> imported */
	unsigned long long pairs;    /* pairs created */
	unsigned long long replaced; /* of which replaced an existing pair */
	unsigned long long appended; /* existing pairs added to */
	unsigned long long nolang;   /* <tu> skipped: no source or no target <tuv> */
	unsigned long long empty;    /* <tu> skipped: a side empty */
} bt_tmx_import_result;

/* `path` "-" reads standard input (give pair_id then, or x-document props). */
int bt_tmx_import(bt_corpus *c, const char *path, const bt_tmx_import_opts *opts,
		  bt_tmx_import_result *res);

/* ---- Glossary --------------------------------------------------------- */

/* Glossary entries live in the corpus: a source term, its target term, an
 * optional note and the file they came from (origin). The aligner uses them
 * as anchors; exports give them back as TSV, CSV or TBX. */
typedef struct bt_glossary_entry {
	const char *src, *tgt, *note, *origin; /* borrowed for the callback */
} bt_glossary_entry;

typedef struct bt_glossary_import_opts {
	const char *format;   /* "tsv", "csv", "tbx", "freedict"; NULL: from the name */
	const char *encoding; /* TSV/CSV encoding for iconv; NULL: detect */
	int reverse;          /* the file lists target first */
} bt_glossary_import_opts;
#define BT_GLOSSARY_IMPORT_OPTS_INIT {NULL, NULL, 0}

typedef struct bt_glossary_import_result {
	size_t read;       /* entries read from the file */
	size_t added;      /* new in the corpus */
	size_t duplicates; /* already there */
	size_t skipped;    /* TBX concepts without both corpus languages */
} bt_glossary_import_result;

/* Imports a glossary file in one transaction: any error (reported with
 * file and line) and nothing is imported. Formats: TSV (source<TAB>target
 * [<TAB>note], `#` comments, an optional header row naming the languages),
 * CSV (RFC 4180, same columns), TBX (2008 martif or 2019 tbx), FreeDict
 * (.index beside .dict.dz). */
int bt_glossary_import(bt_corpus *c, const char *path, const bt_glossary_import_opts *opts,
		       bt_glossary_import_result *res);

/* Writes every entry to `path` ("-": standard output) as "tsv", "csv" or
 * "tbx"; the file appears whole or not at all. */
int bt_glossary_export(bt_corpus *c, const char *path, const char *format);

/* Calls fn for each entry in source order; a non-zero return stops and is
 * returned. */
typedef int (*bt_glossary_fn)(void *ud, const bt_glossary_entry *e);
int bt_glossary_each(bt_corpus *c, bt_glossary_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif /* BITEXT_H */
