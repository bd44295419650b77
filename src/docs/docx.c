/* docx.c: Office Open XML WordprocessingML (DOCX) to blocks.
 *
 * The package: _rels/.rels names the main part (word/document.xml as a
 * rule) and the core properties (title, language); the main part's
 * relationships name styles, footnotes, endnotes, headers and footers.
 * Styles are read first (heading levels and hidden text hang on them),
 * then the notes (kept aside, placed after the paragraph that refers to
 * them), then the body in order, then the headers and footers the body's
 * sections refer to. Every part goes through the same SAX reader.
 *
 * What the body reader keeps is the text Word shows with all changes
 * accepted: w:ins kept, w:del and w:moveFrom dropped, hidden runs
 * (w:vanish, directly or by style) dropped, field codes (w:instrText,
 * between the begin and separate w:fldChar) dropped and field results
 * kept; w:tab is a tab, w:br and w:cr line breaks, w:noBreakHyphen
 * U+2011, w:softHyphen nothing. Of mc:AlternateContent the first
 * mc:Choice is read, never the mc:Fallback that repeats it. */
#include "docbuild.h"
#include "error.h"
#include "format.h"
#include "xmlsax.h"
#include "zipread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define R_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define DC_NS "http://purl.org/dc/elements/1.1/"

enum { MAX_DEPTH = 300, MAX_FIELDS = 64, MAX_AC = 32, MAX_CHAIN = 16, MAX_NEST = 16 };

/* ---- styles --------------------------------------------------------- */

typedef struct dstyle {
	char id[64], based_on[64];
	int outline;  /* w:outlineLvl 0-9, or -1 */
	int name_kind; /* a kind its name gives (heading N, Title, caption), or -1 */
	int name_level;
	int vanish;   /* -1 unset, 0, 1 */
	int numbered; /* -1 unset, 0 (numId 0), 1 */
	int is_default_para;
} dstyle;

typedef struct dstyles {
	dstyle *v;
	size_t n, cap;
	char lang[64]; /* w:docDefaults' language */
} dstyles;

static int style_cmp(const void *a, const void *b)
{
	return strcmp(((const dstyle *)a)->id, ((const dstyle *)b)->id);
}

static const dstyle *style_find(const dstyles *ss, const char *id)
{
	dstyle key;
	if (!id[0] || !ss->n)
		return NULL;
	snprintf(key.id, sizeof key.id, "%s", id);
	return bsearch(&key, ss->v, ss->n, sizeof *ss->v, style_cmp);
}

static const dstyle *style_default(const dstyles *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].is_default_para)
			return &ss->v[i];
	return NULL;
}

/* "heading 3" -> HEADING 3; "Title", "Subtitle" -> TITLE; "caption". The
 * built-in names are English in every localized Word (the styleId is
 * what gets translated, "Kop1"); other names reach a heading through
 * their outline level or a basedOn chain. */
static void style_name_kind(dstyle *st, const char *name)
{
	st->name_kind = -1;
	if (strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' && name[8] <= '9' && !name[9]) {
		st->name_kind = BT_BLOCK_HEADING;
		st->name_level = name[8] - '0';
	} else if (strcasecmp(name, "title") == 0 || strcasecmp(name, "subtitle") == 0) {
		st->name_kind = BT_BLOCK_TITLE;
		st->name_level = 0;
	} else if (strcasecmp(name, "caption") == 0) {
		st->name_kind = BT_BLOCK_CAPTION;
		st->name_level = 0;
	}
}

/* Follows basedOn from `st` (at most MAX_CHAIN styles, so a loop ends):
 * the first style where `field` is set decides. */
#define STYLE_WALK(ss, st0, cond, action)                                      \
	do {                                                                   \
		const dstyle *s_ = (st0);                                      \
		for (int k_ = 0; s_ && k_ < MAX_CHAIN; k_++) {                 \
			if (cond) {                                            \
				action;                                        \
				break;                                         \
			}                                                      \
			s_ = style_find((ss), s_->based_on);                   \
		}                                                              \
	} while (0)

/* ---- the SAX reader's state ----------------------------------------- */

typedef struct note {
	long id;
	size_t first, n; /* blocks of the notes document */
} note;

typedef struct notes {
	bt_doc doc;
	note *v;
	size_t n, cap;
} notes;

typedef struct rel {
	char id[64], type[32], target[512];
} rel;

typedef struct rels {
	rel *v;
	size_t n, cap;
} rels;

/* What a paragraph and its current run are; saved while a paragraph
 * nested in it (a text box's) is read. */
typedef struct pstate {
	char pstyle[64], rstyle[64];
	int p_outline, p_num, p_ilvl, p_mark_deleted;
	int r_vanish, r_hidden;
} pstate;

typedef struct dx {
	bt_sax sax; /* first: the callbacks' ud */
	char name[1024];
	docb *b;
	bt_doc *doc;
	const dstyles *styles;
	const notes *foot, *end;
	unsigned flags;
	const xmlChar *w_uri, *mc_uri, *wp_uri; /* interned by libxml2: compared by pointer once known */
	int depth, skip;
	int container[MAX_DEPTH];  /* block kind for paragraphs at each depth */
	int in_ppr, in_rpr, in_t;
	int p_depth, r_depth;
	/* the paragraph */
	char pstyle[64];
	int p_outline, p_num, p_ilvl, p_mark_deleted;
	int merge_pending, merge_depth;
	pstate saved[MAX_NEST];
	int n_open; /* paragraphs open */
	/* the run */
	char rstyle[64];
	int r_vanish, r_hidden;
	int counted_hidden;
	/* fields: 0 code, 1 result, per open field */
	unsigned char fld[MAX_FIELDS];
	int n_fld, n_code, fld_overflow;
	/* mc:AlternateContent: depth and whether a choice was taken */
	int ac_depth[MAX_AC], ac_taken[MAX_AC], n_ac;
	/* notes part: the note being read */
	notes *collect;
	long note_id;
	size_t note_first;
	/* headers and footers referred to, in order */
	rels *hf;
	const rels *doc_rels;
} dx;

static int is_ns(dx *x, const xmlChar *uri, const xmlChar **cache, const char *a, const char *b)
{
	if (!uri)
		return 0;
	if (uri == *cache)
		return 1;
	if (strcmp((const char *)uri, a) == 0 || (b && strcmp((const char *)uri, b) == 0)) {
		*cache = uri;
		return 1;
	}
	(void)x;
	return 0;
}

#define IS_W(x, uri) is_ns((x), (uri), &(x)->w_uri, W_NS, W_NS_STRICT)

/* w:val of a start tag, or "" */
static void wval(dx *x, const xmlChar **attrs, int n, char *buf, size_t size)
{
	(void)x;
	if (!bt_sax_attr(attrs, n, NULL, "val", buf, size))
		buf[0] = '\0';
}

/* An on/off property: absent val, "1", "true", "on" are on. */
static int onoff(const xmlChar **attrs, int n)
{
	char v[16];
	if (!bt_sax_attr(attrs, n, NULL, "val", v, sizeof v))
		return 1;
	return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
}

static void stop_on(dx *x, int rc)
{
	if (rc)
		bt_sax_stop(&x->sax, rc);
}

/* ---- paragraphs ----------------------------------------------------- */

static int container_kind(const dx *x)
{
	return x->container[x->depth < MAX_DEPTH ? x->depth : MAX_DEPTH - 1];
}

static void para_kind(const dx *x, int *kind, int *level)
{
	const dstyles *ss = x->styles;
	const dstyle *st = ss ? (x->pstyle[0] ? style_find(ss, x->pstyle) : style_default(ss)) : NULL;
	int outline = x->p_outline, numbered = x->p_num, ck = container_kind(x);
	*kind = ck;
	*level = 0;
	if (ck != BT_BLOCK_PARAGRAPH && ck != BT_BLOCK_TABLE_CELL && ck != BT_BLOCK_TEXTBOX)
		return; /* a note, header or footer stays one */
	if (outline < 0 && ss)
		STYLE_WALK(ss, st, s_->outline >= 0, outline = s_->outline);
	if (outline >= 0 && outline <= 8) {
		*kind = BT_BLOCK_HEADING;
		*level = outline + 1;
		return;
	}
	if (outline < 0 && ss) {
		int nk = -1, nl = 0;
		STYLE_WALK(ss, st, s_->name_kind >= 0, (nk = s_->name_kind, nl = s_->name_level));
		if (nk >= 0) {
			*kind = nk;
			*level = nl;
			return;
		}
	}
	if (numbered < 0 && ss)
		STYLE_WALK(ss, st, s_->numbered >= 0, numbered = s_->numbered);
	if (numbered > 0) {
		*kind = BT_BLOCK_LIST_ITEM;
		*level = x->p_ilvl + 1;
	}
}

static int style_vanish(const dx *x, const char *id)
{
	int v = -1;
	if (x->styles && id[0])
		STYLE_WALK(x->styles, style_find(x->styles, id), s_->vanish >= 0, v = s_->vanish);
	return v;
}

static void close_merged(dx *x)
{
	if (x->merge_pending) {
		x->merge_pending = 0;
		stop_on(x, bt_docb_close_block(x->b));
	}
}

static void para_save(dx *x)
{
	if (x->n_open > 0 && x->n_open <= MAX_NEST) {
		pstate *p = &x->saved[x->n_open - 1];
		memcpy(p->pstyle, x->pstyle, sizeof p->pstyle);
		memcpy(p->rstyle, x->rstyle, sizeof p->rstyle);
		p->p_outline = x->p_outline, p->p_num = x->p_num, p->p_ilvl = x->p_ilvl;
		p->p_mark_deleted = x->p_mark_deleted;
		p->r_vanish = x->r_vanish, p->r_hidden = x->r_hidden;
	}
	x->n_open++;
}

static void para_restore(dx *x)
{
	if (x->n_open > 0)
		x->n_open--;
	if (x->n_open > 0 && x->n_open <= MAX_NEST) {
		const pstate *p = &x->saved[x->n_open - 1];
		memcpy(x->pstyle, p->pstyle, sizeof p->pstyle);
		memcpy(x->rstyle, p->rstyle, sizeof p->rstyle);
		x->p_outline = p->p_outline, x->p_num = p->p_num, x->p_ilvl = p->p_ilvl;
		x->p_mark_deleted = p->p_mark_deleted;
		x->r_vanish = p->r_vanish, x->r_hidden = p->r_hidden;
	}
}

static void para_start(dx *x)
{
	int kind, level;
	para_save(x);
	x->pstyle[0] = '\0';
	x->p_outline = x->p_num = -1;
	x->p_ilvl = 0;
	x->p_mark_deleted = 0;
	x->p_depth = x->depth;
	if (x->merge_pending && x->merge_depth == x->depth) {
		/* the previous paragraph's mark was deleted: accepted, the two
		 * are one paragraph (a line break keeps their words apart) */
		x->merge_pending = 0;
		stop_on(x, bt_docb_text(x->b, "\n", 1));
		return;
	}
	close_merged(x);
	para_kind(x, &kind, &level);
	stop_on(x, bt_docb_open_block(x->b, kind, level));
}

/* depth: the w:p's own */
static void para_end(dx *x, int depth)
{
	int deleted_mark = x->p_mark_deleted;
	para_restore(x);
	if (deleted_mark && x->n_open == 0) {
		x->merge_pending = 1;
		x->merge_depth = depth;
		return;
	}
	stop_on(x, bt_docb_close_block(x->b));
}

static void ppr_end(dx *x)
{
	int kind, level;
	para_kind(x, &kind, &level);
	bt_docb_set_kind(x->b, kind, level);
}

/* ---- runs ----------------------------------------------------------- */

static int run_visible(const dx *x)
{
	return !x->r_hidden && x->n_code == 0 && !x->fld_overflow;
}

static void run_resolve(dx *x)
{
	int v = x->r_vanish;
	if (v < 0)
		v = style_vanish(x, x->rstyle);
	if (v < 0)
		v = style_vanish(x, x->pstyle);
	x->r_hidden = v > 0;
	x->counted_hidden = 0;
}

static void put(dx *x, const char *s, size_t n)
{
	if (!run_visible(x)) {
		if (x->r_hidden && x->n_code == 0 && !x->counted_hidden)
			x->doc->counts[BT_DOC_HIDDEN]++, x->counted_hidden = 1;
		return;
	}
	stop_on(x, bt_docb_text(x->b, s, n));
}

static void field_char(dx *x, const xmlChar **attrs, int n)
{
	char t[16];
	if (!bt_sax_attr(attrs, n, NULL, "fldCharType", t, sizeof t))
		return;
	if (strcmp(t, "begin") == 0) {
		x->doc->counts[BT_DOC_FIELD_CODES]++;
		if (x->n_fld == MAX_FIELDS) {
			x->fld_overflow++;
			return;
		}
		x->fld[x->n_fld++] = 0;
		x->n_code++;
	} else if (strcmp(t, "separate") == 0) {
		if (!x->fld_overflow && x->n_fld > 0 && x->fld[x->n_fld - 1] == 0)
			x->fld[x->n_fld - 1] = 1, x->n_code--;
	} else if (strcmp(t, "end") == 0) {
		if (x->fld_overflow)
			x->fld_overflow--;
		else if (x->n_fld > 0 && x->fld[--x->n_fld] == 0)
			x->n_code--;
	}
}

static int note_cmp(const void *a, const void *b)
{
	long x = ((const note *)a)->id, y = ((const note *)b)->id;
	return x < y ? -1 : x > y;
}

static void note_ref(dx *x, const notes *ns, int kind, const xmlChar **attrs, int n)
{
	char v[32];
	note key;
	const note *nt;
	if (!ns || !ns->n || !run_visible(x) || !bt_sax_attr(attrs, n, NULL, "id", v, sizeof v))
		return;
	key.id = strtol(v, NULL, 10);
	if (!(nt = bsearch(&key, ns->v, ns->n, sizeof *ns->v, note_cmp)))
		return; /* a reference to no note: nothing to place */
	for (size_t k = nt->first; k < nt->first + nt->n; k++) {
		const bt_block *bl = &ns->doc.blocks[k];
		stop_on(x, bt_docb_add_aside(x->b, kind, 0, ns->doc.text.ptr + bl->start, bl->end - bl->start));
	}
}

static void alt_text(dx *x, const xmlChar **attrs, int n)
{
	char v[2048];
	if (!bt_sax_attr(attrs, n, NULL, "descr", v, sizeof v) || !v[0])
		if (!bt_sax_attr(attrs, n, NULL, "title", v, sizeof v) || !v[0])
			return;
	if (x->flags & BT_DOC_ALT_TEXT)
		stop_on(x, bt_docb_add_aside(x->b, BT_BLOCK_ALT, 0, v, strlen(v)));
	else
		x->doc->counts[BT_DOC_ALT_TEXTS]++;
}

static void hf_ref(dx *x, const xmlChar **attrs, int n)
{
	char id[64];
	rel *r;
	if (!x->hf || !x->doc_rels || !bt_sax_attr(attrs, n, NULL, "id", id, sizeof id))
		return;
	for (size_t i = 0; i < x->doc_rels->n; i++) {
		const rel *d = &x->doc_rels->v[i];
		if (strcmp(d->id, id) != 0 || (strcmp(d->type, "header") != 0 && strcmp(d->type, "footer") != 0))
			continue;
		for (size_t k = 0; k < x->hf->n; k++)
			if (strcmp(x->hf->v[k].target, d->target) == 0)
				return; /* each part once */
		if (x->hf->n == x->hf->cap) {
			size_t cap = x->hf->cap ? x->hf->cap * 2 : 8;
			rel *v = bt_realloc(x->hf->v, cap * sizeof *v);
			if (!v) {
				stop_on(x, bt_fail_nomem());
				return;
			}
			x->hf->v = v;
			x->hf->cap = cap;
		}
		r = &x->hf->v[x->hf->n++];
		*r = *d;
		return;
	}
}

/* ---- element dispatch ----------------------------------------------- */

/* Elements whose whole content is left out (and what it counts as). */
static int skipped(dx *x, const char *l)
{
	switch (l[0]) {
	case 'd':
		if (strcmp(l, "del") == 0) {
			x->doc->counts[BT_DOC_TRACKED_DELETIONS]++;
			return 1;
		}
		return strcmp(l, "delText") == 0 || strcmp(l, "delInstrText") == 0;
	case 'm':
		if (strcmp(l, "moveFrom") == 0) {
			x->doc->counts[BT_DOC_MOVED_FROM]++;
			return 1;
		}
		return 0;
	case 'i':
		return strcmp(l, "instrText") == 0;
	case 'r':
		return strcmp(l, "rt") == 0 || strcmp(l, "rPrChange") == 0;
	case 'p':
		return strcmp(l, "pPrChange") == 0;
	case 's':
		return strcmp(l, "sdtPr") == 0 || strcmp(l, "sdtEndPr") == 0;
	case 't':
		return strcmp(l, "tblPr") == 0 || strcmp(l, "tcPr") == 0 || strcmp(l, "trPr") == 0 ||
		       strcmp(l, "tblGrid") == 0 || strcmp(l, "tblPrEx") == 0;
	}
	return 0;
}

/* Inside w:pPr: the paragraph's style, outline level, numbering, and
 * whether its mark was deleted. */
static void ppr_child(dx *x, const char *l, const xmlChar **attrs, int n)
{
	char v[64];
	if (strcmp(l, "pPrChange") == 0) {
		x->skip = x->depth; /* the properties before a tracked change */
	} else if (strcmp(l, "pStyle") == 0) {
		wval(x, attrs, n, x->pstyle, sizeof x->pstyle);
	} else if (strcmp(l, "outlineLvl") == 0) {
		wval(x, attrs, n, v, sizeof v);
		x->p_outline = v[0] ? atoi(v) : -1;
	} else if (strcmp(l, "numId") == 0) {
		wval(x, attrs, n, v, sizeof v);
		x->p_num = atoi(v) != 0;
	} else if (strcmp(l, "ilvl") == 0) {
		wval(x, attrs, n, v, sizeof v);
		x->p_ilvl = atoi(v);
		if (x->p_ilvl < 0 || x->p_ilvl > 8)
			x->p_ilvl = 0;
	} else if (strcmp(l, "del") == 0 && x->in_rpr) {
		x->p_mark_deleted = 1;
	} else if (strcmp(l, "rPr") == 0) {
		x->in_rpr = 1;
	} else if (strcmp(l, "headerReference") == 0 || strcmp(l, "footerReference") == 0) {
		hf_ref(x, attrs, n);
	}
}

static void run_child(dx *x, const char *l, const xmlChar **attrs, int n)
{
	switch (l[0]) {
	case 't':
		if (l[1] == '\0')
			x->in_t = 1;
		else if (strcmp(l, "tab") == 0)
			put(x, "\t", 1);
		break;
	case 'b':
		if (l[1] == 'r' && l[2] == '\0')
			put(x, "\n", 1);
		break;
	case 'c':
		if (strcmp(l, "cr") == 0)
			put(x, "\n", 1);
		else if (strcmp(l, "commentReference") == 0)
			x->doc->counts[BT_DOC_COMMENTS]++;
		break;
	case 'p':
		if (strcmp(l, "ptab") == 0)
			put(x, "\t", 1);
		break;
	case 'n':
		if (strcmp(l, "noBreakHyphen") == 0)
			put(x, "\xE2\x80\x91", 3);
		break;
	case 's':
		if (strcmp(l, "softHyphen") == 0 && run_visible(x))
			x->doc->counts[BT_DOC_SOFT_HYPHENS]++;
		else if (strcmp(l, "sym") == 0 && run_visible(x))
			x->doc->counts[BT_DOC_SYMBOLS]++;
		break;
	case 'f':
		if (strcmp(l, "fldChar") == 0)
			field_char(x, attrs, n);
		else if (strcmp(l, "footnoteReference") == 0)
			note_ref(x, x->foot, BT_BLOCK_FOOTNOTE, attrs, n);
		break;
	case 'e':
		if (strcmp(l, "endnoteReference") == 0)
			note_ref(x, x->end, BT_BLOCK_ENDNOTE, attrs, n);
		break;
	case 'r':
		if (strcmp(l, "rPr") == 0)
			x->in_rpr = 1;
		break;
	}
}

static void rpr_child(dx *x, const char *l, const xmlChar **attrs, int n)
{
	if (strcmp(l, "rPrChange") == 0)
		x->skip = x->depth;
	else if (strcmp(l, "vanish") == 0)
		x->r_vanish = onoff(attrs, n);
	else if (strcmp(l, "rStyle") == 0)
		wval(x, attrs, n, x->rstyle, sizeof x->rstyle);
}

/* Note parts: each w:footnote / w:endnote is read as blocks of its own
 * document, remembered by id; separators are not notes. */
static void note_start(dx *x, const xmlChar **attrs, int n)
{
	char v[32];
	if (bt_sax_attr(attrs, n, NULL, "type", v, sizeof v) && strcmp(v, "normal") != 0) {
		x->skip = x->depth;
		return;
	}
	x->note_id = bt_sax_attr(attrs, n, NULL, "id", v, sizeof v) ? strtol(v, NULL, 10) : -1;
	x->note_first = x->doc->n_blocks;
}

static void note_end(dx *x)
{
	notes *ns = x->collect;
	close_merged(x);
	stop_on(x, bt_docb_finish(x->b));
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 16;
		note *v = bt_realloc(ns->v, cap * sizeof *v);
		if (!v) {
			stop_on(x, bt_fail_nomem());
			return;
		}
		ns->v = v;
		ns->cap = cap;
	}
	ns->v[ns->n++] = (note){x->note_id, x->note_first, x->doc->n_blocks - x->note_first};
}

static void set_container(dx *x, int kind)
{
	if (x->depth < MAX_DEPTH)
		x->container[x->depth] = kind;
}

static void mc_start(dx *x, const char *l)
{
	if (strcmp(l, "AlternateContent") == 0) {
		if (x->n_ac < MAX_AC)
			x->ac_depth[x->n_ac] = x->depth, x->ac_taken[x->n_ac] = 0;
		x->n_ac++;
	} else if ((strcmp(l, "Choice") == 0 || strcmp(l, "Fallback") == 0) && x->n_ac > 0 && x->n_ac <= MAX_AC) {
		if (x->ac_taken[x->n_ac - 1])
			x->skip = x->depth;
		else
			x->ac_taken[x->n_ac - 1] = 1;
	}
}

static void w_start(dx *x, const char *l, const xmlChar **attrs, int n)
{
	if (x->in_ppr) {
		ppr_child(x, l, attrs, n);
		return;
	}
	if (x->in_rpr) {
		rpr_child(x, l, attrs, n);
		return;
	}
	if (skipped(x, l)) {
		x->skip = x->depth;
		return;
	}
	if (strcmp(l, "p") == 0) {
		para_start(x);
	} else if (strcmp(l, "pPr") == 0) {
		x->in_ppr = 1;
	} else if (strcmp(l, "r") == 0) {
		x->r_depth = x->depth;
		x->rstyle[0] = '\0';
		x->r_vanish = -1;
		run_resolve(x);
	} else if (strcmp(l, "ins") == 0) {
		x->doc->counts[BT_DOC_TRACKED_INSERTIONS]++;
	} else if (strcmp(l, "tc") == 0) {
		set_container(x, BT_BLOCK_TABLE_CELL);
	} else if (strcmp(l, "tbl") == 0) {
		close_merged(x);
	} else if (strcmp(l, "txbxContent") == 0) {
		set_container(x, BT_BLOCK_TEXTBOX);
	} else if (strcmp(l, "fldSimple") == 0) {
		x->doc->counts[BT_DOC_FIELD_CODES]++;
	} else if (strcmp(l, "footnote") == 0 || strcmp(l, "endnote") == 0) {
		if (x->collect)
			note_start(x, attrs, n);
	} else if (strcmp(l, "headerReference") == 0 || strcmp(l, "footerReference") == 0) {
		hf_ref(x, attrs, n);
	} else {
		run_child(x, l, attrs, n);
	}
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
		     const xmlChar **ns, int nattrs, int ndef, const xmlChar **attrs)
{
	dx *x = ud;
	const char *l = (const char *)local;
	(void)prefix, (void)nns, (void)ns, (void)ndef;
	x->depth++;
	if (x->depth < MAX_DEPTH)
		x->container[x->depth] = x->container[x->depth - 1];
	if (!bt_sax_ok(&x->sax) || x->skip >= 0)
		return;
	if (IS_W(x, uri))
		w_start(x, l, attrs, nattrs);
	else if (is_ns(x, uri, &x->mc_uri, MC_NS, NULL))
		mc_start(x, l);
	else if (is_ns(x, uri, &x->wp_uri, WP_NS, NULL) && strcmp(l, "docPr") == 0 && !x->r_hidden)
		alt_text(x, attrs, nattrs);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	dx *x = ud;
	const char *l = (const char *)local;
	int depth = x->depth--;
	(void)prefix;
	if (!bt_sax_ok(&x->sax))
		return;
	if (x->skip >= 0) {
		if (x->skip == depth)
			x->skip = -1;
		return;
	}
	if (x->merge_pending && depth < x->merge_depth)
		close_merged(x);
	if (is_ns(x, uri, &x->mc_uri, MC_NS, NULL)) {
		if (strcmp(l, "AlternateContent") == 0 && x->n_ac > 0)
			x->n_ac--;
		return;
	}
	if (!IS_W(x, uri))
		return;
	if (x->in_ppr) {
		if (strcmp(l, "rPr") == 0)
			x->in_rpr = 0;
		else if (strcmp(l, "pPr") == 0)
			x->in_ppr = 0, ppr_end(x);
		return;
	}
	if (x->in_rpr) {
		if (strcmp(l, "rPr") == 0)
			x->in_rpr = 0, run_resolve(x);
		return;
	}
	if (l[0] == 't' && l[1] == '\0')
		x->in_t = 0;
	else if (strcmp(l, "p") == 0)
		para_end(x, depth);
	else if (strcmp(l, "r") == 0)
		x->r_hidden = 0;
	else if (x->collect && (strcmp(l, "footnote") == 0 || strcmp(l, "endnote") == 0))
		note_end(x);
}

static void on_text(void *ud, const xmlChar *s, int n)
{
	dx *x = ud;
	if (x->in_t && x->skip < 0 && bt_sax_ok(&x->sax))
		put(x, (const char *)s, (size_t)n);
}

static void handler(xmlSAXHandler *h)
{
	bt_sax_handler(h);
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	h->cdataBlock = on_text;
}

static void dx_init(dx *x, docb *b, bt_doc *doc, const char *name, int container)
{
	memset(x, 0, sizeof *x);
	snprintf(x->name, sizeof x->name, "%s", name);
	x->sax.name = x->name;
	b->name = x->name;
	x->b = b;
	x->doc = doc;
	x->skip = -1;
	x->container[0] = container;
}

/* One part through the body reader into `doc`: what kind its paragraphs
 * are when nothing else says (body, note, header, footer). */
static int read_part(dx *x, bt_zip *z, const char *part, const char *data, size_t len)
{
	xmlSAXHandler h;
	int rc;
	handler(&h);
	if (z)
		rc = bt_sax_parse_zip(&x->sax, &h, z, part);
	else
		rc = bt_sax_parse(&x->sax, &h, data, len);
	if (!rc)
		rc = bt_docb_finish(x->b);
	return rc;
}

/* ---- the package ---------------------------------------------------- */

/* Relationships and the other small parts are read with one SAX reader
 * that collects attributes and the text of a few elements. */
typedef struct small {
	bt_sax sax;
	rels *rels;
	dstyles *styles;
	dstyle *cur; /* the w:style being read */
	int in_ppr, in_rpr, in_defaults, in_style, depth, text_el;
	bt_buf text;
	char title[512], lang[64];
	char name[1024];
} small;

static void small_rel(small *s, const xmlChar **attrs, int n)
{
	rel r;
	char type[256], mode[32];
	const char *slash;
	if (bt_sax_attr(attrs, n, NULL, "TargetMode", mode, sizeof mode) && strcmp(mode, "External") == 0)
		return;
	if (!bt_sax_attr(attrs, n, NULL, "Id", r.id, sizeof r.id) ||
	    !bt_sax_attr(attrs, n, NULL, "Type", type, sizeof type) ||
	    !bt_sax_attr(attrs, n, NULL, "Target", r.target, sizeof r.target))
		return;
	slash = strrchr(type, '/');
	snprintf(r.type, sizeof r.type, "%.31s", slash ? slash + 1 : type);
	if (s->rels->n == s->rels->cap) {
		size_t cap = s->rels->cap ? s->rels->cap * 2 : 16;
		rel *v = bt_realloc(s->rels->v, cap * sizeof *v);
		if (!v) {
			bt_sax_stop(&s->sax, bt_fail_nomem());
			return;
		}
		s->rels->v = v;
		s->rels->cap = cap;
	}
	s->rels->v[s->rels->n++] = r;
}

static void small_style(small *s, const char *l, const xmlChar **attrs, int n)
{
	dstyles *ss = s->styles;
	char v[64];
	if (strcmp(l, "style") == 0) {
		if (ss->n == ss->cap) {
			size_t cap = ss->cap ? ss->cap * 2 : 64;
			dstyle *nv = bt_realloc(ss->v, cap * sizeof *nv);
			if (!nv) {
				bt_sax_stop(&s->sax, bt_fail_nomem());
				return;
			}
			ss->v = nv;
			ss->cap = cap;
		}
		s->cur = &ss->v[ss->n++];
		memset(s->cur, 0, sizeof *s->cur);
		s->cur->outline = s->cur->vanish = s->cur->numbered = s->cur->name_kind = -1;
		bt_sax_attr(attrs, n, NULL, "styleId", s->cur->id, sizeof s->cur->id);
		s->cur->is_default_para = bt_sax_attr(attrs, n, NULL, "default", v, sizeof v) &&
					  (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) &&
					  bt_sax_attr(attrs, n, NULL, "type", v, sizeof v) && strcmp(v, "paragraph") == 0;
		return;
	}
	if (strcmp(l, "docDefaults") == 0)
		s->in_defaults = 1;
	else if (strcmp(l, "lang") == 0 && s->in_defaults && !ss->lang[0])
		bt_sax_attr(attrs, n, NULL, "val", ss->lang, sizeof ss->lang);
	if (!s->cur)
		return;
	if (strcmp(l, "name") == 0 && bt_sax_attr(attrs, n, NULL, "val", v, sizeof v))
		style_name_kind(s->cur, v);
	else if (strcmp(l, "basedOn") == 0)
		bt_sax_attr(attrs, n, NULL, "val", s->cur->based_on, sizeof s->cur->based_on);
	else if (strcmp(l, "outlineLvl") == 0 && bt_sax_attr(attrs, n, NULL, "val", v, sizeof v))
		s->cur->outline = atoi(v) >= 0 && atoi(v) <= 9 ? atoi(v) : -1;
	else if (strcmp(l, "numId") == 0 && bt_sax_attr(attrs, n, NULL, "val", v, sizeof v))
		s->cur->numbered = atoi(v) != 0;
	else if (strcmp(l, "vanish") == 0)
		s->cur->vanish = onoff(attrs, n);
}

static void small_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
			const xmlChar **ns, int nattrs, int ndef, const xmlChar **attrs)
{
	small *s = ud;
	const char *l = (const char *)local;
	(void)prefix, (void)nns, (void)ns, (void)ndef;
	s->depth++;
	if (!bt_sax_ok(&s->sax))
		return;
	if (s->rels && strcmp(l, "Relationship") == 0)
		small_rel(s, attrs, nattrs);
	else if (s->styles)
		small_style(s, l, attrs, nattrs);
	else if (uri && strcmp((const char *)uri, DC_NS) == 0 && (strcmp(l, "title") == 0 || strcmp(l, "language") == 0)) {
		s->text_el = l[0] == 't' ? 1 : 2;
		bt_buf_clear(&s->text);
	}
}

static void small_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	small *s = ud;
	const char *l = (const char *)local;
	(void)prefix, (void)uri;
	s->depth--;
	if (s->styles && strcmp(l, "style") == 0)
		s->cur = NULL;
	else if (s->styles && strcmp(l, "docDefaults") == 0)
		s->in_defaults = 0;
	if (s->text_el) {
		char *to = s->text_el == 1 ? s->title : s->lang;
		size_t size = s->text_el == 1 ? sizeof s->title : sizeof s->lang, a = 0, z = s->text.len;
		while (a < z && strchr(" \t\r\n", s->text.ptr[a]))
			a++;
		while (z > a && strchr(" \t\r\n", s->text.ptr[z - 1]))
			z--;
		if (z - a >= size)
			z = a + size - 1;
		memcpy(to, s->text.ptr ? s->text.ptr + a : "", z - a);
		to[z - a] = '\0';
		s->text_el = 0;
	}
}

static void small_text(void *ud, const xmlChar *t, int n)
{
	small *s = ud;
	int rc;
	if (s->text_el && bt_sax_ok(&s->sax) && s->text.len < 4096 &&
	    (rc = bt_buf_put(&s->text, (const char *)t, (size_t)n)) != 0)
		bt_sax_stop(&s->sax, rc);
}

static int read_small(small *s, bt_zip *z, const char *part)
{
	xmlSAXHandler h;
	int rc;
	bt_sax_handler(&h);
	h.startElementNs = small_start;
	h.endElementNs = small_end;
	h.characters = small_text;
	snprintf(s->name, sizeof s->name, "%s", bt_zip_part_name(z, part));
	s->sax.name = s->name;
	rc = bt_sax_parse_zip(&s->sax, &h, z, part);
	bt_buf_dispose(&s->text);
	return rc;
}

/* A relationship target relative to the part `from` (or absolute), as
 * a zip entry name: "word/" + "footnotes.xml", "../customXml/item1.xml". */
static void resolve(char *out, size_t size, const char *from, const char *target)
{
	char buf[1024];
	const char *slash = strrchr(from, '/');
	size_t n, w = 0;
	if (target[0] == '/')
		snprintf(buf, sizeof buf, "%s", target + 1);
	else
		snprintf(buf, sizeof buf, "%.*s%s", slash ? (int)(slash - from + 1) : 0, from, target);
	/* drop "x/../" and "./" */
	for (size_t r = 0; buf[r] && w + 1 < size;) {
		if (strncmp(buf + r, "../", 3) == 0) {
			while (w > 0 && out[w - 1] == '/')
				w--;
			while (w > 0 && out[w - 1] != '/')
				w--;
			r += 3;
		} else if (strncmp(buf + r, "./", 2) == 0) {
			r += 2;
		} else {
			n = strcspn(buf + r, "/");
			if (buf[r + n] == '/')
				n++;
			if (w + n >= size)
				n = size - 1 - w;
			memcpy(out + w, buf + r, n);
			w += n, r += n;
		}
	}
	out[w] = '\0';
}

/* The rels part of a part: word/document.xml -> word/_rels/document.xml.rels */
static void rels_of(char *out, size_t size, const char *part)
{
	const char *slash = strrchr(part, '/');
	int n; /* a name cut short is simply not found */
	if (slash)
		n = snprintf(out, size, "%.*s_rels/%.200s.rels", (int)(slash - part + 1 > 200 ? 200 : slash - part + 1), part, slash + 1);
	else
		n = snprintf(out, size, "_rels/%.400s.rels", part);
	(void)n;
}

static const rel *rel_by_type(const rels *r, const char *type)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].type, type) == 0)
			return &r->v[i];
	return NULL;
}

typedef struct pkg {
	bt_zip *z;
	const bt_doc_opts *opts;
	char main[512];
	rels top, doc;
	dstyles styles;
	notes foot, end;
	rels hf;
} pkg;

static void pkg_dispose(pkg *p)
{
	bt_zip_close(p->z);
	bt_free(p->top.v);
	bt_free(p->doc.v);
	bt_free(p->styles.v);
	bt_doc_dispose(&p->foot.doc);
	bt_free(p->foot.v);
	bt_doc_dispose(&p->end.doc);
	bt_free(p->end.v);
	bt_free(p->hf.v);
}

/* _rels/.rels: the main part and the core properties. */
static int pkg_top(pkg *p, bt_doc *doc)
{
	small s;
	const rel *r;
	int rc;
	snprintf(p->main, sizeof p->main, "word/document.xml");
	if (!bt_zip_has(p->z, "_rels/.rels"))
		return 0; /* a package without it: the usual name */
	memset(&s, 0, sizeof s);
	s.rels = &p->top;
	if ((rc = read_small(&s, p->z, "_rels/.rels")) != 0)
		return rc;
	if ((r = rel_by_type(&p->top, "officeDocument")) != NULL)
		resolve(p->main, sizeof p->main, "", r->target);
	if ((r = rel_by_type(&p->top, "core-properties")) != NULL) {
		char part[512];
		resolve(part, sizeof part, "", r->target);
		if (bt_zip_has(p->z, part)) {
			memset(&s, 0, sizeof s);
			if ((rc = read_small(&s, p->z, part)) != 0)
				return rc;
			memcpy(doc->title, s.title, sizeof doc->title);
			memcpy(doc->lang, s.lang, sizeof doc->lang);
		}
	}
	return 0;
}

/* The main part's relationships, styles and notes. */
static int pkg_parts(pkg *p, bt_doc *doc)
{
	char part[512];
	const rel *r;
	small s;
	int rc;
	rels_of(part, sizeof part, p->main);
	if (bt_zip_has(p->z, part)) {
		memset(&s, 0, sizeof s);
		s.rels = &p->doc;
		if ((rc = read_small(&s, p->z, part)) != 0)
			return rc;
	}
	if ((r = rel_by_type(&p->doc, "styles")) != NULL) {
		resolve(part, sizeof part, p->main, r->target);
		if (bt_zip_has(p->z, part)) {
			memset(&s, 0, sizeof s);
			s.styles = &p->styles;
			if ((rc = read_small(&s, p->z, part)) != 0)
				return rc;
			if (p->styles.n > 1)
				qsort(p->styles.v, p->styles.n, sizeof *p->styles.v, style_cmp);
			if (!doc->lang[0])
				memcpy(doc->lang, p->styles.lang, sizeof doc->lang);
		}
	}
	for (int e = 0; e < 2; e++) {
		notes *ns = e ? &p->end : &p->foot;
		docb b;
		dx x;
		if (!(r = rel_by_type(&p->doc, e ? "endnotes" : "footnotes")))
			continue;
		resolve(part, sizeof part, p->main, r->target);
		if (!bt_zip_has(p->z, part))
			continue;
		bt_docb_init(&b, &ns->doc, bt_zip_part_name(p->z, part));
		dx_init(&x, &b, &ns->doc, bt_zip_part_name(p->z, part), e ? BT_BLOCK_ENDNOTE : BT_BLOCK_FOOTNOTE);
		x.styles = &p->styles;
		x.collect = ns;
		x.flags = p->opts->flags;
		rc = read_part(&x, p->z, part, NULL, 0);
		bt_docb_dispose(&b);
		if (rc)
			return rc;
		/* by id, for the references (a repeated id: bsearch finds one) */
		if (ns->n > 1)
			qsort(ns->v, ns->n, sizeof *ns->v, note_cmp);
		for (int c = 0; c < BT_DOC_COUNT_N; c++) /* notes count for the document */
			doc->counts[c] += ns->doc.counts[c];
	}
	return 0;
}

/* Headers and footers, after the body, each part once. */
static int pkg_headers(pkg *p, docb *b, bt_doc *doc)
{
	char part[512];
	int rc;
	for (size_t i = 0; i < p->hf.n; i++) {
		dx x;
		int kind = strcmp(p->hf.v[i].type, "header") == 0 ? BT_BLOCK_HEADER : BT_BLOCK_FOOTER;
		if (p->opts->flags & BT_DOC_NO_HEADERS) {
			doc->counts[BT_DOC_HEADERS_FOOTERS]++;
			continue;
		}
		resolve(part, sizeof part, p->main, p->hf.v[i].target);
		if (!bt_zip_has(p->z, part))
			continue;
		b->name = bt_zip_part_name(p->z, part);
		dx_init(&x, b, doc, b->name, kind);
		x.styles = &p->styles;
		x.flags = p->opts->flags;
		if ((rc = read_part(&x, p->z, part, NULL, 0)) != 0)
			return rc;
	}
	return 0;
}

int bt_docx_read(bt_doc *doc, const char *data, size_t len, const bt_doc_opts *opts)
{
	pkg p;
	docb b;
	dx x;
	int rc;
	memset(&p, 0, sizeof p);
	p.opts = opts;
	if ((rc = bt_zip_open(&p.z, data, len, opts->name)) != 0)
		return rc;
	if ((rc = pkg_top(&p, doc)) != 0 || (rc = pkg_parts(&p, doc)) != 0)
		goto done;
	if (!bt_zip_has(p.z, p.main)) {
		rc = bt_fail(BT_EINPUT, opts->name, -1, -1, "no %s (the main part of a DOCX): a damaged DOCX", p.main);
		goto done;
	}
	bt_docb_init(&b, doc, bt_zip_part_name(p.z, p.main));
	dx_init(&x, &b, doc, b.name, BT_BLOCK_PARAGRAPH);
	x.styles = &p.styles;
	x.foot = &p.foot;
	x.end = &p.end;
	x.hf = &p.hf;
	x.doc_rels = &p.doc;
	x.flags = opts->flags;
	rc = read_part(&x, p.z, p.main, NULL, 0);
	if (!rc)
		rc = pkg_headers(&p, &b, doc);
	bt_docb_dispose(&b);
	snprintf(doc->encoding, sizeof doc->encoding, "UTF-8");
done:
	pkg_dispose(&p);
	return rc;
}

int bt_docx_read_body_xml(bt_doc *doc, const char *xml, size_t len, const bt_doc_opts *opts)
{
	docb b;
	dx x;
	int rc;
	bt_doc_dispose(doc);
	bt_docb_init(&b, doc, opts && opts->name ? opts->name : "document.xml");
	dx_init(&x, &b, doc, b.name, BT_BLOCK_PARAGRAPH);
	x.flags = opts ? opts->flags : 0;
	rc = read_part(&x, NULL, NULL, xml, len);
	bt_docb_dispose(&b);
	if (rc)
		bt_doc_dispose(doc);
	else
		doc->format = BT_FORMAT_DOCX;
	return rc;
}
