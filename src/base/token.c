/* token.c: see token.h. */
#include "token.h"
#include "utf8.h"

#include <string.h>

#include <unicode/uchar.h>

/* The code point at s[i] (i < len) and its length; a bad byte is U+FFFD,
 * one byte long. */
static inline int32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char b = (unsigned char)s[i];
	int32_t c;
	if (b < 0x80) {
		*n = 1;
		return b;
	}
	if (!(*n = bt_utf8_decode(s + i, len - i, &c)))
		*n = 1;
	return c;
}

static inline int is_word(int32_t c)
{
	if (c < 0x80) /* most text is ASCII: no table for it */
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

static inline int is_digit(int32_t c)
{
	return c < 0x80 ? c >= '0' && c <= '9' : u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

static int is_space(int32_t c)
{
	if (c < 0x80)
		return c <= 0x20 || c == 0x7F;
	return u_isUWhiteSpace(c) || (U_GET_GC_MASK(c) & (U_GC_CC_MASK | U_GC_CF_MASK)) != 0;
}

static int is_hyphen(int32_t c)
{
	return c == '-' || c == 0x2010 || c == 0x2011;
}

static int is_apos(int32_t c)
{
	return c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x2032;
}

static int is_group_space(int32_t c)
{
	return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009;
}

/* Soft hyphen, zero-width (non-)joiner, word joiner: invisible, and inside
 * a word part of it (Wit\u00ADRusland is one word). */
static int is_ignorable(int32_t c)
{
	return c == 0xAD || c == 0x200C || c == 0x200D || c == 0x2060;
}

/* ---- URLs and e-mail addresses ---- */

static int ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The end of a URL's characters from i: the next space or <, > or ". */
static size_t url_scan(const char *s, size_t len, size_t i)
{
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		size_t n;
		if (b < 0x80) {
			if (b <= 0x20 || b == 0x7F || b == '<' || b == '>' || b == '"')
				break;
			i++;
			continue;
		}
		if (is_space(cp_at(s, len, i, &n)))
			break;
		i += n;
	}
	return i;
}

static size_t count_byte(const char *s, size_t a, size_t b, char c)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += s[i] == c;
	return n;
}

/* Drops the final punctuation that ends the sentence or closes a bracket
 * or quote around the URL rather than belonging to it. */
static size_t url_trim(const char *s, size_t start, size_t end)
{
	while (end > start) {
		unsigned char b = (unsigned char)s[end - 1];
		if (b < 0x80 && strchr(".,;:!?'\"", b)) {
			end--;
		} else if ((b == ')' && count_byte(s, start, end, '(') < count_byte(s, start, end, ')')) ||
			   (b == ']' && count_byte(s, start, end, '[') < count_byte(s, start, end, ']'))) {
			end--;
		} else if (end - start >= 3 && ((unsigned char)s[end - 3] == 0xE2 && (unsigned char)s[end - 2] == 0x80 &&
						(b == 0x9D || b == 0x99))) {
			end -= 3; /* ” ’ */
		} else if (end - start >= 2 && (unsigned char)s[end - 2] == 0xC2 && b == 0xBB) {
			end -= 2; /* » */
		} else {
			break;
		}
	}
	return end;
}

/* An e-mail domain from i: ASCII labels, at least two, dot-separated.
 * Its end, or 0. */
static size_t domain_end(const char *s, size_t len, size_t i)
{
	size_t labels = 0, end = 0;
	for (;;) {
		size_t a = i;
		while (i < len && (ascii_alnum((unsigned char)s[i]) || s[i] == '-'))
			i++;
		if (i == a || s[i - 1] == '-')
			break;
		labels++;
		end = i;
		if (i + 1 < len && s[i] == '.' && ascii_alnum((unsigned char)s[i + 1]))
			i++;
		else
			break;
	}
	return labels >= 2 ? end : 0;
}

/* The end of a URL or e-mail address starting at i (an ASCII letter or
 * digit), or 0 when there is none. One pass over the run of characters a
 * scheme or a mailbox may hold, then a look at what ends it. */
static size_t url_end(const char *s, size_t len, size_t i)
{
	size_t j = i, end;
	int scheme_ok = 1; /* letters, digits, + - . only */
	while (j < len) {
		unsigned char b = (unsigned char)s[j];
		if (ascii_alnum(b) || b == '+' || b == '-' || b == '.')
			j++;
		else if (b == '_' || b == '%')
			j++, scheme_ok = 0;
		else
			break;
	}
	if (j == len)
		return 0;
	if (s[j] == ':' && scheme_ok && j - i <= 16 && !(s[i] >= '0' && s[i] <= '9') && j + 3 < len &&
	    s[j + 1] == '/' && s[j + 2] == '/' && (unsigned char)s[j + 3] > 0x20) {
		end = url_trim(s, i, url_scan(s, len, j + 3));
		return end > j + 3 ? end : 0;
	}
	if (j - i > 4 && (s[i] | 0x20) == 'w' && (s[i + 1] | 0x20) == 'w' && (s[i + 2] | 0x20) == 'w' && s[i + 3] == '.' &&
	    ascii_alnum((unsigned char)s[i + 4])) {
		end = url_trim(s, i, url_scan(s, len, i + 4));
		return end > i + 4 ? end : 0;
	}
	if (s[j] == '@' && s[j - 1] != '.')
		return domain_end(s, len, j + 1);
	return 0;
}

/* ---- words and numbers ---- */

static inline unsigned class_of(int32_t c)
{
	if (c < 0x80)
		return c <= '9' ? BT_TOK_DIGITS : BT_TOK_LETTERS; /* c is a word character */
	if (is_digit(c))
		return BT_TOK_DIGITS;
	if (c < 0x80 || (U_GET_GC_MASK(c) & U_GC_L_MASK))
		return BT_TOK_LETTERS; /* ASCII here is a letter */
	return 0;                      /* a mark */
}

/* "8 848": a group of exactly three digits from i, then no word
 * character. Its end, or 0. */
static size_t group_end(const char *s, size_t len, size_t i)
{
	size_t n;
	for (int k = 0; k < 3; k++) {
		if (i >= len || !is_digit(cp_at(s, len, i, &n)))
			return 0;
		i += n;
	}
	return i < len && is_word(cp_at(s, len, i, &n)) ? 0 : i;
}

/* The rest of a word or number whose first character c (n bytes) is at
 * t->start. */
static void scan_word(bt_token *t, const char *s, size_t len, int32_t c, size_t n, unsigned opts)
{
	size_t i = t->start + n;
	int32_t last = c;
	unsigned f = class_of(c);
	if (c < 0x80 ? c >= 'A' && c <= 'Z' : u_isupper(c) || u_istitle(c))
		f |= BT_TOK_CAP;
	while (i < len) {
		size_t dn, en = 0, g;
		int32_t d = cp_at(s, len, i, &dn), e = -1;
		int digits = !(f & ~(unsigned)(BT_TOK_DIGITS | BT_TOK_CAP | BT_TOK_NUMSEP));
		if (is_word(d)) {
			f |= class_of(d);
			last = d;
			i += dn;
			continue;
		}
		if (i + dn < len)
			e = cp_at(s, len, i + dn, &en);
		if (e >= 0 && is_word(e)) {
			if (is_hyphen(d) || is_apos(d)) {
				f |= is_hyphen(d) ? BT_TOK_HYPHEN : BT_TOK_APOS;
				i += dn;
				continue;
			}
			if (is_ignorable(d)) {
				i += dn;
				continue;
			}
			if (digits && (d == '.' || d == ',') && is_digit(e)) {
				f |= BT_TOK_NUMSEP;
				i += dn;
				continue;
			}
		}
		if (digits && (opts & BT_TOKEN_SPACED) && is_group_space(d) && i - t->start <= 12 &&
		    (g = group_end(s, len, i + dn)) != 0) {
			f |= BT_TOK_NUMSEP;
			i = g;
			continue;
		}
		/* the genitive (Belarus') and the elision (l', d', qu'): not a
		 * closing quote */
		if (is_apos(d) && !digits &&
		    ((last < 0x80 && ((last | 0x20) == 's' || (last | 0x20) == 'x' || (last | 0x20) == 'z')) ||
		     i - t->start == n || (i - t->start == 2 && (s[t->start] | 0x20) == 'q' && (s[t->start + 1] | 0x20) == 'u'))) {
			f |= BT_TOK_APOS;
			i += dn;
		}
		break;
	}
	t->end = i;
	t->flags = f;
	/* a hyphen or apostrophe makes a word of digits (COVID-19, 2022-23) */
	t->kind = (f & (BT_TOK_LETTERS | BT_TOK_HYPHEN | BT_TOK_APOS)) || !(f & BT_TOK_DIGITS) ? BT_TOK_WORD : BT_TOK_NUMBER;
}

int bt_token_next(bt_token *t, size_t *pos, const char *s, size_t len, unsigned opts)
{
	size_t i = *pos, n = 0, end;
	int32_t c = 0;
	while (i < len && is_space(c = cp_at(s, len, i, &n)))
		i += n;
	if (i >= len) {
		*pos = len;
		return BT_ITEROVER;
	}
	t->start = i;
	t->flags = 0;
	t->cp = 0;
	if (!is_word(c)) {
		t->kind = BT_TOK_PUNCT;
		t->cp = c;
		t->end = i + n;
	} else {
		scan_word(t, s, len, c, n, opts);
		/* a URL or an address goes on after its first word with one of
		 * these; most words end in a space, and need no second look */
		if (c < 0x80 && t->end < len && strchr(":@._%+", s[t->end]) && s[t->end] &&
		    (end = url_end(s, len, i)) != 0) {
			t->kind = BT_TOK_URL;
			t->flags = BT_TOK_LETTERS;
			t->end = end;
		}
	}
	*pos = t->end;
	return 0;
}

/* What a character inside a token joins: BT_JOIN_*, 0 for a word
 * character or an ignorable one (never a cut). */
static inline unsigned join_class(int32_t c)
{
	if (is_word(c) || is_ignorable(c))
		return 0;
	if (is_hyphen(c))
		return BT_JOIN_HYPHEN;
	if (is_apos(c))
		return BT_JOIN_APOS;
	return BT_JOIN_NUM; /* . , and group spaces */
}

int bt_token_part(size_t *ps, size_t *pe, int32_t *joiner, size_t *pos, const bt_token *t, const char *s,
		  unsigned split)
{
	size_t i = *pos, n, len = t->end;
	int32_t j = 0;
	if (i >= len)
		return BT_ITEROVER;
	if (t->kind == BT_TOK_URL)
		split = BT_JOIN_ALL;
	/* no joiner to cut at (most words): the token is the part */
	if (t->kind == BT_TOK_PUNCT ||
	    !(split & (((t->flags & BT_TOK_HYPHEN) ? BT_JOIN_HYPHEN : 0u) | ((t->flags & BT_TOK_APOS) ? BT_JOIN_APOS : 0u) |
		       ((t->flags & BT_TOK_NUMSEP) ? BT_JOIN_NUM : 0u) | (t->kind == BT_TOK_URL ? BT_JOIN_ALL : 0u)))) {
		*ps = t->start, *pe = t->end, *joiner = 0, *pos = t->end;
		return 0;
	}
	/* past the joiner (a URL's: all of its punctuation) before the part */
	while (i < len) {
		int32_t c = cp_at(s, len, i, &n);
		if (i == t->start || !(join_class(c) & split))
			break;
		if (!j)
			j = c;
		i += n;
		if (t->kind != BT_TOK_URL)
			break;
	}
	if (i >= len) {
		*pos = len;
		return BT_ITEROVER; /* only a genitive apostrophe was left */
	}
	*ps = i;
	while (i < len) {
		int32_t c = cp_at(s, len, i, &n);
		if (i > *ps && (join_class(c) & split))
			break;
		i += n;
	}
	*pe = i, *joiner = j, *pos = i;
	return 0;
}
