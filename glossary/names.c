/* names.c: name keys (see bitext-core.h, "Name keys"): words, scripts, the ICU rule stages
 * and a cache of recent words. */

#include "data.h"
#include "error.h"
#include "strtab.h"
#include "token.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* Limits: names are short; these keep a pathological input cheap. */
#define NAME_MAX_BYTES 4096
#define WORD_MAX_UNITS 256

/* The Latin-script languages with their own rules; ru, uk and be read a
 * Latin word as English. The Cyrillic stage is the same for every lang. */
static const char *const latin_langs[] = {"nl", "en", "de", "fr", "pl"};
#define N_LATIN (sizeof latin_langs / sizeof latin_langs[0])
enum { LANG_EN = 1, STAGE_CYRL = N_LATIN, N_STAGES = N_LATIN + 1 };

/* Cache of word keys, emptied when it holds CACHE_MAX words. Names repeat
 * heavily in a corpus, and a hit costs a hash and a memcmp instead of
 * three ICU passes. */
#define CACHE_MAX 6144
typedef struct cache_key {
	uint32_t off, len; /* in keys */
} cache_key;

struct bt_namer {
	UTransliterator *infl[N_STAGES]; /* NULL also when a language has none */
	UTransliterator *script[N_STAGES];
	UTransliterator *key;
	unsigned char loaded[N_STAGES];
	/* The words seen, each as its tag (stage and flags: the same word keys
	 * differently per language) then its bytes; by id, its key. */
	bt_strtab cache;
	cache_key *cache_keys; /* CACHE_MAX, made at the first word */
	bt_buf keys;
	UChar *u;     /* scratch for a word in UTF-16 */
	int32_t ucap;
	char ckey[sizeof(uint32_t) + WORD_MAX_UNITS]; /* the cache's string for a word */
	size_t ckey_len;
};

int bt_name_lang_known(const char *lang)
{
	static const char *const others[] = {"ru", "uk", "be"};
	size_t n;
	if (!lang)
		return 0;
	n = strcspn(lang, "-_"); /* en-GB, nl_BE: the language subtag decides */
	if (n != 2)
		return 0;
	for (size_t i = 0; i < N_LATIN; i++)
		if (strncmp(lang, latin_langs[i], 2) == 0)
			return 1;
	for (size_t i = 0; i < 3; i++)
		if (strncmp(lang, others[i], 2) == 0)
			return 1;
	return 0;
}

/* The stage for a Latin word in `lang` (known). */
static size_t latin_stage(const char *lang)
{
	for (size_t i = 0; i < N_LATIN; i++)
		if (strncmp(lang, latin_langs[i], 2) == 0)
			return i;
	return LANG_EN;
}

/* Compiles the rule file names/<file> into *out. A missing file is fine
 * when `optional` (languages without inflection rules). */
static int compile(UTransliterator **out, const char *file, int optional)
{
	bt_buf text = BT_BUF_INIT;
	char name[64];
	UChar *rules = NULL;
	int32_t n = 0;
	UErrorCode e = U_ZERO_ERROR;
	UParseError pe;
	int rc;

	*out = NULL;
	snprintf(name, sizeof name, "names/%s", file);
	rc = bt_data_load(&text, name);
	if (rc == BT_ENOTFOUND && optional) {
		bt_error_clear();
		rc = 0;
		goto done;
	}
	if (rc)
		goto done;
	u_strFromUTF8(NULL, 0, &n, text.ptr, (int32_t)text.len, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e)) {
		rc = bt_fail(BT_EINPUT, name, -1, -1, "rule file is not valid UTF-8");
		goto done;
	}
	if (!(rules = bt_malloc(((size_t)n + 1) * sizeof *rules))) {
		rc = bt_fail_nomem();
		goto done;
	}
	e = U_ZERO_ERROR;
	u_strFromUTF8(rules, n + 1, NULL, text.ptr, (int32_t)text.len, &e);
	memset(&pe, 0, sizeof pe);
	*out = utrans_openU(u"bitext-names", -1, UTRANS_FORWARD, rules, n, &pe, &e);
	if (U_FAILURE(e)) {
		char ctx[64];
		u_strToUTF8(ctx, sizeof ctx, NULL, pe.preContext, -1, &(UErrorCode){U_ZERO_ERROR});
		for (char *q = ctx; *q; q++) /* an error is one line */
			if (*q == '\n' || *q == '\r' || *q == '\t')
				*q = ' ';
		*out = NULL;
		rc = bt_fail(e == U_MEMORY_ALLOCATION_ERROR ? BT_ENOMEM : BT_EINPUT, name,
			     pe.line > 0 ? pe.line : -1, -1, "bad transform rule (%s) after \"%s\"",
			     u_errorName(e), ctx);
	}
done:
	bt_free(rules);
	bt_buf_dispose(&text);
	return rc;
}

static int load_stage(bt_namer *nm, size_t stage)
{
	char file[32];
	int rc;
	if (nm->loaded[stage])
		return 0;
	if (!nm->key && (rc = compile(&nm->key, "key.rules", 0)) != 0)
		return rc;
	if (stage == STAGE_CYRL) {
		rc = compile(&nm->script[stage], "cyrl.rules", 0);
	} else {
		snprintf(file, sizeof file, "%s.infl", latin_langs[stage]);
		if ((rc = compile(&nm->infl[stage], file, 1)) != 0)
			return rc;
		snprintf(file, sizeof file, "%s.rules", latin_langs[stage]);
		rc = compile(&nm->script[stage], file, 0);
	}
	if (rc == 0)
		nm->loaded[stage] = 1;
	return rc;
}

int bt_namer_open(bt_namer **out)
{
	bt_namer *nm;
	*out = NULL;
	if (!(nm = bt_malloc(sizeof *nm)))
		return bt_fail_nomem();
	memset(nm, 0, sizeof *nm);
	nm->cache = (bt_strtab)BT_STRTAB_INIT;
	nm->keys = (bt_buf)BT_BUF_INIT;
	*out = nm;
	return 0;
}

void bt_namer_free(bt_namer *nm)
{
	if (!nm)
		return;
	for (size_t i = 0; i < N_STAGES; i++) {
		if (nm->infl[i])
			utrans_close(nm->infl[i]);
		if (nm->script[i])
			utrans_close(nm->script[i]);
	}
	if (nm->key)
		utrans_close(nm->key);
	bt_strtab_dispose(&nm->cache);
	bt_free(nm->cache_keys);
	bt_free(nm->u);
	bt_buf_dispose(&nm->keys);
	bt_free(nm);
}

/* The word's cached key (borrowed until the next word) and its length,
 * or NULL. Leaves the word's cache string in nm->ckey for cache_put(). */
static const char *cache_find(bt_namer *nm, uint32_t tag, const char *w, size_t len, size_t *klen)
{
	uint32_t id;
	nm->ckey_len = 0;
	if (len > WORD_MAX_UNITS) /* the caller refuses it */
		return NULL;
	memcpy(nm->ckey, &tag, sizeof tag);
	memcpy(nm->ckey + sizeof tag, w, len);
	nm->ckey_len = sizeof tag + len;
	if (!bt_strtab_find(&nm->cache, &id, nm->ckey, nm->ckey_len))
		return NULL;
	*klen = nm->cache_keys[id].len;
	return nm->keys.ptr + nm->cache_keys[id].off;
}

/* Remembers the key of the word cache_find() missed; a full cache is
 * emptied first. Failing to cache is not an error: the key is made. */
static void cache_put(bt_namer *nm, const char *k, size_t klen)
{
	uint32_t id;
	if (!nm->ckey_len)
		return;
	if (bt_strtab_count(&nm->cache) >= CACHE_MAX || nm->keys.len > UINT32_MAX / 2) {
		bt_strtab_clear(&nm->cache);
		bt_buf_clear(&nm->keys);
	}
	if ((!nm->cache_keys && !(nm->cache_keys = bt_malloc(CACHE_MAX * sizeof *nm->cache_keys))) ||
	    bt_buf_grow(&nm->keys, klen) != 0 || bt_strtab_intern(&nm->cache, &id, nm->ckey, nm->ckey_len) < 0) {
		bt_error_clear();
		return;
	}
	nm->cache_keys[id] = (cache_key){(uint32_t)nm->keys.len, (uint32_t)klen};
	bt_buf_put(&nm->keys, k, klen); /* room made above */
}

/* Runs one transliterator over nm->u[0, *len) in place. */
static int run(bt_namer *nm, UTransliterator *t, int32_t *len)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = *len;
	utrans_transUChars(t, nm->u, len, nm->ucap, 0, &limit, &e);
	if (U_FAILURE(e))
		/* The scratch holds 8 times the word; no rule grows it that much. */
		return e == U_MEMORY_ALLOCATION_ERROR
			       ? bt_fail_nomem()
			       : bt_fail(BT_ELIMIT, NULL, -1, -1, "name key: a word grew too long (%s)",
					 u_errorName(e));
	*len = limit;
	return 0;
}

/* Appends the key of the word w[0, len) (UTF-8, a Latin or Cyrillic word)
 * to `out`. */
static int key_word(bt_namer *nm, bt_buf *out, size_t stage, unsigned flags, const char *w,
		    size_t len)
{
	uint32_t tag = (uint32_t)(stage * 2 + (flags & BT_NAME_EXACT));
	size_t klen;
	const char *cached = cache_find(nm, tag, w, len, &klen);
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0, need = 0;
	size_t start = out->len;
	int rc;

	if (cached)
		return bt_buf_put(out, cached, klen);
	if ((rc = load_stage(nm, stage)) != 0)
		return rc;
	if (nm->ucap < (int32_t)len * 8 + 32) {
		UChar *u = bt_realloc(nm->u, ((size_t)len * 8 + 32) * sizeof *u);
		if (!u)
			return bt_fail_nomem();
		nm->u = u;
		nm->ucap = (int32_t)len * 8 + 32;
	}
	u_strFromUTF8(nm->u, nm->ucap, &n, w, (int32_t)len, &e);
	if (U_FAILURE(e))
		return bt_fail(BT_EINPUT, NULL, -1, -1, "name key: bad UTF-8 in a word");
	if (!(flags & BT_NAME_EXACT) && nm->infl[stage] && (rc = run(nm, nm->infl[stage], &n)) != 0)
		return rc;
	if ((rc = run(nm, nm->script[stage], &n)) != 0 || (rc = run(nm, nm->key, &n)) != 0)
		return rc;
	e = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &need, nm->u, n, &e);
	if ((rc = bt_buf_grow(out, (size_t)need)) != 0)
		return rc;
	e = U_ZERO_ERROR;
	u_strToUTF8(out->ptr + out->len, need + 1, NULL, nm->u, n, &e);
	out->len += (size_t)need;
	out->ptr[out->len] = '\0';
	cache_put(nm, out->ptr + start, (size_t)need);
	return 0;
}

/* The script of a word's letters: USCRIPT_LATIN or USCRIPT_CYRILLIC (0
 * when it has no letter of a script of its own), or an error naming the
 * first letter of another script, or the first that mixes the two. */
static int word_script(int *script, const char *name, size_t a, size_t b)
{
	int32_t i = (int32_t)a;
	*script = 0;
	while ((size_t)i < b) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(name, i, (int32_t)b, c);
		if (c < 0x80) { /* a word's ASCII is letters and digits */
			if (c > '9') {
				if (*script == USCRIPT_CYRILLIC)
					return bt_fail(BT_EINPUT, NULL, -1, (long long)at,
						       "byte %d: a word mixes Latin and Cyrillic letters", (int)at);
				*script = USCRIPT_LATIN;
			}
			continue;
		}
		if (U_GET_GC_MASK(c) & U_GC_L_MASK) {
			UErrorCode e = U_ZERO_ERROR;
			int sc = (int)uscript_getScript(c, &e);
			if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
				continue;
			if (sc != USCRIPT_LATIN && sc != USCRIPT_CYRILLIC)
				return bt_fail(BT_EINPUT, NULL, -1, (long long)at,
					       "byte %d: %s script has no name rules (Latin and Cyrillic only)", (int)at,
					       uscript_getName((UScriptCode)sc));
			if (*script && sc != *script)
				return bt_fail(BT_EINPUT, NULL, -1, (long long)at,
					       "byte %d: a word mixes Latin and Cyrillic letters", (int)at);
			*script = sc;
		}
	}
	return 0;
}

int bt_namer_key(bt_buf *out, bt_namer *nm, const char *name, size_t len, const char *lang,
		 unsigned flags)
{
	size_t latin, pos = 0, nwords = 0;
	bt_token t;
	int rc;

	bt_buf_clear(out);
	if (!bt_name_lang_known(lang))
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "no name rules for language '%s' (known: nl en de fr pl ru uk be)",
			       lang ? lang : "(none)");
	if (len > NAME_MAX_BYTES)
		return bt_fail(BT_ELIMIT, NULL, -1, -1, "name longer than %d bytes", NAME_MAX_BYTES);
	latin = latin_stage(lang);

	/* The words are the tokens' parts (token.h): a hyphen joins two of
	 * them in the key (Wit-Rusland, Rimski-Korsakov: a compound is one
	 * word for bt_name_key_relate()); anything else parts them with a
	 * space; apostrophes stay inside (Loekasjenko's: the inflection rules
	 * take the genitive off). */
	while (bt_token_next(&t, &pos, name, len, 0) == 0) {
		size_t at = t.start, ps, pe;
		int32_t joiner;
		if (t.kind == BT_TOK_PUNCT) {
			/* the tokenizer reads a bad byte as one U+FFFD */
			if (t.cp == 0xFFFD && bt_utf8_len(name + t.start, len - t.start) == 0)
				return bt_fail(BT_EINPUT, NULL, -1, (long long)t.start, "invalid UTF-8 at byte %zu",
					       t.start);
			continue;
		}
		while (bt_token_part(&ps, &pe, &joiner, &at, &t, name, BT_JOIN_HYPHEN | BT_JOIN_NUM) == 0) {
			size_t before = out->len;
			char sep = joiner == '-' || joiner == 0x2010 || joiner == 0x2011 ? '-' : ' ';
			int script;
			if ((rc = word_script(&script, name, ps, pe)) != 0)
				return rc;
			if (nwords && (rc = bt_buf_put(out, &sep, 1)) != 0)
				return rc;
			if (pe - ps > WORD_MAX_UNITS)
				return bt_fail(BT_ELIMIT, NULL, -1, (long long)ps, "byte %zu: a word longer than %d bytes", ps,
					       WORD_MAX_UNITS);
			rc = key_word(nm, out, script == USCRIPT_CYRILLIC ? (size_t)STAGE_CYRL : latin, flags, name + ps,
				      pe - ps);
			if (rc)
				return rc;
			if (out->len == before + (nwords ? 1 : 0)) {
				/* The word keyed to nothing (an elided l'): drop it. */
				out->len = before;
				out->ptr[out->len] = '\0';
			} else {
				nwords++;
			}
		}
	}
	if (!nwords)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "empty name: no letters or digits");
	return 0;
}

static _Thread_local bt_namer *thread_namer;

int bt_name_key(bt_buf *out, const char *name, size_t len, const char *lang)
{
	int rc;
	if (!thread_namer && (rc = bt_namer_open(&thread_namer)) != 0)
		return rc;
	return bt_namer_key(out, thread_namer, name, len, lang, 0);
}

void bt_name_cache_release(void)
{
	bt_namer_free(thread_namer);
	thread_namer = NULL;
}

/* Is a one edit (insert, delete or replace one byte) away from b? Keys are
 * ASCII, so bytes are letters. */
static int one_edit(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0;
	if (alen < blen)
		return one_edit(b, blen, a, alen);
	if (alen - blen > 1)
		return 0;
	while (i < blen && a[i] == b[i])
		i++;
	if (i == blen)
		return alen == blen + 1;
	if (alen == blen)
		return memcmp(a + i + 1, b + i + 1, blen - i - 1) == 0;
	return memcmp(a + i + 1, b + i, blen - i) == 0;
}

int bt_name_key_relate(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *sa = memchr(a, ' ', alen), *sb = memchr(b, ' ', blen);
	if (alen == blen && memcmp(a, b, alen) == 0)
		return alen ? BT_NAMEREL_SAME : BT_NAMEREL_NONE;
	if (!sa != !sb) {
		/* One single word, the other several: compare with the last word. */
		const char *full = sa ? a : b, *word = sa ? b : a;
		size_t flen = sa ? alen : blen, wlen = sa ? blen : alen;
		const char *last = full + flen;
		while (last > full && last[-1] != ' ')
			last--;
		if ((size_t)(full + flen - last) == wlen && wlen && memcmp(last, word, wlen) == 0)
			return BT_NAMEREL_SURNAME;
	}
	if (alen >= 5 && blen >= 5 && one_edit(a, alen, b, blen))
		return BT_NAMEREL_CLOSE;
	return BT_NAMEREL_NONE;
}
