/* xliff.c: XLIFF 1.x and 2.x, as CAT tools write them, into segments
 * whose source and target are runs of text and inline codes
 * (bitext-doc.h says what each dialect gives).
 *
 * The file is parsed into a tree by libxml2 (no network, no DTD loaded,
 * an entity declaration or reference refused), then walked: in 1.x each
 * <trans-unit> under <body> (through <group>s), split into segments where
 * a <seg-source> holds <mrk mtype="seg"> markers (Trados Studio, Okapi),
 * the target's markers matched by mid; in 2.x each <segment> of each
 * <unit>. Code runs are the inline elements as libxml2 serializes them. */
#define _GNU_SOURCE /* strcasestr */
#include "bitext-doc.h"

#include "error.h"
#include "xml_quiet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define SDL_NS "http://sdl.com/FileTypes/SdlXliff/1.0"
#define MQ_NS "MQXliff"
#define OKP_NS "okapi-framework:xliff-extensions"

/* While reading, strings and runs are offsets into the pool; the public
 * pointers are made at the end, when the pool no longer moves. */
typedef struct irun {
	int kind;
	unsigned flags;
	size_t off, len;
} irun;

typedef struct iseg {
	size_t id, file, state, notes, restype;
	size_t src_first, n_src, tgt_first, n_tgt;
	int has_tgt;
	long line;
} iseg;

typedef struct tagdef {
	char id[32];
	int is_break;
} tagdef;

typedef struct xr {
	bt_xliff *x;
	const char *name;
	int rc;
	int v2;
	bt_buf pool;
	irun *runs;
	size_t n_runs, cap_runs, floor; /* runs before floor belong to another side */
	iseg *segs;
	size_t n_segs, cap_segs;
	tagdef *tags; /* Trados Studio's tag definitions (which <x/> is a <br>) */
	size_t n_tags, cap_tags;
	bt_buf scratch, ser;
	size_t file; /* pool offset of the current file's name */
} xr;

/* ---- the pool ------------------------------------------------------- */

static int pool_add(xr *r, const char *s, size_t n, size_t *off)
{
	int rc;
	*off = r->pool.len;
	if ((rc = bt_buf_put(&r->pool, s, n)) != 0 || (rc = bt_buf_put(&r->pool, "", 1)) != 0)
		return rc;
	return 0;
}

static int pool_str(xr *r, const char *s, size_t *off)
{
	return pool_add(r, s ? s : "", s ? strlen(s) : 0, off);
}

static int run_add(xr *r, int kind, unsigned flags, const char *s, size_t n)
{
	irun *ru;
	int rc;
	if (kind == BT_RUN_TEXT && n == 0)
		return 0;
	/* adjacent text runs are one */
	if (kind == BT_RUN_TEXT && r->n_runs > r->floor && r->runs[r->n_runs - 1].kind == BT_RUN_TEXT &&
	    r->runs[r->n_runs - 1].off + r->runs[r->n_runs - 1].len + 1 == r->pool.len) {
		ru = &r->runs[r->n_runs - 1];
		r->pool.len--; /* its NUL */
		if ((rc = bt_buf_put(&r->pool, s, n)) != 0 || (rc = bt_buf_put(&r->pool, "", 1)) != 0)
			return rc;
		ru->len += n;
		return 0;
	}
	if (r->n_runs == r->cap_runs) {
		size_t cap = r->cap_runs ? r->cap_runs * 2 : 256;
		irun *v = bt_realloc(r->runs, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		r->runs = v;
		r->cap_runs = cap;
	}
	ru = &r->runs[r->n_runs];
	ru->kind = kind;
	ru->flags = flags;
	ru->len = n;
	if ((rc = pool_add(r, s, n, &ru->off)) != 0)
		return rc;
	r->n_runs++;
	return 0;
}

/* Text in NFC, as all text in bitext. */
static int text_run(xr *r, const char *s, size_t n)
{
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	int rc;
	if (!n)
		return 0;
	o.encoding = "UTF-8";
	o.name = r->name;
	if ((rc = bt_decode(&r->scratch, NULL, s, n, &o)) != 0)
		return rc;
	return run_add(r, BT_RUN_TEXT, 0, r->scratch.ptr ? r->scratch.ptr : "", r->scratch.len);
}

/* ---- names and attributes ------------------------------------------- */

static int is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* An attribute with no namespace or the given one. */
static const char *attr(const xmlNode *n, const char *local, const char *ns)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, local) != 0)
			continue;
		if (ns ? (a->ns && strcmp((const char *)a->ns->href, ns) == 0) : !a->ns)
			return a->children && a->children->content ? (const char *)a->children->content : "";
	}
	return NULL;
}

/* ---- inline codes --------------------------------------------------- */

/* Native code that is a line break or a tab: an element named br, tab,
 * line-break (with any prefix: <br/>, <w:br/>, <w:tab/>,
 * <text:line-break/>), or a tab or newline itself. */
static int looks_like_break(const char *native)
{
	static const char *const names[] = {"br", "tab", "line-break", "cr"};
	const char *p = native;
	if (!p)
		return 0;
	if (strchr(p, '\t') || strchr(p, '\n'))
		return 1;
	while ((p = strchr(p, '<')) != NULL) {
		const char *l = ++p, *colon;
		size_t k = strcspn(l, " \t\n/>");
		if ((colon = memchr(l, ':', k)) != NULL)
			k -= (size_t)(colon + 1 - l), l = colon + 1;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (k == strlen(names[i]) && strncasecmp(l, names[i], k) == 0)
				return 1;
	}
	return 0;
}

static int is_break_code(xr *r, const xmlNode *n)
{
	const char *ct = attr(n, "ctype", NULL), *st = attr(n, "subType", NULL), *id;
	xmlChar *native;
	int br;
	if (ct && (strcmp(ct, "lb") == 0 || strcmp(ct, "x-lb") == 0 || strcmp(ct, "x-br") == 0 ||
		   strcmp(ct, "x-tab") == 0))
		return 1;
	if (st && strcmp(st, "xlf:lb") == 0)
		return 1;
	if (is(n, "x") && (id = attr(n, "id", NULL)) != NULL)
		for (size_t i = 0; i < r->n_tags; i++)
			if (strcmp(r->tags[i].id, id) == 0)
				return r->tags[i].is_break;
	if (!n->children)
		return 0;
	native = xmlNodeGetContent(n);
	br = looks_like_break((const char *)native);
	xmlFree(native);
	return br;
}

/* The element as XML: whole (dump), or its start or end tag alone. */
static int code_xml(xr *r, const xmlNode *n, int part, unsigned flags)
{
	xmlBufferPtr b;
	int rc;
	bt_buf_clear(&r->ser);
	if (part == 0) {
		if (!(b = xmlBufferCreate()))
			return bt_fail_nomem();
		xmlNodeDump(b, n->doc, (xmlNode *)n, 0, 0);
		rc = run_add(r, BT_RUN_CODE, flags, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
		xmlBufferFree(b);
		return rc;
	}
	if (part == 2) {
		if ((rc = bt_buf_printf(&r->ser, "</%s%s%s>", n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "",
					n->ns && n->ns->prefix ? ":" : "", (const char *)n->name)) != 0)
			return rc;
		return run_add(r, BT_RUN_CODE, flags, r->ser.ptr, r->ser.len);
	}
	/* the start tag: the element without its children, then cut at '>' */
	{
		xmlNode copy = *n;
		char *gt;
		copy.children = copy.last = NULL;
		if (!(b = xmlBufferCreate()))
			return bt_fail_nomem();
		xmlNodeDump(b, n->doc, &copy, 0, 0);
		if ((rc = bt_buf_put(&r->ser, (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b))) != 0) {
			xmlBufferFree(b);
			return rc;
		}
		xmlBufferFree(b);
		/* "<g id="1"/>" -> "<g id="1">" */
		if (r->ser.len >= 2 && r->ser.ptr[r->ser.len - 2] == '/' && (gt = r->ser.ptr + r->ser.len - 1) && *gt == '>') {
			r->ser.ptr[r->ser.len - 2] = '>';
			r->ser.len--;
			r->ser.ptr[r->ser.len] = '\0';
		}
		return run_add(r, BT_RUN_CODE, flags, r->ser.ptr, r->ser.len);
	}
}

/* Is this a segment marker (1.x <mrk mtype="seg">)? */
static int is_seg_mrk(const xmlNode *n)
{
	const char *t;
	return is(n, "mrk") && (t = attr(n, "mtype", NULL)) != NULL && strcmp(t, "seg") == 0;
}

static int content(xr *r, const xmlNode *n);

/* One inline element inside content. */
static int inline_el(xr *r, const xmlNode *n)
{
	const char *l = (const char *)n->name;
	unsigned br = is_break_code(r, n) ? BT_RUN_BREAK : 0;
	int rc;
	/* elements that hold text: open code, text, close code */
	if (strcmp(l, "g") == 0 || strcmp(l, "pc") == 0 || strcmp(l, "mrk") == 0) {
		if ((rc = code_xml(r, n, 1, BT_RUN_OPEN | br)) != 0 || (rc = content(r, n)) != 0)
			return rc;
		return code_xml(r, n, 2, BT_RUN_CLOSE);
	}
	/* a character XML cannot hold (2.x <cp hex="..."/>) stays a code */
	if (strcmp(l, "bpt") == 0 || strcmp(l, "bx") == 0 || strcmp(l, "sc") == 0)
		return code_xml(r, n, 0, BT_RUN_OPEN | br);
	if (strcmp(l, "ept") == 0 || strcmp(l, "ex") == 0 || strcmp(l, "ec") == 0)
		return code_xml(r, n, 0, BT_RUN_CLOSE | br);
	return code_xml(r, n, 0, br);
}

/* The runs of an element's content. */
static int content(xr *r, const xmlNode *parent)
{
	int rc = 0;
	for (const xmlNode *n = parent->children; n && !rc; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			rc = text_run(r, (const char *)n->content, strlen((const char *)n->content));
		else if (n->type == XML_ELEMENT_NODE)
			rc = inline_el(r, n);
	}
	return rc;
}

/* ---- segments ------------------------------------------------------- */

static int seg_add(xr *r, iseg **out)
{
	if (r->n_segs == r->cap_segs) {
		size_t cap = r->cap_segs ? r->cap_segs * 2 : 256;
		iseg *v = bt_realloc(r->segs, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		r->segs = v;
		r->cap_segs = cap;
	}
	*out = &r->segs[r->n_segs++];
	memset(*out, 0, sizeof **out);
	(*out)->file = r->file;
	return 0;
}

/* The unit's notes, joined. */
static int notes_of(xr *r, const xmlNode *unit, size_t *off)
{
	bt_buf *b = &r->ser;
	int rc = 0;
	bt_buf_clear(b);
	for (const xmlNode *n = unit->children; n && !rc; n = n->next) {
		const xmlNode *list = is(n, "notes") ? n->children : is(n, "note") ? n : NULL;
		for (const xmlNode *k = list; k && !rc; k = is(n, "notes") ? k->next : NULL) {
			xmlChar *t;
			if (!is(k, "note"))
				continue;
			t = xmlNodeGetContent(k);
			if (b->len)
				rc = bt_buf_put(b, "\n", 1);
			if (!rc && t)
				rc = bt_buf_puts(b, (const char *)t);
			xmlFree(t);
		}
	}
	if (rc)
		return rc;
	return pool_add(r, b->ptr ? b->ptr : "", b->len, off);
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (is(k, local))
			return k;
	return NULL;
}

/* The segment markers under n (anywhere: Trados wraps them in <g>), in
 * order, at most max. */
static size_t seg_mrks(const xmlNode *n, const xmlNode **out, size_t max, size_t got)
{
	for (const xmlNode *k = n ? n->children : NULL; k && got < max; k = k->next) {
		if (is_seg_mrk(k))
			out[got++] = k;
		else if (k->type == XML_ELEMENT_NODE)
			got = seg_mrks(k, out, max, got);
	}
	return got;
}

/* The state of segment `mid` (Trados Studio's sdl:seg conf). */
static const char *sdl_conf(const xmlNode *unit, const char *mid)
{
	for (const xmlNode *d = unit->children; d; d = d->next) {
		if (!is(d, "seg-defs"))
			continue;
		for (const xmlNode *s = d->children; s; s = s->next) {
			const char *id = is(s, "seg") ? attr(s, "id", NULL) : NULL;
			if (id && mid && strcmp(id, mid) == 0)
				return attr(s, "conf", NULL);
		}
	}
	return NULL;
}

static const char *unit_state(const xmlNode *unit, const xmlNode *target)
{
	const char *s;
	if ((s = attr(unit, "status", MQ_NS)) != NULL)
		return s;
	if (target && (s = attr(target, "state", NULL)) != NULL)
		return s;
	if ((s = attr(unit, "approved", NULL)) != NULL && strcmp(s, "yes") == 0)
		return "approved";
	return "";
}

/* One segment from source and target content (either may be a <mrk>). */
static int segment(xr *r, const xmlNode *unit, const char *id, const xmlNode *src, const xmlNode *tgt,
		   const char *state, size_t notes)
{
	iseg *s = NULL;
	int rc;
	if ((rc = seg_add(r, &s)) != 0)
		return rc;
	s->line = xmlGetLineNo((xmlNode *)unit);
	s->notes = notes;
	if ((rc = pool_str(r, id, &s->id)) != 0 || (rc = pool_str(r, state, &s->state)) != 0 ||
	    (rc = pool_str(r, attr(unit, "restype", NULL), &s->restype)) != 0)
		return rc;
	s->src_first = r->floor = r->n_runs;
	if ((rc = content(r, src)) != 0)
		return rc;
	s = &r->segs[r->n_segs - 1]; /* the array does not move, the pool may */
	s->n_src = r->n_runs - s->src_first;
	s->tgt_first = r->floor = r->n_runs;
	if (tgt) {
		s->has_tgt = 1;
		if ((rc = content(r, tgt)) != 0)
			return rc;
		s = &r->segs[r->n_segs - 1];
		s->n_tgt = r->n_runs - s->tgt_first;
	}
	return 0;
}

static int fail_at(xr *r, const xmlNode *n, const char *msg)
{
	return bt_fail(BT_EINPUT, r->name, xmlGetLineNo((xmlNode *)n), -1, "%s", msg);
}

/* A 1.x <trans-unit>. */
static int trans_unit(xr *r, const xmlNode *u)
{
	enum { MAX_SEGS = 4096 };
	const xmlNode *src = child(u, "source"), *segsrc = child(u, "seg-source"), *tgt = child(u, "target");
	const xmlNode **sm = NULL, **tm = NULL;
	const char *id = attr(u, "id", NULL);
	size_t notes, ns = 0, nt = 0;
	char sid[512];
	int rc;

	if (!src)
		return fail_at(r, u, "<trans-unit> without <source>");
	if ((rc = notes_of(r, u, &notes)) != 0)
		return rc;
	if (!id)
		id = "";
	if (segsrc) {
		if (!(sm = bt_malloc(2 * MAX_SEGS * sizeof *sm)))
			return bt_fail_nomem();
		tm = sm + MAX_SEGS;
		ns = seg_mrks(segsrc, sm, MAX_SEGS, 0);
		nt = tgt ? seg_mrks(tgt, tm, MAX_SEGS, 0) : 0;
	}
	if (ns == 0) {
		rc = segment(r, u, id, src, tgt, unit_state(u, tgt), notes);
	} else {
		rc = 0;
		for (size_t i = 0; i < ns && !rc; i++) {
			const char *mid = attr(sm[i], "mid", NULL);
			const xmlNode *t = NULL;
			const char *st = sdl_conf(u, mid);
			for (size_t k = 0; k < nt && !t; k++) {
				const char *tmid = attr(tm[k], "mid", NULL);
				if (mid && tmid && strcmp(mid, tmid) == 0)
					t = tm[k];
			}
			if (!t && nt == 0 && ns == 1)
				t = tgt; /* a target not yet segmented */
			snprintf(sid, sizeof sid, "%s%s%s", id, ns > 1 ? "/" : "", ns > 1 ? (mid ? mid : "?") : "");
			rc = segment(r, u, sid, sm[i], t, st ? st : unit_state(u, tgt), notes);
		}
	}
	bt_free(sm);
	return rc;
}

/* A 2.x <unit>: its <segment>s. */
static int unit2(xr *r, const xmlNode *u)
{
	const char *id = attr(u, "id", NULL);
	size_t notes, n = 0;
	char sid[512];
	int rc;
	if ((rc = notes_of(r, u, &notes)) != 0)
		return rc;
	for (const xmlNode *s = u->children; s; s = s->next)
		n += is(s, "segment");
	for (const xmlNode *s = u->children; s && !rc; s = s->next) {
		const xmlNode *src, *tgt;
		const char *segid, *state;
		if (!is(s, "segment"))
			continue;
		if (!(src = child(s, "source")))
			return fail_at(r, s, "<segment> without <source>");
		tgt = child(s, "target");
		segid = attr(s, "id", NULL);
		state = attr(s, "state", NULL);
		snprintf(sid, sizeof sid, "%s%s%s", id ? id : "", n > 1 ? "/" : "", n > 1 ? (segid ? segid : "?") : "");
		rc = segment(r, u, sid, src, tgt, state ? state : tgt ? "initial" : "", notes);
	}
	return rc;
}

/* Trados Studio's <tag-defs>: which placeholder stands for a <br>. */
static int tag_defs(xr *r, const xmlNode *header)
{
	for (const xmlNode *d = header ? header->children : NULL; d; d = d->next) {
		if (!is(d, "tag-defs"))
			continue;
		for (const xmlNode *t = d->children; t; t = t->next) {
			const char *id = is(t, "tag") ? attr(t, "id", NULL) : NULL;
			xmlChar *native;
			if (!id)
				continue;
			if (r->n_tags == r->cap_tags) {
				size_t cap = r->cap_tags ? r->cap_tags * 2 : 64;
				tagdef *v = bt_realloc(r->tags, cap * sizeof *v);
				if (!v)
					return bt_fail_nomem();
				r->tags = v;
				r->cap_tags = cap;
			}
			snprintf(r->tags[r->n_tags].id, sizeof r->tags[r->n_tags].id, "%s", id);
			native = xmlNodeGetContent(t);
			r->tags[r->n_tags++].is_break = looks_like_break((const char *)native);
			xmlFree(native);
		}
	}
	return 0;
}

/* Units anywhere below n (1.x groups, 2.x groups). */
static int units(xr *r, const xmlNode *n, int depth)
{
	int rc = 0;
	for (const xmlNode *k = n->children; k && !rc; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!r->v2 && is(k, "trans-unit"))
			rc = trans_unit(r, k);
		else if (r->v2 && is(k, "unit"))
			rc = unit2(r, k);
		else if ((is(k, "group") || is(k, "body")) && depth < 200)
			rc = units(r, k, depth + 1);
	}
	return rc;
}

static void dialect(xr *r, const xmlNode *root)
{
	bt_xliff *x = r->x;
	const char *d = "xliff";
	for (const xmlNs *ns = root->nsDef; ns; ns = ns->next) {
		if (strcmp((const char *)ns->href, SDL_NS) == 0)
			d = "sdlxliff";
		else if (strcmp((const char *)ns->href, MQ_NS) == 0)
			d = "mqxliff";
		else if (strcmp((const char *)ns->href, OKP_NS) == 0 && strcmp(d, "xliff") == 0)
			d = "okapi";
	}
	if (strcmp(d, "xliff") == 0) {
		/* the tool a 1.x file names (<file tool=...>, <tool tool-id=...>) */
		xmlNode *f = (xmlNode *)child(root, "file");
		const xmlNode *h = child(f, "header"), *t = child(h, "tool");
		const char *tool = f ? attr(f, "tool", NULL) : NULL;
		if (!tool && t)
			tool = attr(t, "tool-id", NULL) ? attr(t, "tool-id", NULL) : attr(t, "tool-name", NULL);
		if (!tool && f)
			tool = attr(f, "tool-id", NULL);
		if (tool && strcasestr(tool, "omegat"))
			d = "omegat";
		else if (tool && (strcasestr(tool, "translate-toolkit") || strcasestr(tool, "translate toolkit")))
			d = "translate-toolkit";
		else if (tool && strcasestr(tool, "okapi"))
			d = "okapi";
	}
	snprintf(x->dialect, sizeof x->dialect, "%s", d);
}

static int walk(xr *r, const xmlNode *root)
{
	const char *v = attr(root, "version", NULL);
	int rc = 0;
	snprintf(r->x->version, sizeof r->x->version, "%s", v ? v : "");
	r->v2 = v && v[0] >= '2';
	dialect(r, root);
	if (r->v2) {
		const char *s = attr(root, "srcLang", NULL), *t = attr(root, "trgLang", NULL);
		snprintf(r->x->src_lang, sizeof r->x->src_lang, "%s", s ? s : "");
		snprintf(r->x->tgt_lang, sizeof r->x->tgt_lang, "%s", t ? t : "");
	}
	for (const xmlNode *f = root->children; f && !rc; f = f->next) {
		const char *name;
		if (!is(f, "file"))
			continue;
		if (!r->v2 && !r->x->src_lang[0]) {
			const char *s = attr(f, "source-language", NULL), *t = attr(f, "target-language", NULL);
			snprintf(r->x->src_lang, sizeof r->x->src_lang, "%s", s ? s : "");
			snprintf(r->x->tgt_lang, sizeof r->x->tgt_lang, "%s", t ? t : "");
		}
		name = attr(f, "original", NULL);
		if (!name)
			name = attr(f, "id", NULL);
		if ((rc = pool_str(r, name, &r->file)) != 0 || (rc = tag_defs(r, child(f, "header"))) != 0)
			return rc;
		rc = units(r, f, 0);
	}
	return rc;
}

/* ---- parsing -------------------------------------------------------- */

static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub, const xmlChar *sys,
			  xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	xr *r = c->_private;
	(void)type, (void)pub, (void)sys, (void)content;
	if (!r->rc)
		r->rc = bt_fail(BT_EINPUT, r->name, xmlSAX2GetLineNumber(c), -1,
				"the DTD declares an entity (&%s;): bitext expands no entities", (const char *)name);
	xmlStopParser(c);
}

static void refuse_reference(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr c = ctx;
	xr *r = c->_private;
	if (!r->rc)
		r->rc = bt_fail(BT_EINPUT, r->name, xmlSAX2GetLineNumber(c), -1,
				"entity reference &%s; (only &amp; &lt; &gt; &apos; &quot; are read)", (const char *)name);
	xmlStopParser(c);
}

static int parse(xr *r, const char *data, size_t len, xmlDocPtr *out)
{
	xmlParserCtxtPtr c;
	xmlDocPtr doc;
	bt_xml_saved xs;
	*out = NULL;
	if (len > INT32_MAX)
		return bt_fail(BT_ELIMIT, r->name, -1, -1, "an XLIFF file larger than 2 GiB");
	bt_xml_quiet(&xs);
	if (!(c = xmlNewParserCtxt())) {
		bt_xml_restore(&xs);
		return bt_fail_nomem();
	}
	c->_private = r;
	c->sax->entityDecl = refuse_entity;
	c->sax->reference = refuse_reference;
	c->sax->warning = NULL;
	c->sax->error = NULL;
	doc = xmlCtxtReadMemory(c, data, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r->rc && (!doc || !c->wellFormed)) {
		const xmlError *e = xmlCtxtGetLastError(c);
		char msg[256];
		size_t n;
		snprintf(msg, sizeof msg, "%s", e && e->message ? e->message : "error");
		n = strlen(msg);
		while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		r->rc = bt_fail(BT_EINPUT, r->name, e && e->line > 0 ? e->line : -1, -1, "not well-formed XML: %s", msg);
	}
	xmlFreeParserCtxt(c);
	bt_xml_restore(&xs);
	if (r->rc) {
		xmlFreeDoc(doc);
		return r->rc;
	}
	*out = doc;
	return 0;
}

/* The public arrays, now that the pool stays where it is. */
static int publish(xr *r)
{
	bt_xliff *x = r->x;
	if (!(x->runs_ = bt_malloc((r->n_runs ? r->n_runs : 1) * sizeof *x->runs_)) ||
	    !(x->segs = bt_malloc((r->n_segs ? r->n_segs : 1) * sizeof *x->segs)))
		return bt_fail_nomem();
	x->pool_ = r->pool.ptr;
	x->pool_len_ = r->pool.len;
	x->pool_cap_ = r->pool.cap;
	r->pool = (bt_buf)BT_BUF_INIT;
	for (size_t i = 0; i < r->n_runs; i++)
		x->runs_[i] = (bt_run){r->runs[i].kind, r->runs[i].flags, x->pool_ + r->runs[i].off, r->runs[i].len};
	x->n_runs_ = x->cap_runs_ = r->n_runs;
	for (size_t i = 0; i < r->n_segs; i++) {
		const iseg *s = &r->segs[i];
		x->segs[i] = (bt_xliff_seg){x->pool_ + s->id, x->pool_ + s->file, x->runs_ + s->src_first, s->n_src,
					    s->has_tgt ? x->runs_ + s->tgt_first : NULL, s->n_tgt, x->pool_ + s->state,
					    x->pool_ + s->notes, s->line, x->pool_ + s->restype};
	}
	x->n_segs = x->cap_segs_ = r->n_segs;
	return 0;
}

int bt_xliff_read(bt_xliff *x, const char *data, size_t len, const char *name)
{
	xr r;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	int rc;

	bt_xliff_dispose(x);
	memset(&r, 0, sizeof r);
	r.x = x;
	r.name = name ? name : "<input>";
	if ((rc = parse(&r, data ? data : "", len, &doc)) != 0)
		goto done;
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "xliff") != 0) {
		rc = bt_fail(BT_EINPUT, r.name, root ? xmlGetLineNo(root) : -1, -1, "the root element is <%s>, not <xliff>",
			     root ? (const char *)root->name : "");
		goto done;
	}
	if ((rc = pool_str(&r, "", &r.file)) != 0 || (rc = walk(&r, root)) != 0 || (rc = publish(&r)) != 0)
		goto done;
done:
	xmlFreeDoc(doc);
	bt_buf_dispose(&r.pool);
	bt_buf_dispose(&r.scratch);
	bt_buf_dispose(&r.ser);
	bt_free(r.runs);
	bt_free(r.segs);
	bt_free(r.tags);
	if (rc)
		bt_xliff_dispose(x);
	return rc;
}

void bt_xliff_dispose(bt_xliff *x)
{
	if (!x)
		return;
	bt_free(x->pool_);
	bt_free(x->runs_);
	bt_free(x->segs);
	memset(x, 0, sizeof *x);
}

int bt_xliff_plain(bt_buf *out, const bt_run *runs, size_t n)
{
	int rc;
	for (size_t i = 0; i < n; i++) {
		const bt_run *ru = &runs[i];
		if (ru->kind == BT_RUN_TEXT) {
			if ((rc = bt_buf_put(out, ru->text, ru->len)) != 0)
				return rc;
		} else if (ru->flags & BT_RUN_BREAK) {
			/* a space unless one is there already, before or after */
			char last = out->len ? out->ptr[out->len - 1] : ' ', next = 'x';
			for (size_t k = i + 1; k < n; k++)
				if (runs[k].kind == BT_RUN_TEXT && runs[k].len) {
					next = runs[k].text[0];
					break;
				}
			if (last != ' ' && last != '\n' && last != '\t' && next != ' ' && next != '\n' && next != '\t' &&
			    (rc = bt_buf_put(out, " ", 1)) != 0)
				return rc;
		} else if (!(ru->flags & (BT_RUN_OPEN | BT_RUN_CLOSE)) && (rc = bt_buf_put(out, "\xEF\xBF\xBC", 3)) != 0) {
			return rc;
		}
	}
	if (!out->ptr && (rc = bt_buf_grow(out, 0)) == 0)
		out->ptr[0] = '\0';
	return 0;
}
