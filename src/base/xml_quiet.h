/* xml_quiet.h: libxml2 without its own messages (internal). */
#ifndef BT_XML_QUIET_H
#define BT_XML_QUIET_H

/* libxml2 prints some errors (a document's bytes that its declared
 * encoding cannot convert: "encoding error : input conversion failed",
 * "I/O error : encoder error") to stderr through its generic error
 * handler, whatever the parser's options; the library never prints, so
 * every reader of XML calls this first. The handler is libxml2's
 * per-thread global; the reader's own error still reaches the caller as a
 * bt_fail() message. */
void bt_xml_quiet(void);

#endif
