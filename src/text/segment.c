/* segment.c: sentence segmentation.
 *
 * Two passes. The structure pass works on bytes: blank lines end
 * paragraphs, and each line break inside a paragraph is either hard (it
 * ends a segment: after a heading, between list lines) or soft (a wrapped
 * sentence goes on). A run of softly joined lines is a "unit"; a unit that
 * is one short line without final punctuation is a heading.
 *
 * Every other unit is converted to UTF-16 once and scanned once, left to
 * right. At each run of sentence-final punctuation the language rules of
 * segment/<lang>.rules (abbreviations, titles, sentence starters; see
 * src/data/segment/FORMAT.md) decide; where they have no opinion, ICU's
 * sentence break iterator does (it is set on the unit only when asked, so
 * most units never pay for it). Languages without a rules file use ICU
 * alone, with ICU's own exception data (`@ss=standard`). With an SRX file
 * its rules replace ours.
 *
 * Every decision looks at a bounded window, or at state kept while
 * scanning, so the cost is linear in the text, whatever its shape. */
#include "data.h"
#include "error.h"
#include "srx.h"
#include "strtab.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

/* Word classes of the rules file (FORMAT.md). */
enum {
	F_TITLE = 1 << 0,   /* Mr. dhr. prof.: before a name */
	F_NUM = 1 << 1,     /* nr. blz. p.: before a number */
	F_INNER = 1 << 2,   /* e.g. d.w.z.: never ends a sentence */
	F_ABBR = 1 << 3,    /* co. o.a.: ends one only before a starter */
	F_FINAL = 1 << 4,   /* etc. enz.: ends one before any capital */
	F_TIME = 1 << 5,    /* a.m. p.m. */
	F_STARTER = 1 << 6, /* words that open sentences */
	F_STRONG = 1 << 7,  /* starters never capitalised inside a sentence */
	F_PARTICLE = 1 << 8, /* de, van: open surnames as well as sentences */
	F_OPENER = 1 << 9,  /* at, om: open a time phrase */
	F_LABEL = 1 << 10,  /* hoofdstuk, figure: name what a number numbers */
};
#define F_ABBRS (F_TITLE | F_NUM | F_INNER | F_ABBR | F_FINAL | F_TIME)

static const struct {
	const char *name;
	unsigned flag;
} kinds[] = {
	{"title", F_TITLE},     {"num", F_NUM},         {"inner", F_INNER},
	{"abbr", F_ABBR},       {"final", F_FINAL},     {"time", F_TIME},
	{"starter", F_STARTER}, {"strong", F_STRONG | F_STARTER},
	{"particle", F_PARTICLE}, {"opener", F_OPENER}, {"label", F_LABEL},
};

enum { ENGINE_RULES, ENGINE_ICU, ENGINE_SRX };

struct bt_segmenter {
	char lang[32];
	int engine;
	int lines; /* BT_SEG_LINES_* */
	UBreakIterator *bi;
	bt_srx *srx;
	/* The word table: the words of `rules`, their classes by id. */
	bt_buf rules;
	bt_strtab words;
	unsigned *flags;
	size_t nflags;
	/* Reused scratch: the unit in UTF-16, SRX decisions. */
	UChar *u;
	size_t ucap;
	signed char *dec;
	size_t deccap;
};

void bt_spans_dispose(bt_spans *s)
{
	bt_free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static int spans_push(bt_spans *s, size_t start, size_t end, int kind, unsigned para)
{
	bt_span *v = bt_grow(s->v, &s->cap, s->n + 1, sizeof *v);
	if (!v)
		return bt_fail_nomem();
	s->v = v;
	s->v[s->n++] = (bt_span){start, end, kind, para};
	return 0;
}

/* ---- The word table ---------------------------------------------------- */

/* The classes of a word of the rules file (lower-cased, without its final
 * '.'), 0 when it has none. */
static unsigned word_flags(const bt_segmenter *sg, const char *k, size_t n)
{
	uint32_t id;
	return bt_strtab_find(&sg->words, &id, k, n) ? sg->flags[id] : 0;
}

static int word_add(bt_segmenter *sg, const char *k, unsigned f)
{
	uint32_t id;
	int rc = bt_strtab_intern(&sg->words, &id, k, strlen(k));
	if (rc < 0)
		return rc;
	if (id >= sg->nflags) {
		size_t old = sg->nflags;
		unsigned *v = bt_grow(sg->flags, &sg->nflags, (size_t)id + 1, sizeof *v);
		if (!v)
			return bt_fail_nomem();
		memset(v + old, 0, (sg->nflags - old) * sizeof *v);
		sg->flags = v;
	}
	sg->flags[id] |= f;
	return 0;
}

/* Parses the rules file in place: "KIND ENTRY ENTRY ..." per line. */
static int load_rules(bt_segmenter *sg, const char *name)
{
	char *p, *end;
	size_t nwords = 0;
	long line = 0;
	int rc;
	for (p = sg->rules.ptr; *p; p++)
		nwords += (*p == ' ' || *p == '\t' || *p == '\n');
	/* about one word per blank: no growing while loading */
	if ((rc = bt_strtab_reserve(&sg->words, nwords + 1)) != 0)
		return rc;
	for (p = sg->rules.ptr, end = p + sg->rules.len; p < end;) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *tok, *save = NULL;
		unsigned f = 0;
		size_t k;
		if (!eol)
			eol = end;
		*eol = '\0';
		line++;
		tok = strtok_r(p, " \t\r", &save);
		p = eol + 1;
		if (!tok || tok[0] == '#')
			continue;
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
			if (strcmp(tok, kinds[k].name) == 0)
				f = kinds[k].flag;
		if (!f)
			return bt_fail(BT_EINPUT, name, line, -1, "unknown kind '%s' (see FORMAT.md)", tok);
		while ((tok = strtok_r(NULL, " \t\r", &save)) != NULL) {
			size_t n = strlen(tok);
			if (tok[0] == '#')
				break;
			for (char *c = tok; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
			if (f & F_ABBRS) {
				if (n < 2 || tok[n - 1] != '.')
					return bt_fail(BT_EINPUT, name, line, -1,
						       "abbreviation '%s' must end with '.'", tok);
				tok[n - 1] = '\0';
			}
			if ((rc = word_add(sg, tok, f)) != 0)
				return rc;
		}
	}
	return 0;
}

/* ---- Opening ----------------------------------------------------------- */

int bt_segmenter_open(bt_segmenter **out, const char *lang, const bt_segmenter_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_SEGMENTER_OPTS_VERSION, "bt_segmenter_open");
	UErrorCode st = U_ZERO_ERROR;
	bt_segmenter *sg;
	char base[32], name[64], loc[64];
	size_t k;
	int rc;
	*out = NULL;
	if (!lang || !*lang || strlen(lang) >= sizeof base)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s'", lang ? lang : "");
	for (k = 0; lang[k] && lang[k] != '-' && lang[k] != '_' && lang[k] != '@'; k++) {
		char c = lang[k];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s'", lang);
		base[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	base[k] = '\0';
	if (k < 2 || k > 3)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language code '%s'", lang);
	if (!(sg = bt_calloc(1, sizeof *sg)))
		return bt_fail_nomem();
	strcpy(sg->lang, lang);
	sg->lines = opts ? opts->lines : BT_SEG_LINES_AUTO;
	if (sg->lines < BT_SEG_LINES_AUTO || sg->lines > BT_SEG_LINES_JOIN) {
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "bad line mode %d", sg->lines);
		goto fail;
	}
	snprintf(name, sizeof name, "segment/%s.rules", base);
	if (opts && opts->srx_path) {
		if ((rc = bt_srx_open(&sg->srx, opts->srx_path, lang)) != 0)
			goto fail;
		sg->engine = ENGINE_SRX;
	} else {
		if (opts && opts->data_dir) {
			char path[4096];
			FILE *f;
			snprintf(path, sizeof path, "%s/%s", opts->data_dir, name);
			rc = (f = fopen(path, "rb")) ? (fclose(f), bt_read_file(&sg->rules, path)) : BT_ENOTFOUND;
		} else {
			rc = bt_data_load(&sg->rules, name);
		}
		if (rc == 0) {
			if ((rc = load_rules(sg, name)) != 0)
				goto fail;
			sg->engine = ENGINE_RULES;
		} else if (rc == BT_ENOTFOUND) {
			bt_error_clear();
			sg->engine = ENGINE_ICU;
		} else {
			goto fail;
		}
	}
	/* Our rules own the abbreviations; elsewhere ICU's exception data helps. */
	snprintf(loc, sizeof loc, "%s%s", lang, sg->engine == ENGINE_RULES ? "" : "@ss=standard");
	sg->bi = ubrk_open(UBRK_SENTENCE, loc, NULL, 0, &st);
	if (U_FAILURE(st)) {
		rc = bt_fail(BT_EUSAGE, NULL, -1, -1, "no sentence rules for '%s': %s", lang, u_errorName(st));
		goto fail;
	}
	*out = sg;
	return 0;
fail:
	bt_segmenter_free(sg);
	return rc;
}

void bt_segmenter_free(bt_segmenter *sg)
{
	if (!sg)
		return;
	if (sg->bi)
		ubrk_close(sg->bi);
	bt_srx_free(sg->srx);
	bt_buf_dispose(&sg->rules);
	bt_strtab_dispose(&sg->words);
	bt_free(sg->flags);
	bt_free(sg->u);
	bt_free(sg->dec);
	bt_free(sg);
}

/* ---- Characters -------------------------------------------------------- */

/* One code point of UTF-8 at s[i] (i < n), U+FFFD for a bad byte, which
 * then counts as one byte. The byte cursor below decodes the same way. */
static UChar32 u8_decode(const unsigned char *s, size_t i, size_t n, size_t *adv)
{
	int32_t cp;
	size_t k = bt_utf8_decode((const char *)s + i, n - i, &cp);
	*adv = k ? k : 1;
	return cp;
}

static inline int is_space(UChar c)
{
	if (c < 0x80)
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	return c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0x85;
}

static int is_nbsp(UChar c)
{
	return c == 0xA0 || c == 0x202F || c == 0x2007;
}

static inline int is_term(UChar c)
{
	if (c < 0x80)
		return c == '.' || c == '!' || c == '?';
	if (c == 0x2026)
		return 1;
	if (U16_IS_SURROGATE(c))
		return 0;
	int sb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
	return sb == U_SB_ATERM || sb == U_SB_STERM;
}

/* Closing quotes and brackets that stay with the sentence they follow;
 * invisible control characters go with them. */
static int is_close(UChar c)
{
	switch (c) {
	case '"': case '\'': case ')': case ']': case '}':
	case 0x2019: case 0x201D: case 0x2018: case 0x201C: case 0xBB: case 0x203A:
		return 1;
	}
	return c < 0x20 && c != '\t' && c != '\n';
}

static int is_open(UChar c)
{
	switch (c) {
	case '"': case '\'': case '`': case '(': case '[': case '{': case 0x201C: case 0x201E:
	case 0x2018: case 0x201A: case 0xAB: case 0x2039: case 0xBF: case 0xA1:
		return 1;
	}
	return 0;
}

static int is_bullet(UChar c)
{
	return c == 0x2022 || c == 0x2043 || c == 0x2023 || c == 0x25E6 || c == 0x25AA || c == 0x25CF;
}

static int is_upper(UChar c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	return !U16_IS_SURROGATE(c) && (u_isupper(c) || u_istitle(c));
}

static int is_lower(UChar c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return !U16_IS_SURROGATE(c) && u_islower(c);
}

static int is_digit(UChar c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return !U16_IS_SURROGATE(c) && u_isdigit(c);
}

static int is_alpha(UChar c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return U16_IS_SURROGATE(c) || u_isalpha(c);
}

static int is_alnum(UChar c)
{
	return is_alpha(c) || is_digit(c);
}

/* Lower-cased UTF-8 key of u[a, b) for the word table; 0 if too long. */
static size_t make_key(char *key, size_t cap, const UChar *u, int32_t a, int32_t b)
{
	size_t n = 0;
	int32_t i = a;
	while (i < b) {
		UChar32 c;
		U16_NEXT(u, i, b, c);
		c = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : u_tolower(c);
		if (n + 4 >= cap)
			return 0;
		U8_APPEND_UNSAFE(key, n, c);
	}
	key[n] = '\0';
	return n;
}

/* ---- One unit of running text ------------------------------------------ */

typedef struct unit {
	bt_segmenter *sg;
	const char *t;  /* the whole text */
	size_t base;    /* byte offset of u[0] in t */
	size_t bend;    /* byte end of the unit */
	const UChar *u;
	int32_t n;
	int32_t cu;     /* cursor: u index cu is at byte cb */
	size_t cb;
	unsigned para;
	bt_spans *out;
	int icu_set;
	int ascii;      /* all ASCII: u index = byte offset - base */
	/* Scan state of the current segment. */
	int32_t s;          /* start */
	int seg_alnum;      /* a letter or digit seen since s */
	int seg_punct;      /* punctuation seen since s (not a heading) */
	int seg_upper;      /* it opens with a capital */
	int words;          /* words started since s, counted up to 9 */
	UChar mk[8];        /* the next list marker expected, e.g. "2." */
	int mklen;
	/* Token cache for URL / e-mail detection. */
	int32_t url_tok;
	int url_is;
} unit;

static size_t to_byte(unit *x, int32_t pos)
{
	const unsigned char *s = (const unsigned char *)x->t;
	if (x->ascii)
		return x->base + (size_t)pos;
	while (x->cu < pos && x->base + x->cb < x->bend) {
		size_t adv;
		UChar32 c;
		if (s[x->base + x->cb] < 0x80) {
			x->cu++;
			x->cb++;
			continue;
		}
		c = u8_decode(s, x->base + x->cb, x->bend, &adv);
		x->cu += c > 0xFFFF ? 2 : 1;
		x->cb += adv;
	}
	return x->base + x->cb;
}

static int is_space_byte(const char *t, size_t i, size_t end, size_t *w)
{
	unsigned char c = (unsigned char)t[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		*w = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < end && (unsigned char)t[i + 1] == 0xA0) {
		*w = 2;
		return 1;
	}
	if (c == 0xE2 && i + 2 < end && (unsigned char)t[i + 1] == 0x80 &&
	    (((unsigned char)t[i + 2] >= 0x80 && (unsigned char)t[i + 2] <= 0x8A) ||
	     (unsigned char)t[i + 2] == 0xAF)) {
		*w = 3;
		return 1;
	}
	return 0;
}

/* Pushes bytes [a, b) of the text trimmed of white space, if anything is left. */
static int push_bytes(bt_spans *out, const char *t, size_t a, size_t b, int kind, unsigned para)
{
	size_t w;
	while (a < b && is_space_byte(t, a, b, &w))
		a += w;
	while (b > a) {
		size_t k = b - 1;
		while (k > a && ((unsigned char)t[k] & 0xC0) == 0x80)
			k--;
		if (!is_space_byte(t, k, b, &w) || k + w != b)
			break;
		b = k;
	}
	return a < b ? spans_push(out, a, b, kind, para) : 0;
}

static int emit(unit *x, int32_t a, int32_t b, int kind)
{
	size_t ba = to_byte(x, a), bb = to_byte(x, b);
	return push_bytes(x->out, x->t, ba, bb, kind, x->para);
}

static int icu_vote(unit *x, int32_t p)
{
	UErrorCode st = U_ZERO_ERROR;
	if (!x->icu_set) {
		ubrk_setText(x->sg->bi, x->u, x->n, &st);
		if (U_FAILURE(st))
			return 1;
		x->icu_set = 1;
	}
	return ubrk_isBoundary(x->sg->bi, p) != 0;
}

/* A new segment starts at s: reset the scan state and note the list
 * marker that would start the next item ("1." -> "2.", "a)" -> "b)"). */
static void seg_start(unit *x, int32_t s)
{
	const UChar *u = x->u;
	int32_t i = s, d = 0, n = x->n;
	long num = 0;
	x->s = s;
	x->seg_alnum = x->seg_punct = 0;
	x->words = 0;
	x->mklen = 0;
	while (i < n && (is_space(u[i]) || is_bullet(u[i])))
		i++;
	x->seg_upper = i < n && (is_upper(u[i]) || (is_open(u[i]) && i + 1 < n && is_upper(u[i + 1])));
	while (i + d < n && d < 3 && is_digit(u[i + d]) && u[i + d] < 0x80)
		num = num * 10 + (u[i + d] - '0'), d++;
	if (d == 0 && i < n && u[i] >= 'a' && u[i] < 'z')
		d = 1, num = -1;
	if (d == 0 || i + d >= n)
		return;
	{
		int32_t e = i + d;
		int k = 0;
		if (u[e] == '.' && e + 1 < n && u[e + 1] == ')')
			k = 2;
		else if (u[e] == '.' || u[e] == ')')
			k = 1;
		if (!k || e + k >= n || !is_space(u[e + k]))
			return;
		if (num < 0) {
			x->mk[0] = (UChar)(u[i] + 1);
			x->mklen = 1;
		} else {
			char buf[8];
			int m = snprintf(buf, sizeof buf, "%ld", num + 1);
			for (int j = 0; j < m; j++)
				x->mk[j] = (UChar)buf[j];
			x->mklen = m;
		}
		for (int j = 0; j < k; j++)
			x->mk[x->mklen++] = u[e + j];
	}
}

/* Is u[s, t0) only a list marker: "1", "12", "a", bullets around? A
 * section number of several levels, "3.1" or "3.2.2" (of "3.2.2. What
 * should I do?"), is one too: it labels what follows, as a DocBook table
 * of contents or a numbered question does. So is a number after a word
 * of the language's `label` list: "Hoofdstuk 3. Een distributie kiezen",
 * "Figure 2. The route" (but "Call 911. Then wait." ends after 911). */
static int marker_only(const unit *x, int32_t s, int32_t t0)
{
	const UChar *u = x->u;
	int32_t d = 0, label = 0;
	if (t0 - s > 40)
		return 0;
	while (s < t0 && (is_space(u[s]) || is_bullet(u[s])))
		s++;
	if (s < t0 && is_upper(u[s])) {
		int32_t w = s + 1;
		char key[64];
		size_t klen;
		while (w < t0 && is_alpha(u[w]))
			w++;
		if (w < t0 && w - s <= 20 && (u[w] == ' ' || is_nbsp(u[w])) && w + 1 < t0 && is_digit(u[w + 1]) &&
		    (klen = make_key(key, sizeof key, u, s, w)) && (word_flags(x->sg, key, klen) & F_LABEL))
			s = w + 1, label = 1;
	}
	if (t0 - s > 12)
		return 0;
	for (int levels = 0; levels < 4; levels++) {
		int32_t g = 0;
		while (s + d + g < t0 && is_digit(u[s + d + g]))
			g++;
		if (g < 1 || g > 3)
			break;
		d += g;
		if (s + d == t0)
			return 1;
		if (u[s + d] != '.')
			break;
		d++;
	}
	return !label && t0 - s == 1 && u[s] >= 'a' && u[s] <= 'z';
}

enum { T_EMPTY, T_WORD, T_NUMBER, T_URL, T_ACRO, T_INITIAL, T_LETTER };
enum { N_END, N_LOWER, N_UPPER, N_DIGIT, N_PUNCT, N_OTHER };

/* Does the token around tok contain '@', "://" or start with "www."?
 * Cached per token so that a long token is read once. */
static int token_is_url(unit *x, int32_t tok)
{
	const UChar *u = x->u;
	int32_t i;
	if (x->url_tok == tok)
		return x->url_is;
	x->url_tok = tok;
	x->url_is = tok + 4 <= x->n && (u[tok] == 'w' || u[tok] == 'W') && (u[tok + 1] == 'w' || u[tok + 1] == 'W') &&
		    (u[tok + 2] == 'w' || u[tok + 2] == 'W') && u[tok + 3] == '.';
	for (i = tok; !x->url_is && i < x->n && !is_space(u[i]); i++)
		if (u[i] == '@' || (u[i] == ':' && i + 2 < x->n && u[i + 1] == '/' && u[i + 2] == '/'))
			x->url_is = 1;
	return x->url_is;
}

/* The punctuation run u[t0, r) before white space up to p, counted. */
typedef struct run_facts {
	int ndots, nexq, nell, nother, inner_sp, spaced;
} run_facts;

/* The word after the white space: its class (N_*), its word flags (F_*),
 * its length in letters and whether it has a lower-case letter. */
typedef struct next_facts {
	int cls, flags, wlen, wlower;
} next_facts;

/* The word before the run: its class (T_*), its abbreviation flags and
 * where it starts (after any opening brackets or quotes). */
typedef struct prev_facts {
	int cls, flags;
	int32_t tok;
} prev_facts;

static void scan_run(const unit *x, int32_t t0, int32_t r, int32_t p, run_facts *f)
{
	memset(f, 0, sizeof *f);
	f->spaced = p > r;
	for (int32_t k = t0; k < r; k++) {
		UChar c = x->u[k];
		if (c == '.' || c == 0xFF0E)
			f->ndots++;
		else if (c == '!' || c == '?')
			f->nexq++;
		else if (c == 0x2026)
			f->nell++;
		else if (c == ' ')
			f->inner_sp = 1;
		else if (is_term(c))
			f->nother++;
	}
}

/* "(!)", "[...]": bracketed punctuation is a remark, not an end. */
static int is_remark(const unit *x, int32_t t0, int32_t r)
{
	const UChar *u = x->u;
	int32_t k;
	if (t0 == 0 || (u[t0 - 1] != '(' && u[t0 - 1] != '['))
		return 0;
	for (k = t0; k < r && u[k] != ')' && u[k] != ']'; k++)
		;
	if (k >= r)
		return 0;
	while (k < r && !is_term(u[k]))
		k++;
	return k == r;
}

/* "(manage users, groups, etc.) GOsa² shows": the end closes a bracket
 * opened inside the sentence, so the sentence goes on; a sentence that
 * ends in a bracket has its own stop after it: "(..., etc.).". A bracket
 * that opens the segment holds a sentence of its own: "(It always is.)". */
static int inside_aside(const unit *x, int32_t t0, int32_t r)
{
	const UChar *u = x->u;
	int32_t k, o, depth = 0, first = x->s;
	UChar close = 0, open;
	for (k = t0; k < r && !close; k++)
		if (u[k] == ')' || u[k] == ']')
			close = u[k];
	if (!close || is_term(u[r - 1]))
		return 0;
	open = close == ')' ? '(' : '[';
	for (o = t0 - 1; o >= x->s; o--) {
		if (u[o] == close)
			depth++;
		else if (u[o] == open && depth-- == 0)
			break;
	}
	if (o < x->s)
		return 0;
	while (first < o && (is_space(u[first]) || is_open(u[first]) || is_bullet(u[first])))
		first++;
	return first < o;
}

/* Only no-break spaces in u[r, p): they say "no end here". */
static int nbsp_only(const unit *x, int32_t r, int32_t p)
{
	int32_t k;
	for (k = r; k < p && is_nbsp(x->u[k]); k++)
		;
	return k == p;
}

/* The capitalised word at u[q]: its length, case and word flags. */
static void scan_upper(const unit *x, int32_t q, next_facts *f)
{
	const UChar *u = x->u;
	int32_t n = x->n, w;
	char key[64];
	size_t klen;
	for (w = q; w < n && w - q < 40 && (is_alpha(u[w]) || u[w] == '\'' || u[w] == 0x2019); w++)
		f->wlower |= is_lower(u[w]);
	f->wlen = (int)(w - q);
	while (w > q && (u[w - 1] == '\'' || u[w - 1] == 0x2019))
		w--;
	klen = make_key(key, sizeof key, u, q, w);
	f->flags = klen ? (int)word_flags(x->sg, key, klen) : 0;
	/* "U. S. A.": a letter with a period is an initial, not "A". */
	if (w - q == 1 && w < n && u[w] == '.')
		f->flags = 0;
}

/* The word after, at u[p]. Dutch 's and 't open sentences in lower case. */
static void scan_next(const unit *x, int32_t p, next_facts *f)
{
	const UChar *u = x->u;
	int32_t n = x->n, q = p;
	memset(f, 0, sizeof *f);
	f->cls = N_OTHER;
	if (q >= n) {
		f->cls = N_END;
	} else if ((u[q] == '\'' || u[q] == 0x2019) && q + 2 <= n &&
		   (u[q + 1] == 's' || u[q + 1] == 't' || u[q + 1] == 'n') &&
		   (q + 2 == n || is_space(u[q + 2]) || u[q + 2] == '-')) {
		f->cls = N_UPPER;
		f->flags = F_STARTER;
		f->wlen = 2;
		f->wlower = 1;
	} else {
		while (q < n && is_open(u[q]))
			q++;
		if (q >= n)
			f->cls = N_PUNCT;
		else if (is_upper(u[q])) {
			f->cls = N_UPPER;
			scan_upper(x, q, f);
		} else if (is_lower(u[q]))
			f->cls = N_LOWER;
		else if (is_digit(u[q]))
			f->cls = N_DIGIT;
		else if (is_term(u[q]))
			f->cls = N_PUNCT;
	}
}

/* The word before, u[tok, t0): a number, an acronym, an initial, ... */
static void scan_prev(unit *x, int32_t tok, int32_t t0, prev_facts *f)
{
	const UChar *u = x->u;
	int digits = 0, letters = 0, others = 0, dots = 0, part = 0, maxpart = 0;
	int32_t k;
	char key[64];
	size_t klen;

	while (tok < t0 && is_open(u[tok]))
		tok++;
	f->tok = tok;
	f->flags = 0;
	f->cls = T_WORD;
	if (tok == t0) {
		f->cls = T_EMPTY;
		return;
	}
	if (token_is_url(x, tok)) {
		f->cls = T_URL;
		return;
	}
	for (k = tok; k < t0 && k - tok < 48; k++) {
		UChar c = u[k];
		if (c == '.') {
			dots++;
			part = 0;
		} else if (is_digit(c)) {
			digits++;
		} else if (is_alpha(c)) {
			letters++;
			if (++part > maxpart)
				maxpart = part;
		} else if (c != ',' && c != '$' && c != 0x20AC && c != 0xA3) {
			others++;
		}
	}
	klen = make_key(key, sizeof key, u, tok, t0);
	f->flags = klen ? (int)(word_flags(x->sg, key, klen) & F_ABBRS) : 0;
	if (k < t0)
		f->cls = T_WORD;
	else if (digits && !letters && !others)
		f->cls = T_NUMBER;
	else if (dots && !digits && !others && maxpart <= 3)
		f->cls = T_ACRO;
	else if (t0 - tok == 1 && is_upper(u[tok]))
		f->cls = T_INITIAL;
	else if (t0 - tok == 1 && is_lower(u[tok]))
		f->cls = T_LETTER;
}

/* "At 5 a.m. Mr. Smith went": does the segment open with a time phrase
 * word (F_OPENER)? Then the time's period ends no sentence. */
static int opens_with_time_phrase(const unit *x, int32_t t0)
{
	const UChar *u = x->u;
	int32_t k, w;
	char key[64];
	size_t klen;
	if (x->words > 4)
		return 0;
	for (k = x->s; k < t0 && is_space(u[k]); k++)
		;
	for (w = k; w < t0 && w - k < 40 && is_alpha(u[w]); w++)
		;
	klen = make_key(key, sizeof key, u, k, w);
	return klen && (word_flags(x->sg, key, klen) & F_OPENER);
}

/* One full stop, white space after, a capitalised word next: 1 when it
 * ends the sentence. */
static int stop_before_upper(const unit *x, int32_t t0, const prev_facts *pw, const next_facts *nw)
{
	int starter = (nw->flags & F_STARTER) != 0;
	int tflags = pw->flags;
	if (tflags & F_INNER)
		return 0;
	if (tflags & F_TITLE)
		return starter && !(nw->flags & F_PARTICLE);
	if (tflags & (F_NUM | F_FINAL))
		return 1;
	if (tflags & F_TIME) {
		/* "4 p.m. ET": a time zone in capitals goes with the time. */
		if (!nw->wlower && nw->wlen >= 2 && nw->wlen <= 4)
			return 0;
		return !opens_with_time_phrase(x, t0);
	}
	if (tflags & F_ABBR)
		return starter;
	/* "E. Smith", "B. De Wever", but "you and I. Did you". */
	if (pw->cls == T_INITIAL)
		return starter && !(nw->flags & F_PARTICLE);
	if (pw->cls == T_ACRO)
		return starter;
	return 1;
}

/* One full stop at t0 with no white space after: 1 when it ends the
 * sentence (only before a capitalised word of two letters or more). */
static int stop_unspaced(int32_t t0, const prev_facts *pw, const next_facts *nw)
{
	if (nw->cls != N_UPPER || nw->wlen < 2 || !nw->wlower)
		return 0;
	if (pw->flags)
		return (pw->flags & (F_NUM | F_FINAL)) != 0;
	if (pw->cls == T_NUMBER)
		return 1;
	return pw->cls == T_WORD && !(t0 - pw->tok <= 2 && nw->wlen <= 2);
}

/* The run's verdict once the words around are known: the end or -1. */
static int32_t decide_run(unit *x, int32_t t0, int32_t r, int32_t p, const run_facts *rf, const prev_facts *pw,
			  const next_facts *nw)
{
	const UChar *u = x->u;
	/* "word. . . . Next", "word. ...next": the period ends the sentence
	 * and the ellipsis opens the next one. */
	if (pw->cls != T_EMPTY && !pw->flags && u[t0] == '.' && t0 + 2 < r && u[t0 + 1] == ' ' && nw->cls != N_PUNCT)
		return t0 + 1;
	if (nw->cls == N_LOWER)
		return -1;
	/* Without a space only a word can follow an end: "!," "?'," go on. */
	if (!rf->spaced && nw->cls != N_UPPER)
		return -1;
	if (rf->nell || rf->ndots >= 2) { /* ellipsis */
		if (pw->cls == T_EMPTY || rf->inner_sp)
			return rf->ndots >= 4 && nw->cls != N_PUNCT ? p : -1;
		return nw->cls == N_UPPER || nw->cls == N_DIGIT ? p : -1;
	}
	if (rf->nexq)
		return nw->cls == N_PUNCT ? -1 : p;
	if (rf->nother)
		return icu_vote(x, p) ? p : -1;
	/* One full stop. */
	if (!rf->spaced)
		return stop_unspaced(t0, pw, nw) ? p : -1;
	if (nw->cls == N_DIGIT)
		return pw->flags || pw->cls == T_INITIAL || pw->cls == T_LETTER || pw->cls == T_ACRO ? -1 : p;
	if (nw->cls == N_UPPER)
		return stop_before_upper(x, t0, pw, nw) ? p : -1;
	if (nw->cls == N_PUNCT)
		return -1;
	return pw->flags ? -1 : (icu_vote(x, p) ? p : -1);
}

/* What a run of sentence punctuation at u[t0, r), followed by white space
 * up to p, means: the position where the segment ends, or -1 for none.
 * `tok` is where the word before the punctuation starts. The scanners
 * gather the facts; decide_run() judges them. */
static int32_t decide(unit *x, int32_t t0, int32_t r, int32_t p, int32_t tok)
{
	const UChar *u = x->u;
	run_facts rf;
	next_facts nw;
	prev_facts pw;

	scan_run(x, t0, r, p, &rf);
	if (is_remark(x, t0, r) || inside_aside(x, t0, r))
		return -1;
	if (rf.spaced && nbsp_only(x, r, p))
		return -1;
	if (!x->seg_alnum || marker_only(x, x->s, t0))
		return -1;
	scan_next(x, p, &nw);
	if (nw.cls == N_END)
		return -1;
	/* Without a space only a capitalised word can follow an end, and
	 * only an end that closes a word: ".Net", "!Kung" are names. */
	if (!rf.spaced && (((nw.cls != N_UPPER || nw.wlen < 2 || !nw.wlower) && !(t0 + 2 < r && u[t0 + 1] == ' ')) ||
			   t0 == 0 || is_space(u[t0 - 1])))
		return -1;
	scan_prev(x, tok, t0, &pw);
	return decide_run(x, t0, r, p, &rf, &pw, &nw);
}

/* The language rules over u[0, n). */
static int seg_rules(unit *x)
{
	const UChar *u = x->u;
	int32_t n = x->n, i, last_ws = -1;
	int rc;
	seg_start(x, 0);
	for (i = 0; i < n; i++) {
		UChar c = u[i];
		/* Most characters are letters and digits: nothing to decide. */
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			if (!x->seg_alnum) {
				x->seg_alnum = 1;
				x->words = 1;
			}
			continue;
		}
		if (is_space(c)) {
			int32_t w = i + 1;
			last_ws = i;
			if (w >= n || is_space(u[w]))
				continue;
			if (x->seg_alnum && x->words < 9)
				x->words++;
			/* The next list item: "... first item 2. The second". */
			if (x->mklen && x->seg_alnum && w + x->mklen < n &&
			    memcmp(u + w, x->mk, (size_t)x->mklen * sizeof(UChar)) == 0 && is_space(u[w + x->mklen])) {
				if ((rc = emit(x, x->s, w, BT_SEG_SENTENCE)) != 0)
					return rc;
				seg_start(x, w);
				continue;
			}
			/* A heading that lost its line break: "Marionet van Poetin
			 * Zeker sinds ...": a few words without punctuation, then a
			 * word that only ever opens sentences. */
			if (x->seg_upper && !x->seg_punct && x->words >= 3 && x->words <= 8 && is_upper(u[w]) &&
			    i > 0 && is_alnum(u[i - 1])) {
				char key[64];
				int32_t e = w;
				size_t klen;
				while (e < n && e - w < 40 && is_alpha(u[e]))
					e++;
				if (e < n && is_space(u[e]) && (klen = make_key(key, sizeof key, u, w, e)) &&
				    (word_flags(x->sg, key, klen) & F_STRONG)) {
					if ((rc = emit(x, x->s, w, BT_SEG_HEADING)) != 0)
						return rc;
					seg_start(x, w);
				}
			}
			continue;
		}
		if (is_term(c)) {
			int32_t r = i + 1, p, b;
			for (;;) {
				if (r < n && (is_term(u[r]) || is_close(u[r])))
					r++;
				else if (r + 1 < n && u[r] == ' ' && u[r + 1] == '.' && u[r - 1] == '.')
					r++;
				else
					break;
			}
			for (p = r; p < n && is_space(u[p]); p++)
				;
			b = decide(x, i, r, p, last_ws + 1 > x->s ? last_ws + 1 : x->s);
			if (b > x->s && b < n) {
				if ((rc = emit(x, x->s, b, BT_SEG_SENTENCE)) != 0)
					return rc;
				seg_start(x, b);
				if (b <= i) /* the ellipsis opens the new segment */
					x->seg_punct = 1;
			} else {
				x->seg_punct = 1;
			}
			for (int32_t k = i + 1; k < r; k++)
				if (u[k] == ' ')
					last_ws = k;
			i = r - 1;
			continue;
		}
		if (is_bullet(c) && x->seg_alnum && i > 0 && is_space(u[i - 1])) {
			if ((rc = emit(x, x->s, i, BT_SEG_SENTENCE)) != 0)
				return rc;
			seg_start(x, i);
			continue;
		}
		if (is_alnum(c)) {
			if (!x->seg_alnum) {
				x->seg_alnum = 1;
				x->words = 1;
			}
		} else if (c != '-' && c != '\'' && c != 0x2019) {
			x->seg_punct = 1;
		}
	}
	return emit(x, x->s, n, BT_SEG_SENTENCE);
}

/* ICU alone. */
static int seg_icu(unit *x)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t prev = 0, b;
	int rc;
	ubrk_setText(x->sg->bi, x->u, x->n, &st);
	if (U_FAILURE(st))
		return bt_fail(BT_EINPUT, NULL, -1, -1, "ICU: %s", u_errorName(st));
	for (b = ubrk_next(x->sg->bi); b != UBRK_DONE; b = ubrk_next(x->sg->bi)) {
		if ((rc = emit(x, prev, b, BT_SEG_SENTENCE)) != 0)
			return rc;
		prev = b;
	}
	return emit(x, prev, x->n, BT_SEG_SENTENCE);
}

/* SRX rules, with ICU boundaries (moved back over white space) as the
 * last break rule when the file asks for them. */
static int seg_srx(unit *x)
{
	bt_segmenter *sg = x->sg;
	int32_t n = x->n, i, prev = 0;
	int rc;
	if ((size_t)n + 1 > sg->deccap) {
		signed char *d = bt_realloc(sg->dec, (size_t)n + 1);
		if (!d)
			return bt_fail_nomem();
		sg->dec = d;
		sg->deccap = (size_t)n + 1;
	}
	if ((rc = bt_srx_decide(sg->srx, x->u, n, sg->dec)) != 0)
		return rc;
	if (bt_srx_uses_icu(sg->srx)) {
		UErrorCode st = U_ZERO_ERROR;
		int32_t b;
		ubrk_setText(sg->bi, x->u, n, &st);
		for (b = ubrk_next(sg->bi); U_SUCCESS(st) && b != UBRK_DONE && b < n; b = ubrk_next(sg->bi)) {
			int32_t m = b;
			while (m > 0 && is_space(x->u[m - 1]))
				m--;
			if (sg->dec[m] < 0)
				sg->dec[m] = 1;
		}
	}
	for (i = 1; i < n; i++) {
		if (sg->dec[i] == 1) {
			if ((rc = emit(x, prev, i, BT_SEG_SENTENCE)) != 0)
				return rc;
			prev = i;
		}
	}
	return emit(x, prev, n, BT_SEG_SENTENCE);
}

/* Segments the running text t[a, b): soft line breaks become spaces. */
static int segment_unit(bt_segmenter *sg, const char *t, size_t a, size_t b, unsigned para, bt_spans *out)
{
	const unsigned char *s = (const unsigned char *)t;
	unit x;
	size_t i, need = b - a + 1;
	int32_t n = 0;
	int ascii = 1;
	if (b - a > INT32_MAX / 2)
		return bt_fail(BT_ELIMIT, NULL, -1, (long long)a, "paragraph longer than 1 GB");
	if (need > sg->ucap) {
		UChar *nu = bt_realloc(sg->u, need * sizeof *nu);
		if (!nu)
			return bt_fail_nomem();
		sg->u = nu;
		sg->ucap = need;
	}
	for (i = a; i < b;) {
		if (s[i] < 0x80) {
			sg->u[n++] = s[i] == '\n' ? ' ' : s[i];
			i++;
		} else {
			ascii = 0;
			size_t adv;
			UChar32 c = u8_decode(s, i, b, &adv);
			U16_APPEND_UNSAFE(sg->u, n, c);
			i += adv;
		}
	}
	memset(&x, 0, sizeof x);
	x.sg = sg;
	x.t = t;
	x.base = a;
	x.bend = b;
	x.u = sg->u;
	x.n = n;
	x.para = para;
	x.out = out;
	x.url_tok = -1;
	x.ascii = ascii;
	switch (sg->engine) {
	case ENGINE_RULES:
		return seg_rules(&x);
	case ENGINE_SRX:
		return seg_srx(&x);
	default:
		return seg_icu(&x);
	}
}

/* ---- Structure: paragraphs, lines, headings ----------------------------- */

typedef struct line {
	size_t a, b;     /* trimmed */
	int starts_lower, starts_upper, starts_list;
	int ends_final;  /* . ! ? ... : ; , (closing quotes skipped) */
	int ends_term;   /* . ! ? ... only */
	int is_short;
} line;

static UChar32 cp_at(const char *t, size_t i, size_t end)
{
	size_t adv;
	return u8_decode((const unsigned char *)t, i, end, &adv);
}

static void line_scan(line *L, const char *t, size_t a, size_t b)
{
	size_t w, i, chars = 0;
	UChar32 c;
	while (a < b && is_space_byte(t, a, b, &w))
		a += w;
	while (b > a) {
		size_t k = b - 1;
		while (k > a && ((unsigned char)t[k] & 0xC0) == 0x80)
			k--;
		if (!is_space_byte(t, k, b, &w) || k + w != b)
			break;
		b = k;
	}
	memset(L, 0, sizeof *L);
	L->a = a;
	L->b = b;
	if (a >= b)
		return;
	/* First letter, past opening quotes. */
	for (i = a; i < b;) {
		size_t adv;
		c = u8_decode((const unsigned char *)t, i, b, &adv);
		if (c > 0xFFFF || !is_open((UChar)c))
			break;
		i += adv;
	}
	c = i < b ? cp_at(t, i, b) : 0;
	L->starts_lower = c < 0x10000 && is_lower((UChar)c);
	L->starts_upper = c < 0x10000 && is_upper((UChar)c);
	L->starts_list = c == '-' || c == '*' || c == 0x2013 || (c < 0x10000 && is_bullet((UChar)c));
	if (c >= '0' && c <= '9') {
		size_t k = i;
		while (k < b && k - i < 3 && t[k] >= '0' && t[k] <= '9')
			k++;
		L->starts_list = k < b && (t[k] == '.' || t[k] == ')') && k + 1 < b && t[k + 1] == ' ';
	}
	/* Last character, past closing quotes and brackets. */
	for (i = b; i > a;) {
		size_t k = i - 1;
		while (k > a && ((unsigned char)t[k] & 0xC0) == 0x80)
			k--;
		c = cp_at(t, k, b);
		if (c > 0xFFFF || !is_close((UChar)c) || c < 0x20) {
			L->ends_term = c <= 0xFFFF && is_term((UChar)c);
			L->ends_final = L->ends_term || c == ':' || c == ';' || c == ',';
			break;
		}
		i = k;
	}
	for (i = a; i < b && chars <= 160; i++)
		chars += ((unsigned char)t[i] & 0xC0) != 0x80;
	L->is_short = chars <= 160;
}

/* Words in t[a, b), counted up to 3. */
static int count_words(const char *t, size_t a, size_t b)
{
	int n = 0, in = 0;
	for (; a < b && n < 3; a++) {
		int sp = t[a] == ' ' || t[a] == '\t' || t[a] == '\n';
		n += !sp && !in;
		in = !sp;
	}
	return n;
}

/* One paragraph t[a, b): lines joined into units, each a heading or text. */
static int segment_para(bt_segmenter *sg, const char *t, size_t a, size_t b, unsigned para, bt_spans *out)
{
	line cur, next;
	size_t i = a, ua = 0, ub = 0, ub_prev = 0;
	int have_unit = 0, unit_lines = 0, begins = 1, cur_begins = 1, rc;
	line first;
	size_t maxlen = 0;
	memset(&first, 0, sizeof first);
	for (size_t k = a; k < b;) {
		const char *nl = memchr(t + k, '\n', b - k);
		size_t e = nl ? (size_t)(nl - t) : b;
		if (e - k > maxlen)
			maxlen = e - k;
		k = e + 1;
	}
	{
		const char *nl = memchr(t + i, '\n', b - i);
		size_t e = nl ? (size_t)(nl - t) : b;
		line_scan(&cur, t, i, e);
		i = nl ? e + 1 : b;
	}
	for (;;) {
		int last = i >= b, hard;
		if (!last) {
			const char *nl = memchr(t + i, '\n', b - i);
			size_t e = nl ? (size_t)(nl - t) : b;
			line_scan(&next, t, i, e);
			i = nl ? e + 1 : b;
		}
		if (cur.a < cur.b) {
			if (!have_unit) {
				ua = cur.a;
				first = cur;
				have_unit = 1;
				unit_lines = 0;
			}
			ub_prev = ub;
			ub = cur.b;
			unit_lines++;
		}
		/* Is the break after `cur` hard? */
		if (last || cur.a >= cur.b) {
			hard = last;
		} else if (sg->lines == BT_SEG_LINES_BREAK) {
			hard = 1;
		} else if (sg->lines == BT_SEG_LINES_JOIN) {
			hard = 0;
		} else if (next.starts_list) {
			hard = 1;
		} else if (cur.ends_final) {
			hard = 0;
		} else if (begins) {
			/* A short line that starts a sentence, then a capital: a
			 * heading; but a line as long as the paragraph's longest is
			 * hard-wrapped text that goes on. */
			if (next.starts_lower)
				hard = cur.starts_lower; /* a list in lower case */
			else
				hard = cur.is_short && (cur.b - cur.a) * 4 < maxlen * 3;
		} else {
			hard = 0;
		}
		cur_begins = begins;
		if (cur.a < cur.b)
			begins = hard || cur.ends_term;
		if (hard && have_unit) {
			size_t n0;
			/* A heading after sentences on the lines before it. */
			if (unit_lines > 1 && cur_begins && !cur.ends_final && cur.is_short && !cur.starts_list &&
			    sg->lines == BT_SEG_LINES_AUTO) {
				if ((rc = segment_unit(sg, t, ua, ub_prev, para, out)) != 0)
					return rc;
				ua = cur.a;
				first = cur;
				unit_lines = 1;
			}
			n0 = out->n;
			if ((rc = segment_unit(sg, t, ua, ub, para, out)) != 0)
				return rc;
			/* One short line without final punctuation is a heading, even
			 * with a label in front ("KIJK. Loekasjenko: ..."), but not when
			 * a real sentence ends inside it. */
			if (unit_lines == 1 && !first.ends_final && first.is_short && !first.starts_list &&
			    sg->lines != BT_SEG_LINES_JOIN) {
				size_t k;
				for (k = n0; k + 1 < out->n && count_words(t, out->v[k].start, out->v[k].end) <= 2; k++)
					;
				if (k + 1 >= out->n) {
					out->n = n0;
					if ((rc = push_bytes(out, t, ua, ub, BT_SEG_HEADING, para)) != 0)
						return rc;
				}
			}
			have_unit = 0;
			begins = 1;
		}
		if (last)
			break;
		cur = next;
	}
	return 0;
}

int bt_segmenter_run(bt_spans *out, bt_segmenter *sg, const char *t, size_t len)
{
	size_t i = 0;
	unsigned para = 0;
	int rc;
	out->n = 0;
	while (i < len) {
		size_t pend, w;
		while (i < len && is_space_byte(t, i, len, &w))
			i += w;
		if (i >= len)
			break;
		/* A paragraph runs up to a blank line. */
		pend = i;
		for (;;) {
			const char *nl = memchr(t + pend, '\n', len - pend);
			size_t e = nl ? (size_t)(nl - t) : len, j = e + 1;
			if (!nl) {
				pend = len;
				break;
			}
			while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
				j++;
			if (j >= len || t[j] == '\n') {
				pend = e;
				break;
			}
			pend = e + 1;
		}
		if ((rc = segment_para(sg, t, i, pend, para, out)) != 0)
			return rc;
		para++;
		i = pend;
	}
	return 0;
}
