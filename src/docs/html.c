/* html.c: HTML and XHTML to blocks, with libxml2's HTML parser.
 *
 * The encoding is settled before parsing, never guessed: a BOM, else the
 * caller's (--encoding), else what the page declares in its first 8 KiB
 * (<meta charset>, the http-equiv Content-Type, an XML declaration),
 * else UTF-8. Labels are read as browsers read them (the WHATWG Encoding
 * Standard: "iso-8859-1" and "us-ascii" mean windows-1252). The bytes are
 * then decoded by bt_decode(), so a page whose bytes do not fit is an
 * error naming line and byte, and libxml2 parses UTF-8 told to ignore the
 * page's own declaration.
 *
 * Block elements end the text before them and become blocks; h1-h6 are
 * headings, li list items (their depth), td/th table cells, caption and
 * figcaption captions. script, style, template, noscript, svg, math,
 * iframe, object, embed, canvas, audio, video and comments are left out,
 * as is what is hidden (the hidden attribute, style display:none or
 * visibility:hidden). aria-hidden content is kept: it is shown on screen,
 * only hidden from screen readers. alt and title attributes become blocks
 * of their own with BT_DOC_ALT_TEXT. <title> is the document's title
 * (metadata), <html lang> its language.
 *
 * Notes, as converters write them: an in-page link whose text is only a
 * note mark (<a href="#fn1"><sup>1</sup></a>, a back link "↩") is left
 * out, so that "met¹" does not become "met1"; blocks with the DPUB roles
 * doc-footnote / doc-endnote(s) or the classes footnote(s) / endnote(s)
 * (sdfootnote, sdendnote from LibreOffice) are notes; LibreOffice's
 * <div title="header"> and "footer" are page headers and footers. */
#define _GNU_SOURCE /* strcasestr */
#include "docbuild.h"
#include "error.h"
#include "format.h"
#include "xml_quiet.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* ---- the encoding --------------------------------------------------- */

/* An encoding label as browsers read it, as an iconv name. */
static const char *whatwg(const char *label)
{
	static const char *const map[][2] = {
		{"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
		/* a page that can declare UTF-16 in ASCII is not UTF-16 */
		{"utf-16", "UTF-8"}, {"utf-16le", "UTF-8"}, {"utf-16be", "UTF-8"},
		{"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"}, {"iso_8859-1", "WINDOWS-1252"},
		{"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
		{"us-ascii", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"}, {"ibm819", "WINDOWS-1252"},
		{"iso-ir-100", "WINDOWS-1252"}, {"csisolatin1", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
		{"cp1252", "WINDOWS-1252"}, {"x-cp1252", "WINDOWS-1252"},
		{"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"}, {"iso-8859-11", "WINDOWS-874"},
		{"tis-620", "WINDOWS-874"}, {"gb2312", "GBK"}, {"x-gbk", "GBK"}, {"shift_jis", "CP932"},
		{"sjis", "CP932"}, {"x-sjis", "CP932"}, {"ms_kanji", "CP932"}, {"windows-31j", "CP932"},
		{"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"big5", "BIG5-HKSCS"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(label, map[i][0]) == 0)
			return map[i][1];
	return label;
}

/* The value of attribute `name` in the start tag t[0, n) ("<meta ..."),
 * into out: attributes read one by one, so that a name inside another's
 * quoted value does not count. */
static int attr_in(const char *t, size_t n, const char *name, char *out, size_t size)
{
	size_t i = 1, k = strlen(name);
	while (i < n && !isspace((unsigned char)t[i]) && t[i] != '>')
		i++; /* the element's name */
	while (i < n) {
		size_t a, an, w = 0;
		int match;
		while (i < n && (isspace((unsigned char)t[i]) || t[i] == '/'))
			i++;
		a = i;
		while (i < n && !isspace((unsigned char)t[i]) && t[i] != '=' && t[i] != '>' && t[i] != '/')
			i++;
		an = i - a;
		if (an == 0)
			return 0;
		match = an == k && strncasecmp(t + a, name, k) == 0;
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		if (i >= n || t[i] != '=') {
			if (match)
				return out[0] = '\0', 1;
			continue;
		}
		i++;
		while (i < n && isspace((unsigned char)t[i]))
			i++;
		if (i < n && (t[i] == '"' || t[i] == '\'')) {
			char q = t[i++];
			while (i < n && t[i] != q) {
				if (match && w + 1 < size)
					out[w++] = t[i];
				i++;
			}
			i++;
		} else {
			while (i < n && !isspace((unsigned char)t[i]) && t[i] != '>') {
				if (match && w + 1 < size)
					out[w++] = t[i];
				i++;
			}
		}
		if (match) {
			out[w] = '\0';
			return 1;
		}
	}
	return 0;
}

/* "text/html; charset=X" -> X */
static int charset_of(const char *content, char *out, size_t size)
{
	const char *p = strcasestr(content, "charset");
	size_t w = 0;
	if (!p)
		return 0;
	p += 7;
	while (*p == ' ')
		p++;
	if (*p++ != '=')
		return 0;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	while (*p && *p != ';' && *p != ' ' && *p != '"' && *p != '\'' && w + 1 < size)
		out[w++] = *p++;
	out[w] = '\0';
	return w > 0;
}

/* The charset the page declares, and how, in its first 8 KiB. */
static int declared(const char *data, size_t len, char *out, size_t size, const char **how)
{
	size_t n = len < 8192 ? len : 8192;
	char v[128];
	if (n > 5 && strncmp(data, "<?xml", 5) == 0) {
		const char *e = memchr(data, '>', n);
		if (e && attr_in(data, (size_t)(e - data), "encoding", out, size)) {
			*how = "its XML declaration";
			return 1;
		}
	}
	for (size_t i = 0; i + 5 < n; i++) {
		const char *e;
		size_t tn;
		if (data[i] != '<' || strncasecmp(data + i + 1, "meta", 4) != 0 || !isspace((unsigned char)data[i + 5]))
			continue;
		if (!(e = memchr(data + i, '>', n - i)))
			break;
		tn = (size_t)(e - (data + i));
		if (attr_in(data + i, tn, "charset", out, size) && out[0]) {
			*how = "<meta charset>";
			return 1;
		}
		if (attr_in(data + i, tn, "http-equiv", v, sizeof v) && strcasecmp(v, "content-type") == 0 &&
		    attr_in(data + i, tn, "content", v, sizeof v) && charset_of(v, out, size)) {
			*how = "<meta http-equiv=\"Content-Type\">";
			return 1;
		}
	}
	return 0;
}

/* The page's bytes as UTF-8 (NFC, as bt_decode makes text). */
static int decode(bt_buf *out, bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	bt_decode_opts d = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	char label[64] = "";
	const char *how = NULL;
	int rc;
	d.name = opts->name;
	d.encoding = opts->encoding;
	if (!d.encoding && declared(data, len, label, sizeof label, &how))
		d.encoding = whatwg(label);
	if ((rc = bt_decode(out, &info, data, len, &d)) != 0) {
		bt_error e = *bt_error_last();
		if (rc != BT_EINPUT || info.had_bom || opts->encoding)
			return rc;
		if (how)
			return bt_fail(rc, e.file, e.line, e.byte, "the page declares %s in %s, but: %s", label, how, e.msg);
		return bt_fail(rc, e.file, e.line, e.byte, "the page declares no charset (so UTF-8 is read): %s", e.msg);
	}
	memcpy(doc->encoding, info.encoding, sizeof doc->encoding);
	doc->counts[BT_DOC_CONTROLS] += info.removed_controls;
	return 0;
}

/* ---- the tree ------------------------------------------------------- */

typedef struct hw {
	docb *b;
	bt_doc *doc;
	unsigned flags;
	int pre;         /* inside <pre>, <textarea>, <listing> */
	int pre_nl;      /* 1: a line ended since the last text in it, 2: a blank line */
	int lists;       /* open ul/ol/menu/dir */
	int kinds[512];  /* block kind per open block element */
	int levels[512];
	int n_kinds;
} hw;

static int is_block(const char *n)
{
	static const char *const names[] = {
		"address", "article", "aside",   "blockquote", "body",     "caption", "center", "dd",
		"details", "dialog",  "dir",     "div",        "dl",       "dt",      "fieldset", "figcaption",
		"figure",  "footer",  "form",    "h1",         "h2",       "h3",      "h4",     "h5",
		"h6",      "header",  "hgroup",  "hr",         "html",     "legend",  "li",     "listing",
		"main",    "menu",    "nav",     "ol",         "optgroup", "option",  "p",      "pre",
		"section", "summary", "table",   "tbody",      "td",       "textarea", "tfoot", "th",
		"thead",   "tr",      "ul",      "noframes",   "frameset", "button"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

static int is_dropped(const char *n)
{
	static const char *const names[] = {"script", "style",  "template", "noscript", "svg",   "math",
					    "iframe", "object", "embed",    "canvas",   "audio", "video"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

static int is_hidden(xmlNode *n)
{
	xmlChar *style;
	int hidden = 0;
	if (xmlHasProp(n, (const xmlChar *)"hidden"))
		return 1;
	if ((style = xmlGetProp(n, (const xmlChar *)"style")) != NULL) {
		char squeezed[256];
		size_t w = 0;
		for (const xmlChar *p = style; *p && w + 1 < sizeof squeezed; p++)
			if (!isspace(*p))
				squeezed[w++] = (char)tolower(*p);
		squeezed[w] = '\0';
		hidden = strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden");
		xmlFree(style);
	}
	return hidden;
}

/* Does the space-separated list `list` hold one of the words? */
static int has_word(const char *list, const char *const *words)
{
	for (const char *p = list; p && *p;) {
		size_t k;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		k = strcspn(p, " \t\n");
		for (size_t i = 0; words[i]; i++)
			if (k && strlen(words[i]) == k && strncasecmp(p, words[i], k) == 0)
				return 1;
		p += k;
	}
	return 0;
}

/* A note's kind by its role or class, or -1. */
static int note_kind(xmlNode *n)
{
	static const char *const foot[] = {"doc-footnote", "doc-footnotes", "footnote", "footnotes", "sdfootnote", NULL};
	static const char *const end[] = {"doc-endnote", "doc-endnotes", "endnote", "endnotes", "sdendnote", NULL};
	int kind = -1;
	for (int i = 0; i < 2 && kind < 0; i++) {
		xmlChar *v = xmlGetProp(n, (const xmlChar *)(i ? "class" : "role"));
		if (v && has_word((const char *)v, foot))
			kind = BT_BLOCK_FOOTNOTE;
		else if (v && has_word((const char *)v, end))
			kind = BT_BLOCK_ENDNOTE;
		xmlFree(v);
	}
	return kind;
}

/* LibreOffice's page header and footer: <div title="header">. */
static int page_part(xmlNode *n)
{
	xmlChar *v;
	int kind = -1;
	if (strcmp((const char *)n->name, "div") != 0 || !(v = xmlGetProp(n, (const xmlChar *)"title")))
		return -1;
	if (strcmp((const char *)v, "header") == 0)
		kind = BT_BLOCK_HEADER;
	else if (strcmp((const char *)v, "footer") == 0)
		kind = BT_BLOCK_FOOTER;
	xmlFree(v);
	return kind;
}

/* Is this the text of a note mark or back link: digits, a roman number,
 * daggers, asterisks, brackets, arrows, superscript digits? */
static int is_note_mark(const char *s)
{
	size_t n = 0, letters = 0, other = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned c = *p;
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned cp = c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07;
		for (size_t i = 1; i < k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		p += k;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0)
			continue;
		n++;
		if (cp < 0x80 && strchr("ivxlcdmIVXLCDM", (int)cp))
			letters++;
		else if ((cp >= '0' && cp <= '9') || (cp < 0x80 && strchr("[]()*^", (int)cp)))
			;
		else if (cp == 0x2020 || cp == 0x2021 || cp == 0xA7 || cp == 0x21A9 || cp == 0x2191 || cp == 0xFE0E ||
			 cp == 0xFE0F || cp == 0xB9 || cp == 0xB2 || cp == 0xB3 || (cp >= 0x2070 && cp <= 0x2079))
			;
		else
			other++;
	}
	return n > 0 && n <= 8 && other == 0 && letters <= 5;
}

static int note_mark(xmlNode *n)
{
	xmlChar *href, *t;
	int mark = 0;
	if (strcmp((const char *)n->name, "a") != 0 || !(href = xmlGetProp(n, (const xmlChar *)"href")))
		return 0;
	if (href[0] == '#' && (t = xmlNodeGetContent(n)) != NULL) {
		mark = is_note_mark((const char *)t);
		xmlFree(t);
	}
	xmlFree(href);
	return mark;
}

/* The kind of a block element, given the one it sits in. */
static void block_kind(const hw *w, xmlNode *node, const char *n, int *kind, int *level)
{
	int nk;
	int outer = w->n_kinds ? w->kinds[w->n_kinds - 1] : BT_BLOCK_PARAGRAPH;
	int outer_level = w->n_kinds ? w->levels[w->n_kinds - 1] : 0;
	*kind = outer;
	*level = outer_level;
	if (outer == BT_BLOCK_FOOTNOTE || outer == BT_BLOCK_ENDNOTE || outer == BT_BLOCK_HEADER ||
	    outer == BT_BLOCK_FOOTER)
		return; /* a note's list or paragraphs are the note */
	if (n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && !n[2])
		*kind = BT_BLOCK_HEADING, *level = n[1] - '0';
	else if (strcmp(n, "li") == 0)
		*kind = BT_BLOCK_LIST_ITEM, *level = w->lists > 0 ? w->lists : 1;
	else if (strcmp(n, "td") == 0 || strcmp(n, "th") == 0)
		*kind = BT_BLOCK_TABLE_CELL, *level = 0;
	else if (strcmp(n, "caption") == 0 || strcmp(n, "figcaption") == 0)
		*kind = BT_BLOCK_CAPTION, *level = 0;
	else if (strcmp(n, "table") == 0)
		*kind = BT_BLOCK_PARAGRAPH, *level = 0; /* its cells say what they are */
	if ((nk = note_kind(node)) >= 0 || (nk = page_part(node)) >= 0)
		*kind = nk, *level = 0;
}

static int alt_texts(hw *w, xmlNode *n, const char *name)
{
	static const char *const attrs[] = {"alt", "title"};
	int rc = 0;
	for (int i = 0; i < 2 && !rc; i++) {
		xmlChar *v;
		if (i == 0 && strcmp(name, "img") != 0 && strcmp(name, "area") != 0 && strcmp(name, "input") != 0)
			continue;
		if (!(v = xmlGetProp(n, (const xmlChar *)attrs[i])))
			continue;
		if (v[0]) {
			if (w->flags & BT_DOC_ALT_TEXT)
				rc = bt_docb_add_aside(w->b, BT_BLOCK_ALT, 0, (const char *)v, strlen((const char *)v));
			else
				w->doc->counts[BT_DOC_ALT_TEXTS]++;
		}
		xmlFree(v);
	}
	return rc;
}

/* Entering an element: 1 to walk its children, 0 to skip them, or an
 * error code. */
static int enter(hw *w, xmlNode *n)
{
	const char *name = (const char *)n->name;
	int kind, level, rc;
	if (is_dropped(name)) {
		w->doc->counts[BT_DOC_SCRIPTS]++;
		return 0;
	}
	if (strcmp(name, "head") == 0) {
		/* its title was read as metadata; its scripts and styles count */
		for (xmlNode *k = n->children; k; k = k->next)
			if (k->type == XML_ELEMENT_NODE && is_dropped((const char *)k->name))
				w->doc->counts[BT_DOC_SCRIPTS]++;
		return 0;
	}
	if (is_hidden(n)) {
		w->doc->counts[BT_DOC_HIDDEN]++;
		return 0;
	}
	if (note_mark(n)) {
		w->doc->counts[BT_DOC_NOTE_MARKS]++;
		return 0;
	}
	if ((kind = page_part(n)) >= 0 && (w->flags & BT_DOC_NO_HEADERS)) {
		w->doc->counts[BT_DOC_HEADERS_FOOTERS]++;
		return 0;
	}
	if (kind < 0 && (rc = alt_texts(w, n, name)) != 0)
		return rc;
	if (strcmp(name, "br") == 0)
		return bt_docb_text(w->b, "\n", 1) ? BT_ENOMEM : 0;
	if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 || strcmp(name, "menu") == 0 || strcmp(name, "dir") == 0)
		w->lists++;
	if (strcmp(name, "pre") == 0 || strcmp(name, "textarea") == 0 || strcmp(name, "listing") == 0)
		w->pre++, w->pre_nl = 0;
	if (!is_block(name))
		return 1;
	if ((rc = bt_docb_flush(w->b)) != 0)
		return rc;
	block_kind(w, n, name, &kind, &level);
	if (w->n_kinds < (int)(sizeof w->kinds / sizeof w->kinds[0])) {
		w->kinds[w->n_kinds] = kind;
		w->levels[w->n_kinds] = level;
	}
	w->n_kinds++;
	bt_docb_set_kind(w->b, kind, level);
	return 1;
}

static int leave(hw *w, xmlNode *n)
{
	const char *name = (const char *)n->name;
	int rc = 0;
	if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 || strcmp(name, "menu") == 0 || strcmp(name, "dir") == 0)
		w->lists--;
	if (strcmp(name, "pre") == 0 || strcmp(name, "textarea") == 0 || strcmp(name, "listing") == 0)
		w->pre--;
	if (!is_block(name))
		return 0;
	rc = bt_docb_flush(w->b);
	w->n_kinds--;
	if (w->n_kinds > 0 && w->n_kinds <= (int)(sizeof w->kinds / sizeof w->kinds[0]))
		bt_docb_set_kind(w->b, w->kinds[w->n_kinds - 1], w->levels[w->n_kinds - 1]);
	else
		bt_docb_set_kind(w->b, BT_BLOCK_PARAGRAPH, 0);
	return rc;
}

/* Preformatted text keeps its spaces and line breaks; a blank line in it
 * ends a block, as in plain text (LibreOffice writes a text document as
 * HTML in one <pre>). */
static int pre_text(hw *w, const char *s)
{
	size_t from = 0, i;
	int rc;
	for (i = 0; s[i]; i++) {
		char c = s[i];
		if (c == '\n') {
			w->pre_nl = w->pre_nl ? 2 : 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			if (w->pre_nl == 2) {
				if ((rc = bt_docb_text(w->b, s + from, i - from)) != 0 || (rc = bt_docb_flush(w->b)) != 0)
					return rc;
				from = i;
			}
			w->pre_nl = 0;
		}
	}
	return bt_docb_text(w->b, s + from, i - from);
}

static int text(hw *w, xmlNode *n)
{
	const char *s = (const char *)n->content;
	if (!s)
		return 0;
	return w->pre ? pre_text(w, s) : bt_docb_text_ws(w->b, s, strlen(s));
}

/* The tree in document order, without recursion (a page may nest deep). */
static int walk(hw *w, xmlNode *root)
{
	xmlNode *n = root;
	int rc = 0;
	while (n) {
		int down = 0;
		if (n->type == XML_ELEMENT_NODE) {
			if ((rc = enter(w, n)) < 0)
				return rc;
			down = rc == 1 && n->children;
			if (rc == 1 && !n->children && (rc = leave(w, n)) != 0)
				return rc;
		} else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if ((rc = text(w, n)) != 0)
				return rc;
		} else if (n->type == XML_COMMENT_NODE) {
			w->doc->counts[BT_DOC_COMMENTS]++;
		}
		if (down) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (n->type == XML_ELEMENT_NODE && (rc = leave(w, n)) != 0)
				return rc;
		}
		if (n == root)
			break;
		n = n->next;
	}
	return 0;
}

/* <title> and <html lang>, the page's metadata. */
static void metadata(bt_doc *doc, xmlNode *root)
{
	xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
	if (!lang)
		lang = xmlGetNsProp(root, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	if (lang) {
		snprintf(doc->lang, sizeof doc->lang, "%s", (const char *)lang);
		xmlFree(lang);
	}
	for (xmlNode *h = root->children; h; h = h->next) {
		if (h->type != XML_ELEMENT_NODE || strcmp((const char *)h->name, "head") != 0)
			continue;
		for (xmlNode *t = h->children; t; t = t->next) {
			xmlChar *v;
			size_t a = 0, z, o = 0;
			if (t->type != XML_ELEMENT_NODE || strcmp((const char *)t->name, "title") != 0)
				continue;
			if (!(v = xmlNodeGetContent(t)))
				return;
			/* white space collapsed, as a browser shows it */
			z = strlen((const char *)v);
			for (; a < z && o + 1 < sizeof doc->title; a++) {
				int sp = isspace(v[a]);
				if (sp && (o == 0 || doc->title[o - 1] == ' '))
					continue;
				doc->title[o++] = sp ? ' ' : (char)v[a];
			}
			while (o > 0 && doc->title[o - 1] == ' ')
				o--;
			doc->title[o] = '\0';
			xmlFree(v);
			return;
		}
	}
}

int bt_html_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	bt_buf utf8 = BT_BUF_INIT;
	htmlDocPtr h = NULL;
	xmlNode *root;
	docb b;
	hw w;
	bt_xml_saved xs;
	int rc, quiet = 0;

	if ((rc = decode(&utf8, doc, data, len, opts)) != 0)
		goto done;
	if (utf8.len > INT32_MAX) {
		rc = bt_fail(BT_ELIMIT, opts->name, -1, -1, "a page larger than 2 GiB");
		goto done;
	}
	bt_xml_quiet(&xs);
	quiet = 1;
	/* UTF-8 now, whatever the page says of itself; no network */
	h = htmlReadMemory(utf8.ptr ? utf8.ptr : "", (int)utf8.len, NULL, "UTF-8",
			   HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
				   HTML_PARSE_COMPACT);
	if (!h) {
		rc = bt_fail(BT_EINPUT, opts->name, -1, -1, "not an HTML page libxml2 can read");
		goto done;
	}
	bt_docb_init(&b, doc, opts->name);
	memset(&w, 0, sizeof w);
	w.b = &b;
	w.doc = doc;
	w.flags = opts->flags;
	if ((root = xmlDocGetRootElement(h)) != NULL) {
		metadata(doc, root);
		rc = bt_docb_open_block(&b, BT_BLOCK_PARAGRAPH, 0);
		if (!rc)
			rc = walk(&w, root);
	}
	if (!rc)
		rc = bt_docb_finish(&b);
	bt_docb_dispose(&b);
done:
	xmlFreeDoc(h);
	if (quiet)
		bt_xml_restore(&xs);
	bt_buf_dispose(&utf8);
	return rc;
}
