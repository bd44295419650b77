/* xml_quiet.h: libxml2 without its own messages (internal). */
#ifndef BT_XML_QUIET_H
#define BT_XML_QUIET_H

#include <libxml/xmlerror.h>

/* libxml2 prints some errors (a document's bytes that its declared
 * encoding cannot convert: "encoding error : input conversion failed",
 * "I/O error : encoder error") to stderr through its generic error
 * handler, whatever the parser's options; the library never prints, so
 * every reader of XML silences it while it parses, and puts back the
 * handler it found when it is done: the handler is libxml2's per-thread
 * global state, which the program calling bitext may have set for itself.
 * The reader's own error still reaches the caller as a bt_fail() message.
 *
 *   bt_xml_saved xs;
 *   bt_xml_quiet(&xs);
 *   ... parse ...
 *   bt_xml_restore(&xs);   on every path out */
typedef struct bt_xml_saved {
	xmlGenericErrorFunc func;
	void *ctx;
} bt_xml_saved;

void bt_xml_quiet(bt_xml_saved *saved);
void bt_xml_restore(const bt_xml_saved *saved);

#endif
