/* tbx.c: TBX through libxml2 (xmlTextReader in, xmlTextWriter out). */
#include "tbx.h"
#include "error.h"
#include "xml_budget.h"
#include "xml_quiet.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

/* ---- reading ---- */

typedef struct reader_state {
	const char *path;
	char err[512];
	long err_line;
} reader_state;

static void on_xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	reader_state *rs = arg;
	size_t n;
	if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	if (rs->err[0])
		return; /* keep the first */
	snprintf(rs->err, sizeof rs->err, "%s", msg);
	/* one line: libxml2 puts "Bytes: 0x.." on a line of its own */
	for (char *q = rs->err; *q; q++)
		if (*q == '\n')
			*q = ' ';
	n = strlen(rs->err);
	while (n && rs->err[n - 1] == ' ')
		rs->err[--n] = '\0';
	rs->err_line = xmlTextReaderLocatorLineNumber(loc);
}

/* The concept being read. Strings are owned here until it is handed on. */
typedef struct concept {
	char *id;
	bt_tbx_term *terms;
	size_t n, cap;
	char *lang;        /* current language section's xml:lang */
	int in_term;       /* inside <term> */
	int in_note;       /* inside a term-level note/descrip */
	int admin_status;  /* inside termNote type=administrativeStatus */
	bt_buf text;
} concept;

static void concept_reset(concept *c)
{
	for (size_t i = 0; i < c->n; i++) {
		bt_free((char *)c->terms[i].lang);
		bt_free((char *)c->terms[i].term);
		bt_free((char *)c->terms[i].note);
	}
	c->n = 0;
	bt_free(c->id);
	c->id = NULL;
	/* a concept may start inside an open <term> or note (fuzz_tbx found
	 * it): its end must then not write to a term of the concept gone */
	c->in_term = c->in_note = c->admin_status = 0;
}

static int name_is(const xmlChar *name, const char *a, const char *b)
{
	return xmlStrEqual(name, BAD_CAST a) || (b && xmlStrEqual(name, BAD_CAST b));
}

static int fail_at(const char *path, long line, const char *fmt, const char *what)
{
	return bt_fail(BT_EINPUT, path, line, -1, fmt, what);
}

/* A start tag inside the root: a concept, a language section, a term, a
 * note or a term note opens. Returns 0 or a BT_E* code (detail set). */
static int tbx_start(concept *c, xmlTextReaderPtr r, const char *path, const xmlChar *name, long line)
{
	if (name_is(name, "termEntry", "conceptEntry")) {
		xmlChar *id = xmlTextReaderGetAttribute(r, BAD_CAST "id");
		concept_reset(c);
		c->id = bt_strdup(id ? (const char *)id : "");
		xmlFree(id);
		return c->id ? 0 : bt_fail_nomem();
	}
	if (name_is(name, "langSet", "langSec")) {
		xmlChar *lang = xmlTextReaderGetAttribute(r, BAD_CAST "xml:lang");
		if (!lang)
			lang = xmlTextReaderGetAttribute(r, BAD_CAST "lang");
		if (!lang || !*lang) {
			xmlFree(lang);
			return fail_at(path, line, "<%s> without xml:lang", (const char *)name);
		}
		bt_free(c->lang);
		c->lang = bt_strdup((const char *)lang);
		xmlFree(lang);
		return c->lang ? 0 : bt_fail_nomem();
	}
	if (xmlStrEqual(name, BAD_CAST "term")) {
		bt_tbx_term *v;
		char *lang;
		if (!c->lang)
			return fail_at(path, line, "<%s> outside a language section (<langSet> or <langSec>)", "term");
		if (!(v = bt_grow(c->terms, &c->cap, c->n + 1, sizeof *v)))
			return bt_fail_nomem();
		c->terms = v;
		if (!(lang = bt_strdup(c->lang)))
			return bt_fail_nomem();
		c->terms[c->n] = (bt_tbx_term){lang, NULL, NULL, -1, line, NULL, NULL};
		c->n++;
		c->in_term = 1;
		bt_buf_clear(&c->text);
		if (xmlTextReaderIsEmptyElement(r))
			return fail_at(path, line, "empty <%s>", "term");
	} else if (c->n && c->lang && name_is(name, "note", "descrip")) {
		c->in_note = 1;
		bt_buf_clear(&c->text);
	} else if (c->n && xmlStrEqual(name, BAD_CAST "termNote")) {
		xmlChar *t = xmlTextReaderGetAttribute(r, BAD_CAST "type");
		c->admin_status = t && xmlStrEqual(t, BAD_CAST "administrativeStatus");
		xmlFree(t);
		bt_buf_clear(&c->text);
	}
	return 0;
}

/* An end tag: a term's text (trimmed), a note, a term's status taken; a
 * concept handed to fn. Returns 0, a BT_E* code, or fn's non-zero. */
static int tbx_end(concept *c, const char *path, const xmlChar *name, bt_tbx_concept_fn fn, void *ud)
{
	if (c->in_term && xmlStrEqual(name, BAD_CAST "term")) {
		const char *s = c->text.ptr ? c->text.ptr : "";
		size_t a = strspn(s, " \t\n"), b = strlen(s);
		while (b > a && strchr(" \t\n", s[b - 1]))
			b--;
		c->in_term = 0;
		if (b == a)
			return fail_at(path, c->terms[c->n - 1].line, "empty <%s>", "term");
		if (!(c->terms[c->n - 1].term = bt_strndup(s + a, b - a)))
			return bt_fail_nomem();
	} else if (c->in_note && name_is(name, "note", "descrip")) {
		c->in_note = 0;
		if (c->text.len && !c->terms[c->n - 1].note && !(c->terms[c->n - 1].note = bt_strdup(c->text.ptr)))
			return bt_fail_nomem();
	} else if (c->admin_status && xmlStrEqual(name, BAD_CAST "termNote")) {
		c->admin_status = 0;
		if (c->text.ptr && strncmp(c->text.ptr, "preferred", 9) == 0)
			c->terms[c->n - 1].preferred = 1;
		else if (c->text.ptr && strncmp(c->text.ptr, "admitted", 8) == 0)
			c->terms[c->n - 1].preferred = 0;
	} else if (name_is(name, "langSet", "langSec")) {
		bt_free(c->lang);
		c->lang = NULL;
	} else if (name_is(name, "termEntry", "conceptEntry")) {
		int rc;
		if (c->id && (rc = fn(ud, c->id, c->terms, c->n)) != 0)
			return rc;
		concept_reset(c);
	}
	return 0;
}

/* Text inside a term, a note or a term note (an entity reference's text
 * too: part of it, not dropped). */
static int tbx_text(concept *c, int type, xmlTextReaderPtr r, xmlNodePtr node)
{
	int rc;
	xmlChar *v;
	if (!(c->in_term || c->in_note || c->admin_status))
		return 0;
	if (type != XML_READER_TYPE_ENTITY_REFERENCE)
		return bt_buf_puts(&c->text, (const char *)xmlTextReaderConstValue(r));
	v = xmlNodeGetContent(node);
	rc = v ? bt_buf_puts(&c->text, (const char *)v) : bt_fail_nomem();
	xmlFree(v);
	return rc;
}

/* One node of the reader: budget charged, then handed to the scanner of
 * its kind. *seen_root is set at the root, which must be TBX's. */
static int tbx_node(concept *c, xmlTextReaderPtr r, const char *path, bt_xml_budget *budget, int *seen_root,
		    bt_tbx_concept_fn fn, void *ud)
{
	int rc, type = xmlTextReaderNodeType(r);
	const xmlChar *name = xmlTextReaderConstLocalName(r);
	xmlNodePtr node = xmlTextReaderCurrentNode(r);
	/* the node's own line: the parser's position runs ahead */
	long line = node ? xmlGetLineNo(node) : xmlTextReaderGetParserLineNumber(r);

	switch (type) {
	case XML_READER_TYPE_ENTITY_REFERENCE:
		/* charged to the budget before its text is taken */
		if (!node)
			return bt_fail(BT_EINPUT, path, line, -1, "entity reference without a node");
		if ((rc = bt_xml_budget_ref(budget, node)) != 0)
			return rc;
		return tbx_text(c, type, r, node);
	case XML_READER_TYPE_ELEMENT:
		if ((rc = bt_xml_budget_attrs(budget, node)) != 0)
			return rc;
		if (*seen_root)
			return tbx_start(c, r, path, name, line);
		*seen_root = 1;
		if (!name_is(name, "martif", "tbx"))
			return bt_fail(BT_EINPUT, path, line, -1,
				       "not a TBX file: the root element is <%s>, not <martif> or <tbx>", (const char *)name);
		return 0;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return tbx_text(c, type, r, node);
	case XML_READER_TYPE_END_ELEMENT:
		return tbx_end(c, path, name, fn, ud);
	default:
		return 0;
	}
}

int bt_tbx_read(const char *path, bt_tbx_concept_fn fn, void *ud)
{
	reader_state rs = {path, "", -1};
	xmlTextReaderPtr r;
	concept c = {0};
	bt_xml_budget budget;
	struct stat fs;
	int rc = 0, ret, seen_root = 0;
	bt_xml_saved xs;

	bt_xml_quiet(&xs); /* the reader parses as it goes: quiet to the end */
	/* no XML_PARSE_NOENT: entity references come as nodes, charged to
	 * the budget (xml_budget.h) before their text is taken */
	r = xmlReaderForFile(path, NULL, XML_PARSE_NONET);

	if (!r) {
		bt_xml_restore(&xs);
		return bt_fail(BT_EIO, path, -1, -1, "cannot open");
	}
	bt_xml_budget_init(&budget, path, stat(path, &fs) == 0 ? (long long)fs.st_size : -1);
	xmlTextReaderSetErrorHandler(r, on_xml_error, &rs);
	while ((ret = xmlTextReaderRead(r)) == 1)
		if ((rc = tbx_node(&c, r, path, &budget, &seen_root, fn, ud)) != 0)
			break;
	if (!rc && ret < 0)
		rc = bt_fail(BT_EINPUT, path, rs.err_line, -1, "not well-formed XML: %s", rs.err[0] ? rs.err : "parse error");
	if (!rc && !seen_root)
		rc = bt_fail(BT_EINPUT, path, -1, -1, "not a TBX file: no root element");
	concept_reset(&c);
	bt_free(c.terms);
	bt_free(c.lang);
	bt_buf_dispose(&c.text);
	bt_xml_budget_dispose(&budget);
	xmlFreeTextReader(r);
	bt_xml_restore(&xs);
	return rc;
}

/* ---- writing ---- */

struct bt_tbx_writer {
	xmlTextWriterPtr w;
	bt_outfile *o;
	int io_rc;         /* first error of the output callback */
	int in_concept;
	char lang[64];     /* open language section, "" when none */
};

static int write_cb(void *ctx, const char *buf, int len)
{
	bt_tbx_writer *tw = ctx;
	if (tw->io_rc)
		return -1;
	if ((tw->io_rc = bt_outfile_write(tw->o, buf, (size_t)len)) != 0)
		return -1;
	return len;
}

static int xml_fail(bt_tbx_writer *tw)
{
	return tw->io_rc ? tw->io_rc : bt_fail(BT_EIO, bt_outfile_path(tw->o), -1, -1, "XML writer failed");
}

#define TRY(call)                            \
	do {                                 \
		if ((call) < 0)              \
			return xml_fail(tw); \
	} while (0)

int bt_tbx_writer_open(bt_tbx_writer **out, bt_outfile *o, const char *title, const char *lang)
{
	bt_tbx_writer *tw = bt_calloc(1, sizeof *tw);
	xmlOutputBufferPtr ob;
	*out = NULL;
	if (!tw)
		return bt_fail_nomem();
	tw->o = o;
	ob = xmlOutputBufferCreateIO(write_cb, NULL, tw, NULL);
	if (!ob || !(tw->w = xmlNewTextWriter(ob))) {
		bt_free(tw);
		return bt_fail_nomem();
	}
	*out = tw;
	xmlTextWriterSetIndent(tw->w, 1);
	xmlTextWriterSetIndentString(tw->w, BAD_CAST "  ");
	TRY(xmlTextWriterStartDocument(tw->w, "1.0", "UTF-8", NULL));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "martif"));
	TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "type", BAD_CAST "TBX-Basic"));
	TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "xml:lang", BAD_CAST lang));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "martifHeader"));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "fileDesc"));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "titleStmt"));
	TRY(xmlTextWriterWriteElement(tw->w, BAD_CAST "title", BAD_CAST title));
	TRY(xmlTextWriterEndElement(tw->w));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "sourceDesc"));
	TRY(xmlTextWriterWriteElement(tw->w, BAD_CAST "p", BAD_CAST "Exported by bitext " BT_VERSION));
	TRY(xmlTextWriterEndElement(tw->w));
	TRY(xmlTextWriterEndElement(tw->w));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "encodingDesc"));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "p"));
	TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "type", BAD_CAST "XCSURI"));
	TRY(xmlTextWriterWriteString(tw->w, BAD_CAST "TBXBasicXCSV02.xcs"));
	TRY(xmlTextWriterEndElement(tw->w));
	TRY(xmlTextWriterEndElement(tw->w));
	TRY(xmlTextWriterEndElement(tw->w)); /* martifHeader */
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "text"));
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "body"));
	return 0;
}

static int end_concept(bt_tbx_writer *tw)
{
	if (tw->lang[0]) {
		TRY(xmlTextWriterEndElement(tw->w)); /* langSet */
		tw->lang[0] = '\0';
	}
	if (tw->in_concept) {
		TRY(xmlTextWriterEndElement(tw->w)); /* termEntry */
		tw->in_concept = 0;
	}
	return 0;
}

int bt_tbx_concept(bt_tbx_writer *tw, const char *id, const char *note)
{
	int rc = end_concept(tw);
	if (rc)
		return rc;
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "termEntry"));
	TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "id", BAD_CAST id));
	if (note)
		TRY(xmlTextWriterWriteElement(tw->w, BAD_CAST "note", BAD_CAST note));
	tw->in_concept = 1;
	return 0;
}

int bt_tbx_term_write(bt_tbx_writer *tw, const bt_tbx_term *t)
{
	if (strcmp(tw->lang, t->lang) != 0) {
		if (tw->lang[0])
			TRY(xmlTextWriterEndElement(tw->w));
		TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "langSet"));
		TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "xml:lang", BAD_CAST t->lang));
		snprintf(tw->lang, sizeof tw->lang, "%s", t->lang);
	}
	TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "tig"));
	TRY(xmlTextWriterWriteElement(tw->w, BAD_CAST "term", BAD_CAST t->term));
	if (t->preferred >= 0) {
		TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "termNote"));
		TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "type", BAD_CAST "administrativeStatus"));
		TRY(xmlTextWriterWriteString(tw->w, BAD_CAST(t->preferred ? "preferredTerm-admn-sts"
									 : "admittedTerm-admn-sts")));
		TRY(xmlTextWriterEndElement(tw->w));
	}
	if (t->pos) {
		TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "termNote"));
		TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "type", BAD_CAST "partOfSpeech"));
		TRY(xmlTextWriterWriteString(tw->w, BAD_CAST t->pos));
		TRY(xmlTextWriterEndElement(tw->w));
	}
	if (t->context) {
		TRY(xmlTextWriterStartElement(tw->w, BAD_CAST "descrip"));
		TRY(xmlTextWriterWriteAttribute(tw->w, BAD_CAST "type", BAD_CAST "context"));
		TRY(xmlTextWriterWriteString(tw->w, BAD_CAST t->context));
		TRY(xmlTextWriterEndElement(tw->w));
	}
	if (t->note)
		TRY(xmlTextWriterWriteElement(tw->w, BAD_CAST "note", BAD_CAST t->note));
	TRY(xmlTextWriterEndElement(tw->w)); /* tig */
	return 0;
}

int bt_tbx_writer_finish(bt_tbx_writer *tw)
{
	int rc = end_concept(tw);
	if (rc)
		return rc;
	TRY(xmlTextWriterEndDocument(tw->w));
	TRY(xmlTextWriterFlush(tw->w));
	return tw->io_rc;
}

void bt_tbx_writer_free(bt_tbx_writer *tw)
{
	if (!tw)
		return;
	xmlFreeTextWriter(tw->w);
	bt_free(tw);
}
