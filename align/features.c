/* features.c: sentences -> evidence tokens -> keys, and the chance of a
 * match by translation (p1) and by accident (p0) for every token type. */
#include "align.h"
#include "error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows a dynamic array v of n used / cap allocated to hold one more. */
#define GROW(v, n, cap)                                                                   \
	((n) < (cap) ? 0 : grow_array((void **)&(v), &(cap), sizeof *(v), (n) + 1))

static int grow_array(void **v, size_t *cap, size_t size, size_t need)
{
	size_t c = *cap ? *cap : 16;
	void *p;
	while (c < need)
		c *= 2;
	if (c > SIZE_MAX / size)
		return bt_fail_nomem();
	p = bt_realloc(*v, c * size);
	if (!p)
		return bt_fail_nomem();
	*v = p;
	*cap = c;
	return 0;
}

/* ---- interned keys ---- */

static size_t key_slot(const al_keys *k, const char *s, size_t len)
{
	size_t mask = k->nslots - 1, i = (size_t)bt_al_hash(s, len, 0) & mask;
	while (k->slots[i]) {
		uint32_t id = k->slots[i] - 1;
		if (k->len[id] == len && memcmp(k->arena.ptr + k->off[id], s, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int key_intern(al_keys *k, const char *s, size_t len, uint32_t *id)
{
	size_t i;
	int rc;
	if (k->n + 1 > k->nslots / 2) {
		size_t n = k->nslots ? k->nslots * 2 : 4096;
		uint32_t *old = k->slots;
		size_t oldn = k->nslots;
		if (!(k->slots = bt_calloc(n, sizeof *k->slots))) {
			k->slots = old;
			return bt_fail_nomem();
		}
		k->nslots = n;
		for (size_t j = 0; j < oldn; j++)
			if (old[j])
				k->slots[key_slot(k, k->arena.ptr + k->off[old[j] - 1], k->len[old[j] - 1])] = old[j];
		bt_free(old);
	}
	i = key_slot(k, s, len);
	if (k->slots[i]) {
		*id = k->slots[i] - 1;
		return 0;
	}
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 1024;
		uint32_t *o = bt_realloc(k->off, cap * sizeof *o), *l;
		if (!o)
			return bt_fail_nomem();
		k->off = o;
		if (!(l = bt_realloc(k->len, cap * sizeof *l)))
			return bt_fail_nomem();
		k->len = l;
		k->cap = cap;
	}
	if (k->arena.len > UINT32_MAX - len - 1)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "too many distinct words to align");
	k->off[k->n] = (uint32_t)k->arena.len;
	k->len[k->n] = (uint32_t)len;
	if ((rc = bt_buf_put(&k->arena, s, len)) != 0)
		return rc;
	*id = (uint32_t)k->n++;
	k->slots[i] = *id + 1;
	return 0;
}

static char key_kind(const al_keys *k, uint32_t id)
{
	return k->arena.ptr[k->off[id]];
}

/* ---- token types ---- */

static size_t type_slot(const al_side *s, const char *str, size_t len, int kind)
{
	size_t mask = s->type_nslots - 1, i = (size_t)bt_al_hash(str, len, (uint64_t)kind) & mask;
	while (s->type_slots[i]) {
		const al_type *t = &s->types[s->type_slots[i] - 1];
		if (t->kind == kind && t->str_len == len && memcmp(s->arena.ptr + t->str_off, str, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static int type_intern(al_side *s, const char *str, size_t len, int kind, uint32_t *id)
{
	size_t i;
	int rc;
	if (s->ntypes + 1 > s->type_nslots / 2) {
		size_t n = s->type_nslots ? s->type_nslots * 2 : 1024;
		uint32_t *old = s->type_slots;
		size_t oldn = s->type_nslots;
		if (!(s->type_slots = bt_calloc(n, sizeof *s->type_slots))) {
			s->type_slots = old;
			return bt_fail_nomem();
		}
		s->type_nslots = n;
		for (size_t j = 0; j < oldn; j++)
			if (old[j]) {
				const al_type *t = &s->types[old[j] - 1];
				s->type_slots[type_slot(s, s->arena.ptr + t->str_off, t->str_len, t->kind)] = old[j];
			}
		bt_free(old);
	}
	i = type_slot(s, str, len, kind);
	if (s->type_slots[i]) {
		*id = s->type_slots[i] - 1;
		return 0;
	}
	if ((rc = GROW(s->types, s->ntypes, s->types_cap)) != 0)
		return rc;
	if (s->arena.len > UINT32_MAX - len - 1)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "too many distinct words to align");
	memset(&s->types[s->ntypes], 0, sizeof s->types[0]);
	s->types[s->ntypes].str_off = (uint32_t)s->arena.len;
	s->types[s->ntypes].str_len = (uint32_t)len;
	s->types[s->ntypes].kind = (uint8_t)kind;
	if ((rc = bt_buf_put(&s->arena, str, len)) != 0 || (rc = bt_buf_put(&s->arena, "", 1)) != 0)
		return rc;
	*id = (uint32_t)s->ntypes++;
	s->type_slots[i] = *id + 1;
	return 0;
}

/* Case folding with an ASCII fast path. */
static int fold(bt_buf *out, const char *s, size_t len)
{
	size_t i;
	int rc;
	for (i = 0; i < len && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i < len)
		return bt_dict_fold(out, s, len);
	if ((rc = bt_buf_grow(out, len)) != 0)
		return rc;
	for (i = 0; i < len; i++)
		out->ptr[out->len + i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	out->len += len;
	out->ptr[out->len] = '\0';
	return 0;
}

static size_t count_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80 && c != ' ' && c != '\t' && c != '\n')
			n++;
	}
	return n;
}

/* The words that start a glossary phrase, as a set (built once). */
static int phrase_starts(bt_aligner *a)
{
	size_t n, len;
	int rc;
	if (a->phrase_first)
		return 0;
	if ((rc = bt_dict_new(&a->phrase_first)) != 0)
		return rc;
	n = bt_dict_n(a->dict);
	for (size_t i = 0; i < n; i++) {
		const char *src = bt_dict_source(a->dict, i, &len), *sp = memchr(src, ' ', len);
		if (sp && sp > src && (rc = bt_dict_add(a->phrase_first, src, (size_t)(sp - src), "1", 1)) != 0)
			return rc;
	}
	return 0;
}

/* A cache from the bytes of a raw token to its type, so that each
 * distinct spelling is folded once. */
typedef struct rawent {
	uint32_t off, len, type;
	uint8_t kind, phrase;
} rawent;

typedef struct rawcache {
	uint32_t *slots;
	size_t nslots;
	rawent *v;
	size_t n, cap;
	bt_buf arena;
} rawcache;

static void rawcache_dispose(rawcache *c)
{
	bt_free(c->slots);
	bt_free(c->v);
	bt_buf_dispose(&c->arena);
}

static size_t raw_slot(const rawcache *c, const char *s, size_t len, int kind)
{
	size_t mask = c->nslots - 1, i = (size_t)bt_al_hash(s, len, (uint64_t)kind + 11) & mask;
	while (c->slots[i]) {
		const rawent *e = &c->v[c->slots[i] - 1];
		if (e->kind == kind && e->len == len && memcmp(c->arena.ptr + e->off, s, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* The type of raw token s[0, len) of `kind`: from the cache, or folded,
 * interned and cached. */
static int raw_type(rawcache *c, al_side *sd, bt_aligner *a, int side, const char *s, size_t len, int kind,
		    char punct, const rawent **out)
{
	size_t i;
	int rc;
	if (c->n + 1 > c->nslots / 2) {
		size_t nn = c->nslots ? c->nslots * 2 : 4096;
		uint32_t *old = c->slots;
		size_t oldn = c->nslots;
		if (!(c->slots = bt_calloc(nn, sizeof *c->slots))) {
			c->slots = old;
			return bt_fail_nomem();
		}
		c->nslots = nn;
		for (size_t j = 0; j < oldn; j++)
			if (old[j]) {
				const rawent *e = &c->v[old[j] - 1];
				c->slots[raw_slot(c, c->arena.ptr + e->off, e->len, e->kind)] = old[j];
			}
		bt_free(old);
	}
	i = raw_slot(c, s, len, kind);
	if (!c->slots[i]) {
		rawent e = {0, 0, 0, 0, 0};
		bt_buf f = BT_BUF_INIT;
		if ((rc = GROW(c->v, c->n, c->cap)) != 0)
			return rc;
		if (c->arena.len > UINT32_MAX - len)
			return bt_fail(BT_ELIMIT, NULL, -1, -1, "too many distinct words to align");
		if (kind == AL_T_WORD)
			rc = fold(&f, s, len);
		else if (kind == AL_T_NUM)
			rc = bt_al_number_digits(&f, s, len);
		else
			rc = bt_buf_put(&f, &punct, 1);
		if (!rc)
			rc = type_intern(sd, f.ptr ? f.ptr : "", f.len, kind, &e.type);
		e.phrase = 0;
		if (!rc && kind == AL_T_WORD && side == 0 && a->has_phrases && (rc = phrase_starts(a)) == 0)
			e.phrase = bt_dict_find_folded(a->phrase_first, f.ptr, f.len) >= 0;
		bt_buf_dispose(&f);
		if (rc)
			return rc;
		e.off = (uint32_t)c->arena.len;
		e.len = (uint32_t)len;
		e.kind = (uint8_t)kind;
		if ((rc = bt_buf_put(&c->arena, s, len)) != 0)
			return rc;
		c->v[c->n++] = e;
		c->slots[i] = (uint32_t)c->n;
	}
	*out = &c->v[c->slots[i] - 1];
	return 0;
}

/* Per side, while tokenizing: the cache of raw tokens and the types of
 * the current sentence's tokens. */
typedef struct sidebuild {
	al_side *sd;
	bt_aligner *a;
	int side;
	al_rawtoks rt;
	rawcache cache;
	bt_buf ph;
	uint32_t *tid; /* type of each raw token */
	uint8_t *tph;  /* does a glossary phrase start with it */
	size_t tcap;
} sidebuild;

/* A glossary phrase of 2 to 4 words starting at raw token k: its type in
 * *id and its length in words in *used (left alone when there is none). */
static int phrase_at(sidebuild *sb, size_t k, uint32_t *id, size_t *used)
{
	al_side *sd = sb->sd;
	int rc;
	for (size_t n = 4; n >= 2; n--) {
		size_t e;
		if (k + n > sb->rt.n)
			continue;
		bt_buf_clear(&sb->ph);
		for (e = k; e < k + n && sb->rt.v[e].kind == AL_T_WORD; e++) {
			const al_type *ty = &sd->types[sb->tid[e]];
			if ((e > k && (rc = bt_buf_put(&sb->ph, " ", 1)) != 0) ||
			    (rc = bt_buf_put(&sb->ph, sd->arena.ptr + ty->str_off, ty->str_len)) != 0)
				return rc;
		}
		if (e == k + n && bt_dict_find_folded(sb->a->dict, sb->ph.ptr, sb->ph.len) >= 0) {
			if ((rc = type_intern(sd, sb->ph.ptr, sb->ph.len, AL_T_WORD, id)) != 0)
				return rc;
			*used = n;
			return 0;
		}
	}
	return 0;
}

static int grow_token_types(sidebuild *sb, size_t n)
{
	uint32_t *x;
	uint8_t *y;
	if (n <= sb->tcap)
		return 0;
	if (!(x = bt_realloc(sb->tid, n * sizeof *x)))
		return bt_fail_nomem();
	sb->tid = x;
	if (!(y = bt_realloc(sb->tph, n)))
		return bt_fail_nomem();
	sb->tph = y;
	sb->tcap = n;
	return 0;
}

/* The tokens of sentence i as type ids appended to sd->all. */
static int sentence_tokens(sidebuild *sb, const char *t, size_t tl)
{
	al_side *sd = sb->sd;
	int rc;
	if ((rc = bt_al_tokenize(&sb->rt, t, tl)) != 0 || (rc = grow_token_types(sb, sb->rt.n)) != 0)
		return rc;
	for (size_t k = 0; k < sb->rt.n; k++) {
		const al_rawtok *r = &sb->rt.v[k];
		const rawent *e = NULL;
		if ((rc = raw_type(&sb->cache, sd, sb->a, sb->side, t + r->start, r->end - r->start, r->kind, r->punct,
				   &e)) != 0)
			return rc;
		sb->tid[k] = e->type;
		sb->tph[k] = e->phrase;
	}
	for (size_t k = 0; k < sb->rt.n; k++) {
		const al_rawtok *r = &sb->rt.v[k];
		uint32_t id = sb->tid[k];
		size_t used = 1;
		/* single letters carry nothing (elided articles, initials) */
		if (r->kind == AL_T_WORD && sd->types[id].str_len == 1)
			continue;
		if (sb->tph[k] && (rc = phrase_at(sb, k, &id, &used)) != 0)
			return rc;
		sd->types[id].count++;
		if (r->kind == AL_T_WORD && r->cap && k > 0)
			sd->types[id].cap++;
		if ((rc = GROW(sd->all, sd->nall, sd->all_cap)) != 0)
			return rc;
		sd->all[sd->nall++] = id;
		k += used - 1;
	}
	return 0;
}

int bt_al_ends_weak(const char *t, size_t len, const char *lang)
{
	while (len && (t[len - 1] == ' ' || t[len - 1] == '\t' || t[len - 1] == '\r' || t[len - 1] == '\n'))
		len--;
	if (!len)
		return 0;
	if (t[len - 1] == ':')
		return 1;
	if (t[len - 1] == ';') {
		char primary[16];
		bt_lang_primary(primary, sizeof primary, lang);
		return strcmp(primary, "el") != 0;
	}
	/* the fullwidth colon and semicolon, U+FF1A and U+FF1B */
	return len >= 3 && (unsigned char)t[len - 3] == 0xEF && (unsigned char)t[len - 2] == 0xBC &&
	       ((unsigned char)t[len - 1] == 0x9A || (unsigned char)t[len - 1] == 0x9B);
}

/* Tokenizes one side. On the source side, word sequences that are
 * glossary phrases ("verenigde staten") become one token. Each token's
 * type is interned; the sentence keeps the list of its types. */
static int build_side(al_side *sd, const bt_sentences *in, int side, bt_aligner *a)
{
	sidebuild sb;
	int rc = 0;

	memset(&sb, 0, sizeof sb);
	sb.sd = sd;
	sb.a = a;
	sb.side = side;
	sd->n = in->n;
	sd->s = bt_calloc(in->n ? in->n : 1, sizeof *sd->s);
	if (!sd->s)
		return bt_fail_nomem();
	sd->has_kind = in->kind != NULL;
	sd->has_para = in->para != NULL;
	for (size_t i = 0; i < in->n && !rc; i++) {
		const char *t = in->text[i];
		size_t tl = in->len[i], nc = count_chars(t, tl);
		al_sent *se = &sd->s[i];
		se->chars = (uint32_t)(nc > UINT32_MAX ? UINT32_MAX : nc);
		se->kind = in->kind ? in->kind[i] : 0;
		se->para = in->para ? in->para[i] : 0;
		/* a colon before a paragraph break opens a block of its own (a
		 * list, a command, a quotation), which a translation keeps apart */
		se->weak_end = bt_al_ends_weak(t, tl, a->lang[side]) &&
			       !(in->para && i + 1 < in->n && in->para[i + 1] != in->para[i]);
		sd->chars += se->chars;
		if (sd->nall > UINT32_MAX - tl) {
			rc = bt_fail(BT_ELIMIT, NULL, -1, -1, "text too long to align");
			break;
		}
		se->all_off = (uint32_t)sd->nall;
		rc = sentence_tokens(&sb, t, tl);
		se->all_n = (uint32_t)(sd->nall - se->all_off);
	}
	bt_al_rawtoks_dispose(&sb.rt);
	bt_buf_dispose(&sb.ph);
	rawcache_dispose(&sb.cache);
	bt_free(sb.tid);
	bt_free(sb.tph);
	return rc;
}

/* ---- the glossary seen through stems ---- */

static size_t hstem_slot(const bt_aligner *a, const char *s, size_t len)
{
	size_t mask = a->hstem_nslots - 1, i = (size_t)bt_al_hash(s, len, 7) & mask;
	while (a->hstem_slots[i]) {
		const al_hstem *h = &a->hstem[a->hstem_slots[i] - 1];
		if (h->len == len && memcmp(a->hstem_arena.ptr + h->off, s, len) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Builds the index stem(headword) -> entries, once per aligner. */
static int hstem_build(bt_aligner *a)
{
	size_t n = bt_dict_n(a->dict), ns = 1024;
	uint32_t *of = NULL;
	bt_buf fl = BT_BUF_INIT, st = BT_BUF_INIT;
	int rc = 0;
	if (a->hstem_built)
		return 0;
	while (ns < 2 * n + 2)
		ns *= 2;
	if (!(a->hstem_slots = bt_calloc(ns, sizeof *a->hstem_slots)) || !(of = bt_calloc(n ? n : 1, sizeof *of))) {
		rc = bt_fail_nomem();
		goto done;
	}
	a->hstem_nslots = ns;
	for (size_t i = 0; i < n; i++) {
		size_t len, slot;
		const char *src = bt_dict_source(a->dict, i, &len);
		if (memchr(src, ' ', len))
			continue; /* phrases are matched whole */
		bt_buf_clear(&fl);
		bt_buf_clear(&st);
		if ((rc = bt_al_flatten(a->folder, &fl, src, len)) != 0 || (rc = bt_al_stem(a->stem[0], &st, fl.ptr, fl.len)) != 0)
			goto done;
		slot = hstem_slot(a, st.ptr, st.len);
		if (!a->hstem_slots[slot]) {
			uint32_t off;
			if ((rc = GROW(a->hstem, a->hstem_n, a->hstem_cap)) != 0)
				goto done;
			off = (uint32_t)a->hstem_arena.len;
			if ((rc = bt_buf_put(&a->hstem_arena, st.ptr, st.len)) != 0)
				goto done;
			a->hstem[a->hstem_n] = (al_hstem){off, (uint32_t)st.len, 0, 0};
			a->hstem_slots[slot] = (uint32_t)++a->hstem_n;
		}
		of[i] = a->hstem_slots[slot];
		a->hstem[a->hstem_slots[slot] - 1].n++;
	}
	{
		uint32_t total = 0;
		for (size_t h = 0; h < a->hstem_n; h++) {
			a->hstem[h].first = total;
			total += a->hstem[h].n;
			a->hstem[h].n = 0;
		}
		if (!(a->hstem_entries = bt_malloc((total ? total : 1) * sizeof *a->hstem_entries))) {
			rc = bt_fail_nomem();
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			if (of[i]) {
				al_hstem *h = &a->hstem[of[i] - 1];
				a->hstem_entries[h->first + h->n++] = (uint32_t)i;
			}
	}
	a->hstem_built = 1;
done:
	bt_free(of);
	bt_buf_dispose(&fl);
	bt_buf_dispose(&st);
	return rc;
}

static const al_hstem *hstem_find(const bt_aligner *a, const char *s, size_t len)
{
	size_t slot;
	if (!a->hstem_nslots)
		return NULL;
	slot = hstem_slot(a, s, len);
	return a->hstem_slots[slot] ? &a->hstem[a->hstem_slots[slot] - 1] : NULL;
}

static size_t cp_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* Byte length of the first n code points. */
static size_t cp_prefix(const char *s, size_t len, size_t n)
{
	size_t i = 0;
	while (i < len && n) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/* The keys a translation offers, as key strings ("G<stem>" or "N<digits>"),
 * cached per dictionary entry: a list of NUL-terminated strings that ends
 * with an empty one. */
static int entry_keys(bt_aligner *a, size_t e, const char **list)
{
	al_rawtoks rt = {NULL, 0, 0};
	bt_buf fl = BT_BUF_INIT;
	uint32_t it = 0;
	size_t tl, n = bt_dict_n(a->dict);
	const char *t;
	int rc = 0;
	if (a->tr_cache_n < n) {
		uint32_t *c = bt_realloc(a->tr_cache, n * sizeof *c);
		if (!c)
			return bt_fail_nomem();
		memset(c + a->tr_cache_n, 0, (n - a->tr_cache_n) * sizeof *c);
		a->tr_cache = c;
		a->tr_cache_n = n;
	}
	if (a->tr_cache[e]) {
		*list = a->tr_arena.ptr + a->tr_cache[e] - 1;
		return 0;
	}
	if (a->tr_arena.len >= UINT32_MAX - 4096)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "glossary too large");
	a->tr_cache[e] = (uint32_t)a->tr_arena.len + 1;
	while ((t = bt_dict_next(a->dict, e, &it, &tl)) != NULL) {
		size_t words = 0, longw = 0;
		if ((rc = bt_al_tokenize(&rt, t, tl)) != 0)
			goto done;
		for (size_t k = 0; k < rt.n; k++)
			if (rt.v[k].kind == AL_T_WORD) {
				words++;
				if (cp_count(t + rt.v[k].start, rt.v[k].end - rt.v[k].start) >= 4)
					longw++;
			}
		for (size_t k = 0; k < rt.n; k++) {
			const al_rawtok *r = &rt.v[k];
			if (r->kind == AL_T_NUM) {
				if ((rc = bt_buf_put(&a->tr_arena, "N", 1)) != 0 ||
				    (rc = bt_al_number_digits(&a->tr_arena, t + r->start, r->end - r->start)) != 0 ||
				    (rc = bt_buf_put(&a->tr_arena, "", 1)) != 0)
					goto done;
				continue;
			}
			if (r->kind != AL_T_WORD)
				continue;
			/* in a phrase translation only the longer words speak for it */
			if (words > 1 && longw > 0 && cp_count(t + r->start, r->end - r->start) < 4)
				continue;
			bt_buf_clear(&fl);
			if ((rc = bt_al_flatten(a->folder, &fl, t + r->start, r->end - r->start)) != 0 ||
			    (rc = bt_buf_put(&a->tr_arena, "G", 1)) != 0 ||
			    (rc = bt_al_stem(a->stem[1], &a->tr_arena, fl.ptr, fl.len)) != 0 ||
			    (rc = bt_buf_put(&a->tr_arena, "", 1)) != 0)
				goto done;
		}
	}
	rc = bt_buf_put(&a->tr_arena, "", 1);
	if (!rc)
		*list = a->tr_arena.ptr + a->tr_cache[e] - 1;
done:
	if (rc)
		a->tr_cache[e] = 0;
	bt_al_rawtoks_dispose(&rt);
	bt_buf_dispose(&fl);
	return rc;
}

/* ---- keys of a type ---- */

typedef struct keyctx {
	al_doc *d;
	bt_aligner *a;
	al_side *sd;
	size_t first; /* first key of the type being built */
	bt_buf tmp, fl, st;
} keyctx;

static int add_key(keyctx *kc, const char *s, size_t len)
{
	uint32_t id = 0;
	int rc;
	if ((rc = key_intern(&kc->d->keys, s, len, &id)) != 0)
		return rc;
	for (size_t i = kc->first; i < kc->sd->nkeys; i++)
		if (kc->sd->keys[i] == id)
			return 0;
	if ((rc = GROW(kc->sd->keys, kc->sd->nkeys, kc->sd->keys_cap)) != 0)
		return rc;
	kc->sd->keys[kc->sd->nkeys++] = id;
	return 0;
}

static int add_prefixed(keyctx *kc, char kind, const char *s, size_t len)
{
	int rc;
	bt_buf_clear(&kc->tmp);
	if ((rc = bt_buf_put(&kc->tmp, &kind, 1)) != 0 || (rc = bt_buf_put(&kc->tmp, s, len)) != 0)
		return rc;
	return add_key(kc, kc->tmp.ptr, kc->tmp.len);
}

/* Keys from glossary entries. */
static int add_entry_keys(keyctx *kc, size_t e)
{
	const char *list = NULL;
	int rc;
	if ((rc = entry_keys(kc->a, e, &list)) != 0)
		return rc;
	/* entry_keys may move the arena: list stays valid until the next call */
	for (const char *p = list; *p; p += strlen(p) + 1)
		if ((rc = add_key(kc, p, strlen(p))) != 0)
			return rc;
	return 0;
}

/* Looks a flattened word up by its stem; adds the keys of every entry. */
static int add_stem_keys(keyctx *kc, const char *flat, size_t len, int *found)
{
	const al_hstem *h;
	int rc;
	bt_buf_clear(&kc->st);
	if ((rc = bt_al_stem(kc->a->stem[0], &kc->st, flat, len)) != 0)
		return rc;
	h = hstem_find(kc->a, kc->st.ptr, kc->st.len);
	if (!h)
		return 0;
	*found = 1;
	for (uint32_t i = 0; i < h->n && i < 16; i++)
		if ((rc = add_entry_keys(kc, kc->a->hstem_entries[h->first + i])) != 0)
			return rc;
	return 0;
}

static int is_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/* A closed compound not in the glossary: the longest known head (at
 * least 4 letters) and, when known, its modifier (with a linking s, es,
 * n, en or e removed). */
static int add_compound_keys(keyctx *kc, const char *flat, size_t len)
{
	static const char *const links[] = {"", "s", "es", "n", "en", "e"};
	size_t n = cp_count(flat, len);
	int rc;
	if (n != len || n < 8) /* ASCII after flattening, or not ours to split */
		return 0;
	for (size_t p = 3; p + 4 <= n; p++) {
		int found = 0;
		if ((rc = add_stem_keys(kc, flat + p, len - p, &found)) != 0)
			return rc;
		if (!found)
			continue;
		for (size_t l = 0; l < sizeof links / sizeof links[0]; l++) {
			size_t ll = strlen(links[l]);
			int mf = 0;
			if (p <= ll + 2 || memcmp(flat + p - ll, links[l], ll) != 0)
				continue;
			if ((rc = add_stem_keys(kc, flat, p - ll, &mf)) != 0)
				return rc;
			if (mf)
				break;
		}
		return 0;
	}
	return 0;
}

static int add_cognate_key(keyctx *kc, const char *flat, size_t len, const al_params *p)
{
	char sp[64];
	size_t n;
	if (cp_count(flat, len) < (size_t)p->cognate_min)
		return 0;
	if (!p->cognate_norm)
		return add_prefixed(kc, 'C', flat, cp_prefix(flat, len, (size_t)p->cognate_prefix));
	/* the key needs the first few letters only: a long word is cut
	 * first, at a character boundary (16 of them fit in sp) */
	n = bt_al_cognate_spelling(sp, flat, cp_prefix(flat, len, 16));
	return add_prefixed(kc, 'C', sp, cp_prefix(sp, n, (size_t)p->cognate_prefix));
}

/* Keys X<s>_<t> for the pairs of the lexicon (bt_aligner_use_lexicon)
 * the word takes part in, at most lex_max a word (by count). */
static int lexicon_keys(keyctx *kc, int side, const char *flat, size_t len)
{
	const al_lex_entry *best[8];
	size_t nb;
	int rc;
	bt_buf_clear(&kc->st);
	if ((rc = bt_al_stem(kc->a->stem[side], &kc->st, flat, len)) != 0)
		return rc;
	nb = bt_al_lex_best(best, kc->a->lex, side, bt_al_lex_word(kc->a->lex, side, kc->st.ptr, kc->st.len), &kc->a->prm);
	for (size_t k = 0; k < nb; k++) {
		char b[32];
		int n = snprintf(b, sizeof b, "X%u_%u", (unsigned)best[k]->s, (unsigned)best[k]->t);
		if ((rc = add_key(kc, b, (size_t)n)) != 0)
			return rc;
	}
	return 0;
}

static int word_keys(keyctx *kc, int side, al_type *ty, const char *str, size_t len)
{
	const al_params *p = &kc->a->prm;
	bt_buf flat = BT_BUF_INIT;
	int rc, found = 0;
	const char *hy;
	if ((rc = bt_al_flatten(kc->a->folder, &flat, str, len)) != 0)
		goto done;
	if ((rc = add_cognate_key(kc, flat.ptr, flat.len, p)) != 0)
		goto done;
	/* name_keys 2: only for words written with a capital inside a
	 * sentence somewhere (names; and a key costs a run of ICU rules) */
	if (p->name_keys && (p->name_keys < 2 || ty->cap > 0) && cp_count(flat.ptr, flat.len) >= (size_t)p->cognate_min) {
		bt_buf_clear(&kc->tmp);
		if ((rc = bt_buf_put(&kc->tmp, "K", 1)) != 0)
			goto done;
		rc = bt_al_name_key(kc->a->namer, &kc->tmp, str, len, kc->a->lang[side]);
		if (rc == 0)
			rc = add_key(kc, kc->tmp.ptr, kc->tmp.len);
		else if (rc == BT_ENOTFOUND)
			rc = 0;
		if (rc)
			goto done;
	}
	if (kc->a->lex && (rc = lexicon_keys(kc, side, flat.ptr, flat.len)) != 0)
		goto done;
	if (side == 1) {
		bt_buf_clear(&kc->st);
		if ((rc = bt_al_stem(kc->a->stem[1], &kc->st, flat.ptr, flat.len)) != 0 ||
		    (rc = add_prefixed(kc, 'G', kc->st.ptr, kc->st.len)) != 0)
			goto done;
	} else {
		long e = bt_dict_find_folded(kc->a->dict, str, len);
		if (e >= 0) {
			found = 1;
			if ((rc = add_entry_keys(kc, (size_t)e)) != 0)
				goto done;
		} else if (!memchr(str, ' ', len) && (rc = add_stem_keys(kc, flat.ptr, flat.len, &found)) != 0) {
			goto done;
		}
	}
	/* hyphenated: the parts speak too (Himalaya-Berge, COVID-19) */
	hy = memchr(flat.ptr, '-', flat.len);
	if (hy) {
		const char *q = flat.ptr, *end = flat.ptr + flat.len;
		while (q < end) {
			const char *h = memchr(q, '-', (size_t)(end - q));
			size_t pl = (size_t)((h ? h : end) - q);
			if (pl && is_digits(q, pl)) {
				if ((rc = add_prefixed(kc, 'N', q, pl)) != 0)
					goto done;
			} else if (pl > 1) {
				if ((rc = add_cognate_key(kc, q, pl, p)) != 0)
					goto done;
				if (side == 1) {
					bt_buf_clear(&kc->st);
					if ((rc = bt_al_stem(kc->a->stem[1], &kc->st, q, pl)) != 0 ||
					    (rc = add_prefixed(kc, 'G', kc->st.ptr, kc->st.len)) != 0)
						goto done;
				} else if (!found) {
					long e = bt_dict_find_folded(kc->a->dict, q, pl);
					int f2 = 0;
					if (e >= 0)
						rc = add_entry_keys(kc, (size_t)e);
					else
						rc = add_stem_keys(kc, q, pl, &f2);
					if (rc)
						goto done;
				}
			}
			q = h ? h + 1 : end;
		}
	} else if (side == 0 && !found && bt_al_stemmer_compounds(kc->a->stem[0])) {
		if ((rc = add_compound_keys(kc, flat.ptr, flat.len)) != 0)
			goto done;
	}
done:
	bt_buf_dispose(&flat);
	return rc;
}

static int learned_key(keyctx *kc, uint32_t s, uint32_t t)
{
	char b[32];
	int n = snprintf(b, sizeof b, "L%u_%u", (unsigned)s, (unsigned)t);
	return add_key(kc, b, (size_t)n);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : cmp_u32(x + 1, y + 1);
}

static int cmp_u32c(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The characters of a side, each sentence counted at most five times the
 * side's median length: one giant sentence (a table, a run-on paste) must
 * not decide the length ratio of the whole document. */
static double capped_chars(const al_side *sd)
{
	uint32_t *v, med;
	double sum = 0;
	if (sd->n == 0)
		return 0;
	if (!(v = bt_malloc(sd->n * sizeof *v)))
		return sd->chars;
	for (size_t i = 0; i < sd->n; i++)
		v[i] = sd->s[i].chars;
	qsort(v, sd->n, sizeof *v, cmp_u32c);
	med = v[sd->n / 2] ? v[sd->n / 2] : 1;
	for (size_t i = 0; i < sd->n; i++)
		sum += v[i] < 5 * (double)med ? v[i] : 5 * (double)med;
	bt_free(v);
	return sum;
}

/* Target characters per source character, from the whole document. */
static double robust_ratio(const al_doc *d)
{
	double s = capped_chars(&d->side[0]), t = capped_chars(&d->side[1]);
	return s > 0 && t > 0 ? t / s : 1.0;
}

/* Both sides, on two threads where the aligner has them: a side writes
 * only its own al_side and reads the aligner, whose lazy parts
 * (phrase_starts) are built before. */
typedef struct sides_job {
	al_doc *d;
	bt_aligner *a;
	const bt_sentences *in[2];
} sides_job;

static int build_one_side(void *arg, int s)
{
	sides_job *job = arg;
	return build_side(&job->d->side[s], job->in[s], s, job->a);
}

int bt_al_doc_build(al_doc *d, bt_aligner *a, const bt_sentences *src, const bt_sentences *tgt)
{
	sides_job job;
	int rc;
	memset(d, 0, sizeof *d);
	if ((rc = hstem_build(a)) != 0 || (a->has_phrases && (rc = phrase_starts(a)) != 0))
		return rc;
	job = (sides_job){d, a, {src, tgt}};
	if ((rc = bt_al_pool_each(src->n + tgt->n >= AL_POOL_MIN_SENTENCES ? a->pool : NULL, 2, build_one_side, &job)) != 0)
		return rc;
	d->c = robust_ratio(d);
	d->len_var = a->prm.len_var;
	return 0;
}

/* The distinct keys of every sentence of side s (any order), counted in
 * the document frequencies df[s] and where[s]. */
static int sentence_key_sets(al_doc *d, int s)
{
	al_keys *k = &d->keys;
	al_side *sd = &d->side[s];
	uint32_t *stamp = bt_calloc(k->n ? k->n : 1, sizeof *stamp), mark = 0;
	int rc = 0;
	if (!stamp)
		return bt_fail_nomem();
	sd->nskeys = 0;
	for (size_t i = 0; i < sd->n; i++) {
		al_sent *se = &sd->s[i];
		size_t start = sd->nskeys, u = 0;
		for (uint32_t t = 0; t < se->all_n; t++) {
			const al_type *ty = &sd->types[sd->all[se->all_off + t]];
			for (uint32_t j = 0; j < ty->nkey && !rc; j++) {
				if ((rc = GROW(sd->skeys, sd->nskeys, sd->skeys_cap)) != 0)
					break;
				sd->skeys[sd->nskeys++] = sd->keys[ty->key_off + j];
			}
		}
		if (rc)
			break;
		mark++;
		for (size_t j = start; j < sd->nskeys; j++)
			if (stamp[sd->skeys[j]] != mark) {
				stamp[sd->skeys[j]] = mark;
				sd->skeys[start + u++] = sd->skeys[j];
			}
		sd->nskeys = start + u;
		se->key_off = (uint32_t)start;
		se->nkey = (uint32_t)u;
		for (size_t j = start; j < sd->nskeys; j++) {
			k->df[s][sd->skeys[j]]++;
			k->where[s][sd->skeys[j]] = (uint32_t)i;
		}
	}
	bt_free(stamp);
	return rc;
}

/* Side s keeps only the keys both sides have; then its posting lists
 * (key -> sentences). */
static int shared_keys_and_postings(al_doc *d, int s)
{
	al_keys *k = &d->keys;
	al_side *sd = &d->side[s];
	size_t w = 0, *fill;
	for (size_t i = 0; i < sd->n; i++) {
		al_sent *se = &sd->s[i];
		size_t start = w;
		for (uint32_t j = 0; j < se->nkey; j++) {
			uint32_t key = sd->skeys[se->key_off + j];
			if (k->df[0][key] && k->df[1][key])
				sd->skeys[w++] = key;
		}
		se->key_off = (uint32_t)start;
		se->nkey = (uint32_t)(w - start);
	}
	sd->nskeys = w;
	bt_free(sd->post);
	bt_free(sd->post_off);
	sd->post = bt_malloc((w ? w : 1) * sizeof *sd->post);
	sd->post_off = bt_calloc(k->n + 1, sizeof *sd->post_off);
	if (!sd->post || !sd->post_off)
		return bt_fail_nomem();
	for (size_t j = 0; j < w; j++)
		sd->post_off[sd->skeys[j] + 1]++;
	for (size_t j = 0; j < k->n; j++)
		sd->post_off[j + 1] += sd->post_off[j];
	if (!(fill = bt_calloc(k->n + 1, sizeof *fill)))
		return bt_fail_nomem();
	for (size_t i = 0; i < sd->n; i++)
		for (uint32_t j = 0; j < sd->s[i].nkey; j++) {
			uint32_t key = sd->skeys[sd->s[i].key_off + j];
			sd->post[sd->post_off[key] + fill[key]++] = (uint32_t)i;
		}
	bt_free(fill);
	return 0;
}

/* Each side's part of sentence_keys(), on a thread of its own where the
 * pool has two: a side writes its own sentences, df[s] and where[s]. */
static int side_key_sets(void *d, int s)
{
	return sentence_key_sets(d, s);
}

static int side_postings(void *d, int s)
{
	return shared_keys_and_postings(d, s);
}

/* Sentence key sets, document frequencies and posting lists. */
static int sentence_keys(al_doc *d, al_pool *pool)
{
	al_keys *k = &d->keys;
	int rc = 0;
	for (int s = 0; s < 2; s++) {
		bt_free(k->df[s]);
		bt_free(k->where[s]);
		k->df[s] = bt_calloc(k->n ? k->n : 1, sizeof *k->df[s]);
		k->where[s] = bt_calloc(k->n ? k->n : 1, sizeof *k->where[s]);
		if (!k->df[s] || !k->where[s])
			return bt_fail_nomem();
	}
	k->df_n = k->n;
	if (d->side[0].n + d->side[1].n < AL_POOL_MIN_SENTENCES)
		pool = NULL;
	if ((rc = bt_al_pool_each(pool, 2, side_key_sets, d)) == 0)
		rc = bt_al_pool_each(pool, 2, side_postings, d);
	/* the key sets are kept for the search: no more room than they use */
	for (int s = 0; s < 2 && !rc; s++) {
		al_side *sd = &d->side[s];
		uint32_t *v = sd->nskeys ? bt_realloc(sd->skeys, sd->nskeys * sizeof *v) : NULL;
		if (v) {
			sd->skeys = v;
			sd->skeys_cap = sd->nskeys;
		}
	}
	return rc;
}

/* The keys of a type of its own (not learned): computed in the first
 * pass and kept in base[] for the later ones. */
static int own_keys(keyctx *kc, int s, al_type *ty)
{
	al_side *sd = kc->sd;
	const char *str = sd->arena.ptr + ty->str_off;
	int rc;
	if (kc->d->have_base) {
		for (uint32_t q = 0; q < ty->base_n; q++) {
			if ((rc = GROW(sd->keys, sd->nkeys, sd->keys_cap)) != 0)
				return rc;
			sd->keys[sd->nkeys++] = sd->base[ty->base_off + q];
		}
		return 0;
	}
	if (ty->kind == AL_T_NUM)
		rc = add_prefixed(kc, 'N', str, ty->str_len);
	else if (ty->kind == AL_T_PUNCT)
		rc = add_prefixed(kc, 'P', str, ty->str_len);
	else
		rc = word_keys(kc, s, ty, str, ty->str_len);
	if (rc)
		return rc;
	ty->base_off = (uint32_t)sd->nbase;
	ty->base_n = (uint32_t)(sd->nkeys - kc->first);
	for (size_t q = kc->first; q < sd->nkeys; q++) {
		if ((rc = GROW(sd->base, sd->nbase, sd->base_cap)) != 0)
			return rc;
		sd->base[sd->nbase++] = sd->keys[q];
	}
	return 0;
}

/* The target side of each learned pair: its key appended to the target
 * type's keys (moved to the end of keys[] so that one more fits). */
static int learned_target_keys(keyctx *kc)
{
	al_doc *d = kc->d;
	al_side *sd = kc->sd;
	int rc;
	for (size_t j = 0; j < d->nlearned; j++) {
		uint32_t tt = d->learned[2 * j + 1];
		al_type *ty = &sd->types[tt];
		size_t start = sd->nkeys;
		for (uint32_t q = 0; q < ty->nkey; q++) {
			if ((rc = GROW(sd->keys, sd->nkeys, sd->keys_cap)) != 0)
				return rc;
			sd->keys[sd->nkeys++] = sd->keys[ty->key_off + q];
		}
		kc->first = start;
		if ((rc = learned_key(kc, d->learned[2 * j], tt)) != 0)
			return rc;
		ty->key_off = (uint32_t)start;
		ty->nkey = (uint32_t)(sd->nkeys - start);
	}
	return 0;
}

/* The key lists of every type of side s: its own keys and, on the source
 * side, those of the learned pairs (sorted by source type). */
static int side_type_keys(keyctx *kc, int s)
{
	al_doc *d = kc->d;
	al_side *sd = &d->side[s];
	size_t li = 0;
	int rc;
	kc->sd = sd;
	sd->nkeys = 0;
	for (size_t t = 0; t < sd->ntypes; t++) {
		al_type *ty = &sd->types[t];
		kc->first = sd->nkeys;
		if ((rc = own_keys(kc, s, ty)) != 0)
			return rc;
		if (s == 0) {
			while (li < d->nlearned && d->learned[2 * li] < t)
				li++;
			for (size_t j = li; j < d->nlearned && d->learned[2 * j] == t; j++)
				if ((rc = learned_key(kc, (uint32_t)t, d->learned[2 * j + 1])) != 0)
					return rc;
		}
		ty->key_off = (uint32_t)kc->first;
		ty->nkey = (uint32_t)(sd->nkeys - kc->first);
	}
	return s == 1 && d->nlearned ? learned_target_keys(kc) : 0;
}

/* Each type keeps the keys the other side has, and gets its class. A
 * glossary word whose translations this document never uses still
 * speaks: against every link that holds it. A word with only spelling
 * keys (C:, K:) that match nothing is no evidence (inert). */
static void classify_types(al_doc *d, int s)
{
	al_side *sd = &d->side[s];
	const uint32_t *df_other = d->keys.df[1 - s];
	for (size_t t = 0; t < sd->ntypes; t++) {
		al_type *ty = &sd->types[t];
		uint32_t w = 0;
		int g = 0, l = 0, has_g = 0;
		for (uint32_t j = 0; j < ty->nkey; j++) {
			uint32_t key = sd->keys[ty->key_off + j];
			has_g |= key_kind(&d->keys, key) == 'G' && (s == 0 || d->keys.df[0][key]);
			if (df_other[key]) {
				char kk = key_kind(&d->keys, key);
				g |= kk == 'G';
				l |= kk == 'L' || kk == 'X';
				sd->keys[ty->key_off + w++] = key;
			}
		}
		ty->nkey = w;
		ty->inert = w == 0 && !has_g;
		if (ty->kind == AL_T_NUM)
			ty->cls = AL_C_NUM;
		else if (ty->kind == AL_T_PUNCT)
			ty->cls = AL_C_PUNCT;
		else if (g || l || has_g)
			ty->cls = AL_C_DICT;
		else if (2 * ty->cap > ty->count)
			ty->cls = AL_C_NAME;
		else
			ty->cls = AL_C_WORD;
	}
}

/* The evidence tokens of each sentence: its tokens whose types are not
 * inert. */
static int evidence_tokens(al_side *sd)
{
	int rc;
	sd->ntoks = 0;
	for (size_t i = 0; i < sd->n; i++) {
		al_sent *se = &sd->s[i];
		se->tok_off = (uint32_t)sd->ntoks;
		for (uint32_t j = 0; j < se->all_n; j++) {
			uint32_t t = sd->all[se->all_off + j];
			if (sd->types[t].inert)
				continue;
			if ((rc = GROW(sd->toks, sd->ntoks, sd->toks_cap)) != 0)
				return rc;
			sd->toks[sd->ntoks++] = t;
		}
		se->ntok = (uint32_t)(sd->ntoks - se->tok_off);
	}
	return 0;
}

int bt_al_doc_features(al_doc *d, bt_aligner *a)
{
	keyctx kc;
	int rc = 0;
	memset(&kc, 0, sizeof kc);
	kc.d = d;
	kc.a = a;
	/* learned pairs sorted by source type, for a merge in side_type_keys */
	if (d->nlearned)
		qsort(d->learned, d->nlearned, 2 * sizeof *d->learned, cmp_pair);
	if ((rc = side_type_keys(&kc, 0)) != 0 || (rc = side_type_keys(&kc, 1)) != 0)
		goto done;
	d->have_base = 1;
	if ((rc = sentence_keys(d, a->pool)) != 0)
		goto done;
	for (int s = 0; s < 2; s++) {
		classify_types(d, s);
		if ((rc = evidence_tokens(&d->side[s])) != 0)
			goto done;
		d->n_evidence[s] = d->side[s].ntoks;
	}
done:
	bt_buf_dispose(&kc.tmp);
	bt_buf_dispose(&kc.fl);
	bt_buf_dispose(&kc.st);
	return rc;
}

/* A long sentence keeps its AL_MAX_TOKENS most telling tokens (the
 * largest gain when matched), in text order: one machine word of match
 * bits per sentence pair, and the length term speaks for the rest. */
static int by_gain_desc(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x > y ? -1 : x < y;
}

static void keep_informative(al_side *sd, al_sent *se)
{
	uint32_t *t = sd->toks + se->tok_off, n = se->ntok, k = 0, ties;
	float *g = bt_malloc(n * sizeof *g), cut;
	uint32_t *orig = bt_malloc(n * sizeof *orig);
	if (!g || !orig) { /* without memory to choose, the first ones */
		bt_free(g);
		bt_free(orig);
		se->ntok = AL_MAX_TOKENS;
		return;
	}
	memcpy(orig, t, n * sizeof *t);
	for (uint32_t i = 0; i < n; i++)
		g[i] = sd->types[t[i]].delta[1];
	qsort(g, n, sizeof *g, by_gain_desc);
	cut = g[AL_MAX_TOKENS - 1];
	/* how many tokens at the cut value still fit */
	ties = 0;
	for (uint32_t i = 0; i < AL_MAX_TOKENS; i++)
		ties += g[i] == cut;
	for (uint32_t i = 0; i < n && k < AL_MAX_TOKENS; i++) {
		float x = sd->types[orig[i]].delta[1];
		if (x > cut || (x == cut && ties && ties--))
			t[k++] = orig[i];
	}
	se->ntok = k;
	bt_free(g);
	bt_free(orig);
}

int bt_al_doc_probabilities(al_doc *d, const al_params *p, const double p1[2][AL_NCLASS])
{
	for (int s = 0; s < 2; s++) {
		al_side *sd = &d->side[s];
		const al_side *ot = &d->side[1 - s];
		uint32_t *stamp = bt_calloc(ot->n ? ot->n : 1, sizeof *stamp), mark = 0;
		if (!stamp)
			return bt_fail_nomem();
		for (size_t t = 0; t < sd->ntypes; t++) {
			al_type *ty = &sd->types[t];
			size_t hit = 0;
			double q, pp;
			if (ty->inert)
				continue;
			if (ty->nkey == 1) {
				hit = d->keys.df[1 - s][sd->keys[ty->key_off]];
			} else {
				mark++;
				for (uint32_t j = 0; j < ty->nkey; j++) {
					uint32_t key = sd->keys[ty->key_off + j];
					for (size_t x = ot->post_off[key]; x < ot->post_off[key + 1]; x++)
						if (stamp[ot->post[x]] != mark) {
							stamp[ot->post[x]] = mark;
							hit++;
						}
				}
			}
			q = ot->n ? (double)hit / (double)ot->n : 1.0;
			/* Smoothed: a key seen once is no proof of a rare word. */
			q = (hit + 0.5) / ((double)ot->n + 1.0);
			ty->q = q;
			pp = p1[s][ty->cls];
			/* a word seen in confident links has a rate of its own,
			 * shrunk towards its class's */
			if (ty->p1_seen > 0)
				pp = (ty->p1_hits + p->p1_type_smooth * pp) / (ty->p1_seen + p->p1_type_smooth);
			ty->p1 = pp;
			for (int k = 1; k <= AL_MAXB; k++) {
				double p0 = 1.0 - pow(1.0 - q, 1.0 + p->dilution * (k - 1)), pm;
				if (p0 > 0.995)
					p0 = 0.995;
				pm = pp > p0 ? pp : p0;
				if (pm > 0.999)
					pm = 0.999;
				ty->base[k] = (float)(p->w_miss * log((1.0 - pm) / (1.0 - p0)));
				ty->delta[k] = (float)(log(pm / p0) - ty->base[k]);
			}
		}
		bt_free(stamp);
		for (size_t i = 0; i < sd->n; i++) {
			al_sent *se = &sd->s[i];
			if (se->ntok > AL_MAX_TOKENS)
				keep_informative(sd, se);
			for (int k = 1; k <= AL_MAXB; k++) {
				double b = 0;
				for (uint32_t j = 0; j < se->ntok; j++)
					b += sd->types[sd->toks[se->tok_off + j]].base[k];
				se->base[k] = (float)b;
			}
		}
	}
	return 0;
}

void bt_al_doc_drop_postings(al_doc *d)
{
	for (int s = 0; s < 2; s++) {
		bt_free(d->side[s].post);
		bt_free(d->side[s].post_off);
		d->side[s].post = NULL;
		d->side[s].post_off = NULL;
	}
}

static void side_dispose(al_side *sd)
{
	bt_free(sd->s);
	bt_free(sd->all);
	bt_free(sd->toks);
	bt_free(sd->types);
	bt_free(sd->keys);
	bt_free(sd->base);
	bt_free(sd->skeys);
	bt_free(sd->post);
	bt_free(sd->post_off);
	bt_free(sd->type_slots);
	bt_buf_dispose(&sd->arena);
}

void bt_al_doc_dispose(al_doc *d)
{
	side_dispose(&d->side[0]);
	side_dispose(&d->side[1]);
	bt_free(d->keys.slots);
	bt_free(d->keys.off);
	bt_free(d->keys.len);
	bt_free(d->keys.df[0]);
	bt_free(d->keys.df[1]);
	bt_free(d->keys.where[0]);
	bt_free(d->keys.where[1]);
	bt_buf_dispose(&d->keys.arena);
	bt_free(d->learned);
	memset(d, 0, sizeof *d);
}
