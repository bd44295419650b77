/* xmlsax.c: see xmlsax.h. */
#include "xmlsax.h"
#include "error.h"
#include "xml_quiet.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parserInternals.h>

long bt_sax_line(const bt_sax *s)
{
	return s->ctxt ? (long)xmlSAX2GetLineNumber(s->ctxt) : -1;
}

void bt_sax_stop(bt_sax *s, int rc)
{
	if (!s->rc)
		s->rc = rc;
	if (s->ctxt)
		xmlStopParser(s->ctxt);
}

void bt_sax_fail(bt_sax *s, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	if (s->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	bt_sax_stop(s, bt_fail(BT_EINPUT, s->name, bt_sax_line(s), -1, "%s", msg));
}

/* libxml2's structured errors: the first fatal one is kept (warnings, such
 * as an unknown encoding declaration it then handles, are not errors). */
static void on_error(void *ud, xmlErrorPtr e)
{
	bt_sax *s = ud;
	size_t n;
	if (!e || e->level < XML_ERR_ERROR || s->xml_failed || s->rc)
		return;
	s->xml_failed = 1;
	s->xml_code = e->code;
	s->xml_line = e->line > 0 ? e->line : -1;
	snprintf(s->xml_msg, sizeof s->xml_msg, "%s", e->message ? e->message : "error");
	n = strlen(s->xml_msg);
	while (n > 0 && (s->xml_msg[n - 1] == '\n' || s->xml_msg[n - 1] == ' '))
		s->xml_msg[--n] = '\0';
	if (s->ctxt)
		xmlStopParser(s->ctxt);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
			   const xmlChar *system_id, xmlChar *content)
{
	(void)type, (void)public_id, (void)system_id, (void)content;
	bt_sax_fail(ud, "the DTD declares an entity (&%s;): bitext expands no entities", (const char *)name);
}

static void on_reference(void *ud, const xmlChar *name)
{
	bt_sax_fail(ud, "entity reference &%s; (only &amp; &lt; &gt; &apos; &quot; are read)", (const char *)name);
}

void bt_sax_handler(xmlSAXHandler *h)
{
	memset(h, 0, sizeof *h);
	h->initialized = XML_SAX2_MAGIC;
	h->serror = on_error;
	h->entityDecl = on_entity_decl;
	h->reference = on_reference;
}

static int begin(bt_sax *s, const xmlSAXHandler *h, const char *first, size_t n)
{
	bt_xml_quiet(&s->xs);
	s->rc = s->xml_failed = 0;
	s->ctxt = xmlCreatePushParserCtxt((xmlSAXHandlerPtr)h, s, first, (int)n, NULL);
	if (!s->ctxt) {
		bt_xml_restore(&s->xs);
		return bt_fail_nomem();
	}
	/* no DTD loading, no network; entities are refused by the handler */
	xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOENT);
	s->started = 1;
	return 0;
}

static int finish(bt_sax *s)
{
	int rc = s->rc;
	if (!rc && s->xml_failed) {
		if (s->xml_code == XML_ERR_DOCUMENT_EMPTY)
			rc = bt_fail(BT_EINPUT, s->name, -1, -1, "not well-formed XML: empty (no root element)");
		else if (s->xml_code == XML_ERR_UNDECLARED_ENTITY || s->xml_code == XML_WAR_UNDECLARED_ENTITY)
			rc = bt_fail(BT_EINPUT, s->name, s->xml_line, -1, "not well-formed XML: %s (bitext expands no entities)",
				     s->xml_msg);
		else
			rc = bt_fail(BT_EINPUT, s->name, s->xml_line, -1, "not well-formed XML: %s", s->xml_msg);
	}
	if (s->ctxt) {
		if (s->ctxt->myDoc)
			xmlFreeDoc(s->ctxt->myDoc);
		xmlFreeParserCtxt(s->ctxt);
		s->ctxt = NULL;
		bt_xml_restore(&s->xs);
	}
	return rc;
}

/* Feeds one chunk; after the last one, a document that is not complete
 * (truncated) is an error too. */
static int feed(bt_sax *s, const char *data, size_t n, int last)
{
	int ret;
	if (!bt_sax_ok(s))
		return 0;
	ret = xmlParseChunk(s->ctxt, data, (int)n, last);
	if (ret && bt_sax_ok(s)) {
		s->xml_failed = 1;
		s->xml_code = ret;
		s->xml_line = bt_sax_line(s);
		snprintf(s->xml_msg, sizeof s->xml_msg, "the document ends too early (truncated?)");
	}
	return 0;
}

int bt_sax_parse(bt_sax *s, const xmlSAXHandler *h, const char *data, size_t len)
{
	enum { CHUNK = 1 << 20 };
	size_t first = len < 4 ? len : 4, off;
	int rc = begin(s, h, data, first);
	if (rc)
		return rc;
	off = first;
	do {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		feed(s, data + off, n, off + n == len);
		off += n;
	} while (off < len && bt_sax_ok(s));
	if (len == first && bt_sax_ok(s))
		feed(s, "", 0, 1);
	return finish(s);
}

struct zip_feed {
	bt_sax *s;
	const xmlSAXHandler *h;
};

static int zip_chunk(void *ud, const char *chunk, size_t n, int last)
{
	struct zip_feed *z = ud;
	int rc;
	if (!z->s->started) {
		/* the first bytes tell the encoding (a BOM, UTF-16 without one) */
		size_t first = n < 4 ? n : 4;
		if ((rc = begin(z->s, z->h, chunk, first)) != 0)
			return rc;
		chunk += first, n -= first;
	}
	feed(z->s, chunk, n, last);
	return z->s->rc ? z->s->rc : 0;
}

int bt_sax_parse_zip(bt_sax *s, const xmlSAXHandler *h, bt_zip *z, const char *part)
{
	struct zip_feed zf = {s, h};
	int rc;
	s->started = 0;
	rc = bt_zip_stream(z, part, zip_chunk, &zf);
	if (!s->started) {
		if (rc)
			return rc;
		if ((rc = begin(s, h, "", 0)) != 0)
			return rc;
		feed(s, "", 0, 1);
	}
	if (rc && !s->rc && !s->xml_failed) {
		finish(s);
		return rc;
	}
	return finish(s);
}

int bt_sax_attr(const xmlChar **attrs, int nattrs, const char *uri, const char *local, char *buf, size_t size)
{
	for (int i = 0; i < nattrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		size_t n;
		if (strcmp((const char *)a[0], local) != 0)
			continue;
		if (uri && (!a[2] || strcmp((const char *)a[2], uri) != 0))
			continue;
		n = (size_t)(a[4] - a[3]);
		if (n >= size)
			n = size - 1;
		memcpy(buf, a[3], n);
		buf[n] = '\0';
		return 1;
	}
	return 0;
}
