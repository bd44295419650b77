/* format.h: format recognition and the readers behind bt_doc_read()
 * (internal). */
#ifndef BT_FORMAT_H
#define BT_FORMAT_H

#include "bitext-doc.h"

/* What recognition saw, for the messages of refused formats. */
typedef struct bt_sniff {
	int format;
	char root[64];      /* the root element as written (markup) */
	char ns[160];       /* its namespace, or "" */
	char mimetype[128]; /* an ODF or EPUB mimetype */
} bt_sniff;

int bt_format_sniff(const char *data, size_t len, bt_sniff *sn);

/* The readers: doc is empty, opts complete (name never NULL). */
int bt_docx_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts);
int bt_odt_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts);
int bt_fodt_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts);
int bt_html_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts);

/* For the fuzz targets and tests: DOCX's body reader on one XML part
 * (word/document.xml alone, no styles, notes or headers), and ODT's on
 * content.xml alone. */
int bt_docx_read_body_xml(bt_doc *doc, const char *xml, size_t len, const bt_doc_opts *opts);
int bt_odt_read_content_xml(bt_doc *doc, const char *xml, size_t len, const bt_doc_opts *opts);

#endif
