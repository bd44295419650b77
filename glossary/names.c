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
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
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

/* A rule file as steps, run in order. ICU would compile the file as one
 * compound transliterator, but any `::ID` in it (::NFC, ::Lower, even
 * ::Null) makes ICU build its registry of every transliterator first:
 * 11 ms in each new process, half of what a one-word search through
 * `bitext concord` took (issue 17). So the file is cut at its `::` lines:
 * each run of rules is compiled alone (no registry needed), NFC, NFD and
 * Lower are done with the ICU functions the transliterators call, ::Null
 * is only the cut, and any other ID (Latin-ASCII, Cyrillic-Latin) is
 * opened from ICU when a word first has a character its filter takes.
 * The keys are ICU's to the letter (tests/unit/test_names.c compares the
 * two on every rule file). */
typedef enum { STEP_RULES, STEP_NFC, STEP_NFD, STEP_LOWER, STEP_ICU } step_kind;
typedef struct rule_step {
	step_kind kind;
	USet *filter;       /* the characters it changes; NULL: all */
	UTransliterator *t; /* STEP_RULES; STEP_ICU once opened */
	UChar *id;          /* STEP_ICU: "[filter] ID" as the file has it */
} rule_step;
typedef struct rule_prog {
	rule_step *v;
	size_t n;
	char file[64]; /* "names/nl.rules", for messages */
} rule_prog;

struct bt_namer {
	rule_prog *infl[N_STAGES]; /* NULL also when a language has none */
	rule_prog *script[N_STAGES];
	rule_prog *key;
	UChar *tmp; /* scratch of ucap units for the steps ICU's functions do */
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

static void prog_free(rule_prog *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].t)
			utrans_close(p->v[i].t);
		if (p->v[i].filter)
			uset_close(p->v[i].filter);
		bt_free(p->v[i].id);
	}
	bt_free(p->v);
	bt_free(p);
}

/* UTF-8 text[0, len) as a new NUL-terminated UTF-16 string, or NULL with
 * *rc set. */
static UChar *to_utf16(const char *text, size_t len, const char *file, int *rc)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;
	UChar *u;
	u_strFromUTF8(NULL, 0, &n, text, (int32_t)len, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e)) {
		*rc = bt_fail(BT_EINPUT, file, -1, -1, "rule file is not valid UTF-8");
		return NULL;
	}
	if (!(u = bt_malloc(((size_t)n + 1) * sizeof *u))) {
		*rc = bt_fail_nomem();
		return NULL;
	}
	e = U_ZERO_ERROR;
	u_strFromUTF8(u, n + 1, NULL, text, (int32_t)len, &e);
	return u;
}

static int add_step(rule_prog *p, const rule_step *st)
{
	rule_step *v = bt_realloc(p->v, (p->n + 1) * sizeof *v);
	if (!v)
		return bt_fail_nomem();
	p->v = v;
	p->v[p->n++] = *st;
	return 0;
}

/* The rules of one run of lines, compiled; nothing when it has none. The
 * variables of the runs before come first: in a compound file they hold
 * to its end. `line` is where the run starts, for messages. */
static int add_rules(rule_prog *p, const bt_buf *vars, const bt_buf *block, int has_rules, long line)
{
	bt_buf all = BT_BUF_INIT;
	UParseError pe;
	UErrorCode e = U_ZERO_ERROR;
	UChar *rules;
	rule_step st = {STEP_RULES, NULL, NULL, NULL};
	int rc = 0;
	if (!has_rules)
		return 0;
	if ((rc = bt_buf_put(&all, vars->ptr ? vars->ptr : "", vars->len)) != 0 ||
	    (rc = bt_buf_put(&all, block->ptr ? block->ptr : "", block->len)) != 0 ||
	    !(rules = to_utf16(all.ptr, all.len, p->file, &rc))) {
		bt_buf_dispose(&all);
		return rc;
	}
	memset(&pe, 0, sizeof pe);
	st.t = utrans_openU(u"bitext-names", -1, UTRANS_FORWARD, rules, -1, &pe, &e);
	if (U_FAILURE(e)) {
		char ctx[64];
		u_strToUTF8(ctx, sizeof ctx, NULL, pe.preContext, -1, &(UErrorCode){U_ZERO_ERROR});
		for (char *q = ctx; *q; q++) /* an error is one line */
			if (*q == '\n' || *q == '\r' || *q == '\t')
				*q = ' ';
		/* ICU counts lines from the variables put first */
		long var_lines = 0;
		for (size_t i = 0; i < vars->len; i++)
			var_lines += vars->ptr[i] == '\n';
		if (pe.line > var_lines)
			line += pe.line - var_lines - 1;
		rc = bt_fail(e == U_MEMORY_ALLOCATION_ERROR ? BT_ENOMEM : BT_EINPUT, p->file, line, -1,
			     "bad transform rule (%s) after \"%s\"", u_errorName(e), ctx);
	} else if ((rc = add_step(p, &st)) != 0) {
		utrans_close(st.t);
	}
	bt_free(rules);
	bt_buf_dispose(&all);
	return rc;
}

/* One `::[filter] ID;` statement s[0, len) (after the "::"). */
static int add_id(rule_prog *p, const char *s, size_t len, long line)
{
	rule_step st = {STEP_ICU, NULL, NULL, NULL};
	size_t i = 0, f0 = 0, f1 = 0, id0;
	int rc = 0;
	while (len && (s[len - 1] == ';' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < len && s[i] == '[') { /* the filter: a set, brackets nested */
		int depth = 0;
		f0 = i;
		for (; i < len; i++) {
			if (s[i] == '\\' && i + 1 < len) {
				i++;
				continue;
			}
			depth += s[i] == '[';
			if (s[i] == ']' && --depth == 0)
				break;
		}
		if (i == len)
			return bt_fail(BT_EINPUT, p->file, line, -1, "bad transform rule: unclosed filter set");
		f1 = ++i;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	id0 = i;
	if (len - id0 == 4 && memcmp(s + id0, "Null", 4) == 0)
		return 0; /* only the cut between runs of rules */
	if (len - id0 == 3 && memcmp(s + id0, "NFC", 3) == 0)
		st.kind = STEP_NFC;
	else if (len - id0 == 3 && memcmp(s + id0, "NFD", 3) == 0)
		st.kind = STEP_NFD;
	else if (len - id0 == 5 && memcmp(s + id0, "Lower", 5) == 0)
		st.kind = STEP_LOWER;
	if (f1) {
		UErrorCode e = U_ZERO_ERROR;
		UChar *pat = to_utf16(s + f0, f1 - f0, p->file, &rc);
		if (!pat)
			return rc;
		st.filter = uset_openPattern(pat, -1, &e);
		bt_free(pat);
		if (U_FAILURE(e)) {
			st.filter = NULL;
			return bt_fail(BT_EINPUT, p->file, line, -1, "bad filter set (%s)", u_errorName(e));
		}
		uset_freeze(st.filter);
	}
	if (st.kind == STEP_ICU && !(st.id = to_utf16(s, len, p->file, &rc))) {
		if (st.filter)
			uset_close(st.filter);
		return rc;
	}
	if ((rc = add_step(p, &st)) != 0) {
		if (st.filter)
			uset_close(st.filter);
		bt_free(st.id);
	}
	return rc;
}

/* Compiles the rule file names/<file> into *out (rule_prog says how). A
 * missing file is fine when `optional` (languages without inflection
 * rules): *out is then NULL. A rule file has one statement a line. */
static int compile(rule_prog **out, const char *file, int optional)
{
	bt_buf text = BT_BUF_INIT, vars = BT_BUF_INIT, block = BT_BUF_INIT, block_vars = BT_BUF_INIT;
	rule_prog *p = NULL;
	char name[64];
	long line = 0, block_line = 1;
	int rc, has_rules = 0;

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
	if (!(p = bt_calloc(1, sizeof *p))) {
		rc = bt_fail_nomem();
		goto done;
	}
	snprintf(p->file, sizeof p->file, "%s", name);
	for (size_t at = 0; at < text.len && !rc;) {
		const char *l = text.ptr + at;
		size_t n = strcspn(l, "\n"), i = 0;
		at += n + (at + n < text.len);
		line++;
		while (i < n && (l[i] == ' ' || l[i] == '\t'))
			i++;
		if (n - i >= 2 && l[i] == ':' && l[i + 1] == ':') {
			if ((rc = add_rules(p, &vars, &block, has_rules, block_line)) != 0)
				break;
			if ((rc = bt_buf_put(&vars, block_vars.ptr ? block_vars.ptr : "", block_vars.len)) != 0)
				break;
			bt_buf_clear(&block);
			bt_buf_clear(&block_vars);
			has_rules = 0;
			block_line = line + 1;
			{
				size_t len = strcspn(l + i + 2, "#\r\n"); /* a comment may follow */
				rc = add_id(p, l + i + 2, len < n - i - 2 ? len : n - i - 2, line);
			}
			continue;
		}
		/* a line of the run; a variable is also kept for the runs after */
		if ((rc = bt_buf_put(&block, l, n)) != 0 || (rc = bt_buf_put(&block, "\n", 1)) != 0)
			break;
		if (i < n && l[i] == '$') {
			size_t j = i + 1;
			while (j < n && (l[j] == '_' || ((l[j] | 0x20) >= 'a' && (l[j] | 0x20) <= 'z') ||
					 (l[j] >= '0' && l[j] <= '9')))
				j++;
			while (j < n && (l[j] == ' ' || l[j] == '\t'))
				j++;
			if (j < n && l[j] == '=') {
				if ((rc = bt_buf_put(&block_vars, l, n)) != 0 || (rc = bt_buf_put(&block_vars, "\n", 1)) != 0)
					break;
				continue;
			}
		}
		if (i < n && l[i] != '#' && l[i] != '\r')
			has_rules = 1;
	}
	if (!rc)
		rc = add_rules(p, &vars, &block, has_rules, block_line);
done:
	if (rc)
		prog_free(p);
	else
		*out = p;
	bt_buf_dispose(&text);
	bt_buf_dispose(&vars);
	bt_buf_dispose(&block);
	bt_buf_dispose(&block_vars);
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
	/* a stage that failed half way is made again whole: what it made
	 * first goes (an out-of-memory run of the fault sweep found the leak) */
	prog_free(nm->infl[stage]);
	prog_free(nm->script[stage]);
	nm->infl[stage] = nm->script[stage] = NULL;
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
		prog_free(nm->infl[i]);
		prog_free(nm->script[i]);
	}
	prog_free(nm->key);
	bt_free(nm->tmp);
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

static int grew_too_long(UErrorCode e)
{
	/* The scratch holds 8 times the word; no rule grows it that much. */
	return e == U_MEMORY_ALLOCATION_ERROR
		       ? bt_fail_nomem()
		       : bt_fail(BT_ELIMIT, NULL, -1, -1, "name key: a word grew too long (%s)", u_errorName(e));
}

/* NFC, NFD or Lower of src[0, n) appended to dst at *dn (cap units). */
static void step_fn(step_kind kind, const UChar *src, int32_t n, UChar *dst, int32_t *dn, int32_t cap, UErrorCode *e)
{
	int32_t got = 0;
	if (kind == STEP_LOWER) {
		got = u_strToLower(dst + *dn, cap - *dn, src, n, "", e);
	} else {
		const UNormalizer2 *nz = kind == STEP_NFC ? unorm2_getNFCInstance(e) : unorm2_getNFDInstance(e);
		if (U_SUCCESS(*e))
			got = unorm2_normalize(nz, src, n, dst + *dn, cap - *dn, e);
	}
	if (*e == U_STRING_NOT_TERMINATED_WARNING)
		*e = U_ZERO_ERROR;
	*dn += got;
}

/* Whether one character of u[0, n) is in the set. */
static int any_in(const USet *set, const UChar *u, int32_t n)
{
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(u, i, n, c);
		if (uset_contains(set, c))
			return 1;
	}
	return 0;
}

/* Runs one step over nm->u[0, *len) in place. A filtered step changes
 * each run of the characters its filter takes, on its own, as ICU runs
 * a filtered transliterator. */
static int run_step(bt_namer *nm, rule_step *st, const char *file, int32_t *len)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = *len, dn = 0;
	if (st->filter && !any_in(st->filter, nm->u, *len))
		return 0; /* nothing it would change, and a lazy ID stays unopened */
	if (st->kind == STEP_RULES || st->kind == STEP_ICU) {
		if (!st->t) {
			UParseError pe;
			st->t = utrans_openU(st->id, -1, UTRANS_FORWARD, NULL, 0, &pe, &e);
			if (U_FAILURE(e)) {
				st->t = NULL;
				return bt_fail(e == U_MEMORY_ALLOCATION_ERROR ? BT_ENOMEM : BT_EINPUT, file, -1, -1,
					       "ICU has no transliterator for a `::` line (%s)", u_errorName(e));
			}
		}
		utrans_transUChars(st->t, nm->u, len, nm->ucap, 0, &limit, &e);
		if (U_FAILURE(e))
			return grew_too_long(e);
		*len = limit;
		return 0;
	}
	if (!st->filter) {
		step_fn(st->kind, nm->u, *len, nm->tmp, &dn, nm->ucap, &e);
	} else {
		for (int32_t i = 0; i < *len && U_SUCCESS(e);) {
			int32_t j = i, in;
			UChar32 c;
			U16_NEXT(nm->u, j, *len, c);
			in = uset_contains(st->filter, c);
			while (j < *len) { /* the run of characters in (or out of) the filter */
				int32_t k = j;
				U16_NEXT(nm->u, k, *len, c);
				if (uset_contains(st->filter, c) != in)
					break;
				j = k;
			}
			if (in) {
				step_fn(st->kind, nm->u + i, j - i, nm->tmp, &dn, nm->ucap, &e);
			} else if (dn + (j - i) <= nm->ucap) {
				memcpy(nm->tmp + dn, nm->u + i, (size_t)(j - i) * sizeof *nm->u);
				dn += j - i;
			} else {
				e = U_BUFFER_OVERFLOW_ERROR;
			}
			i = j;
		}
	}
	if (U_FAILURE(e) || dn > nm->ucap)
		return grew_too_long(U_FAILURE(e) ? e : U_BUFFER_OVERFLOW_ERROR);
	memcpy(nm->u, nm->tmp, (size_t)dn * sizeof *nm->u);
	*len = dn;
	return 0;
}

/* Runs a rule file's steps over nm->u[0, *len) in place. */
static int run(bt_namer *nm, rule_prog *p, int32_t *len)
{
	int rc;
	for (size_t i = 0; i < p->n; i++)
		if ((rc = run_step(nm, &p->v[i], p->file, len)) != 0)
			return rc;
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
		UChar *u = bt_realloc(nm->u, ((size_t)len * 8 + 32) * sizeof *u), *tmp;
		if (!u)
			return bt_fail_nomem();
		nm->u = u;
		if (!(tmp = bt_realloc(nm->tmp, ((size_t)len * 8 + 32) * sizeof *tmp)))
			return bt_fail_nomem();
		nm->tmp = tmp;
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
