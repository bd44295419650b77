/* names.h: name keys: one canonical key per personal or place name, shared
 * by its transliteration variants across languages and scripts (internal).
 *
 * Loekasjenko (nl), Lukashenko (en), Lukaschenko (de), Loukachenko (fr),
 * Łukaszenko (pl) and Лукашенко all get the key "lukashenko"; Poetin,
 * Putin, Poutine and Путин get "putin". The key is a coarse phonetic hash:
 * a lower-case ASCII string, readable but not a spelling to show anyone.
 *
 * How a key is made (the rules are data: glossary/data/names/, described
 * in glossary/data/names/FORMAT.md):
 *   1. The name is split into words: runs of letters, marks and digits,
 *      with apostrophes inside or at the end of a word kept with it.
 *      Hyphens, spaces and other punctuation separate words.
 *   2. Each word is keyed on its own. A Cyrillic word goes through
 *      names/cyrl.rules (one table for Russian, Ukrainian and Belarusian:
 *      the letters on which they differ are tied in the key anyway), a
 *      Latin word through names/<lang>.rules, which first strips the
 *      possessive and genitive endings of that language (Poetins,
 *      Loekasjenko's, Lukashenko's) and then spells the word in the common
 *      pivot alphabet; names/key.rules then folds the pivot into the key.
 *   3. The words' keys are joined with one space, or with a hyphen where
 *      a hyphen joined the words (Wit-Rusland: "vit-rusland").
 *
 * Different people must not merge, so the key folds only what
 * transliteration systems disagree on (Ukrainian г as g or h, и as i or y,
 * the j-glides, ш/ж, з/с); a Belarusian form such as Lukashenka keeps a
 * key one edit away from Lukashenko: bt_name_key_relate() reports such
 * pairs as BT_NAMEREL_CLOSE, for a person to review.
 *
 * Languages: nl, en, de, fr, pl for Latin-script names; ru, uk, be name
 * Cyrillic input (a Latin word under ru/uk/be is read as English). Words
 * in other scripts, a word mixing Latin and Cyrillic letters, a name with
 * no letters or digits, and invalid UTF-8 are BT_EINPUT errors naming the
 * byte offset; an unknown language is BT_EUSAGE. A name longer than 4096
 * bytes, or with a word longer than 256 bytes, is BT_ELIMIT.
 *
 * Speed: a word's key is cached (per keyer, 6144 words, emptied when
 * full), so a repeated name costs a hash lookup; a new word runs three ICU
 * passes. tests/bench/bench_names prints both rates.
 */
#ifndef BT_NAMES_H
#define BT_NAMES_H

#include "bitext.h"

/* Writes the key of name[0, len) in language `lang` to `out` (cleared
 * first). Compiled rules are cached per thread, per language, for the life
 * of the thread; bt_name_cache_release() frees this thread's cache. */
int bt_name_key(bt_buf *out, const char *name, size_t len, const char *lang);
void bt_name_cache_release(void);

/* A keyer that owns its compiled rules and a cache of recent words, for
 * callers that key many names (the aligner, the concordance). Not to be
 * shared between threads without a lock. */
typedef struct bt_namer bt_namer;

enum {
	/* Key the words as written: no possessive or genitive stripping. */
	BT_NAME_EXACT = 1
};

int bt_namer_open(bt_namer **out);
void bt_namer_free(bt_namer *nm);
/* As bt_name_key(); flags is 0 or BT_NAME_EXACT. */
int bt_namer_key(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang,
		 unsigned flags);

/* Is `lang` one bt_name_key() knows? 1 or 0. */
int bt_name_lang_known(const char *lang);

/* How two keys relate. */
enum {
	BT_NAMEREL_NONE = 0,
	BT_NAMEREL_SAME = 1,    /* equal: the same name */
	BT_NAMEREL_SURNAME = 2, /* one is a single word equal to the other's last
				   word: "naev" and "sergi naev" (a full name and the
				   surname alone: likely the same person in one text) */
	BT_NAMEREL_CLOSE = 3    /* one edit apart (a letter inserted, deleted or
				   replaced), both at least 5 letters: suggest for
				   review, never merge (lukashenko / lukashenka) */
};
int bt_name_key_relate(const char *a, size_t alen, const char *b, size_t blen);

#endif
