/* lexicon_io.c: a lexicon as bytes, for the corpus to keep.
 *
 * Format 1, little-endian throughout:
 *   header (96 bytes): "BTLX", u32 format (1), u32 header size (96),
 *     source and target language (32 bytes each, NUL-padded),
 *     u32 source words, u32 target words, u32 entries, u64 pairs trained;
 *   the words of each side in id order (ids 0 and 1 are the empty word and
 *     the class of rare words): f32 frequency, u32 length, the bytes;
 *   the entries sorted by (source, target): u32 source id, u32 target id,
 *     f32 P(t|s), f32 P(s|t), f32 expected count;
 *   u64 FNV-1a of every byte before it.
 * A reader refuses another format number rather than guess. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEX_MAGIC "BTLX"
#define LEX_FORMAT 1u
#define LEX_HEADER 96u
#define LEX_MAX_WORD 4096u

/* ---- writing ---- */

static int put_u32(bt_buf *b, uint32_t v)
{
	char x[4];
	for (int k = 0; k < 4; k++)
		x[k] = (char)(v >> (8 * k));
	return bt_buf_put(b, x, 4);
}

static int put_u64(bt_buf *b, uint64_t v)
{
	int rc = put_u32(b, (uint32_t)v);
	return rc ? rc : put_u32(b, (uint32_t)(v >> 32));
}

static int put_f32(bt_buf *b, float f)
{
	uint32_t v;
	memcpy(&v, &f, 4);
	return put_u32(b, v);
}

static int put_header(bt_buf *b, const bt_lexicon *lx)
{
	char lang[32];
	int rc;
	if ((rc = bt_buf_put(b, LEX_MAGIC, 4)) != 0 || (rc = put_u32(b, LEX_FORMAT)) != 0 ||
	    (rc = put_u32(b, LEX_HEADER)) != 0)
		return rc;
	for (int s = 0; s < 2; s++) {
		memset(lang, 0, sizeof lang);
		memcpy(lang, lx->lang[s], strlen(lx->lang[s]));
		if ((rc = bt_buf_put(b, lang, sizeof lang)) != 0)
			return rc;
	}
	if ((rc = put_u32(b, (uint32_t)lx->words[0].n)) != 0 || (rc = put_u32(b, (uint32_t)lx->words[1].n)) != 0 ||
	    (rc = put_u32(b, (uint32_t)lx->ne)) != 0)
		return rc;
	return put_u64(b, (uint64_t)(lx->pairs_trained + 0.5));
}

int bt_lexicon_save(bt_buf *out, const bt_lexicon *lx)
{
	size_t start = out->len;
	int rc;
	if (lx->unsorted)
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "bt_lexicon_save: entries put since the last use; align, look up or train first");
	if ((rc = put_header(out, lx)) != 0)
		return rc;
	for (int s = 0; s < 2; s++)
		for (uint32_t w = 0; w < lx->words[s].n; w++) {
			size_t len;
			const char *word = bt_al_strtab_get(&lx->words[s], w, &len);
			float f = w < lx->freq_cap[s] ? lx->freq[s][w] : 0;
			if ((rc = put_f32(out, f)) != 0 || (rc = put_u32(out, (uint32_t)len)) != 0 ||
			    (rc = bt_buf_put(out, word, len)) != 0)
				return rc;
		}
	for (size_t x = 0; x < lx->ne; x++) {
		const al_lex_entry *e = &lx->e[x];
		if ((rc = put_u32(out, e->s)) != 0 || (rc = put_u32(out, e->t)) != 0 || (rc = put_f32(out, e->p_fwd)) != 0 ||
		    (rc = put_f32(out, e->p_bwd)) != 0 || (rc = put_f32(out, e->count)) != 0)
			return rc;
	}
	return put_u64(out, bt_al_hash(out->ptr + start, out->len - start, 0));
}

/* ---- reading ---- */

typedef struct reader {
	const unsigned char *p;
	size_t len, pos;
	const char *name;
} reader;

static int short_read(const reader *r, const char *what)
{
	return bt_fail(BT_EINPUT, r->name, -1, (long long)r->pos, "lexicon truncated: %s missing", what);
}

static int get_u32(reader *r, uint32_t *v, const char *what)
{
	if (r->len - r->pos < 4)
		return short_read(r, what);
	*v = 0;
	for (int k = 0; k < 4; k++)
		*v |= (uint32_t)r->p[r->pos + (size_t)k] << (8 * k);
	r->pos += 4;
	return 0;
}

static int get_u64(reader *r, uint64_t *v, const char *what)
{
	uint32_t lo, hi;
	int rc;
	if ((rc = get_u32(r, &lo, what)) != 0 || (rc = get_u32(r, &hi, what)) != 0)
		return rc;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* A float in [lo, hi]. */
static int get_f32(reader *r, float *f, double lo, double hi, const char *what)
{
	uint32_t v;
	size_t at = r->pos;
	int rc;
	if ((rc = get_u32(r, &v, what)) != 0)
		return rc;
	memcpy(f, &v, 4);
	if (!isfinite(*f) || *f < lo || *f > hi)
		return bt_fail(BT_EINPUT, r->name, -1, (long long)at, "lexicon: %s out of range", what);
	return 0;
}

static int get_lang(reader *r, char *out)
{
	const char *l = (const char *)r->p + r->pos;
	size_t n = strnlen(l, 32);
	if (n == 0 || n >= 32)
		return bt_fail(BT_EINPUT, r->name, -1, (long long)r->pos, "lexicon: bad language code");
	memcpy(out, l, n + 1);
	r->pos += 32;
	return 0;
}

/* Magic, format, checksum and the counts; the rest is checked as read. */
static int read_header(reader *r, bt_lexicon **out, uint32_t nw[2], uint32_t *ne)
{
	char lang[2][32];
	uint32_t format, hsize;
	uint64_t sum, pairs;
	int rc;
	if (r->len < LEX_HEADER + 8 || memcmp(r->p, LEX_MAGIC, 4) != 0)
		return bt_fail(BT_EINPUT, r->name, -1, 0, "not a bitext lexicon (no BTLX header)");
	r->pos = 4;
	if ((rc = get_u32(r, &format, "format")) != 0 || (rc = get_u32(r, &hsize, "header size")) != 0)
		return rc;
	if (format != LEX_FORMAT)
		return bt_fail(BT_EINPUT, r->name, -1, 4, "lexicon format %u; this version of bitext reads format %u",
			       format, LEX_FORMAT);
	if (hsize != LEX_HEADER)
		return bt_fail(BT_EINPUT, r->name, -1, 8, "lexicon header size %u, expected %u", hsize, LEX_HEADER);
	r->len -= 8; /* the checksum */
	r->pos = r->len;
	sum = 0;
	for (int k = 0; k < 8; k++)
		sum |= (uint64_t)r->p[r->len + (size_t)k] << (8 * k);
	if (sum != bt_al_hash((const char *)r->p, r->len, 0))
		return bt_fail(BT_EINPUT, r->name, -1, (long long)r->len, "lexicon checksum mismatch (damaged or altered)");
	r->pos = 12;
	if ((rc = get_lang(r, lang[0])) != 0 || (rc = get_lang(r, lang[1])) != 0 ||
	    (rc = get_u32(r, &nw[0], "word count")) != 0 || (rc = get_u32(r, &nw[1], "word count")) != 0 ||
	    (rc = get_u32(r, ne, "entry count")) != 0 || (rc = get_u64(r, &pairs, "pair count")) != 0)
		return rc;
	if (nw[0] < 2 || nw[1] < 2)
		return bt_fail(BT_EINPUT, r->name, -1, 76, "lexicon: fewer than two words on a side");
	if ((rc = bt_al_lex_alloc(out, lang[0], lang[1])) != 0)
		return rc;
	(*out)->pairs_trained = (double)pairs;
	return 0;
}

static int read_words(reader *r, bt_lexicon *lx, int side, uint32_t nw)
{
	int rc;
	if (!(lx->freq[side] = bt_malloc(nw * sizeof *lx->freq[side])))
		return bt_fail_nomem();
	lx->freq_cap[side] = nw;
	for (uint32_t w = 0; w < nw; w++) {
		uint32_t len, id;
		size_t at;
		if ((rc = get_f32(r, &lx->freq[side][w], 0, 1e12, "word frequency")) != 0 ||
		    (rc = get_u32(r, &len, "word length")) != 0)
			return rc;
		at = r->pos;
		if (len > LEX_MAX_WORD || r->len - r->pos < len)
			return bt_fail(BT_EINPUT, r->name, -1, (long long)at - 4, "lexicon: bad word length %u", len);
		if ((w == AL_LEX_NULL && len != 0) || (w == AL_LEX_RARE && (len != 1 || r->p[at] != 1)))
			return bt_fail(BT_EINPUT, r->name, -1, (long long)at, "lexicon: words 0 and 1 must be the empty and the rare word");
		if ((rc = bt_al_strtab_add(&lx->words[side], (const char *)r->p + at, len, &id)) != 0)
			return rc;
		if (id != w)
			return bt_fail(BT_EINPUT, r->name, -1, (long long)at, "lexicon: word listed twice");
		r->pos += len;
	}
	return 0;
}

static int read_entries(reader *r, bt_lexicon *lx, uint32_t ne, const uint32_t nw[2])
{
	int rc;
	if ((size_t)ne > (r->len - r->pos) / 20)
		return bt_fail(BT_EINPUT, r->name, -1, (long long)r->pos, "lexicon truncated: %u entries announced", ne);
	if (!(lx->e = bt_malloc((ne ? ne : 1) * sizeof *lx->e)))
		return bt_fail_nomem();
	for (uint32_t x = 0; x < ne; x++) {
		al_lex_entry *e = &lx->e[x];
		size_t at = r->pos;
		if ((rc = get_u32(r, &e->s, "entry")) != 0 || (rc = get_u32(r, &e->t, "entry")) != 0 ||
		    (rc = get_f32(r, &e->p_fwd, 0, 1, "probability")) != 0 ||
		    (rc = get_f32(r, &e->p_bwd, 0, 1, "probability")) != 0 ||
		    (rc = get_f32(r, &e->count, 0, 1e12, "count")) != 0)
			return rc;
		if (e->s <= AL_LEX_RARE || e->t <= AL_LEX_RARE || e->s >= nw[0] || e->t >= nw[1])
			return bt_fail(BT_EINPUT, r->name, -1, (long long)at, "lexicon: entry %u names an unknown word", x);
		if (x > 0 && (e[-1].s > e->s || (e[-1].s == e->s && e[-1].t >= e->t)))
			return bt_fail(BT_EINPUT, r->name, -1, (long long)at, "lexicon: entries out of order");
		lx->ne = x + 1;
	}
	if (r->pos != r->len)
		return bt_fail(BT_EINPUT, r->name, -1, (long long)r->pos, "lexicon: %zu bytes after the entries",
			       r->len - r->pos);
	return 0;
}

int bt_lexicon_load(bt_lexicon **out, const void *data, size_t len, const char *name)
{
	reader r = {data, len, 0, name};
	bt_lexicon *lx = NULL;
	uint32_t nw[2], ne;
	int rc;
	*out = NULL;
	if ((rc = read_header(&r, &lx, nw, &ne)) != 0 || (rc = read_words(&r, lx, 0, nw[0])) != 0 ||
	    (rc = read_words(&r, lx, 1, nw[1])) != 0 || (rc = read_entries(&r, lx, ne, nw)) != 0 ||
	    (rc = bt_al_lex_open_tools(lx)) != 0 || (rc = bt_al_lex_index(lx)) != 0) {
		bt_lexicon_free(lx);
		return rc;
	}
	*out = lx;
	return 0;
}
