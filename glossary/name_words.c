/* name_words.c: the word lists of a language and the splitting of a text
 * into candidate name words (name_words.h). */
#include "name_words.h"

#include "data.h"
#include "dict.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

/* ---- word lists (names/<lang>.words) ------------------------------- */

/* A few hundred words a language: a sorted array and a binary search. */
typedef struct class_word {
	char *w;
	size_t len;
	unsigned bits;
} class_word;

typedef struct str_list {
	char **v;
	size_t n, cap;
} str_list;

struct bt_nt_words {
	class_word *cls;
	size_t ncls, clscap;
	str_list weak, strong;
	int compounds;
};

static char *dup_n(const char *s, size_t len)
{
	char *d = bt_malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static int list_push(str_list *l, const char *s, size_t len)
{
	char *d;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 16;
		char **nv = bt_realloc(l->v, ncap * sizeof *nv);
		if (!nv)
			return bt_fail_nomem();
		l->v = nv;
		l->cap = ncap;
	}
	if (!(d = dup_n(s, len)))
		return bt_fail_nomem();
	l->v[l->n++] = d;
	return 0;
}

static void list_free(str_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		bt_free(l->v[i]);
	bt_free(l->v);
}

void bt_nt_words_free(bt_nt_words *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->ncls; i++)
		bt_free(w->cls[i].w);
	bt_free(w->cls);
	list_free(&w->weak);
	list_free(&w->strong);
	bt_free(w);
}

static int cls_add(bt_nt_words *w, const char *folded, size_t len, unsigned bits)
{
	if (w->ncls == w->clscap) {
		size_t ncap = w->clscap ? w->clscap * 2 : 256;
		class_word *nv = bt_realloc(w->cls, ncap * sizeof *nv);
		if (!nv)
			return bt_fail_nomem();
		w->cls = nv;
		w->clscap = ncap;
	}
	if (!(w->cls[w->ncls].w = dup_n(folded, len)))
		return bt_fail_nomem();
	w->cls[w->ncls].len = len;
	w->cls[w->ncls].bits = bits;
	w->ncls++;
	return 0;
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static int cls_cmp(const void *x, const void *y)
{
	const class_word *a = x, *b = y;
	return cmp_bytes(a->w, a->len, b->w, b->len);
}

/* Sorts the words and merges the classes of a word listed twice. */
static void cls_finish(bt_nt_words *w)
{
	size_t k = 0;
	if (w->ncls)
		qsort(w->cls, w->ncls, sizeof *w->cls, cls_cmp);
	for (size_t i = 0; i < w->ncls; i++) {
		if (k > 0 && cls_cmp(&w->cls[k - 1], &w->cls[i]) == 0) {
			w->cls[k - 1].bits |= w->cls[i].bits;
			bt_free(w->cls[i].w);
		} else {
			w->cls[k++] = w->cls[i];
		}
	}
	w->ncls = k;
}

static int words_line(bt_nt_words *w, const char *name, long lineno, const char *s, size_t len)
{
	static const struct {
		const char *name;
		unsigned bits;
	} classes[] = {{"stop", BT_NT_STOP},
		       {"adjective", BT_NT_ADJECTIVE},
		       {"particle", BT_NT_PARTICLE},
		       {"compass", BT_NT_COMPASS},
		       {"person-cue", BT_NT_PERSON_CUE},
		       {"person-after", BT_NT_PERSON_AFTER},
		       {"place-cue", BT_NT_PLACE_CUE},
		       {"organisation", BT_NT_ORG},
		       {"language-ru", BT_NT_LANG_RU},
		       {"language-uk", BT_NT_LANG_UK},
		       {"language-be", BT_NT_LANG_BE}};
	const char *colon = memchr(s, ':', len), *p, *end = s + len;
	size_t cl;
	unsigned bits = 0;
	str_list *suffixes = NULL;
	int rc;

	if (!colon)
		return bt_fail(BT_EINPUT, name, lineno, -1, "expected CLASS: WORDS");
	cl = (size_t)(colon - s);
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strlen(classes[i].name) == cl && memcmp(s, classes[i].name, cl) == 0)
			bits = classes[i].bits;
	if (cl == 6 && memcmp(s, "suffix", 6) == 0)
		suffixes = &w->weak;
	else if (cl == 13 && memcmp(s, "strong-suffix", 13) == 0)
		suffixes = &w->strong;
	else if (cl == 9 && memcmp(s, "compounds", 9) == 0) {
		for (p = colon + 1; p < end && (*p == ' ' || *p == '\t'); p++)
			;
		w->compounds = end - p >= 3 && memcmp(p, "yes", 3) == 0;
		return 0;
	} else if (!bits)
		return bt_fail(BT_EINPUT, name, lineno, -1, "unknown class '%.*s'", (int)cl, s);
	for (p = colon + 1; p < end;) {
		const char *a;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		a = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (p == a)
			break;
		if (suffixes) {
			if ((rc = list_push(suffixes, a, (size_t)(p - a))) != 0)
				return rc;
		} else {
			bt_buf f = BT_BUF_INIT;
			if ((rc = bt_dict_fold(&f, a, (size_t)(p - a))) == 0)
				rc = cls_add(w, f.ptr, f.len, bits);
			bt_buf_dispose(&f);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int bt_nt_words_load(bt_nt_words **out, const char *lang)
{
	bt_nt_words *w = bt_calloc(1, sizeof *w);
	bt_buf text = BT_BUF_INIT;
	char name[64];
	long lineno = 0;
	int rc;

	*out = NULL;
	if (!w) {
		bt_free(w);
		return bt_fail_nomem();
	}
	snprintf(name, sizeof name, "names/%s.words", lang);
	rc = bt_data_load(&text, name);
	if (rc == BT_ENOTFOUND) {
		*out = w;
		return 0;
	}
	for (size_t i = 0; !rc && i < text.len;) {
		const char *nl = memchr(text.ptr + i, '\n', text.len - i);
		size_t e = nl ? (size_t)(nl - text.ptr) : text.len, a = i;
		lineno++;
		i = e + 1;
		while (a < e && (text.ptr[a] == ' ' || text.ptr[a] == '\t'))
			a++;
		if (a == e || text.ptr[a] == '#')
			continue;
		rc = words_line(w, name, lineno, text.ptr + a, e - a);
	}
	bt_buf_dispose(&text);
	if (rc) {
		bt_nt_words_free(w);
		return rc;
	}
	cls_finish(w);
	*out = w;
	return 0;
}

unsigned bt_nt_word_class(const bt_nt_words *w, const char *folded, size_t len)
{
	size_t lo = 0, hi = w->ncls;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_bytes(w->cls[mid].w, w->cls[mid].len, folded, len);
		if (c == 0)
			return w->cls[mid].bits;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int bt_nt_words_compounds(const bt_nt_words *w)
{
	return w->compounds;
}

size_t bt_nt_words_suffixes(const bt_nt_words *w, int strong, const char *const **v)
{
	const str_list *l = strong ? &w->strong : &w->weak;
	*v = (const char *const *)l->v;
	return l->n;
}

/* ---- splitting text into words ------------------------------------- */

static int is_word_char(UChar32 c)
{
	return c >= 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

static int is_apostrophe(UChar32 c)
{
	return c == 0x27 || c == 0x2019 || c == 0x2BC;
}

static int is_hyphen(UChar32 c)
{
	return c == 0x2D || c == 0x2010 || c == 0x2011;
}

int32_t bt_nt_char_at(const char *t, size_t len, size_t i, size_t *next)
{
	UChar32 c;
	int32_t j = (int32_t)i;
	if (i >= len) {
		*next = len;
		return -1;
	}
	U8_NEXT(t, j, (int32_t)len, c);
	*next = (size_t)j;
	return c;
}

void bt_nt_words_of(bt_nt_word *out, size_t cap, size_t *n, const char *t, size_t len)
{
	size_t i = 0, count = 0;
	int boundary = 1, only_space = 0;
	UChar32 prev = -1; /* the character before i */

	while (i < len) {
		size_t next, at = i;
		UChar32 c = bt_nt_char_at(t, len, i, &next);
		if (!is_word_char(c)) {
			if (c == '.' || c == '!' || c == '?' || c == 0x2026 || c == ':')
				boundary = 1;
			else if (c == 0x201C || c == 0x201E || c == 0xAB || c == 0x2039 || c == 0x2018)
				boundary = 1;
			else if ((c == '"' || c == '\'') && !is_word_char(prev))
				boundary = 1;
			if (!(c == ' ' || c == '\t' || c == '\n' || c == 0xA0 || c == 0x202F))
				only_space = 0;
			prev = c;
			i = next;
			continue;
		}
		/* a word: parts joined by hyphens */
		{
			bt_nt_word w;
			memset(&w, 0, sizeof w);
			w.start = at;
			if (count > 0 && count <= cap && only_space)
				out[count - 1].flags |= BT_NT_SPACE_NEXT;
			if (boundary)
				w.flags |= BT_NT_INITIAL;
			for (;;) {
				size_t ps = i;
				UChar32 last = -1;
				while (i < len) {
					UChar32 d = bt_nt_char_at(t, len, i, &next);
					if (is_word_char(d)) {
						last = d;
						i = next;
					} else if (is_apostrophe(d)) {
						size_t n2;
						UChar32 e = bt_nt_char_at(t, len, next, &n2);
						if (is_word_char(e)) {
							i = next; /* inner: Loekasjenko's, z'n */
						} else {
							UChar32 l = u_tolower(last);
							if (l == 's' || l == 'x' || l == 'z')
								i = next; /* Belarus' */
							break;
						}
					} else {
						break;
					}
				}
				if (w.n_parts < BT_NT_MAX_PARTS) {
					w.part_start[w.n_parts] = ps;
					w.part_end[w.n_parts] = i;
					w.n_parts++;
				} else {
					w.part_end[BT_NT_MAX_PARTS - 1] = i;
				}
				if (i < len) {
					size_t n2, n3;
					UChar32 h = bt_nt_char_at(t, len, i, &n2);
					if (is_hyphen(h) && is_word_char(bt_nt_char_at(t, len, n2, &n3))) {
						i = n2;
						continue;
					}
				}
				break;
			}
			w.end = i;
			if (count < cap)
				out[count] = w;
			count++;
			boundary = 0;
			only_space = 1;
			prev = 'a';
		}
	}
	*n = count;
}


/* ---- the language of a form ------------------------------------------ */

/* Letters that tell the Cyrillic alphabets apart: Ukrainian alone has ї є
 * ґ; Belarusian alone has ў, and writes э after consonants where Russian
 * writes е (Лукашэнка); і is Ukrainian or Belarusian, never Russian; и is
 * Russian or Ukrainian, never Belarusian; ы э ё ъ are not Ukrainian. */
enum { CY_I = 1, CY_YI = 2, CY_U_SHORT = 4, CY_RU_BE = 8, CY_HARD = 16, CY_I_RU = 32, CY_CONS_E = 64 };

static int cyrillic_vowel(int32_t c)
{
	return c == 0x0430 || c == 0x0435 || c == 0x0451 || c == 0x0438 || c == 0x043E || c == 0x0443 ||
	       c == 0x044B || c == 0x044D || c == 0x044E || c == 0x044F || c == 0x0456 || c == 0x0457 ||
	       c == 0x0454 || c == 0x045E || c == 0x044C || c == 0x044A || c == 0x0439;
}

static unsigned cyrillic_letters(const char *t, size_t len, int *uk_ending)
{
	unsigned m = 0;
	size_t i = 0, next;
	int32_t prev = 0;
	*uk_ending = 0;
	while (i < len) {
		int32_t c = (int32_t)u_tolower(bt_nt_char_at(t, len, i, &next));
		if (c == 0x0456)
			m |= CY_I;
		else if (c == 0x0457 || c == 0x0454 || c == 0x0491)
			m |= CY_YI;
		else if (c == 0x045E)
			m |= CY_U_SHORT;
		else if (c == 0x044B || c == 0x044D || c == 0x0451)
			m |= CY_RU_BE;
		if (c == 0x044D && prev >= 0x0430 && prev <= 0x044F && !cyrillic_vowel(prev))
			m |= CY_CONS_E;
		else if (c == 0x044A)
			m |= CY_HARD;
		else if (c == 0x0438)
			m |= CY_I_RU;
		/* the Ukrainian adjectival ending -ський/-цький (Russian -ский) */
		if (prev == 0x044C && c == 0x043A)
			*uk_ending = 1;
		prev = c;
		i = next;
	}
	return m;
}

static const char *cyrillic_lang(const char *t, size_t len)
{
	int uk_ending;
	unsigned m = cyrillic_letters(t, len, &uk_ending);
	if ((m & CY_U_SHORT) || ((m & CY_I) && (m & CY_RU_BE)) || ((m & CY_CONS_E) && !(m & CY_I_RU)))
		return "be";
	if ((m & (CY_YI | CY_I)) || uk_ending)
		return "uk";
	if (m & (CY_HARD | CY_I_RU))
		return "ru";
	return "und-Cyrl";
}

int bt_nt_form_lang(char *out, size_t cap, const char *form, size_t len, const char *doc_lang)
{
	UScriptCode script = USCRIPT_LATIN;
	size_t i = 0, next;
	while (i < len) {
		int32_t c = bt_nt_char_at(form, len, i, &next);
		UErrorCode err = U_ZERO_ERROR;
		UScriptCode s = c < 0 ? USCRIPT_COMMON : uscript_getScript(c, &err);
		if (U_SUCCESS(err) && s != USCRIPT_COMMON && s != USCRIPT_INHERITED && s != USCRIPT_LATIN) {
			script = s;
			break;
		}
		i = next;
	}
	if (script == USCRIPT_LATIN)
		return snprintf(out, cap, "%s", doc_lang) >= (int)cap ? -1 : 0;
	if (script == USCRIPT_CYRILLIC)
		return snprintf(out, cap, "%s", cyrillic_lang(form, len)) >= (int)cap ? -1 : 0;
	return snprintf(out, cap, "und-%s", uscript_getShortName(script)) >= (int)cap ? -1 : 0;
}
