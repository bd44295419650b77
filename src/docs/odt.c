/* odt.c: OpenDocument Text, zipped (.odt) or flat (.fodt), to blocks.
 *
 * The parts of an .odt are read in the order a flat file has them: meta
 * (title, language), styles (styles, and the master pages' headers and
 * footers, kept aside for after the body), content (automatic styles,
 * then the body). One SAX reader serves all of them.
 *
 * text:h is a heading (text:outline-level), text:p a paragraph; in a
 * list item, table cell, note body or frame its kind is that container's.
 * White space in paragraphs is collapsed as ODF says (text:s, text:tab and
 * text:line-break are the spaces, tabs and breaks). Tracked changes are
 * read as accepted: the body already holds inserted text, and deleted text
 * sits only in text:tracked-changes, which is left out. Hidden text
 * (text:hidden-text, text:hidden-paragraph, a section or character style
 * with text:display="none"), annotations, note citations, list labels and
 * the templates of indexes are left out; fields are their shown value. */
#include "docbuild.h"
#include "error.h"
#include "format.h"
#include "xmlsax.h"
#include "zipread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NS_OTHER, NS_TEXT, NS_OFFICE, NS_STYLE, NS_TABLE, NS_DRAW, NS_SVG, NS_FO, NS_DC, NS_N };
static const char *const ns_uris[NS_N] = {
	"",
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:style:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
	"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
	"http://purl.org/dc/elements/1.1/"};

enum { MAX_DEPTH = 300, MAX_CHAIN = 16 };

typedef struct ostyle {
	char name[96], parent[96];
	int kind;   /* BT_BLOCK_TITLE or CAPTION by name, or -1 */
	int hidden; /* -1 unset, 0, 1 */
	int automatic_of_styles; /* an automatic style of styles.xml */
} ostyle;

typedef struct ox {
	bt_sax sax;
	char name[1024];
	docb *body, *hf, *cur; /* cur: body, or hf inside the master pages */
	bt_doc *doc;
	unsigned flags;
	const xmlChar *ns_ptr[NS_N];
	int depth, skip, skip_counts_changes;
	int in_auto; /* inside office:automatic-styles */
	int container[MAX_DEPTH];
	unsigned char text_ok[MAX_DEPTH]; /* text is read at this depth */
	int lists;                        /* open text:list elements */
	int hidden;                       /* depth of a hidden span, or 0 */
	int p_hidden;
	/* styles */
	ostyle *st;
	size_t n_st, cap_st;
	int sorted;
	ostyle *cur_style;
	int in_styles_part; /* styles.xml's automatic styles are its own */
	/* meta */
	int meta_el;
	bt_buf meta;
} ox;

static int ns_of(ox *x, const xmlChar *uri)
{
	if (!uri)
		return NS_OTHER;
	for (int i = 1; i < NS_N; i++)
		if (x->ns_ptr[i] == uri)
			return i;
	for (int i = 1; i < NS_N; i++)
		if (strcmp((const char *)uri, ns_uris[i]) == 0) {
			x->ns_ptr[i] = uri;
			return i;
		}
	return NS_OTHER;
}

static void stop_on(ox *x, int rc)
{
	if (rc)
		bt_sax_stop(&x->sax, rc);
}

/* ---- styles --------------------------------------------------------- */

static int st_cmp(const void *a, const void *b)
{
	return strcmp(((const ostyle *)a)->name, ((const ostyle *)b)->name);
}

static const ostyle *st_find(ox *x, const char *name)
{
	ostyle key;
	if (!name[0] || !x->n_st)
		return NULL;
	if (!x->sorted) {
		qsort(x->st, x->n_st, sizeof *x->st, st_cmp);
		x->sorted = 1;
	}
	snprintf(key.name, sizeof key.name, "%s", name);
	return bsearch(&key, x->st, x->n_st, sizeof *x->st, st_cmp);
}

/* Title and Subtitle are titles, Caption (and what ends in it, as
 * pandoc's TableCaption) captions: LibreOffice's names for them. */
static int kind_by_name(const char *v)
{
	size_t n = strlen(v);
	if (strcmp(v, "Title") == 0 || strcmp(v, "Subtitle") == 0)
		return BT_BLOCK_TITLE;
	if (n >= 7 && strcmp(v + n - 7, "Caption") == 0)
		return BT_BLOCK_CAPTION;
	return -1;
}

static void st_start(ox *x, const xmlChar **attrs, int n, int automatic)
{
	char v[96];
	ostyle *s;
	if (x->n_st == x->cap_st) {
		size_t cap = x->cap_st ? x->cap_st * 2 : 64;
		ostyle *nv = bt_realloc(x->st, cap * sizeof *nv);
		if (!nv) {
			stop_on(x, bt_fail_nomem());
			return;
		}
		x->st = nv;
		x->cap_st = cap;
	}
	s = &x->st[x->n_st++];
	memset(s, 0, sizeof *s);
	s->kind = s->hidden = -1;
	s->automatic_of_styles = automatic && x->in_styles_part;
	bt_sax_attr(attrs, n, ns_uris[NS_STYLE], "name", s->name, sizeof s->name);
	bt_sax_attr(attrs, n, ns_uris[NS_STYLE], "parent-style-name", s->parent, sizeof s->parent);
	if (!bt_sax_attr(attrs, n, ns_uris[NS_STYLE], "display-name", v, sizeof v))
		snprintf(v, sizeof v, "%s", s->name);
	s->kind = kind_by_name(v);
	x->sorted = 0;
	x->cur_style = s;
}

/* A style's kind or hidden flag through its parents. */
static int st_kind(ox *x, const char *name)
{
	const ostyle *s = st_find(x, name);
	if (!s)
		return kind_by_name(name); /* used without being defined (pandoc) */
	for (int k = 0; s && k < MAX_CHAIN; k++, s = st_find(x, s->parent))
		if (s->kind >= 0)
			return s->kind;
	return -1;
}

static int st_hidden(ox *x, const char *name)
{
	const ostyle *s = st_find(x, name);
	for (int k = 0; s && k < MAX_CHAIN; k++, s = st_find(x, s->parent))
		if (s->hidden >= 0)
			return s->hidden;
	return 0;
}

/* content.xml's automatic styles replace those of styles.xml, which were
 * for the headers and footers only. */
static void st_drop_styles_automatic(ox *x)
{
	size_t w = 0;
	for (size_t i = 0; i < x->n_st; i++)
		if (!x->st[i].automatic_of_styles)
			x->st[w++] = x->st[i];
	x->n_st = w;
	x->sorted = 0;
}

/* ---- the body ------------------------------------------------------- */

static int container_kind(const ox *x)
{
	return x->container[x->depth < MAX_DEPTH ? x->depth : MAX_DEPTH - 1];
}

static void set_container(ox *x, int kind)
{
	if (x->depth < MAX_DEPTH)
		x->container[x->depth] = kind;
}

static void set_text_ok(ox *x, int ok)
{
	if (x->depth < MAX_DEPTH)
		x->text_ok[x->depth] = (unsigned char)ok;
}

static void para_start(ox *x, int heading, const xmlChar **attrs, int n)
{
	char v[96];
	int kind = container_kind(x), level = 0, sk;
	if (heading) {
		kind = BT_BLOCK_HEADING;
		level = bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "outline-level", v, sizeof v) ? atoi(v) : 1;
		if (level < 1 || level > 9)
			level = level < 1 ? 1 : 9;
	} else if (kind == BT_BLOCK_PARAGRAPH || kind == BT_BLOCK_TABLE_CELL || kind == BT_BLOCK_TEXTBOX) {
		if (bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "style-name", v, sizeof v) && (sk = st_kind(x, v)) >= 0)
			kind = sk;
	}
	if (kind == BT_BLOCK_LIST_ITEM)
		level = x->lists;
	x->p_hidden = 0;
	if (bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "style-name", v, sizeof v) && st_hidden(x, v))
		x->p_hidden = 1;
	set_text_ok(x, 1);
	stop_on(x, bt_docb_open_block(x->cur, kind, level));
}

static void para_end(ox *x)
{
	if (x->p_hidden) {
		if (!bt_docb_empty(x->cur))
			x->doc->counts[BT_DOC_HIDDEN]++;
		bt_docb_clear(x->cur);
	}
	stop_on(x, bt_docb_close_block(x->cur));
	x->p_hidden = 0;
}

static int text_allowed(const ox *x)
{
	return x->depth < MAX_DEPTH && x->text_ok[x->depth] && !x->hidden && x->skip < 0;
}

static void put(ox *x, const char *s, size_t n)
{
	if (text_allowed(x))
		stop_on(x, bt_docb_text(x->cur, s, n));
}

static int is_true(const xmlChar **attrs, int n, int ns, const char *local)
{
	char v[16];
	return bt_sax_attr(attrs, n, ns_uris[ns], local, v, sizeof v) && strcmp(v, "true") == 0;
}

static void skip_here(ox *x, int count)
{
	x->skip = x->depth;
	if (count >= 0)
		x->doc->counts[count]++;
}

static void text_start(ox *x, const char *l, const xmlChar **attrs, int n)
{
	char v[96];
	size_t k = strlen(l);
	if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		para_start(x, l[0] == 'h', attrs, n);
	} else if (strcmp(l, "span") == 0) {
		if (!x->hidden && bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "style-name", v, sizeof v) && st_hidden(x, v)) {
			x->hidden = x->depth;
			x->doc->counts[BT_DOC_HIDDEN]++;
		}
	} else if (strcmp(l, "s") == 0) {
		long c = bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "c", v, sizeof v) ? atol(v) : 1;
		for (long i = 0; i < (c < 1 ? 1 : c > 1000 ? 1000 : c); i++)
			put(x, " ", 1);
	} else if (strcmp(l, "tab") == 0) {
		put(x, "\t", 1);
	} else if (strcmp(l, "line-break") == 0) {
		put(x, "\n", 1);
	} else if (strcmp(l, "list") == 0) {
		x->lists++;
		set_text_ok(x, 0);
	} else if (strcmp(l, "list-item") == 0 || strcmp(l, "list-header") == 0) {
		set_container(x, BT_BLOCK_LIST_ITEM);
		set_text_ok(x, 0);
	} else if (strcmp(l, "note") == 0) {
		char cls[16];
		int end = bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "note-class", cls, sizeof cls) && strcmp(cls, "endnote") == 0;
		set_container(x, end ? BT_BLOCK_ENDNOTE : BT_BLOCK_FOOTNOTE);
	} else if (strcmp(l, "note-body") == 0) {
		set_text_ok(x, 0);
	} else if (strcmp(l, "note-citation") == 0 || strcmp(l, "number") == 0 || strcmp(l, "ruby-text") == 0 ||
		   strcmp(l, "sequence-decls") == 0 || strcmp(l, "variable-decls") == 0 ||
		   strcmp(l, "user-field-decls") == 0 || strcmp(l, "dde-connection-decls") == 0 ||
		   (k > 7 && strcmp(l + k - 7, "-source") == 0)) {
		skip_here(x, -1);
	} else if (strcmp(l, "tracked-changes") == 0) {
		skip_here(x, -1);
		x->skip_counts_changes = 1;
	} else if (strcmp(l, "hidden-text") == 0) {
		if (is_true(attrs, n, NS_TEXT, "is-hidden"))
			skip_here(x, BT_DOC_HIDDEN);
	} else if (strcmp(l, "hidden-paragraph") == 0) {
		if (is_true(attrs, n, NS_TEXT, "is-hidden"))
			x->p_hidden = 1;
	} else if (strcmp(l, "section") == 0) {
		if (bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "display", v, sizeof v) && strcmp(v, "none") == 0)
			skip_here(x, BT_DOC_HIDDEN);
		else
			set_text_ok(x, 0);
	} else if (strcmp(l, "index-body") == 0 || strcmp(l, "index-title") == 0) {
		set_text_ok(x, 0);
	}
}

static void alt(ox *x)
{
	/* svg:title / svg:desc of a frame: read like a paragraph of its own */
	if (x->flags & BT_DOC_ALT_TEXT) {
		set_text_ok(x, 1);
		stop_on(x, bt_docb_open_block(x->cur, BT_BLOCK_ALT, 0));
	} else {
		skip_here(x, BT_DOC_ALT_TEXTS);
	}
}

static void style_part_start(ox *x, int ns, const char *l, const xmlChar **attrs, int n)
{
	char v[32];
	if (ns == NS_STYLE && strcmp(l, "style") == 0) {
		st_start(x, attrs, n, x->in_auto);
	} else if (ns == NS_STYLE && strcmp(l, "text-properties") == 0 && x->cur_style) {
		if (bt_sax_attr(attrs, n, ns_uris[NS_TEXT], "display", v, sizeof v))
			x->cur_style->hidden = strcmp(v, "none") == 0;
	} else if (ns == NS_STYLE && strcmp(l, "text-properties") == 0 && !x->doc->lang[0]) {
		/* the default style's language, unless the meta names one */
		char lang[32], country[32];
		if (bt_sax_attr(attrs, n, ns_uris[NS_FO], "language", lang, sizeof lang) && strcmp(lang, "zxx") != 0) {
			if (bt_sax_attr(attrs, n, ns_uris[NS_FO], "country", country, sizeof country) && country[0] &&
			    strcmp(country, "none") != 0)
				snprintf(x->doc->lang, sizeof x->doc->lang, "%s-%s", lang, country);
			else
				snprintf(x->doc->lang, sizeof x->doc->lang, "%s", lang);
		}
	}
}

static void hf_start(ox *x, const char *l, const xmlChar **attrs, int n)
{
	static const char *const names[] = {"header", "header-left", "header-first",
					    "footer", "footer-left", "footer-first"};
	char v[16];
	int footer = l[0] == 'f', known = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		known |= strcmp(l, names[i]) == 0;
	if (!known)
		return;
	if (bt_sax_attr(attrs, n, ns_uris[NS_STYLE], "display", v, sizeof v) && strcmp(v, "false") == 0) {
		x->skip = x->depth;
		return;
	}
	if (x->flags & BT_DOC_NO_HEADERS) {
		skip_here(x, BT_DOC_HEADERS_FOOTERS);
		return;
	}
	set_container(x, footer ? BT_BLOCK_FOOTER : BT_BLOCK_HEADER);
	set_text_ok(x, 0);
}

static void office_start(ox *x, const char *l)
{
	if (strcmp(l, "annotation") == 0) {
		skip_here(x, BT_DOC_COMMENTS);
	} else if (strcmp(l, "forms") == 0 || strcmp(l, "scripts") == 0 || strcmp(l, "settings") == 0 ||
		   strcmp(l, "font-face-decls") == 0 || strcmp(l, "binary-data") == 0 || strcmp(l, "event-listeners") == 0) {
		skip_here(x, -1);
	} else if (strcmp(l, "automatic-styles") == 0) {
		x->in_auto = 1;
	} else if (strcmp(l, "master-styles") == 0) {
		x->cur = x->hf;
	} else if (strcmp(l, "body") == 0) {
		x->cur = x->body;
	}
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
		     const xmlChar **nsv, int nattrs, int ndef, const xmlChar **attrs)
{
	ox *x = ud;
	const char *l = (const char *)local;
	int ns;
	(void)prefix, (void)nns, (void)nsv, (void)ndef;
	x->depth++;
	if (x->depth < MAX_DEPTH) {
		x->container[x->depth] = x->container[x->depth - 1];
		x->text_ok[x->depth] = x->text_ok[x->depth - 1];
	}
	if (!bt_sax_ok(&x->sax))
		return;
	ns = ns_of(x, uri);
	if (x->skip >= 0) {
		if (x->skip_counts_changes == 1 && ns == NS_TEXT)
			x->doc->counts[BT_DOC_TRACKED_INSERTIONS] += strcmp(l, "insertion") == 0,
				x->doc->counts[BT_DOC_TRACKED_DELETIONS] += strcmp(l, "deletion") == 0;
		return;
	}
	switch (ns) {
	case NS_TEXT:
		text_start(x, l, attrs, nattrs);
		break;
	case NS_OFFICE:
		office_start(x, l);
		break;
	case NS_STYLE:
		if (strcmp(l, "master-page") == 0)
			break;
		style_part_start(x, ns, l, attrs, nattrs);
		hf_start(x, l, attrs, nattrs);
		break;
	case NS_TABLE:
		if (strcmp(l, "table-cell") == 0 || strcmp(l, "covered-table-cell") == 0)
			set_container(x, BT_BLOCK_TABLE_CELL), set_text_ok(x, 0);
		break;
	case NS_DRAW:
		set_container(x, BT_BLOCK_TEXTBOX);
		set_text_ok(x, 0);
		break;
	case NS_SVG:
		if (strcmp(l, "title") == 0 || strcmp(l, "desc") == 0)
			alt(x);
		break;
	case NS_DC:
		if (strcmp(l, "title") == 0 || strcmp(l, "language") == 0) {
			x->meta_el = l[0] == 't' ? 1 : 2;
			bt_buf_clear(&x->meta);
		}
		break;
	}
}

static void meta_end(ox *x)
{
	char *to = x->meta_el == 1 ? x->doc->title : x->doc->lang;
	size_t size = x->meta_el == 1 ? sizeof x->doc->title : sizeof x->doc->lang, a = 0, z = x->meta.len;
	while (a < z && strchr(" \t\r\n", x->meta.ptr[a]))
		a++;
	while (z > a && strchr(" \t\r\n", x->meta.ptr[z - 1]))
		z--;
	if (z - a >= size)
		z = a + size - 1;
	if (z > a) {
		memcpy(to, x->meta.ptr + a, z - a);
		to[z - a] = '\0';
	}
	x->meta_el = 0;
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	ox *x = ud;
	const char *l = (const char *)local;
	int depth = x->depth--, ns;
	(void)prefix;
	if (!bt_sax_ok(&x->sax))
		return;
	if (x->skip >= 0) {
		if (x->skip == depth)
			x->skip = -1, x->skip_counts_changes = 0;
		return;
	}
	if (x->hidden == depth)
		x->hidden = 0;
	ns = ns_of(x, uri);
	if (ns == NS_TEXT && (strcmp(l, "p") == 0 || strcmp(l, "h") == 0))
		para_end(x);
	else if (ns == NS_TEXT && strcmp(l, "list") == 0)
		x->lists--;
	else if (ns == NS_SVG && (strcmp(l, "title") == 0 || strcmp(l, "desc") == 0))
		stop_on(x, bt_docb_close_block(x->cur));
	else if (ns == NS_STYLE && strcmp(l, "style") == 0)
		x->cur_style = NULL;
	else if (ns == NS_OFFICE && strcmp(l, "automatic-styles") == 0)
		x->in_auto = 0;
	else if (ns == NS_OFFICE && strcmp(l, "master-styles") == 0)
		x->cur = x->body;
	else if (ns == NS_DC && x->meta_el)
		meta_end(x);
}

static void on_text(void *ud, const xmlChar *s, int n)
{
	ox *x = ud;
	if (!bt_sax_ok(&x->sax))
		return;
	if (x->meta_el) {
		if (x->meta.len < 4096)
			stop_on(x, bt_buf_put(&x->meta, (const char *)s, (size_t)n));
		return;
	}
	if (text_allowed(x))
		stop_on(x, bt_docb_text_ws(x->cur, (const char *)s, (size_t)n));
}

static void handler(xmlSAXHandler *h)
{
	bt_sax_handler(h);
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	h->cdataBlock = on_text;
}

/* ---- the files ------------------------------------------------------ */

typedef struct odt {
	ox x;
	docb body, hf;
	bt_doc hf_doc;
} odt;

static void odt_init(odt *o, bt_doc *doc, const char *name, unsigned flags)
{
	memset(o, 0, sizeof *o);
	bt_docb_init(&o->body, doc, name);
	bt_docb_init(&o->hf, &o->hf_doc, name);
	o->x.doc = doc;
	o->x.body = o->x.cur = &o->body;
	o->x.hf = &o->hf;
	o->x.flags = flags;
	o->x.skip = -1;
	o->x.sax.name = o->x.name;
}

static void odt_name(odt *o, const char *name)
{
	snprintf(o->x.name, sizeof o->x.name, "%s", name);
	o->body.name = o->hf.name = o->x.name;
}

static void odt_dispose(odt *o)
{
	bt_docb_dispose(&o->body);
	bt_docb_dispose(&o->hf);
	bt_doc_dispose(&o->hf_doc);
	bt_free(o->x.st);
	bt_buf_dispose(&o->x.meta);
}

static int parse(odt *o, bt_zip *z, const char *part, const char *data, size_t len)
{
	xmlSAXHandler h;
	int rc;
	handler(&h);
	o->x.depth = 0;
	o->x.skip = -1;
	o->x.cur = &o->body;
	if (z)
		rc = bt_sax_parse_zip(&o->x.sax, &h, z, part);
	else
		rc = bt_sax_parse(&o->x.sax, &h, data, len);
	if (!rc)
		rc = bt_docb_finish(&o->body);
	if (!rc)
		rc = bt_docb_finish(&o->hf);
	return rc;
}

/* The headers and footers after the body. */
static int odt_end(odt *o, bt_doc *doc)
{
	int rc = 0;
	for (size_t i = 0; i < o->hf_doc.n_blocks && !rc; i++) {
		const bt_block *b = &o->hf_doc.blocks[i];
		rc = bt_docb_add_aside(&o->body, b->kind, b->level, o->hf_doc.text.ptr + b->start, b->end - b->start);
	}
	for (int c = 0; c < BT_DOC_COUNT_N; c++)
		doc->counts[c] += o->hf_doc.counts[c];
	if (!rc)
		rc = bt_docb_finish(&o->body);
	snprintf(doc->encoding, sizeof doc->encoding, "UTF-8");
	return rc;
}

int bt_odt_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	static const char *const parts[] = {"meta.xml", "styles.xml", "content.xml"};
	bt_zip *z;
	odt o;
	int rc;
	if ((rc = bt_zip_open(&z, data, len, opts->name)) != 0)
		return rc;
	if (bt_zip_has(z, "META-INF/manifest.xml") &&
	    bt_zip_part_contains(z, "META-INF/manifest.xml", "encryption-data", 1 << 22) == 1) {
		bt_zip_close(z);
		return bt_fail(BT_EINPUT, opts->name, -1, -1,
			       "an encrypted (password-protected) ODT: save it without a password");
	}
	if (!bt_zip_has(z, "content.xml")) {
		bt_zip_close(z);
		return bt_fail(BT_EINPUT, opts->name, -1, -1, "no content.xml (the body of an ODT): a damaged ODT");
	}
	odt_init(&o, doc, opts->name, opts->flags);
	for (size_t i = 0; i < 3 && !rc; i++) {
		if (!bt_zip_has(z, parts[i]))
			continue;
		odt_name(&o, bt_zip_part_name(z, parts[i]));
		o.x.in_styles_part = i == 1;
		if (i == 2)
			st_drop_styles_automatic(&o.x);
		rc = parse(&o, z, parts[i], NULL, 0);
	}
	if (!rc)
		rc = odt_end(&o, doc);
	odt_dispose(&o);
	bt_zip_close(z);
	return rc;
}

int bt_fodt_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	odt o;
	int rc;
	odt_init(&o, doc, opts->name, opts->flags);
	odt_name(&o, opts->name);
	rc = parse(&o, NULL, NULL, data, len);
	if (!rc)
		rc = odt_end(&o, doc);
	odt_dispose(&o);
	return rc;
}

int bt_odt_read_content_xml(bt_doc *doc, const char *xml, size_t len, const bt_doc_opts *opts)
{
	bt_doc_opts o = opts ? *opts : (bt_doc_opts)BT_DOC_OPTS_INIT;
	int rc;
	bt_doc_dispose(doc);
	if (!o.name)
		o.name = "content.xml";
	rc = bt_fodt_read(doc, xml, len, &o);
	if (rc)
		bt_doc_dispose(doc);
	else
		doc->format = BT_FORMAT_ODT;
	return rc;
}
