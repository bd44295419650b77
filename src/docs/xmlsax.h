/* xmlsax.h: libxml2's SAX2 push parser as the document readers use it
 * (internal).
 *
 * One setup for every XML a reader parses (DOCX and ODT parts, flat ODT,
 * XLIFF): no network, no DTD loaded, and no entity ever expanded: a DTD
 * that declares an entity is refused, and a reference to an entity other
 * than XML's five is an error. libxml2 limits nesting to 256. The reader's
 * own state starts with a bt_sax, which its callbacks get as `ud`. */
#ifndef BT_XMLSAX_H
#define BT_XMLSAX_H

#include "bitext-doc.h"
#include "xml_quiet.h"
#include "zipread.h"

#include <libxml/parser.h>

typedef struct bt_sax {
	xmlParserCtxtPtr ctxt;
	const char *name; /* for errors: "report.docx: word/document.xml", "page.xhtml" */
	int rc;           /* the first error a callback met (already bt_fail()ed) */
	int xml_failed;   /* libxml2 found the XML not well-formed */
	int xml_code;
	long xml_line;
	char xml_msg[256];
	int started;
	bt_xml_saved xs; /* libxml2's handler, put back when the parse ends */
} bt_sax;

/* Fills the handler with the shared error and entity callbacks; the reader
 * then sets startElementNs, endElementNs and characters. */
void bt_sax_handler(xmlSAXHandler *h);

/* Stops the parse with an error `rc` (already recorded with bt_fail). */
void bt_sax_stop(bt_sax *s, int rc);
/* Records BT_EINPUT at the current line with the message, and stops. */
void bt_sax_fail(bt_sax *s, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* The current line, or -1. */
long bt_sax_line(const bt_sax *s);
/* Whether the parse should go on: no error so far. */
static inline int bt_sax_ok(const bt_sax *s)
{
	return !s->rc && !s->xml_failed;
}

/* Parses data[0, len) (s is the reader's state, set up with its name). */
int bt_sax_parse(bt_sax *s, const xmlSAXHandler *h, const char *data, size_t len);
/* Parses a zip part, streamed in chunks. */
int bt_sax_parse_zip(bt_sax *s, const xmlSAXHandler *h, bt_zip *z, const char *part);

/* The value of attribute `local` (in namespace `uri`, or any namespace
 * when uri is NULL) among SAX2's attributes, copied NUL-terminated into
 * buf (cut to size); 1 when present, else 0. */
int bt_sax_attr(const xmlChar **attrs, int nattrs, const char *uri, const char *local, char *buf, size_t size);

#endif
