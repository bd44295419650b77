/* docbuild.c: see docbuild.h. */
#include "docbuild.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

int bt_docb_init(docb *b, bt_doc *doc, const char *name)
{
	memset(b, 0, sizeof *b);
	b->doc = doc;
	b->name = name;
	return 0;
}

void bt_docb_dispose(docb *b)
{
	for (int i = 0; i < DOCB_MAX_OPEN; i++)
		bt_buf_dispose(&b->open[i].text);
	bt_buf_dispose(&b->def_text);
	bt_buf_dispose(&b->clean);
	bt_buf_dispose(&b->norm);
	bt_free(b->defs);
	memset(b, 0, sizeof *b);
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of an invisible space at s[0, n) that may be trimmed at a
 * block's edges (U+00A0, U+200B, U+FEFF), or 0. */
static size_t edge_space(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x8B)
		return 3;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;
	return 0;
}

/* Removes soft hyphens (U+00AD: a place where a word may break, not a
 * character of it; DOCX has them as w:softHyphen), counted. */
static size_t drop_soft_hyphens(char *s, size_t n, size_t *count)
{
	size_t w = 0;
	for (size_t r = 0; r < n; r++) {
		if ((unsigned char)s[r] == 0xC2 && r + 1 < n && (unsigned char)s[r + 1] == 0xAD) {
			(*count)++, r++;
			continue;
		}
		s[w++] = s[r];
	}
	return w;
}

/* Trims the ends, drops empty lines and the blanks around line breaks:
 * raw[0, n) into b->clean. */
static int clean_text(docb *b, const char *raw, size_t n)
{
	const unsigned char *s = (const unsigned char *)raw;
	size_t a = 0, z = n, k;
	int rc;
	bt_buf_clear(&b->clean);
	for (;;) {
		if (a < z && is_blank(s[a]))
			a++;
		else if (a < z && (k = edge_space(s + a, z - a)) != 0)
			a += k;
		else
			break;
	}
	for (;;) {
		if (z > a && is_blank(s[z - 1]))
			z--;
		else if (z >= a + 2 && s[z - 2] == 0xC2 && s[z - 1] == 0xA0)
			z -= 2;
		else if (z >= a + 3 && edge_space(s + z - 3, 3))
			z -= 3;
		else
			break;
	}
	while (a < z) {
		const unsigned char *nl = memchr(s + a, '\n', z - a);
		size_t e = nl ? (size_t)(nl - s) : z, la = a, lz = e;
		while (la < lz && (s[la] == ' ' || s[la] == '\t' || s[la] == '\r'))
			la++;
		while (lz > la && (s[lz - 1] == ' ' || s[lz - 1] == '\t' || s[lz - 1] == '\r'))
			lz--;
		if (lz > la) {
			if (b->clean.len && (rc = bt_buf_put(&b->clean, "\n", 1)) != 0)
				return rc;
			if ((rc = bt_buf_put(&b->clean, raw + la, lz - la)) != 0)
				return rc;
		}
		a = e + 1;
	}
	return 0;
}

/* Places one block in the document. */
static int place(docb *b, int kind, int level, const char *raw, size_t n)
{
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	bt_doc *d = b->doc;
	int rc;
	if ((rc = clean_text(b, raw, n)) != 0)
		return rc;
	if (!b->clean.len)
		return 0;
	o.name = b->name;
	o.encoding = "UTF-8";
	if ((rc = bt_decode(&b->norm, &info, b->clean.ptr, b->clean.len, &o)) != 0)
		return rc;
	d->counts[BT_DOC_CONTROLS] += info.removed_controls;
	if (memchr(b->norm.ptr, 0xC2, b->norm.len)) {
		size_t before = d->counts[BT_DOC_SOFT_HYPHENS];
		b->norm.len = drop_soft_hyphens(b->norm.ptr, b->norm.len, &d->counts[BT_DOC_SOFT_HYPHENS]);
		if (d->counts[BT_DOC_SOFT_HYPHENS] != before) {
			/* what the hyphens stood between may be white space to trim */
			bt_buf t;
			if ((rc = clean_text(b, b->norm.ptr, b->norm.len)) != 0)
				return rc;
			t = b->norm, b->norm = b->clean, b->clean = t;
		}
	}
	if (!b->norm.len)
		return 0;
	if (d->n_blocks == d->cap_blocks) {
		size_t cap = d->cap_blocks ? d->cap_blocks * 2 : 64;
		bt_block *v = bt_realloc(d->blocks, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		d->blocks = v;
		d->cap_blocks = cap;
	}
	if (d->n_blocks && (rc = bt_buf_put(&d->text, "\n\n", 2)) != 0)
		return rc;
	d->blocks[d->n_blocks] = (bt_block){d->text.len, d->text.len + b->norm.len, kind, level};
	if ((rc = bt_buf_put(&d->text, b->norm.ptr, b->norm.len)) != 0)
		return rc;
	d->n_blocks++;
	return 0;
}

static int place_deferred(docb *b)
{
	int rc = 0;
	for (size_t i = 0; i < b->n_defs && !rc; i++) {
		const docb_def *f = &b->defs[i];
		rc = place(b, f->kind, f->level, b->def_text.ptr + f->start, f->end - f->start);
	}
	b->n_defs = 0;
	bt_buf_clear(&b->def_text);
	return rc;
}

static int reserve_slot(docb *b, size_t *slot)
{
	if (b->n_defs == b->cap_defs) {
		size_t cap = b->cap_defs ? b->cap_defs * 2 : 16;
		docb_def *v = bt_realloc(b->defs, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		b->defs = v;
		b->cap_defs = cap;
	}
	b->defs[b->n_defs] = (docb_def){0, 0, BT_BLOCK_PARAGRAPH, 0};
	*slot = b->n_defs++;
	return 0;
}

int bt_docb_open_block(docb *b, int kind, int level)
{
	docb_open *o;
	size_t slot = 0;
	int rc;
	if (b->depth == DOCB_MAX_OPEN)
		return bt_fail(BT_ELIMIT, b->name, -1, -1, "blocks nested more than %d deep", DOCB_MAX_OPEN);
	if (b->depth > 0 && (rc = reserve_slot(b, &slot)) != 0)
		return rc;
	o = &b->open[b->depth++];
	bt_buf_clear(&o->text);
	o->kind = kind;
	o->level = level;
	o->slot = slot;
	return 0;
}

void bt_docb_set_kind(docb *b, int kind, int level)
{
	if (b->depth > 0) {
		b->open[b->depth - 1].kind = kind;
		b->open[b->depth - 1].level = level;
	}
}

int bt_docb_text(docb *b, const char *s, size_t n)
{
	if (b->depth == 0 || n == 0)
		return 0;
	return bt_buf_put(&b->open[b->depth - 1].text, s, n);
}

int bt_docb_text_ws(docb *b, const char *s, size_t n)
{
	bt_buf *t;
	size_t i = 0;
	int rc;
	if (b->depth == 0)
		return 0;
	t = &b->open[b->depth - 1].text;
	while (i < n) {
		size_t j = i;
		while (j < n && !is_blank((unsigned char)s[j]))
			j++;
		if (j > i && (rc = bt_buf_put(t, s + i, j - i)) != 0)
			return rc;
		if (j < n) {
			char last = t->len ? t->ptr[t->len - 1] : '\n';
			if (last != ' ' && last != '\n' && last != '\t' && (rc = bt_buf_put(t, " ", 1)) != 0)
				return rc;
			while (j < n && is_blank((unsigned char)s[j]))
				j++;
		}
		i = j;
	}
	return 0;
}

int bt_docb_close_block(docb *b)
{
	docb_open *o;
	docb_def *f;
	int rc;
	if (b->depth == 0)
		return 0;
	o = &b->open[--b->depth];
	if (b->depth == 0) {
		if ((rc = place(b, o->kind, o->level, o->text.ptr ? o->text.ptr : "", o->text.len)) != 0)
			return rc;
		return place_deferred(b);
	}
	f = &b->defs[o->slot];
	f->kind = o->kind;
	f->level = o->level;
	f->start = b->def_text.len;
	if ((rc = bt_buf_put(&b->def_text, o->text.ptr ? o->text.ptr : "", o->text.len)) != 0)
		return rc;
	f->end = b->def_text.len;
	return 0;
}

int bt_docb_flush(docb *b)
{
	docb_open *o;
	int rc;
	if (b->depth == 0)
		return 0;
	o = &b->open[b->depth - 1];
	if (b->depth == 1) {
		rc = place(b, o->kind, o->level, o->text.ptr ? o->text.ptr : "", o->text.len);
		if (!rc)
			rc = place_deferred(b);
	} else {
		/* a flush inside a nested block: what it holds becomes its own
		 * block in the aside list, and the block goes on in a new slot */
		int kind = o->kind, level = o->level;
		if ((rc = bt_docb_close_block(b)) == 0)
			rc = bt_docb_open_block(b, kind, level);
		return rc;
	}
	bt_buf_clear(&o->text);
	return rc;
}

int bt_docb_add_aside(docb *b, int kind, int level, const char *s, size_t n)
{
	size_t slot;
	int rc;
	if (b->depth == 0)
		return place(b, kind, level, s, n);
	if ((rc = reserve_slot(b, &slot)) != 0)
		return rc;
	b->defs[slot].kind = kind;
	b->defs[slot].level = level;
	b->defs[slot].start = b->def_text.len;
	if ((rc = bt_buf_put(&b->def_text, s, n)) != 0)
		return rc;
	b->defs[slot].end = b->def_text.len;
	return 0;
}

int bt_docb_finish(docb *b)
{
	int rc = 0;
	while (b->depth > 0 && !rc)
		rc = bt_docb_close_block(b);
	if (!rc)
		rc = place_deferred(b);
	if (!rc && !b->doc->text.ptr && (rc = bt_buf_grow(&b->doc->text, 0)) == 0)
		b->doc->text.ptr[0] = '\0';
	return rc;
}

int bt_docb_empty(const docb *b)
{
	return b->depth == 0 || b->open[b->depth - 1].text.len == 0;
}

void bt_docb_clear(docb *b)
{
	if (b->depth > 0)
		bt_buf_clear(&b->open[b->depth - 1].text);
}
