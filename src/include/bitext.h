/*
 * bitext.h: the public interface of libbitext.
 *
 * libbitext builds translation-aligned bilingual corpora: it decodes documents
 * in any common encoding, segments them into sentences, aligns source and
 * target sentences, normalizes name transliterations, and stores everything
 * in one SQLite corpus file from which TMX and concordances are produced.
 *
 * It builds on bitext-core.h (decoding, segmentation, alignment, name
 * keys), whose conventions hold here too; this header adds the corpus.
 *
 * Threads: a bt_corpus is one connection to the file, used by one thread
 * at a time; several threads (or processes) each open their own bt_corpus
 * on one file, and SQLite's locking orders their writes (a writer waits up
 * to 5 s for another). A bt_server runs its own threads, each with its own
 * connection; bt_serve_* are called from the thread that started it.
 */
#ifndef BITEXT_H
#define BITEXT_H

#include "bitext-core.h"
/* Documents: DOCX, ODT, HTML, XLIFF ... read into plain text. */
#include "bitext-doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The corpus ------------------------------------------------------ */

typedef struct bt_corpus bt_corpus;

/* Progress callback for long work: done of total items. */
typedef void (*bt_progress_fn)(void *ud, size_t done, size_t total, const char *what);

typedef struct bt_corpus_opts {
	unsigned version; /* BT_CORPUS_OPTS_VERSION: the layout the caller was built with */
	int create;            /* create the file if missing (bitext init) */
	const char *src_lang;  /* for create: default "nl" */
	const char *tgt_lang;  /* for create: default "en" */
	int readonly;
	/* Told, before it is done, what the open does to an older corpus:
	 * each upgrade of its layout, and the learning of its word model
	 * (about 13 s for 1M links), then the result (done == total). Only
	 * while bt_corpus_open() runs; NULL: nothing is told. */
	bt_progress_fn upgrade;
	void *upgrade_ud;
} bt_corpus_opts;
#define BT_CORPUS_OPTS_VERSION 2
#define BT_CORPUS_OPTS_INIT {.version = BT_CORPUS_OPTS_VERSION}

BT_EXPORT int bt_corpus_open(bt_corpus **out, const char *path, const bt_corpus_opts *opts);
BT_EXPORT void bt_corpus_free(bt_corpus *c);
/* Borrowed, valid while `c` is open. */
BT_EXPORT const char *bt_corpus_src_lang(const bt_corpus *c);
BT_EXPORT const char *bt_corpus_tgt_lang(const bt_corpus *c);

/* What an add did to one pair. */
enum { BT_ADD_NEW = 0, BT_ADD_UNCHANGED = 1, BT_ADD_REPLACED = 2 };

/* Called for each document file read (bitext --verbose): its path and
 * the document (bitext-doc.h), valid during the call. */
typedef void (*bt_doc_fn)(void *ud, const char *path, const bt_doc *doc);

/* A document file is read by bt_doc_read() (bitext-doc.h): its format is
 * recognised from its content unless `format` names one; the document's
 * stored text is its plain text, and it records the format read. */
typedef struct bt_add_opts {
	unsigned version; /* BT_ADD_OPTS_VERSION: the layout the caller was built with */
	const char *encoding;  /* iconv name for both files, NULL: detect */
	int format;            /* BT_FORMAT_*, BT_FORMAT_AUTO: recognise */
	unsigned doc_flags;    /* BT_DOC_NO_HEADERS, BT_DOC_ALT_TEXT */
	bt_doc_fn on_doc;      /* may be NULL */
	void *on_doc_ud;
	/* One side's encoding, over `encoding` (a Windows-1252 original with
	 * its UTF-8 translation). A legacy encoding (not UTF-*) given for a
	 * plain-text or HTML file that is valid UTF-8 with non-ASCII
	 * characters is refused (BT_EINPUT): decoding it would make mojibake
	 * (Ã© for é). force_encoding decodes it as told all the same. */
	const char *src_encoding, *tgt_encoding;
	int force_encoding;
	struct bt_readd_result *readd; /* may be NULL; filled when a pair is replaced */
	/* A replaced pair that had links is aligned again with this aligner
	 * (as bt_corpus_align() would) in the same transaction as the add, so
	 * that no crash leaves it re-added but not aligned; NULL: it keeps the
	 * manual links that still hold and nothing else. `aligned` (may be
	 * NULL) gets the counts, all 0 when it was not aligned. */
	bt_aligner *aligner;
	struct bt_corpus_align_result *aligned;
} bt_add_opts;
#define BT_ADD_OPTS_VERSION 3 /* 3: bt_readd_result counts corrections */
#define BT_ADD_OPTS_INIT {.version = BT_ADD_OPTS_VERSION, .format = BT_FORMAT_AUTO}

/* What re-adding a changed pair kept (BT_ADD_REPLACED). A segment whose
 * text is unchanged is matched with its new place (in order: the
 * unchanged start and end of the document, and texts found once in the
 * old and once in the new one); a manual link whose sentences are all
 * matched, and still side by side, is kept with its new ordinals; the
 * others are dropped. The pair's other links go (align it again:
 * `bitext add` does, in the same command, when the pair had links). */
typedef struct bt_readd_result {
	size_t segs_kept[2], segs[2]; /* unchanged segments of the new documents, of segs */
	size_t links_before;          /* links the pair had */
	size_t manual_kept, manual_dropped;
	/* the pair's corrections (bt_corpus_correct()) made again on the new
	 * segments, and those whose text the new files no longer have where
	 * it was (listed by bt_corpus_corrections() with applied 0) */
	size_t corrections_kept, corrections_lost;
} bt_readd_result;

/* Adds (or replaces) the document pair `pair_id` from two files, decoded,
 * segmented and stored in one transaction. *result gets BT_ADD_*. */
BT_EXPORT int bt_corpus_add(int *result, bt_corpus *c, const char *pair_id, const char *src_path,
			    const char *tgt_path, const bt_add_opts *opts);

struct bt_xliff_import_result; /* below, with bt_xliff_import() */

typedef struct bt_import_opts {
	unsigned version; /* BT_IMPORT_OPTS_VERSION: the layout the caller was built with */
	const char *encoding;
	bt_progress_fn progress; /* may be NULL */
	void *progress_ud;
	/* Called for each file that has no partner on the other side. */
	void (*unpaired)(void *ud, const char *path);
	void *unpaired_ud;
	int format;            /* as in bt_add_opts, for every file */
	unsigned doc_flags;
	bt_doc_fn on_doc;
	void *on_doc_ud;
	const char *src_encoding, *tgt_encoding; /* as in bt_add_opts */
	int force_encoding;
	/* Called for each file left unpaired because its name without
	 * language tag, `key`, is the name of n_src source and n_tgt target
	 * files, more than one on a side. */
	void (*ambiguous)(void *ud, const char *path, const char *key, size_t n_src, size_t n_tgt);
	/* A list of pairs instead of a folder: lines SOURCE<TAB>TARGET, or
	 * SOURCE<TAB>TARGET<TAB>ID, paths relative to the list's folder
	 * (empty lines and lines opening with # are skipped); without an
	 * ID, the source name without extension and language tag. */
	const char *pairs_file;
	/* BT_IMPORT_MATCH_CONTENT: the files their names leave unpaired are
	 * paired by what they share (numbers, name keys, glossary terms,
	 * length): a pair is made when its score, in [0, 1], is at least
	 * match_threshold and the runner-up of both files scores less than
	 * (1 - match_margin) times as much (0: BT_IMPORT_MATCH_THRESHOLD,
	 * BT_IMPORT_MATCH_MARGIN); the files of equal content are never paired;
	 * the rest stay unpaired. Not with pairs_file. */
	int match;
	double match_threshold, match_margin;
	/* Called for each pair made by content, with its score. */
	void (*matched)(void *ud, const char *src, const char *tgt, double score);
	/* With match: called instead of `unpaired` for each file left
	 * unpaired after matching, with why (one line, no newline). */
	void (*unmatched)(void *ud, const char *path, const char *why);
	/* A bilingual XLIFF file (told by its content) directly in DIR or in
	 * one of its language folders is a pair of its own, named after the
	 * file without its extension and stored as bt_xliff_import() stores
	 * it (all_translated as there), in the same transaction; `xliff` (may
	 * be NULL) is called after each with what it gave. Not with a --format
	 * other than XLIFF, nor with pairs_file. */
	void (*xliff)(void *ud, const char *path, const char *pair, const struct bt_xliff_import_result *r);
	void *xliff_ud;
	int all_translated;
} bt_import_opts;
#define BT_IMPORT_OPTS_VERSION 4 /* 4: bt_import_result counts corrections */
enum { BT_IMPORT_MATCH_NAME = 0, BT_IMPORT_MATCH_CONTENT = 1 };
#define BT_IMPORT_MATCH_THRESHOLD 0.15
#define BT_IMPORT_MATCH_MARGIN 0.2
#define BT_IMPORT_OPTS_INIT {.version = BT_IMPORT_OPTS_VERSION, .format = BT_FORMAT_AUTO}

typedef struct bt_import_result {
	size_t added, replaced, unchanged, unpaired;
	size_t by_tag;    /* of the pairs, those paired by names without language tags */
	size_t ambiguous; /* files left unpaired because more than one partner fits */
	size_t by_content; /* of the pairs, those paired by content (match) */
	size_t uncertain;  /* of the unpaired, those with two candidates too close */
	size_t xliff;      /* of the pairs, those from a bilingual XLIFF file */
	/* the replaced pairs' corrections made again, and those that no
	 * longer apply (bt_readd_result) */
	size_t corrections_kept, corrections_lost;
} bt_import_result;

/* Imports DIR/<src>/X with DIR/<tgt>/X, all in one transaction: if any
 * file is bad, nothing is written. A regional corpus (nl-BE) without a
 * DIR/nl-BE reads DIR/nl. Files pair up by their names without extension
 * (nl/X.docx with en/X.odt), then the rest by their names without a
 * language tag of their side in a common place (artikel_NL.txt with
 * artikel_EN.txt, report.nl.docx with report.en.docx, "Brief (NL).odt",
 * NL-brief.txt), case-insensitively; a file that more than one file fits
 * is ambiguous and left unpaired; every file left unpaired is reported.
 * With opts->pairs_file, `dir` is not read (may be NULL). Two pairs with
 * one id are refused (BT_EINPUT). */
BT_EXPORT int bt_corpus_import(bt_import_result *res, bt_corpus *c, const char *dir,
			       const bt_import_opts *opts);

typedef struct bt_stats {
	long long pairs, documents, paragraphs, segments, headings, links;
	long long src_segments, tgt_segments, src_bytes, tgt_bytes;
} bt_stats;
BT_EXPORT int bt_corpus_stats(bt_stats *out, bt_corpus *c);


/* Aligns the pairs of a corpus (one, or all when pair_id is NULL) and
 * stores the links with their scores, replacing the pair's earlier links
 * except manual ones (bt_links_edit): those are kept as they are and only
 * the sentences between them are aligned, each stretch on its own; a
 * manual link that no longer fits the texts (out of range or out of order)
 * is left to the aligner, and counted (bt_corpus_align_result). Everything
 * is one transaction. The corpus's glossary table (entries for
 * its language pair) is added to the aligner's glossaries. */
typedef struct bt_corpus_align_opts {
	unsigned version; /* BT_CORPUS_ALIGN_OPTS_VERSION: the layout the caller was built with */
	const char *pair_id;
	bt_progress_fn progress;  /* may be NULL */
	void *progress_ud;
	/* 1 (the default): the corpus's word model, learned from its earlier
	 * links (the one the concordance marks translations with), is the
	 * aligner's lexicon for this call, unless the caller gave the aligner
	 * one (bt_aligner_use_lexicon). A corpus without a model: when the
	 * links just written number RELEARN_MIN_LINKS (500) or more, the
	 * model they taught aligns the corpus again in the same call and
	 * transaction (Text+Berg de-fr test as one corpus, strict F1 without
	 * a dictionary 0.858 -> 0.894, with FreeDict 0.915 -> 0.921). 0: the
	 * aligner as given. */
	int word_model;
} bt_corpus_align_opts;
/* 2: the result counts manual links and cut links; 3: word_model */
#define BT_CORPUS_ALIGN_OPTS_VERSION 3
#define BT_CORPUS_ALIGN_OPTS_INIT {.version = BT_CORPUS_ALIGN_OPTS_VERSION, .word_model = 1}

typedef struct bt_corpus_align_result {
	size_t pairs, links;
	size_t src_segments, tgt_segments;
	/* pairs left as they are when all are aligned (no opts->pair_id): those
	 * added from an XLIFF file, whose links and states the CAT tool's file
	 * gave (bt_xliff_import()); naming one in opts->pair_id aligns it */
	size_t from_file;
	/* manual links (made or confirmed on the review page) kept, and those
	 * that no longer fit their pair's sentences (outside them, out of
	 * order, or sharing a sentence with another), whose sentences the
	 * aligner linked again; links the aligner made across the sentences
	 * of a moved manual link, which were cut into single sentences scored
	 * 0 (the review page's low confidence first shows them) */
	size_t manual_kept, manual_dropped, links_cut;
	/* opts->word_model: whether the corpus's word model aligned (1), the
	 * links and word pairs it learned from, and, when this call taught it
	 * and aligned again (relearned 1), the links the first align wrote
	 * (the counts above are the second's, manual_dropped both's) */
	int word_model, relearned;
	long long model_links, model_pairs;
	size_t first_links;
} bt_corpus_align_result;

BT_EXPORT int bt_corpus_align(bt_corpus_align_result *res, bt_corpus *c, bt_aligner *a,
			      const bt_corpus_align_opts *opts);

/* ---- TMX ------------------------------------------------------------- */

/* Export: the corpus as a TMX 1.4b translation memory that CAT tools load
 * (checked against OmegaT, translate-toolkit, tmexchange and the DTD).
 *
 * One <tu> per alignment link, in pair id and link order, with
 *   tuid="PAIR:ORDINAL" (unique: the link's pair and ordinal),
 *   <prop type="x-document">PAIR</prop>, x-date (the pair's date as stored,
 *   YYYY-MM or YYYY-MM-DD, when it has one), x-link-type ("2-1": source and
 *   target sentence counts), x-score (4 decimals) and, for a link a
 *   person corrected or confirmed (bitext serve), x-manual "1",
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
	unsigned version; /* BT_TMX_EXPORT_OPTS_VERSION: the layout the caller was built with */
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
	int all_languages;         /* also the <tuv>s of other languages that
				      import-tmx --keep-all-languages kept */
	const char *const *pairs;  /* several pairs (at most 1000; with pair_id */
	size_t n_pairs;            /* NULL); n_pairs 0: see pair_id */
	int manual_only;           /* only links a person made or confirmed */
	int codes_as_text;         /* a kept <seg>'s inline codes written as
				      their content, as text (level 1): OmegaT
				      matches a foreign TMX's coded units so */
	/* XLIFF 1.2 instead of TMX, for review in a CAT tool: a <file> per
	 * pair (original= its id, the languages of src_tag/tgt_tag), a
	 * <trans-unit> per link with text on the source side (id its
	 * ordinal), kept inline codes as XLIFF's, the target's state from the
	 * link (final: by a person, also approved="yes"; translated: score 0.5
	 * or more; needs-review-translation: less; a 1-0 link has no target),
	 * a <note> with the link's shape and score. Not with split_every,
	 * all_languages or codes_as_text; tuv props are TMX's and not written. */
	int xliff;
} bt_tmx_export_opts;
#define BT_TMX_EXPORT_OPTS_VERSION 2
#define BT_TMX_EXPORT_OPTS_INIT {.version = BT_TMX_EXPORT_OPTS_VERSION, .creation_time = -1}

typedef struct bt_tmx_export_result {
	unsigned long long units;     /* <tu> written */
	unsigned long long unpaired;  /* 1-0 / 0-1 links skipped */
	unsigned long long empty;     /* links skipped: a side empty after cleaning */
	unsigned long long removed;   /* characters removed (XML 1.0 forbids them, or not UTF-8) */
	unsigned long long bytes;     /* TMX bytes written, all files */
	unsigned long long kept_segs; /* <seg>s written as their TMX had them */
	unsigned long long flat_segs; /* of those, codes written as text (codes_as_text) */
	unsigned long long others;    /* <tu>s written with other languages */
	unsigned files;
	/* A TMX's <header> is kept by its import and written again (its
	 * attributes, props and notes) when every pair exported came from that
	 * one file; else bitext's own header is written and this counts the
	 * exported pairs whose kept header was not. */
	unsigned long long headers_left;
	int header_kept;              /* 1: the header written is a kept one */
	unsigned long long meta_left; /* XLIFF: units whose TMX metadata (tuid,
					 attributes, props, notes) has no place there */
} bt_tmx_export_result;

/* Writes the TMX to `path`. BT_EUSAGE for bad options, BT_ENOTFOUND when
 * opts->pair_id names no pair, BT_EIO when writing fails (nothing is left
 * under `path` then; parts already complete stay), BT_EDB for a corrupt
 * corpus (a link naming a segment that does not exist). */
BT_EXPORT int bt_tmx_export(bt_tmx_export_result *res, bt_corpus *c, const char *path,
			    const bt_tmx_export_opts *opts);

/* Import: a TMX file (any version; UTF-8, UTF-16 or any encoding its XML
 * declaration names) streamed through libxml2's SAX2 parser into the
 * corpus as aligned pairs, so that a translation memory becomes part of
 * the corpus. The parser runs on a second thread while the calling thread
 * writes; the call returns when both are done.
 *
 * Each <tu> goes to the pair named by opts->pair_id, else by its
 * <prop type="x-document">, else by the file name without extension. A
 * new pair gets two documents (source and target, path = the TMX file)
 * whose text is their segments (no copy is kept in documents.text; bytes
 * and the segment offsets count the units a blank line apart, each a
 * block of its own, with no rows in paragraphs: a memory has no
 * paragraphs); each <tu> adds one source segment, one target segment and a
 * 1-1 link of score x-score (else 1), manual when x-manual is "1" (as
 * bitext writes it), else not. The link ordinal follows
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
 * split export need: segments and links continue its numbering, and its
 * documents' size grows). */
typedef struct bt_tmx_import_opts {
	unsigned version; /* BT_TMX_IMPORT_OPTS_VERSION: the layout the caller was built with */
	const char *pair_id; /* all units into this pair; NULL: see above */
	int replace;         /* replace pairs that exist already */
	int append;          /* add to pairs that exist already */
	bt_progress_fn progress; /* may be NULL; every 64k units: bytes read of
				    the file's size (0 for standard input) */
	void *progress_ud;
	int keep_all_languages; /* keep <tuv>s in other languages with the unit
				   (exported again with all_languages) */
	/* The <tuv> languages that are the corpus's source and target, when
	 * the file names them otherwise (nld and eng for nl and en): compared
	 * by primary subtag, case ignored; the tags are kept as written. NULL:
	 * the corpus's languages. */
	const char *src_lang, *tgt_lang;
} bt_tmx_import_opts;
#define BT_TMX_IMPORT_OPTS_VERSION 3 /* 3: the result counts corrections no longer applied */
#define BT_TMX_IMPORT_OPTS_INIT {.version = BT_TMX_IMPORT_OPTS_VERSION}

typedef struct bt_tmx_import_result {
	unsigned long long units;    /* <tu> imported */
	unsigned long long pairs;    /* pairs created */
	unsigned long long replaced; /* of which replaced an existing pair */
	unsigned long long appended; /* existing pairs added to */
	unsigned long long nolang;   /* <tu> skipped: no source or no target <tuv> */
	unsigned long long empty;    /* <tu> skipped: a side empty */
	/* What was kept or changed, in the units imported: */
	unsigned long long codes[7]; /* inline elements bpt ept ph it hi ut sub */
	unsigned long long coded;    /* <seg>s with inline codes */
	unsigned long long changed;  /* <seg>s whose corpus text lost white space at
					its ends or was NFC-normalised */
	unsigned long long breaks;   /* <seg>s with line breaks or tabs */
	unsigned long long meta;     /* <tu>s with metadata kept (tuid, dates, ids,
					attributes, props, notes) */
	unsigned long long variants; /* second <tuv>s of a corpus language (en-US
					beside en-GB): not imported */
	unsigned long long others_kept; /* <tu>s whose other languages were kept */
	int n_other_langs;           /* languages not the corpus's (first 8) */
	char other_langs[8][16];
	unsigned long long other_units[8]; /* <tu>s that had each */
	char srclang_other[16];      /* the header's srclang when it is not the
					corpus source language, else "" */
	/* corrections of segments (bt_corpus_correct()) in the pairs replaced:
	 * the TMX's text is taken as it came, so they no longer apply
	 * (bt_corpus_corrections() lists them with applied 0) */
	unsigned long long corrections_lost;
} bt_tmx_import_result;

/* `path` "-" reads standard input (give pair_id then, or x-document props). */
BT_EXPORT int bt_tmx_import(bt_tmx_import_result *res, bt_corpus *c, const char *path,
			    const bt_tmx_import_opts *opts);

/* ---- Corpora built on a cluster ---------------------------------------- */

/* Import: the JSON Lines that `bitext map` (bitext-map) writes, one mapped
 * document pair a line (README, "Alignment on a cluster"), into the
 * corpus: each pair with its two documents (their segments and
 * paragraphs as the mapper found them) and its links with their scores;
 * the corpus's languages must be the lines' (src_lang, tgt_lang). A side
 * with its "text" (bitext map --with-text) is stored as `bitext add`
 * stores a file; one without has its text rebuilt from its segments, the
 * white space between them as spaces and a blank line between paragraphs
 * (counted in res->rebuilt). Lines without "links" (--task segment) give
 * pairs without links (res->unaligned); "names" are not imported.
 *
 * The pairs are written in pair id order whatever the order of the lines
 * (they are staged first in SQLite's temporary file), so that the
 * documents, segments and links get the ids that adding the pairs one by
 * one in id order gives: shards imported together in any order, or into
 * shard corpora merged by bt_corpus_merge(), make the same corpus.
 *
 * Everything is one transaction, with the corpus's indexes (the
 * concordance) brought up to date once at its end; any failure writes
 * nothing. BT_EINPUT naming the line (and byte) for: a line that is not a
 * JSON object or lacks a field or has one of the wrong form, segments
 * that do not fit their text, links that do not cover the segments in
 * order, other languages than the corpus's, a pair id twice in the input
 * or already in the corpus. An error object (a line the mapper could not
 * map) is reported to opts->on_error and counted, and its pair left out;
 * with opts->strict it fails the import (after all lines are read, so
 * that every one is reported). `path` "-" reads standard input. */
typedef struct bt_jsonl_import_opts {
	unsigned version; /* BT_JSONL_IMPORT_OPTS_VERSION */
	int strict;
	/* Each error object: its line, the pair's id (NULL when it has none),
	 * the mapper's kind and message. */
	void (*on_error)(void *ud, const char *path, long long line, const char *id, const char *kind,
			 const char *message);
	void *on_error_ud;
} bt_jsonl_import_opts;
#define BT_JSONL_IMPORT_OPTS_VERSION 1
#define BT_JSONL_IMPORT_OPTS_INIT {.version = BT_JSONL_IMPORT_OPTS_VERSION}

typedef struct bt_jsonl_import_result {
	unsigned long long lines;     /* read, blank ones included */
	unsigned long long pairs;     /* imported */
	unsigned long long segments, links;
	unsigned long long errors;    /* error objects (pairs left out) */
	unsigned long long unaligned; /* pairs imported without links */
	unsigned long long rebuilt;   /* documents whose text was rebuilt from their segments */
	unsigned long long names;     /* pairs whose names were not imported */
	unsigned long long blank;     /* empty lines, skipped */
} bt_jsonl_import_result;

BT_EXPORT int bt_jsonl_import(bt_jsonl_import_result *res, bt_corpus *c, const char *path,
			      const bt_jsonl_import_opts *opts);

/* Merge: the pairs of other corpora (files made by bitext on other
 * machines, or from shards) copied into this one with their documents,
 * segments, paragraphs and links (manual marks and scores as they are),
 * and their glossary entries that this corpus lacks. Every input must be
 * a corpus of the same schema version and the same languages. Pairs are
 * copied in id order over all inputs, so the order of `paths` does not
 * change the result. A pair id in two inputs, or in an input and this
 * corpus, is a conflict: each is reported to opts->conflict and the merge
 * fails (BT_EINPUT) with nothing written. One transaction; the
 * concordance's index is updated once at its end. At most 125 inputs at
 * once (SQLite's limit of attached databases, often 10 as built): merge
 * more in rounds. */
typedef struct bt_merge_opts {
	unsigned version; /* BT_MERGE_OPTS_VERSION */
	void (*conflict)(void *ud, const char *pair_id, const char *first, const char *second);
	void *conflict_ud;
} bt_merge_opts;
#define BT_MERGE_OPTS_VERSION 1
#define BT_MERGE_OPTS_INIT {.version = BT_MERGE_OPTS_VERSION}

typedef struct bt_merge_result {
	unsigned long long pairs, segments, links, glossary, conflicts;
} bt_merge_result;

BT_EXPORT int bt_corpus_merge(bt_merge_result *res, bt_corpus *c, const char *const *paths, size_t n,
			      const bt_merge_opts *opts);

/* ---- Backup and history ------------------------------------------------ */

/* A consistent copy of the corpus at `path` (SQLite's VACUUM INTO: one
 * read transaction, so writers, `bitext serve` among them, go on and the
 * copy is the corpus as of one commit). It is written under a temporary
 * name in the same folder (PATH.tmp-XXXXXX), synced, then renamed: an
 * interrupted backup leaves nothing at `path`. An existing file at `path`
 * is refused (BT_EUSAGE) unless `force`; *bytes gets the copy's size. */
typedef struct bt_backup_opts {
	unsigned version; /* BT_BACKUP_OPTS_VERSION */
	int force;        /* replace a file at path */
} bt_backup_opts;
#define BT_BACKUP_OPTS_VERSION 1
#define BT_BACKUP_OPTS_INIT {.version = BT_BACKUP_OPTS_VERSION}

BT_EXPORT int bt_corpus_backup(long long *bytes, bt_corpus *c, const char *path, const bt_backup_opts *opts);

/* The history of link changes: every command that changes a pair's links
 * (align, a link edit, re-adding a changed pair, a TMX import into an
 * existing pair) records the links before and after, with the segments
 * they refer to, so that the change can be undone and redone. The last
 * BT_HISTORY_KEEP changes of each pair are kept (a corpus setting,
 * bt_corpus_history_keep()). */
#define BT_HISTORY_KEEP 100

typedef struct bt_history_entry {
	long long id;
	char pair[208];
	char what[32];            /* "align", "links edit", "re-add", ... */
	char at[24];              /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	long long links_before, links_after;
	int undone;               /* undone (and not redone) */
	int segments_changed;     /* the change replaced the pair's segments (re-add) */
} bt_history_entry;
typedef int (*bt_history_fn)(void *ud, const bt_history_entry *e);

/* The entries, newest first (`pair` NULL: every pair's). A pair id with no
 * history that is no pair of the corpus: BT_ENOTFOUND. */
BT_EXPORT int bt_corpus_history(bt_corpus *c, const char *pair, bt_history_fn fn, void *ud);
/* How many changes of each pair are kept: *keep gets the setting; set >= 0
 * sets it (0: record nothing) and drops what is beyond it; set < 0 only
 * reads. */
BT_EXPORT int bt_corpus_history_keep(long long *keep, bt_corpus *c, long long set);

/* Undo (or redo) of the last change (of `pair`, or of any pair), in one
 * transaction: the pair's links as they were before it (after it). Nothing
 * to undo: BT_ENOTFOUND. BT_ECONFLICT when it cannot be: the pair's
 * segments or links changed since in a way the history does not hold (a
 * re-add, a command not recorded), the change replaced the segments, or
 * `expect` (> 0) is not the entry that would be undone (a stale page). */
typedef struct bt_undo_opts {
	unsigned version;  /* BT_UNDO_OPTS_VERSION */
	const char *pair;  /* NULL: the last change of any pair */
	int redo;
	long long expect;  /* > 0: the id of the entry the caller saw */
} bt_undo_opts;
#define BT_UNDO_OPTS_VERSION 1
#define BT_UNDO_OPTS_INIT {.version = BT_UNDO_OPTS_VERSION}

BT_EXPORT int bt_corpus_undo(bt_history_entry *out, bt_corpus *c, const bt_undo_opts *opts);

/* ---- XLIFF ------------------------------------------------------------ */

/* A bilingual XLIFF file (bitext-doc.h, bt_xliff_read()) as the pair
 * `pair_id`: a CAT tool has segmented and aligned both sides already, so
 * each translated segment becomes a source and a target segment joined by
 * a 1-1 link of score 1 taken from the file, not from the aligner; the
 * pair's documents record the format "xliff" and, when the file declares
 * them, its language tags (written back by a TMX export). The stored text
 * of each side is its plain text (bt_xliff_plain(): the words inside
 * inline codes kept, a space for a break, the mark U+FFFC for any other
 * code that stands alone), trimmed; the segment as the file had it (inline
 * codes, line breaks, white space at the ends) is kept beside it as TMX
 * 1.4b <seg> content, each XLIFF code the content of a <bpt i>/<ept i>
 * (a span opened and closed in the segment), <it pos> (one that is not) or
 * <ph> (alone), so that a TMX export writes it back (res->codes,
 * res->coded). A segment's translation
 * state (state=, sdl conf, mq:status, approved) is kept as the link's
 * <prop type="x-xliff-state">, and its unit's notes as a <note>, which a
 * TMX export writes.
 *
 * Untranslated segments (no <target>, or one without text) have no
 * translation to link: they are skipped and counted (res->untranslated,
 * the first one named), so the stored source document lacks them; with
 * opts->all_translated such a file is refused instead. A segment whose
 * source has no text (inline codes only) is skipped and counted
 * (res->empty), and so is a PO file's header as translate-toolkit writes
 * it (restype x-gettext-domain-header: metadata, res->headers). Refused with BT_EINPUT, one line naming the file (and the
 * unit's line): not XLIFF, declared languages whose primary subtags are
 * not the corpus's, no translated segment at all, a segment over
 * BT_MAX_SEGMENT bytes. A pair `pair_id` already there is replaced. One
 * transaction: a failure leaves the corpus as it was. */
typedef struct bt_xliff_import_opts {
	unsigned version;   /* BT_XLIFF_IMPORT_OPTS_VERSION: the layout the caller was built with */
	int all_translated; /* refuse a file with untranslated segments (default: skip them) */
} bt_xliff_import_opts;
#define BT_XLIFF_IMPORT_OPTS_VERSION 1
#define BT_XLIFF_IMPORT_OPTS_INIT {.version = BT_XLIFF_IMPORT_OPTS_VERSION}

typedef struct bt_xliff_import_result {
	unsigned long long units;        /* segments stored (one link each) */
	unsigned long long untranslated; /* skipped: no target, or a target without text */
	unsigned long long empty;        /* skipped: a source without text (codes only) */
	unsigned long long headers;      /* skipped: PO headers (restype x-gettext-domain-header) */
	unsigned long long codes;        /* inline codes of the stored segments, kept */
	int replaced;                    /* the pair existed and was replaced */
	char version[8], dialect[24], src_lang[64], tgt_lang[64]; /* as bt_xliff */
	char states[256];    /* the states of the segments stored, as "3 translated,
				1 final" ("(no state)" for none) */
	char first_untranslated[128]; /* the first skipped unit's id, or "" */
	long first_untranslated_line; /* and its line */
	unsigned long long coded;     /* stored segments (either side) that had codes */
	/* stored segments whose target is their source word for word (how
	 * OmegaT writes an untranslated one), the first one's id and line */
	unsigned long long same;
	char first_same[128];
	long first_same_line;
} bt_xliff_import_result;

BT_EXPORT int bt_xliff_import(bt_xliff_import_result *res, bt_corpus *c, const char *pair_id, const char *path,
			      const bt_xliff_import_opts *opts);

/* ---- Glossary --------------------------------------------------------- */

/* Glossary entries live in the corpus (the entry and file options are in
 * bitext-core.h, "Glossary entries"); the aligner uses them as anchors;
 * exports give them back as TSV, CSV or TBX. */
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
BT_EXPORT int bt_glossary_import(bt_glossary_import_result *res, bt_corpus *c, const char *path,
				 const bt_glossary_import_opts *opts);

/* Writes every entry to `path` ("-": standard output) as "tsv", "csv" or
 * "tbx"; the file appears whole or not at all. */
BT_EXPORT int bt_glossary_export(bt_corpus *c, const char *path, const char *format);

/* Calls fn for each entry in source order; a non-zero return stops and is
 * returned. */
BT_EXPORT int bt_glossary_each(bt_corpus *c, bt_glossary_fn fn, void *ud);

/* ---- Names ------------------------------------------------------------ */

/* The name-normalization table of a corpus (the table, its rows and its
 * output are in bitext-core.h, "Name tables"). Builds the table from the
 * corpus's text and links. BT_ENOTFOUND when opts->pair_id names no pair,
 * BT_EUSAGE when a corpus language has no name rules (bt_name_key). */
BT_EXPORT int bt_names_build(bt_names_table **out, bt_names_result *res, bt_corpus *c,
			     const bt_names_opts *opts);

/* Writes the table as an .xlsx workbook to `path` (not "-": a zip cannot be
 * streamed), whole or not at all: one worksheet "names" holding the rows of
 * bt_names_rows_tsv (opts->concept picks the layout; format and csv options
 * are not used), every cell a text cell, the header row frozen. Here and not
 * in bitext-core because it needs libxlsxwriter. */
BT_EXPORT int bt_names_write_xlsx(const bt_names_table *t, const char *path, const bt_names_write_opts *opts);

/* ---- Concordance ----------------------------------------------------- */

/* Keyword in context over the corpus, with the aligned translation beside
 * every hit. A hit is a segment that matches the query; its translation is
 * the other side of the alignment link that covers it.
 *
 * Query syntax (operators are written in capitals; anything else is text):
 *   word           a word, case- and diacritic-insensitive (oekraine finds
 *                  Oekraïne); a word with inner punctuation (Wit-Rusland,
 *                  45.000) is the phrase of its parts
 *   "a b c"        a phrase: these words next to each other, in order
 *   pre*           words that start with pre (three letters at least);
 *                  "a b"* makes the last word of a phrase a prefix
 *   *oorlog oorl?g a word with wildcards: * any letters (also none), ?
 *   *wapen*        one letter, anywhere in one word (three letters at least);
 *                  it stands for the corpus's words that match it, at most
 *                  BT_CONCORD_MAX_WILDCARD (else BT_ELIMIT); not inside NEAR
 *   a b, a AND b   both          a OR b   either
 *   a NOT b        a without b (NOT needs a term on its left)
 *   ( ... )        grouping; NOT binds tightest, then AND, then OR
 *   NEAR(a b c, N) the terms within N words of each other (default 10);
 *                  a NEAR b and a NEAR/N b say the same for two terms
 * Unless exact_spelling is set, a single word typed with a capital (a name)
 * also finds the capitalized words whose name key (bitext-core.h, "Name keys")
 * equals its key in either corpus language, or is one edit from it:
 * Lukashenko finds Loekasjenko, Loeksjenko and Лукашенко. A word in lower
 * case matches its spelling only (offline never finds Online, printer never
 * Pointer). Phrases, prefixes and NEAR terms match as spelled.
 * Bad queries are BT_EINPUT (exit 1 in the CLI) with a message naming the
 * problem and its character position: empty, an unclosed quote or
 * parenthesis, an operator without its terms, a word with no letters or
 * digits, a short prefix, invalid UTF-8; longer than BT_CONCORD_MAX_QUERY
 * bytes or more than BT_CONCORD_MAX_TERMS terms is BT_ELIMIT. The query
 * is compiled into an FTS5 expression that is bound as a parameter: user
 * text never becomes SQL.
 *
 * Order and paging: hits come in corpus order, document by document as
 * they were stored (BT_CONCORD_SORT_DOC), and a page is `limit` hits after
 * `offset`. No relevance ranking is done, so the first page of a common
 * word costs what the first page of a rare one does. Sorting by left or
 * right context or by date reads every hit first (at most
 * BT_CONCORD_MAX_SORT, else BT_ELIMIT). */
#define BT_CONCORD_MAX_QUERY 1024
#define BT_CONCORD_MAX_TERMS 64
#define BT_CONCORD_MAX_WILDCARD 500 /* corpus words one wildcard word stands for */
#define BT_CONCORD_MAX_SORT 100000
#define BT_CONCORD_MAX_LIMIT 10000
#define BT_CONCORD_MAX_COUNT 100000
#define BT_CONCORD_MAX_COUNT_FILTERED 5000
#define BT_CONCORD_COUNT_MS 5 /* counting a page's total stops after this unless count_all, */
#define BT_CONCORD_COUNT_SURE 1000 /* but never before so many hits, */
#define BT_CONCORD_COUNT_SURE_FILTERED 100 /* or so many when a filter reads each hit */
#define BT_CONCORD_STATS_SAMPLE 1000
/* with a word model: it judges each hit, where counts need more of them */
#define BT_CONCORD_STATS_MODEL_SAMPLE 500
#define BT_CONCORD_STATS_BACKGROUND 2000
#define BT_CONCORD_STATS_LIFT 2.0

/* Where to look: a set of sides (bitext-core.h, BT_SIDE_*), 1 << side. */
enum { BT_CONCORD_SRC = 1 << BT_SIDE_SRC, BT_CONCORD_TGT = 1 << BT_SIDE_TGT, BT_CONCORD_BOTH = 3 };
enum {
	BT_CONCORD_SORT_DOC = 0,   /* corpus order (the default, and the fastest) */
	BT_CONCORD_SORT_LEFT = 1,  /* by the words left of the match, nearest first */
	BT_CONCORD_SORT_RIGHT = 2, /* by the match and the words right of it */
	BT_CONCORD_SORT_DATE = 3   /* by pair date (undated last), then corpus order */
};

typedef struct bt_concord_opts {
	unsigned version; /* BT_CONCORD_OPTS_VERSION: the layout the caller was built with */
	int sides;             /* where to look: BT_CONCORD_SRC (also 0), TGT, BOTH */
	int sort;              /* BT_CONCORD_SORT_* */
	size_t limit;          /* hits per page: 0 means 20; at most BT_CONCORD_MAX_LIMIT */
	size_t offset;         /* hits to skip */
	const char *doc;       /* only this pair id; NULL: all (BT_ENOTFOUND if none) */
	const char *since;     /* pairs dated on or after / on or before, as */
	const char *until;     /* YYYY, YYYY-MM or YYYY-MM-DD, compared at the */
			       /* shorter precision; a date filter leaves out undated pairs */
	int use_min_score;     /* non-zero: only hits whose link scores >= min_score */
	double min_score;      /* (hits that are not aligned are left out then) */
	int exact_spelling;    /* no name-variant matching, and the words as typed:
				  diacritics count (één is not een), case does not */
	int match_case;        /* exact_spelling and case counts too (implies it) */
	const char *tgt_has;   /* only hits whose translation (the other side of */
	const char *tgt_lacks; /* the link) has / lacks these words in a row, case- and
				  diacritic-insensitive; either one leaves out hits
				  that are not aligned. NULL: no filter */
	const char *sort_by;   /* KWIC sort levels as AntConc writes them, comma-
				  separated: "1R,2R,1L" sorts by the first word
				  right of the match, then the second, then the
				  first word left of it (1 to 9, L or R, at most
				  BT_CONCORD_MAX_LEVELS; a missing word sorts
				  first). Overrides `sort`; NULL or "": `sort` */
	int other_languages;   /* also the texts in other languages that a TMX
				  unit had (import-tmx --keep-all-languages):
				  bt_concord_hit.others */
	int count_all;         /* count the page's total up to BT_CONCORD_MAX_COUNT
				  however long it takes; by default counting
				  stops after BT_CONCORD_COUNT_MS milliseconds
				  once BT_CONCORD_COUNT_SURE hits are counted
				  (the page is then capped: "more than N") */
} bt_concord_opts;
#define BT_CONCORD_MAX_LEVELS 6
#define BT_CONCORD_OPTS_VERSION 4
#define BT_CONCORD_OPTS_INIT {.version = BT_CONCORD_OPTS_VERSION, .sides = BT_CONCORD_SRC, .sort = BT_CONCORD_SORT_DOC, .limit = 20}

/* A byte range [start, end) in a string. */
typedef struct bt_concord_span {
	size_t start, end;
} bt_concord_span;

/* One hit. Strings are borrowed from the page that holds the hit. */
typedef struct bt_concord_hit {
	long long segment;      /* the segment's row id */
	const char *doc;        /* pair id */
	const char *date;       /* the pair's date, "" when unknown */
	int side;               /* BT_SIDE_SRC or BT_SIDE_TGT: where the hit is */
	const char *lang;       /* language of the hit segment */
	unsigned ordinal;       /* the segment's position in its document, from 0 */
	const char *text;       /* the hit segment */
	bt_concord_span match;  /* the first match in text */
	const bt_concord_span *marks; /* every match in text, in order */
	size_t n_marks;
	int aligned;            /* 0: no link covers the segment (yet) */
	unsigned src_n, tgt_n;  /* segments on each side of the link ("2-1") */
	double score;           /* the link's score; 0 when not aligned */
	const char *src;        /* the link's whole source text (its segments */
	const char *tgt;        /* joined by a space) and target text; when not
				   aligned, the hit's own side is its segment and
				   the other side "" */
	size_t offset;          /* where text starts inside src (SRC hits) or tgt */
	const bt_concord_span *equiv; /* known equivalents of the match in the */
	size_t n_equiv;               /* other side's text (tgt for SRC hits): same
					 name key, same spelling, or a glossary entry */
	/* with opts->other_languages, the link's texts in other languages
	 * (kept from a TMX): "TAG<TAB>text" lines, "\n" after each, the text
	 * without its inline codes; "" when none */
	const char *others;
} bt_concord_hit;

typedef struct bt_concord_page {
	bt_concord_hit *hits;
	size_t n;
	int more;          /* hits follow this page */
	size_t total;      /* the query's hits (matching segments) in all, counted up
			      to BT_CONCORD_MAX_COUNT (BT_CONCORD_MAX_COUNT_FILTERED
			      when a filter reads each hit: score, exact spelling,
			      tgt_has/tgt_lacks) or, past BT_CONCORD_COUNT_SURE
			      hits (_FILTERED), for BT_CONCORD_COUNT_MS (unless opts
			      count_all); past it, at least `total` */
	struct bt_concord_mem *mem; /* internal */
	size_t docs;       /* documents (pairs) the counted hits are in */
	int capped;        /* 1: counting stopped; there are more than total */
} bt_concord_page;
#define BT_CONCORD_PAGE_INIT {0}

/* Fills `out` (disposed and reset first) with one page of hits for `query`.
 * Segments written to the corpus by other programs are indexed first when
 * the corpus is open read-write. */
BT_EXPORT int bt_concord_search(bt_concord_page *out, bt_corpus *c, const char *query,
				const bt_concord_opts *opts);
BT_EXPORT void bt_concord_page_dispose(bt_concord_page *p);

/* What --stats reports: where a query's hits are and how they were
 * translated. */
typedef struct bt_concord_count {
	const char *key; /* pair id or date ("" for undated) */
	size_t n;
} bt_concord_count;

typedef struct bt_concord_equiv {
	const char *text;  /* the words as they most often appear */
	size_t n;          /* aligned hits whose other side has them */
	double dice;       /* 2n / (aligned hits + that side's segments holding them) */
	int known;         /* 1: by name key, spelling or glossary, not only counts */
} bt_concord_equiv;

typedef struct bt_concord_summary {
	size_t hits, src_hits, tgt_hits, aligned;
	bt_concord_count *docs;   /* most hits first, then by pair id */
	size_t n_docs;
	bt_concord_count *dates;  /* by date */
	size_t n_dates;
	bt_concord_equiv *equivs; /* the most likely translations, best first */
	size_t n_equivs;
	size_t sampled;           /* aligned hits the equivalents were counted in */
	size_t checked;           /* hits loaded: `aligned` and the equivalents are of these */
	size_t background;        /* 0: the equivalents' Dice counts every segment of their
				     side; else the number of that side's segments it was
				     estimated from */
	size_t not_equivs;        /* candidates left out: less than BT_CONCORD_STATS_LIFT
				     times as frequent in the hits' translations as in
				     the rest of their side (the, of, in), a phrase that
				     starts or ends with such a word, or one mostly
				     inside a longer one listed; with `model`, the
				     words linked in one hit only */
	struct bt_concord_mem *mem;
	int model;                /* 1: the equivalents are what the corpus's word model
				     (trained on its links) linked the match to in the
				     sampled hits; 0: counted as above (no model yet, or
				     it linked nothing) */
	size_t unlinked;          /* with `model`: sampled hits it linked to nothing */
} bt_concord_summary;
#define BT_CONCORD_SUMMARY_INIT {0}

/* Counts every hit of `query` under opts' filters (limit, offset and sort
 * are ignored) by side, document and date. Alignment and equivalents are
 * counted in `checked` hits: all of them, or BT_CONCORD_STATS_SAMPLE
 * (BT_CONCORD_STATS_MODEL_SAMPLE when the corpus has a word model)
 * spread evenly over them when there are more. When the corpus has a
 * word model (bt_corpus_align_words()), the equivalents are what it links
 * the first match (a phrase's words together) to in each sampled hit, the
 * linked words from first to last when at most one word lies between,
 * listed when linked in two hits or more (or the only one), `model` 1;
 * their Dice score is counted as below. Otherwise equivalents are words and
 * two-word phrases of the other side, ranked by the Dice coefficient of
 * the aligned hits and that side's segments that hold them: counted in
 * the index (up to 20 per hit: past that Dice is below 0.1) when the
 * corpus has at most 4 * BT_CONCORD_STATS_BACKGROUND segments, else
 * estimated from `background` segments of that side taken at random ids
 * (fixed seed), with the aligned hits estimated from the sample's share.
 * A candidate that the hits' translations hold less than
 * BT_CONCORD_STATS_LIFT times as often as that side's segments do is no
 * equivalent (the, of, in): left out unless known (the same name or
 * spelling, a glossary entry), and counted in not_equivs. */
BT_EXPORT int bt_concord_stats(bt_concord_summary *out, bt_corpus *c, const char *query,
			       const bt_concord_opts *opts);
BT_EXPORT void bt_concord_summary_dispose(bt_concord_summary *s);

/* Output. */
enum { BT_CONCORD_TEXT = 0, BT_CONCORD_TSV = 1, BT_CONCORD_JSONL = 2, BT_CONCORD_HTML = 3, BT_CONCORD_CSV = 4,
       BT_CONCORD_XLSX = 5 };

typedef struct bt_concord_fmt {
	int format;            /* BT_CONCORD_TEXT ... */
	size_t context;        /* text and HTML: characters of context each side (0: 40) */
	int color;             /* text: ANSI colours for the match and its equivalents */
	const char *query;     /* shown in the HTML title and the text footer */
	const char *src_lang;  /* labels */
	const char *tgt_lang;
	size_t offset;         /* the page's offset, for numbering */
	char csv_sep;          /* csv: the field separator (0: ','; ';' for
				  spreadsheets in locales with a decimal comma) */
	const char *path;      /* xlsx: the workbook written (not "-") */
} bt_concord_fmt;
#define BT_CONCORD_FMT_INIT {.format = BT_CONCORD_TEXT, .context = 40, .src_lang = "src", .tgt_lang = "tgt"}

/* Appends the page to `out`:
 *   text   KWIC lines, left context right-aligned in a column, the match,
 *          the right context, then the aligned translation under each; the
 *          match and its equivalents marked with colours when f->color, else
 *          the equivalents in [brackets]; a last line says what follows.
 *   tsv    a header, then one line per hit: doc date side segment lang src
 *          tgt left match right link score (tab, line feed and backslash
 *          escaped as \t \n \\; link is "2-1", empty when not aligned).
 *   jsonl  one object per hit with the same fields (link and score null
 *          when not aligned); left and right are the whole segment around
 *          the match, not cut to f->context.
 *   html   one self-contained page (inline style, no scripts, nothing
 *          fetched) to open or share.
 *   csv    for spreadsheets: a UTF-8 byte order mark (so that Excel reads
 *          UTF-8), a header, then one record per hit: doc date side left
 *          match right translation link score, RFC 4180 quoting, CRLF line
 *          ends, f->csv_sep between fields.
 *   xlsx   the same columns as one worksheet written to f->path (every
 *          cell text, header frozen); nothing is appended to `out`. Tab,
 *          line feed and backslash inside a text stay escaped as in tsv. */
BT_EXPORT int bt_concord_write(bt_buf *out, const bt_concord_page *p, const bt_concord_fmt *f);
/* The same for --stats (text, tsv, jsonl, html, csv or xlsx; csv and xlsx
 * with tsv's columns). */
BT_EXPORT int bt_concord_summary_write(bt_buf *out, const bt_concord_summary *s, const bt_concord_fmt *f);

/* The corpus's word model: a bt_lexicon (bitext-core.h) trained on the
 * corpus's links, in the transaction that wrote them: links of at most
 * three sentences a side scoring at least 0.5, at most 200,000 a write
 * (taken evenly), and trained again when the links added since reach a
 * tenth of those it learned from, or 10,000 (a few corrected links wait
 * for more). The concordance marks what it links a match to in the
 * translation (bt_concord_hit.equiv) and counts it for --stats. This
 * aligns a source text and its translation with it, as the concordance
 * does a hit's link; *has_model 0 (and no links) when the corpus has no
 * model yet. */
BT_EXPORT int bt_corpus_align_words(bt_word_links *out, int *has_model, bt_corpus *c, const char *src, size_t src_len,
				    const char *tgt, size_t tgt_len);
/* Links the model learned from, links waiting for the next training, and
 * the word pairs it holds. */
BT_EXPORT int bt_corpus_word_model(bt_corpus *c, long long *trained, long long *waiting, long long *pairs);
/* The model itself, as a lexicon of bitext-core, the caller's to free:
 * for the sentence aligner (bt_aligner_use_lexicon(): `bitext align`
 * aligns a corpus with what it learned from its earlier links, one model
 * for both) or for lookups of its own; *out NULL when the corpus has none
 * yet. */
BT_EXPORT int bt_corpus_word_lexicon(bt_lexicon **out, bt_corpus *c);

/* The index follows every change bitext makes, in the same transaction;
 * this rebuilds it from the segments (after a crash of another program
 * that wrote the file, say), and trains the word model again from every
 * link (corrected links replace the old ones in what it learned). *n gets
 * the number of segments indexed. */
BT_EXPORT int bt_concord_reindex(long long *n, bt_corpus *c);

/* Searches keep the compiled name rules and bitext's glossary per thread,
 * as they cost more to build than a search; this frees this thread's. */
BT_EXPORT void bt_concord_cache_release(void);

/* ---- Serve: reviewing alignments and searching in the browser -------- */

/* Manual corrections of a pair's alignment, as a translator makes them on
 * the review page. The links of a pair keep what bt_align promises (each
 * sentence in one link; source order; target order but for links marked
 * BT_LINK_MOVED, which cross others). An edit renumbers the pair's links
 * (ordinals 0..n-1), puts them in that order (bt_links_order: the links
 * off the heaviest chain that follows both texts are the moved ones) and
 * marks every link it made or touched as manual with score 1 (a person
 * vouched for it). `bitext align` keeps manual links and realigns only
 * the sentences between them; the TMX export writes them with
 * <prop type="x-manual">1</prop>.
 *   MERGE      the link and the next one become one link
 *   SPLIT      the link becomes two: its first src_k source and tgt_k
 *              target sentences, then the rest (both parts non-empty)
 *   MOVE_PREV  its first sentence of `side` joins the previous link
 *   MOVE_NEXT  its last sentence of `side` joins the next link
 *              (a link left without sentences goes; on the target side
 *              the neighbour must hold the sentence beside it)
 *   UNALIGN    the link was wrong: each of its sentences becomes a 1-0 or
 *              0-1 link of its own
 *   CONFIRM    the link is right as it is
 *   PAIR       the sentences `pair` names (both sides, anywhere in the
 *              pair: a block the translator moved) become one link; each
 *              link they are taken from keeps the rest, as one link when
 *              that is one range a side with sentences on both, else
 *              sentence by sentence; the rest is not manual and scores 0
 *              (nobody looked at it). `ordinal` and `check` are unused.
 * MERGE refuses a moved link: it would cross its neighbours' text. */
enum {
	BT_LINK_MERGE = 1,
	BT_LINK_SPLIT = 2,
	BT_LINK_MOVE_PREV = 3,
	BT_LINK_MOVE_NEXT = 4,
	BT_LINK_UNALIGN = 5,
	BT_LINK_CONFIRM = 6,
	BT_LINK_PAIR = 7
};

typedef struct bt_link_edit {
	int op;              /* BT_LINK_* */
	size_t ordinal;      /* the link, by its position in the pair, from 0 */
	int check;           /* non-zero: the link must still be `seen` */
	bt_link seen;        /* the link as the caller read it (score ignored) */
	size_t src_k, tgt_k; /* SPLIT: sentences of each side in the first part */
	int side;            /* MOVE_*: 0 a source sentence, 1 a target one */
	bt_link pair;        /* PAIR: the sentences (score and flags unused) */
} bt_link_edit;
#define BT_LINK_EDIT_INIT {0}

/* Applies one edit in one transaction; *n_links (may be NULL) gets the
 * pair's number of links afterwards. BT_ENOTFOUND for an unknown pair or
 * ordinal or sentences a PAIR names beyond the texts, BT_ECONFLICT when
 * `check` is set and the link is no longer `seen` (another edit came
 * first), BT_EINPUT for an edit that cannot be made (merging the last
 * link, a split that leaves a part empty, moving from a side without
 * sentences, a PAIR without both sides) or a pair not aligned yet,
 * BT_EDB when the stored links do not keep the promises above. */
BT_EXPORT int bt_links_edit(size_t *n_links, bt_corpus *c, const char *pair_id, const bt_link_edit *e);

/* Corrections of a document's segments, as a translator makes them on the
 * review page: the stored text of one side of a pair changes, and the TMX
 * export writes it so. Each is kept (the text before and after, `bitext
 * corrections`), recorded in the history (bt_corpus_undo() takes it back
 * and redo makes it again) and made again on the new segments when the
 * pair is added again from changed files (bt_readd_result).
 *   EDIT   segment `ordinal` gets `text`: valid UTF-8, not empty, no line
 *          break or other control character but tab, no white space at
 *          either end (that lies between segments); it is NFC-normalized
 *          as ingestion normalizes text
 *   SPLIT  segment `ordinal` becomes two at byte `at` of its text (a
 *          character boundary, not 0 nor its end); white space on either
 *          side of `at` goes between the two, as the segmenter leaves it,
 *          so the document's text is unchanged; later segments move up by
 *          one, the link that held the segment holds both
 *   JOIN   segment `ordinal` and the next one become one, with what lay
 *          between them (a space); both must be in one paragraph and in one
 *          link (merge the links first); later segments move down by one
 * A link without a sentence on that side keeps its place among the
 * sentences. A split or join of a document imported from a TMX with inline
 * codes or TMX metadata is refused (BT_EINPUT), as re-segmenting it is; an
 * edit too where the <seg> was kept as written (inline codes), while an edit
 * of a segment with only TMX metadata keeps that metadata. */
enum { BT_CORRECT_EDIT = 1, BT_CORRECT_SPLIT = 2, BT_CORRECT_JOIN = 3 };

typedef struct bt_correction {
	unsigned version;  /* BT_CORRECTION_VERSION */
	int op;            /* BT_CORRECT_* */
	int side;          /* 0 source, 1 target */
	size_t ordinal;    /* the segment, by its position in the document, from 0 */
	const char *text;  /* EDIT: the new text (NUL-terminated) */
	size_t at;         /* SPLIT: the byte of the segment's text the second part starts at */
	const char *seen;  /* NULL, or the segment's text as the caller read it */
} bt_correction;
#define BT_CORRECTION_VERSION 1
#define BT_CORRECTION_INIT {.version = BT_CORRECTION_VERSION}

/* Makes one correction in one transaction; *id (may be NULL) gets its id.
 * BT_ENOTFOUND for an unknown pair or segment (JOIN: no next segment),
 * BT_ECONFLICT when `seen` is given and the segment's text is no longer
 * it, BT_EINPUT for a correction that cannot be made (a text or offset
 * that cannot be, with its byte offset; a TMX segment kept as written; a
 * join across links or paragraphs), BT_EUSAGE for an unknown op or side. */
BT_EXPORT int bt_corpus_correct(long long *id, bt_corpus *c, const char *pair_id, const bt_correction *k);

/* A correction as kept; the strings are borrowed during the callback. */
typedef struct bt_correction_entry {
	long long id;
	const char *pair;
	int side, op;            /* op: BT_CORRECT_* */
	long long ordinal;       /* where it stands now (the first of a split's two) */
	long long at;            /* SPLIT: the byte; -1 otherwise */
	const char *before;      /* the segment's text before it */
	const char *before_next; /* JOIN: the next segment's text; else NULL */
	const char *after;       /* EDIT: the new text; SPLIT: the first part; JOIN: the joined text */
	const char *after_next;  /* SPLIT: the second part; else NULL */
	const char *made;        /* UTC, YYYY-MM-DDTHH:MM:SSZ */
	int applied;             /* 0: the last re-add found its text no more */
} bt_correction_entry;
typedef int (*bt_correction_fn)(void *ud, const bt_correction_entry *e);

/* The corrections (of `pair`, or NULL: of every pair) in the order they were
 * made. A pair id with none that is no pair of the corpus: BT_ENOTFOUND. */
BT_EXPORT int bt_corpus_corrections(bt_corpus *c, const char *pair, bt_correction_fn fn, void *ud);
/* "edit", "split", "join" (NULL for another value), and back (0 if none). */
BT_EXPORT const char *bt_correct_op_name(int op);
BT_EXPORT int bt_correct_op_parse(const char *name);

/* The local web server of `bitext serve` (libmicrohttpd): a review page
 * (a pair side by side, one row per link, coloured by score, with the
 * edits above), a concordance page, and the JSON API under /api/ that
 * both use (README: "Reviewing alignments in the browser").
 *
 * Security: it listens on 127.0.0.1 unless `bind` names another address,
 * which needs allow_remote (a wildcard, 0.0.0.0 or ::, listens on every
 * address of the machine, IPv4 and IPv6). Requests whose Host is not one
 * of the server's names with its port are refused (403), so that a web
 * site cannot reach it by DNS rebinding: the names are localhost, the
 * bound address (for a wildcard bind, any IP address literal: an address,
 * unlike a name, cannot be pointed elsewhere) and the names in `hosts`;
 * the port may be left out when it is 80. Reads are GET (or HEAD);
 * writes are POST to /api/edit and need the header X-Bitext-Token with
 * the server's token, which only its own pages carry (a meta element), and
 * an Origin, when sent, of the server itself. Only the built-in pages are
 * served: no part of a URL becomes a file name. Every corpus text goes to
 * the page as JSON and is inserted as text, never as markup; pages carry a
 * Content-Security-Policy that allows only their own scripts.
 *
 * Threads: `threads` workers (0: 4), each request on one corpus connection
 * of a pool opened at start (WAL mode: readers do not wait for the writer;
 * writers take turns); searches sorted by context or date run on
 * threads/2 (at least 1) workers of their own, with their own
 * connections, so that they never hold every thread. A malformed request
 * gets a 4xx answer. Clients are bounded: 32 connections from one address,
 * 512 in all; a connection silent for 10 s, or whose request's headers or
 * body take more than 10 s, is closed; a body must state its length
 * (Content-Length; a chunked one is refused, 411) and is at most 64 KiB
 * (413), both answered before any of it is read. */
typedef struct bt_server bt_server;

typedef struct bt_serve_opts {
	unsigned version; /* BT_SERVE_OPTS_VERSION: the layout the caller was built with */
	const char *bind;   /* IPv4 or IPv6 address; NULL: 127.0.0.1 */
	unsigned port;      /* 0: a free port (see bt_serve_port) */
	int allow_remote;   /* needed for an address that is not loopback */
	unsigned threads;   /* 0: 4 */
	const char *token;  /* write token; NULL: 32 random hex digits */
	/* Called once per request after it is answered (any thread; may be
	 * NULL): method, path, status, milliseconds. */
	void (*log)(void *ud, const char *method, const char *path, unsigned status, double ms);
	void *log_ud;
	/* More names the server answers to (a DNS name or an address, no
	 * port), at most 16: the names other machines reach it by. */
	const char *const *hosts;
	size_t n_hosts;
} bt_serve_opts;
#define BT_SERVE_OPTS_VERSION 1
#define BT_SERVE_OPTS_INIT {.version = BT_SERVE_OPTS_VERSION}

/* Opens the corpus at db_path (read-write, it must exist) and starts
 * serving in background threads. BT_EUSAGE for a bad address or a
 * non-loopback one without allow_remote, BT_EIO when the port cannot be
 * had. */
BT_EXPORT int bt_serve_start(bt_server **out, const char *db_path, const bt_serve_opts *opts);
/* The port listened on, and the page's address ("http://127.0.0.1:PORT/"),
 * borrowed while the server runs. */
BT_EXPORT unsigned bt_serve_port(const bt_server *s);
BT_EXPORT const char *bt_serve_url(const bt_server *s);
BT_EXPORT const char *bt_serve_token(const bt_server *s);
/* Stops accepting, finishes the requests under way, closes the corpus. */
BT_EXPORT void bt_serve_stop(bt_server *s);


#ifdef __cplusplus
}
#endif
#endif /* BITEXT_H */
