/* dict.c: the in-memory bilingual dictionary and its readers (TSV,
 * FreeDict dictd). */
#include "dict.h"
#include "data.h"
#include "error.h"
#include "strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <zlib.h>

/* Entry i is string i of the sources' table. */
typedef struct entry {
	uint32_t head, tail;  /* translation list, 1-based indexes into tv; 0 = none */
} entry;

typedef struct trans {
	uint32_t off, len, next;
} trans;

struct bt_dict {
	bt_strtab src; /* the folded sources */
	entry *ev;
	size_t n, cap;
	bt_buf arena; /* the translations, NUL-terminated */
	trans *tv;
	size_t tn, tcap;
	bt_buf fold; /* scratch */
};

int bt_dict_new(bt_dict **out)
{
	bt_dict *d = bt_calloc(1, sizeof *d);
	*out = NULL;
	if (!d)
		return bt_fail_nomem();
	*out = d;
	return 0;
}

void bt_dict_free(bt_dict *d)
{
	if (!d)
		return;
	bt_strtab_dispose(&d->src);
	bt_buf_dispose(&d->arena);
	bt_buf_dispose(&d->fold);
	bt_free(d->ev);
	bt_free(d->tv);
	bt_free(d);
}

size_t bt_dict_n(const bt_dict *d)
{
	return d->n;
}

size_t bt_dict_n_pairs(const bt_dict *d)
{
	return d->tn;
}

const char *bt_dict_source(const bt_dict *d, size_t i, size_t *len)
{
	if (i >= d->n)
		return NULL;
	return bt_strtab_str(&d->src, (uint32_t)i, len);
}

const char *bt_dict_next(const bt_dict *d, size_t i, uint32_t *it, size_t *len)
{
	uint32_t k;
	if (i >= d->n || *it == UINT32_MAX)
		return NULL;
	k = *it == 0 ? d->ev[i].head : d->tv[*it - 1].next;
	if (k == 0) {
		*it = UINT32_MAX;
		return NULL;
	}
	*it = k;
	if (len)
		*len = d->tv[k - 1].len;
	return d->arena.ptr + d->tv[k - 1].off;
}

/* ---- case folding ---- */

int bt_dict_fold(bt_buf *out, const char *s, size_t len)
{
	UChar small[256], *u = small, *f = NULL;
	int32_t ulen = 0, flen = 0, blen = 0;
	UErrorCode st = U_ZERO_ERROR;
	int rc = 0;
	if (len > INT32_MAX / 4)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "string too long to fold (%zu bytes)", len);
	if (len == 0)
		return bt_buf_put(out, "", 0);
	/* ASCII folds to ASCII, letter by letter (Unicode's CaseFolding.txt
	 * maps only A-Z there), and a FreeDict is mostly ASCII: no ICU then. */
	{
		size_t i = 0;
		while (i < len && !((unsigned char)s[i] & 0x80))
			i++;
		if (i == len) {
			if ((rc = bt_buf_grow(out, len)) != 0)
				return rc;
			for (i = 0; i < len; i++) {
				char c = s[i];
				out->ptr[out->len + i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
			}
			out->len += len;
			out->ptr[out->len] = '\0';
			return 0;
		}
	}
	if (len >= sizeof small / sizeof small[0]) {
		u = bt_malloc((len + 1) * sizeof *u);
		if (!u)
			return bt_fail_nomem();
	}
	/* UTF-8 never needs more UTF-16 units than bytes. */
	u_strFromUTF8WithSub(u, (int32_t)len + 1, &ulen, s, (int32_t)len, 0xFFFD, NULL, &st);
	if (U_FAILURE(st)) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "cannot read text for folding: %s", u_errorName(st));
		goto done;
	}
	/* Full case folding can grow a string (ß -> ss): at most 3 units each. */
	f = bt_malloc(((size_t)ulen * 3 + 1) * sizeof *f);
	if (!f) {
		rc = bt_fail_nomem();
		goto done;
	}
	flen = u_strFoldCase(f, ulen * 3 + 1, u, ulen, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st)) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "case folding failed: %s", u_errorName(st));
		goto done;
	}
	if ((rc = bt_buf_grow(out, (size_t)flen * 3)) != 0)
		goto done;
	u_strToUTF8(out->ptr + out->len, (int32_t)(out->cap - out->len), &blen, f, flen, &st);
	if (U_FAILURE(st)) {
		rc = bt_fail(BT_EINPUT, NULL, -1, -1, "case folding failed: %s", u_errorName(st));
		goto done;
	}
	out->len += (size_t)blen;
	out->ptr[out->len] = '\0';
done:
	if (u != small)
		bt_free(u);
	bt_free(f);
	return rc;
}

/* ---- the table ---- */

/* Appends a string to the arena; returns its offset in *off. */
static int arena_put(bt_dict *d, const char *s, size_t len, uint32_t *off)
{
	int rc;
	if (d->arena.len + len + 1 > UINT32_MAX)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "dictionary larger than 4 GB");
	*off = (uint32_t)d->arena.len;
	if ((rc = bt_buf_put(&d->arena, s, len)) != 0 || (rc = bt_buf_put(&d->arena, "", 1)) != 0)
		return rc;
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

long bt_dict_find_folded(const bt_dict *d, const char *key, size_t len)
{
	uint32_t id;
	return bt_strtab_find(&d->src, &id, key, len) ? (long)id : -1;
}

long bt_dict_find(const bt_dict *d, const char *src, size_t len)
{
	bt_buf f = BT_BUF_INIT;
	long r = -1;
	if (!d->n)
		return -1;
	if (bt_dict_fold(&f, src, len) != 0) {
		bt_buf_dispose(&f);
		return -2; /* out of memory (bt_fail'ed), not "absent" */
	}
	r = bt_dict_find_folded(d, f.ptr, f.len);
	bt_buf_dispose(&f);
	return r;
}

/* bt_dict_add() once the source is folded and both are trimmed. */
static int add_folded(bt_dict *d, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	uint32_t ei, k, off = 0;
	entry *e, *ev;
	trans *tv;
	int rc;

	/* room first: a new source then cannot fail */
	if (!(ev = bt_grow(d->ev, &d->cap, d->n + 1, sizeof *ev)))
		return bt_fail_nomem();
	d->ev = ev;
	if ((rc = bt_strtab_intern(&d->src, &ei, src, src_len)) < 0)
		return rc;
	if (rc == 1) {
		d->ev[ei] = (entry){0, 0};
		d->n++;
	}
	e = &d->ev[ei];
	for (k = e->head; k; k = d->tv[k - 1].next)
		if (d->tv[k - 1].len == tgt_len && memcmp(d->arena.ptr + d->tv[k - 1].off, tgt, tgt_len) == 0)
			return 0;
	if (!(tv = bt_grow(d->tv, &d->tcap, d->tn + 1, sizeof *tv)))
		return bt_fail_nomem();
	d->tv = tv;
	if ((rc = arena_put(d, tgt, tgt_len, &off)) != 0)
		return rc;
	d->tv[d->tn] = (trans){off, (uint32_t)tgt_len, 0};
	k = (uint32_t)++d->tn;
	e = &d->ev[ei];
	if (e->tail)
		d->tv[e->tail - 1].next = k;
	else
		e->head = k;
	e->tail = k;
	return 0;
}

int bt_dict_add(bt_dict *d, const char *src, size_t src_len, const char *tgt, size_t tgt_len)
{
	int rc;
	while (src_len && is_blank(*src))
		src++, src_len--;
	while (src_len && is_blank(src[src_len - 1]))
		src_len--;
	while (tgt_len && is_blank(*tgt))
		tgt++, tgt_len--;
	while (tgt_len && is_blank(tgt[tgt_len - 1]))
		tgt_len--;
	if (!src_len || !tgt_len)
		return 0;
	bt_buf_clear(&d->fold);
	if ((rc = bt_dict_fold(&d->fold, src, src_len)) != 0)
		return rc;
	return add_folded(d, d->fold.ptr, d->fold.len, tgt, tgt_len);
}

int bt_dict_merge(bt_dict *d, const bt_dict *from)
{
	for (size_t i = 0; i < from->n; i++) {
		size_t len;
		const char *src = bt_strtab_str(&from->src, (uint32_t)i, &len);
		for (uint32_t k = from->ev[i].head; k; k = from->tv[k - 1].next) {
			int rc = add_folded(d, src, len, from->arena.ptr + from->tv[k - 1].off, from->tv[k - 1].len);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---- TSV ---- */

int bt_dict_load_tsv(bt_dict *d, const char *text, size_t len, const char *name, int reverse)
{
	const char *p = text, *end = text + len;
	long line = 0;
	int rc;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *tab, *tab2, *a, *b;
		size_t alen, blen;
		if (!eol)
			eol = end;
		line++;
		{
			const char *q = p;
			while (q < eol && is_blank(*q))
				q++;
			if (q == eol || *q == '#') {
				p = eol + 1;
				continue;
			}
		}
		tab = memchr(p, '\t', (size_t)(eol - p));
		if (!tab)
			return bt_fail(BT_EINPUT, name, line, (long long)(p - text),
				       "glossary line without a tab (expected source<TAB>target)");
		/* A third column (a note) is allowed and ignored. */
		tab2 = memchr(tab + 1, '\t', (size_t)(eol - tab - 1));
		a = p;
		alen = (size_t)(tab - p);
		b = tab + 1;
		blen = (size_t)((tab2 ? tab2 : eol) - b);
		if (reverse)
			rc = bt_dict_add(d, b, blen, a, alen);
		else
			rc = bt_dict_add(d, a, alen, b, blen);
		if (rc)
			return rc;
		p = eol + 1;
	}
	return 0;
}

/* ---- FreeDict ---- */

/* dictd's base64 digits, most significant first. */
static int b64_value(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	if (len == 0 || len > 10)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i], x;
		if (c >= 'A' && c <= 'Z')
			x = c - 'A';
		else if (c >= 'a' && c <= 'z')
			x = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			x = c - '0' + 52;
		else if (c == '+')
			x = 62;
		else if (c == '/')
			x = 63;
		else
			return -1;
		v = v * 64 + (uint64_t)x;
	}
	*out = v;
	return 0;
}

/* Inflates a gzip (dictzip) or zlib file into `out`. */
static int inflate_all(bt_buf *out, const bt_buf *in, const char *name)
{
	z_stream z;
	int zr = Z_OK, rc = 0;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return bt_fail_nomem();
	z.next_in = (Bytef *)in->ptr;
	z.avail_in = (uInt)in->len;
	if (in->len > UINT32_MAX) {
		inflateEnd(&z);
		return bt_fail(BT_ELIMIT, name, -1, -1, "compressed dictionary larger than 4 GB");
	}
	/* A gzip file ends with its (last member's) length: room for that at
	 * once saves copying the growing buffer. Only a hint, bounded, since
	 * the file may lie. */
	if (in->len >= 18 && (unsigned char)in->ptr[0] == 0x1f && (unsigned char)in->ptr[1] == 0x8b) {
		const unsigned char *t = (const unsigned char *)in->ptr + in->len - 4;
		size_t isize = (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
		if (isize <= in->len * 16 && (rc = bt_buf_grow(out, isize + 1)) != 0) {
			inflateEnd(&z);
			return rc;
		}
	}
	for (;;) {
		if ((rc = bt_buf_grow(out, out->cap - out->len > 4096 ? 0 : 1 << 20)) != 0)
			break;
		z.next_out = (Bytef *)out->ptr + out->len;
		z.avail_out = (uInt)(out->cap - out->len - 1);
		zr = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->ptr);
		out->ptr[out->len] = '\0';
		if (zr == Z_STREAM_END) {
			if (z.avail_in == 0)
				break;
			/* Another gzip member follows. */
			if (inflateReset(&z) != Z_OK) {
				rc = bt_fail(BT_EINPUT, name, -1, -1, "bad compressed data");
				break;
			}
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			rc = bt_fail(BT_EINPUT, name, -1, (long long)z.total_in, "bad compressed data: %s",
				     z.msg ? z.msg : "inflate failed");
			break;
		}
		if (zr == Z_BUF_ERROR && z.avail_in == 0) {
			rc = bt_fail(BT_EINPUT, name, -1, (long long)z.total_in, "compressed data ends early");
			break;
		}
	}
	inflateEnd(&z);
	return rc;
}

static int starts_with_digits_dot(const char *s, size_t len, long *num, size_t *skip)
{
	size_t i = 0;
	long v = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && i < 4)
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || i + 1 >= len || s[i] != '.' || s[i + 1] != ' ')
		return 0;
	*num = v;
	*skip = i + 2;
	return 1;
}

/* Adds the translations on one line: split at ", " and "; ", with a
 * trailing sense marker (" 2.") and parenthesized notes removed. */
static int add_translation_line(bt_dict *d, const char *head, size_t head_len, const char *s, size_t len,
				int reverse, bt_buf *tmp)
{
	size_t i = 0, j;
	int rc;
	/* drop a trailing " N." that announces the next sub-sense */
	j = len;
	while (j && s[j - 1] == ' ')
		j--;
	if (j && s[j - 1] == '.') {
		size_t k = j - 1;
		while (k && s[k - 1] >= '0' && s[k - 1] <= '9')
			k--;
		if (k < j - 1 && k && s[k - 1] == ' ')
			len = k - 1;
	}
	bt_buf_clear(tmp);
	/* remove parenthesized notes; copy what lies between them in spans */
	for (i = 0; i < len;) {
		const char *o = memchr(s + i, '(', len - i), *c;
		size_t stop = o ? (size_t)(o - s) : len;
		if ((rc = bt_buf_put(tmp, s + i, stop - i)) != 0)
			return rc;
		if (!o)
			break;
		if ((c = memchr(o, ')', len - stop)) != NULL) {
			i = (size_t)(c - s) + 1;
		} else {
			/* an unclosed "(" is kept, as text */
			if ((rc = bt_buf_put(tmp, o, 1)) != 0)
				return rc;
			i = stop + 1;
		}
	}
	i = 0;
	while (i < tmp->len) {
		size_t k = i;
		while (k < tmp->len && !((tmp->ptr[k] == ',' || tmp->ptr[k] == ';') &&
					 (k + 1 == tmp->len || tmp->ptr[k + 1] == ' ')))
			k++;
		/* a translation longer than a short phrase is a definition */
		if (k - i <= 64) {
			rc = reverse ? bt_dict_add(d, tmp->ptr + i, k - i, head, head_len)
				     : bt_dict_add(d, head, head_len, tmp->ptr + i, k - i);
			if (rc)
				return rc;
		}
		i = k + 1;
	}
	return 0;
}

static int add_freedict_entry(bt_dict *d, const char *head, size_t head_len, const char *e, size_t len,
			      int reverse, bt_buf *tmp)
{
	const char *p = e, *end = e + len;
	int lineno = 0, numbered = 0, rc;
	long want = 1;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n;
		if (!eol)
			eol = end;
		n = (size_t)(eol - p);
		if (lineno == 1) {
			long num;
			size_t skip;
			if (starts_with_digits_dot(p, n, &num, &skip) && num == 1) {
				numbered = 1;
				want = 2;
				rc = add_translation_line(d, head, head_len, p + skip, n - skip, reverse, tmp);
			} else {
				rc = add_translation_line(d, head, head_len, p, n, reverse, tmp);
			}
			if (rc)
				return rc;
		} else if (lineno > 1 && numbered) {
			long num;
			size_t skip;
			if (starts_with_digits_dot(p, n, &num, &skip) && num == want) {
				want++;
				if ((rc = add_translation_line(d, head, head_len, p + skip, n - skip, reverse, tmp)) != 0)
					return rc;
			}
		} else if (lineno > 1) {
			break;
		}
		lineno++;
		p = eol + 1;
	}
	return 0;
}

int bt_dict_load_freedict(bt_dict *d, const char *index_path, int reverse)
{
	bt_buf idx = BT_BUF_INIT, raw = BT_BUF_INIT, body = BT_BUF_INIT, tmp = BT_BUF_INIT;
	char path[4096];
	size_t plen = strlen(index_path), base;
	const char *p, *end;
	long line = 0;
	int rc;
	FILE *f;

	if (plen < 6 || strcmp(index_path + plen - 6, ".index") != 0)
		return bt_fail(BT_EUSAGE, index_path, -1, -1, "a FreeDict dictionary is named by its .index file");
	base = plen - 6;
	if (base + 9 > sizeof path)
		return bt_fail(BT_EUSAGE, index_path, -1, -1, "path too long");
	if ((rc = bt_read_file(&idx, index_path)) != 0)
		goto done;
	snprintf(path, sizeof path, "%.*s.dict.dz", (int)base, index_path);
	if ((f = fopen(path, "rb")) != NULL) {
		fclose(f);
		if ((rc = bt_read_file(&raw, path)) != 0 || (rc = inflate_all(&body, &raw, path)) != 0)
			goto done;
		bt_buf_dispose(&raw); /* inflated: a peak of memory less */
	} else {
		snprintf(path, sizeof path, "%.*s.dict", (int)base, index_path);
		if ((f = fopen(path, "rb")) == NULL) {
			rc = bt_fail(BT_EIO, index_path, -1, -1, "no .dict.dz or .dict file beside this index");
			goto done;
		}
		fclose(f);
		if ((rc = bt_read_file(&body, path)) != 0)
			goto done;
	}
	p = idx.ptr;
	end = idx.ptr + idx.len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *t1, *t2;
		uint64_t off, len;
		if (!eol)
			eol = end;
		line++;
		if (eol == p) {
			p = eol + 1;
			continue;
		}
		t1 = memchr(p, '\t', (size_t)(eol - p));
		t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(eol - t1 - 1)) : NULL;
		if (!t2 || b64_value(t1 + 1, (size_t)(t2 - t1 - 1), &off) != 0 ||
		    b64_value(t2 + 1, (size_t)(eol - t2 - 1), &len) != 0) {
			rc = bt_fail(BT_EINPUT, index_path, line, (long long)(p - idx.ptr),
				     "not a dictd index line (headword<TAB>offset<TAB>length)");
			goto done;
		}
		if (off > body.len || len > body.len - off) {
			rc = bt_fail(BT_EINPUT, index_path, line, (long long)(p - idx.ptr),
				     "entry lies outside the .dict data");
			goto done;
		}
		/* 00database* entries are the dictionary's own metadata */
		if (!(t1 - p >= 10 && memcmp(p, "00database", 10) == 0) &&
		    !(t1 - p >= 11 && memcmp(p, "00-database", 11) == 0)) {
			if ((rc = add_freedict_entry(d, p, (size_t)(t1 - p), body.ptr + off, (size_t)len, reverse,
						     &tmp)) != 0)
				goto done;
		}
		p = eol + 1;
	}
done:
	bt_buf_dispose(&idx);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&body);
	bt_buf_dispose(&tmp);
	return rc;
}

int bt_dict_load_file(bt_dict *d, const char *path, int reverse)
{
	bt_buf raw = BT_BUF_INIT, text = BT_BUF_INIT;
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	bt_decode_info info;
	size_t n = strlen(path);
	int rc;
	if (n >= 6 && strcmp(path + n - 6, ".index") == 0)
		return bt_dict_load_freedict(d, path, reverse);
	o.name = path;
	if ((rc = bt_read_file(&raw, path)) == 0 && (rc = bt_decode(&text, &info, raw.ptr, raw.len, &o)) == 0)
		rc = bt_dict_load_tsv(d, text.ptr, text.len, path, reverse);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&text);
	return rc;
}

/* The shipped glossary named for the two tags, either way round. */
static int load_named(bt_dict *d, const char *src_lang, const char *tgt_lang)
{
	bt_buf b = BT_BUF_INIT;
	char name[128];
	int rc, reverse = 0;
	snprintf(name, sizeof name, "glossary/%s-%s.tsv", src_lang, tgt_lang);
	rc = bt_data_load(&b, name);
	if (rc == BT_ENOTFOUND) {
		snprintf(name, sizeof name, "glossary/%s-%s.tsv", tgt_lang, src_lang);
		rc = bt_data_load(&b, name);
		reverse = 1;
	}
	if (rc == 0)
		rc = bt_dict_load_tsv(d, b.ptr, b.len, name, reverse);
	bt_buf_dispose(&b);
	return rc;
}

/* A regional corpus (nl-BE -> en-GB) falls back to its languages' glossary
 * (nl-en): the glossary is by language. */
int bt_dict_load_default(bt_dict *d, const char *src_lang, const char *tgt_lang)
{
	char sp[16], tp[16];
	int rc = load_named(d, src_lang, tgt_lang);
	bt_lang_primary(sp, sizeof sp, src_lang);
	bt_lang_primary(tp, sizeof tp, tgt_lang);
	if (rc == BT_ENOTFOUND && (strcmp(sp, src_lang) != 0 || strcmp(tp, tgt_lang) != 0))
		rc = load_named(d, sp, tp);
	if (rc == BT_ENOTFOUND)
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "bitext ships no glossary for %s-%s", src_lang, tgt_lang);
	return rc;
}
