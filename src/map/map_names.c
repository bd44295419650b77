/* map_names.c: the names of one document pair, for `bitext map --task
 * names` (map.h).
 *
 * The corpus's names table (glossary/data/names/TABLE.md) decides which
 * capitalized words are names from counts over the whole corpus. A mapper
 * sees one pair, so here the pair is the corpus: the counts come from the
 * side's own text, and the evidence of the other side stands in for the
 * aligned translation. What is left out (no corpus-wide counts, no
 * dictionary, exonyms, place-based demonyms or compounds) is listed in the
 * README ("Alignment on a cluster"). Words and word lists are those of
 * glossary/name_words.h, so both readers agree on what a word is. */
#include "map.h"
#include "name_words.h"

#include "dict.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

enum { W_NONE, W_NOT, W_NAME, W_UNKNOWN, W_PARTICLE };

/* A word of a side: the whole word and its name span (the run of
 * capitalized hyphen parts: pro-Poetin gives Poetin), empty when none. */
typedef struct wrec {
	size_t seg, ws, we, ns, ne;
	unsigned flags; /* BT_NT_INITIAL, BT_NT_SPACE_NEXT */
	int state;
	int upper;                /* the word itself starts with a capital */
	size_t fold_off, fold_len; /* folded span (or word) in the side's arena */
} wrec;

/* Counts of one folded form on a side. */
typedef struct lexe {
	const char *f;
	size_t len;
	size_t lower, cap_init, cap_non;
} lexe;

typedef struct side_names {
	wrec *w;
	size_t nw, wcap;
	lexe *lex;
	size_t nlex, lexcap;
	bt_buf arena;      /* folded forms */
	const char **keys; /* single-word keys of the names, sorted */
	size_t nkeys, keycap;
	bt_buf keyarena;
	bt_map_name *names;
	size_t nnames, namecap;
} side_names;

typedef struct words_cache {
	char lang[8];
	bt_nt_words *w;
} words_cache;

struct bt_map_names {
	bt_namer *nm;
	words_cache wl[8];
	size_t nwl;
	side_names s[2];
	bt_buf keys; /* the keys of the results */
	bt_buf fold, key;
	bt_nt_word *tmp;
	size_t tmpcap;
};

int bt_map_names_open(bt_map_names **out)
{
	bt_map_names *f = bt_calloc(1, sizeof *f);
	int rc;
	*out = NULL;
	if (!f)
		return BT_ENOMEM;
	if ((rc = bt_namer_open(&f->nm)) != 0) {
		bt_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void bt_map_names_free(bt_map_names *f)
{
	if (!f)
		return;
	bt_namer_free(f->nm);
	for (size_t i = 0; i < f->nwl; i++)
		bt_nt_words_free(f->wl[i].w);
	for (int k = 0; k < 2; k++) {
		side_names *s = &f->s[k];
		bt_free(s->w);
		bt_free(s->lex);
		bt_buf_dispose(&s->arena);
		bt_free(s->keys);
		bt_buf_dispose(&s->keyarena);
		bt_free(s->names);
	}
	bt_buf_dispose(&f->keys);
	bt_buf_dispose(&f->fold);
	bt_buf_dispose(&f->key);
	bt_free(f->tmp);
	bt_free(f);
}

const bt_map_name *bt_map_names_side(const bt_map_names *f, int side, size_t *n)
{
	*n = f->s[side].nnames;
	return f->s[side].names;
}

const char *bt_map_names_keys(const bt_map_names *f)
{
	return f->keys.ptr ? f->keys.ptr : "";
}

/* Grows an array of `size`-byte items to hold n + 1. */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t ncap;
	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	if (!(nv = bt_realloc(*v, ncap * size)))
		return BT_ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int words_for(bt_map_names *f, const char *lang, bt_nt_words **out)
{
	int rc;
	for (size_t i = 0; i < f->nwl; i++)
		if (strcmp(f->wl[i].lang, lang) == 0)
			return *out = f->wl[i].w, 0;
	if (f->nwl == sizeof f->wl / sizeof f->wl[0]) {
		for (size_t i = 0; i < f->nwl; i++)
			bt_nt_words_free(f->wl[i].w);
		f->nwl = 0;
	}
	if ((rc = bt_nt_words_load(out, lang)) != 0)
		return rc;
	snprintf(f->wl[f->nwl].lang, sizeof f->wl[f->nwl].lang, "%s", lang);
	f->wl[f->nwl++].w = *out;
	return 0;
}

/* ---- reading the words ---------------------------------------------- */

static int32_t first_char(const char *t, size_t s, size_t e)
{
	size_t next;
	return bt_nt_char_at(t, e, s, &next);
}

static int is_cap(int32_t c)
{
	return c >= 0 && (u_isupper(c) || u_istitle(c));
}

/* The span of capitalized parts: from the first capitalized part, as
 * long as the parts after it are capitalized too. */
static void name_span(const char *t, const bt_nt_word *w, size_t *ns, size_t *ne)
{
	int i = 0;
	*ns = *ne = 0;
	while (i < w->n_parts && !is_cap(first_char(t, w->part_start[i], w->part_end[i])))
		i++;
	if (i == w->n_parts)
		return;
	*ns = w->part_start[i];
	while (i < w->n_parts && is_cap(first_char(t, w->part_start[i], w->part_end[i])))
		*ne = w->part_end[i++];
}

/* Adds the words of segment `seg` (text[start, end)) to side s. */
static int read_segment(bt_map_names *f, side_names *s, const char *text, size_t seg, size_t start, size_t end)
{
	size_t n;
	bt_nt_words_of(f->tmp, f->tmpcap, &n, text + start, end - start);
	if (n > f->tmpcap) {
		bt_nt_word *nv = bt_realloc(f->tmp, n * sizeof *nv);
		if (!nv)
			return BT_ENOMEM;
		f->tmp = nv;
		f->tmpcap = n;
		bt_nt_words_of(f->tmp, f->tmpcap, &n, text + start, end - start);
	}
	for (size_t i = 0; i < n; i++) {
		const bt_nt_word *w = &f->tmp[i];
		wrec *r;
		size_t ns, ne;
		int rc;
		if (grow((void **)&s->w, &s->wcap, s->nw, sizeof *s->w))
			return BT_ENOMEM;
		r = &s->w[s->nw++];
		memset(r, 0, sizeof *r);
		name_span(text + start, w, &ns, &ne);
		r->seg = seg;
		r->ws = start + w->start;
		r->we = start + w->end;
		r->ns = ne ? start + ns : r->ws;
		r->ne = ne ? start + ne : r->we;
		r->flags = w->flags;
		r->upper = ne != 0;
		r->state = W_NONE;
		bt_buf_clear(&f->fold); /* bt_dict_fold appends */
		if ((rc = bt_dict_fold(&f->fold, text + r->ns, r->ne - r->ns)) != 0)
			return rc;
		r->fold_off = s->arena.len;
		r->fold_len = f->fold.len;
		if (bt_buf_put(&s->arena, f->fold.ptr ? f->fold.ptr : "", f->fold.len) != 0)
			return BT_ENOMEM;
	}
	return 0;
}

/* ---- counting: the pair's side as the corpus -------------------------- */

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

static int lexe_cmp(const void *x, const void *y)
{
	const lexe *a = x, *b = y;
	return cmp_bytes(a->f, a->len, b->f, b->len);
}

static lexe *lex_find(const side_names *s, const char *f, size_t len)
{
	lexe key = {f, len, 0, 0, 0};
	return bsearch(&key, s->lex, s->nlex, sizeof *s->lex, lexe_cmp);
}

/* One entry per folded form with its counts (words starting with a digit
 * or a mark count in no class). */
static int count_words(side_names *s, const char *text)
{
	size_t k = 0;
	s->nlex = 0;
	for (size_t i = 0; i < s->nw; i++) {
		if (grow((void **)&s->lex, &s->lexcap, s->nlex, sizeof *s->lex))
			return BT_ENOMEM;
		s->lex[s->nlex++] = (lexe){s->arena.ptr + s->w[i].fold_off, s->w[i].fold_len, 0, 0, 0};
	}
	if (s->nlex)
		qsort(s->lex, s->nlex, sizeof *s->lex, lexe_cmp);
	for (size_t i = 0; i < s->nlex; i++)
		if (k == 0 || lexe_cmp(&s->lex[k - 1], &s->lex[i]) != 0)
			s->lex[k++] = s->lex[i];
	s->nlex = k;
	for (size_t i = 0; i < s->nw; i++) {
		const wrec *r = &s->w[i];
		lexe *e = lex_find(s, s->arena.ptr + r->fold_off, r->fold_len);
		if (r->upper && (r->flags & BT_NT_INITIAL) && r->ns == r->ws)
			e->cap_init++;
		else if (r->upper)
			e->cap_non++;
		else if (u_islower(first_char(text, r->ws, r->we)))
			e->lower++;
	}
	return 0;
}

/* ---- which words are names -------------------------------------------- */

static size_t n_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Two letters or more, none lower case: BBC, NAVO. */
static int is_acronym(const char *t, size_t s, size_t e)
{
	size_t letters = 0;
	for (size_t i = s; i < e;) {
		size_t next;
		int32_t c = bt_nt_char_at(t, e, i, &next);
		if (c >= 0 && u_islower(c))
			return 0;
		letters += c >= 0 && u_isalpha(c);
		i = next;
	}
	return letters >= 2;
}

static int has_suffix(const char *f, size_t len, const char *suf, size_t *sl)
{
	*sl = strlen(suf);
	return len > *sl && memcmp(f + len - *sl, suf, *sl) == 0;
}

static int any_suffix(const bt_nt_words *wl, const char *f, size_t len)
{
	const char *const *v;
	size_t sl;
	for (int strong = 0; strong < 2; strong++)
		for (size_t i = 0, n = bt_nt_words_suffixes(wl, strong, &v); i < n; i++)
			if (has_suffix(f, len, v[i], &sl))
				return 1;
	return 0;
}

/* Does stem[0, n) begin a place of this side: a form other than `self`
 * seen capitalized away from a sentence start, without a demonym ending
 * itself, followed by a letter or nothing (Oekraïn-ers / Oekraïne)? */
static int begins_place(const side_names *s, const bt_nt_words *wl, const char *stem, size_t n, const char *self,
			size_t self_len)
{
	size_t lo = 0, hi = s->nlex;
	while (lo < hi) { /* the first form >= stem */
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_bytes(s->lex[mid].f, s->lex[mid].len, stem, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->nlex && s->lex[i].len >= n && memcmp(s->lex[i].f, stem, n) == 0; i++) {
		const lexe *e = &s->lex[i];
		unsigned char next = e->len > n ? (unsigned char)e->f[n] : 0;
		if (e->cap_non == 0 || (e->len == self_len && memcmp(e->f, self, self_len) == 0))
			continue;
		if ((next == 0 || next >= 0x80 || (next >= 'a' && next <= 'z')) && !any_suffix(wl, e->f, e->len))
			return 1;
	}
	return 0;
}

/* A nationality adjective or demonym (TABLE.md, rule 3): in the list, a
 * strong ending after 3 letters, or a weak one after 4 letters that begin
 * a place of the side (also with a doubled last letter made single:
 * Russ-en / Rusland). */
static int is_adjective(const side_names *s, const bt_nt_words *wl, const char *f, size_t len)
{
	const char *const *v;
	size_t n, sl;
	if (bt_nt_word_class(wl, f, len) & BT_NT_ADJECTIVE)
		return 1;
	n = bt_nt_words_suffixes(wl, 1, &v);
	for (size_t i = 0; i < n; i++)
		if (has_suffix(f, len, v[i], &sl) && n_chars(f, len - sl) >= 3)
			return 1;
	n = bt_nt_words_suffixes(wl, 0, &v);
	for (size_t i = 0; i < n; i++) {
		size_t stem;
		if (!has_suffix(f, len, v[i], &sl) || n_chars(f, len - sl) < 4)
			continue;
		stem = len - sl;
		if (begins_place(s, wl, f, stem, f, len))
			return 1;
		if (stem >= 2 && f[stem - 1] == f[stem - 2] && begins_place(s, wl, f, stem - 1, f, len))
			return 1;
	}
	return 0;
}

/* The rules of TABLE.md, "Which words are names", with the side's counts. */
static int classify(const side_names *s, const bt_nt_words *wl, const char *text, const wrec *r)
{
	const char *f = s->arena.ptr + r->fold_off, *last;
	const lexe *e = lex_find(s, f, r->fold_len);
	unsigned cls = bt_nt_word_class(wl, f, r->fold_len);
	if (!r->upper)
		return cls & BT_NT_PARTICLE ? W_PARTICLE : W_NONE;
	if (cls & BT_NT_PARTICLE)
		return W_PARTICLE;
	if (is_acronym(text, r->ns, r->ne) || (cls & BT_NT_STOP) || is_adjective(s, wl, f, r->fold_len))
		return W_NOT;
	/* the last hyphen part of a folded span: Wit-Russische */
	for (last = f + r->fold_len; last > f && last[-1] != '-'; last--)
		;
	last = last > f ? last - 1 : NULL;
	if (last && is_adjective(s, wl, last + 1, r->fold_len - (size_t)(last + 1 - f)))
		return W_NOT;
	if (!((r->flags & BT_NT_INITIAL) && r->ns == r->ws))
		return e->lower >= e->cap_non ? W_NOT : W_NAME;
	if (e->cap_non > 0)
		return W_NAME;
	return e->lower > 0 ? W_NOT : W_UNKNOWN;
}

/* ---- keys ------------------------------------------------------------ */

/* The key of text[s, e) in f->key: 0, 1 when it has none (a word the key
 * rules refuse: another script, no letters), negative on failure. */
static int key_of(bt_map_names *f, const char *lang, const char *text, size_t s, size_t e)
{
	int rc = bt_namer_key(&f->key, f->nm, text + s, e - s, lang, 0);
	if (rc == BT_EINPUT || rc == BT_ELIMIT)
		return 1;
	return rc;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The single-word keys of side s's names and unknown words, sorted, for
 * the other side's unknown words (TABLE.md: the translation "holds a name
 * or unknown word with the same key"). */
static int collect_keys(bt_map_names *f, side_names *s, const char *lang, const char *text)
{
	size_t nk = 0;
	int rc;
	bt_buf_clear(&s->keyarena);
	for (size_t i = 0; i < s->nw; i++) {
		if (s->w[i].state != W_NAME && s->w[i].state != W_UNKNOWN)
			continue;
		if ((rc = key_of(f, lang, text, s->w[i].ns, s->w[i].ne)) < 0)
			return rc;
		if (rc == 0 && (bt_buf_put(&s->keyarena, f->key.ptr, f->key.len) || bt_buf_put(&s->keyarena, "", 1)))
			return BT_ENOMEM;
		nk += rc == 0;
	}
	if (nk > s->keycap) {
		const char **nv = bt_realloc(s->keys, nk * sizeof *nv);
		if (!nv)
			return BT_ENOMEM;
		s->keys = nv;
		s->keycap = nk;
	}
	s->nkeys = 0;
	for (size_t off = 0; off < s->keyarena.len; off += strlen(s->keyarena.ptr + off) + 1)
		s->keys[s->nkeys++] = s->keyarena.ptr + off;
	if (s->nkeys)
		qsort(s->keys, s->nkeys, sizeof *s->keys, str_cmp);
	return 0;
}

/* An unknown word (capitalized, at a sentence start, seen nowhere else)
 * is a name when the other side has a name or an unknown word with its
 * key. Both sides' keys are collected before either side is resolved, so
 * the order of the sides does not matter. */
static int resolve_unknown(bt_map_names *f, side_names *s, const side_names *other, const char *lang,
			   const char *text)
{
	for (size_t i = 0; i < s->nw; i++) {
		const char *k;
		int rc;
		if (s->w[i].state != W_UNKNOWN)
			continue;
		s->w[i].state = W_NOT;
		if ((rc = key_of(f, lang, text, s->w[i].ns, s->w[i].ne)) < 0)
			return rc;
		k = f->key.ptr;
		if (rc == 0 && other->nkeys && bsearch(&k, other->keys, other->nkeys, sizeof *other->keys, str_cmp))
			s->w[i].state = W_NAME;
	}
	return 0;
}

/* ---- names of several words ------------------------------------------- */

/* Are words i and i+1 of one segment with only white space between, and
 * does word i end its span where the word ends (Kremlin-woordvoerder ends
 * a name) and word i+1 begin one where it begins? */
static int joined(const side_names *s, size_t i)
{
	const wrec *a = &s->w[i], *b = &s->w[i + 1];
	return i + 1 < s->nw && a->seg == b->seg && (a->flags & BT_NT_SPACE_NEXT) && a->ne == a->we && b->ns == b->ws;
}

/* From word i, a run of particles joined to a name word: the index of
 * that name word, or 0 when there is none. */
static size_t particles_to_name(const side_names *s, size_t i)
{
	while (i + 1 < s->nw && s->w[i].state == W_PARTICLE && joined(s, i))
		i++;
	return s->w[i].state == W_NAME && i > 0 ? i : 0;
}

/* Where a name starting at word i ends (the index of its last word), or
 * (size_t)-1 when no name starts there. Capitalized particles start a
 * name (Van der Togt), at a sentence start only two or more of them (De
 * Krim is the article and Krim); lower-case ones join two name words
 * (Tony van der Togt). */
static size_t name_at(const side_names *s, size_t i)
{
	size_t j = i, e;
	if (s->w[i].state == W_PARTICLE) {
		if (!s->w[i].upper || !(e = particles_to_name(s, i)))
			return (size_t)-1;
		if ((s->w[i].flags & BT_NT_INITIAL) && e - i < 2)
			return (size_t)-1;
		j = e;
	} else if (s->w[i].state != W_NAME) {
		return (size_t)-1;
	}
	for (;;) {
		if (j + 1 < s->nw && joined(s, j) && s->w[j + 1].state == W_NAME) {
			j++;
		} else if (j + 1 < s->nw && joined(s, j) && s->w[j + 1].state == W_PARTICLE && !s->w[j + 1].upper &&
			   (e = particles_to_name(s, j + 1)) != 0) {
			j = e;
		} else {
			return j;
		}
	}
}

/* ---- a pair ---------------------------------------------------------- */

static int side_words(bt_map_names *f, side_names *s, const char *text, const bt_spans *spans, const char *lang)
{
	bt_nt_words *wl;
	int rc;
	s->nw = s->nnames = 0;
	bt_buf_clear(&s->arena);
	if ((rc = words_for(f, lang, &wl)) != 0)
		return rc;
	for (size_t i = 0; i < spans->n; i++)
		if ((rc = read_segment(f, s, text, i, spans->v[i].start, spans->v[i].end)) != 0)
			return rc;
	if ((rc = count_words(s, text)) != 0)
		return rc;
	for (size_t i = 0; i < s->nw; i++)
		s->w[i].state = classify(s, wl, text, &s->w[i]);
	return 0;
}

static int side_names_make(bt_map_names *f, side_names *s, const char *text, const char *lang)
{
	for (size_t i = 0; i < s->nw;) {
		size_t j = name_at(s, i);
		bt_map_name *nm;
		int rc;
		if (j == (size_t)-1) {
			i++;
			continue;
		}
		if ((rc = key_of(f, lang, text, s->w[i].ns, s->w[j].ne)) < 0)
			return rc;
		if (rc == 0) {
			if (grow((void **)&s->names, &s->namecap, s->nnames, sizeof *s->names))
				return BT_ENOMEM;
			nm = &s->names[s->nnames++];
			nm->seg = s->w[i].seg;
			nm->start = s->w[i].ns;
			nm->end = s->w[j].ne;
			nm->key_off = f->keys.len;
			nm->key_len = f->key.len;
			if (bt_buf_put(&f->keys, f->key.ptr, f->key.len) != 0)
				return BT_ENOMEM;
		}
		i = j + 1;
	}
	return 0;
}

int bt_map_names_find(bt_map_names *f, const char *const text[2], const bt_spans *const spans[2],
		      const char *const lang[2])
{
	char primary[2][8];
	int rc;
	bt_buf_clear(&f->keys);
	for (int k = 0; k < 2; k++) {
		size_t n = strcspn(lang[k], "-");
		snprintf(primary[k], sizeof primary[k], "%.*s", (int)(n < 7 ? n : 7), lang[k]);
		for (char *c = primary[k]; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
		if ((rc = side_words(f, &f->s[k], text[k] ? text[k] : "", spans[k], primary[k])) != 0)
			return rc;
	}
	for (int k = 0; k < 2; k++)
		if ((rc = collect_keys(f, &f->s[k], primary[k], text[k] ? text[k] : "")) != 0)
			return rc;
	for (int k = 0; k < 2; k++)
		if ((rc = resolve_unknown(f, &f->s[k], &f->s[1 - k], primary[k], text[k] ? text[k] : "")) != 0)
			return rc;
	for (int k = 0; k < 2; k++)
		if ((rc = side_names_make(f, &f->s[k], text[k] ? text[k] : "", primary[k])) != 0)
			return rc;
	return 0;
}
