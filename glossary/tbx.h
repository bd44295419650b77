/* tbx.h: TermBase eXchange (ISO 30042) reading and writing (internal).
 *
 * Reading is streaming (libxml2's xmlTextReader) and accepts both
 * editions CAT tools produce: TBX 2008 (`<martif>`, `<termEntry>`,
 * `<langSet>`, `<tig>`/`<ntig>`) and TBX 2019 (`<tbx>`, `<conceptEntry>`,
 * `<langSec>`, `<termSec>`). Writing produces TBX-Basic in the 2008 form
 * (`<martif type="TBX-Basic">`), the one memoQ, Trados MultiTerm and
 * OmegaT import. */
#ifndef BT_TBX_H
#define BT_TBX_H

#include "bitext-core.h"
#include "outfile.h"

typedef struct bt_tbx_term {
	const char *lang;  /* as written in xml:lang, e.g. "nl", "en-GB" */
	const char *term;
	const char *note;  /* a <note> or <descrip> of the term, or NULL */
	int preferred;     /* administrativeStatus: 1 preferred, 0 admitted, -1 not stated */
	long line;         /* where the term is in the file */
	const char *pos;     /* writing: a partOfSpeech (properNoun), or NULL */
	const char *context; /* writing: a context sentence holding the term, or NULL */
} bt_tbx_term;

/* Called once per concept with its terms (borrowed for the call). A
 * non-zero return stops reading and is returned by bt_tbx_read. */
typedef int (*bt_tbx_concept_fn)(void *ud, const char *id, const bt_tbx_term *terms, size_t n);

/* Reads a TBX file. Errors (not XML, wrong root, a language section
 * without xml:lang, an empty term, a term outside a language section)
 * are BT_EINPUT naming the element and line. */
int bt_tbx_read(const char *path, bt_tbx_concept_fn fn, void *ud);

typedef struct bt_tbx_writer bt_tbx_writer;

/* Starts a TBX-Basic document on `o` (not owned). `title` names the
 * termbase; `lang` is the document's xml:lang. */
int bt_tbx_writer_open(bt_tbx_writer **out, bt_outfile *o, const char *title, const char *lang);
int bt_tbx_concept(bt_tbx_writer *w, const char *id, const char *note);
/* Terms of the current concept; the writer groups consecutive terms of
 * one language into one language section. */
int bt_tbx_term_write(bt_tbx_writer *w, const bt_tbx_term *t);
/* Ends the document and flushes it to the outfile (commit is the
 * caller's). */
int bt_tbx_writer_finish(bt_tbx_writer *w);
void bt_tbx_writer_free(bt_tbx_writer *w);

#endif
