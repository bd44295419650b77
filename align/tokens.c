/* tokens.c: what the aligner sees of a sentence: tokens, their folded
 * and stemmed forms, number digits and name keys. */
#include "align.h"
#include "data.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* ---- folding ---- */

struct al_folder {
	UTransliterator *ascii;
	UChar *u, *v;
	size_t ucap;
};

int bt_al_folder_open(al_folder **out)
{
	al_folder *f = bt_calloc(1, sizeof *f);
	*out = f;
	return f ? 0 : bt_fail_nomem();
}

/* ICU's Latin-ASCII, opened when a word first needs it: opening it costs
 * more than flattening ten thousand words by the table. */
static int open_ascii(al_folder *f)
{
	UChar id[32];
	UParseError pe;
	UErrorCode st = U_ZERO_ERROR;
	if (f->ascii)
		return 0;
	u_uastrcpy(id, "Latin-ASCII");
	f->ascii = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
	if (U_FAILURE(st)) {
		f->ascii = NULL;
		return bt_fail(BT_EIO, NULL, -1, -1, "ICU has no Latin-ASCII transliterator: %s", u_errorName(st));
	}
	return 0;
}

void bt_al_folder_free(al_folder *f)
{
	if (!f)
		return;
	if (f->ascii)
		utrans_close(f->ascii);
	bt_free(f->u);
	bt_free(f->v);
	bt_free(f);
}

static int ensure_u(al_folder *f, size_t n)
{
	UChar *u, *v;
	if (n <= f->ucap)
		return 0;
	n = n < 64 ? 64 : n * 2;
	u = bt_realloc(f->u, n * sizeof *u);
	if (!u)
		return bt_fail_nomem();
	f->u = u;
	v = bt_realloc(f->v, n * sizeof *v);
	if (!v)
		return bt_fail_nomem();
	f->v = v;
	f->ucap = n;
	return 0;
}

/* What case folding and ICU's Latin-ASCII make of the letters U+00C0 to
 * U+017F (Latin-1 and Latin Extended-A): the letters of most European
 * texts, flattened without a call into ICU (test_align checks the table
 * against ICU). NULL: not a letter, left to ICU. */
static const char *const latin_flat[0x180 - 0xC0] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", NULL,
	"o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
	"a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u",
	"u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e",
	"e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i",
	"i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k",
	"q", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n",
	"n", "n", "n", "n", "n", "\'n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s",
	"s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
	"w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* A letter of a script Latin-ASCII leaves alone (Greek, Cyrillic, ...;
 * ICU's rule filters on Latin, Common and Inherited): only case-folded.
 * Returns 1 when it took the code point at s[*i] (advancing *i). */
static int fold_other_script(bt_buf *out, const char *s, size_t len, size_t *i, int *rc)
{
	UChar32 c;
	int32_t k = 0, n = (int32_t)(len - *i < 8 ? len - *i : 8), ulen, blen = 0;
	UChar u[8], v[8];
	UErrorCode st = U_ZERO_ERROR;
	UScriptCode sc;
	U8_NEXT(s + *i, k, n, c);
	if (c < 0 || !u_isalpha(c))
		return 0;
	sc = (UScriptCode)u_getIntPropertyValue(c, UCHAR_SCRIPT);
	if (sc == USCRIPT_LATIN || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN)
		return 0;
	ulen = 0;
	U16_APPEND_UNSAFE(u, ulen, c);
	ulen = u_strFoldCase(v, 8, u, ulen, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st))
		return 0;
	if ((*rc = bt_buf_grow(out, 32)) != 0)
		return 1;
	u_strToUTF8(out->ptr + out->len, 32, &blen, v, ulen, &st);
	if (U_FAILURE(st))
		return 0;
	out->len += (size_t)blen;
	*i += (size_t)k;
	return 1;
}

/* The fast path of bt_al_flatten: ASCII and the letters of latin_flat.
 * Returns 1 when it did the job, 0 when ICU must. */
static int flatten_latin(bt_buf *out, const char *s, size_t len, int *rc)
{
	size_t i = 0, start = out->len;
	*rc = 0;
	if ((*rc = bt_buf_grow(out, 2 * len)) != 0)
		return 1;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			out->ptr[out->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		if (i + 1 < len && (c & 0xE0) == 0xC0 && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			unsigned cp = (unsigned)(c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F);
			const char *r = cp >= 0xC0 && cp < 0x180 ? latin_flat[cp - 0xC0] : NULL;
			if (r) {
				size_t rl = strlen(r);
				memcpy(out->ptr + out->len, r, rl);
				out->len += rl;
				i += 2;
				continue;
			}
		}
		if (fold_other_script(out, s, len, &i, rc)) {
			if (*rc)
				return 1;
			continue;
		}
		out->len = start;
		return 0;
	}
	out->ptr[out->len] = '\0';
	return 1;
}

int bt_al_flatten(al_folder *f, bt_buf *out, const char *s, size_t len)
{
	int rc;
	if (flatten_latin(out, s, len, &rc))
		return rc;
	return bt_al_flatten_icu(f, out, s, len);
}

int bt_al_flatten_icu(al_folder *f, bt_buf *out, const char *s, size_t len)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0, flen, tlen, limit, blen = 0;
	int rc;
	if ((rc = open_ascii(f)) != 0)
		return rc;
	if (len > INT32_MAX / 8)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "word too long (%zu bytes)", len);
	/* Folding may triple a string and Latin-ASCII double it again. */
	if ((rc = ensure_u(f, len * 6 + 16)) != 0)
		return rc;
	u_strFromUTF8WithSub(f->u, (int32_t)f->ucap, &ulen, s, (int32_t)len, 0xFFFD, NULL, &st);
	flen = u_strFoldCase(f->v, (int32_t)f->ucap, f->u, ulen, U_FOLD_CASE_DEFAULT, &st);
	if (U_FAILURE(st))
		return bt_fail(BT_EINPUT, NULL, -1, -1, "cannot fold text: %s", u_errorName(st));
	tlen = flen;
	limit = flen;
	utrans_transUChars(f->ascii, f->v, &tlen, (int32_t)f->ucap, 0, &limit, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING)
		st = U_ZERO_ERROR, tlen = limit < (int32_t)f->ucap ? limit : (int32_t)f->ucap - 1;
	if (U_FAILURE(st))
		return bt_fail(BT_EINPUT, NULL, -1, -1, "cannot fold text: %s", u_errorName(st));
	if ((rc = bt_buf_grow(out, (size_t)tlen * 3)) != 0)
		return rc;
	u_strToUTF8(out->ptr + out->len, (int32_t)(out->cap - out->len), &blen, f->v, tlen, &st);
	if (U_FAILURE(st))
		return bt_fail(BT_EINPUT, NULL, -1, -1, "cannot fold text: %s", u_errorName(st));
	out->len += (size_t)blen;
	out->ptr[out->len] = '\0';
	return 0;
}

/* The spelling a cognate key compares: the letters that Latin-script
 * languages write differently for one sound made alike (Kamera, camera;
 * Telefon, téléphone; Oktober, octobre; Physik, fysik) and double
 * letters made single (Literatur, littérature). Only ASCII letters of
 * the flattened word change. Returns the length written to out (at most
 * len bytes). */
size_t bt_al_cognate_spelling(char *out, const char *w, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char c = w[i], nx = i + 1 < len ? w[i + 1] : 0;
		if ((c == 'p' || c == 't') && nx == 'h')
			c = c == 'p' ? 'f' : 't', i++;
		else if (c == 'q' && nx == 'u')
			c = 'k', i++;
		else if (c == 'c' && nx == 'k')
			c = 'k', i++;
		else if (c == 'c')
			c = 'k';
		else if (c == 'y')
			c = 'i';
		else if (c == 'z')
			c = 's';
		if (n && out[n - 1] == c && (unsigned char)c < 0x80)
			continue;
		out[n++] = c;
	}
	return n;
}

/* ---- stemming ---- */

typedef struct suffix {
	char s[16], r[16];
	unsigned char slen, rlen;
} suffix;

struct al_stemmer {
	suffix *v;
	size_t n;
	int min;        /* shortest stem left by stripping */
	int compounds;
	int undouble, undouble_vowels;
	char final_from[8], final_to[8]; /* one-letter final substitutions */
	int nfinal;
};

static int by_length_desc(const void *a, const void *b)
{
	const suffix *x = a, *y = b;
	return (int)y->slen - (int)x->slen;
}

/* An option line of suffixes.tsv ("=compounds", "=min 4", "=final d t"
 * ...): 0, or -1 when unknown. */
static int stem_option(al_stemmer *st, const char *const f[3], const size_t fl[3], int nf)
{
#define OPT(s) (fl[1] == sizeof s - 1 && memcmp(f[1], s, sizeof s - 1) == 0)
	if (OPT("=compounds"))
		st->compounds = 1;
	else if (OPT("=undouble"))
		st->undouble = 1;
	else if (OPT("=undouble-vowels"))
		st->undouble_vowels = 1;
	else if (OPT("=min") && nf == 3 && fl[2] == 1)
		st->min = f[2][0] - '0';
	else if (OPT("=final") && nf == 3 && fl[2] == 3 && st->nfinal < 8) {
		st->final_from[st->nfinal] = f[2][0];
		st->final_to[st->nfinal] = f[2][2];
		st->nfinal++;
	} else
		return 1;
	return 0;
#undef OPT
}

/* A suffix line: suffix and optional replacement; 1 when too long. */
static int stem_suffix(al_stemmer *st, size_t *cap, const char *const f[3], const size_t fl[3], int nf)
{
	suffix *sx;
	if (fl[1] >= 16 || (nf == 3 && fl[2] >= 16))
		return 1;
	if (st->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 32;
		suffix *v = bt_realloc(st->v, nc * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		st->v = v;
		*cap = nc;
	}
	sx = &st->v[st->n++];
	memset(sx, 0, sizeof *sx);
	memcpy(sx->s, f[1], fl[1]);
	sx->slen = (unsigned char)fl[1];
	if (nf == 3) {
		memcpy(sx->r, f[2], fl[2]);
		sx->rlen = (unsigned char)fl[2];
	}
	return 0;
}

/* Splits the line [p, eol) at tabs into at most three fields. */
static int split_fields(const char *p, const char *eol, const char *f[3], size_t fl[3])
{
	int nf = 0;
	while (nf < 3) {
		const char *t = memchr(p, '\t', (size_t)(eol - p));
		f[nf] = p;
		fl[nf] = (size_t)((t ? t : eol) - p);
		nf++;
		if (!t)
			break;
		p = t + 1;
	}
	return nf;
}

/* Reads the rules of `lang` from the text of suffixes.tsv. */
static int stem_rules(al_stemmer *st, const bt_buf *b, const char *lang)
{
	static const char name[] = "glossary/suffixes.tsv";
	const char *p = b->ptr, *end = b->ptr + b->len;
	size_t lang_len = strcspn(lang, "-_"), cap = 0;
	long line = 0;
	int rc;
	for (; p < end; p = p + 1) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *f[3] = {0};
		size_t fl[3] = {0};
		int nf;
		if (!eol)
			eol = end;
		line++;
		if (p < eol && *p != '#') {
			if ((nf = split_fields(p, eol, f, fl)) < 2)
				return bt_fail(BT_EINPUT, name, line, (long long)(p - b->ptr),
					       "expected lang<TAB>suffix[<TAB>replacement]");
			if (fl[0] == lang_len && memcmp(f[0], lang, lang_len) == 0) {
				int opt = fl[1] && f[1][0] == '=';
				rc = opt ? stem_option(st, f, fl, nf) : stem_suffix(st, &cap, f, fl, nf);
				if (rc == 1)
					return bt_fail(BT_EINPUT, name, line, (long long)(p - b->ptr),
						       opt ? "unknown option" : "suffix too long");
				if (rc)
					return rc;
			}
		}
		p = eol;
	}
	if (st->n)
		qsort(st->v, st->n, sizeof *st->v, by_length_desc);
	return 0;
}

int bt_al_stemmer_open(al_stemmer **out, const char *lang)
{
	bt_buf b = BT_BUF_INIT;
	al_stemmer *st = bt_calloc(1, sizeof *st);
	int rc;
	*out = NULL;
	if (!st)
		return bt_fail_nomem();
	st->min = 3;
	rc = bt_data_load(&b, "glossary/suffixes.tsv");
	if (rc == BT_ENOTFOUND)
		rc = 0; /* fold only */
	else if (rc == 0)
		rc = stem_rules(st, &b, lang);
	bt_buf_dispose(&b);
	if (rc) {
		bt_al_stemmer_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

void bt_al_stemmer_free(al_stemmer *st)
{
	if (!st)
		return;
	bt_free(st->v);
	bt_free(st);
}

int bt_al_stemmer_compounds(const al_stemmer *st)
{
	return st && st->compounds;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

int bt_al_stem(const al_stemmer *st, bt_buf *out, const char *w, size_t len)
{
	size_t start = out->len, n, i;
	int rc;
	if ((rc = bt_buf_put(out, w, len)) != 0)
		return rc;
	if (!st)
		return 0;
	n = len;
	for (i = 0; i < st->n; i++) {
		const suffix *sx = &st->v[i];
		if (n >= (size_t)sx->slen + (size_t)st->min &&
		    memcmp(out->ptr + start + n - sx->slen, sx->s, sx->slen) == 0) {
			n -= sx->slen;
			memcpy(out->ptr + start + n, sx->r, sx->rlen);
			n += sx->rlen;
			break;
		}
	}
	if (st->undouble_vowels) {
		size_t k = 0;
		for (i = 0; i < n; i++) {
			char c = out->ptr[start + i];
			if (k && is_vowel(c) && c != 'i' && out->ptr[start + k - 1] == c)
				continue;
			out->ptr[start + k++] = c;
		}
		n = k;
	}
	if (st->undouble && n >= 4 && out->ptr[start + n - 1] == out->ptr[start + n - 2] &&
	    !is_vowel(out->ptr[start + n - 1]))
		n--;
	for (i = 0; i < (size_t)st->nfinal && n; i++)
		if (out->ptr[start + n - 1] == st->final_from[i]) {
			out->ptr[start + n - 1] = st->final_to[i];
			break;
		}
	out->len = start + n;
	out->ptr[out->len] = '\0';
	return 0;
}

/* ---- tokens ---- */

void bt_al_rawtoks_dispose(al_rawtoks *t)
{
	bt_free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

static int push_tok(al_rawtoks *t, const al_rawtok *k)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		al_rawtok *v = bt_realloc(t->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = *k;
	return 0;
}

static int is_wordchar(UChar32 c)
{
	if (c < 0x80) /* most text is ASCII: no table lookups for it */
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return u_isalpha(c) || u_isdigit(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK);
}

static int is_digit(UChar32 c)
{
	return c < 0x80 ? c >= '0' && c <= '9' : u_isdigit(c) != 0;
}

static int is_joiner(UChar32 c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

static int is_group_space(UChar32 c)
{
	return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009;
}

static char punct_class(UChar32 c)
{
	switch (c) {
	case '?': case 0xBF: case 0x37E:
		return '?';
	case '!': case 0xA1:
		return '!';
	case '"': case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: case 0x2039: case 0x203A:
		return '"';
	case '(': case '[':
		return '(';
	default:
		return 0;
	}
}

/* Decodes the code point at s[*i] (advancing *i); invalid bytes read as
 * U+FFFD. */
static UChar32 next_cp(const char *s, size_t len, size_t *i)
{
	UChar32 c;
	int32_t k = 0, n = (int32_t)(len - *i < 8 ? len - *i : 8);
	if (!((unsigned char)s[*i] & 0x80))
		return (unsigned char)s[(*i)++];
	U8_NEXT(s + *i, k, n, c);
	*i += (size_t)k;
	return c < 0 ? 0xFFFD : c;
}

static UChar32 peek_cp(const char *s, size_t len, size_t i)
{
	return i < len ? next_cp(s, len, &i) : -1;
}

int bt_al_tokenize(al_rawtoks *out, const char *s, size_t len)
{
	size_t i = 0;
	int rc;
	out->n = 0;
	while (i < len) {
		size_t start = i, j;
		UChar32 c = next_cp(s, len, &i);
		al_rawtok t;
		char pc;
		if (!is_wordchar(c)) {
			if ((pc = punct_class(c)) != 0) {
				t = (al_rawtok){start, i, AL_T_PUNCT, 0, pc};
				if ((rc = push_tok(out, &t)) != 0)
					return rc;
			}
			continue;
		}
		{
			int all_digits = is_digit(c) != 0;
			t = (al_rawtok){start, i, AL_T_WORD, c < 0x80 ? (c >= 'A' && c <= 'Z') : (u_isupper(c) || u_istitle(c)), 0};
			for (;;) {
				UChar32 d;
				j = i;
				if (j >= len)
					break;
				d = next_cp(s, len, &j);
				if (is_wordchar(d)) {
					if (!is_digit(d))
						all_digits = 0;
					i = j;
					continue;
				}
				if (is_joiner(d) && is_wordchar(peek_cp(s, len, j))) {
					all_digits = 0;
					i = j;
					continue;
				}
				if (all_digits && (d == '.' || d == ',') && is_digit(peek_cp(s, len, j))) {
					i = j;
					continue;
				}
				if (all_digits && is_group_space(d)) {
					/* "8 848": a group of exactly three digits */
					size_t k = j;
					int n = 0;
					while (k < len && n < 4 && is_digit(peek_cp(s, len, k))) {
						next_cp(s, len, &k);
						n++;
					}
					if (n == 3 && (k >= len || !is_wordchar(peek_cp(s, len, k))) && i - start <= 3 * 4) {
						i = k;
						continue;
					}
				}
				break;
			}
			t.end = i;
			if (all_digits) {
				t.kind = AL_T_NUM;
				t.cap = 0;
			}
		}
		if ((rc = push_tok(out, &t)) != 0)
			return rc;
	}
	return 0;
}

int bt_al_number_digits(bt_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	int rc;
	while (i < len) {
		UChar32 c = next_cp(s, len, &i);
		if (u_isdigit(c)) {
			char d = (char)('0' + u_charDigitValue(c));
			if ((rc = bt_buf_put(out, &d, 1)) != 0)
				return rc;
		}
	}
	return 0;
}

/* The name key (glossary/names.h): one key for the transliterations of a
 * name (Loekasjenko, Lukashenko) and, as a side effect, for many
 * cognates spelled apart (Expedition, expedition). Appended to out;
 * BT_ENOTFOUND when the language has no name rules or the word cannot be
 * keyed (another script, no letters): then the word just has no K key. */
int bt_al_name_key(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang)
{
	bt_buf k = BT_BUF_INIT;
	int rc;
	if (!nm || !bt_name_lang_known(lang))
		return BT_ENOTFOUND;
	rc = bt_namer_key(&k, nm, name, len, lang, 0);
	if (rc == 0)
		rc = bt_buf_put(out, k.ptr ? k.ptr : "", k.len);
	else if (rc == BT_EINPUT)
		rc = BT_ENOTFOUND;
	bt_buf_dispose(&k);
	return rc;
}
