/*
 * bitext-doc.h: translators' own files, read into plain text (part of
 * libbitext, included by bitext.h; bitext-core.h's conventions hold here).
 * Not in bitext-core, whose only libraries are ICU, iconv and libxml2:
 * DOCX and ODT are zips, read with libzip.
 *
 * A document file is bytes; bt_doc_read() turns them into a bt_doc: the
 * document's plain text as a sequence of blocks (paragraphs, headings,
 * list items, table cells, notes, text boxes, headers and footers ...),
 * each with its kind, plus what the file declares about itself (format,
 * language, title) and a count of everything that was left out. XLIFF,
 * which holds both sides of a translation, has its own reader below
 * (bt_xliff_read()).
 *
 * The format is recognised from the content, never from the file name:
 *   - a zip whose [Content_Types].xml names a WordprocessingML main part
 *     is DOCX (and one naming SpreadsheetML or PresentationML is XLSX or
 *     PPTX, refused); a zip whose "mimetype" entry says
 *     application/vnd.oasis.opendocument.text (or -template, -master) is
 *     ODT (other OpenDocument types and EPUB are refused);
 *   - XML is known by its root element and namespace: office:document with
 *     the ODF text type is flat ODT (.fodt), xliff is XLIFF, html (in the
 *     XHTML namespace or none) is XHTML; tmx and martif/tbx are refused
 *     with the command that reads them; any other XML is refused;
 *   - HTML starts (after a BOM, white space and comments) with
 *     <!DOCTYPE html or <html (or <head, <body, <meta, <title);
 *   - "{\rtf" is RTF, "%PDF-" (in the first 1024 bytes) PDF, and the OLE2
 *     signature a legacy Word .doc, another Office 97-2003 file, or an
 *     encrypted (password-protected) DOCX/XLSX/PPTX: all refused with a
 *     one-line error that names the format and the way out;
 *   - anything else is plain text, decoded by bt_decode().
 * opts->format overrides the recognition (bitext's --format).
 *
 * Nothing here prints, exits or reads the environment; the input is bytes
 * in memory, and no corpus is needed.
 */
#ifndef BITEXT_DOC_H
#define BITEXT_DOC_H

#include "bitext-core.h" /* bt_buf, bt_spans */

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Formats --------------------------------------------------------- */

enum {
	BT_FORMAT_AUTO = 0, /* in options: recognise from the content */
	BT_FORMAT_TEXT,     /* plain text, any encoding bt_decode() reads */
	BT_FORMAT_DOCX,     /* Office Open XML WordprocessingML (Word 2007+) */
	BT_FORMAT_ODT,      /* OpenDocument Text, zipped */
	BT_FORMAT_FODT,     /* OpenDocument Text, flat XML */
	BT_FORMAT_HTML,     /* HTML, read with libxml2's HTML parser */
	BT_FORMAT_XHTML,    /* XHTML (XML syntax); read as HTML too */
	BT_FORMAT_XLIFF,    /* XLIFF 1.x or 2.x: bt_xliff_read() */
	/* recognised, never read (bt_doc_read() says what to do instead) */
	BT_FORMAT_RTF,
	BT_FORMAT_PDF,
	BT_FORMAT_DOC,      /* legacy Word 97-2003 (OLE2) */
	BT_FORMAT_OLE2,     /* another OLE2 file: .xls, .ppt, .msg ... */
	BT_FORMAT_ENCRYPTED,/* an encrypted OOXML package (OLE2 EncryptedPackage) */
	BT_FORMAT_XLSX,
	BT_FORMAT_PPTX,
	BT_FORMAT_ODF_OTHER,/* OpenDocument spreadsheet, presentation, drawing ... */
	BT_FORMAT_EPUB,
	BT_FORMAT_ZIP,      /* a zip that is none of the above (or damaged) */
	BT_FORMAT_TMX,
	BT_FORMAT_TBX,
	BT_FORMAT_XML,      /* XML of another kind */
	BT_FORMAT_N
};

/* The short lower-case name of a format ("docx", "text" ...); "" for an
 * unknown value. Static storage. */
BT_EXPORT const char *bt_format_name(int format);
/* The format named `name` (as --format takes it: text, docx, odt, fodt,
 * html, xhtml, xliff); BT_EUSAGE, naming the choices, for another name. */
BT_EXPORT int bt_format_from_name(int *out, const char *name);
/* Recognises the format of data[0, len) as described above. Never fails:
 * a damaged zip is BT_FORMAT_ZIP, and bt_doc_read() says what is wrong. */
BT_EXPORT int bt_format_detect(const char *data, size_t len);

/* ---- Documents ------------------------------------------------------- */

/* The kind of a block. A block's kind comes from the format (a heading
 * style or outline level, <h1>-<h6>, text:h), never from guessing. */
enum {
	BT_BLOCK_PARAGRAPH = 0,
	BT_BLOCK_HEADING,   /* level 1-9 */
	BT_BLOCK_TITLE,     /* the document's title or subtitle paragraph (level 0) */
	BT_BLOCK_LIST_ITEM, /* level: the list's depth, from 1 */
	BT_BLOCK_TABLE_CELL,/* one paragraph of a cell, cell by cell, row by row */
	BT_BLOCK_CAPTION,
	BT_BLOCK_FOOTNOTE,  /* placed after the block that refers to it */
	BT_BLOCK_ENDNOTE,   /* the same */
	BT_BLOCK_TEXTBOX,   /* a text box, frame or shape text, after its anchor */
	BT_BLOCK_HEADER,    /* page headers, after the body (BT_DOC_NO_HEADERS) */
	BT_BLOCK_FOOTER,    /* page footers, after the headers */
	BT_BLOCK_ALT,       /* alt text and titles of images (BT_DOC_ALT_TEXT) */
	BT_BLOCK_N
};
/* "paragraph", "heading", "title", "list item", "table cell" ... */
BT_EXPORT const char *bt_block_kind_name(int kind);

/* One block: text[start, end) of its document. */
typedef struct bt_block {
	size_t start, end;
	int kind;  /* BT_BLOCK_* */
	int level; /* heading level 1-9, list depth from 1, otherwise 0 */
} bt_block;

/* What a reader left out or changed, counted (bitext add --verbose prints
 * them): nothing is dropped without being counted here. */
enum {
	BT_DOC_TRACKED_INSERTIONS, /* accepted: their text is kept */
	BT_DOC_TRACKED_DELETIONS,  /* accepted: their text is dropped */
	BT_DOC_MOVED_FROM,         /* text moved elsewhere: the old place dropped */
	BT_DOC_HIDDEN,             /* hidden text (w:vanish, text:hidden-*, hidden, display:none) */
	BT_DOC_FIELD_CODES,        /* fields: their codes dropped, their results kept */
	BT_DOC_COMMENTS,           /* comments and annotations */
	BT_DOC_HEADERS_FOOTERS,    /* header and footer parts left out (BT_DOC_NO_HEADERS) */
	BT_DOC_SCRIPTS,            /* script, style, template, noscript, svg, math */
	BT_DOC_ALT_TEXTS,          /* alt texts and titles left out (no BT_DOC_ALT_TEXT) */
	BT_DOC_SOFT_HYPHENS,       /* optional hyphens removed */
	BT_DOC_SYMBOLS,            /* symbol-font characters (w:sym) */
	BT_DOC_CONTROLS,           /* control characters removed while decoding */
	BT_DOC_NOTE_MARKS,         /* HTML: in-page links that are note marks (<a href="#fn1">1</a>) */
	BT_DOC_COUNT_N
};
/* A plural phrase for a count: "tracked deletions dropped" ... */
BT_EXPORT const char *bt_doc_count_name(int which);

/* A document read into plain text. The caller owns it: initialise with
 * BT_DOC_INIT, pass to bt_doc_read(), release with bt_doc_dispose().
 *
 * text holds the blocks in reading order, each followed by a blank line
 * ("\n\n") except the last; inside a block "\n" is a line break of the
 * document (w:br, <br>, text:line-break) and "\t" a tab. A block is never
 * empty, never starts or ends with white space and holds no blank line,
 * so the segmenter's paragraphs are the blocks. Text is UTF-8 in NFC, as
 * bt_decode() makes it. Plain text (BT_FORMAT_TEXT) has no blocks: its
 * paragraphs and headings are found by the segmenter (BT_SEG_LINES_AUTO);
 * every other format has at least one block, and is segmented with
 * BT_SEG_LINES_JOIN then marked with bt_doc_mark_spans(). */
typedef struct bt_doc {
	int format;           /* BT_FORMAT_* that was read */
	char encoding[64];    /* as bt_decode_info.encoding: "UTF-8", "WINDOWS-1252" ... */
	char lang[64];        /* the language the file declares (BCP 47 as written), or "" */
	char title[512];      /* the title it declares (metadata, not text), or "" (cut at 511 bytes) */
	bt_buf text;
	bt_block *blocks;
	size_t n_blocks, cap_blocks;
	size_t counts[BT_DOC_COUNT_N]; /* BT_DOC_*: what was left out */
} bt_doc;
#define BT_DOC_INIT {0}

enum {
	BT_DOC_NO_HEADERS = 1, /* leave page headers and footers out (counted) */
	BT_DOC_ALT_TEXT = 2    /* read alt texts and titles of images and elements */
};

typedef struct bt_doc_opts {
	unsigned version; /* BT_DOC_OPTS_VERSION: the layout the caller was built with */
	int format;           /* BT_FORMAT_AUTO: recognise; else read as this format */
	const char *encoding; /* plain text and HTML: iconv name, over any declared one */
	const char *name;     /* file name for error messages, or NULL */
	unsigned flags;       /* BT_DOC_* */
} bt_doc_opts;
#define BT_DOC_OPTS_VERSION 1
#define BT_DOC_OPTS_INIT {.version = BT_DOC_OPTS_VERSION, .format = BT_FORMAT_AUTO}

/* Reads data[0, len) into `doc` (emptied first). Errors are one line that
 * names the file, and the part and line inside it where there is one
 * ("report.docx: word/document.xml" as the error's file, its line as the
 * line):
 *   BT_EINPUT  a damaged zip or XML, a DOCX without its main part, an
 *              encrypted document, an HTML page whose bytes do not fit its
 *              declared (or, undeclared, UTF-8) encoding, text bt_decode()
 *              refuses, or a format bitext does not read (RTF, PDF, .doc,
 *              XLSX ..., XLIFF: see bt_xliff_read()) with what to do
 *              instead ("save it as DOCX or plain text");
 *   BT_ELIMIT  a zip of more than BT_ZIP_MAX_ENTRIES entries, a part that
 *              inflates to more than BT_ZIP_MAX_PART bytes, parts read that
 *              inflate to more than BT_ZIP_MAX_TOTAL together (zip bombs),
 *              or XML nested more than 256 deep;
 *   BT_ENOMEM.
 * XML is parsed by libxml2 without network access, without loading a DTD
 * and with no entity declared (a DTD that declares one is refused), so no
 * entity is ever expanded. */
BT_EXPORT int bt_doc_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts);
BT_EXPORT void bt_doc_dispose(bt_doc *doc);

#define BT_ZIP_MAX_ENTRIES 10000
#define BT_ZIP_MAX_PART (256L << 20)
#define BT_ZIP_MAX_TOTAL (512L << 20)

/* Gives the segments of a document that is not plain text their kind and
 * paragraph from its blocks: `spans` come from bt_segmenter_run() over
 * doc->text + off (offsets relative to off; off is where the body starts
 * after bt_meta_strip()). A segment in a heading or title block becomes
 * BT_SEG_HEADING (a heading block's segments are joined into one, as a
 * heading line of plain text is one segment), every other one
 * BT_SEG_SENTENCE; `para` becomes the block's number counted from the
 * block that holds `off`. Plain text (no blocks) is left as the segmenter
 * made it. */
BT_EXPORT void bt_doc_mark_spans(bt_spans *spans, const bt_doc *doc, size_t off);

/* ---- XLIFF ----------------------------------------------------------- */

/* A bilingual XLIFF file as CAT tools write it: XLIFF 1.2 (and 1.0/1.1)
 * as from OmegaT, translate-toolkit (po2xliff), Okapi, SDL Trados Studio
 * (.sdlxliff: <seg-source> with <mrk mtype="seg">, states in sdl:seg) and
 * memoQ (.mqxliff: mq:status), and XLIFF 2.0/2.1 (<unit>/<segment>).
 *
 * Each segment's source and target are lists of runs: text runs, and code
 * runs carrying an inline element's XML as written (<g id="1">, </g>,
 * <x id="2"/>, <ph id="1">&lt;br/&gt;</ph>, <pc ...>, <mrk ...> ...), so
 * that a later store of inline codes can keep them. A paired element
 * that holds text (<g>, <pc>, <mrk> other than a segment marker) gives an
 * opening code run, its text, and a closing one; an element whose content
 * is native code (<ph>, <bpt>, <ept>, <it>, <ph> in 2.x) is one code run
 * with its content. A code run that stands for a break or a tab
 * (ctype="lb" or "x-tab", subType="xlf:lb", native code that is a <br>,
 * <w:br/>, <w:tab/>, <text:line-break/> ..., a Trados placeholder whose
 * tag definition is one) has BT_RUN_BREAK: bt_xliff_plain() puts a space
 * there, so words never run together. */
enum { BT_RUN_TEXT = 0, BT_RUN_CODE = 1 };
enum {
	BT_RUN_OPEN = 1,  /* a code that opens a span (<g>, <bpt>, <bx>, <pc>, <sc>) */
	BT_RUN_CLOSE = 2, /* a code that closes one (</g>, <ept>, <ex>, </pc>, <ec>) */
	BT_RUN_BREAK = 4  /* a code that stands for a line break or a tab */
};

typedef struct bt_run {
	int kind;          /* BT_RUN_TEXT or BT_RUN_CODE */
	unsigned flags;    /* BT_RUN_* for codes */
	const char *text;  /* NUL-terminated: the text (NFC), or the code's XML */
	size_t len;
} bt_run;

typedef struct bt_xliff_seg {
	const char *id;     /* the unit's id; "ID/SEG" where a unit has several segments */
	const char *file;   /* the <file>'s original (1.x) or id (2.x), or "" */
	const bt_run *src;
	size_t n_src;
	const bt_run *tgt;  /* NULL when the segment has no target */
	size_t n_tgt;
	const char *state;  /* as the file says it: state="translated", sdl conf
			       "Translated", mq:status "ManuallyConfirmed", 2.x
			       state ..., "approved" when only approved="yes"; or "" */
	const char *notes;  /* the unit's notes, joined by "\n", or "" */
	long line;          /* line of the unit in the file */
	const char *restype; /* the 1.x unit's restype as written
				(x-gettext-domain-header: a PO header), or "" */
} bt_xliff_seg;

typedef struct bt_xliff {
	char version[8];    /* "1.2", "2.0" ... as the root says */
	char dialect[24];   /* "sdlxliff", "mqxliff" (by their namespaces), "okapi",
			       "omegat", "translate-toolkit" (when the file names
			       the tool) or "xliff" */
	char src_lang[64];  /* as declared (the first <file>'s, for 1.x) */
	char tgt_lang[64];  /* or "" */
	bt_xliff_seg *segs;
	size_t n_segs;
	/* private: the storage the pointers above point into */
	char *pool_;
	bt_run *runs_;
	size_t pool_len_, pool_cap_, n_runs_, cap_runs_, cap_segs_;
} bt_xliff;
#define BT_XLIFF_INIT {0}

/* Reads an XLIFF file into `x` (emptied first); `name` is for errors.
 * Errors name the file and line: not well-formed XML, a root that is not
 * <xliff>, a unit without <source>, a DTD declaring entities (none is
 * ever expanded), nesting over 256 deep; BT_ENOMEM. Units marked
 * translate="no" are read too. Release with bt_xliff_dispose(). */
BT_EXPORT int bt_xliff_read(bt_xliff *x, const char *data, size_t len, const char *name);
BT_EXPORT void bt_xliff_dispose(bt_xliff *x);
/* Appends the plain text of runs[0, n) to out: text runs as they are, a
 * space for a BT_RUN_BREAK code unless white space is already there, the
 * mark U+FFFC for any other code that stands alone (an <x/>, a <ph>: an
 * image, a variable, a field, whose place stays visible and keeps the words
 * on either side apart, as a TMX import does), nothing for the codes that
 * open or close a span (the words inside are the text). */
BT_EXPORT int bt_xliff_plain(bt_buf *out, const bt_run *runs, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* BITEXT_DOC_H */
