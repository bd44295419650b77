/* names_table.c: the name-normalization table (bitext.h, "Names").
 *
 * Three passes over the corpus text, one language side at a time:
 *   1. counts: how often each word occurs in lower case, capitalized at
 *      the start of a sentence, and capitalized elsewhere;
 *   2. standalone: which name words occur on their own (a surname, a
 *      place), so that two neighbouring names (Oekraïne Hummels, where a
 *      heading ran into the text) are not taken for one;
 *   3. the names themselves, link by link, with the words that a link's
 *      translation confirms; each name becomes an occurrence of a variant
 *      (language + uninflected form), and the variants that co-occur in a
 *      link or a document pair are recorded.
 * Then the variants are clustered (union-find, refusing unions that would
 * put two different full names together) and the rows are made.
 * glossary/data/names/TABLE.md describes the rules for people.
 */
#include "hash.h"
#include "names_table.h"

#include "data.h"
#include "dict.h"
#include "error.h"
#include "outfile.h"
#include "csv.h"
#include "tbx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

/* ---- small containers ---------------------------------------------- */

/* A hash map from strings to size_t (open addressing, keys copied). */
typedef struct strmap {
	char **k;
	size_t *v;
	size_t cap, n;
} strmap;

static uint64_t hash_bytes(const char *s, size_t len)
{
	return bt_hash(s, len);
}

static size_t strmap_slot(const strmap *m, const char *s, size_t len)
{
	size_t i = (size_t)hash_bytes(s, len) & (m->cap - 1);
	while (m->k[i] && !(strncmp(m->k[i], s, len) == 0 && m->k[i][len] == '\0'))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static size_t *strmap_get(const strmap *m, const char *s, size_t len)
{
	size_t i;
	if (!m->cap)
		return NULL;
	i = strmap_slot(m, s, len);
	return m->k[i] ? &m->v[i] : NULL;
}

/* Finds or adds s; *slot points to its value (`v` for a new key). Returns
 * 1 when the key was new, 0 when it was there, or an error. */
static int strmap_put(strmap *m, const char *s, size_t len, size_t v, size_t **slot)
{
	size_t i;
	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		char **k = bt_calloc(cap, sizeof *k);
		size_t *vv = bt_calloc(cap, sizeof *vv);
		strmap g = {k, vv, cap, m->n};
		if (!k || !vv) {
			bt_free(k), bt_free(vv);
			return bt_fail_nomem();
		}
		for (size_t j = 0; j < m->cap; j++)
			if (m->k[j]) {
				size_t t = strmap_slot(&g, m->k[j], strlen(m->k[j]));
				g.k[t] = m->k[j], g.v[t] = m->v[j];
			}
		bt_free(m->k), bt_free(m->v);
		*m = g;
	}
	i = strmap_slot(m, s, len);
	if (m->k[i]) {
		if (slot)
			*slot = &m->v[i];
		return 0;
	}
	if (!(m->k[i] = bt_malloc(len + 1)))
		return bt_fail_nomem();
	memcpy(m->k[i], s, len);
	m->k[i][len] = '\0';
	m->v[i] = v;
	m->n++;
	if (slot)
		*slot = &m->v[i];
	return 1;
}

static void strmap_free(strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		bt_free(m->k[i]);
	bt_free(m->k);
	bt_free(m->v);
	memset(m, 0, sizeof *m);
}

/* Adds n to the count of s. */
static int strmap_add(strmap *m, const char *s, size_t len, size_t n)
{
	size_t *v;
	int rc = strmap_put(m, s, len, 0, &v);
	if (rc < 0)
		return rc;
	*v += n;
	return 0;
}

static size_t strmap_count(const strmap *m, const char *s, size_t len)
{
	size_t *v = strmap_get(m, s, len);
	return v ? *v : 0;
}

/* A growable array of size_t. */
typedef struct idvec {
	size_t *v;
	size_t n, cap;
} idvec;

static int idvec_push(idvec *a, size_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		size_t *v = bt_realloc(a->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		a->v = v, a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

static int idvec_has(const idvec *a, size_t x)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] == x)
			return 1;
	return 0;
}

static char *dup_n(const char *s, size_t len)
{
	char *d = bt_malloc(len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static void free_strs(idvec *a)
{
	for (size_t i = 0; i < a->n; i++)
		bt_free((char *)(uintptr_t)a->v[i]);
	bt_free(a->v);
}

/* ---- the build context ---------------------------------------------- */

/* Counts of one folded word on one side. */
typedef struct lexe {
	size_t lower, cap_init, cap_noninit;
} lexe;

typedef struct side_ctx {
	const char *lang;
	int idx; /* 0 source, 1 target */
	bt_nt_words *w;
	strmap lex;        /* folded word -> index in le */
	lexe *le;
	size_t nle, lecap;
	strmap standalone; /* key -> occurrences as a name on its own */
	strmap exo;        /* exact keys of this language's exonym names */
	size_t exo_words;  /* most words in one exonym name */
	char **places;     /* folded place names, sorted, for the demonym rule */
	size_t nplaces;
	bt_dict *dict;     /* folded common words (the dictionary), or NULL */
} side_ctx;

typedef struct variant {
	int side;         /* where it was first seen */
	char tag[16];     /* its language (bt_nt_form_lang) */
	int rank;         /* 0 the source language, 1 the target, 2 another */
	char *form;       /* uninflected, as written */
	char *key[2];     /* exact key under the source and the target rules */
	size_t count, plain;
	idvec forms;      /* inflected forms: char * */
	idvec docs;       /* pair indexes */
	size_t parent;    /* union-find */
	idvec members;    /* at a root: the variants of its cluster */
	size_t cluster;   /* row cluster number, 0: not shown */
	idvec review;     /* cluster numbers suggested for review */
	size_t cue_person, cue_place; /* occurrences after a title, before a
					 verb of saying; after a preposition of place */
	char *ex[2];      /* an example: the first aligned link it occurs in */
} variant;

typedef struct pair_info {
	char *id;
	char date[16]; /* the pair's date, "" when unknown */
	idvec vars;    /* variants that occur in the pair */
} pair_info;

typedef struct row_store {
	bt_names_row r;
	char lang[16];
	char *inflected, *docs, *review;
} row_store;

/* What a cluster has as a whole. */
typedef struct concept_store {
	const char *type; /* static */
	char *ex[2], *docs;
	size_t count;
	char first[16], last[16]; /* the earliest and latest date of its pairs; "" */
} concept_store;

struct bt_names_table {
	row_store *rows;
	size_t n;
	concept_store *cs; /* one a cluster, cs[cluster - 1] */
	char langs[2][32];
	char title[96];
	size_t clusters;
};

typedef struct ctx {
	const bt_nt_source *src;
	bt_namer *nm;
	side_ctx side[2];
	strmap gloss;   /* "srckey\ttgtkey" of exonym lines and glossary entries */
	variant *v;
	size_t nv, vcap;
	strmap vmap;    /* "side\x1f" form -> variant */
	strmap cooc;    /* "s t" -> links where variants s (source) and t (target) co-occur */
	pair_info *pairs;
	size_t npairs, pcap;
	bt_buf fold, key, key2, tmp, tmp2;
	bt_nt_word *words;
	size_t wcap;
	const char *only_pair;
	bt_names_result *res;
	int heading; /* the segment at hand is a heading */
} ctx;

/* Folds s into c->fold (NUL-terminated). */
static int fold(ctx *c, const char *s, size_t len)
{
	bt_buf_clear(&c->fold);
	if (len == 0)
		return bt_buf_put(&c->fold, "", 0);
	return bt_dict_fold(&c->fold, s, len);
}

/* Keys s in language `lang` into out. Returns 0, 1 when s cannot be keyed
 * (no letters, another script: not a name), or an error. */
static int key_as(ctx *c, bt_buf *out, const char *s, size_t len, const char *lang, unsigned flags)
{
	int rc = bt_namer_key(out, c->nm, s, len, lang, flags);
	if (rc == BT_EINPUT || rc == BT_ELIMIT)
		return 1;
	if (rc == 0 && out->len == 0)
		return 1;
	return rc;
}

static lexe *lex_get(side_ctx *s, const char *f, size_t len)
{
	size_t *i = strmap_get(&s->lex, f, len);
	return i ? &s->le[*i] : NULL;
}

static int lex_add(side_ctx *s, const char *f, size_t len, int what)
{
	size_t *i;
	int rc = strmap_put(&s->lex, f, len, s->nle, &i);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		if (s->nle == s->lecap) {
			size_t cap = s->lecap ? s->lecap * 2 : 1024;
			lexe *le = bt_realloc(s->le, cap * sizeof *le);
			if (!le)
				return bt_fail_nomem();
			s->le = le, s->lecap = cap;
		}
		memset(&s->le[s->nle], 0, sizeof *s->le);
		s->nle++;
	}
	if (what == 0)
		s->le[*i].lower++;
	else if (what == 1)
		s->le[*i].cap_init++;
	else
		s->le[*i].cap_noninit++;
	return 0;
}

/* ---- looking at one word -------------------------------------------- */

static int starts_upper(const char *t, size_t s, size_t e)
{
	size_t n;
	UChar32 c = bt_nt_char_at(t, e, s, &n);
	return c >= 0 && (u_isupper(c) || u_istitle(c));
}

static int starts_lower(const char *t, size_t s, size_t e)
{
	size_t n;
	UChar32 c = bt_nt_char_at(t, e, s, &n);
	return c >= 0 && u_islower(c);
}

/* Two letters or more, none of them lower case: an acronym (BBC, NAVO). */
static int all_caps(const char *t, size_t s, size_t e)
{
	size_t letters = 0;
	while (s < e) {
		size_t n;
		UChar32 c = bt_nt_char_at(t, e, s, &n);
		if (u_islower(c))
			return 0;
		if (u_isalpha(c))
			letters++;
		s = n;
	}
	return letters >= 2;
}

static size_t n_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Is the folded stem the beginning of a known place name, followed there
 * by a letter or nothing (Rus-land, Belarus; not West-Europa for Westen)?
 * `self` is the word itself, which does not count. */
static int stem_begins_place(const side_ctx *s, const char *stem, size_t len, const char *self)
{
	size_t lo = 0, hi = s->nplaces;
	while (lo < hi) { /* first place >= stem */
		size_t mid = (lo + hi) / 2;
		if (strncmp(s->places[mid], stem, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->nplaces && strncmp(s->places[i], stem, len) == 0; i++) {
		unsigned char next = (unsigned char)s->places[i][len];
		if (strcmp(s->places[i], self) == 0)
			continue;
		if (next == '\0' || next >= 0x80 || (next >= 'a' && next <= 'z'))
			return 1;
	}
	return 0;
}

static int has_suffix(const char *f, size_t len, const char *suf, size_t *slen)
{
	*slen = strlen(suf);
	return len > *slen && memcmp(f + len - *slen, suf, *slen) == 0;
}

/* The demonym rule on a folded word (TABLE.md): a strong ending after 3
 * letters, or a weak one after 4 letters that begin a place name (also
 * with a doubled last letter or vowel made single: Russen, Zweeds). */
static int is_demonym(const side_ctx *s, const char *f, size_t len)
{
	size_t sl;
	char stem[256];
	const char *const *strong, *const *weak;
	size_t n_strong = bt_nt_words_suffixes(s->w, 1, &strong), n_weak = bt_nt_words_suffixes(s->w, 0, &weak);
	for (size_t i = 0; i < n_strong; i++)
		if (has_suffix(f, len, strong[i], &sl) && n_chars(f, len - sl) >= 3)
			return 1;
	for (size_t i = 0; i < n_weak; i++) {
		size_t n;
		if (!has_suffix(f, len, weak[i], &sl) || n_chars(f, len - sl) < 4)
			continue;
		n = len - sl;
		if (n >= sizeof stem)
			continue;
		memcpy(stem, f, n);
		stem[n] = '\0';
		if (stem_begins_place(s, stem, n, f))
			return 1;
		if (n >= 2 && stem[n - 1] == stem[n - 2] && stem_begins_place(s, stem, n - 1, f))
			return 1;
		/* a doubled vowel in the last syllable: zweed -> zwed */
		for (size_t j = n; j >= 2; j--) {
			if (strchr("aeiou", stem[j - 1]) && stem[j - 1] == stem[j - 2]) {
				memmove(stem + j - 1, stem + j, n - j + 1);
				if (stem_begins_place(s, stem, n - 1, f))
					return 1;
				break;
			}
		}
	}
	return 0;
}

/* What a word is, for the name rules. */
enum { C_NONE = 0, C_COMMON, C_NAME, C_UNKNOWN, C_PARTICLE };

/* A word of a segment, as the rules see it. */
typedef struct unit {
	size_t ns, ne;    /* the name part of the word; ns == ne: none */
	unsigned fl;      /* BT_NT_INITIAL, BT_NT_SPACE_NEXT, U_* */
	int cls;          /* C_* */
	size_t koff, klen; /* its key (own language, inflection cut) in the arena */
	int keyed;
	int stand;        /* a name on its own here (pass 2) */
} unit;

enum {
	U_CAP = 0x10,    /* the name part starts with a capital */
	U_TAIL = 0x20,   /* a lower-case part follows the name part (Kremlin-woordvoerder) */
	U_PREFIX = 0x40, /* a part before the name part was left out (noord-Oekraïne) */
	U_LOWER = 0x80,  /* the word starts with a lower-case letter */
	U_PART1 = 0x100  /* a single part */
};

typedef struct seg_units {
	unit *u;
	size_t n, cap;
	bt_buf arena; /* keys */
	const char *text;
	size_t len;
} seg_units;

static void seg_units_dispose(seg_units *su)
{
	bt_free(su->u);
	bt_buf_dispose(&su->arena);
}

static int key_known_exo(side_ctx *s, const char *k, size_t klen)
{
	return strmap_get(&s->exo, k, klen) != NULL;
}

/* The name part of word w (see TABLE.md: lower-case prefixes and compass
 * words are left out, a lower-case tail ends it). */
static int name_part(ctx *c, side_ctx *s, const char *t, const bt_nt_word *w, unit *u)
{
	int f = 0, l, rc;
	u->ns = u->ne = 0;
	if (starts_lower(t, w->start, w->end))
		u->fl |= U_LOWER;
	while (f < w->n_parts && !starts_upper(t, w->part_start[f], w->part_end[f]))
		f++;
	if (f == w->n_parts)
		return 0;
	if (f > 0)
		u->fl |= U_PREFIX;
	l = f;
	while (l + 1 < w->n_parts && starts_upper(t, w->part_start[l + 1], w->part_end[l + 1]))
		l++;
	if (l > f) {
		/* Noord-Oekraïne: the place, unless the whole is an exonym (Noord-Korea) */
		if ((rc = fold(c, t + w->part_start[f], w->part_end[f] - w->part_start[f])) != 0)
			return rc;
		if (bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & BT_NT_COMPASS) {
			rc = key_as(c, &c->key, t + w->part_start[f], w->part_end[l] - w->part_start[f], s->lang,
				    BT_NAME_EXACT);
			if (rc < 0)
				return rc;
			if (rc == 1 || !key_known_exo(s, c->key.ptr, c->key.len))
				f++, u->fl |= U_PREFIX;
		}
	}
	if (l + 1 < w->n_parts)
		u->fl |= U_TAIL;
	if (w->n_parts == 1)
		u->fl |= U_PART1;
	u->ns = w->part_start[f];
	u->ne = w->part_end[l];
	u->fl |= U_CAP;
	return 0;
}

/* The unit's key (own language, inflection cut), computed once. Returns
 * 0 with *k set, 1 when it has none, or an error. */
static int unit_key(ctx *c, side_ctx *s, seg_units *su, unit *u, const char **k, size_t *klen)
{
	int rc;
	if (u->keyed == 0) {
		rc = key_as(c, &c->key, su->text + u->ns, u->ne - u->ns, s->lang, 0);
		if (rc < 0)
			return rc;
		u->keyed = rc == 1 ? -1 : 1;
		if (rc == 0) {
			u->koff = su->arena.len;
			u->klen = c->key.len;
			if ((rc = bt_buf_put(&su->arena, c->key.ptr, c->key.len)) != 0)
				return rc;
		}
	}
	if (u->keyed < 0)
		return 1;
	*k = su->arena.ptr + u->koff;
	*klen = u->klen;
	return 0;
}

/* Poetins, Loekasjenko's at the start of a sentence: is the word without
 * a genitive ending seen capitalized elsewhere? 1 yes, 0 no, or an error.
 * (c->fold is overwritten.) */
static int inflected_seen(ctx *c, side_ctx *s, const char *t, size_t len)
{
	static const char *const endings[] = {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99", "s"};
	for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		size_t el = strlen(endings[i]);
		lexe *e;
		int rc;
		if (len <= el + 1 || memcmp(t + len - el, endings[i], el) != 0)
			continue;
		if ((rc = fold(c, t, len - el)) != 0)
			return rc;
		if ((e = lex_get(s, c->fold.ptr, c->fold.len)) != NULL && e->cap_noninit > 0)
			return 1;
	}
	return 0;
}

/* Classifies the name part of unit u (the rules of TABLE.md). */
static int classify(ctx *c, side_ctx *s, seg_units *su, unit *u)
{
	const char *t = su->text + u->ns, *k;
	size_t len = u->ne - u->ns, klen;
	unsigned wc;
	int initial = (u->fl & BT_NT_INITIAL) && !(u->fl & U_PREFIX);
	lexe *e;
	int rc;

	u->cls = C_NONE;
	if (!(u->fl & U_CAP))
		return 0;
	if ((rc = fold(c, t, len)) != 0)
		return rc;
	wc = bt_nt_word_class(s->w, c->fold.ptr, c->fold.len);
	if ((wc & BT_NT_PARTICLE) && (u->fl & U_PART1)) {
		u->cls = C_PARTICLE;
		return 0;
	}
	if (all_caps(su->text, u->ns, u->ne) || (wc & (BT_NT_STOP | BT_NT_ADJECTIVE)))
		return 0;
	if (!(u->fl & U_PART1)) { /* Wit-Russische: the last part decides too */
		const char *lp = t + len;
		while (lp > t && lp[-1] != '-')
			lp--;
		if ((rc = fold(c, lp, (size_t)(t + len - lp))) != 0)
			return rc;
		wc = bt_nt_word_class(s->w, c->fold.ptr, c->fold.len);
		if (wc & (BT_NT_STOP | BT_NT_ADJECTIVE))
			return 0;
	}
	if ((rc = unit_key(c, s, su, u, &k, &klen)) < 0)
		return rc;
	if (rc == 1)
		return 0;
	if ((rc = fold(c, t, len)) != 0)
		return rc;
	if (!key_known_exo(s, k, klen) && is_demonym(s, c->fold.ptr, c->fold.len))
		return 0;
	e = lex_get(s, c->fold.ptr, c->fold.len);
	if (!initial) {
		if (e && e->lower > 0 && e->lower >= e->cap_noninit)
			u->cls = C_COMMON;
		else
			u->cls = C_NAME;
		return 0;
	}
	if ((e && e->cap_noninit > 0) || key_known_exo(s, k, klen))
		u->cls = C_NAME;
	else if ((rc = inflected_seen(c, s, t, len)) != 0) {
		if (rc < 0)
			return rc;
		u->cls = C_NAME;
	}
	else if ((e && e->lower > 0) || (s->dict && bt_dict_find_folded(s->dict, c->fold.ptr, c->fold.len) >= 0))
		u->cls = C_COMMON;
	else
		u->cls = C_UNKNOWN;
	return 0;
}

/* Dutch closed compounds: Ruslandkenner is the name Rusland before the
 * common word kenner. Shortens the name part when the word splits into a
 * known name (3 letters or more) and a lower-case word of the corpus (4
 * letters or more). */
static int closed_compound(ctx *c, side_ctx *s, seg_units *su, unit *u)
{
	const char *t = su->text + u->ns;
	size_t len = u->ne - u->ns, best = 0;
	int rc;
	if (!bt_nt_words_compounds(s->w) || !(u->fl & U_PART1) || u->cls != C_NAME)
		return 0;
	if ((rc = fold(c, t, len)) != 0)
		return rc;
	{
		lexe *e = lex_get(s, c->fold.ptr, c->fold.len);
		if (e && e->cap_noninit > 1)
			return 0; /* a word seen often as it is */
	}
	for (size_t i = 1; i < len; i++) {
		lexe *a, *b;
		if (((unsigned char)t[i] & 0xC0) == 0x80 || n_chars(t, i) < 3 || n_chars(t + i, len - i) < 4)
			continue;
		if ((rc = fold(c, t + i, len - i)) != 0)
			return rc;
		b = lex_get(s, c->fold.ptr, c->fold.len);
		if (!b || b->lower == 0)
			continue;
		if ((rc = fold(c, t, i)) != 0)
			return rc;
		a = lex_get(s, c->fold.ptr, c->fold.len);
		if (a && a->cap_noninit > 0)
			best = i;
	}
	if (best) {
		u->ne = u->ns + best;
		u->fl |= U_TAIL;
		u->keyed = 0;
	}
	return 0;
}

/* A title-cased heading ("Putin Meets Lukashenko in Minsk"): a segment
 * of kind heading, three words or more, two capitalized at least, and
 * every lower-case word a function word or particle. Its capitalized words are read as words that
 * start a sentence: they need evidence. Marks them and returns 1, else 0
 * (or an error). */
static int title_case(ctx *c, side_ctx *s, const char *text, size_t n)
{
	size_t caps = 0;
	int rc;
	if (n < 3 || !c->heading)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const bt_nt_word *w = &c->words[i];
		if (starts_upper(text, w->start, w->end)) {
			caps++;
			continue;
		}
		if (!starts_lower(text, w->start, w->end))
			continue; /* digits */
		if ((rc = fold(c, text + w->start, w->end - w->start)) != 0)
			return rc;
		if (!(bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & (BT_NT_STOP | BT_NT_PARTICLE)))
			return 0;
	}
	if (caps < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		c->words[i].flags |= BT_NT_INITIAL;
	return 1;
}

/* Splits and classifies a segment's words. */
static int analyze(ctx *c, side_ctx *s, seg_units *su, const char *text, size_t len)
{
	size_t n;
	int rc;
	su->text = text, su->len = len;
	su->n = 0;
	bt_buf_clear(&su->arena);
	bt_nt_words_of(c->words, c->wcap, &n, text, len);
	if (n > c->wcap) {
		bt_nt_word *w = bt_realloc(c->words, n * sizeof *w);
		if (!w)
			return bt_fail_nomem();
		c->words = w, c->wcap = n;
		bt_nt_words_of(c->words, c->wcap, &n, text, len);
	}
	if ((rc = title_case(c, s, text, n)) < 0)
		return rc;
	if (n > su->cap) {
		unit *u = bt_realloc(su->u, n * sizeof *u);
		if (!u)
			return bt_fail_nomem();
		su->u = u, su->cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		unit *u = &su->u[i];
		memset(u, 0, sizeof *u);
		u->fl = c->words[i].flags;
		if ((rc = name_part(c, s, text, &c->words[i], u)) != 0 || (rc = classify(c, s, su, u)) != 0 ||
		    (rc = closed_compound(c, s, su, u)) != 0)
			return rc;
	}
	su->n = n;
	return 0;
}

/* ---- pass 1: counts -------------------------------------------------- */

static int count_segment(ctx *c, side_ctx *s, const char *text, size_t len)
{
	size_t n;
	int rc;
	bt_nt_words_of(c->words, c->wcap, &n, text, len);
	if (n > c->wcap) {
		bt_nt_word *w = bt_realloc(c->words, n * sizeof *w);
		if (!w)
			return bt_fail_nomem();
		c->words = w, c->wcap = n;
		bt_nt_words_of(c->words, c->wcap, &n, text, len);
	}
	if ((rc = title_case(c, s, text, n)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bt_nt_word *w = &c->words[i];
		int initial = (w->flags & BT_NT_INITIAL) != 0;
		for (int p = 0; p < w->n_parts; p++) {
			size_t a = w->part_start[p], e = w->part_end[p];
			int what = starts_lower(text, a, e) ? 0 : !starts_upper(text, a, e) ? -1 : (initial && p == 0) ? 1 : 2;
			if (what < 0)
				continue;
			if ((rc = fold(c, text + a, e - a)) != 0 || (rc = lex_add(s, c->fold.ptr, c->fold.len, what)) != 0)
				return rc;
		}
		if (w->n_parts > 1 && starts_upper(text, w->start, w->end)) {
			if ((rc = fold(c, text + w->start, w->end - w->start)) != 0 ||
			    (rc = lex_add(s, c->fold.ptr, c->fold.len, initial ? 1 : 2)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Runs fn on every segment of one side (all pairs), in corpus order. */
typedef int (*seg_fn)(ctx *, side_ctx *, const char *, size_t, void *);

struct each_seg {
	ctx *c;
	int side;
	seg_fn fn;
	void *ud;
};

static int each_seg_cb(void *ud, const char *text, size_t len, int heading)
{
	struct each_seg *e = ud;
	e->c->heading = heading;
	return e->fn(e->c, &e->c->side[e->side], text, len, e->ud);
}

static int each_segment(ctx *c, int side, seg_fn fn, void *ud)
{
	struct each_seg e = {c, side, fn, ud};
	return c->src->segments(c->src->ud, NULL, side, each_seg_cb, &e);
}

static int count_cb(ctx *c, side_ctx *s, const char *t, size_t len, void *ud)
{
	(void)ud;
	return count_segment(c, s, t, len);
}

/* ---- pass 2: names on their own ------------------------------------- */

static int is_particle(ctx *c, side_ctx *s, const seg_units *su, const unit *u, const bt_nt_word *w)
{
	if (u->cls == C_PARTICLE)
		return 1;
	if (!(u->fl & U_LOWER) || w->n_parts != 1)
		return 0;
	if (fold(c, su->text + w->start, w->end - w->start) != 0)
		return 0;
	return (bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & BT_NT_PARTICLE) != 0;
}

static int standalone_cb(ctx *c, side_ctx *s, const char *t, size_t len, void *ud)
{
	seg_units *su = ud;
	int rc = analyze(c, s, su, t, len);
	if (rc)
		return rc;
	for (size_t i = 0; i < su->n; i++) {
		unit *u = &su->u[i];
		const char *k;
		size_t klen;
		int before, after;
		if (u->cls != C_NAME)
			continue;
		before = i > 0 && (su->u[i - 1].fl & BT_NT_SPACE_NEXT) && !(su->u[i - 1].fl & U_TAIL) &&
			 !(u->fl & U_PREFIX) && (su->u[i - 1].cls == C_NAME || su->u[i - 1].cls == C_PARTICLE);
		after = i + 1 < su->n && (u->fl & BT_NT_SPACE_NEXT) && !(u->fl & U_TAIL) &&
			!(su->u[i + 1].fl & U_PREFIX) &&
			(su->u[i + 1].cls == C_NAME || is_particle(c, s, su, &su->u[i + 1], &c->words[i + 1]));
		if (before || after)
			continue;
		if ((rc = unit_key(c, s, su, u, &k, &klen)) < 0)
			return rc;
		if (rc == 0 && (rc = strmap_add(&s->standalone, k, klen, 1)) != 0)
			return rc;
	}
	return 0;
}

/* ---- pass 3: names, link by link ------------------------------------ */

typedef struct seg {
	char *text;
	size_t len;
	int heading;
} seg;

typedef struct segs {
	seg *v;
	size_t n, cap;
} segs;

static void segs_clear(segs *s)
{
	for (size_t i = 0; i < s->n; i++)
		bt_free(s->v[i].text);
	s->n = 0;
}

static int load_seg_cb(void *ud, const char *text, size_t len, int heading)
{
	segs *out = ud;
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		seg *v = bt_realloc(out->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		out->v = v, out->cap = cap;
	}
	if (!(out->v[out->n].text = dup_n(text, len)))
		return bt_fail_nomem();
	out->v[out->n].heading = heading;
	out->v[out->n++].len = len;
	return 0;
}

static int load_segs(ctx *c, const char *pair, int side, segs *out)
{
	segs_clear(out);
	return c->src->segments(c->src->ud, pair, side, load_seg_cb, out);
}

/* One name found: its surface (white space made single) and the variant
 * it counts for. */
typedef struct found {
	size_t var;
} found;

/* Slavic case endings (TABLE.md, "Inflection"): of a name in Cyrillic
 * letters in any text, and of a Latin name in a text of a Slavic language
 * written in Latin letters. Longest first. */
static const char *const slavic_cyr[] = {"\xD0\xB0\xD0\xBC\xD0\xB8", "\xD1\x8F\xD0\xBC\xD0\xB8",
					  "\xD0\xBE\xD0\xB3\xD0\xBE", "\xD0\xB5\xD0\xB3\xD0\xBE",
					  "\xD0\xBE\xD0\xBC\xD1\x83", "\xD0\xB5\xD0\xBC\xD1\x83",
					  "\xD0\xBE\xD0\xB9", "\xD0\xB5\xD0\xB9", "\xD1\x8B\xD0\xBC",
					  "\xD0\xB8\xD0\xBC", "\xD0\xBE\xD0\xBC", "\xD0\xB5\xD0\xBC",
					  "\xD0\xB0", "\xD1\x8F", "\xD1\x83", "\xD1\x8E", "\xD0\xB5", "\xD1\x8B",
					  "\xD0\xB8"}; /* ами ями ого его ому ему ой ей ым им ом ем а я у ю е ы и */
static const char *const slavic_lat[] = {"ami", "ego", "emu", "owi", "ovi", "om", "em", "ym", "im", "a", "u", "e", "y"};

static int slavic_lang(const char *lang)
{
	static const char *const l[] = {"pl", "cs", "sk", "sl", "hr", "bs", "sr", "lt", "lv"};
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		if (strncmp(lang, l[i], 2) == 0 && (!lang[2] || lang[2] == '-'))
			return 1;
	return 0;
}

/* A Slavic case ending cut: only when the rest is a name this corpus knows
 * (seen with a capital elsewhere, or its key among the names of the aligned
 * translation), so that no ordinary word and no other name loses letters. */
static int slavic_base(ctx *c, side_ctx *s, const char *name, size_t len, const strmap *other, size_t *base_len)
{
	int cyr = (unsigned char)name[0] >= 0xD0 && (unsigned char)name[0] <= 0xD4;
	const char *const *e = cyr ? slavic_cyr : slavic_lat;
	size_t ne = cyr ? sizeof slavic_cyr / sizeof *slavic_cyr : sizeof slavic_lat / sizeof *slavic_lat;
	int rc;
	if (!cyr && !slavic_lang(s->lang))
		return 0;
	for (size_t i = 0; i < ne; i++) {
		size_t el = strlen(e[i]), bl = len - el;
		const char *w = name + bl;
		lexe *x;
		if (len <= el || memcmp(name + bl, e[i], el) != 0 || n_chars(name, bl) < 3)
			continue;
		while (w > name && w[-1] != ' ' && w[-1] != '-')
			w--;
		if ((rc = fold(c, w, (size_t)(name + bl - w))) != 0)
			return rc;
		x = lex_get(s, c->fold.ptr, c->fold.len);
		if ((!x || x->cap_init + x->cap_noninit == 0)) {
			if (!other || (rc = key_as(c, &c->key2, name, bl, s->lang, BT_NAME_EXACT)) != 0 ||
			    !strmap_get(other, c->key2.ptr, c->key2.len)) {
				if (rc < 0)
					return rc;
				continue;
			}
		}
		*base_len = bl;
		return 0;
	}
	return 0;
}

/* The uninflected form of a name (TABLE.md): an ending the language's
 * inflection rules cut, found by trying the endings in turn; a bare s
 * (Poetins) only when the shorter form is also seen capitalized, or when
 * the aligned translation has a name with the key of the shorter form
 * (`other`: the keys of the names on the other side of the link). */
static int base_form(ctx *c, side_ctx *s, const char *name, size_t len, const strmap *other, size_t *base_len)
{
	static const char *const endings[] = {"'s", "\xE2\x80\x99s", "\xCA\xBCs", "'", "\xE2\x80\x99", "\xCA\xBC", "s"};
	int rc;
	*base_len = len;
	if ((rc = key_as(c, &c->key, name, len, s->lang, 0)) != 0)
		return rc < 0 ? rc : 0;
	if ((rc = key_as(c, &c->key2, name, len, s->lang, BT_NAME_EXACT)) != 0)
		return rc < 0 ? rc : 0;
	if (c->key.len == c->key2.len && memcmp(c->key.ptr, c->key2.ptr, c->key.len) == 0)
		return slavic_base(c, s, name, len, other, base_len);
	for (size_t i = 0; i < sizeof endings / sizeof endings[0]; i++) {
		size_t el = strlen(endings[i]), bl;
		if (len <= el || memcmp(name + len - el, endings[i], el) != 0)
			continue;
		bl = len - el;
		if ((rc = key_as(c, &c->key2, name, bl, s->lang, BT_NAME_EXACT)) < 0)
			return rc;
		if (rc == 1 || c->key2.len != c->key.len || memcmp(c->key2.ptr, c->key.ptr, c->key.len) != 0)
			continue;
		if (endings[i][0] == 's') {
			const char *w = name + bl;
			lexe *e;
			while (w > name && w[-1] != ' ' && w[-1] != '-')
				w--;
			if ((rc = fold(c, w, (size_t)(name + bl - w))) != 0)
				return rc;
			e = lex_get(s, c->fold.ptr, c->fold.len);
			if ((!e || e->cap_init + e->cap_noninit == 0) &&
			    !(other && strmap_get(other, c->key.ptr, c->key.len)))
				continue;
		}
		*base_len = bl;
		return 0;
	}
	return slavic_base(c, s, name, len, other, base_len);
}

/* The variant of a form: one per language tag and spelling, so that a
 * Cyrillic form quoted on both sides is one variant. */
static int variant_of(ctx *c, int side, const char tag[16], const char *form, size_t len, size_t *out)
{
	size_t *slot;
	int rc;
	bt_buf_clear(&c->tmp2);
	if ((rc = bt_buf_printf(&c->tmp2, "%s\x1f", tag)) != 0 || (rc = bt_buf_put(&c->tmp2, form, len)) != 0)
		return rc;
	if ((rc = strmap_put(&c->vmap, c->tmp2.ptr, c->tmp2.len, c->nv, &slot)) < 0)
		return rc;
	if (rc == 0) {
		*out = *slot;
		return 0;
	}
	if (c->nv == c->vcap) {
		size_t cap = c->vcap ? c->vcap * 2 : 256;
		variant *v = bt_realloc(c->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		c->v = v, c->vcap = cap;
	}
	{
		variant *v = &c->v[c->nv];
		memset(v, 0, sizeof *v);
		v->side = side;
		memcpy(v->tag, tag, sizeof v->tag);
		v->rank = strcmp(tag, c->side[0].lang) == 0 ? 0 : strcmp(tag, c->side[1].lang) == 0 ? 1 : 2;
		v->parent = c->nv;
		c->nv++; /* counted now, so that dispose frees what is set below */
		if (!(v->form = dup_n(form, len)))
			return bt_fail_nomem();
		for (int l = 0; l < 2; l++) {
			rc = key_as(c, &c->key, form, len, c->side[l].lang, BT_NAME_EXACT);
			if (rc < 0)
				return rc;
			if (!(v->key[l] = dup_n(rc == 0 ? c->key.ptr : "", rc == 0 ? c->key.len : 0)))
				return bt_fail_nomem();
		}
	}
	*out = c->nv - 1;
	return 0;
}

/* The word classes (BT_NT_*) of the word just before text[a] (after:
 * just after text[e]) with only white space between; text is
 * NUL-terminated. */
static unsigned neighbour_class(ctx *c, side_ctx *s, const char *text, size_t a, size_t e, int after)
{
	size_t ws, we;
	if (after) {
		for (ws = e; text[ws] == ' '; ws++)
			;
		for (we = ws; text[we] && text[we] != ' ' && !strchr(".,;:!?\"()", text[we]); we++)
			;
		if (ws == e)
			return 0;
	} else {
		for (we = a; we > 0 && text[we - 1] == ' '; we--)
			;
		for (ws = we; ws > 0 && text[ws - 1] != ' ' && !strchr(".,;:!?\"()", text[ws - 1]); ws--)
			;
		if (we == a)
			return 0;
	}
	if (we == ws || fold(c, text + ws, we - ws) != 0)
		return 0;
	return bt_nt_word_class(s->w, c->fold.ptr, c->fold.len);
}

static void note_cues(ctx *c, side_ctx *s, variant *v, const char *text, size_t a, size_t e)
{
	unsigned before = neighbour_class(c, s, text, a, e, 0);
	if ((before & BT_NT_PERSON_CUE) || (neighbour_class(c, s, text, a, e, 1) & BT_NT_PERSON_AFTER))
		v->cue_person++;
	if (before & BT_NT_PLACE_CUE)
		v->cue_place++;
}

typedef struct run {
	const char *text; /* the segment, tlen bytes */
	size_t tlen, a, e;
} run;

typedef struct runs {
	run *v;
	size_t n, cap;
} runs;

/* The East Slavic language a segment names, when it names one only
 * (language-ru/uk/be words: "in het Russisch", "Russian newspapers"):
 * "ru", "uk", "be", or NULL. A hyphenated word counts whole. */
static const char *named_language(ctx *c, side_ctx *s, const char *text, size_t len)
{
	static const struct {
		unsigned bit;
		const char *tag;
	} langs[] = {{BT_NT_LANG_RU, "ru"}, {BT_NT_LANG_UK, "uk"}, {BT_NT_LANG_BE, "be"}};
	bt_nt_word w[256];
	size_t n;
	unsigned named = 0;
	const char *tag = NULL;
	bt_nt_words_of(w, sizeof w / sizeof w[0], &n, text, len);
	if (n > sizeof w / sizeof w[0])
		n = sizeof w / sizeof w[0];
	for (size_t i = 0; i < n; i++)
		if (fold(c, text + w[i].start, w[i].end - w[i].start) == 0)
			named |= bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & (BT_NT_LANG_RU | BT_NT_LANG_UK | BT_NT_LANG_BE);
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		if (named & langs[i].bit) {
			if (tag)
				return NULL;
			tag = langs[i].tag;
		}
	return tag;
}

/* The language tag of a form in run r (bt_nt_form_lang); a Cyrillic form
 * whose letters do not decide takes the language its segment names. */
static void form_tag(ctx *c, side_ctx *s, const run *r, const char *form, size_t len, char tag[16])
{
	const char *named;
	if (bt_nt_form_lang(tag, 16, form, len, s->lang) != 0)
		snprintf(tag, 16, "und");
	if (strcmp(tag, "und-Cyrl") == 0 && (named = named_language(c, s, r->text, r->tlen)) != NULL)
		snprintf(tag, 16, "%s", named);
}

/* Records one name: surface text[a, e) of run r. */
static int record(ctx *c, side_ctx *s, size_t pair, const run *r, idvec *seen, const strmap *other)
{
	const char *text = r->text;
	size_t a = r->a, e = r->e;
	size_t bl, var = 0;
	char tag[16];
	int rc;
	variant *v;
	/* white space inside a name made single */
	bt_buf_clear(&c->tmp);
	for (size_t i = a; i < e; i++) {
		unsigned char ch = (unsigned char)text[i];
		int sp = ch == ' ' || ch == '\t' || ch == '\n';
		if (!sp && ch == 0xC2 && i + 1 < e && (unsigned char)text[i + 1] == 0xA0)
			sp = 1, i++;
		if (sp) {
			if (c->tmp.len && c->tmp.ptr[c->tmp.len - 1] != ' ' && (rc = bt_buf_put(&c->tmp, " ", 1)) != 0)
				return rc;
		} else if ((rc = bt_buf_put(&c->tmp, text + i, 1)) != 0) {
			return rc;
		}
	}
	if (c->tmp.len == 0)
		return 0;
	{
		char *surface = dup_n(c->tmp.ptr, c->tmp.len);
		size_t slen = c->tmp.len;
		if (!surface)
			return bt_fail_nomem();
		rc = base_form(c, s, surface, slen, other, &bl);
		if (!rc) {
			form_tag(c, s, r, surface, bl, tag);
			rc = variant_of(c, s->idx, tag, surface, bl, &var);
		}
		if (rc) {
			bt_free(surface);
			return rc;
		}
		v = &c->v[var];
		v->count++;
		if (bl == slen) {
			v->plain++;
		} else {
			int have = 0;
			for (size_t i = 0; i < v->forms.n && !have; i++)
				have = strcmp((const char *)(uintptr_t)v->forms.v[i], surface) == 0;
			if (!have) {
				if ((rc = idvec_push(&v->forms, (size_t)(uintptr_t)surface)) != 0) {
					bt_free(surface);
					return rc;
				}
				surface = NULL;
			}
		}
		bt_free(surface);
	}
	note_cues(c, s, v, text, a, e);
	c->res->occurrences++;
	if (!v->docs.n || v->docs.v[v->docs.n - 1] != pair)
		if ((rc = idvec_push(&v->docs, pair)) != 0)
			return rc;
	if (!idvec_has(&c->pairs[pair].vars, var) && (rc = idvec_push(&c->pairs[pair].vars, var)) != 0)
		return rc;
	if (seen && !idvec_has(seen, var) && (rc = idvec_push(seen, var)) != 0)
		return rc;
	return 0;
}

/* Is the folded phrase of words [i, i+n) an exonym of this language? */
static int exo_phrase(ctx *c, side_ctx *s, const seg_units *su, size_t i, size_t n, int *yes)
{
	const unit *a = &su->u[i], *b = &su->u[i + n - 1];
	const bt_nt_word *wa = &c->words[i], *wb = &c->words[i + n - 1];
	int rc;
	(void)a;
	*yes = 0;
	if (!(b->fl & U_CAP) || (b->fl & U_TAIL))
		return 0;
	rc = key_as(c, &c->key, su->text + wa->start, wb->end - wa->start, s->lang, 0);
	if (rc < 0)
		return rc;
	*yes = rc == 0 && key_known_exo(s, c->key.ptr, c->key.len);
	return 0;
}

/* The names of one analyzed segment: runs of name words (with particles
 * and exonym phrases), recorded. The segment's words must still be in
 * c->words (analyze() leaves them there). */
/* A name found in a segment, recorded once the whole link is read. */

static int push_run(runs *r, const char *text, size_t tlen, size_t a, size_t e)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		run *v = bt_realloc(r->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		r->v = v, r->cap = cap;
	}
	r->v[r->n++] = (run){text, tlen, a, e};
	return 0;
}

/* The script of the letter at t[i]. */
static int script_at(const char *t, size_t len, size_t i)
{
	size_t next;
	UErrorCode err = U_ZERO_ERROR;
	int32_t ch = bt_nt_char_at(t, len, i, &next);
	int sc = ch < 0 ? USCRIPT_COMMON : (int)uscript_getScript(ch, &err);
	return U_SUCCESS(err) ? sc : USCRIPT_COMMON;
}

static int segment_names(ctx *c, side_ctx *s, seg_units *su, runs *out)
{
	size_t i = 0;
	int rc;
	while (i < su->n) {
		unit *u = &su->u[i];
		size_t j, start = i;
		/* exonym phrases first: Zwarte Zee, Europese Unie, Den Haag */
		if ((u->fl & U_CAP) && !(u->fl & (U_PREFIX | U_TAIL)) && s->exo_words > 1) {
			size_t n = 1, best = 0;
			while (n < s->exo_words && i + n < su->n && (su->u[i + n - 1].fl & BT_NT_SPACE_NEXT) &&
			       !(su->u[i + n - 1].fl & U_TAIL) && !(su->u[i + n].fl & U_PREFIX)) {
				int yes;
				n++;
				if ((rc = exo_phrase(c, s, su, i, n, &yes)) != 0)
					return rc;
				if (yes)
					best = n;
			}
			if (best) {
				if ((rc = push_run(out, su->text, su->len, c->words[i].start, c->words[i + best - 1].end)) != 0)
					return rc;
				i += best;
				continue;
			}
		}
		if (u->cls == C_PARTICLE) {
			/* Van der Togt: capitalized particles before a name; at the
			 * start of a sentence only two or more (De Krim is an article) */
			size_t k = i;
			while (k < su->n && k - i < 3 && is_particle(c, s, su, &su->u[k], &c->words[k]) &&
			       (su->u[k].fl & BT_NT_SPACE_NEXT))
				k++;
			if (k < su->n && k > i && su->u[k].cls == C_NAME && !(su->u[k].fl & U_PREFIX) &&
			    (!(u->fl & BT_NT_INITIAL) || k - i >= 2)) {
				j = k;
			} else {
				i++;
				continue;
			}
		} else if (u->cls == C_NAME) {
			j = i;
		} else {
			i++;
			continue;
		}
		/* extend: a word that is no name on its own (a first name) joins
		 * the next name word, directly or across particles; a name on its
		 * own joins a next word that never is (Xi Jinping) */
		for (;;) {
			const char *k;
			size_t klen, m;
			unit *last = &su->u[j];
			int alone;
			if (!(last->fl & BT_NT_SPACE_NEXT) || (last->fl & U_TAIL) || j + 1 >= su->n)
				break;
			if ((rc = unit_key(c, s, su, last, &k, &klen)) < 0)
				return rc;
			alone = rc == 0 && strmap_count(&s->standalone, k, klen) > 0;
			m = j + 1;
			while (!alone && m < su->n && m - j <= 3 && is_particle(c, s, su, &su->u[m], &c->words[m]) &&
			       (su->u[m].fl & BT_NT_SPACE_NEXT))
				m++;
			if (m >= su->n || su->u[m].cls != C_NAME || (su->u[m].fl & U_PREFIX) ||
			    !(su->u[m - 1].fl & BT_NT_SPACE_NEXT))
				break;
			/* a name in one script and its spelling in another beside it
			 * (Tichanovskaja Ціханоўская) are two names */
			if (script_at(su->text, su->len, last->ns) != script_at(su->text, su->len, su->u[m].ns))
				break;
			if (alone) {
				if ((rc = unit_key(c, s, su, &su->u[m], &k, &klen)) < 0)
					return rc;
				if (rc == 1 || strmap_count(&s->standalone, k, klen) > 0)
					break;
			}
			j = m;
		}
		if ((rc = push_run(out, su->text, su->len, su->u[start].ns, su->u[j].ne)) != 0)
			return rc;
		i = j + 1;
	}
	return 0;
}

/* Does unit u (side a) have a counterpart among the names and unknown
 * words of the other side's segments (same key in either language, or an
 * exonym/glossary line)? */
static int confirmed(ctx *c, int a, seg_units *su, unit *u, seg_units *other, size_t n_other)
{
	const char *k;
	size_t klen;
	int rc = unit_key(c, &c->side[a], su, u, &k, &klen);
	if (rc)
		return rc < 0 ? rc : 0;
	/* the word keyed by the other language's rules */
	if ((rc = key_as(c, &c->key2, su->text + u->ns, u->ne - u->ns, c->side[!a].lang, 0)) < 0)
		return rc;
	for (size_t si = 0; si < n_other; si++) {
		seg_units *o = &other[si];
		for (size_t i = 0; i < o->n; i++) {
			unit *w = &o->u[i];
			const char *ok = NULL;
			size_t oklen = 0;
			if (w->cls != C_NAME && w->cls != C_UNKNOWN)
				continue;
			if ((rc = unit_key(c, &c->side[!a], o, w, &ok, &oklen)) < 0)
				return rc;
			if (rc == 1)
				continue;
			/* one letter apart is enough to call it a name (Loeksjenko,
			 * a typo, beside Lukashenko): the table suggests it for review */
			if (bt_name_key_relate(k, klen, ok, oklen) == BT_NAMEREL_SAME ||
			    bt_name_key_relate(k, klen, ok, oklen) == BT_NAMEREL_CLOSE ||
			    (c->key2.len == oklen && memcmp(c->key2.ptr, ok, oklen) == 0))
				return 2;
			bt_buf_clear(&c->tmp);
			if ((rc = bt_buf_put(&c->tmp, a ? ok : k, a ? oklen : klen)) != 0 ||
			    (rc = bt_buf_put(&c->tmp, "\t", 1)) != 0 ||
			    (rc = bt_buf_put(&c->tmp, a ? k : ok, a ? klen : oklen)) != 0)
				return rc;
			if (strmap_get(&c->gloss, c->tmp.ptr, c->tmp.len))
				return 2;
		}
	}
	return 0;
}

/* Does one of the other side's names (runs `other`, language !a) name
 * t[0, len) (language a): the same key, a key one letter away, or an
 * exonym or glossary line? 1 yes, 0 no, or an error. */
static int named_apart(ctx *c, int a, const char *t, size_t len, const runs *other)
{
	bt_buf k = BT_BUF_INIT, ok = BT_BUF_INIT;
	int rc = key_as(c, &k, t, len, c->side[a].lang, 0), found = 0;
	for (size_t i = 0; rc == 0 && !found && i < other->n; i++) {
		const run *r = &other->v[i];
		int rel;
		rc = key_as(c, &ok, r->text + r->a, r->e - r->a, c->side[!a].lang, 0);
		if (rc == 1) {
			rc = 0;
			continue;
		}
		if (rc)
			break;
		rel = bt_name_key_relate(k.ptr, k.len, ok.ptr, ok.len);
		found = rel == BT_NAMEREL_SAME || rel == BT_NAMEREL_CLOSE;
		if (!found) {
			bt_buf_clear(&c->tmp);
			if ((rc = bt_buf_put(&c->tmp, a ? ok.ptr : k.ptr, a ? ok.len : k.len)) != 0 ||
			    (rc = bt_buf_put(&c->tmp, "\t", 1)) != 0 ||
			    (rc = bt_buf_put(&c->tmp, a ? k.ptr : ok.ptr, a ? k.len : ok.len)) != 0)
				break;
			found = strmap_get(&c->gloss, c->tmp.ptr, c->tmp.len) != NULL;
		}
	}
	bt_buf_dispose(&k);
	bt_buf_dispose(&ok);
	if (rc == 1)
		rc = 0;
	return rc < 0 ? rc : found;
}

/* Two names side by side (Dutch word order puts subject and object
 * together: "steunt Washington Kiev") are one run of name words; when the
 * translation names both parts apart and not the whole, the run is split. */
static int split_runs(ctx *c, int a, runs *r, const runs *other)
{
	int rc = 0;
	for (size_t i = 0; i < r->n && !rc; i++) {
		const char *t = r->v[i].text;
		size_t ra = r->v[i].a, re = r->v[i].e;
		if (!memchr(t + ra, ' ', re - ra))
			continue;
		if ((rc = named_apart(c, a, t + ra, re - ra, other)) != 0) {
			rc = rc < 0 ? rc : 0;
			continue;
		}
		for (size_t p = ra + 1; p < re && !rc; p++) {
			size_t q = p + 1;
			int l, rr;
			if (t[p] != ' ' || !starts_upper(t, q, re))
				continue;
			if ((l = named_apart(c, a, t + ra, p - ra, other)) < 0 ||
			    (rr = l ? named_apart(c, a, t + q, re - q, other) : 0) < 0) {
				rc = l < 0 ? l : rr;
				break;
			}
			if (l && rr) {
				r->v[i].e = p;
				rc = push_run(r, t, r->v[i].tlen, q, re);
				break;
			}
		}
	}
	return rc;
}

/* Records a link's names: words that start a sentence and have no
 * evidence either way become names when the other side confirms them. */
/* The first aligned link a variant occurs in, both sides, as its example. */
static int keep_example(ctx *c, variant *v, seg_units *su[2], size_t n[2])
{
	bt_buf b = BT_BUF_INIT;
	int rc = 0;
	(void)c;
	if (v->ex[0] || !n[0] || !n[1])
		return 0;
	for (int a = 0; a < 2 && !rc; a++) {
		bt_buf_clear(&b);
		for (size_t i = 0; i < n[a] && !rc; i++) {
			if (i)
				rc = bt_buf_put(&b, " ", 1);
			if (!rc)
				rc = bt_buf_put(&b, su[a][i].text, su[a][i].len);
		}
		if (!rc && !(v->ex[a] = dup_n(b.ptr ? b.ptr : "", b.len)))
			rc = bt_fail_nomem();
	}
	bt_buf_dispose(&b);
	return rc;
}

static int link_names(ctx *c, size_t pair, seg_units *su[2], size_t n[2])
{
	idvec seen[2] = {{0}, {0}};
	int rc = 0;
	for (int a = 0; a < 2 && !rc; a++)
		for (size_t si = 0; si < n[a] && !rc; si++)
			for (size_t i = 0; i < su[a][si].n && !rc; i++) {
				unit *u = &su[a][si].u[i];
				if (u->cls != C_UNKNOWN)
					continue;
				if ((rc = confirmed(c, a, &su[a][si], u, su[!a], n[!a])) == 2) {
					u->cls = C_NAME;
					rc = 0;
				}
			}
	runs r[2] = {{0}, {0}};
	strmap keys[2] = {{0}, {0}};
	for (int a = 0; a < 2 && !rc; a++)
		for (size_t si = 0; si < n[a] && !rc; si++) {
			/* c->words must hold the segment's words again */
			size_t cnt;
			bt_nt_words_of(c->words, c->wcap, &cnt, su[a][si].text, su[a][si].len);
			rc = segment_names(c, &c->side[a], &su[a][si], &r[a]);
		}
	for (int a = 0; a < 2 && !rc; a++)
		rc = split_runs(c, a, &r[a], &r[!a]);
	/* the keys of each side's names, for the other side's inflection */
	for (int a = 0; a < 2 && !rc; a++)
		for (size_t i = 0; i < r[a].n && !rc; i++) {
			int k = key_as(c, &c->key, r[a].v[i].text + r[a].v[i].a, r[a].v[i].e - r[a].v[i].a, c->side[a].lang, 0);
			if (k < 0)
				rc = k;
			else if (k == 0)
				rc = strmap_add(&keys[a], c->key.ptr, c->key.len, 1);
		}
	for (int a = 0; a < 2 && !rc; a++)
		for (size_t i = 0; i < r[a].n && !rc; i++)
			rc = record(c, &c->side[a], pair, &r[a].v[i], &seen[a], &keys[!a]);
	for (int a = 0; a < 2; a++) {
		bt_free(r[a].v);
		strmap_free(&keys[a]);
	}
	for (int a = 0; a < 2 && !rc; a++)
		for (size_t i = 0; i < seen[a].n && !rc; i++)
			rc = keep_example(c, &c->v[seen[a].v[i]], su, n);
	for (size_t i = 0; !rc && i < seen[0].n; i++)
		for (size_t j = 0; !rc && j < seen[1].n; j++) {
			char k[48];
			int kl = snprintf(k, sizeof k, "%zu %zu", seen[0].v[i], seen[1].v[j]);
			rc = strmap_add(&c->cooc, k, (size_t)kl, 1);
		}
	bt_free(seen[0].v);
	bt_free(seen[1].v);
	return rc;
}

typedef struct lnk {
	size_t sf, sn, tf, tn;
} lnk;

struct links_in {
	ctx *c;
	size_t pair;
	const segs *S, *T;
	lnk *v;
	size_t n, cap;
};

static int link_cb(void *ud, const bt_link *k)
{
	struct links_in *li = ud;
	lnk l = {k->src_first, k->src_n, k->tgt_first, k->tgt_n};
	if (l.sf + l.sn > li->S->n || l.tf + l.tn > li->T->n)
		return bt_fail(BT_EDB, li->c->src->name, -1, -1, "pair %s: a link names a segment that does not exist",
			       li->c->pairs[li->pair].id);
	if (li->n == li->cap) {
		size_t cap = li->cap ? li->cap * 2 : 64;
		lnk *v = bt_realloc(li->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		li->v = v, li->cap = cap;
	}
	li->v[li->n++] = l;
	return 0;
}

static int pair_names(ctx *c, size_t pair, segs *S, segs *T, seg_units **pool, size_t *pool_n)
{
	struct links_in li = {c, pair, S, T, NULL, 0, 0};
	lnk *links = NULL;
	size_t nl = 0;
	unsigned char *covered[2] = {NULL, NULL};
	int rc;

	if ((rc = load_segs(c, c->pairs[pair].id, 0, S)) != 0 || (rc = load_segs(c, c->pairs[pair].id, 1, T)) != 0)
		return rc;
	rc = c->src->links(c->src->ud, c->pairs[pair].id, link_cb, &li);
	links = li.v, nl = li.n;
	if (rc)
		goto done;
	if (nl == 0)
		c->res->unaligned++;
	if (*pool_n == 0) {
		if (!(*pool = bt_calloc(1, sizeof **pool))) {
			rc = bt_fail_nomem();
			goto done;
		}
		*pool_n = 1;
	}
	covered[0] = bt_calloc(S->n + 1, 1);
	covered[1] = bt_calloc(T->n + 1, 1);
	if (!covered[0] || !covered[1]) {
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t li = 0; li <= nl && !rc; li++) {
		/* each link, then (li == nl) every segment no link covers, alone */
		size_t first[2] = {0, 0}, cnt[2] = {0, 0};
		seg_units *su[2];
		size_t need;
		if (li < nl) {
			first[0] = links[li].sf, cnt[0] = links[li].sn;
			first[1] = links[li].tf, cnt[1] = links[li].tn;
		}
		if (li == nl) {
			for (int a = 0; a < 2 && !rc; a++) {
				segs *G = a ? T : S;
				for (size_t k = 0; k < G->n && !rc; k++) {
					size_t z[2] = {0, 0};
					seg_units *p[2];
					if (covered[a][k])
						continue;
					z[a] = 1;
					p[a] = &(*pool)[0];
					p[!a] = &(*pool)[0];
					c->heading = G->v[k].heading;
					if ((rc = analyze(c, &c->side[a], &(*pool)[0], G->v[k].text, G->v[k].len)) == 0)
						rc = link_names(c, pair, p, z);
				}
			}
			break;
		}
		need = cnt[0] + cnt[1];
		if (need > *pool_n) {
			seg_units *p = bt_realloc(*pool, need * sizeof *p);
			if (!p) {
				rc = bt_fail_nomem();
				break;
			}
			memset(p + *pool_n, 0, (need - *pool_n) * sizeof *p);
			*pool = p, *pool_n = need;
		}
		su[0] = *pool;
		su[1] = *pool + cnt[0];
		for (int a = 0; a < 2 && !rc; a++) {
			segs *G = a ? T : S;
			for (size_t k = 0; k < cnt[a] && !rc; k++) {
				covered[a][first[a] + k] = 1;
				c->heading = G->v[first[a] + k].heading;
				rc = analyze(c, &c->side[a], &su[a][k], G->v[first[a] + k].text, G->v[first[a] + k].len);
			}
		}
		if (!rc)
			rc = link_names(c, pair, su, cnt);
	}
done:
	bt_free(links);
	bt_free(covered[0]);
	bt_free(covered[1]);
	return rc;
}

/* ---- exonyms and glossary entries ------------------------------------ */

static int add_gloss_pair(ctx *c, const char *src, size_t sl, const char *tgt, size_t tl, int exonym)
{
	int rc, r1, r2;
	bt_buf ks = BT_BUF_INIT;
	r1 = key_as(c, &ks, src, sl, c->side[0].lang, BT_NAME_EXACT);
	r2 = r1 < 0 ? 0 : key_as(c, &c->key2, tgt, tl, c->side[1].lang, BT_NAME_EXACT);
	if (r1 < 0 || r2 < 0) {
		bt_buf_dispose(&ks);
		return r1 < 0 ? r1 : r2;
	}
	rc = 0;
	if (r1 == 0 && r2 == 0) {
		bt_buf_clear(&c->tmp);
		if ((rc = bt_buf_put(&c->tmp, ks.ptr, ks.len)) == 0 && (rc = bt_buf_put(&c->tmp, "\t", 1)) == 0 &&
		    (rc = bt_buf_put(&c->tmp, c->key2.ptr, c->key2.len)) == 0)
			rc = strmap_add(&c->gloss, c->tmp.ptr, c->tmp.len, 1);
		if (!rc && exonym) {
			/* both names are names wherever they stand */
			const char *keys[2] = {ks.ptr, c->key2.ptr};
			size_t lens[2] = {ks.len, c->key2.len};
			const char *forms[2] = {src, tgt};
			size_t flens[2] = {sl, tl};
			for (int a = 0; a < 2 && !rc; a++) {
				size_t words = 1;
				for (size_t i = 0; i < flens[a]; i++)
					words += forms[a][i] == ' ';
				if (words > c->side[a].exo_words)
					c->side[a].exo_words = words;
				rc = strmap_add(&c->side[a].exo, keys[a], lens[a], 1);
			}
		}
	}
	bt_buf_dispose(&ks);
	return rc;
}

static int load_exonyms(ctx *c)
{
	char name[96];
	bt_buf text = BT_BUF_INIT;
	int rc, reverse = 0;
	long lineno = 0;
	snprintf(name, sizeof name, "names/exonyms.%s-%s.tsv", c->side[0].lang, c->side[1].lang);
	rc = bt_data_load(&text, name);
	if (rc == BT_ENOTFOUND) {
		snprintf(name, sizeof name, "names/exonyms.%s-%s.tsv", c->side[1].lang, c->side[0].lang);
		rc = bt_data_load(&text, name);
		reverse = 1;
	}
	if (rc == BT_ENOTFOUND)
		return 0;
	for (size_t i = 0; !rc && i < text.len;) {
		const char *p = text.ptr + i, *nl = memchr(p, '\n', text.len - i), *tab;
		size_t e = nl ? (size_t)(nl - text.ptr) : text.len;
		lineno++;
		i = e + 1;
		if (p == text.ptr + e || *p == '#')
			continue;
		if (!(tab = memchr(p, '\t', (size_t)(text.ptr + e - p)))) {
			rc = bt_fail(BT_EINPUT, name, lineno, -1, "no tab between the two names");
			break;
		}
		if (reverse)
			rc = add_gloss_pair(c, tab + 1, (size_t)(text.ptr + e - tab - 1), p, (size_t)(tab - p), 1);
		else
			rc = add_gloss_pair(c, p, (size_t)(tab - p), tab + 1, (size_t)(text.ptr + e - tab - 1), 1);
	}
	bt_buf_dispose(&text);
	return rc;
}

static int gloss_cb(void *ud, const bt_glossary_entry *e)
{
	ctx *c = ud;
	return add_gloss_pair(c, e->src, strlen(e->src), e->tgt, strlen(e->tgt), 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Place names for the demonym rule: this language's exonym names and the
 * corpus's capitalized words (away from a sentence start) that have no
 * demonym ending themselves. */
static int build_places(ctx *c, side_ctx *s, const char *exo_text, size_t exo_len, int col)
{
	idvec names = {0};
	int rc = 0;
	const char *const *weak, *const *strong;
	size_t n_weak = bt_nt_words_suffixes(s->w, 0, &weak), n_strong = bt_nt_words_suffixes(s->w, 1, &strong);
	size_t nsuf = n_weak + n_strong;
	for (size_t i = 0; !rc && i < s->lex.cap; i++) {
		int suffixed = 0;
		const char *k = s->lex.k[i];
		size_t kl;
		if (!k || s->le[s->lex.v[i]].cap_noninit == 0)
			continue;
		kl = strlen(k);
		for (size_t j = 0; j < nsuf && !suffixed; j++) {
			size_t sl;
			suffixed = has_suffix(k, kl, j < n_weak ? weak[j] : strong[j - n_weak], &sl);
		}
		if (!suffixed) {
			char *d = dup_n(k, kl);
			if (!d || (rc = idvec_push(&names, (size_t)(uintptr_t)d)) != 0) {
				bt_free(d);
				rc = rc ? rc : bt_fail_nomem();
			}
		}
	}
	for (size_t i = 0; !rc && i < exo_len;) {
		const char *p = exo_text + i, *nl = memchr(p, '\n', exo_len - i), *tab;
		size_t e = nl ? (size_t)(nl - exo_text) : exo_len;
		i = e + 1;
		if (p == exo_text + e || *p == '#' || !(tab = memchr(p, '\t', (size_t)(exo_text + e - p))))
			continue;
		if (col == 0)
			rc = fold(c, p, (size_t)(tab - p));
		else
			rc = fold(c, tab + 1, (size_t)(exo_text + e - tab - 1));
		if (!rc) {
			char *d = dup_n(c->fold.ptr, c->fold.len);
			if (!d || (rc = idvec_push(&names, (size_t)(uintptr_t)d)) != 0) {
				bt_free(d);
				rc = rc ? rc : bt_fail_nomem();
			}
		}
	}
	if (rc) {
		free_strs(&names);
		return rc;
	}
	s->places = (char **)bt_malloc((names.n ? names.n : 1) * sizeof(char *));
	if (!s->places) {
		free_strs(&names);
		return bt_fail_nomem();
	}
	for (size_t i = 0; i < names.n; i++)
		s->places[i] = (char *)(uintptr_t)names.v[i];
	s->nplaces = names.n;
	bt_free(names.v);
	qsort(s->places, s->nplaces, sizeof *s->places, cmp_str);
	return 0;
}

static int load_places(ctx *c)
{
	char name[96];
	bt_buf text = BT_BUF_INIT;
	int rc, reverse = 0;
	snprintf(name, sizeof name, "names/exonyms.%s-%s.tsv", c->side[0].lang, c->side[1].lang);
	rc = bt_data_load(&text, name);
	if (rc == BT_ENOTFOUND) {
		snprintf(name, sizeof name, "names/exonyms.%s-%s.tsv", c->side[1].lang, c->side[0].lang);
		rc = bt_data_load(&text, name);
		reverse = 1;
	}
	if (rc == BT_ENOTFOUND)
		rc = 0;
	for (int a = 0; a < 2 && !rc; a++)
		rc = build_places(c, &c->side[a], text.ptr ? text.ptr : "", text.len, reverse ? !a : a);
	bt_buf_dispose(&text);
	return rc;
}

/* ---- clustering ------------------------------------------------------ */

static size_t find(ctx *c, size_t x)
{
	while (c->v[x].parent != x) {
		c->v[x].parent = c->v[c->v[x].parent].parent;
		x = c->v[x].parent;
	}
	return x;
}

static size_t n_words(const char *k)
{
	size_t n = *k ? 1 : 0;
	for (; *k; k++)
		n += *k == ' ';
	return n;
}

/* The i-th space-separated word of k. */
static const char *word_at(const char *k, size_t i, size_t *len)
{
	while (i--) {
		k = strchr(k, ' ');
		if (!k) {
			*len = 0;
			return "";
		}
		k++;
	}
	*len = strcspn(k, " ");
	return k;
}

static int slavic_same(const char *a, size_t al, const char *b, size_t bl);

/* How many words of b's form, counted from its end, are organisation
 * words of its language (Clingendael Institute: 1)? */
static size_t org_tail(ctx *c, const variant *b)
{
	const side_ctx *s = &c->side[b->side];
	const char *f = b->form, *e = f + strlen(f);
	size_t n = 0;
	while (e > f) {
		const char *w = e;
		while (w > f && w[-1] != ' ')
			w--;
		if (w == f || fold(c, w, (size_t)(e - w)) != 0 ||
		    !(bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & BT_NT_ORG))
			break;
		n++;
		e = w - 1;
	}
	return n;
}

/* Is b the name a with organisation words after it (Clingendael,
 * Clingendael Institute)? Keys compared, the words added read in b's
 * form. */
static int org_extends(ctx *c, const variant *a, const variant *b)
{
	const char *ka = a->key[a->side], *kb = b->key[b->side];
	size_t la = strlen(ka), na = n_words(ka), nb = n_words(kb);
	if (!la || nb <= na || strncmp(ka, kb, la) != 0 || kb[la] != ' ' || n_words(b->form) != nb)
		return 0;
	return org_tail(c, b) >= nb - na;
}

static int word_same_or_close(const char *a, size_t al, const char *b, size_t bl)
{
	int r = bt_name_key_relate(a, al, b, bl);
	return r == BT_NAMEREL_SAME || r == BT_NAMEREL_CLOSE || slavic_same(a, al, b, bl);
}

/* Can two full names (keys in one language's rules) be one person? Equal,
 * one the end of the other (Van der Togt), or the same surname with first
 * names equal or one letter apart (Aleksandr / Alexander); a surname or
 * first name is the same when it spells one East Slavic name after
 * Belarusian and Russian rules (slavic_same: Tsikhanouskaya). */
static int keys_compatible(const char *a, const char *b)
{
	size_t na = n_words(a), nb = n_words(b), la, lb, al, bl;
	const char *wa, *wb;
	if (strcmp(a, b) == 0)
		return 1;
	if (na < 2 || nb < 2)
		return 1;
	al = strlen(a), bl = strlen(b);
	if (al > bl && a[al - bl - 1] == ' ' && strcmp(a + al - bl, b) == 0)
		return 1;
	if (bl > al && b[bl - al - 1] == ' ' && strcmp(b + bl - al, a) == 0)
		return 1;
	wa = word_at(a, na - 1, &la);
	wb = word_at(b, nb - 1, &lb);
	if ((la != lb || memcmp(wa, wb, la) != 0) && !slavic_same(wa, la, wb, lb))
		return 0;
	if (na == nb) {
		for (size_t i = 0; i + 1 < na; i++) {
			wa = word_at(a, i, &la);
			wb = word_at(b, i, &lb);
			if (!word_same_or_close(wa, la, wb, lb))
				return 0;
		}
		return 1;
	}
	wa = word_at(a, 0, &la);
	wb = word_at(b, 0, &lb);
	return word_same_or_close(wa, la, wb, lb);
}

/* The keys of x and y that can be compared: each by its own language's
 * rules (keys are meant to agree across languages), and, for variants of
 * two languages, both by the source rules and both by the target rules
 * (Joe Biden is "ju biden" by the Dutch rules, "joe biden" by the English
 * ones). Returns how many pairs were set. */
static int key_pairs(const variant *x, const variant *y, const char *a[3], const char *b[3])
{
	int n = 0;
	a[n] = x->key[x->side], b[n] = y->key[y->side], n++;
	if (x->side != y->side)
		for (int l = 0; l < 2; l++)
			a[n] = x->key[l], b[n] = y->key[l], n++;
	return n;
}

static int variants_compatible(const variant *x, const variant *y)
{
	const char *a[3], *b[3];
	int n = key_pairs(x, y, a, b);
	for (int i = 0; i < n; i++)
		if (a[i][0] && b[i][0] && keys_compatible(a[i], b[i]))
			return 1;
	return 0;
}

/* Unites the clusters of x and y unless that would put two full names
 * together that cannot be one person; the pair (x, y) itself is exempt
 * when `exempt` (its evidence is a glossary line). Returns 1 when united. */
static int unite(ctx *c, size_t x, size_t y, int exempt)
{
	size_t rx = find(c, x), ry = find(c, y);
	variant *X, *Y;
	if (rx == ry)
		return 0;
	X = &c->v[rx], Y = &c->v[ry];
	for (size_t i = 0; i < X->members.n; i++) {
		const variant *a = &c->v[X->members.v[i]];
		if (n_words(a->key[a->side]) < 2)
			continue;
		for (size_t j = 0; j < Y->members.n; j++) {
			const variant *b = &c->v[Y->members.v[j]];
			if (n_words(b->key[b->side]) < 2)
				continue;
			if (exempt && ((X->members.v[i] == x && Y->members.v[j] == y) ||
				       (X->members.v[i] == y && Y->members.v[j] == x)))
				continue;
			if (!variants_compatible(a, b))
				return 0;
		}
	}
	if (X->members.n < Y->members.n) {
		size_t t = rx;
		rx = ry, ry = t;
		X = &c->v[rx], Y = &c->v[ry];
	}
	for (size_t j = 0; j < Y->members.n; j++)
		if (idvec_push(&X->members, Y->members.v[j]) != 0)
			return -1;
	bt_free(Y->members.v);
	Y->members = (idvec){0};
	Y->parent = rx;
	return 1;
}

/* Is a's key (one language's rules) the last words of b's? */
static int is_suffix_name(const char *a, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	return *a && bl > al && b[bl - al - 1] == ' ' && strcmp(b + bl - al, a) == 0;
}

/* Do x and y spell one East Slavic name after different rules
 * (Tichanovskaja, Tsikhanouskaya: slavic_fold with vowels)? For names
 * aligned with each other only; a Slavic form alone is offered for review
 * instead (find_review_slavic). */
static int slavic_alike(const variant *x, const variant *y)
{
	const char *a = x->key[x->side], *b = y->key[y->side];
	if (strcmp(a, b) == 0 || n_words(a) != n_words(b))
		return 0;
	return slavic_same(a, strlen(a), b, strlen(b));
}

static int cluster(ctx *c)
{
	int rc = 0;
	for (size_t i = 0; i < c->nv; i++)
		if ((rc = idvec_push(&c->v[i].members, i)) != 0)
			return rc;
	/* 1. the same key: each by its own language's rules, or, across the
	 * two languages, both by the source or both by the target rules (see
	 * key_pairs) */
	{
		strmap own = {0};
		for (size_t i = 0; i < c->nv && !rc; i++) {
			size_t *slot;
			const char *k = c->v[i].key[c->v[i].side];
			if (!*k)
				continue;
			if ((rc = strmap_put(&own, k, strlen(k), i, &slot)) < 0)
				break;
			rc = 0;
			if (*slot != i && unite(c, i, *slot, 0) < 0)
				rc = bt_fail_nomem();
		}
		strmap_free(&own);
	}
	for (int l = 0; l < 2 && !rc; l++) {
		strmap own = {0}, other = {0};
		for (size_t i = 0; i < c->nv && !rc; i++) {
			size_t *slot;
			variant *v = &c->v[i];
			size_t kl = strlen(v->key[l]);
			if (!kl)
				continue;
			if (v->side == l) {
				if ((rc = strmap_put(&own, v->key[l], kl, i, &slot)) < 0)
					break;
				if (rc == 0 && unite(c, i, *slot, 0) < 0)
					rc = bt_fail_nomem();
				else
					rc = 0;
				if (!rc && (slot = strmap_get(&other, v->key[l], kl)) != NULL && unite(c, i, *slot, 0) < 0)
					rc = bt_fail_nomem();
			} else {
				if ((rc = strmap_put(&other, v->key[l], kl, i, &slot)) < 0)
					break;
				rc = 0;
				if ((slot = strmap_get(&own, v->key[l], kl)) != NULL && unite(c, i, *slot, 0) < 0)
					rc = bt_fail_nomem();
			}
		}
		strmap_free(&own);
		strmap_free(&other);
	}
	if (rc)
		return rc;
	/* 2. exonym and glossary lines, 3. full names one letter apart,
	 * 3b. East Slavic spellings of one name (slavic_alike), 3c. a name and
	 * the same with organisation words (org_extends), all for names that
	 * co-occur in a link */
	for (size_t i = 0; i < c->cooc.cap && !rc; i++) {
		size_t s, t;
		variant *vs, *vt;
		if (!c->cooc.k[i] || sscanf(c->cooc.k[i], "%zu %zu", &s, &t) != 2)
			continue;
		vs = &c->v[s], vt = &c->v[t];
		bt_buf_clear(&c->tmp);
		if ((rc = bt_buf_printf(&c->tmp, "%s\t%s", vs->key[0], vt->key[1])) != 0)
			break;
		if (strmap_get(&c->gloss, c->tmp.ptr, c->tmp.len)) {
			if (unite(c, s, t, 1) < 0)
				rc = bt_fail_nomem();
			continue;
		}
		if (slavic_alike(vs, vt) || org_extends(c, vs, vt) || org_extends(c, vt, vs)) {
			if (unite(c, s, t, 0) < 0)
				rc = bt_fail_nomem();
			continue;
		}
		const char *ka[3], *kb[3];
		int np = key_pairs(vs, vt, ka, kb);
		for (int l = 0; l < np; l++) {
			const char *a = ka[l], *b = kb[l];
			size_t na = n_words(a), la, lb;
			const char *wa, *wb;
			if (!*a || !*b || na < 2 || na != n_words(b))
				continue;
			wa = word_at(a, na - 1, &la);
			wb = word_at(b, na - 1, &lb);
			if (la == lb && memcmp(wa, wb, la) == 0 && keys_compatible(a, b)) {
				if (unite(c, s, t, 0) < 0)
					rc = bt_fail_nomem();
				break;
			}
		}
	}
	/* 4. a surname alone and the full names it ends, in one document
	 * pair, when all those full names can be one person */
	for (size_t p = 0; p < c->npairs && !rc; p++) {
		const idvec *vars = &c->pairs[p].vars;
		idvec full = {0};
		for (size_t i = 0; i < vars->n && !rc; i++) {
			size_t a = vars->v[i];
			int ambiguous = 0;
			full.n = 0;
			for (size_t j = 0; j < vars->n && !ambiguous && !rc; j++) {
				size_t b = vars->v[j];
				const char *ka[3], *kb[3];
				int suffix = 0, np;
				if (a == b)
					continue;
				np = key_pairs(&c->v[a], &c->v[b], ka, kb);
				for (int l = 0; l < np && !suffix; l++)
					suffix = is_suffix_name(ka[l], kb[l]);
				if (!suffix)
					continue;
				for (size_t k = 0; k < full.n && !ambiguous; k++)
					ambiguous = find(c, full.v[k]) != find(c, b) &&
						    !variants_compatible(&c->v[full.v[k]], &c->v[b]);
				rc = idvec_push(&full, b);
			}
			for (size_t k = 0; k < full.n && !ambiguous && !rc; k++)
				if (unite(c, a, full.v[k], 0) < 0)
					rc = bt_fail_nomem();
		}
		bt_free(full.v);
	}
	return rc;
}

/* ---- rows -------------------------------------------------------------- */

typedef struct cl {
	size_t root, total;
	const char *first; /* preferred form of the first language present */
} cl;

static int cmp_cl(const void *a, const void *b)
{
	const cl *x = a, *y = b;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->first, y->first);
}

static int cmp_member(const void *a, const void *b)
{
	const variant *x = *(const variant *const *)a, *y = *(const variant *const *)b;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->rank == 2 && strcmp(x->tag, y->tag) != 0)
		return strcmp(x->tag, y->tag);
	if (x->plain != y->plain)
		return x->plain > y->plain ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (strlen(x->form) != strlen(y->form))
		return strlen(x->form) > strlen(y->form) ? -1 : 1;
	return strcmp(x->form, y->form);
}

/* Names x and y each other's cluster under `review`, once. */
static int suggest_review(variant *x, variant *y)
{
	int rc = 0;
	if (!idvec_has(&x->review, y->cluster))
		rc = idvec_push(&x->review, y->cluster);
	if (!rc && !idvec_has(&y->review, x->cluster))
		rc = idvec_push(&y->review, x->cluster);
	return rc;
}

/* Review suggestions: variants of different clusters whose keys (in
 * either language's rules) are one letter apart. Every key is indexed
 * with each of its letters left out, so that candidates meet in the index
 * instead of being compared all with all. */
static int find_review(ctx *c)
{
	strmap idx = {0};
	idvec *lists = NULL;
	size_t nlists = 0, lcap = 0;
	bt_buf d = BT_BUF_INIT;
	int rc = 0;
	/* l: 0 and 1 both by the source or target rules, 2 each by its own */
	for (int l = 0; l < 3 && !rc; l++) {
		strmap_free(&idx);
		for (size_t i = 0; i < nlists; i++)
			bt_free(lists[i].v);
		nlists = 0;
		for (size_t i = 0; i < c->nv && !rc; i++) {
			const char *k = c->v[i].key[l < 2 ? l : c->v[i].side];
			size_t kl = strlen(k);
			if (kl < 5 || !c->v[i].cluster)
				continue;
			for (size_t p = 0; p <= kl && !rc; p++) {
				size_t *slot;
				bt_buf_clear(&d);
				/* position p == kl: the key itself */
				if ((rc = bt_buf_put(&d, k, p < kl ? p : kl)) != 0 ||
				    (p < kl && (rc = bt_buf_put(&d, k + p + 1, kl - p - 1)) != 0))
					break;
				if ((rc = strmap_put(&idx, d.ptr, d.len, nlists, &slot)) < 0)
					break;
				if (rc == 1) {
					if (nlists == lcap) {
						size_t cap = lcap ? lcap * 2 : 256;
						idvec *nv = bt_realloc(lists, cap * sizeof *nv);
						if (!nv) {
							rc = bt_fail_nomem();
							break;
						}
						lists = nv, lcap = cap;
					}
					lists[nlists++] = (idvec){0};
				}
				rc = idvec_push(&lists[*slot], i);
			}
		}
		for (size_t li = 0; li < nlists && !rc; li++) {
			const idvec *L = &lists[li];
			for (size_t a = 0; a < L->n && !rc; a++)
				for (size_t b = a + 1; b < L->n && !rc; b++) {
					variant *x = &c->v[L->v[a]], *y = &c->v[L->v[b]];
					const char *kx = x->key[l < 2 ? l : x->side], *ky = y->key[l < 2 ? l : y->side];
					if (x->cluster == y->cluster ||
					    bt_name_key_relate(kx, strlen(kx), ky, strlen(ky)) != BT_NAMEREL_CLOSE)
						continue;
					/* one language's rules on both only across languages */
					if (l < 2 && x->side == y->side)
						continue;
					rc = suggest_review(x, y);
				}
		}
	}
	strmap_free(&idx);
	for (size_t i = 0; i < nlists; i++)
		bt_free(lists[i].v);
	bt_free(lists);
	bt_buf_dispose(&d);
	return rc;
}

/* A key with the Belarusian and Ukrainian spellings of a name folded to
 * the Russian one: ts and dz before a soft vowel (i, e, j) are t and d in
 * Russian (Ціханоўская, Тихановская), and u after a vowel before a
 * consonant is the Belarusian ў for в. `vowels` also folds what Belarusian
 * writes as it is spoken (akanye, yakanye): o is a, and ja after a
 * consonant is e (Аляксандр Лукашэнка, Александр Лукашенко). */
static size_t slavic_fold_to(char *out, size_t cap, const char *k, size_t n, int vowels)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 1 < cap; i++) {
		char ch = k[i], nx = i + 1 < n ? k[i + 1] : 0;
		if (vowels && ch == 'o') {
			ch = 'a';
		} else if (vowels && ch == 'j' && i > 0 && nx == 'a' && !strchr("aeiouyj ", k[i - 1])) {
			ch = 'e';
			i++;
		} else if (((ch == 't' && nx == 's') || (ch == 'd' && nx == 'z')) && i + 2 < n && strchr("iej", k[i + 2])) {
			i++;
		} else if (ch == 'u' && i > 0 && i + 1 < n && strchr("aeiouy", k[i - 1]) && !strchr("aeiouyj ", nx)) {
			ch = 'v';
		}
		out[o++] = ch;
	}
	out[o] = 0;
	return o;
}

static int slavic_fold(bt_buf *out, const char *k, int vowels)
{
	char f[256];
	size_t n = strlen(k);
	bt_buf_clear(out);
	if (n >= sizeof f) /* longer than any name: left as it is */
		return bt_buf_put(out, k, n);
	return bt_buf_put(out, f, slavic_fold_to(f, sizeof f, k, n, vowels));
}

/* Are words a and b one East Slavic name spelt after different rules? */
static int slavic_same(const char *a, size_t al, const char *b, size_t bl)
{
	char fa[128], fb[128];
	if (al >= sizeof fa || bl >= sizeof fb || al < 5 || bl < 5)
		return 0;
	return strcmp((slavic_fold_to(fa, sizeof fa, a, al, 1), fa), (slavic_fold_to(fb, sizeof fb, b, bl, 1), fb)) == 0;
}

static int find_review_folded(ctx *c, int vowels)
{
	strmap idx = {0};
	idvec *lists = NULL;
	size_t nlists = 0, lcap = 0;
	bt_buf f = BT_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < c->nv && !rc; i++) {
		const char *k = c->v[i].key[c->v[i].side];
		size_t *slot;
		if (strlen(k) < 5 || !c->v[i].cluster || (rc = slavic_fold(&f, k, vowels)) != 0)
			continue;
		if ((rc = strmap_put(&idx, f.ptr, f.len, nlists, &slot)) < 0)
			break;
		if (rc == 1) {
			if (nlists == lcap) {
				size_t cap = lcap ? lcap * 2 : 256;
				idvec *nv = bt_realloc(lists, cap * sizeof *nv);
				if (!nv) {
					rc = bt_fail_nomem();
					break;
				}
				lists = nv, lcap = cap;
			}
			lists[nlists++] = (idvec){0};
		}
		rc = idvec_push(&lists[*slot], i);
	}
	for (size_t li = 0; li < nlists && !rc; li++)
		for (size_t a = 0; a < lists[li].n && !rc; a++)
			for (size_t b = a + 1; b < lists[li].n && !rc; b++) {
				variant *x = &c->v[lists[li].v[a]], *y = &c->v[lists[li].v[b]];
				if (x->cluster == y->cluster || strcmp(x->key[x->side], y->key[y->side]) == 0 ||
				    (vowels && strcmp(x->tag, "be") != 0 && strcmp(y->tag, "be") != 0))
					continue;
				rc = suggest_review(x, y);
			}
	strmap_free(&idx);
	for (size_t i = 0; i < nlists; i++)
		bt_free(lists[i].v);
	bt_free(lists);
	bt_buf_dispose(&f);
	return rc;
}

/* Review suggestions for East Slavic forms of one name: variants of
 * different clusters whose keys differ but fold alike (slavic_fold): the
 * Belarusian, Ukrainian and Russian forms of one person are offered to a
 * person as one concept, not merged (two people may share them). The
 * vowel fold, looser, only pairs a Belarusian form with another. */
static int find_review_slavic(ctx *c)
{
	int rc = find_review_folded(c, 0);
	return rc ? rc : find_review_folded(c, 1);
}

/* Review suggestions for a name and the same with organisation words
 * (org_extends) that no link pairs: Clingendael may be the institute or
 * the place. */
static int find_review_org(ctx *c)
{
	strmap idx = {0};
	int rc = 0;
	for (size_t i = 0; i < c->nv && !rc; i++) {
		const char *k = c->v[i].key[c->v[i].side];
		size_t *slot;
		if (*k && c->v[i].cluster && (rc = strmap_put(&idx, k, strlen(k), i, &slot)) > 0)
			rc = 0;
	}
	for (size_t i = 0; i < c->nv && !rc; i++) {
		variant *y = &c->v[i];
		const char *k = y->key[y->side];
		size_t nw = n_words(k), tail, *slot;
		if (nw < 2 || !y->cluster || n_words(y->form) != nw || (tail = org_tail(c, y)) == 0)
			continue;
		for (size_t keep = nw - tail > 0 ? nw - tail : 1; keep < nw && !rc; keep++) {
			size_t wl, len = (size_t)(word_at(k, keep, &wl) - k) - 1;
			variant *x;
			if (!(slot = strmap_get(&idx, k, len)) || (x = &c->v[*slot])->cluster == y->cluster)
				continue;
			rc = suggest_review(x, y);
		}
	}
	strmap_free(&idx);
	return rc;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

#define MAX_DOCS 20

/* Does a word of the form make it an organisation's name (Clingendael
 * Instituut), also at the end of a closed compound (Veiligheidsraad)? */
static int org_form(ctx *c, const variant *v)
{
	const side_ctx *s = &c->side[v->side];
	const char *p = v->form;
	while (*p) {
		size_t n = strcspn(p, " -");
		if (n && fold(c, p, n) == 0) {
			if (bt_nt_word_class(s->w, c->fold.ptr, c->fold.len) & BT_NT_ORG)
				return 1;
			for (size_t k = 1; bt_nt_words_compounds(s->w) && k + 4 <= c->fold.len; k++)
				if ((c->fold.ptr[k] & 0xC0) != 0x80 &&
				    (bt_nt_word_class(s->w, c->fold.ptr + k, c->fold.len - k) & BT_NT_ORG))
					return 1;
		}
		p += n;
		p += *p != 0;
	}
	return 0;
}

/* The type of a cluster (TABLE.md, "Types"), from its forms and the cues
 * around its occurrences. */
static const char *cluster_type(ctx *c, const variant *root)
{
	size_t person = 0, place = 0, exo = 0, multi = 0;
	for (size_t j = 0; j < root->members.n; j++) {
		const variant *v = &c->v[root->members.v[j]];
		const char *k = v->key[v->side];
		if (org_form(c, v))
			return "organisation";
		exo += strmap_get(&c->side[v->side].exo, k, strlen(k)) != NULL;
		person += v->cue_person;
		place += v->cue_place;
		multi += n_words(k) >= 2;
	}
	if (exo || (place && place >= person))
		return "place";
	if (person || multi)
		return "person";
	return "other";
}

/* The concept's docs (every pair of its variants), example and type. */
static int make_concept(ctx *c, const variant *root, concept_store *cs)
{
	idvec docs = {0};
	bt_buf b = BT_BUF_INIT;
	int rc = 0;
	cs->type = cluster_type(c, root);
	for (size_t j = 0; j < root->members.n && !rc; j++) {
		const variant *v = &c->v[root->members.v[j]];
		cs->count += v->count;
		for (size_t k = 0; k < v->docs.n && !rc; k++)
			if (!idvec_has(&docs, v->docs.v[k]))
				rc = idvec_push(&docs, v->docs.v[k]);
		if (!cs->ex[0] && v->ex[0] && !rc) {
			if (!(cs->ex[0] = bt_strdup(v->ex[0])) || !(cs->ex[1] = bt_strdup(v->ex[1])))
				rc = bt_fail_nomem();
		}
	}
	if (!rc && docs.n > 1)
		qsort(docs.v, docs.n, sizeof *docs.v, cmp_size);
	/* dates compare as text (YYYY[-MM[-DD]]) */
	for (size_t k = 0; k < docs.n && !rc; k++) {
		const char *d = c->pairs[docs.v[k]].date;
		if (!*d)
			continue;
		if (!*cs->first || strcmp(d, cs->first) < 0)
			snprintf(cs->first, sizeof cs->first, "%s", d);
		if (strcmp(d, cs->last) > 0)
			snprintf(cs->last, sizeof cs->last, "%s", d);
	}
	for (size_t k = 0; k < docs.n && k < MAX_DOCS && !rc; k++)
		rc = bt_buf_printf(&b, "%s%s", k ? "," : "", c->pairs[docs.v[k]].id);
	if (!rc && docs.n > MAX_DOCS)
		rc = bt_buf_printf(&b, ",+%zu", docs.n - MAX_DOCS);
	if (!rc && !(cs->docs = dup_n(b.ptr ? b.ptr : "", b.len)))
		rc = bt_fail_nomem();
	bt_free(docs.v);
	bt_buf_dispose(&b);
	return rc;
}

/* The concepts (union-find roots) with at least min_count occurrences,
 * their members sorted (the preferred form of each language first), in
 * table order, each member given its concept's number; *nrows: their
 * members in all. */
static int collect_clusters(ctx *c, size_t min_count, cl **out, size_t *n_out, size_t *nrows)
{
	cl *cls;
	size_t ncl = 0;
	for (size_t i = 0; i < c->nv; i++)
		if (find(c, i) == i)
			ncl++;
	if (!(cls = bt_calloc(ncl ? ncl : 1, sizeof *cls)))
		return bt_fail_nomem();
	ncl = 0;
	for (size_t i = 0; i < c->nv; i++) {
		variant *r = &c->v[i];
		variant **ptrs;
		if (find(c, i) != i)
			continue;
		if (!(ptrs = bt_malloc(r->members.n * sizeof *ptrs))) {
			bt_free(cls);
			return bt_fail_nomem();
		}
		for (size_t j = 0; j < r->members.n; j++)
			ptrs[j] = &c->v[r->members.v[j]];
		qsort(ptrs, r->members.n, sizeof *ptrs, cmp_member);
		for (size_t j = 0; j < r->members.n; j++)
			r->members.v[j] = (size_t)(ptrs[j] - c->v);
		bt_free(ptrs);
		cls[ncl].root = i;
		cls[ncl].total = 0;
		for (size_t j = 0; j < r->members.n; j++)
			cls[ncl].total += c->v[r->members.v[j]].count;
		cls[ncl].first = c->v[r->members.v[0]].form;
		if (cls[ncl].total >= min_count)
			ncl++;
	}
	qsort(cls, ncl, sizeof *cls, cmp_cl);
	*nrows = 0;
	for (size_t i = 0; i < ncl; i++) {
		variant *r = &c->v[cls[i].root];
		for (size_t j = 0; j < r->members.n; j++)
			c->v[r->members.v[j]].cluster = i + 1;
		*nrows += r->members.n;
	}
	*out = cls, *n_out = ncl;
	return 0;
}

/* b's bytes copied into *to (never NULL on success). */
static int keep_buf(char **to, int rc, const bt_buf *b)
{
	if (rc)
		return rc;
	return (*to = dup_n(b->ptr ? b->ptr : "", b->len)) ? 0 : bt_fail_nomem();
}

/* Row t->n: variant v of concept i. The row is counted even when a copy
 * fails, so that freeing the table frees what was made. */
static int make_row(ctx *c, bt_names_table *t, size_t i, variant *v, const char **last_tag, bt_buf *b)
{
	row_store *rs = &t->rows[t->n++];
	int rc = 0;
	rs->r.cluster = i + 1;
	memcpy(rs->lang, v->tag, sizeof rs->lang);
	rs->r.lang = rs->lang;
	/* members are sorted by language, the preferred form first */
	rs->r.preferred = strcmp(*last_tag, v->tag) != 0;
	*last_tag = v->tag;
	rs->r.count = v->count;
	rs->r.variant = bt_strdup(v->form);
	rs->r.key = bt_strdup(v->key[v->side]);
	if (!rs->r.variant || !rs->r.key)
		return bt_fail_nomem();
	bt_buf_clear(b);
	for (size_t k = 0; k < v->forms.n && !rc; k++)
		rc = bt_buf_printf(b, "%s%s", k ? ", " : "", (const char *)(uintptr_t)v->forms.v[k]);
	if ((rc = keep_buf(&rs->inflected, rc, b)) != 0)
		return rc;
	bt_buf_clear(b);
	for (size_t k = 0; k < v->docs.n && k < MAX_DOCS && !rc; k++)
		rc = bt_buf_printf(b, "%s%s", k ? "," : "", c->pairs[v->docs.v[k]].id);
	if (!rc && v->docs.n > MAX_DOCS)
		rc = bt_buf_printf(b, ",+%zu", v->docs.n - MAX_DOCS);
	if ((rc = keep_buf(&rs->docs, rc, b)) != 0)
		return rc;
	bt_buf_clear(b);
	if (v->review.n > 1)
		qsort(v->review.v, v->review.n, sizeof(size_t), cmp_size);
	for (size_t k = 0; k < v->review.n && !rc; k++)
		rc = bt_buf_printf(b, "%s%zu", k ? "," : "", v->review.v[k]);
	if ((rc = keep_buf(&rs->review, rc, b)) != 0)
		return rc;
	rs->r.inflected = rs->inflected;
	rs->r.docs = rs->docs;
	rs->r.review = rs->review;
	rs->r.type = t->cs[i].type;
	rs->r.example[0] = t->cs[i].ex[0] ? t->cs[i].ex[0] : "";
	rs->r.example[1] = t->cs[i].ex[1] ? t->cs[i].ex[1] : "";
	return 0;
}

static int make_rows(ctx *c, bt_names_table *t, size_t min_count)
{
	cl *cls = NULL;
	size_t ncl = 0, nrows = 0;
	bt_buf b = BT_BUF_INIT;
	int rc;
	if ((rc = collect_clusters(c, min_count, &cls, &ncl, &nrows)) != 0)
		return rc;
	t->clusters = ncl;
	c->res->clusters = ncl;
	if ((rc = find_review(c)) != 0 || (rc = find_review_slavic(c)) != 0 || (rc = find_review_org(c)) != 0)
		goto done;
	t->rows = bt_calloc(nrows ? nrows : 1, sizeof *t->rows);
	t->cs = bt_calloc(ncl ? ncl : 1, sizeof *t->cs);
	for (size_t i = 0; i < ncl && t->cs && !rc; i++)
		rc = make_concept(c, &c->v[cls[i].root], &t->cs[i]);
	if (rc)
		goto done;
	if (!t->rows || !t->cs) {
		bt_free(t->rows);
		t->rows = NULL;
		rc = bt_fail_nomem();
		goto done;
	}
	for (size_t i = 0; i < ncl && !rc; i++) {
		variant *r = &c->v[cls[i].root];
		int has_review = 0;
		const char *last_tag = "";
		for (size_t j = 0; j < r->members.n && !rc; j++) {
			variant *v = &c->v[r->members.v[j]];
			rc = make_row(c, t, i, v, &last_tag, &b);
			has_review |= v->review.n > 0;
		}
		c->res->review += has_review;
	}
done:
	bt_free(cls);
	bt_buf_dispose(&b);
	return rc;
}

/* ---- setup and teardown ---------------------------------------------- */

static void ctx_dispose(ctx *c)
{
	for (int a = 0; a < 2; a++) {
		side_ctx *s = &c->side[a];
		bt_nt_words_free(s->w);
		strmap_free(&s->lex);
		bt_free(s->le);
		strmap_free(&s->standalone);
		strmap_free(&s->exo);
		for (size_t i = 0; i < s->nplaces; i++)
			bt_free(s->places[i]);
		bt_free(s->places);
		bt_dict_free(s->dict);
	}
	strmap_free(&c->gloss);
	strmap_free(&c->vmap);
	strmap_free(&c->cooc);
	for (size_t i = 0; i < c->nv; i++) {
		variant *v = &c->v[i];
		bt_free(v->form);
		bt_free(v->key[0]);
		bt_free(v->key[1]);
		free_strs(&v->forms);
		bt_free(v->docs.v);
		bt_free(v->members.v);
		bt_free(v->review.v);
		bt_free(v->ex[0]);
		bt_free(v->ex[1]);
	}
	bt_free(c->v);
	for (size_t i = 0; i < c->npairs; i++) {
		bt_free(c->pairs[i].id);
		bt_free(c->pairs[i].vars.v);
	}
	bt_free(c->pairs);
	bt_buf_dispose(&c->fold);
	bt_buf_dispose(&c->key);
	bt_buf_dispose(&c->key2);
	bt_buf_dispose(&c->tmp);
	bt_buf_dispose(&c->tmp2);
	bt_free(c->words);
	bt_namer_free(c->nm);
}

static int pair_cb(void *ud, const char *id, const char *date)
{
	ctx *c = ud;
	if (c->npairs == c->pcap) {
		size_t cap = c->pcap ? c->pcap * 2 : 64;
		pair_info *p = bt_realloc(c->pairs, cap * sizeof *p);
		if (!p)
			return bt_fail_nomem();
		c->pairs = p, c->pcap = cap;
	}
	memset(&c->pairs[c->npairs], 0, sizeof *c->pairs);
	if (!(c->pairs[c->npairs].id = bt_strdup(id ? id : "")))
		return bt_fail_nomem();
	snprintf(c->pairs[c->npairs].date, sizeof c->pairs[c->npairs].date, "%s", date ? date : "");
	c->npairs++;
	return 0;
}

static int load_pairs(ctx *c)
{
	return c->src->pairs(c->src->ud, pair_cb, c);
}

/* The dictionary's common words of one language, folded. */
static int load_dict(side_ctx *s, const char *src, const char *tgt)
{
	int rc = bt_dict_new(&s->dict);
	if (!rc)
		rc = bt_dict_load_default(s->dict, src, tgt);
	if (rc == BT_ENOTFOUND) {
		bt_dict_free(s->dict);
		s->dict = NULL;
		rc = 0;
	}
	return rc;
}

int bt_nt_build(bt_names_table **out, const bt_nt_source *src, const bt_names_opts *opts, bt_names_result *res)
{
	static const bt_names_opts defaults = BT_NAMES_OPTS_INIT;
	bt_names_result dummy;
	ctx c;
	bt_names_table *t = NULL;
	seg_units one = {0}, *pool = NULL;
	size_t pool_n = 0;
	segs S = {0}, T = {0};
	int rc = 0, found = 0;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	c.src = src;
	c.res = res;
	c.only_pair = opts->pair_id;
	c.side[0].lang = src->src_lang, c.side[0].idx = 0;
	c.side[1].lang = src->tgt_lang, c.side[1].idx = 1;
	for (int a = 0; a < 2; a++)
		if (!bt_name_lang_known(c.side[a].lang))
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "no name rules for language '%s' (known: nl en de fr pl)",
				       c.side[a].lang);
	if ((rc = bt_namer_open(&c.nm)) != 0)
		goto done;
	for (int a = 0; a < 2 && !rc; a++)
		rc = bt_nt_words_load(&c.side[a].w, c.side[a].lang);
	if (!rc)
		rc = load_dict(&c.side[0], src->src_lang, src->tgt_lang);
	if (!rc)
		rc = load_dict(&c.side[1], src->tgt_lang, src->src_lang);
	if (!rc)
		rc = load_exonyms(&c);
	if (!rc)
		rc = src->glossary(src->ud, gloss_cb, &c);
	if (!rc)
		rc = load_pairs(&c);
	if (rc)
		goto done;
	for (size_t p = 0; p < c.npairs; p++)
		found |= opts->pair_id && strcmp(c.pairs[p].id, opts->pair_id) == 0;
	if (opts->pair_id && !found) {
		rc = bt_fail(BT_ENOTFOUND, src->name, -1, -1, "no pair '%s' in the corpus", opts->pair_id);
		goto done;
	}
	/* pass 1, places, pass 2 */
	for (int a = 0; a < 2 && !rc; a++)
		rc = each_segment(&c, a, count_cb, NULL);
	if (!rc)
		rc = load_places(&c);
	for (int a = 0; a < 2 && !rc; a++)
		rc = each_segment(&c, a, standalone_cb, &one);
	/* pass 3 */
	for (size_t p = 0; p < c.npairs && !rc; p++) {
		if (opts->pair_id && strcmp(c.pairs[p].id, opts->pair_id) != 0)
			continue;
		res->pairs++;
		rc = pair_names(&c, p, &S, &T, &pool, &pool_n);
	}
	if (!rc)
		rc = cluster(&c);
	if (rc)
		goto done;
	res->variants = c.nv;
	if (!(t = bt_calloc(1, sizeof *t))) {
		bt_free(t);
		t = NULL;
		rc = bt_fail_nomem();
		goto done;
	}
	snprintf(t->langs[0], sizeof t->langs[0], "%s", src->src_lang);
	snprintf(t->langs[1], sizeof t->langs[1], "%s", src->tgt_lang);
	snprintf(t->title, sizeof t->title, "bitext names %s-%s", src->src_lang, src->tgt_lang);
	rc = make_rows(&c, t, opts->min_count);
	if (rc) {
		bt_names_table_free(t);
		t = NULL;
	}
done:
	segs_clear(&S);
	segs_clear(&T);
	bt_free(S.v);
	bt_free(T.v);
	seg_units_dispose(&one);
	for (size_t i = 0; i < pool_n; i++)
		seg_units_dispose(&pool[i]);
	bt_free(pool);
	ctx_dispose(&c);
	if (rc) {
		memset(res, 0, sizeof *res);
		return rc;
	}
	*out = t;
	return 0;
}

void bt_names_table_free(bt_names_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		bt_free((char *)t->rows[i].r.variant);
		bt_free((char *)t->rows[i].r.key);
		bt_free(t->rows[i].inflected);
		bt_free(t->rows[i].docs);
		bt_free(t->rows[i].review);
	}
	for (size_t i = 0; t->cs && i < t->clusters; i++) {
		bt_free(t->cs[i].ex[0]);
		bt_free(t->cs[i].ex[1]);
		bt_free(t->cs[i].docs);
	}
	bt_free(t->cs);
	bt_free(t->rows);
	bt_free(t);
}

int bt_names_each(const bt_names_table *t, bt_names_fn fn, void *ud)
{
	int rc;
	for (size_t i = 0; i < t->n; i++)
		if ((rc = fn(ud, &t->rows[i].r)) != 0)
			return rc;
	return 0;
}

/* ---- output ---------------------------------------------------------- */

/* TSV escape (README "Name tables"): a tab, line break or backslash in a
 * field is written as \t, \n, \r or \\, so no text is lost or changed;
 * the xlsx export reads the same escapes back (xlsx.h). */
static int put_tsv_text(bt_buf *b, const char *s)
{
	int rc = 0;
	for (; *s && !rc; s++) {
		const char *e = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : *s == '\\' ? "\\\\" : NULL;
		rc = e ? bt_buf_put(b, e, 2) : bt_buf_put(b, s, 1);
	}
	return rc;
}

/* One field: escaped TSV (sep '\t') or CSV quoted with the separator
 * (a quoted CSV field holds tabs and line breaks as they are). */
static int put_field(bt_buf *b, const char *s, char sep, int first)
{
	int rc = first ? 0 : bt_buf_put(b, &sep, 1);
	if (rc)
		return rc;
	if (sep == '\t')
		return put_tsv_text(b, s);
	return bt_csv_field_sep(b, s, strlen(s), sep);
}

static int flush_big(bt_buf *b, bt_outfile *o)
{
	int rc = 0;
	if (o && b->len > 65536) { /* no outfile: the xlsx export keeps it all */
		rc = bt_outfile_write(o, b->ptr, b->len);
		bt_buf_clear(b);
	}
	return rc;
}

static int write_variants(const bt_names_table *t, bt_outfile *o, bt_buf *b, char sep)
{
	static const char *const head[] = {"cluster", "lang", "variant", "preferred", "count",
					   "inflected", "docs", "key", "review"};
	int rc = 0;
	for (size_t i = 0; i < 9 && !rc; i++)
		rc = put_field(b, head[i], sep, i == 0);
	if (!rc)
		rc = bt_buf_put(b, "\n", 1);
	for (size_t i = 0; i < t->n && !rc; i++) {
		const bt_names_row *r = &t->rows[i].r;
		const char *f[9];
		char num[2][32];
		snprintf(num[0], sizeof num[0], "%zu", r->cluster);
		snprintf(num[1], sizeof num[1], "%zu", r->count);
		f[0] = num[0], f[1] = r->lang, f[2] = r->variant, f[3] = r->preferred ? "1" : "0", f[4] = num[1];
		f[5] = r->inflected, f[6] = r->docs, f[7] = r->key, f[8] = r->review;
		for (size_t k = 0; k < 9 && !rc; k++)
			rc = put_field(b, f[k], sep, k == 0);
		if (!rc)
			rc = bt_buf_put(b, "\n", 1);
		if (!rc)
			rc = flush_big(b, o);
	}
	return rc;
}

/* The forms of rows [i, j) of one cluster in language `lang` (other: of
 * no language in `langs`): what = 0 the preferred, 1 the others, 2 their
 * inflected forms, 3 "form (tag)". Into b, "; " between. */
static int concept_forms(const bt_names_table *t, size_t i, size_t j, const char *lang, int what, bt_buf *b)
{
	int rc = 0;
	bt_buf_clear(b);
	for (; i < j && !rc; i++) {
		const bt_names_row *r = &t->rows[i].r;
		const char *sep = b->len ? "; " : "";
		if (what == 3) {
			if (strcmp(r->lang, t->langs[0]) != 0 && strcmp(r->lang, t->langs[1]) != 0)
				rc = bt_buf_printf(b, "%s%s (%s)", sep, r->variant, r->lang);
			continue;
		}
		if (strcmp(r->lang, lang) != 0)
			continue;
		if ((what == 0 && r->preferred) || (what == 1 && !r->preferred))
			rc = bt_buf_printf(b, "%s%s", sep, r->variant);
		else if (what == 2 && *r->inflected)
			rc = bt_buf_printf(b, "%s%s: %s", sep, r->variant, r->inflected);
	}
	return rc ? rc : bt_buf_put(b, "", 0);
}

/* The review suggestions of rows [i, j), each cluster once. */
static int concept_review(const bt_names_table *t, size_t i, size_t j, bt_buf *b)
{
	int rc = 0;
	bt_buf_clear(b);
	for (; i < j && !rc; i++) {
		const char *p = t->rows[i].r.review;
		while (*p && !rc) {
			size_t n = strcspn(p, ",");
			int have = 0;
			for (const char *q = b->ptr; q && *q && !have; q += strcspn(q, ","), q += *q == ',')
				have = strcspn(q, ",") == n && memcmp(q, p, n) == 0;
			if (!have)
				rc = bt_buf_printf(b, "%s%.*s", b->len ? "," : "", (int)n, p);
			p += n;
			p += *p == ',';
		}
	}
	return rc ? rc : bt_buf_put(b, "", 0);
}

static int concept_header(const bt_names_table *t, bt_buf *b, char sep)
{
	char h[16][48];
	int rc = 0;
	snprintf(h[0], sizeof h[0], "concept");
	snprintf(h[1], sizeof h[1], "type");
	snprintf(h[2], sizeof h[2], "count");
	for (int a = 0; a < 2; a++) {
		snprintf(h[3 + 3 * a], sizeof h[0], "%s", t->langs[a]);
		snprintf(h[4 + 3 * a], sizeof h[0], "%s_variants", t->langs[a]);
		snprintf(h[5 + 3 * a], sizeof h[0], "%s_inflected", t->langs[a]);
		snprintf(h[14 + a], sizeof h[0], "example_%s", t->langs[a]);
	}
	snprintf(h[9], sizeof h[0], "other");
	snprintf(h[10], sizeof h[0], "review");
	snprintf(h[11], sizeof h[0], "docs");
	snprintf(h[12], sizeof h[0], "first");
	snprintf(h[13], sizeof h[0], "last");
	for (int k = 0; k < 16 && !rc; k++)
		rc = put_field(b, h[k], sep, k == 0);
	return rc ? rc : bt_buf_put(b, "\n", 1);
}

static int write_concepts(const bt_names_table *t, bt_outfile *o, bt_buf *b, char sep)
{
	bt_buf f = BT_BUF_INIT;
	int rc = concept_header(t, b, sep);
	for (size_t i = 0, j; i < t->n && !rc; i = j) {
		const concept_store *cs = &t->cs[t->rows[i].r.cluster - 1];
		char num[2][32];
		for (j = i; j < t->n && t->rows[j].r.cluster == t->rows[i].r.cluster; j++)
			;
		snprintf(num[0], sizeof num[0], "%zu", t->rows[i].r.cluster);
		snprintf(num[1], sizeof num[1], "%zu", cs->count);
		rc = put_field(b, num[0], sep, 1);
		if (!rc)
			rc = put_field(b, cs->type, sep, 0);
		if (!rc)
			rc = put_field(b, num[1], sep, 0);
		for (int a = 0; a < 2 && !rc; a++)
			for (int what = 0; what < 3 && !rc; what++)
				if ((rc = concept_forms(t, i, j, t->langs[a], what, &f)) == 0)
					rc = put_field(b, f.ptr, sep, 0);
		if (!rc && (rc = concept_forms(t, i, j, NULL, 3, &f)) == 0)
			rc = put_field(b, f.ptr, sep, 0);
		if (!rc && (rc = concept_review(t, i, j, &f)) == 0)
			rc = put_field(b, f.ptr, sep, 0);
		if (!rc)
			rc = put_field(b, cs->docs, sep, 0);
		if (!rc && (rc = put_field(b, cs->first, sep, 0)) == 0)
			rc = put_field(b, cs->last, sep, 0);
		for (int a = 0; a < 2 && !rc; a++)
			rc = put_field(b, cs->ex[a] ? cs->ex[a] : "", sep, 0);
		if (!rc)
			rc = bt_buf_put(b, "\n", 1);
		if (!rc)
			rc = flush_big(b, o);
	}
	bt_buf_dispose(&f);
	return rc;
}

static int write_delimited(const bt_names_table *t, bt_outfile *o, const bt_names_write_opts *w)
{
	char sep = strcmp(w->format, "tsv") == 0 ? '\t' : w->csv_sep;
	bt_buf b = BT_BUF_INIT;
	int rc = 0;
	if (sep != '\t' && w->bom)
		rc = bt_buf_puts(&b, "\xEF\xBB\xBF");
	if (!rc)
		rc = w->concept ? write_concepts(t, o, &b, sep) : write_variants(t, o, &b, sep);
	if (!rc && b.len)
		rc = bt_outfile_write(o, b.ptr, b.len);
	bt_buf_dispose(&b);
	return rc;
}

int bt_names_rows_tsv(bt_buf *out, const bt_names_table *t, int concept)
{
	bt_buf_clear(out);
	return concept ? write_concepts(t, NULL, out, '\t') : write_variants(t, NULL, out, '\t');
}

static int write_tbx(const bt_names_table *t, bt_outfile *o)
{
	bt_tbx_writer *w = NULL;
	bt_buf note = BT_BUF_INIT, cnote = BT_BUF_INIT;
	int rc = bt_tbx_writer_open(&w, o, t->title, t->langs[0]);
	for (size_t i = 0; i < t->n && !rc;) {
		size_t j = i, cl = t->rows[i].r.cluster;
		int review = 0;
		char id[40];
		const concept_store *cs = &t->cs[cl - 1];
		bt_buf_clear(&cnote);
		rc = bt_buf_printf(&cnote, "type: %s", cs->type);
		if (!rc && *cs->first)
			rc = strcmp(cs->first, cs->last) ? bt_buf_printf(&cnote, "; dates: %s to %s", cs->first, cs->last)
							 : bt_buf_printf(&cnote, "; date: %s", cs->first);
		/* the cluster's review suggestions, once each */
		for (j = i; j < t->n && t->rows[j].r.cluster == cl && !rc; j++) {
			const char *r = t->rows[j].r.review;
			if (*r)
				rc = bt_buf_printf(&cnote, "%s%s (%s): compare name-%s", review++ ? "; " : "; review: ",
						   t->rows[j].r.variant, t->rows[j].r.lang, r);
		}
		for (char *p = strstr(cnote.ptr, "; review: "); p && *p; p++)
			if (*p == ',' && p[1] != ' ')
				*p = '/'; /* name-7,9 -> name-7/9 */
		snprintf(id, sizeof id, "name-%zu", cl);
		if (!rc)
			rc = bt_tbx_concept(w, id, cnote.len ? cnote.ptr : NULL);
		for (; i < j && !rc; i++) {
			const bt_names_row *r = &t->rows[i].r;
			bt_tbx_term term;
			bt_buf_clear(&note);
			rc = bt_buf_printf(&note, "count %zu", r->count);
			if (!rc && *r->inflected)
				rc = bt_buf_printf(&note, "; inflected: %s", r->inflected);
			if (!rc && *r->docs)
				rc = bt_buf_printf(&note, "; documents: %s", r->docs);
			term = (bt_tbx_term){r->lang, r->variant, note.ptr, r->preferred, -1, "properNoun", NULL};
			/* a context sentence that holds the term */
			for (int a = 0; a < 2 && !term.context; a++)
				if (cs->ex[a] && strstr(cs->ex[a], r->variant))
					term.context = cs->ex[a];
			if (!rc)
				rc = bt_tbx_term_write(w, &term);
		}
	}
	if (!rc)
		rc = bt_tbx_writer_finish(w);
	bt_tbx_writer_free(w);
	bt_buf_dispose(&note);
	bt_buf_dispose(&cnote);
	return rc;
}

int bt_names_write_ex(const bt_names_table *t, const char *path, const bt_names_write_opts *w)
{
	BT_OPTS_CHECK(w, BT_NAMES_WRITE_OPTS_VERSION, "bt_names_write_ex");
	const char *format = w ? w->format : NULL;
	bt_outfile *o = NULL;
	int rc;
	if (format && strcmp(format, "xlsx") == 0) /* a zip: the bitext library's job */
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "the xlsx name table is written by bt_names_write_xlsx() of libbitext (bitext.h)");
	if (!format || (strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "tbx") != 0))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown name table format '%s' (tsv, csv, tbx)",
			       format ? format : "");
	if (strcmp(format, "csv") == 0 && w->csv_sep != ',' && w->csv_sep != ';')
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "CSV separator must be ',' or ';'");
	if ((rc = bt_outfile_open(&o, path)) != 0)
		return rc;
	if (strcmp(format, "tbx") == 0)
		rc = write_tbx(t, o);
	else
		rc = write_delimited(t, o, w);
	if (!rc)
		rc = bt_outfile_commit(o);
	bt_outfile_free(o);
	return rc;
}

int bt_names_write(const bt_names_table *t, const char *path, const char *format)
{
	bt_names_write_opts w = BT_NAMES_WRITE_OPTS_INIT;
	w.format = format;
	return bt_names_write_ex(t, path, &w);
}
