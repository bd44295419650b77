/* docbuild.h: building a bt_doc block by block (internal).
 *
 * The readers (DOCX, ODT, HTML) walk their markup and tell the builder
 * where blocks open and close and what text they hold. Blocks nest: a
 * footnote or a text box sits inside a paragraph whose sentence goes on
 * after it, so a block opened inside another is kept aside and placed
 * after the outermost open block, in the order the nested blocks opened;
 * the outer paragraph's text stays whole. HTML instead ends the text so
 * far where a block element starts (bt_docb_flush()).
 *
 * When a block is placed, its text is cleaned: white space trimmed at
 * both ends, white space around line breaks and empty lines removed (a
 * block holds no blank line), then checked and put in NFC by bt_decode();
 * a block left empty is dropped. */
#ifndef BT_DOCBUILD_H
#define BT_DOCBUILD_H

#include "bitext-doc.h"

#define DOCB_MAX_OPEN 48

typedef struct docb_open {
	bt_buf text;
	int kind, level;
	size_t slot; /* for a nested block: its place in the deferred list */
} docb_open;

typedef struct docb_def {
	size_t start, end; /* raw text in def_text */
	int kind, level;
} docb_def;

typedef struct docb {
	bt_doc *doc;
	const char *name; /* for errors */
	docb_open open[DOCB_MAX_OPEN];
	int depth;
	bt_buf def_text;
	docb_def *defs;
	size_t n_defs, cap_defs;
	bt_buf clean, norm; /* scratch */
} docb;

/* Starts building into doc (emptied first). */
int bt_docb_init(docb *b, bt_doc *doc, const char *name);
void bt_docb_dispose(docb *b);

/* Opens a block inside the open ones (or at the top). */
int bt_docb_open_block(docb *b, int kind, int level);
/* Changes the kind of the innermost open block (a paragraph's properties
 * come after it opens). */
void bt_docb_set_kind(docb *b, int kind, int level);
/* Text for the innermost open block, as it is. Outside any block it is
 * dropped (readers open a block before text can come). */
int bt_docb_text(docb *b, const char *s, size_t n);
/* The same with white space collapsed as HTML and ODF do: a run of space,
 * tab, CR and LF is one space, none at the start of a block or after a
 * line break. */
int bt_docb_text_ws(docb *b, const char *s, size_t n);
/* Closes the innermost open block: placed now if it is the outermost
 * (then the blocks kept aside after it), else kept aside. */
int bt_docb_close_block(docb *b);
/* Places what the innermost block holds so far as a block of its own and
 * goes on with it empty (HTML: a block element inside text). */
int bt_docb_flush(docb *b);
/* A finished block (a footnote's text read from another part), placed
 * after the outermost open block, or now when none is open. */
int bt_docb_add_aside(docb *b, int kind, int level, const char *s, size_t n);
/* Closes everything still open. */
int bt_docb_finish(docb *b);

/* Empties the innermost open block (a paragraph found hidden). */
void bt_docb_clear(docb *b);

/* Is the innermost open block's text empty so far? */
int bt_docb_empty(const docb *b);

#endif
